"""Reducers of the weekly work schedule (lịch công tác tuần).

Every op of a week, entries included, is on the one entity "schedule:<week id>", so an op that
arrives late re-folds the whole week. The rules are checked again here at replay: a change to a
published week must be an amendment by the office (clerk) or a leader; a week is published only
as the leader saw it (the digest of its entries); an entry's day lies in its week, its times are
in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.journal.apply import Rejected, actor_facts, clearer, history, reducer
from app.journal.op import Op, canonical
from app.models import ScheduleEntry, ScheduleParticipant, ScheduleWeek
from app.models.enums import AssigneeKind, DaySession, Role
from app.models.enums import ScheduleState as S

DRAFTERS = {Role.CLERK, Role.OFFICIAL, Role.LEADER}
AMENDERS = frozenset({Role.CLERK, Role.LEADER})
# Entry fields an op may set, in the order histories list them.
ENTRY_FIELDS = (
    "day",
    "session",
    "start_time",
    "end_time",
    "content",
    "chair_id",
    "participants",
    "outside_participants",
    "location",
    "preparing_unit_id",
    "note",
    "separate_invitation",
    "links",
)
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def monday_of(week_id: str) -> dt.date:
    """The Monday of "2026-W48"; Rejected for anything else."""
    match = _WEEK.match(week_id)
    try:
        if match is None:
            raise ValueError(week_id)
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise Rejected("invalid", f"bad week id {week_id!r}") from exc


def participants_of(session: Session, entry_id: str) -> list[str]:
    """The entry's people and units as sorted "kind:id" strings."""
    return sorted(
        f"{p.assignee_kind}:{p.assignee_id}"
        for p in session.scalars(
            select(ScheduleParticipant).where(ScheduleParticipant.entry_id == entry_id)
        )
    )


def entry_values(session: Session, entry: ScheduleEntry) -> dict[str, Any]:
    """The entry's fields as JSON values (what ops carry and histories compare)."""
    return {
        "day": entry.day.isoformat(),
        "session": entry.session,
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "content": entry.content,
        "chair_id": entry.chair_id,
        "participants": participants_of(session, entry.id),
        "outside_participants": entry.outside_participants,
        "location": entry.location,
        "preparing_unit_id": entry.preparing_unit_id,
        "note": entry.note,
        "separate_invitation": entry.separate_invitation,
        "links": json.loads(entry.links or "[]"),
    }


def week_digest(session: Session, week_id: str) -> str:
    """SHA-256 of the week's entries as they stand: what a leader approves when publishing."""
    entries = session.scalars(
        select(ScheduleEntry).where(ScheduleEntry.week_id == week_id).order_by(ScheduleEntry.id)
    ).all()
    body = [[e.id, e.cancelled, entry_values(session, e)] for e in entries]
    return hashlib.sha256(canonical(body)).hexdigest()


def _week(session: Session, op: Op, *states: S) -> ScheduleWeek:
    week = session.get(ScheduleWeek, op.entity_id)
    if week is None:
        raise Rejected("invalid", "no such week")
    if states and week.state not in states:
        raise Rejected("conflict", f"{op.kind} in state {week.state}")
    return week


def _check_change_rights(session: Session, op: Op, week: ScheduleWeek) -> bool:
    """True when the op amends a published week; Rejected when it may not change the week."""
    if week.state != S.PUBLISHED:
        return False
    if not op.payload.get("amendment"):
        raise Rejected("conflict", "the week is published: only an amendment may change it")
    if not actor_facts(session, op.actor, op.order_key).roles & AMENDERS:
        raise Rejected("role", "only the office or a leader amends a published week")
    return True


