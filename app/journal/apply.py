"""The one apply path: every op, local or received, reaches the projection through `apply`.

Ops of one entity are applied in `order_key` order. An op older than what the entity has seen
re-folds the entity: its projection rows are cleared and all its ops are applied again, so the
projection is a pure function of the set of ops. Ops that break a rule at replay (a transition
from the wrong state, an actor without the role) stay in the log and are flagged, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.journal.op import Op
from app.models import Device, EntityHead, FlaggedOp, HistoryEntry, OpRecord, UserRoleSpan
from app.models.enums import Role
from app.search.index import refresh_later

Reducer = Callable[[Session, Op], None]
Clearer = Callable[[Session, str], None]
Bootstrap = Callable[[Op], bool]


class Rejected(Exception):
    """Raised by a reducer: the op is kept but not applied. `reason` is conflict/role/invalid."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ReducerSpec:
    """How one kind of op changes the projection, and who may make it."""

    fn: Reducer
    roles: frozenset[Role] | None  # None: any signed-in user
    bootstrap: Bootstrap | None = None  # an op allowed without roles (the space's first op)


@dataclass(frozen=True)
class ActorFacts:
    """What the directory said about an actor as of an op."""

    roles: frozenset[Role]
    unit_id: str | None
    active: bool


_REDUCERS: dict[str, ReducerSpec] = {}
_CLEARERS: dict[str, Clearer] = {}


def reducer(
    kind: str, *, roles: set[Role] | None, bootstrap: Bootstrap | None = None
) -> Callable[[Reducer], Reducer]:
    """Register the reducer of one op kind."""

    def wrap(fn: Reducer) -> Reducer:
        _REDUCERS[kind] = ReducerSpec(
            fn, frozenset(roles) if roles is not None else None, bootstrap
        )
        return fn

    return wrap


def clearer(entity_type: str) -> Callable[[Clearer], Clearer]:
    """Register how to remove an entity's projection rows before a re-fold."""

    def wrap(fn: Clearer) -> Clearer:
        _CLEARERS[entity_type] = fn
        return fn

    return wrap


def actor_facts(session: Session, user_id: str, key: str) -> ActorFacts:
    """The actor's roles, unit and activity as of the op with order key `key`."""
    span = session.scalars(
        select(UserRoleSpan)
        .where(UserRoleSpan.user_id == user_id, UserRoleSpan.since_key <= key)
        .order_by(UserRoleSpan.since_key.desc())
        .limit(1)
    ).first()
    if span is None or not span.active:
        return ActorFacts(frozenset(), span.unit_id if span else None, False)
    roles = frozenset(Role(r) for r in span.roles.split(",") if r)
    return ActorFacts(roles, span.unit_id, True)


def history(
    session: Session, op: Op, *, text: str = "", detail: dict[str, object] | None = None
) -> None:
    """Append the op to its entity's processing history."""
    session.add(
        HistoryEntry(
            op_id=op.op_id,
            entity=op.entity,
            order_key=op.order_key,
            at=op.at,
            actor_id=op.actor,
            action=op.kind,
            text=text,
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
        )
    )


def _flag(session: Session, op: Op, reason: str, detail: str) -> None:
    session.merge(FlaggedOp(op_id=op.op_id, entity=op.entity, reason=reason, detail=detail))


def _apply_one(session: Session, op: Op) -> None:
    spec = _REDUCERS.get(op.kind)
    if spec is None:
        _flag(session, op, "invalid", f"unknown op kind {op.kind}")
        return
    device = session.get(Device, op.device)
    if device is not None and device.revoked and op.seq > (device.revoked_after_seq or 0):
        detail = f"device {op.device} was revoked after seq {device.revoked_after_seq}"
        _flag(session, op, "revoked", detail)
        return
    if spec.roles is not None and not (spec.bootstrap and spec.bootstrap(op)):
        facts = actor_facts(session, op.actor, op.order_key)
        if not facts.active or not (facts.roles & spec.roles):
            wanted = ",".join(sorted(spec.roles))
            _flag(session, op, "role", f"actor {op.actor} lacks a role in {wanted}")
            return
    savepoint = session.begin_nested()
    try:
        spec.fn(session, op)
        savepoint.commit()
    except Rejected as exc:
        savepoint.rollback()
        _flag(session, op, exc.reason, exc.detail)


