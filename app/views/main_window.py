"""The main window: navigation on the left, the chosen page on the right, menus, status bar."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QByteArray, QSettings, Qt
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence
from PyQt6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QSystemTrayIcon,
    QWidget,
)

from app import __version__
from app.i18n import tr
from app.models.enums import Role
from app.services.auth import ROLE_LABELS
from app.services.changes import Changes
from app.services.directory import OrganisationInfo
from app.services.incoming_dto import Box
from app.services.space import Space
from app.services.task_dto import TaskBox
from app.ui_support import ops
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.admin import DirectoryPage
from app.views.admin.table_models import ROLE_ORDER
from app.views.dashboard.page import DashboardPage
from app.views.incoming.pages import IncomingPage
from app.views.incoming.scan_intake import ScanIntake, choose_scan_folder
from app.views.incoming.signature_panel import use_validator
from app.views.navigation import (
    ADMIN_KEY,
    DASHBOARD_KEY,
    OUTGOING_KEY,
    SCHEDULE_KEY,
    SEARCH_KEY,
    STATISTICS_KEY,
    NavigationWidget,
)
from app.views.ocr_worker import OcrWorker
from app.views.outgoing.page import OutgoingPage
from app.views.password_dialog import ChangePasswordDialog
from app.views.schedule.page import SchedulePage
from app.views.search.page import SearchPage
from app.views.sign_in_dialog import SignInDialog
from app.views.signing.settings_dialog import SigningSettingsDialog
from app.views.signing.validation_dialog import SignatureValidationDialog
from app.views.statistics.page import StatisticsPage
from app.views.sync.controller import SyncController
from app.views.sync.status_widget import SyncStatusWidget
from app.views.tasks.page import TasksPage
from app.views.tasks.reminders import ReminderNotifier


class MainWindow(QMainWindow):
    """Wires the pages of the signed-in user together; pages are created when first shown."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        use_validator(space.signing.validate_pdf)  # incoming PDFs checked against our trust roots
        self._events = events
        self._pages: dict[object, QWidget] = {}
        self._scan_intake: ScanIntake | None = None
        self._org_name = ""
        self.setWindowTitle(tr("Văn phòng điện tử"))
        self.navigation = NavigationWidget()
        self.navigation.entry_selected.connect(self._on_navigation_entry_selected)
        self.stack = QStackedWidget()
        self._empty = QLabel(tr("Chọn một danh sách ở bên trái."))
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self._empty)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1100])
        self.setCentralWidget(self.splitter)
        self.user_label = QLabel()
        self.sync = SyncController(space, events, self)
        self.sync_label = SyncStatusWidget(self.sync, space)
        status = self.statusBar()
        assert status is not None
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.sync_label)
        self.tray = self._make_tray()
        self.reminders = ReminderNotifier(space, events, self.tray, self)
        self.ocr_worker = OcrWorker(space, events, self)  # scans' words for search
        self._build_menus()
        events.changed.connect(self._on_events_changed)
        self._restore_state()
        self.sync.start()

    # -- menus
    def _action(self, text: str, slot: Any, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _on_signing_settings_triggered(self) -> None:
        SigningSettingsDialog(self._space, self).exec()

    def _on_validate_signatures_triggered(self) -> None:
        SignatureValidationDialog(self._space, self).exec()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        assert bar is not None
        system = bar.addMenu(tr("&Hệ thống"))
        view = bar.addMenu(tr("&Xem"))
        help_menu = bar.addMenu(tr("Trợ &giúp"))
        assert system is not None
        assert view is not None
        assert help_menu is not None
        self.change_password_action = self._action(
            tr("Đổi mật khẩu…"), self._on_change_password_triggered
        )
        self.switch_user_action = self._action(
            tr("Đổi người dùng"), self._on_switch_user_triggered, "Ctrl+Shift+L"
        )
        self.quit_action = self._action(tr("Thoát"), self.close, "Ctrl+Q")
        self.export_register_action = self._action(
            tr("In sổ đăng ký văn bản đến…"), self._on_export_register_triggered, "Ctrl+P"
        )
        self.scan_folder_action = self._action(
            tr("Thư mục máy quét…"), self._on_scan_folder_triggered
        )
        sync_settings = self._action(tr("Máy chủ đồng bộ…"), self.sync_label.open_settings)
        self.sync_settings_action = sync_settings
        system.addActions([self.export_register_action, self.scan_folder_action, sync_settings])
        self.signing_settings_action = self._action(
            tr("Cài đặt ký số…"), self._on_signing_settings_triggered
        )
        self.validate_signatures_action = self._action(
            tr("Kiểm tra chữ ký số…"), self._on_validate_signatures_triggered
        )
        system.addActions([self.signing_settings_action, self.validate_signatures_action])
        system.addActions([self.change_password_action, self.switch_user_action])
        system.addSeparator()
        system.addAction(self.quit_action)
        self.refresh_action = self._action(tr("Làm mới"), self.refresh, "F5")
        self.search_action = self._action(
            tr("Tìm kiếm…"), self.open_search, QKeySequence(QKeySequence.StandardKey.Find)
        )
        view.addActions([self.refresh_action, self.search_action])
        view.addSeparator()
        self.go_menu = view.addMenu(tr("Đi tới danh sách"))
        help_menu.addAction(self._action(tr("Giới thiệu"), self._on_about_triggered))

    def _rebuild_go_menu(self) -> None:
        menu = self.go_menu
        assert menu is not None
        for action in menu.actions():
            self.removeAction(action)
            action.deleteLater()
        menu.clear()
        for n, key in enumerate(self.navigation.entry_keys()[:9], start=1):
            title = self.navigation.entry_title(key)
            action = self._action(title, lambda _c=False, k=key: self.show_entry(k), f"Ctrl+{n}")
            menu.addAction(action)
            self.addAction(action)  # shortcuts work while the menu is closed

    # -- session
    def start_session(self) -> None:
        """Show the signed-in user's lists and status; start the scanner intake for a clerk."""
        user = self._space.auth.user
        roles = ", ".join(tr(ROLE_LABELS[r]) for r in ROLE_ORDER if r in user.roles)
        self.user_label.setText(
            tr("Người dùng: {name} ({roles})").format(name=user.full_name, roles=roles)
        )
        QueryOp(self, self._lists).success(self._on_lists_loaded).run()
        self._load_title()
        if Role.CLERK in user.roles:
            self._start_scan_intake()
        self.reminders.start()
        self.ocr_worker.start()

    def _lists(self) -> tuple[list[Box], list[TaskBox]]:
        return self._space.incoming.boxes(), self._space.tasks.boxes()

    def _on_lists_loaded(self, lists: tuple[list[Box], list[TaskBox]]) -> None:
        if not self._space.auth.signed_in:
            return
        roles = self._space.auth.user.roles
        boxes, task_boxes = lists
        self.navigation.set_sections(
            boxes,
            admin=Role.ADMIN in roles,
            task_boxes=task_boxes,
            leader=Role.LEADER in roles,
        )
        self._rebuild_go_menu()
        keys = self.navigation.entry_keys()
        if keys:
            self.show_entry(keys[0])
        self.refresh_counts()

    def end_session(self) -> None:
        """Sign the user out and drop their pages, so the next user sees nothing of them."""
        self._stop_scan_intake()
        self.reminders.stop()
        self.ocr_worker.stop()
        self._space.sign_out()
        self._events.user_changed.emit()
        self.navigation.set_sections([], admin=False)
        self._rebuild_go_menu()
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self.stack.setCurrentWidget(self._empty)
        self.user_label.setText(tr("Chưa đăng nhập"))

    def _start_scan_intake(self) -> None:
        self._scan_intake = ScanIntake(self._space, self._events, self)
        self._scan_intake.start()

    def _stop_scan_intake(self) -> None:
        if self._scan_intake is not None:
            self._scan_intake.stop()
            self._scan_intake.deleteLater()
            self._scan_intake = None

    def _load_title(self) -> None:
        QueryOp(self, self._space.directory.organisation).success(
            self._on_organisation_loaded
        ).run()

    def _on_organisation_loaded(self, org: OrganisationInfo) -> None:
        self._org_name = org.name
        self.setWindowTitle(tr("Văn phòng điện tử — {org}").format(org=org.name))

    # -- pages
    def show_entry(self, key: object) -> None:
        """Show the page of a navigation entry (a Box or "admin"), creating it on first use."""
        if self.navigation.current_key() != key:
            self.navigation.select_key(key)  # comes back through entry_selected
            return
        page = self._pages.get(key)
        if page is None:
            page = self._create_page(key)
            self._pages[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def current_page(self) -> QWidget | None:
        """The page on show."""
        return self.stack.currentWidget()

    def _create_page(self, key: object) -> QWidget:
        space, events = self._space, self._events
        if key == ADMIN_KEY:
            return DirectoryPage(space, events)
        if key == OUTGOING_KEY:
            return OutgoingPage(space, events)
        if key == DASHBOARD_KEY:
            dashboard = DashboardPage(space, events)
            dashboard.open_list.connect(self.show_entry)
            return dashboard
        if key == STATISTICS_KEY:
            return StatisticsPage(space, events)
        if key == SCHEDULE_KEY:
            return SchedulePage(space, events)
        if key == SEARCH_KEY:
            search = SearchPage(space, events)
            search.open_item.connect(self.open_item)
            return search
        page: IncomingPage | TasksPage
        if key in set(TaskBox):
            page = TasksPage(space, events, TaskBox(str(key)))
        else:
            page = IncomingPage(space, events, Box(str(key)))
        page.counts_changed.connect(self.refresh_counts)
        return page

    def _on_navigation_entry_selected(self, key: object) -> None:
        self.show_entry(key)

    def open_search(self) -> None:
        """Ctrl+F from anywhere: the search page, with the focus in its box."""
        if not self._space.auth.signed_in:
            return
        self.show_entry(SEARCH_KEY)
        page = self._pages.get(SEARCH_KEY)
        if isinstance(page, SearchPage):
            page.focus_query()

    def open_item(self, kind: str, item_id: str) -> None:
        """A search result: its list (the register, all tasks, the schedule), with it selected
        when that list has loaded it."""
        keys = {
            "incoming": Box.ALL,
            "outgoing": OUTGOING_KEY,
            "task": TaskBox.UNIT,
            "schedule": SCHEDULE_KEY,
        }
        key = keys.get(kind)
        if key is None:
            return
        self.show_entry(key)
        page = self._pages.get(key)
        if kind == "schedule" and isinstance(page, SchedulePage):
            week = self._space.schedule.entry(item_id).week_id
            page.show_week(week)
            return
        select = getattr(page, "select_id", None)
        if callable(select) and not select(item_id):
            want = getattr(page, "want_selected", None)
            if callable(want):
                want(item_id)

    # -- refresh
    def refresh_counts(self) -> None:
        """Re-count the lists."""
        if not self._space.auth.signed_in:
            return
        QueryOp(self, self._space.incoming.box_counts).success(self.navigation.set_counts).run()
        QueryOp(self, self._space.tasks.counts).success(self.navigation.set_counts).run()

    def refresh(self) -> None:
        """F5: re-read the counts and the page on show."""
        self.refresh_counts()
        page = self.current_page()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.incoming or changes.tasks:
            self.refresh_counts()
        if changes.directory and self._space.auth.signed_in:
            self._load_title()

    def _make_tray(self) -> QSystemTrayIcon | None:
        """A tray icon for deadline reminders, where the desktop has a tray."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(QApplication.windowIcon(), self)
        tray.setToolTip(tr("Văn phòng điện tử"))
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        return tray

    def _on_tray_activated(self, _reason: QSystemTrayIcon.ActivationReason) -> None:
        self.showNormal()
        self.activateWindow()

    # -- actions
    def _on_export_register_triggered(self) -> None:
        from app.views.incoming.register_export_dialog import RegisterExportDialog

        RegisterExportDialog(self._space, self).exec()

    def _on_scan_folder_triggered(self) -> None:
        if choose_scan_folder(self._space, self) and self._scan_intake is not None:
            self._stop_scan_intake()
            self._start_scan_intake()

    def _on_change_password_triggered(self) -> None:
        dialog = ChangePasswordDialog(self._space, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_switch_user_triggered(self) -> None:
        self.end_session()
        self.ask_sign_in()

    def ask_sign_in(self) -> SignInDialog:
        """Show the sign-in dialog over the window; closing it without signing in quits."""
        dialog = SignInDialog(self._space, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.start_session)
        dialog.rejected.connect(self.close)
        dialog.open()
        return dialog

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            tr("Giới thiệu"),
            tr(
                "<h3>Văn phòng điện tử phường</h3><p>Phiên bản {version}</p>"
                "<p>Quản lý văn bản đến, văn bản đi, công việc và lịch công tác của "
                "Ủy ban nhân dân phường.</p><p>Phần mềm tự do theo giấy phép GPL-3.0 trở lên.</p>"
            ).format(version=__version__),
        )

    # -- state
    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        splitter = settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent | None) -> None:
        """Remember the layout, stop background work and wait for it."""
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/splitter", self.splitter.saveState())
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the scanner intake and sync, and wait for the work they have under way."""
        self._stop_scan_intake()
        self.reminders.stop()
        if self.tray is not None:
            self.tray.hide()
        self.sync.stop()
        self.ocr_worker.shutdown()
        ops.wait_all()
        use_validator(None)
