"""The sign-in dialog: a wrong password keeps it open with a red message; the right one signs in."""

from __future__ import annotations

from PyQt6.QtCore import Qt

from app.views.sign_in_dialog import SignInDialog
from tests.conftest import PASSWORD, Ward


def make_dialog(qtbot, ward: Ward) -> SignInDialog:
    ward.space.sign_out()
    dialog = SignInDialog(ward.space)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_shows_the_organisation_name(qtbot, ward: Ward) -> None:
    dialog = make_dialog(qtbot, ward)
    assert "UBND phường Gia Thụy" in dialog.org_label.text()


def test_wrong_password_shows_message_and_stays_open(qtbot, ward: Ward) -> None:
    dialog = make_dialog(qtbot, ward)
    qtbot.keyClicks(dialog.login_edit, "vanthu")
    qtbot.keyClicks(dialog.password_edit, "saimatkhau")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.result() == 0
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.password_edit.text() == ""
    assert not ward.space.auth.signed_in


def test_right_password_signs_in_with_enter(qtbot, ward: Ward) -> None:
    dialog = make_dialog(qtbot, ward)
    qtbot.keyClicks(dialog.login_edit, "vanthu")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.user is not None
    assert dialog.user.full_name == "Nguyễn Thị Hoa"
    assert ward.space.auth.user.login == "vanthu"


def test_empty_login_asks_for_it(qtbot, ward: Ward) -> None:
    dialog = make_dialog(qtbot, ward)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Hãy nhập tên đăng nhập."
