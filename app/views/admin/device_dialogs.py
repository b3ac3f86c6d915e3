"""Approve a new PC by its enrolment code, or revoke a lost one with a reason."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.changes import Changes
from app.services.space import Space
from app.services.sync import DeviceInfo
from app.ui_support.dialogs import BaseDialog, FieldErrors, ask_yes_no, localize_buttons
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp, show_error

_SB = QDialogButtonBox.StandardButton


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ApproveDeviceDialog(BaseDialog):
    """Takes the 8-character code a joining PC shows (e.g. K7QM-3XPA) and enrols that PC."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self.approved: DeviceInfo | None = None
        self.setWindowTitle(tr("Duyệt máy mới"))
        self.setMinimumWidth(440)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("K7QM-3XPA")
        self.code_edit.setMaxLength(12)
        form = QFormLayout()
        form.addRow(tr("Mã đăng ký máy:"), self.code_edit)
        self.error_label = QLabel()
        self._errors = FieldErrors(self.error_label, {"code": self.code_edit})
        buttons = localize_buttons(QDialogButtonBox(_SB.Ok | _SB.Cancel))
        ok = buttons.button(_SB.Ok)
        if ok is not None:
            ok.setText(tr("Duyệt"))
        buttons.accepted.connect(self._on_ok_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                tr(
                    "Trên máy mới, người dùng tham gia không gian làm việc của phường và nhận "
                    "một mã gồm 8 ký tự. Nhập mã đó để cho phép máy ghi dữ liệu."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _on_ok_button_clicked(self) -> None:
        self._errors.clear()
        code, sync = self.code_edit.text(), self._space.sync
        CommandOp(self, lambda: sync.approve(code)).success(self._on_approved).failure(
            self._on_failed
        ).with_progress(tr("Đang duyệt máy…")).run()

    def _on_approved(self, device: DeviceInfo) -> None:
        self.approved = device
        self._events.emit_changed(Changes(directory=True), self)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)


class RevokeDeviceDialog(BaseDialog):
    """Asks why a PC is revoked, confirms, and revokes it: its later work is refused everywhere."""

    def __init__(
        self, space: Space, events: AppEvents, device: DeviceInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._device = device
        self.setWindowTitle(tr("Thu hồi máy"))
        self.setMinimumWidth(460)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(tr("ví dụ: máy bị mất, máy đã thanh lý"))
        self.reason_edit.setMaxLength(500)
        form = QFormLayout()
        form.addRow(tr("Lý do:"), self.reason_edit)
        self.error_label = QLabel()
        self._errors = FieldErrors(self.error_label, {"reason": self.reason_edit})
        buttons = localize_buttons(QDialogButtonBox(_SB.Ok | _SB.Cancel))
        ok = buttons.button(_SB.Ok)
        if ok is not None:
            ok.setText(tr("Thu hồi"))
        buttons.accepted.connect(self._on_ok_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                tr(
                    "Thu hồi máy {label} ({login}). Những gì máy đã gửi lên vẫn được giữ; mọi thao "
                    "tác mới từ máy này sẽ bị các máy khác từ chối."
                ).format(label=device.label, login=device.login or "?")
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _on_ok_button_clicked(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self._errors.show_message(tr("Hãy ghi lý do thu hồi máy."), "reason")
            return
        self._errors.clear()
        question = tr("Thu hồi máy {label}? Không thể hoàn tác.").format(label=self._device.label)
        if not ask_yes_no(self, tr("Thu hồi máy"), question):
            return
        sync, device_id = self._space.sync, self._device.id
        CommandOp(self, lambda: sync.revoke(device_id, reason)).success(self._on_revoked).failure(
            self._on_failed
        ).with_progress(tr("Đang lưu…")).run()

    def _on_revoked(self, _none: None) -> None:
        self._events.emit_changed(Changes(directory=True), self)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)
