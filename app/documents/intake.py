"""Taking a file in: check that a PDF opens, or turn a scanned image into a PDF.

Every input ends in a `PreparedFile` or an `IntakeError` that says, in Vietnamese, why the file
was refused; no other exception escapes, whatever the bytes are. The type is found from the
content (magic bytes), never from the file name.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps

from app.documents.pages import pdfium_lock
from app.errors import UserError
from app.i18n import tr

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_DPI = 200.0
JPEG_QUALITY = 90
_DPI_RANGE = (20.0, 10_000.0)  # outside this, the resolution in the file is nonsense
_EOF_WINDOW = 1024  # Acrobat's rule: "%%EOF" must be within the last 1024 bytes
_HEADER_WINDOW = 1024  # and "%PDF-" within the first 1024
_IMAGE_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff"})

Kind = Literal["pdf", "jpeg", "png", "tiff"]
_PIL_FORMAT: dict[Kind, str] = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF"}
_GRAY16_MODES = frozenset({"I", "I;16", "I;16L", "I;16B", "I;16N"})

"""PDFium is not thread-safe: hold this around every pypdfium2 call in the process."""


class IntakeError(UserError):
    """A file that cannot be taken in; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class PreparedFile:
    """A file ready to be stored: always a PDF that PDFium opens."""

    pdf: bytes
    page_count: int
    file_name: str  # the original name, ending in ".pdf"


def prepare_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> PreparedFile:
    """Read `path` and prepare it; the size is checked before the file is read."""
    try:
        size = path.stat().st_size
        _check_size(size, max_bytes)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise IntakeError(
            tr("Không đọc được tệp ({e}).").format(e=exc.strerror or exc.__class__.__name__)
        ) from exc
    return prepare_bytes(data, path.name, max_bytes=max_bytes)


