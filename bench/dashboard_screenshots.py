"""Screenshots of the "Tổng quan" and "Thống kê" pages at 1366×768, for review.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/dashboard_screenshots.py \
        --space DEMO [--out docs/screenshots] [--login chutich --login dc.duc] \
        [--at 2026-11-20T09:30]

The pages are shown inside the main window (navigation on the left). The demo space is created
at --space when it does not exist yet; any space works with its users' password (--password).
--at stops the space's clock at a Vietnam time (a working day shows a fuller agenda).
Settings go to a temporary folder, never to the user's profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PyQt6.QtWidgets import QWidget  # noqa: E402

from app.services.space import Space, open_space  # noqa: E402
from app.services.statistics_dto import GroupBy, OutgoingGroup, ReportKind  # noqa: E402
from app.timeutil import VN_TZ, FixedClock  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.ui_support.events import AppEvents  # noqa: E402
from app.views.app_main import build_main_window, make_application  # noqa: E402
from app.views.dashboard import DashboardPage  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from app.views.statistics import StatisticsPage  # noqa: E402
from bench.screenshots import HEIGHT, WIDTH, Shooter, demo_space, pump  # noqa: E402


def show_page(window: MainWindow, page: QWidget) -> None:
    """Put `page` in the window's page stack and show it."""
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    pump(400)


def signed_in_window(space: Space, login: str, password: str) -> tuple[MainWindow, AppEvents]:
    """A main window signed in as `login`."""
    space.sign_out()
    space.sign_in(login, password)
    events = AppEvents()
    window = build_main_window(space, events)
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.start_session()
    pump(600)
    return window, events


def shoot_login(shooter: Shooter, space: Space, login: str, password: str) -> None:
    """The dashboard of `login`; for leaders and clerks also the statistics page."""
    window, events = signed_in_window(space, login, password)
    dashboard = DashboardPage(space, events)
    show_page(window, dashboard)
    shooter.shoot(window, f"dashboard-{login}")
    if space.auth.user.roles & {"leader", "clerk"}:
        stats = StatisticsPage(space, events)
        show_page(window, stats)
        stats.set_choice(ReportKind.INCOMING, "year", GroupBy.UNIT)
        pump(600)
        shooter.shoot(window, f"statistics-incoming-unit-{login}")
        stats.set_choice(ReportKind.INCOMING, "year", GroupBy.MONTH)
        pump(600)
        shooter.shoot(window, f"statistics-incoming-month-{login}")
        stats.set_choice(ReportKind.TASKS, "year", GroupBy.PERSON)
        pump(600)
        shooter.shoot(window, f"statistics-tasks-person-{login}")
        stats.set_choice(ReportKind.OUTGOING, "year", OutgoingGroup.STEP)
        pump(600)
        shooter.shoot(window, f"statistics-outgoing-{login}")
    window.shutdown()
    window.close()
    window.deleteLater()
    pump(100)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--space", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "shots")
    parser.add_argument("--login", action="append", help="users to shoot (default: 3 roles)")
    parser.add_argument("--password", help="the users' password (default: the demo's)")
    parser.add_argument("--at", help="Vietnam time the clock stands at, e.g. 2026-11-20T09:30")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application([])
    settings = tempfile.TemporaryDirectory(prefix="ward-office-shots-")
    QCoreApplication.setOrganizationName("ward-office-shots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings.name)
    ops.set_inline(True)  # every figure is on show before the shot
    space, password = demo_space(args.space)
    if args.at:
        space.close()
        at = dt.datetime.fromisoformat(args.at).replace(tzinfo=VN_TZ).astimezone(dt.UTC)
        space = open_space(args.space, clock=FixedClock(at))
    shooter = Shooter(args.out)
    try:
        for login in args.login or ["chutich", "vanthu", "dc.duc"]:
            shoot_login(shooter, space, login, args.password or password)
    finally:
        space.close()
        settings.cleanup()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
