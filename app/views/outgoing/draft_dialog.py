"""Dự thảo mới / Sửa thông tin dự thảo: the fields of ND30 Phụ lục VI, who signs, and the file.

A new draft is laid out from the type's model (mẫu of Phụ lục III) or starts from a DOCX or PDF
the drafter wrote. Choosing the signer fills the authority line and position from their title;
both can be changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.models.enums import Confidentiality, Role, Urgency
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.outgoing import LIMITS
from app.services.outgoing_dto import DraftForm, OutgoingDetail
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.labels import (
    CONFIDENTIALITY_LABELS,
    DOC_TYPES,
    URGENCY_LABELS,
)
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.outgoing.labels import AUTHORITY_CHOICES, authority_for

DRAFT_FILE_FILTER = N_("Văn bản (*.docx *.pdf);;Tất cả tệp (*)")
POSITION_MAX = 100
DEFAULT_TYPE = N_("Công văn")  # the most frequent type a ward sends


@dataclass(frozen=True)
class _Choices:
    leaders: list[UserInfo]
    units: list[UnitInfo]
    detail: OutgoingDetail | None


class DraftDialog(CommandDialog):
    """The form of a new draft, or of an existing one to correct (`doc_id` given)."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        doc_id: str | None = None,
    ) -> None:
        editing = doc_id is not None
        super().__init__(
            events,
            tr("Sửa thông tin dự thảo") if editing else tr("Dự thảo văn bản đi mới"),
            tr("Lưu") if editing else tr("Tạo dự thảo"),
            parent,
        )
        self._space = space
        self.doc_id = doc_id
        self._filling = False
        self.doc_type = QComboBox(self)
        for name in DOC_TYPES:
            self.doc_type.addItem(tr(name), name)
        self.doc_type.setMaxVisibleItems(15)
        self.doc_type.setCurrentIndex(self.doc_type.findData(DEFAULT_TYPE))
        self.summary = LimitedTextEdit(LIMITS["summary"], self, lines=3)
        self.signer = QComboBox(self)
        self.signer.setMinimumWidth(320)
        self.authority = QComboBox(self)
        self.authority.setEditable(True)
        for text in AUTHORITY_CHOICES:
            self.authority.addItem(tr(text) if text else "", text)
        self.authority.setToolTip(
            tr("Thẩm quyền ký: TM., KT., TL., TUQ. (để trống nếu ký trực tiếp)")
        )
        self.position = QLineEdit(self)
        self.position.setMaxLength(POSITION_MAX)
        self.recipients = LimitedTextEdit(LIMITS["recipients_text"], self, lines=3)
        self.recipients.editor.setPlaceholderText(
            tr("Mỗi nơi nhận một dòng, ví dụ:\n- Như trên;\n- Lưu: VT.")
        )
        self.urgency = QComboBox(self)
        for value in Urgency:
            self.urgency.addItem(tr(URGENCY_LABELS[value]), value)
        self.confidentiality = QComboBox(self)
        for secret in Confidentiality:
            self.confidentiality.addItem(tr(CONFIDENTIALITY_LABELS[secret]), secret)
        self.unit = QComboBox(self)
        self.note = LimitedTextEdit(LIMITS["note"], self, lines=2)
        self.from_template = QRadioButton(tr("Từ &mẫu của loại văn bản"), self)
        self.from_file = QRadioButton(tr("Từ &tệp DOCX/PDF:"), self)
        self._source = QButtonGroup(self)
        self._source.addButton(self.from_template)
        self._source.addButton(self.from_file)
        self.from_template.setChecked(True)
        self.file_path = QLineEdit(self)
        self.file_path.setPlaceholderText(tr("Chọn tệp…"))
        self.browse = QPushButton(tr("Chọn…"), self)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.from_file.toggled.connect(self._on_source_toggled)
        self.field_widgets.update(
            {
                "doc_type": self.doc_type,
                "summary": self.summary,
                "signer": self.signer,
                "recipients_text": self.recipients,
                "note": self.note,
                "file": self.file_path,
            }
        )
        self._lay_out(editing)
        self._on_source_toggled(False)
        self.signer.currentIndexChanged.connect(self._on_signer_current_index_changed)
        self.ok_button.setEnabled(False)
        self.resize(640, 680)
        self._load()

    def _lay_out(self, editing: bool) -> None:
        form = QFormLayout()
        form.addRow(tr("&Loại văn bản:"), self.doc_type)
        form.addRow(tr("T&rích yếu:"), self.summary)
        form.addRow(tr("Người &ký:"), self.signer)
        form.addRow(tr("Thẩm &quyền ký:"), self.authority)
        form.addRow(tr("&Chức vụ người ký:"), self.position)
        form.addRow(tr("&Nơi nhận:"), self.recipients)
        form.addRow(tr("Độ &khẩn:"), self.urgency)
        form.addRow(tr("Độ &mật:"), self.confidentiality)
        form.addRow(tr("Đơn vị &soạn thảo:"), self.unit)
        form.addRow(tr("&Ghi chú:"), self.note)
        if not editing:
            file_row = QHBoxLayout()
            file_row.addWidget(self.from_file)
            file_row.addWidget(self.file_path, 1)
            file_row.addWidget(self.browse)
            source = QVBoxLayout()
            source.addWidget(self.from_template)
            source.addLayout(file_row)
            form.addRow(tr("Nội dung:"), source)
        for widget in (self.from_template, self.from_file, self.file_path, self.browse):
            widget.setVisible(not editing)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    # -- loading
    def _load(self) -> None:
        directory, svc, doc_id = self._space.directory, self._space.outgoing, self.doc_id

        def query() -> _Choices:
            detail = svc.detail(doc_id) if doc_id is not None else None
            return _Choices(directory.users_with_role(Role.LEADER), directory.units(), detail)

        QueryOp(self, query).success(guarded(self, self._on_loaded)).failure(
            guarded(self, self.on_command_failed)
        ).run()

    def _on_loaded(self, choices: _Choices) -> None:
        self._filling = True
        self.signer.clear()
        for user in choices.leaders:
            text = f"{user.full_name} — {user.position}" if user.position else user.full_name
            self.signer.addItem(text, user)
        self.unit.clear()
        self.unit.addItem(tr("(không chọn)"), None)
        for unit in choices.units:
            self.unit.addItem(unit.name, unit.id)
        me = self._space.auth.user if self._space.auth.signed_in else None
        self._select(self.unit, me.unit_id if me else None)
        self._filling = False
        if choices.detail is not None:
            self._fill(choices.detail)
        else:
            self._on_signer_current_index_changed(self.signer.currentIndex())
        if choices.leaders:
            self.ok_button.setEnabled(True)
        else:
            self.show_error_text(tr("Chưa có tài khoản lãnh đạo nào để ký văn bản."), "signer")

    def _fill(self, detail: OutgoingDetail) -> None:
        """Put an existing draft's values in the form."""
        form = detail.form
        self._filling = True
        self._select(self.doc_type, detail.row.doc_type)
        self.summary.set_text(form.summary)
        for i in range(self.signer.count()):
            if self.signer.itemData(i).id == form.signer_id:
                self.signer.setCurrentIndex(i)
        self.authority.setEditText(form.signer_authority)
        self.position.setText(form.signer_position)
        self.recipients.set_text(form.recipients_text)
        self._select(self.urgency, form.urgency)
        self._select(self.confidentiality, form.confidentiality)
        self._select(self.unit, form.drafting_unit_id)
        self.note.set_text(form.note)
        self._filling = False

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _on_signer_current_index_changed(self, index: int) -> None:
        """Fill the authority line and the position from the chosen signer's title."""
        user = self.signer.itemData(index) if index >= 0 else None
        if self._filling or not isinstance(user, UserInfo):
            return
        authority = authority_for(user.position)
        self.authority.setEditText(tr(authority) if authority else "")
        self.position.setText(user.position.upper())

    def _on_source_toggled(self, _checked: bool) -> None:
        on = self.from_file.isChecked()
        self.file_path.setEnabled(on)
        self.browse.setEnabled(on)

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("Chọn tệp dự thảo"), self.file_path.text(), tr(DRAFT_FILE_FILTER)
        )
        if name:
            self.file_path.setText(name)
            self.from_file.setChecked(True)

    # -- saving
    def draft_form(self) -> DraftForm:
        """The form as filled in."""
        signer = self.signer.currentData()
        return DraftForm(
            doc_type=str(self.doc_type.currentData() or ""),
            summary=self.summary.text().strip(),
            signer_id=signer.id if isinstance(signer, UserInfo) else "",
            signer_authority=self.authority.currentText().strip(),
            signer_position=self.position.text().strip(),
            recipients_text=self.recipients.text().strip(),
            urgency=Urgency(self.urgency.currentData()),
            confidentiality=Confidentiality(self.confidentiality.currentData()),
            drafting_unit_id=self.unit.currentData(),
            note=self.note.text().strip(),
        )

    def submit(self) -> None:
        """Create the draft, or save the corrected fields."""
        form, svc, doc_id = self.draft_form(), self._space.outgoing, self.doc_id
        if doc_id is not None:
            self.run_command(lambda: svc.update(doc_id, form), self._on_saved)
            return
        path: Path | None = None
        if self.from_file.isChecked():
            if not self.file_path.text().strip():
                self.show_error_text(tr("Cần chọn tệp DOCX hoặc PDF của dự thảo."), "file")
                return
            path = Path(self.file_path.text().strip())
        self.run_command(lambda: svc.new_draft(form, path), self._on_created)

    def _on_created(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self._on_saved(Changes(outgoing=frozenset({doc_id})))

    def _on_saved(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
