"""The weekly work schedule as printed: A4 landscape, the ward's name block, the heading
"LỊCH CÔNG TÁC TUẦN CỦA … (Tuần thứ NN, từ ngày … đến ngày …)", one table whose day cell
spans the day's rows and whose session cell spans the session's entries, and the approving
leader at the bottom.

`ScheduleSheet` (what is printed) and the text helpers here are shared by the HTML page and the
iCalendar file, so every export words a time, a day and an amendment the same way.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.documents.docx_common import (
    A4_LONG_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    add_page_number,
    add_rule,
    clean,
    fonts_element,
    insert_in_order,
    page_setup,
    set_cell_margins,
    set_document_defaults,
    text_width_mm,
)
from app.i18n import N_, tr

TEXT_WIDTH_MM = A4_LONG_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 252 mm
BODY_PT = 11
HEADER_PT = 11
_RED = RGBColor(0xC0, 0x00, 0x00)
# Ngày, Buổi, Thời gian, Nội dung, Chủ trì, Thành phần, Địa điểm, Chuẩn bị, Ghi chú (252 mm)
_COLUMN_MM = (21, 13, 21, 63, 28, 37, 25, 24, 20)
_NAMES_MM = 100  # the name block on the left of the top table
SESSIONS = ("morning", "afternoon", "evening")  # DaySession values, in the day's order
SESSION_NAMES = {"morning": N_("Sáng"), "afternoon": N_("Chiều"), "evening": N_("Tối")}
WEEKDAYS = (
    N_("Thứ Hai"),
    N_("Thứ Ba"),
    N_("Thứ Tư"),
    N_("Thứ Năm"),
    N_("Thứ Sáu"),
    N_("Thứ Bảy"),
    N_("Chủ nhật"),
)
AMENDMENTS = {"added": N_("Bổ sung"), "changed": N_("Điều chỉnh"), "cancelled": N_("Hủy")}


@dataclass(frozen=True)
class SheetEntry:
    """One entry as the exports print it (names already resolved, times in Vietnam)."""

    uid: str
    day: dt.date
    session: str  # a DaySession value
    start_time: str  # "08:00"
    end_time: str | None
    content: str
    chair: str  # "Chủ tịch Trần Văn Nam"
    participants: str
    location: str
    preparing_unit: str
    note: str
    separate_invitation: bool
    cancelled: bool
    amendment: str  # "", "added", "changed", "cancelled"
    amended_at: dt.datetime | None  # aware
    sequence: int = 0
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleSheet:
    """A week of the schedule, ready to print."""

    parent_name: str  # "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    organisation: str  # "UBND phường Gia Thụy"
    place: str  # "Gia Thụy"
    week_id: str  # "2026-W48"
    monday: dt.date
    published: bool
    version: int
    publisher: str  # the approving leader's name ("" for a draft)
    publisher_position: str
    published_at: dt.datetime | None  # aware
    entries: tuple[SheetEntry, ...]
    made_at: dt.datetime  # aware; when the file was written
    today: dt.date | None = None  # highlighted on the HTML page

    @property
    def week_number(self) -> int:
        """The ISO week number."""
        return self.monday.isocalendar()[1]

    @property
    def sunday(self) -> dt.date:
        """The week's last day."""
        return self.monday + dt.timedelta(days=6)


# -- wording shared by every export ------------------------------------------------------------


def organisation_upper(name: str) -> str:
    """ "UBND phường Gia Thụy" → "ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY"."""
    name = name.strip()
    if name.upper().startswith("UBND "):
        name = "Ủy ban nhân dân " + name[5:]
    return name.upper()


def title_line(sheet: ScheduleSheet) -> str:
    """ "LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY"."""
    return tr("LỊCH CÔNG TÁC TUẦN CỦA {org}").format(org=organisation_upper(sheet.organisation))


def week_line(sheet: ScheduleSheet) -> str:
    """ "(Tuần thứ 48, từ ngày 23/11/2026 đến ngày 29/11/2026)"."""
    return tr("(Tuần thứ {n:02d}, từ ngày {start} đến ngày {end})").format(
        n=sheet.week_number, start=f"{sheet.monday:%d/%m/%Y}", end=f"{sheet.sunday:%d/%m/%Y}"
    )


def invitation_line(sheet: ScheduleSheet) -> str:
    """The schedule stands for the meeting invitations, except where one is sent apart."""
    if any(e.separate_invitation for e in sheet.entries):
        return tr("LỊCH NÀY THAY THƯ MỜI HỌP (trừ các nội dung có giấy mời riêng)")
    return tr("LỊCH NÀY THAY THƯ MỜI HỌP")


def clock_text(hhmm: str) -> str:
    """ "08:00" → "08 giờ 00'" (the way printed schedules write a time)."""
    return tr("{h} giờ {m}'").format(h=hhmm[:2], m=hhmm[3:5])


