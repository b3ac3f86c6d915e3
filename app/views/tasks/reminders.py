"""Deadline reminders: the signed-in user's near-due and overdue tasks, once a day each.

`ReminderNotifier` asks the service on sign-in and every 30 minutes. New reminders show as a
tray message when there is a tray icon, and are always announced by `reminders_due`, which the
dashboard can show too. The service records what it returned, so a task reminds a user at most
once a day on this PC.
"""

from __future__ import annotations

import logging

from PyQt6.QtCore import QObject, QTimer, pyqtSignal
from PyQt6.QtWidgets import QSystemTrayIcon

from app.i18n import tr
from app.services.space import Space
from app.services.task_dto import TaskRow
from app.timeutil import fmt_date
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp
from app.views.incoming.callbacks import guarded

log = logging.getLogger(__name__)
POLL_MS = 30 * 60 * 1000
MESSAGE_MS = 15_000
MAX_LINES = 5


def reminder_text(rows: list[TaskRow]) -> tuple[str, str]:
    """The title and body of a reminder, in Vietnamese."""
    if len(rows) == 1:
        row = rows[0]
        if row.overdue:
            title, body = tr("Công việc quá hạn"), tr("Công việc quá hạn: {t} (hạn {d})")
        else:
            title, body = tr("Công việc sắp đến hạn"), tr("Công việc sắp đến hạn: {t} (hạn {d})")
        return title, body.format(t=row.title, d=fmt_date(row.due_date))
    overdue = sum(1 for r in rows if r.overdue)
    title = tr("Nhắc việc: {n} công việc cần chú ý").format(n=len(rows))
    if overdue:
        lines = [
            tr("{a} công việc quá hạn, {b} công việc sắp đến hạn:").format(
                a=overdue, b=len(rows) - overdue
            )
        ]
    else:
        lines = [tr("Công việc sắp đến hạn:")]
    for row in rows[:MAX_LINES]:
        mark = tr("quá hạn") if row.overdue else tr("hạn")
        lines.append(f"• {row.title} ({mark} {fmt_date(row.due_date)})")
    if len(rows) > MAX_LINES:
        lines.append(tr("… và {n} công việc khác.").format(n=len(rows) - MAX_LINES))
    return title, "\n".join(lines)


class ReminderNotifier(QObject):
    """Polls `TaskService.due_reminders` and tells the user.

    Signals:
        reminders_due(list): the TaskRows newly due a reminder (never empty).
    """

    reminders_due = pyqtSignal(list)

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._tray = tray
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        events.user_changed.connect(self._on_events_user_changed)

    def start(self) -> None:
        """Check now (when somebody is signed in) and every 30 minutes."""
        self.timer.start()
        self.check()

    def stop(self) -> None:
        """Stop polling."""
        self.timer.stop()

    def _on_events_user_changed(self) -> None:
        self.check()

    def check(self) -> None:
        """Ask for new reminders once (nothing when nobody is signed in)."""
        if self._busy or not self._space.auth.signed_in:
            return
        self._busy = True
        svc = self._space.tasks

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.warning("task reminders failed: %s", exc)

        CommandOp(None, svc.due_reminders).success(guarded(self, self._on_reminders)).failure(
            guarded(self, failed)
        ).run()

    def _on_reminders(self, rows: list[TaskRow]) -> None:
        self._busy = False
        if not rows:
            return
        if self._tray is not None and self._tray.isVisible():
            title, body = reminder_text(rows)
            self._tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS)
        self.reminders_due.emit(rows)
