"""Search as officials use it: Vietnamese folding, codes typed any way, permissions, filters,
and an index that follows every change in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.errors import ValidationError
from app.journal.log import Change
from app.models.enums import AssigneeKind
from app.search import index
from app.services.incoming_dto import HandlerRef
from app.services.search_dto import SearchFilter, SearchKind
from app.services.task_dto import TaskForm
from tests.conftest import Ward
from tests.unit.search.search_support import (
    WEEK,
    act,
    add_entry,
    assign_to_unit,
    new_task,
    register,
)


def ids(ward: Ward, login: str, query: str, flt: SearchFilter | None = None) -> list[str]:
    return [h.id for h in act(ward, login).search.search(query, flt).hits]


def test_words_without_diacritics_find_the_vietnamese_text(ward: Ward) -> None:
    doc = register(ward, "V/v tăng cường công tác Cải cách hành chính")
    register(ward, "Kế hoạch phòng chống lụt bão năm 2026", code="45")
    assert ids(ward, "vanthu", "cai cach hanh chinh") == [doc]
    assert ids(ward, "vanthu", "CẢI CÁCH") == [doc]
    assert ids(ward, "vanthu", "cai cach hanh ch") == [doc]  # the last word as it is typed
    assert ids(ward, "vanthu", "cai cach xay dung") == []  # every word must be there


def test_d_finds_the_d_with_stroke_and_diacritics_rank_exact_matches_first(ward: Ward) -> None:
    duong = register(ward, "Sửa chữa đường giao thông tổ dân phố 5", code="10")
    duong2 = register(ward, "Danh sách hộ nghèo phố Dương Quảng Hàm", code="11")
    found = ids(ward, "vanthu", "Duong")
    assert set(found) == {duong, duong2}
    assert ids(ward, "vanthu", "đường")[0] == duong
    assert ids(ward, "vanthu", "Dương")[0] == duong2


def test_codes_match_as_officials_type_them(ward: Ward) -> None:
    doc = register(ward, "Quyết định thành lập tổ công tác", code="123", notation="QĐ-UBND-VP")
    register(ward, "Công văn khác", code="124", notation="UBND-VP")
    for typed in ("123/UBND-VP", "123 UBND VP", "QĐ-UBND", "qd ubnd", "123/QĐ-UBND-VP", "qdubnd"):
        assert ids(ward, "vanthu", typed) == [doc], typed
    assert ids(ward, "vanthu", "124/UBND") != [doc]


def test_results_carry_a_title_and_a_highlighted_snippet(ward: Ward) -> None:
    register(ward, "Báo cáo kết quả cải cách hành chính", agency="Sở Nội vụ thành phố Hà Nội")
    hit = act(ward, "vanthu").search.search("so noi vu").hits[0]
    assert hit.kind is SearchKind.INCOMING
    assert hit.title == "Báo cáo kết quả cải cách hành chính"
    assert "[Sở] [Nội] [vụ]" in hit.snippet
    assert "<b>Sở</b>" in hit.snippet_html()


def test_an_official_never_finds_another_unit_s_document(ward: Ward) -> None:
    vp_doc = register(ward, "Rà soát hồ sơ đất đai phường", code="1")
    dc_doc = register(ward, "Rà soát hồ sơ đất đai khu tập thể", code="2")
    assign_to_unit(ward, vp_doc, ward.unit_vp)
    assign_to_unit(ward, dc_doc, ward.unit_dc)
    assert ids(ward, "canbo", "ra soat ho so") == [vp_doc]
    assert ids(ward, "diachinh", "ra soat ho so") == [dc_doc]
    assert set(ids(ward, "vanthu", "ra soat ho so")) == {vp_doc, dc_doc}
    # the filter is applied before paging: a page of one still holds the visible document
    page = act(ward, "canbo").search.search("ra soat", limit=1)
    assert [h.id for h in page.hits] == [vp_doc]
    assert not page.has_more
    assert act(ward, "canbo").search.search("ra soat", count=True).total == 1


def test_tasks_are_found_by_those_who_take_part(ward: Ward) -> None:
    task = new_task(ward, "Kiểm tra trật tự đô thị", "Phối hợp công an phường xử lý lấn chiếm")
    assert ids(ward, "canbo", "lan chiem") == [task]
    assert ids(ward, "chutich", "trat tu do thi") == [task]
    assert ids(ward, "diachinh", "trat tu do thi") == []


def test_a_draft_week_is_found_by_the_office_and_a_published_one_by_everybody(
    ward: Ward,
) -> None:
    entry = add_entry(ward, "Họp giao ban Ủy ban nhân dân phường", location="Phòng họp số 1")
    assert ids(ward, "vanthu", "giao ban") == [entry]
    assert ids(ward, "chutich", "phong hop so 1") == [entry]
    assert ids(ward, "diachinh", "giao ban") == []
    act(ward, "vanthu").schedule.submit(WEEK)
    act(ward, "chutich").schedule.publish(WEEK)
    assert ids(ward, "diachinh", "giao ban") == [entry]
    hit = act(ward, "diachinh").search.search("giao ban").hits[0]
    assert (hit.kind, hit.week_id) == (SearchKind.SCHEDULE, WEEK)


def test_filters_narrow_by_kind_type_date_agency_unit_and_state(ward: Ward) -> None:
    a = register(ward, "Kế hoạch tuyên truyền", agency="Sở Tư pháp", doc_type="Kế hoạch")
    b = register(ward, "Công văn tuyên truyền", code="7", agency="Quận Long Biên")
    assign_to_unit(ward, b, ward.unit_vp)
    task = new_task(ward, "Tổ chức tuyên truyền pháp luật")
    everything = set(ids(ward, "chutich", "tuyen truyen"))
    assert everything == {a, b, task}
    only = SearchFilter
    assert ids(ward, "chutich", "tuyen truyen", only(kinds=frozenset({SearchKind.TASK}))) == [task]
    assert ids(ward, "chutich", "tuyen truyen", only(doc_type="ke hoach")) == [a]
    assert ids(ward, "chutich", "tuyen truyen", only(agency="tu phap")) == [a]
    # the unit of a document is its primary handling unit; of a task, the assignee's unit
    assert set(ids(ward, "chutich", "tuyen truyen", only(unit_id=ward.unit_vp))) == {b, task}
    assert ids(ward, "chutich", "tuyen truyen", only(unit_id=ward.unit_dc)) == []
    assigned = only(states=frozenset({"assigned"}), kinds=frozenset({SearchKind.INCOMING}))
    assert ids(ward, "chutich", "tuyen truyen", assigned) == [b]
    later = only(date_from=dt.date(2026, 12, 1))
    assert ids(ward, "chutich", "tuyen truyen", later) == []


def test_paging_gives_every_result_once(ward: Ward) -> None:
    made = {register(ward, f"Thông báo lịch tiếp công dân đợt {n}", code=str(n)) for n in range(7)}
    search = act(ward, "vanthu").search
    seen: list[str] = []
    offset = 0
    while True:
        page = search.search("tiep cong dan", offset=offset, limit=3)
        seen += [h.id for h in page.hits]
        if not page.has_more:
            break
        offset += 3
    assert sorted(seen) == sorted(made)


def test_beyond_the_candidates_paging_and_counting_still_hold(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step of a search ranks only the most recent matches; with small limits (as a big
    archive has for common words), pages still give every result once and the count says
    "more than" instead of counting on."""
    from app.services import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 4)
    monkeypatch.setattr(search_module, "COUNT_CAP", 6)
    made = [register(ward, f"Kế hoạch kiểm tra đợt {n}", code=str(n)) for n in range(9)]
    titled = register(ward, "Kiểm tra vệ sinh", code="99", agency="Phòng Kế hoạch")
    search = act(ward, "vanthu").search
    assert search.search("ke hoach", limit=1, count=True).total == 7  # 6 + 1: "hơn 6"
    first = search.search("ke hoach", limit=3)
    assert first.has_more
    assert [h.id for h in first.hits] == made[:-4:-1]  # all words in the title, newest first
    seen: list[str] = []
    offset = 0
    while True:
        page = search.search("ke hoach", offset=offset, limit=3)
        seen += [h.id for h in page.hits]
        if not page.has_more:
            break
        offset += 3
    assert sorted(seen) == sorted([*made, titled])
    assert seen[-1] == titled  # its title lacks the words: after every title that has them
    assert search.search("ve sinh", count=True).total == 1
    # the search page asks for the page and its count at once: the same page, the same count
    counted = search.search("ke hoach", limit=3, count=True)
    assert (counted.hits, counted.has_more, counted.total) == (first.hits, True, 7)
    assert search.search("kiem tra", limit=3, count=True).total == 7  # the count stops at 6
    assert search.search("kiem tra", count=True).total == 10  # a page shows them all: exact
    assert search.search("ke hoach", offset=9, limit=3, count=True).total == 10  # the last page
    assert search.search("khong co", count=True).total == 0
    assert search.search("ke hoach").total is None  # not asked


