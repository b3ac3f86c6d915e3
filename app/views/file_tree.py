"""A "Tệp" tab: files grouped under bold titles, with "Mở" and "Lưu thành…".

The outgoing documents' and the tasks' file tabs subclass it and only say which files go in
which group (`set_detail`).
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr

FileRole = Qt.ItemDataRole.UserRole + 1  # (file name, blob) of a file item


def size_text(size: int) -> str:
    """ "1.2 MB" or "35 KB"."""
    if size >= 1024 * 1024:
        return tr("{n:.1f} MB").format(n=size / (1024 * 1024))
    return tr("{n} KB").format(n=max(1, round(size / 1024)))


class FileTree(QWidget):
    """A tree of files by group (name, who added it, when), keeping the selection on refresh.

    Signals:
        open_requested(str, str): open the file (its name, its blob) with the desktop's app.
        save_requested(str, str): save a copy of the file (its name, its blob).
    """

    open_requested = pyqtSignal(str, str)
    save_requested = pyqtSignal(str, str)

    def __init__(self, by_heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("Tệp"), by_heading, tr("Thời gian")])
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(12)
        header = self.tree.header()
        assert header is not None  # a tree widget always has one
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.open_button = QPushButton(tr("&Mở"), self)
        self.save_button = QPushButton(tr("&Lưu thành…"), self)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.clear()

    def clear(self) -> None:
        """Show no files."""
        self.tree.clear()
        self._update_buttons()

    def add_group(self, title: str) -> QTreeWidgetItem:
        """A bold group title, spanning the columns."""
        item = QTreeWidgetItem(self.tree, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        return item

    @staticmethod
    def add_file(
        parent: QTreeWidgetItem, name: str, blob: str, by: str, at: str, tip: str = ""
    ) -> QTreeWidgetItem:
        """A file under `parent`; `tip` is its tooltip (size, note)."""
        item = QTreeWidgetItem(parent, [name, by, at])
        item.setData(0, FileRole, (name, blob))
        if tip:
            item.setToolTip(0, tip)
        return item

    def finish(self, current: tuple[str, str] | None) -> None:
        """After filling: expand the groups and select `current` again if it is still there."""
        self.tree.expandAll()
        for item in self.file_items():
            if current is not None and item.data(0, FileRole) == current:
                self.tree.setCurrentItem(item)
                break
        self._update_buttons()

    def file_items(self) -> list[QTreeWidgetItem]:
        """The items that are files (not group titles), top to bottom."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None:
                found += [c for j in range(group.childCount()) if (c := group.child(j)) is not None]
        return found

    def current_file(self) -> tuple[str, str] | None:
        """(name, blob) of the selected file."""
        item = self.tree.currentItem()
        data = item.data(0, FileRole) if item is not None else None
        return (str(data[0]), str(data[1])) if data else None

    def _update_buttons(self) -> None:
        chosen = self.current_file() is not None
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def _on_tree_current_item_changed(self, *_items: object) -> None:
        self._update_buttons()

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, FileRole)
        if data:
            self.open_requested.emit(*data)

    def _on_open_button_clicked(self) -> None:
        current = self.current_file()
        if current is not None:
            self.open_requested.emit(*current)

    def _on_save_button_clicked(self) -> None:
        current = self.current_file()
        if current is not None:
            self.save_requested.emit(*current)
