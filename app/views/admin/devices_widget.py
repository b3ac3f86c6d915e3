"""The "Máy tính" tab: the PCs of the ward, approving a new one and revoking a lost one."""

from __future__ import annotations

from PyQt6.QtWidgets import QWidget

from app.i18n import tr
from app.services.space import Space
from app.services.sync import DeviceInfo
from app.ui_support.events import AppEvents
from app.views.admin.device_dialogs import ApproveDeviceDialog, RevokeDeviceDialog
from app.views.admin.list_widget import DirectoryListWidget
from app.views.admin.table_models import DeviceTableModel


class DevicesWidget(DirectoryListWidget):
    """Lists the devices; "Duyệt máy mới…" and "Thu hồi máy…"."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(DeviceTableModel(space.sync), events, parent)
        self._space = space
        self._events = events
        self.approve_button = self.add_button(tr("Duyệt máy mới…"), needs_row=False)
        self.revoke_button = self.add_button(tr("Thu hồi máy…"))
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_button_clicked)
        self.status_label.setText(
            tr("Máy mới tham gia bằng mã đăng ký; máy bị mất thì thu hồi tại đây.")
        )

    def open_approve_dialog(self) -> ApproveDeviceDialog:
        """Ask for an enrolment code (window-modal, not blocking)."""
        dialog = ApproveDeviceDialog(self._space, self._events, self)
        dialog.accepted.connect(lambda: self._on_device_approved(dialog))
        dialog.open()
        return dialog

    def _on_device_approved(self, dialog: ApproveDeviceDialog) -> None:
        device = dialog.approved
        if device is not None:
            self.status_label.setText(
                tr("Đã duyệt máy {label} ({login}).").format(label=device.label, login=device.login)
            )
            self.select_id(device.id)

    def _on_approve_button_clicked(self) -> None:
        self.open_approve_dialog()

    def _on_revoke_button_clicked(self) -> None:
        device = self.current_row()
        if not isinstance(device, DeviceInfo):
            return
        if device.revoked:
            self.status_label.setText(tr("Máy {label} đã bị thu hồi.").format(label=device.label))
            return
        if device.this_device:
            self.status_label.setText(tr("Không thể thu hồi chính máy đang dùng."))
            return
        dialog = RevokeDeviceDialog(self._space, self._events, device, self)
        message = tr("Đã thu hồi máy {label}.").format(label=device.label)
        dialog.accepted.connect(lambda: self.status_label.setText(message))
        dialog.open()
