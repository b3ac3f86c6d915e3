"""DetailPane: fields in Vietnamese, due-date marks, handlers, signatures, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.models.enums import AssigneeKind, Urgency
from app.services.incoming_dto import AssignmentDraft, HandlerRef
from app.timeutil import FixedClock
from app.views.incoming import signature_panel
from app.views.incoming.detail_pane import DetailPane
from app.views.incoming.signature_panel import BAD, DOUBT, GOOD
from tests.conftest import Ward
from tests.gui.incoming.helpers import register_pdf


def make_pane(qtbot, ward: Ward) -> DetailPane:
    pane = DetailPane(ward.space)
    qtbot.addWidget(pane)
    pane.resize(600, 700)
    pane.show()
    return pane


def assigned(ward: Ward, pdf: Path, due: dt.date) -> str:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, pdf, urgency=Urgency.VERY_URGENT)
    space.incoming.submit(reg.id, ward.leader)
    ward.as_user("chutich")
    draft = AssignmentDraft(
        "Giao Văn phòng chủ trì",
        HandlerRef(AssigneeKind.UNIT, ward.unit_vp),
        (HandlerRef(AssigneeKind.USER, ward.official_dc),),
        (HandlerRef(AssigneeKind.USER, ward.official2),),
        due,
    )
    space.incoming.assign(reg.id, draft)
    return reg.id


def test_fields_handlers_and_due_marks(
    qtbot, ward: Ward, sample_pdf: Path, clock: FixedClock
) -> None:
    doc_id = assigned(ward, sample_pdf, dt.date(2026, 11, 21))
    pane = make_pane(qtbot, ward)
    pane.show_document(doc_id)
    values = {key: label.text() for key, label in pane.value_labels.items()}
    assert values["number"] == "1/2026"
    assert values["code"] == "123/UBND-VP"
    assert values["document_date"] == "18/11/2026"
    assert "Thượng khẩn" in values["urgency"]
    assert "Sắp đến hạn" in values["due_date"]
    assert "Xử lý chính</b>: Văn phòng - Thống kê (đơn vị) — Chờ xử lý" in values["handlers"]
    assert "Phối hợp</b>: Đỗ Minh Đức — Chờ xử lý" in values["handlers"]
    assert "Nhận để biết</b>: Phạm Thu Hà" in values["handlers"]
    assert values["instruction"] == "Giao Văn phòng chủ trì (Trần Văn Nam)"
    assert values["submitted_to"] == "Trần Văn Nam"
    assert "Số đến 1/2026" in pane.title.text()
    assert not pane.conflicts.isVisible()
    clock.advance(dt.timedelta(days=4))  # Tuesday: the Saturday deadline ran to Monday
    pane.refresh()
    assert "Quá hạn" in pane.value_labels["due_date"].text()


def test_nothing_shown_without_a_document(qtbot, ward: Ward) -> None:
    pane = make_pane(qtbot, ward)
    assert pane.title.text() == "Chọn một văn bản trong danh sách để xem."
    assert not pane.tabs.isEnabled()


@dataclass(frozen=True)
class FakeSignature:
    field_name: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    modification: str
    summary: str


def test_signatures_are_listed_with_their_colour(
    qtbot, ward: Ward, sample_pdf: Path, monkeypatch
) -> None:
    infos = [
        FakeSignature("Sig1", "Trần Văn Nam", dt.datetime(2026, 11, 19, 2, 5, tzinfo=dt.UTC),
                      True, True, True, "none", "Hợp lệ."),
        FakeSignature("Sig2", "UBND quận", None, True, True, False, "allowed", "Chưa tin cậy."),
        FakeSignature("Sig3", "Ai đó", None, False, False, False, "disallowed", "Đã bị sửa."),
    ]  # fmt: skip
    monkeypatch.setattr(signature_panel, "inspect_signatures", lambda _data: infos)
    space = ward.as_user("vanthu")
    reg = register_pdf(space, sample_pdf)
    pane = make_pane(qtbot, ward)
    pane.show_document(reg.id)
    panel = pane.signatures
    assert panel.count == 3
    assert panel.status.text() == "3 chữ ký số"
    assert pane.tabs.tabText(1) == "Văn bản · 3 chữ ký"
    texts = [entry.text() for entry in panel.entries]
    assert "Thời điểm ký: 19/11/2026 09:05" in texts[0]  # shown in Hà Nội time
    assert "Toàn vẹn: có · Hợp lệ: có · Tin cậy: có" in texts[0]
    assert "Sửa đổi sau khi ký: có, KHÔNG được phép" in texts[2]
    colours = [entry.styleSheet() for entry in panel.entries]
    assert GOOD in colours[0]
    assert DOUBT in colours[1]
    assert BAD in colours[2]
    assert pane.preview.page_count == 1


def test_a_pdf_without_signatures(qtbot, ward: Ward, sample_pdf: Path) -> None:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, sample_pdf)
    pane = make_pane(qtbot, ward)
    pane.show_document(reg.id)
    assert pane.signatures.status.text() == "Văn bản không có chữ ký số."
    assert pane.tabs.tabText(1) == "Văn bản"
