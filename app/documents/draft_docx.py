"""A new outgoing draft as a DOCX file laid out to ND30 Phụ lục I (thể thức, kỹ thuật trình bày).

Page 1 starts with a borderless header table: agency names and "Số:" on the left, the Quốc hiệu,
Tiêu ngữ and the place and date on the right. Then the title (tên loại and trích yếu, or the
"V/v" line of a công văn under the số), "Kính gửi:", the body, and a borderless table with
"Nơi nhận:" on the left and the signature block on the right.

Contract with the signing code, which finds positions in the converted PDF: the number line
reads `number_line(notation)` ("Số:" + 8 spaces + "/QĐ-UBND"), the date line reads
`date_line(place, year)` ("Gia Thụy, ngày" + 8 spaces + "tháng" + 8 spaces + "năm 2026") and
is the first line of page 1 that contains "ngày"; the signer's position and name are alone on
their lines with ~28 mm of empty room between them for the signature image and the seal.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from app.documents.doc_types import DocType, TemplateKind
from app.documents.docx_common import (
    PORTRAIT_TEXT_WIDTH_MM,
    add_page_number,
    add_rule,
    clean,
    insert_in_order,
    page_setup,
    set_cell_margins,
    set_document_defaults,
    text_width_mm,
)
from app.documents.draft_samples import sample_body
from app.errors import ValidationError
from app.i18n import N_, tr

__all__ = ["DraftSpec", "build_draft_docx", "date_line", "number_line", "sample_body"]

BODY_PT = 14
NUMBER_BLANK = " " * 8  # room for the số, written in when the document is issued
DATE_BLANK = " " * 8  # room for the day and the month
SIGNATURE_ROOM_MM = 28  # ô 7c/8: the signature image and the seal go here

_LEFT_MM = 65  # header: agency names and số
_RIGHT_MM = PORTRAIT_TEXT_WIDTH_MM - _LEFT_MM  # Quốc hiệu, Tiêu ngữ, place and date
_RECIPIENTS_MM = 80  # bottom: Nơi nhận
_SIGNER_MM = PORTRAIT_TEXT_WIDTH_MM - _RECIPIENTS_MM
_STAMP_RED = RGBColor(0xE0, 0x00, 0x00)

# ô 10a and 10b; widths of the ND30 stamps where it gives them (Phụ lục I Phần I III.2.b).
_CONFIDENTIALITY = {
    "normal": "",
    "confidential": N_("MẬT"),
    "secret": N_("TỐI MẬT"),
    "top_secret": N_("TUYỆT MẬT"),
}
_URGENCY = {
    "normal": "",
    "urgent": N_("KHẨN"),
    "very_urgent": N_("THƯỢNG KHẨN"),
    "flash": N_("HỎA TỐC"),
}
_STAMP_MM = {"urgent": 20, "very_urgent": 40, "flash": 30}
_STAMP_PAD_PT = 4  # between the frame and the text, left and right

# Longest text per field (Phụ lục VI lengths where it gives one), and the most lines per list.
_MAX_CHARS = {
    "parent_org": 200,
    "org_name": 200,
    "notation": 30,
    "place": 100,
    "summary": 500,
    "body": 10_000,
    "addressees": 200,
    "recipients": 200,
    "archive": 30,
    "drafting_unit_abbreviation": 20,
    "signer_authority": 100,
    "signer_position": 100,
    "signer_name": 50,
}
_MAX_LINES = {"body": 500, "addressees": 40, "recipients": 60}
_LABELS = {
    "parent_org": N_("Tên cơ quan chủ quản"),
    "org_name": N_("Tên cơ quan ban hành"),
    "notation": N_("Ký hiệu văn bản"),
    "place": N_("Địa danh"),
    "summary": N_("Trích yếu"),
    "body": N_("Nội dung"),
    "addressees": N_("Kính gửi"),
    "recipients": N_("Nơi nhận"),
    "archive": N_("Nơi lưu"),
    "drafting_unit_abbreviation": N_("Đơn vị soạn thảo"),
    "signer_authority": N_("Quyền hạn ký"),
    "signer_position": N_("Chức vụ người ký"),
    "signer_name": N_("Họ tên người ký"),
    "year": N_("Năm"),
    "urgency": N_("Độ khẩn"),
    "confidentiality": N_("Độ mật"),
}
_REQUIRED = ("org_name", "notation", "place")
_MULTILINE = frozenset({"parent_org", "org_name"})  # a line break typed there is kept
_ARTICLE = re.compile(r"^(Điều\s+\d+[a-zđ]?\.)")
_ROMAN_HEADING = re.compile(r"^[IVXLC]+\.\s")
_DECISION_LINES = frozenset({"QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"})
# Italic lines: "Căn cứ …" anywhere; before a decision's "QUYẾT ĐỊNH:" also "Theo đề nghị …".
_GROUNDS = {False: ("Căn cứ",), True: ("Căn cứ", "Theo đề nghị", "Xét đề nghị", "Xét ")}


@dataclass(frozen=True)
class DraftSpec:
    """Everything printed on a new draft; texts are as typed (the builder sets case and style).

    `body` holds one paragraph per item (a line break starts another); `addressees` are the
    "Kính gửi:" lines and `recipients` the "Nơi nhận:" lines, both without "-" and ";"; the
    "Lưu: <archive>, <drafting unit>." line is added. `urgency` is normal/urgent/very_urgent/
    flash and `confidentiality` normal/confidential/secret/top_secret (ô 10b and 10a).
    """

    doc_type: DocType
    parent_org: str
    org_name: str
    notation: str
    place: str
    year: int
    summary: str
    body: tuple[str, ...]
    addressees: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    drafting_unit_abbreviation: str = ""
    signer_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""
    urgency: str = "normal"
    confidentiality: str = "normal"


def number_line(notation: str) -> str:
    """The unnumbered "Số:" line (ô 3): "Số:" + 8 spaces + "/" + the ký hiệu."""
    return tr("Số:") + NUMBER_BLANK + "/" + notation


def date_line(place: str, year: int) -> str:
    """The undated place and date line (ô 4), e.g. "Gia Thụy, ngày … tháng … năm 2026"."""
    return tr("{place}, ngày{blank}tháng{blank}năm {year}").format(
        place=place, blank=DATE_BLANK, year=year
    )


def build_draft_docx(spec: DraftSpec) -> bytes:
    """The draft as .docx bytes.

    Raises `ValidationError` (naming the field) for an over-long text or list, a missing agency
    name, ký hiệu or place, or an unknown urgency or confidentiality.
    """
    spec = _checked(spec)
    doc = Document()
    set_document_defaults(doc, size_pt=BODY_PT)
    section = doc.sections[0]
    page_setup(section, landscape=False)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header on page 1
    add_page_number(section.header, size_pt=BODY_PT)

    _write_header(doc, spec)
    _write_title(doc, spec)
    _write_addressees(doc, spec.addressees)
    _write_body(doc, spec)
    _write_signature_block(doc, spec)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- input ---------------------------------------------------------------------------------


def _checked(spec: DraftSpec) -> DraftSpec:
    """`spec` with control characters dropped and blanks trimmed; raises on bad input."""
    changes: dict[str, Any] = {}
    for name, limit in _MAX_CHARS.items():
        value = getattr(spec, name)
        if isinstance(value, tuple):
            lines = [_one_line(line) for text in value for line in clean(text).splitlines()]
            lines = [line for line in lines if line]
            if len(lines) > _MAX_LINES[name]:
                raise ValidationError(
                    tr("{label} có quá nhiều dòng (tối đa {limit} dòng).").format(
                        label=tr(_LABELS[name]), limit=_MAX_LINES[name]
                    ),
                    field=name,
                )
            for line in lines:
                _check_length(name, line, limit)
            changes[name] = tuple(lines)
        elif name in _MULTILINE:
            lines = [_one_line(line) for line in clean(value).splitlines()]
            text = "\n".join(line for line in lines if line)
            _check_length(name, text, limit)
            changes[name] = text
        else:
            text = _one_line(clean(value))
            _check_length(name, text, limit)
            changes[name] = text
    for name in _REQUIRED:
        if not changes[name]:
            raise ValidationError(
                tr("Chưa nhập {label}.").format(label=tr(_LABELS[name]).lower()), field=name
            )
    if not 1900 <= spec.year <= 2999:
        raise ValidationError(tr("Năm {year} không hợp lệ.").format(year=spec.year), field="year")
    for name, allowed in (("urgency", _URGENCY), ("confidentiality", _CONFIDENTIALITY)):
        if getattr(spec, name) not in allowed:
            raise ValidationError(
                tr("{label} “{value}” không hợp lệ.").format(
                    label=tr(_LABELS[name]), value=getattr(spec, name)
                ),
                field=name,
            )
    return dataclasses.replace(spec, **changes)


def _one_line(text: str) -> str:
    """Runs of white space (line breaks included) as one space, trimmed."""
    return " ".join(text.split())


def _check_length(name: str, text: str, limit: int) -> None:
    """Raise `ValidationError` for a text longer than `limit` characters."""
    if len(text) > limit:
        raise ValidationError(
            tr("{label} dài quá {limit} ký tự (đang có {count} ký tự).").format(
                label=tr(_LABELS[name]), limit=limit, count=len(text)
            ),
            field=name,
        )


# --- page 1 header -------------------------------------------------------------------------


def _write_header(doc: Any, spec: DraftSpec) -> None:
    """ô 1-4 (and 5b, 10a, 10b) in a two-row, two-column borderless table."""
    table = _borderless_table(doc, (_LEFT_MM, _RIGHT_MM), rows=2)
    names, national = table.cell(0, 0), table.cell(0, 1)
    number, dated = table.cell(1, 0), table.cell(1, 1)

    widest = 0.0
    for line in _lines(spec.parent_org.upper(), _LEFT_MM, size=13, bold=False):
        _add(names, line, size=13)
    for line in _lines(spec.org_name.upper(), _LEFT_MM, size=13, bold=True):
        _add(names, line, size=13, bold=True)
        widest = max(widest, text_width_mm(line, size_pt=13, bold=True))
    add_rule(names, min(widest, _LEFT_MM) * 0.45, _LEFT_MM)

    motto = tr("Độc lập - Tự do - Hạnh phúc")
    motto_pt = _fitting_size(motto, _RIGHT_MM, (14, 13), bold=True)
    _add(national, tr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=13, bold=True)
    _add(national, motto, size=motto_pt, bold=True)
    add_rule(national, text_width_mm(motto, size_pt=motto_pt, bold=True), _RIGHT_MM)

    _add(number, number_line(spec.notation), size=13, before=6)
    if spec.doc_type.template is TemplateKind.CONG_VAN and spec.summary:
        _add(number, _vv(spec.summary), size=12, before=6)
    _add_stamp(number, tr(_CONFIDENTIALITY[spec.confidentiality]), 0)
    _add_stamp(number, tr(_URGENCY[spec.urgency]), _STAMP_MM.get(spec.urgency, 0))

    text = date_line(spec.place, spec.year)
    _add(
        dated,
        text,
        size=_fitting_size(text, _RIGHT_MM, (14, 13), italic=True),
        italic=True,
        before=6,
    )
    for cell in (names, national, number, dated):
        _drop_first_paragraph(cell)


def _vv(summary: str) -> str:
    """The công văn's trích yếu with its "V/v " prefix (added unless typed already)."""
    return (
        summary if summary[:4].casefold() == "v/v " else tr("V/v {summary}").format(summary=summary)
    )


