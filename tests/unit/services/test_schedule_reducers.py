"""Ops that bypass the service (another PC's, a forged or broken one) meet the same rules at
apply: they are kept and flagged, never applied, and never stop the apply path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.journal.log import Change
from app.models import FlaggedOp
from app.models.enums import ScheduleState
from app.services.space import Space
from tests.conftest import Ward
from tests.unit.services.test_outgoing_service import actor
from tests.unit.services.test_schedule_service import WEEK, entry, published_week


@pytest.fixture
def act(ward: Ward) -> Callable[[str], Space]:
    return actor(ward.space)


def commit(space: Space, kind: str, payload: dict[str, Any], week: str = WEEK) -> list[str]:
    """Commit one op as the signed-in user, straight through the journal; the flags it got."""
    with space.db.write.begin() as s:
        [op] = space.journal.commit(
            s, space.auth.user.id, [Change(kind, f"schedule:{week}", payload)]
        )
    with space.db.read() as s:
        return [f.reason for f in s.scalars(select(FlaggedOp).where(FlaggedOp.op_id == op.op_id))]


def values(w: Ward, **overrides: object) -> dict[str, Any]:
    """The op values of the usual Monday meeting."""
    base: dict[str, Any] = {
        "day": "2026-11-23",
        "session": "morning",
        "start_time": "08:00",
        "end_time": "10:00",
        "content": "Họp",
        "chair_id": w.leader,
        "participants": [],
        "outside_participants": "",
        "location": "",
        "preparing_unit_id": None,
        "note": "",
        "separate_invitation": False,
        "links": [],
    }
    return base | overrides


def test_an_official_cannot_amend_a_published_week_even_by_forging_the_op(
    ward: Ward, act: Callable[[str], Space]
) -> None:
    published_week(ward, act)
    payload = values(ward, start_time="14:00", end_time=None) | {
        "entry_id": "forged",
        "series_id": None,
        "amendment": True,
    }
    assert commit(act("canbo"), "schedule.entry_added", payload) == ["role"]
    payload["amendment"] = False
    payload["entry_id"] = "forged-2"
    assert commit(act("vanthu"), "schedule.entry_added", payload) == ["conflict"]
    week = act("vanthu").schedule.week(WEEK)
    assert len(week.entries) == 1
    assert week.version == 1
    assert len(week.conflicts) == 2


@pytest.mark.parametrize(
    "broken",
    [
        {"day": "2026-12-01"},  # outside the week
        {"day": "không phải ngày"},
        {"start_time": "10:00", "end_time": "09:00"},
        {"start_time": 800},
        {"session": "noon"},
        {"participants": ["someone"]},
        {"links": [1, 2]},
        {"content": "  "},
        {"chair_id": ""},
    ],
)
def test_broken_entries_are_flagged_invalid(
    ward: Ward, act: Callable[[str], Space], broken: dict[str, object]
) -> None:
    payload = values(ward, **broken) | {"entry_id": "x", "series_id": None, "amendment": False}
    assert commit(act("vanthu"), "schedule.entry_added", payload) == ["invalid"]
    assert act("vanthu").schedule.week(WEEK).exists is False


def test_steps_from_the_wrong_state_are_flagged(ward: Ward, act: Callable[[str], Space]) -> None:
    entry_id = act("vanthu").schedule.add_entry(entry(ward)).entry_ids[0]
    assert commit(act("chutich"), "schedule.published", {"digest": "?"}) == ["conflict"]
    assert commit(act("vanthu"), "schedule.returned", {"reason": "x"}) == ["role"]
    assert commit(act("vanthu"), "schedule.entry_changed", {"entry_id": entry_id}) == ["invalid"]
    assert commit(act("vanthu"), "schedule.entry_cancelled", {"entry_id": "nope"}) == ["conflict"]
    assert commit(act("vanthu"), "schedule.submitted", {}, week="2026-W49") == ["invalid"]
    assert commit(act("vanthu"), "schedule.entry_added", {"entry_id": "y"}, week="W48") == [
        "invalid"
    ]
    assert act("vanthu").schedule.week(WEEK).state == ScheduleState.DRAFT
