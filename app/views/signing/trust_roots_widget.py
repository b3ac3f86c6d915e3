"""The admin's list of trust roots ("Chứng thư gốc tin cậy"): import and remove.

A signature on a PDF counts as trusted ("tin cậy") when its certificate chains to one of these
roots; validation never falls back on the operating system's store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PyQt6 import sip
from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.signing import SigningService, TrustRootInfo
from app.ui_support.dialogs import FieldErrors, ask_yes_no
from app.ui_support.ops import CommandOp, QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.signing.key_widget import hint_label

IdRole = Qt.ItemDataRole.UserRole + 1  # the root's SHA-256 (str)
RowRole = Qt.ItemDataRole.UserRole + 2  # the TrustRootInfo
_Index = QModelIndex | QPersistentModelIndex


class TrustRootTableModel(QAbstractTableModel):
    """The imported roots: subject and end of validity; `refresh()` re-reads them."""

    def __init__(self, signing: SigningService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signing = signing
        self._rows: list[TrustRootInfo] = []

    def refresh(self) -> None:
        """Re-read the roots off the GUI thread."""
        QueryOp(None, self._signing.trust_roots).success(self._on_rows_loaded).run()

    def _on_rows_loaded(self, rows: list[TrustRootInfo]) -> None:
        if not sip.isdeleted(self):
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """The number of roots."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """Subject and "valid until"."""
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Chứng thư gốc"), tr("Hiệu lực đến"))[section] if section < 2 else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text, or the row's id / DTO."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.subject if index.column() == 0 else row.not_after
        if role == IdRole:
            return row.sha256
        if role == RowRole:
            return row
        return None


class TrustRootsWidget(QWidget):
    """The roots in a table, with "Nhập chứng thư…" and "Xóa…" (asked first)."""

    def __init__(self, signing: SigningService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._signing = signing
        self.model = TrustRootTableModel(signing, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        vertical = self.view.verticalHeader()
        if vertical is not None:
            vertical.hide()
        header = self.view.horizontalHeader()
        if header is not None:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.import_button = QPushButton(tr("Nhập chứng thư…"))
        self.remove_button = QPushButton(tr("Xóa…"))
        self.remove_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        selection = self.view.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.error_label = QLabel()
        self._errors = FieldErrors(self.error_label, {})
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "Chữ ký số trên văn bản được coi là tin cậy khi chứng thư của người ký do một "
                    "trong các chứng thư gốc dưới đây cấp (ví dụ chứng thư gốc của Trung tâm "
                    "Chứng thực điện tử quốc gia hoặc của Ban Cơ yếu Chính phủ). Nhận tệp .cer, "
                    ".crt, .pem hoặc .p7b."
                )
            )
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        self.model.refresh()

    def current_root(self) -> TrustRootInfo | None:
        """The selected root, if any."""
        selection = self.view.selectionModel()
        if selection is None or not selection.hasSelection():
            return None
        row: TrustRootInfo | None = self.model.data(self.view.currentIndex(), RowRole)
        return row

    def _on_selection_changed(self, *_args: object) -> None:
        self.remove_button.setEnabled(self.current_root() is not None)

    def _on_import_button_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            tr("Nhập chứng thư gốc tin cậy"),
            "",
            tr("Chứng thư số (*.cer *.crt *.pem *.der *.p7b *.p7c);;Mọi tệp (*)"),
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        """Import the certificates in `paths` as trust roots."""
        self._errors.clear()
        self.status_label.clear()
        signing = self._signing
        CommandOp(self, lambda: signing.import_trust_roots(paths)).success(
            guarded(self, self._on_imported)
        ).failure(guarded(self, self._on_failed)).with_progress(tr("Đang nhập chứng thư…")).run()

    def _on_imported(self, subjects: list[str]) -> None:
        self.status_label.setText(
            tr("Đã nhập {n} chứng thư: {names}.").format(n=len(subjects), names=", ".join(subjects))
        )
        self.model.refresh()

    def _on_remove_button_clicked(self) -> None:
        root = self.current_root()
        if root is None:
            return
        question = tr(
            "Thôi tin cậy chứng thư gốc “{name}”? Chữ ký do chứng thư này cấp sẽ không còn được "
            "coi là tin cậy."
        ).format(name=root.subject)
        if not ask_yes_no(self, tr("Xóa chứng thư gốc"), question):
            return
        self._errors.clear()
        signing, sha = self._signing, root.sha256
        CommandOp(self, lambda: signing.remove_trust_root(sha)).success(
            guarded(self, lambda _none: self._on_removed(root))
        ).failure(guarded(self, self._on_failed)).run()

    def _on_removed(self, root: TrustRootInfo) -> None:
        self.status_label.setText(tr("Đã xóa chứng thư gốc {name}.").format(name=root.subject))
        self.model.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        if not self._errors.show(exc):
            show_error(self, exc)
