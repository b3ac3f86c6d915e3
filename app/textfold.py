"""Vietnamese text folding: the same letters with and without diacritics, any case, đ as d."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, runs of white space as one space."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def sort_key(text: str) -> tuple[str, str]:
    """Sort Vietnamese names by their folded letters, then by the exact text.

    "Đ" folds to "d", so "Đường" sorts among the D words rather than after "Z".
    """
    return fold(text), unicodedata.normalize("NFC", text)
