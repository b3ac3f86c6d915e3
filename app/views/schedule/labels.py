"""Colours and wording the schedule screens share: state badges, amendment marks, cards."""

from __future__ import annotations

import html

from app.i18n import N_, tr
from app.models.enums import ScheduleState
from app.services.schedule_dto import AMENDMENT_LABELS, STATE_LABELS, EntryView
from app.timeutil import VN_TZ

GOOD = "#1b7f3b"
DOUBT = "#9a6700"
BAD = "#c62828"
INK = "#1f3d66"
MUTED = "#5b6573"
TODAY = "#fff6d6"
# (text colour, background) of the week's state badge
STATE_COLOURS: dict[ScheduleState, tuple[str, str]] = {
    ScheduleState.DRAFT: ("#5b6573", "#eef1f5"),
    ScheduleState.SUBMITTED: ("#9a6700", "#fff4e5"),
    ScheduleState.PUBLISHED: ("#1b7f3b", "#e8f5e9"),
}
ROLE_CHAIR = N_("Chủ trì")
ROLE_ATTEND = N_("Tham dự")
ROLE_UNIT = N_("Đơn vị tham dự")


def state_badge_style(state: ScheduleState) -> str:
    """The style sheet of the state badge."""
    colour, background = STATE_COLOURS[state]
    return (
        f"QLabel {{ color: {colour}; background: {background}; border: 1px solid {colour}; "
        "border-radius: 9px; padding: 2px 10px; font-weight: bold; }"
    )


def state_text(state: ScheduleState) -> str:
    """ "Dự thảo", "Chờ duyệt", "Đã ban hành"."""
    return tr(STATE_LABELS[state])


def amendment_text(entry: EntryView) -> str:
    """ "Điều chỉnh 14:30 24/11"; "" for an entry as published."""
    if not entry.amendment:
        return ""
    when = entry.amended_at.astimezone(VN_TZ).strftime(" %H:%M %d/%m") if entry.amended_at else ""
    return tr(AMENDMENT_LABELS[entry.amendment]) + when


def entry_html(entry: EntryView, *, chair: bool = True, location: bool = True) -> str:
    """An entry as a few lines of rich text: time, amendment mark, content, chair, place."""
    e = html.escape
    lines = [f"<b>{e(entry.time_text)}</b>"]
    mark = amendment_text(entry)
    if mark:
        lines[0] += f' <i style="color:{BAD}">({e(mark)})</i>'
    content = e(entry.content)
    lines.append(f'<s style="color:{MUTED}">{content}</s>' if entry.cancelled else content)
    if chair and entry.chair is not None:
        lines.append(
            f'<span style="color:{MUTED}">{e(tr("Chủ trì"))}: {e(entry.chair.title)}</span>'
        )
    if location and entry.location:
        lines.append(f'<span style="color:{MUTED}">{e(tr("Tại"))}: {e(entry.location)}</span>')
    return "<br>".join(lines)


def entry_plain(entry: EntryView) -> str:
    """An entry on one line of plain text: "08:00–10:00 Giao ban … (Hủy)"."""
    mark = amendment_text(entry)
    return f"{entry.time_text} {entry.content}" + (f" ({mark})" if mark else "")
