"""A dashboard count: a big number over its label, a button that opens the matching list."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.services.statistics_dto import DashboardTile, Tone, format_count
from app.views.statistics.chart import NEAR_DUE, OVERDUE

_TONE_COLOURS = {Tone.DANGER: OVERDUE.name(), Tone.WARNING: NEAR_DUE.name()}
_PLAIN = "#1f3d66"


class CountTile(QPushButton):
    """One count; clicking it (or Enter/Space on it) asks for its list.

    Signals:
        open_requested(object): the tile's list key.
    """

    open_requested = pyqtSignal(object)

    def __init__(self, tile: DashboardTile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countTile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(78)
        self.number = QLabel(self)
        self.number.setObjectName("tileNumber")
        self.caption = QLabel(self)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption, 1)
        self.tile = tile
        self.set_tile(tile)
        self.clicked.connect(self._on_clicked)

    def set_tile(self, tile: DashboardTile) -> None:
        """Show `tile`'s count, label and colour."""
        self.tile = tile
        self.number.setText(format_count(tile.count))
        self.caption.setText(f"{tile.label} ({tile.hint})" if tile.hint else tile.label)
        self.setMinimumWidth(150)
        self.setAccessibleName(f"{tile.label}: {tile.count}")
        self.setToolTip(self.caption.text())
        colour = _TONE_COLOURS.get(tile.tone, _PLAIN)
        edge = _TONE_COLOURS.get(tile.tone, "#d5dbe3")
        self.setStyleSheet(
            f"QPushButton#countTile {{ text-align: left; background: white;"
            f" border: 1px solid #d5dbe3; border-left: 6px solid {edge}; border-radius: 3px; }}"
            f" QPushButton#countTile:hover {{ background: #f4f6f9; }}"
            f" QPushButton#countTile:focus {{ border-color: #1f5fa8; }}"
            f" QLabel#tileNumber {{ font-size: 20pt; font-weight: bold; color: {colour}; }}"
            f" QLabel#tileCaption {{ color: #3b4450; }}"
        )

    def _on_clicked(self) -> None:
        self.open_requested.emit(self.tile.key)