def prepare_bytes(
    data: bytes, file_name: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> PreparedFile:
    """Check a PDF, or convert a JPEG/PNG/TIFF (every TIFF page) into one."""
    _check_size(len(data), max_bytes)
    kind = detect_kind(data)
    if kind is None:
        raise IntakeError(tr("Định dạng tệp không được hỗ trợ (chỉ nhận PDF, JPEG, PNG, TIFF)."))
    if kind == "pdf":
        return PreparedFile(data, _count_pdf_pages(data), pdf_file_name(file_name))
    pdf = _image_to_pdf(data, kind)
    try:
        pages = _count_pdf_pages(pdf)
    except IntakeError as exc:  # our own output should always open
        log.warning("converted image does not open as a PDF: %s", exc.message)
        raise IntakeError(tr("Ảnh bị hỏng, không đọc được.")) from exc
    return PreparedFile(pdf, pages, pdf_file_name(file_name))


def detect_kind(data: bytes) -> Kind | None:
    """The file type from its first bytes, or None when it is not one we take."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic and BigTIFF
        return "tiff"
    if b"%PDF-" in data[:_HEADER_WINDOW]:  # PDF allows junk before the header
        return "pdf"
    return None


def pdf_file_name(file_name: str) -> str:
    """`file_name` with a .pdf extension (a known image or PDF extension is replaced)."""
    name = PurePath(file_name).name.strip() or tr("Tài liệu")
    path = PurePath(name)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return name
    if suffix in _IMAGE_SUFFIXES and path.stem:
        return path.stem + ".pdf"
    return name + ".pdf"


def _check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise IntakeError(tr("Tệp rỗng (0 byte)."))
    if size > max_bytes:
        raise IntakeError(
            tr("Tệp quá lớn ({size} MB, tối đa {max} MB).").format(
                size=_megabytes(size), max=_megabytes(max_bytes)
            )
        )


def _megabytes(size: int) -> str:
    """Size in MB the Vietnamese way: one decimal, with a decimal comma ("12,5")."""
    text = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return text.removesuffix(",0")


def _count_pdf_pages(data: bytes) -> int:
    """Open the PDF with PDFium, load every page, and return the page count."""
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise IntakeError(
            tr("Tệp PDF không trọn vẹn (thiếu phần cuối), có thể chưa tải hoặc chép xong.")
        )
    corrupt = tr("Tệp PDF bị hỏng, không đọc được.")
    with pdfium_lock:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise IntakeError(tr("Tệp PDF có mật khẩu, không mở được.")) from exc
            raise IntakeError(corrupt) from exc
        except Exception as exc:
            raise IntakeError(corrupt) from exc
        try:
            count = len(doc)
            for index in range(count):
                doc[index].close()
        except Exception as exc:
            raise IntakeError(corrupt) from exc
        finally:
            doc.close()
    if count <= 0:
        raise IntakeError(tr("Tệp PDF không có trang nào."))
    return count


def _image_to_pdf(data: bytes, kind: Kind) -> bytes:
    """One PDF page per image (per page for TIFF), sized from the image's resolution."""
    try:
        with Image.open(io.BytesIO(data), formats=[_PIL_FORMAT[kind]]) as image:
            frames = int(getattr(image, "n_frames", 1)) if kind == "tiff" else 1
            pages: list[bytes] = []
            for index in range(max(frames, 1)):
                image.seek(index)
                pages.append(_frame_to_pdf(image))
        return pages[0] if len(pages) == 1 else _merge_pdfs(pages)
    except Image.DecompressionBombError as exc:
        raise IntakeError(tr("Ảnh quá lớn (quá nhiều điểm ảnh), không chuyển được.")) from exc
    except Exception as exc:
        log.debug("image conversion failed", exc_info=True)
        raise IntakeError(tr("Ảnh bị hỏng, không đọc được.")) from exc


def _frame_to_pdf(frame: Image.Image) -> bytes:
    x_dpi, y_dpi = _resolution(frame.info)
    upright, turned = _upright(frame)
    if turned:
        x_dpi, y_dpi = y_dpi, x_dpi
    out = io.BytesIO()
    _to_rgb(upright).save(out, "PDF", dpi=(x_dpi, y_dpi), quality=JPEG_QUALITY)
    return out.getvalue()


def _resolution(info: Mapping[Any, Any]) -> tuple[float, float]:
    """(x, y) dpi from the image, or DEFAULT_DPI where it is missing or absurd."""
    try:
        values = [float(v) for v in info.get("dpi", ())]
    except (TypeError, ValueError):
        values = []
    low, high = _DPI_RANGE
    good = [v for v in values[:2] if math.isfinite(v) and low <= v <= high]
    if len(values) == 2 and len(good) == 2:
        return good[0], good[1]
    if good:
        return good[0], good[0]
    return DEFAULT_DPI, DEFAULT_DPI


def _upright(frame: Image.Image) -> tuple[Image.Image, bool]:
    """Apply the EXIF orientation (phone photos); True when width and height swapped."""
    try:
        orientation = int(frame.getexif().get(0x0112, 1))
        turned = ImageOps.exif_transpose(frame)
    except Exception:  # a broken EXIF block should not refuse a readable image
        log.debug("ignoring unreadable EXIF orientation", exc_info=True)
        return frame, False
    return turned, orientation in (5, 6, 7, 8)


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB for the PDF: transparency goes onto white, 16-bit grey is scaled down."""
    if image.mode == "RGB":
        return image
    if image.mode in _GRAY16_MODES:
        return image.convert("I").point(lambda v: v * (1 / 257)).convert("L").convert("RGB")
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        page = Image.new("RGB", rgba.size, "white")
        page.paste(rgba, mask=rgba.getchannel("A"))
        return page
    return image.convert("RGB")


def _merge_pdfs(parts: list[bytes]) -> bytes:
    with pdfium_lock:
        merged = pdfium.PdfDocument.new()
        try:
            for part in parts:
                source = pdfium.PdfDocument(part)
                try:
                    merged.import_pages(source)
                finally:
                    source.close()
            out = io.BytesIO()
            merged.save(out)
            return out.getvalue()
        finally:
            merged.close()
