"""The table of a task list: row selection, Enter to open, the title taking the room left."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QFontMetrics, QKeyEvent
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.i18n import N_, tr
from app.views.tasks.table_model import (
    ASSIGNER_COLUMN,
    COLUMNS,
    DUE_COLUMN,
    PRIMARY_COLUMN,
    PROGRESS_COLUMN,
    STATE_COLUMN,
    TaskTableModel,
)

# Sample texts that set the first width of each column but the title.
_SAMPLES = {
    COLUMNS[ASSIGNER_COLUMN].title: N_("Hoàng Minh Tuấn"),
    COLUMNS[PRIMARY_COLUMN].title: N_("Nguyễn Thị Thu Hương"),
    COLUMNS[DUE_COLUMN].title: "00/00/0000",
    COLUMNS[PROGRESS_COLUMN].title: "100%",
    COLUMNS[STATE_COLUMN].title: N_("Chờ duyệt kết quả"),
}
_PADDING = 16


class TaskTableView(QTableView):
    """A QTableView over a TaskTableModel.

    Signals:
        open_requested(): Enter or a double-click on a row.
    """

    open_requested = pyqtSignal()

    def __init__(self, model: TaskTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.doubleClicked.connect(self._on_double_clicked)
        vertical = self.verticalHeader()
        assert vertical is not None  # a table view has both headers
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        assert header is not None
        header.setHighlightSections(False)
        header.setMinimumSectionSize(48)
        header.setStretchLastSection(False)
        bold = self.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)  # a result to review and the overdue dates are in bold
        for column in range(model.columnCount()):
            source = model.column_title(column)
            if source not in _SAMPLES:  # the title takes the room left
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            width = max(
                metrics.horizontalAdvance(tr(_SAMPLES[source])),
                metrics.horizontalAdvance(tr(source)),
            )
            header.resizeSection(column, width + _PADDING)

    def _on_double_clicked(self, _index: object) -> None:
        self.open_requested.emit()

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        """Enter opens the selected row."""
        if (
            event is not None
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
        ):
            self.open_requested.emit()
            return
        super().keyPressEvent(event)
