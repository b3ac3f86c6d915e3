"""OutgoingPage: the lists each role sees, counts, search, a step's refusal, the year filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models.enums import OutgoingState
from app.services.outgoing_dto import Action, OutgoingBox
from app.ui_support.events import AppEvents
from app.views.incoming.small_dialogs import TextCommandDialog
from app.views.outgoing.box_list import BoxRole
from tests.conftest import Ward
from tests.gui.incoming.helpers import type_text
from tests.gui.outgoing.outgoing_helpers import new_draft, open_page, show, take_to

B = OutgoingBox


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("canbo", [B.MY_DRAFTS, B.TO_REVIEW, B.TO_PREPARE, B.ISSUED]),
        ("chutich", [B.MY_DRAFTS, B.TO_REVIEW, B.TO_APPROVE, B.TO_SIGN, B.TO_PREPARE, B.ISSUED]),
        ("vanthu", [B.MY_DRAFTS, B.TO_REVIEW, B.FORM_CHECK, B.TO_PREPARE, B.TO_ISSUE, B.ISSUED]),
    ],
)
def test_the_lists_follow_the_roles(
    qtbot: QtBot, ward: Ward, events: AppEvents, login: str, expected: list[OutgoingBox]
) -> None:
    page = open_page(qtbot, ward, events, login)
    boxes = [page.box_list.item(i).data(BoxRole) for i in range(page.box_list.count())]  # type: ignore[union-attr]  # rows below count() exist
    assert boxes == expected
    assert page.register_action.isVisible() == (login != "canbo")


def test_counts_and_bold_waiting_work(
    qtbot: QtBot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    take_to(ward, new_draft(ward), OutgoingState.AWAITING_APPROVAL, tmp_path)
    page = open_page(qtbot, ward, events, "chutich")
    assert page.box_text(B.TO_APPROVE) == "Chờ duyệt (1)"
    assert page.counts[B.TO_APPROVE] == 1
    item = page.box_list.item(2)
    assert item is not None
    assert item.font().bold()
    doc_id = page.model.row_at(0).id if page.select_box(B.TO_APPROVE) else ""
    changes = ward.space.outgoing.approve(doc_id)
    with qtbot.waitSignal(page.counts_changed, timeout=2000):
        events.emit_changed(changes)
    assert page.box_text(B.TO_APPROVE) == "Chờ duyệt"
    assert page.box_text(B.TO_PREPARE) == "Chờ tạo bản ký (1)"
    assert page.model.rowCount() == 0


def test_search_and_the_year_of_the_register(qtbot: QtBot, ward: Ward, events: AppEvents) -> None:
    new_draft(ward, summary="Về việc kiểm tra trật tự đô thị")
    new_draft(ward, summary="Về lễ hội mùa xuân")
    page = open_page(qtbot, ward, events, "canbo")
    assert page.model.rowCount() == 2
    assert not page.year.isVisible()
    type_text(page.search, "le hoi")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_at(0).summary == "Về lễ hội mùa xuân"
    page.select_box(B.ISSUED)
    assert page.year.isVisible()
    assert page.model.rowCount() == 0


def test_a_return_needs_its_reason(
    qtbot: QtBot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    doc_id = new_draft(ward)
    take_to(ward, doc_id, OutgoingState.CONTENT_REVIEW, tmp_path)
    page = open_page(qtbot, ward, events, "canbo2")
    show(qtbot, page, B.TO_REVIEW, doc_id)
    assert set(page.pane.action_buttons) == {
        Action.APPROVE_CONTENT, Action.RETURN, Action.ADD_VERSION, Action.ADD_ATTACHMENT,
        Action.COMMENT,
    }  # fmt: skip
    page.pane.action_buttons[Action.RETURN].click()
    dialog = page.dialog
    assert isinstance(dialog, TextCommandDialog)
    dialog.ok_button.click()
    assert dialog.error_label.text() == "Cần nêu lý do trả lại."
    assert dialog.text.property("error") is True
    type_text(dialog.text.editor, "Bổ sung căn cứ pháp lý.")
    dialog.ok_button.click()
    assert page.model.rowCount() == 0
    assert page.status.text() == "Đã trả lại dự thảo cho người soạn thảo."

    # -- the drafter sees the reason highlighted, and may correct and submit again
    page = open_page(qtbot, ward, events, "canbo")
    show(qtbot, page, B.MY_DRAFTS, doc_id)
    pane = page.pane
    assert pane.return_reason.isVisible()
    assert "Bổ sung căn cứ pháp lý." in pane.return_reason.text()
    assert pane.value_labels["state"].text() == "Bị trả lại"
    assert {Action.EDIT, Action.SUBMIT} <= set(pane.action_buttons)
    assert pane.history_steps[-1][2:] == ("Trả lại", "Bổ sung căn cứ pháp lý.")