def _lines(text: str, width_mm: float, *, size: float, bold: bool) -> list[str]:
    """`text` on one line, or split in two at the word that balances the halves best."""
    if not text:
        return []
    if "\n" in text:
        return text.split("\n")
    if text_width_mm(text, size_pt=size, bold=bold) <= width_mm:
        return [text]
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    if not splits:
        return [text]

    def longest(pair: tuple[str, str]) -> float:
        return max(text_width_mm(half, size_pt=size, bold=bold) for half in pair)

    best = min(splits, key=longest)
    return list(best)


def _fitting_size(
    text: str,
    width_mm: float,
    sizes: tuple[float, ...],
    *,
    bold: bool = False,
    italic: bool = False,
) -> float:
    """The first of `sizes` at which `text` fits on one line of `width_mm` (else the last)."""
    for size in sizes:
        if text_width_mm(text, size_pt=size, bold=bold, italic=italic) <= width_mm:
            return size
    return sizes[-1]


def _add_stamp(cell: Any, text: str, width_mm: float) -> None:
    """A framed, bold, red mark (độ mật / độ khẩn), centred; nothing for an empty text."""
    if not text:
        return
    paragraph = _add(cell, text, size=13, bold=True, before=6, color=_STAMP_RED)
    outer = max(width_mm, text_width_mm(text, size_pt=13, bold=True) + 6)
    inner = outer - 2 * _STAMP_PAD_PT * 25.4 / 72  # the frame sits this far outside the text
    indent = Mm(max(_LEFT_MM - inner, 0) / 2)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    borders = OxmlElement("w:pBdr")
    for side, space_pt in (
        ("top", 2),
        ("left", _STAMP_PAD_PT),
        ("bottom", 2),
        ("right", _STAMP_PAD_PT),
    ):
        edge = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "8"),
            ("w:space", str(space_pt)),
            ("w:color", str(_STAMP_RED)),
        ):
            edge.set(qn(key), value)
        borders.append(edge)
    paragraph._p.get_or_add_pPr().insert(0, borders)


