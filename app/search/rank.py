"""Ordering the candidates of a search, best first, without asking the engine to score them.

FTS5's bm25 scores every row that matches before it can sort, and the words officials type
most ("ubnd", "kế hoạch", "tổ dân phố") are in most documents, so the engine only picks the
most recent candidates and the order among them is decided here, on their metadata: words in
the trích yếu count most, then in the other fields; the words side by side (a phrase, or a số/ký
hiệu typed as "qd ubnd") and words typed with their diacritics exactly as written add to that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.search.fold_query import ParsedQuery, split_folded, words

IN_TITLE = 8.0
IN_META = 3.0
ALL_IN_TITLE = 10.0
PHRASE_IN_TITLE = 12.0
PHRASE_IN_META = 5.0
CODE = 20.0
EXACT_IN_TITLE = 4.0
EXACT_IN_BODY = 2.0


@dataclass(frozen=True)
class Candidate:
    """One index row as the ranking sees it: the original and folded metadata."""

    rowid: int
    title: str
    body: str
    ftitle: str
    fmeta: str
    day: dt.date | None


def _has(seen: set[str], token: str, prefix: bool) -> bool:
    return token in seen or (prefix and any(w.startswith(token) for w in seen))


def _in_sequence(text_words: list[str], tokens: tuple[str, ...], prefix: bool) -> bool:
    """Whether the tokens appear side by side, in order (the last one maybe as a prefix)."""
    n = len(tokens)
    for i in range(len(text_words) - n + 1):
        if text_words[i : i + n - 1] == list(tokens[:-1]) and (
            text_words[i + n - 1] == tokens[-1]
            or (prefix and text_words[i + n - 1].startswith(tokens[-1]))
        ):
            return True
    return False


def score(query: ParsedQuery, c: Candidate, *, prefix_last: bool = True) -> float:
    """How well `c` answers `query`: higher is better (0 when no word is in its metadata)."""
    tokens = query.folded
    prefix = prefix_last and len(tokens[-1]) >= 2
    title_words = split_folded(c.ftitle)
    meta_words = split_folded(c.fmeta)
    title_set, meta_set = set(title_words), set(meta_words)
    total = 0.0
    in_title = 0
    for i, token in enumerate(tokens):
        last = prefix and i == len(tokens) - 1
        if _has(title_set, token, last):
            total += IN_TITLE
            in_title += 1
        elif _has(meta_set, token, last):
            total += IN_META
    if in_title == len(tokens):
        total += ALL_IN_TITLE
    if len(tokens) > 1:
        if _in_sequence(title_words, tokens, prefix):
            total += PHRASE_IN_TITLE
        elif _in_sequence(meta_words, tokens, prefix):
            total += PHRASE_IN_META
        if query.joined in meta_set:
            total += CODE
    if query.exact:
        exact_title, exact_body = set(words(c.title)), set(words(c.body))
        for token in query.exact:
            if token in exact_title:
                total += EXACT_IN_TITLE
            elif token in exact_body:
                total += EXACT_IN_BODY
    return total


def ranked(
    query: ParsedQuery, candidates: list[Candidate], *, prefix_last: bool = True
) -> list[int]:
    """The candidates' rowids, best first; equal scores put the more recent first."""

    def key(c: Candidate) -> tuple[float, int, int]:
        day = c.day.toordinal() if c.day else 0
        return (-score(query, c, prefix_last=prefix_last), -day, -c.rowid)

    return [c.rowid for c in sorted(candidates, key=key)]
