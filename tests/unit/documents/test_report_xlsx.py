"""The XLSX reports, loaded back with openpyxl (sheets, numbers, formulas, percentages, charts)
and opened by LibreOffice Calc, which computes the formulas and prints them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.documents.pdf_convert import office_to_pdf
from app.documents.report_docx import RateColumn, ReportSpec, ReportTable
from app.documents.report_xlsx import FIRST_TABLE_ROW, PERCENT_FORMAT, build_report_xlsx
from app.models.enums import AssigneeKind, HandlingStatus, IncomingState
from app.services.statistics_dto import GroupBy, OnTimeReport, Period, ReportKind
from app.timeutil import FixedClock
from tests.conftest import MemoryKeyring, Ward, make_ward
from tests.unit.services.statistics_support import actor, add_incoming, naive_utc

D = dt.date
_SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")
_RATE = re.compile(r'^=IF\(\((.+)\)=0,"",([A-Z]+\d+)/\((.+)\)\)$')


def evaluate(sheet: Worksheet, ref: str) -> object:
    """The value of a cell, computing the two formula shapes the reports write."""
    value = sheet[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return value
    if m := _SUM.match(value):
        col, first, col2, last = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
        assert col == col2
        return sum(int(evaluate(sheet, f"{col}{r}") or 0) for r in range(first, last + 1))  # type: ignore[call-overload]
    if m := _RATE.match(value):
        den = sum(int(evaluate(sheet, c) or 0) for c in m.group(1).split("+"))  # type: ignore[call-overload]
        assert m.group(3) == m.group(1)
        num = int(evaluate(sheet, m.group(2)) or 0)  # type: ignore[call-overload]
        return num / den if den else ""
    raise AssertionError(f"unexpected formula {value}")


def test_sheet_names_are_made_valid_and_unique() -> None:
    table = ReportTable(
        "T",
        "Theo: đơn vị/cá nhân [2026] và những thứ dài hơn nữa",
        ("A", "B"),
        (50.0, 20.0),
        (("x", 1),),
    )
    spec = ReportSpec(
        "",
        "UBND",
        "Gia Thụy",
        "BC-UBND",
        "BÁO CÁO",
        "S",
        "(…)",
        D(2026, 1, 1),
        (),
        (table, table),
        (),
        "A",
    )
    book = load_workbook(io.BytesIO(build_report_xlsx(spec)))
    names = book.sheetnames
    assert names[0] == "Tổng hợp"
    assert len(names) == 3
    assert len(set(names)) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_a_table_without_rows_still_has_a_total() -> None:
    table = ReportTable(
        "T",
        "Trống",
        ("Đơn vị", "Tổng", "Đúng hạn", "Tỷ lệ"),
        (50.0, 20.0, 20.0, 20.0),
        (),
        "Tổng cộng",
        RateColumn(3, 2, (1,)),
        (2,),
    )
    spec = ReportSpec("", "UBND", "", "BC", "BÁO CÁO", "S", "", D(2026, 1, 1), (), (table,), (), "")
    sheet = load_workbook(io.BytesIO(build_report_xlsx(spec)))["Trống"]
    total = FIRST_TABLE_ROW + 1
    assert sheet.cell(total, 2).value == "Tổng cộng"
    assert sheet.cell(total, 3).value == 0
    assert evaluate(sheet, f"E{total}") == ""
    assert sheet._charts == []


@pytest.fixture
def year_ward(tmp_path: Path, clock: FixedClock, memory_keyring: MemoryKeyring) -> Iterator[Ward]:
    """2026: VP 3 on time + 1 late, ĐC 1 overdue + 1 without a deadline, over two months."""
    w = make_ward(tmp_path / "space", clock, memory_keyring)
    sp = w.space
    user, unit = AssigneeKind.USER, AssigneeKind.UNIT
    for arrival, due, done in (
        (D(2026, 10, 1), D(2026, 10, 5), D(2026, 10, 5)),
        (D(2026, 10, 2), D(2026, 10, 10), D(2026, 10, 12)),  # due Saturday: on time on Monday
        (D(2026, 11, 2), D(2026, 11, 6), D(2026, 11, 6)),
        (D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 5)),  # late
    ):
        add_incoming(
            sp,
            arrival=arrival,
            due=due,
            state=IncomingState.COMPLETED,
            primary=(user, w.official),
            status=HandlingStatus.DONE,
            completed_at=naive_utc(done, 15),
            completed_by=w.official,
        )
    add_incoming(sp, arrival=D(2026, 11, 9), due=D(2026, 11, 13), primary=(unit, w.unit_dc))
    add_incoming(sp, arrival=D(2026, 11, 9), due=None, primary=(unit, w.unit_dc))
    actor(sp)("vanthu")
    yield w
    w.space.close()


def test_the_incoming_workbook(year_ward: Ward, tmp_path: Path) -> None:
    stats = year_ward.space.statistics
    year = Period.year(2026)
    out = tmp_path / "bao-cao.xlsx"
    stats.export(ReportKind.INCOMING, year, out, fmt="xlsx")
    book = load_workbook(out)
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị", "Theo tháng", "Theo cá nhân"]
    summary = [c.value for c in book["Tổng hợp"]["A"] if c.value]
    assert "Tình hình giải quyết văn bản đến" in summary
    assert "(Từ ngày 01/01/2026 đến ngày 31/12/2026)" in summary
    assert any(str(line).startswith("5. Tỷ lệ đúng hạn: 60,0%") for line in summary)

    sheet = book["Theo đơn vị"]
    header = [c.value for c in sheet[FIRST_TABLE_ROW]]
    assert header == [
        "STT",
        "Đơn vị xử lý chính",
        "Tổng số",
        "Đúng hạn",
        "Trễ hạn",
        "Quá hạn",
        "Chưa đến hạn",
        "Không có hạn",
        "Tỷ lệ đúng hạn",
    ]
    body = [
        [c.value for c in row][:8]
        for row in sheet.iter_rows(min_row=FIRST_TABLE_ROW + 1, max_row=FIRST_TABLE_ROW + 2)
    ]
    assert body == [  # units in Vietnamese order
        [1, "Địa chính - Xây dựng", 2, 0, 0, 1, 0, 1],
        [2, "Văn phòng - Thống kê", 4, 3, 1, 0, 0, 0],
    ]
    total = FIRST_TABLE_ROW + 3
    assert sheet.cell(total, 2).value == "Tổng cộng"
    assert sheet.cell(total, 4).value == f"=SUM(D{FIRST_TABLE_ROW + 1}:D{FIRST_TABLE_ROW + 2})"
    report = stats.report(ReportKind.INCOMING, year, GroupBy.UNIT)
    assert isinstance(report, OnTimeReport)
    t = report.total
    assert [evaluate(sheet, f"{col}{total}") for col in "CDEFGH"] == [
        t.total,
        t.on_time,
        t.late,
        t.overdue,
        t.pending,
        t.no_deadline,
    ]
    for row, expected in ((FIRST_TABLE_ROW + 1, 0.0), (FIRST_TABLE_ROW + 2, 0.75), (total, 0.6)):
        cell = sheet.cell(row, 9)
        assert cell.number_format == PERCENT_FORMAT
        assert evaluate(sheet, cell.coordinate) == pytest.approx(expected)
    assert sheet.freeze_panes == f"C{FIRST_TABLE_ROW + 1}"
    assert sheet.cell(FIRST_TABLE_ROW, 1).font.b

    (chart,) = sheet._charts
    assert chart.type == "col"
    assert len(chart.series) == 3  # đúng hạn, trễ hạn, quá hạn
    refs = [s.val.numRef.f for s in chart.series]
    assert refs[0] == f"'Theo đơn vị'!$D${FIRST_TABLE_ROW + 1}:$D${FIRST_TABLE_ROW + 2}"
    assert (
        chart.series[0].cat.strRef.f
        == f"'Theo đơn vị'!$B${FIRST_TABLE_ROW + 1}:$B${FIRST_TABLE_ROW + 2}"
    )

    months = book["Theo tháng"]
    labels = [months.cell(r, 2).value for r in range(FIRST_TABLE_ROW + 1, FIRST_TABLE_ROW + 13)]
    assert labels[0] == "Tháng 1/2026"
    assert labels[-1] == "Tháng 12/2026"
    assert months.cell(FIRST_TABLE_ROW + 10, 4).value == 2  # October: 2 on time
    assert months.cell(FIRST_TABLE_ROW + 13, 2).value == "Tổng cộng"


def test_libreoffice_opens_the_workbook_and_computes_its_totals(
    year_ward: Ward, tmp_path: Path
) -> None:
    out = tmp_path / "bao-cao.xlsx"
    year_ward.space.statistics.export(ReportKind.INCOMING, Period.year(2026), out, fmt="xlsx")
    pdf = pdfium.PdfDocument(office_to_pdf(out.read_bytes(), "xlsx"))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    assert "Đơn vị xử lý chính" in text
    assert "Văn phòng - Thống kê" in text
    # the total row as Calc computed its SUMs: 6 documents, 3 on time, 1 late, 1 overdue, 0 not
    # yet due (one sheet per grouping: three times); and the rates of the two units and the total
    assert len(re.findall(r"Tổng cộng 6 3 1 1 0\b", text)) == 3
    rates = re.findall(r"\b(\d+)[.,]0%", text)
    assert {"0", "75", "60"} <= set(rates)


def test_the_outgoing_workbook_has_no_rate(year_ward: Ward, tmp_path: Path) -> None:
    out = tmp_path / "di.xlsx"
    year_ward.space.statistics.export(ReportKind.OUTGOING, Period.year(2026), out, fmt="XLSX")
    book = load_workbook(out)
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo loại",
        "Theo đơn vị",
        "Theo người ký",
        "Theo tháng",
        "Đang giải quyết",
    ]
    steps = book["Đang giải quyết"]
    assert [steps.cell(FIRST_TABLE_ROW, c).value for c in (1, 2, 3)] == [
        "STT",
        "Bước xử lý",
        "Số văn bản",
    ]
    assert all(cell.number_format != PERCENT_FORMAT for row in steps.iter_rows() for cell in row)
