"""Number claims on the shared target: one atomic create per number, the claim naming its document.

A number is taken by creating ``claims/<series>/<year>/<number>`` with create-if-absent. The
claim *is* the binding: a device that dies after claiming finds its claim again (it names the
document) and adopts it, so a number is never lost and never given twice.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.journal.op import canonical, verify
from app.sync.target import Target

PREFIX = "claims"


def claim_key(series: str, year: int, number: int) -> str:
    """The target key of one number."""
    return f"{PREFIX}/{series}/{year}/{number:06d}"


def _number_of(key: str) -> int | None:
    tail = key.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


@dataclass(frozen=True)
class Claim:
    """Who took a number, for which document."""

    series: str
    year: int
    number: int
    document: str
    device: str
    actor: str
    at: str

    def body(self) -> bytes:
        """The canonical bytes that the device signs."""
        return canonical(self.__dict__)

    def encode(self, key: Ed25519PrivateKey) -> bytes:
        """The claim file: its body and the device's signature."""
        sig = base64.b64encode(key.sign(self.body())).decode("ascii")
        return canonical({"claim": self.__dict__, "sig": sig})

    @classmethod
    def decode(cls, data: bytes) -> tuple[Claim, bytes]:
        """Parse a claim file; ValueError when it is not one (empty, truncated, garbled)."""
        try:
            raw = json.loads(data.decode("utf-8"))
            claim = cls(**raw["claim"])
            sig = base64.b64decode(raw["sig"], validate=True)
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"not a claim: {exc}") from exc
        if not isinstance(claim.number, int) or not isinstance(claim.document, str):
            raise ValueError("not a claim: wrong field types")
        return claim, sig

    def verified_by(self, public_key_hex: str, sig: bytes) -> bool:
        """True when `sig` is the claiming device's signature."""
        return verify(public_key_hex, self.body(), sig)


class ClaimBook:
    """The claims of a target, read and made with its atomic create."""

    def __init__(self, target: Target) -> None:
        self._target = target

    def highest(self, series: str, year: int, known: int = 0) -> int:
        """The highest number claimed in the series and year (listing only past `known`)."""
        top = known
        after = claim_key(series, year, known) if known else ""
        prefix = f"{PREFIX}/{series}/{year}/"
        while True:
            keys = self._target.list(prefix, start_after=after, limit=1000)
            for key in keys:
                number = _number_of(key)
                if number is not None:
                    top = max(top, number)
            if len(keys) < 1000:
                return top
            after = keys[-1]

    def try_claim(self, claim: Claim, key: Ed25519PrivateKey) -> bool:
        """Create the claim; False when the number is already someone's."""
        return self._target.put_if_absent(
            claim_key(claim.series, claim.year, claim.number), claim.encode(key)
        )

    def holder(self, series: str, year: int, number: int) -> Claim | None:
        """The claim of a number, or None when it is free or its file is unreadable."""
        data = self._target.get(claim_key(series, year, number))
        if data is None:
            return None
        try:
            return Claim.decode(data)[0]
        except ValueError:
            return None
