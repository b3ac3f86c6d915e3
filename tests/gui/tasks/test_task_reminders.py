"""Deadline reminders in the window: announced on sign-in, once a day per task, in Vietnamese."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from app.services.task_dto import TaskRow
from app.timeutil import FixedClock
from app.ui_support.events import AppEvents
from app.views.tasks.reminders import POLL_MS, ReminderNotifier, reminder_text
from tests.conftest import Ward
from tests.gui.tasks.task_helpers import TODAY, give_task


def test_reminders_come_on_sign_in_once_a_day(
    qtbot: QtBot, ward: Ward, events: AppEvents, clock: FixedClock
) -> None:
    give_task(ward, "Báo cáo cải cách hành chính", due_date=TODAY)
    give_task(ward, "Rà soát hộ nghèo", due_date=TODAY + dt.timedelta(days=30))
    ward.space.sign_out()
    notifier = ReminderNotifier(ward.space, events, tray=None)
    got: list[list[TaskRow]] = []
    notifier.reminders_due.connect(got.append)
    notifier.start()
    assert notifier.timer.isActive()
    assert notifier.timer.interval() == POLL_MS == 30 * 60 * 1000
    assert got == []  # nobody signed in yet
    ward.as_user("canbo")
    events.user_changed.emit()
    assert [[r.title for r in rows] for rows in got] == [["Báo cáo cải cách hành chính"]]
    notifier.check()  # half an hour later, the same day: nothing new
    ward.as_user("canbo")
    events.user_changed.emit()  # signing in again that day: nothing either
    assert len(got) == 1
    clock.advance(dt.timedelta(days=1))
    notifier.check()
    assert len(got) == 2
    notifier.stop()
    assert not notifier.timer.isActive()


def test_the_reminder_text(ward: Ward, clock: FixedClock) -> None:
    clock.advance(dt.timedelta(days=-5))
    give_task(ward, "Tổng hợp số liệu", due_date=TODAY - dt.timedelta(days=1))
    give_task(ward, "Báo cáo tháng", due_date=TODAY)
    clock.advance(dt.timedelta(days=5))
    rows = ward.as_user("canbo").tasks.due_reminders()
    assert reminder_text(rows[1:]) == (
        "Công việc sắp đến hạn",
        "Công việc sắp đến hạn: Báo cáo tháng (hạn 20/11/2026)",
    )
    assert reminder_text(rows[:1]) == (
        "Công việc quá hạn",
        "Công việc quá hạn: Tổng hợp số liệu (hạn 19/11/2026)",
    )
    assert reminder_text(rows) == (
        "Nhắc việc: 2 công việc cần chú ý",
        "1 công việc quá hạn, 1 công việc sắp đến hạn:\n"
        "• Tổng hợp số liệu (quá hạn 19/11/2026)\n"
        "• Báo cáo tháng (hạn 20/11/2026)",
    )
