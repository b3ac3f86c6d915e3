"""The incoming register DOCX: cover, ten columns, repeated header rows, atomic writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from app.documents.register_docx import (
    IncomingRegisterRow,
    RegisterCover,
    column_headings,
    write_incoming_register,
)
from app.errors import StorageError

HEADINGS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]

COVER = RegisterCover(
    parent_name="Ủy ban nhân dân thành phố Hà Nội",
    organisation_name="Ủy ban nhân dân phường Ba Đình",
    year=2026,
    register_name="Sổ đăng ký văn bản đến",
)

ROWS = [
    IncomingRegisterRow(
        arrival_date=date(2026, 1, 2),
        arrival_number=1,
        issuing_agency="Sở Tài chính thành phố Hà Nội",
        code="15/STC-NS",
        document_date=date(2025, 12, 30),
        type_and_summary="Công văn về việc hướng dẫn quyết toán ngân sách năm 2025",
        recipients="Bộ phận Kế toán\nđ/c Nguyễn Thị Hoa",
        handed_over=date(2026, 1, 2),
        note="",
    ),
    IncomingRegisterRow(
        arrival_date=date(2026, 1, 5),
        arrival_number=2,
        issuing_agency="Ủy ban nhân dân thành phố Hà Nội",
        code="07/QĐ-UBND",
        document_date=date(2026, 1, 3),
        type_and_summary="Quyết định về việc giao chỉ tiêu phát triển kinh tế - xã hội năm 2026",
        recipients="Chủ tịch UBND phường",
        handed_over=None,
        note="Khẩn",
    ),
    IncomingRegisterRow(
        arrival_date=date(2026, 1, 15),
        arrival_number=3,
        issuing_agency="Công an thành phố Hà Nội",
        code="123/CAHN-PV01",
        document_date=None,
        type_and_summary="Thông báo lịch tiếp công dân tháng 01 năm 2026",
        recipients="Văn phòng",
        handed_over=date(2026, 1, 16),
        note="Bản\x00 sao",  # a stray control character is dropped, not fatal
    ),
]


def _write(tmp_path: Path, rows: list[IncomingRegisterRow] = ROWS) -> DocxDocument:
    path = tmp_path / "so-den-2026.docx"
    write_incoming_register(path, COVER, rows)
    return docx.Document(str(path))


def _cover_texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _mm(length: Length | None) -> float:
    """A docx length in mm, to 0.1 mm (the file stores twips)."""
    assert length is not None
    return float(round(length.mm, 1))


def test_cover_shows_names_title_year_range_and_volume(tmp_path: Path) -> None:
    document = _write(tmp_path)

    texts = _cover_texts(document)
    assert texts[:3] == [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    ]
    assert "Năm: 2026" in texts
    assert "Từ ngày 02/01/2026 đến ngày 15/01/2026" in texts
    assert "Từ số 1 đến số 3" in texts
    assert texts[-1] == "Quyển số: 1"
    organisation = next(p for p in document.paragraphs if p.text == texts[1])
    assert all(run.bold for run in organisation.runs)
    title = next(p for p in document.paragraphs if p.text == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN")
    assert title.runs[0].bold
    assert title.runs[0].font.size is not None
    assert title.runs[0].font.size >= Pt(20)


def test_cover_without_rows_leaves_the_ranges_blank(tmp_path: Path) -> None:
    document = _write(tmp_path, [])

    texts = _cover_texts(document)
    assert "Từ ngày … đến ngày …" in texts
    assert "Từ số … đến số …" in texts
    assert len(document.tables[0].rows) == 2


def test_cover_is_portrait_and_table_section_is_landscape_a4(tmp_path: Path) -> None:
    document = _write(tmp_path)

    cover, table = document.sections
    assert cover.orientation == WD_ORIENT.PORTRAIT
    assert (_mm(cover.page_width), _mm(cover.page_height)) == (210, 297)
    assert table.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(table.page_width), _mm(table.page_height)) == (297, 210)
    for section in document.sections:
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        assert [_mm(m) for m in (*margins, section.right_margin)] == [20, 20, 30, 15]
    # The table lives in the landscape section: it comes after the section break.
    body = list(document.element.body)
    break_index = next(
        i for i, el in enumerate(body) if el.find(f".//{qn('w:sectPr')}") is not None
    )
    assert body.index(document.tables[0]._tbl) > break_index


def test_table_has_the_ten_headings_in_order_and_a_numbers_row(tmp_path: Path) -> None:
    document = _write(tmp_path)

    table = document.tables[0]
    assert len(table.columns) == 10
    assert [cell.text for cell in table.rows[0].cells] == HEADINGS
    assert list(column_headings()) == HEADINGS
    assert [cell.text for cell in table.rows[1].cells] == [f"({n})" for n in range(1, 11)]


def test_header_rows_repeat_on_every_page_and_body_rows_do_not(tmp_path: Path) -> None:
    document = _write(tmp_path)

    rows = document.tables[0].rows
    for row in rows[:2]:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    for row in rows[2:]:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None


def test_rows_hold_the_values_with_vietnamese_dates_and_text(tmp_path: Path) -> None:
    document = _write(tmp_path)

    rows = document.tables[0].rows
    assert len(rows) == 2 + len(ROWS)
    assert [cell.text for cell in rows[2].cells] == [
        "02/01/2026",
        "1",
        "Sở Tài chính thành phố Hà Nội",
        "15/STC-NS",
        "30/12/2025",
        "Công văn về việc hướng dẫn quyết toán ngân sách năm 2025",
        "Bộ phận Kế toán\nđ/c Nguyễn Thị Hoa",
        "02/01/2026",
        "",
        "",
    ]
    second = [cell.text for cell in rows[3].cells]
    assert second[7] == ""  # not handed over yet
    assert second[9] == "Khẩn"
    third = [cell.text for cell in rows[4].cells]
    assert third[4] == ""  # undated document
    assert third[9] == "Bản sao"


def test_fonts_are_times_new_roman_12_pt_header_11_pt_body(tmp_path: Path) -> None:
    document = _write(tmp_path)

    rows = document.tables[0].rows
    header_run = rows[0].cells[0].paragraphs[0].runs[0]
    body_run = rows[2].cells[5].paragraphs[0].runs[0]
    assert header_run.font.size == Pt(12)
    assert header_run.bold
    assert body_run.font.size == Pt(11)
    for run in (header_run, body_run):
        fonts = run._r.rPr.rFonts
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == "Times New Roman"


def test_a_year_of_rows_is_written_quickly(tmp_path: Path) -> None:
    start = date(2026, 1, 2)
    rows = [
        IncomingRegisterRow(
            arrival_date=start + timedelta(days=n * 360 // 5000),
            arrival_number=n + 1,
            issuing_agency="Sở Nội vụ thành phố Hà Nội",
            code=f"{n + 1:02d}/SNV-CCVC",
            document_date=start,
            type_and_summary="Công văn về việc rà soát, thống kê đội ngũ cán bộ, công chức phường",
            recipients="Văn phòng HĐND và UBND phường",
            handed_over=None,
            note="",
        )
        for n in range(5000)
    ]
    path = tmp_path / "year.docx"

    began = time.perf_counter()
    write_incoming_register(path, COVER, rows)
    elapsed = time.perf_counter() - began

    assert elapsed < 10, f"5 000 rows took {elapsed:.1f} s"
    table = docx.Document(str(path)).tables[0]
    assert len(table.rows) == 5002
    assert table.rows[-1].cells[1].text == "5000"


def test_missing_folder_raises_storage_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "so.docx"

    with pytest.raises(StorageError) as caught:
        write_incoming_register(target, COVER, ROWS)

    assert "sổ đăng ký" in caught.value.message
    assert not target.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "so.docx"
    target.write_bytes(b"old register")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError):
        write_incoming_register(target, COVER, ROWS)

    assert target.read_bytes() == b"old register"
    assert [p.name for p in tmp_path.iterdir()] == ["so.docx"]


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "so.docx"
    target.write_bytes(b"old register")
    target.chmod(0o640)

    write_incoming_register(target, COVER, ROWS)

    assert target.stat().st_mode & 0o777 == 0o640
    assert docx.Document(str(target)).tables[0].rows[2].cells[1].text == "1"


def test_libreoffice_converts_the_register_to_pdf(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed; cannot check the DOCX renders")
    source = tmp_path / "so.docx"
    write_incoming_register(source, COVER, ROWS)
    profile = tmp_path / "lo-profile"

    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    pdf = tmp_path / "so.pdf"
    assert pdf.exists()
    assert pdf.read_bytes().startswith(b"%PDF")
