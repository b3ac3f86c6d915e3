"""Báo cáo tiến độ and báo cáo hoàn thành: the percent done (an assignee), a note, files.

A coordinator's report has no percent: it is their part of the work, kept with the task. The
report of completion needs a note (the result) and sends the task to its assigner for review.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.services.space import Space
from app.services.task_dto import NOTE_MAX
from app.ui_support.events import AppEvents
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.tasks.file_picker import FilePicker


def subject_label(subject: str, parent: QWidget) -> QLabel:
    """The task's title in bold, plain text, wrapped."""
    label = QLabel(subject, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("QLabel { font-weight: bold; }")
    return label


class ReportDialog(CommandDialog):
    """One report on a task: `kind` is "progress", "coordinate" or "finish"."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        task_id: str,
        subject: str,
        kind: str,
        progress: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        titles = {
            "progress": (tr("Báo cáo tiến độ"), tr("Gửi báo cáo")),
            "coordinate": (tr("Báo cáo phối hợp"), tr("Gửi báo cáo")),
            "finish": (tr("Báo cáo hoàn thành"), tr("Báo cáo hoàn thành")),
        }
        title, ok_text = titles[kind]
        super().__init__(events, title, ok_text, parent)
        self._space = space
        self._task_id = task_id
        self.kind = kind
        self.percent = QSpinBox(self)
        self.percent.setRange(0, 100)
        self.percent.setSingleStep(10)
        self.percent.setSuffix(" %")
        self.percent.setValue(progress)
        self.note = LimitedTextEdit(NOTE_MAX, self, lines=5)
        self.files = FilePicker(tr("Chọn tệp gửi kèm báo cáo"), self)
        self.field_widgets.update({"percent": self.percent, "note": self.note, "files": self.files})
        prompts = {
            "progress": tr("&Việc đã làm:"),
            "coordinate": tr("&Nội dung phối hợp:"),
            "finish": tr("&Kết quả thực hiện:"),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if kind == "progress":
            form.addRow(tr("&Tiến độ:"), self.percent)
        self.percent.setVisible(kind == "progress")
        form.addRow(prompts[kind], self.note)
        form.addRow(tr("Tệp &gửi kèm:"), self.files)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(subject, self))
        if kind == "finish":
            hint = QLabel(tr("Kết quả được gửi người giao việc xem xét, đồng ý hoặc trả lại."))
            hint.setObjectName("hintLabel")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        (self.percent if kind == "progress" else self.note).setFocus()

    def submit(self) -> None:
        """Send the report."""
        svc, task_id = self._space.tasks, self._task_id
        note, files = self.note.text().strip(), self.files.paths()
        if self.kind == "finish":
            self.run_command(lambda: svc.finish(task_id, note, files), self._on_done)
            return
        percent = self.percent.value() if self.kind == "progress" else None
        self.run_command(lambda: svc.report_progress(task_id, percent, note, files), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
