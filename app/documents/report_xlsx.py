"""The ward's statistical reports as XLSX workbooks (openpyxl), from the same `ReportSpec` as DOCX.

A first sheet "Tổng hợp" holds the heading, the summary and the definitions; then one sheet per
table (by unit, by person, by month …) with a styled header row, the numbers as numbers, a
"Tổng cộng" row of SUM formulas, the rate as a formula in a real percentage cell, and — where
the table asks for it — a native bar chart of on-time / late / overdue per row.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

# openpyxl ships no type hints (and the project installs no stubs for it)
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.documents.docx_common import write_atomically
from app.documents.report_docx import ReportSpec, ReportTable
from app.i18n import tr

FIRST_TABLE_ROW = 5  # the header row of each table sheet; data start below it
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
_THIN = Side(style="thin", color="9AA5B1")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="1F5FA8")
_TOTAL_FILL = PatternFill("solid", fgColor="EEF1F5")
_FONT = "Times New Roman"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def build_report_xlsx(spec: ReportSpec) -> bytes:
    """The workbook as .xlsx bytes."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = tr("Tổng hợp")
    _write_summary(summary, spec)
    used = {summary.title}
    for table in spec.tables:
        name = _sheet_name(table.sheet, used)
        used.add(name)
        _write_table_sheet(book.create_sheet(name), spec, table)
    book.calculation.fullCalcOnLoad = True  # readers compute the formulas when opening it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_report_xlsx(path: Path, spec: ReportSpec) -> None:
    """Write the workbook to `path` atomically; `StorageError` (Vietnamese) if the disk refuses."""
    write_atomically(
        path, build_report_xlsx(spec), failure=tr("Không ghi được báo cáo vào “{name}” ({e}).")
    )


def _sheet_name(wanted: str, used: set[str]) -> str:
    """A valid, unused sheet name: at most 31 characters, none of []:*?/\\."""
    base = _BAD_SHEET_CHARS.sub(" ", wanted).strip()[:31] or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


def _font(**kwargs: object) -> Font:
    return Font(name=_FONT, **kwargs)


def _write_summary(sheet: Worksheet, spec: ReportSpec) -> None:
    """Heading, title, period, summary lines and definitions, one per row."""
    sheet.column_dimensions["A"].width = 110
    lines: list[tuple[str, Font]] = [
        (spec.parent_name.upper(), _font(size=11)),
        (spec.organisation_name.upper(), _font(size=11, bold=True)),
        ("", _font()),
        (spec.title, _font(size=14, bold=True)),
        (spec.subject, _font(size=14, bold=True)),
        (spec.period_line, _font(size=12, italic=True)),
        ("", _font()),
        *((line, _font(size=12)) for line in spec.summary),
        ("", _font()),
    ]
    if spec.notes:
        lines.append((tr("Ghi chú:"), _font(size=11, bold=True, italic=True)))
        lines += [(note, _font(size=11, italic=True)) for note in spec.notes]
    lines += [
        ("", _font()),
        (
            tr("Người lập biểu: {name}; ngày lập: {day}").format(
                name=spec.preparer, day=spec.made_on.strftime("%d/%m/%Y")
            ),
            _font(size=11, italic=True),
        ),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text or None)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_table_sheet(sheet: Worksheet, spec: ReportSpec, table: ReportTable) -> None:
    """Title rows, the header, the data, the total row of formulas, the chart."""
    headings = (tr("STT"), *table.headings)
    width = len(headings)
    sheet.cell(row=1, column=1, value=spec.organisation_name.upper()).font = _font(bold=True)
    sheet.cell(row=2, column=1, value=f"{spec.subject} — {table.title}").font = _font(
        size=13, bold=True
    )
    sheet.cell(row=3, column=1, value=spec.period_line).font = _font(italic=True)
    header_row = FIRST_TABLE_ROW
    for col, text in enumerate(headings, start=1):
        cell = sheet.cell(row=header_row, column=col, value=text)
        cell.font = _font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[header_row].height = 36
    rate_col = table.rate.column if table.rate is not None else -1
    first = header_row + 1
    for index, row in enumerate(table.rows):
        r = first + index
        _put(sheet, r, 1, index + 1, number_format=INTEGER_FORMAT, centre=True)
        for col, value in enumerate(row):
            if col == rate_col:
                continue
            _put(sheet, r, col + 2, value, number_format=INTEGER_FORMAT)
        if table.rate is not None:
            _rate_formula(sheet, r, table)
    last = first + len(table.rows) - 1
    if table.total_label:
        total = last + 1
        _put(sheet, total, 1, None)
        _put(sheet, total, 2, table.total_label)
        for col in range(2, width):
            if col - 1 in table.summed_columns():
                letter = get_column_letter(col + 1)
                formula = f"=SUM({letter}{first}:{letter}{last})" if table.rows else 0
                _put(sheet, total, col + 1, formula, number_format=INTEGER_FORMAT)
            elif col - 1 != rate_col:
                _put(sheet, total, col + 1, None)
        if table.rate is not None:
            _rate_formula(sheet, total, table)
        for col in range(1, width + 1):
            cell = sheet.cell(row=total, column=col)
            cell.font = _font(bold=True)
            cell.fill = _TOTAL_FILL
    for col, mm in enumerate((10.0, *table.widths_mm), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(6.0, mm / 2.0)
    sheet.freeze_panes = sheet.cell(row=first, column=3)
    if table.chart_series and table.rows:
        _add_chart(sheet, table, first, last, anchor_col=width + 2)


def _put(
    sheet: Worksheet,
    row: int,
    col: int,
    value: object,
    *,
    number_format: str | None = None,
    centre: bool = False,
) -> None:
    cell = sheet.cell(row=row, column=col, value=value)
    cell.font = _font()
    cell.border = _BORDER
    if number_format is not None and (isinstance(value, int) or str(value).startswith("=")):
        cell.number_format = number_format
    if centre:
        cell.alignment = Alignment(horizontal="center")
    elif isinstance(value, str) and not value.startswith("="):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _rate_formula(sheet: Worksheet, row: int, table: ReportTable) -> None:
    """ "=IF(den=0,"",num/den)" in a percentage cell (columns are shifted by the STT column)."""
    assert table.rate is not None
    num = f"{get_column_letter(table.rate.numerator + 2)}{row}"
    den = "+".join(f"{get_column_letter(c + 2)}{row}" for c in table.rate.denominator)
    cell = sheet.cell(
        row=row, column=table.rate.column + 2, value=f'=IF(({den})=0,"",{num}/({den}))'
    )
    cell.number_format = PERCENT_FORMAT
    cell.font = _font()
    cell.border = _BORDER


def _add_chart(
    sheet: Worksheet, table: ReportTable, first: int, last: int, anchor_col: int
) -> None:
    """A clustered bar chart of the chosen columns, one group of bars per row label."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = table.title
    chart.y_axis.title = tr("Số lượng")
    chart.height = 9
    chart.width = max(16.0, 1.6 * (last - first + 1))
    for col in table.chart_series:
        data = Reference(sheet, min_col=col + 2, min_row=FIRST_TABLE_ROW, max_row=last)
        chart.add_data(data, titles_from_data=True)
    # The row labels are text: a string reference (openpyxl's set_categories writes a numeric one).
    labels = Reference(sheet, min_col=2, min_row=first, max_row=last)
    colours = ("2E7D32", "F9A825", "C62828", "1F5FA8", "6D4C41")
    for series, colour in zip(chart.series, colours, strict=False):
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    sheet.add_chart(chart, f"{get_column_letter(anchor_col)}{FIRST_TABLE_ROW}")
