"""The pane beside a list: one document's fields, its file, signatures, handlers and history."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.models.enums import AssigneeKind, IncomingState
from app.services.incoming_dto import IncomingDetail
from app.services.space import Space
from app.timeutil import fmt_date, fmt_datetime
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.file_view import FileView
from app.views.incoming.labels import (
    WAITING_FOR_NUMBER,
    action_label,
    arrival_text,
    confidentiality_label,
    handling_label,
    role_label,
    source_label,
    state_label,
    urgency_label,
    waits_for_number,
)
from app.views.incoming.signature_panel import BAD, DOUBT

FILE_TAB = 1
HISTORY_TAB = 2

_FIELDS = (
    ("number", N_("Số đến")),
    ("arrival_date", N_("Ngày đến")),
    ("code", N_("Số, ký hiệu")),
    ("document_date", N_("Ngày văn bản")),
    ("issuing_agency", N_("Cơ quan ban hành")),
    ("doc_type", N_("Loại văn bản")),
    ("summary", N_("Trích yếu")),
    ("signer", N_("Người ký")),
    ("urgency", N_("Độ khẩn")),
    ("confidentiality", N_("Độ mật")),
    ("page_count", N_("Số trang")),
    ("due_date", N_("Hạn xử lý")),
    ("state", N_("Trạng thái")),
    ("submitted_to", N_("Trình lãnh đạo")),
    ("instruction", N_("Ý kiến chỉ đạo")),
    ("handlers", N_("Người xử lý")),
    ("result_note", N_("Kết quả xử lý")),
    ("return_reason", N_("Lý do trả lại / loại")),
    ("note", N_("Ghi chú")),
    ("file", N_("Tệp")),
    ("registered_by", N_("Người vào sổ")),
)


def due_text(detail: IncomingDetail) -> str:
    """The due date as rich text, with "Quá hạn" in red or "Sắp đến hạn" in amber."""
    row = detail.row
    if row.due_date is None:
        return ""
    text = html.escape(fmt_date(row.due_date))
    if row.overdue:
        return f'{text} <b style="color:{BAD}">{html.escape(tr("Quá hạn"))}</b>'
    if row.near_due:
        return f'{text} <b style="color:{DOUBT}">{html.escape(tr("Sắp đến hạn"))}</b>'
    return text


def handlers_text(detail: IncomingDetail) -> str:
    """One line per handler: role, name, status, and their latest note."""
    lines = []
    for a in detail.assignments:
        kind = tr("đơn vị") if a.kind == AssigneeKind.UNIT else ""
        name = html.escape(a.name) + (f" ({kind})" if kind else "")
        role, status = html.escape(role_label(a.role)), html.escape(handling_label(a.status))
        line = f"<b>{role}</b>: {name} — {status}"
        if a.note:
            line += f"<br>&nbsp;&nbsp;<i>{html.escape(a.note)}</i>"
        lines.append(line)
    return "<br>".join(lines)


def history_text(kind: str, text: str, detail: dict[str, Any], names: dict[str, str]) -> str:
    """What a history step says beyond its name (số đến, the note, the instruction …)."""
    extra = ""
    if kind == "incoming.registered" and detail.get("arrival_number"):
        extra = tr("Số đến {n}/{y}").format(n=detail["arrival_number"], y=detail.get("year", ""))
    elif kind == "incoming.queued":
        extra = tr("{file} ({source})").format(
            file=detail.get("file_name", ""), source=source_label(str(detail.get("source", "")))
        )
    elif kind == "incoming.submitted" and detail.get("to"):
        extra = tr("Trình: {name}").format(name=names.get(str(detail["to"]), ""))
    elif kind == "incoming.assigned" and detail.get("due_date"):
        extra = tr("Hạn xử lý: {d}").format(
            d=fmt_date(dt.date.fromisoformat(str(detail["due_date"])))
        )
    return " — ".join(p for p in (extra, text) if p)


class DetailPane(QWidget):
    """Shows one incoming document; empty until `show_document`.

    Signals:
        loaded(object): the IncomingDetail now shown.
    """

    loaded = pyqtSignal(object)

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._generation = 0
        self.doc_id: str | None = None
        self.detail: IncomingDetail | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts = QLabel(self)
        self.conflicts.setWordWrap(True)
        self.conflicts.setStyleSheet(
            f"QLabel {{ background: #fdecea; color: {BAD}; border: 1px solid {BAD}; "
            "padding: 4px; }"
        )
        self.conflicts.hide()
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.value_labels: dict[str, QLabel] = {}
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, caption in _FIELDS:
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.value_labels[key] = value
            self._form.addRow(tr(caption) + ":", value)
        info = QWidget()
        info.setLayout(self._form)
        info_scroll = QScrollArea(self)
        info_scroll.setWidgetResizable(True)
        info_scroll.setWidget(info)
        self.file_view = FileView(self)
        self.preview = self.file_view.preview
        self.signatures = self.file_view.signatures
        self.history = QTextBrowser(self)
        self.history.setOpenLinks(False)
        self.history_steps: list[tuple[str, str, str, str]] = []  # time, person, action, text
        self.tabs.addTab(info_scroll, tr("Thông tin"))
        self.tabs.addTab(self.file_view, tr("Văn bản"))
        self.tabs.addTab(self.history, tr("Quá trình xử lý"))
        self.preview.page_count_known.connect(self._on_preview_page_count_known)
        self.signatures.checked.connect(self._on_signatures_checked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.tabs, 1)
        self.show_document(None)

    # -- loading
    def show_document(self, doc_id: str | None) -> None:
        """Show `doc_id` (None: nothing); the file is loaded only when it changed."""
        self._generation += 1
        self.doc_id = doc_id
        if doc_id is None:
            self.detail = None
            self.title.setText(tr("Chọn một văn bản trong danh sách để xem."))
            self.conflicts.hide()
            for value in self.value_labels.values():
                value.clear()
            self.history.clear()
            self.history_steps = []
            self.file_view.clear()
            self._set_tab_titles()
            self.tabs.setEnabled(False)
            return
        self.tabs.setEnabled(True)
        self.refresh()

    def refresh(self) -> None:
        """Read the shown document again (after a change)."""
        doc_id = self.doc_id
        if doc_id is None:
            return
        generation = self._generation
        svc, directory = self._space.incoming, self._space.directory

        def query() -> tuple[IncomingDetail, dict[str, str]]:
            names = {u.id: u.full_name for u in directory.users(include_inactive=True)}
            names.update({u.id: u.name for u in directory.units(include_inactive=True)})
            return svc.detail(doc_id), names

        def done(result: tuple[IncomingDetail, dict[str, str]]) -> None:
            if generation == self._generation:
                self._on_detail(*result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                message = getattr(exc, "message", "") or tr("Không đọc được văn bản.")
                self.title.setText(html.escape(message))
                self.tabs.setEnabled(False)

        QueryOp(self, query).success(guarded(self, done)).failure(guarded(self, failed)).run()

    def _on_detail(self, detail: IncomingDetail, names: dict[str, str]) -> None:
        previous = self.detail
        self.detail = detail
        self._fill(detail, names)
        if previous is None or previous.blob != detail.blob or self.preview.page_count == 0:
            self._load_file(detail)
        self.loaded.emit(detail)

    def _load_file(self, detail: IncomingDetail) -> None:
        generation, doc_id, svc = self._generation, detail.row.id, self._space.incoming

        def done(data: bytes) -> None:
            if generation == self._generation:
                self.file_view.set_pdf(data, detail.blob)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                message = getattr(exc, "message", "") or tr("Không đọc được tệp.")
                self.file_view.clear(message)

        QueryOp(self, lambda: svc.file_bytes(doc_id)).success(guarded(self, done)).failure(
            guarded(self, failed)
        ).run()

    # -- showing
    def _fill(self, detail: IncomingDetail, names: dict[str, str]) -> None:
        row, draft = detail.row, detail.draft
        waiting = waits_for_number(row)
        if row.arrival_number or waiting:
            heading = (
                tr("Số đến {n}/{y}").format(n=row.arrival_number, y=row.year)
                if row.arrival_number
                else tr(WAITING_FOR_NUMBER)
            )
            if row.code:
                heading += f" · {row.code}"
        else:
            heading = row.file_name
        subtitle = row.summary or tr("(chưa vào sổ)")
        self.title.setText(
            f"<b>{html.escape(heading)}</b> — {html.escape(state_label(row.state))}"
            f"<br>{html.escape(subtitle)}"
        )
        if detail.conflicts:
            self.conflicts.setText(
                "<b>"
                + html.escape(tr("Cần xử lý xung đột"))
                + "</b><br>"
                + "<br>".join(html.escape(c) for c in detail.conflicts)
            )
        self.conflicts.setVisible(bool(detail.conflicts))
        urgency = html.escape(urgency_label(row.urgency))
        if row.urgency.is_urgent:
            urgency = f'<b style="color:{BAD}">{urgency}</b>'
        signer = ", ".join(p for p in (draft.signer_position, draft.signer_name) if p)
        values = {
            "number": f"{row.arrival_number}/{row.year}"
            if row.arrival_number
            else arrival_text(row),
            "arrival_date": fmt_date(row.arrival_date),
            "code": row.code,
            "document_date": fmt_date(draft.document_date),
            "issuing_agency": draft.issuing_agency,
            "doc_type": draft.doc_type,
            "summary": draft.summary,
            "signer": signer,
            "confidentiality": confidentiality_label(draft.confidentiality),
            "page_count": str(draft.page_count or ""),
            "state": state_label(row.state),
            "submitted_to": names.get(detail.submitted_to or "", ""),
            "instruction": detail.instruction
            + (f" ({detail.assigned_by})" if detail.instruction and detail.assigned_by else ""),
            "result_note": detail.result_note,
            "return_reason": detail.return_reason,
            "note": draft.note,
            "file": f"{row.file_name} ({source_label(detail.source)})",
            "registered_by": detail.registered_by,
        }
        if row.state == IncomingState.QUEUED:  # nothing is known before registration
            urgency = values["confidentiality"] = ""
        rich = {"urgency": urgency, "due_date": due_text(detail), "handlers": handlers_text(detail)}
        for key, label in self.value_labels.items():
            text = (
                rich[key] if key in rich else html.escape(values.get(key, "")).replace("\n", "<br>")
            )
            label.setText(text)
            self._form.setRowVisible(label, bool(text))
        self._fill_history(detail, names)
        self._set_tab_titles()

    def _fill_history(self, detail: IncomingDetail, names: dict[str, str]) -> None:
        """Quá trình xử lý: one paragraph per step, newest last."""
        self.history_steps = [
            (
                fmt_datetime(step.at),
                step.actor,
                action_label(step.action),
                history_text(step.action, step.text, step.detail, names),
            )
            for step in detail.history
        ]
        blocks = []
        for when, actor, action, text in self.history_steps:
            block = (
                '<p style="margin-bottom:6px">'
                f'<span style="color:#5b6573">{html.escape(when)}</span>'
                f" · {html.escape(actor)} · <b>{html.escape(action)}</b>"
            )
            if text:
                block += "<br>" + html.escape(text).replace("\n", "<br>")
            blocks.append(block + "</p>")
        self.history.setHtml("".join(blocks))

    def _set_tab_titles(self) -> None:
        count = self.signatures.count
        self.tabs.setTabText(
            FILE_TAB, tr("Văn bản · {n} chữ ký").format(n=count) if count else tr("Văn bản")
        )
        pages = self.preview.page_count
        self.tabs.setTabToolTip(FILE_TAB, tr("{n} trang").format(n=pages) if pages else "")

    def _on_preview_page_count_known(self, _count: int) -> None:
        self._set_tab_titles()

    def _on_signatures_checked(self, _count: int) -> None:
        self._set_tab_titles()
