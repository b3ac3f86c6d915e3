"""Background OCR of scans for search: one file at a time, when the clerk is not in a dialog.

A single-shot timer drives `space.ocr.run_pending(batch=1)` on the reader pool (Tesseract takes
seconds a page and writes only a short update of the index). It stops when no scan is left
and wakes again on any change broadcast (a document registered, files read for the index) or
`wake()`. Without Tesseract it never runs.
"""

from __future__ import annotations

import logging

from PyQt6.QtCore import QObject, QTimer, pyqtSignal
from PyQt6.QtWidgets import QApplication

from app.services.changes import Changes
from app.services.ocr import OcrReport
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded

log = logging.getLogger(__name__)

START_DELAY_MS = 5_000  # after sign-in or a change: let the window settle first
NEXT_FILE_MS = 1_000  # between two files
BUSY_RETRY_MS = 15_000  # a dialog is open: try again later


class OcrWorker(QObject):
    """Reads scans without a text layer into the search index while the app is idle.

    Signals:
        files_read(int): that many scans were read; their words can now be found.
    """

    files_read = pyqtSignal(int)

    def __init__(self, space: Space, events: AppEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._running = False  # a round is under way on the reader pool
        self._active = False  # between start() and stop()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        events.changed.connect(self._on_events_changed)

    @property
    def active(self) -> bool:
        """True between `start()` and `stop()`."""
        return self._active

    def start(self) -> None:
        """Begin reading pending scans (a no-op without Tesseract)."""
        self._active = True
        self.wake()

    def stop(self) -> None:
        """No new round; a round under way finishes its file."""
        self._active = False
        self._timer.stop()

    def shutdown(self) -> None:
        """The app is closing: stop, and make a round under way end after its current page."""
        self.stop()
        self._space.ocr.stop()

    def wake(self, delay_ms: int | None = None) -> None:
        """Look for scans to read after `delay_ms` (START_DELAY_MS), unless already waiting
        or reading."""
        if self._active and not self._running and not self._timer.isActive():
            self._timer.start(START_DELAY_MS if delay_ms is None else delay_ms)

    def _on_events_changed(self, _changes: Changes, initiator: object) -> None:
        if initiator is not self:
            self.wake()

    def _on_timer_timeout(self) -> None:
        if not self._active or self._running:
            return
        if QApplication.activeModalWidget() is not None:  # the user is busy: no competing work
            self._timer.start(BUSY_RETRY_MS)
            return
        ocr = self._space.ocr
        if not ocr.available():
            self._active = False
            return
        self._running = True
        QueryOp(None, lambda: ocr.run_pending(batch=1)).success(
            guarded(self, self._on_round_done)
        ).failure(guarded(self, self._on_round_failed)).run()

    def _on_round_done(self, report: OcrReport) -> None:
        self._running = False
        if report.read:
            self.files_read.emit(report.read)
            self._events.emit_changed(Changes(), self)  # the index changed: searches re-run
        if report.more:
            self.wake(NEXT_FILE_MS)

    def _on_round_failed(self, exc: BaseException) -> None:
        self._running = False
        log.warning("background OCR failed: %r", exc)  # the next change tries again
