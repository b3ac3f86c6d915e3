"""The statistics reports as files: the figures of `StatisticsService` worded into a `ReportSpec`.

"Báo cáo tình hình giải quyết văn bản đến" and "… văn bản đi" (ND30 Phụ lục VI mục V), and the
same report for tasks, as DOCX (tables by unit and by month) or XLSX (one sheet per grouping:
unit, person, month, with charts).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.documents.report_docx import (
    RateColumn,
    ReportSpec,
    ReportTable,
    format_number,
    format_rate,
    write_report_docx,
)
from app.documents.report_xlsx import write_report_xlsx
from app.errors import ValidationError
from app.i18n import tr
from app.services.statistics_dto import (
    GroupBy,
    OnTimeReport,
    OutgoingReport,
    Period,
    ReportKind,
)
from app.timeutil import fmt_date

if TYPE_CHECKING:
    from app.services.statistics import StatisticsService

FORMATS = ("docx", "xlsx")
_ON_TIME_WIDTHS = (45.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 20.0)
_RATE = RateColumn(column=7, numerator=2, denominator=(2, 3, 4))

DEADLINE_NOTES = (
    "Hạn xử lý rơi vào thứ Bảy, Chủ nhật hoặc ngày nghỉ lễ được tính đến hết ngày làm việc tiếp "
    "theo (Bộ luật Dân sự 2015, Điều 148); ngày giờ tính theo giờ Việt Nam.",
    "Đúng hạn: hoàn thành trong hoặc trước ngày hết hạn. Trễ hạn: hoàn thành sau ngày hết hạn. "
    "Quá hạn: chưa hoàn thành và đã qua ngày hết hạn. Chưa đến hạn: chưa hoàn thành, chưa qua "
    "ngày hết hạn.",
    "Không có hạn: không ghi hạn xử lý; được thống kê riêng và không tính vào tỷ lệ đúng hạn. "
    "Tỷ lệ đúng hạn = Đúng hạn ÷ (Đúng hạn + Trễ hạn + Quá hạn).",
)
INCOMING_NOTE = (
    "Văn bản đến được tính theo ngày đến, chỉ gồm văn bản đã vào sổ. Đơn vị là đơn vị xử lý chính "
    "(hoặc đơn vị của người xử lý chính); cá nhân là người xử lý chính, hoặc người hoàn thành khi "
    "giao cho đơn vị."
)
TASK_NOTE = (
    "Công việc được tính theo ngày giao; công việc đã hủy không tính. Công việc đã báo cáo hoàn "
    "thành đang chờ người giao duyệt được đánh giá theo ngày báo cáo hoàn thành."
)
OUTGOING_NOTES = (
    "Văn bản đi được tính theo ngày ban hành; số văn bản đang giải quyết tính tại ngày lập "
    "báo cáo.",
    "Pháp luật không quy định thời hạn soạn thảo văn bản đi nên báo cáo không tính tỷ lệ đúng "
    "hạn; thời gian giải quyết là số ngày từ khi tạo dự thảo đến khi ban hành (trung vị).",
)


def export_report(
    svc: StatisticsService, kind: ReportKind, period: Period, out: Path, *, fmt: str
) -> Path:
    """Compute the report and write it to `out` as DOCX or XLSX."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(
            tr("Định dạng báo cáo không hỗ trợ: {fmt} (chọn DOCX hoặc XLSX).").format(fmt=fmt)
        )
    if kind == ReportKind.OUTGOING:
        outgoing = svc.outgoing_report(period)
        spec = _outgoing_spec(svc, outgoing)
    else:
        groups = (
            list(GroupBy) if fmt == "xlsx" else [GroupBy.UNIT, GroupBy.MONTH]
        )  # DOCX: no person
        reports = {g: svc.on_time_report(kind, period, g) for g in groups}
        spec = _on_time_spec(svc, kind, reports, xlsx=fmt == "xlsx")
    if fmt == "docx":
        write_report_docx(out, spec)
    else:
        write_report_xlsx(out, spec)
    return out


def _heading(
    svc: StatisticsService,
    subject: str,
    period: Period,
    summary: tuple[str, ...],
    tables: tuple[ReportTable, ...],
    notes: tuple[str, ...],
) -> ReportSpec:
    org, preparer = svc.report_heading()
    return ReportSpec(
        parent_name=org.parent_name,
        organisation_name=org.name,
        place=org.place_name,
        notation=f"BC-{org.abbreviation}",
        title=tr("BÁO CÁO"),
        subject=subject,
        period_line=period.line,
        made_on=svc.today(),
        preparer=preparer,
        summary=summary,
        tables=tables,
        notes=notes,
    )


def _on_time_table(report: OnTimeReport, title: str, sheet: str, label: str) -> ReportTable:
    rows = tuple(
        (
            r.label,
            r.counts.total,
            r.counts.on_time,
            r.counts.late,
            r.counts.overdue,
            r.counts.pending,
            r.counts.no_deadline,
            r.counts.rate,
        )
        for r in report.rows
    )
    return ReportTable(
        title=title,
        sheet=sheet,
        headings=(
            label,
            tr("Tổng số"),
            tr("Đúng hạn"),
            tr("Trễ hạn"),
            tr("Quá hạn"),
            tr("Chưa đến hạn"),
            tr("Không có hạn"),
            tr("Tỷ lệ đúng hạn"),
        ),
        widths_mm=_ON_TIME_WIDTHS,
        rows=rows,
        total_label=tr("Tổng cộng"),
        rate=_RATE,
        chart_series=(2, 3, 4),
    )


