"""This PC's sync target ("Máy chủ đồng bộ"): a shared folder or an S3 server, probed before use.

"Kiểm tra" runs the capability probe in the background and shows its verdict; "Lưu" is offered
only once the probe has passed for what is typed. The S3 secret key goes to the OS keyring.
"""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.i18n import tr
from app.services import sync_settings
from app.services.space import Space
from app.services.sync_settings import ProbeResult
from app.ui_support.dialogs import BaseDialog, localize_buttons
from app.ui_support.ops import CommandOp
from app.views.incoming.callbacks import guarded
from app.views.sync.target_form import SyncTargetForm


class SyncSettingsDialog(BaseDialog):
    """Choose, check and save the target this PC syncs with.

    The fields are a SyncTargetForm; its widgets are also reachable here under their own names
    (`folder_edit`, `check_button`, `verdict_label`, …).

    Signals:
        target_saved(): the probe passed and the target is saved; sync with it now.
    """

    target_saved = pyqtSignal()

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
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
        self.form = form = SyncTargetForm(
            space.clock, prompt=tr("Bấm “Kiểm tra” để thử máy chủ trước khi lưu.")
        )
        self.folder_radio, self.s3_radio = form.folder_radio, form.s3_radio
        self.folder_page, self.s3_page = form.folder_page, form.s3_page
        self.folder_edit, self.browse_button = form.folder_edit, form.browse_button
        self.endpoint_edit, self.bucket_edit = form.endpoint_edit, form.bucket_edit
        self.prefix_edit = form.prefix_edit
        self.access_edit, self.secret_edit = form.access_edit, form.secret_edit
        self.verdict_label, self.check_button = form.verdict_label, form.check_button
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
        form.state_changed.connect(self._on_form_state_changed)
        form.kind_changed.connect(self._on_form_kind_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.current_label)
        layout.addWidget(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._load()

    def _load(self) -> None:
        url = self._space.target_url
        if url:
            self.current_label.setText(tr("Đang dùng: {url}").format(url=_display(url)))
        else:
            self.current_label.setText(tr("Chưa cấu hình: máy này đang làm việc một mình."))
        self.form.load(sync_settings.parse_target_url(url))

    @property
    def is_s3(self) -> bool:
        """True when "Máy chủ S3" is chosen."""
        return self.form.is_s3

    def target_url(self) -> str:
        """The URL of what is typed ("" when a required field is empty)."""
        return self.form.target_url()

    # -- the buttons
    def _on_form_state_changed(self) -> None:
        self.save_button.setEnabled(self.form.passed and not self.form.busy)

    def _on_form_kind_changed(self) -> None:
        if self.isVisible():
            self.adjustSize()

    def _on_save_button_clicked(self) -> None:
        form = self.form
        if not form.passed:
            return
        url, space, inputs = form.target_url(), self._space, form.inputs()
        form.set_busy(True, tr("Đang lưu…"))

        def save() -> ProbeResult:
            if inputs[0] == "s3" and inputs[4]:  # to the OS keyring, where the target finds them
                _kind, endpoint, bucket, _prefix, access, secret = inputs
                sync_settings.save_s3_credentials(endpoint, bucket, access, secret)
            return space.set_target(url)

        CommandOp(self, save).success(guarded(self, self._on_saved)).failure(
            guarded(self, form.show_failure)
        ).run()

    def _on_saved(self, result: ProbeResult) -> None:
        if not result.ok:
            self.form.show_result(result, for_inputs=None)
            return
        self.form.set_busy(False)
        self.target_saved.emit()
        self.accept()


def _display(url: str) -> str:
    """A saved URL as shown: a folder as its path."""
    choice = sync_settings.parse_target_url(url)
    return choice.folder if choice.kind == "folder" else url
