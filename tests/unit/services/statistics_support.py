"""Helpers of the statistics and dashboard tests: documents through the real incoming service,
tasks and schedule entries as projection rows (their services are not what is tested here).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from pathlib import Path

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
    ScheduleState,
    TaskState,
)
from app.services.auth import CurrentUser
from app.services.incoming_dto import AssignmentDraft, HandlerRef, IncomingDraft
from app.services.space import Space
from app.timeutil import VN_TZ, FixedClock
from tests.conftest import Ward

_ids = itertools.count(1)


def vn(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A Vietnam wall time as an aware UTC datetime (what a FixedClock holds)."""
    return dt.datetime.combine(day, dt.time(hour, minute), VN_TZ).astimezone(dt.UTC)


def naive_utc(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A Vietnam wall time as the naive UTC datetime the database stores."""
    return vn(day, hour, minute).replace(tzinfo=None)


def actor(space: Space) -> Callable[[str], Space]:
    """Act as a user without the cost of a password check."""

    def act(login: str) -> Space:
        info = next(u for u in space.directory.users() if u.login == login)
        space.auth.set(
            CurrentUser(
                info.id, info.login, info.full_name, info.position, info.unit_id, info.roles
            )
        )
        return space

    return act


def pdf(folder: Path, n: int) -> Path:
    """A small distinct PDF (the queue refuses the same file twice)."""
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"van-ban-{n}.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, f"Cong van so {n}/UBND-VP ngay {n}")
    c.save()
    return path


def assigned_document(
    w: Ward,
    folder: Path,
    n: int,
    *,
    arrival: dt.date,
    due: dt.date | None,
    primary: HandlerRef,
) -> str:
    """A document queued, registered (arriving on `arrival`), submitted and assigned, now."""
    act = actor(w.space)
    doc_id = act("vanthu").incoming.queue_file(pdf(folder, n))
    draft = IncomingDraft(
        code_number=str(100 + n),
        code_notation="UBND-VP",
        document_date=arrival,
        issuing_agency="UBND thành phố Hà Nội",
        doc_type="Công văn",
        summary=f"V/v kiểm tra số {n}",
        arrival_date=arrival,
    )
    act("vanthu").incoming.register(doc_id, draft)
    act("vanthu").incoming.submit(doc_id, w.leader)
    act("chutich").incoming.assign(doc_id, AssignmentDraft("Giao xử lý.", primary, due_date=due))
    return doc_id


def complete(w: Ward, clock: FixedClock, doc_id: str, login: str, at: dt.datetime) -> None:
    """`login` completes the document at `at` (the clock moves there; it never goes back)."""
    clock.set(at)
    actor(w.space)(login).incoming.complete(doc_id, "Đã xử lý xong.")


def add_incoming(
    space: Space,
    *,
    arrival: dt.date,
    due: dt.date | None,
    state: IncomingState = IncomingState.ASSIGNED,
    primary: tuple[AssigneeKind, str] | None = None,
    status: HandlingStatus = HandlingStatus.PENDING,
    completed_at: dt.datetime | None = None,
    completed_by: str | None = None,
    submitted_to: str | None = None,
) -> str:
    """An incoming document row (and its primary assignment) put straight into the projection."""
    doc_id = f"inc{next(_ids)}"
    with space.db.write.begin() as s:
        s.add(
            IncomingDocument(
                id=doc_id,
                state=state,
                source="manual",
                file_name=f"{doc_id}.pdf",
                blob="0" * 64,
                queued_at=naive_utc(arrival, 8),
                queued_by="x",
                year=arrival.year,
                arrival_number=next(_ids),
                arrival_date=arrival,
                summary=f"Văn bản {doc_id}",
                due_date=due,
                completed_at=completed_at,
                completed_by=completed_by,
                submitted_to=submitted_to,
            )
        )
        if primary is not None:
            s.add(
                IncomingAssignment(
                    document_id=doc_id,
                    assignee_kind=primary[0],
                    assignee_id=primary[1],
                    role=AssignmentRole.PRIMARY,
                    status=status,
                    updated_at=naive_utc(arrival, 10),
                )
            )
    return doc_id


def add_task(
    space: Space,
    *,
    assigned_by: str,
    primary: tuple[AssigneeKind, str],
    unit_id: str | None,
    due: dt.date | None,
    state: TaskState = TaskState.ASSIGNED,
    assigned_at: dt.datetime | None = None,
    finished_at: dt.datetime | None = None,
    coordinators: Iterable[tuple[AssigneeKind, str]] = (),
    title: str = "",
) -> str:
    """A task row with its participants, as the tasks reducers would leave it."""
    task_id = f"task{next(_ids)}"
    with space.db.write.begin() as s:
        s.add(
            Task(
                id=task_id,
                title=title or f"Công việc {task_id}",
                state=state,
                priority="normal",
                source="",
                assigned_by=assigned_by,
                assigned_at=assigned_at or naive_utc(dt.date(2026, 11, 2)),
                primary_kind=primary[0],
                primary_id=primary[1],
                unit_id=unit_id,
                due_date=due,
                finished_at=finished_at,
            )
        )
        s.add(
            TaskParticipant(
                task_id=task_id,
                assignee_kind=primary[0],
                assignee_id=primary[1],
                role=AssignmentRole.PRIMARY,
            )
        )
        for kind, ident in coordinators:
            s.add(
                TaskParticipant(
                    task_id=task_id,
                    assignee_kind=kind,
                    assignee_id=ident,
                    role=AssignmentRole.COORDINATE,
                )
            )
    return task_id


def add_schedule_entry(
    space: Space,
    *,
    day: dt.date,
    start: str,
    content: str,
    chair: str | None = None,
    participants: Iterable[tuple[AssigneeKind, str]] = (),
    state: ScheduleState = ScheduleState.PUBLISHED,
    cancelled: bool = False,
    location: str = "Phòng họp tầng 2",
) -> str:
    """An entry of the week holding `day` (the week is made with `state` when missing)."""
    iso = day.isocalendar()
    week_id = f"{iso.year}-W{iso.week:02d}"
    entry_id = f"entry{next(_ids)}"
    with space.db.write.begin() as s:
        if s.get(ScheduleWeek, week_id) is None:
            monday = day - dt.timedelta(days=day.weekday())
            s.add(ScheduleWeek(id=week_id, monday=monday, state=state, version=1))
        s.add(
            ScheduleEntry(
                id=entry_id,
                week_id=week_id,
                day=day,
                session="morning" if start < "12:00" else "afternoon",
                start_time=start,
                content=content,
                chair_id=chair,
                location=location,
                cancelled=cancelled,
                created_by="x",
                created_at=naive_utc(day, 7),
            )
        )
        for kind, ident in participants:
            s.add(ScheduleParticipant(entry_id=entry_id, assignee_kind=kind, assignee_id=ident))
    return entry_id


def add_outgoing(
    space: Space,
    *,
    state: OutgoingState,
    signer: str,
    created_by: str,
    doc_type: str = "cong_van",
    unit_id: str | None = None,
    created_at: dt.datetime | None = None,
    issued_at: dt.datetime | None = None,
) -> str:
    """An outgoing document row in `state` (issued ones get their date from `issued_at`)."""
    doc_id = f"out{next(_ids)}"
    with space.db.write.begin() as s:
        s.add(
            OutgoingDocument(
                id=doc_id,
                state=state,
                doc_type=doc_type,
                summary=f"Văn bản đi {doc_id}",
                notation="UBND-VP",
                drafting_unit_id=unit_id,
                created_by=created_by,
                created_at=created_at or naive_utc(dt.date(2026, 11, 2)),
                signer_id=signer,
                issued_at=issued_at,
                issued_date=(
                    issued_at.replace(tzinfo=dt.UTC).astimezone(VN_TZ).date() if issued_at else None
                ),
            )
        )
    return doc_id


def populate(w: Ward) -> None:
    """A busy ward around Friday 20/11/2026 (rows A-G, T1-T6: see the dashboard tests).

    Incoming: A canbo's, overdue; B the VP unit's, in progress, due today; C Đức's, overdue;
    D waiting for the chairman; E queued; F registered; G completed on time.
    Tasks from the chairman: T1 canbo's, overdue; T2 the VP unit's, due today; T3 Đức's, due
    Monday, canbo coordinates; T4 Đức's, overdue; T5 canbo's, reported done; T6 done.
    Outgoing: one waiting for the chairman's signature, one signed, one issued on 05/11.
    Today's schedule: 08:00 chaired by the chairman; 14:00 with the VP unit; a cancelled one.
    """
    sp = w.space
    user, unit = AssigneeKind.USER, AssigneeKind.UNIT
    today = dt.date(2026, 11, 20)
    nov = dt.date(2026, 11, 2)
    # incoming
    add_incoming(
        sp, arrival=nov, due=dt.date(2026, 11, 19), primary=(user, w.official)
    )  # A overdue
    add_incoming(  # B: the VP unit's, in progress, due today
        sp, arrival=nov, due=today, primary=(unit, w.unit_vp), status=HandlingStatus.IN_PROGRESS
    )
    add_incoming(
        sp, arrival=nov, due=dt.date(2026, 11, 18), primary=(user, w.official_dc)
    )  # C overdue
    add_incoming(  # D: waiting for the leader
        sp, arrival=nov, due=None, state=IncomingState.SUBMITTED, submitted_to=w.leader
    )
    add_incoming(sp, arrival=today, due=None, state=IncomingState.QUEUED)  # E
    add_incoming(sp, arrival=nov, due=None, state=IncomingState.REGISTERED)  # F
    add_incoming(  # G: completed on time
        sp,
        arrival=nov,
        due=dt.date(2026, 11, 10),
        state=IncomingState.COMPLETED,
        primary=(user, w.official),
        status=HandlingStatus.DONE,
        completed_at=naive_utc(dt.date(2026, 11, 9)),
        completed_by=w.official,
    )

    # tasks, all given by the chairman
    def task(**kw: object) -> str:
        return add_task(sp, assigned_by=w.leader, **kw)  # type: ignore[arg-type]

    task(  # T1 overdue
        primary=(user, w.official),
        unit_id=w.unit_vp,
        due=dt.date(2026, 11, 19),
        state=TaskState.IN_PROGRESS,
        title="Báo cáo dân số quý IV",
    )
    task(primary=(unit, w.unit_vp), unit_id=w.unit_vp, due=today, title="Rà soát hộ nghèo")  # T2
    task(  # T3: near due for Đức, canbo coordinates
        primary=(user, w.official_dc),
        unit_id=w.unit_dc,
        due=dt.date(2026, 11, 23),
        coordinators=[(user, w.official)],
    )
    task(primary=(user, w.official_dc), unit_id=w.unit_dc, due=dt.date(2026, 11, 10))  # T4 overdue
    task(  # T5 reported done, waiting for the chairman
        primary=(user, w.official),
        unit_id=w.unit_vp,
        due=dt.date(2026, 11, 10),
        state=TaskState.SUBMITTED,
        finished_at=naive_utc(dt.date(2026, 11, 9)),
    )
    task(  # T6 done on time
        primary=(user, w.official),
        unit_id=w.unit_vp,
        due=today,
        state=TaskState.DONE,
        finished_at=naive_utc(dt.date(2026, 11, 19)),
    )
    # outgoing
    add_outgoing(sp, state=OutgoingState.READY_TO_SIGN, signer=w.leader, created_by=w.official)
    add_outgoing(sp, state=OutgoingState.SIGNED, signer=w.leader, created_by=w.official)
    add_outgoing(
        sp,
        state=OutgoingState.ISSUED,
        signer=w.leader,
        created_by=w.official,
        issued_at=naive_utc(dt.date(2026, 11, 5)),
    )
    # today's schedule
    add_schedule_entry(sp, day=today, start="08:00", content="Giao ban tuần", chair=w.leader)
    add_schedule_entry(
        sp,
        day=today,
        start="14:00",
        content="Họp rà soát hồ sơ đất đai",
        chair=w.leader,
        participants=[(unit, w.unit_vp)],
    )
    add_schedule_entry(
        sp,
        day=today,
        start="09:00",
        content="Hoãn",
        participants=[(user, w.official)],
        cancelled=True,
    )
    add_schedule_entry(
        sp,
        day=dt.date(2026, 11, 19),
        start="09:00",
        content="Hôm qua",
        participants=[(user, w.official)],
    )
    add_schedule_entry(  # a draft week's entry is not on anybody's agenda
        sp, day=dt.date(2026, 11, 27), start="09:00", content="Dự thảo", state=ScheduleState.DRAFT
    )
