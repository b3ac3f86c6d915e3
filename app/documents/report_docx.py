"""The ward's statistical reports as DOCX ("Báo cáo tình hình giải quyết văn bản đến/đi").

ND30 Phụ lục VI mục V requires these outputs. The layout follows Phụ lục I: the agency names
and "Số: …/BC-UBND" on the left, the Quốc hiệu, Tiêu ngữ and the place and date on the right;
then the title, the period line, a summary, the tables (with a "Tổng cộng" row and the rate
computed on the totals), the definitions as a note, and the signature block "NGƯỜI LẬP BIỂU" /
"THỦ TRƯỞNG CƠ QUAN". `ReportSpec` is also what `report_xlsx` writes, one sheet per table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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
    write_atomically,
)
from app.i18n import tr

Cell = str | int | float | None

BODY_PT = 13
TABLE_PT = 11
STT_MM = 10.0
_LEFT_MM = 70.0
_RIGHT_MM = PORTRAIT_TEXT_WIDTH_MM - _LEFT_MM
_SIGN_ROOM_MM = 22
_HEADER_FILL = "EEF1F5"


@dataclass(frozen=True)
class RateColumn:
    """A percentage column: `numerator` ÷ the sum of `denominator` (column indexes of the row)."""

    column: int
    numerator: int
    denominator: tuple[int, ...]

    def value(self, row: tuple[Cell, ...]) -> float | None:
        """The rate of a row, or None when the denominator is 0."""
        den = sum(int(row[i] or 0) for i in self.denominator)
        return int(row[self.numerator] or 0) / den if den else None


@dataclass(frozen=True)
class ReportTable:
    """One table: headings and rows (without the STT column, which is added), a total row.

    Columns holding only integers are summed in the "Tổng cộng" row; the rate column is
    recomputed from the sums. `chart_series` names the columns the XLSX bar chart draws per row.
    """

    title: str
    sheet: str
    headings: tuple[str, ...]
    widths_mm: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_label: str = ""
    rate: RateColumn | None = None
    chart_series: tuple[int, ...] = ()

    def summed_columns(self) -> list[int]:
        """The columns the total row adds up: integers in every row, the label column aside."""
        cols = []
        for col in range(1, len(self.headings)):
            if self.rate is not None and col == self.rate.column:
                continue
            if all(isinstance(row[col], int) for row in self.rows):
                cols.append(col)
        return cols

    def total_row(self) -> tuple[Cell, ...]:
        """The "Tổng cộng" row: sums, the rate of the sums, blanks elsewhere."""
        cells: list[Cell] = [None] * len(self.headings)
        cells[0] = self.total_label
        for col in self.summed_columns():
            cells[col] = sum(int(row[col] or 0) for row in self.rows)
        if self.rate is not None:
            cells[self.rate.column] = self.rate.value(tuple(cells))
        return tuple(cells)


@dataclass(frozen=True)
class ReportSpec:
    """Everything a report shows, already worded (Vietnamese) and counted."""

    parent_name: str
    organisation_name: str
    place: str
    notation: str  # ký hiệu after the blank số, e.g. "BC-UBND"
    title: str  # "BÁO CÁO"
    subject: str  # "Tình hình giải quyết văn bản đến"
    period_line: str  # "(Từ ngày 01/01/2026 đến ngày 31/12/2026)"
    made_on: date
    summary: tuple[str, ...]
    tables: tuple[ReportTable, ...]
    notes: tuple[str, ...]
    preparer: str


def format_number(value: int) -> str:
    """1234567 → "1.234.567" (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def format_rate(value: float | None) -> str:
    """0.9523 → "95,2%"; None → "–"."""
    if value is None:
        return "–"
    return f"{value * 100:.1f}%".replace(".", ",")


def cell_text(value: Cell, *, rate: bool = False) -> str:
    """How a cell value prints."""
    if rate:
        return format_rate(value if isinstance(value, float | int) else None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


def build_report_docx(spec: ReportSpec) -> bytes:
    """The report as .docx bytes."""
    doc = Document()
    set_document_defaults(doc, size_pt=BODY_PT)
    section = doc.sections[0]
    page_setup(section, landscape=False)
    section.different_first_page_header_footer = True  # no page number on page 1 (ND30)
    add_page_number(section.header)
    _write_heading(doc, spec)
    _add(doc, spec.title, size=14, bold=True, before=18)
    _add(doc, spec.subject, size=14, bold=True)
    _add(doc, spec.period_line, size=13, italic=True, after=12)
    for line in spec.summary:
        _add(doc, line, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3, indent=True)
    for table in spec.tables:
        _add(doc, table.title, size=BODY_PT, bold=True, before=12, after=6, align=_LEFT)
        _write_table(doc, table)
    if spec.notes:
        _add(doc, tr("Ghi chú:"), size=12, bold=True, italic=True, before=12, align=_LEFT)
        for note in spec.notes:
            _add(doc, note, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
    _write_signatures(doc, spec)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_report_docx(path: Path, spec: ReportSpec) -> None:
    """Write the report to `path` atomically; `StorageError` (Vietnamese) if the disk refuses."""
    write_atomically(
        path, build_report_docx(spec), failure=tr("Không ghi được báo cáo vào “{name}” ({e}).")
    )


_LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _write_heading(doc: Any, spec: ReportSpec) -> None:
    """Agency names and số on the left; Quốc hiệu, Tiêu ngữ, place and date on the right."""
    table = _borderless_table(doc, (_LEFT_MM, _RIGHT_MM), rows=2)
    names, national = table.cell(0, 0), table.cell(0, 1)
    number, dated = table.cell(1, 0), table.cell(1, 1)
    if spec.parent_name.strip():
        _add(names, spec.parent_name.strip().upper(), size=12)
    org = spec.organisation_name.strip().upper()
    _add(names, org, size=12, bold=True)
    widest = min(text_width_mm(org, size_pt=12, bold=True), _LEFT_MM)
    add_rule(names, widest * 0.45, _LEFT_MM)
    motto = tr("Độc lập - Tự do - Hạnh phúc")
    _add(national, tr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=12, bold=True)
    _add(national, motto, size=13, bold=True)
    add_rule(national, text_width_mm(motto, size_pt=13, bold=True), _RIGHT_MM)
    _add(number, tr("Số:        /{notation}").format(notation=spec.notation), size=13, before=6)
    day = spec.made_on
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    place_date = tr("{place}, ngày {d} tháng {m} năm {y}").format(
        place=spec.place, d=f"{day.day:02d}", m=month, y=day.year
    )
    _add(dated, place_date, size=13, italic=True, before=6)
    for cell in (names, national, number, dated):
        _drop_first_paragraph(cell)


def _write_table(doc: Any, spec: ReportTable) -> None:
    """A bordered table: STT + the spec's columns, a header row repeated on each page, totals."""
    widths = (STT_MM, *spec.widths_mm)
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_table_width(table, widths)
    set_cell_margins(table, left_mm=1, right_mm=1, vertical_mm=0.5)
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))
    for col, text in enumerate((tr("STT"), *spec.headings)):
        cell = header.cells[col]
        _shade(cell, _HEADER_FILL)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rate_col = spec.rate.column if spec.rate is not None else -1
    body = [(str(n), row) for n, row in enumerate(spec.rows, start=1)]
    if spec.total_label:
        body.append(("", spec.total_row()))
    for index, (number, row) in enumerate(body):
        is_total = bool(spec.total_label) and index == len(body) - 1
        cells = table.add_row().cells
        _cell_text(cells[0], number, bold=is_total, align=WD_ALIGN_PARAGRAPH.CENTER)
        for col, value in enumerate(row):
            align = _LEFT if col == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            _cell_text(
                cells[col + 1],
                cell_text(value, rate=col == rate_col),
                bold=is_total,
                align=align,
            )
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for col, width in enumerate(widths):
            row.cells[col].width = Mm(width)


def _write_signatures(doc: Any, spec: ReportSpec) -> None:
    """ "NGƯỜI LẬP BIỂU" with the preparer's name, "THỦ TRƯỞNG CƠ QUAN", room to sign."""
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    half = PORTRAIT_TEXT_WIDTH_MM / 2
    table = _borderless_table(doc, (half, half), rows=1)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell, title, hint, name in (
        (left, tr("NGƯỜI LẬP BIỂU"), tr("(Ký, ghi rõ họ tên)"), spec.preparer),
        (right, tr("THỦ TRƯỞNG CƠ QUAN"), tr("(Ký tên, đóng dấu)"), ""),
    ):
        _add(cell, title, size=13, bold=True)
        _add(cell, hint, size=12, italic=True)
        room = _add(cell, "", size=13)
        room.paragraph_format.line_spacing = Mm(_SIGN_ROOM_MM)
        _add(cell, name, size=13, bold=True)
        _drop_first_paragraph(cell)


# --- helpers -------------------------------------------------------------------------------


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
    indent: bool = False,
) -> Any:
    """A single-spaced paragraph of one run (centred unless told), in a document or a cell."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    if indent:
        fmt.first_line_indent = Mm(10)
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    return paragraph


def _cell_text(cell: Any, text: str, *, bold: bool, align: Any) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(TABLE_PT)
    if bold:
        run.font.bold = True
    run.font.color.rgb = RGBColor(0, 0, 0)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr = cell._tc.get_or_add_tcPr()
    insert_in_order(tc_pr, shading, ("w:noWrap", "w:tcMar", "w:textDirection", "w:vAlign"))


def _set_table_width(table: Any, widths: tuple[float, ...]) -> None:
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(round(sum(widths) * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")
    for index, width_mm in enumerate(widths):
        table.columns[index].width = Mm(width_mm)


def _borderless_table(doc: Any, widths_mm: tuple[float, ...], *, rows: int) -> Any:
    """A fixed-width table without borders or padding, filling the text width."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _set_table_width(table, widths_mm)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr = table._tbl.tblPr
    insert_in_order(tbl_pr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    set_cell_margins(table, left_mm=0, right_mm=0, vertical_mm=0)
    for index, width_mm in enumerate(widths_mm):
        for cell in table.columns[index].cells:
            cell.width = Mm(width_mm)
    return table


def _drop_first_paragraph(cell: Any) -> None:
    """Remove the empty paragraph a new cell starts with, once other paragraphs follow it."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)
