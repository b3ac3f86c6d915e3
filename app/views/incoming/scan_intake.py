"""Files dropped into the scan folder go into the "Chờ vào sổ" queue by themselves.

A `ScanFolderWatcher` runs on its own thread and hands over each file once it has stopped
growing. The file is queued right there (each service call opens its own session, and SQLite
serialises the writers), then moved into "Đã nhận", or into "Lỗi" with a reason file when it is
not a usable document. Nothing is deleted. The change is broadcast on the GUI thread.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, pyqtSignal

from app.errors import UserError
from app.models.enums import Role, Source
from app.services.changes import Changes
from app.services.space import Space
from app.ui_support.events import AppEvents

if TYPE_CHECKING:
    from app.documents.scan_folder import ScanFolderWatcher

log = logging.getLogger(__name__)

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


class ScanIntake(QObject):
    """Watches `space.scan_folder` and queues what the scanner writes there.

    Signals:
        file_taken(str): a file was queued (its name); emitted on the GUI thread.
        file_refused(str, str): a file was moved to "Lỗi" (its name, the reason).
    """

    file_taken = pyqtSignal(str)
    file_refused = pyqtSignal(str, str)
    _queued = pyqtSignal(str, str)  # doc id, file name: from the watcher thread
    _refused = pyqtSignal(str, str)

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        parent: QObject | None = None,
        *,
        stable_seconds: float = 2.0,
        rescan_seconds: float = 60.0,
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._stable_seconds = stable_seconds
        self._rescan_seconds = rescan_seconds
        self._watcher: ScanFolderWatcher | None = None
        # emitted on the watcher thread: Qt queues them to this object's (the GUI) thread
        self._queued.connect(self._on_queued)
        self._refused.connect(self._on_refused)

    @property
    def running(self) -> bool:
        """True while the folder is watched."""
        return self._watcher is not None

    def start(self) -> None:
        """Create the scan folder if needed and start watching it."""
        if self._watcher is not None:
            return
        from app.documents.scan_folder import ScanFolderWatcher

        folder = self._space.scan_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a share that is not there yet: the watcher waits for it
            log.warning("cannot create the scan folder %s: %s", folder, exc)
        polling = is_network_path(folder)
        self._watcher = ScanFolderWatcher(
            folder,
            self._take,
            polling=polling,
            stable_seconds=self._stable_seconds,
            rescan_seconds=self._rescan_seconds,
        )
        self._watcher.start()
        log.info("watching the scan folder %s (polling=%s)", folder, polling)

    def stop(self) -> None:
        """Stop watching; a file being taken in is finished first."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def _take(self, path: Path) -> None:
        """On the watcher thread: queue the file, then move it away."""
        from app.documents.intake import IntakeError
        from app.documents.scan_folder import move_done, move_rejected
        from app.services.incoming import DuplicateFile

        auth = self._space.auth
        if not auth.signed_in or Role.CLERK not in auth.user.roles:
            raise RuntimeError("no clerk is signed in; the file waits")  # offered again later
        try:
            doc_id = self._space.incoming.queue_file(path, source=Source.SCAN)
        except (IntakeError, DuplicateFile) as exc:
            move_rejected(path, exc.message)
            self._refused.emit(path.name, exc.message)
            return
        except UserError as exc:  # e.g. the disk is full: leave the file for the next try
            log.warning("scanned file %s not taken in: %s", path, exc.message)
            raise
        self._queued.emit(doc_id, path.name)
        move_done(path)

    def _on_queued(self, doc_id: str, name: str) -> None:
        self._events.emit_changed(Changes(incoming=frozenset({doc_id})), self)
        self.file_taken.emit(name)

    def _on_refused(self, name: str, reason: str) -> None:
        self.file_refused.emit(name, reason)
