"""The "Kiểm tra chữ ký số" dialog: every signature of any PDF, checked against the trust roots.

For each signature: who signed, when (Vietnam's time), whether the signed bytes are unchanged
(toàn vẹn), whether the certificate chains to an imported trust root (tin cậy), what was added
after signing, whether a timestamp authority vouched for the time, and one Vietnamese sentence
from the validator. pyHanko's check runs off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, Protocol

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PyQt6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, tr
from app.services.signing import SigningService
from app.services.space import Space
from app.timeutil import VN_TZ
from app.ui_support.dialogs import BaseDialog, localize_buttons
from app.ui_support.ops import QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.signing.key_widget import hint_label

GOOD = "#1b7f3b"
DOUBT = "#9a6700"
BAD = "#c62828"
RowRole = Qt.ItemDataRole.UserRole + 1  # the signature (SignatureInfo)
_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    N_("Người ký"),
    N_("Thời điểm ký"),
    N_("Toàn vẹn"),
    N_("Tin cậy"),
    N_("Thay đổi sau khi ký"),
    N_("Dấu thời gian"),
    N_("Kết luận"),
)
SIGNER, SIGNED_AT, INTACT, TRUSTED, MODIFIED, TIMESTAMP, SUMMARY = range(len(COLUMNS))
_MODIFICATIONS = {
    "none": N_("Không"),
    "allowed": N_("Có, được phép"),
    "disallowed": N_("Có, không được phép"),
}


class SignatureView(Protocol):
    """What the table shows of one signature (app.signing.validate.SignatureInfo)."""

    @property
    def signer(self) -> str: ...
    @property
    def signed_at(self) -> dt.datetime | None: ...
    @property
    def intact(self) -> bool: ...
    @property
    def valid(self) -> bool: ...
    @property
    def trusted(self) -> bool: ...
    @property
    def modification(self) -> Literal["none", "allowed", "disallowed"]: ...
    @property
    def summary(self) -> str: ...
    @property
    def timestamped(self) -> bool: ...


def signed_at_text(moment: dt.datetime | None) -> str:
    """dd/MM/yyyy HH:mm:ss in Vietnam's time."""
    if moment is None:
        return tr("Không rõ")
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S")


def verdict_colour(info: SignatureView) -> str:
    """Red when broken or changed illegally, amber when only untrusted, green when all holds."""
    if not info.intact or not info.valid or info.modification == "disallowed":
        return BAD
    return GOOD if info.trusted else DOUBT


def _yes_no(value: bool) -> str:
    return tr("Có") if value else tr("Không")


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class SignatureTableModel(QAbstractTableModel):
    """One row per signature, oldest first; marks are green (holds) or red (does not)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SignatureView] = []
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: list[SignatureView]) -> None:
        """Show these signatures."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """The number of signatures."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """The fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return tr(COLUMNS[section])
        return None

    def text(self, info: SignatureView, column: int) -> str:
        """The text of one cell."""
        if column == SIGNER:
            return info.signer or tr("Không rõ người ký")
        if column == SIGNED_AT:
            return signed_at_text(info.signed_at)
        if column == INTACT:
            return _yes_no(info.intact and info.valid)
        if column == TRUSTED:
            return _yes_no(info.trusted)
        if column == MODIFIED:
            return tr(_MODIFICATIONS.get(info.modification, info.modification))
        if column == TIMESTAMP:
            return _yes_no(info.timestamped)
        return info.summary

    def colour(self, info: SignatureView, column: int) -> str | None:
        """The mark's colour of a cell, None for cells without one."""
        if column == INTACT:
            return GOOD if info.intact and info.valid else BAD
        if column == TRUSTED:
            return GOOD if info.trusted else BAD
        if column == MODIFIED:
            return BAD if info.modification == "disallowed" else GOOD
        if column == SUMMARY:
            return verdict_colour(info)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, mark colour and icon, tooltip, or the signature itself."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        info, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(info, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return info.summary
        if role == RowRole:
            return info
        colour = self.colour(info, column)
        if colour is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.DecorationRole and column != SUMMARY:
            if colour not in self._icons:
                self._icons[colour] = _dot(colour)
            return self._icons[colour]
        return None


def _validate(signing: SigningService, data: bytes | None, path: str) -> list[SignatureView]:
    """Read the file if needed and check its signatures (runs off the GUI thread)."""
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise UserError(tr("Không đọc được tệp {name}.").format(name=Path(path).name)) from exc
    infos: list[SignatureView] = list(signing.validate_pdf(data))
    return infos


