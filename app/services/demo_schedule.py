"""The demo ward's schedule."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from app.services.space import Space

Act = Callable[[str, dt.datetime], Space]
Event = tuple[dt.datetime, Callable[[], None]]


def schedule_events(
    act: Act, ids: dict[str, str], units: dict[str, str], rng: random.Random, now: dt.datetime
) -> list[Event]:
    """Timed steps (any order; the demo runs them in time order with the rest)."""
    del act, ids, units, rng, now  # filled in with the schedule work
    return []
