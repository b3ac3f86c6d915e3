"""Reducers of the directory: organisation, units, users, devices, registers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.journal.apply import Rejected, clearer, history, reducer, refold_later_ops_of
from app.journal.op import Op
from app.models import Device, Organisation, Register, Unit, User, UserRoleSpan
from app.models.enums import Role

ADMIN = {Role.ADMIN}
_USER_FIELDS = ("login", "full_name", "position", "unit_id", "roles", "password_hash", "active")


def _is_genesis(op: Op) -> bool:
    """The space's first op: its admin creating themself from the genesis device."""
    return op.seq == 1 and op.kind == "user.created" and op.entity_id == op.actor


def _set_fields(row: Any, payload: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if name in payload:
            value = payload[name]
            setattr(row, name, ",".join(sorted(value)) if name == "roles" else value)


def _span(session: Session, op: Op, user: User) -> None:
    session.merge(
        UserRoleSpan(
            user_id=user.id,
            since_key=op.order_key,
            roles=user.roles,
            unit_id=user.unit_id,
            active=user.active,
        )
    )


@reducer("user.created", roles=ADMIN, bootstrap=_is_genesis)
def _user_created(session: Session, op: Op) -> None:
    if session.get(User, op.entity_id) is not None:
        raise Rejected("invalid", "user exists")
    user = User(id=op.entity_id, login="", full_name="", active=True, roles="", position="")
    _set_fields(user, op.payload, _USER_FIELDS)
    session.add(user)
    session.flush()
    _span(session, op, user)
    history(session, op)


@reducer("user.updated", roles=ADMIN)
def _user_updated(session: Session, op: Op) -> None:
    user = session.get(User, op.entity_id)
    if user is None:
        raise Rejected("invalid", "no such user")
    _set_fields(user, op.payload, _USER_FIELDS)
    if {"roles", "active", "unit_id"} & set(op.payload):
        _span(session, op, user)
    history(session, op, detail={k: v for k, v in op.payload.items() if k != "password_hash"})


@reducer("user.password_changed", roles=None)
def _password_changed(session: Session, op: Op) -> None:
    user = session.get(User, op.entity_id)
    if user is None or op.actor != user.id:
        raise Rejected("role", "only the user changes their own password")
    user.password_hash = op.payload["password_hash"]
    history(session, op)


@clearer("user")
def _clear_user(session: Session, user_id: str) -> None:
    session.execute(delete(User).where(User.id == user_id))
    session.execute(delete(UserRoleSpan).where(UserRoleSpan.user_id == user_id))


@reducer("org.set", roles=ADMIN)
def _org_set(session: Session, op: Op) -> None:
    org = session.get(Organisation, op.entity_id)
    if org is None:
        org = Organisation(id=op.entity_id, name="", abbreviation="", place_name="")
        session.add(org)
    _set_fields(org, op.payload, ("name", "parent_name", "code", "abbreviation", "place_name"))
    history(session, op, detail=op.payload)


@clearer("org")
def _clear_org(session: Session, org_id: str) -> None:
    session.execute(delete(Organisation).where(Organisation.id == org_id))


@reducer("unit.set", roles=ADMIN)
def _unit_set(session: Session, op: Op) -> None:
    unit = session.get(Unit, op.entity_id)
    if unit is None:
        unit = Unit(id=op.entity_id, name="", abbreviation="", active=True)
        session.add(unit)
    _set_fields(unit, op.payload, ("name", "abbreviation", "active"))
    history(session, op, detail=op.payload)


@clearer("unit")
def _clear_unit(session: Session, unit_id: str) -> None:
    session.execute(delete(Unit).where(Unit.id == unit_id))


@reducer("device.enrolled", roles=ADMIN)
def _device_enrolled(session: Session, op: Op) -> None:
    device = session.get(Device, op.entity_id)
    if device is None:
        device = Device(id=op.entity_id, public_key=op.payload["public_key"])
        session.add(device)
    device.public_key = op.payload["public_key"]
    device.label = op.payload.get("label", "")
    device.enrolled_by = op.actor
    device.revoked = False
    device.revoked_after_seq = None
    history(session, op, detail={"label": device.label, "login": op.payload.get("login", "")})


@reducer("device.revoked", roles=ADMIN)
def _device_revoked(session: Session, op: Op) -> None:
    """A lost PC: its ops after `last_seq` (the last one the admin accepts) are refused."""
    device = session.get(Device, op.entity_id)
    if device is None:
        raise Rejected("invalid", "no such device")
    last_seq = int(op.payload["last_seq"])
    device.revoked = True
    device.revoked_after_seq = last_seq
    history(session, op, detail={"last_seq": last_seq, "reason": op.payload.get("reason", "")})
    session.flush()
    refold_later_ops_of(session, device.id, last_seq)


@clearer("device")
def _clear_device(session: Session, device_id: str) -> None:
    session.execute(delete(Device).where(Device.id == device_id))


@reducer("register.set", roles={Role.ADMIN, Role.CLERK})
def _register_set(session: Session, op: Op) -> None:
    reg = session.get(Register, op.entity_id)
    if reg is None:
        reg = Register(id=op.entity_id, kind="", year=0, name="", confidential=False, note="")
        session.add(reg)
    _set_fields(reg, op.payload, ("kind", "year", "name", "confidential", "note"))
    history(session, op, detail=op.payload)


@clearer("register")
def _clear_register(session: Session, register_id: str) -> None:
    session.execute(delete(Register).where(Register.id == register_id))
