"""The weekly schedule through the service: draft → submit → return → publish, amendments with
their history, what a published week refuses, who may do what, and bad input."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from app.errors import Conflict, PermissionDenied, ValidationError
from app.models.enums import AssigneeKind, DaySession, Role, ScheduleState
from app.services.directory import UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.schedule_dto import EntryForm, WeekAction
from app.services.space import Space
from tests.conftest import Ward
from tests.unit.services.test_outgoing_service import actor

WEEK = "2026-W48"  # 23/11/2026 – 29/11/2026; the clock stands on Friday 20/11/2026
MONDAY = dt.date(2026, 11, 23)


def entry(w: Ward, **overrides: object) -> EntryForm:
    """A Monday-morning meeting chaired by the ward's chairman."""
    values: dict[str, object] = {
        "day": MONDAY,
        "start_time": "08:00",
        "end_time": "10:00",
        "content": "Giao ban công tác tuần của Thường trực UBND phường",
        "chair_id": w.leader,
        "participants": (HandlerRef(AssigneeKind.UNIT, w.unit_vp),),
        "location": "Phòng họp số 1",
        "preparing_unit_id": w.unit_vp,
    }
    values.update(overrides)
    return EntryForm(**values)  # type: ignore[arg-type]


@pytest.fixture
def act(ward: Ward) -> Callable[[str], Space]:
    return actor(ward.space)


def published_week(w: Ward, act: Callable[[str], Space]) -> str:
    """A week with one entry, submitted by the clerk and published by the chairman."""
    entry_id = act("vanthu").schedule.add_entry(entry(w)).entry_ids[0]
    act("vanthu").schedule.submit(WEEK)
    act("chutich").schedule.publish(WEEK)
    return entry_id


def test_draft_submit_return_submit_publish(ward: Ward, act: Callable[[str], Space]) -> None:
    sp = act("canbo")  # an official drafts too
    result = sp.schedule.add_entry(entry(ward), week_id=WEEK)
    assert result.warnings == ()
    assert result.changes.schedule == frozenset({WEEK})
    week = sp.schedule.week(WEEK)
    assert (week.state, week.version, week.exists) == (ScheduleState.DRAFT, 0, True)
    [shown] = week.entries
    assert shown.session == DaySession.MORNING  # from 08:00
    assert shown.chair is not None
    assert shown.chair.title == "Chủ tịch Trần Văn Nam"
    assert shown.participants_text == "Văn phòng - Thống kê"
    assert week.actions == {WeekAction.ADD, WeekAction.EDIT, WeekAction.SUBMIT}

    sp.schedule.submit(WEEK, "Kính trình lãnh đạo xem xét.")
    assert act("chutich").schedule.week(WEEK).actions >= {WeekAction.PUBLISH, WeekAction.RETURN}
    with pytest.raises(ValidationError, match="lý do"):
        act("chutich").schedule.return_week(WEEK, "  ")
    act("chutich").schedule.return_week(WEEK, "Bổ sung thành phần dự họp.")
    week = act("vanthu").schedule.week(WEEK)
    assert (week.state, week.return_reason) == (ScheduleState.DRAFT, "Bổ sung thành phần dự họp.")
    with pytest.raises(Conflict, match="chưa được trình"):
        act("chutich").schedule.publish(WEEK)

    act("vanthu").schedule.submit(WEEK)
    act("chutich").schedule.publish(WEEK, seen_digest=act("chutich").schedule.week(WEEK).digest)
    week = act("vanthu").schedule.week(WEEK)
    assert (week.state, week.version, week.return_reason) == (ScheduleState.PUBLISHED, 1, "")
    assert week.published_by is not None
    assert week.published_by.name == "Trần Văn Nam"
    assert week.actions == {WeekAction.AMEND}  # the clerk may amend
    assert act("canbo").schedule.week(WEEK).actions == frozenset()  # an official may not
    assert [h.action for h in week.history] == [
        "Thêm lịch",
        "Trình duyệt",
        "Trả lại",
        "Trình duyệt",
        "Duyệt và ban hành",
    ]
    assert week.history[1].text == "Kính trình lãnh đạo xem xét."
    assert week.history[2].text == "Bổ sung thành phần dự họp."
    with pytest.raises(Conflict, match="đã ban hành rồi"):
        act("chutich").schedule.publish(WEEK)


