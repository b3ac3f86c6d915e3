"""Time: a replaceable clock, Vietnam's zone, and the dd/MM/yyyy formats the UI shows."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock(Protocol):
    """Where services read "now" from, so tests can set it."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> dt.datetime:
        """The current UTC time."""
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that only moves when told to; for tests and demo data."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = at

    def now(self) -> dt.datetime:
        """The set time."""
        return self._at

    def set(self, at: dt.datetime) -> None:
        """Move to `at`."""
        self._at = at

    def advance(self, delta: dt.timedelta) -> None:
        """Move forward by `delta`."""
        self._at += delta


def today_vn(clock: Clock) -> dt.date:
    """Today's date in Vietnam."""
    return clock.now().astimezone(VN_TZ).date()


def fmt_date(d: dt.date | None) -> str:
    """dd/MM/yyyy, or an empty string."""
    return d.strftime("%d/%m/%Y") if d else ""


def fmt_datetime(t: dt.datetime | None) -> str:
    """dd/MM/yyyy HH:mm in Vietnam's time."""
    return t.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") if t else ""


def parse_date(text: str) -> dt.date:
    """Accept dd/MM/yyyy (as typed) or ISO yyyy-mm-dd (as in JSON)."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
