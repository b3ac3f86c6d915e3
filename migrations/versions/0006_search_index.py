"""search index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 11:45:00

The search tables are not ORM models: an FTS5 virtual table (original text in title/body/files
for exact matches, folded text in `folded`), a plain table of filterable facts sharing its
rowid, and the device-local cache of text read from files. They start empty; the search
service fills them on first use (`SearchService.ensure_built`), and then the journal's apply path
keeps them up to date.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "title, body, files, folded, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    op.execute(
        "CREATE TABLE search_docs ("
        "rowid INTEGER PRIMARY KEY, "
        "kind VARCHAR(10) NOT NULL, "
        "ref VARCHAR(40) NOT NULL, "
        "scope VARCHAR(40) NOT NULL DEFAULT '', "
        "title TEXT NOT NULL DEFAULT '', "
        "day DATE, "
        "doc_type VARCHAR(100) NOT NULL DEFAULT '', "
        "agency VARCHAR(200) NOT NULL DEFAULT '', "
        "unit_id VARCHAR(40), "
        "state VARCHAR(20) NOT NULL DEFAULT '', "
        "blobs TEXT NOT NULL DEFAULT '', "
        "files_state VARCHAR(10) NOT NULL DEFAULT '', "
        "people TEXT NOT NULL DEFAULT '')"
    )
    op.execute("CREATE UNIQUE INDEX ix_search_docs_kind_ref ON search_docs (kind, ref)")
    op.execute("CREATE INDEX ix_search_docs_scope ON search_docs (scope)")
    op.execute("CREATE INDEX ix_search_docs_files_state ON search_docs (files_state)")
    op.execute(
        "CREATE TABLE search_file_text ("
        "sha VARCHAR(64) PRIMARY KEY, "
        "status VARCHAR(12) NOT NULL, "
        "text TEXT NOT NULL DEFAULT '')"
    )
    # which index version the tables hold; copied with a snapshot (unlike local_meta), so a
    # PC that joins from a snapshot does not rebuild
    op.execute("CREATE TABLE search_meta (key VARCHAR(40) PRIMARY KEY, value TEXT NOT NULL)")
    # a user's saved searches on this PC (device-local, like the file text)
    op.execute(
        "CREATE TABLE search_saved ("
        "id VARCHAR(40) PRIMARY KEY, "
        "user_id VARCHAR(40) NOT NULL, "
        "name VARCHAR(100) NOT NULL, "
        "query TEXT NOT NULL, "
        "filter TEXT NOT NULL DEFAULT '{}', "
        "created_at DATETIME NOT NULL)"
    )
    op.execute("CREATE UNIQUE INDEX ix_search_saved_user_name ON search_saved (user_id, name)")


def downgrade() -> None:
    op.execute("DROP TABLE search_saved")
    op.execute("DROP TABLE search_meta")
    op.execute("DROP TABLE search_file_text")
    op.execute("DROP TABLE search_docs")
    op.execute("DROP TABLE search_fts")
