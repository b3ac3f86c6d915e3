"""The search window (Tìm kiếm): a box that searches as one types, filters, ranked results.

Searching runs on the reader pool (QueryOp) a quarter-second after the last key; a result that
comes back after a newer search was started is dropped. The index is built in the background
the first time the page is shown, and files' text is read in small batches by a timer.
"""

from __future__ import annotations

import logging

from PyQt6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QKeyEvent, QShowEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.changes import Changes
from app.services.search_dto import (
    COUNT_CAP,
    PAGE_SIZE,
    SAVED_QUERY_MAX,
    FileIndexReport,
    SavedSearch,
    SearchFilter,
    SearchHit,
)
from app.services.search_dto import (
    SearchPage as ResultPage,
)
from app.services.space import Space
from app.services.statistics_dto import format_count
from app.timeutil import today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp, QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.search.filter_bar import SearchFilterBar
from app.views.search.results import HIT_ROLE, HitDelegate, ResultsModel
from app.views.search.save_dialog import SaveSearchDialog

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
FILE_ROUND_MS = 3000
FILE_BATCH = 20


def _found_text(total: int) -> str:
    """ "12 kết quả…", or "Hơn 1.000 kết quả…" when the service stopped counting."""
    if total > COUNT_CAP:
        return tr("Hơn {n} kết quả, phù hợp nhất ở trên.").format(n=format_count(COUNT_CAP))
    return tr("{n} kết quả, phù hợp nhất ở trên.").format(n=format_count(total))


