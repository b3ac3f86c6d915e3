"""Helpers of the incoming-screen tests: PDFs, queued and registered documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PyQt6.QtCore import QEvent, Qt
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import QApplication, QWidget

from app.models.enums import Source
from app.services.incoming import Registered
from app.services.incoming_dto import IncomingDraft
from app.services.space import Space


def make_pdf(path: Path, text: str, pages: int = 1) -> Path:
    """A small PDF whose content (and so whose blob) differs with `text`."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for page in range(pages):
        c.drawString(72, 720, f"{text} - trang {page + 1}")
        c.showPage()
    c.save()
    return path


def queue_pdf(space: Space, path: Path) -> str:
    """Queue a file as the signed-in clerk."""
    return space.incoming.queue_file(path, source=Source.MANUAL)


def a_draft(**overrides: object) -> IncomingDraft:
    """A valid registration form (the ward's clock stands at 20/11/2026)."""
    values: dict[str, object] = {
        "code_number": "123",
        "code_notation": "UBND-VP",
        "document_date": dt.date(2026, 11, 18),
        "issuing_agency": "UBND quận Long Biên",
        "doc_type": "Công văn",
        "summary": "Về việc tổng vệ sinh môi trường",
        "signer_name": "Nguyễn Văn An",
        "signer_position": "Chủ tịch",
    }
    values.update(overrides)
    return IncomingDraft(**values)  # type: ignore[arg-type]  # test data


def register_pdf(space: Space, path: Path, **overrides: object) -> Registered:
    """Queue and register a PDF as the signed-in clerk."""
    doc_id = queue_pdf(space, path)
    return space.incoming.register(doc_id, a_draft(**overrides), allow_duplicate=True)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key, Vietnamese letters too (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
