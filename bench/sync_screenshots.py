"""Screenshots of the sync screens at 1366×768: the status bar's states, the status dialog, the
settings dialog and the admin's "Máy tính" tab, for review.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/sync_screenshots.py \
        --space DEMO --out SHOTS [--server /mnt/vanban-chung]

The demo ward is created at --space when it does not exist yet and syncs through the folder
--server (by default beside --space; its path shows in the pictures). Settings go to --out,
never to the user's profile.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PyQt6.QtGui import QGuiApplication, QPainter, QPixmap  # noqa: E402

from app.services.demo import DEMO_PASSWORD, create_demo_space  # noqa: E402
from app.services.incoming_dto import Box, IncomingDraft  # noqa: E402
from app.services.join import join_space  # noqa: E402
from app.services.space import Space, is_space, open_space  # noqa: E402
from app.services.sync_settings import Progress  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.ui_support.events import AppEvents  # noqa: E402
from app.views.admin import DirectoryPage  # noqa: E402
from app.views.app_main import build_main_window, make_application  # noqa: E402
from app.views.incoming.pages import IncomingPage  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from app.views.navigation import ADMIN_KEY  # noqa: E402
from app.views.sync.settings_dialog import SyncSettingsDialog  # noqa: E402
from app.views.sync.status_dialog import SyncStatusDialog  # noqa: E402
from bench.screenshots import HEIGHT, WIDTH, Shooter, pump  # noqa: E402


def synced_space(root: Path, server: Path) -> Space:
    """The demo ward at `root`, syncing with the folder `server`."""
    if not is_space(root):
        print(f"creating the demo space in {root} …", flush=True)
        create_demo_space(root).close()
    space = open_space(root)
    if not space.target_url:
        server.mkdir(parents=True, exist_ok=True)
        space.sign_in("quantri", DEMO_PASSWORD)
        result = space.set_target(server.as_uri())
        assert result.ok, result.problems
        space.sync.sync_once()
    return space


def screen(shooter: Shooter, name: str) -> None:
    """The whole screen (a dialog over the window)."""
    pump(400)
    shot = QGuiApplication.primaryScreen()
    assert shot is not None
    path = shooter.out / f"{name}.png"
    shot.grabWindow(0).save(str(path))
    shooter.saved.append(path)
    print(path, flush=True)


def status_strips(
    window: MainWindow, states: list[tuple[str, QPixmap]], name: str, out: Path
) -> None:
    """The status bar in each state, one strip under the other, in one PNG."""
    width = max(p.width() for _n, p in states)
    height = sum(p.height() + 2 for _n, p in states)
    sheet = QPixmap(width, height)
    sheet.fill(window.palette().dark().color())
    painter = QPainter(sheet)
    y = 0
    for _name, pixmap in states:
        painter.drawPixmap(0, y, pixmap)
        y += pixmap.height() + 2
    painter.end()
    sheet.save(str(out / f"{name}.png"))
    print(out / f"{name}.png", flush=True)


def register_offline(space: Space, events: AppEvents, window: MainWindow) -> None:
    """The clerk registers a document while the share is unplugged: it waits for its number."""
    from reportlab.pdfgen import canvas

    pdf = Path(tempfile.mkdtemp()) / "cong-van-ngoai-tuyen.pdf"
    page = canvas.Canvas(str(pdf))
    page.drawString(72, 720, "Cong van 88/UBND-VP")
    page.save()
    doc = space.incoming.queue_file(pdf)
    today = space.clock.now().date()
    draft = IncomingDraft(
        code_number="88",
        code_notation="UBND-VP",
        document_date=today,
        issuing_agency="UBND quận Long Biên",
        doc_type="Công văn",
        summary="Về việc kiểm tra công tác văn thư, lưu trữ năm 2026",
    )
    result = space.incoming.register(doc, draft, allow_duplicate=True)
    events.emit_changed(result.changes)
    page = window.current_page()
    assert isinstance(page, IncomingPage)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # newest arrivals first
    page.select_id(result.id)
    pump(1200)


def show_state(window: MainWindow, **fields: object) -> None:
    """Put the controller in a made-up state (progress, problems) for the picture."""
    sync = window.sync
    for key, value in fields.items():
        setattr(sync, key, value)
    sync.state_changed.emit()
    pump(150)


def shoot_status(shooter: Shooter, space: Space, out: Path) -> None:
    """The status bar's states and the status dialog, as the clerk sees them."""
    space.sign_out()
    space.sign_in("vanthu", DEMO_PASSWORD)
    events = AppEvents()
    window = build_main_window(space, events)
    window.resize(WIDTH, HEIGHT)
    window.move(0, 0)
    window.show()
    window.show_entry(Box.ALL)
    pump(1500)
    bar = window.statusBar()
    assert bar is not None
    strips: list[tuple[str, QPixmap]] = [("synced", bar.grab())]
    shooter.shoot(window, "sync-window-synced", size=(WIDTH, HEIGHT))
    sync = window.sync
    server = Path(space.target_url.removeprefix("file://"))
    unplugged = server.with_name(server.name + "-unplugged")
    server.rename(unplugged)
    try:
        register_offline(space, events, window)
        sync.sync_now()
        pump(500)
        offline = bar.grab()
        shooter.shoot(window, "sync-window-offline", size=(WIDTH, HEIGHT))
        dialog = SyncStatusDialog(sync, space, window)
        dialog.show()
        screen(shooter, "sync-status")
        dialog.reject()
    finally:
        unplugged.rename(server)
    sync.sync_now()
    pump(500)
    sync.stop()  # no more rounds: the states below are made up for the pictures
    sync.running = True
    sync._latest = Progress("pull", 120, 500)  # a made-up round
    show_state(window)
    strips += [("syncing", bar.grab()), ("offline", offline)]
    sync.running = False
    sync._latest = None
    assert sync.status is not None
    problem = "Đoạn nhật ký ops/7f3a…/000000000012 trên máy chủ bị hỏng (sai mã băm); đã bỏ qua."
    status = dataclasses.replace(sync.status, problems=[problem], quarantined=1)
    show_state(window, status=status)
    strips.append(("attention", bar.grab()))
    dialog = SyncStatusDialog(sync, space, window)
    dialog.show()
    screen(shooter, "sync-status-attention")
    dialog.reject()
    status_strips(window, strips, "sync-status-bar", out)
    window.close()


