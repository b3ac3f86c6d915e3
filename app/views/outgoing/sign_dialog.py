"""Ký số: the leader checks the certificate, types the key's password or PIN and signs (ô 7c)."""

from __future__ import annotations

from PyQt6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.services.outgoing_dto import OutgoingDetail
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.outgoing.detail_pane import signer_text
from app.views.outgoing.labels import subject_of
from app.views.outgoing.secret_dialog import SecretCommandDialog
from app.views.outgoing.step_dialogs import subject_label


class SignDialog(SecretCommandDialog):
    """Signs one document with the signed-in leader's key, under their signature image."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        detail: OutgoingDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            space,
            events,
            space.auth.user.id,
            title=tr("Ký số văn bản"),
            ok_text=tr("Ký số"),
            parent=parent,
        )
        self._doc_id = detail.row.id
        signer = QLabel(signer_text(detail), self)
        signer.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Người ký:"), signer)
        form.addRow(tr("Chứng thư số:"), self.certificate_box)
        self.secret_row(form)
        hint = QLabel(
            tr(
                "Chữ ký số và ảnh chữ ký của bạn được đặt vào ô ký của văn bản. "
                "Mật khẩu (mã PIN) chỉ dùng cho lần ký này, không được lưu lại."
            ),
            self,
        )
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(subject_of(detail.row), self))
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.working)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, 300)
        self.certificate_box.load()

    def submit(self) -> None:
        """Sign with the secret typed (cleared from the box at once)."""
        secret, svc, doc_id = self.take_secret(), self._space.outgoing, self._doc_id
        self.run_with_secret(lambda: svc.sign(doc_id, secret), self._on_signed, tr("Đang ký số…"))

    def _on_signed(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
