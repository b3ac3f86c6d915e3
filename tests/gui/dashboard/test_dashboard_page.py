"""The "Tổng quan" page: tiles show the counts, clicking one asks for its list, the lists and
the leader's ward panel are filled, and the page follows changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt

from app.models.enums import AssigneeKind
from app.services.changes import Changes
from app.services.incoming_dto import Box
from app.services.statistics_dto import Tone
from app.timeutil import FixedClock
from app.ui_support.events import AppEvents
from app.views.dashboard import DashboardPage
from app.views.statistics.chart import NEAR_DUE, OVERDUE
from tests.conftest import MemoryKeyring, Ward, make_ward
from tests.unit.services.statistics_support import actor, add_task, populate


@pytest.fixture
def busy(tmp_path: Path, clock: FixedClock, memory_keyring: MemoryKeyring) -> Iterator[Ward]:
    """The busy ward of the statistics tests, on Friday 20/11/2026."""
    w = make_ward(tmp_path / "space", clock, memory_keyring)
    populate(w)
    yield w
    w.space.close()


def page_for(qtbot: QtBot, w: Ward, events: AppEvents, login: str) -> DashboardPage:
    actor(w.space)(login)
    page = DashboardPage(w.space, events)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_clicking_a_tile_asks_for_its_list(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    expected = {
        "incoming.to_direct": Box.TO_DIRECT,
        "incoming.overdue": "overdue",
        "outgoing.to_sign": "outgoing",
        "tasks.overdue": "tasks.overdue",
        "tasks.to_accept": "tasks.by_me",
        "schedule.today": "schedule",
    }
    for name, key in expected.items():
        with qtbot.waitSignal(page.open_list, timeout=1000) as blocker:
            qtbot.mouseClick(page.tiles[name], Qt.MouseButton.LeftButton)
        assert blocker.args == [key], name
    with qtbot.waitSignal(page.open_list, timeout=1000) as blocker:
        qtbot.mouseClick(page.ward.details, Qt.MouseButton.LeftButton)
    assert blocker.args == ["statistics"]


def test_a_tile_opens_from_the_keyboard(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "canbo")
    tile = page.tiles["tasks.mine"]
    tile.setFocus()
    with qtbot.waitSignal(page.open_list, timeout=1000) as blocker:
        qtbot.keyClick(tile, Qt.Key.Key_Space)
    assert blocker.args == ["tasks.mine"]


def test_an_officials_counts_lists_and_colours(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "canbo")
    shown = {name: tile.number.text() for name, tile in page.tiles.items()}
    assert shown == {
        "incoming.pending": "1",
        "incoming.in_progress": "1",
        "incoming.overdue": "1",
        "incoming.due_week": "1",
        "tasks.mine": "2",
        "tasks.due_week": "1",
        "tasks.overdue": "1",
        "schedule.today": "1",
    }
    overdue = page.tiles["incoming.overdue"]
    assert overdue.tile.tone is Tone.DANGER
    assert OVERDUE.name() in overdue.styleSheet()
    assert NEAR_DUE.name() in page.tiles["tasks.due_week"].styleSheet()
    assert "Thứ Sáu, 20/11/2026" in page.day_label.text()
    assert page.schedule.topLevelItemCount() == 1
    entry = page.schedule.topLevelItem(0)
    assert entry is not None
    assert (entry.text(0), entry.text(1)) == ("14:00", "Họp rà soát hồ sơ đất đai")
    reminders = [page.reminders.topLevelItem(i) for i in range(page.reminders.topLevelItemCount())]
    assert [(r.text(0), r.text(2)) for r in reminders if r is not None] == [
        ("Báo cáo dân số quý IV", "Quá hạn"),
        ("Rà soát hộ nghèo", "Sắp đến hạn"),
    ]
    first = reminders[0]
    assert first is not None
    assert first.foreground(2).color() == OVERDUE
    assert page.ward.isHidden()
    with qtbot.waitSignal(page.open_list, timeout=1000) as blocker:
        page.reminders.itemActivated.emit(first, 0)
    assert blocker.args == ["tasks.mine"]


def test_the_leaders_ward_panel(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    assert page.ward.isVisible()
    month = [label.text() for label in page.ward.rows[0]]
    assert month == ["Tháng 11/2026", "6", "1", "33,3%", "1"]
    assert "2 văn bản đến; 2 công việc" in page.ward.overdue.text()
    bars = dict(page.ward.chart.bar_values())
    assert bars["Đúng hạn"][10] == 1  # November
    assert bars["Quá hạn"][10] == 2
    assert len(bars["Trễ hạn"]) == 12


def test_the_page_follows_changes(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "canbo")
    assert page.tiles["tasks.mine"].number.text() == "2"
    add_task(
        busy.space,
        assigned_by=busy.leader,
        primary=(AssigneeKind.USER, busy.official),
        unit_id=busy.unit_vp,
        due=dt.date(2026, 11, 18),
    )
    events.emit_changed(Changes(), None)
    assert page.tiles["tasks.mine"].number.text() == "3"
    assert page.tiles["tasks.overdue"].number.text() == "2"


def test_signed_out_the_page_shows_nothing(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "canbo")
    assert page.tiles
    busy.space.sign_out()
    events.user_changed.emit()
    assert page.tiles == {}
    assert page.schedule.topLevelItemCount() == 0
    assert page.day_label.text() == ""
