"""Hybrid logical clock: wall time in ms plus a counter, never going backwards."""

from __future__ import annotations

from dataclasses import dataclass

from app.timeutil import Clock


@dataclass(frozen=True, order=True)
class Hlc:
    """A hybrid logical timestamp; its string form sorts like the value."""

    wall_ms: int
    counter: int

    def __str__(self) -> str:
        return f"{self.wall_ms:015d}.{self.counter:05d}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        """Read the form written by `str()`; raises ValueError on anything else."""
        wall, _, counter = text.partition(".")
        if len(wall) != 15 or len(counter) != 5 or not (wall.isdigit() and counter.isdigit()):
            raise ValueError(f"bad HLC {text!r}")
        return cls(int(wall), int(counter))


ZERO = Hlc(0, 0)


class HlcClock:
    """Issues increasing HLCs from a wall clock and absorbs the HLCs of received ops."""

    def __init__(self, clock: Clock, last: Hlc = ZERO) -> None:
        self._clock = clock
        self.last = last

    def _wall_ms(self) -> int:
        return int(self._clock.now().timestamp() * 1000)

    def tick(self) -> Hlc:
        """The HLC for a new local op."""
        wall = self._wall_ms()
        if wall > self.last.wall_ms:
            self.last = Hlc(wall, 0)
        else:
            self.last = Hlc(self.last.wall_ms, self.last.counter + 1)
        return self.last

    def observe(self, remote: Hlc) -> None:
        """Take a received op's HLC into account, so later local ops order after it."""
        if remote > self.last:
            self.last = remote


def order_key(hlc: str, device: str, seq: int) -> str:
    """The per-entity total order of ops: (hlc, device, seq) as one sortable string."""
    return f"{hlc}|{device}|{seq:010d}"
