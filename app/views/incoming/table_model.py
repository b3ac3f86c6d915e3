"""The list of incoming documents as a lazy Qt table model over `IncomingService.rows`.

Only the count and the pages the view has scrolled to are held (200 rows a page), so a list of
100 000 documents opens at once. Sorting is done by the service; the model only asks again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import (
    QObject,
    Qt,
)
from PyQt6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, tr
from app.services.incoming_dto import Box, IncomingFilter, IncomingRow
from app.services.space import Space
from app.timeutil import fmt_date, fmt_datetime
from app.views.incoming.labels import arrival_text, source_label, state_label, urgency_label
from app.views.lazy_rows import PAGE_SIZE as PAGE_SIZE
from app.views.lazy_rows import Count, Fetch, Index, LazyRowsModel
from app.views.lazy_rows import IdRole as IdRole
from app.views.lazy_rows import RowRole as RowRole

URGENT_COLOUR = QColor("#c62828")
OVERDUE_TINT = QColor(229, 57, 53, 45)
NEAR_DUE_TINT = QColor(255, 179, 0, 60)

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


def _utc(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Column:
    """One column: its title, the service's sort key (None: not sortable) and its text."""

    title: str
    sort_key: str | None
    text: Callable[[IncomingRow], str]
    align: Qt.AlignmentFlag = _LEFT


REGISTER_COLUMNS: tuple[Column, ...] = (
    Column(N_("Số đến"), "number", arrival_text, _RIGHT),
    Column(N_("Ngày đến"), "arrival_date", lambda r: fmt_date(r.arrival_date), _CENTER),
    Column(N_("Số/ký hiệu"), "code", lambda r: r.code),
    Column(N_("Cơ quan ban hành"), "issuing_agency", lambda r: r.issuing_agency),
    Column(N_("Trích yếu"), "summary", lambda r: _one_line(r.summary)),
    Column(N_("Hạn xử lý"), "due_date", lambda r: fmt_date(r.due_date), _CENTER),
    Column(N_("Trạng thái"), "state", lambda r: state_label(r.state)),
    Column(N_("Độ khẩn"), "urgency", lambda r: urgency_label(r.urgency)),
)
QUEUE_COLUMNS: tuple[Column, ...] = (
    Column(N_("Tệp"), None, lambda r: r.file_name),
    Column(N_("Ngày nhận"), "queued_at", lambda r: fmt_datetime(_utc(r.queued_at)), _CENTER),
    # IncomingRow has no `source` yet; shown as soon as the service adds it.
    Column(N_("Nguồn"), None, lambda r: source_label(r.source)),
)


def columns_for(box: Box) -> tuple[Column, ...]:
    """The queue lists files; every other box lists registered documents."""
    return QUEUE_COLUMNS if box == Box.QUEUE else REGISTER_COLUMNS


class IncomingTableModel(LazyRowsModel):
    """Rows of one box under a filter and a sort order, fetched a page at a time."""

    def __init__(self, space: Space, box: Box, parent: QObject | None = None) -> None:
        super().__init__(columns_for(box), parent)
        self._space = space
        self._filter = IncomingFilter(box=box)
        self._sort = "queued_at" if box == Box.QUEUE else "number"
        self._descending = True

    # -- what is listed
    @property
    def box(self) -> Box:
        """The box this model lists."""
        return self._filter.box

    @property
    def filter(self) -> IncomingFilter:
        """The current filter."""
        return self._filter

    def set_filter(self, flt: IncomingFilter) -> None:
        """List what `flt` selects (its box is kept) and reload from the start."""
        self._filter = IncomingFilter(
            box=self.box,
            text=flt.text,
            states=flt.states,
            urgent_only=flt.urgent_only,
            date_from=flt.date_from,
            date_to=flt.date_to,
            issuing_agency=flt.issuing_agency,
            year=flt.year,
        )
        self.reload()

    def sort_key_for(self, column: int) -> str | None:
        """The service's sort key behind a column (None when it cannot be sorted)."""
        return self._columns[column].sort_key if 0 <= column < len(self._columns) else None

    def row_at(self, row: int) -> IncomingRow:
        """The DTO shown on `row`."""
        found: IncomingRow = self._rows[row]
        return found

    def _source(self) -> tuple[Count, Fetch]:
        flt, sort, descending = self._filter, self._sort, self._descending
        svc = self._space.incoming
        return (
            lambda: svc.count(flt),
            lambda offset, limit, after: svc.rows(
                flt, sort=sort, descending=descending, offset=offset, limit=limit, after=after
            ),
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the service for another order; columns without a sort key are ignored."""
        key = self.sort_key_for(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self.reload()

    # -- Qt's model interface
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles in Vietnamese, with a hint on sorting."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return tr("Bấm để sắp xếp; bấm chuột phải để chọn các cột hiện.")
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, colours (urgent in bold red, overdue and near-due tints) and the row itself."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return column.text(row)
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(row)
            case Qt.ItemDataRole.TextAlignmentRole:
                return int(column.align)
            case Qt.ItemDataRole.FontRole if row.urgency.is_urgent:
                font = QFont()
                font.setBold(True)
                return font
            case Qt.ItemDataRole.ForegroundRole if row.urgency.is_urgent:
                return QBrush(URGENT_COLOUR)
            case Qt.ItemDataRole.BackgroundRole if row.overdue:
                return QBrush(OVERDUE_TINT)
            case Qt.ItemDataRole.BackgroundRole if row.near_due:
                return QBrush(NEAR_DUE_TINT)
            case _ if role == IdRole:
                return row.id
            case _ if role == RowRole:
                return row
        return None

    @staticmethod
    def _tooltip(row: IncomingRow) -> str:
        parts = [row.summary or row.file_name]
        if row.urgency.is_urgent:
            parts.append(tr("Độ khẩn: {u}").format(u=urgency_label(row.urgency)))
        if row.overdue:
            parts.append(tr("Quá hạn xử lý ({d})").format(d=fmt_date(row.due_date)))
        elif row.near_due:
            parts.append(tr("Sắp đến hạn xử lý ({d})").format(d=fmt_date(row.due_date)))
        return "\n".join(parts)
