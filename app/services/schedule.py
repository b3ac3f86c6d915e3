"""The weekly work schedule: draft, submit, publish, amend; the grid, today's agenda, exports.

The office (clerks, officials) and leaders draft entries; a drafter submits the week; a leader
publishes it (or returns it with a reason). A published week changes only by amendment, made by
a clerk or a leader and marked on the entry ("Bổ sung", "Điều chỉnh", "Hủy"). Overlapping
bookings of a person or a place are warned about, never refused. Every op of a week is on the
entity "schedule:<week id>"; the reducers check the same rules again at replay.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.errors import Conflict, NotFound, PermissionDenied, UserError, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal
from app.journal.reducers.schedule import AMENDERS, entry_values, week_digest
from app.models import Organisation, ScheduleEntry, ScheduleWeek
from app.models.enums import Role, ScheduleState
from app.services.auth import AuthContext, CurrentUser
from app.services.changes import Changes
from app.services.ids import new_id
from app.services.schedule_checks import check_length, form_values, occurrences, overlap_warnings
from app.services.schedule_dto import (
    DEFAULT_DURATION_MIN,
    EntryForm,
    EntryView,
    ExportFormat,
    Recurrence,
    SaveResult,
    Scope,
    week_days,
    week_id_of,
    week_label,
)
from app.services.schedule_queries import ScheduleQueries
from app.timeutil import VN_TZ, Clock, today_vn

if TYPE_CHECKING:
    from app.documents.schedule_docx import ScheduleSheet, SheetEntry

S = ScheduleState
E = ScheduleEntry
DRAFTERS = (Role.CLERK, Role.OFFICIAL, Role.LEADER)


class ScheduleService(ScheduleQueries):
    """Commands (and, inherited, queries) on the weekly work schedule."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        blobs: BlobStore,
        clock: Clock,
    ) -> None:
        super().__init__(read, auth, clock, blobs)
        self._write = write
        self._journal = journal

    # -- overlaps
    def check(
        self,
        form: EntryForm,
        *,
        entry_id: str | None = None,
        recurrence: Recurrence | None = None,
        scope: Scope = Scope.ONE,
    ) -> list[str]:
        """The overlap warnings saving `form` would give (the dialog shows them first)."""
        with self._read() as s:
            values = form_values(s, form)
            if entry_id is not None:
                targets = self._targets(s, self._entry_row(s, entry_id), scope)
                skip = {t.id for t in targets}
                days = [values["day"]]
                if scope == Scope.SERIES:
                    days = [t.day.isoformat() for t in targets]
            else:
                days = [d.isoformat() for d in occurrences(form.day, recurrence)]
                skip = set()
            return overlap_warnings(s, [values | {"day": d} for d in days], skip)

    def _week_state(self, s: Session, week_id: str) -> S:
        row = s.get(ScheduleWeek, week_id)
        return S(row.state) if row else S.DRAFT

    def _may_change(
        self, s: Session, user: CurrentUser, week_id: str, *, amendment: bool, what: str
    ) -> bool:
        """True when the change is an amendment of a published week; refuses what may not be."""
        if self._week_state(s, week_id) != S.PUBLISHED:
            return False
        if not amendment:
            raise Conflict(
                tr(
                    "Lịch {week} đã ban hành; {what} phải thực hiện dưới dạng điều chỉnh "
                    "(bổ sung, điều chỉnh, hủy)."
                ).format(week=week_label(week_id), what=what)
            )
        if not user.roles & AMENDERS:
            raise PermissionDenied(
                tr("Chỉ văn thư hoặc lãnh đạo được điều chỉnh lịch đã ban hành.")
            )
        return True

    def add_entry(
        self,
        form: EntryForm,
        *,
        recurrence: Recurrence | None = None,
        amendment: bool = False,
        week_id: str | None = None,
    ) -> SaveResult:
        """Add an entry (or one per occurrence of `recurrence`); weeks are made on demand.

        `week_id`, when given, is the week the user is looking at: the day must fall in it.
        """
        user = self._auth.require(*DRAFTERS)
        if week_id is not None and form.day not in week_days(week_id):
            raise ValidationError(
                tr("Ngày {day} không thuộc {week}.").format(
                    day=f"{form.day:%d/%m/%Y}", week=week_label(week_id)
                ),
                field="day",
            )
        days = occurrences(form.day, recurrence)
        series = new_id() if recurrence is not None and len(days) > 1 else None
        changes: list[Change] = []
        ids: list[str] = []
        with self._write.begin() as s:
            values = form_values(s, form)
            planned = [values | {"day": d.isoformat()} for d in days]
            for day, occurrence in zip(days, planned, strict=True):
                week = week_id_of(day)
                what = tr("lần lặp ngày {day}").format(day=f"{day:%d/%m/%Y}")
                amending = self._may_change(
                    s, user, week, amendment=amendment, what=what if series else tr("thêm lịch")
                )
                entry_id = new_id()
                ids.append(entry_id)
                payload = occurrence | {
                    "entry_id": entry_id,
                    "series_id": series,
                    "amendment": amending,
                }
                changes.append(Change("schedule.entry_added", f"schedule:{week}", payload))
            warnings = overlap_warnings(s, planned, set())
            self._journal.commit(s, user.id, changes)
        weeks = frozenset(c.entity.partition(":")[2] for c in changes)
        return SaveResult(tuple(ids), tuple(warnings), Changes(schedule=weeks))

    def _entry_row(self, s: Session, entry_id: str) -> ScheduleEntry:
        row = s.get(E, entry_id)
        if row is None:
            raise NotFound(tr("Không tìm thấy lịch này; có thể nó vừa bị xóa."))
        if row.cancelled:
            raise Conflict(tr("Lịch này đã bị hủy."))
        return row

    def _targets(self, s: Session, row: ScheduleEntry, scope: Scope) -> list[ScheduleEntry]:
        """The entry, or its series from today on (past occurrences stay as they happened)."""
        if scope == Scope.ONE or row.series_id is None:
            return [row]
        today = today_vn(self._clock)
        series = s.scalars(
            select(E)
            .where(E.series_id == row.series_id, E.cancelled.is_(False))
            .order_by(E.day, E.id)
        ).all()
        return [e for e in series if e.day >= today or e.id == row.id]

    def update_entry(
        self,
        entry_id: str,
        form: EntryForm,
        *,
        scope: Scope = Scope.ONE,
        amendment: bool = False,
    ) -> SaveResult:
        """Change an entry (or its series: every field but the day). Only the fields that differ
        are sent, so two people changing different fields of one entry both keep theirs."""
        user = self._auth.require(*DRAFTERS)
        changes: list[Change] = []
        with self._write.begin() as s:
            row = self._entry_row(s, entry_id)
            values = form_values(s, form)
            if scope == Scope.ONE and week_id_of(form.day) != row.week_id:
                raise ValidationError(
                    tr(
                        "Chỉ đổi được sang ngày khác trong {week}; muốn chuyển sang tuần khác, "
                        "hãy hủy lịch này rồi thêm lịch mới."
                    ).format(week=week_label(row.week_id)),
                    field="day",
                )
            targets = self._targets(s, row, scope)
            planned = []
            for target in targets:
                wanted = values if scope == Scope.ONE else values | {"day": target.day.isoformat()}
                before = entry_values(s, target)
                fields = {k: v for k, v in wanted.items() if before[k] != v}
                if not fields:
                    continue
                amending = self._may_change(
                    s, user, target.week_id, amendment=amendment, what=tr("sửa lịch")
                )
                planned.append(wanted)
                changes.append(
                    Change(
                        "schedule.entry_changed",
                        f"schedule:{target.week_id}",
                        {"entry_id": target.id, "fields": fields, "amendment": amending},
                    )
                )
            warnings = overlap_warnings(s, planned, {t.id for t in targets})
            if changes:
                self._journal.commit(s, user.id, changes)
        weeks = frozenset(c.entity.partition(":")[2] for c in changes)
        ids = tuple(str(c.payload["entry_id"]) for c in changes)
        return SaveResult(ids, tuple(warnings), Changes(schedule=weeks))

    def cancel_entry(
        self,
        entry_id: str,
        reason: str = "",
        *,
        scope: Scope = Scope.ONE,
        amendment: bool = False,
    ) -> Changes:
        """Remove an entry of a week not yet published, or cancel one of a published week
        (an amendment: it stays, marked "Hủy")."""
        user = self._auth.require(*DRAFTERS)
        reason = reason.strip()
        check_length("reason", reason)
        changes: list[Change] = []
        with self._write.begin() as s:
            row = self._entry_row(s, entry_id)
            for target in self._targets(s, row, scope):
                amending = self._may_change(
                    s, user, target.week_id, amendment=amendment, what=tr("hủy lịch")
                )
                changes.append(
                    Change(
                        "schedule.entry_cancelled",
                        f"schedule:{target.week_id}",
                        {"entry_id": target.id, "reason": reason, "amendment": amending},
                    )
                )
            self._journal.commit(s, user.id, changes)
        return Changes(schedule=frozenset(c.entity.partition(":")[2] for c in changes))

    # -- the week's workflow
    def _week_row(self, s: Session, week_id: str) -> ScheduleWeek:
        week_days(week_id)  # a readable error for a malformed id
        row = s.get(ScheduleWeek, week_id)
        if row is None:
            raise ValidationError(
                tr("{week} chưa có lịch nào.").format(week=week_label(week_id)), field="week"
            )
        return row

    def submit(self, week_id: str, note: str = "") -> Changes:
        """Trình duyệt: send the drafted week to the leaders."""
        user = self._auth.require(*DRAFTERS)
        with self._write.begin() as s:
            row = self._week_row(s, week_id)
            if row.state == S.SUBMITTED:
                raise Conflict(tr("Lịch tuần đã được trình, đang chờ lãnh đạo duyệt."))
            if row.state == S.PUBLISHED:
                raise Conflict(tr("Lịch {week} đã ban hành.").format(week=week_label(week_id)))
            live = s.scalars(
                select(E.id).where(E.week_id == week_id, E.cancelled.is_(False))
            ).first()
            if live is None:
                raise ValidationError(
                    tr("{week} chưa có lịch nào để trình.").format(week=week_label(week_id))
                )
            self._journal.commit(
                s, user.id, [Change("schedule.submitted", f"schedule:{week_id}", {"note": note})]
            )
        return Changes(schedule=frozenset({week_id}))

    def return_week(self, week_id: str, reason: str) -> Changes:
        """Trả lại: a leader sends the week back to the office with a reason."""
        user = self._auth.require(Role.LEADER)
        reason = reason.strip()
        if not reason:
            raise ValidationError(tr("Cần ghi lý do trả lại."), field="reason")
        check_length("reason", reason)
        with self._write.begin() as s:
            row = self._week_row(s, week_id)
            if row.state != S.SUBMITTED:
                raise Conflict(tr("Chỉ trả lại được lịch tuần đang chờ duyệt."))
            self._journal.commit(
                s,
                user.id,
                [Change("schedule.returned", f"schedule:{week_id}", {"reason": reason})],
            )
        return Changes(schedule=frozenset({week_id}))

    def publish(self, week_id: str, *, seen_digest: str | None = None) -> Changes:
        """Duyệt và ban hành: the week as the leader saw it (`seen_digest`) becomes version 1."""
        user = self._auth.require(Role.LEADER)
        with self._write.begin() as s:
            row = self._week_row(s, week_id)
            if row.state == S.PUBLISHED:
                raise Conflict(tr("Lịch {week} đã ban hành rồi.").format(week=week_label(week_id)))
            if row.state != S.SUBMITTED:
                raise Conflict(tr("Lịch tuần chưa được trình duyệt."))
            digest = week_digest(s, week_id)
            if seen_digest is not None and seen_digest != digest:
                raise Conflict(
                    tr("Lịch tuần vừa được sửa; hãy xem lại trước khi duyệt và ban hành.")
                )
            self._journal.commit(
                s,
                user.id,
                [Change("schedule.published", f"schedule:{week_id}", {"digest": digest})],
            )
        return Changes(schedule=frozenset({week_id}))

    # -- exports
    def sheet(self, week_id: str) -> ScheduleSheet:
        """The week as the exports print it (cancelled amendments included, marked)."""
        from app.documents.schedule_docx import ScheduleSheet

        week = self.week(week_id)
        if not week.entries:
            raise UserError(tr("{week} chưa có lịch nào để xuất.").format(week=week_label(week_id)))
        with self._read() as s:
            org = s.get(Organisation, "org")
        published = week.state == S.PUBLISHED
        publisher = week.published_by
        return ScheduleSheet(
            parent_name=org.parent_name if org else "",
            organisation=org.name if org else "",
            place=org.place_name if org else "",
            week_id=week.id,
            monday=week.monday,
            published=published,
            version=week.version,
            publisher=publisher.name if publisher and published else "",
            publisher_position=publisher.position if publisher and published else "",
            published_at=_local(week.published_at) if published else None,
            entries=tuple(_sheet_entry(e) for e in week.entries),
            made_at=self._clock.now().astimezone(VN_TZ),
            today=today_vn(self._clock),
        )

    def render(self, week_id: str, fmt: ExportFormat) -> bytes:
        """The week as a file's bytes (DOCX, PDF through LibreOffice, ICS or HTML)."""
        from app.documents.schedule_docx import build_schedule_docx
        from app.documents.schedule_html import build_schedule_html
        from app.documents.schedule_ics import build_schedule_ics

        sheet = self.sheet(week_id)
        if fmt == ExportFormat.DOCX:
            return build_schedule_docx(sheet)
        if fmt == ExportFormat.PDF:
            from app.documents.pdf_convert import docx_to_pdf

            return docx_to_pdf(build_schedule_docx(sheet))
        if fmt == ExportFormat.ICS:
            return build_schedule_ics(sheet, default_minutes=DEFAULT_DURATION_MIN)
        return build_schedule_html(sheet)

    def export(self, week_id: str, fmt: ExportFormat, path: Path) -> int:
        """Write the week to `path` (whole or not at all); returns the number of entries."""
        from app.documents.docx_common import write_atomically  # python-docx: on use

        data = self.render(week_id, fmt)
        write_atomically(path, data, failure=tr("Không ghi được tệp “{name}” ({e})."))
        return len(self.week(week_id).entries)


# -- helpers -----------------------------------------------------------------------------------


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(VN_TZ) if moment is not None else None


def _sheet_entry(entry: EntryView) -> SheetEntry:
    """An EntryView as the exports' SheetEntry."""
    from app.documents.schedule_docx import SheetEntry

    return SheetEntry(
        uid=entry.id,
        day=entry.day,
        session=str(entry.session),
        start_time=entry.start_time,
        end_time=entry.end_time,
        content=entry.content,
        chair=entry.chair.title if entry.chair else "",
        participants=entry.participants_text,
        location=entry.location,
        preparing_unit=entry.preparing_unit.name if entry.preparing_unit else "",
        note=entry.note,
        separate_invitation=entry.separate_invitation,
        cancelled=entry.cancelled,
        amendment=entry.amendment,
        amended_at=_local(entry.amended_at),
        sequence=entry.sequence,
        links=tuple(link.text for link in entry.links),
    )
