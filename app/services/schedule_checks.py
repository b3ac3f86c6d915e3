"""The rules an entry of the weekly schedule must follow, and the overlaps it is warned about.

A form becomes the values an entry op carries only when every field is valid: content given,
texts within their limits, times "HH:MM" with the end after the start, an active leader in the
chair, active participants and units, existing documents. Overlaps (a person or a place booked
twice) are warnings, never refusals; an entry without an end time lasts DEFAULT_DURATION_MIN.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.i18n import N_, tr
from app.journal.reducers.schedule import entry_values
from app.models import IncomingDocument, OutgoingDocument, ScheduleEntry, Unit, User
from app.models.enums import AssigneeKind, Role
from app.services.schedule_dto import (
    DEFAULT_DURATION_MIN,
    LIMITS,
    MAX_LINKS,
    MAX_OCCURRENCES,
    MAX_PARTICIPANTS,
    MAX_RECURRENCE_DAYS,
    EntryForm,
    Recurrence,
    minutes,
    parse_time,
    session_for,
    time_range_text,
)

E = ScheduleEntry

_LIMIT_LABELS = {
    "content": N_("Nội dung"),
    "outside_participants": N_("Thành phần khác"),
    "location": N_("Địa điểm"),
    "note": N_("Ghi chú"),
    "reason": N_("Lý do"),
}


def check_length(name: str, text: str) -> None:
    """ValidationError when `text` is longer than the limit of field `name`."""
    if len(text) > LIMITS[name]:
        raise ValidationError(
            tr("{what} dài {n} ký tự, quá giới hạn {limit} ký tự.").format(
                what=tr(_LIMIT_LABELS[name]), n=len(text), limit=LIMITS[name]
            ),
            field=name,
        )


def form_values(s: Session, form: EntryForm) -> dict[str, Any]:
    """The form as op values (what the entry ops carry), or a ValidationError naming the field."""
    content = form.content.strip()
    if not content:
        raise ValidationError(tr("Cần nhập nội dung công việc."), field="content")
    outside, location, note = (
        form.outside_participants.strip(),
        " ".join(form.location.split()),
        form.note.strip(),
    )
    for name, text in (
        ("content", content),
        ("outside_participants", outside),
        ("location", location),
        ("note", note),
    ):
        check_length(name, text)
    if not 2000 <= form.day.year <= 2100:
        raise ValidationError(tr("Ngày không hợp lệ."), field="day")
    start = parse_time(form.start_time, field_name="start_time")
    end = parse_time(form.end_time, field_name="end_time") if form.end_time else None
    if end is not None and end <= start:
        raise ValidationError(
            tr("Giờ kết thúc ({end}) phải sau giờ bắt đầu ({start}).").format(end=end, start=start),
            field="end_time",
        )
    _check_chair(s, form.chair_id)
    return {
        "day": form.day.isoformat(),
        "session": str(form.session or session_for(start)),
        "start_time": start,
        "end_time": end,
        "content": content,
        "chair_id": form.chair_id,
        "participants": _participants(s, form),
        "outside_participants": outside,
        "location": location,
        "preparing_unit_id": _unit(s, form.preparing_unit_id),
        "note": note,
        "separate_invitation": bool(form.separate_invitation),
        "links": _links(s, form.links),
    }


def _check_chair(s: Session, chair_id: str) -> None:
    chair = s.get(User, chair_id) if chair_id else None
    if chair is None:
        raise ValidationError(tr("Cần chọn lãnh đạo chủ trì."), field="chair")
    if not chair.active:
        raise ValidationError(
            tr("{name} đã ngừng hoạt động; hãy chọn lãnh đạo khác chủ trì.").format(
                name=chair.full_name
            ),
            field="chair",
        )
    if Role.LEADER not in chair.roles.split(","):
        raise ValidationError(
            tr("{name} không phải lãnh đạo; người chủ trì phải là lãnh đạo UBND.").format(
                name=chair.full_name
            ),
            field="chair",
        )


def _participants(s: Session, form: EntryForm) -> list[str]:
    refs = sorted({f"{p.kind}:{p.id}" for p in form.participants})
    if len(refs) > MAX_PARTICIPANTS:
        raise ValidationError(
            tr("Thành phần có quá {n} người, đơn vị.").format(n=MAX_PARTICIPANTS),
            field="participants",
        )
    for p in form.participants:
        row: User | Unit | None = (
            s.get(User, p.id) if p.kind == AssigneeKind.USER else s.get(Unit, p.id)
        )
        if row is None or not row.active:
            name = row.full_name if isinstance(row, User) else row.name if row else p.id
            raise ValidationError(
                tr("{name} không còn hoạt động; hãy bỏ khỏi thành phần.").format(name=name),
                field="participants",
            )
    return refs


def _unit(s: Session, unit_id: str | None) -> str | None:
    if not unit_id:
        return None
    unit = s.get(Unit, unit_id)
    if unit is None or not unit.active:
        raise ValidationError(tr("Đơn vị chuẩn bị không còn hoạt động."), field="unit")
    return unit_id


def _links(s: Session, links: tuple[str, ...]) -> list[str]:
    refs = list(dict.fromkeys(links))
    if len(refs) > MAX_LINKS:
        raise ValidationError(
            tr("Chỉ gắn được tối đa {n} văn bản liên quan.").format(n=MAX_LINKS),
            field="links",
        )
    for ref in refs:
        kind, _, doc_id = ref.partition(":")
        model = {"incoming": IncomingDocument, "outgoing": OutgoingDocument}.get(kind)
        if model is None or s.get(model, doc_id) is None:
            raise ValidationError(tr("Văn bản liên quan không còn."), field="links")
    return refs


def overlap_warnings(s: Session, planned: list[dict[str, Any]], skip: set[str]) -> list[str]:
    """A person (chair or participant) or a place booked twice at overlapping times.

    `planned` holds entries as op values; entries whose ids are in `skip` are not compared.
    """
    users = {u.id: u for u in s.scalars(select(User))}
    out: list[str] = []
    for values in planned:
        day = dt.date.fromisoformat(values["day"])
        start, end = _span(values["start_time"], values["end_time"])
        mine = _people(values["chair_id"], values["participants"])
        place = " ".join(values["location"].casefold().split())
        others = s.scalars(
            select(E).where(E.day == day, E.cancelled.is_(False), E.id.notin_(skip))
        ).all()
        for other in others:
            o_start, o_end = _span(other.start_time, other.end_time)
            if not (start < o_end and o_start < end):
                continue
            when = tr("{time} ngày {day}").format(
                time=time_range_text(other.start_time, other.end_time),
                day=f"{day:%d/%m/%Y}",
            )
            theirs = _people(other.chair_id, entry_values(s, other)["participants"])
            for user_id in sorted(mine & theirs):
                user = users.get(user_id)
                who = f"{user.position} {user.full_name}".strip() if user else user_id
                out.append(
                    tr("{who} đã có lịch {when}: {content}").format(
                        who=who, when=when, content=_short(other.content)
                    )
                )
            if place and place == " ".join(other.location.casefold().split()):
                out.append(
                    tr("Địa điểm “{place}” đã có lịch {when}: {content}").format(
                        place=other.location, when=when, content=_short(other.content)
                    )
                )
    return list(dict.fromkeys(out))


def occurrences(day: dt.date, recurrence: Recurrence | None) -> list[dt.date]:
    """The days an entry is made on: `day`, or each chosen weekday from `day` to `until`."""
    if recurrence is None:
        return [day]
    if not recurrence.weekdays or not all(0 <= w <= 6 for w in recurrence.weekdays):
        raise ValidationError(tr("Cần chọn các thứ trong tuần để lặp lại."), field="recurrence")
    if recurrence.until < day:
        raise ValidationError(
            tr("Ngày kết thúc lặp lại phải từ ngày {day} trở đi.").format(day=f"{day:%d/%m/%Y}"),
            field="until",
        )
    if (recurrence.until - day).days > MAX_RECURRENCE_DAYS:
        raise ValidationError(tr("Chỉ lặp lại được trong tối đa một năm."), field="until")
    days = [
        day + dt.timedelta(days=i)
        for i in range((recurrence.until - day).days + 1)
        if (day + dt.timedelta(days=i)).weekday() in recurrence.weekdays
    ]
    if not days:
        raise ValidationError(
            tr("Không có ngày nào khớp các thứ đã chọn trong khoảng thời gian này."),
            field="recurrence",
        )
    if len(days) > MAX_OCCURRENCES:
        raise ValidationError(
            tr("Lặp lại tạo quá {n} lịch; hãy rút ngắn khoảng thời gian.").format(
                n=MAX_OCCURRENCES
            ),
            field="until",
        )
    return days


def _span(start: str, end: str | None) -> tuple[int, int]:
    """Minutes from midnight; an entry without an end lasts DEFAULT_DURATION_MIN."""
    first = minutes(start)
    return first, minutes(end) if end else first + DEFAULT_DURATION_MIN


def _people(chair_id: str | None, participants: list[str]) -> set[str]:
    users = {ref.partition(":")[2] for ref in participants if ref.startswith("user:")}
    return users | ({chair_id} if chair_id else set())


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
