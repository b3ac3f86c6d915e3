"""The dashboard (Tổng quan) of the signed-in user: the counts that open their lists, today's
schedule, the tasks near their deadline and, for a leader, the ward's figures.

Open work is counted by due date in SQL and judged in Python by `app.services.deadlines` (a few
hundred due dates at most), so the dashboard and the task lists agree on what is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.i18n import tr
from app.models import (
    IncomingAssignment,
    IncomingDocument,
    OutgoingDocument,
    ScheduleEntry,
    ScheduleParticipant,
    ScheduleWeek,
    Task,
    TaskParticipant,
)
from app.models.enums import (
    AssigneeKind,
    AssignmentRole,
    HandlingStatus,
    IncomingState,
    OutgoingState,
    Role,
    ScheduleState,
    TaskState,
)
from app.services.auth import AuthContext, CurrentUser
from app.services.deadlines import (
    effective_deadline,
    is_due_this_week,
    is_near_due,
    is_overdue,
    working_day_after,
)
from app.services.incoming_dto import Box, IncomingFilter
from app.services.incoming_lists import SEES_ALL
from app.services.incoming_queries import IncomingQueries, names_by_id
from app.services.statistics import incoming_counts
from app.services.statistics_dto import (
    KEY_INCOMING_DUE_WEEK,
    KEY_INCOMING_OVERDUE,
    KEY_OUTGOING,
    KEY_SCHEDULE,
    KEY_TASKS_BY_ME,
    KEY_TASKS_MINE,
    KEY_TASKS_OVERDUE,
    Dashboard,
    DashboardTile,
    GroupBy,
    OnTimeCounts,
    OnTimeRow,
    Period,
    ScheduleItem,
    TaskReminder,
    Tone,
    WardFigures,
    month_label,
)
from app.timeutil import Clock, today_vn

D = IncomingDocument
A = IncomingAssignment
T = Task
O = OutgoingDocument  # noqa: E741 — the outgoing table, as D is the incoming one
E = ScheduleEntry
P = ScheduleParticipant
REMINDER_LIMIT = 20
_INCOMING_OPEN = (
    IncomingState.REGISTERED,
    IncomingState.SUBMITTED,
    IncomingState.RETURNED,
    IncomingState.ASSIGNED,
)
_TASK_OPEN = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED)
# Still the assignee's work: a SUBMITTED task is finished, judged by its finished_at.
_TASK_TODO = (TaskState.ASSIGNED, TaskState.IN_PROGRESS)


def build_dashboard(read: sessionmaker[Session], auth: AuthContext, clock: Clock) -> Dashboard:
    """The signed-in user's dashboard."""
    return _Builder(read, auth, clock).build()


