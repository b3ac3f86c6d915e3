"""Reading số/ký hiệu, date, issuing body, type and trích yếu from a document's text: typed
examples, OCR's usual mistakes, the text layers of demo documents, real Tesseract output of
scans, and fuzzing (never an exception, never a value the form would refuse)."""

from __future__ import annotations

import datetime as dt
import difflib
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.documents.scan_fields import ScanSuggestions, suggest_fields
from app.search.ocr import ocr_pdf, text_layer
from app.search.text_extract import extract
from app.services.demo import AGENCIES, BODY, TYPES
from tests.unit.search.scan_samples import (
    DECISION,
    INVITATION,
    LETTER,
    PLAN,
    needs_tesseract,
    scan_of,
)

WARD_LETTER = """ỦY BAN NHÂN DÂN
PHƯỜNG BẾN NGHÉ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 123/UBND-VP
V/v tổng vệ sinh môi trường
trước Tết Nguyên đán
Bến Nghé, ngày 05 tháng 3 năm 2026
Kính gửi: Các tổ dân phố.
Thực hiện kế hoạch của UBND thành phố, ngày 01 tháng 01 năm 2026 ..."""


def test_a_ward_letter() -> None:
    got = suggest_fields(WARD_LETTER)
    assert got == ScanSuggestions(
        code_number="123",
        code_notation="UBND-VP",
        document_date=dt.date(2026, 3, 5),
        issuing_agency="UBND phường Bến Nghé",
        doc_type="cong_van",
        summary="V/v tổng vệ sinh môi trường trước Tết Nguyên đán",
    )
    assert got.doc_type_name == "Công văn"
    assert got.code == "123/UBND-VP"
    assert not got.empty


def test_a_decision_with_a_parent_body_and_ocr_spacing() -> None:
    text = (
        "UBND QUẬN LONG BIÊN\nPHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG\n"
        "Số:07 /QĐ- TNMT\nLong Biên, ngày 09 thảng 01 năm 2026\n\n"
        "QUYẾT ĐỊNH\n\nVề việc phê duyệt kế hoạch\nsử dụng đất năm 2026\n\n"
        "TRƯỞNG PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG\nCăn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;"
    )
    got = suggest_fields(text)
    assert (got.code_number, got.code_notation) == ("07", "QĐ-TNMT")
    assert got.document_date == dt.date(2026, 1, 9)
    assert got.issuing_agency == "Phòng Tài nguyên và Môi trường"
    assert got.doc_type_name == "Quyết định"
    assert got.summary == "Về việc phê duyệt kế hoạch sử dụng đất năm 2026"


@pytest.mark.parametrize(
    ("header", "agency"),
    [
        ("CỤC THUẾ\nTHUẾ THÀNH PHỐ HÀ NỘI", "Thuế thành phố Hà Nội"),
        ("BỘ CÔNG AN\nCÔNG AN THÀNH PHỐ HÀ NỘI", "Công an thành phố Hà Nội"),
        (
            "UBND THÀNH PHỐ HÀ NỘI\nSỞ NÔNG NGHIỆP VÀ MÔI\nTRƯỜNG THÀNH PHỐ HÀ NỘI",
            "Sở Nông nghiệp và Môi trường thành phố Hà Nội",
        ),
        ("ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG GIA THỤY", "Ủy ban MTTQ Việt Nam phường Gia Thụy"),
        ("UBND THÀNH PHỐ HỒ CHÍ MINH\nỦY BAN NHÂN DÂN PHƯỜNG 12", "UBND phường 12"),
        ("BỘ NỘI VỤ", "Bộ Nội vụ"),
        ("—— ' _", ""),
    ],
)
def test_the_issuing_body_is_the_last_one_named(header: str, agency: str) -> None:
    got = suggest_fields(f"{header}\nSố: 12/TB-X\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert got.issuing_agency == agency


def test_known_bodies_keep_their_spelling() -> None:
    text = "UBND THÀNH PHỐ HÀ NỘI\nSỞ Y TẾ THÀNH PHỐ HÀ NỘI\nSố: 5/SYT-VP"
    assert suggest_fields(text).issuing_agency == "Sở Y tế thành phố Hà Nội"
    known = ["UBND phường Gia Thụy", "Sở Y Tế Thành phố Hà Nội"]
    assert suggest_fields(text, known_agencies=known).issuing_agency == known[1]


@pytest.mark.parametrize(
    ("text", "number", "notation", "doc_type"),
    [
        ("Số: 15/2026/QĐ-UBND", "15", "2026/QĐ-UBND", "quyet_dinh"),
        ("Số:      /KH-UBND", "", "KH-UBND", "ke_hoach"),
        ("Số: 3/TTr-UBND", "3", "TTr-UBND", "to_trinh"),
        ("Số: 88/HĐ-UBND", "88", "HĐ-UBND", "hop_dong"),
        ("Số: 88/HD-UBND", "88", "HD-UBND", "huong_dan"),
        ("Số: 45/UBND-VP", "45", "UBND-VP", "cong_van"),
        ("Số: 45/UBND", "45", "UBND", ""),
        ("số liệu năm 2026 và số 30/2020/NĐ-CP", "", "", ""),
    ],
)
def test_number_notation_and_the_type_they_imply(
    text: str, number: str, notation: str, doc_type: str
) -> None:
    got = suggest_fields(text)
    assert (got.code_number, got.code_notation, got.doc_type) == (number, notation, doc_type)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Hà Nội, ngày 05 tháng 3 năm 2026", dt.date(2026, 3, 5)),
        ("Ha Noi, ngay 5 thang 12 nam 2025", dt.date(2025, 12, 5)),
        ("ngày 31 tháng 02 năm 2026, ngày 28 tháng 02 năm 2026", dt.date(2026, 2, 28)),
        ("Hà Nội, 07/11/2026", dt.date(2026, 11, 7)),
        ("Hà Nội, ngày    tháng    năm 2026", None),
        ("ngày 05 tháng 3 năm 1200", None),
    ],
)
def test_dates(text: str, day: dt.date | None) -> None:
    assert suggest_fields(text).document_date == day


