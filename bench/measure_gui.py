"""Time the GUI's launch on a large space: from process start to the main window with its list.

    python -m bench.measure_gui --space WARD100K [--runs 5] [--login vanthu --login dc.duc]

Each run is a new process (`QT_QPA_PLATFORM=offscreen`, no OS keyring, as on a bare Linux PC),
so the time includes Python's start, the imports and opening the space. The child does what
`app.views.app_main.run_gui` does: the QApplication, `open_space`, the sign-in (which the
password dialog runs: scrypt for the password, Argon2 for the key file), `build_main_window`
and `show()`, then waits, with the real background queries, until the first page of the user
(the dashboard, or a list) has its data and the navigation its counts; at last it opens
"Sổ văn bản đến" (the whole register) and waits for its rows. The clock starts in the parent
just before the child is spawned. Launch times are given with and without the sign-in, which
is the user's password dialog and costs the same on any space. The child reports its peak RSS
(getrusage).

Where the main window or the incoming page is not there yet, the child times what there is
(imports, space, sign-in, the first page through the service) and says so in a note.
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

ROOT = Path(__file__).resolve().parent.parent
WINDOW_GOAL_S = 2.0
LIST_GOAL_S = 0.3
TIMEOUT_S = 60.0


# -- the child: one launch


def _wait(done: Any, timeout: float = TIMEOUT_S) -> bool:
    """Run the event loop until `done()` is true (polled every 2 ms); False on timeout."""
    from PyQt6.QtCore import QEventLoop, QTimer

    if done():
        return True
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)
    deadline = time.monotonic() + timeout

    def check() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return bool(done())


class _LoadWatch:
    """True once an incoming page's table model has loaded (rows shown, or an empty list)."""

    def __init__(self) -> None:
        self.models: set[int] = set()
        self.loaded: set[int] = set()

    def page_loaded(self, page: Any) -> bool:
        if getattr(page, "dashboard", None) is not None:  # "Tổng quan", the first page
            return True
        model = getattr(page, "model", None)
        if model is None or not hasattr(model, "rowCount"):
            return False
        key = id(model)
        if key not in self.models:
            self.models.add(key)
            signal = getattr(model, "loaded", None)
            if signal is not None:
                signal.connect(lambda: self.loaded.add(key))
        return key in self.loaded or model.rowCount() > 0


def child(root: Path, login: str, password: str, t0: float) -> dict[str, Any]:
    """One launch; the marks are seconds since `t0` (the parent's clock before the spawn)."""
    marks: dict[str, float] = {}
    notes: list[str] = []

    def mark(name: str) -> None:
        marks[name] = time.time() - t0

    mark("python_started")
    import resource

    import keyring.backends.fail

    from PyQt6.QtWidgets import QApplication

    import app.cli  # noqa: F401  (the `ward-office` entry point imports it before the GUI)
    from app.services.incoming_dto import Box, IncomingFilter
    from app.services.space import open_space
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
    build = getattr(app_main, "build_main_window", None)
    try:
        from app.views.incoming.pages import IncomingPage  # noqa: F401
    except ImportError:
        page_ready = False
        notes.append("app.views.incoming.pages.IncomingPage missing: the window shows no list")
    else:
        page_ready = True
    window = None
    if build is None:
        notes.append("build_main_window missing: first page fetched through the service only")
    else:
        from app.ui_support.events import AppEvents

        events = AppEvents()
        window = build(space, events)
        window.show()
        QApplication.processEvents()
        mark("window_shown")
    if window is not None and page_ready:
        watch = _LoadWatch()
        if _wait(lambda: watch.page_loaded(window.current_page())):
            mark("list_shown")
            page = window.current_page()
            result["first_box"] = str(getattr(page, "box", ""))
            result["first_box_total"] = getattr(getattr(page, "model", None), "total", None)
        else:
            notes.append("the first list did not load within the timeout")
        if _wait(lambda: "(" in window.navigation.entry_text(Box.ALL)):
            mark("counts_shown")
        switch_t = time.time()
        window.show_entry(Box.ALL)
        if _wait(lambda: watch.page_loaded(window.current_page())):
            result["register_switch"] = time.time() - switch_t
            result["register_total"] = getattr(window.current_page().model, "total", None)
        else:
            notes.append("Sổ văn bản đến did not load within the timeout")
    else:
        flt = IncomingFilter(box=Box.ALL)
        total = space.incoming.count(flt)
        space.incoming.rows(flt, sort="number", descending=True, limit=200)
        mark("list_shown")
        result["first_box"] = "all (service only)"
        result["first_box_total"] = total
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["marks"] = marks
    result["notes"] = notes
    if window is not None:
        from app.ui_support import ops

        window.close()
        ops.wait_all()
    space.close()
    return result


