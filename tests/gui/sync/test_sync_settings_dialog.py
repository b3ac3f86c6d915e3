"""The "Máy chủ đồng bộ" dialog: a target is probed before it can be saved."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt

from app.ui_support.events import AppEvents
from app.views.app_main import build_main_window
from app.views.sync.settings_dialog import SyncSettingsDialog
from tests.conftest import Ward


def open_dialog(qtbot, ward: Ward) -> SyncSettingsDialog:
    dialog = SyncSettingsDialog(ward.space)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_folder_that_does_not_exist_is_refused(qtbot, live_ward: Ward, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, live_ward)
    assert dialog.folder_radio.isChecked()
    assert "Chưa cấu hình" in dialog.current_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.folder_edit.setText(str(tmp_path / "khong-co"))
    click(qtbot, dialog.check_button)
    verdict = dialog.verdict_label.text()
    assert "Không dùng được máy chủ này" in verdict
    assert "khong-co" in verdict
    assert not dialog.save_button.isEnabled()
    assert live_ward.space.target_url == ""


def test_a_shared_folder_is_checked_then_saved(qtbot, live_ward: Ward, tmp_path: Path) -> None:
    folder = tmp_path / "chung"
    folder.mkdir()
    dialog = open_dialog(qtbot, live_ward)
    dialog.folder_edit.setText(str(folder))
    click(qtbot, dialog.check_button)
    verdict = dialog.verdict_label.text()
    assert "Máy chủ dùng được" in verdict
    assert "Tạo tệp nguyên tử đúng" in verdict
    assert " ms" in verdict
    assert dialog.save_button.isEnabled()
    dialog.folder_edit.setText(str(folder) + "/")  # any edit asks for a new check
    assert not dialog.save_button.isEnabled()
    dialog.folder_edit.setText(str(folder))
    click(qtbot, dialog.check_button)
    with qtbot.waitSignal(dialog.target_saved, timeout=5000):
        click(qtbot, dialog.save_button)
    assert dialog.result() == SyncSettingsDialog.DialogCode.Accepted
    assert live_ward.space.target_url == folder.as_uri()
    assert (folder / "space.json").is_file()

    again = open_dialog(qtbot, live_ward)
    assert again.folder_edit.text() == str(folder)
    assert str(folder) in again.current_label.text()


def test_s3_fields_are_required_and_the_form_turns_into_a_url(qtbot, live_ward: Ward) -> None:
    dialog = open_dialog(qtbot, live_ward)
    click(qtbot, dialog.s3_radio)
    assert dialog.s3_page.isVisible()
    assert not dialog.folder_page.isVisible()
    click(qtbot, dialog.check_button)
    assert "Hãy nhập địa chỉ máy chủ và bucket" in dialog.verdict_label.text()
    dialog.endpoint_edit.setText("http://127.0.0.1:8333/")
    dialog.bucket_edit.setText("vanban")
    dialog.prefix_edit.setText("/giathuy/")
    click(qtbot, dialog.check_button)
    assert "access key" in dialog.verdict_label.text()
    assert dialog.target_url() == "s3://vanban/giathuy?endpoint=http://127.0.0.1:8333"
    assert dialog.secret_edit.echoMode() == dialog.secret_edit.EchoMode.Password


def test_the_system_menu_opens_the_dialog_beside_the_scan_folder(
    qtbot, live_ward: Ward, events: AppEvents
) -> None:
    live_ward.as_user("vanthu")
    window = build_main_window(live_ward.space, events)
    qtbot.addWidget(window)
    menu = window.scan_folder_action.associatedObjects()[-1]
    texts = [a.text() for a in menu.actions()]  # type: ignore[union-attr]
    at = texts.index("Thư mục máy quét…")
    assert texts[at + 1] == "Máy chủ đồng bộ…"
    window.sync_settings_action.trigger()
    dialog = window.findChild(SyncSettingsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.reject()
