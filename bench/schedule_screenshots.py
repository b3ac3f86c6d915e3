"""Screenshots of the weekly work schedule at 1366×768, for review: the week grid
(schedule.png), by leader (schedule-leaders.png), today's agenda (schedule-today.png), an amended
week's history (schedule-history.png), the entry dialog with an overlap warning
(schedule-entry.png), the publish and cancel dialogs, an official's day
(schedule-today-official.png) and the HTML export in headless Chromium at 1920×1080
(schedule-html.png).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/schedule_screenshots.py \
        --space DEMO_DIR [--out docs/screenshots]

The demo space is created at --space when it does not exist yet. Settings go to a temporary
folder, never to the user's profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QSettings, QTime  # noqa: E402

from app.services.schedule_dto import ExportFormat, shift_week  # noqa: E402
from app.services.space import Space, open_space  # noqa: E402
from app.timeutil import VN_TZ, FixedClock  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.ui_support.events import AppEvents  # noqa: E402
from app.views import navigation  # noqa: E402
from app.views.app_main import build_main_window, make_application  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from app.views.schedule import SchedulePage  # noqa: E402
from app.views.schedule.entry_dialog import EntryDialog  # noqa: E402
from app.views.schedule.page import HISTORY_TAB, LEADER_TAB, TODAY_TAB  # noqa: E402
from app.views.schedule.step_dialogs import CancelEntryDialog, PublishDialog  # noqa: E402
from bench.screenshots import HEIGHT, WIDTH, Shooter, demo_space, pump  # noqa: E402

CHROMIUM = "/usr/bin/chromium-headless-shell"


def schedule_page(window: MainWindow, space: Space, events: AppEvents) -> SchedulePage:
    """The window's schedule page: its navigation entry once wired, else a page put in."""
    key = getattr(navigation, "SCHEDULE_KEY", None)
    if key is not None and window.navigation.select_key(key):
        page = window.current_page()
        assert isinstance(page, SchedulePage)
        return page
    page = SchedulePage(space, events)
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    return page


def signed_in(space: Space, login: str, password: str) -> tuple[MainWindow, SchedulePage]:
    """A main window signed in as `login`, on the schedule page."""
    space.sign_out()
    space.sign_in(login, password)
    events = AppEvents()
    window = build_main_window(space, events)
    window.resize(WIDTH, HEIGHT)
    window.show()
    pump()
    return window, schedule_page(window, space, events)


def shoot_page(shooter: Shooter, space: Space, password: str) -> None:
    """The chairman's week, its leader view, today's agenda; an amended week's history."""
    window, page = signed_in(space, "chutich", password)
    pump(400)
    shooter.shoot(window, "schedule", size=(WIDTH, HEIGHT))
    page.tabs.setCurrentIndex(LEADER_TAB)
    shooter.shoot(window, "schedule-leaders", size=(WIDTH, HEIGHT))
    page.tabs.setCurrentIndex(TODAY_TAB)
    shooter.shoot(window, "schedule-today", size=(WIDTH, HEIGHT))
    page.show_week(shift_week(page.week_id, -2))
    page.tabs.setCurrentIndex(HISTORY_TAB)
    pump(400)
    shooter.shoot(window, "schedule-history", size=(WIDTH, HEIGHT))
    window.close()


def shoot_today(shooter: Shooter, root: Path, password: str) -> None:
    """Today's agenda of an official on a Tuesday of the current week (the clock set there)."""
    now = dt.datetime.now(dt.UTC).astimezone(VN_TZ)
    tuesday = now.date() - dt.timedelta(days=now.weekday() - 1)
    clock = FixedClock(dt.datetime.combine(tuesday, dt.time(9, 0), VN_TZ).astimezone(dt.UTC))
    space = open_space(root, clock=clock)
    try:
        window, page = signed_in(space, "vp.ha", password)
        page.tabs.setCurrentIndex(TODAY_TAB)
        pump(300)
        shooter.shoot(window, "schedule-today-official", size=(WIDTH, HEIGHT))
        window.close()
    finally:
        space.close()


def shoot_dialogs(shooter: Shooter, space: Space, password: str) -> None:
    """The publish dialog of next week (submitted or drafted) and the cancel dialog."""
    window, page = signed_in(space, "chutich", password)
    page.show_week(shift_week(page.week_id, 1))
    pump(300)
    week = page.week
    assert week is not None
    publish = PublishDialog(space, AppEvents(), week, window)
    shooter.shoot(publish, "schedule-publish")
    publish.reject()
    cancel = CancelEntryDialog(space, AppEvents(), week.entries[0], window, amendment=True)
    shooter.shoot(cancel, "schedule-cancel")
    cancel.reject()
    window.close()


def shoot_entry(shooter: Shooter, space: Space, password: str) -> None:
    """The clerk adds a meeting to next week at the time of one already there: a warning."""
    window, page = signed_in(space, "vanthu", password)
    page.show_week(shift_week(page.week_id, 1))
    pump(300)
    week = page.week
    assert week is not None
    assert week.entries
    taken = week.entries[0]
    dialog = EntryDialog(space, AppEvents(), week.id, window, day=taken.day)
    dialog.show()
    pump()
    dialog.start.setTime(QTime.fromString(taken.start_time, "HH:mm"))
    dialog.content.set_text("Họp bàn phương án giải phóng mặt bằng tuyến đường Gia Thụy")
    index = dialog.chair.findData(taken.chair.id if taken.chair else None)
    dialog.chair.setCurrentIndex(max(index, 0))
    dialog.location.setText(taken.location)
    dialog.submit()
    pump(400)
    shooter.shoot(dialog, "schedule-entry")
    dialog.reject()
    window.close()


def shoot_html(shooter: Shooter, space: Space) -> None:
    """The HTML page of the current week as a 1920×1080 lobby screen shows it."""
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium-headless-shell")
    if chromium is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="ward-office-html-"))
    try:
        page = folder / "lich.html"
        space.schedule.export(space.schedule.current_week_id(), ExportFormat.HTML, page)
        out = shooter.out / "schedule-html.png"
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1920,1080",
                f"--screenshot={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shooter.saved.append(out)
        print(out, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and shoot the screens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", type=Path, required=True, help="demo space folder")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(["schedule-screenshots"])
    QCoreApplication.setOrganizationName("ward-office-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    settings = tempfile.mkdtemp(prefix="ward-office-shots-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    ops.set_inline(True)
    shooter = Shooter(args.out)
    space, password = demo_space(args.space)
    try:
        shoot_page(shooter, space, password)
        shoot_entry(shooter, space, password)
        shoot_dialogs(shooter, space, password)
        shoot_today(shooter, args.space, password)
        shoot_html(shooter, space)
    finally:
        ops.wait_all()
        space.close()
        shutil.rmtree(settings, ignore_errors=True)
    print(f"{len(shooter.saved)} screenshots in {args.out}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
