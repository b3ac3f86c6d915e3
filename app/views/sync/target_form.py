"""The fields of a sync target (a shared folder or an S3 server), its "Kiểm tra" and the verdict.

Shared by the settings dialog ("Máy chủ đồng bộ") and the first-run wizard's join pages. The
check runs off the GUI thread; `passed` holds while what is typed is what the last check passed.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Protocol

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QButtonGroup,
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
from app.timeutil import Clock
from app.ui_support.ops import QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.sync.texts import BAD_COLOUR, probe_verdict_html

FOLDER_PAGE, S3_PAGE = 0, 1


class CheckResult(Protocol):
    """What a check says (app.services.sync_settings.ProbeResult, or the join check's)."""

    @property
    def ok(self) -> bool:
        """True when the target can be used."""
        ...

    @property
    def problems(self) -> list[str]:
        """Why not, one sentence each."""
        ...

    @property
    def clock_offset(self) -> dt.timedelta:
        """This machine's clock minus the target's."""
        ...

    @property
    def round_trip_ms(self) -> float:
        """A create and a read of a small file."""
        ...


class TargetCheck(Protocol):
    """Checks a target URL (network: called off the GUI thread)."""

    def __call__(
        self, url: str, now: dt.datetime, *, credentials: tuple[str, str] | None = None
    ) -> CheckResult:
        """The verdict; `credentials` are the S3 keys typed in the form, if any."""
        ...


def hint_label(text: str) -> QLabel:
    """A word-wrapped explanation in a quieter colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    return label


class SyncTargetForm(QWidget):
    """A folder or an S3 server, typed and checked; the owner places `check_button`.

    `saved` is the target already configured: its S3 keys need not be typed again.

    Signals:
        state_changed(): `passed` or `busy` may have changed (an edit, a check started or ended).
        kind_changed(): the folder or the S3 fields were shown.
        checked(object): a check ended with this result (a CheckResult).
    """

    state_changed = pyqtSignal()
    kind_changed = pyqtSignal()
    checked = pyqtSignal(object)

    def __init__(
        self,
        clock: Clock,
        *,
        prompt: str,
        check: TargetCheck = sync_settings.check_target,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._prompt = prompt
        self._check = check
        self._checked: tuple[str, ...] | None = None  # the inputs the last check passed
        self._busy = False
        self.saved = sync_settings.TargetChoice("")
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
        self.check_button.clicked.connect(self._on_check_button_clicked)
        kinds.idToggled.connect(self._on_kind_toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(radios)
        layout.addWidget(self.folder_page)
        layout.addWidget(self.s3_page)
        layout.addWidget(self.verdict_label)
        self.folder_radio.setChecked(True)

    # -- the fields
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
            hint_label(
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
            hint_label(
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

    def load(self, choice: sync_settings.TargetChoice) -> None:
        """Show the configured target; its S3 keys stay in the keyring unless typed anew."""
        self.saved = choice
        self.folder_edit.setText(choice.folder)
        self.endpoint_edit.setText(choice.endpoint)
        self.bucket_edit.setText(choice.bucket)
        self.prefix_edit.setText(choice.prefix)
        (self.s3_radio if choice.kind == "s3" else self.folder_radio).setChecked(True)
        if choice.kind == "s3":
            self.access_edit.setPlaceholderText(tr("để trống: dùng khóa đã lưu"))
            self.secret_edit.setPlaceholderText(tr("để trống: dùng khóa đã lưu"))
        self._on_input_changed()

    @property
    def is_s3(self) -> bool:
        """True when "Máy chủ S3" is chosen."""
        return self.s3_radio.isChecked()

    @property
    def busy(self) -> bool:
        """True while a check (or the owner's save) runs."""
        return self._busy

    @property
    def passed(self) -> bool:
        """True when the last check passed for exactly what is typed now."""
        return self._checked is not None and self._checked == self.inputs()

    def inputs(self) -> tuple[str, ...]:
        """What is typed: ("folder", path) or ("s3", endpoint, bucket, prefix, access, secret)."""
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
        inputs = self.inputs()
        if inputs[0] == "folder":
            return sync_settings.folder_url(inputs[1]) if inputs[1] else ""
        _kind, endpoint, bucket, prefix, _access, _secret = inputs
        if not endpoint or not bucket:
            return ""
        return sync_settings.s3_url(endpoint, bucket, prefix)

    def credentials(self) -> tuple[str, str] | None:
        """The S3 keys typed (access, secret); None for a folder or when none are typed."""
        inputs = self.inputs()
        if inputs[0] != "s3" or not inputs[4]:
            return None
        return inputs[4], inputs[5]

    def _has_saved_s3(self) -> bool:
        """True when the endpoint and bucket typed are those of the saved target."""
        saved = self.saved
        _kind, endpoint, bucket, _prefix, _access, _secret = self.inputs()
        return saved.kind == "s3" and (saved.endpoint, saved.bucket) == (endpoint, bucket)

    def missing(self) -> str:
        """What must still be typed before a check, in words ("" when nothing)."""
        if not self.is_s3:
            return "" if self.folder_edit.text().strip() else tr("Hãy chọn thư mục chung.")
        _kind, endpoint, bucket, _prefix, access, secret = self.inputs()
        if not endpoint or not bucket:
            return tr("Hãy nhập địa chỉ máy chủ và bucket.")
        if bool(access) != bool(secret) or (not access and not self._has_saved_s3()):
            return tr("Hãy nhập access key và secret key.")
        return ""

    # -- the verdict
    def set_busy(self, busy: bool, message: str = "") -> None:
        """Lock the check while the owner works (e.g. saves), with `message` in the verdict."""
        self._busy = busy
        if message:
            self.verdict_label.setText(html.escape(message))
        self._on_input_changed()

    def show_refusal(self, message: str) -> None:
        """Say in red why the target cannot be used."""
        head = html.escape(tr("Không dùng được máy chủ này:"))
        self.verdict_label.setText(
            f'<b style="color:{BAD_COLOUR}">{head}</b> {html.escape(message)}'
        )

    def show_result(self, result: CheckResult, *, for_inputs: tuple[str, ...] | None) -> None:
        """Show a check's verdict; the owner may go on (for `for_inputs`) only if it passed."""
        self._checked = for_inputs if result.ok else None
        self._busy = False
        self._on_input_changed()
        self.verdict_label.setText(
            probe_verdict_html(
                result.ok, result.problems, result.clock_offset, result.round_trip_ms
            )
        )

    def show_failure(self, exc: BaseException) -> None:
        """A check or save that raised: a UserError in the verdict, a bug in the crash dialog."""
        self._busy = False
        self._on_input_changed()
        if isinstance(exc, UserError):
            self.show_refusal(exc.message)
        else:
            self.verdict_label.clear()
            show_error(self, exc)

    # -- slots
    def _on_kind_toggled(self, page: int, checked: bool) -> None:
        if checked:
            self.folder_page.setVisible(page == FOLDER_PAGE)
            self.s3_page.setVisible(page == S3_PAGE)
            self._on_input_changed()
            self.kind_changed.emit()

    def _on_input_changed(self) -> None:
        self.check_button.setEnabled(not self._busy)
        if not self.passed and not self._busy:
            self.verdict_label.setText(html.escape(self._prompt))
        self.state_changed.emit()

    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("Chọn thư mục dùng chung để đồng bộ"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _on_check_button_clicked(self) -> None:
        missing = self.missing()
        if missing:
            self.show_refusal(missing)
            return
        inputs, url, now = self.inputs(), self.target_url(), self._clock.now()
        credentials, check = self.credentials(), self._check
        self._checked = None
        self.set_busy(True, tr("Đang kiểm tra máy chủ…"))

        def run() -> CheckResult:
            return check(url, now, credentials=credentials)

        QueryOp(self, run).success(
            guarded(self, lambda result: self._on_checked(inputs, result))
        ).failure(guarded(self, self.show_failure)).run()

    def _on_checked(self, inputs: tuple[str, ...], result: CheckResult) -> None:
        self.show_result(result, for_inputs=inputs)
        self.checked.emit(result)
