"""The layout the registers of ND30 Phụ lục IV share: a portrait cover, then a landscape table.

The cover shows the agency names, the register's title, the year, the date and number ranges and
the volume. The table's two header rows (headings, then "(1)" … "(n)") repeat on every page.
Body rows are cloned from one template row at the XML level, so a year of ~5 000 documents is
written in about a second.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.documents.docx_common import (
    PORTRAIT_TEXT_WIDTH_MM,
    add_page_number,
    add_rule,
    clean,
    fonts_element,
    page_setup,
    set_cell_margins,
    set_document_defaults,
)
from app.i18n import tr

HEADER_PT = 12
BODY_PT = 11
ELLIPSIS = "…"
_COVER_PT = 14
_DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class CoverPage:
    """What a register's cover shows; the ranges are already formatted ("…" when unknown)."""

    parent_name: str
    organisation_name: str
    title: str
    subtitle: str
    year: int
    first_day: str
    last_day: str
    first_number: str
    last_number: str
    volume: int


@dataclass(frozen=True)
class TableLayout:
    """The columns of a register: headings, widths in mm (summing to 252) and centred ones."""

    headings: tuple[str, ...]
    column_mm: tuple[int, ...]
    centred: frozenset[int]


def format_date(value: date | None) -> str:
    """dd/MM/yyyy, or an empty string for no date."""
    return value.strftime(_DATE_FORMAT) if value is not None else ""


def render_register(cover: CoverPage, layout: TableLayout, rows: Iterable[Sequence[str]]) -> bytes:
    """The finished .docx as bytes; each row gives the texts of its cells, in column order."""
    doc = Document()
    set_document_defaults(doc, size_pt=BODY_PT)

    page_setup(doc.sections[0], landscape=False)
    _write_cover(doc, cover)

    table_section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(table_section, landscape=True)
    table_section.header.is_linked_to_previous = False
    add_page_number(table_section.header)
    # LibreOffice drops a section break that a table follows directly (the table then lands on
    # the portrait cover): a tiny paragraph opens the landscape section.
    opener = doc.add_paragraph()
    opener.paragraph_format.line_spacing = Pt(2)
    _write_table(doc, layout, rows)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _paragraph(
    doc: Any,
    text: str,
    *,
    size: float = _COVER_PT,
    bold: bool = False,
    before: float = 0,
) -> Any:
    """A centred cover paragraph."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    return paragraph


def _write_cover(doc: Any, cover: CoverPage) -> None:
    """The cover page of Phụ lục IV: agency names, title, year, date and number range, volume."""
    if cover.parent_name.strip():
        _paragraph(doc, cover.parent_name.strip().upper(), size=13)
    _paragraph(doc, cover.organisation_name.strip().upper(), size=13, bold=True)
    add_rule(doc, 40, PORTRAIT_TEXT_WIDTH_MM)

    _paragraph(doc, cover.title, size=26, bold=True, before=170)
    if cover.subtitle:
        _paragraph(doc, cover.subtitle, size=16, bold=True, before=6)
    _paragraph(doc, tr("Năm: {year}").format(year=cover.year), size=16, bold=True, before=36)
    _paragraph(
        doc,
        tr("Từ ngày {start} đến ngày {end}").format(start=cover.first_day, end=cover.last_day),
        before=12,
    )
    _paragraph(
        doc,
        tr("Từ số {start} đến số {end}").format(start=cover.first_number, end=cover.last_number),
        before=6,
    )
    _paragraph(doc, tr("Quyển số: {volume}").format(volume=cover.volume), before=150, bold=True)


def _write_table(doc: Any, layout: TableLayout, rows: Iterable[Sequence[str]]) -> None:
    """The table: two repeated header rows, then one row per document."""
    widths = layout.column_mm
    table = doc.add_table(rows=2, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.autofit = False  # w:tblLayout type="fixed"
    tbl = table._tbl
    _fix_table_width(tbl, widths)
    set_cell_margins(table, left_mm=1, right_mm=1, vertical_mm=0)
    for index, width in enumerate(widths):
        table.columns[index].width = Mm(width)

    numbers = tuple(f"({n})" for n in range(1, len(widths) + 1))
    for row_index, texts in enumerate((layout.headings, numbers)):
        row = table.rows[row_index]
        _mark_header(row._tr)
        for col, text in enumerate(texts):
            cell = row.cells[col]
            cell.width = Mm(widths[col])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.size = Pt(HEADER_PT)
            run.font.bold = True
            run._r.get_or_add_rPr().insert(0, fonts_element())

    template = _template_row(table, layout)
    for cells in rows:
        new_tr = copy.deepcopy(template)
        slots = list(new_tr.iter(qn("w:t")))
        for t_element, value in zip(slots, cells, strict=True):
            _set_text(t_element, value)
        tbl.append(new_tr)


def _fix_table_width(tbl: Any, widths: tuple[int, ...]) -> None:
    """An explicit total width (the layout is already fixed), so every reader keeps the widths."""
    width = tbl.tblPr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl.tblPr.append(width)
    width.set(qn("w:w"), str(round(sum(widths) * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")


def _mark_header(tr_element: Any) -> None:
    """Repeat this row at the top of every page (w:tblHeader) and never split it."""
    tr_pr = tr_element.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def _template_row(table: Any, layout: TableLayout) -> Any:
    """A formatted, empty body row detached from the table, to be deep-copied per record."""
    row = table.add_row()
    tr_element = row._tr
    tr_element.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for col, cell in enumerate(row.cells):
        cell.width = Mm(layout.column_mm[col])
        paragraph = cell.paragraphs[0]
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if col in layout.centred else WD_ALIGN_PARAGRAPH.LEFT
        )
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        run._r.get_or_add_rPr().insert(0, fonts_element())
        run._r.append(OxmlElement("w:t"))
    table._tbl.remove(tr_element)
    return tr_element


def _set_text(t_element: Any, text: str) -> None:
    """Put `text` in a cloned run's `w:t`; line breaks become `w:br`."""
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
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