def _on_time_spec(
    svc: StatisticsService,
    kind: ReportKind,
    reports: dict[GroupBy, OnTimeReport],
    *,
    xlsx: bool,
) -> ReportSpec:
    first = reports[GroupBy.UNIT]
    total = first.total
    incoming = kind == ReportKind.INCOMING
    what = tr("văn bản đến đã vào sổ") if incoming else tr("công việc được giao")
    summary = (
        tr("1. Tổng số {what} trong kỳ: {n}.").format(what=what, n=format_number(total.total)),
        tr("2. Đã hoàn thành: {done}, trong đó đúng hạn {on_time}, trễ hạn {late}.").format(
            done=format_number(total.completed),
            on_time=format_number(total.on_time),
            late=format_number(total.late),
        ),
        tr(
            "3. Chưa hoàn thành (có hạn xử lý): {open}, trong đó quá hạn {overdue}, "
            "chưa đến hạn {pending}."
        ).format(
            open=format_number(total.overdue + total.pending),
            overdue=format_number(total.overdue),
            pending=format_number(total.pending),
        ),
        tr("4. Không có hạn xử lý: {n}.").format(n=format_number(total.no_deadline)),
        tr("5. Tỷ lệ đúng hạn: {rate}. Số liệu tính đến ngày {today}.").format(
            rate=format_rate(total.rate), today=fmt_date(first.today)
        ),
    )
    unit_label = tr("Đơn vị xử lý chính") if incoming else tr("Đơn vị thực hiện")
    person_label = tr("Người xử lý") if incoming else tr("Người thực hiện")
    month_label = tr("Tháng đến") if incoming else tr("Tháng giao")
    tables = [
        _on_time_table(
            reports[GroupBy.UNIT], tr("Bảng 1. Theo đơn vị"), tr("Theo đơn vị"), unit_label
        ),
        _on_time_table(
            reports[GroupBy.MONTH], tr("Bảng 2. Theo tháng"), tr("Theo tháng"), month_label
        ),
    ]
    if xlsx:
        tables.append(
            _on_time_table(
                reports[GroupBy.PERSON],
                tr("Bảng 3. Theo cá nhân"),
                tr("Theo cá nhân"),
                person_label,
            )
        )
    subject = (
        tr("Tình hình giải quyết văn bản đến")
        if incoming
        else tr("Tình hình thực hiện công việc được giao")
    )
    notes = (*(tr(n) for n in DEADLINE_NOTES), tr(INCOMING_NOTE if incoming else TASK_NOTE))
    return _heading(svc, subject, first.period, summary, tuple(tables), notes)


def _outgoing_spec(svc: StatisticsService, report: OutgoingReport) -> ReportSpec:
    in_flow = sum(r.count for r in report.in_progress)
    median = (
        tr("{d} ngày").format(d=f"{report.median_days:.1f}".replace(".", ","))
        if report.median_days is not None
        else "–"
    )
    summary = (
        tr("1. Số văn bản đi đã ban hành trong kỳ: {n}.").format(n=format_number(report.issued)),
        tr("2. Số văn bản đang giải quyết tại ngày {today}: {n}.").format(
            today=fmt_date(report.today), n=format_number(in_flow)
        ),
        tr("3. Thời gian từ khi tạo dự thảo đến khi ban hành (trung vị): {median}.").format(
            median=median
        ),
    )
    count = tr("Số văn bản")

    def table(
        title: str, sheet: str, label: str, rows: tuple[tuple[str | int, ...], ...], *extra: str
    ) -> ReportTable:
        headings = (label, *(extra or (count,)))
        widths = (105.0, *([50.0 / len(headings[1:])] * len(headings[1:])))
        series = tuple(range(1, len(headings)))
        return ReportTable(title, sheet, headings, widths, rows, tr("Tổng cộng"), None, series)

    tables = (
        table(
            tr("Bảng 1. Văn bản đã ban hành theo loại"),
            tr("Theo loại"),
            tr("Loại văn bản"),
            tuple((r.label, r.count) for r in report.by_type),
        ),
        table(
            tr("Bảng 2. Theo đơn vị soạn thảo"),
            tr("Theo đơn vị"),
            tr("Đơn vị soạn thảo"),
            tuple((r.label, r.count, r.in_progress) for r in report.by_unit),
            tr("Đã ban hành"),
            tr("Đang giải quyết"),
        ),
        table(
            tr("Bảng 3. Văn bản đã ban hành theo người ký"),
            tr("Theo người ký"),
            tr("Người ký"),
            tuple((r.label, r.count) for r in report.by_signer),
        ),
        table(
            tr("Bảng 4. Văn bản đã ban hành theo tháng"),
            tr("Theo tháng"),
            tr("Tháng ban hành"),
            tuple((r.label, r.count) for r in report.by_month),
        ),
        table(
            tr("Bảng 5. Văn bản đang giải quyết theo bước"),
            tr("Đang giải quyết"),
            tr("Bước xử lý"),
            tuple((r.label, r.count) for r in report.in_progress),
        ),
    )
    notes = tuple(tr(n) for n in OUTGOING_NOTES)
    return _heading(
        svc, tr("Tình hình giải quyết văn bản đi"), report.period, summary, tables, notes
    )