def test_amendments_after_publication_say_what_changed_when_and_by_whom(
    ward: Ward, act: Callable[[str], Space], clock: object
) -> None:
    first = published_week(ward, act)
    moved = dataclasses.replace(entry(ward), start_time="09:00", location="Hội trường")
    act("vanthu").schedule.update_entry(first, moved, amendment=True)
    added = act("chutich").schedule.add_entry(
        entry(ward, day=MONDAY + dt.timedelta(days=2), content="Làm việc với Đoàn kiểm tra"),
        amendment=True,
    )
    act("vanthu").schedule.cancel_entry(added.entry_ids[0], "Đoàn lùi lịch.", amendment=True)

    week = act("vanthu").schedule.week(WEEK)
    assert week.version == 4  # published, then three amendments
    assert week.state == ScheduleState.PUBLISHED
    by_content = {e.content: e for e in week.entries}
    changed = by_content["Giao ban công tác tuần của Thường trực UBND phường"]
    assert (changed.amendment, changed.amended_by, changed.start_time) == (
        "changed",
        "Nguyễn Thị Hoa",
        "09:00",
    )
    assert changed.amended_at is not None
    assert changed.sequence == 1
    cancelled = by_content["Làm việc với Đoàn kiểm tra"]
    assert (cancelled.cancelled, cancelled.amendment) == (True, "cancelled")  # kept, marked
    amendments = [h for h in week.history if h.amendment]
    assert [h.action for h in amendments] == ["Điều chỉnh lịch", "Bổ sung lịch", "Hủy lịch"]
    assert [h.actor for h in amendments] == ["Nguyễn Thị Hoa", "Trần Văn Nam", "Nguyễn Thị Hoa"]
    assert "Giờ bắt đầu: 08:00 → 09:00" in amendments[0].text
    assert "Địa điểm: Phòng họp số 1 → Hội trường" in amendments[0].text
    assert "Lý do: Đoàn lùi lịch." in amendments[2].text


def test_a_published_week_refuses_changes_that_are_not_amendments(
    ward: Ward, act: Callable[[str], Space]
) -> None:
    first = published_week(ward, act)
    sp = act("vanthu")
    with pytest.raises(Conflict, match="đã ban hành"):
        sp.schedule.add_entry(entry(ward, start_time="14:00", end_time=None))
    with pytest.raises(Conflict, match="đã ban hành"):
        sp.schedule.update_entry(first, entry(ward, content="Nội dung khác"))
    with pytest.raises(Conflict, match="đã ban hành"):
        sp.schedule.cancel_entry(first)
    with pytest.raises(Conflict, match="đã ban hành"):
        sp.schedule.submit(WEEK)
    with pytest.raises(PermissionDenied, match="văn thư hoặc lãnh đạo"):
        act("canbo").schedule.add_entry(
            entry(ward, start_time="14:00", end_time=None), amendment=True
        )
    week = sp.schedule.week(WEEK)
    assert [(e.content, e.amendment) for e in week.entries] == [
        ("Giao ban công tác tuần của Thường trực UBND phường", "")
    ]
    assert week.version == 1


def test_roles(ward: Ward, act: Callable[[str], Space]) -> None:
    with pytest.raises(PermissionDenied):
        act("admin").schedule.add_entry(entry(ward))  # an admin only, not of the office
    act("canbo").schedule.add_entry(entry(ward))
    act("canbo").schedule.submit(WEEK)
    with pytest.raises(PermissionDenied):
        act("vanthu").schedule.publish(WEEK)
    with pytest.raises(PermissionDenied):
        act("canbo").schedule.return_week(WEEK, "Không đồng ý.")
    assert act("vanthu").schedule.week(WEEK).state == ScheduleState.SUBMITTED


def test_an_entry_is_removed_before_publication(ward: Ward, act: Callable[[str], Space]) -> None:
    entry_id = act("vanthu").schedule.add_entry(entry(ward)).entry_ids[0]
    act("vanthu").schedule.cancel_entry(entry_id, "Nhập nhầm.")
    week = act("vanthu").schedule.week(WEEK)
    assert week.entries == ()
    assert [h.action for h in week.history] == ["Thêm lịch", "Xóa lịch"]
    with pytest.raises(ValidationError, match="chưa có lịch nào để trình"):
        act("vanthu").schedule.submit(WEEK)


