"""The local store: SQLite in WAL mode, one writer at a time, migrated by Alembic at open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import StorageError
from app.i18n import tr

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(path: Path, *, immediate: bool) -> Engine:
    """An engine on the space database; `immediate` makes every transaction take the write lock.

    Writers begin with BEGIN IMMEDIATE, so two processes (the GUI and a CLI command) never
    deadlock upgrading a read lock; readers begin deferred and run beside a writer in WAL mode.
    """
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


LIKE_ESCAPE = "\\"


def like_contains(value: str) -> str:
    """A LIKE pattern finding `value` anywhere, its wildcards escaped with LIKE_ESCAPE."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def head_revision() -> str:
    """The newest migration's id."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def run_migrations(engine: Engine) -> None:
    """Bring the schema to the newest migration (cheap when it already is)."""
    with engine.connect() as conn:
        has = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        current = (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if has else None
        )
    if current is not None and current == _cached_head():
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    try:
        command.upgrade(cfg, "head")
    except Exception as exc:  # a full or read-only disk is the user's to fix
        if isinstance(getattr(exc, "orig", None), sqlite3.OperationalError):
            raise StorageError(tr("Không cập nhật được cơ sở dữ liệu: {e}").format(e=exc)) from exc
        raise


_HEAD: str | None = None


def _cached_head() -> str:
    global _HEAD
    if _HEAD is None:
        stamp = MIGRATIONS / "HEAD"
        _HEAD = stamp.read_text().strip() if stamp.exists() else head_revision()
    return _HEAD


_STORAGE_FAILURES = ("disk is full", "disk i/o error", "readonly", "unable to open")


class WriteSessions(sessionmaker[Session]):
    """Sessions for commands; a full, read-only or missing disk becomes a StorageError.

    The transaction is rolled back by SQLite, so nothing is half-written.
    """

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A session in a transaction, committed at the end of the block."""
        try:
            with super().begin() as session:
                yield session
        except OperationalError as exc:
            if any(word in str(exc.orig).lower() for word in _STORAGE_FAILURES):
                raise StorageError(
                    tr(
                        "Không ghi được dữ liệu: ổ đĩa đầy hoặc không ghi được ({e}). "
                        "Chưa có gì bị thay đổi."
                    ).format(e=exc.orig)
                ) from exc
            raise


class Database:
    """The space's engines and session factories: `write` for commands, `read` for queries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.write_engine = make_engine(path, immediate=True)
        self.read_engine = make_engine(path, immediate=False)
        run_migrations(self.write_engine)
        self.write: sessionmaker[Session] = WriteSessions(self.write_engine, expire_on_commit=False)
        self.read: sessionmaker[Session] = sessionmaker(self.read_engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the connections."""
        self.write_engine.dispose()
        self.read_engine.dispose()
