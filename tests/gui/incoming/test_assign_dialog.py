"""AssignDialog: grouped choices, exactly one primary handler, prefilled when reassigning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PyQt6.QtCore import Qt

from app.models.enums import AssigneeKind
from app.services.incoming_dto import AssignmentDraft, HandlerRef
from app.ui_support.events import AppEvents
from app.views.incoming.assign_dialog import AssignDialog, RefRole
from tests.conftest import Ward
from tests.gui.incoming.helpers import register_pdf, type_text


def submitted(ward: Ward, pdf: Path) -> str:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, pdf)
    space.incoming.submit(reg.id, ward.leader)
    ward.as_user("chutich")
    return reg.id


def open_dialog(qtbot, ward: Ward, events: AppEvents, doc_id: str) -> AssignDialog:
    dialog = AssignDialog(ward.space, events, doc_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_choices_are_grouped_units_then_people(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    dialog = open_dialog(qtbot, ward, events, submitted(ward, sample_pdf))
    texts = [dialog.primary.itemText(i) for i in range(dialog.primary.count())]
    assert texts[0] == "— Chọn đơn vị hoặc người xử lý chính —"
    assert texts[1] == "Đơn vị"
    assert texts[2:4] == ["Địa chính - Xây dựng", "Văn phòng - Thống kê"]
    assert texts[4] == "Cá nhân"
    assert "Quản trị viên" not in " ".join(texts)  # an admin-only account handles nothing
    assert dialog.primary.itemData(1, RefRole) is None  # headers cannot be chosen
    assert dialog.primary_ref() is None


def test_without_a_primary_handler_the_dialog_stays(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    dialog = open_dialog(qtbot, ward, events, submitted(ward, sample_pdf))
    type_text(dialog.instruction.editor, "Đề nghị xử lý")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Cần chọn một đơn vị hoặc người xử lý chính."
    assert dialog.primary.property("error") is True


def test_a_past_due_date_is_refused(qtbot, ward: Ward, events: AppEvents, sample_pdf: Path) -> None:
    dialog = open_dialog(qtbot, ward, events, submitted(ward, sample_pdf))
    dialog.set_primary(HandlerRef(AssigneeKind.UNIT, ward.unit_dc))
    qtbot.keyClicks(dialog.due_date.line_edit, "01/11/2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Hạn xử lý đã qua."


def test_reassigning_starts_from_the_current_assignment(
    qtbot, ward: Ward, events: AppEvents, sample_pdf: Path
) -> None:
    doc_id = submitted(ward, sample_pdf)
    first = AssignmentDraft(
        "Giao Địa chính",
        HandlerRef(AssigneeKind.UNIT, ward.unit_dc),
        (HandlerRef(AssigneeKind.USER, ward.official),),
        (HandlerRef(AssigneeKind.USER, ward.official2),),
        dt.date(2026, 11, 27),
    )
    ward.space.incoming.assign(doc_id, first)
    dialog = open_dialog(qtbot, ward, events, doc_id)
    assert dialog.instruction.text() == "Giao Địa chính"
    assert dialog.primary_ref() == HandlerRef(AssigneeKind.UNIT, ward.unit_dc)
    assert dialog.coordinators.checked() == (HandlerRef(AssigneeKind.USER, ward.official),)
    assert dialog.informed.checked() == (HandlerRef(AssigneeKind.USER, ward.official2),)
    assert dialog.due_date.line_edit.text() == "27/11/2026"
    # a person checked in one list cannot be checked in the other
    assert dialog.informed.items[HandlerRef(AssigneeKind.USER, ward.official)].isDisabled()
    # change the primary handler to the coordinator: they leave the coordinators
    dialog.set_primary(HandlerRef(AssigneeKind.USER, ward.official))
    assert dialog.coordinators.checked() == ()
    with qtbot.waitSignal(events.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    detail = ward.space.incoming.detail(doc_id)
    roles = {(a.id, a.role) for a in detail.assignments}
    assert (ward.official, "primary") in roles
    assert (ward.unit_dc, "primary") not in roles
