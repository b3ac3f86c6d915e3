"""The "Kiểm tra chữ ký số" dialog on real PDFs signed with the demo PKI: untrusted, trusted,
timestamped, tampered with, unsigned and corrupt."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import QModelIndex, Qt
from PyQt6.QtGui import QBrush
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QFileDialog, QWidget

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.signing import demo_images, demo_pki
from app.signing.appearance import LeaderAppearance
from app.signing.fields import LEADER_FIELD, SignatureField, add_signature_fields
from app.signing.sign import sign_pdf
from app.signing.signers import load_pkcs12
from app.timeutil import VN_TZ
from app.ui_support import ops
from app.views.signing.validation_dialog import (
    BAD,
    GOOD,
    INTACT,
    MODIFIED,
    SIGNED_AT,
    SIGNER,
    SUMMARY,
    TIMESTAMP,
    TRUSTED,
    RowRole,
    SignatureValidationDialog,
    signed_at_text,
)
from tests.conftest import Ward

LEADER = "Trần Văn Nam"
PASSWORD = "123456"
SIGNATURE_BOX = (355.0, 480.0, 505.0, 548.0)


@dataclass(frozen=True)
class Documents:
    """One decision in every state the dialog must tell apart, and the CA that signed it."""

    ca_file: Path
    unsigned: bytes
    signed: bytes
    timestamped: bytes
    tampered: bytes


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Documents:
    """A demo decision signed by the chairman (B-B, and B-T with an in-process TSA)."""
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.timestamps import DummyTimeStamper

    ca = demo_pki.DemoCa.create()
    leader = ca.issue(LEADER, "UBND phường Gia Thụy")
    tsa = ca.issue_tsa()
    assert tsa.key is not None
    stamper = DummyTimeStamper(
        tsa_cert=tsa.asn1(),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
    )
    signer = load_pkcs12(leader.pkcs12(PASSWORD), PASSWORD)
    unsigned = render_pdf(
        DemoDocument(
            issuing_parent="ỦY BAN NHÂN DÂN QUẬN LONG BIÊN",
            issuing_agency="ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY",
            code="15/QĐ-UBND",
            place="Gia Thụy",
            date=dt.date(2026, 11, 20),
            type_name="QUYẾT ĐỊNH",
            summary="Về việc kiểm tra trật tự đô thị",
            body=["Điều 1. Kiểm tra trật tự đô thị trên địa bàn phường."],
            signer_position="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            signer_name=LEADER,
            recipients=["Như Điều 1"],
        )
    )
    prepared = add_signature_fields(unsigned, [SignatureField(LEADER_FIELD, 0, SIGNATURE_BOX)])
    look = LeaderAppearance(demo_images.signature_png(LEADER))
    signed = sign_pdf(prepared, LEADER_FIELD, signer, look)
    timestamped = sign_pdf(prepared, LEADER_FIELD, signer, look, timestamper=stamper)
    at = signed.index(b"ReportLab Generated")  # the first revision's header comment: signed
    tampered = signed[:at] + b"X" + signed[at + 1 :]
    ca_file = tmp_path_factory.mktemp("pki") / "demo-ca.crt"
    ca_file.write_bytes(ca.identity.pem)
    return Documents(ca_file, unsigned, signed, timestamped, tampered)


def click(widget: QWidget) -> None:
    """A left mouse click, as the user makes it."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[call-overload]  # PyQt6's stubs make QTest's static methods instance methods


def open_dialog(qtbot: QtBot, ward: Ward, pdf: bytes | None = None) -> SignatureValidationDialog:
    dialog = SignatureValidationDialog(ward.space, pdf=pdf, name="15-QD-UBND.pdf")
    qtbot.addWidget(dialog)
    return dialog


def cell(dialog: SignatureValidationDialog, column: int, row: int = 0) -> str:
    return str(dialog.model.index(row, column).data())


def colour(dialog: SignatureValidationDialog, column: int, row: int = 0) -> str:
    brush = dialog.model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    return str(brush.color().name())


def test_a_signature_from_an_unknown_ca_is_intact_but_not_trusted(
    qtbot: QtBot, ward: Ward, documents: Documents
) -> None:
    dialog = open_dialog(qtbot, ward, documents.signed)
    assert dialog.model.rowCount() == 1
    assert cell(dialog, SIGNER) == LEADER
    info = dialog.model.index(0, 0).data(RowRole)
    assert info.signed_at is not None
    assert cell(dialog, SIGNED_AT) == info.signed_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", cell(dialog, SIGNED_AT))
    assert cell(dialog, INTACT) == "Có"
    assert colour(dialog, INTACT) == GOOD
    assert cell(dialog, TRUSTED) == "Không"
    assert colour(dialog, TRUSTED) == BAD
    assert cell(dialog, MODIFIED) == "Không"
    assert cell(dialog, TIMESTAMP) == "Không"
    assert cell(dialog, SUMMARY) == "Còn nguyên vẹn, chứng thư chưa được tin cậy."
    assert dialog.file_label.text() == "Tệp: 15-QD-UBND.pdf"
    assert dialog.status_label.text() == (
        "Tệp có 1 chữ ký số, còn toàn vẹn; 1 chữ ký chưa được tin cậy."
    )
    assert dialog.detail_label.text() == f"{LEADER}: Còn nguyên vẹn, chứng thư chưa được tin cậy."


