"""The background sync controller: others' work appears without a restart, rounds follow local
work but not their own broadcasts, an unplugged share is retried less and less often."""

from __future__ import annotations

from pathlib import Path

from app.services.changes import Changes
from app.services.incoming_dto import Box
from app.services.space import Space
from app.sync.target import TargetError
from app.ui_support import ops
from app.ui_support.events import AppEvents
from app.views.app_main import build_main_window
from app.views.incoming.pages import IncomingPage
from app.views.sync.controller import SyncController
from app.views.sync.status_widget import SyncStatusWidget
from tests.gui.incoming.helpers import make_pdf, register_pdf
from tests.gui.sync.conftest import server_folder
from tests.sync.conftest import Office


def register_on(space: Space, tmp_path: Path, tag: str) -> str:
    """A document registered on another PC, which then syncs."""
    doc = register_pdf(space, make_pdf(tmp_path / f"{tag}.pdf", tag), code_number=tag).id
    space.sync.sync_once()
    return doc


def test_another_pcs_new_document_appears_in_the_open_list(
    qtbot, folder_office: Office, events: AppEvents, tmp_path: Path
) -> None:
    ops.set_inline(False)  # real threads: the round runs on the writer thread
    pc1 = folder_office.join("pc1", "vanthu")
    genesis = folder_office.ward.as_user("vanthu")
    window = build_main_window(genesis, events)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: Box.ALL in window.navigation.entry_keys(), timeout=5000)
    window.show_entry(Box.ALL)
    page = window.current_page()
    assert isinstance(page, IncomingPage)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Đã đồng bộ lúc"), timeout=5000)
    assert page.model.total == 0

    doc = register_on(pc1, tmp_path, "77")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=10000)
    assert page.model.row_at(0).id == doc
    assert page.model.index(0, 0).data() == "1"  # numbered on the target by pc1
    qtbot.waitUntil(lambda: window.navigation.entry_text(Box.ALL) == "Sổ văn bản đến (1)")

    window.close()  # waits for a round under way
    assert window.sync.next_delay_ms == -1  # no more rounds planned
    writer, _readers = ops._pools()
    assert writer.activeThreadCount() == 0


def test_rounds_follow_local_work_but_not_their_own_broadcasts(
    qtbot, folder_office: Office, events: AppEvents, tmp_path: Path
) -> None:
    pc1 = folder_office.join("pc1", "vanthu")
    genesis = folder_office.genesis
    controller = SyncController(
        genesis, events, local_interval_ms=60_000, remote_interval_ms=60_000
    )
    heard: list[tuple[Changes, object]] = []
    events.changed.connect(lambda changes, who: heard.append((changes, who)))
    doc = register_on(pc1, tmp_path, "12")
    with qtbot.waitSignal(controller.round_finished, timeout=5000):
        controller.start()  # inline: the first round runs at once
    assert heard
    assert heard[-1][1] is controller
    assert doc in heard[-1][0].incoming
    assert controller.next_delay_ms > 30_000  # its own broadcast started no round
    events.emit_changed(Changes(incoming=frozenset({doc})), object())  # a local command
    assert 0 <= controller.next_delay_ms <= 250  # AFTER_CHANGE_MS, a coarse timer
    controller.stop()
    assert controller.next_delay_ms == -1


def test_a_local_folder_is_synced_every_second(
    qtbot, folder_office: Office, events: AppEvents
) -> None:
    controller = SyncController(folder_office.genesis, events)
    controller.start()
    assert 0 < controller.next_delay_ms <= 1100  # a coarse timer may run 5 % late
    controller.stop()


def test_unplugged_share_backs_off_and_recovers(
    qtbot, folder_office: Office, events: AppEvents, tmp_path: Path
) -> None:
    folder_office.join("pc1", "vanthu")  # a peer to read from: an idle round reads the share
    genesis = folder_office.genesis
    controller = SyncController(genesis, events, backoff_ms=(5_000, 60_000))
    widget = SyncStatusWidget(controller, genesis)
    qtbot.addWidget(widget)
    controller.start()
    assert widget.text().startswith("Đã đồng bộ lúc")
    server = server_folder(folder_office)
    unplugged = tmp_path / "unplugged"
    server.rename(unplugged)
    controller.sync_now()
    assert controller.status is not None
    assert controller.status.offline_since is not None
    assert widget.text().startswith("Ngoại tuyến từ ")
    assert widget.toolTip().strip()  # the reason
    assert not widget.warning  # offline is not a fault
    assert 4_000 < controller.next_delay_ms <= 5_250
    controller.sync_now()
    assert 9_000 < controller.next_delay_ms <= 10_500
    for _ in range(5):
        controller.sync_now()
    assert 50_000 < controller.next_delay_ms <= 63_000
    unplugged.rename(server)
    controller.sync_now()
    assert widget.text().startswith("Đã đồng bộ lúc")
    assert 0 < controller.next_delay_ms <= 1_100
    controller.stop()


def test_a_pc_working_alone_plans_no_rounds(qtbot, live_ward, events: AppEvents) -> None:
    controller = SyncController(live_ward.space, events)
    widget = SyncStatusWidget(controller, live_ward.space)
    qtbot.addWidget(widget)
    controller.start()
    assert widget.text() == "Đồng bộ: chưa cấu hình — làm việc trên máy này"
    assert controller.next_delay_ms == -1
    events.emit_changed(Changes(directory=True), object())
    assert controller.next_delay_ms == -1
    controller.stop()


def test_a_target_that_cannot_be_opened_needs_attention(
    qtbot, folder_office: Office, events: AppEvents, monkeypatch
) -> None:
    genesis = folder_office.genesis
    message = "Chưa có khóa truy cập cho máy chủ đồng bộ s3://vanban/giathuy."

    def no_keys() -> None:
        raise TargetError(message)

    monkeypatch.setattr(genesis, "target", no_keys)
    controller = SyncController(genesis, events, backoff_ms=(5_000, 60_000))
    widget = SyncStatusWidget(controller, genesis)
    qtbot.addWidget(widget)
    controller.start()
    assert widget.text() == "Cần chú ý (1)"
    assert widget.warning
    assert message in widget.toolTip()
    assert 4_000 < controller.next_delay_ms <= 5_250  # tried again later
    controller.stop()
