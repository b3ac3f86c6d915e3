"""How a signature looks on the page (ND30 Phụ lục I): ô 7c, ô 8 and the attachment stamp.

- Leader (ô 7c): the handwritten signature, a blue PNG with a transparent background, centred
  in its field, between the position line and the name.
- Organisation (ô 8): the red seal PNG at its real size, covering the left third of the
  leader's signature image; `seal_box` computes that field from the leader's field.
- Attachment in a separate file: no image; the số/ký hiệu and the signing time in ISO 8601 with
  +07:00, Times-like 10 pt, black, at the top right of page 1.

Boxes are (x1, y1, x2, y2) in PDF points, origin at the bottom left of the page.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from app.i18n import tr
from app.signing.embedded_font import font_engine_factory
from app.signing.errors import SignatureImageError
from app.timeutil import VN_TZ

Box = tuple[float, float, float, float]

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
ATTACHMENT_FONT_SIZE = 10
# pyHanko fills %(ts)s with its own signing time (the /M and CMS signingTime instant) in this
# format; we turn it into ISO 8601 with +07:00 (Python 3.11's %z gives +0700).
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
TIME_PLACEHOLDER = "{time}"


@dataclass(frozen=True)
class SignatureImage:
    """A PNG with transparency, checked; `size_pt` is its real size when the PNG records DPI."""

    png: bytes
    width_px: int
    height_px: int
    dpi: tuple[float, float] | None

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width_px / self.height_px

    @property
    def size_pt(self) -> tuple[float, float] | None:
        """(width, height) in points at the DPI stored in the PNG, or None."""
        if self.dpi is None:
            return None
        return (
            self.width_px / self.dpi[0] * PT_PER_INCH,
            self.height_px / self.dpi[1] * PT_PER_INCH,
        )


@dataclass(frozen=True)
class LeaderAppearance:
    """ô 7c: the handwritten signature centred in the field, aspect ratio kept."""

    signature_png: bytes


@dataclass(frozen=True)
class SealAppearance:
    """ô 8: the seal filling its field; make the field with `seal_box` to get the real size."""

    seal_png: bytes


@dataclass(frozen=True)
class TextAppearance:
    """Text only, at the top right of the field; `{time}` becomes the signing time (+07:00).

    For an attachment: `TextAppearance.attachment("15/QĐ-UBND")`.
    """

    lines: tuple[str, ...]
    font_size: int = ATTACHMENT_FONT_SIZE

    @classmethod
    def attachment(cls, number_text: str) -> TextAppearance:
        """Số/ký hiệu on the first line, the signing time on the second (Phụ lục I III.1.d)."""
        return cls(lines=(number_text, TIME_PLACEHOLDER))


Appearance = LeaderAppearance | SealAppearance | TextAppearance


def load_image(png: bytes, *, what: str) -> SignatureImage:
    """Check that `png` is a PNG with a transparent background; `what` names it in messages."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(png)) as image:
            image_format, mode, info = image.format, image.mode, dict(image.info)
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SignatureImageError(
            tr("{what} không phải là tệp ảnh đọc được.").format(what=what)
        ) from exc
    if image_format != "PNG":
        raise SignatureImageError(
            tr("{what} phải là ảnh PNG (tệp này là {format}).").format(
                what=what, format=image_format or "?"
            )
        )
    if not (mode in ("RGBA", "LA", "PA") or "transparency" in info):
        raise SignatureImageError(
            tr("{what} phải là ảnh PNG nền trong suốt; ảnh này không có kênh trong suốt.").format(
                what=what
            )
        )
    if width < 2 or height < 2:
        raise SignatureImageError(tr("{what} quá nhỏ.").format(what=what))
    dpi = info.get("dpi")
    real_dpi = (float(dpi[0]), float(dpi[1])) if dpi and dpi[0] > 1 and dpi[1] > 1 else None
    return SignatureImage(png=png, width_px=width, height_px=height, dpi=real_dpi)


def fit_image(box: Box, aspect: float) -> Box:
    """The largest rectangle of width/height `aspect` centred in `box`."""
    x1, y1, x2, y2 = box
    width, height = x2 - x1, y2 - y1
    if width / height > aspect:
        fitted_w, fitted_h = height * aspect, height
    else:
        fitted_w, fitted_h = width, width / aspect
    left, bottom = x1 + (width - fitted_w) / 2, y1 + (height - fitted_h) / 2
    return (left, bottom, left + fitted_w, bottom + fitted_h)


def seal_box(
    leader_box: Box,
    signature: SignatureImage,
    seal: SignatureImage,
    *,
    seal_diameter_mm: float | None = None,
) -> Box:
    """The organisation's field: the seal at real size over the left third of the leader's image.

    The seal's right edge lies one third into the signature image (as drawn, centred in
    `leader_box`), and the two are centred on the same horizontal line. The real size comes from
    `seal_diameter_mm` (the seal's width), else from the DPI stored in the seal PNG.
    """
    if seal_diameter_mm is not None:
        seal_w = seal_diameter_mm / MM_PER_INCH * PT_PER_INCH
        seal_h = seal_w / seal.aspect
    elif seal.size_pt is not None:
        seal_w, seal_h = seal.size_pt
    else:
        raise SignatureImageError(
            tr("Ảnh con dấu không ghi kích thước thực (DPI); hãy nhập đường kính con dấu (mm).")
        )
    image_x1, image_y1, image_x2, image_y2 = fit_image(leader_box, signature.aspect)
    right = image_x1 + (image_x2 - image_x1) / 3
    middle = (image_y1 + image_y2) / 2
    return (right - seal_w, middle - seal_h / 2, right, middle + seal_h / 2)


