"""The lists' filter box served by the search index: words typed with or without diacritics
find a document by the beginning of its words, at once after it is registered; a space whose
index is not built yet filters as before; nothing typed can make the engine fail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete

from app.models.enums import AssigneeKind, Source
from app.search.index import search_meta
from app.services.incoming_dto import (
    AssignmentDraft,
    Box,
    HandlerRef,
    IncomingDraft,
    IncomingFilter,
)
from app.services.outgoing_dto import OutgoingBox
from app.services.space import Space
from app.services.task_dto import TaskBox, TaskForm
from tests.conftest import Ward
from tests.unit.services.test_outgoing_service import actor, form

DAY = dt.date(2026, 11, 16)


def register(w: Ward, summary: str, code: str = "", agency: str = "Sở Nội vụ") -> str:
    """A document in the register, with `summary` and số/ký hiệu `code` ("123/UBND-VP")."""
    sp = actor(w.space)("vanthu")
    user = sp.auth.user
    doc = sp.incoming._queue(user, summary.encode(), "scan.pdf", 1, Source.SCAN)
    number, _, notation = code.partition("/")
    draft = IncomingDraft(
        code_number=number,
        code_notation=notation,
        document_date=DAY,
        issuing_agency=agency,
        doc_type="Công văn",
        summary=summary,
    )
    sp.incoming.register(doc, draft, allow_duplicate=True)
    return doc


def found(sp: Space, text: str, box: Box = Box.ALL) -> set[str]:
    """The ids the list shows for `text`, checked against its count."""
    flt = IncomingFilter(box=box, text=text)
    rows = {r.id for r in sp.incoming.rows(flt)}
    assert sp.incoming.count(flt) == len(rows)
    return rows


@pytest.fixture
def indexed(ward: Ward) -> Ward:
    """The ward with its search index built (as after `ward-office index rebuild`)."""
    actor(ward.space)("admin").search.ensure_built()
    return ward


def test_words_are_found_by_their_beginning_with_or_without_diacritics(indexed: Ward) -> None:
    reform = register(indexed, "Kế hoạch cải cách hành chính năm 2027", "123/UBND-VP")
    road = register(indexed, "Sửa chữa đường Nguyễn Văn Cừ", "45/SXD-QLCL", "Sở Xây dựng")
    other = register(indexed, "Báo cáo tình hình an ninh trật tự", "7/CAP-PV")
    sp = actor(indexed.space)("vanthu")
    assert found(sp, "cai cach") == {reform}
    assert found(sp, "CẢI CÁCH hành") == {reform}
    assert found(sp, "cai ca") == {reform}  # the word being typed is a prefix
    assert found(sp, "duong") == {road}  # đ is d
    assert found(sp, "Đường nguyen") == {road}
    assert found(sp, "123") == {reform}  # a số/ký hiệu as officials type it
    assert found(sp, "123/UBND-VP") == {reform}
    assert found(sp, "ubnd vp") == {reform}
    assert found(sp, "xay dung") == {road}  # the issuing body
    assert found(sp, "bao cao an ninh") == {other}
    assert found(sp, "ach") == set()  # the beginning of a word, not any part of it
    assert found(sp, "cai cach duong") == set()  # every word must be there


def test_a_document_is_found_as_soon_as_it_is_registered(indexed: Ward) -> None:
    sp = actor(indexed.space)("vanthu")
    assert found(sp, "phong chay") == set()
    doc = register(indexed, "Tăng cường phòng cháy chữa cháy mùa khô")
    assert found(sp, "phong chay") == {doc}
    assert found(sp, "phong chay", Box.TO_SUBMIT) == {doc}  # registered, not yet submitted


def test_an_official_finds_only_what_their_lists_hold(indexed: Ward) -> None:
    mine = register(indexed, "Xác minh nguồn gốc đất hộ ông Võ Công Sơn")
    theirs = register(indexed, "Xác minh nguồn gốc đất hộ bà Lê Thị Mai")
    sp = actor(indexed.space)("vanthu")
    sp.incoming.submit(mine, indexed.leader)
    unit = HandlerRef(AssigneeKind.UNIT, indexed.unit_dc)
    actor(indexed.space)("chutich").incoming.assign(mine, AssignmentDraft("Giao Địa chính", unit))
    official = actor(indexed.space)("diachinh")
    assert found(official, "xac minh nguon goc") == {mine}
    assert found(official, "xac minh", Box.PENDING) == {mine}
    assert found(official, "le thi mai") == set()
    assert found(actor(indexed.space)("chutich"), "xac minh") == {mine, theirs}


@pytest.mark.parametrize("typed", ['"', "*", "^", "-", "(", ":", "!!!", "😀"])
def test_punctuation_is_no_word(indexed: Ward, typed: str) -> None:
    doc = register(indexed, "Kế hoạch cải cách hành chính")
    sp = actor(indexed.space)("vanthu")
    assert found(sp, typed) == set()  # nothing a document's words could begin with
    assert found(sp, f"{typed}cai {typed} cach{typed}") == {doc}


@pytest.mark.parametrize(
    ("typed", "finds"),
    [("cai AND", False), ("cai OR cach", False), ("NEAR(cai cach)", False), ("cai*", True)],
)
def test_the_engine_s_operators_are_plain_words(indexed: Ward, typed: str, finds: bool) -> None:
    doc = register(indexed, "Kế hoạch cải cách hành chính")
    assert found(actor(indexed.space)("vanthu"), typed) == ({doc} if finds else set())


def test_a_long_paste_is_cut_to_its_first_words(indexed: Ward) -> None:
    doc = register(indexed, "Kế hoạch cải cách hành chính")
    sp = actor(indexed.space)("vanthu")
    assert found(sp, "cai cach " + "x" * 10_000) == set()  # a word no document has
    assert found(sp, "cai cach hanh chinh " * 500) == {doc}


def test_before_the_index_is_built_the_list_filters_as_before(ward: Ward) -> None:
    doc = register(ward, "Kế hoạch cải cách hành chính", "123/UBND-VP")
    with ward.space.db.write.begin() as s:
        s.execute(delete(search_meta))  # a space whose index was never built
    sp = actor(ward.space)("vanthu")
    assert found(sp, "cai cach") == {doc}
    assert found(sp, "ach") == {doc}  # the old filter: any part of the text
    assert found(sp, "50%_") == set()


def test_the_queue_is_filtered_by_file_name(indexed: Ward) -> None:
    sp = actor(indexed.space)("vanthu")
    doc = sp.incoming._queue(sp.auth.user, b"%PDF-1 scan", "congvan_so_45.pdf", 1, Source.SCAN)
    assert found(sp, "congvan", Box.QUEUE) == {doc}
    assert found(sp, "khac", Box.QUEUE) == set()


def test_outgoing_and_task_lists_use_the_index_too(indexed: Ward) -> None:
    act = actor(indexed.space)
    doc = act("canbo").outgoing.new_draft(form(indexed, summary="Về việc thành lập Tổ kiểm tra"))
    other = act("canbo").outgoing.new_draft(form(indexed, summary="Về việc khen thưởng"))
    drafts = act("canbo").outgoing
    assert {r.id for r in drafts.rows(OutgoingBox.MY_DRAFTS, "thanh lap to")} == {doc}
    assert drafts.count(OutgoingBox.MY_DRAFTS, "thanh lap to") == 1
    assert {r.id for r in drafts.rows(OutgoingBox.MY_DRAFTS, "KHEN")} == {other}
    assert drafts.count(OutgoingBox.MY_DRAFTS, '"') == 0

    me = HandlerRef(AssigneeKind.USER, indexed.official)
    task = act("chutich").tasks.assign(TaskForm("Rà soát hộ nghèo năm 2027", me))
    tasks = act("canbo").tasks
    assert {r.id for r in tasks.rows(TaskBox.MINE, "ra soat HO NGH")} == {task}
    assert tasks.count(TaskBox.MINE, "ra soat") == 1
    assert tasks.rows(TaskBox.MINE, "soat ra ngheo khac") == []


def test_a_new_space_filters_through_the_index_from_the_start(ward: Ward) -> None:
    """A space made by this version records its index as built: every op has kept it."""
    doc = register(ward, "Kế hoạch cải cách hành chính", "123/UBND-VP")
    sp = actor(ward.space)("vanthu")
    assert found(sp, "cai cach") == {doc}
    assert found(sp, "ach") == set()  # word prefixes only, as the index matches
