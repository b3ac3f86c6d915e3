"""The "Tệp" tab of a task: the assigner's attachments and the files sent with each report."""

from __future__ import annotations

from PyQt6.QtWidgets import QWidget

from app.i18n import tr
from app.services.task_dto import TaskDetail
from app.timeutil import fmt_datetime
from app.views.file_tree import FileTree, size_text


class TaskFileList(FileTree):
    """A task's files by kind, with "Mở" and "Lưu thành…" (signals of `FileTree`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Người gửi"), parent)

    def set_detail(self, detail: TaskDetail) -> None:
        """List the files of `detail`: attachments first, then the reports' files."""
        current = self.current_file()
        self.tree.clear()
        report_files = tuple(f for r in detail.reports for f in r.files)
        for title, files in (
            (tr("Tệp đính kèm của người giao"), detail.attachments),
            (tr("Tệp báo cáo"), report_files),
        ):
            if not files:
                continue
            group = self.add_group(title)
            for f in files:
                tip = size_text(f.size) if f.size else ""
                self.add_file(group, f.file_name, f.blob, f.added_by, fmt_datetime(f.added_at), tip)
        self.finish(current)
