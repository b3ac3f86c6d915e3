"""The "Tệp" tab and the file steps: versions, attachments, open and save a copy, the LibreOffice
conversion of the template draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QFileDialog

from app.models.enums import OutgoingState
from app.services.outgoing_dto import Action, OutgoingBox
from app.ui_support.events import AppEvents
from app.views.outgoing.file_dialogs import FileCommandDialog, PrepareDialog
from app.views.outgoing.page_actions import latest_draft_name
from tests.conftest import Ward
from tests.gui.incoming.helpers import make_pdf, type_text
from tests.gui.outgoing.outgoing_helpers import new_draft, open_page, show, take_to


def test_versions_and_attachments(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc_id = new_draft(ward)
    page = open_page(qtbot, ward, events, "canbo")
    show(qtbot, page, OutgoingBox.MY_DRAFTS, doc_id)
    page.pane.action_buttons[Action.ADD_VERSION].click()
    version = page.dialog
    assert isinstance(version, FileCommandDialog)
    version.ok_button.click()
    assert version.error_label.text() == "Cần chọn tệp."
    version.file.path.setText(str(make_pdf(tmp_path / "du-thao-2.pdf", "ban 2")))
    type_text(version.note.editor, "Sửa Điều 2")
    version.ok_button.click()
    page.pane.action_buttons[Action.ADD_ATTACHMENT].click()
    attachment = page.dialog
    assert isinstance(attachment, FileCommandDialog)
    assert not attachment.note.isVisibleTo(attachment)
    attachment.file.path.setText(str(make_pdf(tmp_path / "phu-luc.pdf", "phu luc")))
    attachment.ok_button.click()
    files = page.pane.files
    assert [i.text(0) for i in files.file_items()] == [
        "Phiên bản 1: Quyết định - dự thảo.docx",
        "Phiên bản 2: du-thao-2.pdf",
        "phu-luc.pdf",
    ]
    assert files.file_items()[1].toolTip(0).startswith("Sửa Điều 2")
    assert page.pane.history_steps[1][2:] == ("Thêm phiên bản", "du-thao-2.pdf — Sửa Điều 2")
    assert page.pane.history_steps[2][2:] == ("Thêm tệp đính kèm", "phu-luc.pdf")
    assert latest_draft_name(ward.space.outgoing.detail(doc_id)) == "du-thao-2.pdf"

    # -- save a copy where the user says, and open one with the desktop's application
    target = tmp_path / "ban-luu.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    files.tree.setCurrentItem(files.file_items()[1])
    files.save_button.click()
    assert target.read_bytes() == (tmp_path / "du-thao-2.pdf").read_bytes()
    assert page.status.text() == f"Đã lưu {target}."
    files.open_button.click()
    assert len(opened) == 1
    assert Path(opened[0].toLocalFile()).read_bytes() == target.read_bytes()
    assert Path(opened[0].toLocalFile()).name == "du-thao-2.pdf"


def test_saving_to_a_folder_that_refuses_says_so(
    qtbot: QtBot,
    ward: Ward,
    events: AppEvents,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc_id = new_draft(ward)
    page = open_page(qtbot, ward, events, "canbo")
    show(qtbot, page, OutgoingBox.MY_DRAFTS, doc_id)
    target = tmp_path / "khong-co" / "ban.docx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )
    shown: list[str] = []
    monkeypatch.setattr(
        "app.ui_support.ops.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    files = page.pane.files
    files.tree.setCurrentItem(files.file_items()[0])
    files.save_button.click()
    assert len(shown) == 1
    assert shown[0].startswith(f"Không ghi được tệp {target}")


@pytest.mark.slow
@pytest.mark.skipif(
    not __import__("shutil").which("soffice"), reason="LibreOffice is not installed"
)
def test_the_template_draft_is_converted_by_libreoffice(
    qtbot: QtBot, ward: Ward, events: AppEvents, tmp_path: Path
) -> None:
    doc_id = new_draft(ward)
    take_to(ward, doc_id, OutgoingState.APPROVED, tmp_path)
    page = open_page(qtbot, ward, events, "chutich")
    show(qtbot, page, OutgoingBox.TO_PREPARE, doc_id)
    page.pane.action_buttons[Action.PREPARE].click()
    dialog = page.dialog
    assert isinstance(dialog, PrepareDialog)
    assert dialog.convert.isChecked()
    assert "LibreOffice" in dialog.convert.text()
    dialog.ok_button.click()
    assert dialog.error_label.text() == ""
    assert page.box_text(OutgoingBox.TO_SIGN) == "Chờ ký số (1)"
    detail = ward.space.outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.READY_TO_SIGN
    assert detail.history[-1].detail["source"] == "converted"
