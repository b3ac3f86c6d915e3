"""A space: one ward's local store (SQLite + blobs), its journal and services, on this device.

`create_space` makes a new space with its organisation and first admin (the genesis);
`open_space` opens an existing one. Neither needs Qt: the CLI and the GUI both use them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import keyring.backend
import platformdirs

from app.blobs import BlobStore
from app.db import Database
from app.errors import AuthError, UserError
from app.i18n import tr
from app.journal.keys import new_device_key, public_hex
from app.journal.log import Change, Journal, meta_get, meta_set
from app.models.enums import Role
from app.services.auth import AuthContext, CurrentUser
from app.services.directory import (
    DirectoryService,
    OrganisationInfo,
    UserInfo,
    user_payload,
    validate_org,
    validate_password,
    validate_user,
)
from app.services.ids import new_id
from app.services.incoming import IncomingService
from app.services.keyvault import KeyVault
from app.timeutil import Clock, SystemClock

SPACE_FILE = "space.json"
DB_FILE = "space.db"
FORMAT = 1


def default_space_dir() -> Path:
    """The embedded default space under the user's data directory."""
    return Path(platformdirs.user_data_dir("ward-office", appauthor=False)) / "default"


@dataclass(frozen=True)
class AdminInfo:
    """The first administrator of a new space."""

    login: str
    full_name: str
    password: str
    position: str = ""


class Space:
    """An open space: its database, blobs, journal, the signed-in user and the services."""

    def __init__(
        self,
        root: Path,
        *,
        clock: Clock | None = None,
        keyring_backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        self.root = root
        self.clock = clock or SystemClock()
        self.db = Database(root / DB_FILE)
        self.blobs = BlobStore(root / "blobs")
        with self.db.read() as s:
            self.space_id = meta_get(s, "space_id")
            self.device_id = meta_get(s, "device_id")
        self.journal = Journal(self.clock, self.device_id)
        self.vault = KeyVault(root / "keyring", self.space_id, self.device_id, keyring_backend)
        self.auth = AuthContext()
        self.directory = DirectoryService(
            self.db.read, self.db.write, self.journal, self.auth, self._on_password_set
        )
        self.incoming = IncomingService(
            self.db.read, self.db.write, self.journal, self.auth, self.blobs, self.clock
        )

    @property
    def scan_folder(self) -> Path:
        """The folder the scanner writes to (a device setting)."""
        with self.db.read() as s:
            value = meta_get(s, "scan_folder")
        return Path(value) if value else self.root / "scan"

    def set_scan_folder(self, folder: Path) -> None:
        """Choose another scan folder, e.g. a network share."""
        with self.db.write.begin() as s:
            meta_set(s, "scan_folder", str(folder))

    def sign_in(self, login: str, password: str) -> CurrentUser:
        """Check the password, open the device key for this user, and sign them in."""
        user = self.directory.authenticate(login, password)
        key = self.vault.load(user.id, password)
        if key is not None:
            self.journal.unlock(key)
        elif self.journal.unlocked:  # opened by an earlier user: keep a copy for this one
            self._on_password_set(user.id, password)
        else:
            raise AuthError(
                tr(
                    "Máy này chưa lưu khóa ký cho tài khoản '{login}'. Hãy nhờ quản trị viên "
                    "đăng nhập một lần hoặc đặt lại mật khẩu cho bạn trên máy này."
                ).format(login=user.login)
            )
        self.auth.set(user)
        return user

    def sign_out(self) -> None:
        """Nobody is signed in any more (the device key stays open for the next user)."""
        self.auth.set(None)

    def _on_password_set(self, user_id: str, password: str) -> None:
        key = self.journal.signing_key
        if key is not None:
            self.vault.store(key, user_id, password)

    def close(self) -> None:
        """Release the database."""
        self.db.close()


def _write_space_file(root: Path, space_id: str, org_name: str, device: str, key: str) -> None:
    data = {
        "format": FORMAT,
        "space_id": space_id,
        "organisation": org_name,
        "genesis_device": device,
        "genesis_key": key,
    }
    tmp = root / (SPACE_FILE + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, root / SPACE_FILE)


def is_space(root: Path) -> bool:
    """True when `root` holds a space."""
    return (root / SPACE_FILE).is_file() and (root / DB_FILE).is_file()


def create_space(
    root: Path,
    org: OrganisationInfo,
    admin: AdminInfo,
    *,
    clock: Clock | None = None,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> Space:
    """Make a new space with its organisation and first admin, signed in on return."""
    validate_org(org)
    validate_password(admin.password)
    admin_id = new_id()
    admin_info = UserInfo(
        admin_id,
        admin.login.strip().lower(),
        admin.full_name,
        admin.position,
        None,
        frozenset({Role.ADMIN}),
    )
    validate_user(admin_info, set())
    if is_space(root):
        raise UserError(tr("Thư mục {path} đã chứa một không gian làm việc.").format(path=root))
    try:
        root.mkdir(parents=True, exist_ok=True)
        if any(p.name not in {"scan"} for p in root.iterdir()):
            raise UserError(tr("Thư mục {path} không trống.").format(path=root))
    except OSError as exc:
        raise UserError(
            tr("Không tạo được thư mục {path}: {e}").format(path=root, e=exc.strerror)
        ) from exc
    space_id, device_id = new_id(), new_id()
    key = new_device_key()
    db = Database(root / DB_FILE)
    with db.write.begin() as s:
        meta_set(s, "space_id", space_id)
        meta_set(s, "device_id", device_id)
        meta_set(s, "genesis_device", device_id)
        meta_set(s, "genesis_key", public_hex(key))
    db.close()
    space = Space(root, clock=clock, keyring_backend=keyring_backend)
    space.journal.unlock(key)
    payload = user_payload(admin_info, admin.password)
    org_payload = {
        "name": org.name,
        "abbreviation": org.abbreviation,
        "place_name": org.place_name,
        "parent_name": org.parent_name,
        "code": org.code,
    }
    with space.db.write.begin() as s:
        space.journal.commit(
            s,
            admin_id,
            [
                Change("user.created", f"user:{admin_id}", payload),
                Change(
                    "device.enrolled",
                    f"device:{device_id}",
                    {"public_key": public_hex(key), "label": "genesis"},
                ),
                Change("org.set", "org:org", org_payload),
            ],
        )
    space.vault.store(key, admin_id, admin.password)
    _write_space_file(root, space_id, org.name, device_id, public_hex(key))
    space.sign_in(admin_info.login, admin.password)
    return space


def open_space(
    root: Path,
    *,
    clock: Clock | None = None,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> Space:
    """Open an existing space; UserError when the folder holds none."""
    if not is_space(root):
        raise UserError(tr("Không tìm thấy không gian làm việc ở {path}.").format(path=root))
    return Space(root, clock=clock, keyring_backend=keyring_backend)
