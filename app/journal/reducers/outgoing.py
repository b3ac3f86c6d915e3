"""Reducers of outgoing documents: drafting, reviews, approval, signatures, issue.

Who may act is checked here as well as in the service, against the document itself (the drafter,
the content reviewer, the signer) and the actor's roles as of the op, so a replayed op from the
wrong person or state is kept and flagged, never applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.journal.apply import Rejected, actor_facts, clearer, history, reducer
from app.journal.op import Op
from app.models import OutgoingDocument, OutgoingFile, OutgoingRecipient
from app.models.enums import OutgoingState as S
from app.models.enums import Role
from app.textfold import fold

ANYONE = None
META_FIELDS = (
    "doc_type",
    "summary",
    "notation",
    "urgency",
    "confidentiality",
    "recipients_text",
    "note",
    "drafting_unit_id",
    "signer_id",
    "signer_authority",
    "signer_position",
)
EDITABLE = (S.DRAFT, S.RETURNED)
UNDER_REVIEW = (S.CONTENT_REVIEW, S.FORM_REVIEW, S.AWAITING_APPROVAL)


def _doc(session: Session, op: Op, *states: S) -> OutgoingDocument:
    doc = session.get(OutgoingDocument, op.entity_id)
    if doc is None:
        raise Rejected("invalid", "no such document")
    if states and doc.state not in states:
        raise Rejected("conflict", f"{op.kind} from state {doc.state}")
    return doc


def _has_role(session: Session, op: Op, *roles: Role) -> bool:
    return bool(actor_facts(session, op.actor, op.order_key).roles & set(roles))


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise Rejected("role", what)


def _set_meta(doc: OutgoingDocument, payload: dict[str, Any]) -> None:
    for name in META_FIELDS:
        if name in payload:
            setattr(doc, name, payload[name])
    _index(doc)


def _index(doc: OutgoingDocument) -> None:
    code = f"{doc.number:02d}/{doc.notation}" if doc.number is not None else doc.notation
    doc.search_text = fold(" ".join(p for p in (code, doc.summary, doc.recipients_text) if p))


def _add_file(session: Session, op: Op, doc_id: str, role: str, f: dict[str, Any]) -> None:
    versions = [
        r.version
        for r in session.query(OutgoingFile).filter_by(document_id=doc_id, role=role).all()
    ]
    session.add(
        OutgoingFile(
            op_id=f"{op.op_id}:{role}:{len(versions)}",
            document_id=doc_id,
            role=role,
            version=max(versions, default=0) + 1,
            file_name=f["file_name"],
            blob=f["blob"],
            size=f.get("size", 0),
            added_by=op.actor,
            added_at=op.at,
            note=f.get("note", ""),
        )
    )
    session.flush()


@reducer("outgoing.created", roles=ANYONE)
def _created(session: Session, op: Op) -> None:
    if session.get(OutgoingDocument, op.entity_id) is not None:
        raise Rejected("invalid", "document exists")
    p = op.payload
    doc = OutgoingDocument(
        id=op.entity_id,
        state=S.DRAFT,
        created_by=op.actor,
        created_at=op.at,
        doc_type="",
        summary="",
        notation="",
        urgency="normal",
        confidentiality="normal",
        recipients_text="",
        note="",
        signer_id="",
        signer_authority="",
        signer_position="",
        signer_certificate="",
        return_reason="",
    )
    _set_meta(doc, p)
    session.add(doc)
    session.flush()
    _add_file(session, op, doc.id, "draft", p)
    history(session, op, detail={"file_name": p["file_name"], "version": 1})


@reducer("outgoing.updated", roles=ANYONE)
def _updated(session: Session, op: Op) -> None:
    doc = _doc(session, op, *EDITABLE)
    _require(op.actor == doc.created_by, "only the drafter edits the fields")
    _set_meta(doc, op.payload)
    history(session, op, detail=op.payload)


def _participant(session: Session, op: Op, doc: OutgoingDocument) -> bool:
    """The drafter, the content reviewer, the signer, or a clerk (who checks the form)."""
    return op.actor in (doc.created_by, doc.reviewer_id, doc.signer_id) or _has_role(
        session, op, Role.CLERK
    )


@reducer("outgoing.version_added", roles=ANYONE)
def _version_added(session: Session, op: Op) -> None:
    doc = _doc(session, op, *EDITABLE, *UNDER_REVIEW)
    _require(_participant(session, op, doc), "not a participant of this draft")
    _add_file(session, op, doc.id, "draft", op.payload)
    history(
        session, op, text=op.payload.get("note", ""), detail={"file_name": op.payload["file_name"]}
    )


@reducer("outgoing.submitted", roles=ANYONE)
def _submitted(session: Session, op: Op) -> None:
    doc = _doc(session, op, *EDITABLE)
    _require(op.actor == doc.created_by, "only the drafter submits")
    doc.state = S.CONTENT_REVIEW
    doc.reviewer_id = op.payload["reviewer_id"]
    doc.return_reason = ""
    history(session, op, text=op.payload.get("note", ""), detail={"to": doc.reviewer_id})


@reducer("outgoing.content_approved", roles=ANYONE)
def _content_approved(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.CONTENT_REVIEW)
    _require(op.actor == doc.reviewer_id, "only the named reviewer approves the content")
    doc.state = S.FORM_REVIEW
    doc.content_reviewed_by = op.actor
    history(session, op, text=op.payload.get("note", ""))


@reducer("outgoing.form_approved", roles={Role.CLERK})
def _form_approved(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.FORM_REVIEW)
    doc.state = S.AWAITING_APPROVAL
    doc.form_reviewed_by = op.actor
    history(session, op, text=op.payload.get("note", ""))


@reducer("outgoing.approved", roles={Role.LEADER})
def _approved(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.AWAITING_APPROVAL)
    _require(op.actor == doc.signer_id, "only the signer approves")
    doc.state = S.APPROVED
    doc.approved_at = op.at
    history(session, op, text=op.payload.get("note", ""))


@reducer("outgoing.returned", roles=ANYONE)
def _returned(session: Session, op: Op) -> None:
    doc = _doc(session, op, *UNDER_REVIEW, S.APPROVED, S.READY_TO_SIGN)
    allowed = {
        S.CONTENT_REVIEW: op.actor == doc.reviewer_id,
        S.FORM_REVIEW: _has_role(session, op, Role.CLERK),
    }.get(S(doc.state), op.actor == doc.signer_id)
    _require(allowed, "not the one who reviews this step")
    doc.state = S.RETURNED
    doc.return_reason = op.payload["reason"]
    doc.final_blob = None
    history(session, op, text=doc.return_reason)


@reducer("outgoing.finalized", roles=ANYONE)
def _finalized(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.APPROVED)
    _require(
        op.actor in (doc.created_by, doc.signer_id) or _has_role(session, op, Role.CLERK),
        "only the drafter, the signer or a clerk prepares the file to sign",
    )
    p = op.payload
    doc.state = S.READY_TO_SIGN
    doc.final_blob = p["blob"]
    doc.page_count = p.get("page_count")
    history(session, op, detail={"file_name": p["file_name"], "source": p.get("source", "")})


@reducer("outgoing.signed", roles={Role.LEADER})
def _signed(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.READY_TO_SIGN)
    _require(op.actor == doc.signer_id, "only the named signer signs")
    doc.state = S.SIGNED
    doc.signed_blob = op.payload["blob"]
    doc.signed_at = op.at
    doc.signer_certificate = op.payload.get("certificate", "")
    history(session, op, detail={"certificate": doc.signer_certificate})


@reducer("outgoing.issued", roles={Role.CLERK})
def _issued(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.SIGNED)
    p = op.payload
    doc.state = S.ISSUED
    doc.issued_blob = p["blob"]
    doc.register_id = p["register_id"]
    doc.year = p["year"]
    doc.number = p["number"]
    doc.issued_date = dt.date.fromisoformat(p["issued_date"])
    doc.issued_at = op.at
    doc.issued_by = op.actor
    doc.copies = p.get("copies")
    for r in p.get("recipients", []):
        session.add(
            OutgoingRecipient(document_id=doc.id, recipient_kind=r["kind"], recipient_id=r["id"])
        )
    for f in p.get("attachments", []):
        _add_file(session, op, doc.id, "attachment_signed", f)
    _index(doc)
    history(
        session,
        op,
        detail={"number": doc.number, "year": doc.year, "claim": p.get("claim", "")},
    )


@reducer("outgoing.attachment_added", roles=ANYONE)
def _attachment_added(session: Session, op: Op) -> None:
    doc = _doc(session, op, *EDITABLE, *UNDER_REVIEW, S.APPROVED, S.READY_TO_SIGN, S.SIGNED)
    _require(_participant(session, op, doc), "not a participant of this document")
    _add_file(session, op, doc.id, "attachment", op.payload)
    history(session, op, detail={"file_name": op.payload["file_name"]})


@reducer("outgoing.commented", roles=ANYONE)
def _commented(session: Session, op: Op) -> None:
    _doc(session, op)
    history(session, op, text=op.payload["text"])


@clearer("outgoing")
def _clear(session: Session, doc_id: str) -> None:
    session.execute(delete(OutgoingFile).where(OutgoingFile.document_id == doc_id))
    session.execute(delete(OutgoingRecipient).where(OutgoingRecipient.document_id == doc_id))
    session.execute(delete(OutgoingDocument).where(OutgoingDocument.id == doc_id))
