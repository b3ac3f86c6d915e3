"""The demo ward's schedule (`schedule_events`): four past weeks published, one with amendments,
the current week published, next week drafted; every Thursday's reception; nothing refused.
Run on the demo's people and units alone, so the test stays quick."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import FlaggedOp
from app.models.enums import ScheduleState
from app.services.auth import CurrentUser
from app.services.demo import ORG, UNITS, USERS
from app.services.demo_schedule import schedule_events
from app.services.directory import UnitInfo, UserInfo
from app.services.schedule_dto import shift_week, week_id_of
from app.services.space import AdminInfo, Space, create_space
from app.timeutil import VN_TZ, FixedClock
from tests.conftest import PASSWORD, MemoryKeyring


def _demo_people(
    root: Path, clock: FixedClock
) -> tuple[Space, dict[str, CurrentUser], dict[str, str]]:
    space = create_space(
        root, ORG, AdminInfo("quantri", "Quản trị", PASSWORD), clock=clock,
        keyring_backend=MemoryKeyring(),
    )  # fmt: skip
    d = space.directory
    units = {key: d.save_unit(UnitInfo("", name, abbr)) for key, name, abbr in UNITS}
    for login, name, position, unit, roles in USERS:
        info = UserInfo("", login, name, position, units[unit] if unit else None, frozenset(roles))
        d.create_user(info, PASSWORD)
    users = {
        u.login: CurrentUser(u.id, u.login, u.full_name, u.position, u.unit_id, u.roles)
        for u in d.users()
    }
    return space, users, units


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC),  # Monday 08:00: next week just drafted
        dt.datetime(2026, 11, 20, 2, 30, tzinfo=dt.UTC),  # Friday: next week submitted
    ],
)
def test_the_demo_schedule(tmp_path: Path, now: dt.datetime) -> None:
    clock = FixedClock(now - dt.timedelta(days=60))
    space, users, units = _demo_people(tmp_path / "demo", clock)

    def act(login: str, at: dt.datetime) -> Space:
        clock.set(at)
        space.auth.set(users[login])
        return space

    ids = {login: user.id for login, user in users.items()}
    events = schedule_events(act, ids, units, random.Random(2026), now)
    assert all(at <= now for at, _fn in events)
    for _at, fn in sorted(events, key=lambda e: e[0]):
        fn()
    clock.set(now)
    space.auth.set(users["vanthu"])
    svc = space.schedule
    this_week = week_id_of(now.astimezone(VN_TZ).date())
    weeks = {k: svc.week(shift_week(this_week, k)) for k in range(-4, 2)}
    for k in range(-4, 1):
        assert weeks[k].state == ScheduleState.PUBLISHED, k
        assert 6 <= len(weeks[k].entries) <= 12
        monday = weeks[k].monday
        published_at = weeks[k].published_at
        assert published_at is not None
        assert published_at.astimezone(VN_TZ).date() < monday  # published the week before
    expected = ScheduleState.SUBMITTED if now.weekday() >= 3 else ScheduleState.DRAFT
    assert weeks[1].state == expected
    assert weeks[1].entries
    amended = weeks[-2]
    assert sorted(e.amendment for e in amended.entries if e.amendment) == ["added", "changed"]
    assert amended.version == 3
    assert [e.amendment for e in weeks[-1].entries if e.amendment] == ["cancelled"]
    thursdays = svc.entries_between(weeks[-4].monday, weeks[1].monday + dt.timedelta(days=6))
    reception = [e for e in thursdays if e.content == "Tiếp công dân định kỳ"]
    assert [e.day.weekday() for e in reception] == [3] * 6
    assert len({e.series_id for e in reception}) == 1
    chairs = {e.chair.name for w in weeks.values() for e in w.entries if e.chair}
    assert chairs == {"Trần Văn Nam", "Phạm Thị Lan", "Hoàng Minh Tuấn"}
    with space.db.read() as s:
        assert s.scalars(select(FlaggedOp)).all() == []  # nothing refused at replay
    space.close()
