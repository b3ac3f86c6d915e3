"""The weekly schedule as a standalone HTML page, loaded in headless Chromium: the rendered DOM
holds the heading and every entry in correct Vietnamese, today is highlighted, text is escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from app.documents.schedule_html import build_schedule_html
from tests.unit.documents.test_schedule_docx import MONDAY, item, sheet

CHROMIUM = "/usr/bin/chromium-headless-shell"


def chromium() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium-headless-shell")
    if found is None:
        message = "headless Chromium is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def render(page: bytes, folder: Path, *extra: str) -> str:
    """What Chromium's DOM holds once `page` is loaded (--dump-dom), or what `extra` asks."""
    path = folder / "lich.html"
    path.write_bytes(page)
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            *(extra or ("--dump-dom",)),
            path.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return done.stdout.decode("utf-8")


def text_of(dom: str) -> str:
    """The visible text of the body, tags dropped, entities decoded, spaces collapsed."""
    body = dom[dom.index("<body") :]
    body = re.sub(r"<br>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ").split())


def test_chromium_shows_the_week(tmp_path: Path) -> None:
    today = MONDAY + dt.timedelta(days=3)
    dom = render(build_schedule_html(sheet(today=today)), tmp_path)
    text = text_of(dom)
    assert "<title>LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY" in dom
    assert "LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY" in text
    assert "(Tuần thứ 48, từ ngày 23/11/2026 đến ngày 29/11/2026)" in text
    assert "LỊCH NÀY THAY THƯ MỜI HỌP" in text
    for words in (
        "Thứ Hai 23/11/2026 Sáng 08 giờ 00' - 10 giờ 00' Giao ban công tác tuần",
        "Chủ tịch Trần Văn Nam",
        "Phó Chủ tịch Phạm Thị Lan; Văn phòng - Thống kê",
        "(Điều chỉnh 14:30 24/11/2026) Kiểm tra công trình xây dựng tại tổ dân phố 5",
        "(Hủy 14:30 24/11/2026) Làm việc với Đoàn kiểm tra của UBND Thành phố",
        "(Bổ sung 14:30 24/11/2026) Ra quân tổng vệ sinh môi trường",
        "Thứ Tư 25/11/2026 (không có lịch)",
        "Giấy mời riêng",
        "Duyệt và ban hành lúc 10:00 ngày 20/11/2026; đã điều chỉnh 3 lần",
    ):
        assert words in text, words
    assert "Chủ nhật" not in text
    assert "DỰ THẢO" not in text
    # Thursday is today: its rows are highlighted and its day cell says so
    today_rows = re.findall(r'<tr class="([^"]*)" data-day="([^"]+)"', dom)
    assert {day for classes, day in today_rows if "today" in classes.split()} == {"2026-11-26"}
    assert "HÔM NAY" in text
    assert re.search(r'<tr class="today cancelled" data-day="2026-11-26">', dom)
    assert '<meta charset="utf-8">' in dom


def test_text_is_escaped_and_a_draft_is_marked(tmp_path: Path) -> None:
    nasty = '<script>document.title="bị sửa"</script> Họp "A" & <b>B</b>'
    week = dataclasses.replace(
        sheet(published=False), entries=(item(content=nasty, location="<i>Phòng</i>"),)
    )
    dom = render(build_schedule_html(week), tmp_path)
    assert "<script" not in dom.lower()
    assert "<b>B</b>" not in dom
    text = text_of(dom)
    assert nasty in text  # shown as typed
    assert "<i>Phòng</i>" in text
    assert "DỰ THẢO" in text
    assert "DỰ THẢO - CHƯA ĐƯỢC DUYỆT" in text


def test_a_lobby_screen_renders_it(tmp_path: Path) -> None:
    shot = tmp_path / "man-hinh.png"
    render(
        build_schedule_html(sheet(today=MONDAY)),
        tmp_path,
        "--window-size=1920,1080",
        "--hide-scrollbars",
        f"--screenshot={shot}",
    )
    with Image.open(shot) as image:
        assert image.size == (1920, 1080)
        pixels = image.convert("RGB")
        # the header row of the table is the dark blue of the page's style, somewhere on top
        row = [pixels.getpixel((x, y)) for y in range(150, 450, 4) for x in (960,)]
        assert (0x1F, 0x3D, 0x66) in row
