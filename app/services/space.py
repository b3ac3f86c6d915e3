"""A space: one ward's local store (SQLite + blobs), its journal and services, on this device.

`create_space` makes a new space with its organisation and first admin (the genesis);
`open_space` opens an existing one. Neither needs Qt: the CLI and the GUI both use them.
"""

from __future__ import annotations

import functools
import json
import os
import platform
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import keyring.backend
import platformdirs
from sqlalchemy import func, select

from app.blobs import BlobStore
from app.db import Database
from app.errors import AuthError, UserError
from app.i18n import tr
from app.journal.keys import new_device_key, public_hex
from app.journal.log import Change, Journal, meta_get, meta_set
from app.models import IncomingDocument, NumberClaim, OutgoingDocument
from app.models.enums import Role
from app.search.index import INDEX_VERSION, mark_built
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
from app.services.keyvault import KeyVault, pending_key_owner
from app.services.numbering import TargetNumberAuthority
from app.services.ocr import OcrService
from app.services.outgoing import OutgoingService
from app.services.schedule import ScheduleService
from app.services.search import SearchService
from app.services.signing import SigningService
from app.services.statistics import StatisticsService
from app.services.sync import SyncService
from app.services.tasks import TaskService
from app.sync.claims import Claim, ClaimBook
from app.sync.probe import ProbeResult, probe
from app.sync.target import Target, TargetError
from app.sync.urls import open_target
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
        self.signing = SigningService(
            self.db.read, self.db.write, self.journal, self.auth, self.blobs, self.clock
        )
        self.outgoing = OutgoingService(
            self.db.read,
            self.db.write,
            self.journal,
            self.auth,
            self.blobs,
            self.clock,
            self.signing,
        )
        self.tasks = TaskService(
            self.db.read, self.db.write, self.journal, self.auth, self.blobs, self.clock
        )
        self.schedule = ScheduleService(
            self.db.read, self.db.write, self.journal, self.auth, self.blobs, self.clock
        )
        self.statistics = StatisticsService(self.db.read, self.auth, self.clock)
        self.search = SearchService(self.db.read, self.db.write, self.auth, self.clock, self.blobs)
        self._target: Target | None = None
        self.sync = SyncService(
            self.db, self.journal, self.blobs, self.clock, self.auth, self.incoming, self.target
        )
        if self.target_url:
            self._use_target()

    @functools.cached_property
    def ocr(self) -> OcrService:
        """OCR of scans for search and the registration form (made on first use)."""
        return OcrService(
            self.search, self.blobs, self.db.read, known_agencies=self.incoming.issuing_agencies
        )

    # -- the shared target
    @property
    def target_url(self) -> str:
        """The shared target this device syncs with ("" when it works alone)."""
        with self.db.read() as s:
            return meta_get(s, "target_url")

    def target(self) -> Target | None:
        """The configured target, opened on first use (no network at start-up)."""
        if self._target is None:
            url = self.target_url
            if not url:
                return None
            self._target = open_target(url)
        return self._target

    def _require_target(self) -> Target:
        target = self.target()
        if target is None:
            raise TargetError(tr("Chưa cấu hình máy chủ đồng bộ cho máy này."))
        return target

    def _use_target(self) -> None:
        authority = TargetNumberAuthority(
            self._require_target, self.db.write, self.journal, self.clock
        )
        self.incoming.use_shared_numbers(authority)
        self.outgoing.use_shared_numbers(authority)
        self.blobs.fetcher = lambda sha: self.sync.engine.fetch_blob(sha)

    def _publish_local_claims(self, target: Target) -> None:
        """Numbers given while this space worked alone become claims on the target."""
        key = self.journal.signing_key
        with self.db.read() as s:
            rows = s.execute(
                select(
                    NumberClaim,
                    func.coalesce(IncomingDocument.registered_by, OutgoingDocument.issued_by),
                )
                .outerjoin(IncomingDocument, IncomingDocument.id == NumberClaim.document_id)
                .outerjoin(OutgoingDocument, OutgoingDocument.id == NumberClaim.document_id)
            ).all()
        if not rows:
            return
        if key is None:
            raise AuthError(tr("Cần đăng nhập để đưa các số đã cấp lên máy chủ đồng bộ."))
        book = ClaimBook(target)
        now = self.clock.now().isoformat()

        def publish(row: tuple[NumberClaim, str | None]) -> None:
            claim, actor = row
            series = claim.series.rsplit("-", 1)[0]
            taken = Claim(
                series,
                claim.year,
                claim.number,
                claim.document_id,
                self.device_id,
                actor or "",
                now,
            )
            if not book.try_claim(taken, key):
                holder = book.holder(series, claim.year, claim.number)
                if holder is None or holder.document != claim.document_id:
                    raise TargetError(
                        tr(
                            "Số {n}/{y} đã được cấp cho văn bản khác trên máy chủ đồng bộ; "
                            "không thể gộp không gian này vào đó."
                        ).format(n=claim.number, y=claim.year)
                    )

        with ThreadPoolExecutor(max_workers=8) as pool:  # network round trips, not CPU
            for _ in pool.map(publish, [tuple(r) for r in rows]):
                pass

    def set_target(self, url: str) -> ProbeResult:
        """Check a target with the probe and, when it passes, sync with it from now on.

        The space's identity (space.json) is published there, or checked to be this space's.
        """
        target = open_target(url)
        result = probe(target, self.clock.now())
        if not result.ok:
            target.close()
            return result
        publish_space(target, self.root)
        self._publish_local_claims(target)
        with self.db.write.begin() as s:
            meta_set(s, "target_url", url)
        if self._target is not None:
            self._target.close()
        self._target = target
        self._use_target()
        self.sync.note_probe_passed()
        return result

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
        if key is None:  # a PC that joined: its key waits under the login given at join
            key = self.vault.load(pending_key_owner(user.login), password)
            if key is not None:
                self.vault.store(key, user.id, password)
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
        """Release the database and the target's connections."""
        if self._target is not None:
            self._target.close()
        self.db.close()


