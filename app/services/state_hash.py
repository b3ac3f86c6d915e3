"""A digest of the whole projection: equal on two devices that hold the same ops."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Table, create_engine
from sqlalchemy.orm import Session

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


def state_hash(session: Session) -> str:
    """SHA-256 over every projection row, table by table, in primary-key order.

    Rows are read as SQLite stores them, through the plain DB-API cursor, and each row is
    written as its Python `repr` (exact and stable for the int, float, str, bytes and None that
    SQLite returns): the same projection gives the same bytes, and 100 000 documents hash in
    seconds.
    """
    h = hashlib.sha256()
    cursor = session.connection().connection.cursor()
    try:
        for table in projection_tables():
            h.update(f"\x00{table.name}\x00".encode())
            pk = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
            cols = ", ".join(f'"{c.name}"' for c in table.columns)
            cursor.execute(f'SELECT {cols} FROM "{table.name}" ORDER BY {pk}')
            while rows := cursor.fetchmany(5000):
                h.update("\n".join(map(repr, rows)).encode("utf-8", "surrogatepass"))
                h.update(b"\n")
    finally:
        cursor.close()
    return h.hexdigest()


def state_hash_of_file(db_path: Path) -> str:
    """The state hash of a store file that is not open (a snapshot being made)."""
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with Session(engine) as session:
            return state_hash(session)
    finally:
        engine.dispose()