def _check_values(week: ScheduleWeek, values: dict[str, Any]) -> None:
    """The rules on an entry's fields that hold whoever made the op."""
    try:
        day = dt.date.fromisoformat(values["day"])
        DaySession(values["session"])
        for ref in values["participants"]:
            AssigneeKind(ref.partition(":")[0])
        if not all(isinstance(link, str) for link in values["links"]):
            raise TypeError("links")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Rejected("invalid", f"malformed entry: {exc}") from exc
    if not week.monday <= day <= week.monday + dt.timedelta(days=6):
        raise Rejected("invalid", "the day is outside the week")
    start, end = values["start_time"], values["end_time"]
    if not isinstance(start, str) or not _TIME.match(start):
        raise Rejected("invalid", "bad start time")
    if end is not None and (not isinstance(end, str) or not _TIME.match(end) or end <= start):
        raise Rejected("invalid", "bad end time")
    if not str(values["content"]).strip():
        raise Rejected("invalid", "no content")
    # That the chair is an active leader is checked by the service only: a late user op is
    # re-checked against the ops its user made, not those naming them, so a check here could
    # leave two PCs with different weeks.
    if not isinstance(values["chair_id"], str) or not values["chair_id"]:
        raise Rejected("invalid", "no chair")


def _set_values(session: Session, entry: ScheduleEntry, values: dict[str, Any]) -> None:
    entry.day = dt.date.fromisoformat(values["day"])
    entry.session = values["session"]
    entry.start_time = values["start_time"]
    entry.end_time = values["end_time"]
    entry.content = values["content"]
    entry.chair_id = values["chair_id"]
    entry.outside_participants = values["outside_participants"]
    entry.location = values["location"]
    entry.preparing_unit_id = values["preparing_unit_id"]
    entry.note = values["note"]
    entry.separate_invitation = bool(values["separate_invitation"])
    entry.links = json.dumps(values["links"], ensure_ascii=False)
    session.execute(delete(ScheduleParticipant).where(ScheduleParticipant.entry_id == entry.id))
    session.flush()
    for ref in values["participants"]:
        kind, _, ref_id = ref.partition(":")
        session.add(
            ScheduleParticipant(
                entry_id=entry.id, assignee_kind=AssigneeKind(kind), assignee_id=ref_id
            )
        )
    session.flush()


def _mark_amended(op: Op, week: ScheduleWeek, entry: ScheduleEntry, kind: str) -> None:
    entry.amendment = kind
    entry.amended_at = op.at
    entry.amended_by = op.actor
    week.version += 1


def _detail(entry: ScheduleEntry, amendment: bool, **more: object) -> dict[str, object]:
    return {
        "entry": entry.id,
        "content": entry.content,
        "day": entry.day.isoformat(),
        "start_time": entry.start_time,
        "amendment": amendment,
        **more,
    }


@reducer("schedule.entry_added", roles=DRAFTERS)
def _entry_added(session: Session, op: Op) -> None:
    week = session.get(ScheduleWeek, op.entity_id)
    if week is None:  # weeks are made on demand by their first entry
        week = ScheduleWeek(
            id=op.entity_id,
            monday=monday_of(op.entity_id),
            state=S.DRAFT,
            version=0,
            note="",
            return_reason="",
        )
        session.add(week)
        session.flush()
    p = op.payload
    entry_id = p.get("entry_id")
    if not isinstance(entry_id, str) or session.get(ScheduleEntry, entry_id) is not None:
        raise Rejected("invalid", "no entry id, or the entry exists")
    amending = _check_change_rights(session, op, week)
    missing = [name for name in ENTRY_FIELDS if name not in p]
    if missing:
        raise Rejected("invalid", f"missing {', '.join(missing)}")
    values = {name: p[name] for name in ENTRY_FIELDS}
    _check_values(week, values)
    entry = ScheduleEntry(
        id=entry_id,
        week_id=week.id,
        series_id=p.get("series_id"),
        cancelled=False,
        amendment="",
        created_by=op.actor,
        created_at=op.at,
    )
    session.add(entry)
    _set_values(session, entry, values)
    if amending:
        _mark_amended(op, week, entry, "added")
    history(session, op, detail=_detail(entry, amending))


