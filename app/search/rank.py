"""Ordering the candidates of a search, best first, without asking the engine to score them.

FTS5's bm25 scores every row that matches before it can sort, and the words officials type
most ("ubnd", "kế hoạch", "tổ dân phố") are in most documents. So a search takes the most
recent matches as candidates, and orders them by what they have of a few stronger forms of
the query: every word in the trích yếu, the words side by side (in the trích yếu or anywhere
in the metadata), a số/ký hiệu typed as "qd ubnd", the words with their diacritics exactly as
typed. Each form is one more FTS5 query over the candidates' rowid range only (a row with that
form also matches the query, so nothing newer than the oldest candidate is missed); equal
scores put the more recent first.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.search.fold_query import (
    ALL_COLUMN,
    CODE_COLUMN,
    EXACT_COLUMNS,
    EXACT_TITLE,
    META_COLUMNS,
    TITLE_COLUMN,
    ParsedQuery,
)

ALL_IN_TITLE = 10.0
PHRASE_IN_TITLE = 12.0
PHRASE_IN_META = 5.0
CODE = 20.0
EXACT_IN_TITLE = 4.0
EXACT_ANYWHERE = 2.0
PHRASE_IN_FILE = 3.0


@dataclass(frozen=True)
class Boost:
    """A stronger form of the query: rows matching `expr` in `table` score `weight` more."""

    weight: float
    table: str  # "meta" or "files"
    expr: str


def meta_boosts(
    query: ParsedQuery, acl: tuple[str, ...], *, all_in_title: bool = True, prefix: bool = True
) -> list[Boost]:
    """The forms that order the rows whose metadata has every word (without "every word in
    the title" when the caller knows those rows already); `prefix`: the last word as a prefix,
    as the candidates were found."""
    forms = [
        Boost(
            ALL_IN_TITLE,
            "meta",
            query.match((TITLE_COLUMN,), acl, prefix_last=prefix) if all_in_title else "",
        ),
        Boost(EXACT_IN_TITLE, "meta", query.as_typed(EXACT_TITLE, acl, prefix_last=prefix)),
        Boost(EXACT_ANYWHERE, "meta", query.as_typed(EXACT_COLUMNS, acl, prefix_last=prefix)),
    ]
    if len(query.folded) > 1:
        forms += [
            Boost(PHRASE_IN_TITLE, "meta", query.phrase((TITLE_COLUMN,), acl, prefix_last=prefix)),
            Boost(PHRASE_IN_META, "meta", query.phrase(META_COLUMNS, acl, prefix_last=prefix)),
            Boost(CODE, "meta", query.run_together((CODE_COLUMN,), acl)),
        ]
    return [b for b in forms if b.expr]


def file_boosts(query: ParsedQuery, acl: tuple[str, ...]) -> list[Boost]:
    """The forms that order the rows found through their files' text."""
    if len(query.folded) < 2:
        return []
    return [Boost(PHRASE_IN_FILE, "files", query.phrase((ALL_COLUMN,), acl, prefix_last=False))]


def ordered(candidates: list[int], scores: dict[int, float]) -> list[int]:
    """The candidates' rowids by score, then the most recent (highest rowid) first."""
    return sorted(candidates, key=lambda rowid: (-scores.get(rowid, 0.0), -rowid))
