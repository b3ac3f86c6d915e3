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
    import pypdfium2

    with pdfium_lock:  # page by page: a preview being drawn waits one page at most
        try:
            pdf = pypdfium2.PdfDocument(data)
        except Exception:  # pypdfium2 raises PdfiumError or others for damaged or locked files
            return Extracted(TextStatus.FAILED)
    parts: list[str] = []
    size = 0
    try:
        for index in range(min(len(pdf), MAX_PAGES)):
            with pdfium_lock:
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    chunk = textpage.get_text_range()
                finally:
                    textpage.close()
                    page.close()
            parts.append(chunk)
            size += len(chunk)
            if size >= MAX_CHARS:
                break
    except Exception:
        return Extracted(TextStatus.FAILED)
    finally:
        with pdfium_lock:
            pdf.close()
    text = "\n".join(" ".join(p.split()) for p in parts if p.strip())
    if sum(ch.isalnum() for ch in text) < _MIN_LAYER_CHARS:
        return Extracted(TextStatus.NEEDS_OCR)
    return Extracted(TextStatus.DONE, text[:MAX_CHARS])


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
