"""Time search on a large ward: `space.search` against a naive LIKE scan of the same queries.

    python -m bench.measure_search --space DIR [--runs 3] [--login vanthu --login dc.duc]
                                   [--like-files 20] [--json out.json] [--sample N]

Opens the space (it must have a built search index: `ward-office index rebuild --space DIR`),
signs each login in and runs the fixed query set of `bench.search_queries` (≥ 200 queries
built from the text model's phrase banks and real số/ký hiệu of the ward) through
`space.search.search(q, limit=20)`: the first pass over the set apart (cold caches), then
`--runs` passes; per query the median of the warm passes. Reported: p50/p95/max over the
queries, per category and in all, and the slowest queries.

The naive scan, in the same run, is what a search without an index would do: for each query,
every folded word as `LIKE '%w%'` (AND) over the projection's `search_text` columns
(incoming, outgoing, tasks), then — for the first `--like-files` queries only, since it reads
all of the file text — also over the file-text table (`search_file_text.text`, original text:
SQLite's LIKE folds ASCII case only, so there the words are matched as typed, lower case). Its
ratio to the indexed search is reported. Peak RSS of the process at the end.

The space is only read (sign-in aside); run it on a copy of a generated ward anyway.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import keyring.backends.fail

from app.services.demo import DEMO_PASSWORD
from app.services.space import open_space
from app.textfold import fold
from bench.search_queries import Query, queries

LIMIT = 20
_PROJECTION = ("incoming_documents", "outgoing_documents", "tasks")


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def codes(db: Path, n: int = 400) -> list[tuple[str, str]]:
    """Số and ký hiệu of registered incoming documents, spread over the register."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT code_number, code_notation FROM incoming_documents"
            " WHERE code_number IS NOT NULL AND code_number != '' AND code_notation != ''"
            " ORDER BY rowid"
        ).fetchall()
    step = max(1, len(rows) // n)
    return [(str(a), str(b)) for a, b in rows[::step]]


def _like_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def naive(con: sqlite3.Connection, q: Query, files: bool) -> tuple[int, float]:
    """The LIKE scan of one query: (rows found, seconds)."""
    words = _like_words(q.text)
    t0 = time.perf_counter()
    found = 0
    for tbl in _PROJECTION:
        cond = " AND ".join("search_text LIKE ?" for _ in words)
        found += con.execute(
            f"SELECT count(*) FROM {tbl} WHERE {cond}",
            [f"%{w}%" for w in words],
        ).fetchone()[0]
    if files:
        typed = re.findall(r"[^\W_]+", q.text.lower())
        cond = " AND ".join("text LIKE ?" for _ in typed)
        found += con.execute(
            f"SELECT count(*) FROM search_file_text WHERE {cond}",
            [f"%{w}%" for w in typed],
        ).fetchone()[0]
    return found, time.perf_counter() - t0


def _summary(times: dict[str, float], qs: list[Query]) -> list[dict[str, Any]]:
    by_cat: dict[str, list[float]] = defaultdict(list)
    for q in qs:
        by_cat[q.category].append(times[q.text])
        by_cat["all"].append(times[q.text])
    return [
        {
            "category": cat,
            "queries": len(v),
            "p50_ms": pct(v, 50) * 1000,
            "p95_ms": pct(v, 95) * 1000,
            "max_ms": max(v) * 1000,
        }
        for cat, v in sorted(by_cat.items(), key=lambda kv: (kv[0] == "all", kv[0]))
    ]


def _print_table(title: str, rows: list[dict[str, Any]]) -> None:
    print(
        f"\n{title}\n| category | queries | p50 ms | p95 ms | max ms |"
        "\n| --- | ---: | ---: | ---: | ---: |"
    )
    for r in rows:
        print(
            f"| {r['category']} | {r['queries']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
            f" {r['max_ms']:.1f} |"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--space", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--login", action="append", default=None)
    ap.add_argument("--like-files", type=int, default=20)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--sample", type=int, default=0, help="only every k-th query, about N")
    args = ap.parse_args(argv)
    logins = args.login or ["vanthu", "dc.duc"]
    qs = queries(codes(args.space / "space.db"))
    if args.sample:  # a quick run on a very large ward: the same spread over the categories
        qs = qs[:: max(1, len(qs) // args.sample)]
    cats: dict[str, int] = defaultdict(int)
    for q in qs:
        cats[q.category] += 1
    print(f"{len(qs)} queries: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))
    print(
        "words per query: "
        + ", ".join(f"{n}: {sum(q.words == n for q in qs)}" for n in range(1, 5))
        + f", more: {sum(q.words > 4 for q in qs)}"
    )
    report: dict[str, Any] = {"queries": [q.text for q in qs], "users": {}}
    t0 = time.perf_counter()
    space = open_space(args.space, keyring_backend=keyring.backends.fail.Keyring())
    print(f"open_space {time.perf_counter() - t0:.2f} s")
    try:
        for login in logins:
            space.sign_in(login, DEMO_PASSWORD)
            cold: dict[str, float] = {}
            warm: dict[str, list[float]] = defaultdict(list)
            shown: dict[str, list[float]] = defaultdict(list)
            hits: dict[str, int] = {}
            for i in range(args.runs + 1):
                for q in qs:
                    t = time.perf_counter()
                    page = space.search.search(q.text, limit=LIMIT)
                    took = time.perf_counter() - t
                    t = time.perf_counter()  # as the search page asks: "n kết quả" above the list
                    space.search.search(q.text, limit=LIMIT, count=True)
                    with_count = time.perf_counter() - t
                    if i == 0:
                        cold[q.text] = took
                        hits[q.text] = len(page.hits)
                    else:
                        warm[q.text].append(took)
                        shown[q.text].append(with_count)
            med = {k: statistics.median(v) for k, v in warm.items()}
            med_shown = {k: statistics.median(v) for k, v in shown.items()}
            none = sum(1 for v in hits.values() if v == 0)
            print(f"\n## {login}: {len(qs)} queries, {none} with no result")
            _print_table(f"{login}, cold first pass", _summary(cold, qs))
            _print_table(f"{login}, warm (median of {args.runs} passes)", _summary(med, qs))
            _print_table(f"{login}, warm, with the count", _summary(med_shown, qs))
            slow = sorted(med.items(), key=lambda kv: -kv[1])[:8]
            print("slowest: " + "; ".join(f"{k!r} {v * 1000:.0f} ms" for k, v in slow))
            report["users"][login] = {
                "cold": _summary(cold, qs),
                "warm": _summary(med, qs),
                "warm_with_count": _summary(med_shown, qs),
                "slowest": slow,
                "no_result": none,
                "per_query_ms": {k: v * 1000 for k, v in med.items()},
            }
            space.sign_out()
    finally:
        space.close()
    con = sqlite3.connect(f"file:{args.space / 'space.db'}?mode=ro", uri=True)
    like: dict[str, float] = {}
    like_files: dict[str, float] = {}
    for q in qs:
        _, like[q.text] = naive(con, q, False)
    step = max(1, len(qs) // max(1, args.like_files))
    for q in qs[::step][: args.like_files]:
        _, like_files[q.text] = naive(con, q, True)
    con.close()
    _print_table("naive LIKE over the projection's search_text", _summary(like, qs))
    ref = report["users"][logins[0]]["per_query_ms"]
    ratios = [like[k] * 1000 / ref[k] for k in like]
    print(f"ratio LIKE / search ({logins[0]}): median {statistics.median(ratios):.0f}x")
    if like_files:
        lf = list(like_files.values())
        r2 = [like_files[k] * 1000 / ref[k] for k in like_files]
        print(
            f"naive LIKE incl. file text, {len(lf)} queries: p50 {pct(lf, 50) * 1000:.0f} ms,"
            f" p95 {pct(lf, 95) * 1000:.0f} ms, max {max(lf) * 1000:.0f} ms;"
            f" ratio median {statistics.median(r2):.0f}x"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")
    report["like_ms"] = {k: v * 1000 for k, v in like.items()}
    report["like_files_ms"] = {k: v * 1000 for k, v in like_files.items()}
    report["peak_rss_mib"] = peak
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
