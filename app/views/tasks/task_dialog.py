"""Giao việc: a new task (standalone or from a document), or the assigner's edit of one.

The primary assignee is one person or one unit; coordinators are ticked in a list beside it
(the primary cannot also coordinate). On an edit the primary is shown, not changed: that is
"Giao lại". Everything typed stays when the service refuses; the message says why.
"""

from __future__ import annotations

import html

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QFont, QStandardItem, QStandardItemModel
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import AssigneeKind, TaskPriority
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.space import Space
from app.services.task_dto import DESCRIPTION_MAX, TITLE_MAX, TaskDetail, TaskForm
from app.timeutil import today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.assign_dialog import RefRole, _HandlerTree, handler_choices
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.date_edit import DateField
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.incoming.signature_panel import BAD
from app.views.tasks.file_picker import FilePicker
from app.views.tasks.labels import locked_text, primary_text, priority_label

_Loaded = tuple[list[UnitInfo], list[UserInfo], TaskDetail | None, TaskForm | None, str]


def primary_model(model: QStandardItemModel, choices: list[tuple[str, HandlerRef]]) -> None:
    """Fill a combo's model: a prompt, then units and people under bold group titles."""
    model.clear()
    model.appendRow(QStandardItem(tr("— Chọn người hoặc đơn vị chủ trì —")))
    for kind, title in ((AssigneeKind.UNIT, tr("Đơn vị")), (AssigneeKind.USER, tr("Cá nhân"))):
        header = QStandardItem(title)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont()
        font.setBold(True)
        header.setFont(font)
        model.appendRow(header)
        for text, ref in choices:
            if ref.kind == kind:
                item = QStandardItem(text)
                item.setData(ref, RefRole)
                model.appendRow(item)


def choose(combo: QComboBox, ref: HandlerRef | None) -> None:
    """Select `ref` in a combo filled by `primary_model` (the prompt when absent)."""
    for row in range(combo.count()):  # findData cannot compare Python objects
        if ref is not None and combo.itemData(row, RefRole) == ref:
            combo.setCurrentIndex(row)
            return
    combo.setCurrentIndex(0)


def chosen(combo: QComboBox) -> HandlerRef | None:
    """The person or unit selected in a combo filled by `primary_model`."""
    ref = combo.currentData(RefRole)
    return ref if isinstance(ref, HandlerRef) else None


