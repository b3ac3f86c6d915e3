"""The "Đơn vị" tab: the ward's units, with add, edit and deactivate."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PyQt6.QtWidgets import QWidget

from app.i18n import tr
from app.services.changes import Changes
from app.services.directory import UnitInfo
from app.services.space import Space
from app.ui_support.dialogs import ask_yes_no
from app.ui_support.events import AppEvents
from app.ui_support.ops import CommandOp
from app.views.admin.list_widget import DirectoryListWidget
from app.views.admin.table_models import UnitTableModel
from app.views.admin.unit_dialog import UnitDialog


class UnitsWidget(DirectoryListWidget):
    """Lists units; "Thêm đơn vị", "Sửa" and "Ngừng hoạt động" / "Hoạt động lại"."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(UnitTableModel(space.directory), events, parent)
        self._space = space
        self._events = events
        self.new_button = self.add_button(tr("Thêm đơn vị"), needs_row=False)
        self.edit_button = self.add_button(tr("Sửa"))
        self.toggle_button = self.add_button(tr("Ngừng hoạt động"))
        self.new_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_button_clicked)
        selection = self.view.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self._on_selection_changed)

    def _on_selection_changed(self, *_args: object) -> None:
        unit = self.current_row()
        inactive = isinstance(unit, UnitInfo) and not unit.active
        self.toggle_button.setText(tr("Hoạt động lại") if inactive else tr("Ngừng hoạt động"))

    def open_dialog(self, unit: UnitInfo | None) -> UnitDialog:
        """Open the unit dialog (window-modal, not blocking)."""
        dialog = UnitDialog(self._space, self._events, unit, self)
        dialog.open()
        return dialog

    def _on_add_button_clicked(self) -> None:
        self.open_dialog(None)

    def _on_edit_button_clicked(self) -> None:
        unit = self.current_row()
        if isinstance(unit, UnitInfo):
            self.open_dialog(unit)

    def _on_row_activated(self, row: Any) -> None:
        if isinstance(row, UnitInfo):
            self.open_dialog(row)

    def _on_toggle_button_clicked(self) -> None:
        unit = self.current_row()
        if not isinstance(unit, UnitInfo):
            return
        if unit.active and not ask_yes_no(
            self,
            tr("Ngừng hoạt động đơn vị"),
            tr(
                "Ngừng hoạt động đơn vị “{name}”? Đơn vị sẽ không còn được chọn khi phân công."
            ).format(name=unit.name),
        ):
            return
        changed = replace(unit, active=not unit.active)
        directory, events = self._space.directory, self._events
        CommandOp(self, lambda: directory.save_unit(changed)).success(
            lambda _id: events.emit_changed(Changes(directory=True), self)
        ).run()