def refold(session: Session, entity: str) -> None:
    """Rebuild one entity's projection from all of its ops, in order."""
    entity_type, _, entity_id = entity.partition(":")
    clear = _CLEARERS.get(entity_type)
    if clear is not None:
        clear(session, entity_id)
    session.execute(delete(HistoryEntry).where(HistoryEntry.entity == entity))
    session.execute(delete(FlaggedOp).where(FlaggedOp.entity == entity))
    session.flush()
    session.expire_all()
    bodies = session.scalars(
        select(OpRecord.body).where(OpRecord.entity == entity).order_by(OpRecord.order_key)
    ).all()
    last = ""
    for body in bodies:
        op = Op.from_body(body)
        _apply_one(session, op)
        last = op.order_key
    session.merge(EntityHead(entity=entity, order_key=last))
    refresh_later(session, entity)  # the search index follows the re-folded projection


def refold_later_ops_of(session: Session, device_id: str, last_seq: int) -> None:
    """Re-fold what a revoked device touched after `last_seq`, so its refused ops drop out."""
    entities = session.scalars(
        select(OpRecord.entity)
        .where(OpRecord.device == device_id, OpRecord.seq > last_seq)
        .distinct()
    ).all()
    if any(entity.startswith("user:") for entity in entities):
        _refold_directory(session)
    for entity in sorted(entities):
        if not entity.startswith(("device:", "user:")):
            refold(session, entity)


def apply(session: Session, op: Op) -> None:
    """Apply an op already in the local log; re-fold when it is older than what was applied."""
    if op.entity_type == "user" and _newest_key(session) != op.order_key:
        _refold_directory(session)
        refresh_later(session, op.entity)  # rows that print this user's name
        return
    head = session.get(EntityHead, op.entity)
    if head is None or op.order_key > head.order_key:
        _apply_one(session, op)
        if head is None:
            session.add(EntityHead(entity=op.entity, order_key=op.order_key))
        else:
            head.order_key = op.order_key
        refresh_later(session, op.entity)  # same transaction as the projection change
        return
    refold(session, op.entity)


def _newest_key(session: Session) -> str | None:
    return session.scalar(select(OpRecord.order_key).order_by(OpRecord.order_key.desc()).limit(1))


def _spans(session: Session) -> set[tuple[object, ...]]:
    return {
        (r.user_id, r.since_key, r.roles, r.unit_id, r.active)
        for r in session.scalars(select(UserRoleSpan))
    }


def _refold_directory(session: Session) -> None:
    """Replay every user op in global order, then re-check what each changed user did.

    A user op that arrives late can change who held which role at any later time, including
    the roles of the admins who created other users; only a replay in global order is sure to
    give every device the same answer.
    """
    before = _spans(session)
    users = session.scalars(
        select(OpRecord.entity).where(OpRecord.entity.like("user:%")).distinct()
    ).all()
    for entity in users:
        clear = _CLEARERS["user"]
        clear(session, entity.partition(":")[2])
    session.execute(delete(HistoryEntry).where(HistoryEntry.entity.like("user:%")))
    session.execute(delete(FlaggedOp).where(FlaggedOp.entity.like("user:%")))
    session.flush()
    session.expire_all()
    bodies = session.scalars(
        select(OpRecord.body).where(OpRecord.entity.like("user:%")).order_by(OpRecord.order_key)
    ).all()
    heads: dict[str, str] = {}
    for body in bodies:
        user_op = Op.from_body(body)
        _apply_one(session, user_op)
        heads[user_op.entity] = user_op.order_key
    for entity, key in heads.items():
        session.merge(EntityHead(entity=entity, order_key=key))
    changed = {span[0] for span in before ^ _spans(session)}
    if not changed:
        return
    later = session.scalars(
        select(OpRecord.entity)
        .where(OpRecord.actor.in_(sorted(changed)), OpRecord.entity.not_like("user:%"))
        .distinct()
    ).all()
    for entity in sorted(later):
        refold(session, entity)
