"""Realistic Vietnamese administrative documents as PDF, for demo data and benchmarks.

The layout follows ND30 Phụ lục I: A4 portrait, margins 20/20/30/15 mm, the issuing body and
number on the left, the national motto and the italic place and date on the right, the type name
and summary centred in bold, justified body text with a 1 cm first-line indent, the signature
block on the right and "Nơi nhận:" on the left. A "Công văn" (or an empty type name) gets the
công văn layout instead: "V/v …" under the number and a "Kính gửi:" block. Text is set in the
shipped Liberation Serif (metric-compatible with Times New Roman), embedded as a subset, so the
text layer keeps every Vietnamese diacritic.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.fonts import font_path
from app.i18n import tr

FAMILY = "WardOfficeSerif"
_FACES: dict[str, str] = {
    "regular": FAMILY,
    "bold": f"{FAMILY}-Bold",
    "italic": f"{FAMILY}-Italic",
    "bolditalic": f"{FAMILY}-BoldItalic",
}

_MARGIN_TOP = 20 * mm
_MARGIN_BOTTOM = 20 * mm
_MARGIN_LEFT = 30 * mm
_MARGIN_RIGHT = 15 * mm
_TEXT_WIDTH = A4[0] - _MARGIN_LEFT - _MARGIN_RIGHT
_LEFT_HEADER = 67 * mm  # issuing body and number
_RIGHT_HEADER = _TEXT_WIDTH - _LEFT_HEADER  # national motto and date
_RULE = 0.6  # line thickness in points

_fonts_lock = threading.Lock()
_fonts_ready = False


@dataclass(frozen=True)
class DemoDocument:
    """The content of one demo document; names may contain "\\n" to force a line break.

    `signer_position` is the authority line(s), e.g. "TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH".
    `recipients` is the "Nơi nhận" list without dashes or final punctuation; "Lưu: VT." is
    added when no entry starts with "Lưu".
    """

    issuing_parent: str
    issuing_agency: str
    code: str
    place: str
    date: date
    type_name: str
    summary: str
    body: Sequence[str]
    signer_position: str
    signer_name: str
    recipients: Sequence[str]
    date_line: str = ""  # overrides the ô 4 line (e.g. a blank one to be filled at issue)


def register_fonts() -> None:
    """Register the shipped Liberation Serif faces with reportlab (once per process)."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        for style, name in _FACES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_path(style))))
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=_FACES["regular"],
            bold=_FACES["bold"],
            italic=_FACES["italic"],
            boldItalic=_FACES["bolditalic"],
        )
        _fonts_ready = True


def nd30_date_line(place: str, day: date) -> str:
    """The ô 4 line, e.g. "Hà Nội, ngày 05 tháng 3 năm 2026" (zero-padded days < 10, months 1-2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return tr("{place}, ngày {day} tháng {month} năm {year}").format(
        place=place, day=f"{day.day:02d}", month=month, year=day.year
    )


def render_pdf(doc: DemoDocument) -> bytes:
    """The document as PDF bytes (one or two A4 pages for typical content).

    Output is deterministic: the same `doc` always gives the same bytes.
    """
    register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN_LEFT,
        rightMargin=_MARGIN_RIGHT,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title=_one_line(f"{doc.type_name} {doc.code}".strip()),
        author=_one_line(doc.issuing_agency),
        subject=_one_line(doc.summary),
        creator="Ward Office",
        invariant=True,
        lang="vi-VN",
    )
    template.build(_story(doc), onFirstPage=_no_page_number, onLaterPages=_draw_page_number)
    return buffer.getvalue()


def _with_vv(summary: str) -> str:
    """The công văn's subject line: "V/v …", once, whether or not the summary starts with it."""
    bare = summary.removeprefix("V/v").strip()
    return tr("V/v {summary}").format(summary=bare)


def _is_official_letter(doc: DemoDocument) -> bool:
    """Công văn has no type name line; its summary goes under the number as "V/v …"."""
    return doc.type_name.strip().casefold() in {"", "công văn"}


@functools.cache
def _style(
    face: str,
    size: float,
    *,
    align: int = TA_CENTER,
    leading: float | None = None,
    before: float = 0,
    after: float = 0,
    indent: float = 0,
) -> ParagraphStyle:
    """A paragraph style in one of the shipped faces."""
    return ParagraphStyle(
        name=f"{face}-{size}-{align}-{indent}",
        fontName=_FACES[face],
        fontSize=size,
        leading=leading if leading is not None else size * 1.2,
        alignment=align,
        spaceBefore=before,
        spaceAfter=after,
        firstLineIndent=indent,
    )


