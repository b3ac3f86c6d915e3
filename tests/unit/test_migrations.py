"""The migrations build exactly the schema the models declare, and the recorded head is right."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.db import MIGRATIONS, Database, head_revision
from app.models import Base


def _not_search(name: str | None, type_: str, parent_names: object) -> bool:
    """The search index (FTS5 and its side tables) is made by hand (0006, 0007), not by models."""
    return not (type_ == "table" and (name or "").startswith("search_"))


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    db = Database(tmp_path / "space.db")  # runs every migration
    with db.write_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_search})
        diff = compare_metadata(context, Base.metadata)
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    db.close()
    assert diff == []
    assert {
        "search_fts",
        "search_files_fts",
        "search_docs",
        "search_file_text",
        "search_meta",
        "search_saved",
    } <= tables


def test_recorded_head_is_the_newest_migration() -> None:
    assert (MIGRATIONS / "HEAD").read_text().strip() == head_revision()


def test_an_older_space_is_upgraded_in_place(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, "0001")
    engine.dispose()
    db = Database(path)  # opening it brings it to the head
    names = {ix["name"] for ix in inspect(db.read_engine).get_indexes("incoming_documents")}
    db.close()
    assert "ix_incoming_state_submitted_to" in names
