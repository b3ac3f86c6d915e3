"""Sync use cases: one round with the shared target, its status, and the devices of a space.

A round: check the clock against the target's, push this device's files and ops, pull everyone
else's, give numbers to the documents this device registered while offline ("chờ cấp số"),
push those, and publish a snapshot when one is due. The status (synced, offline since, needs
attention) is kept in the local store so the app shows it after a restart too.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.blobs import BlobStore
from app.db import Database
from app.errors import AuthError, Conflict, NotFound, UserError, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal, meta_get, meta_set
from app.journal.op import canonical
from app.models import Device, FlaggedOp, LocalMeta, OpRecord, QuarantinedOp
from app.models.enums import Role
from app.services.auth import AuthContext
from app.services.changes import Changes
from app.services.incoming import IncomingService
from app.services.state_hash import state_hash_of_file
from app.sync.engine import Progress, ProgressFn, SyncEngine
from app.sync.probe import probe
from app.sync.snapshots import Manifest, lease_key, manifest_key, write_snapshot
from app.sync.target import Target, TargetError, TargetUnreachable
from app.timeutil import Clock

ENROLL_PREFIX = "enroll"
SNAPSHOT_EVERY = 50_000  # ops between two snapshots
PROBE_EVERY = dt.timedelta(hours=24)  # between two capability probes of the configured target
GAP_CHECK_EVERY = 30  # rounds between two listings for missing segments (and the first round)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud over the phone


def new_enrollment_code() -> str:
    """A one-time code such as "K7QM-3XPA" (about 39 bits)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """The code as stored, whatever case or dashes the admin typed."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(raw) != 8 or any(ch not in _CODE_ALPHABET for ch in raw):
        raise ValidationError(tr("Mã đăng ký máy gồm 8 ký tự, ví dụ K7QM-3XPA."), field="code")
    return f"{raw[:4]}-{raw[4:]}"


def enrollment_key(code: str) -> str:
    """Where a joining device leaves its request."""
    return f"{ENROLL_PREFIX}/{code}.json"


@dataclass(frozen=True)
class SyncReport:
    """What one round did."""

    pushed: int
    pulled: int
    numbered: int
    blobs: int
    changes: Changes
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SyncStatus:
    """What the status widget shows."""

    configured: bool
    target: str
    last_ok: dt.datetime | None
    offline_since: dt.datetime | None
    offline_reason: str
    unpushed: int
    waiting_numbers: int
    problems: list[str]
    quarantined: int
    conflicts: int


@dataclass(frozen=True)
class DeviceInfo:
    """A PC of the space."""

    id: str
    label: str
    login: str
    revoked: bool
    this_device: bool


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _parse(value: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class SyncService:
    """Runs rounds with the target and keeps their status; manages enrolment of devices."""

    def __init__(
        self,
        db: Database,
        journal: Journal,
        blobs: BlobStore,
        clock: Clock,
        auth: AuthContext,
        incoming: IncomingService,
        target: Callable[[], Target | None],
    ) -> None:
        self._db = db
        self._journal = journal
        self._blobs = blobs
        self._clock = clock
        self._auth = auth
        self._incoming = incoming
        self._target = target
        self._engine: SyncEngine | None = None
        self.snapshot_every = SNAPSHOT_EVERY
        self._rounds = 0

    @property
    def engine(self) -> SyncEngine:
        """The engine on the configured target; Conflict when none is configured."""
        target = self._target()
        if target is None:
            raise Conflict(tr("Chưa cấu hình máy chủ đồng bộ cho máy này."))
        if self._engine is None or self._engine.target is not target:
            self._engine = SyncEngine(self._db, self._journal, self._blobs, target, self._clock)
        return self._engine

    # -- a round
    def sync_once(self, progress: ProgressFn | None = None) -> SyncReport:
        """One full round; TargetUnreachable and ClockSkewed propagate (and are recorded)."""
        engine = self.engine
        try:
            engine.check_reachable()
            engine.check_clock()
            self._probe_if_due(engine.target)
            pushed = engine.push(progress)
            pulled = engine.pull(progress, look_for_gaps=self._rounds % GAP_CHECK_EVERY == 0)
            self._rounds += 1
            numbered, problems = self._give_numbers(progress)
            if numbered:
                pushed += engine.push(progress)
            problems = pulled.problems + problems
            if not problems:
                self._maybe_snapshot(progress)
        except UserError as exc:
            self._record_failure(exc)
            raise
        self._record_success(problems)
        ids = {e.partition(":")[2] for e in pulled.entities if e.startswith("incoming:")}
        others = any(not e.startswith("incoming:") for e in pulled.entities)
        changes = Changes(incoming=frozenset(ids | set(numbered)), directory=others)
        return SyncReport(pushed, pulled.applied, len(numbered), pulled.blobs, changes, problems)

    def _probe_if_due(self, target: Target) -> None:
        """Run the capability probe again once a day: a server replaced or reconfigured under
        the same address (say, by one that ignores conditional writes) is refused."""
        with self._db.read() as s:
            last = _parse(meta_get(s, "probe_ok_at"))
        now = self._clock.now()
        if last is not None and dt.timedelta(0) <= now - last < PROBE_EVERY:
            return
        result = probe(target, now)
        if not result.ok:
            raise TargetError(" ".join(result.problems))
        self.note_probe_passed()

    def note_probe_passed(self) -> None:
        """Remember when the target last passed the probe."""
        with self._db.write.begin() as s:
            meta_set(s, "probe_ok_at", _iso(self._clock.now()))

    def _give_numbers(self, progress: ProgressFn | None) -> tuple[list[str], list[str]]:
        """Numbers for the documents this PC registered offline: (numbered ids, problems)."""
        if not self._journal.unlocked:
            return [], []
        waiting = self._incoming.waiting_for_number()
        numbered: list[str] = []
        problems: list[str] = []
        for index, doc_id in enumerate(waiting):
            try:
                self._incoming.give_number(doc_id)
                numbered.append(doc_id)
            except TargetUnreachable:
                raise
            except UserError as exc:
                problems.append(exc.message)
            if progress:
                progress(Progress("numbers", index + 1, len(waiting)))
        return numbered, problems

    def _ops_seen(self) -> int:
        with self._db.read() as s:
            rows = s.scalars(
                select(LocalMeta.value).where(LocalMeta.key.like("next_segment:%"))
            ).all()
            pushed = int(meta_get(s, "pushed_seq", "0"))
        return pushed + sum(int(v) - 1 for v in rows)

    def _maybe_snapshot(self, progress: ProgressFn | None) -> None:
        """Publish a snapshot when SNAPSHOT_EVERY more ops exist than at the last one.

        The slot is taken with the target's atomic create, so one device makes it. Cheap when
        nothing is due: a sum of cursors, no listing.
        """
        slot = self._ops_seen() // self.snapshot_every
        with self._db.read() as s:
            seen = int(meta_get(s, "snapshot_slot_seen", "0"))
        if slot <= seen or self._journal.signing_key is None:
            return
        with self._db.write.begin() as s:
            meta_set(s, "snapshot_slot_seen", str(slot))
        if self.engine.target.put_if_absent(lease_key(slot), self._journal.device_id.encode()):
            if progress:
                progress(Progress("snapshot"))
            self.make_snapshot(slot)

    def make_snapshot(self, slot: int | None = None) -> Manifest | None:
        """Publish a snapshot of this device's store now (None when ops are still unsent)."""
        key = self._journal.signing_key
        if key is None:
            raise AuthError(tr("Khóa của máy chưa được mở: hãy đăng nhập lại."))
        target = self.engine.target
        if slot is None:
            slot = max(self._ops_seen() // self.snapshot_every, 1)
            while target.exists(manifest_key(slot)) or not target.put_if_absent(
                lease_key(slot), self._journal.device_id.encode()
            ):
                slot += 1
        with self._db.read() as s:
            space_id = meta_get(s, "space_id")
        return write_snapshot(
            target,
            slot,
            self._db.path,
            space_id=space_id,
            device=self._journal.device_id,
            key=key,
            hash_fn=state_hash_of_file,
        )

    def _record_success(self, problems: list[str]) -> None:
        with self._db.write.begin() as s:
            meta_set(s, "sync_last_ok", _iso(self._clock.now()))
            meta_set(s, "sync_offline_since", "")
            meta_set(s, "sync_offline_reason", "")
            meta_set(s, "sync_problems", json.dumps(problems, ensure_ascii=False))

    def _record_failure(self, exc: UserError) -> None:
        with self._db.write.begin() as s:
            if not meta_get(s, "sync_offline_since"):
                meta_set(s, "sync_offline_since", _iso(self._clock.now()))
            meta_set(s, "sync_offline_reason", exc.message)

    def status(self) -> SyncStatus:
        """The last round's outcome and what waits: cheap, local only."""
        target = self._target()
        with self._db.read() as s:
            next_seq = int(meta_get(s, "next_seq", "1"))
            pushed = int(meta_get(s, "pushed_seq", "0"))
            problems = json.loads(meta_get(s, "sync_problems", "[]"))
            quarantined = s.scalar(select(func.count()).select_from(QuarantinedOp)) or 0
            conflicts = (
                s.scalar(
                    select(func.count())
                    .select_from(FlaggedOp)
                    .where(FlaggedOp.reason == "conflict")
                )
                or 0
            )
            last_ok = _parse(meta_get(s, "sync_last_ok"))
            offline = _parse(meta_get(s, "sync_offline_since"))
            reason = meta_get(s, "sync_offline_reason")
        waiting = len(self._incoming.waiting_for_number()) if target is not None else 0
        return SyncStatus(
            configured=target is not None,
            target=target.display_url if target is not None else "",
            last_ok=last_ok,
            offline_since=offline,
            offline_reason=reason,
            unpushed=max(0, next_seq - 1 - pushed),
            waiting_numbers=waiting,
            problems=problems,
            quarantined=quarantined,
            conflicts=conflicts,
        )

    # -- devices
    def devices(self) -> list[DeviceInfo]:
        """The PCs enrolled in the space."""
        with self._db.read() as s:
            rows = s.scalars(select(Device).order_by(Device.label, Device.id)).all()
            logins = _enrolled_logins(s)
            return [
                DeviceInfo(
                    d.id, d.label, logins.get(d.id, ""), d.revoked, d.id == self._journal.device_id
                )
                for d in rows
            ]

    def approve(self, code: str) -> DeviceInfo:
        """Enrol the PC that asked to join with this one-time code (admins only)."""
        user = self._auth.require(Role.ADMIN)
        code = normalise_code(code)
        target = self.engine.target
        data = target.get(enrollment_key(code))
        if data is None:
            raise NotFound(
                tr("Không tìm thấy yêu cầu tham gia với mã {code} trên máy chủ đồng bộ.").format(
                    code=code
                )
            )
        try:
            request = json.loads(data)
            device_id, public_key = str(request["device_id"]), str(request["public_key"])
            bytes.fromhex(public_key)
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(tr("Yêu cầu tham gia {code} bị hỏng.").format(code=code)) from exc
        with self._db.read() as s:
            space_id = meta_get(s, "space_id")
        if request.get("space_id") != space_id:
            raise UserError(tr("Mã {code} thuộc một không gian làm việc khác.").format(code=code))
        if target.exists(f"{ENROLL_PREFIX}/{code}.approved"):
            raise Conflict(tr("Mã {code} đã được dùng.").format(code=code))
        label = str(request.get("label", ""))[:100]
        login = str(request.get("login", ""))[:50]
        with self._db.write.begin() as s:
            if s.get(Device, device_id) is not None:
                raise Conflict(tr("Máy này đã được duyệt."))
            payload = {"public_key": public_key, "label": label, "login": login}
            self._journal.commit(
                s, user.id, [Change("device.enrolled", f"device:{device_id}", payload)]
            )
        marker = canonical({"device_id": device_id, "approved_by": user.id})
        target.put_if_absent(f"{ENROLL_PREFIX}/{code}.approved", marker)
        return DeviceInfo(device_id, label, login, False, False)

    def revoke(self, device_id: str, reason: str) -> None:
        """A lost or retired PC: its ops after the last one seen here are refused everywhere."""
        user = self._auth.require(Role.ADMIN)
        with self._db.write.begin() as s:
            device = s.get(Device, device_id)
            if device is None:
                raise NotFound(tr("Không tìm thấy máy {id}.").format(id=device_id))
            if device_id == self._journal.device_id:
                raise ValidationError(tr("Không thể thu hồi chính máy đang dùng."))
            last_seq = (
                s.scalar(select(func.max(OpRecord.seq)).where(OpRecord.device == device_id)) or 0
            )
            payload = {"last_seq": last_seq, "reason": reason.strip()[:500]}
            self._journal.commit(
                s, user.id, [Change("device.revoked", f"device:{device_id}", payload)]
            )


def _enrolled_logins(session: Session) -> dict[str, str]:
    logins: dict[str, str] = {}
    for body in session.scalars(select(OpRecord.body).where(OpRecord.kind == "device.enrolled")):
        raw = json.loads(body)
        logins[raw["entity"].partition(":")[2]] = raw["payload"].get("login", "")
    return logins
