"""A document registered while the share is unreachable shows "Chờ cấp số" until sync numbers it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt

from app.models.enums import Confidentiality, IncomingState, Urgency
from app.services.incoming_dto import Box, IncomingRow
from app.ui_support.events import AppEvents
from app.views.incoming.labels import arrival_text
from app.views.incoming.pages import IncomingPage
from app.views.incoming.register_dialog import RegisterDialog
from app.views.sync.controller import SyncController
from app.views.sync.status_widget import SyncStatusWidget
from tests.gui.incoming.helpers import make_pdf, queue_pdf, type_text
from tests.gui.sync.conftest import server_folder
from tests.sync.conftest import Office

OFFLINE_MESSAGE = "Đã vào sổ; văn bản chờ cấp số đến khi có kết nối với máy chủ đồng bộ."


def fill(qtbot, dialog: RegisterDialog) -> None:
    qtbot.keyClicks(dialog.code_number, "45")
    qtbot.keyClicks(dialog.code_notation, "UBND-VP")
    qtbot.keyClicks(dialog.document_date.line_edit, "18/11/2026")
    type_text(dialog.agency_edit, "UBND quận Long Biên")
    dialog.doc_type.setEditText("")
    line = dialog.doc_type.lineEdit()
    assert line is not None
    type_text(line, "Công văn")
    type_text(dialog.summary.editor, "Về việc tổng vệ sinh môi trường")


def test_offline_registration_waits_for_its_number(
    qtbot, folder_office: Office, events: AppEvents, tmp_path: Path
) -> None:
    pc1 = folder_office.join("pc1", "vanthu")
    server = server_folder(folder_office)
    unplugged = tmp_path / "unplugged"
    server.rename(unplugged)  # the share is gone

    doc = queue_pdf(pc1, make_pdf(tmp_path / "cv.pdf", "cong van 45"))
    dialog = RegisterDialog(pc1, events, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog)
    with qtbot.waitSignal(events.changed, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RegisterDialog.DialogCode.Accepted
    assert dialog.message == OFFLINE_MESSAGE

    page = IncomingPage(pc1, events, Box.ALL)
    qtbot.addWidget(page)
    page.show()
    assert page.model.total == 1
    assert page.model.index(0, 0).data() == "Chờ cấp số"
    assert page.select_id(doc)
    qtbot.waitUntil(lambda: page.pane.doc_id == doc, timeout=3000)
    assert page.pane.title.text().startswith("<b>Chờ cấp số · 45/UBND-VP</b>")
    assert page.pane.value_labels["number"].text() == "Chờ cấp số"

    controller = SyncController(pc1, events)
    widget = SyncStatusWidget(controller, pc1)
    qtbot.addWidget(widget)
    controller.start()  # inline: a round that finds the share gone
    assert widget.text().startswith("Ngoại tuyến từ ")
    assert widget.text().endswith(" · chờ cấp số 1")

    unplugged.rename(server)  # back on the network
    controller.sync_now()
    year = pc1.clock.now().year
    assert page.model.index(0, 0).data() == "1"
    assert page.pane.title.text().startswith(f"<b>Số đến 1/{year} · 45/UBND-VP</b>")
    assert widget.text().startswith("Đã đồng bộ lúc")
    assert "chờ cấp số" not in widget.text()
    controller.stop()


@pytest.mark.parametrize(
    ("state", "number", "text"),
    [
        (IncomingState.QUEUED, None, ""),
        (IncomingState.DISCARDED, None, ""),
        (IncomingState.REGISTERED, None, "Chờ cấp số"),
        (IncomingState.ASSIGNED, None, "Chờ cấp số"),
        (IncomingState.REGISTERED, 12, "12"),
    ],
)
def test_the_number_cell(state: IncomingState, number: int | None, text: str) -> None:
    row = IncomingRow(
        id="d", state=state, year=2026 if number else None, arrival_number=number,
        arrival_date=None, code="", issuing_agency="", doc_type="", summary="",
        document_date=None, urgency=Urgency.NORMAL, confidentiality=Confidentiality.NORMAL,
        due_date=None, queued_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC), file_name="a.pdf",
        source="scan", overdue=False, near_due=False,
    )  # fmt: skip
    assert arrival_text(row) == text
