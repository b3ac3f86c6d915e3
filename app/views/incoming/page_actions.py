"""The actions of an incoming list: which show for the box and roles, and what each one does.

Every action runs its service command through an op, mostly inside a small dialog; the services
check roles and states again, so enabling here only saves a useless click.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, Qt
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.errors import UserError
from app.i18n import N_, tr
from app.models.enums import IncomingState, Role, Source
from app.services.changes import Changes
from app.services.incoming_dto import Box
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp
from app.views.incoming import small_dialogs
from app.views.incoming.assign_dialog import AssignDialog
from app.views.incoming.callbacks import guarded
from app.views.incoming.document_dialog import DocumentDialog
from app.views.incoming.labels import WAITING_FOR_NUMBER, waits_for_number
from app.views.incoming.register_dialog import RegisterDialog
from app.views.tasks.task_dialog import TaskDialog

if TYPE_CHECKING:
    from app.views.incoming.pages import IncomingPage

log = logging.getLogger(__name__)
S = IncomingState
HANDLING_BOXES = frozenset({Box.PENDING, Box.IN_PROGRESS, Box.COORDINATE})
FILE_FILTER = N_("Văn bản (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Tất cả tệp (*)")
_REGISTERED = frozenset({S.REGISTERED, S.SUBMITTED, S.RETURNED, S.ASSIGNED, S.COMPLETED})


@dataclass(frozen=True)
class ActionSpec:
    """An action of the page: where it shows, who may use it, which states enable it."""

    key: str
    text: str
    boxes: frozenset[Box]
    role: Role | None = None
    states: frozenset[IncomingState] | None = None  # None: any selected document
    needs_selection: bool = True
    shortcut: str = ""


_ALL_BOXES = frozenset(Box)
_QUEUE = frozenset({Box.QUEUE})
_PRIMARY_BOXES = frozenset({Box.PENDING, Box.IN_PROGRESS})
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("add_files", N_("&Thêm tệp…"), _QUEUE, Role.CLERK, needs_selection=False,
               shortcut="Ctrl+O"),
    ActionSpec("register", N_("&Vào sổ"), _QUEUE, Role.CLERK, frozenset({S.QUEUED})),
    ActionSpec("discard", N_("&Loại khỏi hàng chờ"), _QUEUE, Role.CLERK, frozenset({S.QUEUED}),
               shortcut="Del"),
    ActionSpec("submit", N_("&Trình lãnh đạo"), frozenset({Box.TO_SUBMIT, Box.ALL}), Role.CLERK,
               frozenset({S.REGISTERED, S.RETURNED})),
    ActionSpec("edit", N_("&Sửa thông tin"), frozenset({Box.TO_SUBMIT, Box.ALL}), Role.CLERK,
               _REGISTERED, shortcut="F2"),
    ActionSpec("assign", N_("&Phân công xử lý"), frozenset({Box.TO_DIRECT, Box.ALL}), Role.LEADER,
               frozenset({S.SUBMITTED, S.ASSIGNED})),
    ActionSpec("return_to_clerk", N_("T&rả lại văn thư"), frozenset({Box.TO_DIRECT}), Role.LEADER,
               frozenset({S.SUBMITTED})),
    ActionSpec("task", N_("&Giao việc"), frozenset({Box.TO_DIRECT, Box.ALL}), Role.LEADER,
               _REGISTERED),
    ActionSpec("progress", N_("&Cập nhật tiến độ"), HANDLING_BOXES, None, frozenset({S.ASSIGNED})),
    ActionSpec("complete", N_("&Hoàn thành"), HANDLING_BOXES, None, frozenset({S.ASSIGNED})),
    ActionSpec("return_to_leader", N_("T&rả lại lãnh đạo"), _PRIMARY_BOXES, None,
               frozenset({S.ASSIGNED})),
    ActionSpec("open", N_("&Xem văn bản"), _ALL_BOXES - {Box.QUEUE}),
    ActionSpec("comment", N_("Ý &kiến"), _ALL_BOXES),
)  # fmt: skip


class PageActions(QObject):
    """The QActions of one page (`by_key`) and their handlers; `dialog` is the last one opened."""

    def __init__(self, space: Space, events: AppEvents, page: IncomingPage) -> None:
        super().__init__(page)
        self._space = space
        self._events = events
        self._page = page
        self.dialog: QDialog | None = None
        self.by_key: dict[str, QAction] = {}
        handlers: dict[str, Callable[[], None]] = {
            "add_files": self.add_files,
            "register": self.register_selected,
            "discard": self._on_discard,
            "submit": self._on_submit,
            "edit": self._on_edit,
            "assign": self._on_assign,
            "return_to_clerk": self._on_return_to_clerk,
            "task": self._on_task,
            "progress": self._on_progress,
            "complete": self._on_complete,
            "return_to_leader": self._on_return_to_leader,
            "open": self.open_selected,
            "comment": self._on_comment,
        }
        for spec in ACTIONS:
            if page.box not in spec.boxes:
                continue
            action = QAction(tr(spec.text), page)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.setToolTip(f"{tr(spec.text).replace('&', '')} ({spec.shortcut})")
            action.triggered.connect(lambda _checked=False, fn=handlers[spec.key]: fn())
            self.by_key[spec.key] = action
        self.update()

    def update(self) -> None:
        """Show the actions the user's roles allow; enable those the selection's state fits."""
        auth = self._space.auth
        roles = auth.user.roles if auth.signed_in else frozenset()
        row = self._page.selected_row()
        for spec in ACTIONS:
            action = self.by_key.get(spec.key)
            if action is None:
                continue
            action.setVisible(spec.role is None or spec.role in roles)
            enabled = row is not None or not spec.needs_selection
            if row is not None and spec.states is not None:
                enabled = row.state in spec.states
            action.setEnabled(auth.signed_in and enabled)

    def available(self, key: str) -> bool:
        """True when the action exists here, shows and is enabled."""
        action = self.by_key.get(key)
        return action is not None and action.isVisible() and action.isEnabled()

    def _subject(self) -> str:
        row = self._page.selected_row()
        if row is None:
            return ""
        if row.arrival_number or waits_for_number(row):
            head = (
                tr("Số đến {n}/{y}").format(n=row.arrival_number, y=row.year)
                if row.arrival_number
                else tr(WAITING_FOR_NUMBER)
            )
            head += f" · {row.code}" if row.code else ""
            return f"{head} — {row.summary}" if row.summary else head
        return row.file_name

    def _open_dialog(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_accepted is not None:
            dialog.accepted.connect(on_accepted)
        self.dialog = dialog
        dialog.open()

    def add_files(self) -> None:
        """Choose files and put them in the queue ("Thêm tệp…")."""
        names, _ = QFileDialog.getOpenFileNames(
            self._page, tr("Chọn tệp văn bản đến"), "", tr(FILE_FILTER)
        )
        if not names:
            return
        paths = [Path(n) for n in names]
        svc = self._space.incoming

        def queue_all() -> tuple[list[str], list[str]]:
            added, refused = [], []
            for path in paths:
                try:
                    added.append(svc.queue_file(path, source=Source.MANUAL))
                except UserError as exc:
                    refused.append(exc.message)
            return added, refused

        CommandOp(self._page, queue_all).success(
            guarded(self._page, self._on_files_added)
        ).with_progress(tr("Đang thêm tệp…")).run()

    def _on_files_added(self, result: tuple[list[str], list[str]]) -> None:
        added, refused = result
        if added:
            self._page.want_selected(added[0])
            self._events.emit_changed(Changes(incoming=frozenset(added)), self)
        self._page.show_message(tr("Đã thêm {n} tệp vào hàng chờ.").format(n=len(added)))
        if refused:
            QMessageBox.warning(self._page, tr("Có tệp không thêm được"), "\n\n".join(refused))

    def register_selected(self) -> None:
        """Open the registration form of the selected queued file."""
        doc_id = self._page.selected_id()
        if doc_id is None:
            return
        dialog = RegisterDialog(self._space, self._events, doc_id, self._page)
        self._open_dialog(dialog, lambda: self._page.show_message(dialog.message))

    def open_selected(self) -> None:
        """Open the selected document in its own window and record the view."""
        doc_id = self._page.selected_id()
        if doc_id is None:
            return
        self.mark_viewed(doc_id)
        dialog = DocumentDialog(self._space, doc_id, self._page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.show()

    def mark_viewed(self, doc_id: str) -> None:
        """Record that the user opened the document (silently)."""
        svc = self._space.incoming

        def done(recorded: bool) -> None:
            if recorded and self._page.pane.doc_id == doc_id:
                self._page.pane.refresh()

        CommandOp(self._page, lambda: svc.mark_viewed(doc_id)).success(
            guarded(self._page, done)
        ).failure(lambda exc: log.info("mark_viewed failed: %s", exc)).run()

    def _text_dialog(self, step: str) -> None:
        doc_id = self._page.selected_id()
        if doc_id is not None:
            self._open_dialog(
                small_dialogs.text_step_dialog(
                    step, self._space, self._events, doc_id, self._subject(), self._page
                )
            )

    def _on_discard(self) -> None:
        self._text_dialog("discard")

    def _on_return_to_clerk(self) -> None:
        self._text_dialog("return_to_clerk")

    def _on_progress(self) -> None:
        self._text_dialog("progress")

    def _on_complete(self) -> None:
        self._text_dialog("complete")

    def _on_return_to_leader(self) -> None:
        self._text_dialog("return_to_leader")

    def _on_comment(self) -> None:
        self._text_dialog("comment")

    def _on_submit(self) -> None:
        doc_id = self._page.selected_id()
        if doc_id is not None:
            dialog = small_dialogs.SubmitDialog(
                self._space, self._events, doc_id, self._subject(), self._page
            )
            self._open_dialog(dialog, lambda: self._page.show_message(tr("Đã trình lãnh đạo.")))

    def _on_edit(self) -> None:
        doc_id = self._page.selected_id()
        if doc_id is not None:
            dialog = RegisterDialog(self._space, self._events, doc_id, self._page, edit=True)
            self._open_dialog(dialog, lambda: self._page.show_message(dialog.message))

    def _on_task(self) -> None:
        """Giao việc from the document: its trích yếu and hạn xử lý fill the task's form."""
        doc_id = self._page.selected_id()
        if doc_id is not None:
            dialog = TaskDialog(self._space, self._events, self._page, source=f"incoming:{doc_id}")
            self._open_dialog(dialog, lambda: self._page.show_message(tr("Đã giao việc.")))

    def _on_assign(self) -> None:
        doc_id = self._page.selected_id()
        if doc_id is not None:
            dialog = AssignDialog(self._space, self._events, doc_id, self._page)
            self._open_dialog(dialog, lambda: self._page.show_message(tr("Đã phân công xử lý.")))
