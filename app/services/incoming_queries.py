"""Read side of incoming documents: lists with counts, the detail view, duplicates, the register."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import NotFound
from app.i18n import tr
from app.models import FlaggedOp, HistoryEntry, IncomingAssignment, IncomingDocument, Unit, User
from app.models.enums import (
    AssigneeKind,
    AssignmentRole,
    Confidentiality,
    IncomingState,
    Role,
    Urgency,
)
from app.services.auth import AuthContext, CurrentUser
from app.services.incoming_dto import (
    AssignmentView,
    Box,
    HistoryView,
    IncomingDetail,
    IncomingDraft,
    IncomingFilter,
    IncomingRow,
)
from app.services.incoming_lists import SEES_ALL, IncomingLists, incoming_row, mine_of
from app.services.list_plan import PAGE
from app.textfold import fold
from app.timeutil import VN_TZ, Clock, today_vn

D = IncomingDocument
A = IncomingAssignment


class IncomingQueries:
    """Queries over incoming documents, as the signed-in user may see them."""

    def __init__(self, read: sessionmaker[Session], auth: AuthContext, clock: Clock) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock
        self._lists = IncomingLists(read, auth, clock)

    def count(self, flt: IncomingFilter) -> int:
        """How many documents the list holds."""
        return self._lists.count(flt)

    def rows(
        self,
        flt: IncomingFilter,
        *,
        sort: str = "number",
        descending: bool = True,
        offset: int = 0,
        limit: int = PAGE,
        after: str | None = None,
    ) -> list[IncomingRow]:
        """One page of the list, sorted: the rows after document `after` (the last row of the
        page before), or from `offset` when `after` is None or no longer exists."""
        return self._lists.rows(
            flt, sort=sort, descending=descending, offset=offset, limit=limit, after=after
        )

    def box_counts(self) -> dict[Box, int]:
        """The count shown beside each list the user has."""
        return {box: self.count(IncomingFilter(box=box)) for box in self.boxes()}

    def boxes(self) -> list[Box]:
        """The lists this user works with, in menu order."""
        roles = self._auth.user.roles
        boxes: list[Box] = []
        if Role.CLERK in roles:
            boxes += [Box.QUEUE, Box.TO_SUBMIT]
        if Role.LEADER in roles:
            boxes.append(Box.TO_DIRECT)
        boxes += [Box.PENDING, Box.IN_PROGRESS, Box.OVERDUE, Box.DUE_WEEK, Box.DONE]
        boxes += [Box.COORDINATE, Box.INFO, Box.ALL]
        return boxes

    _row = staticmethod(incoming_row)

    def _get(self, s: Session, doc_id: str) -> IncomingDocument:
        doc = s.get(D, doc_id)
        if doc is None or not self._may_see(s, doc, self._auth.user):
            raise NotFound(tr("Không tìm thấy văn bản."))
        return doc

    @staticmethod
    def _may_see(s: Session, doc: IncomingDocument, user: CurrentUser) -> bool:
        if user.roles & SEES_ALL:
            return True
        one = exists().where(A.document_id == doc.id, mine_of(user))
        return bool(s.scalar(select(one)))

    def detail(self, doc_id: str) -> IncomingDetail:
        """The document with its handlers, history and flagged conflicts."""
        with self._read() as s:
            d = self._get(s, doc_id)
            names = names_by_id(s)
            assignments = [
                AssignmentView(
                    AssigneeKind(a.assignee_kind),
                    a.assignee_id,
                    names.get(a.assignee_id, "?"),
                    a.role,
                    a.status,
                    a.progress_note,
                )
                for a in s.scalars(select(A).where(A.document_id == doc_id))
            ]
            order = {
                AssignmentRole.PRIMARY: 0,
                AssignmentRole.COORDINATE: 1,
                AssignmentRole.INFO: 2,
            }
            assignments.sort(key=lambda a: (order[AssignmentRole(a.role)], a.name))
            history = history_of(s, f"incoming:{doc_id}", names)
            conflicts = [
                f.detail
                for f in s.scalars(
                    select(FlaggedOp).where(FlaggedOp.entity == f"incoming:{doc_id}")
                )
            ]
            return IncomingDetail(
                row=self._row(d, today_vn(self._clock)),
                draft=_draft(d),
                blob=d.blob,
                source=d.source,
                registered_by=names.get(d.registered_by or "", ""),
                submitted_to=d.submitted_to,
                instruction=d.instruction,
                assigned_by=names.get(d.assigned_by or "", ""),
                result_note=d.result_note,
                return_reason=d.return_reason,
                assignments=assignments,
                history=history,
                conflicts=conflicts,
            )

    def duplicates(self, draft: IncomingDraft, *, exclude_id: str = "") -> list[IncomingRow]:
        """Registered documents with the same số, ký hiệu and cơ quan ban hành (Phụ lục VI)."""
        if not draft.code_number and not draft.code_notation:
            return []
        with self._read() as s:
            candidates = s.scalars(
                select(D).where(
                    D.code_number == draft.code_number.strip(),
                    D.code_notation == draft.code_notation.strip(),
                    D.state.notin_([IncomingState.QUEUED, IncomingState.DISCARDED]),
                    D.id != exclude_id,
                )
            ).all()
        agency = fold(draft.issuing_agency)
        today = today_vn(self._clock)
        return [self._row(d, today) for d in candidates if fold(d.issuing_agency) == agency]

    def issuing_agencies(self, limit: int = 500) -> list[str]:
        """The issuing bodies seen so far, most frequent first (for completion in the form)."""
        with self._read() as s:
            rows = s.execute(
                select(D.issuing_agency, func.count())
                .where(D.issuing_agency != "")
                .group_by(D.issuing_agency)
                .order_by(func.count().desc())
                .limit(limit)
            ).all()
        return [r[0] for r in rows]

    def file_blob(self, doc_id: str) -> str:
        """The SHA-256 of the document's PDF."""
        with self._read() as s:
            return self._get(s, doc_id).blob


