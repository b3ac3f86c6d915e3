"""Reducers of tasks (công việc): assignment, reports, extensions, completion and review.

Every op is checked again here at replay: the task's state, and that the actor is an
assignee (the primary person, or a member of the primary unit, as of the op), a coordinator,
or the one who directs the task (its assigner; any leader once the assigner is no longer an
active leader, so no task is left without anyone to accept it). An op that no longer fits is
kept and flagged, never applied.

The primary's activity is checked by the service, not here: a user deactivated on another PC
at the same time would otherwise make the result depend on which op arrived first, since a
late user op re-folds only what that user did. Such a task shows "Người thực hiện đã bị khóa
tài khoản" and its assigner reassigns it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.journal.apply import ActorFacts, Rejected, actor_facts, clearer, history, reducer
from app.journal.op import Op
from app.models import Task, TaskFile, TaskParticipant
from app.models.enums import AssigneeKind, AssignmentRole, Role, TaskPriority
from app.models.enums import TaskState as S
from app.textfold import fold

ANYONE = None
LEADERS = {Role.LEADER}
WORKING = (S.ASSIGNED, S.IN_PROGRESS)
OPEN = (S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED)


def _task(session: Session, op: Op, *states: S) -> Task:
    task = session.get(Task, op.entity_id)
    if task is None:
        raise Rejected("invalid", "no such task")
    if states and task.state not in states:
        raise Rejected("conflict", f"{op.kind} from state {task.state}")
    return task


def _active(session: Session, op: Op) -> ActorFacts:
    facts = actor_facts(session, op.actor, op.order_key)
    if not facts.active:
        raise Rejected("role", f"actor {op.actor} is not active")
    return facts


def is_assignee(task: Task, user_id: str, unit_id: str | None) -> bool:
    """The primary person, or a member of the primary unit."""
    if task.primary_kind == AssigneeKind.USER:
        return task.primary_id == user_id
    return unit_id is not None and task.primary_id == unit_id


def _coordinates(session: Session, task: Task, user_id: str, unit_id: str | None) -> bool:
    rows = session.scalars(
        select(TaskParticipant).where(
            TaskParticipant.task_id == task.id,
            TaskParticipant.role == AssignmentRole.COORDINATE,
        )
    )
    return any(
        (r.assignee_kind == AssigneeKind.USER and r.assignee_id == user_id)
        or (r.assignee_kind == AssigneeKind.UNIT and r.assignee_id == unit_id)
        for r in rows
    )


def _require_assignee(session: Session, op: Op, task: Task) -> None:
    facts = _active(session, op)
    if not is_assignee(task, op.actor, facts.unit_id):
        raise Rejected("role", "only an assignee of the task")


def _require_director(session: Session, op: Op, task: Task) -> None:
    """The assigner, or any leader once the assigner is no longer an active leader.

    The assigner made the task's first op, so a late change of their roles re-folds the task.
    """
    if op.actor == task.assigned_by:
        return
    assigner = actor_facts(session, task.assigned_by, op.order_key)
    if assigner.active and Role.LEADER in assigner.roles:
        raise Rejected("role", "only the assigner directs the task")


def _text(op: Op, key: str, *, required: bool) -> str:
    value = op.payload.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise Rejected("invalid", f"{key} needs text")
    return value


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise Rejected("invalid", f"not a date: {value}") from exc


def _ref(raw: Any) -> tuple[str, str]:
    if (
        not isinstance(raw, dict)
        or raw.get("kind") not in set(AssigneeKind)
        or not isinstance(raw.get("id"), str)
    ):
        raise Rejected("invalid", "not an assignee")
    return str(raw["kind"]), str(raw["id"])


def _coordinators(payload: dict[str, Any], primary: tuple[str, str]) -> list[tuple[str, str]]:
    raw = payload.get("coordinators", [])
    if not isinstance(raw, list):
        raise Rejected("invalid", "coordinators")
    refs = [_ref(r) for r in raw]
    if primary in refs:
        raise Rejected("invalid", "the primary assignee cannot also coordinate")
    if len(set(refs)) != len(refs):
        raise Rejected("invalid", "a coordinator twice")
    return refs


def _index(task: Task) -> None:
    task.search_text = fold(f"{task.title} {task.description}")


def _priority(value: Any) -> str:
    try:
        return str(TaskPriority(value))
    except ValueError as exc:
        raise Rejected("invalid", f"priority {value!r}") from exc


def _unit(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise Rejected("invalid", "unit_id")
    return value


def _add_files(session: Session, op: Op, task_id: str, purpose: str) -> list[str]:
    files = op.payload.get("files", [])
    well_formed = isinstance(files, list) and all(
        isinstance(f, dict)
        and isinstance(f.get("file_name"), str)
        and isinstance(f.get("blob"), str)
        and isinstance(f.get("size", 0), int)
        for f in files
    )
    if not well_formed:
        raise Rejected("invalid", "files")
    names = []
    for n, f in enumerate(files):
        session.add(
            TaskFile(
                id=f"{op.op_id}:{n}",
                task_id=task_id,
                purpose=purpose,
                file_name=f["file_name"],
                blob=f["blob"],
                file_size=f.get("size", 0),
                added_by=op.actor,
                added_at=op.at,
            )
        )
        names.append(f["file_name"])
    return names


def _set_coordinators(session: Session, task_id: str, refs: list[tuple[str, str]]) -> None:
    session.execute(
        delete(TaskParticipant).where(
            TaskParticipant.task_id == task_id,
            TaskParticipant.role == AssignmentRole.COORDINATE,
        )
    )
    session.flush()
    for kind, ref_id in refs:
        session.add(
            TaskParticipant(
                task_id=task_id,
                assignee_kind=kind,
                assignee_id=ref_id,
                role=AssignmentRole.COORDINATE,
            )
        )


@reducer("task.assigned", roles=LEADERS)
def _assigned(session: Session, op: Op) -> None:
    if session.get(Task, op.entity_id) is not None:
        raise Rejected("invalid", "task exists")
    p = op.payload
    primary = _ref(p.get("primary"))
    coordinators = _coordinators(p, primary)
    title = _text(op, "title", required=True)
    task = Task(
        id=op.entity_id,
        title=title,
        description=_text(op, "description", required=False),
        state=S.ASSIGNED,
        priority=_priority(p.get("priority", TaskPriority.NORMAL)),
        source=str(p.get("source", "")),
        assigned_by=op.actor,
        assigned_at=op.at,
        primary_kind=primary[0],
        primary_id=primary[1],
        unit_id=_unit(p.get("unit_id")),
        due_date=_date(p.get("due_date")),
        progress=0,
        progress_note="",
        extension_reason="",
        return_comment="",
    )
    _index(task)
    session.add(task)
    session.flush()
    session.add(
        TaskParticipant(
            task_id=task.id,
            assignee_kind=primary[0],
            assignee_id=primary[1],
            role=AssignmentRole.PRIMARY,
        )
    )
    _set_coordinators(session, task.id, coordinators)
    files = _add_files(session, op, task.id, "attachment")
    history(
        session,
        op,
        text=task.description,
        detail={
            "primary": p["primary"],
            "coordinators": p.get("coordinators", []),
            "due_date": p.get("due_date"),
            "files": files,
        },
    )


@reducer("task.updated", roles=LEADERS)
def _updated(session: Session, op: Op) -> None:
    task = _task(session, op, *OPEN)
    _require_director(session, op, task)
    p = op.payload
    changed: dict[str, Any] = {}
    title = _text(op, "title", required=True)
    due = _date(p.get("due_date"))
    new = {
        "title": title,
        "description": _text(op, "description", required=False),
        "priority": _priority(p.get("priority", task.priority)),
        "due_date": due,
    }
    for name, value in new.items():
        old = getattr(task, name)
        if old != value:
            changed[name] = [_plain(old), _plain(value)]
            setattr(task, name, value)
    if "due_date" in changed:  # the assigner set the date: an open request is answered by it
        task.extension_due = None
        task.extension_reason = ""
    coordinators = _coordinators(p, (task.primary_kind, task.primary_id))
    before = _coordinator_refs(session, task.id)
    if set(coordinators) != set(before):
        changed["coordinators"] = [
            [{"kind": k, "id": i} for k, i in sorted(before)],
            [{"kind": k, "id": i} for k, i in sorted(coordinators)],
        ]
        _set_coordinators(session, task.id, coordinators)
    files = _add_files(session, op, task.id, "attachment")
    if files:
        changed["files"] = files
    _index(task)
    history(session, op, text=_text(op, "note", required=False), detail=changed)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _coordinator_refs(session: Session, task_id: str) -> list[tuple[str, str]]:
    return [
        (r.assignee_kind, r.assignee_id)
        for r in session.scalars(
            select(TaskParticipant).where(
                TaskParticipant.task_id == task_id,
                TaskParticipant.role == AssignmentRole.COORDINATE,
            )
        )
    ]


@reducer("task.reassigned", roles=LEADERS)
def _reassigned(session: Session, op: Op) -> None:
    task = _task(session, op, *OPEN)
    _require_director(session, op, task)
    kind, ref_id = _ref(op.payload.get("primary"))
    if (kind, ref_id) == (task.primary_kind, task.primary_id):
        raise Rejected("invalid", "the same primary assignee")
    old = {"kind": task.primary_kind, "id": task.primary_id}
    session.execute(
        delete(TaskParticipant).where(
            TaskParticipant.task_id == task.id,
            (TaskParticipant.role == AssignmentRole.PRIMARY)
            | ((TaskParticipant.assignee_kind == kind) & (TaskParticipant.assignee_id == ref_id)),
        )
    )
    session.flush()
    session.add(
        TaskParticipant(
            task_id=task.id, assignee_kind=kind, assignee_id=ref_id, role=AssignmentRole.PRIMARY
        )
    )
    task.primary_kind, task.primary_id = kind, ref_id
    task.unit_id = _unit(op.payload.get("unit_id"))
    if task.state == S.SUBMITTED:  # the new assignee takes the work over
        task.state = S.IN_PROGRESS
        task.finished_at = None
    task.extension_due = None
    task.extension_reason = ""
    history(
        session,
        op,
        text=_text(op, "note", required=False),
        detail={"from": old, "to": {"kind": kind, "id": ref_id}},
    )


@reducer("task.cancelled", roles=LEADERS)
def _cancelled(session: Session, op: Op) -> None:
    task = _task(session, op, *OPEN)
    _require_director(session, op, task)
    reason = _text(op, "reason", required=True)
    task.state = S.CANCELLED
    task.extension_due = None
    task.extension_reason = ""
    history(session, op, text=reason)


@reducer("task.progressed", roles=ANYONE)
def _progressed(session: Session, op: Op) -> None:
    """A report: an assignee's progress (moves a new task on), or a coordinator's part."""
    task = _task(session, op, *WORKING)
    facts = _active(session, op)
    note = _text(op, "note", required=False)
    percent = op.payload.get("percent")
    if is_assignee(task, op.actor, facts.unit_id):
        if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
            raise Rejected("invalid", f"percent {percent!r}")
        task.progress = percent
        task.progress_note = note
        task.state = S.IN_PROGRESS
        role = "primary"
    elif _coordinates(session, task, op.actor, facts.unit_id):
        if percent is not None or not (note.strip() or op.payload.get("files")):
            raise Rejected("invalid", "a coordinator reports a note or files, no percent")
        role = "coordinate"
    else:
        raise Rejected("role", "not an assignee or a coordinator")
    files = _add_files(session, op, task.id, "report")
    history(session, op, text=note, detail={"percent": percent, "as": role, "files": files})


@reducer("task.extension_asked", roles=ANYONE)
def _extension_asked(session: Session, op: Op) -> None:
    task = _task(session, op, *WORKING)
    _require_assignee(session, op, task)
    wanted = _date(op.payload.get("due_date"))
    if task.due_date is None or wanted is None or wanted <= task.due_date:
        raise Rejected("invalid", "the new date must be after the due date")
    task.extension_due = wanted
    task.extension_reason = _text(op, "reason", required=True)
    history(
        session,
        op,
        text=task.extension_reason,
        detail={"from": task.due_date.isoformat(), "to": wanted.isoformat()},
    )


def _open_request(session: Session, op: Op) -> Task:
    task = _task(session, op, *WORKING)
    _require_director(session, op, task)
    if task.extension_due is None:
        raise Rejected("conflict", "no extension asked")
    return task


@reducer("task.extension_granted", roles=LEADERS)
def _extension_granted(session: Session, op: Op) -> None:
    task = _open_request(session, op)
    if _date(op.payload.get("due_date")) != task.extension_due:
        raise Rejected("conflict", "another date was asked for meanwhile")
    old = task.due_date
    task.due_date = task.extension_due
    task.extension_due = None
    task.extension_reason = ""
    history(
        session,
        op,
        text=_text(op, "note", required=False),
        detail={"from": _plain(old), "to": _plain(task.due_date)},
    )


@reducer("task.extension_refused", roles=LEADERS)
def _extension_refused(session: Session, op: Op) -> None:
    task = _open_request(session, op)
    asked = task.extension_due
    task.extension_due = None
    task.extension_reason = ""
    history(session, op, text=_text(op, "reason", required=True), detail={"to": _plain(asked)})


@reducer("task.finished", roles=ANYONE)
def _finished(session: Session, op: Op) -> None:
    task = _task(session, op, *WORKING)
    _require_assignee(session, op, task)
    note = _text(op, "note", required=True)
    task.state = S.SUBMITTED
    task.finished_at = op.at
    task.progress = 100
    task.progress_note = note
    task.return_comment = ""
    task.extension_due = None
    task.extension_reason = ""
    files = _add_files(session, op, task.id, "report")
    history(session, op, text=note, detail={"percent": 100, "files": files})


@reducer("task.accepted", roles=LEADERS)
def _accepted(session: Session, op: Op) -> None:
    task = _task(session, op, S.SUBMITTED)
    _require_director(session, op, task)
    task.state = S.DONE
    task.accepted_at = op.at
    history(session, op, text=_text(op, "note", required=False))


@reducer("task.returned", roles=LEADERS)
def _returned(session: Session, op: Op) -> None:
    task = _task(session, op, S.SUBMITTED)
    _require_director(session, op, task)
    task.return_comment = _text(op, "comment", required=True)
    task.state = S.IN_PROGRESS
    task.finished_at = None
    history(session, op, text=task.return_comment)


@reducer("task.commented", roles=ANYONE)
def _commented(session: Session, op: Op) -> None:
    _task(session, op)
    _active(session, op)
    history(session, op, text=_text(op, "text", required=True))


@clearer("task")
def _clear(session: Session, task_id: str) -> None:
    session.execute(delete(TaskFile).where(TaskFile.task_id == task_id))
    session.execute(delete(TaskParticipant).where(TaskParticipant.task_id == task_id))
    session.execute(delete(Task).where(Task.id == task_id))
