"""Read side of tasks: the lists with their counts, one task in detail, reminders.

Who sees what: a leader sees every task; anyone else the tasks they assigned and those they or
their unit take part in (as the primary or coordinating), as the dashboard counts them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Select, and_, case, false, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.errors import NotFound
from app.i18n import tr
from app.models import (
    FlaggedOp,
    HistoryEntry,
    IncomingDocument,
    OutgoingDocument,
    Task,
    TaskFile,
    TaskParticipant,
    Unit,
    User,
)
from app.models.enums import AssigneeKind, AssignmentRole, Role, TaskPriority, TaskState
from app.services.auth import AuthContext, CurrentUser
from app.services.deadlines import last_overdue_due
from app.services.incoming_dto import HandlerRef
from app.services.incoming_queries import history_of, names_by_id
from app.services.list_plan import PAGE, Columns, SortOrder, TableSize, plain, same
from app.services.list_text import text_filter
from app.services.task_dto import (
    OPEN,
    TITLE_MAX,
    WORKING,
    ParticipantView,
    ReportView,
    TaskAction,
    TaskBox,
    TaskDetail,
    TaskFileView,
    TaskForm,
    TaskRow,
    deadline_flags,
    reminder_horizon,
)
from app.textfold import fold
from app.timeutil import Clock, today_vn

T = Task
P = TaskParticipant
_NO_DUE = case((T.due_date.is_(None), 1), else_=0)
_BY_DUE = SortOrder(T.__tablename__, (_NO_DUE, T.due_date, T.assigned_at), (False, False, True))
_NEWEST = SortOrder.of(T.__tablename__, (T.assigned_at,), descending=True)
_NEWEST_FIRST = (TaskBox.UNIT, TaskBox.DONE)


def _utc(at: dt.datetime | None) -> dt.datetime | None:
    return at.replace(tzinfo=dt.UTC) if at is not None else None


def _me_or_my_unit(user: CurrentUser, kind: Any, ref: Any) -> Any:
    own = and_(kind == AssigneeKind.USER, ref == user.id)
    if user.unit_id:
        return or_(own, and_(kind == AssigneeKind.UNIT, ref == user.unit_id))
    return own


def _takes_part(user: CurrentUser, *conds: Any, c: Columns = same) -> Any:
    """Tasks where the user or their unit is a participant (found from the participants' index)."""
    return c(T.id).in_(
        select(P.task_id).where(_me_or_my_unit(user, P.assignee_kind, P.assignee_id), *conds)
    )


def directs(user: CurrentUser, task: Task, assigner_active_leader: bool) -> bool:
    """The assigner, or any leader once the assigner is no longer an active leader."""
    if Role.LEADER not in user.roles:
        return False
    return task.assigned_by == user.id or not assigner_active_leader


class TaskQueries:
    """Queries over tasks, as the signed-in user may see them."""

    def __init__(
        self, read: sessionmaker[Session], auth: AuthContext, clock: Clock, blobs: BlobStore
    ) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock
        self._blobs = blobs
        self._size = TableSize(T)

    # -- lists
    def boxes(self) -> list[TaskBox]:
        """The lists this user works with, in menu order (a leader also has "Việc tôi giao")."""
        leader = Role.LEADER in self._auth.user.roles
        return [box for box in TaskBox if box != TaskBox.BY_ME or leader]

    @staticmethod
    def _visible(user: CurrentUser, c: Columns = same) -> list[Any]:
        if Role.LEADER in user.roles:
            return []
        return [or_(c(T.assigned_by) == user.id, _takes_part(user, c=c))]

    def _box(self, box: TaskBox, user: CurrentUser, c: Columns = same) -> list[Any]:
        """The box's rules; `c` makes the columns of the long lists (a unit's, the done ones)
        plain when a page walks their newest-first order instead (`list_plan`)."""
        today = today_vn(self._clock)
        match box:
            case TaskBox.MINE:
                return [T.state.in_(OPEN), _me_or_my_unit(user, T.primary_kind, T.primary_id)]
            case TaskBox.BY_ME:
                return [T.state.in_(OPEN), T.assigned_by == user.id]
            case TaskBox.COORDINATING:
                return [T.state.in_(OPEN), _takes_part(user, P.role == AssignmentRole.COORDINATE)]
            case TaskBox.UNIT:  # those the user's unit answers for, as far as they may see
                if Role.LEADER in user.roles:
                    return []
                if not user.unit_id:
                    return [false()]
                return [c(T.unit_id) == user.unit_id, *self._visible(user, c)]
            case TaskBox.OVERDUE:
                due = T.due_date <= last_overdue_due(today)
                return [T.state.in_(WORKING), due, *self._visible(user)]
            case TaskBox.DONE:
                return [c(T.state) == TaskState.DONE, *self._visible(user, c)]

    def _where(self, s: Session, box: TaskBox, text: str, *, page: bool) -> list[Any]:
        """The list's conditions; a page of a long list (a unit's, the done ones) walks its
        newest-first order unless a few matches of the typed words drive it."""
        words = text_filter(s, "task", text)
        listed = not page or words.drives(s, self._size(s))
        walk = page and box in _NEWEST_FIRST and not (words.indexed and listed)
        conds = self._box(box, self._auth.user, plain if walk else same)
        return conds + words.where(T.id, T.search_text, listed=listed)

    def count(self, box: TaskBox, text: str = "") -> int:
        """How many tasks the list holds."""
        with self._read() as s:
            where = self._where(s, box, text, page=False)
            return s.scalar(select(func.count()).select_from(T).where(*where)) or 0

    def counts(self) -> dict[TaskBox, int]:
        """The count beside each of the user's lists."""
        return {box: self.count(box) for box in self.boxes()}

    def rows(
        self,
        box: TaskBox,
        text: str = "",
        *,
        offset: int = 0,
        limit: int = PAGE,
        after: str | None = None,
    ) -> list[TaskRow]:
        """One page of a list: work lists by the soonest deadline, the others newest first.

        The rows after task `after` (the last row of the page before), or from `offset` when
        `after` is None or no longer exists.
        """
        order = _NEWEST if box in _NEWEST_FIRST else _BY_DUE
        with self._read() as s:
            stmt: Select[Any] = (
                select(T).where(*self._where(s, box, text, page=True)).order_by(*order.order_by())
            )
            cursor = s.execute(select(*order.keys).where(T.id == after)).first() if after else None
            if cursor is not None:
                stmt = stmt.where(order.after(tuple(cursor)))
            elif offset:
                stmt = stmt.offset(offset)
            tasks = s.scalars(stmt.limit(limit)).all()
            return self._rows(s, tasks)

    def _rows(self, s: Session, tasks: Any) -> list[TaskRow]:
        names = names_by_id(s)
        locked = _locked(s)
        today = today_vn(self._clock)
        return [_row(t, names, locked, today) for t in tasks]

    # -- one task
    def _get(self, s: Session, task_id: str, user: CurrentUser) -> Task:
        task = s.get(T, task_id)
        if task is None or not self._may_see(s, task, user):
            raise NotFound(tr("Không tìm thấy công việc."))
        return task

    def _may_see(self, s: Session, task: Task, user: CurrentUser) -> bool:
        conds = self._visible(user)
        if not conds:
            return True
        return bool(s.scalar(select(func.count()).select_from(T).where(T.id == task.id, *conds)))

    def detail(self, task_id: str) -> TaskDetail:
        """The task with its people, files, reports, history and what the user may do now."""
        user = self._auth.user
        with self._read() as s:
            t = self._get(s, task_id, user)
            names = names_by_id(s)
            locked = _locked(s)
            row = _row(t, names, locked, today_vn(self._clock))
            files = [
                TaskFileView(
                    f.purpose,
                    f.file_name,
                    f.blob,
                    f.file_size,
                    names.get(f.added_by, f.added_by),
                    f.added_at.replace(tzinfo=dt.UTC),
                    f.id.rpartition(":")[0],
                )
                for f in s.scalars(
                    select(TaskFile).where(TaskFile.task_id == task_id).order_by(TaskFile.added_at)
                )
            ]
            entity = f"task:{task_id}"
            participants = [
                ParticipantView(
                    AssigneeKind(p.assignee_kind),
                    p.assignee_id,
                    names.get(p.assignee_id, "?"),
                    p.role == AssignmentRole.PRIMARY,
                    p.assignee_id in locked,
                )
                for p in s.scalars(select(P).where(P.task_id == task_id))
            ]
            participants.sort(key=lambda p: (not p.primary, fold(p.name)))
            history = history_of(s, entity, names)
            cancel = s.scalars(
                select(HistoryEntry.text)
                .where(HistoryEntry.entity == entity, HistoryEntry.action == "task.cancelled")
                .order_by(HistoryEntry.order_key.desc())
            ).first()
            cancelled = t.state == TaskState.CANCELLED
            conflicts = tuple(
                f.detail for f in s.scalars(select(FlaggedOp).where(FlaggedOp.entity == entity))
            )
            return TaskDetail(
                row=row,
                form=TaskForm(
                    title=t.title,
                    primary=HandlerRef(AssigneeKind(t.primary_kind), t.primary_id),
                    description=t.description,
                    coordinators=tuple(
                        HandlerRef(p.kind, p.id) for p in participants if not p.primary
                    ),
                    due_date=t.due_date,
                    priority=TaskPriority(t.priority),
                    source=t.source,
                ),
                source_text=_source_text(s, t.source),
                participants=tuple(participants),
                attachments=tuple(f for f in files if f.purpose == "attachment"),
                reports=tuple(_reports(s, entity, names, files)),
                history=tuple(history),
                actions=self._actions(s, user, t),
                progress_note=t.progress_note,
                extension_reason=t.extension_reason,
                return_comment=t.return_comment,
                cancel_reason=(cancel or "") if cancelled else "",
                accepted_at=_utc(t.accepted_at),
                conflicts=conflicts,
            )

    def _actions(self, s: Session, user: CurrentUser, t: Task) -> frozenset[TaskAction]:
        state = TaskState(t.state)
        acts = {TaskAction.COMMENT}
        assignee = is_assignee(t, user)
        if state in WORKING:
            if assignee:
                acts |= {TaskAction.REPORT, TaskAction.FINISH}
                if t.due_date is not None:
                    acts.add(TaskAction.ASK_EXTENSION)
            elif coordinates(s, t.id, user):
                acts.add(TaskAction.REPORT)
        if directs(user, t, _active_leader(s, t.assigned_by)):
            if state in OPEN:
                acts |= {TaskAction.EDIT, TaskAction.REASSIGN, TaskAction.CANCEL}
            if state == TaskState.SUBMITTED:
                acts |= {TaskAction.ACCEPT, TaskAction.RETURN}
            if state in WORKING and t.extension_due is not None:
                acts |= {TaskAction.GRANT_EXTENSION, TaskAction.REFUSE_EXTENSION}
        return frozenset(acts)

    def file_bytes(self, sha: str) -> bytes:
        """A file of a task (fetched from the shared server when not here yet)."""
        return self._blobs.read(sha)

    def document_form(self, source: str) -> TaskForm:
        """A new task's form filled from a document: its trích yếu and its hạn xử lý."""
        kind, _, doc_id = source.partition(":")
        today = today_vn(self._clock)
        with self._read() as s:
            if kind == "incoming" and (doc := s.get(IncomingDocument, doc_id)) is not None:
                due = doc.due_date if doc.due_date and doc.due_date >= today else None
                return TaskForm(
                    title=" ".join(doc.summary.split())[:TITLE_MAX],
                    primary=None,
                    description=doc.instruction,
                    due_date=due,
                    source=source,
                )
            if kind == "outgoing" and (out := s.get(OutgoingDocument, doc_id)) is not None:
                return TaskForm(
                    title=" ".join(out.summary.split())[:TITLE_MAX], primary=None, source=source
                )
        raise NotFound(tr("Không tìm thấy văn bản."))

    def describe_source(self, source: str) -> str:
        """ "Văn bản đến số 12/2026 · 15/QĐ-UBND — …" for a task's document ("" if none)."""
        with self._read() as s:
            return _source_text(s, source)

    # -- reminders
    @staticmethod
    def _due_soon(user: CurrentUser, today: dt.date) -> Select[Any]:
        """The user's tasks in their hands (as the primary) that are near-due or overdue."""
        return select(T).where(
            T.state.in_(WORKING),
            _me_or_my_unit(user, T.primary_kind, T.primary_id),
            T.due_date.is_not(None),
            T.due_date <= reminder_horizon(today),
        )


def is_assignee(t: Task, user: CurrentUser) -> bool:
    """The user is the primary person, or a member of the primary unit."""
    if t.primary_kind == AssigneeKind.USER:
        return t.primary_id == user.id
    return user.unit_id is not None and t.primary_id == user.unit_id


def coordinates(s: Session, task_id: str, user: CurrentUser) -> bool:
    """The user, or their unit, coordinates the task."""
    mine = _me_or_my_unit(user, P.assignee_kind, P.assignee_id)
    found = s.scalar(
        select(func.count())
        .select_from(P)
        .where(P.task_id == task_id, P.role == AssignmentRole.COORDINATE, mine)
    )
    return bool(found)


def _active_leader(s: Session, user_id: str) -> bool:
    user = s.get(User, user_id)
    return user is not None and user.active and Role.LEADER in user.roles.split(",")


def _locked(s: Session) -> set[str]:
    """Deactivated users and closed units (a task may still name them)."""
    users = s.scalars(select(User.id).where(User.active.is_(False))).all()
    units = s.scalars(select(Unit.id).where(Unit.active.is_(False))).all()
    return {*users, *units}


def _row(t: Task, names: dict[str, str], locked: set[str], today: dt.date) -> TaskRow:
    state = TaskState(t.state)
    overdue, near = deadline_flags(state, t.due_date, today)
    return TaskRow(
        id=t.id,
        title=t.title,
        state=state,
        priority=TaskPriority(t.priority),
        assigner=names.get(t.assigned_by, ""),
        assigner_id=t.assigned_by,
        primary=names.get(t.primary_id, "?"),
        primary_kind=AssigneeKind(t.primary_kind),
        primary_id=t.primary_id,
        primary_locked=t.primary_id in locked,
        unit=names.get(t.unit_id or "", ""),
        due_date=t.due_date,
        progress=t.progress,
        assigned_at=t.assigned_at.replace(tzinfo=dt.UTC),
        finished_at=_utc(t.finished_at),
        overdue=overdue,
        near_due=near,
        extension_due=t.extension_due,
        source=t.source,
    )


def _reports(
    s: Session, entity: str, names: dict[str, str], files: list[TaskFileView]
) -> list[ReportView]:
    """The reports, oldest first, each with the files sent with it."""
    by_op: dict[str, list[TaskFileView]] = {}
    for f in files:
        if f.purpose == "report":
            by_op.setdefault(f.op_id, []).append(f)
    reports = []
    for h in s.scalars(
        select(HistoryEntry)
        .where(
            HistoryEntry.entity == entity,
            HistoryEntry.action.in_(["task.progressed", "task.finished"]),
        )
        .order_by(HistoryEntry.order_key)
    ):
        detail = json.loads(h.detail or "{}")
        role = detail.get("as")
        kind = "finish" if h.action == "task.finished" else "coordinate"
        if h.action == "task.progressed" and role == "primary":
            kind = "progress"
        percent = detail.get("percent")
        reports.append(
            ReportView(
                at=h.at.replace(tzinfo=dt.UTC),
                actor=names.get(h.actor_id, h.actor_id),
                kind=kind,
                percent=percent if isinstance(percent, int) else None,
                text=h.text,
                files=tuple(by_op.get(h.op_id, [])),
            )
        )
    return reports


def _source_text(s: Session, source: str) -> str:
    kind, _, doc_id = source.partition(":")
    if kind == "incoming" and (doc := s.get(IncomingDocument, doc_id)) is not None:
        code = f"{doc.code_number}/{doc.code_notation}" if doc.code_notation else doc.code_number
        head = (
            tr("Văn bản đến số {n}/{y}").format(n=doc.arrival_number, y=doc.year)
            if doc.arrival_number
            else tr("Văn bản đến")
        )
        return " · ".join(p for p in (head, code) if p) + f" — {doc.summary}"
    if kind == "outgoing" and (out := s.get(OutgoingDocument, doc_id)) is not None:
        number = f"{out.number:02d}" if out.number is not None else "…"
        return tr("Văn bản đi {code}").format(code=f"{number}/{out.notation}") + f" — {out.summary}"
    return ""
