"""Push and pull through a target: this device's ops and files up, everyone else's down.

Push: files first (content-addressed blobs), then the ops that name them as the next segment of
this device; a segment already on the target (a crash after writing, before noting it) is
recognised and adopted. Pull: for each known device, ask for the segment after the last one
read; cost grows with what is new, not with the archive. Every received op goes through the
journal's one apply path. Whatever fails verification is reported and left aside; the rest syncs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blobs import BlobStore
from app.db import Database
from app.errors import UserError
from app.i18n import tr
from app.journal.log import Journal, meta_get, meta_set
from app.journal.op import Op
from app.models import Device, FlaggedOp, OpRecord
from app.sync import segments
from app.sync.segments import SegmentError, SignedOp
from app.sync.target import Target, TargetError
from app.timeutil import Clock

MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
CLOCK_CHECK_EVERY = 600.0  # seconds between two readings of the target's clock
APPLY_BATCH = 500  # received ops per local transaction: the GUI's writes wait at most this long


class ClockSkewed(UserError):
    """This device's clock is too far from the target's: syncing would misorder everyone's work."""


class Equivocation(UserError):
    """The target holds different ops under this device's numbers (e.g. a PC restored from an
    old copy): pushing stops until an administrator looks."""


def blob_key(sha: str) -> str:
    """Where a file lives on the target."""
    return f"blobs/{sha[:2]}/{sha}"


def blob_refs(payload: dict[str, Any]) -> list[str]:
    """The files an op names (`blob`, `blobs`)."""
    refs = []
    if isinstance(payload.get("blob"), str):
        refs.append(payload["blob"])
    if isinstance(payload.get("blobs"), list):
        refs.extend(x for x in payload["blobs"] if isinstance(x, str))
    return refs


@dataclass
class Progress:
    """Where a sync is: a phase and counts, for the status widget."""

    phase: str
    done: int = 0
    total: int = 0


@dataclass
class PullResult:
    """What a pull brought: ops applied, entities touched, problems met."""

    applied: int = 0
    entities: set[str] = field(default_factory=set)
    blobs: int = 0
    wanted: set[str] = field(default_factory=set)  # files named by the applied ops
    op_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


ProgressFn = Callable[[Progress], None]


def _skew_text(delta: dt.timedelta) -> str:
    minutes = abs(delta.total_seconds()) / 60
    if minutes >= 90:
        return tr("{h:.0f} giờ").format(h=minutes / 60)
    return tr("{m:.0f} phút").format(m=minutes)


