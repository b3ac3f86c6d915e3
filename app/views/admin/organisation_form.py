"""The "Cơ quan" tab: the ward's name, parent body, abbreviation, place name and identifier code."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.changes import Changes
from app.services.directory import OrganisationInfo
from app.services.space import Space
from app.ui_support.dialogs import FieldErrors
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp, QueryOp, show_error


class OrganisationFieldsWidget(QWidget):
    """The organisation's fields as a form; used by the first-run wizard and the admin page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("ví dụ: UBND phường Gia Thụy"))
        self.parent_edit = QLineEdit()
        self.parent_edit.setPlaceholderText(tr("ví dụ: ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"))
        self.abbreviation_edit = QLineEdit()
        self.abbreviation_edit.setPlaceholderText(tr("ví dụ: UBND (dùng trong ký hiệu văn bản)"))
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(tr("ví dụ: Gia Thụy (in ở dòng địa danh, ngày tháng)"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(tr("ví dụ: 000.00.11.H26"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Tên cơ quan:"), self.name_edit)
        form.addRow(tr("Cơ quan chủ quản:"), self.parent_edit)
        form.addRow(tr("Chữ viết tắt:"), self.abbreviation_edit)
        form.addRow(tr("Địa danh:"), self.place_edit)
        form.addRow(tr("Mã định danh:"), self.code_edit)
        self.fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "parent_name": self.parent_edit,
            "abbreviation": self.abbreviation_edit,
            "place_name": self.place_edit,
            "code": self.code_edit,
        }

    def info(self) -> OrganisationInfo:
        """What the form holds."""
        return OrganisationInfo(
            name=self.name_edit.text().strip(),
            abbreviation=self.abbreviation_edit.text().strip(),
            place_name=self.place_edit.text().strip(),
            parent_name=self.parent_edit.text().strip(),
            code=self.code_edit.text().strip(),
        )

    def set_info(self, org: OrganisationInfo) -> None:
        """Fill the form."""
        self.name_edit.setText(org.name)
        self.parent_edit.setText(org.parent_name)
        self.abbreviation_edit.setText(org.abbreviation)
        self.place_edit.setText(org.place_name)
        self.code_edit.setText(org.code)


class OrganisationForm(QWidget):
    """Edits the ward's identity, as printed on registers and documents."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self.fields = OrganisationFieldsWidget()
        self.status_label = QLabel()
        self.error_label = QLabel()
        self._errors = FieldErrors(self.error_label, self.fields.fields)
        self.save_button = QPushButton(tr("Lưu thông tin cơ quan"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        events.changed.connect(self._on_events_changed)
        self.reload()

    def reload(self) -> None:
        """Show the stored organisation."""
        QueryOp(self, self._space.directory.organisation).success(self.fields.set_info).run()

    def _on_events_changed(self, changes: Changes, initiator: object) -> None:
        if changes.directory and initiator is not self:
            self.reload()

    def _on_save_button_clicked(self) -> None:
        self._errors.clear()
        self.status_label.clear()
        info = self.fields.info()
        directory = self._space.directory
        CommandOp(self, lambda: directory.set_organisation(info)).success(self._on_saved).failure(
            self._on_save_failed
        ).with_progress(tr("Đang lưu…")).run()

    def _on_saved(self, changes: Changes) -> None:
        self.status_label.setText(tr("Đã lưu thông tin cơ quan."))
        self._events.emit_changed(changes, self)

    def _on_save_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)
