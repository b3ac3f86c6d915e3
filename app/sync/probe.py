"""The capability probe (provisional; the full one checks races of 8 creators)."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

from app.i18n import tr
from app.sync.target import Target, TargetError

MAX_CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class ProbeResult:
    """The verdict on a target."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    clock_offset: dt.timedelta = dt.timedelta(0)
    round_trip_ms: float = 0.0


def probe(target: Target, now: dt.datetime) -> ProbeResult:
    """Check create-if-absent and the clock."""
    started = time.monotonic()
    try:
        key = f"probe/{uuid.uuid4().hex}"
        first = target.put_if_absent(key, b"1")
        second = target.put_if_absent(key, b"2")
        target.delete(key)
        offset = now - target.server_time()
    except TargetError as exc:
        return ProbeResult(False, [exc.message])
    problems = []
    if not first or second:
        problems.append(tr("Máy chủ đồng bộ không bảo đảm tạo tệp nguyên tử."))
    if abs(offset) > MAX_CLOCK_SKEW:
        problems.append(tr("Đồng hồ lệch quá 5 phút so với máy chủ đồng bộ."))
    ms = (time.monotonic() - started) * 1000
    return ProbeResult(not problems, problems, offset, ms)
