"""Read side of the weekly work schedule: a week with its history, the by-leader grid, today's
agenda, entries of a date range, documents to link, and the sheet the exports print.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.errors import NotFound
from app.i18n import N_, tr
from app.journal.reducers.schedule import AMENDERS, week_digest
from app.models import (
    FlaggedOp,
    HistoryEntry,
    IncomingDocument,
    OpRecord,
    OutgoingDocument,
    ScheduleEntry,
    ScheduleParticipant,
    ScheduleWeek,
    Unit,
    User,
)
from app.models.enums import AssigneeKind, DaySession, Role, ScheduleState
from app.services.auth import AuthContext, CurrentUser
from app.services.incoming_dto import Box, IncomingFilter
from app.services.incoming_queries import IncomingQueries
from app.services.outgoing_dto import OutgoingBox
from app.services.outgoing_queries import OutgoingQueries, code_of
from app.services.schedule_dto import (
    AMENDMENT_LABELS,
    FIELD_LABELS,
    SESSION_LABELS,
    DocumentChoice,
    EntryView,
    HistoryLine,
    LeaderColumn,
    LeaderGrid,
    LinkView,
    Person,
    WeekAction,
    WeekView,
    monday_of,
    week_id_of,
)
from app.textfold import sort_key
from app.timeutil import Clock, fmt_datetime, today_vn

E = ScheduleEntry
S = ScheduleState
DRAFTING_ROLES = frozenset({Role.CLERK, Role.OFFICIAL, Role.LEADER})
_ACTION_LABELS = {
    ("schedule.entry_added", False): N_("Thêm lịch"),
    ("schedule.entry_added", True): N_("Bổ sung lịch"),
    ("schedule.entry_changed", False): N_("Sửa lịch"),
    ("schedule.entry_changed", True): N_("Điều chỉnh lịch"),
    ("schedule.entry_cancelled", False): N_("Xóa lịch"),
    ("schedule.entry_cancelled", True): N_("Hủy lịch"),
    ("schedule.submitted", False): N_("Trình duyệt"),
    ("schedule.returned", False): N_("Trả lại"),
    ("schedule.published", False): N_("Duyệt và ban hành"),
}
_REASONS = {
    "conflict": N_("không còn phù hợp với trạng thái của lịch tuần"),
    "role": N_("người thực hiện không có quyền"),
    "invalid": N_("dữ liệu không hợp lệ"),
}


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None else None


def _position_rank(position: str) -> int:
    """Chủ tịch first, then the Phó Chủ tịch, then anyone else."""
    folded = position.casefold()
    if folded.startswith("chủ tịch"):
        return 0
    if "phó chủ tịch" in folded:
        return 1
    return 2


class _Directory:
    """Names and positions of everyone, read once per query."""

    def __init__(self, s: Session) -> None:
        self.users = {u.id: u for u in s.scalars(select(User))}
        self.units = {u.id: u for u in s.scalars(select(Unit))}

    def person(self, kind: str, ref_id: str | None) -> Person | None:
        if not ref_id:
            return None
        if kind == AssigneeKind.UNIT:
            unit = self.units.get(ref_id)
            return Person(AssigneeKind.UNIT, ref_id, unit.name if unit else ref_id)
        user = self.users.get(ref_id)
        if user is None:
            return Person(AssigneeKind.USER, ref_id, ref_id)
        return Person(AssigneeKind.USER, ref_id, user.full_name, user.position)

    def name(self, ref_id: str | None) -> str:
        if not ref_id:
            return ""
        if ref_id in self.users:
            return self.users[ref_id].full_name
        if ref_id in self.units:
            return self.units[ref_id].name
        return ref_id


class ScheduleQueries:
    """Queries over the schedule; everyone signed in may read every week."""

    def __init__(
        self, read: sessionmaker[Session], auth: AuthContext, clock: Clock, blobs: BlobStore
    ) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock
        self._blobs = blobs

    def current_week_id(self) -> str:
        """The week of today (Vietnam time)."""
        return week_id_of(today_vn(self._clock))

    # -- one week
    def week(self, week_id: str) -> WeekView:
        """A week with its entries, history, conflicts and what the user may do now."""
        monday = monday_of(week_id)
        with self._read() as s:
            names = _Directory(s)
            row = s.get(ScheduleWeek, week_id)
            entries = s.scalars(
                select(E).where(E.week_id == week_id).order_by(E.day, E.start_time, E.id)
            ).all()
            views = self._views(s, entries, names)
            history = tuple(self._history(s, week_id, names))
            conflicts = tuple(self._conflicts(s, week_id, names))
            digest = week_digest(s, week_id)
        state = S(row.state) if row else S.DRAFT
        user = self._auth.user if self._auth.signed_in else None
        return WeekView(
            id=week_id,
            monday=monday,
            state=state,
            exists=row is not None,
            version=row.version if row else 0,
            submitted_by=names.name(row.submitted_by) if row else "",
            submitted_at=_aware(row.submitted_at) if row else None,
            published_by=names.person(AssigneeKind.USER, row.published_by) if row else None,
            published_at=_aware(row.published_at) if row else None,
            return_reason=row.return_reason if row else "",
            entries=tuple(views),
            history=history,
            actions=_actions(user, state, any(not v.cancelled for v in views)),
            conflicts=conflicts,
            digest=digest,
        )

    def entry(self, entry_id: str) -> EntryView:
        """One entry; NotFound when there is none."""
        with self._read() as s:
            row = s.get(E, entry_id)
            if row is None:
                raise NotFound(tr("Không tìm thấy lịch này; có thể nó vừa bị xóa."))
            return self._views(s, [row], _Directory(s))[0]

    def leader_grid(self, week_id: str) -> LeaderGrid:
        """Rows day × session, one column per leader (chairing, or taking part in person)."""
        week = self.week(week_id)
        with self._read() as s:
            names = _Directory(s)
            leaders = {
                u.id: u
                for u in names.users.values()
                if u.active and Role.LEADER in u.roles.split(",")
            }
        for entry in week.entries:  # a former leader still shows with their entries
            if entry.chair and entry.chair.id in names.users:
                leaders.setdefault(entry.chair.id, names.users[entry.chair.id])
        ordered = sorted(
            leaders.values(), key=lambda u: (_position_rank(u.position), sort_key(u.full_name))
        )
        columns = []
        for user in ordered:
            cells: dict[tuple[dt.date, DaySession], list[tuple[EntryView, bool]]] = {}
            for entry in week.entries:
                chairs = entry.chair is not None and entry.chair.id == user.id
                attends = any(
                    p.kind == AssigneeKind.USER and p.id == user.id for p in entry.participants
                )
                if chairs or attends:
                    cells.setdefault((entry.day, entry.session), []).append((entry, chairs))
            person = Person(AssigneeKind.USER, user.id, user.full_name, user.position)
            columns.append(LeaderColumn(person, cells))
        used = {(e.day, e.session) for e in week.entries}
        rows = tuple(
            (day, session)
            for day in week.days
            for session in DaySession
            if (day, session) in used or (day.weekday() < 5 and session != DaySession.EVENING)
        )
        return LeaderGrid(week_id, rows, tuple(columns))

    # -- across weeks
    def entries_between(
        self, first: dt.date, last: dt.date, *, published_only: bool = False
    ) -> list[EntryView]:
        """Entries from `first` to `last` inclusive, by day and time."""
        with self._read() as s:
            stmt = select(E).where(E.day >= first, E.day <= last)
            if published_only:
                published = select(ScheduleWeek.id).where(ScheduleWeek.state == S.PUBLISHED)
                stmt = stmt.where(E.week_id.in_(published))
            rows = s.scalars(stmt.order_by(E.day, E.start_time, E.id)).all()
            return self._views(s, rows, _Directory(s))

    def today_agenda(self, *, published_only: bool = False) -> list[EntryView]:
        """Today's entries for the signed-in user: those they chair or take part in (in person
        or through their unit); a leader sees all of today's entries."""
        user = self._auth.user
        today = today_vn(self._clock)
        entries = self.entries_between(today, today, published_only=published_only)
        if Role.LEADER in user.roles:
            return entries
        return [e for e in entries if _concerns(e, user)]

    # -- linking documents
    def find_documents(self, text: str, *, limit: int = 15) -> list[DocumentChoice]:
        """Incoming and issued outgoing documents matching `text` (số, ký hiệu, trích yếu) that
        the user may see."""
        if not text.strip():
            return []
        incoming = IncomingQueries(self._read, self._auth, self._clock)
        outgoing = OutgoingQueries(self._read, self._auth, self._clock, self._blobs)
        found = [
            DocumentChoice(
                f"incoming:{r.id}",
                tr("Văn bản đến số {n}: {code} — {summary}").format(
                    n=r.arrival_number or "…", code=r.code, summary=r.summary
                ),
            )
            for r in incoming.rows(IncomingFilter(box=Box.ALL, text=text), limit=limit)
        ]
        found += [
            DocumentChoice(
                f"outgoing:{r.id}",
                tr("Văn bản đi {code} — {summary}").format(code=r.code, summary=r.summary),
            )
            for r in outgoing.rows(OutgoingBox.ISSUED, text, limit=limit)
        ]
        return found[:limit]

    # -- building views
    def _views(
        self, s: Session, entries: Sequence[ScheduleEntry], names: _Directory
    ) -> list[EntryView]:
        ids = [e.id for e in entries]
        people: dict[str, list[Person]] = {}
        for p in s.scalars(
            select(ScheduleParticipant).where(ScheduleParticipant.entry_id.in_(ids))
        ):
            person = names.person(p.assignee_kind, p.assignee_id)
            if person is not None:
                people.setdefault(p.entry_id, []).append(person)
        weeks = {e.week_id for e in entries}
        states = {
            w.id: S(w.state)
            for w in s.scalars(select(ScheduleWeek).where(ScheduleWeek.id.in_(weeks)))
        }
        sequences = self._sequences(s, weeks)
        links = self._link_texts(s, [json.loads(e.links or "[]") for e in entries])
        return [
            EntryView(
                id=e.id,
                week_id=e.week_id,
                week_state=states.get(e.week_id, S.DRAFT),
                day=e.day,
                session=DaySession(e.session),
                start_time=e.start_time,
                end_time=e.end_time,
                content=e.content,
                chair=names.person(AssigneeKind.USER, e.chair_id),
                participants=tuple(
                    sorted(people.get(e.id, []), key=lambda p: (p.kind, sort_key(p.name)))
                ),
                outside_participants=e.outside_participants,
                location=e.location,
                preparing_unit=names.person(AssigneeKind.UNIT, e.preparing_unit_id),
                note=e.note,
                separate_invitation=e.separate_invitation,
                links=tuple(
                    LinkView(ref, links.get(ref, ref)) for ref in json.loads(e.links or "[]")
                ),
                series_id=e.series_id,
                cancelled=e.cancelled,
                amendment=e.amendment,
                amended_at=_aware(e.amended_at),
                amended_by=names.name(e.amended_by),
                sequence=sequences.get(e.id, 0),
            )
            for e in entries
        ]

    @staticmethod
    def _sequences(s: Session, weeks: Iterable[str]) -> dict[str, int]:
        """How many amendments changed each entry (its iCalendar SEQUENCE)."""
        counts: dict[str, int] = {}
        entities = [f"schedule:{w}" for w in weeks]
        for detail in s.scalars(
            select(HistoryEntry.detail).where(
                HistoryEntry.entity.in_(entities),
                HistoryEntry.action.in_(["schedule.entry_changed", "schedule.entry_cancelled"]),
            )
        ):
            data = json.loads(detail or "{}")
            if data.get("amendment"):
                counts[data["entry"]] = counts.get(data["entry"], 0) + 1
        return counts

    @staticmethod
    def _link_texts(s: Session, lists: Iterable[list[str]]) -> dict[str, str]:
        refs = {ref for refs in lists for ref in refs}
        incoming = [r.partition(":")[2] for r in refs if r.startswith("incoming:")]
        outgoing = [r.partition(":")[2] for r in refs if r.startswith("outgoing:")]
        texts = {ref: tr("(văn bản không còn)") for ref in refs}
        for d in s.scalars(select(IncomingDocument).where(IncomingDocument.id.in_(incoming))):
            code = f"{d.code_number}/{d.code_notation}" if d.code_notation else d.code_number
            texts[f"incoming:{d.id}"] = tr("Văn bản đến số {n}: {code} — {summary}").format(
                n=d.arrival_number or "…", code=code, summary=d.summary
            )
        for o in s.scalars(select(OutgoingDocument).where(OutgoingDocument.id.in_(outgoing))):
            texts[f"outgoing:{o.id}"] = tr("Văn bản đi {code} — {summary}").format(
                code=code_of(o), summary=o.summary
            )
        return texts

    def _history(self, s: Session, week_id: str, names: _Directory) -> Iterable[HistoryLine]:
        for h in s.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.entity == f"schedule:{week_id}")
            .order_by(HistoryEntry.order_key)
        ):
            detail: dict[str, Any] = json.loads(h.detail or "{}")
            amendment = bool(detail.get("amendment"))
            label = _ACTION_LABELS.get((h.action, amendment), h.action)
            yield HistoryLine(
                at=h.at.replace(tzinfo=dt.UTC),
                actor=names.name(h.actor_id),
                action=tr(label),
                text=_history_text(h.text, detail, names),
                amendment=amendment,
            )

    @staticmethod
    def _conflicts(s: Session, week_id: str, names: _Directory) -> Iterable[str]:
        for flagged, record in s.execute(
            select(FlaggedOp, OpRecord)
            .join(OpRecord, OpRecord.op_id == FlaggedOp.op_id)
            .where(FlaggedOp.entity == f"schedule:{week_id}")
            .order_by(OpRecord.order_key)
        ):
            label = next(
                (tr(v) for (kind, _), v in _ACTION_LABELS.items() if kind == record.kind),
                record.kind,
            )
            yield tr("Thao tác “{action}” của {who} không được áp dụng: {why}.").format(
                action=label,
                who=names.name(record.actor),
                why=tr(_REASONS.get(flagged.reason, flagged.reason)),
            )