class SignatureValidationDialog(BaseDialog):
    """Pick a PDF (or get one) and see its signatures in a table, with a one-line verdict."""

    def __init__(
        self,
        space: Space,
        parent: QWidget | None = None,
        *,
        pdf: bytes | None = None,
        name: str = "",
    ) -> None:
        super().__init__(parent)
        self._signing = space.signing
        self._generation = 0
        self.setWindowTitle(tr("Kiểm tra chữ ký số"))
        self.resize(1120, 440)
        self.file_label = QLabel(tr("Chưa chọn tệp."))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(tr("Chọn tệp PDF…"))
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.model = SignatureTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        vertical = self.view.verticalHeader()
        if vertical is not None:
            vertical.hide()
        header = self.view.horizontalHeader()
        if header is not None:
            header.setStretchLastSection(True)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.model.modelReset.connect(self._on_model_reset)
        selection = self.view.selectionModel()
        if selection is not None:
            selection.currentRowChanged.connect(self._on_current_row_changed)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = localize_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(
            hint_label(
                tr(
                    "“Toàn vẹn”: nội dung không bị sửa từ lúc ký. “Tin cậy”: chứng thư của người "
                    "ký do một chứng thư gốc đã nhập trong Cài đặt ký số cấp. Thời điểm ký theo "
                    "giờ Việt Nam; có dấu thời gian thì thời điểm do máy chủ dấu thời gian xác "
                    "nhận, nếu không là giờ trên máy của người ký."
                )
            )
        )
        layout.addWidget(buttons)
        if pdf is not None:
            self.check_pdf(pdf, name)

    # -- checking
    def check_pdf(self, data: bytes, name: str = "") -> None:
        """Check the signatures of a PDF given as bytes."""
        self._start(data, "", name)

    def check_file(self, path: str | Path) -> None:
        """Check the signatures of the PDF file at `path`."""
        self._start(None, str(path), Path(path).name)

    def _start(self, data: bytes | None, path: str, name: str) -> None:
        self._generation += 1
        generation = self._generation
        self.file_label.setText(tr("Tệp: {name}").format(name=name) if name else "")
        self.model.set_rows([])
        self._set_status(tr("Đang kiểm tra chữ ký số…"), None)
        self.choose_button.setEnabled(False)
        signing = self._signing

        def done(infos: list[SignatureView]) -> None:
            if generation == self._generation:
                self.choose_button.setEnabled(True)
                self._show(infos)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.choose_button.setEnabled(True)
            if isinstance(exc, UserError):
                self._set_status(exc.message, BAD)
            else:
                self._set_status(tr("Không kiểm tra được chữ ký số của tệp."), BAD)
                show_error(self, exc)

        QueryOp(self, lambda: _validate(signing, data, path)).success(guarded(self, done)).failure(
            guarded(self, failed)
        ).with_progress(tr("Đang kiểm tra chữ ký số…")).run()

    def _show(self, infos: list[SignatureView]) -> None:
        self.model.set_rows(infos)
        if not infos:
            self._set_status(tr("Tệp không có chữ ký số."), None)
            return
        broken = sum(1 for i in infos if not i.intact or not i.valid)
        changed = sum(1 for i in infos if i.modification == "disallowed")
        untrusted = sum(1 for i in infos if not i.trusted)
        count = tr("Tệp có {n} chữ ký số").format(n=len(infos))
        if broken:
            text, colour = tr("{count}; {k} chữ ký không còn toàn vẹn."), BAD
        elif changed:
            text, colour = tr("{count}; tệp đã bị sửa sau khi ký (không được phép)."), BAD
        elif untrusted:
            text, colour = tr("{count}, còn toàn vẹn; {k} chữ ký chưa được tin cậy."), DOUBT
        else:
            text, colour = tr("{count}, tất cả còn toàn vẹn và được tin cậy."), GOOD
        self._set_status(text.format(count=count, k=broken or untrusted), colour)
        self.view.selectRow(0)

    def _set_status(self, text: str, colour: str | None) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")

    # -- view
    def _on_model_reset(self) -> None:
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.view.setColumnWidth(column, self.view.columnWidth(column) + 16)
        self.detail_label.clear()

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        info: SignatureView | None = self.model.data(current, RowRole)
        if info is None:
            self.detail_label.clear()
            return
        self.detail_label.setText(
            tr("{signer}: {summary}").format(
                signer=self.model.text(info, SIGNER), summary=info.summary
            )
        )
        self.detail_label.setStyleSheet(f"color: {verdict_colour(info)};")

    def _on_choose_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Chọn tệp PDF cần kiểm tra"), "", tr("Tệp PDF (*.pdf);;Mọi tệp (*)")
        )
        if path:
            self.check_file(path)
