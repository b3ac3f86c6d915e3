"""Printing the issued PDF with its signatures and number drawn, and the outgoing register."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from PyQt6.QtPrintSupport import QPrintDialog, QPrinter
from PyQt6.QtWidgets import QDialog, QMessageBox

from app.models.enums import OutgoingState
from app.services.outgoing_dto import OutgoingBox
from app.ui_support.events import AppEvents
from app.views.outgoing import print_pdf
from app.views.outgoing.register_export_dialog import OutgoingRegisterExportDialog
from tests.conftest import Ward
from tests.gui.outgoing.outgoing_helpers import new_draft, open_page, show, take_to


def issued(ward: Ward, keys: str, tmp_path: Path) -> str:
    doc_id = new_draft(ward)
    take_to(ward, doc_id, OutgoingState.READY_TO_SIGN, tmp_path)
    ward.as_user("chutich").outgoing.sign(doc_id, keys)
    ward.as_user("vanthu").outgoing.issue(doc_id, keys)
    return doc_id


def red_pixels(pdf: Path) -> int:
    """How many strongly red pixels page 1 has (the seal is red; the text is black)."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=0.5).to_pil().convert("RGB")
    finally:
        document.close()
    return sum(1 for r, g, b in image.get_flattened_data() if r > 180 and g < 90 and b < 90)


def test_printing_draws_the_seal_and_the_number(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    keys: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc_id = issued(ward, keys, tmp_path)
    page = open_page(qtbot, ward, events, "vanthu")
    show(qtbot, page, OutgoingBox.ISSUED, doc_id)
    assert page.print_action.isEnabled()
    out = tmp_path / "ban-in.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        assert printer is not None
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    page.print_action.trigger()
    document = pdfium.PdfDocument(out)
    try:
        assert len(document) == 1
    finally:
        document.close()
    assert red_pixels(out) > 100  # the seal: drawn from the form fields, which QtPdf would skip


def test_cancelling_the_print_dialog_prints_nothing(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    keys: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc_id = issued(ward, keys, tmp_path)
    page = open_page(qtbot, ward, events, "vanthu")
    show(qtbot, page, OutgoingBox.ISSUED, doc_id)
    rendered: list[object] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda _d: 0)
    monkeypatch.setattr(print_pdf, "print_to", lambda *a: rendered.append(a))
    page.print_action.trigger()
    assert rendered == []


def test_the_outgoing_register_is_written(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    keys: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issued(ward, keys, tmp_path)
    page = open_page(qtbot, ward, events, "vanthu")
    page.register_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, OutgoingRegisterExportDialog)
    assert dialog.windowTitle() == "In sổ đăng ký văn bản đi"
    assert dialog.year_spin.value() == 2026
    assert dialog.path_edit.text().endswith("so-van-ban-di-2026.docx")
    out = tmp_path / "so-di.docx"
    dialog.path_edit.setText(str(out))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    dialog.buttons.accepted.emit()
    assert dialog.written == 1
    assert out.read_bytes().startswith(b"PK")
    assert shown == [f"Đã ghi 1 văn bản vào {out}."]
