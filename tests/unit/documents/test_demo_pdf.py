"""Demo PDFs: an ND30-shaped Vietnamese document whose text layer keeps every diacritic."""

from __future__ import annotations

import dataclasses
from datetime import date

import pypdfium2 as pdfium
import pytest

from app.documents.demo_pdf import DemoDocument, nd30_date_line, render_pdf
from app.documents.fonts import STYLES, font_path

SUMMARY = "Về việc tổ chức Tết Trồng cây đời đời nhớ ơn Bác Hồ"

DOC = DemoDocument(
    issuing_parent="Ủy ban nhân dân thành phố Hà Nội",
    issuing_agency="Ủy ban nhân dân phường Ba Đình",
    code="123/TB-UBND",
    place="Ba Đình",
    date=date(2026, 3, 5),
    type_name="Thông báo",
    summary=SUMMARY,
    body=[
        "Thực hiện Kế hoạch số 15/KH-UBND ngày 20 tháng 02 năm 2026 của Ủy ban nhân dân thành "
        "phố về phát động Tết trồng cây năm 2026, Ủy ban nhân dân phường thông báo như sau:",
        "1. Thời gian: 07 giờ 30 phút, thứ Bảy ngày 14 tháng 3 năm 2026. Địa điểm: vườn hoa "
        "Hàng Đậu, phường Ba Đình.",
        "2. Thành phần: lãnh đạo Đảng ủy, Hội đồng nhân dân, Ủy ban nhân dân phường; công chức, "
        "người lao động và đoàn viên thanh niên các tổ dân phố.",
        "Đề nghị các bộ phận, đơn vị liên quan phối hợp thực hiện./.",
    ],
    signer_position="TM. Ủy ban nhân dân\nChủ tịch",
    signer_name="Nguyễn Văn Hùng",
    recipients=["Thường trực Đảng ủy phường", "Các tổ dân phố", "Lưu: VT, VP"],
)


def _pages_text(data: bytes) -> list[str]:
    """The text layer of each page, whitespace collapsed so wrapped lines read as one."""
    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(" ".join(textpage.get_text_range().split()))
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def test_shipped_fonts_exist_with_their_licence() -> None:
    for style in STYLES:
        path = font_path(style)
        assert path.is_file(), path
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType
    assert (font_path().parent / "LICENSE-Liberation.txt").is_file()
    with pytest.raises(ValueError, match="unknown font style"):
        font_path("condensed")


def test_renders_one_or_two_pages_with_quoc_hieu_and_summary_intact() -> None:
    data = render_pdf(DOC)

    assert data.startswith(b"%PDF")
    pages = _pages_text(data)
    assert 1 <= len(pages) <= 2
    first = pages[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert SUMMARY in first
    assert "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH" in first
    assert "Số: 123/TB-UBND" in first
    assert "Ba Đình, ngày 05 tháng 3 năm 2026" in first
    assert "THÔNG BÁO" in first
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in first
    assert "Nguyễn Văn Hùng" in first
    assert "Nơi nhận: - Thường trực Đảng ủy phường; - Các tổ dân phố; - Lưu: VT, VP." in first


def test_output_is_deterministic() -> None:
    assert render_pdf(DOC) == render_pdf(DOC)


def test_official_letter_uses_vv_and_kinh_gui() -> None:
    letter = dataclasses.replace(
        DOC,
        type_name="Công văn",
        code="45/UBND-VP",
        summary="triển khai tổng vệ sinh môi trường",
        recipients=["Các tổ dân phố", "Công an phường"],
    )

    text = _pages_text(render_pdf(letter))[0]

    assert "V/v triển khai tổng vệ sinh môi trường" in text
    assert "Kính gửi: - Các tổ dân phố; - Công an phường." in text
    assert "CÔNG VĂN" not in text
    assert "- Lưu: VT." in text  # added when the list has no archive line


def test_long_body_flows_to_a_numbered_second_page() -> None:
    long_doc = dataclasses.replace(DOC, body=list(DOC.body) * 4)

    pages = _pages_text(render_pdf(long_doc))

    assert len(pages) == 2
    assert pages[1].split()[0] == "2"  # page number at the top of page 2
    assert pages[0].split()[0] != "1"  # none on page 1
    assert "Nguyễn Văn Hùng" in pages[1]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2026"),
        (date(2026, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_date_line_follows_nd30_leading_zero_rule(day: date, expected: str) -> None:
    assert nd30_date_line("Hà Nội", day) == expected


def test_cong_van_subject_line_has_v_v_once() -> None:
    import dataclasses

    import pypdfium2 as pdfium

    from app.documents.demo_pdf import DemoDocument, render_pdf

    doc = DemoDocument(
        "",
        "UBND thành phố Hà Nội",
        "12/UBND-VP",
        "Hà Nội",
        date(2026, 11, 2),
        "Công văn",
        "V/v rà soát hộ nghèo",
        ["Nội dung."],
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        ["Lưu: VT."],
    )
    for variant in (doc, dataclasses.replace(doc, summary="rà soát hộ nghèo")):
        pdf = pdfium.PdfDocument(render_pdf(variant))
        text = pdf[0].get_textpage().get_text_range()
        pdf.close()
        assert "V/v rà soát hộ nghèo" in text
        assert "V/v V/v" not in text
