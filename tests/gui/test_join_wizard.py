"""The first-run wizard's join choice: a new PC of the ward joins its space from the sync server,
shows its enrolment code and waits for the admin's approval."""

from __future__ import annotations

import datetime as dt
import json
import platform
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QWizard

from app.services import enrolment
from app.services.space import is_space
from app.timeutil import FixedClock
from app.ui_support import ops
from app.views.app_main import _open_or_create
from app.views.first_run_wizard import (
    JOIN_ACCOUNT_PAGE,
    JOIN_CODE_PAGE,
    JOIN_SERVER_PAGE,
    FirstRunWizard,
)
from app.views.sign_in_dialog import SignInDialog
from tests.conftest import PASSWORD, MemoryKeyring
from tests.sync.conftest import Office, make_office

CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$")


@pytest.fixture
def office(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[Office]:
    """A ward whose first PC syncs through the folder tmp_path/server (clocks at the real time:
    the probe compares ours with the folder's)."""
    server = tmp_path / "server"
    server.mkdir()
    clock = FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    office = make_office(tmp_path, server.as_uri(), clock, memory_keyring)
    yield office
    ops.wait_all()
    for space in office.devices:
        space.close()
    office.genesis.close()


def make_wizard(qtbot, root: Path, office: Office) -> FirstRunWizard:
    wizard = FirstRunWizard(
        root, clock=FixedClock(office.genesis.clock.now()), keyring_backend=office.keyring
    )
    wizard.join_code_page.poll_interval_ms = 20
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def button(wizard: FirstRunWizard, which: QWizard.WizardButton):
    found = wizard.button(which)
    assert found is not None
    return found


def click(qtbot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    found = button(wizard, which)
    assert found.isVisible(), which
    assert found.isEnabled(), which
    qtbot.mouseClick(found, Qt.MouseButton.LeftButton)


def choose_join(qtbot, wizard: FirstRunWizard) -> None:
    radio = wizard.intro_page.join_radio
    # a radio button reacts on its circle and label, not the empty width beyond them
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == JOIN_SERVER_PAGE


def check_folder(qtbot, wizard: FirstRunWizard, folder: Path) -> str:
    page = wizard.join_server_page
    page.form.folder_edit.setText(str(folder))
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    return page.form.verdict_label.text()


def fill_account(qtbot, wizard: FirstRunWizard, login: str, password: str) -> None:
    page = wizard.join_account_page
    qtbot.keyClicks(page.login_edit, login)
    qtbot.keyClicks(page.password_edit, password)


def reach_account_page(qtbot, wizard: FirstRunWizard, office: Office) -> None:
    choose_join(qtbot, wizard)
    verdict = check_folder(qtbot, wizard, office.root / "server")
    assert "Máy chủ dùng được" in verdict, verdict
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == JOIN_ACCOUNT_PAGE


def join(qtbot, wizard: FirstRunWizard, office: Office, login: str, password: str) -> None:
    """Through the pages up to the code page, and wait until the join has ended."""
    reach_account_page(qtbot, wizard, office)
    fill_account(qtbot, wizard, login, password)
    commit = button(wizard, QWizard.WizardButton.CommitButton)
    assert commit.text() == "Tham gia"
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.join_code_page
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def enrolment_request(office: Office, code: str) -> dict[str, str]:
    data: dict[str, str] = json.loads(
        (office.root / "server" / "enroll" / f"{code}.json").read_bytes()
    )
    return data


def test_a_new_pc_joins_shows_its_code_and_sees_the_approval(
    qtbot, tmp_path: Path, office: Office
) -> None:
    root = tmp_path / "pc-canbo"
    wizard = make_wizard(qtbot, root, office)
    choose_join(qtbot, wizard)
    assert not button(wizard, QWizard.WizardButton.NextButton).isEnabled()  # not checked yet
    verdict = check_folder(qtbot, wizard, office.root / "server")
    assert "Máy chủ dùng được" in verdict
    assert "UBND phường Gia Thụy" in wizard.join_server_page.ward_label.text()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.join_account_page.label_edit.text() == platform.node()
    fill_account(qtbot, wizard, "canbo", PASSWORD)
    wizard.join_account_page.label_edit.setText("PC-CANBO")
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == JOIN_CODE_PAGE
    page = wizard.join_code_page
    qtbot.waitUntil(lambda: page.joined is not None, timeout=10000)

    code = page.code_label.text()
    assert CODE.match(code)
    assert page.stack.currentWidget() is page.code_panel
    request = enrolment_request(office, code)
    assert request["login"] == "canbo"
    assert request["label"] == "PC-CANBO"
    assert wizard.space is not None
    assert request["device_id"] == wizard.space.device_id
    assert page.status_label.text() == "Đang chờ quản trị viên duyệt…"
    finish = button(wizard, QWizard.WizardButton.FinishButton)
    assert finish.text() == "Đóng, duyệt sau"
    assert finish.isEnabled()
    assert not button(wizard, QWizard.WizardButton.BackButton).isEnabled()
    assert not button(wizard, QWizard.WizardButton.CancelButton).isEnabled()

    admin = office.ward.as_user("admin")
    admin.sync.approve(code)
    admin.sync.sync_once()
    qtbot.waitUntil(lambda: page.approved, timeout=10000)
    assert "Đã được duyệt" in page.status_label.text()
    assert not page.wait_bar.isVisible()
    assert finish.text() == "Hoàn tất"
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    space = wizard.space
    try:
        assert wizard.joined_login == "canbo"
        assert wizard.join_approved
        assert space.sign_in("canbo", PASSWORD).login == "canbo"
    finally:
        space.close()


def test_closing_before_the_approval_leaves_a_pc_that_can_sign_in(
    qtbot, tmp_path: Path, office: Office
) -> None:
    wizard = make_wizard(qtbot, tmp_path / "pc-vanthu", office)
    join(qtbot, wizard, office, "vanthu", PASSWORD)
    assert wizard.join_code_page.synced
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.join_approved
    space = wizard.space
    assert space is not None
    try:
        # the directory came with the wizard's round: the sign-in finds the user
        assert space.sign_in("vanthu", PASSWORD).full_name == "Nguyễn Thị Hoa"
        assert not enrolment.is_enrolled(space)
        admin = office.ward.as_user("admin")
        admin.sync.approve(wizard.join_code_page.code_label.text())
        admin.sync.sync_once()
        space.sync.sync_once()
        assert enrolment.is_enrolled(space)
    finally:
        space.close()


def test_finishing_runs_a_round_when_the_first_one_failed(
    qtbot, tmp_path: Path, office: Office, monkeypatch
) -> None:
    def offline(_space):
        return enrolment.EnrolmentState(approved=False, synced=False, error="Mất kết nối.")

    monkeypatch.setattr(enrolment, "enrolment_round", offline)  # the join's round only
    wizard = make_wizard(qtbot, tmp_path / "pc-canbo", office)
    wizard.join_code_page.poll_interval_ms = 60_000  # no round of the wait gets in between
    join(qtbot, wizard, office, "canbo", PASSWORD)
    page = wizard.join_code_page
    assert page.joined is not None
    assert not page.synced
    assert "Chưa đồng bộ được: Mất kết nối." in page.sync_label.text()
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert page.synced
    assert wizard.space is not None
    try:
        assert wizard.space.sign_in("canbo", PASSWORD).login == "canbo"
    finally:
        wizard.space.close()


def test_a_folder_without_a_space_is_refused(qtbot, tmp_path: Path, office: Office) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    root = tmp_path / "pc-new"
    wizard = make_wizard(qtbot, root, office)
    choose_join(qtbot, wizard)
    verdict = check_folder(qtbot, wizard, empty)
    assert "Không dùng được máy chủ này" in verdict
    assert "Không tìm thấy không gian làm việc nào trên máy chủ đồng bộ" in verdict
    assert not button(wizard, QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.join_server_page.ward_label.text() == ""
    assert not root.exists()


def test_an_unreachable_folder_is_refused(qtbot, tmp_path: Path, office: Office) -> None:
    wizard = make_wizard(qtbot, tmp_path / "pc-new", office)
    choose_join(qtbot, wizard)
    verdict = check_folder(qtbot, wizard, tmp_path / "khong-co")
    assert "Không dùng được máy chủ này" in verdict
    assert "khong-co" in verdict
    assert not button(wizard, QWizard.WizardButton.NextButton).isEnabled()
    # the right folder passes; an edit afterwards asks for a new check
    assert "Máy chủ dùng được" in check_folder(qtbot, wizard, office.root / "server")
    assert button(wizard, QWizard.WizardButton.NextButton).isEnabled()
    wizard.join_server_page.form.folder_edit.setText(str(tmp_path / "khong-co"))
    assert not button(wizard, QWizard.WizardButton.NextButton).isEnabled()


def test_the_fields_must_be_filled(qtbot, tmp_path: Path, office: Office) -> None:
    wizard = make_wizard(qtbot, tmp_path / "pc-new", office)
    reach_account_page(qtbot, wizard, office)
    page = wizard.join_account_page
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == JOIN_ACCOUNT_PAGE
    assert page.error_label.text() == "Hãy nhập tên đăng nhập."
    qtbot.keyClicks(page.login_edit, "canbo")
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert page.error_label.text() == "Hãy nhập mật khẩu."
    qtbot.keyClicks(page.password_edit, PASSWORD)
    page.label_edit.clear()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert page.error_label.text() == "Hãy đặt tên cho máy tính này."
    assert wizard.currentId() == JOIN_ACCOUNT_PAGE
    assert not (tmp_path / "pc-new").exists()


def test_a_wrong_password_is_refused_and_nothing_is_left(
    qtbot, tmp_path: Path, office: Office
) -> None:
    root = tmp_path / "pc-canbo"
    wizard = make_wizard(qtbot, root, office)
    join(qtbot, wizard, office, "canbo", "sai-mat-khau")
    assert wizard.currentId() == JOIN_ACCOUNT_PAGE
    error = wizard.join_account_page.error_label.text()
    assert "Tên đăng nhập hoặc mật khẩu không khớp" in error
    assert wizard.space is None
    assert not root.exists()
    assert list((office.root / "server" / "enroll").glob("*.json")) == []  # withdrawn
    # with the right password the same wizard joins
    wizard.join_account_page.password_edit.setText(PASSWORD)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.join_code_page
    qtbot.waitUntil(lambda: page.joined is not None, timeout=10000)
    assert is_space(root)
    page.stop()
    assert wizard.space is not None
    wizard.space.close()


def test_a_space_folder_that_is_not_empty_is_left_as_it_was(
    qtbot, tmp_path: Path, office: Office
) -> None:
    root = tmp_path / "pc-canbo"
    root.mkdir()
    (root / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    wizard = make_wizard(qtbot, root, office)
    join(qtbot, wizard, office, "canbo", PASSWORD)
    assert wizard.currentId() == JOIN_ACCOUNT_PAGE
    assert "không trống" in wizard.join_account_page.error_label.text()
    assert [p.name for p in root.iterdir()] == ["ghi-chu.txt"]
    assert wizard.space is None


def test_a_server_gone_after_the_check_is_reported_and_nothing_is_left(
    qtbot, tmp_path: Path, office: Office
) -> None:
    root = tmp_path / "pc-canbo"
    wizard = make_wizard(qtbot, root, office)
    reach_account_page(qtbot, wizard, office)
    fill_account(qtbot, wizard, "canbo", PASSWORD)
    server = office.root / "server"
    unplugged = server.with_name("server-unplugged")
    server.rename(unplugged)
    try:
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(lambda: wizard.currentId() == JOIN_ACCOUNT_PAGE, timeout=10000)
    finally:
        unplugged.rename(server)
    assert wizard.join_account_page.error_label.text() != ""
    assert wizard.space is None
    assert not root.exists()
    click(qtbot, wizard, QWizard.WizardButton.BackButton)  # to fix the server
    assert wizard.currentId() == JOIN_SERVER_PAGE


def test_closing_the_window_is_refused_while_joining_and_finishes_after(
    qtbot, tmp_path: Path, office: Office
) -> None:
    wizard = make_wizard(qtbot, tmp_path / "pc-canbo", office)
    join(qtbot, wizard, office, "canbo", PASSWORD)
    page = wizard.join_code_page
    page.busy = True  # as while the data is downloaded
    wizard.reject()
    assert wizard.isVisible()
    page.busy = False
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        wizard.reject()  # the title bar's close button, once joined: "Đóng, duyệt sau"
    assert wizard.space is not None
    wizard.space.close()


def test_going_back_from_a_failed_join_gives_back_the_cancel_button(
    qtbot, tmp_path: Path, office: Office
) -> None:
    wizard = make_wizard(qtbot, tmp_path / "pc-canbo", office)
    join(qtbot, wizard, office, "canbo", "sai-mat-khau")
    assert wizard.currentId() == JOIN_ACCOUNT_PAGE
    assert button(wizard, QWizard.WizardButton.CancelButton).isEnabled()
    with qtbot.waitSignal(wizard.rejected, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.space is None


def test_the_app_opens_the_joined_space_on_the_usual_sign_in(
    qtbot, tmp_path: Path, office: Office, monkeypatch
) -> None:
    """As `run_gui` does on a new PC (no OS keyring: the key waits in a file the password opens)."""

    def user_joins(wizard: FirstRunWizard) -> int:  # the modal exec(), clicked through
        wizard.join_code_page.poll_interval_ms = 20
        qtbot.addWidget(wizard)
        wizard.show()
        join(qtbot, wizard, office, "canbo", PASSWORD)
        with qtbot.waitSignal(wizard.accepted, timeout=5000):
            click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        return wizard.result()

    monkeypatch.setattr(FirstRunWizard, "exec", user_joins)
    opened = _open_or_create(tmp_path / "pc-canbo")
    space = opened.space
    assert space is not None
    try:
        assert opened.login == "canbo"
        assert "đang chờ quản trị viên duyệt" in opened.hint
        dialog = SignInDialog(space, hint=opened.hint, login=opened.login)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.login_edit.text() == "canbo"
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=5000):
            qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        assert space.auth.user.login == "canbo"
    finally:
        ops.wait_all()
        space.close()
