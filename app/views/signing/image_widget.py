"""A signature or seal image: shown on a checkerboard so its transparency shows, and uploaded.

The service checks the PNG (a real PNG, with a transparent background, at most 2 MB) and its
Vietnamese refusal is shown under the picture.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PyQt6.QtCore import QRectF, QSize, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PyQt6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.ui_support.dialogs import FieldErrors
from app.ui_support.ops import CommandOp, QueryOp, show_error
from app.views.incoming.callbacks import guarded

_SQUARE = 8  # pixels per checkerboard square
_LIGHT = QColor("#ffffff")
_DARK = QColor("#d9dde3")


class StoredImage(Protocol):
    """A stored image as the service returns it (app.services.signing.ImageInfo)."""

    @property
    def png(self) -> bytes: ...
    @property
    def size_mm(self) -> float | None: ...


def read_png(path: str) -> bytes:
    """The bytes of the chosen file (run inside an op); a UserError when unreadable."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(tr("Không đọc được tệp {name}.").format(name=Path(path).name)) from exc


class CheckerboardPreview(QFrame):
    """An image drawn over a grey-and-white checkerboard, scaled to fit, never enlarged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumSize(240, 140)

    def sizeHint(self) -> QSize:
        """Room for a signature or a seal at a readable size."""
        return QSize(320, 180)

    def has_image(self) -> bool:
        """True when an image is shown."""
        return self._pixmap is not None

    def set_png(self, png: bytes | None) -> None:
        """Show `png`, or nothing."""
        pixmap = QPixmap()
        self._pixmap = pixmap if png and pixmap.loadFromData(png) else None
        self.update()

    def paintEvent(self, event: QPaintEvent | None) -> None:
        """The checkerboard, then the image centred on it (or a "no image" note)."""
        painter = QPainter(self)
        inner = self.contentsRect()
        painter.fillRect(inner, _LIGHT)
        for y in range(inner.top(), inner.bottom() + 1, _SQUARE):
            for x in range(inner.left(), inner.right() + 1, _SQUARE):
                if ((x - inner.left()) // _SQUARE + (y - inner.top()) // _SQUARE) % 2:
                    painter.fillRect(x, y, _SQUARE, _SQUARE, _DARK)
        if self._pixmap is None:
            painter.setPen(QColor("#5b6573"))
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, tr("Chưa có ảnh"))
        else:
            size = self._pixmap.size()
            room = inner.adjusted(8, 8, -8, -8).size()
            if size.width() > room.width() or size.height() > room.height():
                size = size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
            x = inner.left() + (inner.width() - size.width()) // 2
            y = inner.top() + (inner.height() - size.height()) // 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            target = QRectF(x, y, size.width(), size.height())
            painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        painter.end()
        super().paintEvent(event)


class SignatureImageWidget(QWidget):
    """The stored image on a checkerboard, an upload button, a hint and the service's refusal.

    `fetch()` returns the stored image (or None) and `store(png)` saves a new one; both are
    service calls, run off the GUI thread. `controls` is the row of the upload button, for
    more widgets.

    Signals:
        image_loaded(): `stored` was (re)read from the service.
    """

    image_loaded = pyqtSignal()

    def __init__(
        self,
        fetch: Callable[[], StoredImage | None],
        store: Callable[[bytes], None],
        *,
        button_text: str,
        hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._store = store
        self.stored: StoredImage | None = None
        self.preview = CheckerboardPreview()
        self.upload_button = QPushButton(button_text)
        self.upload_button.clicked.connect(self._on_upload_button_clicked)
        self.hint_label = QLabel(hint)
        self.hint_label.setObjectName("hintLabel")
        self.hint_label.setWordWrap(True)
        self.status_label = QLabel()
        self.error_label = QLabel()
        self._errors = FieldErrors(self.error_label, {})
        self.controls = QHBoxLayout()
        self.controls.addWidget(self.upload_button)
        self.controls.addStretch(1)
        self.controls.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 1)
        layout.addLayout(self.controls)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.error_label)
        self.reload()

    def reload(self) -> None:
        """Show the stored image."""
        QueryOp(self, self._fetch).success(guarded(self, self._on_image_loaded)).run()

    def _on_image_loaded(self, image: StoredImage | None) -> None:
        self.stored = image
        self.preview.set_png(image.png if image is not None else None)
        self.image_loaded.emit()

    def _on_upload_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.upload_button.text(), "", tr("Ảnh PNG (*.png);;Mọi tệp (*)")
        )
        if path:
            self.upload(path)

    def upload(self, path: str) -> None:
        """Read the PNG at `path` and hand it to the service."""
        self._errors.clear()
        self.status_label.clear()
        store = self._store
        CommandOp(self, lambda: store(read_png(path))).success(
            guarded(self, self._on_uploaded)
        ).failure(guarded(self, self.show_failure)).with_progress(tr("Đang lưu ảnh…")).run()

    def _on_uploaded(self, _none: None) -> None:
        self.status_label.setText(tr("Đã lưu ảnh."))
        self.reload()

    def show_failure(self, exc: BaseException) -> None:
        """The service's refusal under the picture (a bug in the error dialog)."""
        if not self._errors.show(exc):
            show_error(self, exc)
