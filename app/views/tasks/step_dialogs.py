"""The other steps of a task: xin gia hạn (a date and a reason), giao lại (another primary),
and the steps that take one text: đồng ý kết quả, trả lại kết quả, đồng ý / không đồng ý gia
hạn, hủy công việc, ý kiến.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtGui import QStandardItemModel
from PyQt6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import N_, tr
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.space import Space
from app.services.task_dto import NOTE_MAX, TaskAction, TaskRow
from app.services.tasks import TaskService
from app.timeutil import fmt_date, today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.assign_dialog import handler_choices
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.date_edit import DateField
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.incoming.small_dialogs import TextCommandDialog
from app.views.tasks.report_dialog import subject_label
from app.views.tasks.task_dialog import chosen, primary_model


class ExtensionDialog(CommandDialog):
    """Xin gia hạn: the new due date (after the current one) and the reason."""

    def __init__(
        self, space: Space, events: AppEvents, row: TaskRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(events, tr("Xin gia hạn"), tr("Gửi đề nghị"), parent)
        self._space = space
        self._task_id = row.id
        start = max(row.due_date or today_vn(space.clock), today_vn(space.clock))
        self.due_date = DateField(today_vn(space.clock), self, value=start + dt.timedelta(days=7))
        self.reason = LimitedTextEdit(NOTE_MAX, self, lines=4)
        self.field_widgets.update({"due_date": self.due_date, "reason": self.reason})
        current = QLabel(fmt_date(row.due_date) or tr("không có hạn"), self)
        form = QFormLayout()
        form.addRow(tr("Hạn hiện tại:"), current)
        form.addRow(tr("Đề nghị &gia hạn đến:"), self.due_date)
        form.addRow(tr("&Lý do:"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(row.title, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(520, 300)
        self.reason.setFocus()

    def submit(self) -> None:
        """Ask for the new date."""
        due = self.due_date.value()
        if due is None:
            self.show_error_text(tr("Cần nhập ngày gia hạn (dd/mm/yyyy)."), "due_date")
            return
        reason, svc, task_id = self.reason.text(), self._space.tasks, self._task_id
        self.run_command(lambda: svc.ask_extension(task_id, due, reason), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


class ReassignDialog(CommandDialog):
    """Giao lại: another person or unit becomes the primary assignee (a note says why)."""

    def __init__(
        self, space: Space, events: AppEvents, row: TaskRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(events, tr("Giao lại công việc"), tr("Giao lại"), parent)
        self._space = space
        self._task_id = row.id
        self.primary = QComboBox(self)
        self.primary.setMinimumWidth(340)
        self._model = QStandardItemModel(self.primary)
        self.primary.setModel(self._model)
        self.note = LimitedTextEdit(NOTE_MAX, self, lines=3)
        self.field_widgets.update({"primary": self.primary, "note": self.note})
        form = QFormLayout()
        form.addRow(tr("Đang giao cho:"), QLabel(row.primary, self))
        form.addRow(tr("Giao &cho:"), self.primary)
        form.addRow(tr("&Ghi chú:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(row.title, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(540, 280)
        self.ok_button.setEnabled(False)
        directory = space.directory
        QueryOp(self, lambda: (directory.units(), directory.users())).success(
            guarded(self, self._on_loaded)
        ).run()

    def _on_loaded(self, result: tuple[list[UnitInfo], list[UserInfo]]) -> None:
        primary_model(self._model, handler_choices(*result))
        self.primary.setCurrentIndex(0)
        self.ok_button.setEnabled(True)

    def submit(self) -> None:
        """Give the task to the chosen person or unit."""
        ref = chosen(self.primary)
        if ref is None:
            self.show_error_text(tr("Cần chọn người hoặc đơn vị chủ trì."), "primary")
            return
        note, svc, task_id = self.note.text(), self._space.tasks, self._task_id
        self.run_command(lambda: svc.reassign(task_id, ref, note), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


@dataclass(frozen=True)
class TextStep:
    """One step that takes a single text: its labels, its command, what it says when done."""

    title: str
    prompt: str
    ok_text: str
    command: Callable[[TaskService, str, str], Changes]
    done_message: str


TEXT_STEPS: dict[TaskAction, TextStep] = {
    TaskAction.ACCEPT: TextStep(
        N_("Đồng ý kết quả"),
        N_("Ý &kiến (không bắt buộc):"),
        N_("Đồng ý kết quả"),
        TaskService.accept,
        N_("Công việc đã hoàn thành."),
    ),
    TaskAction.RETURN: TextStep(
        N_("Trả lại kết quả"),
        N_("&Việc cần làm thêm (người thực hiện sẽ thấy):"),
        N_("Trả lại"),
        TaskService.return_result,
        N_("Đã trả lại kết quả cho người thực hiện."),
    ),
    TaskAction.GRANT_EXTENSION: TextStep(
        N_("Đồng ý gia hạn"),
        N_("Ý &kiến (không bắt buộc):"),
        N_("Đồng ý gia hạn"),
        TaskService.grant_extension,
        N_("Đã gia hạn công việc."),
    ),
    TaskAction.REFUSE_EXTENSION: TextStep(
        N_("Không đồng ý gia hạn"),
        N_("&Lý do:"),
        N_("Không đồng ý"),
        TaskService.refuse_extension,
        N_("Đã trả lời đề nghị gia hạn."),
    ),
    TaskAction.CANCEL: TextStep(
        N_("Hủy công việc"),
        N_("&Lý do hủy:"),
        N_("Hủy công việc"),
        TaskService.cancel,
        N_("Đã hủy công việc."),
    ),
    TaskAction.COMMENT: TextStep(
        N_("Ý kiến"),
        N_("Ý &kiến của bạn:"),
        N_("Gửi ý kiến"),
        TaskService.comment,
        N_("Đã gửi ý kiến."),
    ),
}


def text_step_dialog(
    action: TaskAction,
    space: Space,
    events: AppEvents,
    row: TaskRow,
    parent: QWidget | None = None,
) -> TextCommandDialog:
    """The dialog of one text step on one task."""
    spec = TEXT_STEPS[action]
    svc, task_id = space.tasks, row.id
    subject = row.title
    if action == TaskAction.GRANT_EXTENSION and row.extension_due:
        subject += "\n" + tr("Gia hạn từ {a} đến {b}").format(
            a=fmt_date(row.due_date), b=fmt_date(row.extension_due)
        )
    return TextCommandDialog(
        events,
        title=tr(spec.title),
        subject=subject,
        prompt=tr(spec.prompt),
        ok_text=tr(spec.ok_text),
        run=lambda text: spec.command(svc, task_id, text),
        parent=parent,
    )
