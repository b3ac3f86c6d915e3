"""OCR with the real Tesseract: a scan's Vietnamese words come back with their diacritics, in
reading order; bad files and a missing Tesseract give a status, never an exception."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from app.documents.demo_pdf import render_pdf
from app.search import ocr
from app.search.ocr import OcrStatus, ocr_pdf, page_text, tesseract_available, text_layer
from app.search.text_extract import TextStatus, extract
from tests.unit.search.scan_samples import DECISION, LETTER, decision_scan, needs_tesseract, scan_of


@pytest.fixture(autouse=True)
def _tesseract() -> None:
    needs_tesseract()


def test_a_scan_needs_ocr_and_ocr_reads_its_vietnamese_words() -> None:
    scan = decision_scan()
    assert extract(scan).status is TextStatus.NEEDS_OCR
    assert text_layer(scan) is None
    got = ocr_pdf(scan)
    assert got.status is OcrStatus.DONE
    assert (got.pages_read, got.page_count) == (1, 1)
    assert got.text == unicodedata.normalize("NFC", got.text)
    for words in ("thành lập", "Tổ công tác", "cấp phường", "Số: 123/QĐ-SNV", "QUYẾT ĐỊNH"):
        assert words in got.text
    assert "ngày 05 tháng 3 năm 2026" in got.text


def test_header_columns_come_out_one_after_the_other() -> None:
    text = ocr_pdf(scan_of(render_pdf(LETTER))).text
    lines = [line for line in text.splitlines() if line.strip()]
    # the left block (body, number, V/v) before the right one (motto, place and date)
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN NGHÉ", "Số: 45/UBND-VP"]
    assert lines[3].startswith("V/v rà soát hộ nghèo")
    motto = lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert lines[motto + 1] == "Độc lập - Tự do - Hạnh phúc"
    assert text.index("trực tuyến") < text.index("CỘNG HÒA") < text.index("Kính gửi")


@pytest.mark.parametrize("turn", [90, 180])
def test_a_page_scanned_sideways_or_upside_down_is_turned_and_read(turn: int) -> None:
    text = ocr_pdf(scan_of(render_pdf(LETTER), turn=turn)).text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN NGHÉ"]  # upright, in reading order
    assert lines[2].startswith("Số: 45")  # the slash is sometimes lost once turned back
    assert "V/v rà soát hộ nghèo" in text


def test_pages_are_read_up_to_the_limit_and_a_stop_is_heeded() -> None:
    scan = scan_of(render_pdf(DECISION), pages=3)
    got = ocr_pdf(scan, max_pages=1, dpi=200)
    assert (got.status, got.pages_read, got.page_count) == (OcrStatus.DONE, 1, 3)
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first page

    got = ocr_pdf(scan, dpi=200, stop=stop)
    assert (got.status, got.pages_read) == (OcrStatus.STOPPED, 1)
    assert "Tổ công tác" in got.text


def test_bad_files_fail_without_an_exception() -> None:
    scan = decision_scan()
    for data in (b"", b"%PDF-1.7 nothing else", scan[: len(scan) // 3], b"\x00" * 5000):
        got = ocr_pdf(data)
        assert got.status is OcrStatus.FAILED
        assert got.text == ""


def test_a_page_that_takes_too_long_is_given_up() -> None:
    got = ocr_pdf(decision_scan(), page_timeout=0.01)
    assert got.status is OcrStatus.FAILED


def test_without_tesseract_nothing_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PC where Tesseract is not installed
    ocr.tesseract_path.cache_clear()
    try:
        assert not tesseract_available()
        assert ocr_pdf(decision_scan()).status is OcrStatus.UNAVAILABLE
    finally:
        monkeypatch.undo()
        ocr.tesseract_path.cache_clear()
    assert tesseract_available()


def test_a_text_layer_is_read_line_by_line() -> None:
    text = text_layer(render_pdf(LETTER))
    assert text is not None
    assert text.splitlines()[:3] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN NGHÉ", "Số: 45/UBND-VP"]
    assert text_layer(b"not a pdf") is None


def _tsv(*words: tuple[int, int, int, int, int, str]) -> str:
    """Tesseract TSV rows of words: (line, left, top, width, height, text)."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"]
    rows[0] += "\tconf\ttext"
    for n, (line, left, top, width, height, word) in enumerate(words, start=1):
        rows.append(f"5\t1\t1\t1\t{line}\t{n}\t{left}\t{top}\t{width}\t{height}\t96.0\t{word}")
    rows.append("5\t1\t1\t1\t9\t99\t10\t10\t5\t5\t-1\t")  # an empty box: ignored
    return "\n".join(rows)


def test_side_by_side_lines_are_split_into_columns() -> None:
    tsv = _tsv(
        (1, 100, 100, 200, 40, "ỦY BAN"),
        (1, 1300, 100, 300, 40, "CỘNG HÒA"),
        (2, 100, 150, 200, 40, "PHƯỜNG X"),
        (2, 1300, 150, 300, 40, "Độc lập"),
        (3, 100, 300, 1800, 40, "Nội dung cả dòng"),
    )
    assert page_text(tsv, 2400).splitlines() == [
        "ỦY BAN",
        "PHƯỜNG X",
        "",
        "CỘNG HÒA",
        "Độc lập",
        "",
        "Nội dung cả dòng",
    ]
    assert page_text("garbage\nrows\t1\t2", 2400) == ""
