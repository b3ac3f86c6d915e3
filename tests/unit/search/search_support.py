"""Making a small ward's searchable things: registered documents, a task, schedule entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.models.enums import AssigneeKind
from app.services.incoming_dto import AssignmentDraft, HandlerRef, IncomingDraft
from app.services.schedule_dto import EntryForm, week_id_of
from app.services.space import Space
from app.services.task_dto import TaskForm
from tests.conftest import Ward
from tests.unit.services.test_outgoing_service import actor

DAY = dt.date(2026, 11, 18)


def pdf_bytes(*lines: str) -> bytes:
    """A one-page PDF with a real text layer (reportlab's built-in font: ASCII lines)."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for i, line in enumerate(lines):
        c.drawString(72, 720 - 16 * i, line)
    c.save()
    return out.getvalue()


def act(ward: Ward, login: str) -> Space:
    """Act as `login` without a password check."""
    return actor(ward.space)(login)


def register(
    ward: Ward,
    summary: str,
    *,
    code: str = "123",
    notation: str = "UBND-VP",
    agency: str = "UBND thành phố Hà Nội",
    doc_type: str = "Công văn",
    data: bytes | None = None,
    tmp: Path | None = None,
) -> str:
    """Queue a file and register it as the clerk; the document's id."""
    sp = act(ward, "vanthu")
    payload = data if data is not None else pdf_bytes(f"Van ban {summary[:20]} {code}")
    doc = sp.incoming._queue(sp.auth.user, payload, f"{code}.pdf", 1, "scan")  # type: ignore[arg-type]
    draft = IncomingDraft(
        code_number=code,
        code_notation=notation,
        document_date=DAY,
        issuing_agency=agency,
        doc_type=doc_type,
        summary=summary,
    )
    sp.incoming.register(doc, draft, allow_duplicate=True)
    return doc


def assign_to_unit(ward: Ward, doc: str, unit_id: str) -> None:
    """Submit to the leader, who gives the document to a unit."""
    act(ward, "vanthu").incoming.submit(doc, ward.leader)
    act(ward, "chutich").incoming.assign(
        doc, AssignmentDraft("Giao xử lý", HandlerRef(AssigneeKind.UNIT, unit_id))
    )


def new_task(ward: Ward, title: str, description: str = "") -> str:
    """A task the leader gives to the official of Văn phòng."""
    form = TaskForm(title, HandlerRef(AssigneeKind.USER, ward.official), description=description)
    return act(ward, "chutich").tasks.assign(form)


WEEK = week_id_of(dt.date(2026, 11, 24))


def add_entry(ward: Ward, content: str, location: str = "Hội trường tầng 2") -> str:
    """A draft entry on Tuesday 24/11/2026 (week WEEK), added by the clerk; its id."""
    form = EntryForm(dt.date(2026, 11, 24), "08:00", content, ward.leader, location=location)
    return act(ward, "vanthu").schedule.add_entry(form).entry_ids[0]
