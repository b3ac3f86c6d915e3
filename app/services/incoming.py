"""Incoming documents: queue, register (số đến), submit, assign, handle, comment, export.

Every command checks the user's role and the document's state, then commits ops through the
journal; the same rules are checked again when ops are replayed (app/journal/reducers).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.errors import Conflict, NotFound, UserError, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal
from app.models import (
    HistoryEntry,
    IncomingAssignment,
    IncomingDocument,
    OpRecord,
    Organisation,
    Register,
    Unit,
    User,
)
from app.models.enums import (
    AssigneeKind,
    AssignmentRole,
    Confidentiality,
    HandlingStatus,
    IncomingState,
    Role,
    Source,
)
from app.services.auth import AuthContext, CurrentUser
from app.services.changes import Changes
from app.services.ids import new_id
from app.services.incoming_dto import (
    FIELD_LABELS,
    LIMITS,
    AssignmentDraft,
    HandlerRef,
    IncomingDraft,
    IncomingRow,
)
from app.services.incoming_queries import IncomingQueries
from app.services.numbering import (
    LocalNumberAuthority,
    Taken,
    TargetNumberAuthority,
    forget_attempt,
)
from app.sync.claims import claim_key
from app.sync.target import TargetUnreachable
from app.timeutil import VN_TZ, Clock, fmt_date, today_vn

S = IncomingState
MAX_TEXT = 2000


class DuplicateFile(UserError):
    """The same file is already in the queue or registered."""


class LikelyDuplicate(UserError):
    """A registered document has the same số, ký hiệu and cơ quan ban hành; confirm to go on."""

    def __init__(self, message: str, duplicates: list[IncomingRow]) -> None:
        super().__init__(message)
        self.duplicates = duplicates


@dataclass(frozen=True)
class Registered:
    """The result of registration: the số đến in its year, or None while it waits for one."""

    id: str
    year: int
    arrival_number: int | None
    changes: Changes


def series_for(confidentiality: Confidentiality | str) -> str:
    """The numbering series: confidential documents have one of their own."""
    return "incoming-mat" if confidentiality != Confidentiality.NORMAL else "incoming"


def register_id_for(year: int, confidentiality: Confidentiality | str) -> str:
    """Confidential documents go to a register of their own, with their own numbers."""
    return f"{series_for(confidentiality)}-{year}"


def register_change(year: int, confidentiality: Confidentiality | str) -> Change:
    """The op that opens the year's register (the confidential one for a secret document)."""
    secret = confidentiality != Confidentiality.NORMAL
    name = tr("Sổ văn bản đến mật năm {y}") if secret else tr("Sổ văn bản đến năm {y}")
    payload = {
        "kind": "incoming",
        "year": year,
        "name": name.format(y=year),
        "confidential": secret,
    }
    return Change("register.set", f"register:{register_id_for(year, confidentiality)}", payload)


def registration_change(
    doc_id: str, draft: IncomingDraft, arrival: dt.date, number: int | None
) -> Change:
    """The op that records a document in its register, with its số đến when it has one."""
    payload = _meta_payload(draft) | {"arrival_date": arrival.isoformat()}
    if number is not None:
        payload |= {
            "register_id": register_id_for(arrival.year, draft.confidentiality),
            "year": arrival.year,
            "arrival_number": number,
        }
    return Change("incoming.registered", f"incoming:{doc_id}", payload)


