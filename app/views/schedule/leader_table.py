"""The week by leader ("Theo lãnh đạo"): rows day × session, one column per leader.

A leader's cell lists what they chair and, marked "Dự:", what they attend in person. Selecting
a cell selects its first entry; a double click opens it.
"""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidgetItem, QWidget

from app.i18n import tr
from app.services.schedule_dto import SESSION_LABELS, LeaderGrid, day_label
from app.views.schedule.fitted_table import FittedTable
from app.views.schedule.labels import TODAY, entry_plain

EntryIdsRole = Qt.ItemDataRole.UserRole + 1  # the ids of the cell's entries


class LeaderTable(FittedTable):
    """Read-only table of the by-leader view.

    Signals:
        entry_selected(str): the first entry of the current cell.
        entry_activated(str): the first entry of a double-clicked cell.
    """

    entry_selected = pyqtSignal(str)
    entry_activated = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 0, parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.horizontalHeader()
        rows = self.verticalHeader()
        assert header is not None
        assert rows is not None
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.currentCellChanged.connect(self._on_current_cell_changed)
        self.cellDoubleClicked.connect(self._on_cell_double_clicked)

    def show_grid(self, grid: LeaderGrid, today: dt.date) -> None:
        """Fill the table from the service's grid."""
        self.blockSignals(True)
        self.clear()
        self.setColumnCount(len(grid.columns))
        self.setRowCount(len(grid.rows))
        self.setHorizontalHeaderLabels([c.leader.title for c in grid.columns])
        self.setVerticalHeaderLabels(
            [f"{day_label(day)}\n{tr(SESSION_LABELS[session])}" for day, session in grid.rows]
        )
        for row, key in enumerate(grid.rows):
            for column, leader in enumerate(grid.columns):
                entries = leader.cells.get(key, [])
                lines = [
                    entry_plain(entry)
                    if chairs
                    else tr("Dự: {text}").format(text=entry_plain(entry))
                    for entry, chairs in entries
                ]
                item = QTableWidgetItem("\n".join(lines))
                item.setData(EntryIdsRole, [entry.id for entry, _ in entries])
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if any(entry.cancelled for entry, _ in entries):
                    font = item.font()
                    font.setStrikeOut(all(entry.cancelled for entry, _ in entries))
                    item.setFont(font)
                if key[0] == today:
                    item.setBackground(QBrush(QColor(TODAY)))
                self.setItem(row, column, item)
        self.blockSignals(False)
        self.fit_rows()

    def cell_text(self, row: int, column: int) -> str:
        """The text of a cell (for tests and screen readers)."""
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def _first_id(self, row: int, column: int) -> str | None:
        item = self.item(row, column)
        ids = item.data(EntryIdsRole) if item is not None else None
        return ids[0] if ids else None

    def _on_current_cell_changed(self, row: int, column: int, *_previous: int) -> None:
        entry_id = self._first_id(row, column)
        if entry_id is not None:
            self.entry_selected.emit(entry_id)

    def _on_cell_double_clicked(self, row: int, column: int) -> None:
        entry_id = self._first_id(row, column)
        if entry_id is not None:
            self.entry_activated.emit(entry_id)
