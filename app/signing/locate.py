"""Where the fields of an outgoing document go, found in the text layer of its final PDF.

The PDF comes from our DOCX template (through LibreOffice) or is uploaded by hand; either way it
follows the ND30 layout (vn-standards §1.g), so the places are found from the printed text:

- ô 7c, the leader's signature: between the signer's position line ("CHỦ TỊCH") and name, on
  the last page that has both, centred on the name;
- ô 8, the seal: at real size over the left third of that signature (`seal_box`);
- ô 3, the số: on page 1 between "Số:" and the "/" of the ký hiệu, flush against the "/";
- ô 4, the place and date: over the whole "<place>, ngày … tháng … năm …" line of page 1, on a
  white background that hides the printed placeholder.

Text is compared after NFC normalisation and case folding, with runs of spaces collapsed; the
matched characters are then mapped back to their boxes on the page (pypdfium2).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.documents.pages import pdfium_lock  # PDFium is not thread-safe: one lock per process
from app.i18n import tr
from app.signing.appearance import Box, SignatureImage, seal_box
from app.signing.errors import PdfStructureError, SigningError
from app.signing.fields import (
    DATE_FIELD,
    LEADER_FIELD,
    NUMBER_FIELD,
    ORGANISATION_FIELD,
    NumberPositions,
    SignatureField,
    TextSpot,
    add_signature_fields,
    find_field,
    pdf_writer,
    resolved,
)

LEADER_WIDTH_PT = 160.0  # ô 7c field width; the signature image is fitted into it
MIN_LEADER_HEIGHT_PT = 20.0  # less room than this between position and name is no place to sign
MAX_BLOCK_GAP_PT = 250.0  # a position line further above the name is not the same block
LINE_MARGIN_PT = 2.0  # kept free below the position line and above the name
NUMBER_FONT_SIZE = 13
DATE_FONT_SIZE = 14
DEFAULT_SIGNATURE_ASPECT = 2.5
DEFAULT_SEAL_DIAMETER_MM = 35.0
DATE_LINE_REACH = 4  # the date line is within this many lines (of 14 pt) of the "Số:" line
# The field appearance puts the baseline 0.3 * size below the middle of a text field
# (appearance.ImageTextStamp), so a field centred there writes on the printed line.
_BASELINE_BELOW_MIDDLE = 0.3
_PLACEHOLDER = re.compile(r"[.…_\- ]*")  # "Số: ....../QĐ-UBND" and the like count as blank
_NUMBER_LINE = re.compile(r"(?<!\w)số\s?:\s?([^/\n]{0,40}?)\s?/")
_DATE_LINE = re.compile(r"(?<!\w)ngày\s?[0-9.…_]*\s?tháng\s?[0-9.…_]*\s?năm(?:\s?[0-9.…_]+)?")


class LayoutNotFound(SigningError):
    """The PDF does not show where a field goes (no text layer, a line missing, no room)."""


@dataclass(frozen=True)
class OutgoingLayout:
    """The empty fields an outgoing PDF gets before anyone signs: ô 7c, ô 8, ô 3 and ô 4."""

    leader: SignatureField
    organisation: SignatureField
    number: NumberPositions


@dataclass(frozen=True)
class _Glyph:
    """One character as printed: its ink box, pen position, baseline and font size."""

    box: Box
    x: float
    baseline: float
    size: float

    def same_line(self, other: _Glyph) -> bool:
        return abs(self.baseline - other.baseline) < 0.3 * max(self.size, other.size)


@dataclass(frozen=True)
class _Page:
    """A page's text, folded for matching, with the glyph behind every character (None: space)."""

    index: int
    text: str
    glyphs: tuple[_Glyph | None, ...]
    bbox: Box

    def find(self, pattern: re.Pattern[str]) -> list[tuple[re.Match[str], list[_Glyph]]]:
        """Every match of `pattern`, with the glyphs it covers."""
        found = []
        for match in pattern.finditer(self.text):
            glyphs = [g for g in self.glyphs[match.start() : match.end()] if g is not None]
            if glyphs:
                found.append((match, glyphs))
        return found


