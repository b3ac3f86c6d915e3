"""The list of incoming documents as a lazy Qt table model over `IncomingService.rows`.

Only the count and the pages the view has scrolled to are held (200 rows a page), so a list of
100 000 documents opens at once. Sorting is done by the service; the model only asks again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    pyqtSignal,
)
from PyQt6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, tr
from app.services.incoming_dto import Box, IncomingFilter, IncomingRow
from app.services.space import Space
from app.timeutil import fmt_date, fmt_datetime
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.labels import arrival_text, source_label, state_label, urgency_label

IdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 200
MAX_KEPT_ROWS = 10_000  # a refresh reloads at most this many of the rows already shown
URGENT_COLOUR = QColor("#c62828")
OVERDUE_TINT = QColor(229, 57, 53, 45)
NEAR_DUE_TINT = QColor(255, 179, 0, 60)

_Index = QModelIndex | QPersistentModelIndex
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


class IncomingTableModel(QAbstractTableModel):
    """Rows of one box under a filter, fetched a page at a time.

    Signals:
        loaded(): the list was (re)loaded from its start; `total` is up to date.
        load_failed(object): the service raised (the exception).
    """

    loaded = pyqtSignal()
    load_failed = pyqtSignal(object)

    def __init__(self, space: Space, box: Box, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._columns = columns_for(box)
        self._filter = IncomingFilter(box=box)
        self._sort = "queued_at" if box == Box.QUEUE else "number"
        self._descending = True
        self._rows: list[IncomingRow] = []
        self._ids: set[str] = set()
        self.total = 0
        self._generation = 0
        self._fetching = False

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
        return self._rows[row]

    def row_of(self, doc_id: str) -> int | None:
        """The row showing `doc_id`, when it is loaded."""
        if doc_id not in self._ids:
            return None
        return next(i for i, r in enumerate(self._rows) if r.id == doc_id)

    # -- loading
    def reload(self) -> None:
        """Fetch the count and the first page again (the list starts over)."""
        self._load(PAGE_SIZE, keep=False)

    def refresh(self) -> None:
        """Fetch again what is shown (after a change), keeping the rows already scrolled to."""
        self._load(min(max(PAGE_SIZE, len(self._rows)), MAX_KEPT_ROWS), keep=True)

    def _load(self, limit: int, *, keep: bool) -> None:
        self._generation += 1
        self._fetching = False
        generation = self._generation
        flt, sort, descending = self._filter, self._sort, self._descending
        svc = self._space.incoming

        def query() -> tuple[int, list[IncomingRow]]:
            total = svc.count(flt)
            return total, svc.rows(flt, sort=sort, descending=descending, offset=0, limit=limit)

        def done(result: tuple[int, list[IncomingRow]]) -> None:
            if generation == self._generation:
                self._on_loaded(*result, keep=keep)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.load_failed.emit(exc)

        QueryOp(None, query).success(guarded(self, done)).failure(guarded(self, failed)).run()

    def _on_loaded(self, total: int, rows: list[IncomingRow], *, keep: bool) -> None:
        self.total = total
        if keep and [r.id for r in rows] == [r.id for r in self._rows]:
            self._update_in_place(rows)
        else:
            self.beginResetModel()
            self._rows = list(rows)
            self._ids = {r.id for r in rows}
            self.endResetModel()
        self.loaded.emit()

    def _update_in_place(self, rows: list[IncomingRow]) -> None:
        """Same documents in the same order: signal only the rows whose values changed."""
        old, self._rows = self._rows, list(rows)
        changed = [i for i, (a, b) in enumerate(zip(old, rows, strict=True)) if a != b]
        last_column = len(self._columns) - 1
        start = 0
        while start < len(changed):
            end = start
            while end + 1 < len(changed) and changed[end + 1] == changed[end] + 1:
                end += 1
            self.dataChanged.emit(
                self.index(changed[start], 0), self.index(changed[end], last_column)
            )
            start = end + 1

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 — Qt's default
        """More rows exist beyond those loaded."""
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 — Qt's default
        """Load the next page (once at a time)."""
        if parent.isValid() or self._fetching or not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        flt, sort, descending = self._filter, self._sort, self._descending
        offset = len(self._rows)
        svc = self._space.incoming

        def done(rows: list[IncomingRow]) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            fresh = [r for r in rows if r.id not in self._ids]
            if not rows:
                self.total = len(self._rows)  # the list shrank meanwhile
            if not fresh:
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._ids.update(r.id for r in fresh)
            self.endInsertRows()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._fetching = False
                self.load_failed.emit(exc)

        QueryOp(
            None,
            lambda: svc.rows(flt, sort=sort, descending=descending, offset=offset, limit=PAGE_SIZE),
        ).success(guarded(self, done)).failure(guarded(self, failed)).run()

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
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """The box's columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles in Vietnamese."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self._columns[section].title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("Bấm để sắp xếp; bấm chuột phải để chọn các cột hiện.")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are selectable, not editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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
