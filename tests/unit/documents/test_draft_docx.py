"""New drafts laid out to ND30 Phụ lục I: the DOCX itself, then the PDF LibreOffice makes of it."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import docx
import pypdfium2 as pdfium
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from app.documents.doc_types import DocType, TemplateKind, doc_type, notation
from app.documents.draft_docx import (
    DraftSpec,
    build_draft_docx,
    date_line,
    number_line,
    sample_body,
)
from app.documents.pdf_convert import docx_to_pdf, soffice_path
from app.errors import ValidationError

ORG = "Ủy ban nhân dân phường Gia Thụy"
KINDS = ["cong_van", "quyet_dinh", "to_trinh", "bao_cao", "ke_hoach", "thong_bao", "giay_moi"]
SUMMARIES = {
    "cong_van": "Tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô",
    "quyet_dinh": "Về việc ban hành Quy chế công tác văn thư, lưu trữ",
    "to_trinh": "Về việc đề nghị phê duyệt kinh phí chỉnh trang đô thị",
    "bao_cao": "Tình hình kinh tế - xã hội 10 tháng năm 2026",
    "ke_hoach": "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026",
    "thong_bao": "Lịch tiếp công dân định kỳ tháng 12 năm 2026",
    "giay_moi": "Dự Hội nghị sơ kết công tác cải cách hành chính",
}
ADDRESSEES = {
    "cong_van": ("Các bộ phận chuyên môn", "Trưởng các tổ dân phố"),
    "to_trinh": ("Ủy ban nhân dân thành phố Hà Nội",),
    "bao_cao": ("Ủy ban nhân dân thành phố Hà Nội",),
}
SIGNERS = {  # authority line, position, name
    "cong_van": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Thị Lan"),
    "bao_cao": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Nam"),
    "ke_hoach": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Minh Tuấn"),
}
DEFAULT_SIGNER = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Nam")


def make_spec(code: str, **changes: object) -> DraftSpec:
    dt = doc_type(code)
    authority, position, name = SIGNERS.get(code, DEFAULT_SIGNER)
    body = sample_body(dt, org_name=ORG)
    if code == "ke_hoach":
        body = body * 3  # long enough for a second page
    spec = DraftSpec(
        doc_type=dt,
        parent_org="Ủy ban nhân dân thành phố Hà Nội" if code == "quyet_dinh" else "",
        org_name=ORG,
        notation=notation(dt, "UBND", "VP"),
        place="Gia Thụy",
        year=2026,
        summary=SUMMARIES[code],
        body=body,
        addressees=ADDRESSEES.get(code, ()),
        recipients=("Như trên", "Thường trực Đảng ủy phường", "Chủ tịch, các PCT UBND phường"),
        drafting_unit_abbreviation="VP",
        signer_authority=authority,
        signer_position=position,
        signer_name=name,
    )
    return dataclasses.replace(spec, **changes)  # type: ignore[arg-type]  # test overrides


def reopen(spec: DraftSpec) -> DocxDocument:
    return docx.Document(io.BytesIO(build_draft_docx(spec)))


def texts(cell: object) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]  # type: ignore[attr-defined]


def mm(length: Length | None) -> float:
    assert length is not None
    return float(round(length.mm, 1))


def body_paragraphs(document: DocxDocument) -> list[object]:
    """The justified paragraphs of ô 6 (outside the header and signature tables)."""
    return [p for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]


# --- the DOCX ------------------------------------------------------------------------------


def test_number_and_date_lines_keep_blank_room_for_the_signing_code() -> None:
    assert re.fullmatch(r"Số: {6,}/QĐ-UBND", number_line("QĐ-UBND"))
    assert re.fullmatch(r"Gia Thụy, ngày {6,}tháng {6,}năm 2026", date_line("Gia Thụy", 2026))


@pytest.mark.parametrize("code", KINDS)
def test_page_is_a4_portrait_with_nd30_margins_and_times_new_roman(code: str) -> None:
    document = reopen(make_spec(code))

    (section,) = document.sections
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin)
    assert [mm(m) for m in (*margins, section.right_margin)] == [20, 20, 30, 15]
    fonts = document.styles.element.find(f".//{qn('w:rPrDefault')}//{qn('w:rFonts')}")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    xml = document.element.xml
    assert "Arial" not in xml
    assert "Calibri" not in xml


@pytest.mark.parametrize("code", KINDS)
def test_header_has_agency_national_motto_number_and_date(code: str) -> None:
    spec = make_spec(code)
    document = reopen(spec)

    header = document.tables[0]
    names, national = header.cell(0, 0), header.cell(0, 1)
    number, dated = header.cell(1, 0), header.cell(1, 1)
    expected_names = ["ỦY BAN NHÂN DÂN", "PHƯỜNG GIA THỤY"]  # balanced over two lines
    if spec.parent_org:
        expected_names = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", *expected_names]
    assert texts(names) == expected_names
    org_runs = [r for p in names.paragraphs[-3:-1] for r in p.runs]
    assert all(r.bold and r.font.size == Pt(13) for r in org_runs)
    if spec.parent_org:
        assert not names.paragraphs[0].runs[0].bold
    assert texts(national) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(p.runs[0].bold for p in national.paragraphs if p.text)

    number_paragraph = number.paragraphs[0]
    assert number_paragraph.text == number_line(spec.notation)
    assert number_paragraph.runs[0].font.size == Pt(13)
    assert number_paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    date_run = dated.paragraphs[0].runs[0]
    assert dated.paragraphs[0].text == "Gia Thụy, ngày        tháng        năm 2026"
    assert date_run.italic
    assert date_run.font.size == Pt(14)
    # The blanks survive a save: every w:t keeps its spaces.
    for t in number_paragraph._p.iter(qn("w:t")):
        assert t.get(qn("xml:space")) == "preserve"


def test_header_table_is_borderless() -> None:
    document = reopen(make_spec("quyet_dinh"))

    for table in document.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_cong_van_has_vv_under_the_number_and_no_title() -> None:
    document = reopen(make_spec("cong_van"))

    number = document.tables[0].cell(1, 0)
    assert number.paragraphs[0].text == "Số:        /UBND-VP"
    vv = number.paragraphs[1]
    assert vv.text == "V/v Tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô"
    assert vv.runs[0].font.size == Pt(12)
    assert vv.paragraph_format.space_before == Pt(6)
    assert not any(p.text == "CÔNG VĂN" for p in document.paragraphs)


def test_vv_prefix_is_not_doubled() -> None:
    document = reopen(make_spec("cong_van", summary="V/v rà soát hộ nghèo"))

    assert document.tables[0].cell(1, 0).paragraphs[1].text == "V/v rà soát hộ nghèo"


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("quyet_dinh", "QUYẾT ĐỊNH"),
        ("to_trinh", "TỜ TRÌNH"),
        ("bao_cao", "BÁO CÁO"),
        ("ke_hoach", "KẾ HOẠCH"),
        ("thong_bao", "THÔNG BÁO"),
        ("giay_moi", "GIẤY MỜI"),
    ],
)
def test_named_types_have_bold_centred_type_name_and_summary(code: str, title: str) -> None:
    document = reopen(make_spec(code))

    paragraphs = [p for p in document.paragraphs if p.text]
    index = next(i for i, p in enumerate(paragraphs) if p.text == title)
    summary = paragraphs[index + 1]
    assert summary.text == SUMMARIES[code]
    for paragraph in (paragraphs[index], summary):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraph.runs[0].bold
        assert paragraph.runs[0].font.size == Pt(14)
    assert "V/v" not in document.tables[0].cell(1, 0).paragraphs[-1].text


def test_kinh_gui_single_and_several() -> None:
    one = reopen(make_spec("to_trinh"))
    several = reopen(make_spec("cong_van"))

    assert "Kính gửi: Ủy ban nhân dân thành phố Hà Nội." in [p.text for p in one.paragraphs]
    lines = [p.text for p in several.paragraphs if p.text.startswith(("Kính gửi", "- "))]
    assert lines == ["Kính gửi:\t- Các bộ phận chuyên môn;", "- Trưởng các tổ dân phố."]


def test_body_is_justified_14pt_with_indent_spacing_and_line_height() -> None:
    document = reopen(make_spec("cong_van"))

    body = body_paragraphs(document)
    assert [p.text for p in body] == list(sample_body(doc_type("cong_van"), org_name=ORG))
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.first_line_indent == Cm(1.27)
        assert fmt.space_after is not None
        assert fmt.space_after >= Pt(6)
        assert fmt.line_spacing == pytest.approx(1.15)
        assert all(run.font.size in (None, Pt(14)) for run in paragraph.runs)
    defaults = document.styles.element.find(f".//{qn('w:rPrDefault')}//{qn('w:sz')}")
    assert defaults.get(qn("w:val")) == "28"  # 14 pt where a run sets no size


def test_quyet_dinh_can_cu_italic_articles_bold_decision_line_centred() -> None:
    document = reopen(make_spec("quyet_dinh"))

    paragraphs = [p for p in document.paragraphs if p.text]
    can_cu = [p for p in paragraphs if p.text.startswith("Căn cứ")]
    assert len(can_cu) == 3
    assert all(run.italic for p in can_cu for run in p.runs)
    proposal = next(p for p in paragraphs if p.text.startswith("Theo đề nghị"))
    assert proposal.runs[0].italic
    decision = next(p for p in paragraphs if p.text == "QUYẾT ĐỊNH:")
    assert decision.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert decision.runs[0].bold
    authority = next(p for p in paragraphs if p.text == "ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY")
    assert authority.runs[0].bold
    articles = [p for p in paragraphs if p.text.startswith("Điều ")]
    assert [p.runs[0].text for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert all(p.runs[0].bold and not p.runs[1].bold for p in articles)
    assert all(not p.runs[1].italic for p in articles)


def test_signature_block_recipients_authority_room_and_name() -> None:
    document = reopen(make_spec("cong_van"))

    block = document.tables[-1]
    left, right = block.cell(0, 0), block.cell(0, 1)
    assert texts(left) == [
        "Nơi nhận:",
        "- Như trên;",
        "- Thường trực Đảng ủy phường;",
        "- Chủ tịch, các PCT UBND phường;",
        "- Lưu: VT, VP.",
    ]
    heading = left.paragraphs[0].runs[0]
    assert (heading.bold, heading.italic, heading.font.size) == (True, True, Pt(12))
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])

    authority, position, room, name = right.paragraphs
    assert (authority.text, position.text, room.text, name.text) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        "Phạm Thị Lan",
    )
    for paragraph in (authority, position, name):
        assert paragraph.runs[0].bold
        assert paragraph.runs[0].font.size == Pt(14)
    assert room.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert mm(room.paragraph_format.line_spacing) == 28


def test_page_number_in_the_top_margin_from_page_two_only() -> None:
    document = reopen(make_spec("ke_hoach"))

    (section,) = document.sections
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert section.first_page_header.paragraphs[0].text == ""
    instr = [t.text for t in section.header._element.iter(qn("w:instrText"))]
    assert instr == [" PAGE "]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize(
    ("confidentiality", "urgency", "marks"),
    [
        ("normal", "normal", []),
        ("confidential", "urgent", ["MẬT", "KHẨN"]),
        ("secret", "very_urgent", ["TỐI MẬT", "THƯỢNG KHẨN"]),
        ("top_secret", "flash", ["TUYỆT MẬT", "HỎA TỐC"]),
    ],
)
def test_confidentiality_and_urgency_marks_in_a_frame(
    confidentiality: str, urgency: str, marks: list[str]
) -> None:
    spec = make_spec("quyet_dinh", confidentiality=confidentiality, urgency=urgency)
    number = reopen(spec).tables[0].cell(1, 0)

    framed = [p for p in number.paragraphs if p._p.find(f".//{qn('w:pBdr')}") is not None]
    assert [p.text for p in framed] == marks
    for paragraph in framed:
        assert paragraph.runs[0].bold
        sides = paragraph._p.find(f".//{qn('w:pBdr')}")
        assert {edge.get(qn("w:val")) for edge in sides} == {"single"}
        assert len(sides) == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", "x" * 501),
        ("org_name", "Ủ" * 201),
        ("notation", "QĐ-" + "A" * 40),
        ("signer_name", "Nguyễn " * 10),
        ("place", "P" * 101),
    ],
)
def test_over_long_fields_raise_a_vietnamese_validation_error(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build_draft_docx(make_spec("quyet_dinh", **{field: value}))

    assert caught.value.field == field
    assert "dài quá" in caught.value.message


def test_too_many_lines_and_bad_choices_are_refused() -> None:
    with pytest.raises(ValidationError) as many:
        build_draft_docx(make_spec("cong_van", recipients=("Sở Nội vụ",) * 61))
    with pytest.raises(ValidationError) as urgency:
        build_draft_docx(make_spec("cong_van", urgency="soon"))
    with pytest.raises(ValidationError) as empty:
        build_draft_docx(make_spec("cong_van", notation="  "))

    assert (many.value.field, urgency.value.field, empty.value.field) == (
        "recipients",
        "urgency",
        "notation",
    )
    assert "Nơi nhận" in many.value.message


def test_control_characters_are_dropped() -> None:
    spec = make_spec(
        "thong_bao", summary="Lịch\x00 tiếp\x0b công dân", body=("Nội dung\x1f thông báo.",)
    )

    document = reopen(spec)

    texts_all = [p.text for p in document.paragraphs]
    assert "Lịch tiếp công dân" in texts_all
    assert "Nội dung thông báo." in texts_all


def test_an_explicit_line_break_in_the_agency_name_is_kept() -> None:
    document = reopen(make_spec("bao_cao", org_name="UBND PHƯỜNG\nGIA THỤY"))

    assert texts(document.tables[0].cell(0, 0)) == ["UBND PHƯỜNG", "GIA THỤY"]


@pytest.mark.parametrize("dt", [doc_type(code) for code in KINDS] + [doc_type("nghi_quyet")])
def test_sample_bodies_follow_their_model(dt: DocType) -> None:
    body = sample_body(dt, org_name=ORG)

    assert len(body) >= 3
    assert body[-1].endswith("./.")
    assert all(text == unicodedata.normalize("NFC", text) for text in body)
    if dt.template is TemplateKind.QUYET_DINH:
        assert body[0] == ORG.upper()
        assert ("QUYẾT NGHỊ:" if dt.code == "nghi_quyet" else "QUYẾT ĐỊNH:") in body
        assert [t[:7] for t in body if t.startswith("Điều")] == ["Điều 1.", "Điều 2.", "Điều 3."]
    if dt.template is TemplateKind.GIAY_MOI:
        assert body[0].startswith(f"{ORG} trân trọng kính mời:")
        assert any(t.startswith("Thời gian:") for t in body)
        assert any(t.startswith("Địa điểm:") for t in body)
    assert all("CV" not in text for text in body)


def test_sample_body_without_an_organisation_name() -> None:
    body = sample_body(doc_type("quyet_dinh"))

    assert body[0].startswith("Căn cứ")  # no authority line invented
    assert "Ủy ban nhân dân phường" in sample_body(doc_type("giay_moi"))[0]


# --- the PDF (LibreOffice) -----------------------------------------------------------------

A4_PT = (595.28, 841.89)
PT_PER_MM = 72 / 25.4
SIGNER_COLUMN_PT = (30 + 80) * PT_PER_MM  # left edge of the signature block's column


@dataclass(frozen=True)
class Line:
    """One text line of a PDF page and the boxes (left, bottom, right, top) of its glyphs."""

    text: str
    chars: tuple[tuple[str, tuple[float, float, float, float]], ...]

    @property
    def top(self) -> float:
        return max(box[3] for _ch, box in self.chars)

    @property
    def bottom(self) -> float:
        return min(box[1] for _ch, box in self.chars)

    @property
    def glyphs(self) -> str:
        """The printed characters, without spaces."""
        return "".join(ch for ch, _box in self.chars)

    def box_of(self, needle: str) -> tuple[float, float]:
        """(left, right) of the first occurrence of `needle` (spaces ignored)."""
        start = self.glyphs.index(needle.replace(" ", ""))
        boxes = [box for _ch, box in self.chars[start : start + len(needle.replace(" ", ""))]]
        return boxes[0][0], boxes[-1][2]


def pdf_lines(pdf: bytes) -> list[list[Line]]:
    """Every page's lines, in reading order, as pdfium extracts them."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            lines: list[Line] = []
            text: list[str] = []
            chars: list[tuple[str, tuple[float, float, float, float]]] = []
            for index in range(textpage.count_chars()):
                ch = textpage.get_text_range(index, 1)
                if ch in "\r\n":
                    if chars:
                        lines.append(
                            Line(unicodedata.normalize("NFC", "".join(text)), tuple(chars))
                        )
                    text, chars = [], []
                    continue
                text.append(ch)
                if not ch.isspace():
                    chars.append((ch, textpage.get_charbox(index)))
            if chars:
                lines.append(Line(unicodedata.normalize("NFC", "".join(text)), tuple(chars)))
            pages.append(lines)
        return pages
    finally:
        document.close()


