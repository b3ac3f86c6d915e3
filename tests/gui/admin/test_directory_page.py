"""The "Quản trị" page: the admin edits the organisation, adds units and users, resets passwords."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialogButtonBox

from app.models.enums import Role
from app.views.admin import DirectoryPage
from app.views.admin.reset_password_dialog import ResetPasswordDialog
from app.views.admin.table_models import IdRole
from app.views.admin.unit_dialog import UnitDialog
from app.views.admin.user_dialog import UserDialog
from app.views.sign_in_dialog import SignInDialog
from tests.conftest import PASSWORD, Ward


def open_page(qtbot, ward: Ward, events) -> DirectoryPage:
    page = DirectoryPage(ward.space, events)
    qtbot.addWidget(page)
    page.show()
    return page


def save(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    button = box.button(QDialogButtonBox.StandardButton.Save) or box.button(
        QDialogButtonBox.StandardButton.Ok
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def column(model, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_admin_creates_a_user_who_can_then_sign_in(qtbot, ward, events, type_text):
    page = open_page(qtbot, ward, events)
    users = page.users_widget
    qtbot.mouseClick(users.new_button, Qt.MouseButton.LeftButton)
    dialog = users.findChild(UserDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Thêm người dùng"
    type_text(dialog.full_name_edit, "Hoàng Văn Tư")
    qtbot.keyClicks(dialog.login_edit, "tuhv")
    type_text(dialog.position_edit, "Công chức Tư pháp - Hộ tịch")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findText("Văn phòng - Thống kê"))
    assert [c.text() for c in dialog.role_checks.values()] == [
        "Văn thư",
        "Lãnh đạo",
        "Cán bộ, công chức",
        "Quản trị hệ thống",
    ]
    dialog.role_checks[Role.OFFICIAL].setChecked(True)
    qtbot.keyClicks(dialog.password_edit, "tuphap2026")
    qtbot.keyClicks(dialog.password2_edit, "tuphap2026")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    row = column(users.model, 1).index("tuhv")
    assert users.model.index(row, 0).data() == "Hoàng Văn Tư"
    assert users.model.index(row, 3).data() == "Văn phòng - Thống kê"
    assert users.model.index(row, 4).data() == "Cán bộ, công chức"
    assert users.model.index(row, 5).data() == "Đang hoạt động"

    ward.space.sign_out()
    sign_in = SignInDialog(ward.space)
    qtbot.addWidget(sign_in)
    sign_in.show()
    qtbot.keyClicks(sign_in.login_edit, "tuhv")
    qtbot.keyClicks(sign_in.password_edit, "tuphap2026")
    qtbot.keyClick(sign_in.password_edit, Qt.Key.Key_Return)
    assert ward.space.auth.user.full_name == "Hoàng Văn Tư"


def test_user_without_role_is_refused_beside_the_field(qtbot, ward, events, type_text):
    page = open_page(qtbot, ward, events)
    qtbot.mouseClick(page.users_widget.new_button, Qt.MouseButton.LeftButton)
    dialog = page.users_widget.findChild(UserDialog)
    type_text(dialog.full_name_edit, "Ngô Thị Mai")
    qtbot.keyClicks(dialog.login_edit, "maint")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.password2_edit, PASSWORD)
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Người dùng cần ít nhất một vai trò."
    assert "maint" not in column(page.users_widget.model, 1)


def test_admin_deactivates_a_user(qtbot, ward, events):
    page = open_page(qtbot, ward, events)
    users = page.users_widget
    users.select_id(ward.official2)
    assert users.edit_button.isEnabled()
    qtbot.mouseClick(users.edit_button, Qt.MouseButton.LeftButton)
    dialog = users.findChild(UserDialog)
    assert dialog.login_edit.isReadOnly()
    dialog.active_check.setChecked(False)
    save(qtbot, dialog)
    row = users.model.row_of(ward.official2)
    assert users.model.index(row, 5).data() == "Ngừng hoạt động"


def test_reset_password_lets_the_user_sign_in_with_the_new_one(qtbot, ward, events):
    page = open_page(qtbot, ward, events)
    users = page.users_widget
    users.select_id(ward.clerk)
    qtbot.mouseClick(users.reset_button, Qt.MouseButton.LeftButton)
    dialog = users.findChild(ResetPasswordDialog)
    qtbot.keyClicks(dialog.password_edit, "moi123456")
    qtbot.keyClicks(dialog.password2_edit, "moi123456")
    save(qtbot, dialog)
    assert users.status_label.text() == "Đã đặt lại mật khẩu cho Nguyễn Thị Hoa."
    assert ward.space.sign_in("vanthu", "moi123456").login == "vanthu"


def test_admin_adds_a_unit(qtbot, ward, events, type_text):
    page = open_page(qtbot, ward, events)
    units = page.units_widget
    qtbot.mouseClick(units.new_button, Qt.MouseButton.LeftButton)
    dialog = units.findChild(UnitDialog)
    type_text(dialog.name_edit, "Tư pháp - Hộ tịch")
    qtbot.keyClicks(dialog.abbreviation_edit, "TP")
    save(qtbot, dialog)
    assert "Tư pháp - Hộ tịch" in column(units.model, 0)


def test_unit_abbreviation_with_a_space_is_refused(qtbot, ward, events, type_text):
    page = open_page(qtbot, ward, events)
    units = page.units_widget
    qtbot.mouseClick(units.new_button, Qt.MouseButton.LeftButton)
    dialog = units.findChild(UnitDialog)
    type_text(dialog.name_edit, "Văn hóa - Xã hội")
    qtbot.keyClicks(dialog.abbreviation_edit, "VH XH")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "không dấu cách" in dialog.error_label.text()


def test_deactivating_a_unit_greys_it(qtbot, ward, events, monkeypatch):
    monkeypatch.setattr("app.views.admin.units_widget.ask_yes_no", lambda *_: True)
    page = open_page(qtbot, ward, events)
    units = page.units_widget
    units.select_id(ward.unit_dc)
    assert units.toggle_button.text() == "Ngừng hoạt động"
    qtbot.mouseClick(units.toggle_button, Qt.MouseButton.LeftButton)
    row = units.model.row_of(ward.unit_dc)
    assert units.model.index(row, 2).data() == "Ngừng hoạt động"
    assert units.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    units.select_id(ward.unit_dc)
    assert units.toggle_button.text() == "Hoạt động lại"


def test_organisation_form_saves(qtbot, ward, events, type_text):
    page = open_page(qtbot, ward, events)
    form = page.organisation_form
    assert form.fields.name_edit.text() == "UBND phường Gia Thụy"
    form.fields.place_edit.clear()
    type_text(form.fields.place_edit, "Long Biên")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.status_label.text() == "Đã lưu thông tin cơ quan."
    assert ward.space.directory.organisation().place_name == "Long Biên"


def test_organisation_code_error_is_shown(qtbot, ward, events):
    page = open_page(qtbot, ward, events)
    form = page.organisation_form
    form.fields.code_edit.clear()
    qtbot.keyClicks(form.fields.code_edit, "abc")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_label.text().startswith("Mã định danh chỉ gồm")
    assert form.fields.code_edit.property("error") is True


def test_registers_tab_explains_when_empty(qtbot, ward, events):
    page = open_page(qtbot, ward, events)
    registers = page.registers_widget
    assert registers.model.rowCount() == 0
    assert registers.status_label.text().startswith("Chưa có sổ nào.")
    assert registers.model.index(0, 0).data(IdRole) is None
