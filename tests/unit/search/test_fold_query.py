"""Query building: typed text becomes a safe MATCH expression, whatever was pasted.

The fuzz runs every generated query against real FTS5 tables made by the statements of the
real migration, so an expression the engine would refuse fails the test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.search.fold_query import ALL_COLUMN, META_COLUMNS, code_variants, parse
from app.search.rank import Row, meta_boosts, ordered, row_scores
from app.textfold import fold

ROWS = [
    "Cải cách hành chính",
    "Sửa chữa đường giao thông",
    "Phố Dương Quảng Hàm",
    "Quyết định 123/QĐ-UBND-VP",
    "Kế hoạch phòng chống lụt bão 2026",
]


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    """The two tables as migration 0007 makes them; every row open to the token "zall"."""
    conn = sqlite3.connect(":memory:")
    tokenize = "tokenize = 'unicode61 remove_diacritics 0'"
    conn.execute(
        f"CREATE VIRTUAL TABLE search_fts USING fts5("
        f"title, body, ftitle, fmeta, acl, {tokenize}, prefix = '2 3')"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE search_files_fts USING fts5(fall, acl, content = '', {tokenize})"
    )
    for rowid, row in enumerate(ROWS, start=1):
        extra = " ".join(code_variants(row.split()[-1]))  # the code is the last word
        conn.execute(
            "INSERT INTO search_fts(rowid, title, body, ftitle, fmeta, acl) "
            "VALUES (?, ?, '', ?, ?, 'zall')",
            (rowid, row, fold(row), extra),
        )
        conn.execute(
            "INSERT INTO search_files_fts(rowid, fall, acl) VALUES (?, ?, 'zall')",
            (rowid, fold(row) + " " + extra),
        )
    yield conn
    conn.close()


def _rowids(conn: sqlite3.Connection, table: str, expr: str) -> list[int]:
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC"
    return [r for (r,) in conn.execute(sql, (expr,))]


def found(conn: sqlite3.Connection, query: str) -> list[str]:
    """As the service searches: metadata matches ordered by the stronger forms of the query
    they have, then what only the files table finds."""
    parsed = parse(query)
    if parsed.empty:
        return []
    tokens = ("zall",)
    first = _rowids(conn, "search_fts", parsed.match(META_COLUMNS, tokens, prefix_last=True))
    scores: dict[int, float] = {}
    for boost in meta_boosts(parsed, tokens):
        for rowid in _rowids(conn, "search_fts", boost.expr):
            scores[rowid] = scores.get(rowid, 0.0) + boost.weight
    order = ordered(first, scores)
    files = parsed.match((ALL_COLUMN,), tokens, prefix_last=False)
    order += [r for r in _rowids(conn, "search_files_fts", files) if r not in order]
    return [ROWS[r - 1] for r in order]


def test_the_visibility_tokens_narrow_what_is_found(fts: sqlite3.Connection) -> None:
    parsed = parse("cai cach")
    for tokens, expected in (((), 1), (("zall",), 1), (("unone",), 0), (("unone", "zall"), 1)):
        sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?"
        expr = parsed.match(META_COLUMNS, tokens, prefix_last=True)
        assert fts.execute(sql, (expr,)).fetchone()[0] == expected, tokens


def test_folding_and_exact_ranking(fts: sqlite3.Connection) -> None:
    assert found(fts, "cai cach hanh chinh") == ["Cải cách hành chính"]
    assert set(found(fts, "duong")) == {"Sửa chữa đường giao thông", "Phố Dương Quảng Hàm"}
    assert found(fts, "đường")[0] == "Sửa chữa đường giao thông"
    assert found(fts, "Dương")[0] == "Phố Dương Quảng Hàm"
    # typed with combining marks (NFD) it is the same word
    assert found(fts, "Cải cách".replace("ả", "a\u0309")) == ["Cải cách hành chính"]


def test_codes(fts: sqlite3.Connection) -> None:
    code = ["Quyết định 123/QĐ-UBND-VP"]
    for typed in ("123/UBND-VP", "123 UBND VP", "QĐ-UBND", "qd ubnd", "QDUBND", "123qdubndvp"):
        assert found(fts, typed) == code, typed
    assert code_variants("123/QĐ-UBND-VP") == [
        "123qdubndvp",
        "qdubndvp",
        "123qd",
        "qdubnd",
        "ubndvp",
    ]


@pytest.mark.parametrize(
    "query",
    [
        'cai AND "cach',
        "NOT cai",
        "cai OR",
        "NEAR(cai cach)",
        "title: cai",
        "^cai",
        "cai*",
        "(cai",
        '"""',
        "'",
        "-",
        "*",
        "cai\x00cach",
        "cải 😀 cách",
        "改革 cải cách",
    ],
)
def test_operators_and_punctuation_are_only_words(fts: sqlite3.Connection, query: str) -> None:
    result = found(fts, query)
    assert result in ([], ["Cải cách hành chính"])


