"""Outgoing documents (văn bản đi): drafts and their versions, signatures, number, recipients."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class OutgoingDocument(Base):
    """One outgoing document, from the first draft to issue (ND30 Phụ lục VI mục I)."""

    __tablename__ = "outgoing_documents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    doc_type: Mapped[str] = mapped_column(String(100))  # DocType.code
    summary: Mapped[str] = mapped_column(String(500))
    notation: Mapped[str] = mapped_column(String(30))  # ký hiệu, e.g. "QĐ-UBND"
    urgency: Mapped[str] = mapped_column(String(20), default="normal")
    confidentiality: Mapped[str] = mapped_column(String(20), default="normal")
    recipients_text: Mapped[str] = mapped_column(String(1000), default="")  # nơi nhận, printed
    note: Mapped[str] = mapped_column(String(500), default="")
    drafting_unit_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_by: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    signer_id: Mapped[str] = mapped_column(String(40), index=True)
    signer_authority: Mapped[str] = mapped_column(String(100), default="")  # "TM. ỦY BAN NHÂN DÂN"
    signer_position: Mapped[str] = mapped_column(String(100), default="")
    reviewer_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    content_reviewed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    form_reviewed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    final_blob: Mapped[str | None] = mapped_column(String(64), nullable=True)  # with empty fields
    signed_blob: Mapped[str | None] = mapped_column(String(64), nullable=True)  # leader's signature
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    signer_certificate: Mapped[str] = mapped_column(String(300), default="")
    issued_blob: Mapped[str | None] = mapped_column(String(64), nullable=True)  # number + seal
    register_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issued_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    issued_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    copies: Mapped[int | None] = mapped_column(Integer, nullable=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_outgoing_year_number", "year", "number"),)


class OutgoingFile(Base):
    """A file of an outgoing document, never overwritten: each draft upload or edit is a new one.

    `role` is "draft" (a DOCX or PDF version), "attachment" (a separate file issued with the
    document) or "attachment_signed" (that file with the organisation's signature).
    """

    __tablename__ = "outgoing_files"
    op_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    blob: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    added_by: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class OutgoingRecipient(Base):
    """A unit or person inside the ward the issued document is delivered to."""

    __tablename__ = "outgoing_recipients"
    document_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    recipient_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    recipient_id: Mapped[str] = mapped_column(String(40), primary_key=True)


class TrustRoot(Base):
    """A certificate an admin imported as a trust anchor for signature validation."""

    __tablename__ = "trust_roots"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    der: Mapped[str] = mapped_column(Text)  # base64
    subject: Mapped[str] = mapped_column(String(300))
    not_after: Mapped[dt.datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SignatureImageRecord(Base):
    """A person's handwritten signature (blue PNG) or the organisation's seal (red PNG).

    `owner` is a user id, or "org" for the seal; `size_mm` is the seal's real width.
    """

    __tablename__ = "signature_images"
    owner: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    blob: Mapped[str] = mapped_column(String(64))
    size_mm: Mapped[float | None] = mapped_column(nullable=True)
    set_by: Mapped[str] = mapped_column(String(40))


class SpaceSetting(Base):
    """A space-wide setting an admin chose (numbering rule, timestamp server, ...)."""

    __tablename__ = "space_settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
