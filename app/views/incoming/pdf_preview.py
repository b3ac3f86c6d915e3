"""A scrollable preview of a PDF's first pages, rendered with pypdfium2 off the GUI thread.

QtPdf does not draw signature appearances (signing-notes §6), so pages are rendered with PDFium's
form drawing on and shown as images.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QEvent, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QImage, QPalette, QPixmap
from PyQt6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import tr
from app.services.previews import render_pages
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded

PREVIEW_DPI = 100
MAX_PAGES = 20
_MAX_UPSCALE = 1.5


@dataclass(frozen=True)
class RenderedPdf:
    """The first pages of a PDF as images, and how many pages it has."""

    page_count: int
    pages: tuple[QImage, ...]


def render_pdf(data: bytes, *, dpi: int = PREVIEW_DPI, max_pages: int = MAX_PAGES) -> RenderedPdf:
    """Render up to `max_pages` pages, signatures included; safe off the GUI thread."""
    rendered = render_pages(data, dpi=dpi, max_pages=max_pages)
    images = tuple(
        QImage(p.rgbx, p.width, p.height, p.stride, QImage.Format.Format_RGBX8888).copy()
        for p in rendered.pages
    )
    return RenderedPdf(rendered.page_count, images)


class PdfPreview(QWidget):
    """The pages of one PDF, one under the other, fitted to the width.

    Signals:
        page_count_known(int): the PDF was opened and has this many pages.
    """

    page_count_known = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key: str | None = None
        self._generation = 0
        self._images: tuple[QImage, ...] = ()
        self._labels: list[QLabel] = []
        self.page_count = 0
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pages = QWidget()
        self._pages.setBackgroundRole(QPalette.ColorRole.Dark)
        self._pages.setAutoFillBackground(True)
        self._column = QVBoxLayout(self._pages)
        self._column.setSpacing(8)
        self._column.addStretch(1)
        self._scroll.setWidget(self._pages)
        viewport = self._scroll.viewport()
        assert viewport is not None  # a scroll area always has one
        viewport.installEventFilter(self)
        self._viewport = viewport
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(60)
        self._refit.timeout.connect(self._fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self._scroll, 1)
        self.clear()

    def clear(self, message: str = "") -> None:
        """Show no document."""
        self._generation += 1
        self._key = None
        self._show_images(())
        self.page_count = 0
        self.info.setText(message or tr("Chưa có tệp để xem."))

    def set_pdf(self, data: bytes, key: str = "") -> None:
        """Render `data` in the background; nothing is redone when `key` is the one shown."""
        if key and key == self._key:
            return
        self._generation += 1
        generation = self._generation
        self._key = key or None
        self.info.setText(tr("Đang hiển thị văn bản…"))

        def done(result: RenderedPdf) -> None:
            if generation == self._generation:
                self._on_rendered(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._key = None
                self._show_images(())
                text = exc.message if isinstance(exc, UserError) else tr("Không hiển thị được tệp.")
                self.info.setText(text)

        QueryOp(self, lambda: render_pdf(data)).success(guarded(self, done)).failure(
            guarded(self, failed)
        ).run()

    def _on_rendered(self, result: RenderedPdf) -> None:
        self.page_count = result.page_count
        self._show_images(result.pages)
        if result.page_count > len(result.pages):
            text = tr("{n} trang (xem trước {shown} trang đầu)").format(
                n=result.page_count, shown=len(result.pages)
            )
        else:
            text = tr("{n} trang").format(n=result.page_count)
        self.info.setText(text)
        self.page_count_known.emit(result.page_count)

    def _show_images(self, images: tuple[QImage, ...]) -> None:
        for old in self._labels:
            self._column.removeWidget(old)
            old.deleteLater()
        self._images = images
        self._labels = []
        for number in range(1, len(images) + 1):
            page = QLabel(self._pages)
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            page.setAccessibleName(tr("Trang {n}").format(n=number))
            self._column.insertWidget(self._column.count() - 1, page)
            self._labels.append(page)
        self._fit()

    def _fit(self) -> None:
        width = max(self._viewport.width() - 24, 100)
        for label, image in zip(self._labels, self._images, strict=True):
            scale = min(width / max(image.width(), 1), _MAX_UPSCALE)
            pixmap = QPixmap.fromImage(image)
            if abs(scale - 1) > 0.01:
                pixmap = pixmap.scaledToWidth(
                    int(image.width() * scale), Qt.TransformationMode.SmoothTransformation
                )
            label.setPixmap(pixmap)
            label.setFixedHeight(pixmap.height())

    def eventFilter(self, obj: QObject | None, event: QEvent | None) -> bool:
        """Fit the pages again (a little later) when the visible width changes."""
        if event is not None and event.type() == QEvent.Type.Resize and self._labels:
            self._refit.start()
        return super().eventFilter(obj, event)
