"""The task flow through the screens: the leader assigns in the dialog, the official reports
and finishes from the pane, the leader returns and accepts; the lists and their counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt

from app.models.enums import AssigneeKind, TaskState
from app.services.changes import Changes
from app.services.incoming_dto import HandlerRef
from app.services.task_dto import TaskAction, TaskBox
from app.timeutil import FixedClock
from app.ui_support.events import AppEvents
from app.views.incoming.small_dialogs import TextCommandDialog
from app.views.tasks.report_dialog import ReportDialog
from app.views.tasks.task_dialog import TaskDialog
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

TITLE = "Kiểm tra trật tự xây dựng tổ dân phố 5"
A = TaskAction


def test_assign_report_finish_return_and_accept_through_the_screens(
    qtbot: QtBot, ward: Ward, events: AppEvents, clock: FixedClock, tmp_path: Path
) -> None:
    # -- the chairman gives a task in the dialog, with a coordinator, a date and a file
    leader = open_page(qtbot, ward, events, "chutich", TaskBox.BY_ME)
    assert leader.heading.text() == "Việc tôi giao"
    assert leader.new_action.isVisible()
    leader.new_action.trigger()
    dialog = leader.dialog
    assert isinstance(dialog, TaskDialog)
    type_text(dialog.title, TITLE)
    type_text(dialog.description.editor, "Lập biên bản các công trình vi phạm.")
    dialog.set_primary(person(ward.official))
    dialog.coordinators.set_checked(HandlerRef(AssigneeKind.UNIT, ward.unit_dc), True)
    assert dialog.coordinators.items[person(ward.official)].isDisabled()  # not also coordinating
    dialog.due_date.line_edit.setText("27/11/2026")
    plan = tmp_path / "danh-sach.xlsx"
    plan.write_bytes(b"PK danh sach")
    dialog.files.add_paths([plan])
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    task_id = dialog.task_id
    assert task_id is not None
    qtbot.waitUntil(lambda: leader.selected_id() == task_id, timeout=3000)
    assert column(leader, 0) == [TITLE]
    assert column(leader, 2) == ["27/11/2026"]  # "Người giao" is left out of this list
    assert column(leader, 4) == ["Mới giao"]
    qtbot.waitUntil(lambda: leader.pane.detail is not None, timeout=3000)
    assert [i.text(0) for i in leader.pane.files.file_items()] == ["danh-sach.xlsx"]
    assert leader.pane.value_labels["coordinators"].text() == "Địa chính - Xây dựng (đơn vị)"

    # -- the official reports 40 % from the pane, then finishes
    clock.advance(dt.timedelta(hours=3))
    official = open_page(qtbot, ward, events, "canbo", TaskBox.MINE)
    show(qtbot, official, task_id)
    assert set(official.pane.action_buttons) == {A.REPORT, A.FINISH, A.ASK_EXTENSION, A.COMMENT}
    step(qtbot, official, A.REPORT)
    report = official.dialog
    assert isinstance(report, ReportDialog)
    assert report.kind == "progress"
    report.percent.setValue(40)
    type_text(report.note.editor, "Đã kiểm tra 5/12 công trình.")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, report.ok_button)
    qtbot.waitUntil(lambda: column(official, 4) == ["40%"], timeout=3000)
    assert column(official, 5) == ["Đang thực hiện"]
    qtbot.waitUntil(lambda: official.pane.detail.row.progress == 40, timeout=3000)  # type: ignore[union-attr]
    assert "Đã kiểm tra 5/12 công trình." in official.pane.reports.toPlainText()

    step(qtbot, official, A.FINISH)
    finish = official.dialog
    assert isinstance(finish, ReportDialog)
    click(qtbot, finish.ok_button)  # no result written: refused, the dialog stays
    assert finish.error_label.text() == "Cần ghi kết quả thực hiện."
    assert finish.isVisible()
    type_text(finish.note.editor, "Đã lập biên bản 2 trường hợp.")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, finish.ok_button)
    qtbot.waitUntil(lambda: column(official, 5) == ["Chờ duyệt kết quả"], timeout=3000)

    # -- the chairman returns the result once, then accepts it
    ward.as_user("chutich")
    events.user_changed.emit()
    qtbot.waitUntil(lambda: column(leader, 4) == ["Chờ duyệt kết quả"], timeout=3000)
    show(qtbot, leader, task_id)
    step(qtbot, leader, A.RETURN)
    returned = leader.dialog
    assert isinstance(returned, TextCommandDialog)
    click(qtbot, returned.ok_button)
    assert "Cần ghi ý kiến" in returned.error_label.text()
    type_text(returned.text.editor, "Bổ sung ảnh hiện trường.")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, returned.ok_button)
    qtbot.waitUntil(lambda: column(leader, 4) == ["Đang thực hiện"], timeout=3000)
    assert ward.space.tasks.detail(task_id).return_comment == "Bổ sung ảnh hiện trường."
    ward.as_user("canbo").tasks.finish(task_id, "Đã bổ sung ảnh.")
    ward.as_user("chutich")
    events.emit_changed(Changes(tasks=frozenset({task_id})))
    qtbot.waitUntil(
        lambda: leader.pane.detail is not None and A.ACCEPT in leader.pane.detail.actions,
        timeout=3000,
    )
    step(qtbot, leader, A.ACCEPT)
    accept = leader.dialog
    assert isinstance(accept, TextCommandDialog)
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, accept.ok_button)
    qtbot.waitUntil(lambda: leader.model.rowCount() == 0, timeout=3000)  # no longer open
    assert ward.space.tasks.detail(task_id).row.state == TaskState.DONE
    assert leader.status.text() == "Công việc đã hoàn thành."
    done = open_page(qtbot, ward, events, "chutich", TaskBox.DONE)
    qtbot.waitUntil(lambda: column(done, 0) == [TITLE], timeout=3000)
    show(qtbot, done, task_id)
    steps = [s[2] for s in done.pane.history_steps]
    assert steps == [
        "Giao việc",
        "Báo cáo tiến độ",
        "Báo cáo hoàn thành",
        "Trả lại kết quả",
        "Báo cáo hoàn thành",
        "Đồng ý kết quả",
    ]
    assert done.pane.history_steps[1][3] == "Tiến độ 40% — Đã kiểm tra 5/12 công trình."


def test_the_lists_show_deadlines_and_count(
    qtbot: QtBot, qtmodeltester: ModelTester, ward: Ward, events: AppEvents, clock: FixedClock
) -> None:
    clock.advance(dt.timedelta(days=-10))
    late = give_task(ward, "Tổng hợp báo cáo tháng", due_date=TODAY - dt.timedelta(days=1))
    soon = give_task(ward, "Rà soát hộ nghèo", due_date=TODAY)
    later = give_task(ward, "Chuẩn bị hội nghị", due_date=TODAY + dt.timedelta(days=20))
    clock.advance(dt.timedelta(days=10))
    counted: list[None] = []
    page = open_page(qtbot, ward, events, "canbo", TaskBox.MINE)
    page.counts_changed.connect(lambda: counted.append(None))
    qtmodeltester.check(page.model)  # type: ignore[no-untyped-call]  # pytest-qt is unannotated
    assert page.heading.text() == "Việc được giao"
    assert not page.new_action.isVisible()  # officials do not assign
    assert column(page, 0) == ["Tổng hợp báo cáo tháng", "Rà soát hộ nghèo", "Chuẩn bị hội nghị"]
    assert column(page, 5) == ["Quá hạn", "Sắp đến hạn", "Mới giao"]
    assert page.count_label.text() == "3 công việc"
    tip = Qt.ItemDataRole.ToolTipRole
    tips = [str(page.model.data(page.model.index(r, 0), tip)) for r in range(3)]
    assert "Quá hạn xử lý (19/11/2026)" in tips[0]
    assert "Sắp đến hạn xử lý (20/11/2026)" in tips[1]
    colour = Qt.ItemDataRole.ForegroundRole
    assert page.model.data(page.model.index(0, 3), colour) is not None  # the red date
    assert page.model.data(page.model.index(2, 3), colour) is None

    overdue = open_page(qtbot, ward, events, "canbo", TaskBox.OVERDUE)
    assert [page.model.row_at(0).id, overdue.model.row_at(0).id] == [late, late]
    assert overdue.model.rowCount() == 1

    page.search.setText("ho ngheo")  # without diacritics
    qtbot.waitUntil(lambda: column(page, 0) == ["Rà soát hộ nghèo"], timeout=3000)
    assert page.model.row_at(0).id == soon
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=3000)
    ward.as_user("chutich").tasks.cancel(later, "Hội nghị lùi sang năm sau.")
    ward.as_user("canbo")
    counted.clear()
    events.emit_changed(Changes(tasks=frozenset({later})))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    assert counted  # the window re-counts the lists
    assert ward.space.tasks.counts()[TaskBox.MINE] == 2
