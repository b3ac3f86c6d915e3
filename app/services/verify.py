"""`verify`: check a space's op chains, signatures, files and number claims, here and on the target.

Every problem is reported as a Vietnamese sentence; nothing is changed. The cost is that of the
whole archive, so this is an admin's command, not part of the sync round.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blobs import BlobStore
from app.i18n import tr
from app.journal.log import meta_get
from app.journal.op import Op, digest, verify
from app.models import Device, IncomingDocument, OpRecord
from app.services.incoming import series_for
from app.sync import segments
from app.sync.claims import PREFIX as CLAIMS
from app.sync.claims import Claim
from app.sync.engine import blob_key, blob_refs
from app.sync.target import Target


@dataclass
class VerifyReport:
    """Counts of what was checked and the problems found."""

    ops: int = 0
    devices: int = 0
    blobs: int = 0
    segments: int = 0
    claims: int = 0
    problems: list[str] = field(default_factory=list)


def _keys(session: Session) -> dict[str, str]:
    keys = {d.id: d.public_key for d in session.scalars(select(Device))}
    genesis = meta_get(session, "genesis_device")
    keys.setdefault(genesis, meta_get(session, "genesis_key"))
    return keys


def verify_space(
    session: Session, blobs: BlobStore, target: Target | None, report: VerifyReport | None = None
) -> VerifyReport:
    """Check everything; with a target, also its segments, files and claims."""
    report = report or VerifyReport()
    keys = _keys(session)
    wanted: set[str] = set()
    devices = session.scalars(select(OpRecord.device).distinct()).all()
    report.devices = len(devices)
    for device in devices:
        _verify_chain(session, device, keys.get(device), report, wanted)
    for sha in sorted(wanted):
        report.blobs += 1
        if blobs.has(sha):
            data = blobs.path(sha).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                report.problems.append(tr("Tệp {sha} trên máy này bị hỏng.").format(sha=sha[:12]))
        if target is not None and not target.exists(blob_key(sha)):
            report.problems.append(
                tr("Tệp {sha} chưa có trên máy chủ đồng bộ.").format(sha=sha[:12])
            )
    if target is not None:
        for device in devices:
            _verify_segments(session, target, device, report)
        _verify_claims(session, target, keys, report)
    return report


def _verify_chain(
    session: Session, device: str, key: str | None, report: VerifyReport, wanted: set[str]
) -> None:
    expected_seq, prev = 1, ""
    rows = session.execute(
        select(OpRecord.seq, OpRecord.body, OpRecord.sig)
        .where(OpRecord.device == device)
        .order_by(OpRecord.seq)
        .execution_options(yield_per=2000)
    )
    for seq, body, sig in rows:
        report.ops += 1
        if seq != expected_seq:
            report.problems.append(
                tr("Thiếu thao tác {a}–{b} của máy {d}.").format(
                    a=expected_seq, b=seq - 1, d=device[:8]
                )
            )
            prev = ""
        op = Op.from_body(body)
        if prev and op.prev != prev:
            report.problems.append(tr("Chuỗi nhật ký bị đứt ở {id}.").format(id=op.op_id))
        if key is None or not verify(key, body, sig):
            report.problems.append(tr("Chữ ký của thao tác {id} không hợp lệ.").format(id=op.op_id))
        wanted.update(blob_refs(op.payload))
        prev, expected_seq = digest(body), seq + 1


def _verify_segments(session: Session, target: Target, device: str, report: VerifyReport) -> None:
    me = meta_get(session, "device_id")
    limit = int(meta_get(session, "pushed_seq", "0")) if device == me else None
    first = 1
    while True:
        data = target.get(segments.segment_key(device, first))
        if data is None:
            break
        report.segments += 1
        try:
            ops = segments.decode(device, first, data)
        except segments.SegmentError as exc:
            report.problems.append(
                tr("Đoạn nhật ký {key} bị hỏng: {e}.").format(
                    key=segments.segment_key(device, first), e=exc
                )
            )
            return
        for offset, signed in enumerate(ops):
            local = session.get(OpRecord, f"{device}:{first + offset}")
            if local is not None and local.body != signed.body:
                report.problems.append(
                    tr("Máy chủ có nội dung khác cho thao tác {id}.").format(
                        id=f"{device}:{first + offset}"
                    )
                )
        first += len(ops)
    later = target.list(
        f"{segments.PREFIX}/{device}/", start_after=segments.segment_key(device, first), limit=1
    )
    if later:
        report.problems.append(
            tr("Thiếu đoạn nhật ký của máy {d} từ thao tác {n} (đã có đoạn sau).").format(
                d=device[:8], n=first
            )
        )
    if limit is not None and first - 1 < limit:
        report.problems.append(tr("Máy chủ thiếu thao tác {n} trở đi của máy này.").format(n=first))


def _verify_claims(
    session: Session, target: Target, keys: dict[str, str], report: VerifyReport
) -> None:
    by_doc: dict[str, list[str]] = defaultdict(list)
    after = ""
    while True:
        page = target.list(f"{CLAIMS}/", start_after=after, limit=1000)
        for key in page:
            report.claims += 1
            try:
                claim, sig = Claim.decode(target.get(key) or b"")
            except ValueError:
                report.problems.append(tr("Phiếu cấp số {key} bị hỏng.").format(key=key))
                continue
            if not claim.verified_by(keys.get(claim.device, ""), sig):
                report.problems.append(
                    tr("Chữ ký của phiếu cấp số {key} không hợp lệ.").format(key=key)
                )
            by_doc[f"{claim.series}|{claim.year}|{claim.document}"].append(key)
        if len(page) < 1000:
            break
        after = page[-1]
    for claim_keys in by_doc.values():
        if len(claim_keys) > 1:
            report.problems.append(
                tr("Một văn bản giữ nhiều số: {keys}.").format(keys=", ".join(claim_keys))
            )
    for doc in session.scalars(
        select(IncomingDocument).where(IncomingDocument.arrival_number.is_not(None))
    ):
        if f"{series_for(doc.confidentiality)}|{doc.year}|{doc.id}" not in by_doc:
            report.problems.append(
                tr("Số đến {n}/{y} không có phiếu cấp số trên máy chủ.").format(
                    n=doc.arrival_number, y=doc.year
                )
            )
