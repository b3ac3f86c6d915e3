"""Start the GUI: the application object, Qt's Vietnamese texts, the space, sign-in, main window."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import QLibraryInfo, QLocale, QTranslator
from PyQt6.QtWidgets import QApplication, QDialog

from app.errors import UserError
from app.i18n import N_, tr
from app.services.auth import ROLE_LABELS
from app.services.space import Space, default_space_dir, is_space, open_space
from app.ui_support import ops
from app.ui_support.events import AppEvents
from app.views.main_window import MainWindow
from app.views.sign_in_dialog import SignInDialog

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
SETTINGS_NAME = "ward-office"
JOIN_PENDING_HINT = N_(
    "Máy này đang chờ quản trị viên duyệt. Trong lúc chờ, máy vẫn nhận dữ liệu của phường; "
    "việc làm trên máy này được các máy khác chấp nhận sau khi máy được duyệt."
)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with its QSettings names, Vietnamese locale, Qt texts and stylesheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setOrganizationName(SETTINGS_NAME)
    app.setApplicationName(SETTINGS_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    install_qt_translations(app)
    app.setStyleSheet(load_stylesheet())
    return app


def install_qt_translations(app: QApplication) -> bool:
    """Load Qt's own Vietnamese catalogue when it is installed, so Qt's buttons say "Hủy"."""
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(RESOURCES / "qt")]
    for name in ("qtbase_vi", "qt_vi"):
        for folder in folders:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                return True
    return False


def load_stylesheet() -> str:
    """resources/styles/app.qss, or nothing when it is missing."""
    try:
        return (RESOURCES / "styles" / "app.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def build_main_window(space: Space, events: AppEvents) -> MainWindow:
    """The main window for an open space, showing the signed-in user's lists if there is one."""
    window = MainWindow(space, events)
    if space.auth.signed_in:
        window.start_session()
    return window


@dataclass(frozen=True)
class Opened:
    """The space to work on, and what the sign-in dialog suggests (a hint, a login)."""

    space: Space | None
    hint: str = ""
    login: str = ""


def _open_or_create(root: Path) -> Opened:
    """The space at `root`, made or joined with the first-run wizard if there is none."""
    if is_space(root):
        return Opened(open_space(root))
    from app.views.first_run_wizard import FirstRunWizard  # only on the first run (ReportLab)

    wizard = FirstRunWizard(root)
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    space = wizard.space
    if space is None:
        return Opened(None)
    if not accepted:  # (closing the wizard after a join finishes it; this is a safety net)
        ops.wait_all()  # a round of the wait for the approval may still run
        space.close()
        return Opened(None)
    if wizard.joined_login:  # the wizard's last round brought the ward's directory
        hint = "" if wizard.join_approved else tr(JOIN_PENDING_HINT)
        return Opened(space, hint, wizard.joined_login)
    if not wizard.demo_accounts:
        return Opened(space)
    space.sign_out()
    accounts = ", ".join(
        f"{login} ({tr(ROLE_LABELS[role])})" for login, role in wizard.demo_accounts
    )
    hint = tr("Dữ liệu mẫu, mật khẩu {password}. Thử các tài khoản: {accounts}.").format(
        password=wizard.demo_password, accounts=accounts
    )
    return Opened(space, hint)


def run_gui(space_root: Path | None = None) -> int:
    """Run the desktop application on the space at `space_root` (or the default one)."""
    app = make_application()
    try:
        opened = _open_or_create(space_root or default_space_dir())
    except UserError as exc:
        ops.show_error(None, exc)
        return 1
    space = opened.space
    if space is None:
        return 0
    try:
        if not space.auth.signed_in:
            dialog = SignInDialog(space, hint=opened.hint, login=opened.login)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        events = AppEvents()
        window = build_main_window(space, events)
        window.show()
        return app.exec()
    finally:
        ops.wait_all()
        space.close()