def test_text_without_fields_suggests_nothing() -> None:
    assert suggest_fields("").empty
    assert suggest_fields("Ảnh chụp một tờ giấy trắng.").empty


def _demo(index: int) -> tuple[DemoDocument, tuple[str, dt.date, str, str, str]]:
    """A demo body's document of one of the demo types, and the fields it should give."""
    name, parent, abbreviation, _unit = AGENCIES[index % len(AGENCIES)]
    type_name, type_abbreviation, summaries = TYPES[index % len(TYPES)]
    rng = random.Random(index)
    notation = f"{type_abbreviation}-{abbreviation}" if type_abbreviation else f"{abbreviation}-VP"
    code = f"{rng.randint(1, 400):02d}/{notation}"
    day = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
    summary = summaries[index % len(summaries)]
    doc = DemoDocument(
        issuing_parent=parent,
        issuing_agency=name,
        code=code,
        place="Hà Nội",
        date=day,
        type_name=type_name,
        summary=summary,
        body=BODY,
        signer_position="CHỦ TỊCH",
        signer_name="Nguyễn Mạnh Quyền",
        recipients=["Như trên;"],
    )
    return doc, (code, day, name, type_name, summary)


@pytest.mark.parametrize("index", range(len(AGENCIES)))
def test_text_layers_of_demo_documents(index: int) -> None:
    doc, expected = _demo(index)
    pdf = render_pdf(doc)
    for text in (text_layer(pdf) or "", extract(pdf).text):  # by lines, and one line a page
        got = suggest_fields(text)
        fields = (got.code, got.document_date, got.issuing_agency, got.doc_type_name, got.summary)
        assert fields == expected


def _close(got: str, expected: str) -> bool:
    """OCR may get a letter wrong; the suggestion is still worth showing."""
    return difflib.SequenceMatcher(None, got, expected).ratio() >= 0.9


@pytest.mark.parametrize("doc", [DECISION, LETTER, PLAN, INVITATION], ids=lambda d: d.code)
def test_scans_read_by_tesseract(doc: DemoDocument) -> None:
    needs_tesseract()
    got = suggest_fields(ocr_pdf(scan_of(render_pdf(doc))).text)
    number, notation = doc.code.split("/", 1)
    assert got.code_number == number
    assert _close(got.code_notation, notation)
    assert got.document_date == doc.date
    agency = " ".join(doc.issuing_agency.split()).replace("Ủy ban nhân dân", "UBND")
    assert _close(got.issuing_agency, agency)
    assert got.doc_type_name == doc.type_name
    assert _close(got.summary, doc.summary)


PIECES = [
    "Số:", "Số", "123", "/", "QĐ-UBND", "-", "UBND", "ngày", "tháng", "năm", "2026", "05", "3",
    "ỦY BAN NHÂN DÂN", "PHƯỜNG", "BẾN NGHÉ", "SỞ", "VÀ", "V/v", "QUYẾT ĐỊNH", "KẾ HOẠCH", "\n",
    "\n\n", " ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Căn cứ",
    "Về việc", ",", ".", ":", "Đ", "ð", "\u00a0", "\f", "ư", "\u0301", "東京", "مرحبا", "🙂",
]  # fmt: skip
_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _form_accepts(got: ScanSuggestions) -> None:
    assert got.code_number == "" or (got.code_number.isdigit() and len(got.code_number) <= 11)
    assert len(got.code_notation) <= 30
    assert " " not in got.code_notation
    assert len(got.issuing_agency) <= 200
    assert len(got.summary) <= 500
    assert got.document_date is None or 1945 <= got.document_date.year <= 2100
    assert got.doc_type == "" or got.doc_type_name


@_FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join))
def test_fuzz_header_like_text(text: str) -> None:
    _form_accepts(suggest_fields(text, known_agencies=["UBND phường Bến Nghé", ""]))


@_FUZZ
@given(st.text(max_size=3000))
def test_fuzz_any_text(text: str) -> None:
    _form_accepts(suggest_fields(text))


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1, max_size=50), st.integers(1000, 200_000))
def test_fuzz_huge_text(chunk: str, times: int) -> None:
    _form_accepts(suggest_fields("Số: 1/" + chunk * (times // len(chunk) + 1) + "\n" * 10_000))
