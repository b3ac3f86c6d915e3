"""The one small interface every shared target offers: create-if-absent, get, list after a key.

A target stores immutable files under "/"-separated keys (e.g. ``ops/<device>/000000000001``).
Only `put_if_absent` must be atomic: it is how claims (document numbers, enrolment codes,
snapshot slots) are made, and a target that lets two writers create one key is refused by the
capability probe (app/sync/probe.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from app.errors import UserError


class TargetError(UserError):
    """The target refused or failed an operation; `message` says why in Vietnamese."""


class TargetUnreachable(TargetError):
    """The target cannot be reached now (network down, share not mounted): work offline."""


class Target(Protocol):
    """A place that stores immutable files and offers atomic create-if-absent."""

    @property
    def display_url(self) -> str:
        """The target's URL without any secret, for messages and the status bar."""
        ...

    @property
    def is_local(self) -> bool:
        """True for a folder on this machine's own disk (file-system events are reliable)."""
        ...

    def put_if_absent(self, key: str, data: bytes) -> bool:
        """Create `key` with `data` atomically; False (and nothing written) when it exists.

        Readers never see a partly written file under `key`.
        """
        ...

    def put_file_if_absent(self, key: str, path: Path) -> bool:
        """`put_if_absent` for a large file on disk (snapshots), streamed."""
        ...

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is no such key."""
        ...

    def get_file(self, key: str, dest: Path) -> bool:
        """Stream the file into `dest` (replaced atomically); False when there is no such key."""
        ...

    def exists(self, key: str) -> bool:
        """True when `key` exists."""
        ...

    def list(self, prefix: str, start_after: str = "", limit: int = 1000) -> list[str]:
        """Keys under `prefix` (recursively), sorted, after `start_after`, at most `limit`."""
        ...

    def delete(self, key: str) -> None:
        """Remove a key: the probe's scratch keys, a withdrawn enrolment request; missing is ok."""
        ...

    def server_time(self) -> dt.datetime:
        """The target's clock now (aware, UTC), e.g. the mtime of a fresh file or a Date header."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
