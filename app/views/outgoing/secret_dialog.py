"""The base of the two signing dialogs: the certificate, a password or PIN box, one command.

The secret is read from the box when the button is clicked, handed to the service call and
cleared from the box at once; it is never stored. A wrong one leaves the document as it was
and the message says so in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PyQt6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.i18n import tr
from app.services.signing import SignerConfig
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.incoming.command_dialog import CommandDialog
from app.views.outgoing.certificate_box import CertificateBox

T = TypeVar("T")


class SecretCommandDialog(CommandDialog):
    """A CertificateBox for `owner`, the secret box (`secret`) and the OK button."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        owner: str,
        *,
        title: str,
        ok_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(events, title, ok_text, parent)
        self._space = space
        self.certificate_box = CertificateBox(space, owner, self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMinimumWidth(200)
        self.secret_label = QLabel(tr("&Mật khẩu tệp khóa:"), self)
        self.secret_label.setBuddy(self.secret)
        self.check_button = QPushButton(tr("&Xem chứng thư"), self)
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.check_button.hide()
        self.working = QLabel(self)
        self.working.setObjectName("hintLabel")
        self.working.hide()
        self.field_widgets["secret"] = self.secret
        self.ok_button.setEnabled(False)
        self.certificate_box.config_known.connect(self._on_certificate_box_config_known)

    def secret_row(self, form: QFormLayout) -> None:
        """Add the secret box (and "Xem chứng thư") as a row of `form`."""
        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.check_button)
        form.addRow(self.secret_label, row)

    def _on_certificate_box_config_known(self, config: SignerConfig | None) -> None:
        if config is None:
            return
        if config.kind == "token":
            self.secret_label.setText(tr("&Mã PIN của thiết bị ký số:"))
        self.check_button.setVisible(self.certificate_box.needs_secret)
        self.ok_button.setEnabled(True)
        self.secret.setFocus()

    def _on_check_button_clicked(self) -> None:
        if not self.secret.text():
            self.show_error_text(tr("Cần nhập mật khẩu để mở tệp khóa."), "secret")
            return
        self.errors.clear()
        self.certificate_box.check(self.secret.text())

    def take_secret(self) -> str | None:
        """The secret typed, cleared from the box (None when nothing was typed: a PIN pad)."""
        secret = self.secret.text()
        self.secret.clear()
        return secret or None

    def run_with_secret(
        self, fn: Callable[[], T], on_success: Callable[[T], None], busy: str
    ) -> None:
        """Run the signing command, showing `busy` meanwhile."""
        self.working.setText(busy)
        self.working.show()
        self.run_command(fn, on_success)

    def on_command_failed(self, exc: BaseException) -> None:
        """Show the refusal and ask for the secret again."""
        self.working.hide()
        super().on_command_failed(exc)
        self.secret.setFocus()