class SearchPage(QWidget):
    """One search box over incoming and outgoing documents, tasks and schedule entries.

    Signals:
        open_item(str, str): the user opened a result (double-click or Enter): its kind
            ("incoming", "outgoing", "task", "schedule") and id.
    """

    open_item = pyqtSignal(str, str)

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._generation = 0  # the newest search; older answers are dropped
        self._has_more = False
        self._fetching_more = False
        self._ready = False  # the index exists
        self._building = False
        self._reading_files = False
        self._shown_query = ""
        self._shown_filter = SearchFilter()
        self.dialog: SaveSearchDialog | None = None

        self.heading = QLabel(tr("Tìm kiếm"), self)
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(
            tr("Nhập số, ký hiệu, trích yếu, cơ quan ban hành… (có dấu hoặc không dấu)")
        )
        self.query.setClearButtonEnabled(True)
        self.query.setMaxLength(SAVED_QUERY_MAX * 20)
        self.query.textEdited.connect(self._on_query_edited)
        self.query.returnPressed.connect(self.search_now)
        self.query.installEventFilter(self)

        self.saved = QComboBox(self)
        self.saved.setMinimumWidth(200)
        self.saved.setToolTip(tr("Tìm kiếm đã lưu"))
        self.saved.activated.connect(self._on_saved_activated)
        self.save_button = QPushButton(tr("Lưu tìm kiếm…"), self)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button = QPushButton(tr("Xóa"), self)
        self.delete_button.setToolTip(tr("Xóa tìm kiếm đã lưu đang chọn"))
        self.delete_button.clicked.connect(self._on_delete_clicked)

        self.filters = SearchFilterBar(today_vn(space.clock), self)
        self.filters.changed.connect(self._schedule)

        self.status = QLabel(self)
        self.status.setStyleSheet("color: #5b6573;")
        self.model = ResultsModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(HitDelegate(self.view))
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.installEventFilter(self)
        bar = self.view.verticalScrollBar()
        if bar is not None:
            bar.valueChanged.connect(self._on_scrolled)
        self.empty = QLabel(tr("Không tìm thấy kết quả nào."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #5b6573; font-size: 12pt; padding: 24px;")
        self.empty.hide()

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(QLabel(tr("Tìm kiếm đã lưu:"), self))
        top.addWidget(self.saved)
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self._files_timer = QTimer(self)
        self._files_timer.setInterval(FILE_ROUND_MS)
        self._files_timer.timeout.connect(self._read_files)

        events.changed.connect(self._on_changed)
        events.user_changed.connect(self._on_user_changed)
        self._fill_saved([])
        self._update_buttons()
        self._show_hint()

    # -- public
    def focus_query(self, text: str = "") -> None:
        """Put the focus in the box (Ctrl+F), with `text` in it if given, and search."""
        if text:
            self.query.setText(text)
            self.search_now()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def search_now(self) -> None:
        """Search for what is typed and filtered, at once (Enter, or after the pause in typing)."""
        self._debounce.stop()
        if not self._ready:
            self._build_index()
            return
        text = self.query.text()
        flt = self.filters.value()
        self._generation += 1
        generation = self._generation
        self._fetching_more = False
        self._update_buttons()
        if not text.strip():
            self._show(generation, text, flt, ResultPage((), 0, False, 0))
            return
        search = self._space.search

        def run() -> ResultPage:  # the first page with the count shown above it
            return search.search(text, flt, offset=0, limit=PAGE_SIZE, count=True)

        QueryOp(self, run).success(
            guarded(self, lambda page: self._show(generation, text, flt, page))
        ).failure(guarded(self, lambda exc: self._failed(generation, exc))).run()

    def hits(self) -> list[SearchHit]:
        """The results shown, best first."""
        return self.model.hits()

    def saved_searches(self) -> list[SavedSearch]:
        """The saved searches offered in the combo, by name."""
        return [
            s
            for i in range(self.saved.count())
            if isinstance(s := self.saved.itemData(i), SavedSearch)
        ]

    def apply_saved(self, saved: SavedSearch) -> None:
        """Put a saved search's words and filters back, and search."""
        self.query.setText(saved.query)
        self.filters.set_value(saved.filter)
        index = self.saved.findText(saved.name)
        if index >= 0:
            self.saved.setCurrentIndex(index)
        self._update_buttons()
        self.search_now()

    # -- showing
    def showEvent(self, event: QShowEvent | None) -> None:
        """Build the index the first time the page is shown."""
        super().showEvent(event)
        if not self._ready:
            self._build_index()

    def _show_hint(self) -> None:
        self.status.setText(
            tr("Gõ vài từ còn nhớ: không cần dấu, ví dụ “cai cach hanh chinh” hoặc “123/UBND”.")
        )
        self.empty.hide()
        self.view.show()

    def _show(self, generation: int, text: str, flt: SearchFilter, page: ResultPage) -> None:
        if generation != self._generation:
            return
        self._shown_query, self._shown_filter = text, flt
        self._has_more = page.has_more
        self.model.reset(page.hits, text)
        if not text.strip():
            self._show_hint()
            return
        nothing = not page.hits
        self.empty.setVisible(nothing)
        self.view.setVisible(not nothing)
        # with nothing found the big message in the middle says it; the status line stays blank
        self.status.setText("" if nothing else _found_text(page.total or 0))
        if page.hits:
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.scrollToTop()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            show_error(self, exc)

    # -- more results when scrolled to the end
    def _on_scrolled(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        if bar is not None and value >= bar.maximum() - 4:
            self.fetch_more()

    def fetch_more(self) -> None:
        """Load the next page of results if there is one."""
        if not self._has_more or self._fetching_more:
            return
        self._fetching_more = True
        generation = self._generation
        text, flt, offset = self._shown_query, self._shown_filter, self.model.rowCount()
        search = self._space.search
        QueryOp(self, lambda: search.search(text, flt, offset=offset, limit=PAGE_SIZE)).success(
            guarded(self, lambda page: self._append(generation, page))
        ).failure(guarded(self, lambda exc: self._failed(generation, exc))).run()

    def _append(self, generation: int, page: ResultPage) -> None:
        if generation != self._generation:
            return
        self._fetching_more = False
        self._has_more = page.has_more
        self.model.append(page.hits)

    # -- opening a result
    def eventFilter(self, obj: QObject | None, event: QEvent | None) -> bool:
        """Enter on a result opens it; ↓ in the box moves to the results."""
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if obj is self.view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.view.currentIndex())
            return True
        if obj is self.query and key == Qt.Key.Key_Down and self.model.rowCount():
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        return False

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self._open(index)

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if isinstance(hit, SearchHit):
            self.open_item.emit(str(hit.kind), hit.id)

    # -- typing and changes
    def _on_query_edited(self, _text: str) -> None:
        self._schedule()

    def _schedule(self) -> None:
        self._update_buttons()
        self._debounce.start()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self._ready:
            if changes.directory:
                self._load_units()
            self._files_timer.start()
            if self.query.text().strip():
                self._schedule()

    def _on_user_changed(self) -> None:
        self._generation += 1
        self.model.reset(())
        self._has_more = False
        self.query.clear()
        self._fill_saved([])
        self._show_hint()
        if self._ready:
            self._load_saved()

    # -- the index
    def _build_index(self) -> None:
        if self._building:
            return
        self._building = True
        self.status.setText(tr("Đang lập chỉ mục tìm kiếm…"))
        CommandOp(self, self._space.search.ensure_built).success(
            guarded(self, self._built)
        ).failure(guarded(self, self._build_failed)).run()

    def _built(self, _rebuilt: bool) -> None:
        self._building = False
        self._ready = True
        self._show_hint()
        self._load_saved()
        self._load_units()
        self._files_timer.start()
        if self.query.text().strip():
            self.search_now()

    def _build_failed(self, exc: BaseException) -> None:
        self._building = False
        self.status.setText(tr("Chưa lập được chỉ mục tìm kiếm."))
        show_error(self, exc)

    def _read_files(self) -> None:
        if self._reading_files:
            return
        self._reading_files = True
        CommandOp(self, lambda: self._space.search.index_pending_files(FILE_BATCH)).success(
            guarded(self, self._files_read)
        ).failure(guarded(self, self._files_failed)).run()

    def _files_read(self, report: FileIndexReport) -> None:
        self._reading_files = False
        if report.remaining == 0:
            self._files_timer.stop()
        if (report.read or report.refreshed) and self.query.text().strip():
            self._schedule()  # the new text may match

    def _files_failed(self, exc: BaseException) -> None:
        self._reading_files = False
        self._files_timer.stop()  # not every few seconds: the next change tries again
        log.warning("reading files for the search index failed: %r", exc)

    def _load_units(self) -> None:
        directory = self._space.directory
        QueryOp(self, lambda: [(u.id, u.name) for u in directory.units()]).success(
            guarded(self, self.filters.set_units)
        ).failure(guarded(self, lambda exc: show_error(self, exc))).run()

    # -- saved searches
    def _load_saved(self) -> None:
        QueryOp(self, self._space.search.saved_searches).success(
            guarded(self, self._fill_saved)
        ).failure(guarded(self, lambda exc: show_error(self, exc))).run()

    def _fill_saved(self, saved: list[SavedSearch], select: str | None = None) -> None:
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItem(tr("— chọn —") if saved else tr("(chưa có)"), None)
        for item in saved:
            self.saved.addItem(item.name, item)
            if item.id == select:
                self.saved.setCurrentIndex(self.saved.count() - 1)
        self.saved.setEnabled(bool(saved))
        self.saved.blockSignals(False)
        self._update_buttons()

    def _on_saved_activated(self, index: int) -> None:
        saved = self.saved.itemData(index)
        if isinstance(saved, SavedSearch):
            self.apply_saved(saved)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(bool(self.query.text().strip()))
        self.delete_button.setEnabled(isinstance(self.saved.currentData(), SavedSearch))

    def _on_save_clicked(self) -> None:
        text, flt = self.query.text(), self.filters.value()
        search = self._space.search
        current = self.saved.currentData()
        name = current.name if isinstance(current, SavedSearch) else text
        dialog = SaveSearchDialog(name, lambda n: search.save_search(n, text, flt), self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._after_save(dialog.saved_id))
        dialog.open()

    def _after_save(self, saved_id: str | None) -> None:
        QueryOp(self, self._space.search.saved_searches).success(
            guarded(self, lambda saved: self._fill_saved(saved, saved_id))
        ).run()

    def _on_delete_clicked(self) -> None:
        saved = self.saved.currentData()
        if not isinstance(saved, SavedSearch):
            return
        search = self._space.search
        CommandOp(self, lambda: search.delete_saved_search(saved.id)).success(
            guarded(self, lambda _: self._after_save(None))
        ).run()