def locate_layout(
    pdf: bytes,
    *,
    signer_position: str,
    signer_name: str,
    signature: SignatureImage | None,
    seal: SignatureImage | None,
    seal_diameter_mm: float | None = None,
) -> OutgoingLayout:
    """Find the four fields of an outgoing PDF from its printed text.

    `signature` and `seal` give the images' proportions (None: a 2.5:1 signature, a round seal
    of `seal_diameter_mm`, default 35 mm). Raises `LayoutNotFound` when the PDF does not show
    a place, `PdfStructureError` when it cannot be read.
    """
    pages = _read_pages(pdf)
    if not any(page.text.strip() for page in pages):
        raise LayoutNotFound(
            tr("Tệp PDF không có lớp chữ (bản quét?) nên không xác định được vị trí ký.")
        )
    number_spot, number_baseline = _number_spot(pages[0])
    number = NumberPositions(number=number_spot, date=_date_spot(pages[0], number_baseline))
    page, leader_box = _leader_box(pages, signer_position, signer_name)
    if signature is None:
        signature = SignatureImage(b"", round(100 * DEFAULT_SIGNATURE_ASPECT), 100, None)
    if seal is None:
        seal = SignatureImage(b"", 100, 100, None)
        seal_diameter_mm = seal_diameter_mm or DEFAULT_SEAL_DIAMETER_MM
    organisation_box = seal_box(leader_box, signature, seal, seal_diameter_mm=seal_diameter_mm)
    return OutgoingLayout(
        leader=SignatureField(LEADER_FIELD, page, leader_box),
        organisation=SignatureField(ORGANISATION_FIELD, page, organisation_box),
        number=number,
    )


def prepare_for_signing(pdf: bytes, layout: OutgoingLayout) -> bytes:
    """`pdf` with the empty signature fields and the số/date text fields of `layout` added."""
    return add_signature_fields(pdf, [layout.leader, layout.organisation], number=layout.number)


def number_positions(pdf: bytes) -> NumberPositions:
    """The số and date fields `prepare_for_signing` made, read back from the (signed) PDF.

    Their boxes, alignment and background come from the fields themselves, so the number is
    written at issue exactly as it was planned before the leader signed.
    """
    spots = []
    with pdf_writer(pdf) as writer:
        for name, size, italic in (
            (NUMBER_FIELD, NUMBER_FONT_SIZE, False),
            (DATE_FIELD, DATE_FONT_SIZE, True),
        ):
            ref = find_field(writer, name)
            if ref is None:
                raise LayoutNotFound(
                    tr("Tệp PDF chưa có ô ghi số và ngày ban hành; hãy tạo lại bản ký.")
                )
            field = ref.get_object()
            x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
            quadding = int(resolved(field, "/Q", 0))
            background = "/BG" in resolved(field, "/MK", {})
            spots.append(
                TextSpot(
                    page=0,
                    box=(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),
                    font_size=size,
                    italic=italic,
                    align=("left", "center", "right")[quadding],
                    background=background,
                )
            )
    return NumberPositions(number=spots[0], date=spots[1])


def _number_spot(page: _Page) -> tuple[TextSpot, float]:
    """ô 3, from just after "Số:" to the pen position of the "/"; and that line's baseline."""
    candidates = []
    for match, glyphs in page.find(_NUMBER_LINE):
        colon, slash = _glyph_before(page, match.start(1), ":"), glyphs[-1]
        if colon is not None and colon.same_line(slash) and slash.x > colon.box[2]:
            candidates.append((match, colon, slash))
    if not candidates:
        raise LayoutNotFound(tr("Không tìm thấy dòng 'Số: .../...' ở trang đầu của tệp PDF."))
    match, colon, slash = max(candidates, key=lambda c: c[2].baseline)  # the header's
    written = match.group(1).strip()
    if _PLACEHOLDER.fullmatch(written) is None:
        raise LayoutNotFound(
            tr(
                "Tệp PDF đã ghi sẵn số văn bản; hãy để trống chỗ ghi số sau 'Số:' "
                "vì số chỉ được cấp khi văn thư ban hành văn bản."
            )
        )
    x1, x2 = colon.box[2] + 1.0, slash.x
    if x2 - x1 < NUMBER_FONT_SIZE:
        raise LayoutNotFound(
            tr("Chỗ trống giữa 'Số:' và '/' ở trang đầu quá hẹp để ghi số văn bản.")
        )
    y1, y2 = _text_rows([colon, slash], slash.baseline, NUMBER_FONT_SIZE)
    spot = TextSpot(
        page=page.index,
        box=(x1, y1, x2, y2),
        font_size=NUMBER_FONT_SIZE,
        align="right",
        background=bool(written),  # dots printed there are hidden under the number
    )
    return spot, slash.baseline


