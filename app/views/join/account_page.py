"""Joining, page 2: who will sign in on this PC, and the PC's name."""

from __future__ import annotations

from PyQt6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWizard, QWizardPage

from app.errors import ValidationError
from app.i18n import tr
from app.services.enrolment import default_pc_name, validate_join_account
from app.ui_support.dialogs import FieldErrors
from app.views.password_dialog import password_edit


class JoinAccountPage(QWizardPage):
    """The user's login and password (checked against the ward's directory when joining) and
    a name for this PC. "Tham gia" commits: the join starts on the next page."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Người dùng máy này"))
        self.setSubTitle(
            tr(
                "Nhập tài khoản mà quản trị viên đã tạo cho người sẽ dùng máy này, và đặt tên "
                "cho máy để quản trị viên nhận ra khi duyệt."
            )
        )
        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(tr("ví dụ: vanthu"))
        self.password_edit = password_edit()
        self.label_edit = QLineEdit(default_pc_name())
        self.label_edit.setPlaceholderText(tr("ví dụ: Máy văn thư"))
        form = QFormLayout()
        form.addRow(tr("Tên đăng nhập:"), self.login_edit)
        form.addRow(tr("Mật khẩu:"), self.password_edit)
        form.addRow(tr("Tên máy tính:"), self.label_edit)
        note = QLabel(
            tr(
                "Mật khẩu được kiểm tra với danh sách người dùng của phường. Trên máy không có "
                "kho khóa của hệ điều hành, mật khẩu này còn dùng để mã hóa khóa ký của máy."
            )
        )
        note.setObjectName("hintLabel")
        note.setWordWrap(True)
        self.error_label = QLabel()
        self.errors = FieldErrors(
            self.error_label,
            {"login": self.login_edit, "password": self.password_edit, "label": self.label_edit},
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.setCommitPage(True)  # after "Tham gia" the join cannot be undone with "Quay lại"
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Tham gia"))

    def login(self) -> str:
        """The login as typed, trimmed."""
        return self.login_edit.text().strip()

    def password(self) -> str:
        """The password as typed."""
        return self.password_edit.text()

    def pc_name(self) -> str:
        """The PC's name as typed, trimmed."""
        return self.label_edit.text().strip()

    def validatePage(self) -> bool:
        """The fields must be filled before joining."""
        try:
            validate_join_account(self.login(), self.password(), self.pc_name())
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self.errors.clear()
        return True
