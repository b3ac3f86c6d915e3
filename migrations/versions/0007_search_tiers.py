"""search index: metadata and files apart, visibility tokens

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 14:10:00

The single FTS5 table of 0006 kept every file's text twice (as written and folded) and made
each search score every matching row. It is replaced by a metadata table (title and body as
written and folded, with a 2- and 3-letter prefix index for search-as-you-type), and a
contentless table of everything folded, including the files' text (kept once, in
`search_file_text`). Both carry the rows' visibility tokens (`acl`). The index is emptied: the
search service rebuilds it on first use, as it did after 0006.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def upgrade() -> None:
    op.execute("DROP TABLE search_fts")
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        f"title, body, ftitle, fmeta, acl, {_TOKENIZE}, prefix = '2 3')"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE search_files_fts USING fts5(fall, acl, content = '', {_TOKENIZE})"
    )
    op.execute("DELETE FROM search_docs")
    op.execute("ALTER TABLE search_docs ADD COLUMN files_in TEXT NOT NULL DEFAULT ''")
    op.execute("DELETE FROM search_meta")


def downgrade() -> None:
    op.execute("DROP TABLE search_files_fts")
    op.execute("DROP TABLE search_fts")
    op.execute("DELETE FROM search_docs")
    op.execute("ALTER TABLE search_docs DROP COLUMN files_in")
    op.execute("DELETE FROM search_meta")
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        f"title, body, files, folded, {_TOKENIZE})"
    )
