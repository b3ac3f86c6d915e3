"""The empty fields an outgoing PDF gets before anyone signs it.

Both signature fields (leader, organisation) and the two text fields for the số and the date are
created in the unsigned file. Signing into a field that already exists, and filling a text field
that already exists, are changes pyHanko's validator accepts after a signature; a *new* visible
field or any new page content is not (signing-notes §1, pitfall 7). So everything that will be
added later must have its field now.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

from app.i18n import tr
from app.signing.appearance import Box
from app.signing.errors import PdfStructureError

LEADER_FIELD = "ChuKyLanhDao"
ORGANISATION_FIELD = "ChuKyCoQuan"
NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"

# Form field flags (PDF 32000-1 §12.7.3.1) and annotation flags (§12.5.3).
_READ_ONLY = 1
_PRINT = 4
_LOCKED = 128
_QUADDING = {"left": 0, "center": 1, "right": 2}  # /Q, for viewers that redraw the field


@dataclass(frozen=True)
class SignatureField:
    """An empty visible signature field; `page` counts from 0 (-1 is the last page)."""

    name: str
    page: int
    box: Box


@dataclass(frozen=True)
class TextSpot:
    """Where a text (the số or the date) will be written, and in what size and style."""

    page: int
    box: Box
    font_size: int = 13
    italic: bool = False
    align: Literal["left", "right", "center"] = "left"  # "right": the số ends at "/ký hiệu"
    background: bool = False  # white under the text: hides a printed placeholder in the box


@dataclass(frozen=True)
class NumberPositions:
    """The spots for "Số: ..." (ô 3, 13 pt upright) and the place and date (ô 4, italic)."""

    number: TextSpot
    date: TextSpot


def add_signature_fields(
    pdf: bytes, fields: Sequence[SignatureField], *, number: NumberPositions | None = None
) -> bytes:
    """Return `pdf` with the empty signature fields (and number/date fields) added.

    The result is an incremental update of `pdf`. Raises `PdfStructureError` for an unreadable
    PDF and `ValueError` if a field of that name exists already.
    """
    from pyhanko.sign import fields as pyhanko_fields

    with pdf_writer(pdf) as writer:
        existing = set(field_names(writer))
        for field in fields:
            if field.name in existing:
                raise ValueError(f"field {field.name!r} exists already")
            pyhanko_fields.append_signature_field(
                writer,
                pyhanko_fields.SigFieldSpec(
                    sig_field_name=field.name,
                    on_page=field.page,
                    box=field.box,  # type: ignore[arg-type]  # floats work; the hint says int
                ),
            )
        if number is not None:
            add_text_field(writer, NUMBER_FIELD, number.number)
            add_text_field(writer, DATE_FIELD, number.date)
        out = BytesIO()
        writer.write(out)
    return out.getvalue()


def page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    """(width, height) in points of the visible area (CropBox, else MediaBox) of a page."""
    with pdf_writer(pdf) as writer:
        return _page_size(writer, page)


def attachment_box(
    pdf: bytes, *, width: float = 170.0, height: float = 34.0, margin: float = 28.0
) -> Box:
    """The field at the top right of page 1 where an attachment's stamp goes (ô 14 / III.1.d).

    `margin` (about 10 mm) keeps it inside the printable area.
    """
    with pdf_writer(pdf) as writer:
        _x1, _y1, x2, y2 = _visible_box(writer, 0)
    return (x2 - margin - width, y2 - margin - height, x2 - margin, y2 - margin)


def field_names(writer: Any) -> Iterator[str]:
    """The fully qualified names of the form fields in the writer's document."""
    try:
        fields = writer.root["/AcroForm"]["/Fields"]
    except KeyError:
        return
    stack = [(field_ref, "") for field_ref in fields]
    while stack:
        field_ref, prefix = stack.pop()
        field = field_ref.get_object()
        name = prefix + str(resolved(field, "/T", ""))
        if "/T" in field:
            yield name
        for kid in resolved(field, "/Kids", ()):
            stack.append((kid, name + "."))


def resolved(pdf_dict: Any, key: str, default: Any) -> Any:
    """`pdf_dict[key]` with indirect references followed (pyHanko's `.get` does not)."""
    return pdf_dict[key] if key in pdf_dict else default  # noqa: SIM401 — .get is raw


def find_field(writer: Any, name: str) -> Any | None:
    """The indirect reference to the top-level form field called `name`, or None."""
    try:
        fields = writer.root["/AcroForm"]["/Fields"]
    except KeyError:
        return None
    for field_ref in fields:
        if str(resolved(field_ref.get_object(), "/T", "")) == name:
            return field_ref
    return None