def need_soffice() -> None:
    """Skip locally, fail under CI, when LibreOffice is not installed (as signing tests do)."""
    if soffice_path() is None:
        message = "LibreOffice (soffice) is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def converted() -> dict[str, tuple[DraftSpec, bytes]]:
    """The seven drafts converted once, in parallel (each conversion has its own profile)."""
    need_soffice()
    specs = {code: make_spec(code) for code in KINDS}
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = dict(
            zip(
                specs,
                pool.map(lambda s: docx_to_pdf(build_draft_docx(s)), specs.values()),
                strict=True,
            )
        )
    return {code: (specs[code], pdfs[code]) for code in KINDS}


@pytest.mark.parametrize("code", KINDS)
def test_pdf_page_one_header_number_and_date(
    converted: dict[str, tuple[DraftSpec, bytes]], code: str
) -> None:
    spec, pdf = converted[code]
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    document.close()
    assert (width, height) == pytest.approx(A4_PT, abs=1)

    first = pdf_lines(pdf)[0]
    assert any(line.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for line in first)
    # pdfium may join ô 3 and ô 4 into one line when they share a baseline.
    number = next(line for line in first if f"Số:/{spec.notation}" in line.glyphs)
    colon_right = number.box_of("Số:")[1]
    slash_left = number.box_of("/" + spec.notation)[0]
    assert slash_left - colon_right >= 20  # blank room for the số (8 spaces of 13 pt ≈ 26 pt)

    with_ngay = [line for line in first if "ngày" in line.text.casefold()]
    dated = max(with_ngay, key=lambda line: line.top)  # the topmost "ngày" on page 1
    assert "GiaThụy,ngàythángnăm2026" in dated.glyphs
    assert dated.box_of("tháng")[0] - dated.box_of("ngày")[1] >= 20
    assert dated.box_of("năm")[0] - dated.box_of("tháng")[1] >= 20
    assert abs(dated.bottom - number.bottom) < 8  # ô 3 and ô 4 on the same level
    # Any other "ngày" on page 1 is further down, in the body (a "Căn cứ" line, a time).
    assert all(line.top < number.bottom for line in with_ngay if line is not dated)