def _concerns(entry: EntryView, user: CurrentUser) -> bool:
    """The user chairs the entry or takes part in it, in person or through their unit."""
    if entry.chair is not None and entry.chair.id == user.id:
        return True
    return any(
        (p.kind == AssigneeKind.USER and p.id == user.id)
        or (p.kind == AssigneeKind.UNIT and user.unit_id is not None and p.id == user.unit_id)
        for p in entry.participants
    )


def _actions(user: CurrentUser | None, state: S, has_entries: bool) -> frozenset[WeekAction]:
    if user is None:
        return frozenset()
    acts: set[WeekAction] = set()
    drafts = bool(user.roles & DRAFTING_ROLES)
    if state in (S.DRAFT, S.SUBMITTED) and drafts:
        acts |= {WeekAction.ADD, WeekAction.EDIT}
    if state == S.DRAFT and drafts and has_entries:
        acts.add(WeekAction.SUBMIT)
    if state == S.SUBMITTED and Role.LEADER in user.roles:
        acts |= {WeekAction.PUBLISH, WeekAction.RETURN}
    if state == S.PUBLISHED and user.roles & AMENDERS:
        acts.add(WeekAction.AMEND)
    return frozenset(acts)


def _value_text(name: str, value: Any, names: _Directory) -> str:
    """A field's value as a person reads it in the history."""
    if value in (None, "", []):
        return tr("(trống)")
    if name == "day":
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if name == "session":
        return tr(SESSION_LABELS[DaySession(value)])
    if name in ("chair_id", "preparing_unit_id"):
        return names.name(value)
    if name == "participants":
        return ", ".join(names.name(ref.partition(":")[2]) for ref in value)
    if name == "separate_invitation":
        return tr("Có") if value else tr("Không")
    if name == "links":
        return tr("{n} văn bản").format(n=len(value))
    return str(value)


