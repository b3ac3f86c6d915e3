"""The incoming register (Sổ đăng ký văn bản đến, ND30 Phụ lục IV mục VI) as a DOCX file.

Page 1 is the cover (A4 portrait); the table of the ten prescribed columns follows in an A4
landscape section whose two header rows repeat on every page (see `register_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.documents.docx_common import FONT_NAME, write_atomically
from app.documents.register_table import (
    BODY_PT,
    ELLIPSIS,
    HEADER_PT,
    CoverPage,
    TableLayout,
    format_date,
    render_register,
)
from app.i18n import tr

__all__ = [
    "BODY_PT",
    "FONT_NAME",
    "HEADER_PT",
    "IncomingRegisterRow",
    "RegisterCover",
    "column_headings",
    "format_date",
    "write_incoming_register",
]

# Widths in mm of the ten columns; they fill the landscape text width (297 - 30 - 15 = 252 mm).
_COLUMN_MM: tuple[int, ...] = (22, 14, 32, 26, 22, 56, 30, 22, 14, 14)
# Columns whose body cells are centred (dates, numbers); the others are left aligned.
_CENTRED_COLUMNS = frozenset({0, 1, 4, 7})


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


def write_incoming_register(
    path: Path, cover: RegisterCover, rows: Sequence[IncomingRegisterRow]
) -> None:
    """Write the register to `path` atomically (temp file, fsync, rename).

    Raises `StorageError` when the disk refuses the write; `path` is then left untouched.
    """
    layout = TableLayout(column_headings(), _COLUMN_MM, _CENTRED_COLUMNS)
    data = render_register(_cover_page(cover, rows), layout, (_row_texts(r) for r in rows))
    write_atomically(
        path, data, failure=tr("Không ghi được sổ đăng ký văn bản đến vào “{name}” ({e}).")
    )


def _cover_page(cover: RegisterCover, rows: Sequence[IncomingRegisterRow]) -> CoverPage:
    """The cover: the ranges of arrival dates and arrival numbers come from the rows."""
    title = tr("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN")
    name = cover.register_name.strip()
    if rows:
        first_day = format_date(min(row.arrival_date for row in rows))
        last_day = format_date(max(row.arrival_date for row in rows))
        first_number = str(min(row.arrival_number for row in rows))
        last_number = str(max(row.arrival_number for row in rows))
    else:
        first_day = last_day = first_number = last_number = ELLIPSIS
    return CoverPage(
        parent_name=cover.parent_name,
        organisation_name=cover.organisation_name,
        title=title,
        subtitle=name if name and name.casefold() != title.casefold() else "",
        year=cover.year,
        first_day=first_day,
        last_day=last_day,
        first_number=first_number,
        last_number=last_number,
        volume=cover.volume,
    )


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
