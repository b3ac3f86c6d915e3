"""The op format: canonical bytes, signatures, and the hybrid logical clock."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.journal.clock import Hlc, HlcClock
from app.journal.keys import load_private, new_device_key, private_hex, public_hex
from app.journal.op import Op, OpFormatError, sign, verify
from app.timeutil import FixedClock

text = st.text(max_size=40)
payloads = st.dictionaries(
    st.text(max_size=10), st.one_of(text, st.integers(), st.booleans(), st.none())
)


def _op(payload: dict[str, object]) -> Op:
    return Op(
        "dev",
        3,
        "000001763600000.00002",
        "ab" * 32,
        "user",
        "incoming.commented",
        "incoming:x",
        payload,
    )


@given(payloads)
def test_body_round_trips_and_is_canonical(payload: dict[str, object]) -> None:
    op = _op(payload)
    assert Op.from_body(op.body()) == op


def test_non_canonical_or_malformed_bodies_are_refused() -> None:
    body = _op({"text": "Ý kiến"}).body()
    with pytest.raises(OpFormatError):
        Op.from_body(body.replace(b",", b", ", 1))  # same JSON, different bytes
    for bad in (b"", b"[]", b'{"v":1}', b"\xff\xfe", body[:-1]):
        with pytest.raises(OpFormatError):
            Op.from_body(bad)


def test_signature_detects_any_change() -> None:
    key = new_device_key()
    body = _op({"text": "Đồng ý"}).body()
    sig = sign(key, body)
    assert verify(public_hex(key), body, sig)
    assert not verify(public_hex(key), body.replace("Đồng ý".encode(), "Từ chối".encode()), sig)
    assert not verify(public_hex(new_device_key()), body, sig)
    assert not verify("not hex", body, sig)
    assert (
        load_private(private_hex(key)).public_key().public_bytes_raw()
        == key.public_key().public_bytes_raw()
    )


def test_hlc_never_goes_backwards_even_when_the_wall_clock_does() -> None:
    wall = FixedClock(dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    hlc = HlcClock(wall)
    first = hlc.tick()
    wall.advance(dt.timedelta(minutes=-5))  # the PC's clock is set back
    second = hlc.tick()
    assert second > first
    hlc.observe(Hlc(second.wall_ms + 60_000, 7))  # an op from a device a minute ahead
    assert hlc.tick() > Hlc(second.wall_ms + 60_000, 7)
    assert Hlc.parse(str(second)) == second
    with pytest.raises(ValueError, match="bad HLC"):
        Hlc.parse("12.3")