def _date_spot(page: _Page, number_baseline: float) -> TextSpot:
    """ô 4: the whole "<place>, ngày … năm …" line, a little wider, on a white background.

    Only a line near the "Số:" line counts: a date in the body must never be painted over.
    """
    reach = DATE_LINE_REACH * DATE_FONT_SIZE * 1.2
    lines = [
        (match, glyphs)
        for match, glyphs in page.find(_DATE_LINE)
        if glyphs[0].same_line(glyphs[-1]) and abs(glyphs[0].baseline - number_baseline) < reach
    ]
    if not lines:
        raise LayoutNotFound(
            tr(
                "Không tìm thấy dòng địa danh, ngày tháng năm ('..., ngày ... tháng ... "
                "năm ...') ở trang đầu của tệp PDF."
            )
        )
    match, glyphs = max(lines, key=lambda found: found[1][0].baseline)  # the header's
    glyphs = _place_name(page, match.start(), glyphs[0]) + glyphs
    x1, _y1, x2, _y2 = _union(g.box for g in glyphs)
    baseline = glyphs[0].baseline
    y1, y2 = _text_rows(glyphs, baseline, DATE_FONT_SIZE)
    # Widen by up to 1 em on both sides (the filled date may be a little longer than the
    # placeholder), equally so that it stays centred, but never over other text or the page edge.
    mine = {id(g) for g in glyphs}
    others = [
        g
        for g in page.glyphs
        if g is not None and id(g) not in mine and g.box[1] < y2 and g.box[3] > y1
    ]
    room_left = min([x1 - page.bbox[0]] + [x1 - g.box[2] - 1.0 for g in others if g.box[2] <= x1])
    room_right = min([page.bbox[2] - x2] + [g.box[0] - x2 - 1.0 for g in others if g.box[0] >= x2])
    extra = max(0.0, min(float(DATE_FONT_SIZE), room_left, room_right))
    return TextSpot(
        page=page.index,
        box=(x1 - extra, y1, x2 + extra, y2),
        font_size=DATE_FONT_SIZE,
        italic=True,
        align="center",
        background=True,
    )


def _place_name(page: _Page, start: int, first: _Glyph) -> list[_Glyph]:
    """The glyphs before "ngày" on its line, back to a gap wider than a space (the place name)."""
    place: list[_Glyph] = []
    right = first
    for glyph in reversed(page.glyphs[:start]):
        if glyph is None:
            continue
        if not glyph.same_line(first) or right.box[0] - glyph.box[2] > 1.5 * first.size:
            break
        place.insert(0, glyph)
        right = glyph
    return place


def _leader_box(pages: Sequence[_Page], position: str, name: str) -> tuple[int, Box]:
    """ô 7c on the last page showing the position line above the name: (page, box)."""
    position_pattern, name_pattern = _words_pattern(position), _words_pattern(name)
    for page in reversed(pages):
        positions = [_union(g.box for g in glyphs) for _m, glyphs in page.find(position_pattern)]
        pairs = []
        for _match, glyphs in page.find(name_pattern):
            name_box = _union(g.box for g in glyphs)
            above = [p for p in positions if _heads(p, name_box)]
            if above:
                pairs.append((name_box, min(above, key=lambda p: p[1])))
        if not pairs:
            continue
        name_box, position_box = min(pairs, key=lambda pair: pair[0][1])  # the lowest name
        y1, y2 = name_box[3] + LINE_MARGIN_PT, position_box[1] - LINE_MARGIN_PT
        if y2 - y1 < MIN_LEADER_HEIGHT_PT:
            raise LayoutNotFound(
                tr(
                    "Chỗ trống giữa chức vụ '{position}' và họ tên '{name}' quá hẹp để đặt chữ ký."
                ).format(position=position, name=name)
            )
        middle = (name_box[0] + name_box[2]) / 2
        x1 = max(page.bbox[0], middle - LEADER_WIDTH_PT / 2)
        x2 = min(page.bbox[2], middle + LEADER_WIDTH_PT / 2)
        return page.index, (x1, y1, x2, y2)
    for before, after in zip(pages[-2::-1], pages[::-1], strict=False):
        if _near_edge(before, position_pattern, bottom=True) and _near_edge(
            after, name_pattern, bottom=False
        ):
            raise LayoutNotFound(
                tr(
                    "Khối chữ ký bị tách sang hai trang (chức vụ '{position}' ở trang {first}, "
                    "họ tên '{name}' ở trang {second}); hãy sửa văn bản để khối chữ ký nằm "
                    "trọn trong một trang."
                ).format(
                    position=position, name=name, first=before.index + 1, second=after.index + 1
                )
            )
    raise LayoutNotFound(
        tr(
            "Không tìm thấy chức vụ '{position}' và họ tên '{name}' của người ký trong tệp PDF."
        ).format(position=position, name=name)
    )


