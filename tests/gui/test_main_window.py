"""The main window: each user's lists with counts, "Quản trị" only for admins, switching users."""

from __future__ import annotations

from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtWidgets import QLabel

from app.services.changes import Changes
from app.services.incoming_dto import Box
from app.ui_support.events import AppEvents
from app.views.admin import DirectoryPage
from app.views.app_main import build_main_window
from app.views.main_window import MainWindow
from app.views.navigation import ADMIN_KEY, OUTGOING_KEY
from app.views.sign_in_dialog import SignInDialog
from tests.conftest import PASSWORD, Ward

CLERK_BOXES = [
    Box.QUEUE,
    Box.TO_SUBMIT,
    Box.PENDING,
    Box.IN_PROGRESS,
    Box.DONE,
    Box.COORDINATE,
    Box.INFO,
    Box.ALL,
]


def open_window(qtbot, ward: Ward, events: AppEvents, login: str) -> MainWindow:
    ward.as_user(login)
    window = build_main_window(ward.space, events)
    qtbot.addWidget(window)
    window.show()
    return window


def test_clerk_sees_their_lists_with_counts(qtbot, ward, events, sample_pdf):
    window = open_window(qtbot, ward, events, "vanthu")
    nav = window.navigation
    assert nav.entry_keys() == [*CLERK_BOXES, OUTGOING_KEY]
    assert nav.entry_text(Box.QUEUE) == "Chờ vào sổ (0)"
    assert nav.entry_text(Box.ALL) == "Sổ văn bản đến (0)"
    doc_id = ward.space.incoming.queue_file(sample_pdf)
    events.emit_changed(Changes(incoming=frozenset({doc_id})))
    assert nav.entry_text(Box.QUEUE) == "Chờ vào sổ (1)"
    assert nav.current_key() == Box.QUEUE


def test_non_admin_has_no_administration(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "chutich")
    keys = window.navigation.entry_keys()
    assert ADMIN_KEY not in keys
    assert Box.TO_DIRECT in keys
    assert Box.QUEUE not in keys
    assert window.navigation.entry_text(Box.TO_DIRECT) == "Chờ chỉ đạo (0)"


def test_admin_opens_administration(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "admin")
    assert window.navigation.entry_keys()[-1] == ADMIN_KEY
    window.show_entry(ADMIN_KEY)
    page = window.current_page()
    assert isinstance(page, DirectoryPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Cơ quan",
        "Đơn vị",
        "Người dùng",
        "Sổ đăng ký",
        "Máy tính",
    ]


def test_status_bar_names_the_user_and_the_sync_state(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "vanthu")
    assert window.user_label.text() == "Người dùng: Nguyễn Thị Hoa (Văn thư)"
    assert window.sync_label.text() == "Đồng bộ: chưa cấu hình — làm việc trên máy này"
    assert window.windowTitle() == "Văn phòng điện tử — UBND phường Gia Thụy"


def test_ctrl_number_jumps_to_a_list(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "vanthu")
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.current_key() == Box.PENDING
    page = window.current_page()
    assert page is not None
    assert page is window.stack.currentWidget()
    assert not (isinstance(page, QLabel) and page.text() == "Chọn một danh sách ở bên trái.")


def test_switch_user_signs_out_and_asks_again(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "vanthu")
    window.switch_user_action.trigger()
    assert not ward.space.auth.signed_in
    assert window.navigation.entry_keys() == []
    dialog = window.findChild(SignInDialog)
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.login_edit, "chutich")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert ward.space.auth.user.login == "chutich"
    assert Box.TO_DIRECT in window.navigation.entry_keys()
    assert window.user_label.text() == "Người dùng: Trần Văn Nam (Lãnh đạo)"


def test_remembers_geometry_and_splitter(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "vanthu")
    window.resize(700, 500)  # the offscreen screen is 800×600
    window.close()
    settings = QSettings()
    assert settings.value("main_window/geometry") is not None
    assert settings.value("main_window/splitter") is not None
    again = build_main_window(ward.space, events)
    qtbot.addWidget(again)
    assert again.size().width() == 700
