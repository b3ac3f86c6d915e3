"""The filter bar above a list: text, state, urgent only, arrival dates, issuing agency."""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import QTimer, pyqtSignal
from PyQt6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.i18n import tr
from app.models.enums import IncomingState
from app.services.incoming_dto import Box, IncomingFilter
from app.views.incoming.date_edit import DateField
from app.views.incoming.labels import state_label

DEBOUNCE_MS = 250
_LISTED_STATES = (
    IncomingState.REGISTERED,
    IncomingState.SUBMITTED,
    IncomingState.RETURNED,
    IncomingState.ASSIGNED,
    IncomingState.COMPLETED,
)


class FilterBar(QWidget):
    """Edits an IncomingFilter; `changed` fires 250 ms after the last edit.

    Signals:
        changed(): the filter is different; read it with `current_filter()`.
    """

    changed = pyqtSignal()

    def __init__(self, box: Box, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box = box
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self.text = QLineEdit(self)
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(
            tr("Tìm theo tên tệp…")
            if box == Box.QUEUE
            else tr("Tìm theo số, ký hiệu, trích yếu, cơ quan ban hành…")
        )
        self.text.setToolTip(tr("Có thể gõ không dấu (Ctrl+L)"))
        self.state = QComboBox(self)
        self.state.addItem(tr("Mọi trạng thái"), None)
        for state in _LISTED_STATES:
            self.state.addItem(state_label(state), state)
        self.urgent = QCheckBox(tr("Chỉ văn bản &khẩn"), self)
        self.date_from = DateField(today, self, empty_text=tr("Từ ngày"))
        self.date_to = DateField(today, self, empty_text=tr("Đến ngày"))
        for field in (self.date_from, self.date_to):
            field.line_edit.setMaximumWidth(100)
        self.agency = QComboBox(self)
        self.agency.setMinimumContentsLength(14)
        self.agency.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.agency.addItem(tr("Mọi cơ quan ban hành"), "")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 3)
        dated = box != Box.QUEUE
        if dated:
            layout.addWidget(self.state)
            layout.addWidget(self.urgent)
            layout.addWidget(QLabel(tr("Ngày đến:"), self))
            layout.addWidget(self.date_from)
            layout.addWidget(QLabel("–", self))
            layout.addWidget(self.date_to)
            layout.addWidget(self.agency, 2)
        for widget in (self.state, self.urgent, self.date_from, self.date_to, self.agency):
            widget.setVisible(dated)
        self.text.textChanged.connect(self._on_any_changed)
        self.state.currentIndexChanged.connect(self._on_any_changed)
        self.urgent.toggled.connect(self._on_any_changed)
        self.date_from.value_changed.connect(self._on_any_changed)
        self.date_to.value_changed.connect(self._on_any_changed)
        self.agency.currentIndexChanged.connect(self._on_any_changed)

    def _on_any_changed(self, *_args: object) -> None:
        self._timer.start()

    def set_agencies(self, agencies: list[str]) -> None:
        """The issuing agencies to choose from (the current choice is kept)."""
        current = self.agency.currentData() or ""
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem(tr("Mọi cơ quan ban hành"), "")
        for name in agencies:
            self.agency.addItem(name, name)
        index = self.agency.findData(current)
        self.agency.setCurrentIndex(max(index, 0))
        self.agency.blockSignals(False)

    def current_filter(self) -> IncomingFilter:
        """The filter as edited (a date still being typed counts as no date)."""
        state = self.state.currentData()
        return IncomingFilter(
            box=self._box,
            text=self.text.text(),
            states=frozenset({IncomingState(state)}) if state else frozenset(),
            urgent_only=self.urgent.isChecked(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            issuing_agency=str(self.agency.currentData() or ""),
        )
