"""Building blocks shared by the DOCX files the app writes (registers, drafts).

ND30 Phụ lục I rules that every one of them follows: A4, the prescribed margins, Times New
Roman in every script slot, page numbers centred in the top margin. Also text measuring (with
the shipped Liberation Serif, metric-compatible with Times New Roman) and atomic file writes.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import ImageFont

from app.documents.fonts import font_path
from app.errors import StorageError

FONT_NAME = "Times New Roman"

# ND30 Phụ lục I: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
A4_SHORT_MM = 210
A4_LONG_MM = 297
PORTRAIT_TEXT_WIDTH_MM = A4_SHORT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MEASURE_PX = 1000  # fonts are loaded at 1000 px per em, so widths come out in 1/1000 em


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (stray control characters from pasted text)."""
    return _XML_INVALID.sub("", text)


def fonts_element() -> Any:
    """A `w:rFonts` naming Times New Roman for every script slot."""
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    return fonts


def set_document_defaults(doc: Any, *, size_pt: float) -> None:
    """Times New Roman everywhere (East-Asian and complex-script slots too), single spacing."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for old in r_pr.findall(qn("w:rFonts")):
        r_pr.remove(old)
    r_pr.insert(0, fonts_element())
    half_points = str(round(size_pt * 2))
    r_pr.find(qn("w:sz")).set(qn("w:val"), half_points)
    r_pr.find(qn("w:szCs")).set(qn("w:val"), half_points)
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def page_setup(section: Any, *, landscape: bool) -> None:
    """A4 with the ND30 margins; the header (page number) sits 10 mm from the top edge."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(A4_LONG_MM), Mm(A4_SHORT_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(A4_SHORT_MM), Mm(A4_LONG_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def add_page_number(header: Any, *, size_pt: float = 13) -> None:
    """A centred PAGE field in `header` (ND30: Arabic numerals, 13-14 pt, top margin)."""
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(size_pt)
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "2"
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)


def add_rule(container: Any, width_mm: float, text_width_mm: float) -> Any:
    """A short centred solid line (under an agency name or a title), drawn as a bottom border.

    `container` is a document or a table cell; `text_width_mm` is the width it lays text in.
    """
    paragraph = container.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr precedes spacing/ind/jc in CT_PPr; python-docx inserts those after it.
    paragraph._p.get_or_add_pPr().append(borders)
    indent = Mm(max(text_width_mm - width_mm, 0) / 2)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    mark = OxmlElement("w:rPr")  # the paragraph mark sets the height of an empty paragraph
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "12")
        mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)  # rPr comes after jc/ind/spacing in CT_PPr
    paragraph.add_run().font.size = Pt(6)
    return paragraph


def set_cell_margins(table: Any, *, left_mm: float, right_mm: float, vertical_mm: float) -> None:
    """The default padding of every cell of `table` (w:tblCellMar)."""
    margins = OxmlElement("w:tblCellMar")
    for side, value in (
        ("top", vertical_mm),
        ("left", left_mm),
        ("bottom", vertical_mm),
        ("right", right_mm),
    ):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(value * 1440 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    insert_in_order(table._tbl.tblPr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))


def insert_in_order(parent: Any, child: Any, followers: tuple[str, ...]) -> None:
    """Insert `child` before the first of `followers` present (the schema's element order)."""
    for tag in followers:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def text_width_mm(text: str, *, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """How wide `text` prints in Times New Roman (measured with metric-compatible Liberation)."""
    font = _font("bold" * bold + "italic" * italic or "regular")
    return font.getlength(text) / _MEASURE_PX * size_pt * 25.4 / 72


@functools.cache
def _font(style: str) -> ImageFont.FreeTypeFont:
    """The shipped Liberation Serif face for `style`, loaded once."""
    return ImageFont.truetype(str(font_path(style)), _MEASURE_PX)


def write_atomically(path: Path, data: bytes, *, failure: str) -> None:
    """Write `data` to `path` (temp file, fsync, rename), keeping the mode of a replaced file.

    `failure` is the Vietnamese message of the `StorageError` raised when the disk refuses the
    write; it may use `{name}` (the file name) and `{e}` (the reason). `path` is then untouched.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _file_mode(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(failure.format(name=path.name, e=exc.strerror or exc)) from exc


def _file_mode(path: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual 0666 & ~umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@functools.cache
def _umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
