"""The tasks of one list as a lazy Qt table model over `TaskService.rows`.

Only the count and the pages scrolled to are held; the service orders the rows (work lists by
the soonest deadline, the others newest first). Overdue tasks are tinted red and their due date
is red; near-due ones are tinted orange; a result waiting for review is in bold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import QObject, Qt
from PyQt6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, tr
from app.models.enums import TaskPriority
from app.services.space import Space
from app.services.task_dto import TaskBox, TaskRow
from app.timeutil import fmt_date
from app.views.incoming.table_model import NEAR_DUE_TINT, OVERDUE_TINT, URGENT_COLOUR
from app.views.lazy_rows import Count, Fetch, Index, LazyRowsModel
from app.views.lazy_rows import IdRole as IdRole
from app.views.lazy_rows import RowRole as RowRole
from app.views.tasks.labels import locked_text, primary_text, priority_label, state_label

TITLE_COLUMN, ASSIGNER_COLUMN, PRIMARY_COLUMN, DUE_COLUMN, PROGRESS_COLUMN, STATE_COLUMN = range(6)
NEAR_DUE_COLOUR = QColor("#b45f06")
LOCKED_COLOUR = QColor("#6b7280")

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


def state_text(row: TaskRow) -> str:
    """The state, or "Quá hạn" / "Sắp đến hạn" when the deadline matters more."""
    if row.overdue:
        return tr("Quá hạn")
    if row.near_due:
        return tr("Sắp đến hạn")
    return state_label(row.state)


@dataclass(frozen=True)
class Column:
    """One column: its title and its text."""

    title: str
    text: Callable[[TaskRow], str]
    align: Qt.AlignmentFlag = _LEFT


COLUMNS: tuple[Column, ...] = (
    Column(N_("Tên công việc"), lambda r: " ".join(r.title.split())),
    Column(N_("Người giao"), lambda r: r.assigner),
    Column(N_("Người thực hiện"), primary_text),
    Column(N_("Hạn xử lý"), lambda r: fmt_date(r.due_date), _CENTER),
    Column(N_("Tiến độ"), lambda r: f"{r.progress}%", _CENTER),
    Column(N_("Trạng thái"), state_text),
)


def columns_for(box: TaskBox) -> tuple[Column, ...]:
    """Every column; "Việc tôi giao" leaves out "Người giao" (always the user)."""
    if box == TaskBox.BY_ME:
        return tuple(c for n, c in enumerate(COLUMNS) if n != ASSIGNER_COLUMN)
    return COLUMNS


class TaskTableModel(LazyRowsModel):
    """Rows of one task list under a search text, fetched a page at a time."""

    def __init__(self, space: Space, box: TaskBox, parent: QObject | None = None) -> None:
        super().__init__(columns_for(box), parent)
        self._space = space
        self._box = box
        self._text = ""

    @property
    def box(self) -> TaskBox:
        """The list shown."""
        return self._box

    def set_filter(self, text: str) -> None:
        """Search for `text` in the titles and descriptions (without diacritics too)."""
        self._text = text
        self.reload()

    def column_title(self, column: int) -> str:
        """The untranslated title of a shown column."""
        spec: Column = self._columns[column]
        return spec.title

    def row_at(self, row: int) -> TaskRow:
        """The DTO shown on `row`."""
        found: TaskRow = self._rows[row]
        return found

    def _source(self) -> tuple[Count, Fetch]:
        box, text, svc = self._box, self._text, self._space.tasks
        return (
            lambda: svc.count(box, text),
            lambda offset, limit, after: svc.rows(
                box, text, offset=offset, limit=limit, after=after
            ),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, the deadline's colours, bold for a result to review; the row itself."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row: TaskRow = self._rows[index.row()]
        spec: Column = self._columns[index.column()]
        column = COLUMNS.index(spec)  # the same meaning whichever columns are shown
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return spec.text(row)
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(row)
            case Qt.ItemDataRole.TextAlignmentRole:
                return int(spec.align)
            case Qt.ItemDataRole.BackgroundRole if row.overdue:
                return QBrush(OVERDUE_TINT)
            case Qt.ItemDataRole.BackgroundRole if row.near_due:
                return QBrush(NEAR_DUE_TINT)
            case Qt.ItemDataRole.ForegroundRole:
                return self._colour(row, column)
            case Qt.ItemDataRole.FontRole:
                return self._font(row, column)
            case _ if role == IdRole:
                return row.id
            case _ if role == RowRole:
                return row
        return None

    @staticmethod
    def _colour(row: TaskRow, column: int) -> QBrush | None:
        if column in (DUE_COLUMN, STATE_COLUMN) and row.overdue:
            return QBrush(URGENT_COLOUR)
        if column in (DUE_COLUMN, STATE_COLUMN) and row.near_due:
            return QBrush(NEAR_DUE_COLOUR)
        if column == PRIMARY_COLUMN and row.primary_locked:
            return QBrush(LOCKED_COLOUR)
        if column == TITLE_COLUMN and row.priority == TaskPriority.URGENT:
            return QBrush(URGENT_COLOUR)
        return None

    @staticmethod
    def _font(row: TaskRow, column: int) -> QFont | None:
        bold = (
            (column == STATE_COLUMN and row.awaiting_review)
            or (column in (DUE_COLUMN, STATE_COLUMN) and row.overdue)
            or (column == TITLE_COLUMN and row.priority == TaskPriority.URGENT)
        )
        italic = column == PRIMARY_COLUMN and row.primary_locked
        if not (bold or italic):
            return None
        font = QFont()
        font.setBold(bold)
        font.setItalic(italic)
        return font

    @staticmethod
    def _tooltip(row: TaskRow) -> str:
        parts = [
            row.title,
            tr("Trạng thái: {s}").format(s=state_label(row.state)),
            tr("Mức độ ưu tiên: {p}").format(p=priority_label(row.priority)),
        ]
        if row.overdue:
            parts.append(tr("Quá hạn xử lý ({d})").format(d=fmt_date(row.due_date)))
        elif row.near_due:
            parts.append(tr("Sắp đến hạn xử lý ({d})").format(d=fmt_date(row.due_date)))
        if row.extension_due:
            parts.append(tr("Xin gia hạn đến {d}").format(d=fmt_date(row.extension_due)))
        if row.primary_locked:
            parts.append(locked_text(row.primary_kind))
        return "\n".join(parts)