@pytest.mark.parametrize("code", KINDS)
def test_pdf_signature_block_has_room_between_position_and_name(
    converted: dict[str, tuple[DraftSpec, bytes]], code: str
) -> None:
    spec, pdf = converted[code]
    pages = pdf_lines(pdf)
    last = pages[-1]

    position = next(line for line in last if line.text == spec.signer_position)
    name = next(line for line in last if line.text == spec.signer_name)
    assert position.bottom - name.top >= 60
    between = [
        line
        for line in last
        if line.top < position.bottom
        and line.bottom > name.top
        and line.chars[-1][1][2] > SIGNER_COLUMN_PT
    ]
    assert between == []  # nothing printed in the signer's column between them
    if code == "ke_hoach":
        assert len(pages) >= 2


@pytest.mark.parametrize("code", KINDS)
def test_pdf_text_stays_within_the_margins(
    converted: dict[str, tuple[DraftSpec, bytes]], code: str
) -> None:
    _spec, pdf = converted[code]

    for number, page in enumerate(pdf_lines(pdf), start=1):
        for line in page:
            if line.text == str(number):
                continue  # the page number sits in the top margin
            left = min(box[0] for _ch, box in line.chars)
            right = max(box[2] for _ch, box in line.chars)
            # 1 pt of slack: a glyph's ink may overhang its pen position (the "p" of "phủ").
            assert left >= 30 * PT_PER_MM - 1, line.text
            assert right <= (210 - 15) * PT_PER_MM + 1, line.text
            assert line.top <= (297 - 20) * PT_PER_MM + 1, line.text
            assert line.bottom >= 20 * PT_PER_MM - 1, line.text


def test_pdf_page_numbers_from_page_two(converted: dict[str, tuple[DraftSpec, bytes]]) -> None:
    _spec, pdf = converted["ke_hoach"]
    pages = pdf_lines(pdf)

    assert len(pages) >= 2
    assert all(line.text != "1" for line in pages[0])
    page_number = next(line for line in pages[1] if line.text == "2")
    assert page_number.bottom > (297 - 20) * PT_PER_MM  # in the top margin
    left, right = page_number.box_of("2")
    assert (left + right) / 2 == pytest.approx(A4_PT[0] / 2 + 7.5 * PT_PER_MM, abs=5)
