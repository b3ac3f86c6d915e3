"""The "Người dùng" tab: users with their roles, with add, edit and password reset."""

from __future__ import annotations

from typing import Any

from PyQt6.QtWidgets import QWidget

from app.i18n import tr
from app.services.directory import UnitInfo
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.admin.list_widget import DirectoryListWidget
from app.views.admin.reset_password_dialog import ResetPasswordDialog
from app.views.admin.table_models import UserRow, UserTableModel
from app.views.admin.user_dialog import UserDialog


class UsersWidget(DirectoryListWidget):
    """Lists users; "Thêm người dùng", "Sửa" and "Đặt lại mật khẩu"."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(UserTableModel(space.directory), events, parent)
        self._space = space
        self._events = events
        self.new_button = self.add_button(tr("Thêm người dùng"), needs_row=False)
        self.edit_button = self.add_button(tr("Sửa"))
        self.reset_button = self.add_button(tr("Đặt lại mật khẩu"))
        self.new_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)

    def open_user_dialog(self, row: UserRow | None) -> None:
        """Load the units, then open the user dialog (window-modal, not blocking)."""
        directory = self._space.directory
        QueryOp(self, lambda: directory.units(include_inactive=True)).success(
            lambda units: self._show_user_dialog(units, row)
        ).run()

    def _show_user_dialog(self, units: list[UnitInfo], row: UserRow | None) -> None:
        dialog = UserDialog(self._space, self._events, units, row.user if row else None, self)
        dialog.accepted.connect(self.status_label.clear)
        dialog.open()

    def _on_add_button_clicked(self) -> None:
        self.open_user_dialog(None)

    def _on_edit_button_clicked(self) -> None:
        row = self.current_row()
        if isinstance(row, UserRow):
            self.open_user_dialog(row)

    def _on_row_activated(self, row: Any) -> None:
        if isinstance(row, UserRow):
            self.open_user_dialog(row)

    def _on_reset_button_clicked(self) -> None:
        row = self.current_row()
        if not isinstance(row, UserRow):
            return
        dialog = ResetPasswordDialog(self._space, row.user, self)
        message = tr("Đã đặt lại mật khẩu cho {name}.").format(name=row.user.full_name)
        dialog.accepted.connect(lambda: self.status_label.setText(message))
        dialog.open()
