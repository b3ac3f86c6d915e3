"""When a deadline really ends, and how a piece of work stands against it.

The rules every count of the dashboard and the statistics follows (written in the README too):

- Dates are Vietnam calendar dates. Stored times are naive UTC; Vietnam has kept UTC+7 without
  daylight saving since 1975, so "+7 hours" turns a stored time into its Vietnam date.
- A deadline falling on a weekend day or a public holiday moves to the end of the next working
  day (Bộ luật Dân sự 2015, Điều 148: when the last day of a period is a weekly rest day or a
  holiday, the period ends at the end of the working day that follows it). That day is the
  **effective deadline**.
- Đúng hạn: completed on or before the effective deadline (any time of that day, 23:59 too).
  Trễ hạn: completed after it. Quá hạn: not completed and today is after it. Chưa đến hạn: not
  completed and today is on or before it. Không có hạn: no due date — counted apart and left
  out of the rate. Tỷ lệ đúng hạn = đúng hạn ÷ (đúng hạn + trễ hạn + quá hạn).
- Sắp đến hạn: open, and the effective deadline is today or within the next
  `NEAR_DUE_WORKING_DAYS` working days (on a Thursday: Thursday, Friday or Monday).

Public holidays (Bộ luật Lao động 2019, Điều 112): the fixed days every year, with a day off on
the next working day when one falls on a weekend (nghỉ bù, Điều 111.3); and the days that move
with the lunar calendar or are set each year, listed per year from the Government's decisions as
reported in the press. Swapped working days (hoán đổi ngày làm việc) are not modelled.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable

from app.timeutil import VN_TZ

NEAR_DUE_WORKING_DAYS = 2
# SQLite's date modifier turning a stored (naive UTC) time into its Vietnam date.
VN_DATE_MODIFIER = "+7 hours"

# Tết Dương lịch, Ngày Chiến thắng, Quốc tế Lao động, Quốc khánh (month, day).
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = ((1, 1), (4, 30), (5, 1), (9, 2))

# Days off set per year (Tết Âm lịch's five official days, Giỗ Tổ Hùng Vương 10/3 âm lịch, the
# second day of Quốc khánh). Only years whose dates were found in published sources are here:
# - 2025: Tết 27-31/01 (VPCP 8726/VPCP-KGVX of 26/11/2024, reported by en.sggp.org.vn on
#   27/11/2024); Quốc khánh 01/09 with 02/09 (Bộ Nội vụ, reported by vietnamnews.vn on
#   04/08/2025). Giỗ Tổ 2025 was not found in the sources read: left out.
# - 2026: Tết 16-20/02 (off from Saturday 14/02 to Sunday 22/02, congan.com.vn); Giỗ Tổ on
#   Sunday 26/04, off on Monday 27/04 by the nghỉ bù rule (thanhnien.vn, 23/02/2026). The
#   second day of Quốc khánh 2026 was not found: only 02/09 counts.
# - 2027 and later: not published in the sources read; only the fixed days count.
YEARLY_HOLIDAYS: dict[int, tuple[dt.date, ...]] = {
    2025: (
        *(dt.date(2025, 1, d) for d in range(27, 32)),
        dt.date(2025, 9, 1),
    ),
    2026: (
        *(dt.date(2026, 2, d) for d in range(16, 21)),
        dt.date(2026, 4, 26),
    ),
}


class Standing(enum.StrEnum):
    """How one document or task stands against its deadline."""

    ON_TIME = "on_time"  # Đúng hạn
    LATE = "late"  # Trễ hạn
    OVERDUE = "overdue"  # Quá hạn (open past the deadline)
    PENDING = "pending"  # Chưa đến hạn (open, deadline not passed)
    NO_DEADLINE = "no_deadline"  # Không có hạn


@functools.cache
def holidays(year: int) -> frozenset[dt.date]:
    """The days off of `year` other than weekends, nghỉ bù days included."""
    named = sorted(
        {dt.date(year, m, d) for m, d in FIXED_HOLIDAYS} | set(YEARLY_HOLIDAYS.get(year, ()))
    )
    off: set[dt.date] = set()
    for day in named:
        if day.weekday() < 5:
            off.add(day)
            continue
        # A holiday on a weekend gives the next working day off (nghỉ bù).
        extra = day + dt.timedelta(days=1)
        while extra.weekday() >= 5 or extra in named or extra in off:
            extra += dt.timedelta(days=1)
        off.add(extra)
    return frozenset(off)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in holidays(day.year)


def effective_deadline(due: dt.date) -> dt.date:
    """`due`, or the next working day when `due` is a weekend day or a holiday (BLDS Điều 148)."""
    day = due
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_day_after(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day` (`day` itself when `count` is 0)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def shifted_days(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Each non-working day from `first` to `last` with the effective deadline it moves to."""
    pairs: list[tuple[dt.date, dt.date]] = []
    day = first
    while day <= last:
        if not is_working_day(day):
            pairs.append((day, effective_deadline(day)))
        day += dt.timedelta(days=1)
    return pairs


