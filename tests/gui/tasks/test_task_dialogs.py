"""The task dialogs: refusals keep what was typed, the edit form, an extension asked and
granted, a locked assignee marked and the task given to someone else."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from app.models.enums import AssigneeKind, TaskPriority
from app.services.directory import UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.task_dto import TaskAction, TaskBox
from app.ui_support.events import AppEvents
from app.views.incoming.small_dialogs import TextCommandDialog
from app.views.tasks.step_dialogs import ExtensionDialog, ReassignDialog
from app.views.tasks.task_dialog import TaskDialog, choose
from tests.conftest import Ward
from tests.gui.incoming.helpers import type_text
from tests.gui.tasks.task_helpers import (
    TODAY,
    click,
    column,
    give_task,
    open_page,
    person,
    show,
    step,
)

A = TaskAction


def test_a_refused_task_keeps_what_was_typed(qtbot: QtBot, ward: Ward, events: AppEvents) -> None:
    ward.as_user("chutich")
    dialog = TaskDialog(ward.space, events)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Cần nhập tên công việc."
    assert dialog.title.property("error") is True
    type_text(dialog.title, "Rà soát hộ kinh doanh")
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Cần chọn một người hoặc đơn vị chủ trì thực hiện."
    dialog.set_primary(person(ward.official))
    dialog.due_date.line_edit.setText("19/11/2026")
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Hạn xử lý 19/11/2026 đã qua."
    dialog.due_date.line_edit.setText("31/02/20")
    click(qtbot, dialog.ok_button)
    assert "dd/mm/yyyy" in dialog.error_label.text()
    assert dialog.title.text() == "Rà soát hộ kinh doanh"  # nothing typed is lost
    assert ward.space.tasks.count(TaskBox.BY_ME) == 0
    dialog.due_date.line_edit.setText("")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    assert dialog.task_id is not None
    assert ward.space.tasks.detail(dialog.task_id).row.due_date is None


def test_the_edit_form_is_filled_and_saves_a_new_date(
    qtbot: QtBot, ward: Ward, events: AppEvents
) -> None:
    dc = HandlerRef(AssigneeKind.UNIT, ward.unit_dc)
    task_id = give_task(ward, "Rà soát đất công", coordinators=(dc,), priority=TaskPriority.HIGH)
    page = open_page(qtbot, ward, events, "chutich", TaskBox.BY_ME)
    show(qtbot, page, task_id)
    step(qtbot, page, A.EDIT)
    dialog = page.dialog
    assert isinstance(dialog, TaskDialog)
    assert dialog.title.text() == "Rà soát đất công"
    assert dialog.coordinators.checked() == (dc,)
    assert dialog.priority.currentText() == "Cao"
    assert not dialog.primary.isVisible()
    assert "Lê Văn Ba" in dialog.primary_fixed.text()
    assert dialog.due_date.line_edit.text() == "20/11/2026"
    dialog.due_date.line_edit.setText("30/11/2026")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: column(page, 2) == ["30/11/2026"], timeout=3000)
    assert page.status.text() == "Đã lưu công việc."
    qtbot.waitUntil(lambda: "20/11/2026 → 30/11/2026" in page.pane.history.toPlainText())


def test_an_extension_is_asked_and_granted(qtbot: QtBot, ward: Ward, events: AppEvents) -> None:
    task_id = give_task(ward, "Thống kê đất công", due_date=TODAY + dt.timedelta(days=2))
    page = open_page(qtbot, ward, events, "canbo", TaskBox.MINE)
    show(qtbot, page, task_id)
    step(qtbot, page, A.ASK_EXTENSION)
    dialog = page.dialog
    assert isinstance(dialog, ExtensionDialog)
    dialog.due_date.line_edit.setText("22/11/2026")
    type_text(dialog.reason.editor, "Chờ số liệu của tổ dân phố.")
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Hạn mới phải sau hạn hiện tại (22/11/2026)."
    dialog.due_date.line_edit.setText("29/11/2026")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: page.pane.extension.isVisible(), timeout=3000)
    assert "Xin gia hạn từ 22/11/2026 đến 29/11/2026" in page.pane.extension.text()

    ward.as_user("chutich")
    events.user_changed.emit()
    leader = open_page(qtbot, ward, events, "chutich", TaskBox.BY_ME)
    show(qtbot, leader, task_id)
    step(qtbot, leader, A.GRANT_EXTENSION)
    grant = leader.dialog
    assert isinstance(grant, TextCommandDialog)
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, grant.ok_button)
    qtbot.waitUntil(lambda: column(leader, 2) == ["29/11/2026"], timeout=3000)
    assert not leader.pane.extension.isVisible()


def test_a_locked_assignee_is_marked_and_the_task_given_to_another(
    qtbot: QtBot, ward: Ward, events: AppEvents
) -> None:
    task_id = give_task(ward, "Cập nhật dữ liệu dân cư")
    admin = ward.as_user("admin").directory
    info = next(u for u in admin.users() if u.login == "canbo")
    admin.update_user(
        UserInfo(
            info.id, info.login, info.full_name, info.position, info.unit_id, info.roles, False
        )
    )
    page = open_page(qtbot, ward, events, "chutich", TaskBox.BY_ME)
    assert column(page, 1) == ["Lê Văn Ba — đã khóa"]
    show(qtbot, page, task_id)
    assert page.pane.locked.isVisible()
    assert "Người thực hiện đã bị khóa tài khoản" in page.pane.locked.text()
    step(qtbot, page, A.REASSIGN)
    dialog = page.dialog
    assert isinstance(dialog, ReassignDialog)
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Cần chọn người hoặc đơn vị chủ trì."
    choose(dialog.primary, person(ward.official2))
    type_text(dialog.note.editor, "Đ/c Ba đã nghỉ việc.")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: column(page, 1) == ["Phạm Thu Hà"], timeout=3000)
    qtbot.waitUntil(lambda: not page.pane.locked.isVisible(), timeout=3000)
    assert "Lê Văn Ba → Phạm Thu Hà" in page.pane.history.toPlainText()
