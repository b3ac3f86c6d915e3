"""OcrService with the real Tesseract: a registered scan becomes searchable by the words on it,
the registration form gets suggestions read once, and failures or a missing Tesseract never
stop anything."""

from __future__ import annotations

import datetime as dt

import pytest

from app.documents.demo_pdf import render_pdf
from app.services.incoming_dto import IncomingDraft
from app.services.ocr import OcrReport
from tests.conftest import Ward
from tests.unit.search.scan_samples import LETTER, decision_scan, needs_tesseract
from tests.unit.search.search_support import act, register

BODY_WORDS = "khẩn trương triển khai"  # in the scan's body, not in its metadata


@pytest.fixture(autouse=True)
def _tesseract() -> None:
    needs_tesseract()


def test_a_registered_scan_is_found_by_its_words_after_ocr(ward: Ward) -> None:
    doc = register(ward, "Quyết định thành lập tổ công tác", code="123", data=decision_scan())
    space = act(ward, "vanthu")
    assert space.search.index_pending_files().needs_ocr == 1
    assert space.search.search(BODY_WORDS).hits == ()
    assert space.ocr.available()
    assert space.ocr.run_pending() == OcrReport(read=1, failed=0, more=False)
    for query in (BODY_WORDS, "khan truong trien khai", "nang cao hieu qua quan ly"):
        assert [h.id for h in space.search.search(query).hits] == [doc], query
    assert space.search.needing_ocr() == []
    assert space.ocr.run_pending() == OcrReport()  # nothing left: nothing read again


def test_a_file_that_cannot_be_read_is_not_tried_forever(ward: Ward) -> None:
    register(ward, "Văn bản quét chưa đồng bộ", code="7", data=decision_scan())
    space = act(ward, "vanthu")
    space.search.index_pending_files()
    [sha] = space.search.needing_ocr()
    space.blobs.path(sha).unlink()  # its file is not on this PC (any more)
    assert space.ocr.run_pending() == OcrReport(read=0, failed=0, more=False)
    assert space.ocr.run_pending() == OcrReport()  # skipped until the app starts again
    assert space.search.needing_ocr() == [sha]  # a PC that has the file will read it
    space.search.mark_ocr_failed(sha)  # what a scan Tesseract cannot read gets
    assert space.search.needing_ocr() == []


def test_scans_are_found_without_the_search_page_having_read_the_files(ward: Ward) -> None:
    doc = register(ward, "Quyết định thành lập tổ công tác", code="123", data=decision_scan())
    space = act(ward, "vanthu")
    assert space.ocr.run_pending() == OcrReport(read=1, failed=0, more=False)
    assert [h.id for h in space.search.search(BODY_WORDS).hits] == [doc]


def test_the_form_gets_suggestions_read_once(ward: Ward) -> None:
    space = act(ward, "vanthu")
    doc = space.incoming._queue(space.auth.user, decision_scan(), "quet.pdf", 1, "scan")  # type: ignore[arg-type]
    sha = space.incoming.file_blob(doc)
    got = space.ocr.suggest(sha)
    assert got is not None
    assert (got.code_number, got.document_date) == ("123", dt.date(2026, 3, 5))
    assert got.issuing_agency == "Sở Nội vụ thành phố Hà Nội"
    assert got.doc_type_name == "Quyết định"
    assert "thành lập Tổ công tác" in got.summary
    # the one-page scan's text is kept: once registered it is found without a second OCR
    assert space.incoming.detail(doc).draft.summary == ""  # nothing filled without the clerk
    space.incoming.register(
        doc,
        IncomingDraft(
            code_number=got.code_number,
            code_notation=got.code_notation,
            document_date=got.document_date,
            issuing_agency=got.issuing_agency,
            doc_type=got.doc_type_name,
            summary=got.summary,
        ),
    )
    space.search.index_pending_files()
    assert space.search.needing_ocr() == []
    assert [h.id for h in space.search.search("khan truong trien khai").hits] == [doc]
    assert space.ocr.suggest(sha) == got  # from the kept text


def test_a_text_layer_needs_no_ocr(ward: Ward, no_tesseract: None) -> None:
    space = act(ward, "vanthu")
    assert not space.ocr.available()
    got = space.ocr.suggest(render_pdf(LETTER))
    assert got is not None
    assert got.code == "45/UBND-VP"
    assert got.issuing_agency == "UBND phường Bến Nghé"


def test_without_tesseract_nothing_runs_and_nothing_fails(ward: Ward, no_tesseract: None) -> None:
    register(ward, "Quyết định thành lập tổ công tác", code="123", data=decision_scan())
    space = act(ward, "vanthu")
    space.search.index_pending_files()
    assert not space.ocr.available()
    assert space.ocr.run_pending() == OcrReport()
    assert len(space.search.needing_ocr()) == 1  # waits for a PC with Tesseract
    assert space.ocr.suggest(decision_scan()) is None
    assert space.ocr.suggest("0" * 64) is None  # no such file


def test_a_stopped_service_reads_nothing_more(ward: Ward) -> None:
    register(ward, "Quyết định thành lập tổ công tác", code="123", data=decision_scan())
    space = act(ward, "vanthu")
    space.search.index_pending_files()
    space.ocr.stop()
    assert space.ocr.run_pending() == OcrReport()
    assert len(space.search.needing_ocr()) == 1
