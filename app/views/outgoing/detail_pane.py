"""The pane beside an outgoing list: the document's fields, its PDF, files, history and steps.

The buttons under the tabs are the steps the service says the user may take now
(`OutgoingDetail.actions`); the page opens the dialog of the one clicked.
"""

from __future__ import annotations

import html
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.services.outgoing_dto import Action, OutgoingDetail
from app.services.space import Space
from app.timeutil import fmt_date, fmt_datetime
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.file_view import FileView
from app.views.incoming.labels import confidentiality_label, urgency_label
from app.views.incoming.signature_panel import BAD, DOUBT
from app.views.outgoing.file_list import FileList
from app.views.outgoing.labels import (
    ACTION_LABELS,
    MAIN_ACTIONS,
    final_source_label,
    history_label,
    state_label,
)

INFO_TAB, FILE_TAB, FILES_TAB, HISTORY_TAB = range(4)
BUTTONS_PER_ROW = 3

_FIELDS = (
    ("code", N_("Số, ký hiệu")),
    ("issued_date", N_("Ngày ban hành")),
    ("doc_type", N_("Loại văn bản")),
    ("summary", N_("Trích yếu")),
    ("state", N_("Trạng thái")),
    ("signer", N_("Người ký")),
    ("drafter", N_("Người soạn thảo")),
    ("unit", N_("Đơn vị soạn thảo")),
    ("reviewer", N_("Người duyệt nội dung")),
    ("urgency", N_("Độ khẩn")),
    ("confidentiality", N_("Độ mật")),
    ("recipients_text", N_("Nơi nhận")),
    ("recipients", N_("Đã gửi trong phường")),
    ("note", N_("Ghi chú")),
)


def signer_text(detail: OutgoingDetail) -> str:
    """ "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Nguyễn Văn An"."""
    form = detail.form
    title = " / ".join(p for p in (form.signer_authority, form.signer_position) if p)
    return " — ".join(p for p in (title, detail.row.signer) if p)


def history_text(kind: str, text: str, detail: dict[str, Any], names: dict[str, str]) -> str:
    """What a history step says beyond its name: the file, the reviewer, the number …"""
    extra = ""
    if kind in ("outgoing.created", "outgoing.version_added", "outgoing.attachment_added"):
        extra = str(detail.get("file_name", ""))
    elif kind == "outgoing.submitted" and detail.get("to"):
        extra = tr("Trình: {name}").format(name=names.get(str(detail["to"]), ""))
    elif kind == "outgoing.finalized":
        source = final_source_label(str(detail.get("source", "")))
        extra = f"{detail.get('file_name', '')} ({source})" if source else ""
    elif kind == "outgoing.signed" and detail.get("certificate"):
        extra = tr("Chứng thư số: {c}").format(c=detail["certificate"])
    elif kind == "outgoing.issued" and detail.get("number") is not None:
        extra = tr("Số {n:02d}, sổ văn bản đi năm {y}").format(
            n=int(detail["number"]), y=detail.get("year", "")
        )
    return " — ".join(p for p in (extra, text) if p)