def vn_date(at: dt.datetime) -> dt.date:
    """The Vietnam date of a time; a naive time is UTC, as the database stores it."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(VN_TZ).date()


def standing(due: dt.date | None, completed_at: dt.datetime | None, today: dt.date) -> Standing:
    """Đúng hạn, trễ hạn, quá hạn, chưa đến hạn or không có hạn (see the module's rules)."""
    if due is None:
        return Standing.NO_DEADLINE
    deadline = effective_deadline(due)
    if completed_at is not None:
        return Standing.ON_TIME if vn_date(completed_at) <= deadline else Standing.LATE
    return Standing.OVERDUE if today > deadline else Standing.PENDING


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    """Open work whose effective deadline has passed."""
    return due is not None and today > effective_deadline(due)


def is_near_due(due: dt.date | None, today: dt.date) -> bool:
    """Open work due today or within the next `NEAR_DUE_WORKING_DAYS` working days."""
    if due is None:
        return False
    deadline = effective_deadline(due)
    return today <= deadline <= working_day_after(today, NEAR_DUE_WORKING_DAYS)


def week_end(today: dt.date) -> dt.date:
    """The Sunday closing the working week "đến hạn trong tuần" looks at.

    On a Saturday or Sunday that is the coming week, the one the office goes back to.
    """
    monday = today - dt.timedelta(days=today.weekday())
    if today.weekday() >= 5:
        monday += dt.timedelta(days=7)
    return monday + dt.timedelta(days=6)


def is_due_this_week(due: dt.date | None, today: dt.date) -> bool:
    """Open work not yet overdue whose effective deadline falls by the end of the working week."""
    if due is None:
        return False
    deadline = effective_deadline(due)
    return today <= deadline <= week_end(today)


def last_overdue_due(today: dt.date) -> dt.date:
    """The latest due date that is overdue on `today` (every earlier one is too), for SQL."""
    day = today - dt.timedelta(days=1)
    while effective_deadline(day) >= today:
        day -= dt.timedelta(days=1)
    return day


def due_this_week_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last due dates that are "đến hạn trong tuần" on `today`, for SQL."""
    last = week_end(today)
    while effective_deadline(last) > week_end(today):
        last -= dt.timedelta(days=1)
    return last_overdue_due(today) + dt.timedelta(days=1), last


def on_time_rate(on_time: int, late: int, overdue: int) -> float | None:
    """Tỷ lệ đúng hạn in 0..1; None when nothing was judged."""
    judged = on_time + late + overdue
    return on_time / judged if judged else None


def count_standings(
    items: Iterable[tuple[dt.date | None, dt.datetime | None]], today: dt.date
) -> dict[Standing, int]:
    """How many of (due, completed_at) pairs stand each way."""
    counts = dict.fromkeys(Standing, 0)
    for due, completed_at in items:
        counts[standing(due, completed_at, today)] += 1
    return counts
