"""The capability probe: may this target be trusted with claims (document numbers)?

Run when a target is set up and periodically. Sync is only correct on a target whose
create-if-absent really is atomic, and servers exist that accept the request and silently
ignore the condition (rclone serve s3, several WebDAV servers; sync-notes §4), so the probe
tries it: a sequential second create must be refused, and of 8 simultaneous creators of one
fresh key exactly one may win. It also checks that the target's clock is close to ours.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from app.i18n import tr
from app.sync.target import Target, TargetError

MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
RACERS = 8
RACE_ROUNDS = 3
PROBE_PREFIX = "probe/"


@dataclass(frozen=True)
class ProbeResult:
    """The verdict on a target.

    `clock_offset` is this machine's clock minus the target's (positive: ours is ahead).
    `round_trip_ms` is one create plus one read of a small file, a typical sync request pair.
    """

    ok: bool
    problems: list[str] = field(default_factory=list)
    clock_offset: dt.timedelta = dt.timedelta(0)
    round_trip_ms: float = 0.0


def probe(target: Target, now: dt.datetime) -> ProbeResult:
    """Check a target with scratch keys under probe/, removed afterwards.

    Never raises TargetError: an unreachable or failing target gives ok=False and its message.
    """
    started = time.monotonic()
    run = uuid.uuid4().hex
    written: list[str] = []
    problems: list[str] = []
    offset = dt.timedelta(0)
    round_trip_ms = 0.0
    try:
        round_trip_ms = _check_basics(target, run, written, problems)
        if not problems:
            _check_races(target, run, written, problems)
        before = time.monotonic()
        server = target.server_time()
        # `now` was read when the probe began: move it on to the moment the server answered.
        ours = now + dt.timedelta(seconds=(before + time.monotonic()) / 2 - started)
        offset = ours - server
    except TargetError as exc:
        problems.append(exc.message)
    finally:
        for key in written:
            try:
                target.delete(key)
            except TargetError:
                break  # unreachable now: the scratch keys are harmless and tiny
    if offset and abs(offset) > MAX_CLOCK_SKEW:
        problems.append(_skew_message(offset))
    return ProbeResult(not problems, problems, offset, round_trip_ms)


def _check_basics(target: Target, run: str, written: list[str], problems: list[str]) -> float:
    """Create, read back, list and re-create one key; the create+read time in ms."""
    key = f"{PROBE_PREFIX}{run}"
    data = f"ward-office probe {run}\n".encode()
    t0 = time.perf_counter()
    created = target.put_if_absent(key, data)
    if created:
        written.append(key)
    back = target.get(key)
    round_trip_ms = (time.perf_counter() - t0) * 1000
    if not created:
        problems.append(tr("Không tạo được tệp thử trên máy chủ đồng bộ."))
        return round_trip_ms
    if back != data:
        problems.append(tr("Máy chủ đồng bộ trả về nội dung khác với nội dung vừa ghi."))
    if key not in target.list(PROBE_PREFIX, start_after=key[:-1], limit=10):
        problems.append(tr("Máy chủ đồng bộ không liệt kê tệp vừa ghi."))
    if target.put_if_absent(key, b"second writer\n") or target.get(key) != data:
        problems.append(_not_atomic())
    return round_trip_ms


def _check_races(target: Target, run: str, written: list[str], problems: list[str]) -> None:
    """RACE_ROUNDS times, RACERS threads create one fresh key at once: exactly one may win."""
    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        for round_no in range(RACE_ROUNDS):
            key = f"{PROBE_PREFIX}{run}-race{round_no}"
            written.append(key)
            gate = threading.Barrier(RACERS)

            def create(i: int, key: str = key, gate: threading.Barrier = gate) -> bool:
                with contextlib.suppress(threading.BrokenBarrierError):
                    gate.wait(timeout=30)
                return target.put_if_absent(key, f"racer {i}\n".encode())

            results = list(pool.map(create, range(RACERS)))
            winners = [i for i, won in enumerate(results) if won]
            if len(winners) != 1:
                problems.append(
                    _not_atomic() if winners else tr("Không tạo được tệp thử trên máy chủ đồng bộ.")
                )
                return
            if target.get(key) != f"racer {winners[0]}\n".encode():
                problems.append(_not_atomic())
                return


def _not_atomic() -> str:
    return tr(
        "Máy chủ đồng bộ không bảo đảm tạo tệp nguyên tử (hai máy cùng ghi được một khóa); "
        "không thể dùng để cấp số văn bản."
    )


def _skew_message(offset: dt.timedelta) -> str:
    """Say how far and which way this machine's clock is off, in hours and minutes."""
    minutes = round(abs(offset).total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        amount = tr("{h} giờ {m} phút").format(h=hours, m=rest)
    elif hours:
        amount = tr("{h} giờ").format(h=hours)
    else:
        amount = tr("{m} phút").format(m=rest)
    way = tr("nhanh hơn") if offset > dt.timedelta(0) else tr("chậm hơn")
    return tr(
        "Đồng hồ của máy này {way} máy chủ đồng bộ {amount} (cho phép lệch tối đa {limit} phút). "
        "Hãy chỉnh lại ngày giờ của máy rồi thử lại."
    ).format(way=way, amount=amount, limit=int(MAX_CLOCK_SKEW.total_seconds() // 60))
