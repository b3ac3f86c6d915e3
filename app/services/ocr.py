"""OCR of scans: their words go into the search index, and their header pre-fills the
registration form as suggestions.

Tesseract runs outside any transaction (seconds per page); only the short write of the text
goes through `SearchService.set_file_text`. Without Tesseract nothing runs and nothing fails:
`available()` is False, scans with a text layer still get suggestions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.documents.scan_fields import ScanSuggestions, suggest_fields
from app.errors import UserError
from app.search import ocr
from app.search.index import file_text
from app.search.text_extract import TextStatus
from app.services.search import SearchService

__all__ = ["OcrReport", "OcrService", "ScanSuggestions"]

MAX_PAGES = 20  # pages read for the search index
SUGGEST_PAGES = 1  # the fields are on the first page: the form waits ~2 s, not a minute
FILES_PER_ROUND = 20  # files read for the index (text layers) before looking for scans again


@dataclass(frozen=True)
class OcrReport:
    """One round of background OCR: files read, files given up on, whether more wait."""

    read: int = 0
    failed: int = 0
    more: bool = False


class OcrService:
    """Reads scans without a text layer with Tesseract, for search and for the register form."""

    def __init__(
        self,
        search: SearchService,
        blobs: BlobStore,
        read: sessionmaker[Session],
        *,
        known_agencies: Callable[[], Sequence[str]] | None = None,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self._search = search
        self._blobs = blobs
        self._read = read
        self._known_agencies = known_agencies
        self._max_pages = max_pages
        # scans not on this PC yet (synced later): tried again after a restart
        self._skip: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def available(self) -> bool:
        """True when Tesseract and its Vietnamese data are installed."""
        return ocr.tesseract_available()

    def stop(self) -> None:
        """Ask a running OCR to stop after its current page (the app is closing)."""
        self._stopping.set()

    def run_pending(self, batch: int = 2) -> OcrReport:
        """OCR up to `batch` scans waiting for it and give their text to the search index."""
        if not self.available() or self._stopping.is_set():
            return OcrReport()
        with self._lock:
            skip = set(self._skip)
        todo = [sha for sha in self._search.needing_ocr(batch + len(skip)) if sha not in skip]
        unread = 0
        if not todo:  # scans are told apart when their files are first read for the index
            unread = self._search.index_pending_files(batch=FILES_PER_ROUND).remaining
            todo = [sha for sha in self._search.needing_ocr(batch + len(skip)) if sha not in skip]
        read = failed = 0
        for sha in todo[:batch]:
            try:
                data = self._blobs.read(sha)
            except (UserError, OSError):  # not on this PC yet: maybe after the next sync
                with self._lock:
                    self._skip.add(sha)
                continue
            result = ocr.ocr_pdf(data, max_pages=self._max_pages, stop=self._stopping.is_set)
            if self._stopping.is_set():
                break
            if result.status is not ocr.OcrStatus.DONE:
                failed += 1
                self._search.mark_ocr_failed(sha)  # damaged or too slow: not tried again
                continue
            self._search.set_file_text(sha, result.text)
            read += 1
        with self._lock:
            skip = set(self._skip)
        more = unread > 0 or any(sha not in skip for sha in self._search.needing_ocr(len(skip) + 1))
        return OcrReport(read, failed, more and not self._stopping.is_set())

    def suggest(self, sha_or_data: str | bytes) -> ScanSuggestions | None:
        """The registration fields a document's file gives, or None when its words cannot be
        read (no text layer and no Tesseract, a damaged file).

        A text layer is used as it is. A scan's first page is read with Tesseract (a one-page
        scan's text is kept for search too, so it is not read again after registration).
        """
        if isinstance(sha_or_data, bytes):
            text = self._text_of(sha_or_data, None)
        else:
            try:
                data = self._blobs.read(sha_or_data)
            except (UserError, OSError):
                return None
            text = self._text_of(data, sha_or_data)
        if text is None:
            return None
        known = self._known_agencies() if self._known_agencies is not None else ()
        return suggest_fields(text, known_agencies=known)

    def _text_of(self, data: bytes, sha: str | None) -> str | None:
        layer = ocr.text_layer(data)
        if layer is not None:
            return layer
        if sha is not None:
            known = self._known_text(sha)
            if known is not None:
                return known
        if not self.available():
            return None
        result = ocr.ocr_pdf(data, max_pages=SUGGEST_PAGES)
        if result.status is not ocr.OcrStatus.DONE:
            return None
        if sha is not None and result.pages_read == result.page_count:
            self._search.set_file_text(sha, result.text)  # the whole file: search needs it too
        return result.text

    def _known_text(self, sha: str) -> str | None:
        """The text read before (by OCR) for this file, if any."""
        with self._read() as s:
            row = s.execute(
                select(file_text.c.status, file_text.c.text).where(file_text.c.sha == sha)
            ).first()
        if row is None or row.status != TextStatus.DONE:
            return None
        return str(row.text)
