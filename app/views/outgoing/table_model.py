"""The outgoing documents of one list as a lazy Qt table model over `OutgoingService.rows`.

Only the count and the pages scrolled to are held (200 rows a page), so a register of many
thousand documents opens at once. The service orders the rows (the register by number, newest
first; the other lists by date); the columns cannot be sorted here.
"""

from __future__ import annotations

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
from PyQt6.QtGui import QBrush, QFont

from app.i18n import N_, tr
from app.models.enums import OutgoingState
from app.services.outgoing_dto import OutgoingBox, OutgoingRow
from app.services.space import Space
from app.timeutil import VN_TZ, fmt_date
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.labels import urgency_label
from app.views.incoming.table_model import URGENT_COLOUR
from app.views.outgoing.labels import state_label

IdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 200
MAX_KEPT_ROWS = 10_000  # a refresh reloads at most this many of the rows already shown
SUMMARY_COLUMN = 2

_Index = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _created(row: OutgoingRow) -> str:
    return fmt_date(row.created_at.astimezone(VN_TZ).date())


@dataclass(frozen=True)
class Column:
    """One column: its title and its text."""

    title: str
    text: Callable[[OutgoingRow], str]
    align: Qt.AlignmentFlag = _LEFT


_CODE = Column(N_("Số/ký hiệu"), lambda r: r.code)
# As the registers of ND30 Phụ lục IV put it: "Tên loại và trích yếu nội dung".
_SUMMARY = Column(N_("Tên loại, trích yếu"), lambda r: f"{r.doc_type}: {_one_line(r.summary)}")
_SIGNER = Column(N_("Người ký"), lambda r: r.signer)
_DRAFTER = Column(N_("Người soạn thảo"), lambda r: r.drafter)
WORK_COLUMNS: tuple[Column, ...] = (
    _CODE,
    Column(N_("Ngày tạo"), _created, _CENTER),
    _SUMMARY,
    _SIGNER,
    _DRAFTER,
    Column(N_("Trạng thái"), lambda r: state_label(r.state)),
)
REGISTER_COLUMNS: tuple[Column, ...] = (
    _CODE,
    Column(N_("Ngày ban hành"), lambda r: fmt_date(r.issued_date), _CENTER),
    _SUMMARY,
    _SIGNER,
    _DRAFTER,
)
OPTIONAL_COLUMNS = (4, 3)  # hidden in this order when the table is too narrow: drafter, signer


def columns_for(box: OutgoingBox) -> tuple[Column, ...]:
    """The register shows numbers and dates of issue; the work lists show where drafts are."""
    return REGISTER_COLUMNS if box == OutgoingBox.ISSUED else WORK_COLUMNS


class OutgoingTableModel(QAbstractTableModel):
    """Rows of one list under a search text and a year, fetched a page at a time.

    Signals:
        loaded(): the list was (re)loaded from its start; `total` is up to date.
        load_failed(object): the service raised (the exception).
    """

    loaded = pyqtSignal()
    load_failed = pyqtSignal(object)

    def __init__(self, space: Space, box: OutgoingBox, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._box = box
        self._columns = columns_for(box)
        self._text = ""
        self._year: int | None = None
        self._rows: list[OutgoingRow] = []
        self._ids: set[str] = set()
        self.total = 0
        self._generation = 0
        self._fetching = False

    # -- what is listed
    @property
    def box(self) -> OutgoingBox:
        """The list shown."""
        return self._box

    def set_box(self, box: OutgoingBox, text: str = "", year: int | None = None) -> None:
        """List another box (its columns may differ) under a search and a year, and reload."""
        self._text, self._year = text, year
        if box != self._box:
            self.beginResetModel()
            self._box = box
            self._columns = columns_for(box)
            self._rows = []
            self._ids = set()
            self.total = 0
            self.endResetModel()
        self.reload()

    def set_filter(self, text: str, year: int | None) -> None:
        """Search for `text` (without diacritics too) in documents of `year` (None: any)."""
        self._text, self._year = text, year
        self.reload()

    def row_at(self, row: int) -> OutgoingRow:
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
        box, text, year, svc = self._box, self._text, self._year, self._space.outgoing

        def query() -> tuple[int, list[OutgoingRow]]:
            return svc.count(box, text, year), svc.rows(box, text, year, offset=0, limit=limit)

        def done(result: tuple[int, list[OutgoingRow]]) -> None:
            if generation == self._generation:
                self._on_loaded(*result, keep=keep)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.load_failed.emit(exc)

        QueryOp(None, query).success(guarded(self, done)).failure(guarded(self, failed)).run()

    def _on_loaded(self, total: int, rows: list[OutgoingRow], *, keep: bool) -> None:
        self.total = total
        if keep and [r.id for r in rows] == [r.id for r in self._rows]:
            old, self._rows = self._rows, list(rows)
            last = len(self._columns) - 1
            for i, (a, b) in enumerate(zip(old, rows, strict=True)):
                if a != b:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        else:
            self.beginResetModel()
            self._rows = list(rows)
            self._ids = {r.id for r in rows}
            self.endResetModel()
        self.loaded.emit()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 — Qt's default
        """More rows exist beyond those loaded."""
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 — Qt's default
        """Load the next page (once at a time)."""
        if parent.isValid() or self._fetching or not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        box, text, year, svc = self._box, self._text, self._year, self._space.outgoing
        offset = len(self._rows)

        def done(rows: list[OutgoingRow]) -> None:
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

        QueryOp(None, lambda: svc.rows(box, text, year, offset=offset, limit=PAGE_SIZE)).success(
            guarded(self, done)
        ).failure(guarded(self, failed)).run()

    # -- Qt's model interface
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """The list's columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles in Vietnamese."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self._columns[section].title)
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
        """Text; urgent documents in bold red, returned drafts in italics; the row itself."""
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
            case Qt.ItemDataRole.FontRole if (
                row.urgency.is_urgent or row.state == OutgoingState.RETURNED
            ):
                font = QFont()
                font.setBold(row.urgency.is_urgent)
                font.setItalic(row.state == OutgoingState.RETURNED)
                return font
            case Qt.ItemDataRole.ForegroundRole if row.urgency.is_urgent:
                return QBrush(URGENT_COLOUR)
            case _ if role == IdRole:
                return row.id
            case _ if role == RowRole:
                return row
        return None

    @staticmethod
    def _tooltip(row: OutgoingRow) -> str:
        parts = [row.summary, tr("Trạng thái: {s}").format(s=state_label(row.state))]
        if row.urgency.is_urgent:
            parts.append(tr("Độ khẩn: {u}").format(u=urgency_label(row.urgency)))
        return "\n".join(p for p in parts if p)
