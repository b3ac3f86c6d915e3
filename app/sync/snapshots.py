"""Snapshots: the whole local store at a cut, so a new PC joins in seconds and replays the tail.

A snapshot is a gzip'd SQLite copy of a synced device's store (projection and op log, without
that device's local bookkeeping) and a signed manifest naming the cut: for every device, the
segment to read next. A joining PC checks the file's hash, the maker's signature and the state
hash of the projection, then pulls only what came after the cut. Snapshot slots are taken with
the target's atomic create, so two devices never write the same snapshot.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.i18n import tr
from app.journal.op import canonical, verify
from app.sync.target import Target, TargetError

PREFIX = "snapshots"
FORMAT = 1
LOCAL_TABLES = ("local_meta", "number_claims", "quarantined_ops")


def manifest_key(slot: int) -> str:
    """The manifest of snapshot `slot`."""
    return f"{PREFIX}/{slot:06d}.json"


def data_key(slot: int) -> str:
    """The gzip'd database of snapshot `slot`."""
    return f"{PREFIX}/{slot:06d}.db.gz"


def lease_key(slot: int) -> str:
    """Who makes snapshot `slot` (the first to create this key)."""
    return f"{PREFIX}/{slot:06d}.lease"


@dataclass(frozen=True)
class Manifest:
    """What a snapshot holds and who made it."""

    slot: int
    space_id: str
    device: str
    cursors: dict[str, int]  # device -> first seq of the next segment to read
    ops: int
    state_hash: str
    sha256: str
    size: int

    def body(self) -> bytes:
        """The signed bytes."""
        return canonical({"v": FORMAT, **self.__dict__})


def _copy(db_path: Path, dest: Path) -> None:
    """A consistent copy of the store (VACUUM INTO reads one snapshot of the WAL database)."""
    src = sqlite3.connect(db_path)
    try:
        src.execute("VACUUM INTO ?", (str(dest),))
    finally:
        src.close()


def _cut(copy: Path, device: str) -> tuple[dict[str, int], int] | None:
    """The copy's cursors and op count, with its local tables emptied; None if ops are unsent."""
    con = sqlite3.connect(copy)
    try:
        meta = dict(con.execute("SELECT key, value FROM local_meta").fetchall())
        pushed = int(meta.get("pushed_seq", "0"))
        if int(meta.get("next_seq", "1")) - 1 != pushed:
            return None
        cursors = {
            k.partition(":")[2]: int(v) for k, v in meta.items() if k.startswith("next_segment:")
        }
        cursors[device] = pushed + 1
        ops = int(con.execute("SELECT count(*) FROM ops").fetchone()[0])
        for table in LOCAL_TABLES:
            con.execute(f"DELETE FROM {table}")
        con.commit()
    finally:
        con.close()
    return cursors, ops


def write_snapshot(
    target: Target,
    slot: int,
    db_path: Path,
    *,
    space_id: str,
    device: str,
    key: Ed25519PrivateKey,
    hash_fn: Callable[[Path], str],
) -> Manifest | None:
    """Copy, compress and upload the store, then its signed manifest (data first).

    None when this device still has ops that are not on the target (the cut would name them).
    """
    with tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".snap-") as tmp:
        copy = Path(tmp) / "snapshot.db"
        _copy(db_path, copy)
        cut = _cut(copy, device)
        if cut is None:
            return None
        cursors, ops = cut
        state_hash = hash_fn(copy)
        packed = Path(tmp) / "snapshot.db.gz"
        digest = hashlib.sha256()
        with (
            open(copy, "rb") as src,
            open(packed, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=3, mtime=0) as out,
        ):
            shutil.copyfileobj(src, out, 1 << 20)
        with open(packed, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        manifest = Manifest(
            slot, space_id, device, cursors, ops, state_hash, digest.hexdigest(),
            packed.stat().st_size,
        )  # fmt: skip
        target.put_file_if_absent(data_key(slot), packed)
    sig = base64.b64encode(key.sign(manifest.body())).decode("ascii")
    target.put_if_absent(
        manifest_key(slot), canonical({"manifest": json.loads(manifest.body()), "sig": sig})
    )
    return manifest


def latest_manifest(target: Target, space_id: str) -> tuple[Manifest, bytes] | None:
    """The newest complete snapshot's manifest and signature, or None."""
    keys = [k for k in _all_keys(target) if k.endswith(".json")]
    for key in reversed(keys):
        data = target.get(key)
        if data is None:
            continue
        with contextlib.suppress(ValueError, KeyError, TypeError):
            raw = json.loads(data)
            fields: dict[str, Any] = dict(raw["manifest"])
            if fields.pop("v") != FORMAT:
                continue
            manifest = Manifest(**fields)
            if manifest.space_id == space_id:
                return manifest, base64.b64decode(raw["sig"], validate=True)
    return None


def _all_keys(target: Target) -> list[str]:
    keys: list[str] = []
    after = ""
    while True:
        page = target.list(f"{PREFIX}/", start_after=after, limit=1000)
        keys.extend(page)
        if len(page) < 1000:
            return keys
        after = page[-1]


def restore(
    target: Target, manifest: Manifest, sig: bytes, db_path: Path, genesis_key: str
) -> None:
    """Download, check and unpack a snapshot into `db_path` (which must not exist yet)."""
    with tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".snap-") as tmp:
        packed = Path(tmp) / "snapshot.db.gz"
        if not target.get_file(data_key(manifest.slot), packed):
            raise TargetError(tr("Bản chụp dữ liệu trên máy chủ đồng bộ bị thiếu tệp."))
        digest = hashlib.sha256()
        with open(packed, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() != manifest.sha256:
            raise TargetError(tr("Bản chụp dữ liệu trên máy chủ đồng bộ bị hỏng (sai mã băm)."))
        unpacked = Path(tmp) / "snapshot.db"
        with gzip.open(packed, "rb") as src, open(unpacked, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        maker = _device_key(unpacked, manifest.device) or genesis_key
        if not verify(maker, manifest.body(), sig):
            raise TargetError(tr("Chữ ký của bản chụp dữ liệu không hợp lệ; không dùng."))
        shutil.move(unpacked, db_path)


def _device_key(db_path: Path, device: str) -> str | None:
    con = sqlite3.connect(db_path)
    try:
        row = con.execute(
            "SELECT public_key FROM devices WHERE id = ? AND NOT revoked", (device,)
        ).fetchone()
    finally:
        con.close()
    return str(row[0]) if row else None
