""" "In sổ đăng ký văn bản đi": the year's outgoing register as DOCX (ND30 Phụ lục IV mục I)."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import QWidget

from app.i18n import tr
from app.services.space import Space
from app.ui_support.ops import CommandOp, QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.register_export_dialog import RegisterExportDialog


class OutgoingRegisterExportDialog(RegisterExportDialog):
    """The incoming register's dialog, writing the Sổ đăng ký văn bản đi instead.

    The year starts at the newest year that has an outgoing register.
    """

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(space, parent)
        self.setWindowTitle(tr("In sổ đăng ký văn bản đi"))
        self._set_default_path()
        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        QueryOp(self, space.outgoing.register_years).success(
            guarded(self, self._on_years_loaded)
        ).failure(lambda _exc: None).run()

    def _set_default_path(self) -> None:
        name = tr("so-van-ban-di-{y}.docx").format(y=self.year_spin.value())
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else Path.home()
        self.path_edit.setText(str(folder / name))

    def _on_years_loaded(self, years: list[int]) -> None:
        if years:
            self.year_spin.setValue(years[0])

    def _on_year_spin_value_changed(self, _year: int) -> None:
        self._set_default_path()

    def _on_export_clicked(self) -> None:
        year, secret = self.year_spin.value(), self.confidential_box.isChecked()
        out = Path(self.path_edit.text().strip())
        outgoing = self._space.outgoing
        op = CommandOp(self, lambda: outgoing.export_register(year, out, confidential=secret))
        op.success(self._on_exported).with_progress(tr("Đang xuất sổ…")).run()