class _Builder:
    """Reads one user's dashboard."""

    def __init__(self, read: sessionmaker[Session], auth: AuthContext, clock: Clock) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock

    def build(self) -> Dashboard:
        """The user's counts, today's schedule, near-due tasks and, for leaders, the ward."""
        user = self._auth.user
        today = today_vn(self._clock)
        incoming = IncomingQueries(self._read, self._auth, self._clock)
        boxes = incoming.boxes()
        box_count = {
            b: incoming.count(IncomingFilter(box=b)) for b in _dashboard_boxes(user, boxes)
        }
        with self._read() as s:
            doc_dues = self._open_incoming_dues(s, user)
            mine_dues = self._task_dues(s, self._task_mine(user))
            visible_dues = self._task_dues(s, self._task_visible(user))
            schedule = self._schedule_today(s, user, today)
            reminders = self._reminders(s, user, today)
            to_sign = to_issue = by_me = to_accept = 0
            if Role.LEADER in user.roles:
                to_sign = _count(
                    s, O, O.state == OutgoingState.READY_TO_SIGN, O.signer_id == user.id
                )
                by_me = _count(s, T, T.state.in_(_TASK_TODO), T.assigned_by == user.id)
                to_accept = _count(s, T, T.state == TaskState.SUBMITTED, T.assigned_by == user.id)
            if Role.CLERK in user.roles:
                to_issue = _count(s, O, O.state == OutgoingState.SIGNED)
            ward = None
            if Role.LEADER in user.roles:
                all_open = _count(s, T, T.state.in_(_TASK_OPEN))
                ward = self._ward(s, today, doc_dues, visible_dues, all_open)
        tiles: list[DashboardTile] = []

        def tile(
            name: str, key: str, label: str, count: int, tone: Tone = Tone.NORMAL, hint: str = ""
        ) -> None:
            tiles.append(
                DashboardTile(name, key, label, count, tone if count else Tone.NORMAL, hint)
            )

        labels = {
            Box.QUEUE: tr("Chờ vào sổ"),
            Box.TO_SUBMIT: tr("Chờ trình lãnh đạo"),
            Box.TO_DIRECT: tr("Chờ chỉ đạo"),
            Box.PENDING: tr("Văn bản chờ xử lý"),
            Box.IN_PROGRESS: tr("Văn bản đang xử lý"),
        }
        for box, count in box_count.items():
            tile(f"incoming.{box}", str(box), labels[box], count)
        doc_overdue = sum(n for due, n in doc_dues if is_overdue(due, today))
        doc_week = sum(n for due, n in doc_dues if is_due_this_week(due, today))
        scope = tr("toàn phường") if user.roles & SEES_ALL else tr("do tôi xử lý chính")
        tile(
            "incoming.overdue",
            KEY_INCOMING_OVERDUE,
            tr("Văn bản quá hạn"),
            doc_overdue,
            Tone.DANGER,
            scope,
        )
        tile(
            "incoming.due_week",
            KEY_INCOMING_DUE_WEEK,
            tr("Văn bản đến hạn trong tuần"),
            doc_week,
            Tone.WARNING,
            scope,
        )
        if Role.LEADER in user.roles:
            tile("outgoing.to_sign", KEY_OUTGOING, tr("Văn bản chờ tôi ký"), to_sign, Tone.WARNING)
        if Role.CLERK in user.roles:
            tile(
                "outgoing.to_issue",
                KEY_OUTGOING,
                tr("Văn bản đi chờ ban hành"),
                to_issue,
                Tone.WARNING,
            )
        tile("tasks.mine", KEY_TASKS_MINE, tr("Công việc của tôi"), sum(n for _d, n in mine_dues))
        tile(
            "tasks.due_week",
            KEY_TASKS_MINE,
            tr("Công việc đến hạn trong tuần"),
            sum(n for due, n in mine_dues if is_due_this_week(due, today)),
            Tone.WARNING,
        )
        tile(
            "tasks.overdue",
            KEY_TASKS_OVERDUE,
            tr("Công việc quá hạn"),
            sum(n for due, n in visible_dues if is_overdue(due, today)),
            Tone.DANGER,
        )
        if Role.LEADER in user.roles:
            tile("tasks.by_me", KEY_TASKS_BY_ME, tr("Công việc tôi giao đang thực hiện"), by_me)
            tile(
                "tasks.to_accept",
                KEY_TASKS_BY_ME,
                tr("Kết quả công việc chờ tôi duyệt"),
                to_accept,
                Tone.WARNING,
            )
        tile("schedule.today", KEY_SCHEDULE, tr("Lịch công tác hôm nay"), len(schedule))
        return Dashboard(
            user.full_name, today, tuple(tiles), tuple(schedule), tuple(reminders), ward
        )

    @staticmethod
    def _open_incoming_dues(s: Session, user: CurrentUser) -> list[tuple[dt.date | None, int]]:
        """Due dates (with counts) of the open documents the user answers for, or the ward's."""
        conds: list[Any] = [D.state.in_(_INCOMING_OPEN), D.due_date.is_not(None)]
        if not user.roles & SEES_ALL:
            mine = _assignee(A.assignee_kind, A.assignee_id, user)
            conds[0] = D.state == IncomingState.ASSIGNED
            conds.append(
                D.id.in_(
                    select(A.document_id).where(
                        mine, A.role == AssignmentRole.PRIMARY, A.status != HandlingStatus.DONE
                    )
                )
            )
        return [
            (d, n)
            for d, n in s.execute(
                select(D.due_date, func.count()).where(*conds).group_by(D.due_date)
            )
        ]

    @staticmethod
    def _task_mine(user: CurrentUser) -> Any:
        return _assignee(T.primary_kind, T.primary_id, user)

    @staticmethod
    def _task_visible(user: CurrentUser) -> Any:
        """Tasks the user may see: all for leaders; else assigned by, to or with them."""
        if Role.LEADER in user.roles:
            return T.id.is_not(None)
        ids = [user.id] + ([user.unit_id] if user.unit_id else [])
        coordinating = select(TaskParticipant.task_id).where(TaskParticipant.assignee_id.in_(ids))
        return or_(
            T.assigned_by == user.id,
            _assignee(T.primary_kind, T.primary_id, user),
            T.id.in_(coordinating),
        )

    @staticmethod
    def _task_dues(s: Session, scope: Any) -> list[tuple[dt.date | None, int]]:
        stmt = (
            select(T.due_date, func.count())
            .where(T.state.in_(_TASK_TODO), scope)
            .group_by(T.due_date)
        )
        return [(d, n) for d, n in s.execute(stmt)]

    def _reminders(self, s: Session, user: CurrentUser, today: dt.date) -> list[TaskReminder]:
        """The user's open tasks near or past their deadline, most urgent first."""
        horizon = working_day_after(today, 2)
        rows = s.execute(
            select(T.id, T.title, T.due_date)
            .where(T.state.in_(_TASK_TODO), self._task_mine(user), T.due_date <= horizon)
            .order_by(T.due_date, T.id)
        ).all()
        found = [
            TaskReminder(tid, title, due, effective_deadline(due), is_overdue(due, today))
            for tid, title, due in rows
            if due is not None and (is_overdue(due, today) or is_near_due(due, today))
        ]
        return found[:REMINDER_LIMIT]

    @staticmethod
    def _schedule_today(s: Session, user: CurrentUser, today: dt.date) -> list[ScheduleItem]:
        """Published entries of today the user chairs or takes part in (leaders: all)."""
        stmt = (
            select(E)
            .join(ScheduleWeek, ScheduleWeek.id == E.week_id)
            .where(
                E.day == today,
                ScheduleWeek.state == ScheduleState.PUBLISHED,
                E.cancelled.is_(False),
            )
            .order_by(E.start_time, E.id)
        )
        if Role.LEADER not in user.roles:
            taking_part = select(P.entry_id).where(_assignee(P.assignee_kind, P.assignee_id, user))
            stmt = stmt.where(or_(E.chair_id == user.id, E.id.in_(taking_part)))
        names = names_by_id(s)
        return [
            ScheduleItem(
                e.id,
                e.start_time,
                e.end_time,
                e.content,
                e.location,
                names.get(e.chair_id or "", ""),
                e.amendment,
            )
            for e in s.scalars(stmt)
        ]

    def _ward(
        self,
        s: Session,
        today: dt.date,
        doc_dues: list[tuple[dt.date | None, int]],
        task_dues: list[tuple[dt.date | None, int]],
        tasks_open: int,
    ) -> WardFigures:
        """This month's and this year's figures of the ward, and what is overdue now."""
        year = Period.year(today.year)
        month = Period.month(today.year, today.month)
        counted = incoming_counts(s, year, GroupBy.MONTH, today)
        found = {k: c for k, c in counted if k}
        by_month = tuple(
            OnTimeRow(k, month_label(k), found.get(k, OnTimeCounts())) for k in year.months()
        )
        this_month = found.get(month.months()[0], OnTimeCounts())
        issued: dict[str, int] = dict(
            s.execute(
                select(func.substr(O.issued_date, 1, 7), func.count())
                .where(
                    O.state == OutgoingState.ISSUED,
                    O.issued_date >= year.start,
                    O.issued_date <= year.end,
                )
                .group_by(func.substr(O.issued_date, 1, 7))
            ).all()
        )
        return WardFigures(
            month=month,
            year=year,
            month_incoming=this_month,
            year_incoming=sum((r.counts for r in by_month), OnTimeCounts()),
            by_month=by_month,
            incoming_overdue=sum(n for due, n in doc_dues if is_overdue(due, today)),
            tasks_open=tasks_open,
            tasks_overdue=sum(n for due, n in task_dues if is_overdue(due, today)),
            month_outgoing_issued=issued.get(month.months()[0], 0),
            year_outgoing_issued=sum(issued.values()),
        )


def _assignee(kind_col: Any, id_col: Any, user: CurrentUser) -> Any:
    """The row names the user, or the user's unit."""
    own = and_(kind_col == AssigneeKind.USER, id_col == user.id)
    if user.unit_id:
        return or_(own, and_(kind_col == AssigneeKind.UNIT, id_col == user.unit_id))
    return own


def _count(s: Session, table: Any, *conds: Any) -> int:
    return s.scalar(select(func.count()).select_from(table).where(*conds)) or 0


def _dashboard_boxes(user: CurrentUser, boxes: Iterable[Box]) -> list[Box]:
    """The incoming lists whose counts the dashboard shows, for this user's roles."""
    wanted = [Box.QUEUE, Box.TO_SUBMIT] if Role.CLERK in user.roles else []
    wanted += [Box.TO_DIRECT] if Role.LEADER in user.roles else []
    wanted += [Box.PENDING, Box.IN_PROGRESS]
    available = set(boxes)
    return [b for b in wanted if b in available]
