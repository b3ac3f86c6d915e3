"""What the views show of a PDF: its pages as pixels and its digital signatures."""

from __future__ import annotations

from app.documents.pages import PageImage, RenderedPages, render_pages
from app.signing.validate import SignatureInfo, inspect_pdf_signatures

__all__ = ["PageImage", "RenderedPages", "SignatureInfo", "inspect_pdf_signatures", "render_pages"]
