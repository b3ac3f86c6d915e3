"""The whole outgoing flow through the screens: draft → review → approve → sign → issue."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QPushButton

from app.services.outgoing_dto import Action, OutgoingBox
from app.ui_support.events import AppEvents
from app.views.incoming.small_dialogs import TextCommandDialog
from app.views.outgoing.draft_dialog import DraftDialog
from app.views.outgoing.file_dialogs import PrepareDialog
from app.views.outgoing.issue_dialog import IssueDialog
from app.views.outgoing.page import OutgoingPage
from app.views.outgoing.sign_dialog import SignDialog
from app.views.outgoing.step_dialogs import SubmitDialog
from tests.conftest import Ward
from tests.gui.incoming.helpers import type_text
from tests.gui.outgoing.outgoing_helpers import SUMMARY, column, final_pdf, open_page, show

B = OutgoingBox


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt


def step(qtbot: QtBot, page: OutgoingPage, action: Action) -> None:
    """Click the pane's button of `action`."""
    button = page.pane.action_buttons.get(action)
    assert button is not None, (action, sorted(page.pane.action_buttons))
    click(qtbot, button)
    assert page.dialog is not None


def switch_user(ward: Ward, events: AppEvents, page: OutgoingPage, login: str) -> None:
    ward.as_user(login)
    events.user_changed.emit()
    assert page.box_list.count() > 0


