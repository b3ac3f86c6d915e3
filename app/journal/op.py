"""The op: an immutable, signed record of one change, with a canonical byte encoding."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.journal.clock import Hlc, order_key

FORMAT_VERSION = 1
_FIELDS = ("v", "device", "seq", "hlc", "prev", "actor", "kind", "entity", "payload")


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8; the bytes that are hashed and signed."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


class OpFormatError(ValueError):
    """A body that is not a well-formed op."""


@dataclass(frozen=True)
class Op:
    """One change: who (actor, device), when (hlc), what (kind on entity, payload)."""

    device: str
    seq: int
    hlc: str
    prev: str
    actor: str
    kind: str
    entity: str
    payload: dict[str, Any] = field(default_factory=dict)
    v: int = FORMAT_VERSION

    @property
    def op_id(self) -> str:
        """Unique per op: the device and its sequence number."""
        return f"{self.device}:{self.seq}"

    @property
    def order_key(self) -> str:
        """Position in the per-entity total order."""
        return order_key(self.hlc, self.device, self.seq)

    @property
    def at(self) -> dt.datetime:
        """The wall time of the op's HLC, as a naive UTC datetime (as stored)."""
        wall = Hlc.parse(self.hlc).wall_ms
        return dt.datetime.fromtimestamp(wall / 1000, dt.UTC).replace(tzinfo=None)

    @property
    def entity_type(self) -> str:
        """The part of `entity` before the colon, e.g. "incoming"."""
        return self.entity.partition(":")[0]

    @property
    def entity_id(self) -> str:
        """The part of `entity` after the colon."""
        return self.entity.partition(":")[2]

    def body(self) -> bytes:
        """The canonical bytes that are signed and chained."""
        return canonical({name: getattr(self, name) for name in _FIELDS})

    @classmethod
    def from_body(cls, body: bytes) -> Op:
        """Parse canonical bytes, refusing anything that would not re-encode identically."""
        try:
            raw = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise OpFormatError(str(exc)) from exc
        if not isinstance(raw, dict) or set(raw) != set(_FIELDS):
            raise OpFormatError("unexpected fields")
        types = {
            "v": int,
            "device": str,
            "seq": int,
            "hlc": str,
            "prev": str,
            "actor": str,
            "kind": str,
            "entity": str,
            "payload": dict,
        }
        for name, typ in types.items():
            if not isinstance(raw[name], typ) or isinstance(raw[name], bool):
                raise OpFormatError(f"field {name} has the wrong type")
        try:
            Hlc.parse(raw["hlc"])
        except ValueError as exc:
            raise OpFormatError(str(exc)) from exc
        op = cls(**raw)
        if op.body() != body:
            raise OpFormatError("body is not in canonical form")
        return op


def digest(body: bytes) -> str:
    """SHA-256 of an op body, hex; the next op of the device names it as `prev`."""
    return hashlib.sha256(body).hexdigest()


def sign(key: Ed25519PrivateKey, body: bytes) -> bytes:
    """Ed25519 signature of an op body."""
    return key.sign(body)


def verify(public_key_hex: str, body: bytes, sig: bytes) -> bool:
    """True when `sig` is the device's signature of `body`."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(sig, body)
    except (InvalidSignature, ValueError):
        return False
    return True