def test_importing_the_ca_as_trust_root_makes_the_signature_trusted(
    qtbot: QtBot, ward: Ward, documents: Documents
) -> None:
    ward.space.signing.import_trust_roots([documents.ca_file])
    dialog = open_dialog(qtbot, ward, documents.signed)
    assert cell(dialog, INTACT) == "Có"
    assert cell(dialog, TRUSTED) == "Có"
    assert colour(dialog, TRUSTED) == GOOD
    assert colour(dialog, SUMMARY) == GOOD
    assert cell(dialog, SUMMARY) == "Hợp lệ, chứng thư được tin cậy."
    assert dialog.status_label.text() == "Tệp có 1 chữ ký số, tất cả còn toàn vẹn và được tin cậy."


def test_a_timestamped_signature_shows_the_authority_s_time(
    qtbot: QtBot, ward: Ward, documents: Documents
) -> None:
    dialog = open_dialog(qtbot, ward, documents.timestamped)
    assert cell(dialog, TIMESTAMP) == "Có"
    assert cell(dialog, INTACT) == "Có"


def test_bytes_changed_inside_the_signed_range_break_the_signature(
    qtbot: QtBot, ward: Ward, documents: Documents
) -> None:
    ward.space.signing.import_trust_roots([documents.ca_file])
    dialog = open_dialog(qtbot, ward, documents.tampered)
    assert dialog.model.rowCount() == 1
    assert cell(dialog, INTACT) == "Không"
    assert colour(dialog, INTACT) == BAD
    assert colour(dialog, SUMMARY) == BAD
    assert cell(dialog, SUMMARY) == "Nội dung đã bị thay đổi sau khi ký, chữ ký không còn giá trị."
    assert dialog.status_label.text() == "Tệp có 1 chữ ký số; 1 chữ ký không còn toàn vẹn."


def test_a_pdf_without_signatures(qtbot: QtBot, ward: Ward, documents: Documents) -> None:
    dialog = open_dialog(qtbot, ward, documents.unsigned)
    assert dialog.model.rowCount() == 0
    assert dialog.status_label.text() == "Tệp không có chữ ký số."


def test_a_corrupt_pdf_gives_the_vietnamese_message(qtbot: QtBot, ward: Ward) -> None:
    dialog = open_dialog(qtbot, ward, b"%PDF-1.7\nday khong phai la PDF")
    assert dialog.model.rowCount() == 0
    assert dialog.status_label.text() == "Tệp PDF bị hỏng, không đọc được chữ ký."
    assert dialog.choose_button.isEnabled()


def test_choosing_a_file(
    qtbot: QtBot, ward: Ward, documents: Documents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "quyet-dinh-da-ky.pdf"
    path.write_bytes(documents.signed)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    dialog = open_dialog(qtbot, ward)
    assert dialog.file_label.text() == "Chưa chọn tệp."
    click(dialog.choose_button)
    assert dialog.file_label.text() == "Tệp: quyet-dinh-da-ky.pdf"
    assert cell(dialog, SIGNER) == LEADER


def test_a_file_that_vanished_is_a_message_not_a_crash(
    qtbot: QtBot, ward: Ward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "da-xoa.pdf"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(gone), ""))
    dialog = open_dialog(qtbot, ward)
    dialog.choose_button.click()
    assert dialog.status_label.text() == "Không đọc được tệp da-xoa.pdf."


def test_validation_runs_off_the_gui_thread(qtbot: QtBot, ward: Ward, documents: Documents) -> None:
    ops.set_inline(False)
    try:
        dialog = open_dialog(qtbot, ward, documents.signed)
        assert dialog.status_label.text() == "Đang kiểm tra chữ ký số…"
        assert not dialog.choose_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=30000)
        assert dialog.choose_button.isEnabled()
    finally:
        ops.wait_all()
        ops.set_inline(True)


def test_signing_times_are_shown_in_vietnam_s_time() -> None:
    moment = dt.datetime(2026, 11, 20, 2, 30, 15, tzinfo=dt.UTC)
    assert signed_at_text(moment) == "20/11/2026 09:30:15"
    assert signed_at_text(None) == "Không rõ"


def test_the_table_model_is_a_proper_qt_model(
    qtbot: QtBot, qtmodeltester: ModelTester, ward: Ward, documents: Documents
) -> None:
    dialog = open_dialog(qtbot, ward, documents.signed)
    qtmodeltester.check(dialog.model)  # type: ignore[no-untyped-call]  # pytest-qt is unannotated
    assert dialog.model.rowCount(dialog.model.index(0, 0)) == 0
    assert dialog.model.data(QModelIndex()) is None
