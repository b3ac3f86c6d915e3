"""The archive's text model: số/ký hiệu as officials write them, bodies of a real length."""

from __future__ import annotations

import datetime as dt
import re

from app.textfold import fold
from bench import archive_text

WHEN = dt.date(2025, 10, 14)


def _docs(n: int, suffix: str = "UBND") -> list[archive_text.Composed]:
    return [
        archive_text.compose(3, f"doc{i}", WHEN, "UBND thành phố Hà Nội", suffix) for i in range(n)
    ]


def test_codes_are_written_as_officials_write_them() -> None:
    codes = {d.code for d in _docs(300)}
    pattern = re.compile(r"^\d{1,4}/(UBND-[A-ZĐ]+|[A-ZĐ][A-Za-zĐ]*-UBND)$")
    assert all(pattern.match(c) for c in codes), sorted(c for c in codes if not pattern.match(c))
    assert any(c.endswith("/QĐ-UBND") for c in codes)
    assert any(c.endswith("/KH-UBND") for c in codes)
    assert any("/UBND-" in c for c in codes)  # công văn: the body, then its room
    sxd = {d.code_notation for d in _docs(100, "SXD")}
    assert {"TB-SXD", "SXD-QLXD"} & sxd


def test_a_document_is_the_same_from_the_same_seed_and_key() -> None:
    one = archive_text.compose(9, "x", WHEN)
    again = archive_text.compose(9, "x", WHEN)
    other = archive_text.compose(10, "x", WHEN)
    assert one == again
    assert one.body() == again.body()
    assert (one.summary, one.body()) != (other.summary, other.body())


def test_bodies_have_the_length_and_words_of_real_documents() -> None:
    docs = _docs(60)
    lengths = [sum(len(p.split()) for p in d.body()) for d in docs]
    assert min(lengths) >= 300
    assert max(lengths) <= 1700
    assert max(lengths) - min(lengths) > 300  # short and long ones
    text = fold(" ".join(p for d in docs for p in d.body()))
    for words in ("cai cach hanh chinh", "thua dat so", "phong chay", "ubnd phuong"):
        assert words in text
    closings = [d.body()[-1] for d in docs]
    assert all(c.endswith("./.") for c in closings)
