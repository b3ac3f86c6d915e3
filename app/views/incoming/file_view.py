"""A document's file: its pages above, its digital signatures below (Điều 21.2 of ND30)."""

from __future__ import annotations

import html

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from app.i18n import tr
from app.views.incoming.pdf_preview import PdfPreview
from app.views.incoming.signature_panel import SignaturePanel


class FileView(QSplitter):
    """The PdfPreview (`preview`) over the SignaturePanel (`signatures`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.preview = PdfPreview(self)
        self.signatures = SignaturePanel(self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(QLabel("<b>" + html.escape(tr("Chữ ký số")) + "</b>", box))
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.signatures)
        column.addWidget(scroll)
        self.addWidget(self.preview)
        self.addWidget(box)
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)

    def set_pdf(self, data: bytes, key: str = "") -> None:
        """Show and check the file `data` (nothing is redone for the `key` already shown)."""
        self.preview.set_pdf(data, key)
        self.signatures.set_pdf(data, key)

    def clear(self, message: str = "") -> None:
        """Show no file."""
        self.preview.clear(message)
        self.signatures.clear()
