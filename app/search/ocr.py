"""The words of a scan: pages rendered with pypdfium2, read by Tesseract with its Vietnamese data.

Tesseract is an optional system program (Debian: tesseract-ocr, tesseract-ocr-vie); without it
`tesseract_available()` is False and nothing here runs. It is called as a plain subprocess, one
page at a time with a timeout, single-threaded so the desk PC stays responsive. Its word boxes
(TSV) are put back in reading order column by column, so the two header blocks of an ND30
document (issuing body and number on the left, national motto and date on the right) come out
as separate blocks instead of interleaved lines. A page read with little confidence is checked
with Tesseract's orientation detection, and read again turned upright when it was scanned
sideways or upside down.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import statistics
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Generator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.documents.pages import pdfium_lock
from app.search.text_extract import has_text, pdf_page_texts

LANGUAGE = "vie"
OCR_DPI = 300
MIN_DPI = 200
PAGE_TIMEOUT_S = 90.0
UPRIGHT_CONFIDENCE = 60.0  # mean word confidence below which a page may be turned (~95 upright)
OSD_SURE = 2.0  # Tesseract's orientation confidence needed to turn a page
MAX_PAGE_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 million; huge pages are scaled down
_WINDOWS_PATHS = (
    r"C:\Program Files\Tesseract-OCR\tesseract.exe",
    r"C:\Program Files (x86)\Tesseract-OCR\tesseract.exe",
)
# letters Tesseract sometimes confuses with Vietnamese ones: Icelandic eth for Đ/đ
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0110": "Đ"})


class OcrStatus(StrEnum):
    """What reading a scan gave."""

    DONE = "done"  # text read (possibly empty: a blank page)
    FAILED = "failed"  # a damaged PDF, or Tesseract failed on every page
    UNAVAILABLE = "unavailable"  # Tesseract or its Vietnamese data is not installed
    STOPPED = "stopped"  # asked to stop before the end (the app is closing)


@dataclass(frozen=True)
class OcrResult:
    """The text of a scan (NFC, pages separated by a form feed) and how it was read."""

    status: OcrStatus
    text: str = ""
    pages_read: int = 0
    page_count: int = 0


def _find_tesseract() -> str | None:
    found = shutil.which("tesseract")
    if found:
        return found
    if sys.platform == "win32":
        for candidate in _WINDOWS_PATHS:
            if os.path.isfile(candidate):
                return candidate
    return None


def _run(args: list[str], data: bytes, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run Tesseract on one thread, without a console window on Windows; raises on timeout."""
    flags = 0
    if sys.platform == "win32":
        flags = subprocess.CREATE_NO_WINDOW
    return subprocess.run(
        args,
        input=data,
        capture_output=True,
        timeout=timeout,
        check=False,
        env=dict(os.environ, OMP_THREAD_LIMIT="1"),
        creationflags=flags,
    )


@functools.cache
def tesseract_path() -> str | None:
    """The Tesseract program when it and its Vietnamese data are installed (checked once)."""
    exe = _find_tesseract()
    if exe is None:
        return None
    try:
        done = _run([exe, "--list-langs"], b"", 20)
    except (OSError, subprocess.SubprocessError):
        return None
    listed = (done.stdout + done.stderr).decode("utf-8", "replace").split()
    return exe if LANGUAGE in listed else None


def tesseract_available() -> bool:
    """True when scans can be read here: Tesseract is installed with its `vie` data."""
    return tesseract_path() is not None


def text_layer(data: bytes, *, max_pages: int = 2) -> str | None:
    """The text layer of the first pages, line by line; None for a scan or a damaged file.

    (The search index keeps a file's text on one line per page; reading the fields of the
    header needs the lines.)
    """
    pages = pdf_page_texts(data, max_pages=max_pages)
    if pages is None:
        return None
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    text = "\n".join(line for line in lines if line)
    return unicodedata.normalize("NFC", text) if has_text(text) else None