def _markup(text: str) -> str:
    """Escape for reportlab's paragraph markup; newlines become line breaks."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


def _one_line(text: str) -> str:
    """Collapse whitespace (for the PDF metadata fields)."""
    return " ".join(text.split())


def _rule_under(text: str, face: str, size: float, fraction: float, cap: float) -> HRFlowable:
    """A centred solid line `fraction` as long as `text` once wrapped to at most `cap` wide."""
    lines = text.strip().splitlines() or [""]
    width = min(max(pdfmetrics.stringWidth(line, _FACES[face], size) for line in lines), cap)
    return HRFlowable(
        width=max(width * fraction, 10 * mm),
        thickness=_RULE,
        color=black,
        hAlign="CENTER",
        spaceBefore=2.5,
        spaceAfter=0,
    )


def _header(doc: DemoDocument) -> Table:
    """Ô 1-4: issuing body and number on the left, motto and place/date on the right."""
    left: list[Flowable] = []
    if doc.issuing_parent.strip():
        left.append(Paragraph(_markup(doc.issuing_parent.upper()), _style("regular", 12.5)))
    agency = doc.issuing_agency.upper()
    left.append(Paragraph(_markup(agency), _style("bold", 12.5)))
    left.append(_rule_under(agency, "bold", 12.5, 0.4, _LEFT_HEADER))
    left.append(
        Paragraph(_markup(tr("Số: {code}").format(code=doc.code)), _style("regular", 13, before=6))
    )
    if _is_official_letter(doc):
        left.append(
            Paragraph(
                _markup(_with_vv(doc.summary)),
                _style("regular", 12, before=6),
            )
        )

    motto = tr("Độc lập - Tự do - Hạnh phúc")
    right: list[Flowable] = [
        Paragraph(_markup(tr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), _style("bold", 12)),
        Paragraph(_markup(motto), _style("bold", 13)),
        _rule_under(motto, "bold", 13, 1.0, _RIGHT_HEADER),
        Paragraph(
            _markup(doc.date_line or nd30_date_line(doc.place, doc.date)),
            _style("italic", 13, before=6 + 1),
        ),
    ]
    table = Table([[left, right]], colWidths=[_LEFT_HEADER, _RIGHT_HEADER])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rules (HRFlowable)
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _title(doc: DemoDocument) -> list[Flowable]:
    """Ô 5a: type name and summary, centred bold, with a short line under the summary."""
    summary = doc.summary.strip()
    return [
        Paragraph(_markup(doc.type_name.upper()), _style("bold", 14, before=18)),
        Paragraph(_markup(summary), _style("bold", 14, leading=17)),
        _rule_under(summary, "bold", 14, 0.4, _TEXT_WIDTH),
        Spacer(1, 10),
    ]


def _addressees(doc: DemoDocument) -> list[Flowable]:
    """Ô 9a for a công văn: "Kính gửi:" and the addressees (the recipients minus "Lưu")."""
    names = [name.strip() for name in doc.recipients if not _is_archive(name)]
    if not names:
        return [Spacer(1, 12)]
    label = tr("Kính gửi:")
    if len(names) == 1:
        style = _style("regular", 14, leading=18, before=18, after=10)
        return [Paragraph(f"{escape(label)} {escape(names[0].rstrip(';.'))}.", style)]
    lines = [
        f"- {escape(name.rstrip(';.'))}{'.' if i == len(names) - 1 else ';'}"
        for i, name in enumerate(names)
    ]
    label_style = _style("regular", 14, align=TA_RIGHT, leading=18)
    list_style = _style("regular", 14, align=TA_LEFT, leading=18)
    table = Table(
        [[Paragraph(escape(label), label_style), Paragraph("<br/>".join(lines), list_style)]],
        colWidths=[35 * mm, _TEXT_WIDTH - 55 * mm],
        hAlign="LEFT",
        spaceBefore=18,
        spaceAfter=10,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 6),
            ]
        )
    )
    return [table]


def _body(doc: DemoDocument) -> list[Flowable]:
    """Ô 6: justified paragraphs, 14 pt, first-line indent 1 cm, 6 pt apart."""
    style = _style("regular", 14, align=TA_JUSTIFY, leading=19, after=6, indent=10 * mm)
    return [Paragraph(_markup(text), style) for text in doc.body if text.strip()]


def _is_archive(name: str) -> bool:
    """True for the "Lưu: VT, …" line of the recipients list."""
    return name.strip().casefold().startswith(("lưu", "- lưu"))


def _signature(doc: DemoDocument) -> Flowable:
    """Ô 7a/7b and 9b: "Nơi nhận:" on the left, level with the authority lines on the right."""
    recipients = [name.strip().lstrip("-").strip().rstrip(";.") for name in doc.recipients]
    recipients = [name for name in recipients if name]
    if not any(_is_archive(name) for name in recipients):
        recipients.append(tr("Lưu: VT"))
    lines = [
        f"- {escape(name)}{'.' if i == len(recipients) - 1 else ';'}"
        for i, name in enumerate(recipients)
    ]
    left: list[Flowable] = [
        Paragraph(escape(tr("Nơi nhận:")), _style("bolditalic", 12, align=TA_LEFT)),
        Paragraph("<br/>".join(lines), _style("regular", 11, align=TA_LEFT, leading=13)),
    ]
    right: list[Flowable] = [
        Paragraph(_markup(doc.signer_position.upper()), _style("bold", 14, leading=17)),
        Spacer(1, 26 * mm),
        Paragraph(_markup(doc.signer_name), _style("bold", 14)),
    ]
    table = Table([[left, right]], colWidths=[_TEXT_WIDTH * 0.48, _TEXT_WIDTH * 0.52])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8), table])


def _story(doc: DemoDocument) -> list[Flowable]:
    """Header, title or addressees, body, signature block."""
    story: list[Flowable] = [_header(doc)]
    if _is_official_letter(doc):
        story.extend(_addressees(doc))
    else:
        story.extend(_title(doc))
    story.extend(_body(doc))
    story.append(_signature(doc))
    return story


def _no_page_number(_canvas: Any, _template: Any) -> None:
    """ND30: page 1 shows no number."""


def _draw_page_number(canvas: Any, _template: Any) -> None:
    """Page numbers from page 2, centred in the top margin, 13 pt."""
    canvas.saveState()
    canvas.setFont(_FACES["regular"], 13)
    centre = _MARGIN_LEFT + _TEXT_WIDTH / 2
    canvas.drawCentredString(centre, A4[1] - 13 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()
