"""The status bar's sync entry says what state sync is in; a click opens the details."""

from __future__ import annotations

import datetime as dt

import pytest

from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtWidgets import QApplication

from app.services.sync import SyncStatus
from app.services.sync_settings import Progress
from app.views.sync.settings_dialog import SyncSettingsDialog
from app.views.sync.status_dialog import SyncStatusDialog
from app.views.sync.status_widget import SyncStatusWidget
from app.views.sync.texts import WARNING_COLOUR
from tests.conftest import NOW, Ward

MINUTE = dt.timedelta(minutes=1)


class FakeController(QObject):
    """What the widget reads from a SyncController, set by the test."""

    state_changed = pyqtSignal()

    def __init__(self) -> None:
        super().__init__()
        self.status: SyncStatus | None = None
        self.progress: Progress | None = None
        self.failure = ""
        self.running = False
        self.rounds = 0

    def show(self, status: SyncStatus | None, progress: Progress | None = None, failure: str = ""):
        self.status, self.progress, self.failure = status, progress, failure
        self.running = progress is not None
        self.state_changed.emit()

    def sync_now(self) -> None:
        self.rounds += 1

    def reconfigure(self) -> None:
        self.rounds += 1


def a_status(**changes: object) -> SyncStatus:
    values: dict[str, object] = {
        "configured": True,
        "target": "file:///srv/vanban",
        "last_ok": NOW - 5 * MINUTE,  # 09:25 in Hà Nội
        "offline_since": None,
        "offline_reason": "",
        "unpushed": 0,
        "waiting_numbers": 0,
        "problems": [],
        "quarantined": 0,
        "conflicts": 0,
    }
    values.update(changes)
    return SyncStatus(**values)  # type: ignore[arg-type]  # test data


@pytest.fixture
def widget(qtbot, ward: Ward) -> tuple[SyncStatusWidget, FakeController]:
    controller = FakeController()
    w = SyncStatusWidget(controller, ward.space)  # type: ignore[arg-type]  # a stand-in
    qtbot.addWidget(w)
    w.show()
    return w, controller


def test_not_configured(widget):
    w, c = widget
    c.show(None)
    assert w.text() == "Đồng bộ: chưa cấu hình — làm việc trên máy này"
    c.show(a_status(configured=False))
    assert w.text() == "Đồng bộ: chưa cấu hình — làm việc trên máy này"
    assert not w.warning


def test_synced_today_shows_the_time_and_an_older_sync_the_date(widget):
    w, c = widget
    c.show(a_status())
    assert w.text() == "Đã đồng bộ lúc 09:25"
    assert "file:///srv/vanban" in w.toolTip()
    c.show(a_status(last_ok=dt.datetime(2026, 11, 19, 9, 0, tzinfo=dt.UTC)))
    assert w.text() == "Đã đồng bộ lúc 16:00 19/11/2026"


def test_syncing_shows_the_counts(widget):
    w, c = widget
    c.show(a_status(), Progress("pull", 120, 500))
    assert w.text() == "Đang đồng bộ… 120/500"
    assert "Đang nhận dữ liệu" in w.toolTip()
    c.show(a_status(), Progress("push"))
    assert w.text() == "Đang đồng bộ…"


def test_offline_since_with_the_reason_as_tooltip(widget):
    w, c = widget
    reason = "Không kết nối được thư mục chung."
    c.show(a_status(offline_since=NOW - 60 * MINUTE, offline_reason=reason))
    assert w.text() == "Ngoại tuyến từ 08:30 20/11/2026"
    assert reason in w.toolTip()
    assert not w.warning


def test_needs_attention_in_the_warning_colour(widget):
    w, c = widget
    c.show(a_status(problems=["Chữ ký của thao tác không hợp lệ."], quarantined=2))
    assert w.text() == "Cần chú ý (3)"
    assert w.warning
    assert WARNING_COLOUR in w.styleSheet()
    c.show(a_status())
    assert not w.warning
    assert w.styleSheet() == ""


def test_a_refused_round_needs_attention_even_when_it_was_offline(widget):
    w, c = widget
    clock = "Đồng hồ máy này chậm 2 giờ so với máy chủ đồng bộ."
    c.show(a_status(offline_since=NOW, offline_reason=clock), failure=clock)
    assert w.text() == "Cần chú ý (1)"
    assert clock in w.toolTip()


def test_waiting_work_is_counted(widget):
    w, c = widget
    c.show(a_status(unpushed=3, waiting_numbers=1))
    assert w.text() == "Đã đồng bộ lúc 09:25 · chờ gửi 3 · chờ cấp số 1"
    c.show(a_status(offline_since=NOW, offline_reason="x", waiting_numbers=2))
    assert w.text() == "Ngoại tuyến từ 09:30 20/11/2026 · chờ cấp số 2"


def _dialog() -> SyncStatusDialog:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, SyncStatusDialog)]
    assert found
    return found[-1]


def test_click_opens_the_details_with_problems_and_sync_now(qtbot, widget):
    w, c = widget
    c.show(a_status(unpushed=4, problems=["Thao tác của máy X bị từ chối."]))
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)
    dialog = _dialog()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.values["target"].text() == "file:///srv/vanban"
    assert dialog.values["last_ok"].text() == "20/11/2026 09:25"
    assert dialog.values["unpushed"].text() == "4 thao tác"
    items = [dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())]
    assert items == ["Thao tác của máy X bị từ chối."]
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    assert c.rounds == 1
    c.show(a_status(), Progress("pull", 3, 10))  # the dialog follows the controller
    assert dialog.values["running"].text() == "Đang nhận dữ liệu từ các máy khác 3/10"
    assert not dialog.sync_button.isEnabled()
    qtbot.mouseClick(dialog.settings_button, Qt.MouseButton.LeftButton)
    settings = dialog.findChild(SyncSettingsDialog)
    assert settings is not None
    assert settings.isVisible()
    settings.reject()
    dialog.reject()


def test_details_of_a_pc_working_alone(qtbot, widget):
    w, c = widget
    c.show(None)
    w.open_details()
    dialog = _dialog()
    qtbot.addWidget(dialog)
    assert "Chưa cấu hình" in dialog.values["target"].text()
    assert not dialog.sync_button.isEnabled()
    assert not dialog.problems_list.isVisible()
    dialog.reject()
