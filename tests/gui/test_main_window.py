"""The main window: each user's lists with counts, "Quản trị" only for admins, switching users."""

from __future__ import annotations

from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtWidgets import QLabel

from app.models.enums import AssigneeKind
from app.services.changes import Changes
from app.services.incoming_dto import Box, HandlerRef
from app.services.task_dto import TaskBox, TaskForm
from app.ui_support.events import AppEvents
from app.views.admin import DirectoryPage
from app.views.app_main import build_main_window
from app.views.dashboard.page import DashboardPage
from app.views.main_window import MainWindow
from app.views.navigation import (
    ADMIN_KEY,
    DASHBOARD_KEY,
    OUTGOING_KEY,
    SCHEDULE_KEY,
    SEARCH_KEY,
    STATISTICS_KEY,
)
from app.views.search.page import SearchPage
from app.views.sign_in_dialog import SignInDialog
from app.views.tasks.page import TasksPage
from tests.conftest import PASSWORD, Ward

CLERK_BOXES = [
    Box.QUEUE,
    Box.TO_SUBMIT,
    Box.PENDING,
    Box.IN_PROGRESS,
    Box.OVERDUE,
    Box.DUE_WEEK,
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
    task_boxes = [b for b in TaskBox if b != TaskBox.BY_ME]  # only leaders assign
    assert nav.entry_keys() == [
        DASHBOARD_KEY,
        STATISTICS_KEY,
        SEARCH_KEY,
        *CLERK_BOXES,
        OUTGOING_KEY,
        *task_boxes,
        SCHEDULE_KEY,
    ]
    qtbot.waitUntil(lambda: nav.entry_text(Box.QUEUE) == "Chờ vào sổ (0)")
    assert nav.entry_text(Box.ALL) == "Sổ văn bản đến (0)"
    qtbot.waitUntil(lambda: nav.entry_text(TaskBox.MINE) == "Việc được giao (0)")
    doc_id = ward.space.incoming.queue_file(sample_pdf)
    events.emit_changed(Changes(incoming=frozenset({doc_id})))
    qtbot.waitUntil(lambda: nav.entry_text(Box.QUEUE) == "Chờ vào sổ (1)")
    assert nav.current_key() == DASHBOARD_KEY
    assert isinstance(window.current_page(), DashboardPage)


def test_a_leaders_task_lists_and_the_count_of_a_new_task(qtbot, ward, events):
    window = open_window(qtbot, ward, events, "chutich")
    nav = window.navigation
    qtbot.waitUntil(lambda: nav.entry_text(TaskBox.UNIT) == "Tất cả công việc (0)")
    assert nav.entry_text(TaskBox.BY_ME) == "Việc tôi giao (0)"
    task_id = ward.space.tasks.assign(
        TaskForm("Rà soát hộ nghèo", HandlerRef(AssigneeKind.USER, ward.official))
    )
    events.emit_changed(Changes(tasks=frozenset({task_id})))
    qtbot.waitUntil(lambda: nav.entry_text(TaskBox.BY_ME) == "Việc tôi giao (1)")
    window.show_entry(TaskBox.BY_ME)
    page = window.current_page()
    assert isinstance(page, TasksPage)
    assert page.box == TaskBox.BY_ME


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
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.current_key() == Box.QUEUE
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


def test_every_dashboard_tile_opens_a_list_of_the_navigation(qtbot, ward, events):
    for login in ("vanthu", "chutich", "canbo"):
        window = open_window(qtbot, ward, events, login)
        page = window.current_page()
        assert isinstance(page, DashboardPage)
        keys = window.navigation.entry_keys()
        tiles = ward.space.statistics.dashboard().tiles
        assert tiles
        for tile in tiles:
            assert tile.key in keys, (login, tile.name)
        tile = tiles[-1]
        page.open_list.emit(tile.key)
        assert window.navigation.current_key() == tile.key
        window.end_session()


def test_ctrl_f_opens_the_search_and_a_result_opens_in_its_list(qtbot, ward, events, sample_pdf):
    window = open_window(qtbot, ward, events, "vanthu")
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, SearchPage)
    assert window.navigation.current_key() == SEARCH_KEY
    doc_id = ward.space.incoming.queue_file(sample_pdf)
    window.open_item("incoming", doc_id)
    assert window.navigation.current_key() == Box.ALL
