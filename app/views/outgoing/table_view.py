"""The table of an outgoing list: row selection, Enter to open, "Tên loại, trích yếu" taking the
room left, the least needed columns hidden while the table is narrow, and the widths kept
between sessions (one set per list, since their columns differ).
"""

from __future__ import annotations

from PyQt6.QtCore import QSettings, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QFontMetrics, QHideEvent, QKeyEvent, QResizeEvent
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.i18n import N_, tr
from app.views.outgoing.table_model import (
    OPTIONAL_COLUMNS,
    SUMMARY_COLUMN,
    OutgoingTableModel,
)

# First widths of the columns other than the summary, from sample contents.
_SAMPLES = (N_("00/QĐ-UBND-VP"), "00/00/0000", "", N_("Nguyễn Văn Hùng"), N_("Nguyễn Văn Hùng"),
            N_("Chờ kiểm tra thể thức"))  # fmt: skip
_PADDING = 18
MIN_SUMMARY_WIDTH = 220


class OutgoingTableView(QTableView):
    """A QTableView over an OutgoingTableModel.

    Signals:
        open_requested(): Enter or a double-click on a row.
    """

    open_requested = pyqtSignal()

    def __init__(self, model: OutgoingTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
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
        header.setMinimumSectionSize(40)
        header.setStretchLastSection(False)
        self._box = model.box
        self._fitting = False
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)
        model.modelReset.connect(self._on_model_reset)
        header.sectionResized.connect(self._on_header_section_resized)
        self._lay_out_columns()

    @property
    def _settings_key(self) -> str:
        return f"outgoing/columns/{self._box}"

    def _lay_out_columns(self) -> None:
        """Default widths, or the ones the user left on this list."""
        metrics = self.fontMetrics()
        bold = self.font()
        bold.setBold(True)
        for column in range(self._model.columnCount()):
            self._header.setSectionHidden(column, False)
            if column == SUMMARY_COLUMN:
                self._header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            self._header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            sample = tr(_SAMPLES[column]) if column < len(_SAMPLES) and _SAMPLES[column] else ""
            title = str(self._model.headerData(column, Qt.Orientation.Horizontal) or "")
            title_width = QFontMetrics(bold).horizontalAdvance(title)
            width = max(metrics.horizontalAdvance(sample), title_width)
            self._header.resizeSection(column, width + _PADDING)
        saved = QSettings().value(self._settings_key)
        if isinstance(saved, list):
            for column, width in enumerate(saved):
                if column != SUMMARY_COLUMN and column < self._model.columnCount() and int(width):
                    self._header.resizeSection(column, max(int(width), 40))
        self.fit_columns()

    def fit_columns(self) -> None:
        """Hide the least needed columns while the summary would get too little room."""
        viewport = self.viewport()
        if viewport is None:
            return
        optional = [c for c in OPTIONAL_COLUMNS if c < self._model.columnCount()]
        self._fitting = True
        try:
            for column in optional:  # try with everything shown first
                self._header.setSectionHidden(column, False)
            for column in optional:
                if self._others_width() + MIN_SUMMARY_WIDTH <= viewport.width():
                    break
                self._header.setSectionHidden(column, True)
        finally:
            self._fitting = False

    def _others_width(self) -> int:
        return sum(
            self._header.sectionSize(c)
            for c in range(self._header.count())
            if c != SUMMARY_COLUMN and not self._header.isSectionHidden(c)
        )

    def save_state(self) -> None:
        """Remember the widths of this list's columns."""
        widths = [
            0 if self._header.isSectionHidden(c) else self._header.sectionSize(c)
            for c in range(self._model.columnCount())
        ]  # 0: hidden for want of room, its width unknown; the default is kept
        QSettings().setValue(self._settings_key, widths)

    def _on_model_reset(self) -> None:
        if self._model.box != self._box:  # another list: its own columns
            self.save_state()
            self._box = self._model.box
            self._lay_out_columns()

    def _on_header_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != SUMMARY_COLUMN and not self._fitting:
            self._fit_timer.start()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Show or hide the optional columns for the new width."""
        super().resizeEvent(event)
        self._fit_timer.start()

    def hideEvent(self, event: QHideEvent | None) -> None:
        """Remember the columns when the list is left."""
        self.save_state()
        super().hideEvent(event)

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
