"""The small dialogs of the incoming flow: submit to a leader; one text (reason, note, comment)."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeySequence, QShortcut
from PyQt6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import tr
from app.models.enums import Role
from app.services.changes import Changes
from app.services.directory import UserInfo
from app.services.incoming import MAX_TEXT
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


def discard_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> TextCommandDialog:
    """Loại khỏi hàng chờ, with a reason."""
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr("Loại khỏi hàng chờ"),
        subject=subject,
        prompt=tr("&Lý do loại (ví dụ: không phải văn bản, tệp quét hỏng):"),
        ok_text=tr("Loại khỏi hàng chờ"),
        run=lambda text: svc.discard(doc_id, text),
        parent=parent,
    )


def return_to_clerk_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> TextCommandDialog:
    """Trả lại văn thư, with a reason."""
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr("Trả lại văn thư"),
        subject=subject,
        prompt=tr("&Lý do trả lại:"),
        ok_text=tr("Trả lại"),
        run=lambda text: svc.return_to_clerk(doc_id, text),
        parent=parent,
    )


def return_to_leader_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> TextCommandDialog:
    """Trả lại lãnh đạo (the primary handler), with a reason."""
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr("Trả lại lãnh đạo"),
        subject=subject,
        prompt=tr("&Lý do trả lại (ví dụ: không đúng thẩm quyền xử lý):"),
        ok_text=tr("Trả lại"),
        run=lambda text: svc.return_from_handling(doc_id, text),
        parent=parent,
    )


def progress_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> TextCommandDialog:
    """Cập nhật tiến độ, with what has been done."""
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr("Cập nhật tiến độ"),
        subject=subject,
        prompt=tr("&Tiến độ, việc đã làm:"),
        ok_text=tr("Cập nhật"),
        run=lambda text: svc.report_progress(doc_id, text),
        parent=parent,
    )


def complete_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> TextCommandDialog:
    """Hoàn thành, with the result."""
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr("Hoàn thành"),
        subject=subject,
        prompt=tr("&Kết quả xử lý:"),
        ok_text=tr("Hoàn thành"),
        run=lambda text: svc.complete(doc_id, text),
        parent=parent,
    )


def comment_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> TextCommandDialog:
    """Ý kiến: a comment in the document's history."""
    svc = space.incoming
    return TextCommandDialog(
        events,
        title=tr("Ý kiến"),
        subject=subject,
        prompt=tr("Ý &kiến của bạn:"),
        ok_text=tr("Gửi ý kiến"),
        run=lambda text: svc.comment(doc_id, text),
        parent=parent,
    )