def vn_iso(moment: dt.datetime) -> str:
    """ISO 8601 to the second in Vietnam's time, e.g. 2026-11-22T11:24:03+07:00."""
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


def stamp_style(appearance: Appearance) -> Any:
    """The pyHanko stamp style that draws `appearance` (for `PdfSigner(stamp_style=...)`)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle

    style_class = _style_class()
    if isinstance(appearance, LeaderAppearance):
        load_image(appearance.signature_png, what=tr("Ảnh chữ ký"))
        return style_class(image_png=appearance.signature_png, stamp_text="")
    if isinstance(appearance, SealAppearance):
        load_image(appearance.seal_png, what=tr("Ảnh con dấu"))
        return style_class(image_png=appearance.seal_png, stamp_text="")
    text = "\n".join(
        unicodedata.normalize("NFC", line).replace("%", "%%").replace(TIME_PLACEHOLDER, "%(ts)s")
        for line in appearance.lines
    )
    text_style = TextBoxStyle(
        font=font_engine_factory("regular", appearance.font_size),
        font_size=appearance.font_size,
        text_color=(0, 0, 0),
        box_layout_rule=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins.uniform(0),
        ),
    )
    return style_class(image_png=None, stamp_text=text, text_box_style=text_style)


def text_content(
    writer: Any,
    text: str,
    *,
    size: int,
    italic: bool,
    align: str,
    box: Box,
    background: bool = False,
) -> Any:
    """A pyHanko content drawing one line of text in `box`, flush "left", "right" or "center".

    With `background`, the whole box is painted white first, hiding what the page shows there.
    """
    from pyhanko.pdf_utils.layout import BoxConstraints

    style = text_field_style(size=size, italic=italic, align=align, background=background)
    return _style_class()(**style).create_stamp(
        writer, BoxConstraints(width=box[2] - box[0], height=box[3] - box[1]), {"text": text}
    )


def text_field_style(
    *, size: int, italic: bool, align: str = "left", background: bool = False
) -> dict[str, Any]:
    """Keyword arguments for the stamp style of a number or date field (vertically centred)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle

    return {
        "image_png": None,
        "stamp_text": "%(text)s",
        "text_anchor": align,
        "white_background": background,
        "text_box_style": TextBoxStyle(
            font=font_engine_factory("italic" if italic else "regular", size),
            font_size=size,
            text_color=(0, 0, 0),
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins.uniform(0),
            ),
        ),
    }


@functools.cache
def _style_class() -> Any:
    """Build the pyHanko stamp classes on first use (pyHanko is imported lazily)."""
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import TextStamp, TextStampStyle

    @dataclass(frozen=True)
    class ImageTextStampStyle(TextStampStyle):
        """An image fitted and centred in the field, and/or text; no border, full opacity.

        It subclasses TextStampStyle so that pyHanko fills %(ts)s with its signing time.
        """

        image_png: bytes | None = None
        text_anchor: str = "top-right"  # or "left"/"right"/"center": one line, vertically centred
        white_background: bool = False  # paint the field's box white before drawing
        timestamp_format: str = _TS_FORMAT
        border_width: int = 0

        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            """The stamp, with pyHanko's signing time rewritten as ISO 8601 +07:00."""
            params = dict(text_params or {})
            if "ts" in params:
                params["ts"] = vn_iso(dt.datetime.strptime(params["ts"], _TS_FORMAT))
            return ImageTextStamp(writer=writer, style=self, box=box, text_params=params)

    class ImageTextStamp(TextStamp):
        """Draws an `ImageTextStampStyle`."""

        def _render_inner_content(self) -> list[bytes]:
            style, box, out = self.style, self.box, []
            if style.white_background:
                out.append(b"q 1 g 0 0 %g %g re f Q" % (box.width, box.height))
            if style.image_png is not None:
                with Image.open(BytesIO(style.image_png)) as opened:
                    image = opened.convert("RGBA")  # palette+tRNS and LA too
                x1, y1, x2, y2 = fit_image(
                    (0, 0, box.width, box.height), image.width / image.height
                )
                pdf_image = PdfImage(
                    image, writer=self.writer, box=BoxConstraints(x2 - x1, y2 - y1)
                )
                commands = pdf_image.render()
                self.import_resources(pdf_image.resources)
                out.append(b"q 1 0 0 1 %g %g cm %s Q" % (x1, y1, commands))
            if style.stamp_text:
                commands = self._text_layout()
                assert self.text_box is not None  # set by _text_layout
                text_w, text_h = self.text_box.box.width, self.text_box.box.height
                size = style.text_box_style.font_size
                if style.text_anchor in ("left", "right", "center"):  # capitals mid-field:
                    # the baseline lies 0.3 * size below the middle of the field
                    x = {"left": 0.0, "right": box.width - text_w}.get(
                        style.text_anchor, (box.width - text_w) / 2
                    )
                    y = (box.height - text_h) / 2 + 0.2 * size
                else:  # top right, leaving room above for stacked Vietnamese marks (Ấ, Ổ)
                    x, y = box.width - text_w, box.height - text_h - 0.25 * size
                out.append(b"q 1 0 0 1 %g %g cm %s Q" % (x, y, commands))
            return out

    return ImageTextStampStyle