def history_of(s: Session, entity: str, names: dict[str, str]) -> list[HistoryView]:
    """An entity's processing history, oldest first, with people's and units' names."""
    return [
        HistoryView(
            h.at.replace(tzinfo=dt.UTC),
            names.get(h.actor_id, h.actor_id),
            h.action,
            h.text,
            json.loads(h.detail or "{}"),
        )
        for h in s.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.entity == entity)
            .order_by(HistoryEntry.order_key)
        )
    ]


def names_by_id(s: Session) -> dict[str, str]:
    names = {u.id: u.full_name for u in s.scalars(select(User))}
    names.update({u.id: u.name for u in s.scalars(select(Unit))})
    return names


def _draft(d: IncomingDocument) -> IncomingDraft:
    return IncomingDraft(
        code_number=d.code_number,
        code_notation=d.code_notation,
        document_date=d.document_date,
        issuing_agency=d.issuing_agency,
        doc_type=d.doc_type,
        summary=d.summary,
        signer_name=d.signer_name,
        signer_position=d.signer_position,
        urgency=Urgency(d.urgency),
        confidentiality=Confidentiality(d.confidentiality),
        page_count=d.page_count,
        due_date=d.due_date,
        arrival_date=d.arrival_date,
        note=d.note,
        recipients_text=d.recipients_text,
        language=d.language,
    )


def register_rows(s: Session, year: int, *, confidential: bool) -> list[Any]:
    """The lines of the year's Sổ đăng ký văn bản đến, in số đến order (ND30 Phụ lục IV)."""
    from app.documents.register_docx import IncomingRegisterRow
    from app.services.incoming import register_id_for

    secret = Confidentiality.CONFIDENTIAL if confidential else Confidentiality.NORMAL
    names = names_by_id(s)
    docs = s.scalars(
        select(D).where(D.register_id == register_id_for(year, secret)).order_by(D.arrival_number)
    ).all()
    handlers: dict[str, list[IncomingAssignment]] = {}
    for a in s.scalars(select(A).where(A.document_id.in_([d.id for d in docs]))):
        handlers.setdefault(a.document_id, []).append(a)
    rows = []
    for d in docs:
        assigned = sorted(
            handlers.get(d.id, []), key=lambda a: (a.role != AssignmentRole.PRIMARY, a.role)
        )
        recipients = "; ".join(
            names.get(a.assignee_id, "?")
            + (f" ({tr('phối hợp')})" if a.role == AssignmentRole.COORDINATE else "")
            for a in assigned
            if a.role != AssignmentRole.INFO
        )
        code = f"{d.code_number}/{d.code_notation}" if d.code_notation else d.code_number
        rows.append(
            IncomingRegisterRow(
                arrival_date=d.arrival_date or d.queued_at.date(),
                arrival_number=d.arrival_number or 0,
                issuing_agency=d.issuing_agency,
                code=code,
                document_date=d.document_date,
                type_and_summary=f"{d.doc_type}: {d.summary}" if d.doc_type else d.summary,
                recipients=recipients or d.recipients_text,
                handed_over=d.assigned_at.replace(tzinfo=dt.UTC).astimezone(VN_TZ).date()
                if d.assigned_at
                else None,
                note=d.note,
            )
        )
    return rows