def space_file(root: Path) -> dict[str, object]:
    """The space's identity as written in space.json."""
    data: dict[str, object] = json.loads((root / SPACE_FILE).read_text(encoding="utf-8"))
    return data


def publish_space(target: Target, root: Path) -> None:
    """Put space.json on the target, or check that the one there is this space's."""
    ours = space_file(root)
    data = json.dumps(ours, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    if target.put_if_absent(SPACE_FILE, data):
        return
    try:
        theirs = json.loads(target.get(SPACE_FILE) or b"{}")
    except ValueError:
        theirs = {}
    if theirs.get("space_id") != ours["space_id"]:
        raise TargetError(
            tr(
                "Máy chủ đồng bộ {url} đang chứa một không gian làm việc khác ({org}). Hãy chọn "
                "một thư mục hoặc tiền tố riêng cho phường này."
            ).format(url=target.display_url, org=theirs.get("organisation", "?"))
        )


def write_space_file(root: Path, space_id: str, org_name: str, device: str, key: str) -> None:
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


def check_new_space_dir(root: Path) -> None:
    """Make sure `root` exists and is empty, ready for a new space; UserError if not."""
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
    check_new_space_dir(root)
    space_id, device_id = new_id(), new_id()
    key = new_device_key()
    db = Database(root / DB_FILE)
    with db.write.begin() as s:
        meta_set(s, "space_id", space_id)
        meta_set(s, "device_id", device_id)
        meta_set(s, "genesis_device", device_id)
        meta_set(s, "genesis_key", public_hex(key))
        mark_built(s, INDEX_VERSION)  # empty, and kept up to date by every op from the first
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
                    {
                        "public_key": public_hex(key),
                        "label": platform.node() or tr("Máy đầu tiên"),
                        "login": admin_info.login,
                    },
                ),
                Change("org.set", "org:org", org_payload),
            ],
        )
    space.vault.store(key, admin_id, admin.password)
    write_space_file(root, space_id, org.name, device_id, public_hex(key))
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
