"""Printing the register from the GUI: the clerk picks the year and a file; the DOCX is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from pytestqt.qtbot import QtBot

from PyQt6.QtWidgets import QDialogButtonBox

from app.services.incoming_dto import IncomingDraft
from app.views.incoming.register_export_dialog import RegisterExportDialog
from tests.conftest import Ward


def test_export_writes_the_years_register(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    sp = ward.as_user("vanthu")
    doc = sp.incoming._queue(sp.auth.user, b"%PDF-1.4 e", "a.pdf", 1, "scan")  # type: ignore[arg-type]
    sp.incoming.register(
        doc,
        IncomingDraft(
            code_number="7",
            code_notation="KH-UBND",
            document_date=dt.date(2026, 11, 19),
            issuing_agency="UBND thành phố Hà Nội",
            doc_type="Kế hoạch",
            summary="Tổ chức Ngày hội",
        ),
    )
    dialog = RegisterExportDialog(sp)
    qtbot.addWidget(dialog)
    assert dialog.year_spin.value() == 2026  # this year by default
    out = tmp_path / "so-den.docx"
    dialog.path_edit.setText(str(out))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    assert ok.text() == "Xuất sổ"
    ok.click()
    assert dialog.written == 1
    cells = [c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "07/KH-UBND" in cells or "7/KH-UBND" in cells
