"""Recurring entries: one per occurrence in its week, weeks made as drafts on demand, published
weeks touched only by amendment, and changes to one occurrence or the rest of the series."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from app.errors import Conflict, ValidationError
from app.models.enums import ScheduleState
from app.services.schedule_dto import EntryForm, Recurrence, Scope
from app.services.space import Space
from tests.conftest import Ward
from tests.unit.services.test_outgoing_service import actor
from tests.unit.services.test_schedule_service import entry

THURSDAYS = frozenset({3})
THIS_WEEK, NEXT_WEEK = "2026-W47", "2026-W48"  # the clock stands on Friday 20/11/2026


@pytest.fixture
def act(ward: Ward) -> Callable[[str], Space]:
    return actor(ward.space)


def reception(w: Ward, day: dt.date) -> EntryForm:
    return entry(w, day=day, content="Tiếp công dân định kỳ", location="Phòng tiếp công dân")


def test_every_thursday_until_a_date(ward: Ward, act: Callable[[str], Space]) -> None:
    form = reception(ward, dt.date(2026, 11, 23))  # a Monday: the first occurrence is Thursday
    result = act("vanthu").schedule.add_entry(
        form,
        recurrence=Recurrence(THURSDAYS, dt.date(2026, 12, 10)),
    )
    assert len(result.entry_ids) == 3
    assert result.changes.schedule == {"2026-W48", "2026-W49", "2026-W50"}
    found = act("vanthu").schedule.entries_between(dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    assert [e.day for e in found] == [
        dt.date(2026, 11, 26),
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 10),
    ]
    assert len({e.series_id for e in found}) == 1
    assert found[0].series_id is not None
    for week in ("2026-W48", "2026-W49", "2026-W50"):
        assert act("vanthu").schedule.week(week).state == ScheduleState.DRAFT


def test_an_occurrence_in_a_published_week_needs_an_amendment(
    ward: Ward, act: Callable[[str], Space]
) -> None:
    act("vanthu").schedule.add_entry(entry(ward))  # Monday 23/11, in 2026-W48
    act("vanthu").schedule.submit(NEXT_WEEK)
    act("chutich").schedule.publish(NEXT_WEEK)
    repeat = Recurrence(THURSDAYS, dt.date(2026, 12, 3))
    form = reception(ward, dt.date(2026, 11, 23))
    with pytest.raises(Conflict, match="lần lặp ngày 26/11/2026"):
        act("vanthu").schedule.add_entry(form, recurrence=repeat)
    assert act("vanthu").schedule.week("2026-W49").exists is False  # nothing made at all
    act("vanthu").schedule.add_entry(form, recurrence=repeat, amendment=True)
    published = act("vanthu").schedule.week(NEXT_WEEK)
    draft = act("vanthu").schedule.week("2026-W49")
    assert [(e.content, e.amendment) for e in published.entries] == [
        ("Giao ban công tác tuần của Thường trực UBND phường", ""),
        ("Tiếp công dân định kỳ", "added"),
    ]
    assert published.version == 2
    assert [(e.content, e.amendment) for e in draft.entries] == [("Tiếp công dân định kỳ", "")]


def test_change_one_occurrence_or_the_series_from_today_on(
    ward: Ward, act: Callable[[str], Space]
) -> None:
    form = reception(ward, dt.date(2026, 11, 12))  # started two weeks ago
    ids = (
        act("vanthu")
        .schedule.add_entry(
            form,
            recurrence=Recurrence(THURSDAYS, dt.date(2026, 12, 10)),
        )
        .entry_ids
    )
    assert len(ids) == 5  # 12/11, 19/11, 26/11, 03/12, 10/12
    svc = act("vanthu").schedule
    one = dataclasses.replace(svc.entry(ids[3]).form(), location="Hội trường")
    svc.update_entry(ids[3], one)
    assert [
        e.location for e in svc.entries_between(dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    ] == [
        "Phòng tiếp công dân",
        "Phòng tiếp công dân",
        "Phòng tiếp công dân",
        "Hội trường",
        "Phòng tiếp công dân",
    ]
    later = dataclasses.replace(svc.entry(ids[2]).form(), start_time="14:00", end_time="16:30")
    result = svc.update_entry(ids[2], later, scope=Scope.SERIES)
    assert set(result.entry_ids) == set(ids[2:])  # the past Thursdays stay as they happened
    shown = svc.entries_between(dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    assert [(e.day.day, e.start_time, e.location) for e in shown] == [
        (12, "08:00", "Phòng tiếp công dân"),
        (19, "08:00", "Phòng tiếp công dân"),
        (26, "14:00", "Phòng tiếp công dân"),
        (3, "14:00", "Phòng tiếp công dân"),  # the series' fields, the day kept
        (10, "14:00", "Phòng tiếp công dân"),
    ]
    svc.cancel_entry(ids[4], scope=Scope.SERIES)  # removes 26/11 … 10/12 (drafts)
    assert [
        e.day.day for e in svc.entries_between(dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    ] == [
        12,
        19,
    ]


@pytest.mark.parametrize(
    ("recurrence", "message"),
    [
        (Recurrence(frozenset(), dt.date(2026, 12, 31)), "chọn các thứ"),
        (Recurrence(THURSDAYS, dt.date(2026, 11, 1)), "từ ngày 23/11/2026 trở đi"),
        (Recurrence(THURSDAYS, dt.date(2028, 1, 1)), "tối đa một năm"),
        (Recurrence(frozenset({6}), dt.date(2026, 11, 28)), "Không có ngày nào"),
    ],
)
def test_bad_recurrences_are_refused(
    ward: Ward, act: Callable[[str], Space], recurrence: Recurrence, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        act("vanthu").schedule.add_entry(entry(ward), recurrence=recurrence)
    assert act("vanthu").schedule.entries_between(dt.date(2026, 1, 1), dt.date(2028, 12, 31)) == []
