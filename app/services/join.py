"""Joining a space from its shared target: a new PC gets a device key and asks to be enrolled.

The PC reads the space's identity (space.json) from the target, starts its local store from the
latest snapshot when there is one (so years of history arrive in seconds) and leaves an
enrolment request under a one-time code. An admin approves the code; until then the PC can read
and pull, but nobody accepts its ops.
"""

from __future__ import annotations

import json
import platform
import shutil
from dataclasses import dataclass
from pathlib import Path

import keyring.backend
from sqlalchemy import select

from app.db import Database
from app.errors import UserError
from app.i18n import tr
from app.journal.keys import new_device_key, public_hex
from app.journal.log import meta_set
from app.journal.op import canonical
from app.models import OpRecord
from app.services.ids import new_id
from app.services.keyvault import pending_key_owner
from app.services.space import (
    DB_FILE,
    SPACE_FILE,
    Space,
    check_new_space_dir,
    write_space_file,
)
from app.services.state_hash import state_hash
from app.services.sync import SNAPSHOT_EVERY, enrollment_key, new_enrollment_code
from app.sync.snapshots import Manifest, latest_manifest, restore
from app.sync.target import Target, TargetError
from app.sync.urls import open_target
from app.timeutil import Clock, SystemClock


@dataclass(frozen=True)
class Joined:
    """A new local space waiting for an admin to approve its enrolment code."""

    space: Space
    code: str
    from_snapshot: bool


def read_space_file(target: Target) -> dict[str, str]:
    """The space's identity on the target; TargetError when the target holds no space."""
    data = target.get(SPACE_FILE)
    if data is None:
        raise TargetError(
            tr("Không tìm thấy không gian làm việc nào trên máy chủ đồng bộ {url}.").format(
                url=target.display_url
            )
        )
    try:
        info = json.loads(data)
        return {
            k: str(info[k]) for k in ("space_id", "organisation", "genesis_device", "genesis_key")
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise TargetError(tr("Tệp space.json trên máy chủ đồng bộ bị hỏng.")) from exc


def _adopt_snapshot(db: Database, manifest: Manifest) -> None:
    """Check the restored projection against the manifest and start reading after its cut."""
    with db.write.begin() as s:
        if state_hash(s) != manifest.state_hash:
            raise TargetError(
                tr("Bản chụp dữ liệu trên máy chủ không khớp mã trạng thái; không dùng được.")
            )
        for device, first in manifest.cursors.items():
            meta_set(s, f"next_segment:{device}", str(first))
        # the snapshot it joined from is as new as this PC could make: none due before more ops
        meta_set(s, "snapshot_slot_seen", str(manifest.ops // SNAPSHOT_EVERY))
        newest = s.scalar(select(OpRecord.order_key).order_by(OpRecord.order_key.desc()).limit(1))
        if newest:
            meta_set(s, "hlc", newest.split("|")[0])


def join_space(
    root: Path,
    url: str,
    login: str,
    password: str,
    *,
    label: str = "",
    clock: Clock | None = None,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> Joined:
    """Make a local space for this PC from the target and leave an enrolment request there.

    On failure nothing of the new space is left in `root`, so the user can simply try again.
    """
    target = open_target(url)
    try:
        info = read_space_file(target)
        check_new_space_dir(root)
        before = {p.name for p in root.iterdir()}
        try:
            return _join(root, target, info, url, login, password, label, clock, keyring_backend)
        except BaseException:
            for path in root.iterdir():
                if path.name in before:
                    continue
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            raise
    finally:
        target.close()


def _join(
    root: Path,
    target: Target,
    info: dict[str, str],
    url: str,
    login: str,
    password: str,
    label: str,
    clock: Clock | None,
    keyring_backend: keyring.backend.KeyringBackend | None,
) -> Joined:
    clock = clock or SystemClock()
    device_id = new_id()
    key = new_device_key()
    found = latest_manifest(target, info["space_id"])
    if found is not None:
        restore(target, found[0], found[1], root / DB_FILE, info["genesis_key"])
    db = Database(root / DB_FILE)
    try:
        if found is not None:
            _adopt_snapshot(db, found[0])
        with db.write.begin() as s:
            meta_set(s, "space_id", info["space_id"])
            meta_set(s, "device_id", device_id)
            meta_set(s, "genesis_device", info["genesis_device"])
            meta_set(s, "genesis_key", info["genesis_key"])
            meta_set(s, "target_url", url)
    finally:
        db.close()
    write_space_file(
        root, info["space_id"], info["organisation"], info["genesis_device"], info["genesis_key"]
    )
    space = Space(root, clock=clock, keyring_backend=keyring_backend)
    try:
        space.vault.store(key, pending_key_owner(login), password)
        request = {
            "space_id": info["space_id"],
            "device_id": device_id,
            "public_key": public_hex(key),
            "login": login.strip().lower(),
            "label": label or platform.node() or device_id[:8],
            "requested_at": clock.now().isoformat(),
        }
        for _ in range(5):
            code = new_enrollment_code()
            if target.put_if_absent(enrollment_key(code), canonical(request)):
                with space.db.write.begin() as s:
                    meta_set(s, "enrollment_code", code)
                return Joined(space, code, found is not None)
        raise UserError(tr("Không tạo được mã đăng ký máy; hãy thử lại."))
    except BaseException:
        space.vault.forget(pending_key_owner(login))
        space.close()
        raise
