"""The local log: makes, signs and stores this device's ops, and takes in received ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AuthError
from app.i18n import tr
from app.journal import reducers  # noqa: F401  (registers the reducers)
from app.journal.apply import apply
from app.journal.clock import Hlc, HlcClock
from app.journal.op import Op, OpFormatError, digest, sign, verify
from app.models import Device, LocalMeta, OpRecord, QuarantinedOp
from app.search.index import refresh_pending
from app.timeutil import Clock

MAX_FUTURE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Change:
    """One op to make: a kind on an entity with a payload."""

    kind: str
    entity: str
    payload: dict[str, Any] = field(default_factory=dict)


def meta_get(session: Session, key: str, default: str = "") -> str:
    """A device-local fact."""
    row = session.get(LocalMeta, key)
    return row.value if row else default


def meta_set(session: Session, key: str, value: str) -> None:
    """Set a device-local fact."""
    session.merge(LocalMeta(key=key, value=value))


class Journal:
    """This device's side of the journal: commit local changes, receive others' ops."""

    def __init__(self, clock: Clock, device_id: str, key: Ed25519PrivateKey | None = None) -> None:
        self._clock = clock
        self.device_id = device_id
        self._key = key

    @property
    def unlocked(self) -> bool:
        """True once the device key is available for signing."""
        return self._key is not None

    @property
    def signing_key(self) -> Ed25519PrivateKey | None:
        """The open device key (for the key vault to store it for another user), or None."""
        return self._key

    def unlock(self, key: Ed25519PrivateKey) -> None:
        """Hold the device key (after a sign-in opened the secret store)."""
        self._key = key

    def commit(self, session: Session, actor: str, changes: Sequence[Change]) -> list[Op]:
        """Append ops for `changes` to the log and apply them, inside the caller's transaction."""
        if self._key is None:
            raise AuthError(tr("Khóa của máy chưa được mở: hãy đăng nhập lại."))
        seq = int(meta_get(session, "next_seq", "1"))
        prev = meta_get(session, "chain_head")
        last = meta_get(session, "hlc")
        hlc = HlcClock(self._clock, Hlc.parse(last) if last else Hlc(0, 0))
        made: list[Op] = []
        for change in changes:
            op = Op(
                device=self.device_id,
                seq=seq,
                hlc=str(hlc.tick()),
                prev=prev,
                actor=actor,
                kind=change.kind,
                entity=change.entity,
                payload=change.payload,
            )
            body = op.body()
            session.add(_record(op, body, sign(self._key, body)))
            session.flush()
            apply(session, op)
            prev = digest(body)
            seq += 1
            made.append(op)
        meta_set(session, "next_seq", str(seq))
        meta_set(session, "chain_head", prev)
        meta_set(session, "hlc", str(hlc.last))
        refresh_pending(session)  # the command's own reads see its changes in the search index
        return made

    def receive(self, session: Session, body: bytes, sig: bytes) -> str:
        """Take in another device's op: "applied", "duplicate", or "quarantined"."""
        return self.take(session, body, sig)[0]

    def take(
        self, session: Session, body: bytes, sig: bytes, *, observe: bool = True
    ) -> tuple[str, str]:
        """`receive`, also giving the reason of a quarantine (empty otherwise).

        With `observe=False` the caller moves this device's clock past the op itself, once for
        a whole batch (`observe`).
        """
        try:
            op = Op.from_body(body)
        except OpFormatError as exc:
            return _quarantine(session, body, sig, f"malformed: {exc}")
        device = session.get(Device, op.device)
        if device is not None:
            public_key = device.public_key
        elif op.device == meta_get(session, "genesis_device"):
            public_key = meta_get(session, "genesis_key")  # from space.json
        else:
            return _quarantine(session, body, sig, f"unknown device {op.device}")
        if not verify(public_key, body, sig):
            return _quarantine(session, body, sig, "bad signature")
        existing = session.get(OpRecord, op.op_id)
        if existing is not None:
            if existing.body == body:
                return "duplicate", ""
            return _quarantine(session, body, sig, f"equivocation at {op.op_id}")
        wall = Hlc.parse(op.hlc).wall_ms / 1000
        if wall > (self._clock.now() + MAX_FUTURE).timestamp():
            return _quarantine(session, body, sig, "hlc far in the future")
        before = session.scalars(
            select(OpRecord.body).where(OpRecord.device == op.device, OpRecord.seq == op.seq - 1)
        ).first()
        if before is not None and digest(before) != op.prev:
            return _quarantine(session, body, sig, f"broken chain at {op.op_id}")
        session.add(_record(op, body, sig))
        session.flush()
        apply(session, op)
        if observe:
            self.observe(session, op.hlc)
        return "applied", ""

    def observe(self, session: Session, hlc: str) -> None:
        """Move this device's clock past a received op's, so replies order after it."""
        last = meta_get(session, "hlc")
        clock = HlcClock(self._clock, Hlc.parse(last) if last else Hlc(0, 0))
        clock.observe(Hlc.parse(hlc))
        meta_set(session, "hlc", str(clock.last))


def _record(op: Op, body: bytes, sig: bytes) -> OpRecord:
    return OpRecord(
        op_id=op.op_id,
        device=op.device,
        seq=op.seq,
        order_key=op.order_key,
        actor=op.actor,
        kind=op.kind,
        entity=op.entity,
        body=body,
        sig=sig,
    )


def _quarantine(session: Session, body: bytes, sig: bytes, reason: str) -> tuple[str, str]:
    """Keep a refused op aside once (a segment read again does not add it twice)."""
    key = digest(body + b"\x00" + sig)
    if session.scalar(select(QuarantinedOp.id).where(QuarantinedOp.digest == key)) is None:
        session.add(QuarantinedOp(digest=key, body=body, sig=sig, reason=reason))
    return "quarantined", reason