def _near_edge(page: _Page, pattern: re.Pattern[str], *, bottom: bool) -> bool:
    """Whether `pattern` is printed in the bottom (or top) third of the page."""
    third = (page.bbox[3] - page.bbox[1]) / 3
    for _match, glyphs in page.find(pattern):
        box = _union(g.box for g in glyphs)
        if (box[1] < page.bbox[1] + third) if bottom else (box[3] > page.bbox[3] - third):
            return True
    return False


def _heads(position: Box, name: Box) -> bool:
    """Whether `position` is the line heading `name` in a signature block: above, centred."""
    gap = position[1] - name[3]
    offset = abs((position[0] + position[2]) / 2 - (name[0] + name[2]) / 2)
    widest = max(position[2] - position[0], name[2] - name[0])
    return 0 < gap < MAX_BLOCK_GAP_PT and offset < widest / 2 + 20


def _text_rows(line: Sequence[_Glyph], baseline: float, size: int) -> tuple[float, float]:
    """(y1, y2) of a text field writing at `baseline` and covering the ink of `line`."""
    middle = baseline + _BASELINE_BELOW_MIDDLE * size
    _x1, bottom, _x2, top = _union(g.box for g in line)
    half = max(0.65 * size, top - middle + 1.0, middle - bottom + 1.0)  # 0.65: Vietnamese marks
    return middle - half, middle + half


def _glyph_before(page: _Page, index: int, char: str) -> _Glyph | None:
    """The glyph of the last `char` before text position `index`."""
    position = page.text.rfind(char, 0, index)
    return page.glyphs[position] if position >= 0 else None


def _words_pattern(text: str) -> re.Pattern[str]:
    """A pattern for `text` as whole words, in any case, spaced by one space or none."""
    words = _fold(text).split()
    return re.compile(r"(?<!\w)" + " ?".join(re.escape(w) for w in words) + r"(?!\w)")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def _union(boxes: Iterable[Box]) -> Box:
    x1s, y1s, x2s, y2s = zip(*boxes, strict=True)
    return (min(x1s), min(y1s), max(x2s), max(y2s))


def _read_pages(pdf: bytes) -> list[_Page]:
    """Every page's folded text and glyphs; an unreadable PDF raises `PdfStructureError`."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise PdfStructureError(
                    tr("Tệp PDF được đặt mật khẩu; hãy bỏ mật khẩu trước khi ký số.")
                ) from exc
            raise PdfStructureError(
                tr("Tệp PDF bị hỏng (bảng tham chiếu chéo hoặc cấu trúc không đọc được).")
            ) from exc
        try:
            return [_read_page(document, index) for index in range(len(document))]
        except pdfium.PdfiumError as exc:
            raise PdfStructureError(
                tr("Tệp PDF bị hỏng (bảng tham chiếu chéo hoặc cấu trúc không đọc được).")
            ) from exc
        finally:
            document.close()


def _read_page(document: Any, index: int) -> _Page:
    """One page's characters, clustered (a letter with its combining marks) and folded."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = document[index]
    textpage = page.get_textpage()
    try:
        clusters: list[tuple[str, list[_Glyph]]] = []  # (" " or "\n", []): a space or break
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                if clusters and not clusters[-1][1]:  # a run of spaces: one space or break
                    if char in "\r\n":
                        clusters[-1] = ("\n", [])
                elif clusters:
                    clusters.append(("\n" if char in "\r\n" else " ", []))
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
            left, bottom, right, top = textpage.get_charbox(i)
            glyph = _Glyph(
                box=(left, bottom, right, top),
                x=x.value,
                baseline=y.value,
                size=pdfium_c.FPDFText_GetFontSize(textpage.raw, i),
            )
            if unicodedata.combining(char) and clusters and clusters[-1][1]:
                base, marks = clusters[-1]
                clusters[-1] = (base + char, [*marks, glyph])
            else:
                clusters.append((char, [glyph]))
        text_parts: list[str] = []
        glyphs: list[_Glyph | None] = []
        for text, cluster in clusters:
            if not cluster:
                text_parts.append(text)
                glyphs.append(None)
                continue
            folded = _fold(text)
            box = _union(g.box for g in cluster)
            first = cluster[0]
            merged = _Glyph(box, first.x, first.baseline, first.size)
            text_parts.append(folded)
            glyphs.extend([merged] * len(folded))
        x1, y1, x2, y2 = page.get_bbox()
        return _Page(index, "".join(text_parts), tuple(glyphs), (x1, y1, x2, y2))
    finally:
        textpage.close()
        page.close()