def ocr_pdf(
    data: bytes,
    *,
    max_pages: int = 20,
    dpi: int = OCR_DPI,
    page_timeout: float = PAGE_TIMEOUT_S,
    stop: Callable[[], bool] | None = None,
) -> OcrResult:
    """Read the first `max_pages` pages of a PDF with Tesseract; never raises for a bad file.

    One page image is in memory at a time. A page Tesseract fails on (or takes longer than
    `page_timeout` seconds on) is skipped; the result is FAILED only when no page was read.
    `stop` is asked between pages.
    """
    exe = tesseract_path()
    if exe is None:
        return OcrResult(OcrStatus.UNAVAILABLE)
    texts: list[str] = []
    read = page_count = 0
    pages = _page_images(data, max_pages=max_pages, dpi=dpi)
    try:
        page_count = next(pages)[0]
        for width, image, used_dpi in pages:
            if stop is not None and stop():
                return OcrResult(OcrStatus.STOPPED, _join(texts), read, page_count)
            read_page = _read_page(exe, image, width, dpi=used_dpi, timeout=page_timeout)
            del image
            if read_page is not None:
                read += 1
                texts.append(page_text(*read_page))
    except _BadPdf:
        if read == 0:
            return OcrResult(OcrStatus.FAILED, page_count=page_count)
    finally:
        pages.close()
    if read == 0 and page_count > 0:
        return OcrResult(OcrStatus.FAILED, page_count=page_count)
    return OcrResult(OcrStatus.DONE, _join(texts), read, page_count)


def _join(texts: list[str]) -> str:
    text = "\n\f\n".join(t for t in texts if t)
    return unicodedata.normalize("NFC", text.translate(_LOOKALIKES))


class _BadPdf(Exception):
    """PDFium could not open or render the file."""


def _page_images(
    data: bytes, *, max_pages: int, dpi: int
) -> Generator[tuple[int, bytes, int], None, None]:
    """First (page count, b"", 0), then each page as (width in pixels, greyscale PGM bytes,
    the resolution it was rendered at).

    The document stays open between pages but PDFium is only touched under its lock.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with pdfium_lock:
        try:
            pdf = pdfium.PdfDocument(data)
            count = len(pdf)
        except Exception as exc:
            raise _BadPdf from exc
    try:
        yield count, b"", 0
        for index in range(min(count, max_pages)):
            with pdfium_lock:
                try:
                    page = pdf[index]
                    width, height = page.get_size()
                    scale = _scan_dpi(page, dpi) / 72
                    pixels = width * height * scale * scale
                    if pixels > MAX_PAGE_PIXELS:
                        scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
                    bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_Gray)
                    image = bitmap.to_pil()
                    out = io.BytesIO()
                    image.save(out, format="PPM")  # greyscale: a PGM, which Tesseract reads fast
                    size = image.width
                    del image
                    bitmap.close()
                    page.close()
                except Exception as exc:
                    raise _BadPdf from exc
            yield size, out.getvalue(), round(scale * 72)
    finally:
        with pdfium_lock:
            pdf.close()


def _scan_dpi(page: Any, dpi: int) -> float:
    """The resolution to render a page at: a scanned image's own (at least MIN_DPI, at most
    `dpi`), since upsampling a 150 dpi scan to 300 makes Tesseract double letters; `dpi` for
    a page without a full-page image."""
    import pypdfium2.raw as pdfium_c

    page_area = page.get_width() * page.get_height()
    best: tuple[float, float] | None = None  # (area, dpi) of the largest image
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area = (right - left) * (top - bottom)
        if best is None or area > best[0]:
            best = (area, float(obj.get_metadata().horizontal_dpi))
    if best is None or best[0] < 0.5 * page_area or best[1] <= 0:
        return float(dpi)
    return float(min(dpi, max(best[1], MIN_DPI)))


def _read_page(
    exe: str, image: bytes, width: int, *, dpi: int, timeout: float
) -> tuple[str, int] | None:
    """Tesseract's word boxes of one page image and the width they were read at; a page
    read with little confidence (scanned sideways or upside down) is turned as Tesseract's
    orientation detection says and read again, and the better reading is kept."""
    tsv = _tesseract_tsv(exe, image, dpi=dpi, timeout=timeout)
    if tsv is None or _confidence(tsv) >= UPRIGHT_CONFIDENCE:
        return None if tsv is None else (tsv, width)
    turn = _turn_needed(exe, image, dpi=dpi, timeout=timeout)
    if not turn:
        return tsv, width
    from PIL import Image

    with Image.open(io.BytesIO(image)) as page:
        turned = page.rotate(-turn, expand=True)  # Tesseract's turn is clockwise
    out = io.BytesIO()
    turned.save(out, format="PPM")
    again = _tesseract_tsv(exe, out.getvalue(), dpi=dpi, timeout=timeout)
    if again is None or _confidence(again) <= _confidence(tsv):
        return tsv, width
    return again, turned.width


def _confidence(tsv: str) -> float:
    """The mean confidence (0-100) of the words Tesseract read; 0 for none."""
    words = [box.conf for _, box in _words(tsv)]
    return statistics.fmean(words) if words else 0.0


def _turn_needed(exe: str, image: bytes, *, dpi: int, timeout: float) -> int:
    """How many degrees clockwise the page must be turned to be upright (0, 90, 180, 270),
    by Tesseract's orientation detection (`--psm 0`); 0 when it is unsure or fails."""
    try:
        done = _run([exe, "stdin", "stdout", "--psm", "0", "--dpi", str(dpi)], image, timeout)
    except (OSError, subprocess.SubprocessError):
        return 0
    found: dict[str, str] = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        found[key.strip()] = value.strip()
    try:
        turn = int(found.get("Rotate", "0"))
        sure = float(found.get("Orientation confidence", "0"))
    except ValueError:
        return 0
    return turn if done.returncode == 0 and turn in (90, 180, 270) and sure >= OSD_SURE else 0


