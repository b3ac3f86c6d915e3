"""The name dialog of "Lưu tìm kiếm…"."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.search_dto import SAVED_NAME_MAX
from app.ui_support.dialogs import BaseDialog, FieldErrors, localize_buttons
from app.ui_support.ops import CommandOp, show_error
from app.views.incoming.callbacks import guarded


class SaveSearchDialog(BaseDialog):
    """Asks for the name a search is kept under and saves it with `save(name)` (its id).

    A refused name (empty, too long) is shown in the dialog, which stays open; `saved_id` is
    set once it is saved.
    """

    def __init__(
        self, query: str, save: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.saved_id: str | None = None
        self.setWindowTitle(tr("Lưu tìm kiếm"))
        self.name = QLineEdit(query.strip()[:SAVED_NAME_MAX], self)
        self.name.setMaxLength(SAVED_NAME_MAX)
        self.name.selectAll()
        self.error = QLabel(self)
        self.errors = FieldErrors(self.error, {"name": self.name})
        form = QFormLayout()
        form.addRow(tr("Tên tìm kiếm:"), self.name)
        buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
            )
        )
        ok_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert ok_button is not None
        self.ok_button = ok_button
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def _on_accepted(self) -> None:
        self.errors.clear()
        name = self.name.text()
        CommandOp(self, lambda: self._save(name)).success(guarded(self, self._saved)).failure(
            guarded(self, self._failed)
        ).run()

    def _saved(self, saved_id: str) -> None:
        self.saved_id = saved_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not self.errors.show(exc):
            show_error(self, exc)
