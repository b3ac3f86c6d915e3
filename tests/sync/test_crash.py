"""A PC killed (SIGKILL) at every step of a sync loses nothing, duplicates nothing, and no number.

Each trial forks a child that registers documents and syncs through a target that kills the
process at its k-th write: before the write, after it, or half way (a temp file left behind).
The parent then restarts the PC, syncs, and checks the archive with `verify`.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from pathlib import Path

from sqlalchemy import func, select

from app.models import IncomingDocument
from app.services.incoming_dto import IncomingFilter
from app.services.space import Space, open_space
from app.services.state_hash import state_hash
from app.services.verify import verify_space
from app.sync.folder import FolderTarget
from tests.conftest import PASSWORD, MemoryKeyring
from tests.sync.conftest import DRAFT, Office, queue_pdf
from tests.sync.test_convergence import Unplugged

TRIALS = 100


class Killing:
    """A target that SIGKILLs this process at its k-th write (`mode`: before/after/half)."""

    def __init__(self, inner: FolderTarget, k: int, mode: str) -> None:
        self.inner = inner
        self.k = k
        self.mode = mode
        self.writes = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def _write(self, key: str, data: bytes) -> bool:
        self.writes += 1
        if self.writes == self.k:
            if self.mode == "half":
                folder = self.inner.root / key.rpartition("/")[0]
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f".tmp-crash-{os.getpid()}").write_bytes(data[: len(data) // 2])
            if self.mode == "after":
                self.inner.put_if_absent(key, data)
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner.put_if_absent(key, data)

    def put_if_absent(self, key: str, data: bytes) -> bool:
        return self._write(key, data)


def _child(root: Path, keyring: MemoryKeyring, clock_now: object, seed: int) -> None:
    from app.timeutil import FixedClock

    rng = random.Random(seed)
    space = open_space(root, clock=FixedClock(clock_now), keyring_backend=keyring)  # type: ignore[arg-type]
    space.sign_in("vanthu", PASSWORD)
    real = space.target()
    assert isinstance(real, FolderTarget)
    killing = Killing(real, rng.randint(1, 7), rng.choice(["before", "after", "half"]))
    offline = rng.random() < 0.4
    space._target = Unplugged(real) if offline else killing  # type: ignore[assignment]
    for n in range(rng.randint(1, 3)):
        doc = queue_pdf(space, f"{seed}-{n}")
        space.incoming.register(doc, DRAFT, allow_duplicate=True)
    space._target = killing  # type: ignore[assignment]
    space.sync.sync_once()
    os._exit(0)  # lived through it: the kill point lay beyond this trial's writes


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def test_killed_mid_sync_loses_nothing(office: Office, memory_keyring: MemoryKeyring) -> None:
    pc1 = office.join("pc1", "vanthu")
    root, clock = pc1.root, pc1.clock
    pc1.close()
    ctx = multiprocessing.get_context("fork")
    killed = 0
    for trial in range(TRIALS):
        child = ctx.Process(target=_child, args=(root, memory_keyring, clock.now(), trial))
        child.start()
        child.join(60)
        assert child.exitcode in (0, -signal.SIGKILL), f"trial {trial}: exit {child.exitcode}"
        killed += child.exitcode == -signal.SIGKILL
        pc = open_space(root, clock=clock, keyring_backend=memory_keyring)
        try:
            pc.sign_in("vanthu", PASSWORD)
            pc.sync.sync_once()
            with pc.db.read() as s:
                report = verify_space(s, pc.blobs, pc.target())
                numbered = s.scalar(
                    select(func.count()).where(IncomingDocument.arrival_number.is_not(None))
                )
                registered = s.scalar(
                    select(func.count()).where(IncomingDocument.registered_at.is_not(None))
                )
            assert report.problems == [], f"trial {trial}"
            assert numbered == registered == report.claims, f"trial {trial}"
        finally:
            pc.close()
    assert killed >= TRIALS // 2  # most trials really died mid-way
    office.genesis.sync.sync_once()
    pc = open_space(root, clock=clock, keyring_backend=memory_keyring)
    try:
        pc.sign_in("vanthu", PASSWORD)
        pc.sync.sync_once()
        assert _hash(pc) == _hash(office.genesis)
        rows = pc.incoming.rows(IncomingFilter(), sort="number", descending=False, limit=10_000)
        numbers = sorted(r.arrival_number for r in rows if r.arrival_number is not None)
        assert numbers == list(range(1, len(numbers) + 1))
    finally:
        pc.close()
