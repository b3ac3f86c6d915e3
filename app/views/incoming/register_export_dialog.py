""" "In sổ đăng ký văn bản đến": choose the year and the file, write the DOCX (ND30 Phụ lục IV)."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.space import Space
from app.timeutil import today_vn
from app.ui_support.dialogs import BaseDialog, localize_buttons
from app.ui_support.ops import CommandOp


class RegisterExportDialog(BaseDialog):
    """Writes the year's incoming register to a DOCX file the clerk prints and binds."""

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self.setWindowTitle(tr("In sổ đăng ký văn bản đến"))
        year = today_vn(space.clock).year
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, year + 1)
        self.year_spin.setValue(year)
        self.confidential_box = QCheckBox(tr("Sổ văn bản mật"))
        self.path_edit = QLineEdit(str(Path.home() / tr("so-van-ban-den-{y}.docx").format(y=year)))
        browse = QPushButton(tr("Chọn…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("Năm:"), self.year_spin)
        form.addRow("", self.confidential_box)
        form.addRow(tr("Lưu vào tệp:"), row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        localize_buttons(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(tr("Xuất sổ"))
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.written = 0

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Lưu sổ đăng ký"), self.path_edit.text(), tr("Tài liệu Word (*.docx)")
        )
        if path:
            self.path_edit.setText(path if path.endswith(".docx") else path + ".docx")

    def _on_export_clicked(self) -> None:
        year, secret = self.year_spin.value(), self.confidential_box.isChecked()
        out = Path(self.path_edit.text().strip())
        incoming = self._space.incoming
        op = CommandOp(self, lambda: incoming.export_register(year, out, confidential=secret))
        op.success(self._on_exported).with_progress(tr("Đang xuất sổ…")).run()

    def _on_exported(self, count: int) -> None:
        self.written = count
        self.accept()
        if self.parentWidget() is not None:
            QMessageBox.information(
                self.parentWidget(),
                tr("Đã xuất sổ"),
                tr("Đã ghi {n} văn bản vào {path}.").format(n=count, path=self.path_edit.text()),
            )
