"""The pane beside a task list: the task, its reports, files and history, and its steps.

The buttons under the tabs are the steps the service says the user may take now
(`TaskDetail.actions`); the page opens the dialog of the one clicked. Banners above the tabs
say what needs attention: an assignee whose account is locked, an extension asked for, a result
returned, a conflict between PCs.
"""

from __future__ import annotations

import html

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.models.enums import AssigneeKind, TaskState
from app.services.space import Space
from app.services.task_dto import ParticipantView, ReportView, TaskAction, TaskDetail
from app.timeutil import fmt_date, fmt_datetime
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.signature_panel import BAD, DOUBT
from app.views.tasks.file_list import TaskFileList
from app.views.tasks.labels import (
    ACTION_LABELS,
    MAIN_ACTIONS,
    history_label,
    history_text,
    locked_text,
    priority_label,
    state_label,
)

INFO_TAB, REPORTS_TAB, FILES_TAB, HISTORY_TAB = range(4)
BUTTONS_PER_ROW = 3
GREY = "#5b6573"

_FIELDS = (
    ("title", N_("Tên công việc")),
    ("description", N_("Nội dung")),
    ("source", N_("Văn bản liên quan")),
    ("assigner", N_("Người giao")),
    ("assigned_at", N_("Ngày giao")),
    ("primary", N_("Người chủ trì")),
    ("coordinators", N_("Phối hợp")),
    ("due_date", N_("Hạn xử lý")),
    ("priority", N_("Mức độ ưu tiên")),
    ("progress", N_("Tiến độ")),
    ("state", N_("Trạng thái")),
    ("finished_at", N_("Báo cáo hoàn thành lúc")),
    ("accepted_at", N_("Hoàn thành lúc")),
    ("cancel_reason", N_("Lý do hủy")),
)


def due_text(detail: TaskDetail) -> str:
    """The due date as rich text, with "Quá hạn" in red or "Sắp đến hạn" in amber."""
    row = detail.row
    if row.due_date is None:
        return html.escape(tr("không có hạn"))
    text = html.escape(fmt_date(row.due_date))
    if row.overdue:
        return f'{text} <b style="color:{BAD}">{html.escape(tr("Quá hạn"))}</b>'
    if row.near_due:
        return f'{text} <b style="color:{DOUBT}">{html.escape(tr("Sắp đến hạn"))}</b>'
    return text


def person_text(p: ParticipantView) -> str:
    """A participant as rich text: "(đơn vị)" for a unit, the locked marker in red."""
    text = html.escape(p.name)
    if p.kind == AssigneeKind.UNIT:
        text += f" ({html.escape(tr('đơn vị'))})"
    if p.locked:
        text += f' <b style="color:{BAD}">— {html.escape(locked_text(p.kind))}</b>'
    return text


def report_block(report: ReportView) -> str:
    """One report as a paragraph: when, who, the percent, the note, the files."""
    kinds = {
        "progress": tr("Báo cáo tiến độ"),
        "coordinate": tr("Báo cáo phối hợp"),
        "finish": tr("Báo cáo hoàn thành"),
    }
    head = kinds.get(report.kind, report.kind)
    if report.percent is not None:
        head += f" · {report.percent}%"
    block = (
        '<p style="margin-bottom:8px">'
        f'<span style="color:{GREY}">{html.escape(fmt_datetime(report.at))}</span>'
        f" · {html.escape(report.actor)} · <b>{html.escape(head)}</b>"
    )
    if report.text:
        block += "<br>" + html.escape(report.text).replace("\n", "<br>")
    if report.files:
        names = ", ".join(html.escape(f.file_name) for f in report.files)
        block += f'<br><span style="color:{GREY}">{html.escape(tr("Tệp:"))} {names}</span>'
    return block + "</p>"


