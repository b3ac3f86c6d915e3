"""DTOs of incoming documents: the registration form, handlers, list rows, the detail view."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from app.errors import ValidationError
from app.i18n import tr
from app.models.enums import AssigneeKind, Confidentiality, IncomingState, Urgency
from app.timeutil import parse_date

# Phụ lục VI, mục II: the longest each field may be.
LIMITS = {
    "code_number": 11,
    "code_notation": 30,
    "issuing_agency": 200,
    "doc_type": 100,
    "summary": 500,
    "signer_name": 50,
    "signer_position": 100,
    "note": 500,
    "recipients_text": 1000,
    "language": 30,
}
FIELD_LABELS = {
    "code_number": "Số",
    "code_notation": "Ký hiệu",
    "issuing_agency": "Cơ quan ban hành",
    "doc_type": "Loại văn bản",
    "summary": "Trích yếu",
    "signer_name": "Người ký",
    "signer_position": "Chức vụ người ký",
    "note": "Ghi chú",
    "recipients_text": "Đơn vị hoặc người nhận",
    "language": "Ngôn ngữ",
    "document_date": "Ngày văn bản",
    "arrival_date": "Ngày đến",
    "due_date": "Hạn xử lý",
    "page_count": "Số trang",
}


class Box(enum.StrEnum):
    """The lists a user opens: the clerk's queue and register, a leader's inbox, handlers' boxes."""

    QUEUE = "queue"  # Chờ vào sổ
    ALL = "all"  # Sổ văn bản đến
    TO_SUBMIT = "to_submit"  # Chờ trình
    TO_DIRECT = "to_direct"  # Chờ chỉ đạo
    PENDING = "pending"  # Chờ xử lý
    IN_PROGRESS = "in_progress"  # Đang xử lý
    OVERDUE = "overdue"  # Quá hạn: open documents past their deadline (the dashboard opens it)
    DUE_WEEK = "due_week"  # Đến hạn trong tuần
    DONE = "done"  # Đã xử lý
    COORDINATE = "coordinate"  # Phối hợp
    INFO = "info"  # Để biết


@dataclass(frozen=True)
class IncomingDraft:
    """The registration form (ND30 Phụ lục VI mục II)."""

    code_number: str = ""
    code_notation: str = ""
    document_date: dt.date | None = None
    issuing_agency: str = ""
    doc_type: str = ""
    summary: str = ""
    signer_name: str = ""
    signer_position: str = ""
    urgency: Urgency = Urgency.NORMAL
    confidentiality: Confidentiality = Confidentiality.NORMAL
    page_count: int | None = None
    due_date: dt.date | None = None
    arrival_date: dt.date | None = None
    note: str = ""
    recipients_text: str = ""
    language: str = "Tiếng Việt"

    @property
    def code(self) -> str:
        """ "123/UBND-VP" as printed."""
        return (
            f"{self.code_number}/{self.code_notation}" if self.code_notation else self.code_number
        )

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> IncomingDraft:
        """From the CLI's --meta object; "code" may stand for number and notation together."""
        if not isinstance(raw, dict):
            raise ValidationError(tr("Siêu dữ liệu phải là một đối tượng JSON."))
        known = set(cls.__dataclass_fields__) | {"code"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValidationError(
                tr("Trường không hợp lệ: {names}").format(names=", ".join(unknown))
            )
        values: dict[str, Any] = {k: v for k, v in raw.items() if k != "code"}
        if "code" in raw:
            number, _, notation = str(raw["code"]).partition("/")
            values.setdefault("code_number", number.strip())
            values.setdefault("code_notation", notation.strip())
        for name in ("document_date", "due_date", "arrival_date"):
            if values.get(name):
                try:
                    values[name] = parse_date(str(values[name]))
                except ValueError as exc:
                    raise ValidationError(
                        tr("{label} không đúng dạng ngày (dd/MM/yyyy): {v}").format(
                            label=tr(FIELD_LABELS[name]), v=values[name]
                        ),
                        field=name,
                    ) from exc
        try:
            if "urgency" in values:
                values["urgency"] = Urgency(values["urgency"])
            if "confidentiality" in values:
                values["confidentiality"] = Confidentiality(values["confidentiality"])
        except ValueError as exc:
            raise ValidationError(
                tr("Độ khẩn hoặc độ mật không hợp lệ: {e}").format(e=exc)
            ) from exc
        if values.get("page_count") is not None and not isinstance(values["page_count"], int):
            raise ValidationError(tr("Số trang phải là số nguyên."), field="page_count")
        for name in LIMITS:
            if name in values and not isinstance(values[name], str):
                values[name] = str(values[name])
        return cls(**values)


@dataclass(frozen=True)
class HandlerRef:
    """A person or a unit that handles a document."""

    kind: AssigneeKind
    id: str


@dataclass(frozen=True)
class AssignmentDraft:
    """A leader's instruction: one primary handler, coordinators, for-information, due date."""

    instruction: str
    primary: HandlerRef | None
    coordinators: tuple[HandlerRef, ...] = ()
    informed: tuple[HandlerRef, ...] = ()
    due_date: dt.date | None = None


@dataclass(frozen=True)
class IncomingFilter:
    """What a list shows."""

    box: Box = Box.ALL
    text: str = ""
    states: frozenset[IncomingState] = frozenset()
    urgent_only: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    issuing_agency: str = ""
    year: int | None = None


@dataclass(frozen=True)
class IncomingRow:
    """One line of a list."""

    id: str
    state: IncomingState
    year: int | None
    arrival_number: int | None
    arrival_date: dt.date | None
    code: str
    issuing_agency: str
    doc_type: str
    summary: str
    document_date: dt.date | None
    urgency: Urgency
    confidentiality: Confidentiality
    due_date: dt.date | None
    queued_at: dt.datetime
    file_name: str
    source: str
    overdue: bool
    near_due: bool


@dataclass(frozen=True)
class AssignmentView:
    """A handler as the detail view shows them."""

    kind: AssigneeKind
    id: str
    name: str
    role: str
    status: str
    note: str


@dataclass(frozen=True)
class HistoryView:
    """One step of the processing history."""

    at: dt.datetime
    actor: str
    action: str
    text: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class IncomingDetail:
    """Everything about one document."""

    row: IncomingRow
    draft: IncomingDraft
    blob: str
    source: str
    registered_by: str
    submitted_to: str | None
    instruction: str
    assigned_by: str
    result_note: str
    return_reason: str
    assignments: list[AssignmentView] = field(default_factory=list)
    history: list[HistoryView] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
