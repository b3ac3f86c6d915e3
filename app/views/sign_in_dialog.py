"""The sign-in dialog: several officials share one PC, so each signs in with their own account."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.services.auth import CurrentUser
from app.services.directory import OrganisationInfo
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.ops import CommandOp, QueryOp, show_error


class SignInDialog(BaseDialog):
    """Asks for a login and password and signs that user in to the space.

    A wrong password shows a red message and the dialog stays open; after `accept()` the
    signed-in user is in `user`. `login` fills in the login (e.g. the user of a PC that joined).
    """

    def __init__(
        self, space: Space, parent: QWidget | None = None, *, hint: str = "", login: str = ""
    ) -> None:
        super().__init__(parent)
        self._space = space
        self.user: CurrentUser | None = None
        self.setWindowTitle(tr("Đăng nhập — Văn phòng điện tử"))
        self.setMinimumWidth(420)

        self.org_label = QLabel()
        self.org_label.setObjectName("orgTitle")
        self.org_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.org_label.setWordWrap(True)
        font = self.org_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.org_label.setFont(font)
        subtitle = QLabel(tr("Văn phòng điện tử"))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(tr("ví dụ: vanthu"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(tr("Tên đăng nhập:"), self.login_edit)
        form.addRow(tr("Mật khẩu:"), self.password_edit)

        self.error_label = QLabel()
        self._errors = FieldErrors(
            self.error_label, {"login": self.login_edit, "password": self.password_edit}
        )
        hint_label = QLabel(hint)
        hint_label.setObjectName("hintLabel")
        hint_label.setWordWrap(True)
        hint_label.setVisible(bool(hint))

        self._buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        button = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        self.sign_in_button: QPushButton = button
        self.sign_in_button.setText(tr("Đăng nhập"))
        self.sign_in_button.setDefault(True)
        self._buttons.accepted.connect(self._on_sign_in_button_clicked)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.org_label)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(hint_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self._buttons)
        self.login_edit.setText(login)
        (self.password_edit if login else self.login_edit).setFocus()

        QueryOp(self, space.directory.organisation).success(self._on_organisation_loaded).failure(
            lambda _exc: None
        ).run()

    def _on_organisation_loaded(self, org: OrganisationInfo) -> None:
        self.org_label.setText(org.name)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.login_edit, self.password_edit, self._buttons):
            widget.setEnabled(not busy)

    def _on_sign_in_button_clicked(self) -> None:
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        if not login:
            self._errors.show_message(tr("Hãy nhập tên đăng nhập."), "login")
            return
        self._errors.clear()
        self._set_busy(True)
        space = self._space
        CommandOp(self, lambda: space.sign_in(login, password)).success(self._on_signed_in).failure(
            self._on_sign_in_failed
        ).with_progress(tr("Đang đăng nhập…")).run()

    def _on_signed_in(self, user: CurrentUser) -> None:
        self._set_busy(False)
        self.user = user
        self.accept()

    def _on_sign_in_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, UserError):
            show_error(self, exc)
            return
        self._errors.show_message(exc.message)
        self.password_edit.clear()
        self.password_edit.setFocus()
