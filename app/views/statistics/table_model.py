"""The rows of a statistics report as a Qt table, with a bold "Tổng cộng" row at the bottom."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PyQt6.QtGui import QBrush, QFont

from app.i18n import tr
from app.services.statistics_dto import (
    CountRow,
    OnTimeCounts,
    OnTimeReport,
    OutgoingGroup,
    OutgoingReport,
    format_count,
    format_rate,
)
from app.views.statistics.chart import OVERDUE

KeyRole = Qt.ItemDataRole.UserRole + 1  # the row's key ("" for the total row)
ValueRole = Qt.ItemDataRole.UserRole + 2  # the number behind a cell (rate: 0..1 or None)
_Index = QModelIndex | QPersistentModelIndex


class StatisticsTableModel(QAbstractTableModel):
    """An on-time report (one row per unit, person or month) or one table of the outgoing report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headings: list[str] = []
        self._rows: list[tuple[str, list[Any]]] = []  # key, cell values (label first)
        self._rate_column = -1
        self._overdue_column = -1

    # -- filling
    def show_on_time(self, report: OnTimeReport, label: str) -> None:
        """The rows of an on-time report under the heading `label` ("Đơn vị", "Tháng"…)."""
        self.beginResetModel()
        self._headings = [
            label,
            tr("Tổng số"),
            tr("Đúng hạn"),
            tr("Trễ hạn"),
            tr("Quá hạn"),
            tr("Chưa đến hạn"),
            tr("Không có hạn"),
            tr("Tỷ lệ đúng hạn"),
        ]
        self._rate_column, self._overdue_column = 7, 4
        self._rows = [(r.key, _on_time_cells(r.label, r.counts)) for r in report.rows]
        self._rows.append(("", _on_time_cells(tr("Tổng cộng"), report.total)))
        self.endResetModel()

    def show_outgoing(self, report: OutgoingReport, group: OutgoingGroup, label: str) -> None:
        """One table of the outgoing report."""
        rows: tuple[CountRow, ...] = report.rows(group)
        self.beginResetModel()
        self._rate_column = self._overdue_column = -1
        if group == OutgoingGroup.UNIT:
            self._headings = [label, tr("Đã ban hành"), tr("Đang giải quyết")]
            self._rows = [(r.key, [r.label, r.count, r.in_progress]) for r in rows]
            total = [tr("Tổng cộng"), sum(r.count for r in rows), sum(r.in_progress for r in rows)]
        else:
            self._headings = [label, tr("Số văn bản")]
            self._rows = [(r.key, [r.label, r.count]) for r in rows]
            total = [tr("Tổng cộng"), sum(r.count for r in rows)]
        self._rows.append(("", total))
        self.endResetModel()

    def clear(self) -> None:
        """Nothing on show."""
        self.beginResetModel()
        self._headings, self._rows = [], []
        self.endResetModel()

    # -- reading
    def cell(self, row: int, column: int) -> Any:
        """The value behind a cell (for tests and the chart)."""
        return self._rows[row][1][column]

    def texts(self) -> list[list[str]]:
        """Every row as shown, the total row last."""
        return [
            [str(self.data(self.index(r, c)) or "") for c in range(self.columnCount())]
            for r in range(self.rowCount())
        ]

    # -- QAbstractTableModel
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """Rows, the total row included."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """Columns of the current table."""
        return 0 if parent.isValid() else len(self._headings)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column headings."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headings)
        ):
            return self._headings[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text (numbers grouped, rates in %), alignment, bold totals, red overdue counts."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        key, cells = self._rows[index.row()]
        col = index.column()
        value = cells[col]
        is_total = index.row() == len(self._rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self._rate_column:
                return format_rate(value)
            return format_count(value) if isinstance(value, int) else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == 0:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == self._overdue_column and value:
            return QBrush(OVERDUE)
        if role == KeyRole:
            return key
        if role == ValueRole:
            return value
        return None


def _on_time_cells(label: str, c: OnTimeCounts) -> list[Any]:
    return [label, c.total, c.on_time, c.late, c.overdue, c.pending, c.no_deadline, c.rate]
