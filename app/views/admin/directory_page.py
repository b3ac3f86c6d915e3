"""The "Quản trị" page: organisation, units, users, registers and devices in tabs."""

from __future__ import annotations

from PyQt6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.admin.devices_widget import DevicesWidget
from app.views.admin.organisation_form import OrganisationForm
from app.views.admin.registers_widget import RegistersWidget
from app.views.admin.units_widget import UnitsWidget
from app.views.admin.users_widget import UsersWidget


class DirectoryPage(QWidget):
    """What the administrator (Quản trị hệ thống) manages, one tab per area."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.organisation_form = OrganisationForm(space, events)
        self.units_widget = UnitsWidget(space, events)
        self.users_widget = UsersWidget(space, events)
        self.registers_widget = RegistersWidget(space, events)
        self.devices_widget = DevicesWidget(space, events)
        self.tabs.addTab(self.organisation_form, tr("Cơ quan"))
        self.tabs.addTab(self.units_widget, tr("Đơn vị"))
        self.tabs.addTab(self.users_widget, tr("Người dùng"))
        self.tabs.addTab(self.registers_widget, tr("Sổ đăng ký"))
        self.tabs.addTab(self.devices_widget, tr("Máy tính"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Re-read everything (F5)."""
        self.organisation_form.reload()
        widgets = (self.units_widget, self.users_widget, self.registers_widget, self.devices_widget)
        for widget in widgets:
            widget.model.refresh()
