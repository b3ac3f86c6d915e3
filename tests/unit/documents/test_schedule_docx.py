"""The weekly schedule as printed (DOCX, A4 landscape), read back through LibreOffice's PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re

import docx
import pypdfium2 as pdfium
import pytest

from app.documents.pdf_convert import docx_to_pdf, soffice_path
from app.documents.schedule_docx import (
    ScheduleSheet,
    SheetEntry,
    build_schedule_docx,
    clock_text,
    day_groups,
    title_line,
    week_line,
)
from app.timeutil import VN_TZ

MONDAY = dt.date(2026, 11, 23)
LONG = (
    "Hội nghị trực tuyến sơ kết công tác cải cách hành chính, chuyển đổi số và triển khai "
    "dịch vụ công trực tuyến toàn trình trên địa bàn phường Gia Thụy; đánh giá kết quả thực "
    "hiện Đề án 06 của Chính phủ về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực "
    "điện tử, và thống nhất nhiệm vụ trọng tâm những tháng cuối năm"
)


def item(**overrides: object) -> SheetEntry:
    values: dict[str, object] = {
        "uid": "e1",
        "day": MONDAY,
        "session": "morning",
        "start_time": "08:00",
        "end_time": "10:00",
        "content": "Giao ban công tác tuần của Thường trực UBND phường",
        "chair": "Chủ tịch Trần Văn Nam",
        "participants": "Phó Chủ tịch Phạm Thị Lan; Văn phòng - Thống kê",
        "location": "Phòng họp số 1",
        "preparing_unit": "Văn phòng - Thống kê",
        "note": "",
        "separate_invitation": False,
        "cancelled": False,
        "amendment": "",
        "amended_at": None,
    }
    values.update(overrides)
    return SheetEntry(**values)  # type: ignore[arg-type]


def sheet(*, published: bool = True, today: dt.date | None = None) -> ScheduleSheet:
    """A published week: an entry as published, an added one, a changed one, a cancelled one."""
    amended = dt.datetime(2026, 11, 24, 14, 30, tzinfo=VN_TZ)
    return ScheduleSheet(
        parent_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        organisation="UBND phường Gia Thụy",
        place="Gia Thụy",
        week_id="2026-W48",
        monday=MONDAY,
        published=published,
        version=4 if published else 0,
        publisher="Trần Văn Nam" if published else "",
        publisher_position="Chủ tịch" if published else "",
        published_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=VN_TZ) if published else None,
        entries=(
            item(),
            item(
                uid="e2",
                day=MONDAY + dt.timedelta(days=1),
                session="afternoon",
                start_time="14:00",
                end_time=None,
                content=LONG,
                chair="Phó Chủ tịch Phạm Thị Lan",
                separate_invitation=True,
                note="Văn phòng chuẩn bị điểm cầu",
                links=("Văn bản đến số 15: 120/GM-UBND — Giấy mời dự hội nghị",),
            ),
            item(
                uid="e3",
                day=MONDAY + dt.timedelta(days=3),
                start_time="09:00",
                end_time="11:30",
                content="Kiểm tra công trình xây dựng tại tổ dân phố 5",
                amendment="changed",
                amended_at=amended,
                sequence=1,
            ),
            item(
                uid="e4",
                day=MONDAY + dt.timedelta(days=3),
                session="afternoon",
                start_time="15:00",
                content="Làm việc với Đoàn kiểm tra của UBND Thành phố",
                amendment="cancelled",
                amended_at=amended,
                cancelled=True,
                sequence=1,
            ),
            item(
                uid="e5",
                day=MONDAY + dt.timedelta(days=5),
                start_time="07:00",
                end_time="09:00",
                content="Ra quân tổng vệ sinh môi trường",
                amendment="added",
                amended_at=amended,
            ),
        ),
        made_at=dt.datetime(2026, 11, 25, 8, 0, tzinfo=VN_TZ),
        today=today,
    )


def test_wording() -> None:
    s = sheet()
    assert title_line(s) == "LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY"
    assert week_line(s) == "(Tuần thứ 48, từ ngày 23/11/2026 đến ngày 29/11/2026)"
    assert clock_text("08:05") == "08 giờ 05'"
    days = [(day.day, [session for session, _ in sessions]) for day, sessions in day_groups(s)]
    # Monday to Friday always, Saturday because it holds an entry, Sunday not
    assert days == [
        (23, ["morning"]),
        (24, ["afternoon"]),
        (25, []),
        (26, ["morning", "afternoon"]),
        (27, []),
        (28, ["morning"]),
    ]


def test_the_docx_is_a_landscape_table_with_spanning_day_cells() -> None:
    document = docx.Document(io.BytesIO(build_schedule_docx(sheet())))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[1]  # after the name block
    assert [c.text for c in table.rows[0].cells] == [
        "Ngày",
        "Buổi",
        "Thời gian",
        "Nội dung",
        "Chủ trì",
        "Thành phần",
        "Địa điểm",
        "Đơn vị chuẩn bị",
        "Ghi chú",
    ]
    # Thursday's cell spans its morning and afternoon rows
    thursday = [r for r in table.rows if r.cells[0].text.startswith("Thứ Năm")]
    assert len(thursday) == 2
    assert thursday[0].cells[0]._tc is thursday[1].cells[0]._tc
    assert [r.cells[1].text for r in thursday] == ["Sáng", "Chiều"]


def _pdf_text(data: bytes) -> tuple[str, list[tuple[float, float]]]:
    pdf = pdfium.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        sizes = [page.get_size() for page in pdf]
    finally:
        pdf.close()
    return " ".join(text.replace("\r", " ").split()), sizes


def _libreoffice() -> None:
    if soffice_path() is None:
        message = "LibreOffice (soffice) is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_libreoffice_prints_the_heading_the_entries_and_the_marks() -> None:
    _libreoffice()
    text, sizes = _pdf_text(docx_to_pdf(build_schedule_docx(sheet())))
    assert sizes[0] == pytest.approx((841.9, 595.3), abs=1)  # A4 landscape
    assert "LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY" in text
    assert "(Tuần thứ 48, từ ngày 23/11/2026 đến ngày 29/11/2026)" in text
    assert "LỊCH NÀY THAY THƯ MỜI HỌP (trừ các nội dung có giấy mời riêng)" in text
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    assert re.search(r"Giao ban công tác tuần của Thường trực UBND ?phường", text)
    assert "08 giờ 00' -" in text
    assert "(Điều chỉnh 14:30 24/11/2026)" in text
    assert "(Hủy 14:30 24/11/2026)" in text
    assert "(Bổ sung 14:30 24/11/2026)" in text
    assert "Giấy mời riêng" in text
    assert "Thứ Bảy" in text
    assert "Chủ nhật" not in text
    assert "Duyệt và ban hành lúc 10:00 ngày 20/11/2026; đã điều chỉnh 3 lần" in text
    signature = text[text.index("Nơi nhận:") :]
    assert "CHỦ TỊCH" in signature
    assert "Trần Văn Nam" in signature  # the approving leader's name at the bottom
    assert "DỰ THẢO" not in text
    # the long content wraps inside its cell, every word kept
    assert all(word in text for word in ("thống", "nhất", "nhiệm", "vụ", "trọng", "tâm"))


def test_a_draft_is_marked_as_such() -> None:
    _libreoffice()
    draft = dataclasses.replace(sheet(published=False), entries=sheet().entries[:1])
    text, _ = _pdf_text(docx_to_pdf(build_schedule_docx(draft)))
    assert "DỰ THẢO" in text
    assert "DỰ THẢO - CHƯA ĐƯỢC DUYỆT" in text
    assert "LỊCH NÀY THAY THƯ MỜI HỌP" in text
    assert "Duyệt và ban hành lúc" not in text
