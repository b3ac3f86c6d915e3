"""Cấp số, ban hành: the clerk chooses who inside the ward receives the document, the number of
copies, and applies the organisation's signature with its password or PIN.

The service opens the organisation's key before it claims a number, so a wrong password costs
no number; the number and the date are written into the signed PDF, then the seal is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.outgoing_dto import IssueForm, OutgoingDetail
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.assign_dialog import _HandlerTree, handler_choices
from app.views.incoming.callbacks import guarded
from app.views.outgoing.certificate_box import ORG_OWNER
from app.views.outgoing.labels import subject_of
from app.views.outgoing.secret_dialog import SecretCommandDialog
from app.views.outgoing.step_dialogs import subject_label

MAX_COPIES = 999


@dataclass(frozen=True)
class Issued:
    """What the issue did: the changes, and the number and symbol given."""

    changes: Changes
    code: str


class IssueDialog(SecretCommandDialog):
    """Issues one signed document: number, date, the organisation's signature, delivery."""

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
            ORG_OWNER,
            title=tr("Cấp số, ban hành văn bản"),
            ok_text=tr("Cấp số, ban hành"),
            parent=parent,
        )
        self._doc_id = detail.row.id
        self.message = ""
        self.recipients = _HandlerTree(self)
        self.recipients.setMinimumHeight(180)
        self.copies = QSpinBox(self)
        self.copies.setRange(0, MAX_COPIES)
        self.copies.setSpecialValueText(tr("không ghi"))
        self.copies.setToolTip(tr("Số bản phát hành, ghi vào sổ văn bản đi"))
        self.secret_label.setText(tr("&Mật khẩu khóa của cơ quan:"))
        self.field_widgets["recipients"] = self.recipients
        outside = QLabel(detail.form.recipients_text or tr("(không ghi)"), self)
        outside.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Nơi nhận ghi trên văn bản:"), outside)
        form.addRow(tr("&Gửi trong phường:"), self.recipients)
        form.addRow(tr("Số &bản:"), self.copies)
        form.addRow(tr("Chứng thư số của cơ quan:"), self.certificate_box)
        self.secret_row(form)
        hint = QLabel(
            tr(
                "Số văn bản đi và ngày ban hành được cấp khi bấm “Cấp số, ban hành”; nếu mật "
                "khẩu sai, không số nào bị dùng. Các đơn vị, cá nhân được chọn nhận văn bản "
                "trong mục văn bản đến."
            ),
            self,
        )
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(subject_of(detail.row), self))
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.working)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(600, 600)
        directory = space.directory
        QueryOp(self, lambda: (directory.units(), directory.users())).success(
            guarded(self, self._on_directory_loaded)
        ).run()
        self.certificate_box.load()

    def _on_directory_loaded(self, result: tuple[list[UnitInfo], list[UserInfo]]) -> None:
        self.recipients.fill(handler_choices(*result))

    def chosen(self) -> tuple[HandlerRef, ...]:
        """The units and people inside the ward checked to receive the document."""
        return self.recipients.checked()

    def submit(self) -> None:
        """Issue with the recipients, copies and the secret typed (cleared at once)."""
        secret, svc, doc_id = self.take_secret(), self._space.outgoing, self._doc_id
        form = IssueForm(self.chosen(), self.copies.value() or None)

        def issue() -> Issued:
            changes = svc.issue(doc_id, secret, form)
            return Issued(changes, svc.detail(doc_id).row.code)

        self.run_with_secret(issue, self._on_issued, tr("Đang cấp số và ký số của cơ quan…"))

    def _on_issued(self, issued: Issued) -> None:
        self.message = tr("Đã cấp số {code} và ban hành văn bản.").format(code=issued.code)
        self.broadcast(issued.changes)
        self.accept()
