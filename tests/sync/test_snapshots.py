"""A new PC joins from a snapshot and replays only the tail; bad snapshots are not used."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import OpRecord
from app.services.incoming_dto import IncomingFilter
from app.services.join import join_space
from app.services.space import Space
from app.services.state_hash import state_hash
from app.sync.snapshots import data_key
from app.sync.target import TargetError
from tests.conftest import PASSWORD
from tests.sync.conftest import DRAFT, Office, queue_pdf


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def _work(space: Space, n: int, tag: str) -> None:
    for i in range(n):
        doc = queue_pdf(space, f"{tag}{i}")
        space.incoming.register(doc, DRAFT, allow_duplicate=True)
    space.sync.sync_once()


def test_a_new_pc_starts_from_the_snapshot_and_replays_the_tail(
    office: Office, tmp_path: Path
) -> None:
    clerk = office.ward.as_user("vanthu")
    _work(clerk, 5, "before")
    manifest = clerk.sync.make_snapshot()
    assert manifest is not None
    _work(clerk, 2, "after")  # the tail
    with clerk.db.read() as s:
        total = s.scalar(select(func.count()).select_from(OpRecord)) or 0
    joined = join_space(
        tmp_path / "pc-new", office.url, "chutich", PASSWORD, keyring_backend=office.keyring
    )
    try:
        assert joined.from_snapshot
        report = joined.space.sync.sync_once()
        assert report.pulled == total - manifest.ops  # only the tail is replayed
        assert _hash(joined.space) == _hash(office.genesis)
        joined.space.sign_in("chutich", PASSWORD)
        rows = joined.space.incoming.rows(
            IncomingFilter(), sort="number", descending=False, limit=100
        )
        assert len(rows) == 7
    finally:
        joined.space.close()


def test_snapshots_are_made_by_one_pc_when_enough_ops_accumulate(office: Office) -> None:
    pc = office.join("pc1", "vanthu")
    for space in (pc, office.genesis):
        space.sync.snapshot_every = 20
    _work(pc, 6, "x")
    office.genesis.sync.sync_once()
    pc.sync.sync_once()
    server = Path(office.url.removeprefix("file://")) / "snapshots"
    manifests = sorted(p.name for p in server.glob("*.json"))
    leases = sorted(p.name for p in server.glob("*.lease"))
    assert manifests
    assert len(leases) == len(set(leases))
    assert len(manifests) <= len(leases)


def test_a_damaged_snapshot_is_refused_with_a_clear_message(office: Office, tmp_path: Path) -> None:
    clerk = office.ward.as_user("vanthu")
    _work(clerk, 2, "d")
    manifest = clerk.sync.make_snapshot()
    assert manifest is not None
    path = Path(office.url.removeprefix("file://")) / data_key(manifest.slot)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(TargetError, match="bị hỏng"):
        join_space(
            tmp_path / "pc-bad", office.url, "chutich", PASSWORD, keyring_backend=office.keyring
        )
    assert list((tmp_path / "pc-bad").iterdir()) == []  # nothing half-made: try again later


def test_a_join_that_fails_at_the_request_leaves_no_key_behind(
    office: Office, tmp_path: Path
) -> None:
    server = Path(office.url.removeprefix("file://"))
    (server / "enroll").write_bytes(b"")  # a file where the requests' folder should be
    before = dict(office.keyring.items)
    with pytest.raises(TargetError):
        join_space(
            tmp_path / "pc-x", office.url, "chutich", PASSWORD, keyring_backend=office.keyring
        )
    assert office.keyring.items == before  # the new PC's key went with the failed join
    assert list((tmp_path / "pc-x").iterdir()) == []
