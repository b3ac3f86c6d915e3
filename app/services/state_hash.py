"""A digest of the whole projection: equal on two devices that hold the same ops."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, select
from sqlalchemy.orm import Session

from app.journal.op import canonical
from app.models import Base

LOCAL_TABLES = frozenset(
    m.class_.__tablename__ for m in Base.registry.mappers if getattr(m.class_, "__local__", False)
)


def projection_tables() -> list[Table]:
    """The tables that are a pure function of the ops, in a fixed order."""
    return [
        t
        for t in sorted(Base.metadata.tables.values(), key=lambda t: t.name)
        if t.name not in LOCAL_TABLES
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def state_hash(session: Session) -> str:
    """SHA-256 over every projection row, table by table, in primary-key order."""
    h = hashlib.sha256()
    for table in projection_tables():
        h.update(f"\x00{table.name}\x00".encode())
        pk = list(table.primary_key.columns)
        for row in session.execute(select(table).order_by(*pk)):
            h.update(canonical([_plain(v) for v in row]))
            h.update(b"\n")
    return h.hexdigest()


def state_hash_of_file(db_path: Path) -> str:
    """The state hash of a store file that is not open (a snapshot being made)."""
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with Session(engine) as session:
            return state_hash(session)
    finally:
        engine.dispose()
