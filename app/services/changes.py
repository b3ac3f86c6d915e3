"""What a command changed, broadcast once so every view can refresh what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Ids of the entities a command touched, by area."""

    incoming: frozenset[str] = field(default_factory=frozenset)
    directory: bool = False
    outgoing: frozenset[str] = field(default_factory=frozenset)
    tasks: frozenset[str] = field(default_factory=frozenset)
    schedule: frozenset[str] = field(default_factory=frozenset)  # week ids ("2026-W48")

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.incoming | other.incoming,
            self.directory or other.directory,
            self.outgoing | other.outgoing,
            tasks=self.tasks | other.tasks,
            schedule=self.schedule | other.schedule,
        )
