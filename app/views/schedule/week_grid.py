"""The week as a grid: a column per day, a row per session, each cell a list of entry cards.

Monday to Friday are always shown, Saturday and Sunday when they hold entries; the evening row
when any entry is in the evening. Today's column is tinted. A card is selected by a click (or
Space), opened by a double click (or Enter).
"""

from __future__ import annotations

import datetime as dt
import html

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent, QMouseEvent
from PyQt6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import DaySession
from app.services.schedule_dto import SESSION_LABELS, WEEKDAY_NAMES, EntryView, WeekView
from app.views.schedule.labels import BAD, INK, TODAY, entry_html

_CARD = (
    "QFrame#entryCard {{ background: {bg}; border: 1px solid {border}; border-left: 4px solid "
    "{accent}; border-radius: 3px; }}"
)


class EntryCard(QFrame):
    """One entry in a cell.

    Signals:
        clicked(str): the entry was selected.
        activated(str): the entry was opened (double click, Enter).
    """

    clicked = pyqtSignal(str)
    activated = pyqtSignal(str)

    def __init__(self, entry: EntryView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName("entryCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = QLabel(entry_html(entry), self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(_tooltip(entry))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 4, 3)
        layout.addWidget(self.label)
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        """Draw the card as the selected one, or not."""
        accent = BAD if self.entry.amendment else INK
        if self.entry.cancelled:
            accent = "#9aa3ad"
        self.setStyleSheet(
            _CARD.format(
                bg="#dbe8f7" if selected else "white",
                border="#1f5fa8" if selected else "#c9d1db",
                accent=accent,
            )
        )

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        """Select on click."""
        self.setFocus()
        self.clicked.emit(self.entry.id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent | None) -> None:
        """Open on double click."""
        self.activated.emit(self.entry.id)
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        """Enter opens the entry, Space selects it."""
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.entry.id)
            return
        if event is not None and event.key() == Qt.Key.Key_Space:
            self.clicked.emit(self.entry.id)
            return
        super().keyPressEvent(event)


def _tooltip(entry: EntryView) -> str:
    e = html.escape
    rows = [(tr("Thành phần"), entry.participants_text), (tr("Địa điểm"), entry.location)]
    if entry.preparing_unit is not None:
        rows.append((tr("Đơn vị chuẩn bị"), entry.preparing_unit.name))
    if entry.note:
        rows.append((tr("Ghi chú"), entry.note))
    if entry.separate_invitation:
        rows.append((tr("Giấy mời"), tr("Có giấy mời riêng")))
    for link in entry.links:
        rows.append((tr("Văn bản"), link.text))
    return "<br>".join(f"<b>{e(k)}:</b> {e(v)}" for k, v in rows if v)


class WeekGrid(QScrollArea):
    """Days × sessions of one week.

    Signals:
        entry_selected(str): a card was clicked.
        entry_activated(str): a card was double-clicked.
    """

    entry_selected = pyqtSignal(str)
    entry_activated = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.cards: dict[str, EntryCard] = {}
        self.selected_id: str | None = None
        self._inner = QWidget()
        self.setWidget(self._inner)

    def show_week(self, week: WeekView, today: dt.date) -> None:
        """Lay out the week's entries."""
        self.cards = {}
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setSpacing(3)
        cells = week.cells()
        days = [
            d
            for d in week.days
            if d.weekday() < 5 or d == today or any(cells[(d, s)] for s in DaySession)
        ]
        sessions = [
            s for s in DaySession if s != DaySession.EVENING or any(cells[(d, s)] for d in days)
        ]
        for column, day in enumerate(days, start=1):
            grid.addWidget(self._day_header(day, day == today), 0, column)
            grid.setColumnStretch(column, 1)
        for row, session in enumerate(sessions, start=1):
            header = QLabel(tr(SESSION_LABELS[session]), inner)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setStyleSheet(f"QLabel {{ font-weight: bold; color: {INK}; }}")
            header.setMinimumWidth(44)
            grid.addWidget(header, row, 0)
            for column, day in enumerate(days, start=1):
                grid.addWidget(self._cell(cells[(day, session)], day == today), row, column)
            grid.setRowStretch(row, 1)
        self.setWidget(inner)
        self._inner = inner
        if self.selected_id not in self.cards:
            self.selected_id = None
        self._paint_selection()

    def _day_header(self, day: dt.date, today: bool) -> QLabel:
        text = f"{tr(WEEKDAY_NAMES[day.weekday()])}\n{day:%d/%m}"
        if today:
            text += "\n" + tr("Hôm nay")
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        background = TODAY if today else "#eef1f5"
        label.setStyleSheet(
            f"QLabel {{ background: {background}; font-weight: bold; padding: 4px; "
            f"color: {INK}; border-bottom: 2px solid {'#e0a800' if today else '#d5dbe3'}; }}"
        )
        return label

    def _cell(self, entries: list[EntryView], today: bool) -> QFrame:
        frame = QFrame()
        frame.setObjectName("scheduleCell")
        frame.setStyleSheet(
            f"QFrame#scheduleCell {{ background: {TODAY if today else '#f7f8fa'}; "
            "border: 1px solid #e1e5ea; }"
        )
        column = QVBoxLayout(frame)
        column.setContentsMargins(3, 3, 3, 3)
        column.setSpacing(3)
        for entry in entries:
            card = EntryCard(entry, frame)
            card.clicked.connect(self._on_card_clicked)
            card.activated.connect(self._on_card_activated)
            self.cards[entry.id] = card
            column.addWidget(card)
        column.addStretch(1)
        return frame

    def select(self, entry_id: str | None) -> None:
        """Select a card (None: none)."""
        self.selected_id = entry_id if entry_id in self.cards else None
        self._paint_selection()

    def _paint_selection(self) -> None:
        for entry_id, card in self.cards.items():
            card.set_selected(entry_id == self.selected_id)

    def _on_card_clicked(self, entry_id: str) -> None:
        self.select(entry_id)
        self.entry_selected.emit(entry_id)

    def _on_card_activated(self, entry_id: str) -> None:
        self.select(entry_id)
        self.entry_selected.emit(entry_id)
        self.entry_activated.emit(entry_id)
