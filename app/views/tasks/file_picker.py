"""The files to send with a step: a short list with "Thêm tệp…" and "Bỏ tệp"."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.task_dto import MAX_FILES

PathRole = Qt.ItemDataRole.UserRole + 1


class FilePicker(QWidget):
    """Files chosen from the disk (any kind, at most MAX_FILES); the service checks them."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption
        self.list = QListWidget(self)
        self.list.setMaximumHeight(self.fontMetrics().height() * 3 + 16)
        self.add_button = QPushButton(tr("&Thêm tệp…"), self)
        self.remove_button = QPushButton(tr("&Bỏ tệp"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        self.setFocusProxy(self.add_button)
        self._update()

    def paths(self) -> tuple[Path, ...]:
        """The chosen files, in the order added."""
        return tuple(
            Path(str(item.data(PathRole)))
            for i in range(self.list.count())
            if (item := self.list.item(i)) is not None
        )

    def add_paths(self, paths: list[Path]) -> None:
        """Add files (each once)."""
        known = set(self.paths())
        for path in paths:
            if path not in known and self.list.count() < MAX_FILES:
                item = QListWidgetItem(path.name, self.list)
                item.setData(PathRole, str(path))
                item.setToolTip(str(path))
                known.add(path)
        self._update()

    def _on_add_button_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self._caption, "", tr("Tất cả tệp (*)"))
        self.add_paths([Path(n) for n in names])

    def _on_remove_button_clicked(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
        self._update()

    def _on_list_current_row_changed(self, _row: int) -> None:
        self._update()

    def _update(self) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0)
        self.add_button.setEnabled(self.list.count() < MAX_FILES)
