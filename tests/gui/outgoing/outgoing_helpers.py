"""Helpers of the outgoing-screen tests: the PDF to sign, drafts taken to a state, pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.models.enums import OutgoingState
from app.services.outgoing_dto import DraftForm, OutgoingBox
from app.ui_support.events import AppEvents
from app.views.outgoing.page import OutgoingPage
from tests.conftest import Ward

BLANK = "\u00a0" * 8  # the printed gaps the number and the date are written into
SUMMARY = "Về việc thành lập Tổ kiểm tra trật tự xây dựng"
S = OutgoingState


def final_pdf(path: Path, notation: str = "QĐ-UBND", type_name: str = "Quyết định") -> Path:
    """A finished document to sign, laid out as ND30 Phụ lục I: "Số:" and the date left blank,
    the signature block "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Trần Văn Nam"."""
    pdf = render_pdf(
        DemoDocument(
            issuing_parent="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
            issuing_agency="UBND phường Gia Thụy",
            code=f"{BLANK}/{notation}",
            place="Gia Thụy",
            date=dt.date(2026, 11, 20),
            type_name=type_name,
            summary=SUMMARY,
            body=("Điều 1. Thành lập Tổ kiểm tra.", "Điều 2. Quyết định có hiệu lực./."),
            signer_position="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            signer_name="Trần Văn Nam",
            recipients=["Như Điều 2;", "Lưu: VT."],
            date_line=f"Gia Thụy, ngày {BLANK} tháng {BLANK} năm 2026",
        )
    )
    path.write_bytes(pdf)
    return path


def new_draft(ward: Ward, login: str = "canbo", summary: str = SUMMARY) -> str:
    """A draft Quyết định made by `login`, to be signed by the chairman."""
    space = ward.as_user(login)
    form = DraftForm(
        doc_type="quyet_dinh",
        summary=summary,
        signer_id=ward.leader,
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_position="CHỦ TỊCH",
        recipients_text="- Như Điều 2;\n- Lưu: VT.",
    )
    return space.outgoing.new_draft(form)


_STEPS = [S.CONTENT_REVIEW, S.FORM_REVIEW, S.AWAITING_APPROVAL, S.APPROVED, S.READY_TO_SIGN]


def take_to(ward: Ward, doc_id: str, state: OutgoingState, tmp_path: Path) -> None:
    """Walk a draft through the services up to `state` (at most "Chờ ký số")."""
    for step in _STEPS[: _STEPS.index(state) + 1]:
        if step == S.CONTENT_REVIEW:
            ward.as_user("canbo").outgoing.submit(doc_id, ward.official2)
        elif step == S.FORM_REVIEW:
            ward.as_user("canbo2").outgoing.approve_content(doc_id)
        elif step == S.AWAITING_APPROVAL:
            ward.as_user("vanthu").outgoing.approve_form(doc_id)
        elif step == S.APPROVED:
            ward.as_user("chutich").outgoing.approve(doc_id)
        else:
            pdf = final_pdf(tmp_path / f"{doc_id}.pdf")
            ward.as_user("chutich").outgoing.prepare_final(doc_id, pdf)


def open_page(qtbot: QtBot, ward: Ward, events: AppEvents, login: str) -> OutgoingPage:
    """The outgoing page of `login`, shown."""
    ward.as_user(login)
    page = OutgoingPage(ward.space, events)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    return page


def show(qtbot: QtBot, page: OutgoingPage, box: OutgoingBox, doc_id: str) -> None:
    """Open the list `box` and select `doc_id` in it, waiting for the pane to show it."""
    assert page.select_box(box), box
    assert page.select_id(doc_id), (box, doc_id)
    qtbot.waitUntil(
        lambda: page.pane.detail is not None and page.pane.detail.row.id == doc_id, timeout=3000
    )


def column(page: OutgoingPage, n: int) -> list[str]:
    """The texts of column `n`, top to bottom."""
    return [str(page.model.data(page.model.index(r, n))) for r in range(page.model.rowCount())]