def test_a_leader_publishes_only_the_week_they_saw(ward: Ward, act: Callable[[str], Space]) -> None:
    entry_id = act("vanthu").schedule.add_entry(entry(ward)).entry_ids[0]
    act("vanthu").schedule.submit(WEEK)
    seen = act("chutich").schedule.week(WEEK).digest
    act("vanthu").schedule.update_entry(entry_id, entry(ward, location="Hội trường"))
    with pytest.raises(Conflict, match="vừa được sửa"):
        act("chutich").schedule.publish(WEEK, seen_digest=seen)
    assert act("chutich").schedule.week(WEEK).state == ScheduleState.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_time": "10:00", "end_time": "09:00"}, "end_time", "phải sau giờ bắt đầu"),
        ({"start_time": "10:00", "end_time": "10:00"}, "end_time", "phải sau giờ bắt đầu"),
        ({"start_time": "25:00"}, "start_time", "không hợp lệ"),
        ({"start_time": "8h"}, "start_time", "không hợp lệ"),
        ({"content": "   "}, "content", "nội dung"),
        ({"content": "x" * 1001}, "content", "quá giới hạn 1000"),
        ({"location": "P" * 201}, "location", "quá giới hạn 200"),
        ({"chair_id": ""}, "chair", "Cần chọn lãnh đạo"),
        ({"day": dt.date(2026, 12, 1)}, "day", "không thuộc Tuần 48"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    ward: Ward,
    act: Callable[[str], Space],
    overrides: dict[str, object],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        act("vanthu").schedule.add_entry(entry(ward, **overrides), week_id=WEEK)
    assert raised.value.field == field
    assert act("vanthu").schedule.week(WEEK).exists is False


def test_the_chair_is_an_active_leader(ward: Ward, act: Callable[[str], Space]) -> None:
    with pytest.raises(ValidationError, match="không phải lãnh đạo"):
        act("vanthu").schedule.add_entry(entry(ward, chair_id=ward.official))
    entry_id = act("vanthu").schedule.add_entry(entry(ward)).entry_ids[0]
    leader = next(u for u in act("admin").directory.users() if u.id == ward.leader)
    act("admin").directory.update_user(dataclasses.replace(leader, active=False))
    with pytest.raises(ValidationError, match="Trần Văn Nam đã ngừng hoạt động"):
        act("vanthu").schedule.add_entry(entry(ward, start_time="14:00", end_time=None))
    # the entry made before stays readable, with the name of its former chair
    shown = act("vanthu").schedule.entry(entry_id)
    assert shown.chair is not None
    assert shown.chair.name == "Trần Văn Nam"
    with pytest.raises(ValidationError, match="ngừng hoạt động"):
        act("vanthu").schedule.update_entry(entry_id, entry(ward, location="Hội trường"))


def test_a_moved_entry_stays_in_its_week(ward: Ward, act: Callable[[str], Space]) -> None:
    entry_id = act("vanthu").schedule.add_entry(entry(ward)).entry_ids[0]
    with pytest.raises(ValidationError, match="trong Tuần 48"):
        act("vanthu").schedule.update_entry(entry_id, entry(ward, day=dt.date(2026, 11, 30)))
    act("vanthu").schedule.update_entry(entry_id, entry(ward, day=dt.date(2026, 11, 27)))
    assert act("vanthu").schedule.entry(entry_id).day == dt.date(2026, 11, 27)


def test_a_malformed_week_gets_a_clear_message(act: Callable[[str], Space]) -> None:
    for bad in ("2026-48", "2026-W54", "tuần 48", ""):
        with pytest.raises(ValidationError, match="không hợp lệ"):
            act("vanthu").schedule.week(bad)


def test_a_deactivated_participant_is_refused(ward: Ward, act: Callable[[str], Space]) -> None:
    info = UserInfo("", "cu", "Người Cũ", "Chuyên viên", ward.unit_vp, frozenset({Role.OFFICIAL}))
    old = act("admin").directory.create_user(info, "matkhau123")
    former = next(u for u in act("admin").directory.users() if u.id == old)
    act("admin").directory.update_user(dataclasses.replace(former, active=False))
    with pytest.raises(ValidationError, match="Người Cũ không còn hoạt động"):
        act("vanthu").schedule.add_entry(
            entry(ward, participants=(HandlerRef(AssigneeKind.USER, old),))
        )
