"""The outgoing register DOCX (Phụ lục IV mục I): cover, ten columns, atomic writes."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from app.documents.outgoing_register_docx import (
    OutgoingRegisterRow,
    column_headings,
    write_outgoing_register,
)
from app.documents.pdf_convert import docx_to_pdf, soffice_path
from app.errors import StorageError

HEADINGS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]

ROWS = [
    OutgoingRegisterRow(
        code="01/UBND-VP",
        document_date=date(2026, 1, 5),
        type_and_summary="Công văn V/v tăng cường công tác phòng cháy, chữa cháy",
        signer="Phạm Thị Lan",
        recipients="Các bộ phận chuyên môn\nTrưởng các tổ dân phố",
        archive_holder="Văn phòng",
        copies=12,
        sent_date=date(2026, 1, 5),
        note="",
    ),
    OutgoingRegisterRow(
        code="02/QĐ-UBND",
        document_date=date(2026, 1, 9),
        type_and_summary="Quyết định về việc ban hành Quy chế công tác văn thư, lưu trữ",
        signer="Trần Văn Nam",
        recipients="Như Điều 3",
        archive_holder="Văn phòng",
        copies=None,
        sent_date=None,
        note="Khẩn",
    ),
    OutgoingRegisterRow(
        code="15/KH-UBND",
        document_date=None,
        type_and_summary="Kế hoạch tổ chức Ngày hội Đại đoàn kết\x00",
        signer="Hoàng Minh Tuấn",
        recipients="Ban Công tác Mặt trận các tổ dân phố",
        archive_holder="VHXH",
        copies=5,
        sent_date=date(2026, 2, 2),
        note="",
    ),
]


def _write(
    tmp_path: Path, rows: list[OutgoingRegisterRow] = ROWS, **options: bool | int
) -> DocxDocument:
    path = tmp_path / "so-di-2026.docx"
    write_outgoing_register(
        path,
        organisation="Ủy ban nhân dân phường Gia Thụy",
        parent="Ủy ban nhân dân thành phố Hà Nội",
        year=2026,
        rows=rows,
        **options,  # type: ignore[arg-type]  # confidential / volume
    )
    return docx.Document(str(path))


def _cover_texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _mm(length: Length | None) -> float:
    assert length is not None
    return float(round(length.mm, 1))


def test_cover_shows_names_title_year_ranges_and_volume(tmp_path: Path) -> None:
    document = _write(tmp_path, volume=2)

    texts = _cover_texts(document)
    assert texts == [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "Năm: 2026",
        "Từ ngày 05/01/2026 đến ngày 09/01/2026",
        "Từ số 01 đến số 15",
        "Quyển số: 2",
    ]
    title = next(p for p in document.paragraphs if p.text == "SỔ ĐĂNG KÝ VĂN BẢN ĐI")
    assert title.runs[0].bold
    assert title.runs[0].font.size is not None
    assert title.runs[0].font.size >= Pt(20)


def test_confidential_register_says_so(tmp_path: Path) -> None:
    texts = _cover_texts(_write(tmp_path, confidential=True))

    assert texts[2:4] == ["SỔ ĐĂNG KÝ VĂN BẢN ĐI", "(Văn bản mật)"]


def test_empty_register_leaves_the_ranges_blank(tmp_path: Path) -> None:
    document = _write(tmp_path, [])

    texts = _cover_texts(document)
    assert "Từ ngày … đến ngày …" in texts
    assert "Từ số … đến số …" in texts
    assert "Quyển số: 1" in texts
    assert len(document.tables[0].rows) == 2


def test_portrait_cover_then_landscape_a4_table_with_nd30_margins(tmp_path: Path) -> None:
    document = _write(tmp_path)

    cover, table = document.sections
    assert cover.orientation == WD_ORIENT.PORTRAIT
    assert (_mm(cover.page_width), _mm(cover.page_height)) == (210, 297)
    assert table.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(table.page_width), _mm(table.page_height)) == (297, 210)
    for section in document.sections:
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        assert [_mm(m) for m in (*margins, section.right_margin)] == [20, 20, 30, 15]
    grid = document.tables[0]._tbl.tblGrid
    widths = [round(int(col.get(qn("w:w"))) * 25.4 / 1440) for col in grid.iter(qn("w:gridCol"))]
    assert sum(widths) == 297 - 30 - 15


def test_ten_headings_numbers_row_repeated_on_every_page(tmp_path: Path) -> None:
    document = _write(tmp_path)

    rows = document.tables[0].rows
    assert list(column_headings()) == HEADINGS
    assert [cell.text for cell in rows[0].cells] == HEADINGS
    assert [cell.text for cell in rows[1].cells] == [f"({n})" for n in range(1, 11)]
    for row in rows[:2]:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    for row in rows[2:]:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None


def test_rows_hold_the_values(tmp_path: Path) -> None:
    document = _write(tmp_path)

    rows = document.tables[0].rows
    assert len(rows) == 2 + len(ROWS)
    assert [cell.text for cell in rows[2].cells] == [
        "01/UBND-VP",
        "05/01/2026",
        "Công văn V/v tăng cường công tác phòng cháy, chữa cháy",
        "Phạm Thị Lan",
        "Các bộ phận chuyên môn\nTrưởng các tổ dân phố",
        "Văn phòng",
        "12",
        "05/01/2026",
        "",
        "",
    ]
    second = [cell.text for cell in rows[3].cells]
    assert (second[6], second[7], second[9]) == ("", "", "Khẩn")  # unknown copies, not sent
    third = [cell.text for cell in rows[4].cells]
    assert third[1] == ""  # undated
    assert third[2] == "Kế hoạch tổ chức Ngày hội Đại đoàn kết"  # control character dropped


def test_fonts_are_times_new_roman_12_pt_header_11_pt_body(tmp_path: Path) -> None:
    rows = _write(tmp_path).tables[0].rows

    header_run = rows[0].cells[0].paragraphs[0].runs[0]
    body_run = rows[2].cells[2].paragraphs[0].runs[0]
    assert (header_run.font.size, header_run.bold) == (Pt(12), True)
    assert body_run.font.size == Pt(11)
    for run in (header_run, body_run):
        fonts = run._r.rPr.rFonts
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == "Times New Roman"


def test_missing_folder_raises_storage_error_naming_the_register(tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "so-di.docx"

    with pytest.raises(StorageError) as caught:
        write_outgoing_register(target, organisation="UBND", parent="", year=2026, rows=ROWS)

    assert "sổ đăng ký văn bản đi" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "so-di.docx"
    target.write_bytes(b"old register")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError):
        write_outgoing_register(target, organisation="UBND", parent="", year=2026, rows=ROWS)

    assert target.read_bytes() == b"old register"
    assert [p.name for p in tmp_path.iterdir()] == ["so-di.docx"]


def test_without_a_parent_the_cover_starts_with_the_organisation(tmp_path: Path) -> None:
    path = tmp_path / "so.docx"
    write_outgoing_register(
        path, organisation="UBND phường Gia Thụy", parent="", year=2027, rows=[]
    )

    texts = _cover_texts(docx.Document(str(path)))
    assert texts[:3] == ["UBND PHƯỜNG GIA THỤY", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: 2027"]


def test_libreoffice_renders_a_portrait_cover_and_landscape_table(tmp_path: Path) -> None:
    if soffice_path() is None:
        message = "LibreOffice (soffice) is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "so-di.docx"
    write_outgoing_register(path, organisation="UBND", parent="", year=2026, rows=ROWS)

    pdf = pdfium.PdfDocument(docx_to_pdf(path.read_bytes()))
    try:
        sizes = [page.get_size() for page in pdf]
        table_text = pdf[1].get_textpage().get_text_range()
    finally:
        pdf.close()

    assert sizes[0] == pytest.approx((595.3, 841.9), abs=1)
    assert sizes[1] == pytest.approx((841.9, 595.3), abs=1)
    assert "(10)" in table_text
    assert "05/01/2026" in table_text  # a date fits its column on one line
