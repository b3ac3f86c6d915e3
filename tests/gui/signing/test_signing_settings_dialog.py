"""The "Cài đặt ký số" dialog on a real space: keys (.p12 and token), images, trust roots and
the space's options, each checked in the service afterwards."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PyQt6.QtCore import Qt
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QFileDialog, QWidget

from app.services.signing import SERIES_PER_TYPE, SignerConfig, SigningSettings
from app.signing import demo_pki
from app.signing.demo_pki import DemoKeyFiles
from app.views.signing import settings_dialog, trust_roots_widget
from app.views.signing.key_widget import SigningKeyWidget
from app.views.signing.settings_dialog import SigningSettingsDialog
from app.views.signing.trust_roots_widget import IdRole
from tests.conftest import NOW, Ward

P12_PASSWORD = "mat-khau-p12"
ORG_NAME = "UBND phường Gia Thụy"
WRONG_PASSWORD = "Không mở được tệp khóa ký số (.p12): sai mật khẩu hoặc tệp bị hỏng."


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> DemoKeyFiles:
    """Demo .p12 files for the chairman and the ward, their images and the CA certificate."""
    return demo_pki.write_demo_files(
        tmp_path_factory.mktemp("keys"),
        password=P12_PASSWORD,
        organisation=ORG_NAME,
        place="Gia Thụy",
        people=[("chutich", "Trần Văn Nam")],
        valid_from=NOW - dt.timedelta(days=30),
    )


def click(widget: QWidget) -> None:
    """A left mouse click, as the user makes it."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[call-overload]  # PyQt6's stubs make QTest's static methods instance methods


def type_keys(widget: QWidget, text: str) -> None:
    """Type ASCII text key by key."""
    QTest.keyClicks(widget, text)  # type: ignore[call-arg, arg-type]  # as for click()


def press_enter(widget: QWidget) -> None:
    """Press Return in `widget`."""
    QTest.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[call-overload]  # as for click()


