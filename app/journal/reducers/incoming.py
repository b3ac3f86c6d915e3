"""Reducers of incoming documents: the queue, registration, assignment, handling, history.

Transitions are checked here at replay as well as in the service: an op that no longer fits
(two people acted on the same document while offline) is kept and flagged as a conflict.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.journal.apply import Rejected, actor_facts, clearer, history, reducer
from app.journal.op import Op
from app.models import IncomingAssignment, IncomingDocument
from app.models.enums import (
    AssigneeKind,
    AssignmentRole,
    HandlingStatus,
    Role,
)
from app.models.enums import IncomingState as S
from app.textfold import fold

META_FIELDS = (
    "code_number",
    "code_notation",
    "document_date",
    "issuing_agency",
    "doc_type",
    "summary",
    "signer_name",
    "signer_position",
    "urgency",
    "confidentiality",
    "page_count",
    "language",
    "note",
    "recipients_text",
    "due_date",
)
_DATES = {"document_date", "due_date", "arrival_date"}
ANYONE = None
_EMPTY_META: dict[str, Any] = {
    **{name: "" for name in META_FIELDS if name not in _DATES and name != "page_count"},
    "urgency": "normal",
    "confidentiality": "normal",
    "language": "Tiếng Việt",
    "instruction": "",
    "result_note": "",
    "return_reason": "",
}


def _doc(session: Session, op: Op, *states: S) -> IncomingDocument:
    doc = session.get(IncomingDocument, op.entity_id)
    if doc is None:
        raise Rejected("invalid", "no such document")
    if states and doc.state not in states:
        raise Rejected("conflict", f"{op.kind} from state {doc.state}")
    return doc


def _set_meta(doc: IncomingDocument, payload: dict[str, Any]) -> None:
    for name in (*META_FIELDS, "arrival_date"):
        if name in payload:
            value = payload[name]
            if name in _DATES and value is not None:
                value = dt.date.fromisoformat(value)
            setattr(doc, name, value)
    code = f"{doc.code_number}/{doc.code_notation}" if doc.code_notation else doc.code_number
    parts = [code, doc.issuing_agency, doc.summary, doc.doc_type, doc.signer_name, doc.file_name]
    if doc.arrival_number:
        parts.append(str(doc.arrival_number))
    doc.search_text = fold(" ".join(p for p in parts if p))


@reducer("incoming.queued", roles={Role.CLERK, Role.ADMIN})
def _queued(session: Session, op: Op) -> None:
    if session.get(IncomingDocument, op.entity_id) is not None:
        raise Rejected("invalid", "document exists")
    p = op.payload
    doc = IncomingDocument(
        id=op.entity_id,
        state=S.QUEUED,
        source=p["source"],
        file_name=p["file_name"],
        blob=p["blob"],
        file_size=p.get("file_size", 0),
        queued_at=op.at,
        queued_by=op.actor,
        page_count=p.get("page_count"),
        code_number="",
        code_notation="",
        issuing_agency="",
        doc_type="",
        summary="",
        signer_name="",
        signer_position="",
        urgency="normal",
        confidentiality="normal",
        language="Tiếng Việt",
        note="",
        recipients_text="",
        instruction="",
        result_note="",
        return_reason="",
    )
    _set_meta(doc, {})
    session.add(doc)
    history(session, op, detail={"file_name": p["file_name"], "source": p["source"]})


@reducer("incoming.delivered", roles={Role.CLERK})
def _delivered(session: Session, op: Op) -> None:
    """A document the ward issued, delivered inside the ward: each recipient gets it to know."""
    if session.get(IncomingDocument, op.entity_id) is not None:
        raise Rejected("invalid", "document exists")
    p = op.payload
    doc = IncomingDocument(
        id=op.entity_id,
        state=S.INTERNAL,
        source="internal",
        file_name=p["file_name"],
        blob=p["blob"],
        file_size=p.get("file_size", 0),
        queued_at=op.at,
        queued_by=op.actor,
        registered_at=op.at,
        registered_by=op.actor,
        **_EMPTY_META,
    )
    _set_meta(doc, p)
    session.add(doc)
    session.flush()
    for r in p["recipients"]:
        session.add(
            IncomingAssignment(
                document_id=doc.id,
                assignee_kind=r["kind"],
                assignee_id=r["id"],
                role=AssignmentRole.INFO,
                status=HandlingStatus.PENDING,
                progress_note="",
                updated_at=op.at,
            )
        )
    history(
        session, op, detail={"outgoing": p.get("outgoing_id", ""), "recipients": p["recipients"]}
    )


@reducer("incoming.discarded", roles={Role.CLERK})
def _discarded(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.QUEUED)
    doc.state = S.DISCARDED
    doc.return_reason = op.payload.get("reason", "")
    history(session, op, text=doc.return_reason)


@reducer("incoming.registered", roles={Role.CLERK})
def _registered(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.QUEUED)
    p = op.payload
    doc.state = S.REGISTERED
    doc.registered_at = op.at
    doc.registered_by = op.actor
    if p.get("arrival_number") is not None:  # numbered at once, by the local store
        _set_number(doc, p)
    _set_meta(doc, p)
    history(session, op, detail={"arrival_number": p.get("arrival_number"), "year": p.get("year")})


def _set_number(doc: IncomingDocument, p: dict[str, Any]) -> None:
    doc.register_id = p["register_id"]
    doc.year = p["year"]
    doc.arrival_number = p["arrival_number"]


@reducer("incoming.numbered", roles={Role.CLERK})
def _numbered(session: Session, op: Op) -> None:
    """The số đến claimed on the shared target for a document that waited "chờ cấp số"."""
    doc = _doc(session, op)
    if doc.state in (S.QUEUED, S.DISCARDED):
        raise Rejected("conflict", f"numbering a document in state {doc.state}")
    if doc.arrival_number is not None:
        raise Rejected("conflict", "the document already has a number")
    _set_number(doc, op.payload)
    _set_meta(doc, {})
    history(
        session,
        op,
        detail={
            "arrival_number": doc.arrival_number,
            "year": doc.year,
            "claim": op.payload.get("claim", ""),
        },
    )


@reducer("incoming.updated", roles={Role.CLERK})
def _updated(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.REGISTERED, S.SUBMITTED, S.RETURNED, S.ASSIGNED, S.COMPLETED)
    _set_meta(doc, op.payload)
    history(session, op, detail=op.payload)


@reducer("incoming.submitted", roles={Role.CLERK})
def _submitted(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.REGISTERED, S.RETURNED)
    doc.state = S.SUBMITTED
    doc.submitted_to = op.payload["leader_id"]
    doc.return_reason = ""
    history(session, op, text=op.payload.get("note", ""), detail={"to": doc.submitted_to})


@reducer("incoming.returned", roles={Role.LEADER})
def _returned(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.SUBMITTED)
    doc.state = S.RETURNED
    doc.return_reason = op.payload["reason"]
    history(session, op, text=doc.return_reason)


@reducer("incoming.assigned", roles={Role.LEADER})
def _assigned(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.SUBMITTED, S.ASSIGNED)
    handlers: list[dict[str, str]] = op.payload["handlers"]
    if sum(1 for h in handlers if h["role"] == AssignmentRole.PRIMARY) != 1:
        raise Rejected("invalid", "exactly one primary handler")
    old = {
        (a.assignee_kind, a.assignee_id, a.role): a
        for a in session.scalars(
            select(IncomingAssignment).where(IncomingAssignment.document_id == doc.id)
        )
    }
    session.execute(delete(IncomingAssignment).where(IncomingAssignment.document_id == doc.id))
    session.flush()
    for h in handlers:
        kept = old.get((h["kind"], h["id"], h["role"]))
        session.add(
            IncomingAssignment(
                document_id=doc.id,
                assignee_kind=h["kind"],
                assignee_id=h["id"],
                role=h["role"],
                status=kept.status if kept else HandlingStatus.PENDING,
                progress_note=kept.progress_note if kept else "",
                updated_at=kept.updated_at if kept else op.at,
            )
        )
    doc.state = S.ASSIGNED
    doc.instruction = op.payload.get("instruction", "")
    due = op.payload.get("due_date")
    doc.due_date = dt.date.fromisoformat(due) if due else None
    doc.assigned_by = op.actor
    doc.assigned_at = op.at
    doc.return_reason = ""
    history(session, op, text=doc.instruction, detail={"handlers": handlers, "due_date": due})


def _own_assignment(session: Session, op: Op, doc: IncomingDocument) -> IncomingAssignment:
    """The assignment named in the payload, checked to belong to the actor (or their unit)."""
    kind, assignee = op.payload["assignee_kind"], op.payload["assignee_id"]
    row = session.get(IncomingAssignment, (doc.id, kind, assignee))
    if row is None:
        raise Rejected("conflict", "no such assignment")
    facts = actor_facts(session, op.actor, op.order_key)
    mine = (kind == AssigneeKind.USER and assignee == op.actor) or (
        kind == AssigneeKind.UNIT and assignee == facts.unit_id
    )
    if not mine:
        raise Rejected("role", "not the actor's assignment")
    return row


@reducer("incoming.progressed", roles=ANYONE)
def _progressed(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.ASSIGNED)
    row = _own_assignment(session, op, doc)
    if row.status == HandlingStatus.DONE:
        raise Rejected("conflict", "already done")
    row.status = HandlingStatus.IN_PROGRESS
    row.progress_note = op.payload.get("note", "")
    row.updated_at = op.at
    history(session, op, text=row.progress_note)


@reducer("incoming.handler_done", roles=ANYONE)
def _handler_done(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.ASSIGNED)
    row = _own_assignment(session, op, doc)
    if row.role == AssignmentRole.PRIMARY:
        raise Rejected("invalid", "the primary handler completes the document")
    row.status = HandlingStatus.DONE
    row.progress_note = op.payload.get("note", "")
    row.updated_at = op.at
    history(session, op, text=row.progress_note)


@reducer("incoming.completed", roles=ANYONE)
def _completed(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.ASSIGNED)
    row = _own_assignment(session, op, doc)
    if row.role != AssignmentRole.PRIMARY:
        raise Rejected("role", "only the primary handler completes")
    row.status = HandlingStatus.DONE
    row.updated_at = op.at
    doc.state = S.COMPLETED
    doc.result_note = op.payload.get("result_note", "")
    doc.completed_at = op.at
    doc.completed_by = op.actor
    history(session, op, text=doc.result_note)


@reducer("incoming.handling_returned", roles=ANYONE)
def _handling_returned(session: Session, op: Op) -> None:
    doc = _doc(session, op, S.ASSIGNED)
    row = _own_assignment(session, op, doc)
    if row.role != AssignmentRole.PRIMARY:
        raise Rejected("role", "only the primary handler returns the document")
    doc.state = S.SUBMITTED
    doc.submitted_to = doc.assigned_by
    doc.return_reason = op.payload["reason"]
    history(session, op, text=doc.return_reason)


@reducer("incoming.viewed", roles=ANYONE)
def _viewed(session: Session, op: Op) -> None:
    _doc(session, op)
    history(session, op)


@reducer("incoming.commented", roles=ANYONE)
def _commented(session: Session, op: Op) -> None:
    _doc(session, op)
    history(session, op, text=op.payload["text"])


@clearer("incoming")
def _clear(session: Session, doc_id: str) -> None:
    session.execute(delete(IncomingAssignment).where(IncomingAssignment.document_id == doc_id))
    session.execute(delete(IncomingDocument).where(IncomingDocument.id == doc_id))
