"""The "Sổ đăng ký" tab: the registers of incoming documents, read-only."""

from __future__ import annotations

from PyQt6.QtWidgets import QWidget

from app.i18n import tr
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.admin.list_widget import DirectoryListWidget
from app.views.admin.table_models import RegisterTableModel


class RegistersWidget(DirectoryListWidget):
    """Lists the registers (sổ đăng ký văn bản đến), newest year first."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(RegisterTableModel(space.directory, "incoming"), events, parent)
        self.model.modelReset.connect(self._on_registers_loaded)
        self._on_registers_loaded()

    def _on_registers_loaded(self) -> None:
        if self.model.rowCount() == 0:
            self.status_label.setText(
                tr(
                    "Chưa có sổ nào. Sổ văn bản đến của mỗi năm được mở khi vào sổ "
                    "văn bản đầu tiên của năm đó."
                )
            )
        else:
            self.status_label.setText(
                tr("Số đến chạy từ 1 vào ngày 01/01, riêng cho từng sổ, từng năm.")
            )
