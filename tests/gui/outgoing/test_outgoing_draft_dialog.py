"""DraftDialog: the 29 types, the signer's authority and position, validation, files, editing."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.documents.doc_types import DOC_TYPES
from app.models.enums import Confidentiality, Role, Urgency
from app.services.directory import UserInfo
from app.ui_support.events import AppEvents
from app.views.outgoing.draft_dialog import DraftDialog
from tests.conftest import PASSWORD, Ward
from tests.gui.incoming.helpers import type_text
from tests.gui.outgoing.outgoing_helpers import final_pdf, new_draft


def open_dialog(
    qtbot: QtBot, ward: Ward, events: AppEvents, doc_id: str | None = None
) -> DraftDialog:
    dialog = DraftDialog(ward.space, events, doc_id=doc_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_every_type_of_nd30_can_be_chosen(qtbot: QtBot, ward: Ward, events: AppEvents) -> None:
    ward.as_user("canbo")
    dialog = open_dialog(qtbot, ward, events)
    names = [dialog.doc_type.itemText(i) for i in range(dialog.doc_type.count())]
    assert len(names) == 29
    assert names == [t.name for t in DOC_TYPES]


def test_the_signer_fills_the_authority_line_and_position(
    qtbot: QtBot, ward: Ward, events: AppEvents
) -> None:
    ward.as_user("admin").directory.create_user(
        UserInfo("", "pct", "Lê Thị Lan", "Phó Chủ tịch", None, frozenset({Role.LEADER})), PASSWORD
    )
    ward.as_user("canbo")
    dialog = open_dialog(qtbot, ward, events)
    leaders = [dialog.signer.itemText(i) for i in range(dialog.signer.count())]
    assert leaders == ["Lê Thị Lan — Phó Chủ tịch", "Trần Văn Nam — Chủ tịch"]
    assert dialog.authority.currentText() == "KT. CHỦ TỊCH"
    assert dialog.position.text() == "PHÓ CHỦ TỊCH"
    dialog.signer.setCurrentIndex(1)
    assert dialog.authority.currentText() == "TM. ỦY BAN NHÂN DÂN"
    assert dialog.position.text() == "CHỦ TỊCH"
    assert dialog.unit.currentData() == ward.unit_vp  # the drafter's unit


def test_a_missing_summary_is_refused_and_marked(
    qtbot: QtBot, ward: Ward, events: AppEvents
) -> None:
    ward.as_user("canbo")
    dialog = open_dialog(qtbot, ward, events)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Cần nhập trích yếu."
    assert dialog.summary.property("error") is True
    assert ward.space.outgoing.count(ward.space.outgoing.boxes()[0]) == 0


def test_a_draft_from_a_file(qtbot: QtBot, ward: Ward, events: AppEvents, tmp_path: Path) -> None:
    ward.as_user("canbo")
    dialog = open_dialog(qtbot, ward, events)
    type_text(dialog.summary.editor, "Về việc tổ chức hội nghị")
    dialog.from_file.setChecked(True)
    dialog.ok_button.click()
    assert dialog.error_label.text() == "Cần chọn tệp DOCX hoặc PDF của dự thảo."
    wrong = tmp_path / "ghi-chu.txt"
    wrong.write_text("không phải văn bản", encoding="utf-8")
    dialog.file_path.setText(str(wrong))
    dialog.ok_button.click()
    assert dialog.error_label.text() == "Tệp 'ghi-chu.txt' không phải DOCX hoặc PDF."
    assert dialog.file_path.property("error") is True
    dialog.file_path.setText(str(final_pdf(tmp_path / "du-thao.pdf")))
    dialog.urgency.setCurrentIndex(dialog.urgency.findData(Urgency.URGENT))
    dialog.confidentiality.setCurrentIndex(
        dialog.confidentiality.findData(Confidentiality.CONFIDENTIAL)
    )
    with qtbot.waitSignal(events.changed, timeout=3000):
        dialog.ok_button.click()
    assert dialog.doc_id is not None
    detail = ward.space.outgoing.detail(dialog.doc_id)
    assert [f.file_name for f in detail.files] == ["du-thao.pdf"]
    assert detail.row.urgency == Urgency.URGENT
    assert detail.row.confidentiality == Confidentiality.CONFIDENTIAL
    assert detail.form.drafting_unit_id == ward.unit_vp


def test_editing_a_draft_keeps_its_values(qtbot: QtBot, ward: Ward, events: AppEvents) -> None:
    doc_id = new_draft(ward, summary="Về việc cũ")
    dialog = open_dialog(qtbot, ward, events, doc_id)
    assert dialog.windowTitle() == "Sửa thông tin dự thảo"
    assert not dialog.from_template.isVisibleTo(dialog)
    assert dialog.doc_type.currentText() == "Quyết định"
    assert dialog.summary.text() == "Về việc cũ"
    assert dialog.authority.currentText() == "TM. ỦY BAN NHÂN DÂN"
    assert dialog.recipients.text() == "- Như Điều 2;\n- Lưu: VT."
    dialog.summary.set_text("Về việc mới")
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findText("Kế hoạch"))
    with qtbot.waitSignal(events.changed, timeout=3000):
        dialog.ok_button.click()
    row = ward.space.outgoing.detail(doc_id).row
    assert (row.summary, row.doc_type, row.code) == ("Về việc mới", "Kế hoạch", "…/KH-UBND")
