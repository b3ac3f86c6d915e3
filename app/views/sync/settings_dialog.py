"""This PC's sync target ("Máy chủ đồng bộ"): a shared folder or an S3 server, probed before use.

"Kiểm tra" runs the capability probe in the background and shows its verdict; "Lưu" is offered
only once the probe has passed for what is typed. The S3 secret key goes to the OS keyring.
"""

from __future__ import annotations

import html

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.services import sync_settings
from app.services.space import Space
from app.services.sync_settings import ProbeResult
from app.ui_support.dialogs import BaseDialog, localize_buttons
from app.ui_support.ops import CommandOp, QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.sync.texts import BAD_COLOUR, probe_verdict_html

FOLDER_PAGE, S3_PAGE = 0, 1


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    return label


class SyncSettingsDialog(BaseDialog):
    """Choose, check and save the target this PC syncs with.

    Signals:
        target_saved(): the probe passed and the target is saved; sync with it now.
    """

    target_saved = pyqtSignal()

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._checked: tuple[str, ...] | None = None  # the inputs the probe last passed
        self._busy = False
        self._saved = sync_settings.TargetChoice("")
        self.setWindowTitle(tr("Máy chủ đồng bộ"))
        self.setMinimumWidth(560)
        note = QLabel(
            tr(
                "Máy chủ đồng bộ là nơi các máy tính của phường gửi và nhận văn bản, và là nơi "
                "cấp số đến. Đây là cài đặt riêng của máy tính này. Máy chủ phải thuộc về chính "
                "phường này: không dùng chung thư mục hoặc tiền tố với phường khác."
            )
        )
        note.setWordWrap(True)
        self.current_label = QLabel()
        self.current_label.setWordWrap(True)
        self.folder_radio = QRadioButton(tr("Thư mục chung"))
        self.s3_radio = QRadioButton(tr("Máy chủ S3"))
        kinds = QButtonGroup(self)
        kinds.addButton(self.folder_radio, FOLDER_PAGE)
        kinds.addButton(self.s3_radio, S3_PAGE)
        radios = QHBoxLayout()
        radios.addWidget(self.folder_radio)
        radios.addWidget(self.s3_radio)
        radios.addStretch(1)
        self.folder_page = self._folder_page()
        self.s3_page = self._s3_page()
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setMinimumHeight(48)
        self.check_button = QPushButton(tr("Kiểm tra"))
        self.buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button = save
        self.buttons.accepted.connect(self._on_save_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        kinds.idToggled.connect(self._on_kind_toggled)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.current_label)
        layout.addLayout(radios)
        layout.addWidget(self.folder_page)
        layout.addWidget(self.s3_page)
        layout.addWidget(self.verdict_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._load()

    # -- the form
    def _folder_page(self) -> QWidget:
        page = QWidget()
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(tr("Ví dụ: Z:\\VanBan hoặc /mnt/vanban"))
        self.browse_button = QPushButton(tr("Chọn…"))
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(
            _hint(
                tr(
                    "Một thư mục trên máy này, hoặc thư mục dùng chung trong mạng của phường đã "
                    "được gắn vào máy (ổ mạng). Mọi máy của phường chọn cùng một thư mục."
                )
            )
        )
        self.folder_edit.textChanged.connect(self._on_input_changed)
        return page

    def _s3_page(self) -> QWidget:
        page = QWidget()
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setPlaceholderText("http://192.168.1.10:8333")
        self.bucket_edit = QLineEdit()
        self.bucket_edit.setPlaceholderText("vanban")
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setPlaceholderText("giathuy")
        self.access_edit = QLineEdit()
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Địa chỉ máy chủ (endpoint):"), self.endpoint_edit)
        form.addRow(tr("Bucket:"), self.bucket_edit)
        form.addRow(tr("Tiền tố (prefix):"), self.prefix_edit)
        form.addRow(tr("Access key:"), self.access_edit)
        form.addRow(tr("Secret key:"), self.secret_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(
            _hint(
                tr(
                    "Khóa được giữ trong kho khóa của hệ điều hành, không ghi ra tệp. Máy chủ "
                    "phải hỗ trợ ghi có điều kiện (SeaweedFS, MinIO, Ceph, S3)."
                )
            )
        )
        for edit in (
            self.endpoint_edit,
            self.bucket_edit,
            self.prefix_edit,
            self.access_edit,
            self.secret_edit,
        ):
            edit.textChanged.connect(self._on_input_changed)
        return page

    def _load(self) -> None:
        url = self._space.target_url
        choice = self._saved = sync_settings.parse_target_url(url)
        if url:
            self.current_label.setText(tr("Đang dùng: {url}").format(url=_display(url)))
        else:
            self.current_label.setText(tr("Chưa cấu hình: máy này đang làm việc một mình."))
        self.folder_edit.setText(choice.folder)
        self.endpoint_edit.setText(choice.endpoint)
        self.bucket_edit.setText(choice.bucket)
        self.prefix_edit.setText(choice.prefix)
        (self.s3_radio if choice.kind == "s3" else self.folder_radio).setChecked(True)
        if choice.kind == "s3":
            self.access_edit.setPlaceholderText(tr("để trống: dùng khóa đã lưu"))
            self.secret_edit.setPlaceholderText(tr("để trống: dùng khóa đã lưu"))
        self._on_input_changed()

    def _has_saved_s3(self) -> bool:
        """True when the endpoint and bucket typed are those of the saved target."""
        saved = self._saved
        _kind, endpoint, bucket, _prefix, _access, _secret = self._inputs()
        return saved.kind == "s3" and (saved.endpoint, saved.bucket) == (endpoint, bucket)

    @property
    def is_s3(self) -> bool:
        """True when "Máy chủ S3" is chosen."""
        return self.s3_radio.isChecked()

    def _inputs(self) -> tuple[str, ...]:
        if self.is_s3:
            return (
                "s3",
                self.endpoint_edit.text().strip(),
                self.bucket_edit.text().strip(),
                self.prefix_edit.text().strip(),
                self.access_edit.text().strip(),
                self.secret_edit.text(),
            )
        return ("folder", self.folder_edit.text().strip())

    def target_url(self) -> str:
        """The URL of what is typed ("" when a required field is empty)."""
        inputs = self._inputs()
        if inputs[0] == "folder":
            return sync_settings.folder_url(inputs[1]) if inputs[1] else ""
        _kind, endpoint, bucket, prefix, _access, _secret = inputs
        if not endpoint or not bucket:
            return ""
        return sync_settings.s3_url(endpoint, bucket, prefix)

    def _missing(self) -> str:
        """What must still be typed before a check, in words ("" when nothing)."""
        if not self.is_s3:
            return "" if self.folder_edit.text().strip() else tr("Hãy chọn thư mục chung.")
        _kind, endpoint, bucket, _prefix, access, secret = self._inputs()
        if not endpoint or not bucket:
            return tr("Hãy nhập địa chỉ máy chủ và bucket.")
        if bool(access) != bool(secret) or (not access and not self._has_saved_s3()):
            return tr("Hãy nhập access key và secret key.")
        return ""

    # -- the buttons
    def _on_kind_toggled(self, page: int, checked: bool) -> None:
        if checked:
            self.folder_page.setVisible(page == FOLDER_PAGE)
            self.s3_page.setVisible(page == S3_PAGE)
            if self.isVisible():
                self.adjustSize()
            self._on_input_changed()

    def _on_input_changed(self) -> None:
        passed = self._checked is not None and self._checked == self._inputs()
        self.save_button.setEnabled(passed and not self._busy)
        self.check_button.setEnabled(not self._busy)
        if not passed and not self._busy:
            self.verdict_label.setText(
                html.escape(tr("Bấm “Kiểm tra” để thử máy chủ trước khi lưu."))
            )

    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("Chọn thư mục dùng chung để đồng bộ"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        if message:
            self.verdict_label.setText(html.escape(message))
        self._on_input_changed()

    def _show_refusal(self, message: str) -> None:
        head = html.escape(tr("Không dùng được máy chủ này:"))
        self.verdict_label.setText(
            f'<b style="color:{BAD_COLOUR}">{head}</b> {html.escape(message)}'
        )

    def _on_check_button_clicked(self) -> None:
        missing = self._missing()
        if missing:
            self._show_refusal(missing)
            return
        inputs, url, now = self._inputs(), self.target_url(), self._space.clock.now()
        self._checked = None
        self._set_busy(True, tr("Đang kiểm tra máy chủ…"))

        keys = (inputs[4], inputs[5]) if inputs[0] == "s3" else ("", "")
        credentials = keys if keys[0] else None  # none typed: the ones saved in the keyring

        def check() -> ProbeResult:
            return sync_settings.check_target(url, now, credentials=credentials)

        QueryOp(self, check).success(
            guarded(self, lambda result: self._on_checked(inputs, result))
        ).failure(guarded(self, self._on_check_failed)).run()

    def _on_checked(self, inputs: tuple[str, ...], result: ProbeResult) -> None:
        self._checked = inputs if result.ok else None
        self._set_busy(False)
        self.verdict_label.setText(
            probe_verdict_html(
                result.ok, result.problems, result.clock_offset, result.round_trip_ms
            )
        )

    def _on_check_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self._show_refusal(exc.message)
        else:
            self.verdict_label.clear()
            show_error(self, exc)

    def _on_save_button_clicked(self) -> None:
        if self._checked is None or self._checked != self._inputs():
            return
        url, space, inputs = self.target_url(), self._space, self._inputs()
        self._set_busy(True, tr("Đang lưu…"))

        def save() -> ProbeResult:
            if inputs[0] == "s3" and inputs[4]:  # to the OS keyring, where the target finds them
                _kind, endpoint, bucket, _prefix, access, secret = inputs
                sync_settings.save_s3_credentials(endpoint, bucket, access, secret)
            return space.set_target(url)

        CommandOp(self, save).success(guarded(self, self._on_saved)).failure(
            guarded(self, self._on_check_failed)
        ).run()

    def _on_saved(self, result: ProbeResult) -> None:
        self._set_busy(False)
        if not result.ok:
            self._checked = None
            self._on_checked(("",), result)
            return
        self.target_saved.emit()
        self.accept()


def _display(url: str) -> str:
    """A saved URL as shown: a folder as its path."""
    choice = sync_settings.parse_target_url(url)
    return choice.folder if choice.kind == "folder" else url