def test_empty_and_punctuation_only_give_no_result(fts: sqlite3.Connection) -> None:
    for query in ("", "   ", "/-.,;:!?", "😀😀", "\x00", "\u0301"):
        assert parse(query).empty
        assert found(fts, query) == []


def test_a_long_paste_is_cut_and_still_answered(fts: sqlite3.Connection) -> None:
    paste = "cải cách hành chính " + "x" * 10_000 + " " + "từ " * 5_000
    parsed = parse(paste)
    assert len(parsed.folded) <= 12
    assert found(fts, paste) == []  # the paste's other words are not in the row
    assert found(fts, "cải cách hành chính " * 2_000) == ["Cải cách hành chính"]


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_is_a_valid_query(fts: sqlite3.Connection, query: str) -> None:
    found(fts, query)  # never an engine error


SQL_ISH = st.sampled_from(
    ['"', "'", "*", "^", ":", "(", ")", "AND", "OR", "NOT", "NEAR", "-", "+", "{", "}", " "]
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(SQL_ISH, st.sampled_from(["cai", "cách", "đường", "123", "qđ"])), max_size=30
    )
)
def test_operator_soup_is_a_valid_query(fts: sqlite3.Connection, parts: list[str]) -> None:
    query = "".join(parts)
    result = found(fts, query)
    words = set(parse(query).folded)
    if words and words <= {"cai"}:
        assert result == ["Cải cách hành chính"]


RANKED = [
    ("Kế hoạch cải cách hành chính năm 2027", "123/KH-UBND UBND phường Gia Thụy", "123/KH-UBND"),
    ("Về việc cải cách thủ tục hành chính", "45/UBND-VP cải cách hành chính", "45/UBND-VP"),
    ("Báo cáo kết quả", "Cải cách hành chính: kế hoạch năm 2027", "7/BC-UBND"),
    ("Sửa chữa đường giao thông", "Phố Dương Quảng Hàm, đường Gia Thụy", "9/QĐ-UBND"),
]


@pytest.fixture(scope="module")
def ranked_fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, ftitle, fmeta, acl, "
        "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
    )
    for rowid, (title, body, code) in enumerate(RANKED, start=1):
        fmeta = fold(body) + " \n" + " ".join(code_variants(code))
        conn.execute(
            "INSERT INTO search_fts(rowid, title, body, ftitle, fmeta, acl) "
            "VALUES (?, ?, ?, ?, ?, 'zall')",
            (rowid, title, body, fold(title), fmeta),
        )
    yield conn
    conn.close()


@pytest.mark.parametrize(
    "query",
    [
        "cai cach hanh chinh",
        "cải cách hành",
        "Cải cách hành chính",
        "ke hoach",
        "kế hoạch 2027",
        "kh ubnd",
        "123 kh ubnd",
        "duong",
        "đường",
        "Dương",
        "gia th",
        "hanh ch",
    ],
)
@pytest.mark.parametrize("prefix", [True, False])
def test_the_rows_own_text_gives_the_scores_the_engine_gives(
    ranked_fts: sqlite3.Connection, query: str, prefix: bool
) -> None:
    """The two ways of finding the stronger forms of a query agree on every row."""
    parsed = parse(query)
    tokens = ("zall",)
    engine: dict[int, float] = {}
    for boost in meta_boosts(parsed, tokens, prefix=prefix):
        for rowid in _rowids(ranked_fts, "search_fts", boost.expr):
            engine[rowid] = engine.get(rowid, 0.0) + boost.weight
    rows = [
        Row(*r)
        for r in ranked_fts.execute("SELECT rowid, title, body, ftitle, fmeta FROM search_fts")
    ]
    assert row_scores(parsed, rows, all_in_title=True, prefix=prefix) == engine
    if prefix:  # each query has a stronger form somewhere (as typed, "gia th" has none)
        assert engine
