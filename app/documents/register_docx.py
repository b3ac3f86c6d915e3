"""The incoming register (Sổ đăng ký văn bản đến, ND30 Phụ lục IV mục VI) as a DOCX file.

Page 1 is the cover (A4 portrait); the table of the ten prescribed columns follows in an A4
landscape section whose two header rows repeat on every page. Body rows are cloned from one
template row at the XML level, so a year of ~5 000 documents is written in about a second.
"""

from __future__ import annotations

import copy
import functools
import io
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.errors import StorageError
from app.i18n import tr

FONT_NAME = "Times New Roman"
HEADER_PT = 12
BODY_PT = 11
_COVER_PT = 14
_ELLIPSIS = "…"
_DATE_FORMAT = "%d/%m/%Y"

# ND30 Phụ lục I: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
_MARGIN_TOP_MM = 20
_MARGIN_BOTTOM_MM = 20
_MARGIN_LEFT_MM = 30
_MARGIN_RIGHT_MM = 15
_A4_SHORT_MM = 210
_A4_LONG_MM = 297

# Widths in mm of the ten columns; they fill the landscape text width (297 - 30 - 15 = 252 mm).
_COLUMN_MM: tuple[int, ...] = (20, 14, 32, 26, 20, 62, 30, 20, 14, 14)
# Columns whose body cells are centred (dates, numbers); the others are left aligned.
_CENTRED_COLUMNS = frozenset({0, 1, 4, 7})

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class IncomingRegisterRow:
    """One line of the incoming register (one received document)."""

    arrival_date: date
    arrival_number: int
    issuing_agency: str
    code: str
    document_date: date | None
    type_and_summary: str
    recipients: str
    handed_over: date | None
    note: str


@dataclass(frozen=True)
class RegisterCover:
    """What the cover page shows besides the dates and numbers taken from the rows."""

    parent_name: str
    organisation_name: str
    year: int
    register_name: str
    volume: int = 1


def column_headings() -> tuple[str, ...]:
    """The ten column headings of Phụ lục IV mục VI, in order."""
    return (
        tr("Ngày đến"),
        tr("Số đến"),
        tr("Tác giả"),
        tr("Số, ký hiệu văn bản"),
        tr("Ngày tháng văn bản"),
        tr("Tên loại và trích yếu nội dung văn bản"),
        tr("Đơn vị hoặc người nhận"),
        tr("Ngày chuyển"),
        tr("Ký nhận"),
        tr("Ghi chú"),
    )


def format_date(value: date | None) -> str:
    """dd/MM/yyyy, or an empty string for no date."""
    return value.strftime(_DATE_FORMAT) if value is not None else ""


