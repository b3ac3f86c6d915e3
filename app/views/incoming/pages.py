"""One list of incoming documents (a "box"): filters, the table, the detail pane, the actions.

The list refreshes itself on `AppEvents.changed` (at once when on show, else when next shown)
and keeps the selected document selected, or moves to the next one when it left the list.
"""

from __future__ import annotations

import logging

from PyQt6.QtCore import (
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    pyqtSignal,
)
from PyQt6.QtGui import QAction, QKeySequence, QShowEvent
from PyQt6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.services.changes import Changes
from app.services.incoming_dto import Box, IncomingRow
from app.services.space import Space
from app.timeutil import today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.detail_pane import FILE_TAB, DetailPane
from app.views.incoming.filter_bar import FilterBar
from app.views.incoming.page_actions import PageActions
from app.views.incoming.table_model import IncomingTableModel
from app.views.incoming.table_view import IncomingTableView
from app.views.lazy_rows import select_row, selected_row

log = logging.getLogger(__name__)
SELECT_DELAY_MS = 150
_COLUMN_WIDTHS = (64, 88, 120, 190, 320, 88, 100, 90)


class IncomingPage(QWidget):
    """A box of incoming documents for the signed-in user.

    Signals:
        counts_changed(): the number of documents in this box (or another) may have changed.
    """

    counts_changed = pyqtSignal()

    def __init__(
        self, space: Space, events: AppEvents, box: Box, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self.box = box
        self._dirty = False
        self._wanted_id: str | None = None
        self._wanted_row = 0
        self._last_total: int | None = None
        self.model = IncomingTableModel(space, box, self)
        self.filter_bar = FilterBar(box, today_vn(space.clock), self)
        self.table = IncomingTableView(self.model, box, self)
        self.pane = DetailPane(space, self)
        if box == Box.QUEUE:
            self.pane.tabs.setCurrentIndex(FILE_TAB)  # the clerk reads the scan to register it
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hintLabel")
        self.status = QLabel(self)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.page_actions = PageActions(space, events, self)
        for action in self.page_actions.by_key.values():
            self.toolbar.addAction(action)
            self.addAction(action)
        self._build_table()
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(SELECT_DELAY_MS)
        self._select_timer.timeout.connect(self._show_current)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 1)
        splitter.setChildrenCollapsible(False)
        self.pane.setMinimumWidth(340)
        splitter.setSizes([660, 340])  # the list first; the user drags for more
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(splitter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.status)
        layout.addLayout(footer)
        find = QAction(self)
        find.setShortcut(QKeySequence("Ctrl+L"))  # lọc; Ctrl+F is the search page
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._on_find_triggered)
        self.addAction(find)
        self.filter_bar.changed.connect(self._on_filter_bar_changed)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.pane.loaded.connect(self._on_pane_loaded)
        events.changed.connect(self._on_events_changed)
        events.user_changed.connect(self._on_events_user_changed)
        self.refresh()

    # -- building
    @property
    def actions_by_key(self) -> dict[str, QAction]:
        """The page's actions by key ("register", "assign", …)."""
        return self.page_actions.by_key

    @property
    def dialog(self) -> QDialog | None:
        """The dialog opened last by an action (for tests and for focus)."""
        return self.page_actions.dialog

    def _build_table(self) -> None:
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.table.open_requested.connect(self._on_table_open_requested)
        selection = self.table.selectionModel()
        if selection is not None:
            selection.currentRowChanged.connect(self._on_current_row_changed)

    # -- loading
    def refresh(self) -> None:
        """Read the list, the agencies and the shown document again."""
        self._dirty = False
        self._remember_selection()
        self.model.refresh()
        self.pane.refresh()
        self._load_agencies()
        self.counts_changed.emit()

    def _load_agencies(self) -> None:
        if self.box != Box.QUEUE:
            svc = self._space.incoming
            QueryOp(self, svc.issuing_agencies).success(
                guarded(self, self.filter_bar.set_agencies)
            ).failure(lambda _exc: None).run()

    def _on_filter_bar_changed(self) -> None:
        self._remember_selection()
        self.model.set_filter(self.filter_bar.current_filter())

    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        if not changes.incoming and not changes.directory:
            return
        if not self.isVisible():
            self._dirty = True  # refreshed when shown
            return
        self._remember_selection()
        self.model.refresh()
        self._load_agencies()
        if self.pane.doc_id is not None and (
            changes.directory or self.pane.doc_id in changes.incoming
        ):
            self.pane.refresh()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_model_loaded(self) -> None:
        total = self.model.total
        shown = self.model.rowCount()
        self.count_label.setText(
            tr("{n} văn bản").format(n=total)
            if shown >= total
            else tr("{n} văn bản (đang hiện {shown}; cuộn xuống để xem thêm)").format(
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
            log.error("loading the list failed", exc_info=exc)

    # -- selection
    def selected_row(self) -> IncomingRow | None:
        """The selected document's row."""
        row = selected_row(self.table, self.model)
        return row if isinstance(row, IncomingRow) else None

    def selected_id(self) -> str | None:
        """The selected document's id."""
        row = self.selected_row()
        return row.id if row else None

    def select_id(self, doc_id: str) -> bool:
        """Select `doc_id` if it is loaded; True when it was."""
        row = self.model.row_of(doc_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        select_row(self.table, self.model, row)

    def want_selected(self, doc_id: str) -> None:
        """Select `doc_id` after the next reload (a file just added, say)."""
        self._wanted_id = doc_id

    def _remember_selection(self) -> None:
        current = self.table.currentIndex()
        self._wanted_id = self.selected_id() or self._wanted_id
        self._wanted_row = current.row() if current.isValid() else 0

    def _restore_selection(self) -> None:
        wanted, self._wanted_id = self._wanted_id, None
        if wanted is not None and self.select_id(wanted):
            if wanted != self.pane.doc_id:
                self._show_current()
            return
        count = self.model.rowCount()
        if wanted is not None and count:
            self._select_row(min(self._wanted_row, count - 1))  # the next one in the list
        elif not count:
            self.pane.show_document(None)
        self._update_actions()

    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        self._select_timer.start()

    def _show_current(self) -> None:
        doc_id = self.selected_id()
        if doc_id != self.pane.doc_id:
            self.pane.show_document(doc_id)

    def _on_pane_loaded(self, _detail: object) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        self.page_actions.update()

    def _on_events_user_changed(self) -> None:
        self._update_actions()

    # -- keyboard and mouse
    def _on_table_open_requested(self) -> None:
        self._on_activated()

    def _on_activated(self) -> None:
        key = "register" if self.box == Box.QUEUE else "open"
        if self.page_actions.available(key):
            self.actions_by_key[key].trigger()

    def _on_table_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions_by_key.values():
            if action.isVisible():
                menu.addAction(action)
        viewport = self.table.viewport()
        current = self.table.currentIndex()
        if current.isValid() and not self.table.visualRect(current).contains(pos):
            pos = self.table.visualRect(current).center()  # opened from the keyboard
        if viewport is not None:
            menu.popup(viewport.mapToGlobal(pos))

    def _on_find_triggered(self) -> None:
        self.filter_bar.text.setFocus()
        self.filter_bar.text.selectAll()

    # -- messages
    def show_message(self, text: str) -> None:
        """A line in this page's status and in the window's status bar."""
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            bar = window.statusBar()
            if bar is not None:
                bar.showMessage(text, 10_000)

    # -- the actions
