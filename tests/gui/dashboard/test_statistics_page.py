"""The "Thống kê" page: the table and the chart of the chosen report, the outgoing tables,
exports through the buttons, and clear messages when the user may not see it or the dates
are reversed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QFileDialog

from app.services.statistics_dto import GroupBy, OutgoingGroup, ReportKind
from app.timeutil import FixedClock
from app.ui_support.events import AppEvents
from app.views.statistics import StatisticsPage
from tests.conftest import MemoryKeyring, Ward, make_ward
from tests.unit.services.statistics_support import actor, populate


@pytest.fixture
def busy(tmp_path: Path, clock: FixedClock, memory_keyring: MemoryKeyring) -> Iterator[Ward]:
    """The busy ward of the statistics tests, on Friday 20/11/2026."""
    w = make_ward(tmp_path / "space", clock, memory_keyring)
    populate(w)
    yield w
    w.space.close()


def page_for(qtbot: QtBot, w: Ward, events: AppEvents, login: str) -> StatisticsPage:
    actor(w.space)(login)
    page = StatisticsPage(w.space, events)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_table_and_chart_of_this_months_documents(
    qtbot: QtBot, busy: Ward, events: AppEvents, qtmodeltester: ModelTester
) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    assert page.periods.period().label == "Tháng 11/2026"  # this month by default
    assert page.model.texts() == [  # units in Vietnamese order, the unassigned last
        ["Địa chính - Xây dựng", "1", "0", "0", "1", "0", "0", "0,0%"],
        ["Văn phòng - Thống kê", "3", "1", "0", "1", "1", "0", "50,0%"],
        ["Chưa phân công", "2", "0", "0", "0", "0", "2", "–"],
        ["Tổng cộng", "6", "1", "0", "2", "1", "2", "33,3%"],
    ]
    assert "Tỷ lệ đúng hạn: 33,3%" in page.summary.text()
    bars = dict(page.chart.bar_values())
    assert sum(bars["Đúng hạn"]) == 1
    assert sum(bars["Quá hạn"]) == 2
    qtmodeltester.check(page.model)


def test_grouping_by_person_and_the_tasks(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    page.set_choice(ReportKind.TASKS, "month", GroupBy.PERSON)
    rows = {row[0]: row for row in page.model.texts()}
    assert rows["Lê Văn Ba"][1:5] == ["3", "2", "0", "1"]  # T5 and T6 on time, T1 overdue
    assert rows["Giao cho đơn vị"][1] == "1"
    assert rows["Tổng cộng"][1] == "6"


def test_the_outgoing_tables(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "vanthu")
    page.set_choice(ReportKind.OUTGOING, "year", OutgoingGroup.STEP)
    assert page.group.count() == len(OutgoingGroup)
    texts = page.model.texts()
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Bước đang giải quyết"
    assert ["Chờ ký số", "1"] in texts
    assert ["Đã ký, chờ cấp số và ban hành", "1"] in texts
    assert texts[-1] == ["Tổng cộng", "2"]
    assert "đã ban hành 1 văn bản" in page.summary.text()
    page.set_choice(ReportKind.INCOMING, "year", GroupBy.MONTH)
    assert page.group.count() == len(GroupBy)
    assert len(page.model.texts()) == 13  # twelve months and the total


def test_export_docx_and_xlsx(
    qtbot: QtBot, busy: Ward, events: AppEvents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    asked: list[str] = []

    def save_as(target: Path) -> None:
        def answer(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
            asked.append(suggested)
            return str(target), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)

    save_as(tmp_path / "bao-cao")  # no suffix typed: ".docx" is added
    with qtbot.waitSignal(page.exported, timeout=20000) as blocker:
        qtbot.mouseClick(page.docx_button, Qt.MouseButton.LeftButton)
    written = blocker.args[0]
    assert written == tmp_path / "bao-cao.docx"
    assert asked[-1].endswith("bao-cao-van-ban-den-2026-11.docx")
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "Tình hình giải quyết văn bản đến" in text
    assert "Đã xuất báo cáo" in page.status.text()

    save_as(tmp_path / "so-lieu.xlsx")
    with qtbot.waitSignal(page.exported, timeout=20000):
        qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    book = load_workbook(tmp_path / "so-lieu.xlsx")
    assert "Theo đơn vị" in book.sheetnames


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: QtBot, busy: Ward, events: AppEvents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    with qtbot.assertNotEmitted(page.exported):
        qtbot.mouseClick(page.docx_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.docx")) == []


def test_an_official_gets_a_clear_message(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "canbo")
    assert "không có quyền" in page.status.text()
    assert page.model.rowCount() == 0
    assert not page.docx_button.isEnabled()
    assert not page.xlsx_button.isEnabled()


def test_reversed_dates_get_a_clear_message(qtbot: QtBot, busy: Ward, events: AppEvents) -> None:
    page = page_for(qtbot, busy, events, "chutich")
    page.periods.set_mode("range")
    page.periods.set_range(dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    page.refresh()
    assert "trước ngày bắt đầu" in page.status.text()
    assert not page.docx_button.isEnabled()
    page.periods.set_range(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    page.refresh()
    assert page.model.texts()[-1][0] == "Tổng cộng"
    assert page.docx_button.isEnabled()