def validate_draft(draft: IncomingDraft, today: dt.date) -> None:
    """The registration rules; ValidationError names the field and says what is wrong."""
    for name, limit in LIMITS.items():
        value = getattr(draft, name)
        if len(value) > limit:
            raise ValidationError(
                tr("{label} dài {n} ký tự, vượt quá giới hạn {limit} ký tự.").format(
                    label=tr(FIELD_LABELS[name]), n=len(value), limit=limit
                ),
                field=name,
            )
    for name in ("issuing_agency", "doc_type", "summary"):
        if not getattr(draft, name).strip():
            raise ValidationError(
                tr("Cần nhập {label}.").format(label=tr(FIELD_LABELS[name]).lower()), field=name
            )
    if draft.document_date is None:
        raise ValidationError(tr("Cần nhập ngày văn bản."), field="document_date")
    if draft.code_number and not draft.code_number.isdigit():
        raise ValidationError(tr("Số của văn bản chỉ gồm chữ số."), field="code_number")
    if " " in draft.code_notation.strip():
        raise ValidationError(
            tr("Ký hiệu không có dấu cách (ví dụ: UBND-VP)."), field="code_notation"
        )
    arrival = draft.arrival_date or today
    for name, value in (("document_date", draft.document_date), ("arrival_date", arrival)):
        if value > today:
            raise ValidationError(
                tr("{label} ({d}) ở tương lai.").format(
                    label=tr(FIELD_LABELS[name]), d=fmt_date(value)
                ),
                field=name,
            )
    if draft.document_date > arrival:
        raise ValidationError(tr("Ngày văn bản không thể sau ngày đến."), field="document_date")
    if draft.due_date and draft.due_date < arrival:
        raise ValidationError(tr("Hạn xử lý không thể trước ngày đến."), field="due_date")
    if draft.page_count is not None and not 1 <= draft.page_count <= 999:
        raise ValidationError(tr("Số trang phải từ 1 đến 999."), field="page_count")


def _meta_payload(draft: IncomingDraft) -> dict[str, Any]:
    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "code_number": draft.code_number.strip(),
        "code_notation": draft.code_notation.strip(),
        "document_date": iso(draft.document_date),
        "issuing_agency": " ".join(draft.issuing_agency.split()),
        "doc_type": draft.doc_type.strip(),
        "summary": draft.summary.strip(),
        "signer_name": draft.signer_name.strip(),
        "signer_position": draft.signer_position.strip(),
        "urgency": str(draft.urgency),
        "confidentiality": str(draft.confidentiality),
        "page_count": draft.page_count,
        "language": draft.language.strip(),
        "note": draft.note.strip(),
        "recipients_text": draft.recipients_text.strip(),
        "due_date": iso(draft.due_date),
    }


