"""Files dropped into the scan folder go into the "Chờ vào sổ" queue by themselves.

The work is `ScanIntakeService`'s, on the watcher's thread; this object carries its results to
the GUI thread as signals and broadcasts the change.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QFileDialog, QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.services.scan_intake import ScanIntakeService
from app.services.space import Space
from app.ui_support.events import AppEvents


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
        self._events = events
        # emitted on the watcher thread: Qt queues them to this object's (the GUI) thread
        self._queued.connect(self._on_queued)
        self._refused.connect(self.file_refused)
        self._service = ScanIntakeService(
            space.incoming,
            space.auth,
            space.scan_folder,
            self._queued.emit,
            self._refused.emit,
            stable_seconds=stable_seconds,
            rescan_seconds=rescan_seconds,
        )

    @property
    def running(self) -> bool:
        """True while the folder is watched."""
        return self._service.running

    def start(self) -> None:
        """Create the scan folder if needed and start watching it."""
        self._service.start()

    def stop(self) -> None:
        """Stop watching; a file being taken in is finished first."""
        self._service.stop()

    def _on_queued(self, doc_id: str, name: str) -> None:
        self._events.emit_changed(Changes(incoming=frozenset({doc_id})), self)
        self.file_taken.emit(name)


def choose_scan_folder(space: Space, parent: QWidget) -> bool:
    """Let the clerk pick the folder the scanner writes to (on this PC); True when changed."""
    folder = QFileDialog.getExistingDirectory(
        parent, tr("Chọn thư mục máy quét ghi tệp vào"), str(space.scan_folder)
    )
    if not folder or Path(folder) == space.scan_folder:
        return False
    space.set_scan_folder(Path(folder))
    return True
