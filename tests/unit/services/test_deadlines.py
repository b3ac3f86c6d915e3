"""The deadline rules at their boundaries: due today, done at 23:59 or 00:00 Vietnam time,
weekends and holidays (the deadline moves to the next working day), no due date."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.deadlines import (
    Standing,
    effective_deadline,
    holidays,
    is_due_this_week,
    is_near_due,
    is_overdue,
    is_working_day,
    on_time_rate,
    shifted_days,
    standing,
    vn_date,
    week_end,
)

D = dt.date
FRI = D(2026, 11, 20)
SAT = D(2026, 11, 21)
SUN = D(2026, 11, 22)
MON = D(2026, 11, 23)
TUE = D(2026, 11, 24)


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A Vietnam wall time as the naive UTC time the database stores (UTC+7)."""
    return dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(hours=7)


def test_done_at_2359_vietnam_time_on_the_due_date_is_on_time() -> None:
    assert standing(FRI, utc(FRI, 23, 59), today=TUE) is Standing.ON_TIME


def test_done_at_0000_the_next_day_is_late() -> None:
    # 00:00 on Saturday in Hà Nội is still Friday 17:00 UTC: the Vietnam date decides.
    done = utc(SAT, 0, 0)
    assert done.date() == FRI
    assert standing(FRI, done, today=TUE) is Standing.LATE


def test_an_aware_time_counts_by_its_vietnam_date() -> None:
    assert vn_date(dt.datetime(2026, 11, 20, 16, 59, tzinfo=dt.UTC)) == FRI
    assert vn_date(dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)) == SAT


def test_due_today_and_open_is_not_yet_overdue_but_near_due() -> None:
    assert standing(FRI, None, today=FRI) is Standing.PENDING
    assert not is_overdue(FRI, FRI)
    assert is_near_due(FRI, FRI)


def test_open_the_day_after_the_deadline_is_overdue() -> None:
    assert standing(D(2026, 11, 19), None, today=FRI) is Standing.OVERDUE
    assert is_overdue(D(2026, 11, 19), FRI)


@pytest.mark.parametrize("due", [SAT, SUN])
def test_a_weekend_deadline_moves_to_monday(due: dt.date) -> None:
    assert effective_deadline(due) == MON
    assert standing(due, utc(MON, 23, 59), today=TUE) is Standing.ON_TIME
    assert standing(due, utc(TUE, 0, 0), today=TUE) is Standing.LATE
    # Open over the weekend and on Monday: not overdue yet; on Tuesday it is.
    assert not is_overdue(due, SUN)
    assert not is_overdue(due, MON)
    assert is_overdue(due, TUE)


def test_no_due_date_is_counted_apart_whatever_happened() -> None:
    assert standing(None, None, today=TUE) is Standing.NO_DEADLINE
    assert standing(None, utc(TUE, 10), today=TUE) is Standing.NO_DEADLINE
    assert not is_overdue(None, TUE)
    assert not is_near_due(None, TUE)
    assert not is_due_this_week(None, TUE)


def test_fixed_holidays_and_their_day_off_in_lieu() -> None:
    # Quốc khánh 2026 is a Wednesday: a deadline on 02/09 moves to Thursday 03/09.
    assert not is_working_day(D(2026, 9, 2))
    assert effective_deadline(D(2026, 9, 2)) == D(2026, 9, 3)
    # 30/04 and 01/05/2026 are Thursday and Friday: the deadline moves over the weekend.
    assert effective_deadline(D(2026, 4, 30)) == D(2026, 5, 4)
    # 01/05/2027 is a Saturday: Monday 03/05 is the day off in lieu (nghỉ bù).
    assert D(2027, 5, 1).weekday() == 5
    assert D(2027, 5, 3) in holidays(2027)
    assert effective_deadline(D(2027, 4, 29)) == D(2027, 4, 29)  # a Thursday, working
    assert effective_deadline(D(2027, 4, 30)) == D(2027, 5, 4)  # Friday 30/04 is a holiday
    assert effective_deadline(D(2027, 5, 1)) == D(2027, 5, 4)


def test_two_weekend_holidays_give_two_days_in_lieu() -> None:
    # 30/04 and 01/05/2033 are a Saturday and a Sunday: Monday and Tuesday are off.
    assert (D(2033, 4, 30).weekday(), D(2033, 5, 1).weekday()) == (5, 6)
    assert {D(2033, 5, 2), D(2033, 5, 3)} <= holidays(2033)
    assert effective_deadline(D(2033, 4, 30)) == D(2033, 5, 4)


def test_the_published_lunar_holidays() -> None:
    # Tết 2026: off from Saturday 14/02 to Sunday 22/02.
    assert effective_deadline(D(2026, 2, 13)) == D(2026, 2, 13)
    assert effective_deadline(D(2026, 2, 14)) == D(2026, 2, 23)
    assert effective_deadline(D(2026, 2, 18)) == D(2026, 2, 23)
    # Giỗ Tổ 2026 on Sunday 26/04: Monday 27/04 off.
    assert effective_deadline(D(2026, 4, 25)) == D(2026, 4, 28)
    # Tết 2025 and the second day of Quốc khánh 2025.
    assert effective_deadline(D(2025, 1, 27)) == D(2025, 2, 3)
    assert effective_deadline(D(2025, 9, 1)) == D(2025, 9, 3)


def test_shifted_days_lists_each_non_working_day_with_its_deadline() -> None:
    assert shifted_days(FRI, TUE) == [(SAT, MON), (SUN, MON)]
    assert shifted_days(MON, TUE) == []


def test_near_due_is_today_and_the_next_two_working_days() -> None:
    thursday = D(2026, 11, 19)
    assert is_near_due(thursday, thursday)
    assert is_near_due(FRI, thursday)
    assert is_near_due(SAT, thursday)  # moves to Monday, the second working day after
    assert is_near_due(MON, thursday)
    assert not is_near_due(TUE, thursday)
    assert not is_near_due(D(2026, 11, 18), thursday)  # overdue, not near due


def test_due_this_week_looks_at_the_coming_week_on_a_weekend() -> None:
    wednesday = D(2026, 11, 18)
    assert week_end(wednesday) == SUN
    assert is_due_this_week(FRI, wednesday)
    assert is_due_this_week(SAT, wednesday) is False  # moved to Monday, next week
    assert week_end(SUN) == D(2026, 11, 29)
    assert is_due_this_week(D(2026, 11, 27), SUN)
    assert not is_due_this_week(D(2026, 11, 30), SUN)


def test_on_time_rate() -> None:
    assert on_time_rate(0, 0, 0) is None
    assert on_time_rate(3, 1, 0) == 0.75
    assert on_time_rate(1, 0, 1) == 0.5
