"""Read side of outgoing documents: lists, counts, the detail view, the outgoing register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.documents.doc_types import doc_type
from app.errors import NotFound
from app.i18n import tr
from app.models import (
    FlaggedOp,
    Organisation,
    OutgoingDocument,
    OutgoingFile,
    OutgoingRecipient,
    Register,
)
from app.models.enums import Confidentiality, OutgoingState, Role, Urgency
from app.services.auth import AuthContext, CurrentUser
from app.services.incoming_queries import history_of, names_by_id
from app.services.list_plan import PAGE, Columns, SortOrder, TableSize, plain, same
from app.services.list_text import text_filter
from app.services.outgoing_dto import (
    Action,
    DraftForm,
    FileView,
    OutgoingBox,
    OutgoingDetail,
    OutgoingRow,
)
from app.timeutil import Clock

D = OutgoingDocument
S = OutgoingState
_BEFORE_APPROVAL = (S.DRAFT, S.RETURNED, S.CONTENT_REVIEW, S.FORM_REVIEW, S.AWAITING_APPROVAL)


def issued_date_text(place: str, day: dt.date) -> str:
    """Ô 4: "Gia Thụy, ngày 05 tháng 01 năm 2026"; days below 10 and months 1-2 get a 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def code_of(doc: OutgoingDocument) -> str:
    """ "07/QĐ-UBND", or "…/QĐ-UBND" before the number is given."""
    number = f"{doc.number:02d}" if doc.number is not None else "…"
    return f"{number}/{doc.notation}"


