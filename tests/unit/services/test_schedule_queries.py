"""What the schedule shows: overlap warnings, the grid and by-leader views, today's agenda,
entries of a date range, and links to documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app.errors import ValidationError
from app.models.enums import AssigneeKind, DaySession, Role
from app.services.directory import UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.space import Space
from app.timeutil import FixedClock
from tests.conftest import PASSWORD, Ward
from tests.sync.conftest import DRAFT, queue_pdf
from tests.unit.services.test_outgoing_service import actor
from tests.unit.services.test_schedule_service import MONDAY, WEEK, entry


@pytest.fixture
def act(ward: Ward) -> Callable[[str], Space]:
    return actor(ward.space)


@pytest.fixture
def deputy(ward: Ward) -> str:
    """A second leader, Phó Chủ tịch Phạm Thị Lan."""
    info = UserInfo("", "pct.lan", "Phạm Thị Lan", "Phó Chủ tịch", None, frozenset({Role.LEADER}))
    return actor(ward.space)("admin").directory.create_user(info, PASSWORD)


def test_overlaps_are_warned_about_not_refused(ward: Ward, act: Callable[[str], Space]) -> None:
    svc = act("vanthu").schedule
    svc.add_entry(entry(ward))  # 08:00–10:00, the chairman, Phòng họp số 1
    clash = entry(ward, start_time="09:30", end_time="11:00", content="Tiếp đoàn công tác")
    assert svc.check(clash) == [
        "Chủ tịch Trần Văn Nam đã có lịch 08:00–10:00 ngày 23/11/2026: "
        "Giao ban công tác tuần của Thường trực UBND phường",
        "Địa điểm “Phòng họp số 1” đã có lịch 08:00–10:00 ngày 23/11/2026: "
        "Giao ban công tác tuần của Thường trực UBND phường",
    ]
    result = svc.add_entry(clash)
    assert len(result.warnings) == 2
    assert len(svc.week(WEEK).entries) == 2  # saved all the same
    # back to back is no overlap; the place is compared without case or extra spaces
    assert svc.check(entry(ward, start_time="11:00", end_time="12:00")) == []
    assert svc.check(
        entry(ward, start_time="10:30", end_time=None, chair_id=ward.leader, location="x")
    ) == [
        "Chủ tịch Trần Văn Nam đã có lịch 09:30–11:00 ngày 23/11/2026: Tiếp đoàn công tác",
    ]
    other_room = "  phòng HỌP   số 1 "
    assert any(
        "Địa điểm" in w for w in svc.check(entry(ward, start_time="08:30", location=other_room))
    )


def test_an_entry_without_an_end_lasts_an_hour(ward: Ward, act: Callable[[str], Space]) -> None:
    svc = act("vanthu").schedule
    svc.add_entry(entry(ward, start_time="08:00", end_time=None, location=""))
    assert svc.check(entry(ward, start_time="08:59", end_time=None, location="")) != []
    assert svc.check(entry(ward, start_time="09:00", end_time=None, location="")) == []


def test_a_participant_leader_is_checked_too_and_cancelled_entries_are_not(
    ward: Ward, act: Callable[[str], Space], deputy: str
) -> None:
    svc = act("vanthu").schedule
    deputy_chairs = entry(ward, chair_id=deputy, location="Tổ dân phố 5")
    first = svc.add_entry(deputy_chairs).entry_ids[0]
    invited = entry(
        ward,
        location="Hội trường",
        participants=(HandlerRef(AssigneeKind.USER, deputy),),
    )
    assert svc.check(invited) == [
        "Phó Chủ tịch Phạm Thị Lan đã có lịch 08:00–10:00 ngày 23/11/2026: "
        "Giao ban công tác tuần của Thường trực UBND phường"
    ]
    svc.cancel_entry(first)
    assert svc.check(invited) == []


def test_the_grid_and_the_by_leader_view(
    ward: Ward, act: Callable[[str], Space], deputy: str
) -> None:
    svc = act("vanthu").schedule
    svc.add_entry(entry(ward, participants=(HandlerRef(AssigneeKind.USER, deputy),)))
    svc.add_entry(entry(ward, start_time="14:00", end_time=None, content="Kiểm tra công trình"))
    svc.add_entry(
        entry(
            ward,
            day=MONDAY + dt.timedelta(days=2),
            start_time="19:30",
            end_time=None,
            content="Dự sinh hoạt tổ dân phố",
            chair_id=deputy,
        )
    )
    week = svc.week(WEEK)
    cells = week.cells()
    assert len(cells) == 21
    assert [e.content for e in cells[(MONDAY, DaySession.MORNING)]] == [
        "Giao ban công tác tuần của Thường trực UBND phường"
    ]
    assert [e.content for e in cells[(MONDAY, DaySession.AFTERNOON)]] == ["Kiểm tra công trình"]
    wednesday = MONDAY + dt.timedelta(days=2)
    assert [e.content for e in cells[(wednesday, DaySession.EVENING)]] == [
        "Dự sinh hoạt tổ dân phố"
    ]

    grid = svc.leader_grid(WEEK)
    assert [c.leader.title for c in grid.columns] == [
        "Chủ tịch Trần Văn Nam",
        "Phó Chủ tịch Phạm Thị Lan",
    ]
    # Monday to Friday, morning and afternoon, and the one evening that holds an entry
    assert len(grid.rows) == 11
    assert (wednesday, DaySession.EVENING) in grid.rows
    chairman, deputy_column = grid.columns
    assert [(e.content, chairs) for e, chairs in chairman.cells[(MONDAY, DaySession.MORNING)]] == [
        ("Giao ban công tác tuần của Thường trực UBND phường", True)
    ]
    assert [
        (e.content, chairs) for e, chairs in deputy_column.cells[(MONDAY, DaySession.MORNING)]
    ] == [
        ("Giao ban công tác tuần của Thường trực UBND phường", False)  # attends, does not chair
    ]
    assert (wednesday, DaySession.EVENING) in deputy_column.cells


def test_today_for_each_user(ward: Ward, act: Callable[[str], Space], clock: FixedClock) -> None:
    svc = act("vanthu").schedule
    svc.add_entry(entry(ward))  # the Văn phòng unit takes part
    svc.add_entry(
        entry(
            ward,
            start_time="14:00",
            end_time=None,
            content="Làm việc với bộ phận Địa chính",
            participants=(HandlerRef(AssigneeKind.USER, ward.official_dc),),
        )
    )
    svc.add_entry(entry(ward, day=MONDAY + dt.timedelta(days=1), content="Ngày khác"))
    clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC))  # 08:00 on Monday in Hà Nội
    assert [e.content for e in act("canbo").schedule.today_agenda()] == [
        "Giao ban công tác tuần của Thường trực UBND phường"  # through their unit
    ]
    assert [e.content for e in act("diachinh").schedule.today_agenda()] == [
        "Làm việc với bộ phận Địa chính"  # in person
    ]
    assert len(act("chutich").schedule.today_agenda()) == 2  # a leader sees all of today
    assert act("chutich").schedule.today_agenda(published_only=True) == []
    svc.submit(WEEK)
    act("chutich").schedule.publish(WEEK)
    assert len(act("chutich").schedule.today_agenda(published_only=True)) == 2


def test_links_to_documents(ward: Ward, act: Callable[[str], Space]) -> None:
    clerk = act("vanthu")
    doc_id = queue_pdf(clerk, "giaymoi")
    clerk.incoming.register(doc_id, DRAFT)
    found = clerk.schedule.find_documents("giao chi tieu")  # typed without diacritics
    assert [f.ref for f in found] == [f"incoming:{doc_id}"]
    assert found[0].text.startswith("Văn bản đến số 1: 15/QĐ-UBND")
    entry_id = clerk.schedule.add_entry(entry(ward, links=(found[0].ref,))).entry_ids[0]
    [link] = clerk.schedule.entry(entry_id).links
    assert link.text == found[0].text
    with pytest.raises(ValidationError, match="Văn bản liên quan không còn"):
        clerk.schedule.add_entry(entry(ward, links=("incoming:khong-co",)))
    assert act("canbo").schedule.find_documents("giao chi tieu") == []  # not theirs to see
