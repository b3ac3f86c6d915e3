"""What the task views, the dashboard and the demo exchange with the task service."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import N_
from app.models.enums import AssigneeKind, TaskPriority, TaskState
from app.services.deadlines import (
    NEAR_DUE_WORKING_DAYS,
    is_near_due,
    is_overdue,
    working_day_after,
)
from app.services.incoming_dto import HandlerRef, HistoryView

TITLE_MAX = 300
DESCRIPTION_MAX = 4000
NOTE_MAX = 2000
MAX_FILES = 20  # files in one step
# Work still in the assignee's hands: deadlines and reminders count only these. A submitted
# result waits for the assigner ("Chờ duyệt kết quả") and is not overdue against the assignee.
WORKING = (TaskState.ASSIGNED, TaskState.IN_PROGRESS)
OPEN = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED)


class TaskBox(enum.StrEnum):
    """The task lists a user opens (the dashboard opens them by these values)."""

    MINE = "tasks.mine"  # Việc được giao: I am the primary assignee, or my unit is
    BY_ME = "tasks.by_me"  # Việc tôi giao
    COORDINATING = "tasks.coordinating"  # Phối hợp thực hiện
    UNIT = "tasks.unit"  # Công việc của đơn vị (a leader: every task)
    OVERDUE = "tasks.overdue"  # Quá hạn
    DONE = "tasks.done"  # Đã hoàn thành


BOX_LABELS: dict[TaskBox, str] = {
    TaskBox.MINE: N_("Việc được giao"),
    TaskBox.BY_ME: N_("Việc tôi giao"),
    TaskBox.COORDINATING: N_("Phối hợp thực hiện"),
    TaskBox.UNIT: N_("Công việc của đơn vị"),
    TaskBox.OVERDUE: N_("Việc quá hạn"),
    TaskBox.DONE: N_("Việc đã hoàn thành"),
}
ALL_TASKS_LABEL = N_("Tất cả công việc")  # the UNIT list of a leader

STATE_LABELS: dict[TaskState, str] = {
    TaskState.ASSIGNED: N_("Mới giao"),
    TaskState.IN_PROGRESS: N_("Đang thực hiện"),
    TaskState.SUBMITTED: N_("Chờ duyệt kết quả"),
    TaskState.DONE: N_("Hoàn thành"),
    TaskState.CANCELLED: N_("Đã hủy"),
}
PRIORITY_LABELS: dict[TaskPriority, str] = {
    TaskPriority.LOW: N_("Thấp"),
    TaskPriority.NORMAL: N_("Bình thường"),
    TaskPriority.HIGH: N_("Cao"),
    TaskPriority.URGENT: N_("Khẩn"),
}
LOCKED_USER = N_("Người thực hiện đã bị khóa tài khoản")
CLOSED_UNIT = N_("Đơn vị thực hiện đã ngừng hoạt động")


class TaskAction(enum.StrEnum):
    """What the signed-in user may do now with a task (the detail pane's buttons)."""

    REPORT = "report"  # Báo cáo tiến độ (an assignee, or a coordinator's contribution)
    ASK_EXTENSION = "ask_extension"
    FINISH = "finish"
    ACCEPT = "accept"
    RETURN = "return"
    GRANT_EXTENSION = "grant_extension"
    REFUSE_EXTENSION = "refuse_extension"
    EDIT = "edit"
    REASSIGN = "reassign"
    CANCEL = "cancel"
    COMMENT = "comment"


def deadline_flags(state: TaskState, due: dt.date | None, today: dt.date) -> tuple[bool, bool]:
    """(overdue, near_due) of a task on `today` (a Vietnam date), by the ward's deadline rules
    (app/services/deadlines.py, the same as the dashboard's): a due date on a weekend or a
    holiday runs to the end of the next working day.

    Overdue: still being worked on and that day has passed. Near-due: still being worked on and
    due today or within the next NEAR_DUE_WORKING_DAYS working days.
    """
    if due is None or state not in WORKING:
        return False, False
    if is_overdue(due, today):
        return True, False
    return False, is_near_due(due, today)


def reminder_horizon(today: dt.date) -> dt.date:
    """The latest due date that is near-due (or overdue) on `today`."""
    return working_day_after(today, NEAR_DUE_WORKING_DAYS)


@dataclass(frozen=True)
class TaskForm:
    """A new task, or the assigner's edit of one (the primary is changed by reassigning)."""

    title: str
    primary: HandlerRef | None
    description: str = ""
    coordinators: tuple[HandlerRef, ...] = ()
    due_date: dt.date | None = None
    priority: TaskPriority = TaskPriority.NORMAL
    source: str = ""  # "incoming:<id>" / "outgoing:<id>"
    files: tuple[Path, ...] = ()  # attachments to add


@dataclass(frozen=True)
class TaskRow:
    """One line of a task list."""

    id: str
    title: str
    state: TaskState
    priority: TaskPriority
    assigner: str
    assigner_id: str
    primary: str  # the primary assignee's name
    primary_kind: AssigneeKind
    primary_id: str
    primary_locked: bool  # a deactivated user (or a closed unit) is still the primary
    unit: str  # the unit answerable for the task
    due_date: dt.date | None
    progress: int
    assigned_at: dt.datetime
    finished_at: dt.datetime | None
    overdue: bool
    near_due: bool
    extension_due: dt.date | None  # an extension asked for and not yet answered
    source: str

    @property
    def awaiting_review(self) -> bool:
        """The result is reported and waits for the assigner ("Chờ duyệt kết quả")."""
        return self.state == TaskState.SUBMITTED


@dataclass(frozen=True)
class ParticipantView:
    """The primary assignee or a coordinator, as the detail shows them."""

    kind: AssigneeKind
    id: str
    name: str
    primary: bool
    locked: bool


@dataclass(frozen=True)
class TaskFileView:
    """A file of a task: an attachment of the assigner or a file of a report."""

    purpose: str  # "attachment" | "report"
    file_name: str
    blob: str
    size: int
    added_by: str
    added_at: dt.datetime
    op_id: str


@dataclass(frozen=True)
class ReportView:
    """A progress report, a coordinator's contribution or the report of completion."""

    at: dt.datetime
    actor: str
    kind: str  # "progress" | "coordinate" | "finish"
    percent: int | None
    text: str
    files: tuple[TaskFileView, ...]


@dataclass(frozen=True)
class TaskDetail:
    """Everything about one task."""

    row: TaskRow
    form: TaskForm
    source_text: str  # "Văn bản đến số 12/2026 · 15/QĐ-UBND — …" when from a document
    participants: tuple[ParticipantView, ...]
    attachments: tuple[TaskFileView, ...]
    reports: tuple[ReportView, ...]
    history: tuple[HistoryView, ...]
    actions: frozenset[TaskAction]
    progress_note: str
    extension_reason: str
    return_comment: str
    cancel_reason: str
    accepted_at: dt.datetime | None
    conflicts: tuple[str, ...] = field(default_factory=tuple)
