"""The "Văn bản đi" page: the user's lists with their counts, the table, the detail pane.

The page refreshes itself on `AppEvents.changed` for outgoing documents (at once when on
show, else when next shown), keeps the selected document selected, or moves to the next one
when a step took it out of the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PyQt6.QtCore import QModelIndex, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence, QShowEvent
from PyQt6.QtWidgets import (
    QComboBox,
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
from app.services.outgoing_dto import OutgoingBox, OutgoingRow
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.lazy_rows import select_row, selected_row
from app.views.outgoing.box_list import BoxList
from app.views.outgoing.detail_pane import FILE_TAB, OutgoingDetailPane
from app.views.outgoing.page_actions import OutgoingActions
from app.views.outgoing.table_model import OutgoingTableModel
from app.views.outgoing.table_view import OutgoingTableView

log = logging.getLogger(__name__)
SELECT_DELAY_MS = 150
DEBOUNCE_MS = 250
REGISTER_ROLES = frozenset({Role.CLERK, Role.LEADER, Role.ADMIN})  # who may print the register


class OutgoingPage(QWidget):
    """The outgoing documents of the signed-in user, list by list.

    Signals:
        counts_changed(): the number of documents in the lists may have changed.
    """

    counts_changed = pyqtSignal()

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._dirty = False
        self._wanted_id: str | None = None
        self._wanted_row = 0
        self.box_list = BoxList(self)
        self.model = OutgoingTableModel(space, OutgoingBox.MY_DRAFTS, self)
        self.table = OutgoingTableView(self.model, self)
        self.pane = OutgoingDetailPane(space, self)
        self.page_actions = OutgoingActions(space, events, self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Tìm theo số, ký hiệu, trích yếu, nơi nhận…"))
        self.search.setToolTip(tr("Có thể gõ không dấu (Ctrl+L)"))
        self.year = QComboBox(self)
        self.year.addItem(tr("Mọi năm"), None)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hintLabel")
        self.status = QLabel(self)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = self._action(tr("&Dự thảo mới…"), "Ctrl+N", self.page_actions.new_draft)
        self.print_action = self._action(tr("&In văn bản…"), "", self.page_actions.print_selected)
        self.register_action = self._action(
            tr("In &sổ văn bản đi…"), "", self.page_actions.export_register
        )
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
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.year)
        middle = QWidget(self)
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.box_list)
        splitter.addWidget(middle)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.pane.setMinimumWidth(360)
        splitter.setSizes([self.box_list.minimumWidth(), 640, 400])
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        find = QAction(self)
        find.setShortcut(QKeySequence("Ctrl+L"))  # lọc; Ctrl+F is the search page
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._on_find_triggered)
        self.addAction(find)
        self.box_list.box_chosen.connect(self._on_box_list_box_chosen)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.year.currentIndexChanged.connect(self._on_search_text_changed)
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

    @property
    def box(self) -> OutgoingBox:
        """The list on show."""
        return self.model.box

    # -- loading
    def refresh(self) -> None:
        """Read the lists, their counts, the rows and the shown document again."""
        self._dirty = False
        if not self._space.auth.signed_in:  # signed out: show nothing of the last user
            self.box_list.clear()
            self.pane.show_document(None)
            return
        svc = self._space.outgoing
        QueryOp(self, lambda: (svc.boxes(), svc.box_counts(), svc.register_years())).success(
            guarded(self, self._on_boxes_loaded)
        ).run()
        self._remember_selection()
        self.model.refresh()
        self.pane.refresh()

    def _on_boxes_loaded(
        self, result: tuple[list[OutgoingBox], dict[OutgoingBox, int], list[int]]
    ) -> None:
        boxes, counts, years = result
        self._set_years(years)
        self._set_counts(counts)
        self.box_list.set_boxes(boxes, self.box)

    def _load_counts(self) -> None:
        svc = self._space.outgoing
        QueryOp(self, svc.box_counts).success(guarded(self, self._set_counts)).failure(
            lambda _exc: None
        ).run()

    def _set_counts(self, counts: dict[OutgoingBox, int]) -> None:
        if self.box_list.set_counts(counts):
            self.counts_changed.emit()

    def _set_years(self, years: list[int]) -> None:
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(tr("Mọi năm"), None)
        for year in years:
            self.year.addItem(tr("Năm {y}").format(y=year), year)
        self.year.setCurrentIndex(max(self.year.findData(chosen), 0))
        self.year.blockSignals(False)
        self.year.setVisible(self.box == OutgoingBox.ISSUED)

    @property
    def counts(self) -> dict[OutgoingBox, int]:
        """The count of each list, as last read."""
        return self.box_list.counts

    def box_text(self, box: OutgoingBox) -> str:
        """The shown text of a list, e.g. "Chờ ký số (1)"; empty when absent."""
        return self.box_list.box_text(box)

    def select_box(self, box: OutgoingBox) -> bool:
        """Show the list `box`; False when the user has no such list."""
        return self.box_list.select_box(box)

    def _on_box_list_box_chosen(self, box: OutgoingBox) -> None:
        self.year.setVisible(box == OutgoingBox.ISSUED)
        self._wanted_id, self._wanted_row = None, 0
        self.pane.show_document(None)
        self.model.set_box(box, self.search.text(), self._year_filter(box))

    def _year_filter(self, box: OutgoingBox) -> int | None:
        year = self.year.currentData()
        return int(year) if box == OutgoingBox.ISSUED and year else None

    def _on_search_text_changed(self, *_args: object) -> None:
        self._debounce.start()

    def _on_filter_changed(self) -> None:
        self._remember_selection()
        self.model.set_filter(self.search.text(), self._year_filter(self.box))

    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        if not changes.outgoing and not changes.directory:
            return
        if not self.isVisible():
            self._dirty = True  # refreshed when shown
            return
        self._remember_selection()
        self.model.refresh()
        self._load_counts()
        if self.pane.doc_id is not None and (
            changes.directory or self.pane.doc_id in changes.outgoing
        ):
            self.pane.refresh()

    def _on_events_user_changed(self) -> None:
        self.pane.show_document(None)
        self.refresh()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_model_loaded(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        self.count_label.setText(
            tr("{n} văn bản").format(n=total)
            if shown >= total
            else tr("{n} văn bản (đang hiện {shown}; cuộn xuống để xem thêm)").format(
                n=total, shown=shown
            )
        )
        self._restore_selection()

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self.status.setText(
            exc.message if isinstance(exc, UserError) else tr("Không đọc được danh sách.")
        )
        if not isinstance(exc, UserError):
            log.error("loading the outgoing list failed", exc_info=exc)

    # -- selection
    def selected_row(self) -> OutgoingRow | None:
        """The selected document's row."""
        row = selected_row(self.table, self.model)
        return row if isinstance(row, OutgoingRow) else None

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

    def show_created(self, doc_id: str) -> None:
        """A new draft: show "Dự thảo của tôi" with it selected."""
        self._wanted_id = doc_id
        self.show_message(tr("Đã tạo dự thảo."))
        if self.box != OutgoingBox.MY_DRAFTS:
            self.select_box(OutgoingBox.MY_DRAFTS)
            self._wanted_id = doc_id
        elif not self.select_id(doc_id):
            self.model.refresh()

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
        auth = self._space.auth
        roles = auth.user.roles if auth.signed_in else frozenset()
        detail = self.pane.detail
        self.new_action.setEnabled(auth.signed_in)
        self.print_action.setEnabled(detail is not None and detail.pdf_blob is not None)
        self.register_action.setVisible(bool(roles & REGISTER_ROLES))

    # -- keyboard, messages
    def _on_table_open_requested(self) -> None:
        self._show_current()
        self.pane.tabs.setCurrentIndex(FILE_TAB)

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