# -- the parent: spawn, collect, report


def launch(root: Path, login: str) -> dict[str, Any]:
    """Spawn one child and return its report."""
    from app.services.demo import DEMO_PASSWORD  # here, so the child imports only what the app does

    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # a PC without a keyring
    t0 = time.time()
    cmd = [
        sys.executable,
        "-m",
        "bench.measure_gui",
        "--child",
        "--space",
        str(root),
        "--login",
        login,
        "--password",
        DEMO_PASSWORD,
        "--t0",
        repr(t0),
    ]
    proc = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=4 * TIMEOUT_S, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    report["process_exit"] = time.time() - t0
    return report


def python_start() -> float:
    """How long a bare `python -c pass` takes here, for reference."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


def _median(reports: list[dict[str, Any]], key: str) -> float | None:
    values = [r["marks"][key] for r in reports if key in r["marks"]]
    return statistics.median(values) if values else None


def _fmt(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f}"


def table(login: str, reports: list[dict[str, Any]]) -> str:
    """The launch of one user as a Markdown table (medians over the runs; first run apart)."""
    first = reports[0]
    lines = [
        f"Launch as **{login}** ({len(reports)} runs; first list: {first.get('first_box')}, "
        f"{first.get('first_box_total')} documents)",
        "",
        "| step (seconds since the process was spawned) | median s | first run s |",
        "| --- | ---: | ---: |",
    ]
    labels = [
        ("python_started", "Python started, bench module imported"),
        ("imports", "imports done (PyQt6, app)"),
        ("qapplication", "QApplication, locale, stylesheet"),
        ("space_opened", "space opened (SQLite, migrations check)"),
        ("signed_in", "signed in (password dialog's work)"),
        ("window_shown", "main window shown"),
        ("list_shown", "first list shown with its rows"),
        ("counts_shown", "navigation counts shown"),
    ]
    for key, label in labels:
        lines.append(
            f"| {label} | {_fmt(_median(reports, key))} | {_fmt(first['marks'].get(key))} |"
        )
    signin = statistics.median(r["sign_in"] for r in reports)
    shown = _median(reports, "list_shown")
    without = None if shown is None else shown - signin
    lines.append(f"| sign-in alone | {signin:.2f} | {first['sign_in']:.2f} |")
    first_shown = first["marks"].get("list_shown")
    first_without = None if first_shown is None else first_shown - first["sign_in"]
    lines.append(
        f"| **list shown, without the sign-in** | **{_fmt(without)}** | {_fmt(first_without)} |"
    )
    switches = [r["register_switch"] for r in reports if "register_switch" in r]
    if switches:
        lines.append(
            f"| open Sổ văn bản đến ({first.get('register_total')} documents) after launch "
            f"| {statistics.median(switches):.2f} | {first['register_switch']:.2f} |"
        )
    rss = statistics.median(r["peak_rss_mib"] for r in reports)
    lines.append(f"| peak RSS (MiB) | {rss:,.0f} | {first['peak_rss_mib']:,.0f} |")
    notes = sorted({n for r in reports for n in r["notes"]})
    if notes:
        lines += ["", *(f"Note: {n}." for n in notes)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_gui", description=__doc__)
    parser.add_argument("--space", type=Path, required=True, help="a space made by bench.generate")
    parser.add_argument("--runs", type=int, default=5, help="launches per user")
    parser.add_argument(
        "--login", action="append", help="user to sign in (repeatable; default vanthu)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--password", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logins = args.login or ["vanthu"]
    if args.child:
        print(json.dumps(child(args.space, logins[0], args.password, args.t0)), flush=True)
        return 0
    print(f"A bare `python -c pass` takes {python_start():.2f} s here.")
    print()
    for login in logins:
        reports = [launch(args.space, login) for _ in range(args.runs)]
        print(table(login, reports))
        print()
    print(f"Goals (issue 2): window usable < {WINDOW_GOAL_S:.0f} s, list shown < {LIST_GOAL_S} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
