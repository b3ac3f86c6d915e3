"""What the task page does: the dialog of each step, a new task, opening or saving a file.

Every step runs its service command through an op inside its dialog; the service checks roles
and states again, the buttons only show what the service says is allowed now.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, Qt, QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QDialog, QFileDialog

from app.i18n import N_, tr
from app.services.space import Space
from app.services.task_dto import TaskAction
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.outgoing.page_actions import save_copy
from app.views.tasks import step_dialogs
from app.views.tasks.report_dialog import ReportDialog
from app.views.tasks.task_dialog import TaskDialog

if TYPE_CHECKING:
    from app.views.tasks.page import TasksPage

_DONE = {
    TaskAction.REPORT: N_("Đã gửi báo cáo tiến độ."),
    TaskAction.FINISH: N_("Đã báo cáo hoàn thành; kết quả chờ người giao việc duyệt."),
    TaskAction.ASK_EXTENSION: N_("Đã gửi đề nghị gia hạn."),
    TaskAction.EDIT: N_("Đã lưu công việc."),
    TaskAction.REASSIGN: N_("Đã giao lại công việc."),
}


class TaskActions(QObject):
    """Opens the dialogs of the page; `dialog` is the last one opened (for tests and focus)."""

    def __init__(self, space: Space, events: AppEvents, page: TasksPage) -> None:
        super().__init__(page)
        self._space = space
        self._events = events
        self._page = page
        self.dialog: QDialog | None = None
        self.opened_files: list[Path] = []  # temporary copies opened with the desktop's apps

    def _open_dialog(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_accepted is not None:
            dialog.accepted.connect(on_accepted)
        self.dialog = dialog
        dialog.open()

    def run(self, action: TaskAction) -> None:
        """Open the dialog of `action` on the task shown in the pane."""
        detail = self._page.pane.detail
        if detail is None or action not in detail.actions:
            return
        row, space, events, page = detail.row, self._space, self._events, self._page
        dialog: QDialog
        if action in step_dialogs.TEXT_STEPS:
            dialog = step_dialogs.text_step_dialog(action, space, events, row, page)
            message = tr(step_dialogs.TEXT_STEPS[action].done_message)
            self._open_dialog(dialog, lambda: page.show_message(message))
            return
        if action == TaskAction.REPORT:
            kind = "progress" if row.primary_id in self._mine() else "coordinate"
            dialog = ReportDialog(space, events, row.id, row.title, kind, row.progress, page)
        elif action == TaskAction.FINISH:
            dialog = ReportDialog(space, events, row.id, row.title, "finish", 100, page)
        elif action == TaskAction.ASK_EXTENSION:
            dialog = step_dialogs.ExtensionDialog(space, events, row, page)
        elif action == TaskAction.REASSIGN:
            dialog = step_dialogs.ReassignDialog(space, events, row, page)
        elif action == TaskAction.EDIT:
            dialog = TaskDialog(space, events, page, task_id=row.id)
        else:
            return
        message = tr(_DONE[action])
        self._open_dialog(dialog, lambda: page.show_message(message))

    def _mine(self) -> set[str]:
        user = self._space.auth.user
        return {user.id} | ({user.unit_id} if user.unit_id else set())

    def new_task(self, source: str = "") -> None:
        """Open the form of a new task (from a document when `source` names one)."""
        dialog = TaskDialog(self._space, self._events, self._page, source=source)

        def created() -> None:
            if dialog.task_id is not None:
                self._page.show_created(dialog.task_id)

        self._open_dialog(dialog, created)

    # -- the files
    def open_file(self, name: str, sha: str) -> None:
        """Open a copy of a file with the desktop's application for it."""
        svc = self._space.tasks

        def copy() -> Path:
            folder = Path(tempfile.mkdtemp(prefix="ward-office-"))
            path = folder / (Path(name).name or "tep")
            save_copy(svc.file_bytes(sha), path)
            return path

        def opened(path: Path) -> None:
            self.opened_files.append(path)
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                self._page.show_message(
                    tr("Không có ứng dụng để mở {name}; hãy dùng “Lưu thành…”.").format(name=name)
                )

        QueryOp(self._page, copy).success(guarded(self._page, opened)).with_progress(
            tr("Đang mở tệp…")
        ).run()

    def save_file(self, name: str, sha: str) -> None:
        """Save a copy of a file where the user chooses."""
        target, _ = QFileDialog.getSaveFileName(self._page, tr("Lưu tệp"), str(Path.home() / name))
        if not target:
            return
        path = Path(target)
        suffix = Path(name).suffix
        if suffix and not path.suffix:
            path = path.with_suffix(suffix)
        svc = self._space.tasks

        def write() -> Path:
            save_copy(svc.file_bytes(sha), path)
            return path

        def saved(written: Path) -> None:
            self._page.show_message(tr("Đã lưu {path}.").format(path=written))

        QueryOp(self._page, write).success(guarded(self._page, saved)).with_progress(
            tr("Đang lưu tệp…")
        ).run()
