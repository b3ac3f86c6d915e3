"""Screenshots of the task screens at 1366×768, for review: the leader's "Việc tôi giao" with a
result to review (tasks-by-me.png), a task whose assignee asks for more time
(tasks-extension-asked.png), an official's "Việc được giao" (tasks-mine.png), and the dialogs:
giao việc, báo cáo tiến độ, xin gia hạn, giao lại (tasks-*.png).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/tasks_screenshots.py \
        --space DEMO [--out docs/screenshots]

The demo space is created at --space when it does not exist yet. The page is shown inside the
main window (in its navigation once it is wired there, else put in its place). Settings go to a
temporary folder, never to the user's profile.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PyQt6.QtWidgets import QDialog  # noqa: E402

from app.models.enums import TaskState  # noqa: E402
from app.services.space import Space  # noqa: E402
from app.services.task_dto import TaskBox, TaskRow  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.ui_support.events import AppEvents  # noqa: E402
from app.views.app_main import build_main_window, make_application  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from app.views.tasks.detail_pane import REPORTS_TAB  # noqa: E402
from app.views.tasks.page import TasksPage  # noqa: E402
from app.views.tasks.report_dialog import ReportDialog  # noqa: E402
from app.views.tasks.step_dialogs import ExtensionDialog, ReassignDialog  # noqa: E402
from app.views.tasks.task_dialog import TaskDialog  # noqa: E402
from bench.screenshots import HEIGHT, WIDTH, Shooter, demo_space, pump  # noqa: E402


def tasks_page(
    space: Space, login: str, password: str, box: TaskBox
) -> tuple[MainWindow, TasksPage]:
    """A main window signed in as `login`, showing the task list `box`."""
    space.sign_out()
    space.sign_in(login, password)
    events = AppEvents()
    window = build_main_window(space, events)
    window.resize(WIDTH, HEIGHT)
    window.show()
    pump()
    if window.navigation.select_key(box):
        page = window.current_page()
        assert isinstance(page, TasksPage)
    else:
        page = TasksPage(space, events, box)
        window.stack.addWidget(page)
        window.stack.setCurrentWidget(page)
    pump(400)
    return window, page


def select(page: TasksPage, wanted: Callable[[TaskRow], bool]) -> None:
    """Select the first task that is `wanted`, else the first one."""
    model = page.model
    rows = [model.row_at(r) for r in range(model.rowCount())]
    assert rows, f"{page.box} is empty"
    pick = next((r for r in rows if wanted(r)), rows[0])
    assert page.select_id(pick.id)
    pump(600)


def shoot_dialog(shooter: Shooter, dialog: QDialog, name: str) -> None:
    """Shoot a dialog and close it."""
    dialog.show()
    pump(300)
    shooter.shoot(dialog, name)
    dialog.reject()


def shoot(shooter: Shooter, space: Space, password: str) -> None:
    """The two pages and the four dialogs."""
    window, page = tasks_page(space, "chutich", password, TaskBox.BY_ME)
    select(page, lambda r: r.state == TaskState.SUBMITTED)
    page.pane.tabs.setCurrentIndex(REPORTS_TAB)
    pump(300)
    shooter.shoot(window, "tasks-by-me", size=(WIDTH, HEIGHT))
    dialog = TaskDialog(space, AppEvents(), window)
    pump(300)
    dialog.title.setText("Rà soát, cập nhật danh sách hộ kinh doanh cá thể năm 2026")
    dialog.description.set_text("Phối hợp Đội thuế rà soát, báo cáo Chủ tịch trước ngày giao ban.")
    shoot_dialog(shooter, dialog, "tasks-new")
    detail = page.pane.detail
    assert detail is not None
    shoot_dialog(shooter, ReassignDialog(space, AppEvents(), detail.row, window), "tasks-reassign")
    window.close()

    window, page = tasks_page(space, "chutich", password, TaskBox.UNIT)
    select(page, lambda r: r.extension_due is not None)
    shooter.shoot(window, "tasks-extension-asked", size=(WIDTH, HEIGHT))
    window.close()

    window, page = tasks_page(space, "dc.duc", password, TaskBox.MINE)
    select(page, lambda r: r.state == TaskState.IN_PROGRESS)
    shooter.shoot(window, "tasks-mine", size=(WIDTH, HEIGHT))
    detail = page.pane.detail
    assert detail is not None
    row = detail.row
    report = ReportDialog(space, AppEvents(), row.id, row.title, "progress", row.progress, window)
    report.note.set_text("Đã kiểm tra 8/12 công trình, lập biên bản 2 trường hợp vi phạm.")
    shoot_dialog(shooter, report, "tasks-report")
    shoot_dialog(shooter, ExtensionDialog(space, AppEvents(), row, window), "tasks-extension")
    window.close()


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and shoot the screens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", type=Path, required=True, help="demo space folder")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(["tasks-screenshots"])
    QCoreApplication.setOrganizationName("ward-office-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    settings = tempfile.mkdtemp(prefix="ward-office-shots-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    ops.set_inline(True)
    shooter = Shooter(args.out)
    space, password = demo_space(args.space)
    try:
        shoot(shooter, space, password)
    finally:
        ops.wait_all()
        space.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
