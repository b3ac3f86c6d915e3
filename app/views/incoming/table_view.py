"""The table of a list: row selection, Enter to open, columns that fit, and the user's column
choices (shown, hidden, widths, order and sort) kept between sessions.
"""

from __future__ import annotations

from PyQt6.QtCore import QPoint, QSettings, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QFontMetrics, QHideEvent, QKeyEvent, QResizeEvent, QShowEvent
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from app.i18n import N_, tr
from app.services.incoming_dto import Box
from app.views.incoming.table_model import IncomingTableModel

MIN_SUMMARY_WIDTH = 160
SUMMARY_COLUMN = 4  # "Trích yếu" in the register columns
# Sample texts that set each register column's first width (the longest usual content).
_SAMPLES = (N_("Chờ cấp số"), "00/00/0000", "12/UBND-VP", N_("UBND quận Long"), "", "00/00/0000",
            N_("Chờ chỉ đạo"), N_("Thượng khẩn"))  # fmt: skip
_PADDING = 14
# Hidden first, in this order, when a new user's screen is too narrow for every column.
_HIDE_WHEN_NARROW = (7, 1)  # "Độ khẩn" (urgent rows are red anyway), then "Ngày đến"
_SORT_ARROW = 12


class IncomingTableView(QTableView):
    """A QTableView over an IncomingTableModel.

    Signals:
        open_requested(): Enter or a double-click on a row.
    """

    open_requested = pyqtSignal()

    def __init__(self, model: IncomingTableModel, box: Box, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box = box
        self._model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.doubleClicked.connect(self._on_double_clicked)
        vertical = self.verticalHeader()
        assert vertical is not None  # a table view has both headers
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        assert header is not None
        self._header = header
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        self._set_default_widths()
        header.setSortIndicator(1 if box == Box.QUEUE else 0, Qt.SortOrder.DescendingOrder)
        saved = QSettings().value(self._settings_key)
        self._first_layout = saved is None
        if saved is not None:
            header.restoreState(saved)
        self._sort = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.setSortingEnabled(True)  # asks the model for the indicator's order
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_summary)
        header.sectionResized.connect(self._on_header_section_resized)

    @property
    def _settings_key(self) -> str:
        return f"incoming/columns/{self._box}"

    def _set_default_widths(self) -> None:
        metrics = self.fontMetrics()
        if self._box == Box.QUEUE:
            self._header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self._header.resizeSection(1, metrics.horizontalAdvance("00/00/0000 00:00") + 24)
            self._header.resizeSection(2, metrics.horizontalAdvance(tr("Liên thông")) + 24)
            return
        bold = self.font()
        bold.setBold(True)
        title_metrics = QFontMetrics(bold)
        for column, sample in enumerate(_SAMPLES):
            title = str(self._model.headerData(column, Qt.Orientation.Horizontal) or "")
            title_width = title_metrics.horizontalAdvance(title) + _SORT_ARROW
            width = max(min(metrics.horizontalAdvance(tr(sample)), 120), title_width)
            self._header.resizeSection(column, width + _PADDING)

    # -- the summary takes the room that is left
    def fit_summary(self) -> None:
        """Give "Trích yếu" the width the other columns leave, but never less than a minimum."""
        if self._box == Box.QUEUE:
            return
        viewport = self.viewport()
        if viewport is None or self._header.isSectionHidden(SUMMARY_COLUMN):
            return
        width = max(MIN_SUMMARY_WIDTH, viewport.width() - self._others_width())
        if width != self._header.sectionSize(SUMMARY_COLUMN):
            self._header.blockSignals(True)
            self._header.resizeSection(SUMMARY_COLUMN, width)
            self._header.blockSignals(False)
            viewport.update()
            self.updateGeometries()

    def _others_width(self) -> int:
        return sum(
            self._header.sectionSize(c)
            for c in range(self._header.count())
            if c != SUMMARY_COLUMN and not self._header.isSectionHidden(c)
        )

    def _hide_columns_if_narrow(self) -> None:
        """On a new user's first list: hide the least needed columns rather than scroll."""
        viewport = self.viewport()
        if self._box == Box.QUEUE or viewport is None:
            return
        for column in _HIDE_WHEN_NARROW:
            if self._others_width() + MIN_SUMMARY_WIDTH <= viewport.width():
                break
            self._header.setSectionHidden(column, True)
        self.fit_summary()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Lay the columns out for the screen the first time a new user sees the list."""
        super().showEvent(event)
        if self._first_layout:
            self._first_layout = False
            QTimer.singleShot(0, self._hide_columns_if_narrow)

    def _on_header_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != SUMMARY_COLUMN:
            self._fit_timer.start()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Refit the summary when the table gets wider or narrower."""
        super().resizeEvent(event)
        self._fit_timer.start()

    # -- columns the user chooses
    def _on_header_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setTitle(tr("Hiện cột"))
        for column in range(1, self._header.count()):  # the first column always shows
            title = str(self._model.headerData(column, Qt.Orientation.Horizontal) or "")
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not self._header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.set_column_shown(c, on))
            menu.addAction(action)
        menu.popup(self._header.mapToGlobal(pos))

    def set_column_shown(self, column: int, shown: bool) -> None:
        """Show or hide a column (remembered)."""
        self._header.setSectionHidden(column, not shown)
        self.fit_summary()
        self.save_state()

    def save_state(self) -> None:
        """Remember the columns (widths, order, hidden ones, sort) for this list."""
        QSettings().setValue(self._settings_key, self._header.saveState())

    def hideEvent(self, event: QHideEvent | None) -> None:
        """Remember the columns when the list is left."""
        self.save_state()
        super().hideEvent(event)

    # -- sorting and opening
    def _on_header_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self._model.sort_key_for(column) is None:
            self._header.blockSignals(True)  # this column cannot be sorted: put the arrow back
            self._header.setSortIndicator(*self._sort)
            self._header.blockSignals(False)
            return
        self._sort = (column, order)

    def _on_double_clicked(self, _index: object) -> None:
        self.open_requested.emit()

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        """Enter opens the selected row."""
        if (
            event is not None
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
        ):
            self.open_requested.emit()
            return
        super().keyPressEvent(event)
