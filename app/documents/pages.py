"""PDF pages as pixels, with pypdfium2 (it draws signature appearances, which QtPdf skips).

PDFium is not thread-safe: every use of it in the app goes through `pdfium_lock`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from app.errors import UserError
from app.i18n import tr

pdfium_lock = threading.RLock()


@dataclass(frozen=True)
class PageImage:
    """One rendered page: RGBX bytes, row by row."""

    width: int
    height: int
    stride: int
    rgbx: bytes


@dataclass(frozen=True)
class RenderedPages:
    """The first pages of a PDF, and how many pages it has in all."""

    page_count: int
    pages: tuple[PageImage, ...]


def render_pages(data: bytes, *, dpi: float, max_pages: int) -> RenderedPages:
    """Render up to `max_pages` pages at `dpi`, form fields and signatures included."""
    import pypdfium2 as pdfium

    images: list[PageImage] = []
    with pdfium_lock:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise UserError(tr("Không mở được tệp PDF để xem trước.")) from exc
        try:
            pdf.init_forms()
            count = len(pdf)
            for index in range(min(count, max_pages)):
                page = pdf[index]
                bitmap = page.render(
                    scale=dpi / 72, may_draw_forms=True, rev_byteorder=True, prefer_bgrx=True
                )
                images.append(
                    PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
                )
                bitmap.close()
                page.close()
        finally:
            pdf.close()
    return RenderedPages(count, tuple(images))
