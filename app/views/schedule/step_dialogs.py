"""The small dialogs of the week's steps: submit, return, publish, and removing an entry."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.services.schedule_dto import LIMITS, EntryView, Scope, WeekView, day_label
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.incoming.small_dialogs import TextCommandDialog


def _bold(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("QLabel { font-weight: bold; }")
    return label


def submit_dialog(
    space: Space, events: AppEvents, week: WeekView, parent: QWidget | None = None
) -> TextCommandDialog:
    """Trình duyệt: the week goes to the leaders, with a note if needed."""
    svc, week_id = space.schedule, week.id
    return TextCommandDialog(
        events,
        title=tr("Trình duyệt lịch công tác tuần"),
        subject=week.label,
        prompt=tr("Ý kiến kèm theo (nếu có):"),
        ok_text=tr("Trình duyệt"),
        run=lambda note: svc.submit(week_id, note),
        parent=parent,
    )


def return_dialog(
    space: Space, events: AppEvents, week: WeekView, parent: QWidget | None = None
) -> TextCommandDialog:
    """Trả lại: the leader sends the week back to the office with a reason."""
    svc, week_id = space.schedule, week.id
    return TextCommandDialog(
        events,
        title=tr("Trả lại lịch công tác tuần"),
        subject=week.label,
        prompt=tr("Lý do trả lại (bắt buộc):"),
        ok_text=tr("Trả lại"),
        run=lambda reason: svc.return_week(week_id, reason),
        parent=parent,
    )


class PublishDialog(CommandDialog):
    """Duyệt và ban hành: the week exactly as shown becomes the published version 1."""

    def __init__(
        self, space: Space, events: AppEvents, week: WeekView, parent: QWidget | None = None
    ) -> None:
        super().__init__(events, tr("Duyệt và ban hành lịch tuần"), tr("Duyệt và ban hành"), parent)
        self._space = space
        self._week = week
        live = sum(1 for e in week.entries if not e.cancelled)
        text = QLabel(
            tr(
                "Lịch gồm {n} nội dung. Sau khi ban hành, lịch chỉ thay đổi được bằng điều chỉnh "
                "(bổ sung, điều chỉnh, hủy), và mọi điều chỉnh đều được ghi lại."
            ).format(n=live),
            self,
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_bold(week.label, self))
        layout.addWidget(text)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(460, 180)

    def submit(self) -> None:
        """Publish the week as it was shown."""
        svc, week_id, digest = self._space.schedule, self._week.id, self._week.digest
        self.run_command(lambda: svc.publish(week_id, seen_digest=digest), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


class CancelEntryDialog(CommandDialog):
    """Xóa lịch (not yet published) or Hủy lịch (an amendment of a published week)."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        entry: EntryView,
        parent: QWidget | None = None,
        *,
        amendment: bool = False,
    ) -> None:
        title = tr("Hủy lịch (điều chỉnh lịch đã ban hành)") if amendment else tr("Xóa lịch")
        super().__init__(events, title, tr("Hủy lịch") if amendment else tr("Xóa lịch"), parent)
        self._space = space
        self._entry = entry
        self._amendment = amendment
        self.reason = LimitedTextEdit(LIMITS["reason"], self, lines=3)
        self.field_widgets["reason"] = self.reason
        self.scope_one = QRadioButton(tr("Chỉ lần này"), self)
        self.scope_series = QRadioButton(tr("Cả chuỗi lặp lại (các lần từ hôm nay trở đi)"), self)
        group = QButtonGroup(self)
        group.addButton(self.scope_one)
        group.addButton(self.scope_series)
        self.scope_one.setChecked(True)
        subject = f"{day_label(entry.day, year=True)} {entry.time_text} — {entry.content}"
        layout = QVBoxLayout(self)
        layout.addWidget(_bold(subject, self))
        for button in (self.scope_one, self.scope_series):
            layout.addWidget(button)
            button.setVisible(entry.series_id is not None)  # only a series has a choice
        prompt = tr("Lý do hủy:") if amendment else tr("Lý do (nếu có):")
        layout.addWidget(QLabel(prompt, self))
        layout.addWidget(self.reason)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(480, 280)

    def submit(self) -> None:
        """Cancel (or remove) the entry, or its series."""
        scope = Scope.SERIES if self.scope_series.isChecked() else Scope.ONE
        svc, entry_id, amendment = self._space.schedule, self._entry.id, self._amendment
        reason = self.reason.text().strip()
        self.run_command(
            lambda: svc.cancel_entry(entry_id, reason, scope=scope, amendment=amendment),
            self._on_done,
        )

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
