"""Run service calls off the GUI thread and get the result back on it (after Anki's ops).

    CommandOp(parent, lambda: svc.register(...)).success(cb).failure(cb).run()

Commands (database writes) run one at a time on a single writer thread, because SQLite has one
writer; queries run on a thread pool. `fn` must not touch widgets. Results and errors come back
on the GUI thread through a queued signal. `set_inline(True)` runs everything at once on the
calling thread, so GUI tests are deterministic.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PyQt6.QtCore import QObject, QRunnable, Qt, QThreadPool, pyqtSignal
from PyQt6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import UserError
from app.i18n import tr

T = TypeVar("T")
log = logging.getLogger(__name__)

_inline = False
_writer: QThreadPool | None = None
_readers: QThreadPool | None = None
_live: set[_Carrier] = set()


def set_inline(inline: bool) -> None:
    """Run ops synchronously (tests)."""
    global _inline
    _inline = inline


def _pools() -> tuple[QThreadPool, QThreadPool]:
    global _writer, _readers
    if _writer is None or _readers is None:
        _writer = QThreadPool()
        _writer.setMaxThreadCount(1)
        _readers = QThreadPool()
        _readers.setMaxThreadCount(4)
    return _writer, _readers


def wait_all(msecs: int = 30000) -> None:
    """Block until all background ops have finished (at shutdown)."""
    writer, readers = _pools()
    writer.waitForDone(msecs)
    readers.waitForDone(msecs)


class _Carrier(QObject):
    done = pyqtSignal(object, object)  # result, exception


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], carrier: _Carrier) -> None:
        super().__init__()
        self._fn = fn
        self._carrier = carrier

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the GUI thread
            self._carrier.done.emit(None, exc)
        else:
            self._carrier.done.emit(result, None)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A UserError in a message box; anything else logged and shown as an unexpected error."""
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, tr("Không thực hiện được"), exc.message)
        return
    text = "".join(traceback.format_exception(exc))
    log.error("unexpected error\n%s", text)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        tr("Lỗi không mong muốn"),
        tr("Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị ảnh hưởng."),
        parent=parent,
    )
    box.setDetailedText(text)
    box.exec()


class _Op(Generic[T]):
    _writes = True

    def __init__(self, parent: QWidget | None, fn: Callable[[], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: str | None = None

    def success(self, cb: Callable[[T], None]) -> _Op[T]:
        """Called on the GUI thread with the result."""
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> _Op[T]:
        """Called on the GUI thread with the error; by default UserErrors get a message box."""
        self._failure = cb
        return self

    def with_progress(self, label: str) -> _Op[T]:
        """Show a busy cursor and `label` in the status bar while running."""
        self._progress = label
        return self

    def _finish(self, result: Any, exc: BaseException | None) -> None:
        if self._progress is not None:
            QApplication.restoreOverrideCursor()
        if exc is not None:
            if self._failure is not None:
                self._failure(exc)
            else:
                show_error(self._parent, exc)
        elif self._success is not None:
            self._success(result)

    def run(self) -> None:
        """Start the op."""
        if self._progress is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        if _inline:
            try:
                result = self._fn()
            except Exception as exc:
                self._finish(None, exc)
            else:
                self._finish(result, None)
            return
        carrier = _Carrier()
        _live.add(carrier)

        def done(result: Any, exc: BaseException | None) -> None:
            _live.discard(carrier)
            self._finish(result, exc)

        carrier.done.connect(done, Qt.ConnectionType.QueuedConnection)  # type: ignore[call-arg]  # PyQt6 stubs lack the type argument
        writer, readers = _pools()
        (writer if self._writes else readers).start(_Task(self._fn, carrier))


class CommandOp(_Op[T]):
    """A write: runs on the single writer thread."""

    _writes = True


class QueryOp(_Op[T]):
    """A read: runs on the reader pool."""

    _writes = False
