"""The sync protocol on a real S3 server (SeaweedFS `weed mini`): as on a folder."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.space import Space, open_space
from app.services.state_hash import state_hash
from app.timeutil import FixedClock
from tests.conftest import PASSWORD, MemoryKeyring
from tests.integration.s3_servers import S3Server
from tests.sync.conftest import DRAFT, Office, make_office, queue_pdf
from tests.sync.test_convergence import _random_work


@pytest.fixture
def s3_office(
    tmp_path: Path, seaweed: S3Server, real_clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Office]:
    """A ward syncing through a fresh bucket on SeaweedFS."""
    o = make_office(tmp_path, seaweed.s3_url(), real_clock, memory_keyring)
    yield o
    for space in o.devices:
        space.close()
    o.genesis.close()


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def test_three_pcs_converge_on_seaweedfs(s3_office: Office) -> None:
    _random_work(s3_office, random.Random(7), 80)
    hashes = {_hash(pc) for pc in [s3_office.genesis, *s3_office.devices]}
    assert len(hashes) == 1


def _clerk(root: Path, keyring: MemoryKeyring, now: dt.datetime, n: int, out: object) -> None:
    space = open_space(root, clock=FixedClock(now), keyring_backend=keyring)
    space.sign_in("vanthu", PASSWORD)
    numbers = []
    for i in range(n):
        doc = queue_pdf(space, f"{root.name}-{i}")
        numbers.append(space.incoming.register(doc, DRAFT, allow_duplicate=True).arrival_number)
    out.put(numbers)  # type: ignore[attr-defined]
    space.close()


def test_clerks_racing_on_seaweedfs_get_consecutive_numbers(s3_office: Office) -> None:
    roots = []
    for i in range(3):
        pc = s3_office.join(f"clerk{i}", "vanthu")
        roots.append(pc.root)
        pc.close()
    s3_office.devices.clear()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    now = s3_office.genesis.clock.now()
    procs = [
        ctx.Process(target=_clerk, args=(root, s3_office.keyring, now, 15, out)) for root in roots
    ]
    for p in procs:
        p.start()
    numbers = [n for _ in procs for n in out.get(timeout=300)]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert sorted(numbers) == list(range(1, 46))


def test_files_and_a_new_pc_from_a_snapshot_on_seaweedfs(s3_office: Office, tmp_path: Path) -> None:
    from app.services.join import join_space

    clerk = s3_office.ward.as_user("vanthu")
    doc = queue_pdf(clerk, "s3")
    clerk.incoming.register(doc, DRAFT, allow_duplicate=True)
    clerk.sync.sync_once()
    assert clerk.sync.make_snapshot() is not None
    joined = join_space(
        tmp_path / "newpc", s3_office.url, "chutich", PASSWORD, keyring_backend=s3_office.keyring
    )
    try:
        assert joined.from_snapshot
        joined.space.sync.sync_once()
        assert _hash(joined.space) == _hash(s3_office.genesis)
        joined.space.sign_in("chutich", PASSWORD)
        assert joined.space.incoming.file_bytes(doc).startswith(b"%PDF")  # fetched on demand
    finally:
        joined.space.close()
