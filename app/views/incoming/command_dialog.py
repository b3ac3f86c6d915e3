"""The base of the incoming dialogs: run one command, keep the dialog open on a refusal.

A refused command (a `UserError`) is shown in red under the form, and a `ValidationError` also
marks and focuses the field it names; everything typed stays. Anything else is a bug and goes
to the error dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PyQt6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp, show_error
from app.views.incoming.callbacks import guarded

T = TypeVar("T")


class CommandDialog(BaseDialog):
    """A dialog whose OK button runs one service command through a CommandOp."""

    def __init__(
        self, events: AppEvents, title: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._events = events
        self.setWindowTitle(title)
        self.error_label = QLabel(self)
        self.field_widgets: dict[str, QWidget] = {}
        self.errors = FieldErrors(self.error_label, self.field_widgets)
        self.buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
            )
        )
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        """The button that runs the command."""
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None  # made in __init__
        return button

    def _on_buttons_accepted(self) -> None:
        self.submit()

    def submit(self) -> None:
        """Collect the form and run the command (each dialog says how)."""
        raise NotImplementedError

    def run_command(self, fn: Callable[[], T], on_success: Callable[[T], None]) -> None:
        """Run `fn` on the writer thread; OK is disabled meanwhile."""
        self.errors.clear()
        self.ok_button.setEnabled(False)

        def done(result: T) -> None:
            self.ok_button.setEnabled(True)
            on_success(result)

        CommandOp(self, fn).success(guarded(self, done)).failure(
            guarded(self, self.on_command_failed)
        ).with_progress(tr("Đang lưu…")).run()

    def broadcast(self, changes: Changes) -> None:
        """Tell every page what changed."""
        self._events.emit_changed(changes, self)

    def on_command_failed(self, exc: BaseException) -> None:
        """Show a refusal under the form; report a bug."""
        self.ok_button.setEnabled(True)
        if not self.errors.show(exc):
            show_error(self, exc)

    def show_error_text(self, text: str, field: str | None = None) -> None:
        """A message in red under the form (and the field marked)."""
        self.errors.show_message(text, field)
