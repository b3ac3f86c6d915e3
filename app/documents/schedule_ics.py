"""The weekly work schedule as an iCalendar file (RFC 5545) for phones and calendar programs.

One VEVENT per entry. Its UID comes from the entry's id, so a phone that imports the week again
updates the events instead of duplicating them; SEQUENCE counts the entry's amendments and a
cancelled entry is sent as STATUS:CANCELLED. Times carry TZID=Asia/Ho_Chi_Minh with its
VTIMEZONE (+07:00, no daylight saving since 1975). Texts are NFC-normalised and capped, because
readers cut or reject very long properties; lines are folded at 75 octets by the icalendar
library, never inside a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneStandard

from app.documents.docx_common import clean
from app.documents.schedule_docx import (
    ScheduleSheet,
    SheetEntry,
    amendment_mark,
    organisation_upper,
    title_line,
    week_line,
)
from app.i18n import tr

TZID = "Asia/Ho_Chi_Minh"
_ZONE = ZoneInfo(TZID)
UID_DOMAIN = "ward-office"
# Caps in characters: calendar apps show ~250 characters of a title; some refuse huge events.
MAX_SUMMARY = 250
MAX_LOCATION = 200
MAX_DESCRIPTION = 2000
DEFAULT_MINUTES = 60  # an entry without an end time (as the overlap check assumes)


def capped(text: str, limit: int) -> str:
    """NFC text without control characters, cut at `limit` characters with "…"."""
    value = unicodedata.normalize("NFC", clean(text)).strip()
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def entry_uid(entry_id: str) -> str:
    """The event's UID: stable across exports of the week."""
    return f"{entry_id}@{UID_DOMAIN}"


def build_schedule_ics(sheet: ScheduleSheet, *, default_minutes: int = DEFAULT_MINUTES) -> bytes:
    """The week as an .ics file (UTF-8, CRLF line ends, folded lines)."""
    cal = Calendar()
    cal.add("prodid", "-//Ward Office//Lich cong tac tuan//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{title_line(sheet)} {week_line(sheet)}"
    if not sheet.published:
        name = tr("(DỰ THẢO) {name}").format(name=name)
    cal.add("x-wr-calname", capped(name, MAX_SUMMARY))
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_timezone())
    stamp = sheet.made_at.astimezone(dt.UTC)
    for entry in sorted(sheet.entries, key=lambda e: (e.day, e.start_time, e.uid)):
        cal.add_component(_event(sheet, entry, stamp, default_minutes))
    data: bytes = cal.to_ical()
    return data


def _timezone() -> Timezone:
    """Vietnam's zone: +07:00 all year since 13/06/1975."""
    zone = Timezone()
    zone.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", dt.timedelta(hours=7))
    standard.add("tzoffsetto", dt.timedelta(hours=7))
    standard.add("tzname", "ICT")
    zone.add_component(standard)
    return zone


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, int(hhmm[:2]), int(hhmm[3:5]), tzinfo=_ZONE)


def _event(
    sheet: ScheduleSheet, entry: SheetEntry, stamp: dt.datetime, default_minutes: int
) -> Event:
    event = Event()
    event.add("uid", entry_uid(entry.uid))
    event.add("dtstamp", stamp)
    start = _at(entry.day, entry.start_time)
    end = (
        _at(entry.day, entry.end_time)
        if entry.end_time
        else start + dt.timedelta(minutes=default_minutes)
    )
    event.add("dtstart", start)
    event.add("dtend", end)
    prefix = f"({tr('Hủy')}) " if entry.cancelled else ""
    event.add("summary", capped(prefix + entry.content, MAX_SUMMARY))
    if entry.location.strip():
        event.add("location", capped(entry.location, MAX_LOCATION))
    event.add("description", capped(_description(sheet, entry), MAX_DESCRIPTION))
    event.add("sequence", entry.sequence)
    if entry.cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED" if sheet.published else "TENTATIVE")
    if entry.amended_at is not None:
        event.add("last-modified", entry.amended_at.astimezone(dt.UTC))
    return event


def _description(sheet: ScheduleSheet, entry: SheetEntry) -> str:
    lines = []
    mark = amendment_mark(entry)
    if mark:
        lines.append(mark)
    for label, value in (
        (tr("Chủ trì"), entry.chair),
        (tr("Thành phần"), entry.participants),
        (tr("Đơn vị chuẩn bị"), entry.preparing_unit),
        (tr("Ghi chú"), entry.note),
    ):
        if value.strip():
            lines.append(f"{label}: {value.strip()}")
    if entry.separate_invitation:
        lines.append(tr("Có giấy mời riêng."))
    lines += [tr("Văn bản liên quan: {text}").format(text=link) for link in entry.links]
    lines.append(organisation_upper(sheet.organisation))
    return "\n".join(lines)
