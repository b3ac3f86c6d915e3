"""RegisterDialog: typing the Phụ lục VI fields, limits, refusals kept in the dialog, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from PyQt6.QtCore import Qt

from app.services.incoming_dto import LIMITS, Box, IncomingFilter
from app.ui_support.events import AppEvents
from app.views.incoming import register_dialog
from app.views.incoming.register_dialog import RegisterDialog
from tests.conftest import Ward
from tests.gui.incoming.helpers import make_pdf, queue_pdf, register_pdf, type_text


def open_dialog(qtbot, ward: Ward, events: AppEvents, doc_id: str) -> RegisterDialog:
    dialog = RegisterDialog(ward.space, events, doc_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_form(qtbot, dialog: RegisterDialog, *, document_date: str = "18/11/2026") -> None:
    qtbot.keyClicks(dialog.code_number, "123")
    qtbot.keyClicks(dialog.code_notation, "UBND-VP")
    qtbot.keyClicks(dialog.document_date.line_edit, document_date)
    type_text(dialog.agency_edit, "UBND quận Long Biên")
    dialog.doc_type.setEditText("")
    doc_type_edit = dialog.doc_type.lineEdit()
    assert doc_type_edit is not None
    type_text(doc_type_edit, "Công văn")
    type_text(dialog.summary.editor, "Về việc tổng vệ sinh môi trường")
    type_text(dialog.signer_name, "Nguyễn Văn An")
    type_text(dialog.signer_position, "Chủ tịch")


def test_registers_with_the_typed_fields(qtbot, ward: Ward, events: AppEvents, sample_pdf) -> None:
    space = ward.as_user("vanthu")
    doc_id = queue_pdf(space, sample_pdf)
    dialog = open_dialog(qtbot, ward, events, doc_id)
    assert dialog.page_count.value() == 1  # from the PDF
    assert dialog.arrival_date.line_edit.text() == "20/11/2026"  # today
    assert dialog.preview.page_count == 1
    type_form(qtbot, dialog)
    with qtbot.waitSignal(events.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RegisterDialog.DialogCode.Accepted
    assert dialog.message == "Đã vào sổ số đến 1/2026"
    detail = space.incoming.detail(doc_id)
    assert detail.row.arrival_number == 1
    assert detail.draft.code_notation == "UBND-VP"
    assert detail.draft.issuing_agency == "UBND quận Long Biên"
    assert detail.draft.signer_position == "Chủ tịch"
    assert detail.draft.page_count == 1


def test_fields_stop_at_their_legal_length(
    qtbot, ward: Ward, events: AppEvents, sample_pdf
) -> None:
    space = ward.as_user("vanthu")
    dialog = open_dialog(qtbot, ward, events, queue_pdf(space, sample_pdf))
    qtbot.keyClicks(dialog.code_number, "1" * 15)
    assert dialog.code_number.text() == "1" * LIMITS["code_number"]
    qtbot.keyClicks(dialog.code_notation, "A" * 45)
    assert len(dialog.code_notation.text()) == LIMITS["code_notation"]
    qtbot.keyClicks(dialog.signer_name, "x" * 60)
    assert len(dialog.signer_name.text()) == LIMITS["signer_name"]
    qtbot.keyClicks(dialog.summary.editor, "v" * (LIMITS["summary"] + 10))
    assert len(dialog.summary.text()) == LIMITS["summary"]
    assert dialog.summary.counter.text() == "500/500 ký tự"


def test_number_takes_digits_only(qtbot, ward: Ward, events: AppEvents, sample_pdf) -> None:
    space = ward.as_user("vanthu")
    dialog = open_dialog(qtbot, ward, events, queue_pdf(space, sample_pdf))
    qtbot.keyClicks(dialog.code_number, "12a/3")
    assert dialog.code_number.text() == "123"


def test_future_document_date_is_refused_and_the_dialog_stays(
    qtbot, ward: Ward, events: AppEvents, sample_pdf
) -> None:
    space = ward.as_user("vanthu")
    doc_id = queue_pdf(space, sample_pdf)
    dialog = open_dialog(qtbot, ward, events, doc_id)
    type_form(qtbot, dialog, document_date="25/12/2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Ngày văn bản (25/12/2026) ở tương lai."
    assert dialog.document_date.property("error") is True
    assert dialog.summary.text() == "Về việc tổng vệ sinh môi trường"  # kept
    assert space.incoming.count(IncomingFilter(box=Box.QUEUE)) == 1
    # corrected, it goes through
    dialog.document_date.line_edit.clear()
    qtbot.keyClicks(dialog.document_date.line_edit, "18/11/2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RegisterDialog.DialogCode.Accepted


def test_missing_summary_names_the_field(qtbot, ward: Ward, events: AppEvents, sample_pdf) -> None:
    space = ward.as_user("vanthu")
    dialog = open_dialog(qtbot, ward, events, queue_pdf(space, sample_pdf))
    type_form(qtbot, dialog)
    dialog.summary.editor.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Cần nhập trích yếu."
    assert dialog.summary.property("error") is True


def test_bad_date_text_is_reported(qtbot, ward: Ward, events: AppEvents, sample_pdf) -> None:
    space = ward.as_user("vanthu")
    dialog = open_dialog(qtbot, ward, events, queue_pdf(space, sample_pdf))
    type_form(qtbot, dialog, document_date="31/02/2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Ngày văn bản: ngày không đúng dạng dd/mm/yyyy."


@pytest.mark.parametrize("answer", [True, False])
def test_duplicate_warns_then_asks(
    qtbot, ward: Ward, events: AppEvents, tmp_path: Path, monkeypatch, answer: bool
) -> None:
    space = ward.as_user("vanthu")
    register_pdf(space, make_pdf(tmp_path / "first.pdf", "first"))
    doc_id = queue_pdf(space, make_pdf(tmp_path / "second.pdf", "second"))
    asked: list[str] = []

    def ask(_parent: object, title: str, _text: str) -> bool:
        asked.append(title)
        return answer

    monkeypatch.setattr(register_dialog, "ask_yes_no", ask)
    dialog = open_dialog(qtbot, ward, events, doc_id)
    type_form(qtbot, dialog)
    qtbot.waitUntil(dialog.duplicates_banner.isVisible, timeout=2000)
    assert "Số đến 1/2026" in dialog.duplicates_banner.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked == ["Vẫn vào sổ?"]
    if answer:
        assert dialog.result() == RegisterDialog.DialogCode.Accepted
        assert dialog.message == "Đã vào sổ số đến 2/2026"
    else:
        assert dialog.isVisible()
        assert dialog.error_label.text() == "Chưa vào sổ: văn bản có thể trùng."
        assert space.incoming.detail(doc_id).row.arrival_number is None


def test_edit_mode_saves_corrections(qtbot, ward: Ward, events: AppEvents, sample_pdf) -> None:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, sample_pdf)
    dialog = RegisterDialog(space, events, reg.id, edit=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.code_number.text() == "123"
    assert not dialog.confidentiality.isEnabled()
    dialog.summary.editor.clear()
    type_text(dialog.summary.editor, "Về việc sửa trích yếu")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RegisterDialog.DialogCode.Accepted
    assert space.incoming.detail(reg.id).draft.summary == "Về việc sửa trích yếu"
    assert space.incoming.detail(reg.id).row.arrival_number == 1
