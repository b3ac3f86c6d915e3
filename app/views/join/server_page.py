"""Joining, page 1: the ward's sync server (a shared folder or S3), checked before going on."""

from __future__ import annotations

import html

from PyQt6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWizardPage

from app.i18n import tr
from app.services.enrolment import JoinTargetCheck, check_join_target
from app.timeutil import Clock
from app.views.sync.target_form import CheckResult, SyncTargetForm
from app.views.sync.texts import OK_COLOUR


class JoinServerPage(QWizardPage):
    """Where the ward shares its data; "Tiếp theo" only once "Kiểm tra" has passed.

    The check is the settings dialog's probe, and the server must hold the ward's space: the
    ward found there is named, so the user sees it is the right one.
    """

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.setTitle(tr("Máy chủ đồng bộ của phường"))
        self.setSubTitle(
            tr(
                "Chọn đúng thư mục chung hoặc máy chủ S3 mà các máy của phường đang dùng (xem ở "
                "máy quản trị: Hệ thống → Máy chủ đồng bộ…)."
            )
        )
        self.form = SyncTargetForm(
            clock,
            prompt=tr("Bấm “Kiểm tra” để thử máy chủ trước khi tiếp tục."),
            check=check_join_target,
        )
        self.check_button = self.form.check_button
        self.ward_label = QLabel()
        self.ward_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.ward_label)
        layout.addStretch(1)
        self.form.state_changed.connect(self._on_form_state_changed)
        self.form.checked.connect(self._on_form_checked)

    def isComplete(self) -> bool:
        """Only a server that passed the check for what is typed now."""
        return self.form.passed

    def target_url(self) -> str:
        """The URL of the checked server."""
        return self.form.target_url()

    def credentials(self) -> tuple[str, str] | None:
        """The S3 keys typed, to keep in the OS keyring when joining."""
        return self.form.credentials()

    def _on_form_state_changed(self) -> None:
        if not self.form.passed:
            self.ward_label.clear()
        self.completeChanged.emit()

    def _on_form_checked(self, result: CheckResult) -> None:
        if isinstance(result, JoinTargetCheck) and result.ok and result.organisation:
            text = html.escape(tr("Dữ liệu trên máy chủ thuộc về:"))
            org = html.escape(result.organisation)
            self.ward_label.setText(f'{text} <b style="color:{OK_COLOUR}">{org}</b>')
        self.completeChanged.emit()
