"""Highlighted snippets in the original text, for a query typed with or without diacritics.

The text is folded character by character (same length), the folded query words are found at
word starts in it, and the positions mark the original text: "cai cach" highlights "Cải cách".
"""

from __future__ import annotations

import re

from app.search.fold_query import aligned_fold

Segment = tuple[str, bool]  # (text, highlighted)
WIDTH = 180


def _spans(folded: str, tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for token in dict.fromkeys(tokens):
        for m in re.finditer(r"(?<![^\W_])" + re.escape(token), folded):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The window of `width` characters holding the most hits, widened to word boundaries."""
    if not spans:
        return 0, min(len(text), width)
    best, best_count, j = spans[0][0], 0, 0
    for i, (start, _) in enumerate(spans):  # two pointers: spans are sorted
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= start + width:
            j += 1
        if j - i + 1 > best_count:
            best, best_count = start, j - i + 1
    start = max(0, best - width // 4)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def snippet(text: str, tokens: tuple[str, ...], width: int = WIDTH) -> tuple[Segment, ...]:
    """A piece of `text` around the query words, as (text, highlighted) segments."""
    text = " ".join(text.split())
    if not text:
        return ()
    spans = _spans(aligned_fold(text), tokens)
    start, end = _window(text, spans, width)
    segments: list[Segment] = []
    if start > 0:
        segments.append(("… ", False))
    at = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > at:
            segments.append((text[at:s], False))
        segments.append((text[s:e], True))
        at = e
    if at < end:
        segments.append((text[at:end], False))
    if end < len(text):
        segments.append((" …", False))
    return tuple(segments)


def marked(segments: tuple[Segment, ...], open_mark: str = "[", close_mark: str = "]") -> str:
    """The snippet as one string, highlights between the marks."""
    return "".join(f"{open_mark}{t}{close_mark}" if hit else t for t, hit in segments)
