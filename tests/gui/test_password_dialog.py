"""Đổi mật khẩu: a wrong current password is named; a good change works at the next sign-in."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialogButtonBox

from app.views.password_dialog import ChangePasswordDialog
from tests.conftest import PASSWORD


def open_dialog(qtbot, ward) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(ward.as_user("canbo"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def ok(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_wrong_current_password(qtbot, ward):
    dialog = open_dialog(qtbot, ward)
    qtbot.keyClicks(dialog.old_edit, "khongdung")
    qtbot.keyClicks(dialog.new_edit, "matkhaumoi1")
    qtbot.keyClicks(dialog.new2_edit, "matkhaumoi1")
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Mật khẩu hiện tại không đúng."


def test_new_passwords_must_match(qtbot, ward):
    dialog = open_dialog(qtbot, ward)
    qtbot.keyClicks(dialog.old_edit, PASSWORD)
    qtbot.keyClicks(dialog.new_edit, "matkhaumoi1")
    qtbot.keyClicks(dialog.new2_edit, "matkhaumoi2")
    ok(qtbot, dialog)
    assert dialog.error_label.text() == "Hai mật khẩu mới không khớp."


def test_changed_password_signs_in(qtbot, ward):
    dialog = open_dialog(qtbot, ward)
    qtbot.keyClicks(dialog.old_edit, PASSWORD)
    qtbot.keyClicks(dialog.new_edit, "matkhaumoi1")
    qtbot.keyClicks(dialog.new2_edit, "matkhaumoi1")
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    ward.space.sign_out()
    assert ward.space.sign_in("canbo", "matkhaumoi1").login == "canbo"
