"""What the schedule page does: the dialogs of each step and the exports (DOCX, PDF, ICS, HTML).

The buttons only show what the service says is allowed now; the service checks roles and the
week's state again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, Qt
from PyQt6.QtWidgets import QDialog, QFileDialog

from app.i18n import N_, tr
from app.services.schedule_dto import ExportFormat, WeekAction, week_number
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.schedule.entry_dialog import EntryDialog
from app.views.schedule.step_dialogs import (
    CancelEntryDialog,
    PublishDialog,
    return_dialog,
    submit_dialog,
)

if TYPE_CHECKING:
    from app.views.schedule.page import SchedulePage

EXPORT_LABELS = {
    ExportFormat.DOCX: N_("Tài liệu Word (*.docx)"),
    ExportFormat.PDF: N_("Tệp PDF (*.pdf)"),
    ExportFormat.ICS: N_("Lịch iCalendar cho điện thoại (*.ics)"),
    ExportFormat.HTML: N_("Trang web cho cổng thông tin, màn hình sảnh (*.html)"),
}


class ScheduleActions(QObject):
    """Opens the page's dialogs; `dialog` is the last one opened (for tests and focus)."""

    def __init__(self, space: Space, events: AppEvents, page: SchedulePage) -> None:
        super().__init__(page)
        self._space = space
        self._events = events
        self._page = page
        self.dialog: QDialog | None = None

    def _open(self, dialog: QDialog, message: str = "") -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if message:
            dialog.accepted.connect(lambda: self._page.show_message(message))
        self.dialog = dialog
        dialog.open()

    def _amending(self) -> bool:
        week = self._page.week
        return week is not None and WeekAction.AMEND in week.actions

    def add_entry(self) -> None:
        """Thêm lịch (or Bổ sung lịch on a published week) on the day shown first."""
        week = self._page.week
        if week is None:
            return
        amendment = self._amending()
        dialog = EntryDialog(self._space, self._events, week.id, self._page, amendment=amendment)
        self._open(dialog, tr("Đã bổ sung lịch.") if amendment else tr("Đã thêm lịch."))
        dialog.accepted.connect(lambda: self._after_save(dialog))

    def edit_entry(self, entry_id: str | None = None) -> None:
        """Sửa lịch (or Điều chỉnh on a published week) of the selected entry."""
        week = self._page.week
        entry = self._page.entry(entry_id or self._page.selected_entry_id)
        if week is None or entry is None or entry.cancelled:
            return
        if not week.actions & {WeekAction.EDIT, WeekAction.AMEND}:
            return
        amendment = self._amending()
        dialog = EntryDialog(
            self._space,
            self._events,
            week.id,
            self._page,
            entry_id=entry.id,
            amendment=amendment,
        )
        self._open(dialog, tr("Đã điều chỉnh lịch.") if amendment else tr("Đã lưu lịch."))
        dialog.accepted.connect(lambda: self._after_save(dialog))

    def _after_save(self, dialog: EntryDialog) -> None:
        result = dialog.saved
        if result is not None and result.warnings:
            self._page.show_message(
                tr("Đã lưu; lưu ý trùng lịch: {w}").format(w=result.warnings[0])
            )

    def cancel_entry(self) -> None:
        """Xóa lịch (draft) or Hủy lịch (amendment) of the selected entry."""
        entry = self._page.entry(self._page.selected_entry_id)
        if entry is None or entry.cancelled or self._page.week is None:
            return
        amendment = self._amending()
        dialog = CancelEntryDialog(
            self._space, self._events, entry, self._page, amendment=amendment
        )
        self._open(dialog, tr("Đã hủy lịch.") if amendment else tr("Đã xóa lịch."))

    def submit(self) -> None:
        """Trình duyệt."""
        if self._page.week is not None:
            dialog = submit_dialog(self._space, self._events, self._page.week, self._page)
            self._open(dialog, tr("Đã trình duyệt lịch tuần."))

    def return_week(self) -> None:
        """Trả lại."""
        if self._page.week is not None:
            dialog = return_dialog(self._space, self._events, self._page.week, self._page)
            self._open(dialog, tr("Đã trả lại lịch tuần."))

    def publish(self) -> None:
        """Duyệt và ban hành."""
        if self._page.week is not None:
            dialog = PublishDialog(self._space, self._events, self._page.week, self._page)
            self._open(dialog, tr("Đã duyệt và ban hành lịch tuần."))

    # -- exports
    def export(self, fmt: ExportFormat) -> None:
        """Ask where to write the week, then write it."""
        week = self._page.week
        if week is None:
            return
        name = tr("lich-cong-tac-tuan-{n:02d}-{year}.{ext}").format(
            n=week_number(week.id), year=week.monday.year, ext=fmt.value
        )
        target, _ = QFileDialog.getSaveFileName(
            self._page,
            tr("Xuất lịch công tác tuần"),
            str(Path.home() / name),
            tr(EXPORT_LABELS[fmt]),
        )
        if target:
            path = Path(target)
            self.export_to(fmt, path if path.suffix else path.with_suffix(f".{fmt.value}"))

    def export_to(
        self, fmt: ExportFormat, path: Path, done: Callable[[Path], None] | None = None
    ) -> None:
        """Write the week on show to `path` in the background (PDF goes through LibreOffice)."""
        week = self._page.week
        if week is None:
            return
        svc, week_id = self._space.schedule, week.id

        def write() -> Path:
            svc.export(week_id, fmt, path)
            return path

        def written(result: Path) -> None:
            self._page.show_message(tr("Đã xuất lịch ra {path}.").format(path=result))
            if done is not None:
                done(result)

        QueryOp(self._page, write).success(guarded(self._page, written)).with_progress(
            tr("Đang xuất lịch…")
        ).run()