def add_text_field(writer: Any, name: str, spot: TextSpot) -> Any:
    """Create an empty, read-only, printed text field with its widget; return its reference."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints

    if find_field(writer, name) is not None:
        raise ValueError(f"field {name!r} exists already")
    form = _acro_form(writer)
    page_ref = writer.find_page_for_modification(spot.page)[0]
    x1, y1, x2, y2 = spot.box
    empty = RawContent(b"", box=BoxConstraints(width=x2 - x1, height=y2 - y1)).as_form_xobject()
    field = generic.DictionaryObject(
        {
            generic.NameObject("/FT"): generic.NameObject("/Tx"),
            generic.NameObject("/T"): generic.TextStringObject(name),
            generic.NameObject("/Ff"): generic.NumberObject(_READ_ONLY),
            # /DA is required for text fields; Helvetica is only a fallback for viewers that
            # regenerate appearances, ours always carries its own (with the embedded font).
            generic.NameObject("/DA"): generic.TextStringObject(f"/Helv {spot.font_size} Tf 0 g"),
            generic.NameObject("/Q"): generic.NumberObject(_QUADDING[spot.align]),
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/F"): generic.NumberObject(_PRINT | _LOCKED),
            generic.NameObject("/Rect"): generic.ArrayObject(
                generic.FloatObject(round(v, 3)) for v in spot.box
            ),
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/AP"): generic.DictionaryObject(
                {generic.NameObject("/N"): writer.add_object(empty)}
            ),
        }
    )
    if spot.background:  # appearance characteristics: white background (PDF 32000-1 §12.5.6.19)
        field[generic.NameObject("/MK")] = generic.DictionaryObject(
            {generic.NameObject("/BG"): generic.ArrayObject([generic.FloatObject(1)])}
        )
    field_ref = writer.add_object(field)
    fields = form["/Fields"]
    fields.append(field_ref)
    writer.update_container(fields)
    writer.register_annotation(page_ref, field_ref)
    return field_ref


@contextmanager
def pdf_writer(pdf: bytes) -> Iterator[Any]:
    """An incremental writer on `pdf`; unreadable or encrypted files become `PdfStructureError`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        if writer.prev.encrypted:
            raise PdfStructureError(
                tr("Tệp PDF được đặt mật khẩu; hãy bỏ mật khẩu trước khi ký số.")
            )
        writer.root  # noqa: B018 — fails here, not later, on a broken cross-reference table
    except PdfStructureError:
        raise
    except Exception as exc:
        raise PdfStructureError(
            tr("Tệp PDF bị hỏng (bảng tham chiếu chéo hoặc cấu trúc không đọc được).")
        ) from exc
    yield writer


def _acro_form(writer: Any) -> Any:
    """The document's /AcroForm, created (with /Fields and a /DR for /Helv) when missing."""
    from pyhanko.pdf_utils import generic

    root = writer.root
    if "/AcroForm" not in root:
        root[generic.NameObject("/AcroForm")] = writer.add_object(generic.DictionaryObject())
        writer.update_root()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        form[generic.NameObject("/Fields")] = generic.ArrayObject()
    if "/DR" not in form:
        form[generic.NameObject("/DR")] = generic.DictionaryObject()
    resources = form["/DR"]
    if "/Font" not in resources:
        resources[generic.NameObject("/Font")] = generic.DictionaryObject()
    fonts = resources["/Font"]
    if "/Helv" not in fonts:
        fonts[generic.NameObject("/Helv")] = writer.add_object(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/Font"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                    generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
                    generic.NameObject("/Encoding"): generic.NameObject("/WinAnsiEncoding"),
                }
            )
        )
    for changed in (form, resources, fonts):  # each marks the object that holds it, if any
        writer.update_container(changed)
    return form


def _visible_box(writer: Any, page: int) -> Box:
    page_obj = writer.find_page_for_modification(page)[0].get_object()
    for key in ("/CropBox", "/MediaBox"):
        node = page_obj
        while node is not None:  # both boxes are inheritable from the page tree
            if key in node:
                x1, y1, x2, y2 = (float(v) for v in node[key])
                return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            node = resolved(node, "/Parent", None)
    return (0.0, 0.0, 595.276, 841.89)  # A4, when the file says nothing


def _page_size(writer: Any, page: int) -> tuple[float, float]:
    x1, y1, x2, y2 = _visible_box(writer, page)
    return (x2 - x1, y2 - y1)