def time_text(entry: SheetEntry) -> str:
    """ "08 giờ 00'", or "08 giờ 00' -" and "10 giờ 00'" on two lines."""
    if entry.end_time:
        return f"{clock_text(entry.start_time)} -\n{clock_text(entry.end_time)}"
    return clock_text(entry.start_time)


def weekday_name(day: dt.date) -> str:
    """ "Thứ Hai" … "Chủ nhật"."""
    return tr(WEEKDAYS[day.weekday()])


def amendment_mark(entry: SheetEntry) -> str:
    """ "(Bổ sung 14:30 24/11/2026)", "(Điều chỉnh …)", "(Hủy …)"; "" for an original entry."""
    if not entry.amendment:
        return ""
    label = tr(AMENDMENTS.get(entry.amendment, entry.amendment))
    when = f" {entry.amended_at:%H:%M %d/%m/%Y}" if entry.amended_at else ""
    return f"({label}{when})"


def note_text(entry: SheetEntry) -> str:
    """The note column: the note, "Giấy mời riêng", the related documents."""
    parts = [entry.note.strip()] if entry.note.strip() else []
    if entry.separate_invitation:
        parts.append(tr("Giấy mời riêng"))
    parts += [tr("VB: {text}").format(text=link) for link in entry.links]
    return "\n".join(parts)


def approval_line(sheet: ScheduleSheet) -> str:
    """ "Duyệt và ban hành lúc 10:00 ngày 20/11/2026" (and the amendment count), or "DỰ THẢO"."""
    if not sheet.published or sheet.published_at is None:
        return tr("DỰ THẢO - CHƯA ĐƯỢC DUYỆT")
    text = tr("Duyệt và ban hành lúc {t}").format(t=f"{sheet.published_at:%H:%M ngày %d/%m/%Y}")
    if sheet.version > 1:
        text += tr("; đã điều chỉnh {n} lần").format(n=sheet.version - 1)
    return text


def day_groups(
    sheet: ScheduleSheet,
) -> Iterator[tuple[dt.date, list[tuple[str, list[SheetEntry]]]]]:
    """Each day to print with its sessions that hold entries, in order.

    Monday to Friday are always printed (an empty day shows one empty row); Saturday and Sunday
    only when they hold entries.
    """
    for offset in range(7):
        day = sheet.monday + dt.timedelta(days=offset)
        entries = sorted(
            (e for e in sheet.entries if e.day == day), key=lambda e: (e.start_time, e.uid)
        )
        if not entries and offset >= 5:
            continue
        sessions = [(s, [e for e in entries if e.session == s]) for s in SESSIONS]
        yield day, [(s, group) for s, group in sessions if group]


# -- the DOCX ----------------------------------------------------------------------------------


