"""The outgoing documents of one list as a lazy Qt table model over `OutgoingService.rows`.

Only the count and the pages scrolled to are held (200 rows a page), so a register of many
thousand documents opens at once. The service orders the rows (the register by number, newest
first; the other lists by date); the columns cannot be sorted here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import (
    QObject,
    Qt,
)
from PyQt6.QtGui import QBrush, QFont

from app.i18n import N_, tr
from app.models.enums import OutgoingState
from app.services.outgoing_dto import OutgoingBox, OutgoingRow
from app.services.space import Space
from app.timeutil import VN_TZ, fmt_date
from app.views.incoming.labels import urgency_label
from app.views.incoming.table_model import URGENT_COLOUR
from app.views.lazy_rows import Count, Fetch, Index, LazyRowsModel
from app.views.lazy_rows import IdRole as IdRole
from app.views.lazy_rows import RowRole as RowRole
from app.views.outgoing.labels import state_label

SUMMARY_COLUMN = 2

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


class OutgoingTableModel(LazyRowsModel):
    """Rows of one list under a search text and a year, fetched a page at a time."""

    def __init__(self, space: Space, box: OutgoingBox, parent: QObject | None = None) -> None:
        super().__init__(columns_for(box), parent)
        self._space = space
        self._box = box
        self._text = ""
        self._year: int | None = None

    # -- what is listed
    @property
    def box(self) -> OutgoingBox:
        """The list shown."""
        return self._box

    def set_box(self, box: OutgoingBox, text: str = "", year: int | None = None) -> None:
        """List another box (its columns may differ) under a search and a year, and reload."""
        self._text, self._year = text, year
        if box != self._box:
            self._box = box
            self._clear(columns_for(box))
        self.reload()

    def set_filter(self, text: str, year: int | None) -> None:
        """Search for `text` (without diacritics too) in documents of `year` (None: any)."""
        self._text, self._year = text, year
        self.reload()

    def row_at(self, row: int) -> OutgoingRow:
        """The DTO shown on `row`."""
        found: OutgoingRow = self._rows[row]
        return found

    def _source(self) -> tuple[Count, Fetch]:
        box, text, year, svc = self._box, self._text, self._year, self._space.outgoing
        return (
            lambda: svc.count(box, text, year),
            lambda offset, limit, after: svc.rows(
                box, text, year, offset=offset, limit=limit, after=after
            ),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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