def test_a_change_is_found_at_once_and_the_old_words_are_gone(ward: Ward) -> None:
    task = new_task(ward, "Lập danh sách cử tri")
    assert ids(ward, "chutich", "cu tri") == [task]
    form = TaskForm("Lập danh sách hộ kinh doanh", None)
    act(ward, "chutich").tasks.update(task, form)
    assert ids(ward, "chutich", "cu tri") == []
    assert ids(ward, "chutich", "ho kinh doanh") == [task]


def test_the_index_after_changes_equals_a_rebuild(ward: Ward) -> None:
    doc = register(ward, "Tờ trình phê duyệt dự toán", code="88", notation="TTr-UBND")
    assign_to_unit(ward, doc, ward.unit_dc)
    new_task(ward, "Tổng hợp dự toán ngân sách")
    add_entry(ward, "Làm việc với Đoàn kiểm tra của quận")
    with ward.space.db.read() as s:
        incremental = index.snapshot(s)
    assert len(incremental) == 3
    assert ward.space.search.rebuild() == 3
    with ward.space.db.read() as s:
        assert index.snapshot(s) == incremental


def test_an_index_row_is_written_in_the_transaction_of_the_change(ward: Ward) -> None:
    """Inside the command's transaction the row is there; rolled back, it is gone with it."""
    sp = act(ward, "chutich")
    form = TaskForm("Việc sẽ bị hủy bỏ", HandlerRef(AssigneeKind.USER, ward.official))
    count = text("SELECT count(*) FROM search_docs WHERE ref = 't-rolled-back'")

    def fail_after_the_op() -> None:
        with sp.db.write.begin() as s:
            payload = sp.tasks._check_form(s, form, new=True)
            payload["source"] = ""
            change = Change("task.assigned", "task:t-rolled-back", payload)
            sp.journal.commit(s, ward.leader, [change])
            assert s.execute(count).scalar() == 1
            raise RuntimeError("the command fails after the op")

    with pytest.raises(RuntimeError):
        fail_after_the_op()
    with sp.db.read() as s:
        assert s.execute(count).scalar() == 0
    assert ids(ward, "chutich", "huy bo") == []


