"""What the outgoing views and the CLI exchange with the outgoing service."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from app.documents.doc_types import DOC_TYPES
from app.i18n import N_
from app.models.enums import Confidentiality, OutgoingState, Urgency
from app.services.incoming_dto import HandlerRef, HistoryView

DOC_TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in DOC_TYPES)  # ND30 Điều 7, in order

STATE_LABELS: dict[OutgoingState, str] = {
    OutgoingState.DRAFT: N_("Đang soạn thảo"),
    OutgoingState.CONTENT_REVIEW: N_("Chờ duyệt nội dung"),
    OutgoingState.FORM_REVIEW: N_("Chờ kiểm tra thể thức"),
    OutgoingState.AWAITING_APPROVAL: N_("Chờ lãnh đạo duyệt"),
    OutgoingState.APPROVED: N_("Đã duyệt, chờ tạo bản ký"),
    OutgoingState.READY_TO_SIGN: N_("Chờ ký số"),
    OutgoingState.SIGNED: N_("Đã ký, chờ ban hành"),
    OutgoingState.ISSUED: N_("Đã ban hành"),
    OutgoingState.RETURNED: N_("Bị trả lại"),
}


class OutgoingBox(enum.StrEnum):
    """The outgoing lists a user opens."""

    MY_DRAFTS = "my_drafts"  # Dự thảo của tôi
    TO_REVIEW = "to_review"  # Chờ tôi duyệt nội dung
    FORM_CHECK = "form_check"  # Chờ kiểm tra thể thức (văn thư)
    TO_APPROVE = "to_approve"  # Chờ tôi duyệt (người ký)
    TO_PREPARE = "to_prepare"  # Chờ tạo bản ký
    TO_SIGN = "to_sign"  # Chờ tôi ký số
    TO_ISSUE = "to_issue"  # Chờ cấp số, ban hành (văn thư)
    ISSUED = "issued"  # Sổ văn bản đi


BOX_LABELS: dict[OutgoingBox, str] = {
    OutgoingBox.MY_DRAFTS: N_("Dự thảo của tôi"),
    OutgoingBox.TO_REVIEW: N_("Chờ duyệt nội dung"),
    OutgoingBox.FORM_CHECK: N_("Chờ kiểm tra thể thức"),
    OutgoingBox.TO_APPROVE: N_("Chờ duyệt"),
    OutgoingBox.TO_PREPARE: N_("Chờ tạo bản ký"),
    OutgoingBox.TO_SIGN: N_("Chờ ký số"),
    OutgoingBox.TO_ISSUE: N_("Chờ ban hành"),
    OutgoingBox.ISSUED: N_("Sổ văn bản đi"),
}


class Action(enum.StrEnum):
    """What the signed-in user may do now with a document (the detail pane's buttons)."""

    EDIT = "edit"
    ADD_VERSION = "add_version"
    SUBMIT = "submit"
    APPROVE_CONTENT = "approve_content"
    APPROVE_FORM = "approve_form"
    APPROVE = "approve"
    RETURN = "return"
    PREPARE = "prepare"
    ADD_ATTACHMENT = "add_attachment"
    SIGN = "sign"
    ISSUE = "issue"
    COMMENT = "comment"


@dataclass(frozen=True)
class DraftForm:
    """A new draft's fields (ND30 Phụ lục VI mục I) and who signs it."""

    doc_type: str  # DocType.code
    summary: str
    signer_id: str
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    signer_position: str = ""  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    recipients_text: str = ""  # Nơi nhận, one per line
    addressees: tuple[str, ...] = ()  # Kính gửi
    body: tuple[str, ...] = ()  # empty: the type's model text
    urgency: Urgency = Urgency.NORMAL
    confidentiality: Confidentiality = Confidentiality.NORMAL
    drafting_unit_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class OutgoingRow:
    """One line of an outgoing list."""

    id: str
    state: OutgoingState
    doc_type: str  # the type's name
    code: str  # "07/QĐ-UBND", or "…/QĐ-UBND" before the number
    summary: str
    signer: str
    drafter: str
    created_at: dt.datetime
    issued_date: dt.date | None
    urgency: Urgency
    confidentiality: Confidentiality
    number: int | None
    year: int | None


@dataclass(frozen=True)
class FileView:
    """A file of the document: a draft version, the file to sign, an attachment."""

    role: str
    version: int
    file_name: str
    blob: str
    size: int
    added_by: str
    added_at: dt.datetime
    note: str


@dataclass(frozen=True)
class OutgoingDetail:
    """Everything about one outgoing document."""

    row: OutgoingRow
    form: DraftForm
    reviewer: str
    return_reason: str
    files: tuple[FileView, ...]
    pdf_blob: str | None  # the newest PDF: issued, else signed, else the one to sign
    recipients: tuple[str, ...]
    history: tuple[HistoryView, ...]
    actions: frozenset[Action]
    conflicts: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class IssueForm:
    """What the clerk chooses when issuing: inside recipients and the number of copies."""

    recipients: tuple[HandlerRef, ...] = ()
    copies: int | None = None