class OutgoingQueries:
    """Queries over outgoing documents, as the signed-in user may see them."""

    def __init__(
        self, read: sessionmaker[Session], auth: AuthContext, clock: Clock, blobs: BlobStore
    ) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock
        self._blobs = blobs
        self._size = TableSize(D)

    # -- lists
    def boxes(self) -> list[OutgoingBox]:
        """The lists this user works with, in menu order."""
        roles = self._auth.user.roles
        boxes = [OutgoingBox.MY_DRAFTS, OutgoingBox.TO_REVIEW]
        if Role.CLERK in roles:
            boxes.append(OutgoingBox.FORM_CHECK)
        if Role.LEADER in roles:
            boxes += [OutgoingBox.TO_APPROVE, OutgoingBox.TO_SIGN]
        boxes.append(OutgoingBox.TO_PREPARE)
        if Role.CLERK in roles:
            boxes.append(OutgoingBox.TO_ISSUE)
        boxes.append(OutgoingBox.ISSUED)
        return boxes

    def _box(self, box: OutgoingBox, user: CurrentUser, c: Columns = same) -> list[Any]:
        """The box's rules; `c` makes the columns of the register (every issued document)
        plain when a page walks its order by number instead (`list_plan`)."""
        match box:
            case OutgoingBox.MY_DRAFTS:
                return [D.created_by == user.id, D.state != S.ISSUED]
            case OutgoingBox.TO_REVIEW:
                return [D.state == S.CONTENT_REVIEW, D.reviewer_id == user.id]
            case OutgoingBox.FORM_CHECK:
                return [D.state == S.FORM_REVIEW]
            case OutgoingBox.TO_APPROVE:
                return [D.state == S.AWAITING_APPROVAL, D.signer_id == user.id]
            case OutgoingBox.TO_SIGN:
                return [D.state == S.READY_TO_SIGN, D.signer_id == user.id]
            case OutgoingBox.TO_PREPARE:
                mine = or_(D.created_by == user.id, D.signer_id == user.id)
                return [D.state == S.APPROVED] + ([] if Role.CLERK in user.roles else [mine])
            case OutgoingBox.TO_ISSUE:
                return [D.state == S.SIGNED]
            case OutgoingBox.ISSUED:
                conds: list[Any] = [c(D.state) == S.ISSUED]
                if not user.roles & {Role.CLERK, Role.LEADER, Role.ADMIN}:
                    conds.append(self._involved(user, c))
                return conds

    @staticmethod
    def _involved(user: CurrentUser, c: Columns = same) -> Any:
        delivered = select(OutgoingRecipient.document_id).where(
            OutgoingRecipient.recipient_id.in_([user.id, user.unit_id or ""])
        )
        return or_(
            c(D.created_by) == user.id,
            c(D.reviewer_id) == user.id,
            c(D.signer_id) == user.id,
            c(D.id).in_(delivered),
        )

    def _where(
        self, s: Session, box: OutgoingBox, text: str, year: int | None, *, page: bool
    ) -> list[Any]:
        """The list's conditions; a page of the register walks its order by number unless a
        few matches of the typed words drive it."""
        words = text_filter(s, "outgoing", text)
        listed = not page or words.drives(s, self._size(s))
        walk = page and box == OutgoingBox.ISSUED and not (words.indexed and listed)
        conds = self._box(box, self._auth.user, plain if walk else same)
        if year:
            conds.append(D.year == year)
        return conds + words.where(D.id, D.search_text, listed=listed)

    def count(self, box: OutgoingBox, text: str = "", year: int | None = None) -> int:
        """How many documents the list holds."""
        with self._read() as s:
            where = self._where(s, box, text, year, page=False)
            stmt = select(func.count()).select_from(D).where(*where)
            return s.scalar(stmt) or 0

    def box_counts(self) -> dict[OutgoingBox, int]:
        """The count beside each list."""
        return {box: self.count(box) for box in self.boxes()}

    def rows(
        self,
        box: OutgoingBox,
        text: str = "",
        year: int | None = None,
        *,
        offset: int = 0,
        limit: int = PAGE,
        after: str | None = None,
    ) -> list[OutgoingRow]:
        """One page of a list: the register by number, newest first; the others by date.

        The rows after document `after` (the last row of the page before), or from `offset`
        when `after` is None or no longer exists.
        """
        columns = (D.year, D.number) if box == OutgoingBox.ISSUED else (D.created_at,)
        order = SortOrder.of(D.__tablename__, columns, descending=True)
        with self._read() as s:
            stmt: Select[Any] = (
                select(D)
                .where(*self._where(s, box, text, year, page=True))
                .order_by(*order.order_by())
            )
            cursor = s.execute(select(*order.keys).where(D.id == after)).first() if after else None
            if cursor is not None:
                stmt = stmt.where(order.after(tuple(cursor)))
            elif offset:
                stmt = stmt.offset(offset)
            names = names_by_id(s)
            docs = s.scalars(stmt.limit(limit)).all()
            return [_row(d, names) for d in docs]

    # -- one document
    def _get(self, s: Session, doc_id: str) -> OutgoingDocument:
        doc = s.get(OutgoingDocument, doc_id)
        if doc is None:
            raise NotFound(tr("Không tìm thấy văn bản."))
        return doc

    @staticmethod
    def _organisation(s: Session) -> Organisation:
        org = s.get(Organisation, "org")
        if org is None:
            raise NotFound(tr("Chưa có thông tin cơ quan."))
        return org

    @staticmethod
    def _files(s: Session, doc_id: str, role: str) -> list[OutgoingFile]:
        return list(
            s.scalars(
                select(OutgoingFile)
                .where(OutgoingFile.document_id == doc_id, OutgoingFile.role == role)
                .order_by(OutgoingFile.version)
            )
        )

    def _latest_draft(self, s: Session, doc_id: str) -> OutgoingFile | None:
        files = self._files(s, doc_id, "draft")
        return files[-1] if files else None

    @staticmethod
    def _participates(user: CurrentUser, doc: OutgoingDocument) -> bool:
        return user.id in (doc.created_by, doc.reviewer_id, doc.signer_id) or (
            Role.CLERK in user.roles
        )

    def detail(self, doc_id: str) -> OutgoingDetail:
        """The document with its files, recipients, history and what the user may do now."""
        user = self._auth.user
        with self._read() as s:
            d = self._get(s, doc_id)
            names = names_by_id(s)
            files = tuple(
                FileView(
                    f.role,
                    f.version,
                    f.file_name,
                    f.blob,
                    f.size,
                    names.get(f.added_by, f.added_by),
                    f.added_at.replace(tzinfo=dt.UTC),
                    f.note,
                )
                for f in s.scalars(
                    select(OutgoingFile)
                    .where(OutgoingFile.document_id == doc_id)
                    .order_by(OutgoingFile.role, OutgoingFile.version)
                )
            )
            recipients = tuple(
                names.get(r.recipient_id, r.recipient_id)
                for r in s.scalars(
                    select(OutgoingRecipient).where(OutgoingRecipient.document_id == doc_id)
                )
            )
            history = tuple(history_of(s, f"outgoing:{doc_id}", names))
            conflicts = tuple(
                f.detail
                for f in s.scalars(
                    select(FlaggedOp).where(FlaggedOp.entity == f"outgoing:{doc_id}")
                )
            )
            return OutgoingDetail(
                row=_row(d, names),
                form=DraftForm(
                    doc_type=d.doc_type,
                    summary=d.summary,
                    signer_id=d.signer_id,
                    signer_authority=d.signer_authority,
                    signer_position=d.signer_position,
                    recipients_text=d.recipients_text,
                    urgency=Urgency(d.urgency),
                    confidentiality=Confidentiality(d.confidentiality),
                    drafting_unit_id=d.drafting_unit_id,
                    note=d.note,
                ),
                reviewer=names.get(d.reviewer_id or "", ""),
                return_reason=d.return_reason,
                files=files,
                pdf_blob=d.issued_blob or d.signed_blob or d.final_blob,
                recipients=recipients,
                history=history,
                actions=self._actions(user, d),
                conflicts=conflicts,
            )

    def _actions(self, user: CurrentUser, d: OutgoingDocument) -> frozenset[Action]:
        state, clerk, me = S(d.state), Role.CLERK in user.roles, user.id
        acts = {Action.COMMENT}
        drafter = d.created_by == me
        if state in (S.DRAFT, S.RETURNED) and drafter:
            acts |= {Action.EDIT, Action.SUBMIT}
        if state in _BEFORE_APPROVAL and self._participates(user, d):
            acts.add(Action.ADD_VERSION)
        if state != S.ISSUED and self._participates(user, d):
            acts.add(Action.ADD_ATTACHMENT)
        if state == S.CONTENT_REVIEW and d.reviewer_id == me:
            acts |= {Action.APPROVE_CONTENT, Action.RETURN}
        if state == S.FORM_REVIEW and clerk:
            acts |= {Action.APPROVE_FORM, Action.RETURN}
        if state == S.AWAITING_APPROVAL and d.signer_id == me:
            acts |= {Action.APPROVE, Action.RETURN}
        if state == S.APPROVED and (drafter or clerk or d.signer_id == me):
            acts.add(Action.PREPARE)
        if state in (S.APPROVED, S.READY_TO_SIGN) and d.signer_id == me:
            acts.add(Action.RETURN)
        if state == S.READY_TO_SIGN and d.signer_id == me:
            acts.add(Action.SIGN)
        if state == S.SIGNED and clerk:
            acts.add(Action.ISSUE)
        return frozenset(acts)

    def file_bytes(self, sha: str) -> bytes:
        """A file of a document (fetched from the shared server when not here yet)."""
        return self._blobs.read(sha)

    # -- the register
    def register_years(self) -> list[int]:
        """Years that have an outgoing register, newest first."""
        with self._read() as s:
            return sorted(
                set(s.scalars(select(Register.year).where(Register.kind == "outgoing"))),
                reverse=True,
            )

    def export_register(self, year: int, path: Path, *, confidential: bool = False) -> int:
        """Sổ đăng ký văn bản đi of a year as DOCX (Phụ lục IV mục I); returns the row count."""
        from app.documents.outgoing_register_docx import (
            OutgoingRegisterRow,
            write_outgoing_register,
        )

        self._auth.require(Role.CLERK, Role.LEADER, Role.ADMIN)
        with self._read() as s:
            org = self._organisation(s)
            names = names_by_id(s)
            secret = D.confidentiality != Confidentiality.NORMAL
            in_register = (D.state == S.ISSUED, D.year == year, secret if confidential else ~secret)
            docs = s.scalars(select(D).where(*in_register).order_by(D.number)).all()
            delivered: dict[str, list[str]] = {}
            for r in s.scalars(
                select(OutgoingRecipient).where(
                    OutgoingRecipient.document_id.in_(select(D.id).where(*in_register))
                )
            ):
                delivered.setdefault(r.document_id, []).append(
                    names.get(r.recipient_id, r.recipient_id)
                )
            rows = []
            for d in docs:
                outside = [x.strip("-; .") for x in d.recipients_text.splitlines() if x.strip()]
                rows.append(
                    OutgoingRegisterRow(
                        code=code_of(d),
                        document_date=d.issued_date,
                        type_and_summary=f"{doc_type(d.doc_type).name}: {d.summary}",
                        signer=names.get(d.signer_id, ""),
                        recipients="; ".join(outside + delivered.get(d.id, [])),
                        archive_holder=tr("Văn thư"),
                        copies=d.copies,
                        sent_date=d.issued_date,
                        note="",
                    )
                )
            parent = org.parent_name
        write_outgoing_register(
            path,
            organisation=org.name,
            parent=parent,
            year=year,
            rows=rows,
            confidential=confidential,
        )
        return len(rows)


def _row(d: OutgoingDocument, names: dict[str, str]) -> OutgoingRow:
    try:
        type_name = doc_type(d.doc_type).name
    except KeyError:
        type_name = d.doc_type
    return OutgoingRow(
        id=d.id,
        state=S(d.state),
        doc_type=type_name,
        code=code_of(d),
        summary=d.summary,
        signer=names.get(d.signer_id, ""),
        drafter=names.get(d.created_by, ""),
        created_at=d.created_at.replace(tzinfo=dt.UTC),
        issued_date=d.issued_date,
        urgency=Urgency(d.urgency),
        confidentiality=Confidentiality(d.confidentiality),
        number=d.number,
        year=d.year,
    )
