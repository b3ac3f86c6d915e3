"""Helpers of the task-screen tests: pages opened as a user, tasks made through the service."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QPushButton

from app.models.enums import AssigneeKind
from app.services.incoming_dto import HandlerRef
from app.services.task_dto import TaskAction, TaskBox, TaskForm
from app.ui_support.events import AppEvents
from app.views.tasks.page import TasksPage
from tests.conftest import Ward

TODAY = dt.date(2026, 11, 20)  # the ward's clock: Friday 20/11/2026, 09:30 in Hà Nội


def person(user_id: str) -> HandlerRef:
    return HandlerRef(AssigneeKind.USER, user_id)


def give_task(ward: Ward, title: str = "Rà soát hộ nghèo", **kw: object) -> str:
    """A task from the chairman to the official "canbo" (unless told otherwise)."""
    values: dict[str, object] = {"primary": person(ward.official), "due_date": TODAY}
    values.update(kw)
    space = ward.as_user("chutich")
    return space.tasks.assign(TaskForm(title, **values))  # type: ignore[arg-type]


def open_page(qtbot: QtBot, ward: Ward, events: AppEvents, login: str, box: TaskBox) -> TasksPage:
    """The task list `box` of `login`, shown."""
    ward.as_user(login)
    page = TasksPage(ward.space, events, box)
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    return page


def show(qtbot: QtBot, page: TasksPage, task_id: str) -> None:
    """Select `task_id` and wait for the pane to show it."""
    assert page.select_id(task_id), task_id
    qtbot.waitUntil(
        lambda: page.pane.detail is not None and page.pane.detail.row.id == task_id, timeout=3000
    )


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt


def step(qtbot: QtBot, page: TasksPage, action: TaskAction) -> None:
    """Click the pane's button of `action`; its dialog opens."""
    button = page.pane.action_buttons.get(action)
    assert button is not None, (action, sorted(page.pane.action_buttons))
    click(qtbot, button)
    assert page.dialog is not None


def column(page: TasksPage, n: int) -> list[str]:
    """The texts of column `n`, top to bottom."""
    return [str(page.model.data(page.model.index(r, n))) for r in range(page.model.rowCount())]