class TaskDialog(CommandDialog):
    """The form of a new task (`task_id` None) or of the edit of one.

    `task_id` holds the new task's id once it is made.
    """

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        task_id: str | None = None,
        source: str = "",
    ) -> None:
        editing = task_id is not None
        super().__init__(
            events,
            tr("Sửa công việc") if editing else tr("Giao việc"),
            tr("Lưu") if editing else tr("Giao việc"),
            parent,
        )
        self._space = space
        self._editing = editing
        self.task_id = task_id
        self._source = source
        self._primary: HandlerRef | None = None  # the task's, on an edit
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.hide()
        self.title = QLineEdit(self)
        self.title.setMaxLength(TITLE_MAX)
        self.title.setPlaceholderText(tr("Ví dụ: Rà soát hồ sơ cấp phép xây dựng quý IV"))
        self.description = LimitedTextEdit(DESCRIPTION_MAX, self, lines=4)
        self.primary = QComboBox(self)
        self.primary.setMinimumWidth(320)
        self._primary_model = QStandardItemModel(self.primary)
        self.primary.setModel(self._primary_model)
        self.primary_fixed = QLabel(self)
        self.primary_fixed.setWordWrap(True)
        self.coordinators = _HandlerTree(self)
        self.due_date = DateField(today_vn(space.clock), self, empty_text=tr("không có hạn"))
        self.priority = QComboBox(self)
        for priority in TaskPriority:
            self.priority.addItem(priority_label(priority), priority)
        self.priority.setCurrentIndex(self.priority.findData(TaskPriority.NORMAL))
        self.files = FilePicker(tr("Chọn tệp đính kèm"), self)
        self.field_widgets.update(
            {
                "title": self.title,
                "description": self.description,
                "primary": self.primary,
                "coordinators": self.coordinators,
                "due_date": self.due_date,
                "files": self.files,
            }
        )
        self._lay_out()
        self.primary.currentIndexChanged.connect(self._on_primary_current_index_changed)
        self.resize(820, 640)
        self.ok_button.setEnabled(False)
        svc, directory = space.tasks, space.directory

        def load() -> _Loaded:
            detail = svc.detail(task_id) if task_id is not None else None
            form = svc.document_form(source) if source else None
            text = svc.describe_source(source) if source else ""
            return directory.units(), directory.users(), detail, form, text

        QueryOp(self, load).success(guarded(self, self._on_loaded)).failure(
            guarded(self, self.on_command_failed)
        ).run()

    def _lay_out(self) -> None:
        when = QHBoxLayout()
        when.addWidget(self.due_date, 1)
        when.addSpacing(12)
        priority_label_ = QLabel(tr("&Mức độ ưu tiên:"), self)
        priority_label_.setBuddy(self.priority)
        when.addWidget(priority_label_)
        when.addWidget(self.priority)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("&Tên công việc:"), self.title)
        form.addRow(tr("&Nội dung:"), self.description)
        primary_row = QVBoxLayout()
        primary_row.addWidget(self.primary)
        primary_row.addWidget(self.primary_fixed)
        self.primary_fixed.setVisible(self._editing)
        self.primary.setVisible(not self._editing)
        form.addRow(self._buddy(tr("Người &chủ trì:"), self.primary), primary_row)
        form.addRow(tr("&Phối hợp:"), self.coordinators)
        form.addRow(self._buddy(tr("&Hạn xử lý:"), self.due_date), when)
        form.addRow(tr("Tệp đính &kèm:"), self.files)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form, 1)
        self.coordinators.setMinimumHeight(200)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    # -- loading
    def _on_loaded(self, result: _Loaded) -> None:
        units, users, detail, form, source_text = result
        choices = handler_choices(units, users)
        primary_model(self._primary_model, choices)
        self.coordinators.fill(choices)
        if detail is not None:
            self._prefill(detail.form)
            row = detail.row
            fixed = html.escape(primary_text(row))
            if row.primary_locked:
                marker = html.escape(locked_text(row.primary_kind))
                fixed += f' <b style="color:{BAD}">{marker}</b>'
            hint = html.escape(tr("Đổi người chủ trì bằng nút “Giao lại”."))
            self.primary_fixed.setText(f'{fixed}<br><span style="color:#5b6573">{hint}</span>')
            if detail.source_text:
                self._show_heading(detail.source_text)
        elif form is not None:
            self._prefill(form)
            self._show_heading(source_text)
        self.ok_button.setEnabled(True)
        self.title.setFocus()

    def _show_heading(self, text: str) -> None:
        if text:
            self.heading.setText(
                html.escape(tr("Giao việc từ văn bản:")) + f" <b>{html.escape(text)}</b>"
            )
            self.heading.show()

    def _prefill(self, form: TaskForm) -> None:
        self.title.setText(form.title)
        self.description.set_text(form.description)
        choose(self.primary, form.primary)
        self._primary = form.primary
        for ref in form.coordinators:
            self.coordinators.set_checked(ref, True)
        self.due_date.set_value(form.due_date)
        self.priority.setCurrentIndex(max(self.priority.findData(form.priority), 0))
        self._on_primary_current_index_changed(0)

    def _on_primary_current_index_changed(self, _index: int) -> None:
        primary = self.primary_ref()
        for ref in self.coordinators.items:
            self.coordinators.set_available(ref, ref != primary)

    # -- the form
    def primary_ref(self) -> HandlerRef | None:
        """The chosen primary assignee (on an edit: the task's, unchanged)."""
        if self._editing:
            return self._primary
        return chosen(self.primary)

    def set_primary(self, ref: HandlerRef | None) -> None:
        """Choose the primary assignee (None: nobody)."""
        choose(self.primary, ref)

    def form(self) -> TaskForm | None:
        """The form as a TaskForm; None (with a red message) when the date is not a date."""
        if self.due_date.has_error():
            self.show_error_text(tr("Hạn xử lý: ngày không đúng dạng dd/mm/yyyy."), "due_date")
            return None
        priority = self.priority.currentData()
        return TaskForm(
            title=self.title.text(),
            primary=self.primary_ref(),
            description=self.description.text(),
            coordinators=self.coordinators.checked(),
            due_date=self.due_date.value(),
            priority=TaskPriority(priority) if priority else TaskPriority.NORMAL,
            source=self._source,
            files=self.files.paths(),
        )

    def submit(self) -> None:
        """Assign the task, or save the edit."""
        form = self.form()
        if form is None:
            return
        svc, task_id = self._space.tasks, self.task_id
        if task_id is not None:
            self.run_command(lambda: svc.update(task_id, form), self._on_done)
            return
        self.run_command(lambda: svc.assign(form), self._on_assigned)

    def _on_assigned(self, task_id: str) -> None:
        self.task_id = task_id
        self._on_done(Changes(tasks=frozenset({task_id})))

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
