"""Turning what a user typed into a safe FTS5 MATCH expression, and text into index tokens.

Nothing typed ever reaches the engine as syntax: the query is cut into word tokens (letters
and digits only), each token is quoted, and the expression is assembled here. So FTS operators,
quotes, lone punctuation, emoji or NUL in a query can only make it match less, never fail.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from app.textfold import fold

MAX_TOKENS = 12  # a pasted page is cut to its first words
MAX_TOKEN_LEN = 60
_WORD = re.compile(r"[^\W_]+")
_D = str.maketrans({"đ": "d", "Đ": "d"})

# columns of the two FTS tables (see migration 0007): the metadata table keeps the original
# text (title, body) and its folded form (ftitle, fmeta); the files table is contentless and
# holds the folded text of everything (fall); both have the visibility tokens (acl)
TITLE_COLUMN = "ftitle"
META_COLUMNS = ("ftitle", "fmeta")
CODE_COLUMN = "fmeta"
EXACT_TITLE = ("title",)
EXACT_COLUMNS = ("title", "body")
ALL_COLUMN = "fall"
ACL_COLUMN = "acl"


def nfc(text: str) -> str:
    """The composed form: Vietnamese typed with combining marks matches precomposed text."""
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """Letter-and-digit runs, lower case, in NFC."""
    return _WORD.findall(nfc(text).lower())


def folded_words(text: str) -> list[str]:
    """The words of `text` folded: no diacritics, đ as d."""
    return _WORD.findall(fold(text))


def split_folded(text: str) -> list[str]:
    """The words of text that is folded already (as the index keeps it)."""
    return _WORD.findall(text)


def fold_char(ch: str) -> str:
    """One character folded to exactly one character, so folded text aligns with the original."""
    bare = "".join(
        c for c in unicodedata.normalize("NFD", ch.translate(_D)) if not unicodedata.combining(c)
    ).lower()
    return bare if len(bare) == 1 else ch if len(ch) == 1 else " "


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def aligned_fold(text: str) -> str:
    """`text` (already NFC) folded character by character: same length, same positions."""
    return text.translate(_TABLE)


def code_variants(code: str) -> list[str]:
    """A số/ký hiệu as officials type it: "123/QĐ-UBND-VP" → the joined "123qdubndvp",
    "qdubndvp" and adjacent pairs "123qd", "qdubnd", "ubndvp" (the split parts are ordinary
    words of the text already)."""
    parts = folded_words(code)
    if len(parts) < 2:
        return []
    out = ["".join(parts), "".join(parts[1:])]
    out += [a + b for a, b in itertools.pairwise(parts)]
    return list(dict.fromkeys(p for p in out if p not in parts))


@dataclass(frozen=True)
class ParsedQuery:
    """A query cut into tokens: `folded` always, `exact` when the user typed diacritics."""

    folded: tuple[str, ...]
    exact: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Nothing searchable was typed."""
        return not self.folded

    @property
    def joined(self) -> str:
        """The folded words run together, as a số/ký hiệu's variants are indexed ("qdubnd")."""
        return "".join(self.folded)

    def match(self, columns: tuple[str, ...], acl: tuple[str, ...], *, prefix_last: bool) -> str:
        """The MATCH expression: every folded word in one of `columns` (the last one as a prefix
        when `prefix_last`), and one of the `acl` tokens in the visibility column."""
        return _expr(columns, _and(self.folded, prefix_last), acl) if self.folded else ""

    def phrase(self, columns: tuple[str, ...], acl: tuple[str, ...], *, prefix_last: bool) -> str:
        """The folded words side by side, in order, in one of `columns`."""
        return _expr(columns, _phrase(self.folded, prefix_last), acl) if self.folded else ""

    def as_typed(self, columns: tuple[str, ...], acl: tuple[str, ...], *, prefix_last: bool) -> str:
        """Every word with its diacritics as typed ("" when typed without any)."""
        return _expr(columns, _and(self.exact, prefix_last), acl) if self.exact else ""

    def run_together(self, columns: tuple[str, ...], acl: tuple[str, ...]) -> str:
        """The words joined, as a số/ký hiệu's variants are indexed ("qd ubnd" → "qdubnd")."""
        if len(self.folded) < 2:
            return ""
        return _expr(columns, _quote(self.joined), acl)


def _expr(columns: tuple[str, ...], words: str, acl: tuple[str, ...]) -> str:
    cols = columns[0] if len(columns) == 1 else "{" + " ".join(columns) + "}"
    expr = f"{cols} : ({words})"
    if acl:
        expr += f" AND {ACL_COLUMN} : ({' OR '.join(_quote(t) for t in acl)})"
    return expr


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _phrase(tokens: tuple[str, ...], prefix_last: bool) -> str:
    star = "*" if prefix_last and len(tokens[-1]) >= 2 else ""
    return _quote(" ".join(tokens)) + star


def _and(tokens: tuple[str, ...], prefix_last: bool) -> str:
    quoted = [_quote(t) for t in tokens]
    if prefix_last and len(tokens[-1]) >= 2:  # "d"* would read every d-word of the index
        quoted[-1] += "*"
    return " AND ".join(quoted)


def parse(text: str) -> ParsedQuery:
    """Cut a typed query into tokens (at most MAX_TOKENS, each at most MAX_TOKEN_LEN chars)."""
    text = text[: MAX_TOKENS * (MAX_TOKEN_LEN + 8)].replace("\x00", " ")
    exact = [w[:MAX_TOKEN_LEN] for w in words(text)][:MAX_TOKENS]
    folded = [w[:MAX_TOKEN_LEN] for w in folded_words(text)][:MAX_TOKENS]
    if exact == folded:
        return ParsedQuery(tuple(folded), ())
    return ParsedQuery(tuple(folded), tuple(exact))
