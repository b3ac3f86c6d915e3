"""One broadcast of what a command changed; every page filters it and refreshes itself."""

from __future__ import annotations

from PyQt6.QtCore import QObject, pyqtSignal

from app.services.changes import Changes


class AppEvents(QObject):
    """Application-wide signals.

    Signals:
        changed(Changes, object): a command changed data; the second argument is the initiator.
        user_changed(): somebody signed in or out.
    """

    changed = pyqtSignal(object, object)
    user_changed = pyqtSignal()

    def emit_changed(self, changes: Changes, initiator: object = None) -> None:
        """Tell every page what changed."""
        self.changed.emit(changes, initiator)
