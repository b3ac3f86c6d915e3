"""The whole incoming flow through the screens: clerk → leader → official, with the history."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt

from app.services.incoming_dto import Box
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.incoming.assign_dialog import AssignDialog
from app.views.incoming.pages import IncomingPage
from app.views.incoming.register_dialog import RegisterDialog
from app.views.incoming.small_dialogs import SubmitDialog, TextCommandDialog
from tests.conftest import Ward
from tests.gui.incoming.helpers import queue_pdf, type_text


def open_page(qtbot, space: Space, events: AppEvents, box: Box) -> IncomingPage:
    page = IncomingPage(space, events, box)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    return page


def trigger(page: IncomingPage, key: str) -> None:
    action = page.actions_by_key[key]
    assert action.isVisible(), key
    assert action.isEnabled(), key
    action.trigger()


def column_texts(page: IncomingPage, column: int) -> list[str]:
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def test_clerk_leader_official(qtbot, ward: Ward, events: AppEvents, sample_pdf: Path) -> None:
    # -- the clerk registers the queued file
    space = ward.as_user("vanthu")
    doc_id = queue_pdf(space, sample_pdf)
    queue = open_page(qtbot, space, events, Box.QUEUE)
    register_book = open_page(qtbot, space, events, Box.ALL)
    assert queue.model.rowCount() == 1
    assert register_book.model.rowCount() == 0
    queue.select_id(doc_id)
    qtbot.waitUntil(lambda: queue.pane.doc_id == doc_id, timeout=2000)
    trigger(queue, "register")
    dialog = queue.dialog
    assert isinstance(dialog, RegisterDialog)
    qtbot.keyClicks(dialog.code_number, "45")
    qtbot.keyClicks(dialog.code_notation, "UBND-VP")
    qtbot.keyClicks(dialog.document_date.line_edit, "19/11/2026")
    type_text(dialog.agency_edit, "UBND quận Long Biên")
    doc_type_edit = dialog.doc_type.lineEdit()
    assert doc_type_edit is not None
    type_text(doc_type_edit, "Công văn")
    type_text(dialog.summary.editor, "Về việc kiểm tra vệ sinh an toàn thực phẩm")
    with qtbot.waitSignal(events.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert queue.model.rowCount() == 0
    assert queue.status.text() == "Đã vào sổ số đến 1/2026"
    assert register_book.model.rowCount() == 1
    assert column_texts(register_book, 0) == ["1"]
    assert column_texts(register_book, 6) == ["Đã vào sổ"]

    # -- and submits it to the leader
    to_submit = open_page(qtbot, space, events, Box.TO_SUBMIT)
    assert to_submit.select_id(doc_id)
    trigger(to_submit, "submit")
    submit = to_submit.dialog
    assert isinstance(submit, SubmitDialog)
    assert submit.leader.currentText() == "Trần Văn Nam — Chủ tịch"
    qtbot.mouseClick(submit.ok_button, Qt.MouseButton.LeftButton)
    assert to_submit.model.rowCount() == 0
    assert column_texts(register_book, 6) == ["Chờ chỉ đạo"]

    # -- the leader assigns it: primary handler, a coordinator, a due date
    space = ward.as_user("chutich")
    events.user_changed.emit()
    to_direct = open_page(qtbot, space, events, Box.TO_DIRECT)
    assert to_direct.model.rowCount() == 1
    assert not to_direct.actions_by_key["assign"].isEnabled()  # nothing selected yet
    to_direct.select_id(doc_id)
    trigger(to_direct, "assign")
    assign = to_direct.dialog
    assert isinstance(assign, AssignDialog)
    type_text(assign.instruction.editor, "Giao đồng chí Ba chủ trì, báo cáo trước hạn.")
    index = assign.primary.findText("Lê Văn Ba", Qt.MatchFlag.MatchContains)
    assert index > 0
    assign.primary.setCurrentIndex(index)
    coordinator = next(
        item for ref, item in assign.coordinators.items.items() if ref.id == ward.official_dc
    )
    coordinator.setCheckState(0, Qt.CheckState.Checked)
    own = next(item for ref, item in assign.coordinators.items.items() if ref.id == ward.official)
    assert own.isDisabled()  # the primary handler cannot also coordinate
    qtbot.keyClicks(assign.due_date.line_edit, "30/11/2026")
    qtbot.mouseClick(assign.ok_button, Qt.MouseButton.LeftButton)
    assert to_direct.model.rowCount() == 0

    # -- the official reports progress, then completes
    space = ward.as_user("canbo")
    events.user_changed.emit()
    pending = open_page(qtbot, space, events, Box.PENDING)
    in_progress = open_page(qtbot, space, events, Box.IN_PROGRESS)
    done = open_page(qtbot, space, events, Box.DONE)
    assert pending.model.total == 1
    assert space.incoming.box_counts()[Box.PENDING] == 1
    assert column_texts(pending, 5) == ["30/11/2026"]
    pending.select_id(doc_id)
    trigger(pending, "progress")
    note = pending.dialog
    assert isinstance(note, TextCommandDialog)
    type_text(note.text.editor, "Đã kiểm tra 5 cơ sở")
    qtbot.mouseClick(note.ok_button, Qt.MouseButton.LeftButton)
    assert pending.model.rowCount() == 0
    assert in_progress.model.rowCount() == 1
    in_progress.select_id(doc_id)
    trigger(in_progress, "complete")
    result = in_progress.dialog
    assert isinstance(result, TextCommandDialog)
    type_text(result.text.editor, "Đã kiểm tra xong, có báo cáo kèm theo")
    qtbot.mouseClick(result.ok_button, Qt.MouseButton.LeftButton)
    assert in_progress.model.rowCount() == 0
    assert done.model.rowCount() == 1
    assert column_texts(done, 6) == ["Hoàn thành"]

    # -- the history says each step in Vietnamese
    done.select_id(doc_id)
    qtbot.waitUntil(lambda: done.pane.doc_id == doc_id, timeout=2000)
    steps = done.pane.history_steps
    actions = [step[2] for step in steps]
    assert actions == [
        "Nhận tệp vào hàng chờ",
        "Vào sổ",
        "Trình lãnh đạo",
        "Phân công xử lý",
        "Cập nhật tiến độ",
        "Hoàn thành",
    ]
    texts = [step[3] for step in steps]
    assert texts[1] == "Số đến 1/2026"
    assert "Trần Văn Nam" in texts[2]
    assert "Hạn xử lý: 30/11/2026" in texts[3]
    assert texts[5] == "Đã kiểm tra xong, có báo cáo kèm theo"
    people = [step[1] for step in steps]
    assert people[1] == "Nguyễn Thị Hoa"
    assert people[5] == "Lê Văn Ba"
    assert done.pane.tabs.tabText(2) == "Quá trình xử lý"


def test_opening_a_document_records_the_view(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    space = ward.as_user("vanthu")
    from tests.gui.incoming.helpers import register_pdf

    reg = register_pdf(space, sample_pdf)
    page = open_page(qtbot, space, events, Box.ALL)
    page.select_id(reg.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.dialog is not None
    qtbot.addWidget(page.dialog)
    actions = [h.action for h in space.incoming.detail(reg.id).history]
    assert actions[-1] == "incoming.viewed"
    qtbot.waitUntil(lambda: len(page.pane.history_steps) == len(actions), timeout=2000)
    assert page.pane.history_steps[-1][2] == "Xem văn bản"
