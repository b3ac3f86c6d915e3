"""Choosing a report's period: a month, a quarter, a year, or from one date to another."""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import QDate, pyqtSignal
from PyQt6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from app.i18n import tr
from app.services.statistics_dto import Period

MONTH, QUARTER, YEAR, RANGE = "month", "quarter", "year", "range"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class PeriodPicker(QWidget):
    """The kind of period and its fields; only the fields of the chosen kind are shown.

    Signals:
        changed(): the chosen period changed.
    """

    changed = pyqtSignal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox(self)
        for text, key in (
            (tr("Tháng"), MONTH),
            (tr("Quý"), QUARTER),
            (tr("Năm"), YEAR),
            (tr("Khoảng ngày"), RANGE),
        ):
            self.mode.addItem(text, key)
        self.month = QComboBox(self)
        for m in range(1, 13):
            self.month.addItem(tr("Tháng {m}").format(m=m), m)
        self.quarter = QComboBox(self)
        for q, roman in enumerate(("I", "II", "III", "IV"), start=1):
            self.quarter.addItem(tr("Quý {q}").format(q=roman), q)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        self.to_label = QLabel(tr("đến"), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.year.setValue(today.year)
        self.month.setCurrentIndex(today.month - 1)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.start.setDate(_qdate(today.replace(day=1)))
        self.end.setDate(_qdate(today))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.mode,
            self.month,
            self.quarter,
            self.year,
            self.start,
            self.to_label,
            self.end,
        ):
            layout.addWidget(widget)
        self.mode.currentIndexChanged.connect(self._on_mode_current_index_changed)
        for combo in (self.month, self.quarter):
            combo.currentIndexChanged.connect(self._on_field_changed)
        self.year.valueChanged.connect(self._on_field_changed)
        self.start.dateChanged.connect(self._on_field_changed)
        self.end.dateChanged.connect(self._on_field_changed)
        self._show_fields()

    def set_mode(self, mode: str) -> None:
        """Choose "month", "quarter", "year" or "range"."""
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def set_range(self, start: dt.date, end: dt.date) -> None:
        """Choose the dates of a "range" period."""
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))

    def period(self) -> Period:
        """The chosen period; ValidationError (Vietnamese) when the dates are reversed."""
        mode = self.mode.currentData()
        year = self.year.value()
        if mode == MONTH:
            return Period.month(year, int(self.month.currentData()))
        if mode == QUARTER:
            return Period.quarter(year, int(self.quarter.currentData()))
        if mode == YEAR:
            return Period.year(year)
        return Period.between(_date(self.start.date()), _date(self.end.date()))

    def slug(self) -> str:
        """The period in a file name: "2026-11", "2026-Q4", "2026", "20261101-20261130"."""
        mode = self.mode.currentData()
        year = self.year.value()
        if mode == MONTH:
            return f"{year}-{int(self.month.currentData()):02d}"
        if mode == QUARTER:
            return f"{year}-Q{self.quarter.currentData()}"
        if mode == YEAR:
            return str(year)
        return f"{_date(self.start.date()):%Y%m%d}-{_date(self.end.date()):%Y%m%d}"

    def _show_fields(self) -> None:
        mode = self.mode.currentData()
        self.month.setVisible(mode == MONTH)
        self.quarter.setVisible(mode == QUARTER)
        self.year.setVisible(mode != RANGE)
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(mode == RANGE)

    def _on_mode_current_index_changed(self, _index: int) -> None:
        self._show_fields()
        self.changed.emit()

    def _on_field_changed(self, *_args: object) -> None:
        self.changed.emit()
