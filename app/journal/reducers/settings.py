"""Reducers of space-wide settings, trust roots and signature images."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.journal.apply import Rejected, actor_facts, clearer, history, reducer
from app.journal.op import Op
from app.models import SignatureImageRecord, SpaceSetting, TrustRoot
from app.models.enums import Role

ORG_OWNER = "org"


@reducer("setting.set", roles={Role.ADMIN})
def _setting_set(session: Session, op: Op) -> None:
    session.merge(SpaceSetting(key=op.entity_id, value=op.payload["value"]))
    history(session, op, detail={"value": op.payload["value"]})


@reducer("trust.root_added", roles={Role.ADMIN})
def _root_added(session: Session, op: Op) -> None:
    p = op.payload
    session.merge(
        TrustRoot(
            sha256=op.entity_id,
            der=p["der"],
            subject=p["subject"],
            not_after=dt.datetime.fromisoformat(p["not_after"]).replace(tzinfo=None),
            added_by=op.actor,
            added_at=op.at,
        )
    )
    history(session, op, detail={"subject": p["subject"]})


@reducer("trust.root_removed", roles={Role.ADMIN})
def _root_removed(session: Session, op: Op) -> None:
    session.execute(delete(TrustRoot).where(TrustRoot.sha256 == op.entity_id))
    history(session, op)


@reducer("image.set", roles=None)
def _image_set(session: Session, op: Op) -> None:
    """A person sets their own signature; an admin or a clerk sets the organisation's seal."""
    owner = op.entity_id
    if owner == ORG_OWNER:
        roles = actor_facts(session, op.actor, op.order_key).roles
        if not roles & {Role.ADMIN, Role.CLERK}:
            raise Rejected("role", "only an admin or a clerk sets the seal")
    elif owner != op.actor:
        raise Rejected("role", "a signature image is set by its owner")
    p = op.payload
    session.merge(
        SignatureImageRecord(
            owner=owner, kind=p["kind"], blob=p["blob"], size_mm=p.get("size_mm"), set_by=op.actor
        )
    )
    history(session, op, detail={"kind": p["kind"]})


@clearer("setting")
def _clear_setting(session: Session, key: str) -> None:
    session.execute(delete(SpaceSetting).where(SpaceSetting.key == key))


@clearer("trust")
def _clear_root(session: Session, sha: str) -> None:
    session.execute(delete(TrustRoot).where(TrustRoot.sha256 == sha))


@clearer("image")
def _clear_image(session: Session, owner: str) -> None:
    session.execute(delete(SignatureImageRecord).where(SignatureImageRecord.owner == owner))
