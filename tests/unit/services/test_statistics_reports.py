"""On-time reports by unit, person and month on hand-made data: incoming documents through the
real incoming service (with the clock moved to each boundary), tasks and outgoing documents as
projection rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import PermissionDenied, ValidationError
from app.models.enums import AssigneeKind, IncomingState, OutgoingState, TaskState
from app.services.incoming_dto import HandlerRef
from app.services.statistics_dto import (
    GroupBy,
    OnTimeCounts,
    OnTimeReport,
    OutgoingReport,
    Period,
    ReportKind,
)
from app.timeutil import FixedClock
from tests.conftest import MemoryKeyring, Ward, make_ward
from tests.unit.services.statistics_support import (
    actor,
    add_incoming,
    add_outgoing,
    add_task,
    assigned_document,
    complete,
    naive_utc,
    pdf,
    vn,
)

D = dt.date
FRI = D(2026, 11, 20)  # the ward's clock starts on this Friday morning
NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def boundary_ward(
    tmp_path: Path, clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Ward]:
    """Documents handled around their deadlines; the clock ends on Wednesday 25/11 at 10:00.

    doc  primary        due          done                   expected
    d1   canbo          Fri 20/11    Fri 23:59 (canbo)      on time (23:59 Vietnam time)
    d2   unit ĐC        Fri 20/11    Sat 00:00 (diachinh)   late (00:00 the next day)
    d3   canbo2         Sat 21/11    Mon 23/11 16:00        on time (weekend → Monday)
    d4   diachinh       Sat 21/11    Tue 24/11 09:00        late
    d5   unit VP        Tue 24/11    open                   overdue on Wednesday
    d6   canbo          none         Tue 24/11              no deadline
    d7   canbo2         Fri 27/11    open                   not yet due
    d8   canbo          (arrived 30/10, done Tue 24/11)     October, on time
    """
    w = make_ward(tmp_path / "space", clock, memory_keyring)
    files = tmp_path / "files"
    user = AssigneeKind.USER
    unit = AssigneeKind.UNIT

    def doc(n: int, due: D | None, primary: HandlerRef, arrival: D = FRI) -> str:
        return assigned_document(w, files, n, arrival=arrival, due=due, primary=primary)

    d1 = doc(1, FRI, HandlerRef(user, w.official))
    d2 = doc(2, FRI, HandlerRef(unit, w.unit_dc))
    d3 = doc(3, D(2026, 11, 21), HandlerRef(user, w.official2))
    d4 = doc(4, D(2026, 11, 21), HandlerRef(user, w.official_dc))
    doc(5, D(2026, 11, 24), HandlerRef(unit, w.unit_vp))
    d6 = doc(6, None, HandlerRef(user, w.official))
    doc(7, D(2026, 11, 27), HandlerRef(user, w.official2))
    d8 = doc(8, D(2026, 12, 4), HandlerRef(user, w.official), arrival=D(2026, 10, 30))
    complete(w, clock, d1, "canbo", vn(FRI, 23, 59))
    complete(w, clock, d2, "diachinh", vn(D(2026, 11, 21), 0, 0))
    complete(w, clock, d3, "canbo2", vn(D(2026, 11, 23), 16))
    complete(w, clock, d4, "diachinh", vn(D(2026, 11, 24), 9))
    complete(w, clock, d6, "canbo", vn(D(2026, 11, 24), 10))
    complete(w, clock, d8, "canbo", vn(D(2026, 11, 24), 11))
    # Neither a discarded scan nor one still in the queue counts.
    act = actor(w.space)
    act("vanthu").incoming.queue_file(pdf(files, 9))
    act("vanthu").incoming.discard(act("vanthu").incoming.queue_file(pdf(files, 10)), "Gửi nhầm")
    clock.set(vn(D(2026, 11, 25), 10))
    act("chutich")
    yield w
    w.space.close()


def rows(report: OnTimeReport) -> dict[str, OnTimeCounts]:
    return {r.label: r.counts for r in report.rows}


def test_incoming_by_unit(boundary_ward: Ward) -> None:
    report = boundary_ward.space.statistics.report(ReportKind.INCOMING, NOVEMBER, GroupBy.UNIT)
    assert isinstance(report, OnTimeReport)
    assert rows(report) == {
        "Văn phòng - Thống kê": OnTimeCounts(on_time=2, overdue=1, pending=1, no_deadline=1),
        "Địa chính - Xây dựng": OnTimeCounts(late=2),
    }
    assert report.total == OnTimeCounts(on_time=2, late=2, overdue=1, pending=1, no_deadline=1)
    assert report.total.rate == pytest.approx(2 / 5)
    by_label = {r.label: r for r in report.rows}
    assert by_label["Văn phòng - Thống kê"].counts.rate == pytest.approx(2 / 3)
    assert by_label["Địa chính - Xây dựng"].counts.rate == 0


def test_incoming_by_person_credits_whoever_completed_a_unit_assignment(
    boundary_ward: Ward,
) -> None:
    report = boundary_ward.space.statistics.report(ReportKind.INCOMING, NOVEMBER, GroupBy.PERSON)
    assert isinstance(report, OnTimeReport)
    assert rows(report) == {
        "Lê Văn Ba": OnTimeCounts(on_time=1, no_deadline=1),
        "Phạm Thu Hà": OnTimeCounts(on_time=1, pending=1),
        "Đỗ Minh Đức": OnTimeCounts(late=2),
        "Chưa xác định cá nhân": OnTimeCounts(overdue=1),  # d5: a unit's, still open
    }
    assert report.rows[-1].key == ""  # the one without a person comes last


def test_incoming_by_month_of_arrival(boundary_ward: Ward) -> None:
    year = Period.year(2026)
    report = boundary_ward.space.statistics.report(ReportKind.INCOMING, year, GroupBy.MONTH)
    assert isinstance(report, OnTimeReport)
    assert [r.key for r in report.rows] == [f"2026-{m:02d}" for m in range(1, 13)]
    counts = rows(report)
    assert counts["Tháng 10/2026"] == OnTimeCounts(on_time=1)
    assert counts["Tháng 11/2026"].total == 7
    assert counts["Tháng 1/2026"] == OnTimeCounts()
    assert report.total.total == 8


def test_the_report_is_as_of_today(boundary_ward: Ward, clock: FixedClock) -> None:
    stats = boundary_ward.space.statistics
    clock.set(vn(D(2026, 11, 24), 10))  # on Tuesday d5 (due Tuesday) is not yet overdue
    report = stats.report(ReportKind.INCOMING, NOVEMBER, GroupBy.MONTH)
    assert isinstance(report, OnTimeReport)
    assert (report.total.overdue, report.total.pending) == (0, 2)


def test_tasks_by_unit_person_and_month(ward: Ward, clock: FixedClock) -> None:
    user, unit = AssigneeKind.USER, AssigneeKind.UNIT
    space = ward.space
    leader = ward.leader

    def task(**kw: object) -> str:
        return add_task(space, assigned_by=leader, **kw)  # type: ignore[arg-type]

    on_nov = naive_utc(D(2026, 11, 2))
    # done at 23:59 on the due date, accepted later: on time
    task(
        primary=(user, ward.official),
        unit_id=ward.unit_vp,
        due=FRI,
        state=TaskState.DONE,
        assigned_at=on_nov,
        finished_at=naive_utc(FRI, 23, 59),
    )
    # reported done 00:00 the next day, waiting for acceptance: judged late by finished_at
    task(
        primary=(user, ward.official),
        unit_id=ward.unit_vp,
        due=FRI,
        state=TaskState.SUBMITTED,
        assigned_at=on_nov,
        finished_at=naive_utc(D(2026, 11, 21), 0, 0),
    )
    # submitted on Monday for a Saturday deadline: on time
    task(
        primary=(unit, ward.unit_dc),
        unit_id=ward.unit_dc,
        due=D(2026, 11, 21),
        state=TaskState.SUBMITTED,
        assigned_at=on_nov,
        finished_at=naive_utc(D(2026, 11, 23), 15),
    )
    # open past the deadline, open not yet due, no deadline, cancelled (left out)
    task(primary=(user, ward.official_dc), unit_id=ward.unit_dc, due=D(2026, 11, 19))
    task(primary=(user, ward.official2), unit_id=ward.unit_vp, due=D(2026, 11, 30))
    task(
        primary=(user, ward.official2), unit_id=ward.unit_vp, due=None, state=TaskState.IN_PROGRESS
    )
    task(
        primary=(user, ward.official2),
        unit_id=ward.unit_vp,
        due=D(2026, 11, 3),
        state=TaskState.CANCELLED,
    )
    # assigned at 23:30 on 31/10 Vietnam time (16:30 UTC): an October task
    task(
        primary=(user, ward.official),
        unit_id=ward.unit_vp,
        due=D(2026, 11, 5),
        state=TaskState.DONE,
        assigned_at=naive_utc(D(2026, 10, 31), 23, 30),
        finished_at=naive_utc(D(2026, 11, 4), 10),
    )
    clock.set(vn(D(2026, 11, 23), 9))  # Monday
    stats = actor(space)("chutich").statistics

    by_unit = stats.report(ReportKind.TASKS, NOVEMBER, GroupBy.UNIT)
    assert isinstance(by_unit, OnTimeReport)
    assert rows(by_unit) == {
        "Văn phòng - Thống kê": OnTimeCounts(on_time=1, late=1, pending=1, no_deadline=1),
        "Địa chính - Xây dựng": OnTimeCounts(on_time=1, overdue=1),
    }
    by_person = stats.report(ReportKind.TASKS, NOVEMBER, GroupBy.PERSON)
    assert isinstance(by_person, OnTimeReport)
    assert rows(by_person) == {
        "Lê Văn Ba": OnTimeCounts(on_time=1, late=1),
        "Phạm Thu Hà": OnTimeCounts(pending=1, no_deadline=1),
        "Đỗ Minh Đức": OnTimeCounts(overdue=1),
        "Giao cho đơn vị": OnTimeCounts(on_time=1),
    }
    by_month = stats.report(ReportKind.TASKS, Period.between(D(2026, 10, 1), FRI), GroupBy.MONTH)
    assert isinstance(by_month, OnTimeReport)
    assert rows(by_month)["Tháng 10/2026"] == OnTimeCounts(on_time=1)
    assert rows(by_month)["Tháng 11/2026"].total == 6


def test_outgoing_report(ward: Ward, clock: FixedClock) -> None:
    space = ward.space
    issued = OutgoingState.ISSUED

    def out(**kw: object) -> str:
        return add_outgoing(space, created_by=ward.official, **kw)  # type: ignore[arg-type]

    out(
        state=issued,
        signer=ward.leader,
        doc_type="quyet_dinh",
        unit_id=ward.unit_vp,
        created_at=naive_utc(D(2026, 11, 2), 8),
        issued_at=naive_utc(D(2026, 11, 4), 8),
    )
    out(
        state=issued,
        signer=ward.leader,
        doc_type="cong_van",
        unit_id=ward.unit_vp,
        created_at=naive_utc(D(2026, 11, 2), 8),
        issued_at=naive_utc(D(2026, 11, 6), 8),
    )
    out(
        state=issued,
        signer=ward.leader,
        doc_type="cong_van",
        unit_id=ward.unit_dc,
        created_at=naive_utc(D(2026, 10, 1), 8),
        issued_at=naive_utc(D(2026, 11, 12), 8),
    )
    out(  # issued in October: not in November's figures
        state=issued,
        signer=ward.leader,
        unit_id=ward.unit_dc,
        created_at=naive_utc(D(2026, 10, 1), 8),
        issued_at=naive_utc(D(2026, 10, 2), 8),
    )
    out(state=OutgoingState.DRAFT, signer=ward.leader, unit_id=ward.unit_dc)
    out(state=OutgoingState.RETURNED, signer=ward.leader, unit_id=ward.unit_dc)
    out(state=OutgoingState.FORM_REVIEW, signer=ward.leader, unit_id=ward.unit_vp)
    out(state=OutgoingState.READY_TO_SIGN, signer=ward.leader, unit_id=ward.unit_vp)
    out(state=OutgoingState.SIGNED, signer=ward.leader, unit_id=ward.unit_vp)
    report = actor(space)("vanthu").statistics.report(ReportKind.OUTGOING, NOVEMBER)
    assert isinstance(report, OutgoingReport)
    assert report.issued == 3
    assert [(r.label, r.count) for r in report.by_type] == [("Công văn", 2), ("Quyết định", 1)]
    assert {r.label: (r.count, r.in_progress) for r in report.by_unit} == {
        "Văn phòng - Thống kê": (2, 3),
        "Địa chính - Xây dựng": (1, 2),
    }
    assert [(r.label, r.count) for r in report.by_signer] == [("Trần Văn Nam", 3)]
    assert [(r.key, r.count) for r in report.by_month] == [("2026-11", 3)]
    assert [r.count for r in report.in_progress] == [2, 1, 0, 1, 1]
    assert report.median_days == 4.0  # 2, 4 and 42 days


def test_reports_are_for_leaders_and_clerks(ward: Ward) -> None:
    stats = actor(ward.space)("canbo").statistics
    with pytest.raises(PermissionDenied):
        stats.report(ReportKind.INCOMING, NOVEMBER, GroupBy.UNIT)
    with pytest.raises(PermissionDenied):
        stats.report(ReportKind.OUTGOING, NOVEMBER)


def test_bad_periods_get_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        Period.between(D(2026, 11, 30), D(2026, 11, 1))
    with pytest.raises(ValidationError, match="Tháng phải từ 1 đến 12"):
        Period.month(2026, 13)
    with pytest.raises(ValidationError, match="Quý phải từ 1 đến 4"):
        Period.quarter(2026, 0)
    assert Period.quarter(2026, 4).start == D(2026, 10, 1)
    assert Period.quarter(2026, 1).end == D(2026, 3, 31)
    assert Period.month(2028, 2).end == D(2028, 2, 29)
    assert Period.year(2026).line == "(Từ ngày 01/01/2026 đến ngày 31/12/2026)"


def test_directly_inserted_states_outside_the_register_are_left_out(ward: Ward) -> None:
    space = ward.space
    for state in (IncomingState.QUEUED, IncomingState.DISCARDED, IncomingState.INTERNAL):
        add_incoming(space, arrival=FRI, due=FRI, state=state)
    add_incoming(space, arrival=FRI, due=None, state=IncomingState.SUBMITTED)
    report = actor(space)("chutich").statistics.report(ReportKind.INCOMING, NOVEMBER, GroupBy.UNIT)
    assert isinstance(report, OnTimeReport)
    assert [(r.label, r.counts) for r in report.rows] == [
        ("Chưa phân công", OnTimeCounts(no_deadline=1))
    ]
