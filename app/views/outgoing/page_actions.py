"""What the outgoing page does: the dialog of each step, a new draft, printing, the register,
and opening or saving a file of the document.

Every step runs its service command through an op inside its dialog; the services check roles
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

from app.errors import UserError
from app.fileutil import replace_atomically
from app.i18n import N_, tr
from app.services.outgoing_dto import Action, OutgoingDetail
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.outgoing import step_dialogs
from app.views.outgoing.draft_dialog import DraftDialog
from app.views.outgoing.file_dialogs import PrepareDialog, attachment_dialog, version_dialog
from app.views.outgoing.issue_dialog import IssueDialog
from app.views.outgoing.labels import subject_of
from app.views.outgoing.print_pdf import print_document
from app.views.outgoing.register_export_dialog import OutgoingRegisterExportDialog
from app.views.outgoing.sign_dialog import SignDialog

if TYPE_CHECKING:
    from app.views.outgoing.page import OutgoingPage

_DONE = {
    Action.EDIT: N_("Đã lưu thông tin dự thảo."),
    Action.ADD_VERSION: N_("Đã thêm phiên bản dự thảo."),
    Action.SUBMIT: N_("Đã trình duyệt nội dung."),
    Action.PREPARE: N_("Đã tạo bản ký; văn bản chờ ký số."),
    Action.ADD_ATTACHMENT: N_("Đã thêm tệp đính kèm."),
    Action.SIGN: N_("Đã ký số; văn bản chờ văn thư cấp số, ban hành."),
}


def save_copy(data: bytes, path: Path) -> None:
    """Write a file the user asked for, whole or not at all; a UserError when the disk refuses."""
    try:
        replace_atomically(path, data)
    except OSError as exc:
        raise UserError(
            tr("Không ghi được tệp {path}: {e}").format(path=path, e=exc.strerror or exc)
        ) from exc


def latest_draft_name(detail: OutgoingDetail) -> str:
    """The file name of the newest draft version ("" when there is none)."""
    drafts = [f for f in detail.files if f.role == "draft"]
    return max(drafts, key=lambda f: f.version).file_name if drafts else ""


class OutgoingActions(QObject):
    """Opens the dialogs of the page; `dialog` is the last one opened (for tests and focus)."""

    def __init__(self, space: Space, events: AppEvents, page: OutgoingPage) -> None:
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

    # -- the steps
    def run(self, action: Action) -> None:
        """Open the dialog of `action` on the document shown in the pane."""
        detail = self._page.pane.detail
        if detail is None or action not in detail.actions:
            return
        doc_id, subject = detail.row.id, subject_of(detail.row)
        space, events, page = self._space, self._events, self._page
        dialog: QDialog
        if action in step_dialogs.TEXT_STEPS:
            dialog = step_dialogs.text_step_dialog(action, space, events, doc_id, subject, page)
            message = tr(step_dialogs.TEXT_STEPS[action].done_message)
            self._open_dialog(dialog, lambda: page.show_message(message))
            return
        if action == Action.EDIT:
            dialog = DraftDialog(space, events, page, doc_id=doc_id)
        elif action == Action.ADD_VERSION:
            dialog = version_dialog(space, events, doc_id, subject, page)
        elif action == Action.SUBMIT:
            dialog = step_dialogs.SubmitDialog(space, events, doc_id, subject, page)
        elif action == Action.PREPARE:
            dialog = PrepareDialog(space, events, doc_id, subject, latest_draft_name(detail), page)
        elif action == Action.ADD_ATTACHMENT:
            dialog = attachment_dialog(space, events, doc_id, subject, page)
        elif action == Action.SIGN:
            dialog = SignDialog(space, events, detail, page)
        elif action == Action.ISSUE:
            issue = IssueDialog(space, events, detail, page)
            self._open_dialog(issue, lambda: page.show_message(issue.message))
            return
        else:
            return
        message = tr(_DONE[action]) if action in _DONE else ""
        self._open_dialog(dialog, lambda: page.show_message(message))

    def new_draft(self) -> None:
        """Open the form of a new draft; the draft is selected once made."""
        dialog = DraftDialog(self._space, self._events, self._page)

        def created() -> None:
            if dialog.doc_id is not None:
                self._page.show_created(dialog.doc_id)

        self._open_dialog(dialog, created)

    # -- printing and the register
    def print_selected(self) -> None:
        """Print the current PDF of the document shown (the issued one once issued)."""
        detail = self._page.pane.detail
        if detail is None or detail.pdf_blob is None:
            return
        print_document(self._page, self._space, detail.pdf_blob, subject_of(detail.row))

    def export_register(self) -> None:
        """Write the year's Sổ đăng ký văn bản đi to a DOCX file."""
        dialog = OutgoingRegisterExportDialog(self._space, self._page)
        self._open_dialog(dialog)

    # -- the files
    def open_file(self, name: str, sha: str) -> None:
        """Open a copy of a file with the desktop's application for it (Word, a PDF reader)."""
        svc = self._space.outgoing

        def copy() -> Path:
            folder = Path(tempfile.mkdtemp(prefix="ward-office-"))
            path = folder / (Path(name).name or "van-ban")
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
        suffix = Path(name).suffix.lower()
        kinds = {".pdf": tr("Tệp PDF (*.pdf)"), ".docx": tr("Tài liệu Word (*.docx)")}
        target, _ = QFileDialog.getSaveFileName(
            self._page, tr("Lưu tệp"), str(Path.home() / name), kinds.get(suffix, "")
        )
        if not target:
            return
        path = Path(target)
        if suffix and not path.suffix:
            path = path.with_suffix(suffix)
        svc = self._space.outgoing

        def write() -> Path:
            save_copy(svc.file_bytes(sha), path)
            return path

        def saved(written: Path) -> None:
            self._page.show_message(tr("Đã lưu {path}.").format(path=written))

        QueryOp(self._page, write).success(guarded(self._page, saved)).with_progress(
            tr("Đang lưu tệp…")
        ).run()
