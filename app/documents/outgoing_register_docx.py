"""The outgoing register (Sổ đăng ký văn bản đi, ND30 Phụ lục IV mục I) as a DOCX file.

Same layout as the incoming register (see `register_table`): a portrait cover, then the ten
prescribed columns in an A4 landscape table whose two header rows repeat on every page.
Confidential documents are numbered and registered separately (ND30 Điều 15.2, 16.3); their
register says so on the cover.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.documents.docx_common import write_atomically
from app.documents.register_table import (
    ELLIPSIS,
    CoverPage,
    TableLayout,
    format_date,
    render_register,
)
from app.i18n import tr

# Widths in mm of the ten columns; they fill the landscape text width (297 - 30 - 15 = 252 mm).
_COLUMN_MM: tuple[int, ...] = (28, 22, 50, 26, 38, 24, 14, 22, 14, 14)
# Columns whose body cells are centred (số, dates, copies); the others are left aligned.
_CENTRED_COLUMNS = frozenset({0, 1, 6, 7})
_LEADING_NUMBER = re.compile(r"\s*(\d+)")


@dataclass(frozen=True)
class OutgoingRegisterRow:
    """One line of the outgoing register (one issued document)."""

    code: str
    document_date: date | None
    type_and_summary: str
    signer: str
    recipients: str
    archive_holder: str
    copies: int | None
    sent_date: date | None
    note: str


def column_headings() -> tuple[str, ...]:
    """The ten column headings of Phụ lục IV mục I, in order."""
    return (
        tr("Số, ký hiệu văn bản"),
        tr("Ngày tháng văn bản"),
        tr("Tên loại và trích yếu nội dung văn bản"),
        tr("Người ký"),
        tr("Nơi nhận văn bản"),
        tr("Đơn vị, người nhận bản lưu"),
        tr("Số lượng bản"),
        tr("Ngày chuyển"),
        tr("Ký nhận"),
        tr("Ghi chú"),
    )


def write_outgoing_register(
    path: Path,
    *,
    organisation: str,
    parent: str,
    year: int,
    rows: Sequence[OutgoingRegisterRow],
    confidential: bool = False,
    volume: int = 1,
) -> None:
    """Write the register to `path` atomically (temp file, fsync, rename).

    Raises `StorageError` when the disk refuses the write; `path` is then left untouched.
    """
    cover = _cover_page(organisation, parent, year, rows, confidential=confidential, volume=volume)
    layout = TableLayout(column_headings(), _COLUMN_MM, _CENTRED_COLUMNS)
    data = render_register(cover, layout, (_row_texts(row) for row in rows))
    write_atomically(
        path, data, failure=tr("Không ghi được sổ đăng ký văn bản đi vào “{name}” ({e}).")
    )


def _cover_page(
    organisation: str,
    parent: str,
    year: int,
    rows: Sequence[OutgoingRegisterRow],
    *,
    confidential: bool,
    volume: int,
) -> CoverPage:
    """The cover: the date range and the number range (the số before "/") come from the rows."""
    days = [row.document_date for row in rows if row.document_date is not None]
    numbers = [int(m.group(1)) for row in rows if (m := _LEADING_NUMBER.match(row.code))]
    return CoverPage(
        parent_name=parent,
        organisation_name=organisation,
        title=tr("SỔ ĐĂNG KÝ VĂN BẢN ĐI"),
        subtitle=tr("(Văn bản mật)") if confidential else "",
        year=year,
        first_day=format_date(min(days)) if days else ELLIPSIS,
        last_day=format_date(max(days)) if days else ELLIPSIS,
        first_number=f"{min(numbers):02d}" if numbers else ELLIPSIS,
        last_number=f"{max(numbers):02d}" if numbers else ELLIPSIS,
        volume=volume,
    )


def _row_texts(row: OutgoingRegisterRow) -> tuple[str, ...]:
    """The ten cell texts of a register line; column (9) "Ký nhận" is signed on paper."""
    return (
        row.code,
        format_date(row.document_date),
        row.type_and_summary,
        row.signer,
        row.recipients,
        row.archive_holder,
        str(row.copies) if row.copies is not None else "",
        format_date(row.sent_date),
        "",
        row.note,
    )