class IncomingService(IncomingQueries):
    """Commands (and, inherited, queries) on incoming documents."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        blobs: BlobStore,
        clock: Clock,
        shared_numbers: TargetNumberAuthority | None = None,
    ) -> None:
        super().__init__(read, auth, clock)
        self._write = write
        self._journal = journal
        self._blobs = blobs
        self._numbers = LocalNumberAuthority()
        self._shared_numbers = shared_numbers
        self._numbering = threading.Lock()

    def use_shared_numbers(self, authority: TargetNumberAuthority | None) -> None:
        """Claim numbers on the shared target from now on (None: the local store)."""
        self._shared_numbers = authority

    # -- helpers
    def _doc_for(self, s: Session, doc_id: str, *states: S) -> IncomingDocument:
        doc = s.get(IncomingDocument, doc_id)
        if doc is None:
            raise NotFound(tr("Không tìm thấy văn bản."))
        if states and doc.state not in states:
            raise Conflict(
                tr("Văn bản đang ở trạng thái khác, có thể người khác vừa xử lý. Hãy tải lại.")
            )
        return doc

    def _commit(self, s: Session, user: CurrentUser, *changes: Change) -> None:
        self._journal.commit(s, user.id, list(changes))

    # -- the queue
    def queue_file(self, path: Path, *, source: Source = Source.MANUAL) -> str:
        """Put a file in the "Chờ vào sổ" queue; images become PDF. Returns the new id."""
        from app.documents.intake import prepare_file

        user = self._auth.require(Role.CLERK)
        prepared = prepare_file(path)
        return self._queue(user, prepared.pdf, prepared.file_name, prepared.page_count, source)

    def _queue(self, user: CurrentUser, pdf: bytes, name: str, pages: int, source: Source) -> str:
        sha = self._blobs.put(pdf)
        doc_id = new_id()
        with self._write.begin() as s:
            same = s.scalars(
                select(IncomingDocument).where(
                    IncomingDocument.blob == sha, IncomingDocument.state != S.DISCARDED
                )
            ).first()
            if same is not None:
                where = (
                    tr("đang chờ vào sổ")
                    if same.state == S.QUEUED
                    else tr("đã vào sổ, số đến {n}/{y}").format(n=same.arrival_number, y=same.year)
                )
                raise DuplicateFile(
                    tr("Tệp '{name}' đã có trong hệ thống ({where}).").format(
                        name=name, where=where
                    )
                )
            payload = {
                "source": str(source),
                "file_name": name,
                "blob": sha,
                "file_size": len(pdf),
                "page_count": pages,
            }
            self._commit(s, user, Change("incoming.queued", f"incoming:{doc_id}", payload))
        return doc_id

    def discard(self, doc_id: str, reason: str) -> Changes:
        """Take a file that is not a document out of the queue (its file is kept)."""
        user = self._auth.require(Role.CLERK)
        reason = _required(reason, tr("Cần nêu lý do."))
        with self._write.begin() as s:
            self._doc_for(s, doc_id, S.QUEUED)
            self._commit(
                s, user, Change("incoming.discarded", f"incoming:{doc_id}", {"reason": reason})
            )
        return Changes(incoming=frozenset({doc_id}))

    # -- registration
    def register(
        self, doc_id: str, draft: IncomingDraft, *, allow_duplicate: bool = False
    ) -> Registered:
        """Vào sổ: check the form, give the next số đến of the year's register, record it."""
        user = self._auth.require(Role.CLERK)
        today = today_vn(self._clock)
        validate_draft(draft, today)
        dups = self.duplicates(draft, exclude_id=doc_id)
        if dups and not allow_duplicate:
            first = dups[0]
            raise LikelyDuplicate(
                tr(
                    "Văn bản có thể trùng với văn bản đã vào sổ: "
                    "số đến {n}/{y}, {code} của {agency}."
                ).format(
                    n=first.arrival_number,
                    y=first.year,
                    code=first.code,
                    agency=first.issuing_agency,
                ),
                dups,
            )
        arrival = draft.arrival_date or today
        year = arrival.year
        register_id = register_id_for(year, draft.confidentiality)
        changed = Changes(incoming=frozenset({doc_id}))
        with self._write.begin() as s:
            self._doc_for(s, doc_id, S.QUEUED)
            if self._shared_numbers is not None:  # numbered below, on the shared target
                self._commit(s, user, registration_change(doc_id, draft, arrival, None))
            else:
                changes = []
                if s.get(Register, register_id) is None:
                    changes.append(register_change(year, draft.confidentiality))
                number = self._numbers.claim(s, register_id, year, doc_id)
                changes.append(registration_change(doc_id, draft, arrival, number))
                self._commit(s, user, *changes)
                return Registered(doc_id, year, number, changed)
        try:
            taken = self.give_number(doc_id)
        except TargetUnreachable:
            return Registered(doc_id, year, None, changed)
        return Registered(doc_id, taken.year, taken.number, changed)

    def give_number(self, doc_id: str) -> Taken:
        """Claim the số đến of a document waiting for one ("chờ cấp số") on the shared target.

        The number is in the register of the year of the document's arrival date, as when it
        is numbered at once: a document that arrived on 31/12, registered offline and numbered
        on 02/01 takes the next number of the old year's register.

        One document at a time in this process: a registration and a sync round asking for the
        same document's number at once would otherwise both claim, and one number would be lost.
        """
        with self._numbering:
            return self._give_number(doc_id)

    def _give_number(self, doc_id: str) -> Taken:
        authority = self._shared_numbers
        if authority is None:
            raise Conflict(tr("Chưa cấu hình máy chủ đồng bộ để cấp số."))
        with self._read() as s:
            doc = self._doc_for(s, doc_id)
            if doc.arrival_number is not None and doc.year is not None:
                return Taken(series_for(doc.confidentiality), doc.year, doc.arrival_number)
            confidentiality, actor = doc.confidentiality, doc.registered_by or ""
            year = (doc.arrival_date or today_vn(self._clock)).year
        taken = authority.claim(series_for(confidentiality), year, doc_id, actor)
        with self._write.begin() as s:
            doc = self._doc_for(s, doc_id)
            if doc.arrival_number is None:
                changes = []
                if s.get(Register, register_id_for(taken.year, confidentiality)) is None:
                    changes.append(register_change(taken.year, confidentiality))
                payload = {
                    "register_id": register_id_for(taken.year, confidentiality),
                    "year": taken.year,
                    "arrival_number": taken.number,
                    "claim": claim_key(taken.series, taken.year, taken.number),
                }
                changes.append(Change("incoming.numbered", f"incoming:{doc_id}", payload))
                self._journal.commit(s, actor, changes)
            forget_attempt(s, doc_id)
        return taken

    def waiting_for_number(self) -> list[str]:
        """Documents this device registered that still wait for their số đến, oldest first.

        Cheap on a large archive (it runs every sync round): the few unnumbered documents are
        found through the (year, number) index, then checked against this device's ops.
        """
        with self._read() as s:
            waiting = s.execute(
                select(IncomingDocument.id, IncomingDocument.registered_at)
                .where(IncomingDocument.year.is_(None), IncomingDocument.arrival_number.is_(None))
                .where(IncomingDocument.registered_at.is_not(None))
                .where(IncomingDocument.state.not_in([S.QUEUED, S.DISCARDED, S.INTERNAL]))
                .order_by(IncomingDocument.registered_at)
            ).all()
            if not waiting:
                return []
            mine = set(
                s.scalars(
                    select(OpRecord.entity)
                    .where(OpRecord.entity.in_([f"incoming:{d}" for d, _ in waiting]))
                    .where(OpRecord.kind == "incoming.registered")
                    .where(OpRecord.device == self._journal.device_id)
                )
            )
        return [d for d, _ in waiting if f"incoming:{d}" in mine]

    def update_metadata(self, doc_id: str, draft: IncomingDraft) -> Changes:
        """Correct a registered document's fields (the số đến never changes)."""
        user = self._auth.require(Role.CLERK)
        with self._write.begin() as s:
            doc = self._doc_for(
                s, doc_id, S.REGISTERED, S.SUBMITTED, S.RETURNED, S.ASSIGNED, S.COMPLETED
            )
            validate_draft(draft, doc.arrival_date or today_vn(self._clock))
            if draft.confidentiality != doc.confidentiality:
                raise ValidationError(
                    tr("Không đổi được độ mật sau khi vào sổ."), field="confidentiality"
                )
            self._commit(
                s, user, Change("incoming.updated", f"incoming:{doc_id}", _meta_payload(draft))
            )
        return Changes(incoming=frozenset({doc_id}))

    # -- submission and direction
    def submit(self, doc_id: str, leader_id: str, note: str = "") -> Changes:
        """Trình lãnh đạo."""
        user = self._auth.require(Role.CLERK)
        with self._write.begin() as s:
            leader = s.get(User, leader_id)
            if leader is None or not leader.active or Role.LEADER not in leader.roles.split(","):
                raise ValidationError(
                    tr("Người được trình không phải là lãnh đạo đang hoạt động."), field="leader"
                )
            self._doc_for(s, doc_id, S.REGISTERED, S.RETURNED)
            payload = {"leader_id": leader_id, "note": _limit(note)}
            self._commit(s, user, Change("incoming.submitted", f"incoming:{doc_id}", payload))
        return Changes(incoming=frozenset({doc_id}))

    def return_to_clerk(self, doc_id: str, reason: str) -> Changes:
        """The leader sends the document back to the clerk, with a reason."""
        user = self._auth.require(Role.LEADER)
        reason = _limit(_required(reason, tr("Cần nêu lý do trả lại.")))
        with self._write.begin() as s:
            self._doc_for(s, doc_id, S.SUBMITTED)
            self._commit(
                s, user, Change("incoming.returned", f"incoming:{doc_id}", {"reason": reason})
            )
        return Changes(incoming=frozenset({doc_id}))

    def assign(self, doc_id: str, draft: AssignmentDraft) -> Changes:
        """Ý kiến chỉ đạo and phân công: one primary handler, coordinators, for-information."""
        user = self._auth.require(Role.LEADER)
        if draft.primary is None:
            raise ValidationError(
                tr("Cần chọn một đơn vị hoặc người xử lý chính."), field="primary"
            )
        if len(draft.instruction) > MAX_TEXT:
            raise ValidationError(
                tr("Ý kiến chỉ đạo dài quá {n} ký tự.").format(n=MAX_TEXT), field="instruction"
            )
        if draft.due_date and draft.due_date < today_vn(self._clock):
            raise ValidationError(tr("Hạn xử lý đã qua."), field="due_date")
        roles = [(draft.primary, AssignmentRole.PRIMARY)]
        roles += [(h, AssignmentRole.COORDINATE) for h in draft.coordinators]
        roles += [(h, AssignmentRole.INFO) for h in draft.informed]
        seen: set[HandlerRef] = set()
        with self._write.begin() as s:
            self._doc_for(s, doc_id, S.SUBMITTED, S.ASSIGNED)
            handlers = []
            for ref, role in roles:
                if ref in seen:
                    raise ValidationError(
                        tr("{name} được chọn ở hai vai trò.").format(
                            name=self._handler_name(s, ref)
                        ),
                        field="handlers",
                    )
                seen.add(ref)
                self._handler_name(s, ref)
                handlers.append({"kind": str(ref.kind), "id": ref.id, "role": str(role)})
            payload = {
                "instruction": draft.instruction.strip(),
                "due_date": draft.due_date.isoformat() if draft.due_date else None,
                "handlers": handlers,
            }
            self._commit(s, user, Change("incoming.assigned", f"incoming:{doc_id}", payload))
        return Changes(incoming=frozenset({doc_id}))

    @staticmethod
    def _handler_name(s: Session, ref: HandlerRef) -> str:
        if ref.kind == AssigneeKind.USER:
            user = s.get(User, ref.id)
            if user is None or not user.active:
                raise ValidationError(
                    tr("Không tìm thấy người dùng được chọn (mã {id}).").format(id=ref.id)
                )
            return user.full_name
        unit = s.get(Unit, ref.id)
        if unit is None or not unit.active:
            raise ValidationError(
                tr("Không tìm thấy đơn vị được chọn (mã {id}).").format(id=ref.id)
            )
        return unit.name

    # -- handling
    @staticmethod
    def _assignment(s: Session, doc_id: str, user: CurrentUser) -> IncomingAssignment | None:
        mine = s.get(IncomingAssignment, (doc_id, AssigneeKind.USER.value, user.id))
        if mine is None and user.unit_id:
            mine = s.get(IncomingAssignment, (doc_id, AssigneeKind.UNIT.value, user.unit_id))
        return mine

    def _handle(
        self, doc_id: str, kind: str, extra: dict[str, Any], *, primary_only: bool = False
    ) -> Changes:
        user = self._auth.user
        with self._write.begin() as s:
            self._doc_for(s, doc_id, S.ASSIGNED)
            row = self._assignment(s, doc_id, user)
            if row is None or row.role == AssignmentRole.INFO:
                raise Conflict(tr("Bạn không được giao xử lý văn bản này."))
            if primary_only and row.role != AssignmentRole.PRIMARY:
                raise Conflict(tr("Chỉ người xử lý chính mới làm được việc này."))
            if row.status == HandlingStatus.DONE:
                raise Conflict(tr("Phần việc của bạn đã hoàn thành."))
            payload = {"assignee_kind": row.assignee_kind, "assignee_id": row.assignee_id} | extra
            if kind == "incoming.completed" and row.role != AssignmentRole.PRIMARY:
                kind = "incoming.handler_done"
                payload = {
                    "assignee_kind": row.assignee_kind,
                    "assignee_id": row.assignee_id,
                    "note": extra.get("result_note", ""),
                }
            self._commit(s, user, Change(kind, f"incoming:{doc_id}", payload))
        return Changes(incoming=frozenset({doc_id}))

    def report_progress(self, doc_id: str, note: str) -> Changes:
        """Mark one's handling as in progress, with a note."""
        return self._handle(doc_id, "incoming.progressed", {"note": _limit(note.strip())})

    def complete(self, doc_id: str, result_note: str) -> Changes:
        """Finish: the primary handler completes the document; a coordinator finishes their part."""
        note = _limit(_required(result_note, tr("Cần ghi kết quả xử lý.")))
        return self._handle(doc_id, "incoming.completed", {"result_note": note})

    def return_from_handling(self, doc_id: str, reason: str) -> Changes:
        """The primary handler returns the document to the leader (wrong handler, say)."""
        reason = _limit(_required(reason, tr("Cần nêu lý do trả lại.")))
        return self._handle(
            doc_id, "incoming.handling_returned", {"reason": reason}, primary_only=True
        )

    def comment(self, doc_id: str, text: str) -> Changes:
        """Add a comment to the document's history."""
        user = self._auth.user
        text = _limit(_required(text, tr("Ý kiến trống.")))
        with self._write.begin() as s:
            doc = self._doc_for(s, doc_id)
            if not self._may_see(s, doc, user):
                raise NotFound(tr("Không tìm thấy văn bản."))
            self._commit(
                s, user, Change("incoming.commented", f"incoming:{doc_id}", {"text": text})
            )
        return Changes(incoming=frozenset({doc_id}))

    def mark_viewed(self, doc_id: str) -> bool:
        """Record that the user opened the document, once per user and day. True when recorded."""
        user = self._auth.user
        now = self._clock.now()
        start = dt.datetime.combine(now.astimezone(VN_TZ).date(), dt.time(), VN_TZ).astimezone(
            dt.UTC
        )
        with self._write.begin() as s:
            doc = self._doc_for(s, doc_id)
            if not self._may_see(s, doc, user):
                return False
            seen = s.scalars(
                select(HistoryEntry.op_id).where(
                    HistoryEntry.entity == f"incoming:{doc_id}",
                    HistoryEntry.actor_id == user.id,
                    HistoryEntry.action == "incoming.viewed",
                    HistoryEntry.at >= start.replace(tzinfo=None),
                )
            ).first()
            if seen:
                return False
            self._commit(s, user, Change("incoming.viewed", f"incoming:{doc_id}", {}))
        return True

    def export_register(self, year: int, out: Path, *, confidential: bool = False) -> int:
        """Write the year's Sổ đăng ký văn bản đến as DOCX; returns the number of lines."""
        from app.documents.register_docx import RegisterCover, write_incoming_register
        from app.services.incoming_queries import register_rows

        self._auth.require(Role.CLERK, Role.LEADER, Role.ADMIN)
        with self._read() as s:
            org = s.get(Organisation, "org")
            rows = register_rows(s, year, confidential=confidential)
        name = tr("Sổ văn bản đến mật") if confidential else tr("Sổ đăng ký văn bản đến")
        cover = RegisterCover(
            parent_name=org.parent_name if org else "",
            organisation_name=org.name if org else "",
            year=year,
            register_name=name,
        )
        write_incoming_register(out, cover, rows)
        return len(rows)

    def file_bytes(self, doc_id: str) -> bytes:
        """The document's PDF, verified."""
        return self._blobs.read(self.file_blob(doc_id))


def _required(text: str, message: str) -> str:
    if not text.strip():
        raise ValidationError(message)
    return text.strip()


def _limit(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise ValidationError(tr("Nội dung dài quá {n} ký tự.").format(n=MAX_TEXT))
    return text
