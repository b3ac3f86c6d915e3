"""Screenshots of the outgoing screens at 1366×768, for review: the "Văn bản đi" page with an
issued document selected (outgoing.png) and the signing dialog (outgoing-sign.png).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/outgoing_screenshots.py \
        --space DEMO [--out docs/screenshots]

The demo space (with outgoing documents in every state, demo keys and images) is created at
--space when it does not exist yet. Settings go to a temporary folder, never to the user's
profile. Works offscreen too (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QSettings  # noqa: E402

from app.services.outgoing_dto import OutgoingBox  # noqa: E402
from app.services.space import Space  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.ui_support.events import AppEvents  # noqa: E402
from app.views import navigation  # noqa: E402
from app.views.app_main import build_main_window, make_application  # noqa: E402
from app.views.incoming.signature_panel import use_validator  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from app.views.outgoing.detail_pane import FILE_TAB  # noqa: E402
from app.views.outgoing.page import OutgoingPage  # noqa: E402
from app.views.outgoing.sign_dialog import SignDialog  # noqa: E402
from bench.screenshots import HEIGHT, WIDTH, Shooter, demo_space, pump  # noqa: E402


def outgoing_page(window: MainWindow, space: Space, events: AppEvents) -> OutgoingPage:
    """The window's "Văn bản đi" page: its navigation entry once wired, else a page put in."""
    key = getattr(navigation, "OUTGOING_KEY", None)
    if key is not None and window.navigation.select_key(key):
        page = window.current_page()
        assert isinstance(page, OutgoingPage)
        return page
    page = OutgoingPage(space, events)
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    return page


def signed_in_window(space: Space, login: str, password: str) -> tuple[MainWindow, OutgoingPage]:
    """A main window signed in as `login`, on the outgoing page."""
    space.sign_out()
    space.sign_in(login, password)
    events = AppEvents()
    window = build_main_window(space, events)
    window.resize(WIDTH, HEIGHT)
    window.show()
    pump()
    return window, outgoing_page(window, space, events)


def select_first(page: OutgoingPage, box: OutgoingBox) -> None:
    """Open `box` and select its first document."""
    assert page.select_box(box), box
    pump()
    assert page.model.rowCount(), f"{box} is empty"
    assert page.select_id(page.model.row_at(0).id)
    pump(600)


def shoot_issued(shooter: Shooter, space: Space, password: str) -> None:
    """The clerk's register of outgoing documents, the newest issued one on show."""
    window, page = signed_in_window(space, "vanthu", password)
    select_first(page, OutgoingBox.ISSUED)
    page.pane.tabs.setCurrentIndex(FILE_TAB)
    pump(1500)  # the preview and the signature check run in the background
    shooter.shoot(window, "outgoing", size=(WIDTH, HEIGHT))
    window.close()


def shoot_sign(shooter: Shooter, space: Space, password: str) -> None:
    """The chairman's signing dialog, the certificate shown after typing the password."""
    window, page = signed_in_window(space, "chutich", password)
    select_first(page, OutgoingBox.TO_SIGN)
    detail = page.pane.detail
    assert detail is not None
    dialog = SignDialog(space, AppEvents(), detail, window)
    dialog.show()
    pump()
    dialog.secret.setText(password)  # the demo keys share the demo accounts' password
    dialog.check_button.click()
    pump(800)
    shooter.shoot(dialog, "outgoing-sign")
    dialog.secret.clear()
    dialog.reject()
    window.close()


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and shoot the two screens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", type=Path, required=True, help="demo space folder")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(["outgoing-screenshots"])
    QCoreApplication.setOrganizationName("ward-office-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    settings = tempfile.mkdtemp(prefix="ward-office-shots-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    ops.set_inline(True)
    shooter = Shooter(args.out)
    space, password = demo_space(args.space)
    use_validator(space.signing.validate_pdf)  # the space's trust roots, as the app does
    try:
        shoot_issued(shooter, space, password)
        shoot_sign(shooter, space, password)
    finally:
        ops.wait_all()
        space.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
