"""Vào sổ văn bản đến: the Phụ lục VI fields beside the scanned file and its signatures.

For a queued file, what the file says about itself (số/ký hiệu, date, issuing body, type,
trích yếu) is offered under the fields as suggestions the clerk confirms (`ScanHints`).

The same dialog corrects a registered document's fields ("Sửa thông tin"); the số đến and the
độ mật never change there.
"""

from __future__ import annotations

import html
import itertools

from PyQt6.QtCore import QRegularExpression, Qt, QTimer
from PyQt6.QtGui import QRegularExpressionValidator
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import Confidentiality, IncomingState, Urgency
from app.services.changes import Changes
from app.services.incoming import LikelyDuplicate, Registered
from app.services.incoming_dto import (
    FIELD_LABELS,
    LIMITS,
    IncomingDetail,
    IncomingDraft,
    IncomingRow,
)
from app.services.space import Space
from app.timeutil import fmt_date, today_vn
from app.ui_support.dialogs import ask_yes_no
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.completion import FoldingCompleter
from app.views.incoming.date_edit import DateField
from app.views.incoming.file_view import FileView
from app.views.incoming.labels import DOC_TYPES, confidentiality_label, urgency_label
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.incoming.scan_hints import FormFields, ScanHints

DUPLICATE_STYLE = (
    "QLabel { background: #fff4e0; color: #7a4a00; border: 1px solid #f0a500; padding: 6px; }"
)
DUPLICATE_DELAY_MS = 300


def duplicate_text(rows: list[IncomingRow]) -> str:
    """The amber warning: which registered documents look the same."""
    lines = [
        tr("Số đến {n}/{y}: {code} của {agency}, ngày đến {d}").format(
            n=r.arrival_number,
            y=r.year,
            code=r.code,
            agency=r.issuing_agency,
            d=fmt_date(r.arrival_date),
        )
        for r in rows[:3]
    ]
    if len(rows) > 3:
        lines.append(tr("… và {n} văn bản khác").format(n=len(rows) - 3))
    head = tr("Có thể trùng với văn bản đã vào sổ (cùng số, ký hiệu và cơ quan ban hành):")
    return "<b>" + html.escape(head) + "</b><br>" + "<br>".join(html.escape(x) for x in lines)


