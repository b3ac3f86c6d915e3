"""Incoming documents (văn bản đến), their handlers and their history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class IncomingDocument(Base):
    """One incoming document, from the queue to completion (fields of ND30 Phụ lục VI mục II)."""

    __tablename__ = "incoming_documents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    source: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    blob: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    queued_by: Mapped[str] = mapped_column(String(40))
    register_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    arrival_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    arrival_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    registered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    registered_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    code_number: Mapped[str] = mapped_column(String(11), default="")
    code_notation: Mapped[str] = mapped_column(String(30), default="")
    document_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    issuing_agency: Mapped[str] = mapped_column(String(200), default="", index=True)
    doc_type: Mapped[str] = mapped_column(String(100), default="")
    summary: Mapped[str] = mapped_column(String(500), default="", index=True)
    signer_name: Mapped[str] = mapped_column(String(50), default="")
    signer_position: Mapped[str] = mapped_column(String(100), default="")
    urgency: Mapped[str] = mapped_column(String(20), default="normal", index=True)
    confidentiality: Mapped[str] = mapped_column(String(20), default="normal")
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str] = mapped_column(String(30), default="Tiếng Việt")
    note: Mapped[str] = mapped_column(String(500), default="")
    recipients_text: Mapped[str] = mapped_column(String(1000), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    submitted_to: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    instruction: Mapped[str] = mapped_column(Text, default="")
    assigned_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    assigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    completed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    result_note: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_incoming_year_number", "year", "arrival_number"),
        Index("ix_incoming_duplicate", "code_number", "code_notation"),
        Index("ix_incoming_state_submitted_to", "state", "submitted_to"),
        Index("ix_incoming_state_due", "state", "due_date"),  # the deadline lists
    )


class IncomingAssignment(Base):
    """One handler of one document: the primary, a coordinator or a for-information recipient."""

    __tablename__ = "incoming_assignments"
    document_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    assignee_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    assignee_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    progress_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        # a person's or unit's assignments in a list (role, status), with the document: the
        # small lists and their counts are read from it alone
        Index(
            "ix_assignment_assignee",
            "assignee_id",
            "role",
            "status",
            "assignee_kind",
            "document_id",
        ),
        # a person's or unit's assignments in document order, with what the lists check: their
        # lists count and merge from it alone (an official's or unit's 100 000s at 1 000 000)
        Index(
            "ix_assignment_assignee_document",
            "assignee_id",
            "assignee_kind",
            "document_id",
            "role",
            "status",
        ),
    )


class HistoryEntry(Base):
    """One step in an entity's processing history (quá trình xử lý); never changed once written."""

    __tablename__ = "history_entries"
    op_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    entity: Mapped[str] = mapped_column(String(60), index=True)
    order_key: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor_id: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
