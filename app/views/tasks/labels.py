"""Vietnamese names of the task codes: lists, states, priorities, buttons, history steps, and
what each history step says beyond its name.

The tables hold source strings (marked with `N_`); they go through `tr()` when shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.i18n import N_, tr
from app.models.enums import AssigneeKind, TaskPriority, TaskState
from app.services.task_dto import (
    ALL_TASKS_LABEL,
    BOX_LABELS,
    CLOSED_UNIT,
    LOCKED_USER,
    PRIORITY_LABELS,
    STATE_LABELS,
    TaskAction,
    TaskBox,
    TaskRow,
)
from app.timeutil import fmt_date
from app.views.incoming.labels import label

# The button of each step, in the order the detail pane shows them.
ACTION_LABELS: dict[TaskAction, str] = {
    TaskAction.REPORT: N_("Báo cáo tiến độ"),
    TaskAction.FINISH: N_("Báo cáo hoàn thành"),
    TaskAction.ACCEPT: N_("Đồng ý kết quả"),
    TaskAction.RETURN: N_("Trả lại kết quả"),
    TaskAction.GRANT_EXTENSION: N_("Đồng ý gia hạn"),
    TaskAction.REFUSE_EXTENSION: N_("Không đồng ý gia hạn"),
    TaskAction.ASK_EXTENSION: N_("Xin gia hạn"),
    TaskAction.EDIT: N_("Sửa công việc"),
    TaskAction.REASSIGN: N_("Giao lại"),
    TaskAction.CANCEL: N_("Hủy công việc"),
    TaskAction.COMMENT: N_("Ý kiến"),
}
# Steps that move the task on: drawn as the default (blue) button.
MAIN_ACTIONS = frozenset(
    {TaskAction.REPORT, TaskAction.FINISH, TaskAction.ACCEPT, TaskAction.GRANT_EXTENSION}
)
HISTORY_LABELS: dict[str, str] = {
    "task.assigned": N_("Giao việc"),
    "task.updated": N_("Sửa công việc"),
    "task.reassigned": N_("Giao lại"),
    "task.cancelled": N_("Hủy công việc"),
    "task.progressed": N_("Báo cáo tiến độ"),
    "task.extension_asked": N_("Xin gia hạn"),
    "task.extension_granted": N_("Đồng ý gia hạn"),
    "task.extension_refused": N_("Không đồng ý gia hạn"),
    "task.finished": N_("Báo cáo hoàn thành"),
    "task.accepted": N_("Đồng ý kết quả"),
    "task.returned": N_("Trả lại kết quả"),
    "task.commented": N_("Ý kiến"),
}
_EDITED_FIELDS = {
    "title": N_("Tên công việc"),
    "description": N_("Nội dung"),
    "priority": N_("Mức độ ưu tiên"),
    "due_date": N_("Hạn xử lý"),
}


def box_label(box: TaskBox, *, leader: bool = False) -> str:
    """The title of a list; a leader's "Công việc của đơn vị" holds every task."""
    if box == TaskBox.UNIT and leader:
        return tr(ALL_TASKS_LABEL)
    return label(BOX_LABELS, box)


def state_label(state: TaskState | str) -> str:
    """ "Mới giao", "Đang thực hiện", "Chờ duyệt kết quả", …"""
    return label(STATE_LABELS, state)


def priority_label(priority: TaskPriority | str) -> str:
    """ "Thấp", "Bình thường", "Cao", "Khẩn"."""
    return label(PRIORITY_LABELS, priority)


def action_label(action: TaskAction) -> str:
    """The text of a step's button."""
    return label(ACTION_LABELS, action)


def history_label(kind: str) -> str:
    """The Vietnamese name of a history step."""
    return label(HISTORY_LABELS, kind)


def locked_text(kind: AssigneeKind | str) -> str:
    """The marker of a deactivated primary person (or a closed unit)."""
    return tr(CLOSED_UNIT) if kind == AssigneeKind.UNIT else tr(LOCKED_USER)


def primary_text(row: TaskRow) -> str:
    """The primary assignee's name, with "(đơn vị)" for a unit and "(đã khóa)" when locked."""
    text = row.primary + (f" ({tr('đơn vị')})" if row.primary_kind == AssigneeKind.UNIT else "")
    return text + (f" — {tr('đã khóa')}" if row.primary_locked else "")


def _date(value: object) -> str:
    try:
        return fmt_date(dt.date.fromisoformat(str(value))) if value else tr("không có hạn")
    except ValueError:
        return str(value)


def _name(ref: object, names: dict[str, str]) -> str:
    return names.get(str(ref.get("id", "")), "?") if isinstance(ref, dict) else "?"


def history_text(kind: str, text: str, detail: dict[str, Any], names: dict[str, str]) -> str:
    """What a history step says beyond its name: who, the dates, the percent, the files."""
    parts: list[str] = []
    files = detail.get("files") or []
    if kind == "task.assigned":
        parts.append(tr("Chủ trì: {name}").format(name=_name(detail.get("primary"), names)))
        coordinators = [_name(c, names) for c in detail.get("coordinators", [])]
        if coordinators:
            parts.append(tr("Phối hợp: {names}").format(names=", ".join(coordinators)))
        if detail.get("due_date"):
            parts.append(tr("Hạn xử lý: {d}").format(d=_date(detail["due_date"])))
    elif kind == "task.progressed":
        if detail.get("as") == "coordinate":
            parts.append(tr("Phối hợp thực hiện"))
        elif detail.get("percent") is not None:
            parts.append(tr("Tiến độ {p}%").format(p=detail["percent"]))
    elif kind in ("task.extension_asked", "task.extension_granted"):
        before, after = _date(detail.get("from")), _date(detail.get("to"))
        parts.append(tr("Hạn xử lý: {a} → {b}").format(a=before, b=after))
    elif kind == "task.extension_refused":
        parts.append(tr("Hạn đề nghị: {d}").format(d=_date(detail.get("to"))))
    elif kind == "task.reassigned":
        parts.append(
            tr("{a} → {b}").format(
                a=_name(detail.get("from"), names), b=_name(detail.get("to"), names)
            )
        )
    elif kind == "task.updated":
        parts += _edits(detail, names)
    if files and kind != "task.updated":
        parts.append(tr("Tệp: {names}").format(names=", ".join(str(f) for f in files)))
    return " — ".join(p for p in ("; ".join(parts), text) if p)


def _edits(detail: dict[str, Any], names: dict[str, str]) -> list[str]:
    parts = []
    for key, caption in _EDITED_FIELDS.items():
        change = detail.get(key)
        if not isinstance(change, list) or len(change) != 2:
            continue
        old, new = change
        if key == "due_date":
            old, new = _date(old), _date(new)
        elif key == "priority":
            old, new = priority_label(str(old)), priority_label(str(new))
        elif key == "description":
            parts.append(tr("{field}: đã sửa").format(field=tr(caption)))
            continue
        parts.append(tr("{field}: {a} → {b}").format(field=tr(caption), a=old, b=new))
    coordinators = detail.get("coordinators")
    if isinstance(coordinators, list) and len(coordinators) == 2:
        now = ", ".join(_name(c, names) for c in coordinators[1]) or tr("không có")
        parts.append(tr("Phối hợp: {names}").format(names=now))
    if detail.get("files"):
        parts.append(tr("Thêm tệp: {names}").format(names=", ".join(map(str, detail["files"]))))
    return parts
