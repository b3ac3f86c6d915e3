"""The registration form of a queued scan: what Tesseract reads on it is offered under the
fields; the clerk takes the suggestions (all, or one by one) and registers with them, and what
the clerk typed is never replaced without a click."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PyQt6.QtCore import Qt

from app.documents.demo_pdf import render_pdf
from app.ui_support.events import AppEvents
from app.views.incoming.register_dialog import RegisterDialog
from tests.conftest import Ward
from tests.gui.incoming.helpers import queue_pdf, type_text
from tests.unit.search.scan_samples import LETTER, decision_scan, needs_tesseract

NO_TESSERACT = (
    "Chưa cài Tesseract (gói tesseract-ocr, tesseract-ocr-vie): không tự điền được từ bản quét."
)


def open_for(qtbot, ward: Ward, events: AppEvents, tmp_path: Path, pdf: bytes) -> RegisterDialog:
    space = ward.as_user("vanthu")
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(pdf)
    dialog = RegisterDialog(space, events, queue_pdf(space, path))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_suggestions_from_a_scan_are_confirmed_then_registered(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    needs_tesseract()
    dialog = open_for(qtbot, ward, events, tmp_path, decision_scan())
    hints = dialog.hints
    qtbot.waitUntil(lambda: hints.use_all_button.isVisible(), timeout=60_000)
    assert hints.banner.text() == "Gợi ý từ bản quét: hãy đối chiếu với văn bản trước khi dùng."
    shown = hints.pending()
    assert shown["code"] == "123/QĐ-SNV"
    assert shown["document_date"] == "05/03/2026"
    assert shown["issuing_agency"] == "Sở Nội vụ thành phố Hà Nội"
    assert shown["doc_type"] == "Quyết định"
    assert "thành lập Tổ công tác" in shown["summary"]
    assert hints.rows["summary"].isVisible()
    # nothing is filled until the clerk says so
    assert dialog.code_number.text() == ""
    assert dialog.summary.text() == ""
    qtbot.mouseClick(hints.use_all_button, Qt.MouseButton.LeftButton)
    assert (dialog.code_number.text(), dialog.code_notation.text()) == ("123", "QĐ-SNV")
    assert dialog.document_date.value() == dt.date(2026, 3, 5)
    assert dialog.agency.currentText() == "Sở Nội vụ thành phố Hà Nội"
    assert dialog.doc_type.currentText() == "Quyết định"
    assert dialog.summary.text() == shown["summary"]
    assert hints.pending() == {}  # every field holds its suggestion: the rows are gone
    assert not hints.rows["summary"].isVisible()
    with qtbot.waitSignal(events.changed, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RegisterDialog.DialogCode.Accepted
    assert dialog.registered is not None
    draft = ward.space.incoming.detail(dialog.registered.id).draft
    assert (draft.code_number, draft.code_notation) == ("123", "QĐ-SNV")
    assert draft.document_date == dt.date(2026, 3, 5)
    assert draft.issuing_agency == "Sở Nội vụ thành phố Hà Nội"
    assert draft.doc_type == "Quyết định"
    assert draft.summary == shown["summary"]


def test_what_the_clerk_typed_stays_unless_a_suggestion_is_chosen(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path, no_tesseract: None
) -> None:
    dialog = open_for(qtbot, ward, events, tmp_path, render_pdf(LETTER))  # a text layer: no OCR
    hints = dialog.hints
    type_text(dialog.summary.editor, "Về việc rà soát hộ nghèo")
    qtbot.mouseClick(hints.use_all_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "Về việc rà soát hộ nghèo"  # kept
    assert dialog.agency.currentText() == "UBND phường Bến Nghé"  # was empty: filled
    assert dialog.doc_type.currentText() == "Công văn"
    assert list(hints.pending()) == ["summary"]  # still offered beside the typed text
    assert not hints.use_all_button.isEnabled()  # no empty field left to fill
    qtbot.mouseClick(hints.rows["summary"].button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text().startswith("V/v rà soát hộ nghèo, hộ cận nghèo")
    assert hints.pending() == {}


def test_without_tesseract_a_scan_gets_a_clear_note(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path, no_tesseract: None
) -> None:
    dialog = open_for(qtbot, ward, events, tmp_path, decision_scan())
    assert dialog.hints.banner_row.isVisible()
    assert dialog.hints.banner.text() == NO_TESSERACT
    assert not dialog.hints.use_all_button.isVisible()
    assert dialog.hints.pending() == {}
    assert dialog.code_number.text() == ""


def test_a_registered_document_gets_no_suggestions(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path, no_tesseract: None
) -> None:
    dialog = open_for(qtbot, ward, events, tmp_path, render_pdf(LETTER))
    qtbot.mouseClick(dialog.hints.use_all_button, Qt.MouseButton.LeftButton)
    type_text(dialog.signer_name, "Trần Văn Nam")
    with qtbot.waitSignal(events.changed, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.registered is not None
    edit = RegisterDialog(ward.space, events, dialog.registered.id, edit=True)
    qtbot.addWidget(edit)
    edit.show()
    assert not edit.hints.banner_row.isVisible()
    assert edit.code_notation.text() == "UBND-VP"