class SyncEngine:
    """One device's sync through one target."""

    def __init__(
        self, db: Database, journal: Journal, blobs: BlobStore, target: Target, clock: Clock
    ) -> None:
        self.db = db
        self.journal = journal
        self.blobs = blobs
        self.target = target
        self.clock = clock
        self._clock_checked_at: float | None = None
        self._on_target: set[str] = set()  # files known to be on the target already

    def check_reachable(self) -> None:
        """One cheap request, so an unplugged share is noticed even when nothing is new."""
        if not self.target.exists("space.json"):
            raise TargetError(
                tr("Máy chủ đồng bộ {url} không còn chứa không gian làm việc này.").format(
                    url=self.target.display_url
                )
            )

    # -- clock
    def check_clock(self, *, force: bool = False) -> dt.timedelta:
        """Refuse to sync when this PC's clock is more than 5 minutes from the target's."""
        last = self._clock_checked_at
        if not force and last is not None and time.monotonic() - last < CLOCK_CHECK_EVERY:
            return dt.timedelta(0)
        before = self.clock.now()
        remote = self.target.server_time()
        offset = before - remote
        if abs(offset) > MAX_CLOCK_SKEW:
            ahead = tr("nhanh") if offset > dt.timedelta(0) else tr("chậm")
            raise ClockSkewed(
                tr(
                    "Đồng hồ máy này {ahead} {amount} so với máy chủ đồng bộ. Hãy chỉnh ngày giờ "
                    "của máy (múi giờ Asia/Ho_Chi_Minh) rồi đồng bộ lại; công việc vẫn được lưu "
                    "trên máy này."
                ).format(ahead=ahead, amount=_skew_text(offset))
            )
        self._clock_checked_at = time.monotonic()
        return offset

    # -- push
    def unpushed(self) -> int:
        """How many of this device's ops are not on the target yet."""
        with self.db.read() as s:
            return int(meta_get(s, "next_seq", "1")) - 1 - int(meta_get(s, "pushed_seq", "0"))

    def push(self, progress: ProgressFn | None = None) -> int:
        """Send this device's new files and ops; returns how many ops went up."""
        me = self.journal.device_id
        sent = 0
        total = self.unpushed()
        while True:
            with self.db.read() as s:
                pushed = int(meta_get(s, "pushed_seq", "0"))
                rows = s.execute(
                    select(OpRecord.body, OpRecord.sig)
                    .where(OpRecord.device == me, OpRecord.seq > pushed)
                    .order_by(OpRecord.seq)
                    .limit(segments.MAX_OPS)
                ).all()
            if not rows:
                return sent
            ops = [SignedOp(body, sig) for body, sig in rows]
            self._push_blobs(ops)
            key = segments.segment_key(me, pushed + 1)
            if self.target.put_if_absent(key, segments.encode(me, pushed + 1, ops)):
                count = len(ops)
            else:
                count = self._adopt_segment(key, pushed + 1, ops)
            with self.db.write.begin() as s:
                meta_set(s, "pushed_seq", str(pushed + count))
            sent += count
            if progress:
                progress(Progress("push", sent, total))

    def _push_blobs(self, ops: list[SignedOp]) -> None:
        """Files named by these ops, each asked about once per engine (one request per file)."""
        for signed in ops:
            for sha in blob_refs(Op.from_body(signed.body).payload):
                if sha in self._on_target:
                    continue
                if not self.blobs.has(sha):
                    continue  # not ours to send (a file of another PC's op, fetched on demand)
                key = blob_key(sha)
                if not self.target.exists(key):
                    self.target.put_if_absent(key, self.blobs.read(sha))
                self._on_target.add(sha)

    def _adopt_segment(self, key: str, first: int, ours: list[SignedOp]) -> int:
        """A segment is already at `key`: ours from before a crash, or an equivocation."""
        data = self.target.get(key) or b""
        try:
            theirs = segments.decode(self.journal.device_id, first, data)
        except SegmentError:
            theirs = []
        same = all(a.body == b.body for a, b in zip(theirs, ours, strict=False))
        if theirs and same and len(theirs) <= len(ours):
            return len(theirs)
        raise Equivocation(
            tr(
                "Máy chủ đồng bộ đã có một đoạn nhật ký khác của chính máy này ({key}). Có thể "
                "máy đã được khôi phục từ bản sao cũ. Đã dừng gửi dữ liệu; hãy báo quản trị viên."
            ).format(key=key)
        )

    # -- pull
    def known_devices(self, session: Session) -> list[str]:
        """Devices whose ops we read: every enrolled one (revoked too) and the genesis device."""
        ids = set(session.scalars(select(Device.id)))
        genesis = meta_get(session, "genesis_device")
        if genesis:
            ids.add(genesis)
        ids.discard(self.journal.device_id)
        return sorted(ids)

    def pull(
        self, progress: ProgressFn | None = None, *, look_for_gaps: bool = False
    ) -> PullResult:
        """Read and apply what is new from every known device, until nothing more comes.

        `look_for_gaps` also lists each device's later segments, to report one that is missing
        (a listing per device: done now and then, not in every round).
        """
        result = PullResult()
        done: set[str] = set()
        while True:
            with self.db.read() as s:
                devices = [d for d in self.known_devices(s) if d not in done]
            if not devices:
                break
            for device in devices:
                self._pull_device(device, result, progress, look_for_gaps)
                done.add(device)
        self._report_refused(result)
        self._fetch_new_blobs(result)
        return result

    def _report_refused(self, result: PullResult) -> None:
        """Received ops that replay refused (a revoked PC, a missing role), once all arrived.

        A revocation may arrive after the ops it refuses, so this looks at the end of the pull.
        """
        with self.db.read() as s:
            for start in range(0, len(result.op_ids), 500):
                chunk = result.op_ids[start : start + 500]
                for op_id, reason in s.execute(
                    select(FlaggedOp.op_id, FlaggedOp.reason).where(
                        FlaggedOp.op_id.in_(chunk), FlaggedOp.reason.in_(("revoked", "role"))
                    )
                ):
                    result.problems.append(_flagged(op_id, reason))

    def _report_gap(self, device: str, key: str, result: PullResult) -> None:
        later = self.target.list(f"{segments.PREFIX}/{device}/", start_after=key, limit=1)
        if later:
            result.problems.append(
                tr(
                    "Thiếu đoạn nhật ký {key} trên máy chủ (đã có đoạn sau nó); các thao tác sau "
                    "của máy này chờ đến khi đoạn thiếu được gửi lại."
                ).format(key=key)
            )

    def _pull_device(
        self, device: str, result: PullResult, progress: ProgressFn | None, look_for_gaps: bool
    ) -> None:
        cursor = f"next_segment:{device}"
        while True:
            with self.db.read() as s:
                first = int(meta_get(s, cursor, "1"))
            key = segments.segment_key(device, first)
            data = self.target.get(key)
            if data is None:
                if look_for_gaps:
                    self._report_gap(device, key, result)
                return
            try:
                ops = segments.decode(device, first, data)
            except SegmentError as exc:
                result.problems.append(
                    tr("Đoạn nhật ký {key} trên máy chủ bị hỏng ({e}); đã bỏ qua.").format(
                        key=key, e=exc
                    )
                )
                return
            if not self._apply_segment(ops, cursor, first, result, progress):
                return

    def _apply_segment(
        self,
        ops: list[SignedOp],
        cursor: str,
        first: int,
        result: PullResult,
        progress: ProgressFn | None,
    ) -> bool:
        """Apply a segment in batches; False when an op was refused (the device stops here)."""
        for start in range(0, len(ops), APPLY_BATCH):
            batch = ops[start : start + APPLY_BATCH]
            with self.db.write.begin() as s:
                newest = ""
                for signed in batch:
                    verdict, reason = self.journal.take(s, signed.body, signed.sig, observe=False)
                    op = Op.from_body(signed.body)
                    if verdict == "quarantined":
                        result.problems.append(_refused(op, reason))
                        # the ops before it in this batch are kept; the rest waits
                        meta_set(s, cursor, str(first))
                        if newest:
                            self.journal.observe(s, newest)
                        return False
                    newest = max(newest, op.hlc)
                    if verdict == "applied":
                        result.applied += 1
                        result.entities.add(op.entity)
                        result.wanted.update(blob_refs(op.payload))
                        result.op_ids.append(op.op_id)
                if newest:
                    self.journal.observe(s, newest)
                if start + APPLY_BATCH >= len(ops):
                    meta_set(s, cursor, str(first + len(ops)))
            if progress:
                progress(Progress("pull", result.applied, 0))
        return True

    # -- files
    def _fetch_new_blobs(self, result: PullResult) -> None:
        for sha in sorted(result.wanted):
            if self.blobs.has(sha):
                continue
            try:
                self.fetch_blob(sha)
                result.blobs += 1
            except UserError as exc:
                result.problems.append(exc.message)

    def fetch_blob(self, sha: str) -> bytes:
        """Bring one file from the target, checked against its name, into the local store."""
        data = self.target.get(blob_key(sha))
        if data is None:
            raise UserError(tr("Tệp {sha} chưa có trên máy chủ đồng bộ.").format(sha=sha[:12]))
        if hashlib.sha256(data).hexdigest() != sha:
            raise UserError(
                tr("Tệp {sha} trên máy chủ đồng bộ bị hỏng (sai mã băm); chưa lấy về.").format(
                    sha=sha[:12]
                )
            )
        self.blobs.put(data)
        return data


def _refused(op: Op, reason: str) -> str:
    return tr("Thao tác {id} bị từ chối ({reason}); các thao tác khác vẫn được đồng bộ.").format(
        id=op.op_id, reason=reason
    )


def _flagged(op_id: str, reason: str) -> str:
    text = {
        "revoked": tr("Máy {device} đã bị thu hồi: thao tác {id} sau khi thu hồi không được nhận."),
        "role": tr("Người thực hiện thao tác {id} không có quyền; thao tác không được nhận."),
    }[reason]
    return text.format(device=op_id[:8], id=op_id)
