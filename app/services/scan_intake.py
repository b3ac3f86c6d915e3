"""The scan folder feeds the "Chờ vào sổ" queue: each finished file is queued, then moved aside.

A `ScanFolderWatcher` hands over each file once it has stopped growing, on its own thread. The
file is queued there (each service call opens its own session; SQLite serialises the writers),
then moved into "Đã nhận", or into "Lỗi" with a reason file when it is not a usable document.
Nothing is deleted. A network share is polled, since it sends no events for other machines' files.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.documents.intake import IntakeError
from app.documents.scan_folder import ScanFolderWatcher, move_done, move_rejected
from app.errors import UserError
from app.models.enums import Role, Source
from app.services.auth import AuthContext
from app.services.incoming import DuplicateFile, IncomingService

log = logging.getLogger(__name__)
Taken = Callable[[str, str], None]  # (document id, file name)
Refused = Callable[[str, str], None]  # (file name, reason)

NETWORK_FS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
        "davfs", "fuse.davfs", "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.gvfsd-fuse", "ncpfs",
    }
)  # fmt: skip


def _unescape_mount(path: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011 …"""
    return path.encode("latin-1", "backslashreplace").decode("unicode_escape")


def is_network_path(path: Path, mounts_file: Path = Path("/proc/mounts")) -> bool:
    """True when `path` is on a network share, where file events from other machines never come."""
    text = str(path)
    if sys.platform == "win32":
        if text.startswith(("\\\\", "//")):
            return True  # a UNC path: \\server\share
        return _windows_drive_is_remote(text)
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    resolved = os.path.realpath(text)
    best, best_type = "", ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point, fs_type = _unescape_mount(parts[1]), parts[2]
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fs_type
    return best_type in NETWORK_FS


def _windows_drive_is_remote(text: str) -> bool:
    """A mapped network drive (Z:) is DRIVE_REMOTE for GetDriveTypeW."""
    if len(text) < 2 or text[1] != ":":
        return False
    try:
        import ctypes

        drive_remote = 4
        windll = ctypes.windll  # type: ignore[attr-defined]  # only on Windows
        return bool(windll.kernel32.GetDriveTypeW(text[:2] + "\\") == drive_remote)
    except (AttributeError, OSError):
        return False


class ScanIntakeService:
    """Watches one folder and queues what the scanner writes there, as the signed-in clerk."""

    def __init__(
        self,
        incoming: IncomingService,
        auth: AuthContext,
        folder: Path,
        on_taken: Taken,
        on_refused: Refused,
        *,
        stable_seconds: float = 2.0,
        rescan_seconds: float = 60.0,
    ) -> None:
        self._incoming = incoming
        self._auth = auth
        self.folder = folder
        self._on_taken = on_taken
        self._on_refused = on_refused
        self._stable_seconds = stable_seconds
        self._rescan_seconds = rescan_seconds
        self._watcher: ScanFolderWatcher | None = None

    @property
    def running(self) -> bool:
        """True while the folder is watched."""
        return self._watcher is not None

    def start(self) -> None:
        """Create the folder if needed and start watching it (polling on a network share)."""
        if self._watcher is not None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a share that is not there yet: the watcher waits for it
            log.warning("cannot create the scan folder %s: %s", self.folder, exc)
        polling = is_network_path(self.folder)
        self._watcher = ScanFolderWatcher(
            self.folder,
            self.take,
            polling=polling,
            stable_seconds=self._stable_seconds,
            rescan_seconds=self._rescan_seconds,
        )
        self._watcher.start()
        log.info("watching the scan folder %s (polling=%s)", self.folder, polling)

    def stop(self) -> None:
        """Stop watching; a file being taken in is finished first."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def take(self, path: Path) -> None:
        """Queue one file, then move it away; a refused file goes to "Lỗi" with its reason."""
        if not self._auth.signed_in or Role.CLERK not in self._auth.user.roles:
            raise RuntimeError("no clerk is signed in; the file waits")  # offered again later
        try:
            doc_id = self._incoming.queue_file(path, source=Source.SCAN)
        except (IntakeError, DuplicateFile) as exc:
            move_rejected(path, exc.message)
            self._on_refused(path.name, exc.message)
            return
        except UserError as exc:  # e.g. the disk is full: leave the file for the next try
            log.warning("scanned file %s not taken in: %s", path, exc.message)
            raise
        move_done(path)
        self._on_taken(doc_id, path.name)