def build_schedule_docx(sheet: ScheduleSheet) -> bytes:
    """The week as a .docx file (bytes)."""
    doc = Document()
    set_document_defaults(doc, size_pt=BODY_PT)
    section = doc.sections[0]
    page_setup(section, landscape=True)
    section.top_margin = Mm(15)
    section.bottom_margin = Mm(15)
    section.different_first_page_header_footer = True  # no page number on page 1
    add_page_number(section.header, size_pt=12)
    _write_top(doc, sheet)
    _write_heading(doc, sheet)
    _write_table(doc, sheet)
    _write_bottom(doc, sheet)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _write_top(doc: Any, sheet: ScheduleSheet) -> None:
    """The name block on the left; "DỰ THẢO" on the right of a draft."""
    right = TEXT_WIDTH_MM - _NAMES_MM
    table = _borderless_table(doc, (_NAMES_MM, right))
    names, mark = table.cell(0, 0), table.cell(0, 1)
    if sheet.parent_name.strip():
        _add(names, sheet.parent_name.strip().upper(), size=12)
    org = organisation_upper(sheet.organisation)
    _add(names, org, size=12, bold=True)
    add_rule(names, min(text_width_mm(org, size_pt=12, bold=True), _NAMES_MM) * 0.4, _NAMES_MM)
    if not sheet.published:
        _add(mark, tr("DỰ THẢO"), size=16, bold=True, color=_RED, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for cell in (names, mark):
        _drop_first_paragraph(cell)


def _write_heading(doc: Any, sheet: ScheduleSheet) -> None:
    _add(doc, title_line(sheet), size=14, bold=True, before=8)
    _add(doc, week_line(sheet), size=13, bold=True, italic=True, before=2)
    _add(doc, invitation_line(sheet), size=12, bold=True, before=4, after=6)


def _write_table(doc: Any, sheet: ScheduleSheet) -> None:
    headings = (
        tr("Ngày"),
        tr("Buổi"),
        tr("Thời gian"),
        tr("Nội dung"),
        tr("Chủ trì"),
        tr("Thành phần"),
        tr("Địa điểm"),
        tr("Đơn vị chuẩn bị"),
        tr("Ghi chú"),
    )
    table = doc.add_table(rows=1, cols=len(_COLUMN_MM))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_width(table, _COLUMN_MM)
    set_cell_margins(table, left_mm=1.2, right_mm=1.2, vertical_mm=0.6)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for col, text in enumerate(headings):
        _cell_text(header.cells[col], text, bold=True, centred=True, size=HEADER_PT)
    for day, sessions in day_groups(sheet):
        first_row = len(table.rows)
        if not sessions:
            row = _add_row(table)
            _cell_text(row.cells[3], "", centred=False)
        for session, entries in sessions:
            session_row = len(table.rows)
            for entry in entries:
                _entry_row(table, entry)
            _merge_down(table, 1, session_row, tr(SESSION_NAMES[session]))
        _merge_down(table, 0, first_row, f"{weekday_name(day)}\n({day:%d/%m})")


def _entry_row(table: Any, entry: SheetEntry) -> None:
    row = _add_row(table)
    cells = row.cells
    _cell_text(cells[2], time_text(entry), centred=True)
    content = cells[3].paragraphs[0]
    mark = amendment_mark(entry)
    if mark:
        run = content.add_run(clean(mark) + " ")
        run.font.bold = True
        run.font.italic = True
        run.font.color.rgb = _RED
    run = content.add_run(clean(entry.content))
    run.font.strike = entry.cancelled
    _cell_text(cells[4], entry.chair)
    _cell_text(cells[5], entry.participants)
    _cell_text(cells[6], entry.location)
    _cell_text(cells[7], entry.preparing_unit)
    _cell_text(cells[8], note_text(entry))


def _write_bottom(doc: Any, sheet: ScheduleSheet) -> None:
    """Nơi nhận on the left; the approving leader, the time and the name on the right."""
    doc.add_paragraph().paragraph_format.space_after = Pt(4)
    left_mm = 110
    table = _borderless_table(doc, (left_mm, TEXT_WIDTH_MM - left_mm))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    _add(left, tr("Nơi nhận:"), size=11, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in (
        tr("- Thường trực Đảng ủy, HĐND phường;"),
        tr("- Lãnh đạo UBND phường;"),
        tr("- Các bộ phận, đơn vị thuộc UBND phường;"),
        tr("- Cổng thông tin điện tử phường;"),
        tr("- Lưu: VT."),
    ):
        _add(left, line, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    if sheet.published:
        _add(right, sheet.publisher_position.upper(), size=12, bold=True)
        _add(right, approval_line(sheet), size=11, italic=True, before=4)
        _add(right, sheet.publisher, size=12, bold=True, before=24)
    else:
        _add(right, approval_line(sheet), size=12, bold=True, color=_RED)
    for cell in (left, right):
        _drop_first_paragraph(cell)


# -- python-docx helpers -----------------------------------------------------------------------


def _add_row(table: Any) -> Any:
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for col, cell in enumerate(row.cells):
        cell.width = Mm(_COLUMN_MM[col])
    return row


def _merge_down(table: Any, col: int, first: int, text: str) -> None:
    """Write `text` in (first, col) and merge it down to the table's last row."""
    top = table.cell(first, col)
    last = len(table.rows) - 1
    if last > first:
        top = top.merge(table.cell(last, col))
    _cell_text(top, text, bold=True, centred=True)


def _cell_text(
    cell: Any, text: str, *, bold: bool = False, centred: bool = False, size: float = BODY_PT
) -> None:
    """Put `text` in a cell's first paragraph; line breaks become w:br."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if centred else None
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    lines = clean(text.replace("\r\n", "\n")).split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run._r.get_or_add_rPr().insert(0, fonts_element())


def _fix_width(table: Any, widths: tuple[float, ...]) -> None:
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(round(sum(widths) * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")
    for index, width_mm in enumerate(widths):
        table.columns[index].width = Mm(width_mm)
        for cell in table.columns[index].cells:
            cell.width = Mm(width_mm)


def _borderless_table(doc: Any, widths: tuple[float, ...]) -> Any:
    """One row, fixed widths, no borders or padding: for the blocks around the schedule."""
    table = doc.add_table(rows=1, cols=len(widths))
    table.autofit = False
    _fix_width(table, widths)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    insert_in_order(
        table._tbl.tblPr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    )
    set_cell_margins(table, left_mm=0, right_mm=0, vertical_mm=0)
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
    """A one-run paragraph (centred unless told) in a document or a cell."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def _drop_first_paragraph(cell: Any) -> None:
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)
