"""SignDialog and IssueDialog: the certificate shown, the secret never kept, refusals that lose
nothing (a wrong password costs no number)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.models.enums import OutgoingState
from app.services.changes import Changes
from app.ui_support.events import AppEvents
from app.views.outgoing.issue_dialog import IssueDialog
from app.views.outgoing.sign_dialog import SignDialog
from tests.conftest import Ward
from tests.gui.outgoing.outgoing_helpers import new_draft, take_to


def ready_to_sign(ward: Ward, tmp_path: Path) -> str:
    doc_id = new_draft(ward)
    take_to(ward, doc_id, OutgoingState.READY_TO_SIGN, tmp_path)
    return doc_id


def sign_dialog(qtbot: QtBot, ward: Ward, events: AppEvents, doc_id: str) -> SignDialog:
    space = ward.as_user("chutich")
    dialog = SignDialog(space, events, space.outgoing.detail(doc_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_certificate_shows_once_the_password_is_typed(
    qtbot: QtBot, ward: Ward, events: AppEvents, keys: str, tmp_path: Path
) -> None:
    dialog = sign_dialog(qtbot, ward, events, ready_to_sign(ward, tmp_path))
    box = dialog.certificate_box
    assert "Tệp khóa chutich.p12" in box.text.text()
    assert "Nhập mật khẩu" in box.text.text()
    assert dialog.check_button.isVisible()
    assert dialog.ok_button.isEnabled()
    dialog.check_button.click()
    assert dialog.error_label.text() == "Cần nhập mật khẩu để mở tệp khóa."
    dialog.secret.setText("sai")
    dialog.check_button.click()
    assert "sai mật khẩu" in box.text.text()
    dialog.secret.setText(keys)
    dialog.check_button.click()
    text = box.text.text()
    assert "Trần Văn Nam (UBND phường Gia Thụy)" in text
    assert "Ward Office Demo Root CA" in text
    assert "từ 21/10/2026 đến" in text
    assert box.certificate is not None
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password


def test_without_a_key_on_this_pc_nothing_can_be_signed(
    qtbot: QtBot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    dialog = sign_dialog(qtbot, ward, events, ready_to_sign(ward, tmp_path))
    assert "chưa được cài đặt khóa ký số" in dialog.certificate_box.text.text()
    assert not dialog.ok_button.isEnabled()


def test_signing_clears_the_secret_and_reports_the_change(
    qtbot: QtBot, ward: Ward, events: AppEvents, keys: str, tmp_path: Path
) -> None:
    doc_id = ready_to_sign(ward, tmp_path)
    dialog = sign_dialog(qtbot, ward, events, doc_id)
    dialog.secret.setText(keys)
    with qtbot.waitSignal(events.changed, timeout=5000) as blocker:
        dialog.ok_button.click()
    assert blocker.args is not None
    assert blocker.args[0] == Changes(outgoing=frozenset({doc_id}))
    assert dialog.secret.text() == ""
    assert not dialog.isVisible()
    assert ward.space.outgoing.detail(doc_id).row.state == OutgoingState.SIGNED


def test_a_wrong_organisation_password_costs_no_number(
    qtbot: QtBot, ward: Ward, events: AppEvents, keys: str, tmp_path: Path
) -> None:
    doc_id = ready_to_sign(ward, tmp_path)
    ward.as_user("chutich").outgoing.sign(doc_id, keys)
    space = ward.as_user("vanthu")
    dialog = IssueDialog(space, events, space.outgoing.detail(doc_id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Nhập mật khẩu" in dialog.certificate_box.text.text()
    assert dialog.copies.text() == "không ghi"
    assert [dialog.recipients.topLevelItem(i).text(0) for i in range(2)] == [  # type: ignore[union-attr]  # two groups
        "Đơn vị",
        "Cá nhân",
    ]
    dialog.secret.setText("sai")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "sai mật khẩu" in dialog.error_label.text()
    assert ward.space.outgoing.detail(doc_id).row.state == OutgoingState.SIGNED
    dialog.secret.setText(keys)
    dialog.ok_button.click()
    assert dialog.message == "Đã cấp số 01/QĐ-UBND và ban hành văn bản."
    detail = ward.space.outgoing.detail(doc_id)
    assert detail.row.number == 1
    assert detail.recipients == ()
