"""Time the lists on a large space: count + first page, sorts, filters, box counts, deep pages.

    python -m bench.measure_lists --space WARD100K [--runs 7]

Signs in as the clerk "vanthu", the leader "chutich" and an official ("dc.duc" by default),
as the GUI's list would: `IncomingService.count` and `IncomingService.rows` (one page of 200)
with an `IncomingFilter`; the same for the task lists and, when the ward has outgoing
documents, the outgoing register. A "page at row N" case pages through the list once (each
page after the last row of the one before, as the list scrolls) and times the page after row
N. Each case runs once to warm up, then `--runs` times; the table gives the median and the
maximum, next to issue 2's goal of 0.3 s for a list or a filter. It ends with the sizes of the
database (space.db and its -wal) and of the blob folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring.backends.fail

from app.services.demo import DEMO_PASSWORD
from app.services.incoming_dto import Box, IncomingFilter
from app.services.outgoing_dto import OutgoingBox
from app.services.space import Space, open_space
from app.services.task_dto import TaskBox
from app.timeutil import today_vn

GOAL_S = 0.3
PAGE = 200


@dataclass(frozen=True)
class Result:
    """The timings of one case, in seconds."""

    who: str
    name: str
    found: str
    times: list[float]
    goal: float | None = GOAL_S

    @property
    def median(self) -> float:
        """The median run."""
        return statistics.median(self.times)

    @property
    def worst(self) -> float:
        """The slowest run."""
        return max(self.times)


def timed(fn: Callable[[], Any], runs: int) -> tuple[Any, list[float]]:
    """One warm-up call, then `runs` timed calls; the last result and the times."""
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, times


def list_case(
    space: Space, flt: IncomingFilter, sort: str = "number", descending: bool = True
) -> Callable[[], tuple[int, int]]:
    """What the list does when it opens or its filter changes: the count and the first page."""

    def run() -> tuple[int, int]:
        total = space.incoming.count(flt)
        rows = space.incoming.rows(flt, sort=sort, descending=descending, offset=0, limit=PAGE)
        return total, len(rows)

    return run


def deep_page_case(space: Space, flt: IncomingFilter, row: int) -> Callable[[], int]:
    """The page after row `row` (reached once, page by page, as a list scrolls)."""
    last: str | None = None
    for _ in range(row // PAGE):
        page = space.incoming.rows(flt, limit=PAGE, after=last)
        if not page:
            break
        last = page[-1].id

    def run() -> int:
        return len(space.incoming.rows(flt, limit=PAGE, after=last))

    return run


def task_case(space: Space, box: TaskBox, text: str = "") -> Callable[[], tuple[int, int]]:
    """A task list: its count and its first page."""

    def run() -> tuple[int, int]:
        return space.tasks.count(box, text), len(space.tasks.rows(box, text, limit=PAGE))

    return run


def outgoing_case(space: Space, text: str = "") -> Callable[[], tuple[int, int]]:
    """The outgoing register (Sổ văn bản đi): its count and its first page."""

    def run() -> tuple[int, int]:
        box = OutgoingBox.ISSUED
        return space.outgoing.count(box, text), len(space.outgoing.rows(box, text, limit=PAGE))

    return run


def sign_in(space: Space, login: str) -> float:
    """Sign `login` in; the seconds it took (the password hash and the key file's Argon2)."""
    t0 = time.perf_counter()
    space.sign_in(login, DEMO_PASSWORD)
    return time.perf_counter() - t0


def _sizes(root: Path) -> dict[str, int]:
    db = root / "space.db"
    wal = root / "space.db-wal"
    blobs = root / "blobs"
    return {
        "db": db.stat().st_size if db.exists() else 0,
        "wal": wal.stat().st_size if wal.exists() else 0,
        "blobs": sum(p.stat().st_size for p in blobs.rglob("*") if p.is_file()),
        "blob_files": sum(1 for p in blobs.rglob("*") if p.is_file()),
    }


def _month_before(today: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The calendar month `months` before today's: its first and last day."""
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def measure(root: Path, runs: int, official: str) -> tuple[list[Result], dict[str, float]]:
    """Run every case; the results and the sign-in times."""
    t0 = time.perf_counter()
    space = open_space(root, keyring_backend=keyring.backends.fail.Keyring())
    opened = time.perf_counter() - t0
    results: list[Result] = []
    signins = {"open_space": opened}
    try:
        signins["vanthu"] = sign_in(space, "vanthu")
        first, last = _month_before(today_vn(space.clock), 6)
        agency = "Sở Xây dựng thành phố Hà Nội"
        register = IncomingFilter(box=Box.ALL)
        cases: list[tuple[str, IncomingFilter, str]] = [
            ("Sổ văn bản đến, by số đến", register, "number"),
            ("Sổ văn bản đến, by cơ quan ban hành", register, "issuing_agency"),
            ("Sổ văn bản đến, by hạn xử lý", register, "due_date"),
            ('filter text "cai cach"', IncomingFilter(box=Box.ALL, text="cai cach"), "number"),
            ('filter text "Đường"', IncomingFilter(box=Box.ALL, text="Đường"), "number"),
            ('filter text "123"', IncomingFilter(box=Box.ALL, text="123"), "number"),
            ("filter urgent only", IncomingFilter(box=Box.ALL, urgent_only=True), "number"),
            (
                f"filter one month ({first:%m/%Y})",
                IncomingFilter(box=Box.ALL, date_from=first, date_to=last),
                "number",
            ),
            (
                f"filter agency ({agency})",
                IncomingFilter(box=Box.ALL, issuing_agency=agency),
                "number",
            ),
            ("Chờ vào sổ (queue)", IncomingFilter(box=Box.QUEUE), "queued_at"),
        ]
        for name, flt, sort in cases:
            (total, shown), times = timed(list_case(space, flt, sort), runs)
            results.append(Result("vanthu", name, f"{total} ({shown} shown)", times))
        counts, times = timed(space.incoming.box_counts, runs)
        results.append(Result("vanthu", "box_counts()", _counts(counts), times))
        shown, times = timed(deep_page_case(space, register, 10_000), runs)
        results.append(Result("vanthu", "Sổ văn bản đến, page at row 10 000", str(shown), times))
        if space.outgoing.count(OutgoingBox.ISSUED):
            for name, text in (
                ("Sổ văn bản đi", ""),
                ('Sổ văn bản đi, text "ke hoach"', "ke hoach"),
            ):
                (total, shown), times = timed(outgoing_case(space, text), runs)
                results.append(Result("vanthu", name, f"{total} ({shown} shown)", times))

        signins["chutich"] = sign_in(space, "chutich")
        flt = IncomingFilter(box=Box.TO_DIRECT)
        (total, shown), times = timed(list_case(space, flt), runs)
        results.append(Result("chutich", "Chờ chỉ đạo", f"{total} ({shown} shown)", times))
        counts, times = timed(space.incoming.box_counts, runs)
        results.append(Result("chutich", "box_counts()", _counts(counts), times))
        for name, task_box, text in (
            ("tasks: Việc đã hoàn thành", TaskBox.DONE, ""),
            ('tasks: Việc đã hoàn thành, text "kiem tra"', TaskBox.DONE, "kiem tra"),
            ('tasks: Việc của đơn vị, text "ra soat"', TaskBox.UNIT, "ra soat"),
        ):
            (total, shown), times = timed(task_case(space, task_box, text), runs)
            results.append(Result("chutich", name, f"{total} ({shown} shown)", times))

        signins[official] = sign_in(space, official)
        for name, box in (("Sổ văn bản đến (own)", Box.ALL), ("Chờ xử lý", Box.PENDING)):
            (total, shown), times = timed(list_case(space, IncomingFilter(box=box)), runs)
            results.append(Result(official, name, f"{total} ({shown} shown)", times))
        flt = IncomingFilter(box=Box.ALL, text="cai cach")
        (total, shown), times = timed(list_case(space, flt), runs)
        results.append(
            Result(official, 'own, filter "cai cach"', f"{total} ({shown} shown)", times)
        )
        counts, times = timed(space.incoming.box_counts, runs)
        results.append(Result(official, "box_counts()", _counts(counts), times))
        own = IncomingFilter(box=Box.ALL)
        shown, times = timed(deep_page_case(space, own, 10_000), runs)
        name = "Sổ văn bản đến (own), page at row 10 000"
        results.append(Result(official, name, str(shown), times))
        for name, flt in (
            ("own, filter urgent only", IncomingFilter(box=Box.ALL, urgent_only=True)),
            ('own, filter text "Đường"', IncomingFilter(box=Box.ALL, text="Đường")),
        ):
            (total, shown), times = timed(list_case(space, flt), runs)
            results.append(Result(official, name, f"{total} ({shown} shown)", times))
        (total, shown), times = timed(task_case(space, TaskBox.UNIT, "ra soat"), runs)
        name = 'tasks: Việc của đơn vị, text "ra soat"'
        results.append(Result(official, name, f"{total} ({shown} shown)", times))

        first_id = space.incoming.rows(IncomingFilter(box=Box.ALL), limit=1)[0].id
        _detail, times = timed(lambda: space.incoming.detail(first_id), runs)
        results.append(Result(official, "detail() of a document", "1", times))
    finally:
        space.close()
    return results, signins


def _counts(counts: dict[Box, int]) -> str:
    return ", ".join(f"{box.value} {n}" for box, n in counts.items())


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| user | list or filter (count + first 200 rows) | documents "
        "| median ms | max ms | goal |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for r in results:
        goal = "" if r.goal is None else ("✅ < 300 ms" if r.worst < r.goal else "❌ ≥ 300 ms")
        lines.append(
            f"| {r.who} | {r.name} | {r.found} | {_ms(r.median)} | {_ms(r.worst)} | {goal} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_lists", description=__doc__)
    parser.add_argument("--space", type=Path, required=True, help="a space made by bench.generate")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (after a warm-up)")
    parser.add_argument("--official", default="dc.duc", help="the official whose boxes to time")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    results, signins = measure(args.space, args.runs, args.official)
    print(table(results))
    print()
    sizes = _sizes(args.space)
    mib = 1024 * 1024
    print("| what | size |")
    print("| --- | ---: |")
    print(f"| space.db | {sizes['db'] / mib:,.1f} MiB |")
    print(f"| space.db-wal | {sizes['wal'] / mib:,.1f} MiB |")
    print(f"| blobs ({sizes['blob_files']} files) | {sizes['blobs'] / mib:,.1f} MiB |")
    print()
    print(
        "open_space: "
        + f"{signins.pop('open_space'):.2f} s; sign-in: "
        + ", ".join(f"{who} {s:.2f} s" for who, s in signins.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
