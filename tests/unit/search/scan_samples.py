"""Scans for the OCR tests: ND30 documents rendered by demo_pdf, rasterised like a scanner
would (greyscale pixels only, no text layer) and saved as an image-only PDF with Pillow."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.search.ocr import tesseract_available
from app.services.demo import BODY

SCAN_DPI = 150  # a fast test: Tesseract reads these at 300 dpi well


def needs_tesseract() -> None:
    """Fail with what to install when Tesseract with its Vietnamese data is missing (the test
    command's setup, scripts/setup-debian.sh, installs it)."""
    if not tesseract_available():
        pytest.fail("Tesseract (tesseract-ocr, tesseract-ocr-vie) is not installed")


def scan_of(pdf: bytes, *, dpi: int = SCAN_DPI, pages: int = 1, turn: int = 0) -> bytes:
    """The first `pages` pages of `pdf` as a scanner gives them: one greyscale image a page,
    turned `turn` degrees anticlockwise (a sheet fed sideways or upside down)."""
    doc = pdfium.PdfDocument(pdf)
    images = [
        doc[i % len(doc)]
        .render(scale=dpi / 72, grayscale=True)
        .to_pil()
        .convert("L")
        .rotate(turn, expand=True)
        for i in range(pages)
    ]
    doc.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


DECISION = DemoDocument(
    issuing_parent="UBND THÀNH PHỐ HÀ NỘI",
    issuing_agency="Sở Nội vụ thành phố Hà Nội",
    code="123/QĐ-SNV",
    place="Hà Nội",
    date=dt.date(2026, 3, 5),
    type_name="Quyết định",
    summary="Về việc thành lập Tổ công tác chuyển đổi số cấp phường",
    body=BODY,
    signer_position="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Lê Hồng Sơn",
    recipients=["Như trên;", "Lưu: VT."],
)
LETTER = DemoDocument(
    issuing_parent="",
    issuing_agency="Ủy ban nhân dân\nphường Bến Nghé",
    code="45/UBND-VP",
    place="Thành phố Hồ Chí Minh",
    date=dt.date(2026, 1, 9),
    type_name="Công văn",
    summary="V/v rà soát hộ nghèo, hộ cận nghèo và triển khai dịch vụ công trực tuyến",
    body=BODY,
    signer_position="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    signer_name="Trần Văn Nam",
    recipients=["UBND các phường;", "Công an phường;", "Lưu: VT."],
)
PLAN = DemoDocument(
    issuing_parent="UBND THÀNH PHỐ HÀ NỘI",
    issuing_agency="Sở Văn hóa và Thể thao thành phố Hà Nội",
    code="07/KH-SVHTT",
    place="Hà Nội",
    date=dt.date(2026, 11, 2),
    type_name="Kế hoạch",
    summary="Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026",
    body=BODY,
    signer_position="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Phạm Quang Thanh",
    recipients=["Như trên;"],
)
INVITATION = DemoDocument(
    issuing_parent="BẢO HIỂM XÃ HỘI VIỆT NAM",
    issuing_agency="Bảo hiểm xã hội thành phố Hà Nội",
    code="18/GM-BHXH",
    place="Hà Nội",
    date=dt.date(2026, 10, 27),
    type_name="Giấy mời",
    summary="Dự Hội nghị tổng kết công tác cải cách hành chính năm 2026",
    body=BODY,
    signer_position="GIÁM ĐỐC",
    signer_name="Vũ Đức Bảo",
    recipients=["Như trên;"],
)


def decision_scan() -> bytes:
    """The quyết định above, scanned."""
    return scan_of(render_pdf(DECISION))
