"""An administrator sets a new password for a user who forgot theirs."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.directory import UserInfo
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.ops import CommandOp, show_error
from app.views.password_dialog import password_edit


class ResetPasswordDialog(BaseDialog):
    """Asks for the new password twice and resets `user`'s password."""

    def __init__(self, space: Space, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._user = user
        self.setWindowTitle(tr("Đặt lại mật khẩu"))
        self.setMinimumWidth(420)
        self.password_edit = password_edit(new=True)
        self.password2_edit = password_edit()
        form = QFormLayout()
        form.addRow(tr("Mật khẩu mới:"), self.password_edit)
        form.addRow(tr("Nhập lại mật khẩu mới:"), self.password2_edit)
        self.error_label = QLabel()
        self._errors = FieldErrors(
            self.error_label, {"password": self.password_edit, "password2": self.password2_edit}
        )
        buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        buttons.accepted.connect(self._on_ok_button_clicked)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            tr("Đặt mật khẩu mới cho {name} ({login}).").format(
                name=user.full_name, login=user.login
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _on_ok_button_clicked(self) -> None:
        password = self.password_edit.text()
        if password != self.password2_edit.text():
            self._errors.show_message(tr("Hai mật khẩu không khớp."), "password2")
            return
        self._errors.clear()
        directory, user_id = self._space.directory, self._user.id
        CommandOp(self, lambda: directory.reset_password(user_id, password)).success(
            lambda _none: self.accept()
        ).failure(self._on_reset_failed).with_progress(tr("Đang lưu…")).run()

    def _on_reset_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)