def open_dialog(qtbot: QtBot, ward: Ward, login: str) -> SigningSettingsDialog:
    ward.as_user(login)
    dialog = SigningSettingsDialog(ward.space)
    qtbot.addWidget(dialog)
    return dialog


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    """Make the next "open file" dialog answer `path`."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))


def png_bytes(mode: str, fmt: str = "PNG") -> bytes:
    out = BytesIO()
    Image.new(mode, (40, 20), "blue").save(out, fmt)
    return out.getvalue()


def tab_titles(dialog: SigningSettingsDialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


# -- tabs by role
@pytest.mark.parametrize(
    ("login", "titles"),
    [
        ("canbo", ["Khóa ký của tôi", "Ảnh chữ ký"]),
        ("chutich", ["Khóa ký của tôi", "Ảnh chữ ký"]),
        ("vanthu", ["Khóa ký của tôi", "Ảnh chữ ký", "Khóa và con dấu cơ quan"]),
        (
            "admin",
            [
                "Khóa ký của tôi",
                "Ảnh chữ ký",
                "Khóa và con dấu cơ quan",
                "Chứng thư gốc tin cậy",
                "Dấu thời gian và cấp số",
            ],
        ),
    ],
)
def test_tabs_follow_the_role(qtbot: QtBot, ward: Ward, login: str, titles: list[str]) -> None:
    dialog = open_dialog(qtbot, ward, login)
    assert tab_titles(dialog) == titles
    assert (dialog.org_key is None) == (login in ("canbo", "chutich"))
    assert (dialog.options is None) == (login != "admin")


# -- my key
def test_choosing_a_p12_shows_its_certificate_and_forgets_the_password(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ward, "chutich")
    key = dialog.my_key
    assert key.current_label.text() == "Máy này chưa có khóa ký số nào được chọn."
    choose_file(monkeypatch, keys.pkcs12["chutich"])
    click(key.browse_button)
    assert key.path_edit.text() == str(keys.pkcs12["chutich"])
    type_keys(key.password_edit, P12_PASSWORD)
    click(key.show_button)
    assert key.password_edit.text() == ""
    assert key.error_label.isHidden()
    assert not key.certificate_box.isHidden()
    assert key.subject_value.text() == "Trần Văn Nam"
    assert key.organisation_value.text() == ORG_NAME
    assert key.issuer_value.text() == "Ward Office Demo Root CA"
    assert key.serial_value.text()
    assert key.validity_value.text().startswith(
        f"từ {(NOW - dt.timedelta(days=30)).date():%d/%m/%Y} đến "
    )
    assert "hết hạn" not in key.validity_value.text()
    config = ward.space.signing.signer_config(ward.leader)
    assert config == SignerConfig("pkcs12", path=str(keys.pkcs12["chutich"]))
    assert key.current_label.text() == "Đang dùng: Tệp khóa chutich.p12"
    assert not dialog.has_unsaved_changes()


def test_a_wrong_password_is_refused_in_vietnamese(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles
) -> None:
    dialog = open_dialog(qtbot, ward, "chutich")
    key = dialog.my_key
    key.path_edit.setText(str(keys.pkcs12["chutich"]))
    type_keys(key.password_edit, "sai-mat-khau")
    press_enter(key.password_edit)
    assert key.error_label.text() == WRONG_PASSWORD
    assert not key.error_label.isHidden()
    assert key.certificate_box.isHidden()
    assert key.password_edit.text() == ""
    # the file itself was a good choice: it is kept, and the widget knows it
    assert ward.space.signing.signer_config(ward.leader) == SignerConfig(
        "pkcs12", path=str(keys.pkcs12["chutich"])
    )
    assert key.current_label.text() == "Đang dùng: Tệp khóa chutich.p12"
    assert not dialog.has_unsaved_changes()


def test_saving_a_missing_file_is_refused(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, ward, "chutich")
    key = dialog.my_key
    click(key.save_button)
    assert key.error_label.text() == "Hãy chọn tệp khóa ký số (.p12 hoặc .pfx)."
    key.path_edit.setText(str(tmp_path / "khong-co.p12"))
    click(key.save_button)
    assert key.error_label.text().startswith("Không tìm thấy tệp khóa ký số")
    assert ward.space.signing.signer_config(ward.leader) is None


def test_a_saved_key_is_shown_when_the_dialog_opens_and_can_be_removed(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles
) -> None:
    ward.as_user("chutich")
    ward.space.signing.set_signer_config(
        ward.leader, SignerConfig("pkcs12", path=str(keys.pkcs12["chutich"]))
    )
    dialog = open_dialog(qtbot, ward, "chutich")
    key = dialog.my_key
    assert key.p12_radio.isChecked()
    assert key.path_edit.text() == str(keys.pkcs12["chutich"])
    assert key.forget_button.isEnabled()
    click(key.forget_button)
    assert ward.space.signing.signer_config(ward.leader) is None
    assert key.path_edit.text() == ""
    assert not key.forget_button.isEnabled()


def test_a_usb_token_needs_a_library_and_a_label(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, ward, "chutich")
    key = dialog.my_key
    key.token_radio.click()
    assert key.file_page.isHidden()
    assert not key.token_page.isHidden()
    assert "C:\\Windows\\System32" in key.module_hint.text()
    assert not key.find_button.isHidden()  # "Tìm thiết bị" asks the driver for its tokens
    click(key.save_button)
    assert key.error_label.text() == "Hãy chọn thư viện PKCS#11 của thiết bị ký số."
    module = tmp_path / "vendor-pkcs11.so"
    key.module_edit.setText(str(module))
    click(key.save_button)
    assert key.error_label.text() == "Hãy nhập tên (nhãn) của thiết bị ký số."
    key.token_combo.setCurrentText("VNPT-CA 01")
    key.key_label_edit.setText("chu-ky")
    click(key.save_button)
    assert key.error_label.isHidden()
    assert ward.space.signing.signer_config(ward.leader) == SignerConfig(
        "token", module=str(module), token_label="VNPT-CA 01", key_label="chu-ky"
    )
    assert key.current_label.text() == "Đang dùng: Thiết bị ký số VNPT-CA 01"
    click(key.show_button)  # no such driver here
    assert key.error_label.text().startswith(
        "Không tìm thấy trình điều khiển thiết bị ký số (PKCS#11)"
    )


def test_token_labels_are_listed_when_the_service_can(
    qtbot: QtBot, ward: Ward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[str] = []

    def token_labels(module: str) -> list[str]:
        listed.append(module)
        return ["VNPT-CA 01", "VIETTEL-CA"]

    monkeypatch.setattr(ward.space.signing, "token_labels", token_labels, raising=False)
    dialog = open_dialog(qtbot, ward, "chutich")
    key = dialog.my_key
    key.token_radio.click()
    assert not key.find_button.isHidden()
    choose_file(monkeypatch, tmp_path / "vendor.dll")
    key.module_button.click()
    key.find_button.click()
    assert listed == [str(tmp_path / "vendor.dll")]
    assert [key.token_combo.itemText(i) for i in range(key.token_combo.count())] == [
        "VNPT-CA 01",
        "VIETTEL-CA",
    ]


# -- images
def test_uploading_the_signature_image(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ward, "chutich")
    image = dialog.signature_image
    assert not image.preview.has_image()
    choose_file(monkeypatch, keys.signature_images["chutich"])
    click(image.upload_button)
    assert image.error_label.isHidden()
    assert image.status_label.text() == "Đã lưu ảnh."
    assert image.preview.has_image()
    stored = ward.space.signing.image(ward.leader)
    assert stored is not None
    assert stored.png == keys.signature_images["chutich"].read_bytes()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png_bytes("RGB", "JPEG"), "Ảnh chữ ký phải là ảnh PNG (tệp này là JPEG)."),
        (
            png_bytes("RGB"),
            "Ảnh chữ ký phải là ảnh PNG nền trong suốt; ảnh này không có kênh trong suốt.",
        ),
        (b"khong phai anh", "Ảnh chữ ký không phải là tệp ảnh đọc được."),
    ],
)
def test_a_bad_signature_image_is_refused(
    qtbot: QtBot, ward: Ward, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "chu-ky.png"
    path.write_bytes(data)
    dialog = open_dialog(qtbot, ward, "chutich")
    image = dialog.signature_image
    image.upload(str(path))
    assert image.error_label.text() == message
    assert not image.preview.has_image()
    assert ward.space.signing.image(ward.leader) is None


def test_the_seal_keeps_its_real_diameter(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ward, "vanthu")
    seal = dialog.seal
    assert seal is not None
    assert seal.size_spin.value() == 35.0
    assert (seal.size_spin.minimum(), seal.size_spin.maximum()) == (20.0, 60.0)
    assert not seal.size_button.isEnabled()
    seal.size_spin.setValue(42.0)
    choose_file(monkeypatch, keys.seal_image)
    click(seal.image.upload_button)
    stored = ward.space.signing.image("org")
    assert stored is not None
    assert stored.size_mm == 42.0
    assert stored.png == keys.seal_image.read_bytes()
    assert seal.image.preview.has_image()
    seal.size_spin.setValue(30.5)
    assert seal.size_button.isEnabled()
    click(seal.size_button)
    stored = ward.space.signing.image("org")
    assert stored is not None
    assert stored.size_mm == 30.5
    assert not seal.size_button.isEnabled()
    dialog = open_dialog(qtbot, ward, "vanthu")
    reopened = dialog.seal
    assert reopened is not None
    assert reopened.size_spin.value() == 30.5


def test_the_clerk_sets_the_organisation_s_key(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles
) -> None:
    dialog = open_dialog(qtbot, ward, "vanthu")
    org_key = dialog.org_key
    assert isinstance(org_key, SigningKeyWidget)
    org_key.path_edit.setText(str(keys.pkcs12["coquan"]))
    org_key.password_edit.setText(P12_PASSWORD)
    org_key.show_button.click()
    assert org_key.subject_value.text() == ORG_NAME
    assert ward.space.signing.signer_config("org") == SignerConfig(
        "pkcs12", path=str(keys.pkcs12["coquan"])
    )
    assert ward.space.signing.signer_config(ward.clerk) is None


# -- admin: trust roots and options
def test_importing_and_removing_a_trust_root(
    qtbot: QtBot, ward: Ward, keys: DemoKeyFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ward, "admin")
    roots = dialog.trust_roots
    assert roots is not None
    assert roots.model.rowCount() == 0
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda *_a, **_k: ([str(keys.ca_certificate)], ""),
    )
    click(roots.import_button)
    assert roots.model.rowCount() == 1
    assert roots.model.index(0, 0).data() == "Ward Office Demo Root CA"
    assert roots.model.index(0, 1).data() == ward.space.signing.trust_roots()[0].not_after
    assert roots.status_label.text() == "Đã nhập 1 chứng thư: Ward Office Demo Root CA."
    assert not roots.remove_button.isEnabled()
    roots.view.selectRow(0)
    assert roots.remove_button.isEnabled()
    answers = iter([False, True])
    monkeypatch.setattr(trust_roots_widget, "ask_yes_no", lambda *_a: next(answers))
    roots.remove_button.click()
    assert len(ward.space.signing.trust_roots()) == 1
    roots.remove_button.click()
    assert ward.space.signing.trust_roots() == []
    assert roots.model.rowCount() == 0
    assert not roots.remove_button.isEnabled()


def test_a_file_without_certificates_is_refused(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    junk = tmp_path / "khong-phai.cer"
    junk.write_bytes(b"khong phai chung thu")
    dialog = open_dialog(qtbot, ward, "admin")
    roots = dialog.trust_roots
    assert roots is not None
    roots.import_files([junk])
    assert roots.error_label.text() == (
        "Tệp khong-phai.cer không chứa chứng thư số nào đọc được (cần tệp .cer, .crt hoặc .p7b)."
    )
    assert roots.model.rowCount() == 0


def test_the_trust_roots_model_is_a_proper_qt_model(
    qtbot: QtBot, qtmodeltester: ModelTester, ward: Ward, keys: DemoKeyFiles
) -> None:
    ward.space.signing.import_trust_roots([keys.ca_certificate])
    dialog = open_dialog(qtbot, ward, "admin")
    roots = dialog.trust_roots
    assert roots is not None
    qtmodeltester.check(roots.model)  # type: ignore[no-untyped-call]  # pytest-qt is unannotated
    assert roots.model.index(0, 0).data(IdRole) == ward.space.signing.trust_roots()[0].sha256


def test_saving_the_options(qtbot: QtBot, ward: Ward) -> None:
    dialog = open_dialog(qtbot, ward, "admin")
    options = dialog.options
    assert options is not None
    assert options.tsa_edit.text() == ""
    assert options.shared_radio.isChecked()
    assert not options.long_term_check.isChecked()
    type_keys(options.tsa_edit, "http://tsa.ca.gov.vn")
    options.long_term_check.setChecked(True)
    options.per_type_radio.click()
    assert options.has_unsaved_changes()
    click(options.save_button)
    assert ward.space.signing.settings() == SigningSettings(
        "http://tsa.ca.gov.vn", long_term=True, series_rule=SERIES_PER_TYPE
    )
    assert options.status_label.text() == "Đã lưu cài đặt."
    assert not options.has_unsaved_changes()
    dialog = open_dialog(qtbot, ward, "admin")
    reopened = dialog.options
    assert reopened is not None
    assert reopened.per_type_radio.isChecked()
    assert reopened.long_term_check.isChecked()


def test_a_timestamp_server_must_be_a_web_address(qtbot: QtBot, ward: Ward) -> None:
    dialog = open_dialog(qtbot, ward, "admin")
    options = dialog.options
    assert options is not None
    options.tsa_edit.setText("tsa.ca.gov.vn")
    options.save_button.click()
    assert options.error_label.text() == (
        "Địa chỉ máy chủ cấp dấu thời gian phải bắt đầu bằng http:// hoặc https://."
    )
    assert ward.space.signing.settings().tsa_url == ""


def test_the_series_hint_says_confidential_documents_have_their_own(
    qtbot: QtBot, ward: Ward
) -> None:
    dialog = open_dialog(qtbot, ward, "admin")
    options = dialog.options
    assert options is not None
    texts = [label.text() for label in options.findChildren(type(options.status_label))]
    assert "Văn bản mật luôn có dãy số riêng." in texts


# -- closing
def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ward, "admin")
    dialog.show()
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(settings_dialog, "ask_yes_no", answer)
    dialog.reject()
    assert asked == []
    assert not dialog.isVisible()
    dialog.show()
    dialog.my_key.path_edit.setText("/khong/luu.p12")
    dialog.reject()
    assert asked == ["Có thay đổi chưa được lưu. Vẫn đóng và bỏ các thay đổi này?"]
    assert dialog.isVisible()
