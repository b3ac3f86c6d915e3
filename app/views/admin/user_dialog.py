"""Add or edit a user: name, login, position, unit, roles and, for a new user, a first password."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import Role
from app.services.auth import ROLE_LABELS
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp, show_error
from app.views.admin.table_models import ROLE_ORDER
from app.views.password_dialog import password_edit


class UserDialog(BaseDialog):
    """Edits one user (`user` None adds a new one) and broadcasts the directory change.

    `units` are the units to choose from (the user's current unit is kept even if inactive).
    """

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        units: list[UnitInfo],
        user: UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._user = user
        self.setWindowTitle(tr("Sửa người dùng") if user else tr("Thêm người dùng"))
        self.setMinimumWidth(480)
        self.full_name_edit = QLineEdit(user.full_name if user else "")
        self.login_edit = QLineEdit(user.login if user else "")
        self.login_edit.setReadOnly(user is not None)
        self.login_edit.setPlaceholderText(tr("chữ thường không dấu, ví dụ: nguyenvana"))
        self.position_edit = QLineEdit(user.position if user else "")
        self.position_edit.setPlaceholderText(tr("ví dụ: Chuyên viên, Phó Chủ tịch"))
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(tr("(Không thuộc đơn vị nào)"), None)
        for unit in units:
            if unit.active or (user is not None and unit.id == user.unit_id):
                self.unit_combo.addItem(unit.name, unit.id)
        if user is not None and user.unit_id is not None:
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(user.unit_id)))
        self.role_checks: dict[Role, QCheckBox] = {}
        roles_box = QWidget()
        roles_grid = QGridLayout(roles_box)
        roles_grid.setContentsMargins(0, 0, 0, 0)
        for n, role in enumerate(ROLE_ORDER):
            check = QCheckBox(tr(ROLE_LABELS[role]))
            check.setChecked(user is not None and role in user.roles)
            self.role_checks[role] = check
            roles_grid.addWidget(check, n // 2, n % 2)
        self.password_edit = password_edit(new=True)
        self.password2_edit = password_edit()
        self.active_check = QCheckBox(tr("Đang hoạt động (bỏ chọn để khóa tài khoản)"))
        self.active_check.setChecked(user.active if user else True)

        form = QFormLayout()
        form.addRow(tr("Họ tên:"), self.full_name_edit)
        form.addRow(tr("Tên đăng nhập:"), self.login_edit)
        form.addRow(tr("Chức vụ:"), self.position_edit)
        form.addRow(tr("Đơn vị:"), self.unit_combo)
        form.addRow(tr("Vai trò:"), roles_box)
        if user is None:
            form.addRow(tr("Mật khẩu:"), self.password_edit)
            form.addRow(tr("Nhập lại mật khẩu:"), self.password2_edit)
        else:
            form.addRow("", self.active_check)
        self.error_label = QLabel()
        self._errors = FieldErrors(
            self.error_label,
            {
                "full_name": self.full_name_edit,
                "login": self.login_edit,
                "position": self.position_edit,
                "unit_id": self.unit_combo,
                "roles": roles_box,
                "password": self.password_edit,
                "password2": self.password2_edit,
            },
        )
        buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        )
        buttons.accepted.connect(self._on_save_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def info(self) -> UserInfo:
        """The user as the form describes them."""
        return UserInfo(
            id=self._user.id if self._user else "",
            login=self.login_edit.text().strip().lower(),
            full_name=self.full_name_edit.text().strip(),
            position=self.position_edit.text().strip(),
            unit_id=self.unit_combo.currentData(),
            roles=frozenset(r for r, check in self.role_checks.items() if check.isChecked()),
            active=self.active_check.isChecked(),
        )

    def _on_save_button_clicked(self) -> None:
        self._errors.clear()
        info = self.info()
        directory = self._space.directory
        op: CommandOp[object]
        if self._user is None:
            password = self.password_edit.text()
            if password != self.password2_edit.text():
                self._errors.show_message(tr("Hai mật khẩu không khớp."), "password2")
                return
            op = CommandOp(self, lambda: directory.create_user(info, password))
        else:
            op = CommandOp(self, lambda: directory.update_user(info))
        op.success(self._on_saved).failure(self._on_save_failed).with_progress(
            tr("Đang lưu…")
        ).run()

    def _on_saved(self, _result: object) -> None:
        self._events.emit_changed(Changes(directory=True), self)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)