def _tesseract_tsv(exe: str, image: bytes, *, dpi: int, timeout: float) -> str | None:
    """Tesseract's word boxes of one page image; None when it fails or runs out of time."""
    try:
        args = [exe, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"]
        done = _run(args, image, timeout)
    except (OSError, subprocess.SubprocessError):  # TimeoutExpired kills the process
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


@dataclass
class _Box:
    """A word, or a run of words on one line (a cell), in pixels."""

    left: int
    top: int
    right: int
    bottom: int
    text: str
    conf: float = 0.0  # Tesseract's confidence in a word (0-100)

    @property
    def height(self) -> int:
        return self.bottom - self.top


def _words(tsv: str) -> list[tuple[tuple[int, int, int], _Box]]:
    """The words of a TSV with their (block, paragraph, line) key, in Tesseract's order."""
    found: list[tuple[tuple[int, int, int], _Box]] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        if conf < 0:
            continue
        box = _Box(left, top, left + width, top + height, cols[11].strip(), conf)
        found.append((key, box))
    return found


def _cells(words: list[_Box]) -> list[_Box]:
    """A line's words grouped into cells: a gap wider than ~2.5 letters' height splits them."""
    if not words:
        return []
    words = sorted(words, key=lambda w: w.left)
    gap = 2.5 * statistics.median(w.height for w in words)
    cells = [_Box(words[0].left, words[0].top, words[0].right, words[0].bottom, words[0].text)]
    for word in words[1:]:
        cell = cells[-1]
        if word.left - cell.right > gap:
            cells.append(_Box(word.left, word.top, word.right, word.bottom, word.text))
        else:
            cell.right = max(cell.right, word.right)
            cell.top = min(cell.top, word.top)
            cell.bottom = max(cell.bottom, word.bottom)
            cell.text += " " + word.text
    return cells


def page_text(tsv: str, width: int) -> str:
    """The text of one page from Tesseract's TSV, in reading order.

    Lines whose cells all sit in one half of the page form side-by-side regions (ND30 headers,
    the "Nơi nhận" and signature block): each region is written left column first, then right
    column. A full-width line ends a region. A blank line marks a wide vertical gap.
    """
    lines: dict[tuple[int, int, int], list[_Box]] = {}
    for key, word in _words(tsv):
        lines.setdefault(key, []).append(word)
    rows = sorted(
        (_cells(words) for words in lines.values()), key=lambda cells: min(c.top for c in cells)
    )
    out: list[str] = []
    region: list[_Box] = []
    left_edge, right_edge = width * 0.5, width * 0.45

    def write(cells: list[_Box]) -> None:
        previous: _Box | None = None
        for cell in cells:
            if previous is not None and cell.top - previous.bottom > 0.9 * previous.height:
                out.append("")
            out.append(cell.text)
            previous = cell

    def flush() -> None:
        if region:
            write([c for c in region if c.right <= left_edge])
            out.append("")
            write([c for c in region if c.right > left_edge])
            out.append("")
            region.clear()

    previous_row: list[_Box] | None = None
    for cells in rows:
        side = all(c.right <= left_edge or c.left >= right_edge for c in cells)
        if side:
            region.extend(cells)
        else:
            flush()
            if previous_row is not None and not region:
                gap = min(c.top for c in cells) - max(c.bottom for c in previous_row)
                if gap > 0.9 * max(c.height for c in previous_row) and out and out[-1]:
                    out.append("")
            out.append("  ".join(c.text for c in cells))
        previous_row = cells
    flush()
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