def write_incoming_register(
    path: Path, cover: RegisterCover, rows: Sequence[IncomingRegisterRow]
) -> None:
    """Write the register to `path` atomically (temp file, fsync, rename).

    Raises `StorageError` when the disk refuses the write; `path` is then left untouched.
    """
    data = _render(cover, rows)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _file_mode(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(
            tr("Không ghi được sổ đăng ký văn bản đến vào “{name}” ({e}).").format(
                name=path.name, e=exc.strerror or exc
            )
        ) from exc


def _file_mode(path: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual 0666 & ~umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@functools.cache
def _umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _render(cover: RegisterCover, rows: Sequence[IncomingRegisterRow]) -> bytes:
    """The finished .docx as bytes."""
    doc = Document()
    _set_defaults(doc)

    first = doc.sections[0]
    _page_setup(first, landscape=False)
    _write_cover(doc, cover, rows)

    table_section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(table_section, landscape=True)
    _add_page_number_header(table_section)
    _write_table(doc, rows)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _set_defaults(doc: Any) -> None:
    """Times New Roman everywhere (East-Asian and complex-script slots too), single spacing."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for old in r_pr.findall(qn("w:rFonts")):
        r_pr.remove(old)
    r_pr.insert(0, _fonts_element())
    r_pr.find(qn("w:sz")).set(qn("w:val"), str(BODY_PT * 2))
    r_pr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_PT * 2))
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _fonts_element() -> Any:
    """A `w:rFonts` naming Times New Roman for every script slot."""
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    return fonts


def _page_setup(section: Any, *, landscape: bool) -> None:
    """A4 with the ND30 margins."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(_A4_LONG_MM), Mm(_A4_SHORT_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(_A4_SHORT_MM), Mm(_A4_LONG_MM)
    section.top_margin = Mm(_MARGIN_TOP_MM)
    section.bottom_margin = Mm(_MARGIN_BOTTOM_MM)
    section.left_margin = Mm(_MARGIN_LEFT_MM)
    section.right_margin = Mm(_MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _add_page_number_header(section: Any) -> None:
    """Page number centred in the top margin (ND30), on the table pages only, not the cover."""
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "2"
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)


def _paragraph(
    doc: Any,
    text: str,
    *,
    size: float = _COVER_PT,
    bold: bool = False,
    italic: bool = False,
    before: float = 0,
    after: float = 0,
) -> Any:
    """A centred cover paragraph."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(_clean(text))
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    return paragraph


def _short_rule(doc: Any, width_mm: float, text_width_mm: float) -> None:
    """A short centred solid line (the rule under the agency name), drawn as a bottom border."""
    paragraph = doc.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr precedes spacing/ind/jc in CT_PPr; python-docx inserts those after it.
    paragraph._p.get_or_add_pPr().append(borders)
    indent = Mm((text_width_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.add_run().font.size = Pt(4)


def _write_cover(doc: Any, cover: RegisterCover, rows: Sequence[IncomingRegisterRow]) -> None:
    """The cover page of Phụ lục IV: agency names, title, year, date and number range, volume."""
    text_width = _A4_SHORT_MM - _MARGIN_LEFT_MM - _MARGIN_RIGHT_MM
    if cover.parent_name.strip():
        _paragraph(doc, cover.parent_name.strip().upper(), size=13)
    _paragraph(doc, cover.organisation_name.strip().upper(), size=13, bold=True)
    _short_rule(doc, 40, text_width)

    title = tr("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN")
    _paragraph(doc, title, size=26, bold=True, before=170)
    name = cover.register_name.strip()
    if name and name.casefold() != title.casefold():
        _paragraph(doc, name, size=16, bold=True, before=6)

    if rows:
        first_day = format_date(min(row.arrival_date for row in rows))
        last_day = format_date(max(row.arrival_date for row in rows))
        first_number = str(min(row.arrival_number for row in rows))
        last_number = str(max(row.arrival_number for row in rows))
    else:
        first_day = last_day = first_number = last_number = _ELLIPSIS
    _paragraph(doc, tr("Năm: {year}").format(year=cover.year), size=16, bold=True, before=36)
    _paragraph(
        doc,
        tr("Từ ngày {start} đến ngày {end}").format(start=first_day, end=last_day),
        before=12,
    )
    _paragraph(
        doc,
        tr("Từ số {start} đến số {end}").format(start=first_number, end=last_number),
        before=6,
    )
    _paragraph(doc, tr("Quyển số: {volume}").format(volume=cover.volume), before=150, bold=True)


def _write_table(doc: Any, rows: Sequence[IncomingRegisterRow]) -> None:
    """The ten-column table: two repeated header rows, then one row per document."""
    table = doc.add_table(rows=2, cols=len(_COLUMN_MM))
    table.style = doc.styles["Table Grid"]
    table.autofit = False  # w:tblLayout type="fixed"
    tbl = table._tbl
    _fix_table_layout(tbl)
    for index, width in enumerate(_COLUMN_MM):
        table.columns[index].width = Mm(width)

    headings = column_headings()
    for row_index, texts in enumerate((headings, tuple(f"({n})" for n in range(1, 11)))):
        row = table.rows[row_index]
        _mark_header(row._tr)
        for col, text in enumerate(texts):
            cell = row.cells[col]
            cell.width = Mm(_COLUMN_MM[col])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.size = Pt(HEADER_PT)
            run.font.bold = True
            run._r.get_or_add_rPr().insert(0, _fonts_element())

    template = _template_row(table)
    for record in rows:
        new_tr = copy.deepcopy(template)
        slots = list(new_tr.iter(qn("w:t")))
        for t_element, value in zip(slots, _row_texts(record), strict=True):
            _set_text(t_element, value)
        tbl.append(new_tr)


def _fix_table_layout(tbl: Any) -> None:
    """An explicit total width (the layout is already fixed), so every reader keeps the widths."""
    width = tbl.tblPr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl.tblPr.append(width)
    width.set(qn("w:w"), str(round(sum(_COLUMN_MM) * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")


def _mark_header(tr_element: Any) -> None:
    """Repeat this row at the top of every page (w:tblHeader) and never split it."""
    tr_pr = tr_element.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def _template_row(table: Any) -> Any:
    """A formatted, empty body row detached from the table, to be deep-copied per record."""
    row = table.add_row()
    tr_element = row._tr
    tr_element.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for col, cell in enumerate(row.cells):
        cell.width = Mm(_COLUMN_MM[col])
        paragraph = cell.paragraphs[0]
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if col in _CENTRED_COLUMNS else WD_ALIGN_PARAGRAPH.LEFT
        )
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        run._r.get_or_add_rPr().insert(0, _fonts_element())
        run._r.append(OxmlElement("w:t"))
    table._tbl.remove(tr_element)
    return tr_element


def _row_texts(row: IncomingRegisterRow) -> tuple[str, ...]:
    """The ten cell texts of a register line."""
    return (
        format_date(row.arrival_date),
        str(row.arrival_number),
        row.issuing_agency,
        row.code,
        format_date(row.document_date),
        row.type_and_summary,
        row.recipients,
        format_date(row.handed_over),
        "",
        row.note,
    )


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (stray control characters from pasted text)."""
    return _XML_INVALID.sub("", text)


def _set_text(t_element: Any, text: str) -> None:
    """Put `text` in a cloned run's `w:t`; line breaks become `w:br`."""
    text = _clean(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    lines = text.split("\n")
    t_element.text = lines[0]
    if lines[0] != lines[0].strip():
        t_element.set(qn("xml:space"), "preserve")
    anchor = t_element
    for line in lines[1:]:
        br = OxmlElement("w:br")
        anchor.addnext(br)
        t_next = OxmlElement("w:t")
        t_next.set(qn("xml:space"), "preserve")
        t_next.text = line
        br.addnext(t_next)
        anchor = t_next
