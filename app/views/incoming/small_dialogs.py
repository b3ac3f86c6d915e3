"""The small dialogs of the incoming flow: submit to a leader; one text (reason, note, comment)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeySequence, QShortcut
from PyQt6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import N_, tr
from app.models.enums import Role
from app.services.changes import Changes
from app.services.directory import UserInfo
from app.services.incoming import MAX_TEXT, IncomingService
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.limited_text import LimitedTextEdit


def _subject_label(subject: str, parent: QWidget) -> QLabel:
    label = QLabel(subject, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("QLabel { font-weight: bold; }")
    return label


class TextCommandDialog(CommandDialog):
    """One text box (a reason, a note, a comment) and a command that takes it."""

    def __init__(
        self,
        events: AppEvents,
        *,
        title: str,
        subject: str,
        prompt: str,
        ok_text: str,
        run: Callable[[str], Changes],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(events, title, ok_text, parent)
        self._run = run
        self.text = LimitedTextEdit(MAX_TEXT, self, lines=5)
        self.field_widgets["text"] = self.text
        prompt_label = QLabel(prompt, self)
        prompt_label.setBuddy(self.text.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(_subject_label(subject, self))
        layout.addWidget(prompt_label)
        layout.addWidget(self.text)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        send = QShortcut(QKeySequence("Ctrl+Return"), self)
        send.activated.connect(self.submit)
        self.text.editor.setToolTip(tr("Ctrl+Enter để gửi"))
        self.resize(480, 300)

    def submit(self) -> None:
        """Run the command with the text typed."""
        text = self.text.text().strip()
        self.run_command(lambda: self._run(text), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


class SubmitDialog(CommandDialog):
    """Trình lãnh đạo: choose the leader, add a note if needed."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        doc_id: str,
        subject: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(events, tr("Trình lãnh đạo"), tr("Trình"), parent)
        self._space = space
        self._doc_id = doc_id
        self.leader = QComboBox(self)
        self.leader.setMinimumWidth(280)
        self.note = LimitedTextEdit(MAX_TEXT, self, lines=3)
        self.field_widgets.update({"leader": self.leader, "note": self.note})
        form = QFormLayout()
        form.addRow(tr("&Lãnh đạo:"), self.leader)
        form.addRow(tr("&Ghi chú:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(_subject_label(subject, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.ok_button.setEnabled(False)
        self.resize(480, 260)
        directory = space.directory
        QueryOp(self, lambda: directory.users_with_role(Role.LEADER)).success(
            guarded(self, self._on_leaders_loaded)
        ).run()

    def _on_leaders_loaded(self, leaders: list[UserInfo]) -> None:
        self.leader.clear()
        for user in leaders:
            text = f"{user.full_name} — {user.position}" if user.position else user.full_name
            self.leader.addItem(text, user.id)
        if leaders:
            self.ok_button.setEnabled(True)
        else:
            self.show_error_text(tr("Chưa có tài khoản lãnh đạo nào để trình."))

    def submit(self) -> None:
        """Submit the document to the chosen leader."""
        leader_id = self.leader.currentData()
        if not leader_id:
            self.show_error_text(tr("Cần chọn lãnh đạo."), "leader")
            return
        note, doc_id, svc = self.note.text().strip(), self._doc_id, self._space.incoming
        self.run_command(lambda: svc.submit(doc_id, str(leader_id), note), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


# -- the text dialogs of each step


@dataclass(frozen=True)
class TextStep:
    """One step of the flow that takes a single text: its labels and the command it runs."""

    title: str
    prompt: str
    ok_text: str
    command: Callable[[IncomingService, str, str], Changes]


TEXT_STEPS: dict[str, TextStep] = {
    "discard": TextStep(
        N_("Loại khỏi hàng chờ"),
        N_("&Lý do loại (ví dụ: không phải văn bản, tệp quét hỏng):"),
        N_("Loại khỏi hàng chờ"),
        IncomingService.discard,
    ),
    "return_to_clerk": TextStep(
        N_("Trả lại văn thư"), N_("&Lý do trả lại:"), N_("Trả lại"), IncomingService.return_to_clerk
    ),
    "return_to_leader": TextStep(
        N_("Trả lại lãnh đạo"),
        N_("&Lý do trả lại (ví dụ: không đúng thẩm quyền xử lý):"),
        N_("Trả lại"),
        IncomingService.return_from_handling,
    ),
    "progress": TextStep(
        N_("Cập nhật tiến độ"),
        N_("&Tiến độ, việc đã làm:"),
        N_("Cập nhật"),
        IncomingService.report_progress,
    ),
    "complete": TextStep(
        N_("Hoàn thành"), N_("&Kết quả xử lý:"), N_("Hoàn thành"), IncomingService.complete
    ),
    "comment": TextStep(
        N_("Ý kiến"), N_("Ý &kiến của bạn:"), N_("Gửi ý kiến"), IncomingService.comment
    ),
}


def text_step_dialog(
    step: str,
    space: Space,
    events: AppEvents,
    doc_id: str,
    subject: str,
    parent: QWidget | None = None,
) -> TextCommandDialog:
    """The dialog of one text step (a reason, a note, a comment) on one document."""
    spec = TEXT_STEPS[step]
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr(spec.title),
        subject=subject,
        prompt=tr(spec.prompt),
        ok_text=tr(spec.ok_text),
        run=lambda text: spec.command(svc, doc_id, text),
        parent=parent,
    )
