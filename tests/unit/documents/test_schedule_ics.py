"""The weekly schedule as iCalendar, parsed back with the icalendar library: stable UIDs, Vietnam
time, amendments as SEQUENCE, cancellations, UTF-8 lines folded at 75 octets, capped texts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from app.documents.schedule_ics import MAX_DESCRIPTION, MAX_SUMMARY, build_schedule_ics
from tests.unit.documents.test_schedule_docx import LONG, item, sheet

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def events(data: bytes) -> dict[str, Calendar]:
    cal = Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_one_event_per_entry_in_vietnam_time() -> None:
    data = build_schedule_ics(sheet())
    cal = Calendar.from_ical(data)
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Ho_Chi_Minh"
    assert str(cal["x-wr-calname"]).startswith("LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG")
    found = events(data)
    assert sorted(found) == [f"e{n}@ward-office" for n in range(1, 6)]
    first = found["e1@ward-office"]
    start, end = first.decoded("dtstart"), first.decoded("dtend")
    assert start == dt.datetime(2026, 11, 23, 8, 0, tzinfo=VN)
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert end == dt.datetime(2026, 11, 23, 10, 0, tzinfo=VN)
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261123T080000" in data
    assert str(first["summary"]) == "Giao ban công tác tuần của Thường trực UBND phường"
    assert str(first["location"]) == "Phòng họp số 1"
    description = str(first["description"])
    assert "Chủ trì: Chủ tịch Trần Văn Nam" in description
    assert "Thành phần: Phó Chủ tịch Phạm Thị Lan; Văn phòng - Thống kê" in description
    assert (int(first["sequence"]), str(first["status"])) == (0, "CONFIRMED")
    # no end time: one hour, as the overlap check assumes
    second = found["e2@ward-office"]
    assert second.decoded("dtend") - second.decoded("dtstart") == dt.timedelta(hours=1)
    assert "Có giấy mời riêng." in str(second["description"])


def test_amendments_and_cancellations() -> None:
    found = events(build_schedule_ics(sheet()))
    changed, cancelled = found["e3@ward-office"], found["e4@ward-office"]
    assert int(changed["sequence"]) == 1
    assert str(changed["description"]).startswith("(Điều chỉnh 14:30 24/11/2026)")
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]).startswith("(Hủy) ")
    draft = events(build_schedule_ics(sheet(published=False)))
    assert str(draft["e1@ward-office"]["status"]) == "TENTATIVE"


def test_the_uid_is_stable_across_exports() -> None:
    first = events(build_schedule_ics(sheet()))
    later = dataclasses.replace(sheet(), made_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=VN))
    assert sorted(first) == sorted(events(build_schedule_ics(later)))


def test_long_vietnamese_text_is_folded_without_breaking_a_character_and_capped() -> None:
    huge = (LONG + " ") * 20  # ~6 000 characters, far more than a calendar app shows
    week = dataclasses.replace(
        sheet(),
        entries=(
            item(
                content=huge,
                note=huge,
                location="Hội trường " * 40,
                participants="Đại diện Ủy ban Mặt trận Tổ quốc Việt Nam phường; " * 10,
            ),
        ),
    )
    data = build_schedule_ics(week)
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no line ends inside a multi-byte character
    assert data.decode("utf-8").count("\r\n ") > 30  # folded, not cut
    [event] = events(data).values()
    summary, description = str(event["summary"]), str(event["description"])
    assert MAX_SUMMARY - 5 < len(summary) <= MAX_SUMMARY
    assert summary.endswith("…")
    assert summary.startswith("Hội nghị trực tuyến sơ kết công tác cải cách hành chính")
    assert len(description) <= MAX_DESCRIPTION
    assert len(str(event["location"])) <= 200
