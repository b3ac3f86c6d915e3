"""The fixed query set of the search benchmark (`bench.measure_search`).

Queries are what officials type: fragments of 1–4 words of the text model's phrase banks
(`bench.archive_text`: trích yếu, subjects, actions, objects), with and without diacritics;
names of people and streets (rare words); single words every document has (common words);
and số/ký hiệu of the ward's real documents as written ("123/UBND-VP"), split ("123 UBND VP"),
the notation alone folded ("qd ubnd") and the bare number. The set is a pure function of the
seed and the codes given (read from the ward by the caller), so two runs on the same ward
time the same queries.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from app.textfold import fold
from bench import archive_text as at

# words in almost every document's metadata or body
COMMON = (
    "phường",
    "ubnd",
    "thực hiện",
    "ke hoach",
    "báo cáo",
    "nam 2024",
    "UBND phường",
    "tổ dân phố",
    "trien khai",
    "van ban",
)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Query:
    """One query of the set and the category it stands for."""

    text: str
    category: str  # accents / folded / code / code_split / notation / number / rare / common

    @property
    def words(self) -> int:
        """How many words were typed."""
        return len(re.findall(r"[^\W_]+", self.text))


def _phrases() -> list[str]:
    """Every phrase of the topics' banks, placeholders removed."""
    out: list[str] = list(at.COMMON_SUBJECTS) + list(at.COMMON_ACTIONS)
    for topic in at.TOPICS:
        out += [topic.name, *topic.summaries, *topic.subjects, *topic.actions, *topic.objects]
    return [" ".join(_PLACEHOLDER.sub(" ", p).replace(",", " ").split()) for p in out]


def _fragment(rng: random.Random, phrase: str, n: int) -> str:
    words = phrase.split()
    n = min(n, len(words))
    start = rng.randrange(len(words) - n + 1)
    return " ".join(words[start : start + n])


def queries(codes: list[tuple[str, str]], seed: int = 2026, per_category: int = 30) -> list[Query]:
    """The query set: `per_category` of each phrase, name and code category, plus COMMON.

    `codes` are (số, ký hiệu) pairs of documents of the ward, e.g. ("123", "UBND-VP").
    """
    rng = random.Random(seed)
    phrases = _phrases()
    out: list[Query] = []
    seen: set[str] = set()

    def add(text: str, category: str) -> bool:
        if text.lower() in seen or not text.strip():
            return False
        seen.add(text.lower())
        out.append(Query(text, category))
        return True

    for category in ("accents", "folded"):
        made = 0
        while made < per_category:
            text = _fragment(rng, rng.choice(phrases), 1 + made % 4)
            if len(text) < 3:
                continue
            made += add(text if category == "accents" else fold(text), category)
    made = 0
    while made < per_category:  # names and streets: rare words
        woman = rng.random() < 0.5
        name = at.person(rng, woman)
        text = rng.choice([name, " ".join(name.split()[-2:]), rng.choice(at.STREETS)])
        if made % 2:
            text = fold(text)
        made += add(text, "rare")
    picks = rng.sample(codes, min(len(codes), per_category)) if codes else []
    for number, notation in picks:
        add(f"{number}/{notation}", "code")
        parts = " ".join(re.findall(r"[^\W_]+", notation))
        add(f"{number} {parts}", "code_split")
        add(number, "number")
    for notation in sorted({n for _, n in codes}, key=lambda n: (len(n), n))[:per_category]:
        add(" ".join(fold(notation).replace("-", " ").split()), "notation")
    for text in COMMON:
        add(text, "common")
    return out
