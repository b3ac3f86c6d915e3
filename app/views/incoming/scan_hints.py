"""Suggestions read from the scan, shown beside the registration form's fields.

The file's text (its text layer, or Tesseract's reading of a scan) is read in the background
when the form opens for a queued file. Each suggestion appears under its field as "Gợi ý: …"
with a "Dùng" button; "Dùng tất cả gợi ý" fills only the fields still empty. Nothing is filled
without the clerk's click, and a suggestion disappears once its field holds that value.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.i18n import N_, tr
from app.services.ocr import ScanSuggestions
from app.services.space import Space
from app.timeutil import fmt_date
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.date_edit import DateField
from app.views.incoming.limited_text import LimitedTextEdit

log = logging.getLogger(__name__)

BANNER_STYLE = "QLabel { background: #e8f1fb; border: 1px solid #9cc3ea; padding: 6px; }"
HINT_STYLE = "color: #5b6573;"
# regular weight: the bold system sans at 9 pt draws "ề", "ổ", "ể" like "ế", "ố", "ế"
VALUE_STYLE = "color: #1f5fa8;"
NO_TESSERACT = N_(
    "Chưa cài Tesseract (gói tesseract-ocr, tesseract-ocr-vie): không tự điền được từ bản quét."
)


@dataclass(frozen=True)
class FormFields:
    """The registration form's fields a scan can suggest values for."""

    code_number: QLineEdit
    code_notation: QLineEdit
    document_date: DateField
    agency: QComboBox
    doc_type: QComboBox
    summary: LimitedTextEdit


class HintRow(QWidget):
    """ "Gợi ý: <value>" and a "Dùng" button, under one field.

    Signals:
        used(): the clerk chose this suggestion.
    """

    used = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = ""
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setStyleSheet(HINT_STYLE)
        self.button = QPushButton(tr("Dùng"), self)
        self.button.setToolTip(tr("Điền gợi ý này vào ô (thay nội dung đang có)"))
        self.button.clicked.connect(self.used)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_value(self, value: str) -> None:
        """Show `value` as the suggestion."""
        self.value = value
        shown = html.escape(value)
        value_html = f'<span style="{VALUE_STYLE}">{shown}</span>'
        self.label.setText(tr("Gợi ý từ bản quét: {value}").format(value=value_html))


