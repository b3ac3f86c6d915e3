"""The search window as a clerk uses it: type without diacritics, filter, save, open a result."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QWidget

from app.services.search_dto import SearchKind
from app.ui_support.events import AppEvents
from app.views.search import page as search_page
from app.views.search.page import DEBOUNCE_MS, SearchPage
from app.views.search.results import hit_html
from tests.conftest import Ward
from tests.unit.search.search_support import act, assign_to_unit, new_task, register

TypeText = Callable[[QWidget, str], None]
CAI_CACH = "V/v tăng cường công tác Cải cách hành chính"
LUT_BAO = "Kế hoạch phòng chống lụt bão năm 2026"


@pytest.fixture
def documents(ward: Ward) -> dict[str, str]:
    """Three registered incoming documents and a task; their ids by a short name."""
    found = {
        "cai_cach": register(ward, CAI_CACH, code="12"),
        "lut_bao": register(ward, LUT_BAO, code="45"),
        "hop": register(ward, "Giấy mời họp về cải cách thủ tục", code="77", doc_type="Giấy mời"),
        "task": new_task(ward, "Báo cáo cải cách hành chính quý IV"),
    }
    act(ward, "vanthu")
    return found


def open_page(qtbot: QtBot, ward: Ward, events: AppEvents, login: str = "chutich") -> SearchPage:
    act(ward, login)
    page = SearchPage(ward.space, events)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: page._ready, timeout=5000)
    return page


def typed(qtbot: QtBot, page: SearchPage, type_text: TypeText, text: str) -> None:
    """Type `text` into the box and wait for the search that follows the pause."""
    page.query.clear()
    type_text(page.query, text)
    qtbot.waitUntil(lambda: not page._debounce.isActive(), timeout=3000)


def titles(page: SearchPage) -> list[str]:
    return [h.title for h in page.hits()]


def test_typing_without_diacritics_finds_the_document_with_the_match_in_bold(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str], type_text: TypeText
) -> None:
    page = open_page(qtbot, ward, events)
    typed(qtbot, page, type_text, "cai cach")
    assert set(titles(page)) == {
        CAI_CACH,
        "Giấy mời họp về cải cách thủ tục",
        "Báo cáo cải cách hành chính quý IV",
    }
    hit = next(h for h in page.hits() if h.id == documents["cai_cach"])
    shown = hit_html(hit, page.model.query)
    assert "V/v tăng cường công tác <b>Cải</b> <b>cách</b> hành chính" in shown
    assert "Văn bản đến · 20/11/2026 · Đã vào sổ" in shown  # kind, arrival date, state
    assert page.status.text().startswith("3 kết quả")
    assert page.view.isVisible()
    assert not page.empty.isVisible()
    # more words narrow the list; the best match comes first
    typed(qtbot, page, type_text, "cai cach hanh chinh")
    assert titles(page)[0] in (CAI_CACH, "Báo cáo cải cách hành chính quý IV")
    assert "Giấy mời họp về cải cách thủ tục" not in titles(page)


def test_a_filter_by_kind_and_by_state_narrows_the_results(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str], type_text: TypeText
) -> None:
    page = open_page(qtbot, ward, events)
    typed(qtbot, page, type_text, "cai cach")
    assert len(page.hits()) == 3
    page.filters.kind.setCurrentIndex(page.filters.kind.findText("Công việc"))
    assert page.filters.state.isEnabled()
    qtbot.waitUntil(lambda: [h.kind for h in page.hits()] == [SearchKind.TASK], timeout=3000)
    page.filters.state.setCurrentIndex(page.filters.state.findText("Hoàn thành"))
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=3000)
    page.filters.kind.setCurrentIndex(page.filters.kind.findText("Văn bản đến"))
    assert page.filters.state.currentText() == "Tất cả"
    qtbot.waitUntil(lambda: len(page.hits()) == 2, timeout=3000)
    page.filters.doc_type.setText("giay moi")
    qtbot.waitUntil(lambda: [h.id for h in page.hits()] == [documents["hop"]], timeout=3000)
    page.filters.date_to.line_edit.setText("20/11/2026")  # the day they arrived
    qtbot.wait(DEBOUNCE_MS + 100)
    assert [h.id for h in page.hits()] == [documents["hop"]]
    page.filters.date_from.line_edit.setText("21/11/2026")
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=3000)


def test_a_filter_by_unit_finds_what_was_given_to_that_unit(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str], type_text: TypeText
) -> None:
    assign_to_unit(ward, documents["hop"], ward.unit_dc)
    page = open_page(qtbot, ward, events)
    assert [page.filters.unit.itemText(i) for i in range(page.filters.unit.count())] == [
        "Tất cả",
        "Địa chính - Xây dựng",
        "Văn phòng - Thống kê",
    ]
    typed(qtbot, page, type_text, "cai cach")
    assert len(page.hits()) == 3
    page.filters.unit.setCurrentIndex(page.filters.unit.findText("Địa chính - Xây dựng"))
    qtbot.waitUntil(lambda: [h.id for h in page.hits()] == [documents["hop"]], timeout=3000)
    assert "Đang xử lý" in hit_html(page.hits()[0])  # its state, in the words of its list


def test_nothing_found_says_so(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str], type_text: TypeText
) -> None:
    page = open_page(qtbot, ward, events)
    typed(qtbot, page, type_text, "xay dung nong thon moi")
    assert page.hits() == []
    assert page.empty.isVisible()
    assert page.empty.text() == "Không tìm thấy kết quả nào."
    assert not page.view.isVisible()
    assert page.status.text() == ""  # said once, in the middle of the page


@pytest.mark.parametrize(
    "text",
    [
        '"cai cach',
        "cai AND OR NOT cach",
        "*",
        "NEAR(cai cach)",
        "- ^ : ( )",
        "cải" * 3000,
        "改革 cai",
    ],
)
def test_bad_input_gives_no_error(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    documents: dict[str, str],
    text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    errors: list[BaseException] = []
    monkeypatch.setattr(search_page, "show_error", lambda _parent, exc: errors.append(exc))
    page = open_page(qtbot, ward, events)
    page.focus_query(text)
    assert errors == []
    assert page.empty.isVisible() or page.status.text().endswith("kết quả, phù hợp nhất ở trên.")
    assert all(h.title for h in page.hits())


def test_a_saved_search_is_applied_again_and_can_be_deleted(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str], type_text: TypeText
) -> None:
    page = open_page(qtbot, ward, events)
    assert not page.saved.isEnabled()
    assert not page.delete_button.isEnabled()
    typed(qtbot, page, type_text, "cai cach")
    page.filters.kind.setCurrentIndex(page.filters.kind.findText("Văn bản đến"))
    qtbot.waitUntil(lambda: len(page.hits()) == 2, timeout=3000)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
    dialog = page.dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.name.setText("   ")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "Cần đặt tên" in dialog.error.text()
    dialog.name.setText("Cải cách - văn bản đến")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert [s.name for s in page.saved_searches()] == ["Cải cách - văn bản đến"]
    assert page.saved.currentText() == "Cải cách - văn bản đến"
    assert page.delete_button.isEnabled()

    # another day: the search is opened again from the combo
    other = open_page(qtbot, ward, events)
    typed(qtbot, other, type_text, "lut bao")
    assert titles(other) == [LUT_BAO]
    other.saved.setCurrentIndex(1)
    other.saved.activated.emit(1)
    assert other.query.text() == "cai cach"
    assert other.filters.kind.currentText() == "Văn bản đến"
    assert {h.id for h in other.hits()} == {documents["cai_cach"], documents["hop"]}

    other.delete_button.click()
    assert other.saved_searches() == []
    assert not other.delete_button.isEnabled()
    assert act(ward, "chutich").search.saved_searches() == []


def test_enter_and_double_click_open_the_result(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str], type_text: TypeText
) -> None:
    page = open_page(qtbot, ward, events)
    typed(qtbot, page, type_text, "lut bao")
    qtbot.keyClick(page.query, Qt.Key.Key_Down)  # type: ignore[no-untyped-call]  # pytest-qt
    assert page.view.hasFocus() or page.view.currentIndex().row() == 0
    with qtbot.waitSignal(page.open_item, timeout=1000) as opened:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]  # pytest-qt
    assert opened.args == ["incoming", documents["lut_bao"]]
    typed(qtbot, page, type_text, "quy IV")
    with qtbot.waitSignal(page.open_item, timeout=1000) as opened:
        page.view.doubleClicked.emit(page.model.index(0, 0))
    assert opened.args == ["task", documents["task"]]


def test_results_come_a_page_at_a_time_as_the_list_is_scrolled(
    qtbot: QtBot, ward: Ward, events: AppEvents, type_text: TypeText
) -> None:
    for i in range(60):
        register(ward, f"Báo cáo thống kê dân số tổ {i}", code=str(100 + i))
    page = open_page(qtbot, ward, events)
    typed(qtbot, page, type_text, "thong ke dan so")
    assert len(page.hits()) == 50
    assert page.status.text().startswith("60 kết quả")
    bar = page.view.verticalScrollBar()
    assert bar is not None
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: len(page.hits()) == 60, timeout=3000)
    assert len({h.id for h in page.hits()}) == 60


def test_ctrl_f_puts_the_focus_in_the_box_with_the_text_selected(
    qtbot: QtBot, ward: Ward, events: AppEvents, documents: dict[str, str]
) -> None:
    page = open_page(qtbot, ward, events)
    page.activateWindow()
    page.focus_query("45")
    assert page.query.text() == "45"
    assert page.query.selectedText() == "45"
    assert [h.id for h in page.hits()] == [documents["lut_bao"]]


def test_a_word_in_very_many_documents_says_more_than_the_count_limit(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    type_text: TypeText,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.services import search as search_service

    for module in (search_service, search_page):  # a limit of 4 instead of 1 000
        monkeypatch.setattr(module, "COUNT_CAP", 4)
    for i in range(6):
        register(ward, f"Thông báo lịch trực tổ {i}", code=str(300 + i))
    page = open_page(qtbot, ward, events)
    typed(qtbot, page, type_text, "lich truc")
    assert len(page.hits()) == 6
    assert page.status.text() == "Hơn 4 kết quả, phù hợp nhất ở trên."
    typed(qtbot, page, type_text, "lich truc 303")
    assert page.status.text() == "1 kết quả, phù hợp nhất ở trên."
