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
    split_folded,
)
from app.search.fold_query import words as split_words
from app.search.index import FILES_FTS, FTS

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
    table: str  # the FTS table to ask: `FTS` (metadata) or `FILES_FTS`
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
            FTS,
            query.match((TITLE_COLUMN,), acl, prefix_last=prefix) if all_in_title else "",
        ),
        Boost(EXACT_IN_TITLE, FTS, query.as_typed(EXACT_TITLE, acl, prefix_last=prefix)),
        Boost(EXACT_ANYWHERE, FTS, query.as_typed(EXACT_COLUMNS, acl, prefix_last=prefix)),
    ]
    if len(query.folded) > 1:
        forms += [
            Boost(PHRASE_IN_TITLE, FTS, query.phrase((TITLE_COLUMN,), acl, prefix_last=prefix)),
            Boost(PHRASE_IN_META, FTS, query.phrase(META_COLUMNS, acl, prefix_last=prefix)),
            Boost(CODE, FTS, query.run_together((CODE_COLUMN,), acl)),
        ]
    return [b for b in forms if b.expr]


def file_boosts(query: ParsedQuery, acl: tuple[str, ...]) -> list[Boost]:
    """The forms that order the rows found through their files' text."""
    if len(query.folded) < 2:
        return []
    return [Boost(PHRASE_IN_FILE, FILES_FTS, query.phrase((ALL_COLUMN,), acl, prefix_last=False))]


def ordered(candidates: list[int], scores: dict[int, float]) -> list[int]:
    """The candidates' rowids by score, then the most recent (highest rowid) first."""
    return sorted(candidates, key=lambda rowid: (-scores.get(rowid, 0.0), -rowid))


@dataclass(frozen=True)
class Row:
    """What the ranking reads of one candidate to find the stronger forms itself."""

    rowid: int
    title: str
    body: str  # "" unless the query has diacritics
    ftitle: str
    fmeta: str


def _spaced(words: list[str]) -> str:
    return " " + " ".join(words) + " "


def _has(text: str, words: tuple[str, ...], prefix: bool) -> bool:
    """Whether `text` (words between spaces) holds `words` side by side, in order."""
    return (" " + " ".join(words) + ("" if prefix else " ")) in text


def _has_each(texts: tuple[str, ...], words: tuple[str, ...], prefix: bool) -> bool:
    """Whether every word is in one of `texts` (the last maybe as a prefix)."""
    last = len(words) - 1
    return all(any(_has(t, (w,), prefix and i == last) for t in texts) for i, w in enumerate(words))


def row_scores(
    query: ParsedQuery, rows: list[Row], *, all_in_title: bool, prefix: bool
) -> dict[int, float]:
    """The same stronger forms as `meta_boosts`, found in the rows' own text: cheaper than
    one engine query each when the candidates are few and spread over the whole index."""
    words = query.folded
    last_prefix = prefix and len(words[-1]) >= 2
    exact_prefix = prefix and bool(query.exact) and len(query.exact[-1]) >= 2
    scores: dict[int, float] = {}
    for r in rows:
        title = _spaced(split_folded(r.ftitle))
        meta = _spaced(split_folded(r.fmeta))
        score = 0.0
        if all_in_title and _has_each((title,), words, last_prefix):
            score += ALL_IN_TITLE
        if query.exact:
            exact_title = _spaced(split_words(r.title))
            if _has_each((exact_title,), query.exact, exact_prefix):
                score += EXACT_IN_TITLE
            if _has_each((exact_title, _spaced(split_words(r.body))), query.exact, exact_prefix):
                score += EXACT_ANYWHERE
        if len(words) > 1:
            in_title = _has(title, words, last_prefix)
            if in_title:
                score += PHRASE_IN_TITLE
            if in_title or _has(meta, words, last_prefix):
                score += PHRASE_IN_META
            if _has(meta, (query.joined,), False):
                score += CODE
        if score:
            scores[r.rowid] = score
    return scores