def _entry(session: Session, op: Op, week: ScheduleWeek) -> ScheduleEntry:
    entry_id = op.payload.get("entry_id")
    entry = session.get(ScheduleEntry, entry_id) if isinstance(entry_id, str) else None
    if entry is None or entry.week_id != week.id:
        raise Rejected("conflict", "no such entry in the week")
    if entry.cancelled:
        raise Rejected("conflict", "the entry is cancelled")
    return entry


@reducer("schedule.entry_changed", roles=DRAFTERS)
def _entry_changed(session: Session, op: Op) -> None:
    week = _week(session, op)
    entry = _entry(session, op, week)
    amending = _check_change_rights(session, op, week)
    before = entry_values(session, entry)
    fields = op.payload.get("fields")
    if not isinstance(fields, dict):
        raise Rejected("invalid", "no fields")
    wanted = {k: v for k, v in fields.items() if k in ENTRY_FIELDS}
    values = before | wanted
    _check_values(week, values)
    changes = {k: [before[k], values[k]] for k in ENTRY_FIELDS if before[k] != values[k]}
    _set_values(session, entry, values)
    if amending and changes:
        _mark_amended(op, week, entry, "added" if entry.amendment == "added" else "changed")
    history(session, op, detail=_detail(entry, amending and bool(changes), changes=changes))


@reducer("schedule.entry_cancelled", roles=DRAFTERS)
def _entry_cancelled(session: Session, op: Op) -> None:
    """Published: the entry stays, marked cancelled. Not yet published: it is removed."""
    week = _week(session, op)
    entry = _entry(session, op, week)
    amending = _check_change_rights(session, op, week)
    reason = str(op.payload.get("reason", ""))
    history(session, op, text=reason, detail=_detail(entry, amending))
    if amending:
        entry.cancelled = True
        _mark_amended(op, week, entry, "cancelled")
        return
    session.execute(delete(ScheduleParticipant).where(ScheduleParticipant.entry_id == entry.id))
    session.delete(entry)
    session.flush()


def _live_entries(session: Session, week_id: str) -> int:
    return len(
        session.scalars(
            select(ScheduleEntry.id).where(
                ScheduleEntry.week_id == week_id, ScheduleEntry.cancelled.is_(False)
            )
        ).all()
    )


@reducer("schedule.submitted", roles=DRAFTERS)
def _submitted(session: Session, op: Op) -> None:
    week = _week(session, op, S.DRAFT)
    if not _live_entries(session, week.id):
        raise Rejected("invalid", "an empty week")
    week.state = S.SUBMITTED
    week.submitted_by = op.actor
    week.submitted_at = op.at
    week.return_reason = ""
    note = str(op.payload.get("note", ""))
    history(session, op, text=note)


@reducer("schedule.returned", roles={Role.LEADER})
def _returned(session: Session, op: Op) -> None:
    week = _week(session, op, S.SUBMITTED)
    week.state = S.DRAFT
    week.return_reason = str(op.payload.get("reason", ""))
    history(session, op, text=week.return_reason)


@reducer("schedule.published", roles={Role.LEADER})
def _published(session: Session, op: Op) -> None:
    week = _week(session, op, S.SUBMITTED)
    if op.payload.get("digest") != week_digest(session, week.id):
        raise Rejected("conflict", "the week changed after the leader looked at it")
    week.state = S.PUBLISHED
    week.version = 1
    week.published_by = op.actor
    week.published_at = op.at
    week.return_reason = ""
    history(session, op)


@clearer("schedule")
def _clear(session: Session, week_id: str) -> None:
    entries = select(ScheduleEntry.id).where(ScheduleEntry.week_id == week_id)
    session.execute(delete(ScheduleParticipant).where(ScheduleParticipant.entry_id.in_(entries)))
    session.execute(delete(ScheduleEntry).where(ScheduleEntry.week_id == week_id))
    session.execute(delete(ScheduleWeek).where(ScheduleWeek.id == week_id))
