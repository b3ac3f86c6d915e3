"""The task lists and their counts, overdue and near-due at the boundaries of the Vietnam day,
the search, who sees what, and reminders at most once a day per task."""

from __future__ import annotations

import datetime as dt

from app.models.enums import AssigneeKind, TaskState
from app.services.incoming_dto import HandlerRef
from app.services.task_dto import TaskBox, TaskForm
from app.timeutil import VN_TZ, FixedClock
from tests.conftest import NOW, Ward
from tests.unit.services.test_outgoing_service import actor

B = TaskBox


def vn(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of a Vietnam day, as the UTC time a clock holds."""
    return dt.datetime.combine(day, dt.time(hour, minute), VN_TZ).astimezone(dt.UTC)


def day(n: int) -> dt.date:
    return dt.date(2026, 11, n)


def assign(w: Ward, title: str, due: dt.date | None, primary: HandlerRef, **kw: object) -> str:
    form = TaskForm(title, primary, due_date=due, **kw)  # type: ignore[arg-type]
    return actor(w.space)("chutich").tasks.assign(form)


def test_overdue_and_near_due_follow_the_vietnam_day(ward: Ward, clock: FixedClock) -> None:
    me = HandlerRef(AssigneeKind.USER, ward.official)
    clock.set(vn(day(10), 9))
    dues = (day(19), day(20), day(21), day(23), day(24), day(25), None)
    ids = {due: assign(ward, f"Việc hạn {due}", due, me) for due in dues}
    clock.set(NOW)  # Friday 20/11, 09:30 in Hà Nội
    tasks = actor(ward.space)("canbo").tasks
    flags = {r.due_date: (r.overdue, r.near_due) for r in tasks.rows(B.MINE)}
    assert flags == {
        day(19): (True, False),  # due yesterday: overdue
        day(20): (False, True),  # due today: near-due, not overdue
        day(21): (False, True),  # a Saturday: runs to Monday 23
        day(23): (False, True),
        day(24): (False, True),  # two working days on (Monday, Tuesday): still near-due
        day(25): (False, False),
        None: (False, False),
    }
    assert [r.due_date for r in tasks.rows(B.MINE)] == list(dues)  # soonest first, none last
    assert tasks.count(B.OVERDUE) == 1

    def overdue() -> set[str]:
        return {r.id for r in tasks.rows(B.OVERDUE)}

    clock.set(vn(day(20), 23, 59))  # the last minute of the due day: still on time
    assert overdue() == {ids[day(19)]}
    clock.set(vn(day(21), 0, 1))  # a minute after midnight in Hà Nội (17:01 UTC the 20th)
    assert clock.now().date() == day(20)
    assert overdue() == {ids[day(19)], ids[day(20)]}
    clock.set(vn(day(23), 0, 1))  # Monday: what was due on Saturday is due today
    assert overdue() == {ids[day(19)], ids[day(20)]}
    assert next(r for r in tasks.rows(B.MINE) if r.id == ids[day(21)]).near_due
    clock.set(vn(day(24), 0, 1))
    assert overdue() == {ids[day(19)], ids[day(20)], ids[day(21)], ids[day(23)]}
    assert tasks.count(B.OVERDUE) == 4

    # a submitted result waits for the assigner: not overdue against the assignee
    tasks.finish(ids[day(19)], "Đã xong.")
    row = next(r for r in tasks.rows(B.MINE) if r.id == ids[day(19)])
    assert (row.overdue, row.near_due, row.awaiting_review) == (False, False, True)
    assert tasks.count(B.OVERDUE) == 3


def test_each_list_and_its_count(ward: Ward, clock: FixedClock) -> None:
    act = actor(ward.space)
    ba = HandlerRef(AssigneeKind.USER, ward.official)
    vp = HandlerRef(AssigneeKind.UNIT, ward.unit_vp)
    dc = HandlerRef(AssigneeKind.UNIT, ward.unit_dc)
    clock.set(vn(day(2), 9))
    late = assign(ward, "Tổng hợp báo cáo kinh tế - xã hội", day(10), vp)
    mine = assign(ward, "Rà soát hộ nghèo", day(30), ba, coordinators=(dc,))
    theirs = assign(ward, "Cấp phép xây dựng", None, dc, coordinators=(ba,))
    done = assign(ward, "Kiểm tra an toàn thực phẩm", None, ba)
    act("canbo").tasks.finish(done, "Đã kiểm tra 14 cơ sở.")
    act("chutich").tasks.accept(done)
    cancelled = assign(ward, "Việc đã hủy", None, ba)
    act("chutich").tasks.cancel(cancelled, "Trùng việc khác.")
    clock.set(NOW)

    def ids(login: str, box: TaskBox, text: str = "") -> set[str]:
        return {r.id for r in act(login).tasks.rows(box, text)}

    assert act("chutich").tasks.boxes() == list(TaskBox)
    assert B.BY_ME not in act("canbo").tasks.boxes()
    assert ids("chutich", B.BY_ME) == {late, mine, theirs}
    assert ids("chutich", B.UNIT) == {late, mine, theirs, done, cancelled}  # a leader: all
    assert ids("chutich", B.OVERDUE) == {late}
    assert ids("chutich", B.DONE) == {done}
    assert ids("canbo", B.MINE) == {late, mine}  # personally, and through the unit
    assert ids("canbo2", B.MINE) == {late}
    assert ids("canbo", B.COORDINATING) == {theirs}
    assert ids("diachinh", B.COORDINATING) == {mine}
    assert ids("diachinh", B.MINE) == {theirs}
    assert ids("canbo", B.UNIT) == {late, mine, done, cancelled}
    assert ids("canbo2", B.UNIT) == {late}  # a colleague's own tasks are not theirs to see
    assert ids("diachinh", B.UNIT) == {theirs}
    assert ids("diachinh", B.OVERDUE) == set()  # not theirs to see
    assert ids("canbo", B.OVERDUE) == {late}
    assert ids("canbo", B.DONE) == {done}
    assert ids("diachinh", B.DONE) == set()
    assert act("canbo").tasks.counts() == {
        B.MINE: 2,
        B.COORDINATING: 1,
        B.UNIT: 4,
        B.OVERDUE: 1,
        B.DONE: 1,
    }
    assert act("chutich").tasks.counts()[B.BY_ME] == 3
    # the search ignores diacritics and case, "d" finds "đ"
    assert ids("chutich", B.UNIT, "ra soat HO NGHEO") == {mine}
    assert ids("chutich", B.UNIT, "viec da huy") == {cancelled}
    assert ids("chutich", B.UNIT, "50%_") == set()


def test_reminders_come_once_a_day_per_task(ward: Ward, clock: FixedClock) -> None:
    act = actor(ward.space)
    ba = HandlerRef(AssigneeKind.USER, ward.official)
    vp = HandlerRef(AssigneeKind.UNIT, ward.unit_vp)
    dc = HandlerRef(AssigneeKind.UNIT, ward.unit_dc)
    clock.set(vn(day(10), 9))
    overdue = assign(ward, "Quá hạn", day(19), ba)
    today = assign(ward, "Hạn hôm nay", day(20), vp)
    later = assign(ward, "Hạn thứ Tư", day(25), ba)
    assign(ward, "Không có hạn", None, ba)
    assign(ward, "Phối hợp", day(20), dc, coordinators=(ba,))  # coordinators are not reminded
    waiting = assign(ward, "Đã báo cáo", day(20), ba)
    act("canbo").tasks.finish(waiting, "Xong.")
    clock.set(NOW)

    first = act("canbo").tasks.due_reminders()
    assert [r.id for r in first] == [overdue, today]  # by due date
    assert [r.overdue for r in first] == [True, False]
    assert act("canbo").tasks.due_reminders() == []  # the same day: nothing again
    clock.advance(dt.timedelta(hours=6))
    assert act("canbo").tasks.due_reminders() == []
    assert [r.id for r in act("canbo2").tasks.due_reminders()] == [today]  # per user

    clock.set(vn(day(23), 7, 30))  # Monday morning: Wednesday is two working days on
    assert [r.id for r in act("canbo").tasks.due_reminders()] == [overdue, today, later]
    assert act("canbo").tasks.due_reminders() == []
    act("canbo").tasks.finish(today, "Đã nộp báo cáo.")
    clock.set(vn(day(24), 7, 30))
    reminded = act("canbo").tasks.due_reminders()
    assert [r.id for r in reminded] == [overdue, later]
    assert all(r.state != TaskState.SUBMITTED for r in reminded)
