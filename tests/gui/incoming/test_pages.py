"""IncomingPage: actions per box and role, filters, selection across refreshes, queue tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from PyQt6.QtCore import Qt

from app.services.changes import Changes
from app.services.incoming_dto import Box, IncomingFilter
from app.ui_support.events import AppEvents
from app.views.incoming import page_actions
from app.views.incoming.pages import IncomingPage
from app.views.incoming.small_dialogs import TextCommandDialog
from tests.conftest import Ward
from tests.gui.incoming.helpers import make_pdf, queue_pdf, register_pdf, type_text


def open_page(qtbot, ward: Ward, events: AppEvents, box: Box) -> IncomingPage:
    page = IncomingPage(ward.space, events, box)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    return page


def visible_actions(page: IncomingPage) -> list[str]:
    return [key for key, action in page.actions_by_key.items() if action.isVisible()]


@pytest.mark.parametrize(
    ("login", "box", "expected"),
    [
        ("vanthu", Box.QUEUE, ["add_files", "register", "discard", "comment"]),
        ("vanthu", Box.ALL, ["submit", "edit", "open", "comment"]),
        ("chutich", Box.ALL, ["assign", "task", "open", "comment"]),
        ("chutich", Box.TO_DIRECT, ["assign", "return_to_clerk", "task", "open", "comment"]),
        ("canbo", Box.PENDING, ["progress", "complete", "return_to_leader", "open", "comment"]),
        ("canbo", Box.COORDINATE, ["progress", "complete", "open", "comment"]),
        ("canbo", Box.INFO, ["open", "comment"]),
    ],
)
def test_actions_depend_on_box_and_role(
    qtbot, ward: Ward, events: AppEvents, login: str, box: Box, expected: list[str]
) -> None:
    ward.as_user(login)
    page = open_page(qtbot, ward, events, box)
    assert visible_actions(page) == expected


def test_text_filter_is_debounced_and_folds_diacritics(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    space = ward.as_user("vanthu")
    register_pdf(space, make_pdf(tmp_path / "a.pdf", "a"), summary="Về lễ hội đền Đô")
    register_pdf(space, make_pdf(tmp_path / "b.pdf", "b"), code_number="9", summary="Về xây dựng")
    page = open_page(qtbot, ward, events, Box.ALL)
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.filter_bar.text, "le hoi")
    assert page.model.rowCount() == 2  # not yet: the filter waits for the typing to stop
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.count_label.text() == "1 văn bản"
    page.filter_bar.text.clear()
    page.filter_bar.urgent.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)


def test_selection_is_kept_across_a_refresh(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    space = ward.as_user("vanthu")
    first = register_pdf(space, make_pdf(tmp_path / "a.pdf", "a"))
    register_pdf(space, make_pdf(tmp_path / "b.pdf", "b"), code_number="9")
    page = open_page(qtbot, ward, events, Box.ALL)
    assert page.select_id(first.id)
    page.actions_by_key["comment"].trigger()
    dialog = page.dialog
    assert isinstance(dialog, TextCommandDialog)
    type_text(dialog.text.editor, "Đề nghị chuyển bản giấy cho Văn phòng")
    with qtbot.waitSignal(events.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.selected_id() == first.id
    qtbot.waitUntil(lambda: page.pane.doc_id == first.id, timeout=2000)
    assert page.pane.history_steps[-1][2:] == ("Ý kiến", "Đề nghị chuyển bản giấy cho Văn phòng")


def test_a_refusal_keeps_the_small_dialog_open(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    space = ward.as_user("vanthu")
    doc_id = queue_pdf(space, sample_pdf)
    page = open_page(qtbot, ward, events, Box.QUEUE)
    page.select_id(doc_id)
    page.actions_by_key["discard"].trigger()
    dialog = page.dialog
    assert isinstance(dialog, TextCommandDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Cần nêu lý do."
    type_text(dialog.text.editor, "Trang trắng, quét nhầm")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    assert space.incoming.detail(doc_id).return_reason == "Trang trắng, quét nhầm"


def test_add_files_queues_and_reports_refusals(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path, monkeypatch
) -> None:
    ward.as_user("vanthu")
    good = make_pdf(tmp_path / "tot.pdf", "tot")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"khong phai PDF")
    monkeypatch.setattr(
        page_actions.QFileDialog,
        "getOpenFileNames",
        lambda *_args, **_kw: ([str(good), str(broken)], ""),
    )
    warnings: list[str] = []
    monkeypatch.setattr(
        page_actions.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
    )
    page = open_page(qtbot, ward, events, Box.QUEUE)
    page.actions_by_key["add_files"].trigger()
    assert page.model.rowCount() == 1
    assert page.selected_row() is not None
    assert page.selected_row().file_name == "tot.pdf"  # the new file is selected
    assert page.status.text() == "Đã thêm 1 tệp vào hàng chờ."
    assert len(warnings) == 1
    assert warnings[0]  # the intake's Vietnamese reason


def test_leader_returns_a_document_to_the_clerk(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, sample_pdf)
    space.incoming.submit(reg.id, ward.leader)
    ward.as_user("chutich")
    page = open_page(qtbot, ward, events, Box.TO_DIRECT)
    page.select_id(reg.id)
    page.actions_by_key["return_to_clerk"].trigger()
    dialog = page.dialog
    assert isinstance(dialog, TextCommandDialog)
    type_text(dialog.text.editor, "Không thuộc thẩm quyền của phường")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    ward.as_user("vanthu")
    to_submit = open_page(qtbot, ward, events, Box.TO_SUBMIT)
    assert [to_submit.model.data(to_submit.model.index(0, 6))] == ["Bị trả lại"]


def test_selecting_does_not_record_a_view_but_opening_does(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, sample_pdf)
    page = open_page(qtbot, ward, events, Box.ALL)
    page.select_id(reg.id)
    qtbot.waitUntil(lambda: page.pane.doc_id == reg.id, timeout=2000)
    assert "incoming.viewed" not in [h.action for h in space.incoming.detail(reg.id).history]
    viewport = page.table.viewport()
    spot = page.table.visualRect(page.model.index(0, 2)).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=spot)  # QTest needs the press first
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=spot)
    assert page.dialog is not None
    assert "incoming.viewed" in [h.action for h in space.incoming.detail(reg.id).history]


def test_hidden_page_catches_up_when_shown(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    space = ward.as_user("vanthu")
    page = open_page(qtbot, ward, events, Box.QUEUE)
    page.hide()
    doc_id = queue_pdf(space, sample_pdf)
    events.emit_changed(Changes(incoming=frozenset({doc_id})))
    assert page.model.rowCount() == 0
    with qtbot.waitSignal(page.counts_changed, timeout=2000):
        page.show()
    assert page.model.rowCount() == 1
    assert space.incoming.count(IncomingFilter(box=Box.QUEUE)) == 1
