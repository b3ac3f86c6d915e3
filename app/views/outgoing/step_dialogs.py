"""The small dialogs of the outgoing steps: trình duyệt (choose the content reviewer), and the
steps that take one text: duyệt nội dung, kiểm tra thể thức, duyệt (an optional note), trả lại
(a reason), ý kiến.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import N_, tr
from app.models.enums import Role
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.outgoing import OutgoingService
from app.services.outgoing_dto import Action
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.incoming.small_dialogs import TextCommandDialog

NOTE_MAX = 500


def subject_label(subject: str, parent: QWidget) -> QLabel:
    """The document's heading in bold, plain text, wrapped."""
    label = QLabel(subject, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("QLabel { font-weight: bold; }")
    return label


def reviewer_choices(
    users: list[UserInfo], units: list[UnitInfo], me: str
) -> list[tuple[str, str]]:
    """(text, user id) of everyone who may review a draft's content: not the drafter, nor an
    administrator-only account; people of the drafter's unit and leaders first."""
    unit_names = {u.id: u.name for u in units}
    mine = next((u.unit_id for u in users if u.id == me), None)
    chosen = [u for u in users if u.id != me and u.roles - {Role.ADMIN}]
    chosen.sort(key=lambda u: (u.unit_id != mine or mine is None, Role.LEADER not in u.roles))
    choices = []
    for user in chosen:
        extra = ", ".join(p for p in (user.position, unit_names.get(user.unit_id or "", "")) if p)
        choices.append((f"{user.full_name} — {extra}" if extra else user.full_name, user.id))
    return choices


class SubmitDialog(CommandDialog):
    """Trình duyệt nội dung: the drafter chooses who reviews the content, with a note."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        doc_id: str,
        subject: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(events, tr("Trình duyệt nội dung"), tr("Trình"), parent)
        self._space = space
        self._doc_id = doc_id
        self.reviewer = QComboBox(self)
        self.reviewer.setMinimumWidth(340)
        self.note = LimitedTextEdit(NOTE_MAX, self, lines=3)
        self.field_widgets.update({"reviewer": self.reviewer, "note": self.note})
        form = QFormLayout()
        form.addRow(tr("&Người duyệt nội dung:"), self.reviewer)
        form.addRow(tr("&Ghi chú:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(subject, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.ok_button.setEnabled(False)
        self.resize(520, 280)
        directory, me = space.directory, space.auth.user.id
        QueryOp(self, lambda: reviewer_choices(directory.users(), directory.units(), me)).success(
            guarded(self, self._on_reviewers_loaded)
        ).run()

    def _on_reviewers_loaded(self, choices: list[tuple[str, str]]) -> None:
        self.reviewer.clear()
        for text, user_id in choices:
            self.reviewer.addItem(text, user_id)
        if choices:
            self.ok_button.setEnabled(True)
        else:
            self.show_error_text(tr("Chưa có ai khác trong phường để duyệt nội dung."))

    def submit(self) -> None:
        """Submit the draft to the chosen reviewer."""
        reviewer_id = self.reviewer.currentData()
        if not reviewer_id:
            self.show_error_text(tr("Cần chọn người duyệt nội dung."), "reviewer")
            return
        note, doc_id, svc = self.note.text().strip(), self._doc_id, self._space.outgoing
        self.run_command(lambda: svc.submit(doc_id, str(reviewer_id), note), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


@dataclass(frozen=True)
class TextStep:
    """One step that takes a single text: its labels, the service's field name, its command."""

    title: str
    prompt: str
    ok_text: str
    field: str
    command: Callable[[OutgoingService, str, str], Changes]
    done_message: str


TEXT_STEPS: dict[Action, TextStep] = {
    Action.APPROVE_CONTENT: TextStep(
        N_("Duyệt nội dung"),
        N_("Ý &kiến (không bắt buộc):"),
        N_("Duyệt nội dung"),
        "note",
        OutgoingService.approve_content,
        N_("Đã duyệt nội dung; dự thảo chuyển văn thư kiểm tra thể thức."),
    ),
    Action.APPROVE_FORM: TextStep(
        N_("Kiểm tra thể thức"),
        N_("Ý &kiến (không bắt buộc):"),
        N_("Đúng thể thức, trình ký"),
        "note",
        OutgoingService.approve_form,
        N_("Đã kiểm tra thể thức; dự thảo chờ lãnh đạo duyệt."),
    ),
    Action.APPROVE: TextStep(
        N_("Duyệt dự thảo"),
        N_("Ý &kiến (không bắt buộc):"),
        N_("Duyệt"),
        "note",
        OutgoingService.approve,
        N_("Đã duyệt; cần tạo bản ký."),
    ),
    Action.RETURN: TextStep(
        N_("Trả lại dự thảo"),
        N_("&Lý do trả lại (người soạn thảo sẽ thấy):"),
        N_("Trả lại"),
        "reason",
        OutgoingService.return_draft,
        N_("Đã trả lại dự thảo cho người soạn thảo."),
    ),
    Action.COMMENT: TextStep(
        N_("Ý kiến"),
        N_("Ý &kiến của bạn:"),
        N_("Gửi ý kiến"),
        "text",
        OutgoingService.comment,
        N_("Đã gửi ý kiến."),
    ),
}


def text_step_dialog(
    action: Action,
    space: Space,
    events: AppEvents,
    doc_id: str,
    subject: str,
    parent: QWidget | None = None,
) -> TextCommandDialog:
    """The dialog of one text step on one document."""
    spec = TEXT_STEPS[action]
    svc = space.outgoing
    dialog = TextCommandDialog(
        events,
        title=tr(spec.title),
        subject=subject,
        prompt=tr(spec.prompt),
        ok_text=tr(spec.ok_text),
        run=lambda text: spec.command(svc, doc_id, text),
        parent=parent,
    )
    dialog.field_widgets[spec.field] = dialog.text
    return dialog
