"""Completion that ignores Vietnamese diacritics and case: "ubnd quan" finds "UBND quận …"."""

from __future__ import annotations

from PyQt6.QtCore import QStringListModel, Qt
from PyQt6.QtWidgets import QCompleter, QLineEdit

from app.textfold import fold

MAX_SUGGESTIONS = 50


class FoldingCompleter(QCompleter):
    """Suggests the items whose folded text contains every folded word typed."""

    def __init__(self, line_edit: QLineEdit, items: list[str] | None = None) -> None:
        self._model = QStringListModel()
        super().__init__(self._model, line_edit)
        self._items: list[tuple[str, str]] = []
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)
        self._line_edit = line_edit
        # not line_edit.setCompleter(): the line edit would filter again by prefix
        self.setWidget(line_edit)
        self.activated[str].connect(self._on_activated)
        line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.set_items(items or [])

    def set_items(self, items: list[str]) -> None:
        """The texts to choose from, most likely first."""
        self._items = [(fold(item), item) for item in items]

    def matches(self, text: str) -> list[str]:
        """The items matching `text`, in their order."""
        words = fold(text).split()
        if not words:
            return []
        found = [item for folded, item in self._items if all(w in folded for w in words)]
        return [item for item in found if item != text][:MAX_SUGGESTIONS]

    def _on_activated(self, text: str) -> None:
        self._line_edit.setText(text)
        self._line_edit.textEdited.emit(text)  # as if typed: listeners recheck

    def _on_line_edit_text_edited(self, text: str) -> None:
        found = self.matches(text)
        self._model.setStringList(found)
        if found and self._line_edit.hasFocus():
            self.complete()
        else:
            popup = self.popup()
            if popup is not None:
                popup.hide()
