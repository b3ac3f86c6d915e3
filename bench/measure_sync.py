"""Sync on a large ward: going online, a new PC joining, idle rounds, visibility, claims.

    python -m bench.measure_sync --space WARD100K --target file://TARGET_DIR
    python -m bench.measure_sync --space WARD100K --seaweed WEED_DIR

The space (made by bench.generate, which works alone) is copied first, so the original stays
as it was. Steps, each timed: configure the target on the copy (probe, space.json, the numbers
given so far become claims); the first round (every op and file goes up); a snapshot; a new PC
joining from it (download, checks, state hash) and its first round; idle rounds with nothing new
(median and p95); one op from the first PC until the new PC has it, with the new PC polling
every second as the app does on a local folder; number claims (200 registrations).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import keyring.backends.fail

from app.services.demo import DEMO_PASSWORD
from app.services.incoming_dto import IncomingDraft, IncomingFilter
from app.services.join import join_space
from app.services.numbering import TargetNumberAuthority
from app.services.space import Space, open_space

T = TypeVar("T")
KEYRING = keyring.backends.fail.Keyring()  # a bare box: keys in per-user encrypted files
DRAFT = IncomingDraft(
    code_number="15",
    code_notation="QĐ-UBND",
    document_date=dt.date(2026, 11, 18),
    issuing_agency="UBND thành phố Hà Nội",
    doc_type="Quyết định",
    summary="Về việc giao chỉ tiêu năm 2027",
)


def timed(label: str, fn: Callable[[], T]) -> T:
    """Run `fn`, print how long it took."""
    started = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - started:.2f} s", flush=True)
    return result


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _visibility(first: Space, second: Space, rounds: int) -> list[float]:
    """Seconds from a commit on `first` (which then syncs, as the app does after a command)
    until `second`, syncing every second as the app does on a local folder, holds it."""
    doc = _newest(first)
    delays = []
    for n in range(rounds):
        text = f"bench {n} {time.time()}"
        seen = threading.Event()
        committed: list[float] = []

        def poll(text: str = text, seen: threading.Event = seen) -> None:
            while not seen.is_set():
                tick = time.monotonic()
                second.sync.sync_once()
                if any(h.text == text for h in second.incoming.detail(doc).history):
                    seen.set()
                    return
                time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.1 + 0.29 * (n % 4))  # commits land anywhere in the poll cycle
        committed.append(time.monotonic())
        first.incoming.comment(doc, text)
        first.sync.sync_once()
        poller.join(30)
        delays.append(time.monotonic() - committed[0])
    return delays


def _newest(space: Space) -> str:
    """The id of the document with the highest number."""
    return space.incoming.rows(IncomingFilter(), sort="number", descending=True, limit=1)[0].id


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--space", type=Path, required=True)
    parser.add_argument("--target", help="file:///… or s3://…")
    parser.add_argument("--seaweed", type=Path, help="start weed mini with its data here")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-sync")
    parser.add_argument("--claims", type=int, default=200)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    server = None
    if args.seaweed:
        from tests.integration.s3_servers import start_seaweed

        shutil.rmtree(args.seaweed, ignore_errors=True)
        server = start_seaweed(args.seaweed)
        os.environ["AWS_ACCESS_KEY_ID"] = server.access_key
        os.environ["AWS_SECRET_ACCESS_KEY"] = server.secret_key
        url = server.s3_url("bench")
    else:
        url = args.target
        Path(url.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
    try:
        _run(args, url)
    finally:
        if server is not None:
            server.stop(kill=True)


def _run(args: argparse.Namespace, url: str) -> None:
    first_root = args.work / "pc1"
    timed("copy the generated space", lambda: shutil.copytree(args.space, first_root))
    first = open_space(first_root, keyring_backend=KEYRING)
    timed("sign in", lambda: first.sign_in("quantri", DEMO_PASSWORD))
    result = timed(
        "configure the target (probe, space.json, claims)", lambda: first.set_target(url)
    )
    assert result.ok, result.problems
    first.sync.snapshot_every = 10**9  # the snapshot is made (and timed) on its own below
    report = timed("first round: every op and file up", first.sync.sync_once)
    print(f"  pushed {report.pushed} ops")
    manifest = timed("snapshot", first.sync.make_snapshot)
    assert manifest is not None
    print(f"  snapshot: {manifest.ops} ops, {manifest.size / 1e6:.1f} MB compressed")
    first.sign_in("vanthu", DEMO_PASSWORD)
    for n in range(20):  # a tail of ops after the snapshot
        first.incoming.comment(_newest(first), f"sau bản chụp {n}")
    first.sync.sync_once()
    started = time.perf_counter()
    joined = timed(
        "join: download, check and open the snapshot",
        lambda: join_space(
            args.work / "pc2", url, "chutich", DEMO_PASSWORD, keyring_backend=KEYRING
        ),
    )
    second = joined.space
    tail = timed("join: first round (the tail)", second.sync.sync_once)
    print(f"  join total: {time.perf_counter() - started:.2f} s; tail {tail.pulled} ops")
    print(f"  peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    idle = []
    for _ in range(50):
        t0 = time.perf_counter()
        second.sync.sync_once()
        idle.append((time.perf_counter() - t0) * 1000)
    print(f"idle round: median {statistics.median(idle):.1f} ms, p95 {pct(idle, 95):.1f} ms")
    admin = first
    admin.sign_in("quantri", DEMO_PASSWORD)
    admin.sync.approve(_code(second))
    admin.sync.sync_once()
    second.sync.sync_once()
    second.sign_in("chutich", DEMO_PASSWORD)
    first.sign_in("vanthu", DEMO_PASSWORD)
    delays = _visibility(first, second, 10)
    print(
        f"visible on the other PC: median {statistics.median(delays):.2f} s, "
        f"max {max(delays):.2f} s"
    )
    claims = _claims(first, args.claims)
    print(f"number claim: p50 {pct(claims, 50):.1f} ms, p95 {pct(claims, 95):.1f} ms", end=" ")
    print(f"({len(claims)} claims)")
    first.close()
    second.close()


def _code(space: Space) -> str:
    from app.journal.log import meta_get

    with space.db.read() as s:
        return meta_get(s, "enrollment_code")


def _claims(space: Space, count: int) -> list[float]:
    times: list[float] = []
    original = TargetNumberAuthority.claim

    def timed_claim(self: TargetNumberAuthority, *a: object, **k: object):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return original(self, *a, **k)  # type: ignore[arg-type]
        finally:
            times.append((time.perf_counter() - t0) * 1000)

    TargetNumberAuthority.claim = timed_claim  # type: ignore[method-assign]
    try:
        for n in range(count):
            user = space.auth.user
            pdf = b"%PDF-1.4\n% bench " + f"{n} {time.time()}".encode()
            doc = space.incoming._queue(user, pdf, f"b{n}.pdf", 1, "scan")  # type: ignore[arg-type]
            space.incoming.register(doc, DRAFT, allow_duplicate=True)
    finally:
        TargetNumberAuthority.claim = original  # type: ignore[method-assign]
    return times


if __name__ == "__main__":
    main()
