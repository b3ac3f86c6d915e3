"""Giao việc from an incoming document: the leader's action fills the task from the document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.incoming_dto import Box
from app.services.task_dto import TaskBox
from app.ui_support.events import AppEvents
from app.views.incoming.pages import IncomingPage
from app.views.tasks.task_dialog import TaskDialog
from tests.conftest import Ward
from tests.gui.incoming.helpers import make_pdf, register_pdf
from tests.gui.tasks.task_helpers import click, person


def test_a_task_from_an_incoming_document(
    qtbot: QtBot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    clerk = ward.as_user("vanthu")
    doc = register_pdf(
        clerk,
        make_pdf(tmp_path / "cv.pdf", "cong van"),
        summary="Về việc tổng vệ sinh môi trường cuối năm",
        due_date=dt.date(2026, 11, 30),
    )
    clerk.incoming.submit(doc.id, ward.leader)
    ward.as_user("canbo")
    officials_page = IncomingPage(ward.space, events, Box.ALL)
    qtbot.addWidget(officials_page)
    assert "task" not in officials_page.actions_by_key or not (
        officials_page.actions_by_key["task"].isVisible()
    )  # only leaders give tasks

    ward.as_user("chutich")
    page = IncomingPage(ward.space, events, Box.TO_DIRECT)
    qtbot.addWidget(page)
    page.show()
    assert page.select_id(doc.id)
    action = page.actions_by_key["task"]
    assert action.isVisible()
    assert action.isEnabled()
    action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, TaskDialog)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=3000)
    assert dialog.title.text() == "Về việc tổng vệ sinh môi trường cuối năm"
    assert dialog.due_date.line_edit.text() == "30/11/2026"
    assert "Văn bản đến số 1/2026 · 123/UBND-VP" in dialog.heading.text()
    dialog.set_primary(person(ward.official))
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    assert page.status.text() == "Đã giao việc."
    assert dialog.task_id is not None
    detail = ward.space.tasks.detail(dialog.task_id)
    assert detail.form.source == f"incoming:{doc.id}"
    assert detail.source_text.startswith("Văn bản đến số 1/2026 · 123/UBND-VP")
    assert ward.as_user("canbo").tasks.count(TaskBox.MINE) == 1
