"""A dd/MM/yyyy date field that may be left empty, typed quickly or picked from a calendar.

QDateEdit is awkward to type into when it must also hold "no date" (its special-value text
swallows the first keys), so this is a line edit with a calendar pop-up: type "25/12/2026",
"25.12.2026" or "25122026"; an empty field means no date; Alt+Down or F4 opens the calendar.
"""

from __future__ import annotations

import datetime as dt
import re

from PyQt6.QtCore import QDate, QPoint, Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent, QValidator
from PyQt6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from app.i18n import tr
from app.timeutil import fmt_date

_ALLOWED = re.compile(r"^[0-9./]{0,10}$")
_PARTS = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_typed_date(text: str) -> dt.date | None:
    """The date typed as dd/MM/yyyy, dd.MM.yyyy or ddMMyyyy; None when it is not a date."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    else:
        match = _PARTS.match(text)
        if match is None:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day) if year >= 1900 else None
    except ValueError:
        return None


class _DateValidator(QValidator):
    """Digits, dots and slashes only; a complete text must be a real date."""

    def validate(self, text: str | None, pos: int) -> tuple[QValidator.State, str, int]:
        text = text or ""
        if not _ALLOWED.match(text):
            return QValidator.State.Invalid, text, pos
        if not text.strip() or parse_typed_date(text) is not None:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos


class DateField(QWidget):
    """A date or nothing, shown dd/MM/yyyy.

    Signals:
        value_changed(): the date (or its absence) changed, by typing or from the calendar.
    """

    value_changed = pyqtSignal()

    def __init__(
        self,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        value: dt.date | None = None,
        empty_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._last: dt.date | None = value
        self.line_edit = QLineEdit(fmt_date(value), self)
        self.line_edit.setMaxLength(10)
        self.line_edit.setValidator(_DateValidator(self.line_edit))
        self.line_edit.setPlaceholderText(empty_text or tr("dd/mm/yyyy"))
        self.line_edit.setToolTip(tr("Nhập ngày dạng dd/mm/yyyy; Alt+↓ để chọn trên lịch."))
        self.line_edit.textChanged.connect(self._on_line_edit_text_changed)
        self.line_edit.editingFinished.connect(self._on_line_edit_editing_finished)
        self.line_edit.installEventFilter(self)
        self._button = QToolButton(self)
        self._button.setText("▾")
        self._button.setToolTip(tr("Chọn ngày trên lịch"))
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._button.clicked.connect(self._on_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self._button)
        self.setFocusProxy(self.line_edit)
        self._calendar: QCalendarWidget | None = None

    # -- value
    def value(self) -> dt.date | None:
        """The date typed, or None when the field is empty or not (yet) a date."""
        return parse_typed_date(self.line_edit.text())

    def has_error(self) -> bool:
        """True when something is typed that is not a date."""
        return bool(self.line_edit.text().strip()) and self.value() is None

    def set_value(self, value: dt.date | None) -> None:
        """Show `value` (or nothing)."""
        self.line_edit.setText(fmt_date(value))

    def _on_line_edit_text_changed(self, _text: str) -> None:
        value = self.value()
        if value != self._last and (value is not None or not self.has_error()):
            self._last = value
            self.value_changed.emit()

    def _on_line_edit_editing_finished(self) -> None:
        value = self.value()
        if value is not None and self.line_edit.text() != fmt_date(value):
            self.line_edit.setText(fmt_date(value))  # "25122026" → "25/12/2026"

    # -- calendar
    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        """F4 or Alt+Down opens the calendar."""
        if event is not None and self._opens_calendar(event):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def eventFilter(self, obj: object, event: object) -> bool:
        """Catch the calendar keys typed in the line edit."""
        if (
            obj is self.line_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and self._opens_calendar(event)
        ):
            self.show_calendar()
            return True
        return False

    @staticmethod
    def _opens_calendar(event: QKeyEvent) -> bool:
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        return event.key() == Qt.Key.Key_F4 or (alt and event.key() == Qt.Key.Key_Down)

    def _on_button_clicked(self) -> None:
        self.show_calendar()

    def show_calendar(self) -> None:
        """Pop up a calendar under the field, on the current date (or today)."""
        if self._calendar is None:
            self._calendar = QCalendarWidget(self)
            self._calendar.setWindowFlags(Qt.WindowType.Popup)
            self._calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self._calendar.setGridVisible(True)
            self._calendar.activated.connect(self._on_calendar_picked)
            self._calendar.clicked.connect(self._on_calendar_picked)
        current = self.value() or self._today
        self._calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self._calendar.show()
        self._calendar.setFocus()

    def _on_calendar_picked(self, picked: QDate) -> None:
        self.set_value(dt.date(picked.year(), picked.month(), picked.day()))
        if self._calendar is not None:
            self._calendar.hide()
        self.line_edit.setFocus()
