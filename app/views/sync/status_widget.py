"""The sync entry of the status bar: synced, syncing N/M, offline since, needs attention.

Clicking it opens the details (`SyncStatusDialog`); the settings dialog is reached from there
and from the menu.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent, QMouseEvent
from PyQt6.QtWidgets import QLabel, QWidget

from app.services.space import Space
from app.views.sync.controller import SyncController
from app.views.sync.texts import WARNING_COLOUR, StatusLine, status_line

_WARNING_STYLE = f"QLabel {{ color: {WARNING_COLOUR}; font-weight: bold; }}"


class SyncStatusWidget(QLabel):
    """Shows the controller's state in one line; a click opens the details.

    Signals:
        clicked(): the user clicked the entry (or pressed Enter or Space on it).
    """

    clicked = pyqtSignal()

    def __init__(
        self, controller: SyncController, space: Space, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._space = space
        self.line: StatusLine = StatusLine("", "")
        self.setObjectName("syncStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setContentsMargins(6, 0, 6, 0)
        controller.state_changed.connect(self.update_text)
        self.clicked.connect(self.open_details)
        self.update_text()

    @property
    def warning(self) -> bool:
        """True while the entry is drawn in the warning colour ("Cần chú ý")."""
        return self.line.warning

    def update_text(self) -> None:
        """Show the controller's current state."""
        c = self._controller
        line = status_line(
            c.status, now=self._space.clock.now(), progress=c.progress, failure=c.failure
        )
        if line == self.line:
            return
        if line.warning != self.line.warning:
            self.setStyleSheet(_WARNING_STYLE if line.warning else "")
        self.line = line
        self.setText(line.text)
        self.setToolTip(line.tooltip)

    def open_details(self) -> None:
        """The status dialog, with "Đồng bộ ngay" and "Cấu hình máy chủ…"."""
        from app.views.sync.status_dialog import SyncStatusDialog

        dialog = SyncStatusDialog(self._controller, self._space, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_settings(self) -> None:
        """The "Máy chủ đồng bộ" dialog; a saved target is synced with at once."""
        open_settings(self._controller, self._space, self.window())

    def mouseReleaseEvent(self, event: QMouseEvent | None) -> None:
        """A left click opens the details."""
        if event is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        """Enter or Space opens the details when the entry has the focus."""
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def open_settings(controller: SyncController, space: Space, parent: QWidget | None) -> None:
    """Open the settings dialog over `parent`; on save the controller syncs with the new target."""
    from app.views.sync.settings_dialog import SyncSettingsDialog

    dialog = SyncSettingsDialog(space, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.target_saved.connect(controller.reconfigure)
    dialog.open()
