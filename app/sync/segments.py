"""Segments: a device's ops as immutable files on the target, ``ops/<device>/<first seq>``.

A segment is JSON lines: a header naming the device, the first seq and the count; one line per
op with its canonical body and signature (each op is signed by the device and names the digest
of the op before it, so the device's ops form one hash chain across segments); and a trailer with
the SHA-256 of everything above it, so a truncated or altered file is recognised as such.
A device's segments are contiguous: the one after ``first`` holding ``count`` ops starts at
``first + count``, so a reader finds what is new by asking for one key per device.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from app.journal.op import Op, OpFormatError, canonical, digest

PREFIX = "ops"
MAX_OPS = 2000
FORMAT = 1


class SegmentError(ValueError):
    """A segment file that is truncated, altered or inconsistent."""


@dataclass(frozen=True)
class SignedOp:
    """An op as stored: its canonical body and the device's signature."""

    body: bytes
    sig: bytes


def segment_key(device: str, first: int) -> str:
    """The key of the device's segment that starts at seq `first`."""
    return f"{PREFIX}/{device}/{first:012d}"


def encode(device: str, first: int, ops: list[SignedOp]) -> bytes:
    """The segment file for ops `first`..`first + len(ops) - 1` of `device`."""
    lines = [canonical({"v": FORMAT, "device": device, "first": first, "count": len(ops)})]
    for op in ops:
        lines.append(
            canonical(
                {
                    "b": base64.b64encode(op.body).decode("ascii"),
                    "s": base64.b64encode(op.sig).decode("ascii"),
                }
            )
        )
    head = b"\n".join(lines) + b"\n"
    return head + canonical({"sha256": hashlib.sha256(head).hexdigest()}) + b"\n"


def decode(device: str, first: int, data: bytes) -> list[SignedOp]:
    """The ops of a segment, checked for completeness, order and chain; SegmentError if not."""
    head, sep, tail = data.rstrip(b"\n").rpartition(b"\n")
    if not sep:
        raise SegmentError("no trailer (truncated)")
    head += b"\n"
    try:
        trailer = json.loads(tail)
        header = json.loads(head.split(b"\n", 1)[0])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SegmentError(f"unreadable: {exc}") from exc
    expected_tail = canonical({"sha256": hashlib.sha256(head).hexdigest()})
    if trailer != json.loads(expected_tail) or data != head + expected_tail + b"\n":
        raise SegmentError("checksum mismatch (truncated or altered)")
    expected = {"v": FORMAT, "device": device, "first": first}
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        raise SegmentError("header does not match its key")
    lines = head.rstrip(b"\n").split(b"\n")[1:]
    if header.get("count") != len(lines) or not lines:
        raise SegmentError("op count mismatch")
    ops: list[SignedOp] = []
    prev: str | None = None
    for index, line in enumerate(lines):
        try:
            raw = json.loads(line)
            signed = SignedOp(
                base64.b64decode(raw["b"], validate=True), base64.b64decode(raw["s"], validate=True)
            )
            op = Op.from_body(signed.body)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, OpFormatError) as exc:
            raise SegmentError(f"op {first + index} unreadable: {exc}") from exc
        if op.device != device or op.seq != first + index:
            raise SegmentError(f"op {op.op_id} out of place")
        if prev is not None and op.prev != prev:
            raise SegmentError(f"broken chain at {op.op_id}")
        prev = digest(signed.body)
        ops.append(signed)
    return ops