def test_draft_to_issue_through_the_screens(
    qtbot: QtBot, ward: Ward, events: AppEvents, keys: str, tmp_path: Path
) -> None:
    # -- the official drafts a Quyết định from the template
    page = open_page(qtbot, ward, events, "canbo")
    assert page.box == B.MY_DRAFTS
    assert page.box_text(B.MY_DRAFTS) == "Dự thảo của tôi"
    page.new_action.trigger()
    draft = page.dialog
    assert isinstance(draft, DraftDialog)
    draft.doc_type.setCurrentIndex(draft.doc_type.findText("Quyết định"))
    type_text(draft.summary.editor, SUMMARY)
    assert draft.signer.currentText() == "Trần Văn Nam — Chủ tịch"
    assert draft.authority.currentText() == "TM. ỦY BAN NHÂN DÂN"
    assert draft.position.text() == "CHỦ TỊCH"
    assert draft.from_template.isChecked()
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, draft.ok_button)
    doc_id = draft.doc_id
    assert doc_id is not None
    assert page.box_text(B.MY_DRAFTS) == "Dự thảo của tôi (1)"
    assert page.selected_id() == doc_id
    qtbot.waitUntil(lambda: page.pane.detail is not None, timeout=3000)
    assert column(page, 0) == ["…/QĐ-UBND"]
    assert column(page, 5) == ["Đang soạn thảo"]
    assert page.pane.value_labels["code"].text() == "…/QĐ-UBND"
    assert [i.text(0) for i in page.pane.files.file_items()] == [
        "Phiên bản 1: Quyết định - dự thảo.docx"
    ]

    # -- and submits it to a colleague for the content review
    step(qtbot, page, Action.SUBMIT)
    submit = page.dialog
    assert isinstance(submit, SubmitDialog)
    submit.reviewer.setCurrentIndex(submit.reviewer.findData(ward.official2))
    click(qtbot, submit.ok_button)
    assert column(page, 5) == ["Chờ duyệt nội dung"]
    assert page.status.text() == "Đã trình duyệt nội dung."

    # -- the reviewer approves the content
    switch_user(ward, events, page, "canbo2")
    assert page.box_text(B.TO_REVIEW) == "Chờ duyệt nội dung (1)"
    show(qtbot, page, B.TO_REVIEW, doc_id)
    step(qtbot, page, Action.APPROVE_CONTENT)
    review = page.dialog
    assert isinstance(review, TextCommandDialog)
    type_text(review.text.editor, "Nội dung phù hợp.")
    click(qtbot, review.ok_button)
    assert page.box_text(B.TO_REVIEW) == "Chờ duyệt nội dung"
    assert page.model.rowCount() == 0

    # -- the clerk checks the form
    switch_user(ward, events, page, "vanthu")
    assert page.box_text(B.FORM_CHECK) == "Chờ kiểm tra thể thức (1)"
    show(qtbot, page, B.FORM_CHECK, doc_id)
    step(qtbot, page, Action.APPROVE_FORM)
    assert isinstance(page.dialog, TextCommandDialog)
    click(qtbot, page.dialog.ok_button)
    assert page.box_text(B.FORM_CHECK) == "Chờ kiểm tra thể thức"

    # -- the chairman approves and makes the file to sign from an uploaded PDF
    switch_user(ward, events, page, "chutich")
    assert page.box_text(B.TO_APPROVE) == "Chờ duyệt (1)"
    show(qtbot, page, B.TO_APPROVE, doc_id)
    step(qtbot, page, Action.APPROVE)
    assert isinstance(page.dialog, TextCommandDialog)
    click(qtbot, page.dialog.ok_button)
    assert page.box_text(B.TO_PREPARE) == "Chờ tạo bản ký (1)"
    show(qtbot, page, B.TO_PREPARE, doc_id)
    step(qtbot, page, Action.PREPARE)
    prepare = page.dialog
    assert isinstance(prepare, PrepareDialog)
    prepare.upload.setChecked(True)
    prepare.file.path.setText(str(final_pdf(tmp_path / "ban-ky.pdf")))
    click(qtbot, prepare.ok_button)
    assert page.box_text(B.TO_SIGN) == "Chờ ký số (1)"

    # -- a wrong password: a Vietnamese message, the document still waits for the signature
    show(qtbot, page, B.TO_SIGN, doc_id)
    assert page.pane.preview.page_count == 1
    step(qtbot, page, Action.SIGN)
    sign = page.dialog
    assert isinstance(sign, SignDialog)
    type_text(sign.secret, "sai-mat-khau")
    click(qtbot, sign.ok_button)
    assert sign.isVisible()
    assert "sai mật khẩu" in sign.error_label.text()
    assert sign.secret.text() == ""
    assert page.box_text(B.TO_SIGN) == "Chờ ký số (1)"
    assert ward.space.outgoing.detail(doc_id).row.state == "ready_to_sign"
    assert page.pane.value_labels["state"].text() == "Chờ ký số"

    # -- the right one signs
    type_text(sign.secret, keys)
    with qtbot.waitSignal(events.changed, timeout=5000):
        click(qtbot, sign.ok_button)
    assert page.box_text(B.TO_SIGN) == "Chờ ký số"
    assert page.status.text() == "Đã ký số; văn bản chờ văn thư cấp số, ban hành."

    # -- the clerk gives the number, seals and delivers to a unit
    switch_user(ward, events, page, "vanthu")
    assert page.box_text(B.TO_ISSUE) == "Chờ ban hành (1)"
    assert page.box_text(B.ISSUED) == "Sổ văn bản đi"
    show(qtbot, page, B.TO_ISSUE, doc_id)
    step(qtbot, page, Action.ISSUE)
    issue = page.dialog
    assert isinstance(issue, IssueDialog)
    item = issue.recipients.items[next(r for r in issue.recipients.items if r.id == ward.unit_dc)]
    item.setCheckState(0, Qt.CheckState.Checked)
    issue.copies.setValue(3)
    type_text(issue.secret, keys)
    with qtbot.waitSignal(events.changed, timeout=5000):
        click(qtbot, issue.ok_button)
    assert page.status.text() == "Đã cấp số 01/QĐ-UBND và ban hành văn bản."
    assert page.box_text(B.TO_ISSUE) == "Chờ ban hành"
    assert page.box_text(B.ISSUED) == "Sổ văn bản đi (1)"

    # -- the register shows it issued, with the number, the delivery and the whole history
    show(qtbot, page, B.ISSUED, doc_id)
    assert column(page, 0) == ["01/QĐ-UBND"]
    assert column(page, 1) == ["20/11/2026"]
    pane = page.pane
    assert pane.value_labels["state"].text() == "Đã ban hành"
    assert pane.value_labels["code"].text() == "01/QĐ-UBND"
    assert pane.value_labels["recipients"].text() == "Địa chính - Xây dựng"
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH — Trần Văn Nam" in pane.value_labels["signer"].text()
    assert [s[2] for s in pane.history_steps] == [
        "Tạo dự thảo",
        "Trình duyệt nội dung",
        "Duyệt nội dung",
        "Kiểm tra thể thức",
        "Duyệt",
        "Tạo bản ký",
        "Ký số",
        "Cấp số, ban hành",
    ]
    assert pane.history_steps[1][3] == "Trình: Phạm Thu Hà"
    assert pane.history_steps[2][3] == "Nội dung phù hợp."
    assert pane.history_steps[7][3] == "Số 01, sổ văn bản đi năm 2026"
    assert list(pane.action_buttons) == [Action.COMMENT]
    assert page.print_action.isEnabled()
    qtbot.waitUntil(lambda: pane.signatures.count == 2, timeout=10000)
