"""Vietnamese names of the outgoing-document codes: states, lists, buttons, history steps.

The tables hold source strings (marked with `N_`); they go through `tr()` when shown.
"""

from __future__ import annotations

from app.i18n import N_
from app.models.enums import OutgoingState
from app.services.outgoing_dto import BOX_LABELS, STATE_LABELS, Action, OutgoingBox, OutgoingRow
from app.textfold import fold
from app.views.incoming.labels import label

# The button of each step, in the order the detail pane shows them.
ACTION_LABELS: dict[Action, str] = {
    Action.SIGN: N_("Ký số"),
    Action.ISSUE: N_("Cấp số, ban hành"),
    Action.APPROVE: N_("Duyệt"),
    Action.APPROVE_CONTENT: N_("Duyệt nội dung"),
    Action.APPROVE_FORM: N_("Kiểm tra thể thức"),
    Action.PREPARE: N_("Tạo bản ký"),
    Action.SUBMIT: N_("Trình duyệt nội dung"),
    Action.RETURN: N_("Trả lại"),
    Action.EDIT: N_("Sửa thông tin"),
    Action.ADD_VERSION: N_("Thêm phiên bản"),
    Action.ADD_ATTACHMENT: N_("Thêm tệp đính kèm"),
    Action.COMMENT: N_("Ý kiến"),
}
# Steps that move the document on: their buttons are drawn as the default (blue) one.
MAIN_ACTIONS = frozenset(
    {
        Action.SIGN,
        Action.ISSUE,
        Action.APPROVE,
        Action.APPROVE_CONTENT,
        Action.APPROVE_FORM,
        Action.PREPARE,
        Action.SUBMIT,
    }
)
HISTORY_LABELS: dict[str, str] = {
    "outgoing.created": N_("Tạo dự thảo"),
    "outgoing.updated": N_("Sửa thông tin"),
    "outgoing.version_added": N_("Thêm phiên bản"),
    "outgoing.submitted": N_("Trình duyệt nội dung"),
    "outgoing.content_approved": N_("Duyệt nội dung"),
    "outgoing.form_approved": N_("Kiểm tra thể thức"),
    "outgoing.approved": N_("Duyệt"),
    "outgoing.returned": N_("Trả lại"),
    "outgoing.finalized": N_("Tạo bản ký"),
    "outgoing.signed": N_("Ký số"),
    "outgoing.issued": N_("Cấp số, ban hành"),
    "outgoing.commented": N_("Ý kiến"),
    "outgoing.attachment_added": N_("Thêm tệp đính kèm"),
}
FILE_ROLE_LABELS: dict[str, str] = {
    "draft": N_("Dự thảo"),
    "attachment": N_("Tệp đính kèm"),
    "attachment_signed": N_("Tệp đính kèm đã ban hành"),
}
FINAL_SOURCE_LABELS: dict[str, str] = {
    "converted": N_("chuyển từ DOCX bằng LibreOffice"),
    "uploaded": N_("tải lên"),
    "draft": N_("bản PDF của dự thảo"),
}
# The authority line above the position (ND30 Điều 13): thay mặt, ký thay, thừa lệnh, thừa ủy quyền.
AUTHORITY_CHOICES: tuple[str, ...] = (
    "",
    N_("TM. ỦY BAN NHÂN DÂN"),
    N_("KT. CHỦ TỊCH"),
    N_("TL. CHỦ TỊCH"),
    N_("TUQ. CHỦ TỊCH"),
)


def state_label(state: OutgoingState | str) -> str:
    """ "Đang soạn thảo", "Chờ ký số", "Đã ban hành", …"""
    return label(STATE_LABELS, state)


def box_label(box: OutgoingBox) -> str:
    """The title of a list, e.g. "Chờ ký số"."""
    return label(BOX_LABELS, box)


def action_label(action: Action) -> str:
    """The text of a step's button, e.g. "Ký số"."""
    return label(ACTION_LABELS, action)


def history_label(kind: str) -> str:
    """The Vietnamese name of a history step, e.g. "Trình duyệt nội dung"."""
    return label(HISTORY_LABELS, kind)


def file_role_label(role: str) -> str:
    """ "Dự thảo", "Tệp đính kèm", …"""
    return label(FILE_ROLE_LABELS, role)


def final_source_label(source: str) -> str:
    """How the file to sign was made."""
    return label(FINAL_SOURCE_LABELS, source) if source else ""


def authority_for(position: str) -> str:
    """The usual authority line for a signer of a ward People's Committee, from their position.

    The chairman signs for the committee ("TM. ỦY BAN NHÂN DÂN"); a vice-chairman signs in
    the chairman's stead ("KT. CHỦ TỊCH"); anyone else signs without one.
    """
    folded = fold(position)  # "Phó Chủ tịch" → "pho chu tich"
    if folded.startswith("pho chu tich"):
        return AUTHORITY_CHOICES[2]
    if folded.startswith("chu tich"):
        return AUTHORITY_CHOICES[1]
    return ""


def subject_of(row: OutgoingRow) -> str:
    """ "…/QĐ-UBND — Về việc …" for the dialogs' headings."""
    head = f"{row.doc_type} {row.code}".strip()
    return f"{head} — {row.summary}" if row.summary else head
