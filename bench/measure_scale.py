"""Time the GUI on a large ward: launch to a usable window, then opening and scrolling a list.

    python -m bench.measure_scale --space bench1m [--runs 3] [--login vanthu …]
        [--scroll-rows 10000]

`bench.measure_gui` waits for an incoming list as the first page; since the dashboard (Tổng
quan) became the first page it no longer applies as it is. Each run here is a new process
(`QT_QPA_PLATFORM=offscreen`, no OS keyring), timed from just before the spawn, doing what
`ward-office` does: imports, QApplication, `open_space`, the sign-in (the password dialog's
work), `build_main_window` and `show()`. The window is **usable** once the first page has its
content: the dashboard's figures (or an incoming list's rows, if that is the first page); the
navigation's counts come in the background. Then, in the same process: "Sổ văn bản đến" is
opened (count + first page), and the list is scrolled to its end again and again, as a user
dragging the scroll bar down, until `--scroll-rows` rows are loaded; each scroll loads the
next page of 200 rows in the background (`LazyRowsModel.fetchMore`: the rows after the last
one loaded). The
times per page are reported for the first and the last pages. The child reports its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure_gui import ROOT, _wait, python_start

LAUNCH_GOAL_S = 2.0
MEMORY_GOAL_MIB = 300
TIMEOUT_S = 120.0


def _page_ready(page: Any) -> bool:
    """True once the page shows its content (dashboard figures, or a list's first rows)."""
    if page is None:
        return False
    if hasattr(page, "dashboard") and hasattr(page, "tiles"):
        return page.dashboard is not None
    model = getattr(page, "model", None)
    loaded = getattr(model, "_loaded_once", None)
    if model is not None and loaded is None:
        model._loaded_once = False
        model.loaded.connect(lambda: setattr(model, "_loaded_once", True))
    return bool(getattr(model, "_loaded_once", False)) or bool(
        model is not None and model.rowCount() > 0
    )


def child(root: Path, login: str, password: str, t0: float, scroll_rows: int) -> dict[str, Any]:
    """One launch; the marks are seconds since `t0` (the parent's clock before the spawn)."""
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = time.time() - t0

    mark("python_started")
    import resource

    import keyring.backends.fail

    from PyQt6.QtWidgets import QApplication

    import app.cli  # noqa: F401  (the `ward-office` entry point imports it before the GUI)
    from app.services.incoming_dto import Box
    from app.services.space import open_space
    from app.ui_support import ops
    from app.ui_support.events import AppEvents
    from app.views import app_main

    mark("imports")
    qapp = app_main.make_application([sys.argv[0]])
    mark("qapplication")
    space = open_space(root, keyring_backend=keyring.backends.fail.Keyring())
    mark("space_opened")
    signin_t = time.time()
    space.sign_in(login, password)
    signin = time.time() - signin_t
    mark("signed_in")
    result: dict[str, Any] = {"login": login, "sign_in": signin, "qpa": qapp.platformName()}
    window = app_main.build_main_window(space, AppEvents())
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    mark("window_shown")
    notes: list[str] = []
    if _wait(lambda: _page_ready(window.current_page()), TIMEOUT_S):
        mark("usable")
        result["first_page"] = type(window.current_page()).__name__
    else:
        notes.append("the first page did not load within the timeout")
    if _wait(lambda: "(" in window.navigation.entry_text(Box.ALL), TIMEOUT_S):
        mark("counts_shown")
    switch_t = time.time()
    window.show_entry(Box.ALL)
    if _wait(lambda: _page_ready(window.current_page()), TIMEOUT_S):
        result["register_switch"] = time.time() - switch_t
        page = window.current_page()
        model, table = page.model, page.table
        result["register_total"] = model.total
        bar = table.verticalScrollBar()
        pages: list[float] = []
        target = min(scroll_rows, model.total)
        while model.rowCount() < target:
            before = model.rowCount()
            t = time.perf_counter()
            bar.setValue(bar.maximum())  # what dragging the bar to its end does
            if not _wait(lambda n=before: model.rowCount() > n, 30.0):
                model.fetchMore()  # the view did not ask: ask as it would
                if not _wait(lambda n=before: model.rowCount() > n, 30.0):
                    notes.append(f"scrolling stopped at {before} rows")
                    break
            QApplication.processEvents()  # the new rows painted
            pages.append(time.perf_counter() - t)
        result["scroll_pages"] = pages
        result["scrolled_rows"] = model.rowCount()
    else:
        notes.append("Sổ văn bản đến did not load within the timeout")
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["marks"] = marks
    result["notes"] = notes
    window.close()
    ops.wait_all()
    space.close()
    return result


def launch(root: Path, login: str, scroll_rows: int) -> dict[str, Any]:
    """Spawn one child and return its report."""
    from app.services.demo import DEMO_PASSWORD

    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    t0 = time.time()
    cmd = [
        sys.executable,
        "-m",
        "bench.measure_scale",
        "--child",
        "--space",
        str(root),
        "--login",
        login,
        "--password",
        DEMO_PASSWORD,
        "--t0",
        repr(t0),
        "--scroll-rows",
        str(scroll_rows),
    ]
    proc = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=6 * TIMEOUT_S, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return report


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "—"


def table(login: str, reports: list[dict[str, Any]]) -> str:
    """One user's launches as a Markdown table (medians over the runs)."""
    first = reports[0]
    lines = [
        f"Launch as **{login}** ({len(reports)} runs; first page {first.get('first_page')})",
        "",
        "| step (seconds since the spawn) | median s | runs |",
        "| --- | ---: | --- |",
    ]
    labels = [
        ("imports", "imports done (PyQt6, app)"),
        ("space_opened", "space opened"),
        ("signed_in", "signed in (the password dialog's work)"),
        ("window_shown", "main window shown"),
        ("usable", "**usable: first page with its content**"),
        ("counts_shown", "navigation counts shown"),
    ]
    for key, label in labels:
        values = [r["marks"][key] for r in reports if key in r["marks"]]
        lines.append(f"| {label} | {_median(values)} | {', '.join(f'{v:.2f}' for v in values)} |")
    signin = [r["sign_in"] for r in reports]
    lines.append(f"| sign-in alone | {_median(signin)} | {', '.join(f'{v:.2f}' for v in signin)} |")
    usable = [r["marks"]["usable"] - r["sign_in"] for r in reports if "usable" in r["marks"]]
    lines.append(
        f"| **usable, without the sign-in** | **{_median(usable)}** | "
        f"{', '.join(f'{v:.2f}' for v in usable)} |"
    )
    switches = [r["register_switch"] for r in reports if "register_switch" in r]
    lines.append(
        f"| open Sổ văn bản đến ({first.get('register_total')} documents) | "
        f"{_median(switches)} | {', '.join(f'{v:.2f}' for v in switches)} |"
    )
    pages = [r.get("scroll_pages", []) for r in reports]
    head = [p for ps in pages for p in ps[:5]]
    tail = [p for ps in pages for p in ps[-5:]]
    rows = first.get("scrolled_rows")
    lines.append(f"| scroll: one page of 200 rows, first 5 pages | {_median(head)} | |")
    lines.append(
        f"| scroll: one page of 200 rows, last 5 pages (to row {rows}) | {_median(tail)} | |"
    )
    whole = [sum(ps) for ps in pages if ps]
    lines.append(f"| scroll: all pages to row {rows} | {_median(whole)} | |")
    rss = [r["peak_rss_mib"] for r in reports]
    lines.append(
        f"| peak RSS (MiB) | {statistics.median(rss):,.0f} | {', '.join(f'{v:.0f}' for v in rss)} |"
    )
    notes = sorted({n for r in reports for n in r["notes"]})
    if notes:
        lines += ["", *(f"Note: {n}." for n in notes)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_scale", description=__doc__)
    parser.add_argument("--space", type=Path, required=True, help="a generated ward")
    parser.add_argument("--runs", type=int, default=3, help="launches per user")
    parser.add_argument("--login", action="append", help="user (repeatable; default vanthu)")
    parser.add_argument("--scroll-rows", type=int, default=10_000, help="rows to scroll through")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--password", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logins = args.login or ["vanthu"]
    if args.child:
        report = child(args.space, logins[0], args.password, args.t0, args.scroll_rows)
        print(json.dumps(report), flush=True)
        return 0
    print(f"A bare `python -c pass` takes {python_start():.2f} s here.\n")
    for login in logins:
        reports = [launch(args.space, login, args.scroll_rows) for _ in range(args.runs)]
        print(table(login, reports))
        print()
    print(
        f"Goals (issue 6): launch < {LAUNCH_GOAL_S:.0f} s at 100 000 documents, "
        f"memory < {MEMORY_GOAL_MIB} MB."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
