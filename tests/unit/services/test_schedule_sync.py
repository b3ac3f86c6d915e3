"""The schedule across PCs: every op of a week is on one entity, so an op arriving late re-folds
the whole week and both PCs end with the same schedule (and the same state hash)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models.enums import ScheduleState
from app.services.schedule_dto import week_id_of
from app.services.space import Space
from app.services.state_hash import state_hash
from app.timeutil import FixedClock, today_vn
from tests.conftest import MemoryKeyring
from tests.sync.conftest import Office, make_office
from tests.unit.services.test_schedule_service import entry


@pytest.fixture
def office(
    tmp_path: Path, real_clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Office]:
    """A ward syncing through a folder target."""
    server = tmp_path / "server"
    server.mkdir()
    o = make_office(tmp_path, server.as_uri(), real_clock, memory_keyring)
    yield o
    for space in o.devices:
        space.close()
    o.genesis.close()


def _sync(*spaces: Space) -> None:
    for _ in range(2):
        for space in spaces:
            space.sync.sync_once()


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def _pcs(office: Office, start: dt.datetime) -> tuple[Space, FixedClock, Space, FixedClock]:
    clerk_clock, leader_clock = FixedClock(start), FixedClock(start)
    clerk = office.join("clerk-pc", "vanthu", clerk_clock)
    leader = office.join("leader-pc", "chutich", leader_clock)
    return clerk, clerk_clock, leader, leader_clock


def _next_week(office: Office) -> tuple[str, dt.date]:
    monday = today_vn(office.genesis.clock) + dt.timedelta(days=7)
    monday -= dt.timedelta(days=monday.weekday())
    return week_id_of(monday), monday


def test_a_week_changed_before_the_leader_saw_it_is_not_published(office: Office) -> None:
    w, start = office.ward, office.genesis.clock.now()
    week, monday = _next_week(office)
    clerk, clerk_clock, leader, leader_clock = _pcs(office, start)
    first = clerk.schedule.add_entry(entry(w, day=monday)).entry_ids[0]
    clerk.schedule.submit(week)
    _sync(clerk, leader)
    assert leader.schedule.week(week).state == ScheduleState.SUBMITTED

    clerk_clock.set(start + dt.timedelta(seconds=60))  # offline: the leader does not see it
    moved = dataclasses.replace(entry(w, day=monday), location="Hội trường")
    clerk.schedule.update_entry(first, moved)
    leader_clock.set(start + dt.timedelta(seconds=120))
    leader.schedule.publish(week)
    assert leader.schedule.week(week).state == ScheduleState.PUBLISHED

    _sync(clerk, leader, office.genesis)
    for pc in (clerk, leader, office.genesis):
        shown = pc.schedule.week(week)
        assert shown.state == ScheduleState.SUBMITTED  # the approval was of another week
        assert shown.entries[0].location == "Hội trường"
        assert shown.conflicts == (
            "Thao tác “Duyệt và ban hành” của Trần Văn Nam không được áp dụng: "
            "không còn phù hợp với trạng thái của lịch tuần.",
        )
    assert _hash(clerk) == _hash(leader) == _hash(office.genesis)

    leader_clock.set(start + dt.timedelta(seconds=180))
    leader.schedule.publish(week, seen_digest=leader.schedule.week(week).digest)
    _sync(leader, clerk)
    assert clerk.schedule.week(week).state == ScheduleState.PUBLISHED
    assert _hash(clerk) == _hash(leader)


def test_a_plain_edit_made_after_publication_is_kept_aside(office: Office) -> None:
    w, start = office.ward, office.genesis.clock.now()
    week, monday = _next_week(office)
    clerk, clerk_clock, leader, leader_clock = _pcs(office, start)
    first = clerk.schedule.add_entry(entry(w, day=monday)).entry_ids[0]
    clerk.schedule.submit(week)
    _sync(clerk, leader)

    leader_clock.set(start + dt.timedelta(seconds=60))
    leader.schedule.publish(week)
    clerk_clock.set(start + dt.timedelta(seconds=120))  # not synced: still "submitted" here
    clerk.schedule.update_entry(first, entry(w, day=monday, content="Nội dung sửa muộn"))

    _sync(clerk, leader)
    for pc in (clerk, leader):
        shown = pc.schedule.week(week)
        assert (shown.state, shown.version) == (ScheduleState.PUBLISHED, 1)
        assert shown.entries[0].content == "Giao ban công tác tuần của Thường trực UBND phường"
        assert shown.conflicts == (
            "Thao tác “Sửa lịch” của Nguyễn Thị Hoa không được áp dụng: "
            "không còn phù hợp với trạng thái của lịch tuần.",
        )
    assert _hash(clerk) == _hash(leader)
    # done again as an amendment, it goes through and is marked as one
    clerk.schedule.update_entry(
        first, entry(w, day=monday, content="Nội dung sửa muộn"), amendment=True
    )
    _sync(clerk, leader)
    shown = leader.schedule.week(week)
    assert (shown.entries[0].content, shown.entries[0].amendment) == (
        "Nội dung sửa muộn",
        "changed",
    )
    assert shown.version == 2
    assert _hash(clerk) == _hash(leader)
