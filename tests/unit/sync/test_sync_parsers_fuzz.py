"""Fuzzing what a PC reads from the shared target: segments and claims from anyone."""

from __future__ import annotations

import contextlib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.journal.keys import new_device_key
from app.journal.op import Op, digest, sign
from app.sync import segments
from app.sync.claims import Claim
from app.sync.segments import SegmentError, SignedOp

KEY = new_device_key()


def _segment(count: int) -> bytes:
    ops, prev = [], ""
    for seq in range(1, count + 1):
        hlc = f"{1_800_000_000_000 + seq:015d}.00000"
        op = Op("dev", seq, hlc, prev, "u", "incoming.commented", "incoming:x", {"text": f"{seq}"})
        body = op.body()
        ops.append(SignedOp(body, sign(KEY, body)))
        prev = digest(body)
    return segments.encode("dev", 1, ops)


GOOD = _segment(3)


def test_a_good_segment_reads_back() -> None:
    assert len(segments.decode("dev", 1, GOOD)) == 3


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_cleanly(data: bytes) -> None:
    with contextlib.suppress(SegmentError):
        segments.decode("dev", 1, data)


@settings(max_examples=300, deadline=None)
@example(len(GOOD) - 1, 7, len(GOOD) - 1)  # the final newline made a carriage return, or cut
@given(st.integers(0, len(GOOD) - 1), st.integers(1, 255), st.integers(0, len(GOOD) - 1))
def test_a_flipped_byte_or_a_cut_is_always_noticed(at: int, flip: int, cut: int) -> None:
    damaged = bytearray(GOOD)
    damaged[at] ^= flip
    for data in (bytes(damaged), GOOD[:cut]):
        try:
            segments.decode("dev", 1, data)
        except SegmentError:
            continue
        raise AssertionError("damage went unnoticed")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=500))
def test_claim_files_are_parsed_or_refused(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        Claim.decode(data)


def test_a_claim_reads_back_and_its_signature_checks() -> None:
    from app.journal.keys import public_hex

    claim = Claim("incoming", 2026, 12, "doc", "dev", "u", "2026-11-22T00:00:00+00:00")
    parsed, sig = Claim.decode(claim.encode(KEY))
    assert parsed == claim
    assert parsed.verified_by(public_hex(KEY), sig)
    forged = Claim("incoming", 2026, 12, "other", "dev", "u", claim.at)
    assert not forged.verified_by(public_hex(KEY), sig)
