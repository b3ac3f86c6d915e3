"""A window to read one incoming document at full size (opened with Enter or a double-click)."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.space import Space
from app.ui_support.dialogs import BaseDialog, localize_buttons
from app.views.incoming.detail_pane import FILE_TAB, DetailPane


class DocumentDialog(BaseDialog):
    """The detail pane on its own, opened on the document's pages; not modal."""

    def __init__(self, space: Space, doc_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Xem văn bản đến"))
        self.pane = DetailPane(space, self)
        self.pane.tabs.setCurrentIndex(FILE_TAB)
        self.pane.show_document(doc_id)
        buttons = localize_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addWidget(buttons)
        self.resize(900, 720)
