"""Screenshots of every screen at 1366×768 (a small laptop), for review.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/screenshots.py \
        --space DEMO --out SHOTS

The demo space is created at --space when it does not exist yet. Settings go to --out, never
to the user's profile. Each PNG is named after the screen it shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# No OS keyring prompts on a headless box: the vault keeps per-user encrypted files instead.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QElapsedTimer, QSettings  # noqa: E402
from PyQt6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from app.services.demo import DEMO_PASSWORD, create_demo_space  # noqa: E402
from app.services.incoming_dto import Box  # noqa: E402
from app.services.space import Space, is_space, open_space  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.ui_support.events import AppEvents  # noqa: E402
from app.views.admin import DirectoryPage  # noqa: E402
from app.views.admin.reset_password_dialog import ResetPasswordDialog  # noqa: E402
from app.views.admin.unit_dialog import UnitDialog  # noqa: E402
from app.views.admin.user_dialog import UserDialog  # noqa: E402
from app.views.app_main import build_main_window, make_application  # noqa: E402
from app.views.first_run_wizard import FirstRunWizard  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from app.views.navigation import ADMIN_KEY  # noqa: E402
from app.views.password_dialog import ChangePasswordDialog  # noqa: E402
from app.views.sign_in_dialog import SignInDialog  # noqa: E402

WIDTH, HEIGHT = 1366, 768


def pump(msecs: int = 250) -> None:
    """Let Qt lay out, paint and finish queued work."""
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < msecs:
        QApplication.processEvents()


def demo_space(root: Path) -> tuple[Space, str]:
    """Open the demo space at `root`, creating it first when needed; and its password."""
    if not is_space(root):
        print(f"creating the demo space in {root} …", flush=True)
        create_demo_space(root).close()
    return open_space(root), DEMO_PASSWORD


class Shooter:
    """Saves widgets as PNGs into one folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.saved: list[Path] = []

    def shoot(self, widget: QWidget, name: str, *, size: tuple[int, int] | None = None) -> None:
        """Show `widget` (at `size` if given), let it settle and save it."""
        if size is not None:
            widget.resize(*size)
        widget.show()
        pump()
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        print(path, flush=True)


def shoot_dialog(shooter: Shooter, dialog: QDialog, name: str) -> None:
    """Shoot a dialog and close it."""
    shooter.shoot(dialog, name)
    dialog.reject()


def shoot_wizard(shooter: Shooter) -> None:
    """The three pages of the first-run wizard (nothing is created)."""
    root = Path(tempfile.mkdtemp()) / "new-space"
    wizard = FirstRunWizard(root)
    wizard.resize(720, 520)
    shooter.shoot(wizard, "01-wizard-intro")
    wizard.next()
    page = wizard.organisation_page.fields
    page.name_edit.setText("UBND phường Gia Thụy")
    page.parent_edit.setText("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI")
    shooter.shoot(wizard, "02-wizard-organisation")
    page.abbreviation_edit.setText("UBND")
    page.place_edit.setText("Gia Thụy")
    wizard.next()
    admin = wizard.admin_page
    admin.full_name_edit.setText("Nguyễn Văn An")
    admin.login_edit.setText("quantri")
    admin.password_edit.setText("123")
    admin.password2_edit.setText("123")
    wizard.validateCurrentPage()
    shooter.shoot(wizard, "03-wizard-admin-short-password")
    wizard.reject()


def shoot_sign_in(shooter: Shooter, space: Space) -> None:
    """The sign-in dialog, empty and after a wrong password."""
    dialog = SignInDialog(space, hint="Dữ liệu mẫu: tài khoản vanthu, chutich, quantri…")
    shooter.shoot(dialog, "04-sign-in")
    dialog.login_edit.setText("vanthu")
    dialog.password_edit.setText("sai")
    dialog.sign_in_button.click()
    pump(1500)
    shooter.shoot(dialog, "05-sign-in-wrong-password")
    dialog.reject()


def window_for(space: Space, login: str, password: str) -> MainWindow:
    """A main window signed in as `login`."""
    space.sign_out()
    space.sign_in(login, password)
    window = build_main_window(space, AppEvents())
    window.resize(WIDTH, HEIGHT)
    return window


def shoot_menus(shooter: Shooter, window: MainWindow) -> None:
    """The "Hệ thống" and "Xem" menus, opened."""
    bar = window.menuBar()
    assert bar is not None
    for n, name in ((0, "13-menu-system"), (1, "14-menu-view")):
        menu = bar.actions()[n].menu()
        assert menu is not None
        menu.popup(window.mapToGlobal(bar.actionGeometry(bar.actions()[n]).bottomLeft()))
        if n == 1 and window.go_menu is not None:
            pump()
            window.go_menu.popup(menu.mapToGlobal(menu.rect().topRight()))
            pump()
            shooter.shoot(window.go_menu, "15-menu-go-to-list")
        shooter.shoot(menu, name)
        menu.hide()


def shoot_main(shooter: Shooter, space: Space, password: str) -> None:
    """The clerk's, the leader's and the admin's windows, and the dialogs they open."""
    window = window_for(space, "vanthu", password)
    shooter.shoot(window, "10-clerk-queue", size=(WIDTH, HEIGHT))
    window.show_entry(Box.ALL)
    shooter.shoot(window, "11-clerk-register-book", size=(WIDTH, HEIGHT))
    shoot_menus(shooter, window)
    dialog = ChangePasswordDialog(space, window)
    shoot_dialog(shooter, dialog, "12-change-password")
    window.close()

    window = window_for(space, "chutich", password)
    shooter.shoot(window, "20-leader-to-direct", size=(WIDTH, HEIGHT))
    window.close()

    window = window_for(space, "quantri", password)
    window.show_entry(ADMIN_KEY)
    page = window.current_page()
    assert isinstance(page, DirectoryPage)
    tabs = page.tabs
    for i, name in enumerate(("organisation", "units", "users", "registers")):
        tabs.setCurrentIndex(i)
        shooter.shoot(window, f"3{i}-admin-{name}", size=(WIDTH, HEIGHT))
    first = page.users_widget.model.row_at(0)
    unit_list = space.directory.units(include_inactive=True)
    shoot_dialog(shooter, UserDialog(space, AppEvents(), unit_list, None, window), "34-user-new")
    shoot_dialog(
        shooter, UserDialog(space, AppEvents(), unit_list, first.user, window), "35-user-edit"
    )
    shoot_dialog(shooter, UnitDialog(space, AppEvents(), unit_list[0], window), "36-unit-edit")
    shoot_dialog(shooter, ResetPasswordDialog(space, first.user, window), "37-reset-password")
    window.close()


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and shoot every screen."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", type=Path, required=True, help="demo space folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(["screenshots"])  # kept alive until the end
    QCoreApplication.setOrganizationName("ward-office-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(args.out))
    ops.set_inline(True)
    shooter = Shooter(args.out)
    shoot_wizard(shooter)
    space, password = demo_space(args.space)
    try:
        shoot_sign_in(shooter, space)
        shoot_main(shooter, space, password)
    finally:
        ops.wait_all()
        space.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