# --- title, addressees, body ---------------------------------------------------------------


def _write_title(doc: Any, spec: DraftSpec) -> None:
    """ô 5a: the type name and the trích yếu, bold and centred, with a short line under them."""
    if spec.doc_type.template is TemplateKind.CONG_VAN:
        return
    name = spec.doc_type.name.upper()
    _add(doc, name, size=BODY_PT, bold=True, before=18)
    measured = text_width_mm(name, size_pt=BODY_PT, bold=True)
    if spec.summary:
        _add(doc, spec.summary, size=BODY_PT, bold=True)
        measured = text_width_mm(spec.summary, size_pt=BODY_PT, bold=True)
    add_rule(doc, min(measured, PORTRAIT_TEXT_WIDTH_MM) * 0.4, PORTRAIT_TEXT_WIDTH_MM)


def _write_addressees(doc: Any, addressees: tuple[str, ...]) -> None:
    """ô 9a "Kính gửi:": one addressee on the same line; several as a "-" list aligned after it."""
    if not addressees:
        return
    label = tr("Kính gửi:")
    names = [a.lstrip("-–• ").rstrip(";.,: ") for a in addressees]
    if len(names) == 1:
        _add(doc, f"{label} {names[0]}.", size=BODY_PT, before=12)
        return
    label_mm = text_width_mm(label + "  ", size_pt=BODY_PT)
    longest = max(text_width_mm(f"- {n};", size_pt=BODY_PT) for n in names)
    start = min(max((PORTRAIT_TEXT_WIDTH_MM - label_mm - longest) / 2, 0), 40)
    for index, item in enumerate(names):
        end = "." if index == len(names) - 1 else ";"
        text = f"{label}\t- {item}{end}" if index == 0 else f"- {item}{end}"
        paragraph = _add(
            doc, text, size=BODY_PT, before=12 if index == 0 else 0, align=WD_ALIGN_PARAGRAPH.LEFT
        )
        paragraph.paragraph_format.left_indent = Mm(start + label_mm)
        if index == 0:
            paragraph.paragraph_format.first_line_indent = Mm(-label_mm)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Mm(start + label_mm), WD_TAB_ALIGNMENT.LEFT
            )