def shoot_settings(shooter: Shooter, space: Space) -> None:
    """The settings dialog: a refused folder, a checked one, the S3 page."""
    window = build_main_window(space, AppEvents())
    window.resize(WIDTH, HEIGHT)
    window.move(0, 0)
    window.show()
    pump(800)
    dialog = SyncSettingsDialog(space, window)
    dialog.show()
    server = Path(space.target_url.removeprefix("file://"))
    dialog.folder_edit.setText(str(server.with_name("khong-co-thu-muc-nay")))
    dialog.check_button.click()
    screen(shooter, "sync-settings-refused")
    dialog.folder_edit.setText(space.target_url.removeprefix("file://"))
    dialog.check_button.click()
    screen(shooter, "sync-settings")
    dialog.s3_radio.click()
    dialog.endpoint_edit.setText("http://192.168.1.10:8333")
    dialog.bucket_edit.setText("vanban")
    dialog.prefix_edit.setText("giathuy")
    dialog.access_edit.setText("giathuy-pc")
    dialog.secret_edit.setText("secret-secret")
    screen(shooter, "sync-settings-s3")
    dialog.reject()
    window.close()


def join_pcs(space: Space) -> None:
    """Two more PCs: the accountant's, approved, and an old laptop, approved then revoked."""
    if len(space.sync.devices()) > 1:
        return
    base = Path(tempfile.mkdtemp())
    for name, login in (("PC-KETOAN", "kt.mai"), ("LAPTOP-CU", "vp.ha")):
        joined = join_space(base / name, space.target_url, login, DEMO_PASSWORD, label=name)
        device = space.sync.approve(joined.code)
        joined.space.close()
        if name == "LAPTOP-CU":
            space.sync.revoke(device.id, "Máy bị hỏng, đã thanh lý")
    space.sync.sync_once()


def shoot_devices(shooter: Shooter, space: Space) -> None:
    """The admin's "Máy tính" tab."""
    space.sign_out()
    space.sign_in("quantri", DEMO_PASSWORD)
    join_pcs(space)
    window = build_main_window(space, AppEvents())
    window.resize(WIDTH, HEIGHT)
    window.show_entry(ADMIN_KEY)
    page = window.current_page()
    assert isinstance(page, DirectoryPage)
    page.tabs.setCurrentWidget(page.devices_widget)
    shooter.shoot(window, "sync-devices", size=(WIDTH, HEIGHT))
    window.close()


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and shoot the sync screens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", type=Path, required=True, help="demo space folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    parser.add_argument("--server", type=Path, help="the shared folder (default: beside --space)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(["sync-screenshots"])
    QCoreApplication.setOrganizationName("ward-office-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(args.out))
    ops.set_inline(True)
    shooter = Shooter(args.out)
    server = args.server or args.space.with_name(args.space.name + "-server")
    space = synced_space(args.space, server.absolute())
    try:
        shoot_status(shooter, space, args.out)
        shoot_settings(shooter, space)
        shoot_devices(shooter, space)
    finally:
        ops.wait_all()
        space.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
