"""The weekly work schedule as one standalone HTML page, for the ward's portal or a lobby screen.

One file: inline CSS, no script, no outside resource. The table is the printed one (day cell
spanning its rows, then the session), sized to be read from a distance on a 1920×1080 screen,
with today's rows highlighted; printed, it falls back to A4 landscape in black and white.
Every text is escaped.
"""

from __future__ import annotations

import html

from app.documents.schedule_docx import (
    SESSION_NAMES,
    ScheduleSheet,
    SheetEntry,
    amendment_mark,
    approval_line,
    day_groups,
    invitation_line,
    note_text,
    organisation_upper,
    time_text,
    title_line,
    week_line,
    weekday_name,
)
from app.i18n import tr

_CSS = """
:root { --ink: #17202c; --line: #9aa7b8; --head: #1f3d66; --red: #b00020; --today: #fff1b8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.2vw 1.8vw; color: var(--ink); background: #fff;
  font-family: "Times New Roman", Tinos, "Liberation Serif", "Noto Serif", serif;
  font-size: clamp(15px, 1.2vw, 32px); line-height: 1.3; }
header { display: flex; justify-content: space-between; align-items: flex-start; }
.org { text-align: center; font-weight: bold; font-size: 1.05em; }
.org .parent { font-weight: normal; }
.org .rule { width: 40%; margin: .2em auto 0; border-top: 2px solid var(--ink); }
.draft { color: var(--red); border: 3px solid var(--red); padding: .1em .6em; font-weight: bold;
  font-size: 1.4em; letter-spacing: .08em; }
h1 { text-align: center; font-size: 1.75em; margin: .5em 0 .1em; color: var(--head); }
.week { text-align: center; font-size: 1.25em; font-weight: bold; font-style: italic; margin: 0; }
.invite { text-align: center; font-weight: bold; margin: .3em 0 .6em; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: .3em .45em; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: var(--head); color: #fff; font-size: .95em; }
td.day, td.session, td.time { text-align: center; vertical-align: middle; font-weight: bold; }
td.day .date { display: block; font-weight: normal; }
tr.today td { background: var(--today); }
td.day .now { display: block; color: var(--red); font-size: .85em; }
.mark { color: var(--red); font-weight: bold; font-style: italic; }
tr.cancelled .content { text-decoration: line-through; color: #6b7380; }
.empty { color: #6b7380; text-align: center; }
footer { display: flex; justify-content: flex-end; margin-top: .8em; }
footer .sign { text-align: center; min-width: 30%; }
footer .position { font-weight: bold; text-transform: uppercase; }
footer .name { font-weight: bold; margin-top: .4em; }
.made { color: #5b6573; font-size: .8em; margin-top: .6em; }
col.c-day { width: 8%; } col.c-session { width: 5%; } col.c-time { width: 8%; }
col.c-content { width: 25%; } col.c-chair { width: 11%; } col.c-people { width: 15%; }
col.c-place { width: 10%; } col.c-unit { width: 9%; } col.c-note { width: 9%; }
@media print {
  body { font-size: 10.5pt; padding: 0; }
  th { background: #e6e6e6; color: #000; }
  tr.today td { background: none; }
  td.day .now { display: none; }
  @page { size: A4 landscape; margin: 12mm 10mm; }
}
"""
_COLUMNS = ("day", "session", "time", "content", "chair", "people", "place", "unit", "note")


def _e(text: str) -> str:
    """Escaped text, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def build_schedule_html(sheet: ScheduleSheet) -> bytes:
    """The page, UTF-8 encoded."""
    title = f"{title_line(sheet)} {week_line(sheet)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        _header(sheet),
        f"<h1>{_e(title_line(sheet))}</h1>",
        f'<p class="week">{_e(week_line(sheet))}</p>',
        f'<p class="invite">{_e(invitation_line(sheet))}</p>',
        _table(sheet),
        _footer(sheet),
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _header(sheet: ScheduleSheet) -> str:
    parent = (
        f'<div class="parent">{_e(sheet.parent_name.strip().upper())}</div>'
        if sheet.parent_name.strip()
        else ""
    )
    org = (
        f'<div class="org">{parent}<div>{_e(organisation_upper(sheet.organisation))}</div>'
        '<div class="rule"></div></div>'
    )
    draft = "" if sheet.published else f'<div class="draft">{_e(tr("DỰ THẢO"))}</div>'
    return f"<header>{org}{draft}</header>"


def _table(sheet: ScheduleSheet) -> str:
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
    out = ["<table>", "<colgroup>"]
    out += [f'<col class="c-{name}">' for name in _COLUMNS]
    out += ["</colgroup>", "<thead><tr>"]
    out += [f"<th>{_e(text)}</th>" for text in headings]
    out += ["</tr></thead>", "<tbody>"]
    for day, sessions in day_groups(sheet):
        today = sheet.today == day
        rows = sum(len(entries) for _, entries in sessions) or 1
        now = f'<span class="now">{_e(tr("HÔM NAY"))}</span>' if today else ""
        day_cell = (
            f'<td class="day" rowspan="{rows}">{_e(weekday_name(day))}'
            f'<span class="date">{day:%d/%m/%Y}</span>{now}</td>'
        )
        base = ' class="today"' if today else ""
        if not sessions:
            out.append(
                f'<tr{base} data-day="{day.isoformat()}">{day_cell}'
                f'<td class="empty" colspan="8">{_e(tr("(không có lịch)"))}</td></tr>'
            )
            continue
        for session, entries in sessions:
            for index, entry in enumerate(entries):
                cells = [day_cell] if day_cell else []
                day_cell = ""
                if index == 0:
                    cells.append(
                        f'<td class="session" rowspan="{len(entries)}">'
                        f"{_e(tr(SESSION_NAMES[session]))}</td>"
                    )
                cells += _entry_cells(entry)
                classes = [c for c in ("today" if today else "", _state(entry)) if c]
                cls = f' class="{" ".join(classes)}"' if classes else ""
                out.append(f'<tr{cls} data-day="{day.isoformat()}">{"".join(cells)}</tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _state(entry: SheetEntry) -> str:
    return (
        "cancelled" if entry.cancelled else (f"amended-{entry.amendment}" * bool(entry.amendment))
    )


def _entry_cells(entry: SheetEntry) -> list[str]:
    time = _e(time_text(entry).replace(" ", "\u00a0"))
    mark = amendment_mark(entry)
    mark_html = f'<span class="mark">{_e(mark)}</span> ' if mark else ""
    return [
        f'<td class="time">{time}</td>',
        f'<td>{mark_html}<span class="content">{_e(entry.content)}</span></td>',
        f"<td>{_e(entry.chair)}</td>",
        f"<td>{_e(entry.participants)}</td>",
        f"<td>{_e(entry.location)}</td>",
        f"<td>{_e(entry.preparing_unit)}</td>",
        f"<td>{_e(note_text(entry))}</td>",
    ]


def _footer(sheet: ScheduleSheet) -> str:
    if sheet.published:
        sign = (
            f'<div class="position">{_e(sheet.publisher_position)}</div>'
            f"<div><em>{_e(approval_line(sheet))}</em></div>"
            f'<div class="name">{_e(sheet.publisher)}</div>'
        )
    else:
        sign = f'<div class="draft">{_e(approval_line(sheet))}</div>'
    made = tr("Cập nhật lúc {t}").format(t=f"{sheet.made_at:%H:%M ngày %d/%m/%Y}")
    return f'<footer><div class="sign">{sign}<div class="made">{_e(made)}</div></div></footer>'