def test_a_space_from_before_search_is_indexed_at_its_first_search(ward: Ward) -> None:
    doc = register(ward, "Báo cáo tổng kết công tác dân vận")
    with ward.space.db.write.begin() as s:  # what migration 0006 leaves in an older space
        for table in ("search_meta", "search_docs", "search_fts"):
            s.execute(text(f"DELETE FROM {table}"))
    assert ids(ward, "vanthu", "dan van") == [doc]
    assert ward.space.search.ensure_built() is False  # built once


def test_an_outgoing_draft_is_found_by_those_working_on_it_only(ward: Ward) -> None:
    from tests.unit.services.test_outgoing_service import form

    draft = act(ward, "canbo").outgoing.new_draft(
        form(ward, summary="Về việc kiện toàn Ban chỉ đạo chuyển đổi số")
    )
    assert ids(ward, "canbo", "kien toan ban chi dao") == [draft]
    assert ids(ward, "canbo2", "kien toan ban chi dao") == []  # a colleague's draft
    assert ids(ward, "vanthu", "kien toan") == []  # not yet at the form check
    act(ward, "canbo").outgoing.submit(draft, ward.official2)
    assert ids(ward, "canbo2", "kien toan") == [draft]  # now the content reviewer
    assert ids(ward, "diachinh", "kien toan") == []
    hit = act(ward, "canbo").search.search("QĐ-UBND chuyen doi so").hits[0]
    assert (hit.kind, hit.id, hit.state) == (SearchKind.OUTGOING, draft, "content_review")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=st.text(max_size=200), offset=st.integers(-5, 200), limit=st.integers(-5, 900))
