"""Add or edit a unit (đơn vị / bộ phận) and its abbreviation."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.changes import Changes
from app.services.directory import UnitInfo
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp, show_error


class UnitDialog(BaseDialog):
    """Edits one unit (`unit` None adds a new one) and broadcasts the directory change."""

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        unit: UnitInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._unit = unit
        self.setWindowTitle(tr("Sửa đơn vị") if unit else tr("Thêm đơn vị"))
        self.setMinimumWidth(440)
        self.name_edit = QLineEdit(unit.name if unit else "")
        self.name_edit.setPlaceholderText(tr("ví dụ: Văn phòng - Thống kê"))
        self.abbreviation_edit = QLineEdit(unit.abbreviation if unit else "")
        self.abbreviation_edit.setPlaceholderText(tr("ví dụ: VP"))
        self.active_check = QCheckBox(tr("Đang hoạt động"))
        self.active_check.setChecked(unit.active if unit else True)
        self.active_check.setVisible(unit is not None)
        form = QFormLayout()
        form.addRow(tr("Tên đơn vị:"), self.name_edit)
        form.addRow(tr("Chữ viết tắt:"), self.abbreviation_edit)
        form.addRow("", self.active_check)
        self.error_label = QLabel()
        self._errors = FieldErrors(
            self.error_label, {"name": self.name_edit, "abbreviation": self.abbreviation_edit}
        )
        buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        )
        buttons.accepted.connect(self._on_save_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _on_save_button_clicked(self) -> None:
        self._errors.clear()
        info = UnitInfo(
            id=self._unit.id if self._unit else "",
            name=self.name_edit.text().strip(),
            abbreviation=self.abbreviation_edit.text().strip(),
            active=self.active_check.isChecked(),
        )
        directory = self._space.directory
        CommandOp(self, lambda: directory.save_unit(info)).success(self._on_saved).failure(
            self._on_save_failed
        ).with_progress(tr("Đang lưu…")).run()

    def _on_saved(self, _unit_id: str) -> None:
        self._events.emit_changed(Changes(directory=True), self)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)
