"""Incoming documents as the clerk, the leader and the handlers live them."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from app.errors import Conflict, PermissionDenied, ValidationError
from app.models import NumberClaim, OpRecord
from app.models.enums import AssigneeKind, Confidentiality, IncomingState, Urgency
from app.services.incoming import DuplicateFile, LikelyDuplicate
from app.services.incoming_dto import (
    AssignmentDraft,
    Box,
    HandlerRef,
    IncomingDraft,
    IncomingFilter,
)
from app.services.space import open_space
from tests.conftest import PASSWORD, Ward

DRAFT = IncomingDraft(
    code_number="123",
    code_notation="UBND-VP",
    document_date=dt.date(2026, 11, 18),
    issuing_agency="UBND thành phố Hà Nội",
    doc_type="Công văn",
    summary="V/v tăng cường công tác cải cách hành chính",
    urgency=Urgency.URGENT,
)


def _queue(ward: Ward, data: bytes, name: str = "scan.pdf") -> str:
    sp = ward.as_user("vanthu")
    return sp.incoming._queue(sp.auth.user, data, name, 1, "scan")  # type: ignore[arg-type]


def _ops(ward: Ward) -> int:
    with ward.space.db.read() as s:
        return s.scalar(select(func.count()).select_from(OpRecord)) or 0


def test_full_flow_from_queue_to_completion(ward: Ward, sample_pdf: Path) -> None:
    sp = ward.as_user("vanthu")
    doc = sp.incoming.queue_file(sample_pdf)
    assert sp.incoming.count(IncomingFilter(box=Box.QUEUE)) == 1
    reg = sp.incoming.register(doc, DRAFT)
    assert (reg.year, reg.arrival_number) == (2026, 1)
    assert sp.incoming.count(IncomingFilter(box=Box.QUEUE)) == 0
    sp.incoming.submit(doc, ward.leader)

    sp = ward.as_user("chutich")
    assert sp.incoming.box_counts()[Box.TO_DIRECT] == 1
    sp.incoming.assign(
        doc,
        AssignmentDraft(
            "Giao Văn phòng chủ trì",
            HandlerRef(AssigneeKind.UNIT, ward.unit_vp),
            coordinators=(HandlerRef(AssigneeKind.USER, ward.official_dc),),
            due_date=dt.date(2026, 11, 27),
        ),
    )

    sp = ward.as_user("canbo")  # a member of the primary unit
    assert sp.incoming.box_counts()[Box.PENDING] == 1
    sp.incoming.report_progress(doc, "Đang tổng hợp")
    assert sp.incoming.box_counts()[Box.IN_PROGRESS] == 1
    sp = ward.as_user("diachinh")
    assert sp.incoming.box_counts()[Box.COORDINATE] == 1
    sp.incoming.complete(doc, "Đã gửi số liệu địa chính")
    assert sp.incoming.box_counts()[Box.COORDINATE] == 0
    assert (
        sp.incoming.detail(doc).row.state == IncomingState.ASSIGNED
    )  # a coordinator does not close it

    sp = ward.as_user("canbo2")  # same unit as the primary: may finish it
    sp.incoming.complete(doc, "Đã có văn bản trả lời số 45/UBND-VP")
    detail = sp.incoming.detail(doc)
    assert detail.row.state == IncomingState.COMPLETED
    assert detail.result_note == "Đã có văn bản trả lời số 45/UBND-VP"
    assert [h.action for h in detail.history] == [
        "incoming.queued",
        "incoming.registered",
        "incoming.submitted",
        "incoming.assigned",
        "incoming.progressed",
        "incoming.handler_done",
        "incoming.completed",
    ]
    assert detail.history[3].actor == "Trần Văn Nam"
    assert detail.history[3].text == "Giao Văn phòng chủ trì"
    assert sp.incoming.box_counts()[Box.DONE] == 1


def test_arrival_numbers_are_consecutive_per_register_and_year(ward: Ward, clock: object) -> None:
    numbers = []
    for n in range(5):
        doc = _queue(ward, b"%PDF-1.4 " + bytes([n]))
        secret = Confidentiality.CONFIDENTIAL if n == 2 else Confidentiality.NORMAL
        arrival = dt.date(2025, 12, 31) if n == 4 else None
        dated = dt.date(2025, 12, 29) if n == 4 else DRAFT.document_date
        draft = IncomingDraft(
            **{
                **DRAFT.__dict__,
                "code_number": str(n),
                "confidentiality": secret,
                "arrival_date": arrival,
                "document_date": dated,
            }
        )
        reg = ward.space.incoming.register(doc, draft)
        numbers.append((reg.year, reg.arrival_number))
    # the confidential one has its own register; the one that arrived last year, last year's
    assert numbers == [(2026, 1), (2026, 2), (2026, 1), (2026, 3), (2025, 1)]
    assert {r[0] for r in ward.space.directory.registers("incoming")} == {
        "incoming-2026",
        "incoming-mat-2026",
        "incoming-2025",
    }


def test_two_clerks_registering_at_once_never_share_a_number(
    ward: Ward, tmp_path: Path, memory_keyring: object
) -> None:
    docs = [_queue(ward, b"%PDF-1.4 " + bytes([n, m])) for n in range(2) for m in range(15)]
    errors: list[BaseException] = []

    def clerk(my_docs: list[str]) -> None:
        space = open_space(ward.space.root, clock=ward.space.clock, keyring_backend=memory_keyring)  # type: ignore[arg-type]
        try:
            space.sign_in("vanthu", PASSWORD)
            for i, d in enumerate(my_docs):
                space.incoming.register(
                    d,
                    IncomingDraft(**{**DRAFT.__dict__, "code_number": str(i)}),
                    allow_duplicate=True,
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            space.close()

    threads = [threading.Thread(target=clerk, args=(docs[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with ward.space.db.read() as s:
        taken = sorted(s.scalars(select(NumberClaim.number)).all())
    assert taken == list(range(1, 31))
    rows = ward.as_user("vanthu").incoming.rows(IncomingFilter(), limit=100)
    assert sorted(r.arrival_number for r in rows) == list(range(1, 31))  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"summary": "x" * 501}, "summary", "Trích yếu dài 501 ký tự, vượt quá giới hạn 500"),
        ({"code_notation": "U" * 31}, "code_notation", "vượt quá giới hạn 30"),
        ({"issuing_agency": " "}, "issuing_agency", "Cần nhập cơ quan ban hành"),
        ({"document_date": dt.date(2026, 11, 21)}, "document_date", "ở tương lai"),
        ({"arrival_date": dt.date(2026, 12, 1)}, "arrival_date", "ở tương lai"),
        ({"document_date": None}, "document_date", "Cần nhập ngày văn bản"),
        ({"due_date": dt.date(2026, 11, 1)}, "due_date", "Hạn xử lý không thể trước ngày đến"),
        ({"page_count": 1000}, "page_count", "Số trang phải từ 1 đến 999"),
        ({"code_number": "12a"}, "code_number", "chỉ gồm chữ số"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_written(
    ward: Ward, change: dict[str, object], field: str, message: str
) -> None:
    doc = _queue(ward, b"%PDF-1.4 x")
    before = _ops(ward)
    with pytest.raises(ValidationError, match=message) as err:
        ward.space.incoming.register(doc, IncomingDraft(**{**DRAFT.__dict__, **change}))
    assert err.value.field == field
    assert _ops(ward) == before
    with ward.space.db.read() as s:
        assert s.scalar(select(func.count()).select_from(NumberClaim)) == 0  # no number used up
    assert ward.space.incoming.register(doc, DRAFT).arrival_number == 1


def test_likely_duplicate_warns_and_can_be_confirmed(ward: Ward) -> None:
    first = _queue(ward, b"%PDF-1.4 a")
    ward.space.incoming.register(first, DRAFT)
    second = _queue(ward, b"%PDF-1.4 b")
    spaced = IncomingDraft(**{**DRAFT.__dict__, "issuing_agency": "UBND  Thành phố Hà Nội"})
    with pytest.raises(LikelyDuplicate, match="số đến 1/2026") as err:
        ward.space.incoming.register(second, spaced)
    assert [d.id for d in err.value.duplicates] == [first]
    assert ward.space.incoming.register(second, spaced, allow_duplicate=True).arrival_number == 2


def test_the_same_file_twice_is_refused_with_where_it_is(ward: Ward, sample_pdf: Path) -> None:
    sp = ward.as_user("vanthu")
    doc = sp.incoming.queue_file(sample_pdf)
    with pytest.raises(DuplicateFile, match="đang chờ vào sổ"):
        sp.incoming.queue_file(sample_pdf)
    sp.incoming.register(doc, DRAFT)
    with pytest.raises(DuplicateFile, match="đã vào sổ, số đến 1/2026"):
        sp.incoming.queue_file(sample_pdf)


def test_roles_are_enforced_by_the_services(ward: Ward, sample_pdf: Path) -> None:
    doc = _queue(ward, b"%PDF-1.4 z")
    sp = ward.as_user("canbo")
    with pytest.raises(PermissionDenied, match="Văn thư"):
        sp.incoming.register(doc, DRAFT)
    with pytest.raises(PermissionDenied):
        sp.incoming.queue_file(sample_pdf)
    sp = ward.as_user("vanthu")
    sp.incoming.register(doc, DRAFT)
    with pytest.raises(ValidationError, match="không phải là lãnh đạo"):
        sp.incoming.submit(doc, ward.official)
    sp.incoming.submit(doc, ward.leader)
    with pytest.raises(PermissionDenied, match="Lãnh đạo"):
        sp.incoming.assign(doc, AssignmentDraft("x", HandlerRef(AssigneeKind.USER, ward.official)))
    # an official sees only what is assigned to them or their unit
    assert ward.as_user("canbo").incoming.count(IncomingFilter()) == 0


def test_assignment_rules(ward: Ward) -> None:
    doc = _queue(ward, b"%PDF-1.4 q")
    ward.space.incoming.register(doc, DRAFT)
    ward.space.incoming.submit(doc, ward.leader)
    sp = ward.as_user("chutich")
    person = HandlerRef(AssigneeKind.USER, ward.official)
    with pytest.raises(ValidationError, match="xử lý chính"):
        sp.incoming.assign(doc, AssignmentDraft("x", None))
    with pytest.raises(ValidationError, match="Không tìm thấy người dùng"):
        sp.incoming.assign(doc, AssignmentDraft("x", HandlerRef(AssigneeKind.USER, "không-có")))
    with pytest.raises(ValidationError, match="hai vai trò"):
        sp.incoming.assign(doc, AssignmentDraft("x", person, coordinators=(person,)))
    with pytest.raises(ValidationError, match="Hạn xử lý đã qua"):
        sp.incoming.assign(doc, AssignmentDraft("x", person, due_date=dt.date(2026, 11, 19)))
    sp.incoming.assign(doc, AssignmentDraft("Giao anh Ba", person, due_date=dt.date(2026, 11, 21)))
    # reassignment by the leader, then the handler returns it
    sp.incoming.assign(
        doc, AssignmentDraft("Giao lại", HandlerRef(AssigneeKind.USER, ward.official2))
    )
    sp = ward.as_user("canbo")
    assert sp.incoming.count(IncomingFilter(box=Box.PENDING)) == 0
    with pytest.raises(Conflict):
        sp.incoming.report_progress(doc, "x")
    sp = ward.as_user("canbo2")
    sp.incoming.return_from_handling(doc, "Không thuộc lĩnh vực phụ trách")
    sp = ward.as_user("chutich")
    detail = sp.incoming.detail(doc)
    assert detail.row.state == IncomingState.SUBMITTED
    assert "lĩnh vực" in detail.return_reason
    sp.incoming.return_to_clerk(doc, "Chuyển nhầm")
    assert ward.as_user("vanthu").incoming.count(IncomingFilter(box=Box.TO_SUBMIT)) == 1


def test_overdue_and_near_due_are_marked(ward: Ward, clock: object) -> None:
    doc = _queue(ward, b"%PDF-1.4 o")
    ward.space.incoming.register(doc, DRAFT)
    ward.space.incoming.submit(doc, ward.leader)
    ward.as_user("chutich").incoming.assign(
        doc,
        AssignmentDraft(
            "x", HandlerRef(AssigneeKind.USER, ward.official), due_date=dt.date(2026, 11, 21)
        ),
    )
    sp = ward.as_user("canbo")
    row = sp.incoming.rows(IncomingFilter(box=Box.PENDING))[0]
    assert row.near_due
    assert not row.overdue
    clock.advance(dt.timedelta(days=3))  # type: ignore[attr-defined]
    row = sp.incoming.rows(IncomingFilter(box=Box.PENDING))[0]
    assert not row.overdue  # Monday: a deadline on Saturday runs to the end of Monday
    assert sp.incoming.count(IncomingFilter(box=Box.OVERDUE)) == 0
    clock.advance(dt.timedelta(days=1))  # type: ignore[attr-defined]
    row = sp.incoming.rows(IncomingFilter(box=Box.PENDING))[0]
    assert row.overdue
    assert row.urgency.is_urgent
    assert [r.id for r in sp.incoming.rows(IncomingFilter(box=Box.OVERDUE))] == [doc]


def test_views_are_recorded_once_a_day(ward: Ward, clock: object) -> None:
    doc = _queue(ward, b"%PDF-1.4 v")
    sp = ward.as_user("vanthu")
    assert sp.incoming.mark_viewed(doc) is True
    assert sp.incoming.mark_viewed(doc) is False
    clock.advance(dt.timedelta(days=1))  # type: ignore[attr-defined]
    assert sp.incoming.mark_viewed(doc) is True
    assert [h.action for h in sp.incoming.detail(doc).history].count("incoming.viewed") == 2


def test_filters_fold_vietnamese_and_sort(ward: Ward) -> None:
    for n, (agency, summary) in enumerate(
        [
            ("Sở Xây dựng", "V/v chấn chỉnh trật tự xây dựng trên Đường Nguyễn Văn Cừ"),
            ("Sở Tài chính", "Hướng dẫn quyết toán ngân sách"),
        ]
    ):
        doc = _queue(ward, b"%PDF-1.4 f" + bytes([n]))
        ward.space.incoming.register(
            doc,
            IncomingDraft(
                **{
                    **DRAFT.__dict__,
                    "issuing_agency": agency,
                    "summary": summary,
                    "code_number": str(n),
                }
            ),
        )
    inc = ward.space.incoming
    assert [r.summary[:9] for r in inc.rows(IncomingFilter(text="duong nguyen van cu"))] == [
        "V/v chấn "
    ]
    assert inc.count(IncomingFilter(text="QUYẾT TOÁN")) == 1
    assert inc.count(IncomingFilter(text="100%_' OR 1=1 --")) == 0
    assert inc.count(IncomingFilter(issuing_agency="Sở Tài chính")) == 1
    by_agency = inc.rows(IncomingFilter(), sort="issuing_agency", descending=False)
    assert [r.issuing_agency for r in by_agency] == ["Sở Tài chính", "Sở Xây dựng"]


def test_register_export_has_the_documents(ward: Ward, tmp_path: Path) -> None:
    for n in range(3):
        doc = _queue(ward, b"%PDF-1.4 r" + bytes([n]))
        ward.space.incoming.register(
            doc, IncomingDraft(**{**DRAFT.__dict__, "code_number": str(10 + n)})
        )
    out = tmp_path / "so-den-2026.docx"
    assert ward.space.incoming.export_register(2026, out) == 3
    text = "\n".join(c.text for t in Document(str(out)).tables for row in t.rows for c in row.cells)
    assert "12/UBND-VP" in text
    assert "UBND thành phố Hà Nội" in text
    assert "20/11/2026" in text
