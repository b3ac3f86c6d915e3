"""Time the dashboard and the yearly statistics on a big ward (bench.generate + generate_work).

    python -m bench.measure_dashboard --space WARD100K [--runs 20] [--year 2025]

For a clerk (vanthu), a leader (chutich) and an official (dc.duc): `StatisticsService.dashboard()`
once right after the space is opened (the cold run, reported apart), then --runs times (median,
p95, max). Then the yearly reports (incoming and tasks by unit, person and month; outgoing), and
the DOCX and XLSX export of the yearly incoming report. Users are signed in without their
password (reads need no key). Prints Markdown tables; --explain adds SQLite's query plans of the
report queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from app.services.auth import CurrentUser
from app.services.space import Space, open_space
from app.services.statistics_dto import GroupBy, OnTimeReport, Period, ReportKind
from app.timeutil import VN_TZ

LOGINS = ("vanthu", "chutich", "dc.duc")
GOAL_DASHBOARD_S = 0.5
GOAL_REPORT_S = 2.0


def sign_in(space: Space, login: str) -> None:
    """Act as `login` (no password check: reading needs no key)."""
    info = next(u for u in space.directory.users() if u.login == login)
    space.auth.set(
        CurrentUser(info.id, info.login, info.full_name, info.position, info.unit_id, info.roles)
    )


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Run `fn` `runs` times; the durations in seconds and the last result."""
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def p95(times: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def measure_dashboards(root: Path, runs: int) -> list[str]:
    """One row per user: cold run, median, p95, max, and what the dashboard showed."""
    lines = [
        "| user | cold first run ms | median ms | p95 ms | max ms | runs | goal < 500 ms "
        "| counts shown |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for login in LOGINS:
        space = open_space(root)  # a fresh engine and connection pool: the first call is cold
        try:
            sign_in(space, login)
            cold, _ = timed(space.statistics.dashboard, 1)
            times, board = timed(space.statistics.dashboard, runs)
        finally:
            space.close()
        med = statistics.median(times)
        shown = ", ".join(f"{t.name} {t.count}" for t in board.tiles)
        verdict = "✅" if p95(times) < GOAL_DASHBOARD_S else "❌"
        lines.append(
            f"| {login} | {ms(cold[0])} | **{ms(med)}** | {ms(p95(times))} | {ms(max(times))}"
            f" | {runs} | {verdict} | {shown} |"
        )
        print(lines[-1], flush=True)
    return lines


def measure_reports(space: Space, year: int, runs: int) -> list[str]:
    """Each yearly report, `runs` times."""
    sign_in(space, "chutich")
    period = Period.year(year)
    stats = space.statistics
    cases: list[tuple[str, Callable[[], Any]]] = []
    for kind in (ReportKind.INCOMING, ReportKind.TASKS):
        for group in GroupBy:
            cases.append((f"{kind} by {group}", lambda k=kind, g=group: stats.report(k, period, g)))
    cases.append(("outgoing", lambda: stats.report(ReportKind.OUTGOING, period)))
    lines = [
        f"| yearly report {year} | rows | counted | median ms | p95 ms | max ms | runs "
        "| goal < 2 s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, fn in cases:
        fn()  # warm
        times, report = timed(fn, runs)
        if isinstance(report, OnTimeReport):
            rows, counted = len(report.rows), report.total.total
        else:
            rows, counted = len(report.by_type), report.issued
        verdict = "✅" if p95(times) < GOAL_REPORT_S else "❌"
        lines.append(
            f"| {name} | {rows} | {counted:,} | **{ms(statistics.median(times))}** "
            f"| {ms(p95(times))} | {ms(max(times))} | {runs} | {verdict} |"
        )
        print(lines[-1], flush=True)
    return lines


def measure_exports(space: Space, year: int, runs: int) -> list[str]:
    """The yearly incoming report written as DOCX and XLSX (computing included)."""
    sign_in(space, "chutich")
    period = Period.year(year)
    lines = [
        f"| export of the incoming report {year} | size KiB | median ms | max ms | runs |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory(prefix="ward-office-report-") as folder:
        for fmt in ("docx", "xlsx"):
            out = Path(folder) / f"bao-cao.{fmt}"

            def export(f: str = fmt, o: Path = out) -> Path:
                return space.statistics.export(ReportKind.INCOMING, period, o, fmt=f)

            times, path = timed(export, runs)
            lines.append(
                f"| {fmt.upper()} | {path.stat().st_size / 1024:,.0f} | "
                f"**{ms(statistics.median(times))}** | {ms(max(times))} | {runs} |"
            )
            print(lines[-1], flush=True)
    return lines


def explain(space: Space, year: int) -> list[str]:
    """SQLite's plans of the report queries (captured from the engine's statements)."""
    from sqlalchemy import event

    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((sql, params))

    engine = space.db.read.kw["bind"]
    event.listen(engine, "before_cursor_execute", capture)
    sign_in(space, "chutich")
    period = Period.year(year)
    space.statistics.report(ReportKind.INCOMING, period, GroupBy.UNIT)
    space.statistics.report(ReportKind.TASKS, period, GroupBy.MONTH)
    space.statistics.dashboard()
    event.remove(engine, "before_cursor_execute", capture)
    lines: list[str] = []
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for sql, params in statements:
            plan = cur.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            lines.append("    " + " ".join(sql.split())[:160])
            lines += [f"        {row[-1]}" for row in plan]
    finally:
        raw.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.measure_dashboard", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--space", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each dashboard")
    parser.add_argument("--report-runs", type=int, default=10, help="timed runs of each report")
    parser.add_argument("--export-runs", type=int, default=3, help="timed runs of each export")
    parser.add_argument("--year", type=int, help="the report year (default: the last full year)")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args(argv)
    year = args.year or dt.datetime.now(VN_TZ).year - 1
    print(f"# {args.space}, {dt.datetime.now(VN_TZ):%d/%m/%Y %H:%M}", flush=True)
    out = measure_dashboards(args.space, args.runs)
    space = open_space(args.space)
    try:
        out += ["", *measure_reports(space, year, args.report_runs)]
        out += ["", *measure_reports(space, year + 1, args.report_runs)]
        out += ["", *measure_exports(space, year, args.export_runs)]
        if args.explain:
            out += ["", "Query plans:", *explain(space, year)]
    finally:
        space.close()
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
