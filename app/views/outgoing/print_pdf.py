"""Printing a document's PDF: pages rendered by PDFium with form fields drawn (so the number,
the date and the signature images appear, which QtPdf would leave out), then painted on the
printer one page per sheet at their real size.
"""

from __future__ import annotations

from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtPrintSupport import QPrintDialog, QPrinter
from PyQt6.QtWidgets import QDialog, QWidget

from app.i18n import tr
from app.services.space import Space
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.pdf_preview import RenderedPdf, render_pdf

MAX_PRINT_DPI = 200  # sharp on paper; a 300-dpi A4 page would take 35 MB of memory
MAX_PRINT_PAGES = 500
POINTS_PER_INCH = 72


def paint_pages(printer: QPrinter, pages: tuple[QImage, ...], dpi: float) -> int:
    """Paint `pages` (rendered at `dpi`) on `printer`, centred on each sheet; returns the count."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for n, image in enumerate(pages):
            if n and not printer.newPage():
                return n
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            scale = printer.resolution() / dpi  # the page's real size on this printer
            width, height = image.width() * scale, image.height() * scale
            fit = min(1.0, paper.width() / width, paper.height() / height)
            width, height = width * fit, height * fit
            target = QRectF(
                paper.x() + (paper.width() - width) / 2,
                paper.y() + (paper.height() - height) / 2,
                width,
                height,
            )
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


def print_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at for `printer`."""
    return max(POINTS_PER_INCH, min(printer.resolution(), MAX_PRINT_DPI))


def print_document(parent: QWidget, space: Space, sha: str, title: str) -> None:
    """Ask for the printer, then render the PDF `sha` in the background and print it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("In văn bản"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    print_to(parent, space, sha, printer)


def print_to(parent: QWidget, space: Space, sha: str, printer: QPrinter) -> None:
    """Render the PDF `sha` off the GUI thread and paint it on `printer` (already set up)."""
    svc, dpi = space.outgoing, print_dpi(printer)

    def render() -> RenderedPdf:
        return render_pdf(svc.file_bytes(sha), dpi=dpi, max_pages=MAX_PRINT_PAGES)

    def done(rendered: RenderedPdf) -> None:
        paint_pages(printer, rendered.pages, dpi)

    QueryOp(parent, render).success(guarded(parent, done)).with_progress(
        tr("Đang chuẩn bị trang in…")
    ).run()
