"""The words of the search window: kinds and the states of each kind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.i18n import tr
from app.services.outgoing_dto import STATE_LABELS as OUTGOING_STATES
from app.services.schedule_dto import STATE_LABELS as SCHEDULE_STATES
from app.services.search_dto import KIND_LABELS, SearchKind
from app.services.task_dto import STATE_LABELS as TASK_STATES
from app.views.incoming.labels import STATE_LABELS as INCOMING_STATES
from app.views.incoming.labels import label

STATES: dict[SearchKind, Mapping[Any, str]] = {
    SearchKind.INCOMING: INCOMING_STATES,
    SearchKind.OUTGOING: OUTGOING_STATES,
    SearchKind.TASK: TASK_STATES,
    SearchKind.SCHEDULE: SCHEDULE_STATES,
}


def kind_label(kind: SearchKind | str) -> str:
    """ "Văn bản đến", "Văn bản đi", "Công việc", "Lịch công tác"."""
    return label(KIND_LABELS, kind)


def state_label(kind: SearchKind | str, state: str) -> str:
    """The state of a result in the words of its own list ("Đang xử lý", "Mới giao", …)."""
    table = STATES.get(SearchKind(kind)) if kind in SearchKind.__members__.values() else None
    return label(table, state) if table is not None and state else state


def state_choices(kind: SearchKind) -> list[tuple[str, str]]:
    """(code, label) of every state a result of `kind` can be in, in workflow order."""
    return [(str(code), tr(text)) for code, text in STATES[kind].items()]