class TaskDetailPane(QWidget):
    """Shows one task; empty until `show_task`.

    Signals:
        loaded(object): the TaskDetail now shown.
        action_requested(object): the user clicked the button of a `TaskAction`.
    """

    loaded = pyqtSignal(object)
    action_requested = pyqtSignal(object)

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._generation = 0
        self.task_id: str | None = None
        self.detail: TaskDetail | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.locked = self._banner("#fdecea", BAD)
        self.extension = self._banner("#fff4e5", DOUBT)
        self.returned = self._banner("#fff4e5", DOUBT)
        self.conflicts = self._banner("#fdecea", BAD)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.value_labels: dict[str, QLabel] = {}
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, caption in _FIELDS:
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.value_labels[key] = value
            self._form.addRow(tr(caption) + ":", value)
        info = QWidget()
        info.setLayout(self._form)
        info_scroll = QScrollArea(self)
        info_scroll.setWidgetResizable(True)
        info_scroll.setWidget(info)
        self.reports = QTextBrowser(self)
        self.reports.setOpenLinks(False)
        self.files = TaskFileList(self)
        self.history = QTextBrowser(self)
        self.history.setOpenLinks(False)
        self.history_steps: list[tuple[str, str, str, str]] = []  # time, person, action, text
        self.tabs.addTab(info_scroll, tr("Thông tin"))
        self.tabs.addTab(self.reports, tr("Báo cáo"))
        self.tabs.addTab(self.files, tr("Tệp"))
        self.tabs.addTab(self.history, tr("Quá trình xử lý"))
        self.action_buttons: dict[TaskAction, QPushButton] = {}
        self._buttons = QGridLayout()
        self._buttons.setContentsMargins(0, 4, 0, 0)
        for column in range(BUTTONS_PER_ROW):
            self._buttons.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        for banner in (self.locked, self.extension, self.returned, self.conflicts):
            layout.addWidget(banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons)
        self.show_task(None)

    def _banner(self, background: str, colour: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setStyleSheet(
            f"QLabel {{ background: {background}; color: {colour}; "
            f"border: 1px solid {colour}; padding: 4px; }}"
        )
        label.hide()
        return label

    # -- loading
    def show_task(self, task_id: str | None) -> None:
        """Show `task_id` (None: nothing)."""
        self._generation += 1
        self.task_id = task_id
        if task_id is None:
            self.detail = None
            self.title.setText(tr("Chọn một công việc trong danh sách để xem."))
            for banner in (self.locked, self.extension, self.returned, self.conflicts):
                banner.hide()
            for value in self.value_labels.values():
                value.clear()
            self.reports.clear()
            self.history.clear()
            self.history_steps = []
            self.files.clear()
            self._set_buttons(frozenset())
            self.tabs.setEnabled(False)
            return
        self.tabs.setEnabled(True)
        self.refresh()

    def refresh(self) -> None:
        """Read the shown task again (after a change)."""
        task_id = self.task_id
        if task_id is None:
            return
        generation = self._generation
        svc, directory = self._space.tasks, self._space.directory

        def query() -> tuple[TaskDetail, dict[str, str]]:
            names = {u.id: u.full_name for u in directory.users(include_inactive=True)}
            names.update({u.id: u.name for u in directory.units(include_inactive=True)})
            return svc.detail(task_id), names

        def done(result: tuple[TaskDetail, dict[str, str]]) -> None:
            if generation == self._generation:
                self._on_detail(*result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                message = getattr(exc, "message", "") or tr("Không đọc được công việc.")
                self.title.setText(html.escape(message))
                self._set_buttons(frozenset())
                self.tabs.setEnabled(False)

        QueryOp(self, query).success(guarded(self, done)).failure(guarded(self, failed)).run()

    def _on_detail(self, detail: TaskDetail, names: dict[str, str]) -> None:
        self.detail = detail
        self._fill(detail, names)
        self.loaded.emit(detail)

    # -- showing
    def _fill(self, detail: TaskDetail, names: dict[str, str]) -> None:
        row = detail.row
        self.title.setText(
            f"<b>{html.escape(row.title)}</b><br>"
            f'<span style="color:{GREY}">{html.escape(state_label(row.state))}'
            f" · {row.progress}%</span>"
        )
        self._fill_banners(detail)
        primary = [p for p in detail.participants if p.primary]
        others = [p for p in detail.participants if not p.primary]
        values = {
            "title": html.escape(row.title),
            "description": html.escape(detail.form.description).replace("\n", "<br>"),
            "source": html.escape(detail.source_text),
            "assigner": html.escape(row.assigner),
            "assigned_at": html.escape(fmt_datetime(row.assigned_at)),
            "primary": "<br>".join(person_text(p) for p in primary),
            "coordinators": "<br>".join(person_text(p) for p in others),
            "due_date": due_text(detail),
            "priority": html.escape(priority_label(row.priority)),
            "progress": f"{row.progress}%"
            + (f" — {html.escape(detail.progress_note)}" if detail.progress_note else ""),
            "state": html.escape(state_label(row.state)),
            "finished_at": html.escape(fmt_datetime(row.finished_at)),
            "accepted_at": html.escape(fmt_datetime(detail.accepted_at)),
            "cancel_reason": html.escape(detail.cancel_reason),
        }
        for key, label in self.value_labels.items():
            text = values.get(key, "")
            label.setText(text)
            self._form.setRowVisible(label, bool(text))
        reports = [report_block(r) for r in reversed(detail.reports)]  # the newest first
        self.reports.setHtml(
            "".join(reports)
            or f'<p style="color:{GREY}">{html.escape(tr("Chưa có báo cáo nào."))}</p>'
        )
        count = len(detail.reports)
        self.tabs.setTabText(
            REPORTS_TAB, tr("Báo cáo ({n})").format(n=count) if count else tr("Báo cáo")
        )
        files = len(detail.attachments) + sum(len(r.files) for r in detail.reports)
        self.tabs.setTabText(FILES_TAB, tr("Tệp ({n})").format(n=files) if files else tr("Tệp"))
        self.files.set_detail(detail)
        self._fill_history(detail, names)
        self._set_buttons(detail.actions)

    def _fill_banners(self, detail: TaskDetail) -> None:
        row = detail.row
        open_ = row.state in (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED)
        if row.primary_locked and open_:
            self.locked.setText(
                f"<b>{html.escape(locked_text(row.primary_kind))}</b>: "
                + html.escape(row.primary)
                + "<br>"
                + html.escape(tr("Người giao việc cần giao lại công việc cho người khác."))
            )
        self.locked.setVisible(row.primary_locked and open_)
        if row.extension_due:
            text = tr("Xin gia hạn từ {a} đến {b}").format(
                a=fmt_date(row.due_date), b=fmt_date(row.extension_due)
            )
            reason = detail.extension_reason
            self.extension.setText(
                f"<b>{html.escape(text)}</b>"
                + (f"<br>{html.escape(tr('Lý do'))}: {html.escape(reason)}" if reason else "")
            )
        self.extension.setVisible(row.extension_due is not None)
        show_return = bool(detail.return_comment) and row.state == TaskState.IN_PROGRESS
        if show_return:
            self.returned.setText(
                f"<b>{html.escape(tr('Kết quả bị trả lại'))}:</b> "
                + html.escape(detail.return_comment).replace("\n", "<br>")
            )
        self.returned.setVisible(show_return)
        if detail.conflicts:
            self.conflicts.setText(
                f"<b>{html.escape(tr('Cần xử lý xung đột'))}</b><br>"
                + "<br>".join(html.escape(c) for c in detail.conflicts)
            )
        self.conflicts.setVisible(bool(detail.conflicts))

    def _fill_history(self, detail: TaskDetail, names: dict[str, str]) -> None:
        """Quá trình xử lý: one paragraph per step, oldest first."""
        self.history_steps = [
            (
                fmt_datetime(step.at),
                step.actor,
                history_label(step.action),
                history_text(step.action, step.text, step.detail, names),
            )
            for step in detail.history
        ]
        blocks = []
        for when, actor, action, text in self.history_steps:
            block = (
                '<p style="margin-bottom:6px">'
                f'<span style="color:{GREY}">{html.escape(when)}</span>'
                f" · {html.escape(actor)} · <b>{html.escape(action)}</b>"
            )
            if text:
                block += "<br>" + html.escape(text).replace("\n", "<br>")
            blocks.append(block + "</p>")
        self.history.setHtml("".join(blocks))

    def _set_buttons(self, actions: frozenset[TaskAction]) -> None:
        """One button per allowed step, the steps that move the task on first."""
        for button in self.action_buttons.values():
            self._buttons.removeWidget(button)
            button.hide()  # gone at once, not when the event loop deletes it
            button.deleteLater()
        self.action_buttons = {}
        for n, action in enumerate(a for a in ACTION_LABELS if a in actions):
            button = QPushButton(tr(ACTION_LABELS[action]), self)
            button.setAutoDefault(False)
            if action in MAIN_ACTIONS:
                button.setObjectName("primaryButton")
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(lambda _c=False, a=action: self.action_requested.emit(a))
            self._buttons.addWidget(button, n // BUTTONS_PER_ROW, n % BUTTONS_PER_ROW)
            self.action_buttons[action] = button