def _write_body(doc: Any, spec: DraftSpec) -> None:
    """ô 6: justified 14 pt paragraphs; "Căn cứ" italic, "Điều N." bold, upper-case lines bold
    ("I. MỤC ĐÍCH" as a heading, others such as "QUYẾT ĐỊNH:" centred)."""
    in_preamble = spec.doc_type.template is TemplateKind.QUYET_DINH
    first = True
    for text in spec.body:
        shouting = any(c.isalpha() for c in text) and text == text.upper()
        before = 12 if first else 0
        first = False
        if shouting and not _ROMAN_HEADING.match(text):
            _add(doc, text, size=BODY_PT, bold=True, before=max(before, 6), after=6)
            if text in _DECISION_LINES:
                in_preamble = False
            continue
        paragraph = _body_paragraph(doc, before)
        article = _ARTICLE.match(text)
        if shouting:
            _run(paragraph, text, bold=True)
        elif article:
            _run(paragraph, article.group(1), bold=True)
            _run(paragraph, text[article.end() :])
        else:
            _run(paragraph, text, italic=text.startswith(_GROUNDS[in_preamble]))


def _body_paragraph(doc: Any, before: float) -> Any:
    """An empty body paragraph: justified, 1.27 cm first-line indent, 6 pt after, 1.15 lines."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    return paragraph


# --- signature block -----------------------------------------------------------------------


def _write_signature_block(doc: Any, spec: DraftSpec) -> None:
    """ô 9b (Nơi nhận) on the left; ô 7a/7c/7b (authority, room to sign, name) on the right."""
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    table = _borderless_table(doc, (_RECIPIENTS_MM, _SIGNER_MM), rows=1)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)

    _add(left, tr("Nơi nhận:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in spec.recipients:
        text = "- " + item.lstrip("-–• ").rstrip(";.,: ") + ";"
        _add(left, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    kept = ", ".join(part for part in (spec.archive, spec.drafting_unit_abbreviation) if part)
    _add(
        left, tr("- Lưu: {kept}.").format(kept=kept or "VT"), size=11, align=WD_ALIGN_PARAGRAPH.LEFT
    )

    for line in (spec.signer_authority, spec.signer_position):
        if line:
            _add(right, line.upper(), size=BODY_PT, bold=True)
    room = _add(right, "", size=BODY_PT)
    room.paragraph_format.line_spacing = Mm(SIGNATURE_ROOM_MM)
    _add(right, spec.signer_name, size=BODY_PT, bold=True)
    for cell in (left, right):
        _drop_first_paragraph(cell)


# --- helpers -------------------------------------------------------------------------------


def _borderless_table(doc: Any, widths_mm: tuple[float, ...], *, rows: int) -> Any:
    """A fixed-width table without borders or cell padding, filling the text width."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(round(sum(widths_mm) * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    insert_in_order(tbl_pr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    set_cell_margins(table, left_mm=0, right_mm=0, vertical_mm=0)
    for index, width_mm in enumerate(widths_mm):
        table.columns[index].width = Mm(width_mm)
        for cell in table.columns[index].cells:
            cell.width = Mm(width_mm)
    return table


def _add(
    container: Any,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    before: float = 0,
    after: float = 0,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    color: RGBColor | None = None,
) -> Any:
    """A single-spaced paragraph of one run (centred unless told), added to a document or cell."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    run = _run(paragraph, text, bold=bold, italic=italic)
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def _run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False) -> Any:
    """A run whose spaces are kept as typed (the blanks of the số and date lines)."""
    run = paragraph.add_run(text)
    for t_element in run._r.iter(qn("w:t")):
        t_element.set(qn("xml:space"), "preserve")
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    return run


def _drop_first_paragraph(cell: Any) -> None:
    """Remove the empty paragraph a new cell starts with, once other paragraphs follow it."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)
