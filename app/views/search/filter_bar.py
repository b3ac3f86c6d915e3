"""The filters of the search window: kind, state, loại văn bản, dates, cơ quan ban hành, unit."""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.i18n import tr
from app.services.search_dto import KIND_LABELS, SearchFilter, SearchKind
from app.views.incoming.date_edit import DateField
from app.views.search.labels import state_choices


class SearchFilterBar(QWidget):
    """Edits a SearchFilter; an empty field does not narrow the search.

    Signals:
        changed(): a filter changed (the page searches again).
    """

    changed = pyqtSignal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.kind = QComboBox(self)
        self.kind.addItem(tr("Tất cả"), "")
        for kind, text in KIND_LABELS.items():
            self.kind.addItem(tr(text), str(kind))
        self.state = QComboBox(self)
        self.doc_type = QLineEdit(self)
        self.doc_type.setPlaceholderText(tr("Công văn, Quyết định, …"))
        self.doc_type.setMaxLength(100)
        self.agency = QLineEdit(self)
        self.agency.setPlaceholderText(tr("Cơ quan ban hành"))
        self.agency.setMaxLength(200)
        self.date_from = DateField(today, self, empty_text=tr("Từ ngày"))
        self.date_to = DateField(today, self, empty_text=tr("Đến ngày"))
        self.unit = QComboBox(self)
        self.unit.addItem(tr("Tất cả"), "")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        cells: list[tuple[str, QWidget]] = [
            (tr("Loại:"), self.kind),
            (tr("Trạng thái:"), self.state),
            (tr("Loại văn bản:"), self.doc_type),
            (tr("Đơn vị xử lý:"), self.unit),
            (tr("Từ ngày:"), self.date_from),
            (tr("Đến ngày:"), self.date_to),
            (tr("Cơ quan ban hành:"), self.agency),
        ]
        for i, (caption, widget) in enumerate(cells):
            row, col = divmod(i, 4)
            label = QLabel(caption, self)
            label.setBuddy(widget)
            grid.addWidget(label, row, 2 * col)
            grid.addWidget(widget, row, 2 * col + 1)
            grid.setColumnStretch(2 * col + 1, 1)
        self._fill_states()
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.state.currentIndexChanged.connect(self._emit)
        self.doc_type.textChanged.connect(self._emit)
        self.agency.textChanged.connect(self._emit)
        self.date_from.value_changed.connect(self._emit)
        self.date_to.value_changed.connect(self._emit)
        self.unit.currentIndexChanged.connect(self._emit)

    def set_units(self, units: list[tuple[str, str]]) -> None:
        """Offer these (id, name) units, keeping the chosen one; no search is started."""
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(tr("Tất cả"), "")
        for unit_id, name in units:
            self.unit.addItem(name, unit_id)
        self.unit.setCurrentIndex(max(0, self.unit.findData(chosen)))
        self.unit.blockSignals(False)

    def _fill_states(self) -> None:
        """The states of the chosen kind; with every kind there is no state to choose."""
        self.state.blockSignals(True)
        self.state.clear()
        self.state.addItem(tr("Tất cả"), "")
        code = self.kind.currentData()
        if code:
            for state, text in state_choices(SearchKind(code)):
                self.state.addItem(text, state)
        self.state.setEnabled(bool(code))
        self.state.blockSignals(False)

    def _on_kind_changed(self, _index: int) -> None:
        self._fill_states()
        self._emit()

    def _emit(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def value(self) -> SearchFilter:
        """The filter as set (a date typed half-way is left out)."""
        code = self.kind.currentData()
        state = self.state.currentData()
        return SearchFilter(
            kinds=frozenset({SearchKind(code)}) if code else frozenset(),
            doc_type=self.doc_type.text().strip(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            agency=self.agency.text().strip(),
            states=frozenset({state}) if state else frozenset(),
            unit_id=self.unit.currentData() or None,
        )

    def set_value(self, flt: SearchFilter) -> None:
        """Show `flt` (a saved search's filter); one `changed` at the end, not one per field."""
        self._loading = True
        try:
            code = str(next(iter(flt.kinds))) if len(flt.kinds) == 1 else ""
            self.kind.setCurrentIndex(max(0, self.kind.findData(code)))
            self._fill_states()
            state = next(iter(flt.states)) if len(flt.states) == 1 else ""
            self.state.setCurrentIndex(max(0, self.state.findData(state)))
            self.doc_type.setText(flt.doc_type)
            self.agency.setText(flt.agency)
            self.date_from.set_value(flt.date_from)
            self.date_to.set_value(flt.date_to)
            self.unit.setCurrentIndex(max(0, self.unit.findData(flt.unit_id or "")))
        finally:
            self._loading = False
        self.changed.emit()
