"""One list of tasks (a `TaskBox`): the search, the table, the detail pane and its steps.

The page refreshes itself on `AppEvents.changed` for tasks (at once when on show, else when
next shown), keeps the selected task selected, or moves to the next one when a step took it
out of the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PyQt6.QtCore import QModelIndex, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence, QShowEvent
from PyQt6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.models.enums import Role
from app.services.changes import Changes
from app.services.space import Space
from app.services.task_dto import TaskBox, TaskRow
from app.ui_support.events import AppEvents
from app.views.lazy_rows import select_row, selected_row
from app.views.tasks.detail_pane import TaskDetailPane
from app.views.tasks.labels import box_label
from app.views.tasks.page_actions import TaskActions
from app.views.tasks.table_model import TaskTableModel
from app.views.tasks.table_view import TaskTableView

log = logging.getLogger(__name__)
SELECT_DELAY_MS = 150
DEBOUNCE_MS = 250


class TasksPage(QWidget):
    """One task list of the signed-in user.

    Signals:
        counts_changed(): the number of tasks in this list (or another) may have changed.
    """

    counts_changed = pyqtSignal()

    def __init__(
        self, space: Space, events: AppEvents, box: TaskBox, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self.box = box
        self._dirty = False
        self._wanted_id: str | None = None
        self._wanted_row = 0
        self._last_total: int | None = None
        self.model = TaskTableModel(space, box, self)
        self.table = TaskTableView(self.model, self)
        self.pane = TaskDetailPane(space, self)
        self.page_actions = TaskActions(space, events, self)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("QLabel { font-weight: bold; font-size: 11pt; }")
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Tìm theo tên, nội dung công việc…"))
        self.search.setToolTip(tr("Có thể gõ không dấu (Ctrl+L)"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hintLabel")
        self.status = QLabel(self)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = self._action(tr("&Giao việc mới…"), "Ctrl+N", self.page_actions.new_task)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_filter_changed)
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(SELECT_DELAY_MS)
        self._select_timer.timeout.connect(self._show_current)
        self._lay_out()
        self._connect()
        self.refresh()

    def _action(self, text: str, shortcut: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.search, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 1)
        splitter.setChildrenCollapsible(False)
        self.pane.setMinimumWidth(360)
        splitter.setSizes([720, 380])
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        find = QAction(self)
        find.setShortcut(QKeySequence("Ctrl+L"))  # lọc; Ctrl+F is the search page
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._on_find_triggered)
        self.addAction(find)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.table.open_requested.connect(self._on_table_open_requested)
        selection = self.table.selectionModel()
        if selection is not None:
            selection.currentRowChanged.connect(self._on_current_row_changed)
        self.pane.loaded.connect(self._on_pane_loaded)
        self.pane.action_requested.connect(self.page_actions.run)
        self.pane.files.open_requested.connect(self.page_actions.open_file)
        self.pane.files.save_requested.connect(self.page_actions.save_file)
        self._events.changed.connect(self._on_events_changed)
        self._events.user_changed.connect(self._on_events_user_changed)

    @property
    def dialog(self) -> QDialog | None:
        """The dialog opened last (for tests and for focus)."""
        return self.page_actions.dialog

    # -- loading
    def refresh(self) -> None:
        """Read the list and the shown task again."""
        self._dirty = False
        self._update_actions()
        if not self._space.auth.signed_in:  # signed out: show nothing of the last user
            self.pane.show_task(None)
            return
        self._remember_selection()
        self.model.refresh()
        self.pane.refresh()
        self.counts_changed.emit()

    def _on_search_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_filter_changed(self) -> None:
        self._remember_selection()
        self.model.set_filter(self.search.text())

    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        if not changes.tasks and not changes.directory:
            return
        if not self.isVisible():
            self._dirty = True  # refreshed when shown
            return
        self._remember_selection()
        self.model.refresh()
        self.counts_changed.emit()
        if self.pane.task_id is not None and (
            changes.directory or self.pane.task_id in changes.tasks
        ):
            self.pane.refresh()

    def _on_events_user_changed(self) -> None:
        self.pane.show_task(None)
        self.refresh()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_model_loaded(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        self.count_label.setText(
            tr("{n} công việc").format(n=total)
            if shown >= total
            else tr("{n} công việc (đang hiện {shown}; cuộn xuống để xem thêm)").format(
                n=total, shown=shown
            )
        )
        self._restore_selection()
        if self._last_total is not None and total != self._last_total:
            self.counts_changed.emit()
        self._last_total = total

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self.status.setText(
            exc.message if isinstance(exc, UserError) else tr("Không đọc được danh sách.")
        )
        if not isinstance(exc, UserError):
            log.error("loading the task list failed", exc_info=exc)

    # -- selection
    def selected_row(self) -> TaskRow | None:
        """The selected task's row."""
        row = selected_row(self.table, self.model)
        return row if isinstance(row, TaskRow) else None

    def selected_id(self) -> str | None:
        """The selected task's id."""
        row = self.selected_row()
        return row.id if row else None

    def select_id(self, task_id: str) -> bool:
        """Select `task_id` if it is loaded; True when it was."""
        row = self.model.row_of(task_id)
        if row is None:
            return False
        select_row(self.table, self.model, row)
        return True

    def show_created(self, task_id: str) -> None:
        """A task just assigned: selected when this list holds it."""
        self.show_message(tr("Đã giao việc."))
        self._wanted_id = task_id
        if not self.select_id(task_id):
            self.model.refresh()

    def _remember_selection(self) -> None:
        current = self.table.currentIndex()
        self._wanted_id = self.selected_id() or self._wanted_id
        self._wanted_row = current.row() if current.isValid() else 0

    def _restore_selection(self) -> None:
        wanted, self._wanted_id = self._wanted_id, None
        if wanted is not None and self.select_id(wanted):
            if wanted != self.pane.task_id:
                self._show_current()
            return
        count = self.model.rowCount()
        if wanted is not None and count:
            select_row(self.table, self.model, min(self._wanted_row, count - 1))
        elif not count:
            self.pane.show_task(None)

    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._select_timer.start()

    def _show_current(self) -> None:
        task_id = self.selected_id()
        if task_id != self.pane.task_id:
            self.pane.show_task(task_id)

    def _on_pane_loaded(self, _detail: object) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        auth = self._space.auth
        leader = auth.signed_in and Role.LEADER in auth.user.roles
        self.new_action.setVisible(leader)
        self.new_action.setEnabled(leader)
        self.heading.setText(box_label(self.box, leader=leader))

    # -- keyboard, messages
    def _on_table_open_requested(self) -> None:
        self._show_current()
        self.pane.setFocus()

    def _on_find_triggered(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_message(self, text: str) -> None:
        """A line in this page's status and in the window's status bar."""
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            bar = window.statusBar()
            if bar is not None:
                bar.showMessage(text, 10_000)
