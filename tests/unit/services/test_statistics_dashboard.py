"""The dashboard's counts for a clerk, a leader and an official on one hand-made ward.

Today is Friday 20/11/2026 (the test clock). Incoming documents, tasks, outgoing documents and
schedule entries are projection rows, so each count can be traced to the rows below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from app.services.incoming_dto import Box, IncomingFilter
from app.services.statistics_dto import Dashboard, OnTimeCounts, Tone
from app.services.task_dto import TaskBox
from app.timeutil import FixedClock
from tests.conftest import NOW, MemoryKeyring, Ward, make_ward
from tests.unit.services.statistics_support import actor, populate

D = dt.date
TODAY = D(2026, 11, 20)


@pytest.fixture(scope="module")
def busy_ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ward]:
    """One ward for every test of this module (they only read); see `populate`."""
    w = make_ward(tmp_path_factory.mktemp("ward") / "space", FixedClock(NOW), MemoryKeyring())
    populate(w)
    yield w
    w.space.close()


def dashboard(w: Ward, login: str) -> Dashboard:
    return actor(w.space)(login).statistics.dashboard()


def counts(d: Dashboard) -> dict[str, int]:
    return {t.name: t.count for t in d.tiles}


def test_an_officials_dashboard(busy_ward: Ward) -> None:
    d = dashboard(busy_ward, "canbo")
    assert d.today == TODAY
    assert counts(d) == {
        "incoming.pending": 1,
        "incoming.in_progress": 1,
        "incoming.overdue": 1,
        "incoming.due_week": 1,
        "tasks.mine": 2,
        "tasks.due_week": 1,
        "tasks.overdue": 1,
        "schedule.today": 1,
    }
    assert {t.name: t.key for t in d.tiles} == {
        "incoming.pending": "pending",
        "incoming.in_progress": "in_progress",
        "incoming.overdue": "overdue",
        "incoming.due_week": "due_week",
        "tasks.mine": "tasks.mine",
        "tasks.due_week": "tasks.mine",
        "tasks.overdue": "tasks.overdue",
        "schedule.today": "schedule",
    }
    tile = d.tile("incoming.overdue")
    assert tile is not None
    assert tile.tone is Tone.DANGER
    due_week = d.tile("tasks.due_week")
    assert due_week is not None
    assert due_week.tone is Tone.WARNING
    assert [s.content for s in d.schedule] == ["Họp rà soát hồ sơ đất đai"]
    assert [(r.title, r.overdue) for r in d.reminders] == [
        ("Báo cáo dân số quý IV", True),
        ("Rà soát hộ nghèo", False),
    ]
    assert d.ward is None


def test_a_leaders_dashboard_and_the_wards_figures(busy_ward: Ward) -> None:
    d = dashboard(busy_ward, "chutich")
    assert counts(d) == {
        "incoming.to_direct": 1,
        "incoming.pending": 0,
        "incoming.in_progress": 0,
        "incoming.overdue": 2,  # the ward's: A and C
        "incoming.due_week": 1,
        "outgoing.to_sign": 1,
        "tasks.mine": 0,
        "tasks.due_week": 0,
        "tasks.overdue": 2,  # T1 and T4: a leader sees every task
        "tasks.by_me": 4,
        "tasks.to_accept": 1,
        "schedule.today": 2,
    }
    assert [s.start_time for s in d.schedule] == ["08:00", "14:00"]
    assert d.schedule[0].chair == "Trần Văn Nam"
    zero = d.tile("incoming.pending")
    assert zero is not None
    assert zero.tone is Tone.NORMAL
    ward = d.ward
    assert ward is not None
    assert ward.month_incoming == OnTimeCounts(on_time=1, overdue=2, pending=1, no_deadline=2)
    assert ward.year_incoming == ward.month_incoming
    assert ward.month_incoming.rate == pytest.approx(1 / 3)
    assert len(ward.by_month) == 12
    assert ward.by_month[10].counts == ward.month_incoming
    assert (ward.incoming_overdue, ward.tasks_open, ward.tasks_overdue) == (2, 5, 2)
    assert (ward.month_outgoing_issued, ward.year_outgoing_issued) == (1, 1)


def test_a_clerks_dashboard(busy_ward: Ward) -> None:
    d = dashboard(busy_ward, "vanthu")
    assert counts(d) == {
        "incoming.queue": 1,
        "incoming.to_submit": 1,
        "incoming.pending": 0,
        "incoming.in_progress": 1,  # B is the VP unit's, and the clerk is in VP
        "incoming.overdue": 2,
        "incoming.due_week": 1,
        "outgoing.to_issue": 1,
        "tasks.mine": 1,  # T2, the VP unit's
        "tasks.due_week": 1,
        "tasks.overdue": 0,
        "schedule.today": 1,
    }
    assert d.tile("incoming.queue") is not None
    assert d.ward is None


def test_tomorrow_the_counts_move(busy_ward: Ward) -> None:
    clock = busy_ward.space.clock
    assert isinstance(clock, FixedClock)
    before = clock.now()
    try:
        clock.set(before + dt.timedelta(days=3))  # Monday 23/11
        d = dashboard(busy_ward, "canbo")
        assert counts(d)["incoming.overdue"] == 2  # B was due on Friday
        assert counts(d)["tasks.overdue"] == 2  # T2 too
        assert d.schedule == ()
    finally:
        clock.set(before)


def test_an_admin_without_other_roles_gets_a_dashboard(busy_ward: Ward) -> None:
    d = dashboard(busy_ward, "admin")
    assert d.ward is None
    assert "incoming.queue" not in counts(d)


@pytest.mark.parametrize("login", ["canbo", "chutich", "vanthu"])
@pytest.mark.parametrize("days_later", [0, 3])
def test_each_tile_counts_what_its_list_shows(busy_ward: Ward, login: str, days_later: int) -> None:
    clock = busy_ward.space.clock
    assert isinstance(clock, FixedClock)
    before = clock.now()
    try:
        clock.set(before + dt.timedelta(days=days_later))
        space = actor(busy_ward.space)(login)
        d = space.statistics.dashboard()
        for name in ("incoming.overdue", "incoming.due_week", "tasks.overdue"):
            tile = d.tile(name)
            assert tile is not None
            if tile.key in set(Box):
                shown = space.incoming.count(IncomingFilter(box=Box(tile.key)))
            else:
                shown = space.tasks.count(TaskBox(tile.key))
            assert (name, tile.count) == (name, shown)
    finally:
        clock.set(before)
