"""The first-run wizard creates a space with its organisation and first admin."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QWizard

from app.services.space import is_space
from app.views.admin.table_models import ROLE_ORDER
from app.views.first_run_wizard import ADMIN_PAGE, ORGANISATION_PAGE, FirstRunWizard
from tests.conftest import PASSWORD, MemoryKeyring


def make_wizard(qtbot, root: Path, keyring: MemoryKeyring, clock) -> FirstRunWizard:
    wizard = FirstRunWizard(root, clock=clock, keyring_backend=keyring)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button is not None
    assert button.isVisible(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_organisation(qtbot, type_text, wizard: FirstRunWizard) -> None:
    fields = wizard.organisation_page.fields
    type_text(fields.name_edit, "UBND phường Láng Hạ")
    type_text(fields.parent_edit, "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI")
    qtbot.keyClicks(fields.abbreviation_edit, "UBND")
    type_text(fields.place_edit, "Láng Hạ")
    qtbot.keyClicks(fields.code_edit, "000.00.12.H26")


def fill_admin(qtbot, type_text, wizard: FirstRunWizard, password: str, again: str) -> None:
    page = wizard.admin_page
    type_text(page.full_name_edit, "Vũ Thị Lan")
    qtbot.keyClicks(page.login_edit, "lanvt")
    qtbot.keyClicks(page.password_edit, password)
    qtbot.keyClicks(page.password2_edit, again)


def test_creates_space_with_organisation_and_admin(
    qtbot, type_text, tmp_path, memory_keyring, clock
):
    root = tmp_path / "space"
    wizard = make_wizard(qtbot, root, memory_keyring, clock)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == ORGANISATION_PAGE
    fill_organisation(qtbot, type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == ADMIN_PAGE
    fill_admin(qtbot, type_text, wizard, PASSWORD, PASSWORD)
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert is_space(root)
    space = wizard.space
    assert space is not None
    try:
        assert space.directory.organisation().name == "UBND phường Láng Hạ"
        assert space.directory.organisation().code == "000.00.12.H26"
        assert space.auth.user.full_name == "Vũ Thị Lan"
        space.sign_out()
        assert space.sign_in("lanvt", PASSWORD).login == "lanvt"
    finally:
        space.close()


def test_organisation_page_needs_a_name(qtbot, type_text, tmp_path, memory_keyring, clock):
    wizard = make_wizard(qtbot, tmp_path / "space", memory_keyring, clock)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == ORGANISATION_PAGE
    assert wizard.organisation_page.error_label.text() == "Cần nhập tên cơ quan."


def test_refuses_a_short_password(qtbot, type_text, tmp_path, memory_keyring, clock):
    root = tmp_path / "space"
    wizard = make_wizard(qtbot, root, memory_keyring, clock)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_organisation(qtbot, type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_admin(qtbot, type_text, wizard, "123", "123")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible()
    assert wizard.currentId() == ADMIN_PAGE
    assert wizard.admin_page.error_label.text() == "Mật khẩu cần ít nhất 6 ký tự."
    assert wizard.space is None
    assert not is_space(root)


def test_refuses_mismatched_passwords(qtbot, type_text, tmp_path, memory_keyring, clock):
    root = tmp_path / "space"
    wizard = make_wizard(qtbot, root, memory_keyring, clock)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_organisation(qtbot, type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_admin(qtbot, type_text, wizard, PASSWORD, PASSWORD + "x")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible()
    assert wizard.admin_page.error_label.text() == "Hai mật khẩu không khớp."
    assert not is_space(root)


def test_demo_choice_finishes_on_the_first_page(qtbot, type_text, tmp_path, memory_keyring, clock):
    wizard = make_wizard(qtbot, tmp_path / "space", memory_keyring, clock)
    radio = wizard.intro_page.demo_radio
    # a radio button reacts on its circle and label, not the empty width beyond them
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert wizard.intro_page.demo_radio.isChecked()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish is not None
    assert finish.isVisible()
    assert finish.text() == "Hoàn tất"


def test_demo_choice_creates_the_demo_ward(qtbot, tmp_path, monkeypatch, memory_keyring, clock):
    import keyring

    from app.services import demo

    # the demo has no keyring parameter: give it the test's in-memory one (encrypted files are slow)
    monkeypatch.setattr(keyring, "get_keyring", lambda: memory_keyring)

    def small_demo(root, *, clock=None):
        return demo.create_demo_space(root, clock=clock, documents=3)

    monkeypatch.setattr("app.views.first_run_wizard.create_demo_space", small_demo)
    root = tmp_path / "space"
    wizard = make_wizard(qtbot, root, None, clock)
    radio = wizard.intro_page.demo_radio
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    with qtbot.waitSignal(wizard.accepted, timeout=60000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert is_space(root)
    assert wizard.space is not None
    try:
        assert wizard.space.directory.organisation().name == "UBND phường Gia Thụy"
        assert [role for _login, role in wizard.demo_accounts] == list(ROLE_ORDER)
        assert wizard.demo_password == demo.DEMO_PASSWORD
    finally:
        wizard.space.close()
