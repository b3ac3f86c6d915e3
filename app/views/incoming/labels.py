"""Vietnamese names of the incoming-document codes (states, urgency, boxes, history actions).

The source strings go through `tr()` when shown, so a catalogue can translate them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.i18n import N_, tr
from app.models.enums import (
    AssignmentRole,
    Confidentiality,
    HandlingStatus,
    IncomingState,
    Source,
    Urgency,
)
from app.services.incoming_dto import Box, IncomingRow
from app.services.outgoing_dto import DOC_TYPE_NAMES

STATE_LABELS: dict[IncomingState, str] = {
    IncomingState.QUEUED: N_("Chờ vào sổ"),
    IncomingState.REGISTERED: N_("Đã vào sổ"),
    IncomingState.SUBMITTED: N_("Chờ chỉ đạo"),
    IncomingState.RETURNED: N_("Bị trả lại"),
    IncomingState.ASSIGNED: N_("Đang xử lý"),
    IncomingState.COMPLETED: N_("Hoàn thành"),
    IncomingState.DISCARDED: N_("Đã loại"),
    IncomingState.INTERNAL: N_("Văn bản nội bộ"),
}
URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.NORMAL: N_("Thường"),
    Urgency.URGENT: N_("Khẩn"),
    Urgency.VERY_URGENT: N_("Thượng khẩn"),
    Urgency.FLASH: N_("Hỏa tốc"),
}
CONFIDENTIALITY_LABELS: dict[Confidentiality, str] = {
    Confidentiality.NORMAL: N_("Thường"),
    Confidentiality.CONFIDENTIAL: N_("Mật"),
    Confidentiality.SECRET: N_("Tối mật"),
    Confidentiality.TOP_SECRET: N_("Tuyệt mật"),
}
SOURCE_LABELS: dict[Source, str] = {
    Source.SCAN: N_("Máy quét"),
    Source.MANUAL: N_("Thêm tệp"),
    Source.EDXML: N_("Liên thông"),
}
ROLE_LABELS: dict[AssignmentRole, str] = {
    AssignmentRole.PRIMARY: N_("Xử lý chính"),
    AssignmentRole.COORDINATE: N_("Phối hợp"),
    AssignmentRole.INFO: N_("Nhận để biết"),
}
HANDLING_LABELS: dict[HandlingStatus, str] = {
    HandlingStatus.PENDING: N_("Chờ xử lý"),
    HandlingStatus.IN_PROGRESS: N_("Đang xử lý"),
    HandlingStatus.DONE: N_("Đã xử lý"),
}
BOX_LABELS: dict[Box, str] = {
    Box.QUEUE: N_("Chờ vào sổ"),
    Box.ALL: N_("Sổ văn bản đến"),
    Box.TO_SUBMIT: N_("Chờ trình"),
    Box.TO_DIRECT: N_("Chờ chỉ đạo"),
    Box.PENDING: N_("Chờ xử lý"),
    Box.IN_PROGRESS: N_("Đang xử lý"),
    Box.OVERDUE: N_("Quá hạn"),
    Box.DUE_WEEK: N_("Đến hạn trong tuần"),
    Box.DONE: N_("Đã xử lý"),
    Box.COORDINATE: N_("Phối hợp"),
    Box.INFO: N_("Để biết"),
}
ACTION_LABELS: dict[str, str] = {
    "incoming.queued": N_("Nhận tệp vào hàng chờ"),
    "incoming.registered": N_("Vào sổ"),
    "incoming.updated": N_("Sửa thông tin"),
    "incoming.submitted": N_("Trình lãnh đạo"),
    "incoming.returned": N_("Trả lại văn thư"),
    "incoming.assigned": N_("Phân công xử lý"),
    "incoming.progressed": N_("Cập nhật tiến độ"),
    "incoming.handler_done": N_("Hoàn thành phần phối hợp"),
    "incoming.completed": N_("Hoàn thành"),
    "incoming.handling_returned": N_("Trả lại lãnh đạo"),
    "incoming.viewed": N_("Xem văn bản"),
    "incoming.commented": N_("Ý kiến"),
    "incoming.discarded": N_("Loại khỏi hàng chờ"),
}

# Nghị định 30/2020/NĐ-CP, Điều 7: the 29 kinds of administrative documents.
DOC_TYPES: tuple[str, ...] = DOC_TYPE_NAMES
WAITING_FOR_NUMBER = N_("Chờ cấp số")


def waits_for_number(row: IncomingRow) -> bool:
    """True for a registered document still without its số đến (registered while offline)."""
    return row.arrival_number is None and row.state not in (
        IncomingState.QUEUED,
        IncomingState.DISCARDED,
        IncomingState.INTERNAL,
    )


def arrival_text(row: IncomingRow) -> str:
    """The "Số đến" cell: the number, "Chờ cấp số" while it waits, empty in the queue."""
    if row.arrival_number:
        return str(row.arrival_number)
    return tr(WAITING_FOR_NUMBER) if waits_for_number(row) else ""


def label(table: Mapping[Any, str], key: object) -> str:
    """The translated label of `key` in `table`, or the code itself when it is unknown.

    The tables are keyed by StrEnum members, which hash and compare like their string values,
    so a plain string code finds its label too.
    """
    text = table.get(key)
    return tr(text) if text is not None else str(key)


def state_label(state: IncomingState | str) -> str:
    """ "Chờ vào sổ", "Đang xử lý", …"""
    return label(STATE_LABELS, state)


def urgency_label(urgency: Urgency | str) -> str:
    """ "Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc"."""
    return label(URGENCY_LABELS, urgency)


def confidentiality_label(value: Confidentiality | str) -> str:
    """ "Thường", "Mật", "Tối mật", "Tuyệt mật"."""
    return label(CONFIDENTIALITY_LABELS, value)


def source_label(value: Source | str) -> str:
    """How a file reached the queue."""
    return label(SOURCE_LABELS, value)


def role_label(value: AssignmentRole | str) -> str:
    """ "Xử lý chính", "Phối hợp", "Nhận để biết"."""
    return label(ROLE_LABELS, value)


def handling_label(value: HandlingStatus | str) -> str:
    """ "Chờ xử lý", "Đang xử lý", "Đã xử lý"."""
    return label(HANDLING_LABELS, value)


def box_label(box: Box) -> str:
    """The title of a list, e.g. "Chờ vào sổ"."""
    return label(BOX_LABELS, box)


def action_label(kind: str) -> str:
    """The Vietnamese name of a history step, e.g. "Vào sổ"."""
    return label(ACTION_LABELS, kind)
