"""The DOCX reports: the table arithmetic on a hand-made spec, and the reports the statistics
service exports, converted by LibreOffice and read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from app.documents.pdf_convert import docx_to_pdf, soffice_path
from app.documents.report_docx import (
    RateColumn,
    ReportSpec,
    ReportTable,
    build_report_docx,
    format_number,
    format_rate,
)
from app.errors import StorageError, ValidationError
from app.models.enums import AssigneeKind, HandlingStatus, IncomingState, OutgoingState, TaskState
from app.services.statistics_dto import Period, ReportKind
from app.timeutil import FixedClock
from tests.conftest import MemoryKeyring, Ward, make_ward
from tests.unit.services.statistics_support import (
    actor,
    add_incoming,
    add_outgoing,
    add_task,
    naive_utc,
)

D = dt.date
TABLE = ReportTable(
    title="Bảng 1. Theo đơn vị",
    sheet="Theo đơn vị",
    headings=("Đơn vị", "Tổng số", "Đúng hạn", "Trễ hạn", "Quá hạn", "Tỷ lệ đúng hạn"),
    widths_mm=(60.0, 19.0, 19.0, 19.0, 19.0, 19.0),
    rows=(
        ("Văn phòng - Thống kê", 1200, 1000, 150, 50, 1000 / 1200),
        ("Địa chính - Xây dựng", 3, 0, 0, 0, None),
    ),
    total_label="Tổng cộng",
    rate=RateColumn(column=5, numerator=2, denominator=(2, 3, 4)),
)
SPEC = ReportSpec(
    parent_name="Ủy ban nhân dân thành phố Hà Nội",
    organisation_name="UBND phường Gia Thụy",
    place="Gia Thụy",
    notation="BC-UBND",
    title="BÁO CÁO",
    subject="Tình hình giải quyết văn bản đến",
    period_line="(Từ ngày 01/01/2026 đến ngày 31/12/2026)",
    made_on=D(2026, 2, 5),
    summary=("1. Tổng số văn bản: 1.203.",),
    tables=(TABLE,),
    notes=("Đúng hạn: hoàn thành trong hoặc trước ngày hết hạn.",),
    preparer="Nguyễn Thị Hoa",
)


def need_libreoffice() -> None:
    if soffice_path() is None:
        message = "LibreOffice (soffice) is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def pdf_text(data: bytes) -> tuple[str, list[tuple[float, float]]]:
    """All the text of a PDF (whitespace collapsed) and its page sizes."""
    pdf = pdfium.PdfDocument(data)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
        sizes = [page.get_size() for page in pdf]
    finally:
        pdf.close()
    return re.sub(r"\s+", " ", text), sizes


def test_numbers_and_rates_print_the_vietnamese_way() -> None:
    assert format_number(1234567) == "1.234.567"
    assert format_rate(2 / 3) == "66,7%"
    assert format_rate(1.0) == "100,0%"
    assert format_rate(None) == "–"


def test_the_total_row_sums_and_recomputes_the_rate() -> None:
    assert TABLE.total_row() == ("Tổng cộng", 1203, 1000, 150, 50, 1000 / 1200)
    assert TABLE.summed_columns() == [1, 2, 3, 4]


def test_the_tables_of_the_docx() -> None:
    document = docx.Document(io.BytesIO(build_report_docx(SPEC)))
    heading, table, signatures = document.tables
    assert heading.cell(0, 1).text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Số:" in heading.cell(1, 0).text
    assert "/BC-UBND" in heading.cell(1, 0).text
    assert heading.cell(1, 1).text == "Gia Thụy, ngày 05 tháng 02 năm 2026"
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["STT", *TABLE.headings]
    assert cells[1] == ["1", "Văn phòng - Thống kê", "1.200", "1.000", "150", "50", "83,3%"]
    assert cells[2][-1] == "–"  # nothing judged: no rate
    assert cells[3] == ["", "Tổng cộng", "1.203", "1.000", "150", "50", "83,3%"]
    assert "NGƯỜI LẬP BIỂU" in signatures.cell(0, 0).text
    assert "Nguyễn Thị Hoa" in signatures.cell(0, 0).text
    assert "THỦ TRƯỞNG CƠ QUAN" in signatures.cell(0, 1).text


@pytest.fixture
def report_ward(tmp_path: Path, clock: FixedClock, memory_keyring: MemoryKeyring) -> Iterator[Ward]:
    """November 2026: VP handled 2 on time, 1 overdue; ĐC 1 late; tasks; outgoing documents."""
    w = make_ward(tmp_path / "space", clock, memory_keyring)
    sp = w.space
    nov = D(2026, 11, 3)
    user, unit = AssigneeKind.USER, AssigneeKind.UNIT
    done = IncomingState.COMPLETED
    for day in (D(2026, 11, 10), D(2026, 11, 12)):
        add_incoming(
            sp,
            arrival=nov,
            due=day,
            state=done,
            primary=(user, w.official),
            status=HandlingStatus.DONE,
            completed_at=naive_utc(day, 16),
            completed_by=w.official,
        )
    add_incoming(sp, arrival=nov, due=D(2026, 11, 16), primary=(unit, w.unit_vp))
    add_incoming(
        sp,
        arrival=D(2026, 11, 4),
        due=D(2026, 11, 6),
        state=done,
        primary=(unit, w.unit_dc),
        status=HandlingStatus.DONE,
        completed_at=naive_utc(D(2026, 11, 9), 8),
        completed_by=w.official_dc,
    )
    add_task(sp, assigned_by=w.leader, primary=(user, w.official), unit_id=w.unit_vp, due=None)
    add_task(
        sp,
        assigned_by=w.leader,
        primary=(user, w.official_dc),
        unit_id=w.unit_dc,
        due=D(2026, 11, 6),
        state=TaskState.DONE,
        finished_at=naive_utc(D(2026, 11, 6), 15),
    )
    for day in (D(2026, 11, 5), D(2026, 11, 9)):
        add_outgoing(
            sp,
            state=OutgoingState.ISSUED,
            signer=w.leader,
            created_by=w.official,
            doc_type="ke_hoach",
            unit_id=w.unit_vp,
            created_at=naive_utc(D(2026, 11, 2)),
            issued_at=naive_utc(day),
        )
    add_outgoing(sp, state=OutgoingState.DRAFT, signer=w.leader, created_by=w.official)
    actor(sp)("chutich")
    yield w
    w.space.close()


def test_the_incoming_report_through_libreoffice(report_ward: Ward, tmp_path: Path) -> None:
    need_libreoffice()
    out = tmp_path / "bao-cao-van-ban-den.docx"
    report_ward.space.statistics.export(
        ReportKind.INCOMING, Period.month(2026, 11), out, fmt="docx"
    )
    text, sizes = pdf_text(docx_to_pdf(out.read_bytes()))
    assert sizes[0] == pytest.approx((595.3, 841.9), abs=1)  # A4 portrait
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "UBND PHƯỜNG GIA THỤY",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/BC-UBND",
        "Gia Thụy, ngày 20 tháng 11 năm 2026",
        "BÁO CÁO",
        "Tình hình giải quyết văn bản đến",
        "(Từ ngày 01/11/2026 đến ngày 30/11/2026)",
        "1. Tổng số văn bản đến đã vào sổ trong kỳ: 4.",
        "Bảng 1. Theo đơn vị",
        "Bảng 2. Theo tháng",
        "Văn phòng - Thống kê 3 2 0 1 0 0 66,7%",
        "Địa chính - Xây dựng 1 0 1 0 0 0 0,0%",
        "Tổng cộng 4 2 1 1 0 0 50,0%",
        "Tháng 11/2026 4 2 1 1 0 0 50,0%",
        "Điều 148",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG CƠ QUAN",
        "Trần Văn Nam",
    ):
        assert expected in text, expected
    assert "Theo cá nhân" not in text  # the person table is in the workbook only


def test_the_outgoing_report_through_libreoffice(report_ward: Ward, tmp_path: Path) -> None:
    need_libreoffice()
    out = tmp_path / "bao-cao-van-ban-di.docx"
    report_ward.space.statistics.export(
        ReportKind.OUTGOING, Period.month(2026, 11), out, fmt="docx"
    )
    text, _sizes = pdf_text(docx_to_pdf(out.read_bytes()))
    for expected in (
        "Tình hình giải quyết văn bản đi",
        "1. Số văn bản đi đã ban hành trong kỳ: 2.",
        "Kế hoạch 2",
        "Văn phòng - Thống kê 2 0",
        "Trần Văn Nam 2",
        "Đang soạn thảo (kể cả bị trả lại) 1",
        "(trung vị): 5,0 ngày",
        "không tính tỷ lệ đúng hạn",
    ):
        assert expected in text, expected


def test_the_tasks_report_is_written_too(report_ward: Ward, tmp_path: Path) -> None:
    out = tmp_path / "cong-viec.docx"
    report_ward.space.statistics.export(ReportKind.TASKS, Period.year(2026), out, fmt="docx")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Tình hình thực hiện công việc được giao" in text
    assert "1. Tổng số công việc được giao trong kỳ: 2." in text


def test_a_bad_format_or_an_unwritable_place_loses_nothing(
    report_ward: Ward, tmp_path: Path
) -> None:
    stats = report_ward.space.statistics
    period = Period.month(2026, 11)
    with pytest.raises(ValidationError, match="Định dạng báo cáo không hỗ trợ"):
        stats.export(ReportKind.INCOMING, period, tmp_path / "x.pdf", fmt="pdf")
    with pytest.raises(StorageError, match="Không ghi được báo cáo"):
        stats.export(ReportKind.INCOMING, period, tmp_path / "khong-co" / "a.docx", fmt="docx")
    taken = tmp_path / "bao-cao.docx"
    taken.mkdir()  # a folder already has the name: the write fails, the folder stays
    (taken / "giu-lai.txt").write_text("x")
    with pytest.raises(StorageError, match="Không ghi được báo cáo"):
        stats.export(ReportKind.INCOMING, period, taken, fmt="docx")
    assert (taken / "giu-lai.txt").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
