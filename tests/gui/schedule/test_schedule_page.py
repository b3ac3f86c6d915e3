"""The weekly schedule through the screens: the clerk adds entries (an overlap is warned about
first) and submits the week, the chairman publishes it and amends an entry; every view shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt, QTime
from PyQt6.QtWidgets import QPushButton, QWidget

from app.models.enums import AssigneeKind
from app.services.incoming_dto import HandlerRef
from app.services.schedule_dto import EntryForm, ExportFormat
from app.ui_support.events import AppEvents
from app.views.incoming.small_dialogs import TextCommandDialog
from app.views.schedule import SchedulePage
from app.views.schedule.entry_dialog import EntryDialog
from app.views.schedule.page import HISTORY_TAB, LEADER_TAB
from app.views.schedule.step_dialogs import CancelEntryDialog, PublishDialog
from tests.conftest import Ward
from tests.sync.conftest import DRAFT, queue_pdf

WEEK = "2026-W48"  # the ward's clock stands on Friday 20/11/2026
GIAO_BAN = "Giao ban công tác tuần của Thường trực UBND phường"

TypeText = Callable[[QWidget, str], None]


def click(qtbot: QtBot, widget: QPushButton | QWidget) -> None:
    assert widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt


def open_page(qtbot: QtBot, ward: Ward, events: AppEvents, login: str) -> SchedulePage:
    ward.as_user(login)
    page = SchedulePage(ward.space, events)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.show_week(WEEK)
    return page


def fill(
    dialog: EntryDialog,
    type_text: TypeText,
    *,
    day: str,
    start: QTime,
    end: QTime | None,
    content: str,
    location: str,
) -> None:
    dialog.day.line_edit.setText(day)
    dialog.start.setTime(start)
    dialog.has_end.setChecked(end is not None)
    if end is not None:
        dialog.end.setTime(end)
    type_text(dialog.content.editor, content)
    dialog.location.setText(location)


def switch_user(ward: Ward, events: AppEvents, login: str) -> None:
    ward.as_user(login)
    events.user_changed.emit()


def test_add_submit_publish_and_amend_through_the_screens(
    qtbot: QtBot, ward: Ward, events: AppEvents, type_text: TypeText, tmp_path: Path
) -> None:
    page = open_page(qtbot, ward, events, "vanthu")
    assert page.week_label.text() == "Tuần 48 (23/11/2026 – 29/11/2026)"
    assert page.state_badge.text() == "Dự thảo"
    assert page.info.text() == "Tuần này chưa có lịch."
    assert page.buttons["add"].isVisible()
    assert not page.buttons["submit"].isVisible()
    assert not page.export_button.isEnabled()

    # -- the clerk adds the Monday meeting
    click(qtbot, page.buttons["add"])
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    assert dialog.windowTitle() == "Thêm lịch"
    assert dialog.chair.currentText() == "Trần Văn Nam — Chủ tịch"
    fill(
        dialog,
        type_text,
        day="23/11/2026",
        start=QTime(8, 0),
        end=QTime(10, 0),
        content=GIAO_BAN,
        location="Phòng họp số 1",
    )
    assert dialog.session.currentText() == "Sáng"
    dialog.participants.check(HandlerRef(AssigneeKind.UNIT, ward.unit_vp))
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    assert [c.entry.content for c in page.grid.cards.values()] == [GIAO_BAN]
    card = next(iter(page.grid.cards.values()))
    assert "08:00–10:00" in card.label.text()
    assert "Chủ trì: Chủ tịch Trần Văn Nam" in card.label.text()

    # -- a second meeting at an overlapping time: warned first, saved when confirmed
    click(qtbot, page.buttons["add"])
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    fill(
        dialog,
        type_text,
        day="23/11/2026",
        start=QTime(9, 30),
        end=None,
        content="Tiếp đoàn công tác của Sở Xây dựng",
        location="Hội trường",
    )
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.warnings.isVisible()
    assert "Chủ tịch Trần Văn Nam đã có lịch 08:00–10:00 ngày 23/11/2026" in dialog.warnings.text()
    assert dialog.ok_button.text() == "Vẫn lưu"
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    assert len(page.grid.cards) == 2

    # -- and submits the week
    assert page.buttons["submit"].isVisible()
    click(qtbot, page.buttons["submit"])
    submit = page.dialog
    assert isinstance(submit, TextCommandDialog)
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, submit.ok_button)
    assert page.state_badge.text() == "Chờ duyệt"

    # -- the chairman publishes it
    switch_user(ward, events, "chutich")
    assert page.buttons["publish"].isVisible()
    assert page.buttons["return"].isVisible()
    click(qtbot, page.buttons["publish"])
    publish = page.dialog
    assert isinstance(publish, PublishDialog)
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, publish.ok_button)
    assert page.state_badge.text() == "Đã ban hành"
    assert page.version_label.text() == "Phiên bản 1"
    assert page.info.text().startswith("Ban hành lúc 20/11/2026 09:30 — Chủ tịch Trần Văn Nam")
    assert page.buttons["add"].text() == "Bổ sung lịch"

    # -- then moves the first meeting to the Hội trường: an amendment, marked everywhere
    first = next(c for c in page.grid.cards.values() if c.entry.content == GIAO_BAN)
    click(qtbot, first)
    assert page.buttons["edit"].text() == "Điều chỉnh"
    click(qtbot, page.buttons["edit"])
    amend = page.dialog
    assert isinstance(amend, EntryDialog)
    assert amend.windowTitle() == "Điều chỉnh lịch đã ban hành"
    assert amend.content.text() == GIAO_BAN
    amend.location.setText("Phòng họp số 2")
    click(qtbot, amend.ok_button)  # the 09:30 visit still overlaps: warned again
    assert amend.ok_button.text() == "Vẫn lưu"
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, amend.ok_button)
    assert page.version_label.text() == "Phiên bản 2"
    moved = next(c for c in page.grid.cards.values() if c.entry.content == GIAO_BAN)
    assert "(Điều chỉnh 09:30 20/11)" in moved.label.text()
    assert "Tại: Phòng họp số 2" in moved.label.text()
    page.tabs.setCurrentIndex(HISTORY_TAB)
    last = page.history.row_texts()[-1]
    assert last[1:3] == ("Trần Văn Nam", "Điều chỉnh lịch")
    assert "Địa điểm: Phòng họp số 1 → Phòng họp số 2" in last[3]
    page.tabs.setCurrentIndex(LEADER_TAB)
    assert page.leaders.horizontalHeaderItem(0).text() == "Chủ tịch Trần Văn Nam"  # type: ignore[union-attr]
    assert GIAO_BAN in page.leaders.cell_text(0, 0)

    # -- and puts the week on the portal
    out = tmp_path / "lich.html"
    page.actions_helper.export_to(ExportFormat.HTML, out)
    text = out.read_text(encoding="utf-8")
    assert "LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY" in text
    assert "(Điều chỉnh 09:30 20/11/2026)" in text
    assert page.status.text() == f"Đã xuất lịch ra {out}."


def test_reversed_times_keep_the_dialog_open(
    qtbot: QtBot, ward: Ward, events: AppEvents, type_text: TypeText
) -> None:
    page = open_page(qtbot, ward, events, "canbo")
    click(qtbot, page.buttons["add"])
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    fill(
        dialog,
        type_text,
        day="24/11/2026",
        start=QTime(14, 0),
        end=QTime(13, 0),
        content="Họp tổ công tác",
        location="",
    )
    assert dialog.session.currentText() == "Chiều"  # from the start time
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Giờ kết thúc (13:00) phải sau giờ bắt đầu (14:00)."
    assert dialog.content.text() == "Họp tổ công tác"  # nothing typed is lost
    assert page.grid.cards == {}
    dialog.day.line_edit.setText("01/12/2026")  # the next week
    dialog.end.setTime(QTime(16, 0))
    click(qtbot, dialog.ok_button)
    assert "không thuộc Tuần 48" in dialog.error_label.text()
    assert ward.space.schedule.week(WEEK).entries == ()


def test_a_related_document_is_found_and_linked(
    qtbot: QtBot, ward: Ward, events: AppEvents, type_text: TypeText
) -> None:
    clerk = ward.as_user("vanthu")
    doc_id = queue_pdf(clerk, "giaymoi")
    clerk.incoming.register(doc_id, DRAFT)
    page = open_page(qtbot, ward, events, "vanthu")
    click(qtbot, page.buttons["add"])
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    fill(
        dialog,
        type_text,
        day="25/11/2026",
        start=QTime(8, 0),
        end=None,
        content="Triển khai giao chỉ tiêu năm 2027",
        location="Hội trường",
    )
    type_text(dialog.links.search, "giao chi tieu")  # without diacritics
    click(qtbot, dialog.links.search_button)
    assert dialog.links.results.count() == 1
    found = dialog.links.results.item(0)
    assert found is not None
    assert found.text().startswith("Văn bản đến số 1: 15/QĐ-UBND — Về việc giao chỉ tiêu")
    click(qtbot, dialog.links.add_button)
    assert dialog.links.refs() == (f"incoming:{doc_id}",)
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    [card] = page.grid.cards.values()
    assert [link.ref for link in card.entry.links] == [f"incoming:{doc_id}"]
    assert "15/QĐ-UBND" in card.toolTip()


def test_cancelling_a_published_entry_keeps_it_struck_through(
    qtbot: QtBot, ward: Ward, events: AppEvents
) -> None:
    clerk = ward.as_user("vanthu")
    form = EntryForm(
        day=dt.date(2026, 11, 24),
        start_time="08:00",
        content="Kiểm tra công trình xây dựng",
        chair_id=ward.leader,
    )
    clerk.schedule.add_entry(form)
    clerk.schedule.submit(WEEK)
    ward.as_user("chutich").schedule.publish(WEEK)
    page = open_page(qtbot, ward, events, "vanthu")
    assert page.buttons["cancel"].text() == "Hủy lịch"
    assert not page.buttons["cancel"].isEnabled()  # nothing selected yet
    [card] = page.grid.cards.values()
    click(qtbot, card)
    click(qtbot, page.buttons["cancel"])
    dialog = page.dialog
    assert isinstance(dialog, CancelEntryDialog)
    assert not dialog.scope_series.isVisible()  # not a series: nothing to choose
    dialog.reason.set_text("Đoàn kiểm tra lùi lịch.")
    with qtbot.waitSignal(events.changed, timeout=3000):
        click(qtbot, dialog.ok_button)
    [card] = page.grid.cards.values()
    assert card.entry.cancelled
    assert "<s " in card.label.text()
    assert "(Hủy 09:30 20/11)" in card.label.text()
    assert not page.buttons["cancel"].isEnabled()  # a cancelled entry cannot be cancelled again
    assert page.version_label.text() == "Phiên bản 2"
