"""The words of a document's file: the PDF text layer (pypdfium2) or the DOCX text (python-docx).

Run outside any write transaction: reading a large PDF takes a while. A PDF without a text
layer gets the status "needs_ocr", the seam where OCR will plug in later.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from app.documents.pages import pdfium_lock

MAX_PAGES = 300
MAX_CHARS = 300_000
_MIN_LAYER_CHARS = 20  # fewer letters than this on every page: a scan


class TextStatus(StrEnum):
    """What reading a file gave."""

    DONE = "done"
    NEEDS_OCR = "needs_ocr"  # a PDF without a text layer (a scan)
    UNSUPPORTED = "unsupported"  # neither PDF nor DOCX
    FAILED = "failed"  # a damaged file


@dataclass(frozen=True)
class Extracted:
    """A file's text (maybe empty) and how it was read."""

    status: TextStatus
    text: str = ""


def extract(data: bytes) -> Extracted:
    """The text of a PDF or DOCX file; never raises for a bad file."""
    if data.startswith(b"%PDF") or b"%PDF" in data[:1024]:
        return _pdf(data)
    if data.startswith(b"PK"):
        return _docx(data)
    return Extracted(TextStatus.UNSUPPORTED)


def _pdf(data: bytes) -> Extracted:
    pages = pdf_page_texts(data, max_pages=MAX_PAGES, max_chars=MAX_CHARS)
    if pages is None:
        return Extracted(TextStatus.FAILED)
    text = "\n".join(" ".join(p.split()) for p in pages if p.strip())
    if not has_text(text):
        return Extracted(TextStatus.NEEDS_OCR)
    return Extracted(TextStatus.DONE, text[:MAX_CHARS])


def pdf_page_texts(
    data: bytes, *, max_pages: int, max_chars: int | None = None
) -> list[str] | None:
    """The text layer of the first `max_pages` pages (until `max_chars` are read), a string a
    page as PDFium gives it; None for a damaged or locked file. PDFium is held page by page,
    so a preview being drawn waits one page at most."""
    import pypdfium2

    with pdfium_lock:
        try:
            pdf = pypdfium2.PdfDocument(data)
        except Exception:  # pypdfium2 raises PdfiumError or others for damaged or locked files
            return None
    pages: list[str] = []
    size = 0
    try:
        for index in range(min(len(pdf), max_pages)):
            with pdfium_lock:
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    chunk = textpage.get_text_range()
                finally:
                    textpage.close()
                    page.close()
            pages.append(chunk)
            size += len(chunk)
            if max_chars is not None and size >= max_chars:
                break
    except Exception:
        return None
    finally:
        with pdfium_lock:
            pdf.close()
    return pages


def has_text(text: str) -> bool:
    """Enough letters for a text layer: fewer on every page read means a scan."""
    return sum(ch.isalnum() for ch in text) >= _MIN_LAYER_CHARS


def _docx(data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return Extracted(TextStatus.UNSUPPORTED)
    except Exception:  # python-docx raises several kinds for a damaged part
        return Extracted(TextStatus.FAILED)
    parts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                parts.append(" | ".join(dict.fromkeys(cells)))
    return Extracted(TextStatus.DONE, "\n".join(parts)[:MAX_CHARS])
