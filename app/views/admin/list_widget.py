"""A table of directory rows with a row of buttons, refreshed when the directory changes."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QModelIndex, Qt
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.changes import Changes
from app.ui_support.events import AppEvents
from app.views.admin.table_models import RowRole, _DtoTableModel

_COLUMN_GAP = 24  # pixels between the longest text of a column and the next one


class DirectoryListWidget(QWidget):
    """A read-only table over a `_DtoTableModel`, buttons beneath it and a status line.

    Subclasses add their buttons with `add_button` and react to `_on_row_activated`.
    """

    def __init__(
        self, model: _DtoTableModel, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        model.setParent(self)
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        vertical = self.view.verticalHeader()
        if vertical is not None:
            vertical.hide()
        header = self.view.horizontalHeader()
        if header is not None:
            header.setStretchLastSection(True)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        model.modelReset.connect(self._on_model_reset)
        self.status_label = QLabel()
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons)
        events.changed.connect(self._on_events_changed)
        model.refresh()

    def add_button(self, text: str, *, needs_row: bool = True) -> QPushButton:
        """A button at the right of the row; `needs_row` ones are enabled with a selection."""
        button = QPushButton(text)
        self._buttons.addWidget(button)
        if needs_row:
            button.setEnabled(False)
            selection = self.view.selectionModel()
            if selection is not None:
                selection.selectionChanged.connect(
                    lambda *_: button.setEnabled(self.current_row() is not None)
                )
        return button

    def current_row(self) -> Any:
        """The DTO of the selected row, or None."""
        index = self.view.currentIndex()
        selection = self.view.selectionModel()
        if not index.isValid() or selection is None or not selection.hasSelection():
            return None
        return self.model.data(index, RowRole)

    def select_id(self, row_id: str) -> None:
        """Select the row with this id, if shown."""
        row = self.model.row_of(row_id)
        if row >= 0:
            self.view.selectRow(row)

    def _on_model_reset(self) -> None:
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.view.setColumnWidth(column, self.view.columnWidth(column) + _COLUMN_GAP)

    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.directory or changes.incoming:
            self.model.refresh()

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self._on_row_activated(self.model.data(index, RowRole))

    def _on_row_activated(self, row: Any) -> None:
        """Double-click on a row; nothing by default."""