class RegisterDialog(CommandDialog):
    """The registration form of one queued file (or, with `edit`, of a registered document).

    After acceptance, `registered` holds the số đến given (None when editing) and `message` the
    line to show in the status bar.
    """

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        doc_id: str,
        parent: QWidget | None = None,
        *,
        edit: bool = False,
    ) -> None:
        title = tr("Sửa thông tin văn bản đến") if edit else tr("Vào sổ văn bản đến")
        super().__init__(events, title, tr("Lưu") if edit else tr("Vào sổ"), parent)
        self._space = space
        self._doc_id = doc_id
        self._edit = edit
        self._today = today_vn(space.clock)
        self._page_count_touched = False
        self._duplicate_generation = 0
        self.registered: Registered | None = None
        self._pending = IncomingDraft()
        self.message = ""
        self._build_form()
        self._build_layout()
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(DUPLICATE_DELAY_MS)
        self._duplicate_timer.timeout.connect(self.check_duplicates)
        for edit_signal in (
            self.code_number.textEdited,
            self.code_notation.textEdited,
            self.agency_edit.textEdited,
        ):
            edit_signal.connect(self._on_identity_edited)
        self.agency.currentTextChanged.connect(self._on_identity_edited)
        self._load()

    # -- building
    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMaxLength(LIMITS[name])
        edit.setPlaceholderText(placeholder)
        self.field_widgets[name] = edit
        return edit

    def _combo(self, name: str, items: list[str], *, editable: bool) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(editable)
        combo.addItems(items)
        if editable:
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = combo.lineEdit()
            assert line is not None  # editable
            line.setMaxLength(LIMITS[name])
            combo.setCurrentIndex(-1)
            combo.setEditText("")
        self.field_widgets[name] = combo
        return combo

    def _build_form(self) -> None:
        self.code_number = self._line("code_number", tr("ví dụ: 123"))
        self.code_number.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d*"), self.code_number)
        )
        self.code_notation = self._line("code_notation", tr("ví dụ: UBND-VP"))
        self.document_date = DateField(self._today, self)
        self.agency = self._combo("issuing_agency", [], editable=True)
        agency_edit = self.agency.lineEdit()
        assert agency_edit is not None
        self.agency_edit = agency_edit
        self.agency_edit.setPlaceholderText(tr("ví dụ: UBND quận Long Biên"))
        self._agency_completer = FoldingCompleter(self.agency_edit)
        self.doc_type = self._combo("doc_type", [tr(t) for t in DOC_TYPES], editable=True)
        self.summary = LimitedTextEdit(LIMITS["summary"], self, lines=3)
        self.signer_name = self._line("signer_name")
        self.signer_position = self._line("signer_position", tr("ví dụ: Chủ tịch"))
        self.urgency = QComboBox(self)
        for value in Urgency:
            self.urgency.addItem(urgency_label(value), value)
        self.confidentiality = QComboBox(self)
        for level in Confidentiality:
            self.confidentiality.addItem(confidentiality_label(level), level)
        self.page_count = QSpinBox(self)
        self.page_count.setRange(0, 999)
        self.page_count.setSpecialValueText("—")
        self.page_count.valueChanged.connect(self._on_page_count_value_changed)
        self.arrival_date = DateField(self._today, self, value=self._today)
        self.due_date = DateField(self._today, self, empty_text=tr("không có hạn"))
        self.note = LimitedTextEdit(LIMITS["note"], self, lines=2)
        self.hints = ScanHints(
            self._space,
            FormFields(
                self.code_number,
                self.code_notation,
                self.document_date,
                self.agency,
                self.doc_type,
                self.summary,
            ),
            self,
        )
        self.hints.used.connect(self._on_identity_edited)
        self.field_widgets.update(
            {
                "document_date": self.document_date,
                "summary": self.summary,
                "urgency": self.urgency,
                "confidentiality": self.confidentiality,
                "page_count": self.page_count,
                "arrival_date": self.arrival_date,
                "due_date": self.due_date,
                "note": self.note,
            }
        )

    def _build_layout(self) -> None:
        def label(text: str, buddy: QWidget) -> QLabel:
            caption = QLabel(text, self)
            caption.setBuddy(buddy)
            return caption

        def pair(*items: QWidget) -> QHBoxLayout:
            row = QHBoxLayout()
            row.setSpacing(6)
            for item in items:
                row.addWidget(item, 0 if isinstance(item, QLabel) else 1)
            return row

        self.duplicates_banner = QLabel(self)
        self.duplicates_banner.setWordWrap(True)
        self.duplicates_banner.setTextFormat(Qt.TextFormat.RichText)
        self.duplicates_banner.setStyleSheet(DUPLICATE_STYLE)
        self.duplicates_banner.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.code_number.setMaximumWidth(110)
        number_row = QHBoxLayout()
        number_row.addWidget(self.code_number)
        number_row.addWidget(QLabel("/", self))
        number_row.addWidget(self.code_notation, 1)
        form.addRow(label(tr("&Số / Ký hiệu:"), self.code_number), number_row)
        self.hints.add_row(form, "code")
        form.addRow(label(tr("Ngày &văn bản:"), self.document_date), self.document_date)
        self.hints.add_row(form, "document_date")
        form.addRow(label(tr("&Cơ quan ban hành:"), self.agency), self.agency)
        self.hints.add_row(form, "issuing_agency")
        form.addRow(label(tr("&Loại văn bản:"), self.doc_type), self.doc_type)
        self.hints.add_row(form, "doc_type")
        form.addRow(label(tr("&Trích yếu:"), self.summary), self.summary)
        self.hints.add_row(form, "summary")
        form.addRow(label(tr("&Người ký:"), self.signer_name), self.signer_name)
        form.addRow(label(tr("Chức vụ ngườ&i ký:"), self.signer_position), self.signer_position)
        form.addRow(
            label(tr("Độ &khẩn:"), self.urgency),
            pair(self.urgency, label(tr("Độ &mật:"), self.confidentiality), self.confidentiality),
        )
        self.page_count.setMaximumWidth(90)
        page_row = QHBoxLayout()
        page_row.addWidget(self.page_count)
        page_row.addStretch(1)
        form.addRow(label(tr("Số t&rang:"), self.page_count), page_row)
        form.addRow(
            label(tr("Ngà&y đến:"), self.arrival_date),
            pair(self.arrival_date, label(tr("&Hạn xử lý:"), self.due_date), self.due_date),
        )
        form.addRow(label(tr("&Ghi chú:"), self.note), self.note)
        # keep the tab order the reading order
        order: list[QWidget] = [
            self.code_number, self.code_notation, self.document_date, self.agency,
            self.doc_type, self.summary, self.signer_name, self.signer_position, self.urgency,
            self.confidentiality, self.page_count, self.arrival_date, self.due_date, self.note,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        form_widget = QWidget(self)
        form_column = QVBoxLayout(form_widget)
        form_column.setContentsMargins(0, 0, 6, 0)
        form_column.addWidget(self.hints.banner_row)
        form_column.addWidget(self.duplicates_banner)
        form_column.addLayout(form)
        form_column.addStretch(1)
        form_scroll = QScrollArea(self)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setWidget(form_widget)
        self.file_view = FileView(self)
        self.preview = self.file_view.preview
        self.signatures = self.file_view.signatures
        self.preview.page_count_known.connect(self._on_preview_page_count_known)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(form_scroll)
        splitter.addWidget(self.file_view)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([640, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(1200, 700)
        self.code_number.setFocus()

    # -- loading
    def _load(self) -> None:
        svc, doc_id = self._space.incoming, self._doc_id
        QueryOp(self, lambda: (svc.detail(doc_id), svc.issuing_agencies())).success(
            guarded(self, self._on_loaded)
        ).failure(guarded(self, self.on_command_failed)).run()
        QueryOp(self, lambda: svc.file_bytes(doc_id)).success(
            guarded(self, self._on_file_loaded)
        ).failure(guarded(self, self._on_file_failed)).run()

    def _on_loaded(self, result: tuple[IncomingDetail, list[str]]) -> None:
        detail, agencies = result
        self._agency_completer.set_items(agencies)
        typed = self.agency.currentText()
        self.agency.blockSignals(True)
        self.agency.addItems(agencies)
        self.agency.setCurrentIndex(-1)
        self.agency.setEditText(typed)
        self.agency.blockSignals(False)
        if detail.draft.page_count and not self._page_count_touched:
            self._set_page_count(detail.draft.page_count)
        if self._edit or detail.row.state != IncomingState.QUEUED:
            self._fill(detail.draft)
        else:  # a queued file: what it says about itself, as suggestions
            self.hints.start(detail.blob)
        self.setWindowTitle(self.windowTitle() + " — " + detail.row.file_name)

    def _on_file_loaded(self, data: bytes) -> None:
        self.file_view.set_pdf(data, self._doc_id)

    def _on_file_failed(self, exc: BaseException) -> None:
        self.preview.clear(getattr(exc, "message", "") or tr("Không đọc được tệp."))

    def _fill(self, draft: IncomingDraft) -> None:
        self.code_number.setText(draft.code_number)
        self.code_notation.setText(draft.code_notation)
        self.document_date.set_value(draft.document_date)
        self.agency.setEditText(draft.issuing_agency)
        self.doc_type.setEditText(draft.doc_type)
        self.summary.set_text(draft.summary)
        self.signer_name.setText(draft.signer_name)
        self.signer_position.setText(draft.signer_position)
        self.urgency.setCurrentIndex(max(self.urgency.findData(draft.urgency), 0))
        self.confidentiality.setCurrentIndex(
            max(self.confidentiality.findData(draft.confidentiality), 0)
        )
        self._set_page_count(draft.page_count or 0)
        self.arrival_date.set_value(draft.arrival_date or self._today)
        self.due_date.set_value(draft.due_date)
        self.note.set_text(draft.note)
        if self._edit:
            self.confidentiality.setEnabled(False)  # cannot change after registration
            self.arrival_date.setEnabled(False)  # the số đến's date

    def _set_page_count(self, count: int) -> None:
        self.page_count.blockSignals(True)
        self.page_count.setValue(min(count, 999))
        self.page_count.blockSignals(False)

    def _on_page_count_value_changed(self, _value: int) -> None:
        self._page_count_touched = True

    def _on_preview_page_count_known(self, count: int) -> None:
        if not self._page_count_touched and self.page_count.value() == 0:
            self._set_page_count(count)

    # -- the duplicate warning
    def _on_identity_edited(self, _text: str = "") -> None:
        self._duplicate_timer.start()

    def check_duplicates(self) -> None:
        """Ask the service for registered documents with the same số, ký hiệu and cơ quan."""
        self._duplicate_generation += 1
        generation = self._duplicate_generation
        probe = IncomingDraft(
            code_number=self.code_number.text().strip(),
            code_notation=self.code_notation.text().strip(),
            issuing_agency=self.agency.currentText(),
        )
        svc, doc_id = self._space.incoming, self._doc_id

        def done(rows: list[IncomingRow]) -> None:
            if generation == self._duplicate_generation:
                self.duplicates_banner.setText(duplicate_text(rows) if rows else "")
                self.duplicates_banner.setVisible(bool(rows))

        QueryOp(self, lambda: svc.duplicates(probe, exclude_id=doc_id)).success(
            guarded(self, done)
        ).failure(lambda _exc: None).run()

    # -- OK
    def draft(self) -> IncomingDraft | None:
        """The form as a draft; None (and a red message) when a date is not a date."""
        for name, field in (
            ("document_date", self.document_date),
            ("arrival_date", self.arrival_date),
            ("due_date", self.due_date),
        ):
            if field.has_error():
                self.show_error_text(
                    tr("{label}: ngày không đúng dạng dd/mm/yyyy.").format(
                        label=tr(FIELD_LABELS[name])
                    ),
                    name,
                )
                return None
        return IncomingDraft(
            code_number=self.code_number.text().strip(),
            code_notation=self.code_notation.text().strip(),
            document_date=self.document_date.value(),
            issuing_agency=self.agency.currentText().strip(),
            doc_type=self.doc_type.currentText().strip(),
            summary=self.summary.text().strip(),
            signer_name=self.signer_name.text().strip(),
            signer_position=self.signer_position.text().strip(),
            urgency=Urgency(self.urgency.currentData()),
            confidentiality=Confidentiality(self.confidentiality.currentData()),
            page_count=self.page_count.value() or None,
            due_date=self.due_date.value(),
            arrival_date=self.arrival_date.value(),
            note=self.note.text().strip(),
        )

    def submit(self) -> None:
        """Register (or save) the form."""
        draft = self.draft()
        if draft is None:
            return
        svc, doc_id = self._space.incoming, self._doc_id
        if self._edit:
            self.run_command(lambda: svc.update_metadata(doc_id, draft), self._on_updated)
        else:
            self._register(draft, allow_duplicate=False)

    def _register(self, draft: IncomingDraft, *, allow_duplicate: bool) -> None:
        svc, doc_id = self._space.incoming, self._doc_id
        self._pending = draft
        self.run_command(
            lambda: svc.register(doc_id, draft, allow_duplicate=allow_duplicate),
            self._on_registered,
        )

    def on_command_failed(self, exc: BaseException) -> None:
        """A likely duplicate asks "Vẫn vào sổ?"; other refusals show under the form."""
        if isinstance(exc, LikelyDuplicate):
            self.ok_button.setEnabled(True)
            self.duplicates_banner.setText(duplicate_text(exc.duplicates))
            self.duplicates_banner.show()
            question = exc.message + "\n\n" + tr("Vẫn vào sổ văn bản này?")
            if ask_yes_no(self, tr("Vẫn vào sổ?"), question):
                self._register(self._pending, allow_duplicate=True)
            else:
                self.show_error_text(tr("Chưa vào sổ: văn bản có thể trùng."))
            return
        super().on_command_failed(exc)

    def _on_registered(self, result: Registered) -> None:
        self.registered = result
        if result.arrival_number is None:  # offline: numbered by the next sync round
            self.message = tr(
                "Đã vào sổ; văn bản chờ cấp số đến khi có kết nối với máy chủ đồng bộ."
            )
        else:
            self.message = tr("Đã vào sổ số đến {n}/{y}").format(
                n=result.arrival_number, y=result.year
            )
        self.broadcast(result.changes)
        self.accept()

    def _on_updated(self, changes: Changes) -> None:
        self.message = tr("Đã lưu thông tin văn bản.")
        self.broadcast(changes)
        self.accept()
