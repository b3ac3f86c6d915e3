"""The "Máy tính" tab of the admin page: approving a new PC by its code, revoking a lost one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialogButtonBox

from app.services.join import Joined, join_space
from app.timeutil import FixedClock
from app.ui_support.events import AppEvents
from app.views.admin import DirectoryPage, device_dialogs
from app.views.admin.device_dialogs import ApproveDeviceDialog, RevokeDeviceDialog
from tests.conftest import PASSWORD
from tests.sync.conftest import Office


@pytest.fixture
def joining(folder_office: Office) -> Iterator[Joined]:
    """A PC that asked to join the ward as "canbo" and waits for its code to be approved."""
    joined = join_space(
        folder_office.root / "pc-canbo",
        folder_office.url,
        "canbo",
        PASSWORD,
        label="PC-CANBO",
        clock=FixedClock(folder_office.genesis.clock.now()),
        keyring_backend=folder_office.keyring,
    )
    yield joined
    joined.space.close()


def open_page(qtbot, office: Office, events: AppEvents) -> DirectoryPage:
    page = DirectoryPage(office.ward.as_user("admin"), events)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.devices_widget)
    return page


def rows(page: DirectoryPage) -> list[tuple[str, str, str]]:
    model = page.devices_widget.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def ok(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_admin_approves_a_new_pc_by_its_code(
    qtbot, folder_office: Office, joining: Joined, events: AppEvents
) -> None:
    page = open_page(qtbot, folder_office, events)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Máy tính"
    assert [state for _label, _login, state in rows(page)] == ["Đang dùng — máy này"]
    widget = page.devices_widget
    qtbot.mouseClick(widget.approve_button, Qt.MouseButton.LeftButton)
    dialog = widget.findChild(ApproveDeviceDialog)
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.code_edit, "K7QM")  # too short
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Mã đăng ký máy gồm 8 ký tự, ví dụ K7QM-3XPA."
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, joining.code.lower().replace("-", ""))  # as typed
    with qtbot.waitSignal(events.changed, timeout=5000):
        ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert ("PC-CANBO", "canbo", "Đang dùng") in rows(page)
    assert widget.status_label.text() == "Đã duyệt máy PC-CANBO (canbo)."
    assert widget.current_row().label == "PC-CANBO"

    # the PC is enrolled: after both sync, it may sign in and work
    folder_office.genesis.sync.sync_once()
    joining.space.sync.sync_once()
    joining.space.sign_in("canbo", PASSWORD)
    assert joining.space.auth.user.login == "canbo"


def test_a_code_nobody_asked_for_is_refused_in_the_dialog(
    qtbot, folder_office: Office, events: AppEvents
) -> None:
    page = open_page(qtbot, folder_office, events)
    dialog = page.devices_widget.open_approve_dialog()
    qtbot.keyClicks(dialog.code_edit, "ABCD-EFGH")
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "Không tìm thấy yêu cầu tham gia với mã ABCD-EFGH" in dialog.error_label.text()
    dialog.reject()


def test_admin_revokes_a_lost_pc_with_a_reason(
    qtbot, folder_office: Office, events: AppEvents, monkeypatch
) -> None:
    folder_office.join("pc1", "vanthu")
    asked: list[str] = []

    def yes(_parent, _title, text):
        asked.append(text)
        return True

    monkeypatch.setattr(device_dialogs, "ask_yes_no", yes)
    page = open_page(qtbot, folder_office, events)
    widget = page.devices_widget
    assert not widget.revoke_button.isEnabled()  # nothing selected
    widget.select_id(next(d.id for d in folder_office.genesis.sync.devices() if d.this_device))
    qtbot.mouseClick(widget.revoke_button, Qt.MouseButton.LeftButton)
    assert widget.status_label.text() == "Không thể thu hồi chính máy đang dùng."
    assert widget.findChild(RevokeDeviceDialog) is None

    widget.select_id(next(d.id for d in folder_office.genesis.sync.devices() if d.label == "pc1"))
    qtbot.mouseClick(widget.revoke_button, Qt.MouseButton.LeftButton)
    dialog = widget.findChild(RevokeDeviceDialog)
    assert dialog is not None
    ok(qtbot, dialog)  # no reason yet
    assert dialog.error_label.text() == "Hãy ghi lý do thu hồi máy."
    assert asked == []
    qtbot.keyClicks(dialog.reason_edit, "may bi mat")
    ok(qtbot, dialog)
    assert asked == ["Thu hồi máy pc1? Không thể hoàn tác."]
    assert not dialog.isVisible()
    assert ("pc1", "vanthu", "Đã thu hồi") in rows(page)
    assert widget.status_label.text() == "Đã thu hồi máy pc1."