def _field_order(item: tuple[str, Any]) -> int:
    order = list(FIELD_LABELS)
    return order.index(item[0]) if item[0] in order else len(order)


def _history_text(text: str, detail: dict[str, Any], names: _Directory) -> str:
    """ "Thứ Hai 23/11 08:00 Giao ban: Giờ bắt đầu: 08:00 → 09:00; …" and any reason."""
    parts = []
    if "entry" in detail:
        day = dt.date.fromisoformat(detail["day"]).strftime("%d/%m/%Y")
        parts.append(f"{day} {detail.get('start_time', '')} — {detail.get('content', '')}")
    changes = detail.get("changes") or {}
    if changes:
        parts.append(
            "; ".join(
                f"{tr(FIELD_LABELS.get(name, name))}: {_value_text(name, old, names)} → "
                f"{_value_text(name, new, names)}"
                for name, (old, new) in sorted(changes.items(), key=_field_order)
            )
        )
    if text:
        parts.append(tr("Lý do: {text}").format(text=text) if "entry" in detail else text)
    return "\n".join(parts)


def amended_text(entry: EntryView) -> str:
    """ "Điều chỉnh lúc 14:30 24/11/2026 (Lê Thu Hà)"; "" for an original entry."""
    if not entry.amendment:
        return ""
    return tr("{what} lúc {when} ({who})").format(
        what=tr(AMENDMENT_LABELS[entry.amendment]),
        when=fmt_datetime(entry.amended_at),
        who=entry.amended_by,
    )
