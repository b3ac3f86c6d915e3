"""The "Đổi mật khẩu" dialog: the signed-in user changes their own password."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import AuthError, UserError
from app.i18n import tr
from app.services.directory import MIN_PASSWORD
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.ops import CommandOp, show_error


def password_edit(*, new: bool = False) -> QLineEdit:
    """A line edit that hides what is typed; a `new` one says how long a password must be."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if new:
        edit.setPlaceholderText(tr("ít nhất {n} ký tự").format(n=MIN_PASSWORD))
    return edit


class ChangePasswordDialog(BaseDialog):
    """Asks for the current password and the new one twice, then changes it."""

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self.setWindowTitle(tr("Đổi mật khẩu"))
        self.setMinimumWidth(420)
        self.old_edit = password_edit()
        self.new_edit = password_edit(new=True)
        self.new2_edit = password_edit()
        form = QFormLayout()
        form.addRow(tr("Mật khẩu hiện tại:"), self.old_edit)
        form.addRow(tr("Mật khẩu mới:"), self.new_edit)
        form.addRow(tr("Nhập lại mật khẩu mới:"), self.new2_edit)
        self.error_label = QLabel()
        self._errors = FieldErrors(
            self.error_label,
            {"old": self.old_edit, "password": self.new_edit, "password2": self.new2_edit},
        )
        buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        buttons.accepted.connect(self._on_ok_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if space.auth.signed_in:
            user = space.auth.user
            layout.addWidget(
                QLabel(
                    tr("Tài khoản: {name} ({login})").format(name=user.full_name, login=user.login)
                )
            )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _on_ok_button_clicked(self) -> None:
        old, new = self.old_edit.text(), self.new_edit.text()
        if new != self.new2_edit.text():
            self._errors.show_message(tr("Hai mật khẩu mới không khớp."), "password2")
            return
        self._errors.clear()
        directory = self._space.directory
        CommandOp(self, lambda: directory.change_password(old, new)).success(
            lambda _none: self.accept()
        ).failure(self._on_change_failed).with_progress(tr("Đang đổi mật khẩu…")).run()

    def _on_change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AuthError):
            self._errors.show_message(tr("Mật khẩu hiện tại không đúng."), "old")
        elif isinstance(exc, UserError):
            self._errors.show(exc)
        else:
            show_error(self, exc)
