"""A multi-line text box that cannot hold more than its legal length, with an "n/max" counter."""

from __future__ import annotations

from PyQt6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.i18n import tr


class LimitedTextEdit(QWidget):
    """A QPlainTextEdit (`editor`) cut at `max_length` characters, and its counter below."""

    def __init__(self, max_length: int, parent: QWidget | None = None, *, lines: int = 3) -> None:
        super().__init__(parent)
        self.max_length = max_length
        self.editor = QPlainTextEdit(self)
        self.editor.setTabChangesFocus(True)
        height = self.editor.fontMetrics().lineSpacing() * lines + 12
        self.editor.setMinimumHeight(height)
        self.editor.setMaximumHeight(max(height, int(height * 1.8)))
        self.counter = QLabel(self)
        self.counter.setObjectName("hintLabel")
        self.editor.textChanged.connect(self._on_editor_text_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.editor)
        layout.addWidget(self.counter)
        self.setFocusProxy(self.editor)
        self._update_counter()

    def text(self) -> str:
        """What is typed."""
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text (cut at the limit)."""
        self.editor.setPlainText(text[: self.max_length])

    def _on_editor_text_changed(self) -> None:
        text = self.editor.toPlainText()
        if len(text) > self.max_length:
            cursor = self.editor.textCursor()
            position = min(cursor.position(), self.max_length)
            self.editor.blockSignals(True)
            self.editor.setPlainText(text[: self.max_length])
            self.editor.blockSignals(False)
            cursor = self.editor.textCursor()
            cursor.setPosition(position)
            self.editor.setTextCursor(cursor)
        self._update_counter()

    def _update_counter(self) -> None:
        self.counter.setText(
            tr("{n}/{max} ký tự").format(n=len(self.editor.toPlainText()), max=self.max_length)
        )