def test_any_query_through_the_service_is_answered(
    ward: Ward, query: str, offset: int, limit: int
) -> None:
    """The whole path (visibility, filters, paging, snippets) with whatever is typed."""
    search = act(ward, "canbo").search
    page = search.search(query, SearchFilter(agency=query[:20]), offset=offset, limit=limit)
    assert len(page.hits) <= 500
    counted = search.search(query, limit=limit, count=True)
    one = search.search(query, limit=1, count=True)  # the count does not depend on the page
    assert counted.total == (one.total if counted.has_more else len(counted.hits))
    past = search.search(query, offset=offset, limit=limit, count=True)
    assert past.hits == search.search(query, offset=offset, limit=limit).hits
    assert past.total == counted.total  # any page, even one past the end, counts the same


def test_a_renamed_chair_is_found_by_the_new_name(ward: Ward) -> None:
    entry = add_entry(ward, "Tiếp công dân định kỳ")
    assert ids(ward, "vanthu", "tran van nam") == [entry]  # the chair, the leader
    admin = act(ward, "admin")
    info = next(u for u in admin.directory.users() if u.id == ward.leader)
    admin.directory.update_user(dataclasses.replace(info, full_name="Trần Văn Nghĩa"))
    assert ids(ward, "vanthu", "tran van nghia") == [entry]
    assert ids(ward, "vanthu", "tran van nam") == []


def test_saved_searches_belong_to_their_user(ward: Ward) -> None:
    doc = register(ward, "Kế hoạch tuyên truyền", agency="Sở Tư pháp")
    mine = act(ward, "vanthu").search
    flt = SearchFilter(kinds=frozenset({SearchKind.INCOMING}), agency="tư pháp")
    first = mine.save_search("  Văn bản   Sở Tư pháp ", "tuyen truyen", flt)
    [kept] = mine.saved_searches()
    assert (kept.id, kept.name, kept.query, kept.filter) == (
        first,
        "Văn bản Sở Tư pháp",
        "tuyen truyen",
        flt,
    )
    assert [h.id for h in mine.search(kept.query, kept.filter).hits] == [doc]
    second = mine.save_search("Văn bản Sở Tư pháp", "ke hoach")  # the same name: replaced
    assert [(s.id, s.query) for s in mine.saved_searches()] == [(second, "ke hoach")]
    other = act(ward, "canbo").search
    assert other.saved_searches() == []
    other.delete_saved_search(second)  # not theirs: nothing happens
    assert len(act(ward, "vanthu").search.saved_searches()) == 1
    with pytest.raises(ValidationError, match="Cần đặt tên"):
        mine.save_search("   ", "ke hoach")
    with pytest.raises(ValidationError, match="Cần nhập từ cần tìm"):
        mine.save_search("Trống", ' "*" ')
    with pytest.raises(ValidationError, match="100 ký tự"):
        mine.save_search("x" * 101, "ke hoach")
    mine.delete_saved_search(second)
    assert mine.saved_searches() == []


def test_a_damaged_saved_filter_is_read_as_no_filter() -> None:
    from app.services.search_dto import filter_from_json, filter_to_json

    full = SearchFilter(
        frozenset({SearchKind.TASK}), "Kế hoạch", dt.date(2026, 1, 1), None, "Sở", "u1"
    )
    assert filter_from_json(filter_to_json(full)) == full
    for raw in ("", "[]", "{", '{"kinds": ["nope"], "date_from": "31/12/2026"}'):
        assert filter_from_json(raw) == SearchFilter()


def test_the_last_word_is_a_prefix_while_it_is_being_typed(ward: Ward) -> None:
    """Up to 3 letters the last word is always a prefix; a longer one is taken as complete
    when it matches as typed, and as a prefix when it matches nothing."""
    doc = register(ward, "Tuyên truyền phổ biến pháp luật", code="31")
    other = register(ward, "Tổ chức Ngày pháp luật", code="32")
    for typed in ("tuy", "tuye", "tuyen truy", "tuyen truyen", "pho bien phap lu"):
        assert ids(ward, "vanthu", typed) == [doc], typed
    assert set(ids(ward, "vanthu", "phap luat")) == {doc, other}
    assert ids(ward, "vanthu", "phap luatx") == []
