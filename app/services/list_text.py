"""The lists' filter box: what the user types, found through the search index.

The incoming, outgoing and task lists filter on the words typed in their box. A LIKE scan of
each row's `search_text` read every row of the list for every keystroke (0.85-1.0 s at
1 000 000 documents); the search index (`app.search.index`) answers the same question from
its FTS5 table in milliseconds. Every typed word must begin a word of the row's metadata, with
or without diacritics ("cai cach" finds "Cải cách", "123" finds "123/UBND-VP", "duong" finds
"Đường"); a one-letter word must be a whole word, as in the search page (a one-letter prefix
would read a good part of the index).

The index is kept in step with the projection in the same transaction, so a document just
registered is found at once. A space whose index is not built yet (or built by an older
version) keeps the LIKE scan until it is. The lists' own rules still decide what is listed:
the index only says which rows have the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, column, exists, false, func, literal_column, select, table
from sqlalchemy.orm import Session

from app.db import LIKE_ESCAPE, like_contains
from app.search.fold_query import META_COLUMNS, ParsedQuery, parse
from app.search.index import FTS, INDEX_VERSION, built_version, docs
from app.services.list_plan import drive_limit
from app.textfold import fold

MAX_WORDS = 8  # as many words as the LIKE filter took
_fts = table(FTS, column("rowid"))


@dataclass(frozen=True)
class TextFilter:
    """Typed words of one list: an FTS5 MATCH expression (`expr`), or LIKE patterns
    (`patterns`) when the index cannot answer; both empty when nothing was typed.
    `nothing`: only punctuation was typed, which no row's words hold."""

    kind: str
    expr: str = ""
    patterns: tuple[str, ...] = ()
    nothing: bool = False

    @property
    def empty(self) -> bool:
        """Nothing was typed: the filter keeps every row."""
        return not self.expr and not self.patterns and not self.nothing

    @property
    def indexed(self) -> bool:
        """The index answers (else the LIKE patterns apply)."""
        return bool(self.expr)

    def like(self, search_text: Any) -> list[Any]:
        """The LIKE conditions on a `search_text` column (the fallback)."""
        return [search_text.like(p, escape=LIKE_ESCAPE) for p in self.patterns]

    def rowids(self) -> Any:
        """The index rows with every word (any kind)."""
        return select(_fts.c.rowid).where(literal_column(FTS).op("MATCH")(self.expr))

    def refs(self) -> Any:
        """The ids of the entities of this kind with every word: a list to drive a query
        from. The kind is left unindexed, so SQLite looks the rows up by rowid instead of
        reading every row of the kind."""
        return select(docs.c.ref).where(
            docs.c.rowid.in_(self.rowids()), literal_column(f"+{docs.name}.kind") == self.kind
        )

    def has(self, ref: Any) -> ColumnElement[bool]:
        """Whether the entity `ref` (its id column) has every word: one probe of the index's
        (kind, ref) key into the matching rowids, gathered once per query."""
        return exists().where(
            docs.c.kind == self.kind, docs.c.ref == ref, docs.c.rowid.in_(self.rowids())
        )

    def drives(self, s: Session, total: int) -> bool:
        """Few of a list's `total` rows have the words: a page is driven from them (their
        rows looked up and sorted) rather than checking each row the list's order walks
        through (`app.services.list_plan`)."""
        if not self.indexed:
            return False
        below = drive_limit(total)
        return self.count(s, below) < below

    def where(self, ref: Any, search_text: Any, *, listed: bool) -> list[Any]:
        """The conditions on a list whose ids are `ref`: the matches' ids gathered once
        (`listed`: SQLite drives from them or checks each row against them; what a count
        and a driven page use), or a lookup of each row's index entry (a walked page)."""
        if self.nothing:
            return [false()]
        if self.empty:
            return []
        if not self.indexed:
            return self.like(search_text)
        return [ref.in_(self.refs())] if listed else [self.has(ref)]

    def count(self, s: Session, cap: int | None = None) -> int:
        """How many index rows have every word (at most `cap` are counted)."""
        stmt = self.rowids()
        if cap is not None:
            stmt = stmt.limit(cap)
        return int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def text_filter(s: Session, kind: str, text: str, tokens: tuple[str, ...] = ()) -> TextFilter:
    """What `text` asks of a list of `kind` ("incoming", "outgoing", "task").

    `tokens` are visibility tokens (`app.search.acl`) every listed row carries; they narrow
    the index rows to those (the list still applies its own rules).
    """
    if not text.strip():
        return TextFilter(kind)
    if built_version(s) != INDEX_VERSION:
        return TextFilter(kind, patterns=like_patterns(text))
    expr = prefix_match(text, tokens)
    return TextFilter(kind, expr=expr, nothing=not expr)


def prefix_match(text: str, tokens: tuple[str, ...] = ()) -> str:
    """The MATCH expression: every folded word as a word prefix in the title or metadata,
    and one of `tokens` in the visibility column ("" when nothing searchable was typed)."""
    words = parse(text).folded[:MAX_WORDS]
    parts = [
        ParsedQuery((word,), ()).match(
            META_COLUMNS, tokens if i == len(words) - 1 else (), prefix_last=True
        )
        for i, word in enumerate(words)
    ]
    return " AND ".join(f"({p})" for p in parts)


def like_patterns(text: str) -> tuple[str, ...]:
    """Each folded word as a LIKE substring pattern (before the index is built)."""
    return tuple(like_contains(word) for word in fold(text).split()[:MAX_WORDS])