class ScanHints(QObject):
    """Reads the queued file's fields in the background and offers them under the fields.

    Signals:
        used(): a suggestion was put into the form (the dialog re-checks for duplicates).
    """

    used = pyqtSignal()

    def __init__(self, space: Space, fields: FormFields, parent: QWidget) -> None:
        super().__init__(parent)
        self._space = space
        self._fields = fields
        self._form: QFormLayout | None = None
        self._generation = 0
        self.banner = QLabel(parent)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.use_all_button = QPushButton(tr("Dùng tất cả gợi ý"), parent)
        self.use_all_button.setToolTip(tr("Điền các gợi ý vào những ô còn trống"))
        self.use_all_button.clicked.connect(self.use_all)
        self.banner_row = QWidget(parent)
        row = QHBoxLayout(self.banner_row)
        row.setContentsMargins(0, 0, 0, 6)
        row.addWidget(self.banner, 1)
        row.addWidget(self.use_all_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner_row.hide()
        self.rows: dict[str, HintRow] = {}
        self._apply: dict[str, Callable[[str], None]] = {
            "code": self._use_code,
            "document_date": self._use_date,
            "issuing_agency": fields.agency.setEditText,
            "doc_type": fields.doc_type.setEditText,
            "summary": fields.summary.set_text,
        }
        self._current: dict[str, Callable[[], str]] = {
            "code": self._code,
            "document_date": lambda: fields.document_date.line_edit.text().strip(),
            "issuing_agency": lambda: fields.agency.currentText().strip(),
            "doc_type": lambda: fields.doc_type.currentText().strip(),
            "summary": lambda: fields.summary.text().strip(),
        }
        for name in self._apply:
            hint = HintRow(parent)
            hint.used.connect(lambda n=name: self.use(n))
            self.rows[name] = hint
        for signal in (
            fields.code_number.textChanged,
            fields.code_notation.textChanged,
            fields.document_date.line_edit.textChanged,
            fields.agency.currentTextChanged,
            fields.doc_type.currentTextChanged,
        ):
            signal.connect(self._refresh)
        fields.summary.editor.textChanged.connect(self._refresh)

    def add_row(self, form: QFormLayout, name: str) -> None:
        """Put the suggestion row of field `name` into `form` (hidden until there is one)."""
        self._form = form
        form.addRow("", self.rows[name])
        form.setRowVisible(self.rows[name], False)

    # -- reading the file
    def start(self, blob: str) -> None:
        """Read the queued file `blob` in the background and show what it suggests."""
        self._generation += 1
        generation = self._generation
        ocr = self._space.ocr
        self._show_banner(tr("Đang đọc chữ trong bản quét để gợi ý…"), can_use=False)

        def done(result: tuple[bool, ScanSuggestions | None]) -> None:
            if generation == self._generation:
                self._on_read(*result)

        def failed(exc: BaseException) -> None:
            log.warning("reading the scan for suggestions failed: %r", exc)
            if generation == self._generation:
                self._show_banner(tr("Không đọc được chữ trong bản quét để gợi ý."), can_use=False)

        QueryOp(self.banner, lambda: (ocr.available(), ocr.suggest(blob))).success(
            guarded(self.banner, done)
        ).failure(guarded(self.banner, failed)).run()

    def _on_read(self, available: bool, found: ScanSuggestions | None) -> None:
        if found is None:
            text = tr(NO_TESSERACT) if not available else tr("Không đọc được chữ trong bản quét.")
            self._show_banner(text, can_use=False)
            return
        if found.empty:
            self._show_banner(
                tr("Không tìm thấy số, ngày, cơ quan ban hành hay trích yếu trong bản quét."),
                can_use=False,
            )
            return
        values = {
            "code": found.code,
            "document_date": fmt_date(found.document_date),
            "issuing_agency": found.issuing_agency,
            "doc_type": tr(found.doc_type_name) if found.doc_type_name else "",
            "summary": found.summary,
        }
        for name, value in values.items():
            self.rows[name].set_value(value)
        self._show_banner(
            tr("Gợi ý từ bản quét: hãy đối chiếu với văn bản trước khi dùng."), can_use=True
        )
        self._refresh()

    def _show_banner(self, text: str, *, can_use: bool) -> None:
        self.banner.setText(text)
        self.use_all_button.setVisible(can_use)
        self.banner_row.show()

    # -- using suggestions
    def use(self, name: str) -> None:
        """Put the suggestion for field `name` into the form."""
        value = self.rows[name].value
        if value:
            self._apply[name](value)
            self.used.emit()

    def use_all(self) -> None:
        """Fill every empty field that has a suggestion; what the clerk typed stays."""
        for name, hint in self.rows.items():
            if hint.value and not self._current[name]():
                self._apply[name](hint.value)
        self.used.emit()

    def pending(self) -> dict[str, str]:
        """The suggestions on show (field name → value), for tests and screenshots."""
        return {n: h.value for n, h in self.rows.items() if h.value and self._shown(n)}

    def _shown(self, name: str) -> bool:
        return bool(self.rows[name].value) and self._current[name]() != self.rows[name].value

    def _refresh(self, *_args: object) -> None:
        if self._form is None:
            return
        for name, hint in self.rows.items():
            self._form.setRowVisible(hint, self._shown(name))
        self.use_all_button.setEnabled(
            any(self._shown(n) and not self._current[n]() for n in self.rows)
        )

    # -- the number and symbol, two fields
    def _code(self) -> str:
        number = self._fields.code_number.text().strip()
        notation = self._fields.code_notation.text().strip()
        return f"{number}/{notation}" if number and notation else number or notation

    def _use_code(self, value: str) -> None:
        number, _, notation = value.partition("/") if value[:1].isdigit() else ("", "", value)
        if number:
            self._fields.code_number.setText(number)
        if notation:
            self._fields.code_notation.setText(notation)

    def _use_date(self, value: str) -> None:
        self._fields.document_date.line_edit.setText(value)  # already dd/mm/yyyy
