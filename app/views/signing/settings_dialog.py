"""The "Cài đặt ký số" dialog: keys, signature and seal images, trust roots, signing options.

One tab per area, shown by role: everyone sets their own key and signature image; clerks and
admins the organisation's key and seal; admins the trust roots and the space's options (timestamp
server, B-LT, how số đi are counted). Each area saves with its own button; closing with a key
choice or options not saved asks first.
"""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import Role
from app.services.signing import (
    DEFAULT_SEAL_MM,
    ORG_OWNER,
    SERIES_PER_TYPE,
    SERIES_SHARED,
    SigningService,
    SigningSettings,
)
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, FieldErrors, ask_yes_no, localize_buttons
from app.ui_support.ops import CommandOp, QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.signing.image_widget import SignatureImageWidget
from app.views.signing.key_widget import SigningKeyWidget, hint_label
from app.views.signing.trust_roots_widget import TrustRootsWidget


class SigningOptionsWidget(QWidget):
    """The space's options: timestamp server, B-LT, and the rule for numbering số đi."""

    def __init__(self, signing: SigningService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._signing = signing
        self._saved = SigningSettings()
        self.tsa_edit = QLineEdit()
        self.tsa_edit.setPlaceholderText("http://…")
        self.long_term_check = QCheckBox(tr("Ký kèm dữ liệu kiểm tra dài hạn (B-LT)"))
        self.shared_radio = QRadioButton(tr("Một dãy số chung cho mọi loại văn bản"))
        self.per_type_radio = QRadioButton(tr("Mỗi loại văn bản một dãy số"))
        series = QButtonGroup(self)
        series.addButton(self.shared_radio)
        series.addButton(self.per_type_radio)
        self.shared_radio.setChecked(True)
        self.save_button = QPushButton(tr("Lưu cài đặt"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.status_label = QLabel()
        self.error_label = QLabel()
        self._errors = FieldErrors(self.error_label, {"tsa_url": self.tsa_edit})
        timestamps = QGroupBox(tr("Dấu thời gian"))
        form = QFormLayout()
        form.addRow(tr("Máy chủ dấu thời gian:"), self.tsa_edit)
        box = QVBoxLayout(timestamps)
        box.addLayout(form)
        box.addWidget(
            hint_label(
                tr(
                    "Địa chỉ máy chủ cấp dấu thời gian (TSA) của nhà cung cấp chữ ký số. "
                    "Để trống thì chữ ký ghi thời điểm theo đồng hồ của máy tính."
                )
            )
        )
        box.addSpacing(8)
        box.addWidget(self.long_term_check)
        box.addWidget(
            hint_label(
                tr(
                    "Nhúng chứng thư và thông tin thu hồi vào văn bản để kiểm tra được lâu dài. "
                    "Khi ký cần kết nối tới máy chủ của nhà cung cấp; nếu không lấy được "
                    "thông tin thu hồi thì không ký."
                )
            )
        )
        numbering = QGroupBox(tr("Cấp số văn bản đi"))
        numbers = QVBoxLayout(numbering)
        numbers.addWidget(self.shared_radio)
        numbers.addWidget(self.per_type_radio)
        numbers.addWidget(hint_label(tr("Văn bản mật luôn có dãy số riêng.")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(timestamps)
        layout.addWidget(numbering)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        QueryOp(self, signing.settings).success(guarded(self, self._on_settings_loaded)).run()

    def _on_settings_loaded(self, settings: SigningSettings) -> None:
        self._saved = settings
        self.tsa_edit.setText(settings.tsa_url)
        self.long_term_check.setChecked(settings.long_term)
        radio = self.per_type_radio if settings.series_rule == SERIES_PER_TYPE else None
        (radio or self.shared_radio).setChecked(True)

    def settings(self) -> SigningSettings:
        """The options as chosen."""
        return SigningSettings(
            tsa_url=self.tsa_edit.text().strip(),
            long_term=self.long_term_check.isChecked(),
            series_rule=SERIES_PER_TYPE if self.per_type_radio.isChecked() else SERIES_SHARED,
        )

    def has_unsaved_changes(self) -> bool:
        """True when the options differ from the saved ones."""
        return self.settings() != self._saved

    def _on_save_button_clicked(self) -> None:
        self._errors.clear()
        self.status_label.clear()
        signing, wanted = self._signing, self.settings()
        CommandOp(self, lambda: signing.save_settings(wanted)).success(
            guarded(self, lambda _none: self._on_saved(wanted))
        ).failure(guarded(self, self._on_failed)).run()

    def _on_saved(self, settings: SigningSettings) -> None:
        self._saved = settings
        self.status_label.setText(tr("Đã lưu cài đặt."))

    def _on_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)


class SealWidget(QWidget):
    """The organisation's seal image and its real diameter in millimetres (20 to 60)."""

    def __init__(self, signing: SigningService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._signing = signing
        self._size = DEFAULT_SEAL_MM
        self.size_spin = QDoubleSpinBox()
        self.size_spin.setRange(20.0, 60.0)
        self.size_spin.setDecimals(1)
        self.size_spin.setSingleStep(0.5)
        self.size_spin.setValue(DEFAULT_SEAL_MM)
        self.size_spin.setSuffix(" mm")
        self.image = SignatureImageWidget(
            lambda: signing.image(ORG_OWNER),
            lambda png: signing.set_seal_image(png, self._size),
            button_text=tr("Tải ảnh con dấu…"),
            hint=tr(
                "Ảnh PNG nền trong suốt của con dấu (mực đỏ), quét ở 300 dpi trở lên. Đường kính "
                "là kích thước thật của con dấu, để con dấu in ra đúng cỡ trên văn bản."
            ),
        )
        self.size_button = QPushButton(tr("Lưu đường kính"))
        self.size_button.clicked.connect(self._on_size_button_clicked)
        self.size_spin.valueChanged.connect(self._on_size_spin_value_changed)
        controls = self.image.controls
        controls.insertWidget(1, QLabel(tr("Đường kính thật:")))
        controls.insertWidget(2, self.size_spin)
        controls.insertWidget(3, self.size_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image)
        self.image.image_loaded.connect(self._on_image_loaded)
        self._on_image_loaded()

    def _on_image_loaded(self) -> None:
        stored = self.image.stored
        if stored is not None and stored.size_mm is not None:
            self.size_spin.setValue(stored.size_mm)
        self._on_size_spin_value_changed(self.size_spin.value())

    def _on_size_spin_value_changed(self, value: float) -> None:
        self._size = value
        stored = self.image.stored
        self.size_button.setEnabled(
            stored is not None and stored.size_mm is not None and abs(stored.size_mm - value) > 1e-6
        )

    def _on_size_button_clicked(self) -> None:
        """Store the seal again with the new diameter."""
        stored = self.image.stored
        if stored is None:
            return
        signing, png, size = self._signing, stored.png, self._size
        CommandOp(self, lambda: signing.set_seal_image(png, size)).success(
            guarded(self, lambda _none: self._on_size_saved())
        ).failure(guarded(self, self.image.show_failure)).run()

    def _on_size_saved(self) -> None:
        self.image.status_label.setText(tr("Đã lưu đường kính."))
        self.image.reload()


class SigningSettingsDialog(BaseDialog):
    """Every signing setting the signed-in user may change, one tab per area.

    Widgets are reachable for tests and scripts: `my_key`, `signature_image`, and, by role,
    `org_key`, `seal`, `trust_roots`, `options` (None when the tab is not shown).
    """

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Cài đặt ký số"))
        self.setMinimumWidth(640)
        signing, user = space.signing, space.auth.user
        list_tokens = getattr(signing, "token_labels", None)  # when the service offers it
        self.tabs = QTabWidget()
        self.my_key = SigningKeyWidget(signing, user.id, space.clock, list_tokens=list_tokens)
        self.tabs.addTab(
            self._page(
                tr(
                    "Khóa ký số của bạn trên máy tính này: tệp khóa do nhà cung cấp chữ ký số cấp, "
                    "hoặc thiết bị ký số cắm vào cổng USB. Mật khẩu và mã PIN không được lưu; "
                    "phần mềm hỏi mỗi lần ký."
                ),
                self.my_key,
            ),
            tr("Khóa ký của tôi"),
        )
        self.signature_image = SignatureImageWidget(
            lambda: signing.image(user.id),
            signing.set_signature_image,
            button_text=tr("Tải ảnh chữ ký…"),
            hint=tr(
                "Ảnh PNG nền trong suốt của chữ ký tay (mực xanh), quét ở 300 dpi trở lên. "
                "Ảnh được đặt vào văn bản khi bạn ký số."
            ),
        )
        self.tabs.addTab(self._page("", self.signature_image, stretch=False), tr("Ảnh chữ ký"))
        self.org_key: SigningKeyWidget | None = None
        self.seal: SealWidget | None = None
        self.trust_roots: TrustRootsWidget | None = None
        self.options: SigningOptionsWidget | None = None
        if user.roles & {Role.CLERK, Role.ADMIN}:
            self.org_key = SigningKeyWidget(
                signing, ORG_OWNER, space.clock, list_tokens=list_tokens
            )
            self.seal = SealWidget(signing)
            key_box, seal_box = QGroupBox(tr("Khóa ký số của cơ quan")), QGroupBox(tr("Con dấu"))
            QVBoxLayout(key_box).addWidget(self.org_key)
            QVBoxLayout(seal_box).addWidget(self.seal)
            self.tabs.addTab(self._page("", key_box, seal_box), tr("Khóa và con dấu cơ quan"))
        if Role.ADMIN in user.roles:
            self.trust_roots = TrustRootsWidget(signing)
            self.options = SigningOptionsWidget(signing)
            self.tabs.addTab(self.trust_roots, tr("Chứng thư gốc tin cậy"))
            self.tabs.addTab(self.options, tr("Dấu thời gian và cấp số"))
        buttons = localize_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    @staticmethod
    def _page(intro: str, *widgets: QWidget, stretch: bool = True) -> QScrollArea:
        """A tab's content, scrolling when it grows taller than the dialog."""
        page = QWidget()
        layout = QVBoxLayout(page)
        if intro:
            layout.addWidget(hint_label(intro))
        for widget in widgets:
            layout.addWidget(widget)
        if stretch:
            layout.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        return area

    def has_unsaved_changes(self) -> bool:
        """True when a key choice or the options were changed and not saved."""
        parts = (self.my_key, self.org_key, self.options)
        return any(part is not None and part.has_unsaved_changes() for part in parts)

    def reject(self) -> None:
        """Close; ask first when something typed is not saved."""
        if self.has_unsaved_changes() and not ask_yes_no(
            self,
            tr("Cài đặt ký số"),
            tr("Có thay đổi chưa được lưu. Vẫn đóng và bỏ các thay đổi này?"),
        ):
            return
        super().reject()
