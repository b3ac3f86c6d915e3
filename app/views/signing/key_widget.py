"""Where this PC finds one signing key (a .p12/.pfx file or a USB token), and its certificate.

Used twice by the "Cài đặt ký số" dialog: for the signed-in person's own key and for the
organisation's key ("org"). The choice is a setting of this PC only. The .p12 password typed to
look at the certificate goes straight to the service and the field is emptied at once: it is
never kept, as the PIN and password are asked again at each signing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.signing import CertificateInfo, SignerConfig, SigningService
from app.timeutil import VN_TZ, Clock, fmt_date
from app.ui_support.dialogs import FieldErrors
from app.ui_support.ops import CommandOp, QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.incoming.signature_panel import BAD, GOOD


def hint_label(text: str) -> QLabel:
    """A word-wrapped explanation, in the stylesheet's quieter colour."""
    label = QLabel(text)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label


def _module_folder() -> str:
    """Where vendors' PKCS#11 libraries usually are, to open the file picker there."""
    return "C:/Windows/System32" if sys.platform == "win32" else "/usr/lib"


class SigningKeyWidget(QWidget):
    """Choose a .p12/.pfx file or a USB token for `owner`, save the choice, see the certificate.

    `list_tokens(module_path)`, when given, lists the labels of the tokens plugged in; the
    "Tìm thiết bị" button is shown only then.

    Signals:
        saved(): the choice (or its removal) was saved on this PC.
    """

    saved = pyqtSignal()

    def __init__(
        self,
        signing: SigningService,
        owner: str,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        list_tokens: Callable[[str], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._signing = signing
        self._owner = owner
        self._clock = clock
        self._list_tokens = list_tokens
        self._saved: SignerConfig | None = None
        self.current_label = QLabel()
        self.current_label.setWordWrap(True)
        self.p12_radio = QRadioButton(tr("Tệp khóa ký số (.p12, .pfx)"))
        self.token_radio = QRadioButton(tr("Thiết bị ký số USB (token)"))
        kinds = QButtonGroup(self)
        kinds.addButton(self.p12_radio)
        kinds.addButton(self.token_radio)
        self.p12_radio.setChecked(True)
        self.p12_radio.toggled.connect(self._on_p12_radio_toggled)
        self.file_page = self._file_page()
        self.token_page = self._token_page()
        self.token_page.hide()
        self.save_button = QPushButton(tr("Lưu lựa chọn"))
        self.show_button = QPushButton(tr("Xem chứng thư"))
        self.forget_button = QPushButton(tr("Bỏ chọn"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.show_button.clicked.connect(self._on_show_button_clicked)
        self.forget_button.clicked.connect(self._on_forget_button_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.forget_button, self.save_button, self.show_button):
            buttons.addWidget(button)
        self.error_label = QLabel()
        self._errors = FieldErrors(
            self.error_label,
            {
                "path": self.path_edit,
                "module": self.module_edit,
                "token": self.token_combo,
                "password": self.password_edit,
            },
        )
        self.certificate_box = self._certificate_box()
        choice = QHBoxLayout()
        choice.addWidget(self.p12_radio)
        choice.addWidget(self.token_radio)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.current_label)
        layout.addLayout(choice)
        layout.addWidget(self.file_page)
        layout.addWidget(self.token_page)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.certificate_box)
        self.reload()

    # -- building
    def _file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(tr("Đường dẫn tệp .p12 hoặc .pfx"))
        self.browse_button = QPushButton(tr("Chọn tệp…"))
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(tr("chỉ để xem chứng thư, không được lưu"))
        self.password_edit.returnPressed.connect(self._on_show_button_clicked)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Tệp khóa:"), row)
        form.addRow(tr("Mật khẩu tệp khóa:"), self.password_edit)
        return page

    def _token_page(self) -> QWidget:
        page = QWidget()
        self.module_edit = QLineEdit()
        self.module_edit.setPlaceholderText(tr("Thư viện PKCS#11 của nhà cung cấp (.dll, .so)"))
        self.module_button = QPushButton(tr("Chọn tệp…"))
        self.module_button.clicked.connect(self._on_module_button_clicked)
        module_row = QHBoxLayout()
        module_row.addWidget(self.module_edit, 1)
        module_row.addWidget(self.module_button)
        module_column = QVBoxLayout()
        module_column.addLayout(module_row)
        self.module_hint = hint_label(
            tr(
                "Thư viện này được cài cùng phần mềm của nhà cung cấp chữ ký số (VNPT-CA, "
                "Viettel-CA, BKAV-CA, FPT-CA, Ban Cơ yếu Chính phủ…).\n"
                "Trên Windows: một tệp .dll, thường trong C:\\Windows\\System32.\n"
                "Trên Linux: một tệp .so, ví dụ /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so."
            )
        )
        self.token_combo = QComboBox()
        self.token_combo.setEditable(True)
        line = self.token_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(tr("tên (nhãn) của thiết bị"))
        self.find_button = QPushButton(tr("Tìm thiết bị"))
        self.find_button.setVisible(self._list_tokens is not None)
        self.find_button.clicked.connect(self._on_find_button_clicked)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_combo, 1)
        token_row.addWidget(self.find_button)
        self.key_label_edit = QLineEdit()
        self.key_label_edit.setPlaceholderText(tr("không bắt buộc; khi thiết bị có nhiều khóa"))
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        module_column.addWidget(self.module_hint)
        form.addRow(tr("Thư viện PKCS#11:"), module_column)
        form.addRow(tr("Tên thiết bị:"), token_row)
        form.addRow(tr("Nhãn khóa:"), self.key_label_edit)
        return page

    def _certificate_box(self) -> QGroupBox:
        box = QGroupBox(tr("Chứng thư số"))
        self.subject_value = QLabel()
        self.organisation_value = QLabel()
        self.issuer_value = QLabel()
        self.serial_value = QLabel()
        self.validity_value = QLabel()
        form = QFormLayout(box)
        form.addRow(tr("Cấp cho:"), self.subject_value)
        form.addRow(tr("Tổ chức:"), self.organisation_value)
        form.addRow(tr("Tổ chức cấp:"), self.issuer_value)
        form.addRow(tr("Số hiệu (serial):"), self.serial_value)
        form.addRow(tr("Hiệu lực:"), self.validity_value)
        for label in (self.subject_value, self.organisation_value, self.issuer_value):
            label.setWordWrap(True)
        box.hide()
        return box

    # -- state
    def reload(self) -> None:
        """Read the choice saved on this PC."""
        signing, owner = self._signing, self._owner
        QueryOp(self, lambda: signing.signer_config(owner)).success(
            guarded(self, self._on_config_loaded)
        ).run()

    def _on_config_loaded(self, config: SignerConfig | None) -> None:
        self._saved = config
        self._show_current()
        if config is None:
            return
        if config.kind == "token":
            self.token_radio.setChecked(True)
            self.module_edit.setText(config.module)
            self.token_combo.setCurrentText(config.token_label)
            self.key_label_edit.setText(config.key_label)
        else:
            self.p12_radio.setChecked(True)
            self.path_edit.setText(config.path)

    def _show_current(self) -> None:
        if self._saved is None:
            self.current_label.setText(tr("Máy này chưa có khóa ký số nào được chọn."))
        else:
            self.current_label.setText(tr("Đang dùng: {what}").format(what=self._saved.describe()))
        self.forget_button.setEnabled(self._saved is not None)

    def config(self) -> SignerConfig | None:
        """The choice as typed; None when nothing is filled in."""
        if self.p12_radio.isChecked():
            path = self.path_edit.text().strip()
            return SignerConfig("pkcs12", path=path) if path else None
        module = self.module_edit.text().strip()
        label = self.token_combo.currentText().strip()
        if not (module or label):
            return None
        return SignerConfig(
            "token", module=module, token_label=label, key_label=self.key_label_edit.text().strip()
        )

    def has_unsaved_changes(self) -> bool:
        """True when what is typed differs from the saved choice."""
        return self.config() != self._saved

    def _missing(self, config: SignerConfig | None) -> bool:
        """Say what is missing before asking the service; True when something is."""
        if self.p12_radio.isChecked():
            if config is None:
                self._errors.show_message(tr("Hãy chọn tệp khóa ký số (.p12 hoặc .pfx)."), "path")
            return config is None
        if config is None or not config.module:
            self._errors.show_message(tr("Hãy chọn thư viện PKCS#11 của thiết bị ký số."), "module")
            return True
        if not config.token_label:
            self._errors.show_message(tr("Hãy nhập tên (nhãn) của thiết bị ký số."), "token")
            return True
        return False

    # -- the buttons
    def _on_p12_radio_toggled(self, on: bool) -> None:
        self.file_page.setVisible(on)
        self.token_page.setVisible(not on)
        self._errors.clear()
        self.certificate_box.hide()

    def _on_browse_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Chọn tệp khóa ký số"),
            self.path_edit.text(),
            tr("Tệp khóa ký số (*.p12 *.pfx);;Mọi tệp (*)"),
        )
        if path:
            self.path_edit.setText(path)
            self.certificate_box.hide()

    def _on_module_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Chọn thư viện PKCS#11"),
            self.module_edit.text() or _module_folder(),
            tr("Thư viện PKCS#11 (*.dll *.so *.dylib);;Mọi tệp (*)"),
        )
        if path:
            self.module_edit.setText(path)

    def _on_find_button_clicked(self) -> None:
        list_tokens, module = self._list_tokens, self.module_edit.text().strip()
        if list_tokens is None:
            return
        if not module:
            self._errors.show_message(tr("Hãy chọn thư viện PKCS#11 của thiết bị ký số."), "module")
            return
        self._errors.clear()
        QueryOp(self, lambda: list_tokens(module)).success(
            guarded(self, self._on_tokens_found)
        ).failure(guarded(self, self._on_failed)).with_progress(tr("Đang tìm thiết bị…")).run()

    def _on_tokens_found(self, labels: list[str]) -> None:
        typed = self.token_combo.currentText()
        self.token_combo.clear()
        self.token_combo.addItems(labels)
        if typed in labels or not labels:
            self.token_combo.setCurrentText(typed)
        if not labels:
            self._errors.show_message(tr("Không thấy thiết bị ký số nào đang cắm vào máy."))

    def _on_save_button_clicked(self) -> None:
        config = self.config()
        if self._missing(config):
            return
        self._errors.clear()
        signing, owner = self._signing, self._owner
        CommandOp(self, lambda: signing.set_signer_config(owner, config)).success(
            guarded(self, lambda _none: self._on_saved(config))
        ).failure(guarded(self, self._on_failed)).run()

    def _on_forget_button_clicked(self) -> None:
        self._errors.clear()
        signing, owner = self._signing, self._owner
        CommandOp(self, lambda: signing.set_signer_config(owner, None)).success(
            guarded(self, lambda _none: self._on_forgotten())
        ).failure(guarded(self, self._on_failed)).run()

    def _on_forgotten(self) -> None:
        self.path_edit.clear()
        self.module_edit.clear()
        self.token_combo.setCurrentText("")
        self.key_label_edit.clear()
        self.certificate_box.hide()
        self._on_saved(None)

    def _on_saved(self, config: SignerConfig | None) -> None:
        self._saved = config
        self._show_current()
        self.saved.emit()

    def _on_show_button_clicked(self) -> None:
        """Save the choice if it changed, then read its certificate (a .p12 with its password)."""
        config = self.config()
        secret = self.password_edit.text() if self.p12_radio.isChecked() else None
        self.password_edit.clear()  # never kept, whatever happens next
        if self._missing(config):
            return
        self._errors.clear()
        self.certificate_box.hide()
        signing, owner, changed = self._signing, self._owner, config != self._saved

        def look() -> CertificateInfo:
            if changed:
                signing.set_signer_config(owner, config)
            return signing.certificate(owner, secret)

        def shown(info: CertificateInfo) -> None:
            if changed:
                self._on_saved(config)
            self._show_certificate(info)

        def failed(exc: BaseException) -> None:
            if changed:  # the choice may be saved although its certificate could not be read
                self._reread_saved()
            self._on_failed(exc)

        CommandOp(self, look).success(guarded(self, shown)).failure(
            guarded(self, failed)
        ).with_progress(tr("Đang đọc chứng thư số…")).run()

    def _reread_saved(self) -> None:
        """Learn what is saved now, leaving the fields as typed."""
        signing, owner = self._signing, self._owner
        QueryOp(self, lambda: signing.signer_config(owner)).success(
            guarded(self, self._on_saved_reread)
        ).run()

    def _on_saved_reread(self, config: SignerConfig | None) -> None:
        self._saved = config
        self._show_current()

    def _on_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)

    def _show_certificate(self, info: CertificateInfo) -> None:
        self.subject_value.setText(info.subject_cn)
        self.organisation_value.setText(info.organisation or tr("(không ghi)"))
        self.issuer_value.setText(info.issuer_cn)
        self.serial_value.setText(info.serial)
        validity = tr("từ {start} đến {end}").format(
            start=fmt_date(info.not_before.astimezone(VN_TZ).date()),
            end=fmt_date(info.not_after.astimezone(VN_TZ).date()),
        )
        now = self._clock.now()
        if now > info.not_after:
            validity += " " + tr("(đã hết hạn)")
            colour = BAD
        elif now < info.not_before:
            validity += " " + tr("(chưa có hiệu lực)")
            colour = BAD
        else:
            colour = GOOD
        self.validity_value.setText(validity)
        self.validity_value.setStyleSheet(f"color: {colour};")
        self.certificate_box.show()