class OutgoingDetailPane(QWidget):
    """Shows one outgoing document; empty until `show_document`.

    Signals:
        loaded(object): the OutgoingDetail now shown.
        action_requested(object): the user clicked the button of an `Action`.
    """

    loaded = pyqtSignal(object)
    action_requested = pyqtSignal(object)

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._generation = 0
        self.doc_id: str | None = None
        self.detail: OutgoingDetail | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.return_reason = self._banner("#fff4e5", DOUBT)
        self.conflicts = self._banner("#fdecea", BAD)
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
        self.files = FileList(self)
        self.history = QTextBrowser(self)
        self.history.setOpenLinks(False)
        self.history_steps: list[tuple[str, str, str, str]] = []  # time, person, action, text
        self.tabs.addTab(info_scroll, tr("Thông tin"))
        self.tabs.addTab(self.file_view, tr("Văn bản"))
        self.tabs.addTab(self.files, tr("Tệp"))
        self.tabs.addTab(self.history, tr("Quá trình xử lý"))
        self.action_buttons: dict[Action, QPushButton] = {}
        self._buttons = QGridLayout()
        self._buttons.setContentsMargins(0, 4, 0, 0)
        for column in range(BUTTONS_PER_ROW):
            self._buttons.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.return_reason)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons)
        self.show_document(None)

    def _banner(self, background: str, colour: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setStyleSheet(
            f"QLabel {{ background: {background}; color: {colour}; "
            f"border: 1px solid {colour}; padding: 4px; }}"
        )
        label.hide()
        return label

    # -- loading
    def show_document(self, doc_id: str | None) -> None:
        """Show `doc_id` (None: nothing); the PDF is loaded only when it changed."""
        self._generation += 1
        self.doc_id = doc_id
        if doc_id is None:
            self.detail = None
            self.title.setText(tr("Chọn một văn bản trong danh sách để xem."))
            self.return_reason.hide()
            self.conflicts.hide()
            for value in self.value_labels.values():
                value.clear()
            self.history.clear()
            self.history_steps = []
            self.file_view.clear()
            self.files.clear()
            self._set_buttons(frozenset())
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
        svc, directory = self._space.outgoing, self._space.directory

        def query() -> tuple[OutgoingDetail, dict[str, str]]:
            names = {u.id: u.full_name for u in directory.users(include_inactive=True)}
            names.update({u.id: u.name for u in directory.units(include_inactive=True)})
            return svc.detail(doc_id), names

        def done(result: tuple[OutgoingDetail, dict[str, str]]) -> None:
            if generation == self._generation:
                self._on_detail(*result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                message = getattr(exc, "message", "") or tr("Không đọc được văn bản.")
                self.title.setText(html.escape(message))
                self._set_buttons(frozenset())
                self.tabs.setEnabled(False)

        QueryOp(self, query).success(guarded(self, done)).failure(guarded(self, failed)).run()

    def _on_detail(self, detail: OutgoingDetail, names: dict[str, str]) -> None:
        previous = self.detail
        self.detail = detail
        self._fill(detail, names)
        if previous is None or previous.pdf_blob != detail.pdf_blob or not self.preview.page_count:
            self._load_pdf(detail)
        self.loaded.emit(detail)

    def _load_pdf(self, detail: OutgoingDetail) -> None:
        sha = detail.pdf_blob
        if sha is None:
            self.file_view.clear(tr("Chưa có bản PDF để ký. Các phiên bản dự thảo ở thẻ “Tệp”."))
            return
        generation, svc = self._generation, self._space.outgoing

        def done(data: bytes) -> None:
            if generation == self._generation:
                self.file_view.set_pdf(data, sha)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                message = getattr(exc, "message", "") or tr("Không đọc được tệp.")
                self.file_view.clear(message)

        QueryOp(self, lambda: svc.file_bytes(sha)).success(guarded(self, done)).failure(
            guarded(self, failed)
        ).run()

    # -- showing
    def _fill(self, detail: OutgoingDetail, names: dict[str, str]) -> None:
        row, form = detail.row, detail.form
        self.title.setText(
            f"<b>{html.escape(row.doc_type)} {html.escape(row.code)}</b>"
            f" — {html.escape(state_label(row.state))}<br>{html.escape(row.summary)}"
        )
        if detail.return_reason:
            self.return_reason.setText(
                f"<b>{html.escape(tr('Lý do trả lại'))}:</b> "
                + html.escape(detail.return_reason).replace("\n", "<br>")
            )
        self.return_reason.setVisible(bool(detail.return_reason))
        if detail.conflicts:
            self.conflicts.setText(
                f"<b>{html.escape(tr('Cần xử lý xung đột'))}</b><br>"
                + "<br>".join(html.escape(c) for c in detail.conflicts)
            )
        self.conflicts.setVisible(bool(detail.conflicts))
        urgency = html.escape(urgency_label(row.urgency))
        if row.urgency.is_urgent:
            urgency = f'<b style="color:{BAD}">{urgency}</b>'
        values = {
            "code": row.code,
            "issued_date": fmt_date(row.issued_date),
            "doc_type": row.doc_type,
            "summary": row.summary,
            "state": state_label(row.state),
            "signer": signer_text(detail),
            "drafter": row.drafter,
            "unit": names.get(form.drafting_unit_id or "", ""),
            "reviewer": detail.reviewer,
            "confidentiality": confidentiality_label(row.confidentiality),
            "recipients_text": form.recipients_text,
            "recipients": "\n".join(detail.recipients),
            "note": form.note,
        }
        for key, value_label in self.value_labels.items():
            text = urgency if key == "urgency" else html.escape(values.get(key, ""))
            value_label.setText(text.replace("\n", "<br>"))
            self._form.setRowVisible(value_label, bool(text))
        self.files.set_detail(detail)
        self._fill_history(detail, names)
        self._set_buttons(detail.actions)

    def _fill_history(self, detail: OutgoingDetail, names: dict[str, str]) -> None:
        """Quá trình xử lý: one paragraph per step, oldest first."""
        self.history_steps = [
            (
                fmt_datetime(step.at),
                step.actor,
                history_label(step.action),
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

    def _set_buttons(self, actions: frozenset[Action]) -> None:
        """One button per allowed step, the steps that move the document on first."""
        for button in self.action_buttons.values():
            self._buttons.removeWidget(button)
            button.hide()  # gone at once, not when the event loop deletes it
            button.deleteLater()
        self.action_buttons = {}
        for n, action in enumerate(a for a in ACTION_LABELS if a in actions):
            button = QPushButton(tr(ACTION_LABELS[action]), self)
            button.setAutoDefault(False)
            if action in MAIN_ACTIONS:
                button.setObjectName("primaryButton")
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(lambda _c=False, a=action: self.action_requested.emit(a))
            self._buttons.addWidget(button, n // BUTTONS_PER_ROW, n % BUTTONS_PER_ROW)
            self.action_buttons[action] = button
