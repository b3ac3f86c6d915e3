"""Demo images drawn with Pillow: a blue handwritten-looking signature and a red round seal.

Both are PNG with a transparent background, as ND30 Phụ lục I asks of the real ones; the seal
records its DPI so that its real size (ô 8: "kích thước bằng kích thước thực tế của dấu") can be
read back. Vietnamese text is drawn with the shipped Liberation Serif, which has every glyph.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING

from app.signing.embedded_font import font_file

if TYPE_CHECKING:
    from PIL import Image

SIGNATURE_BLUE = (0, 45, 160)
SEAL_RED = (210, 20, 30)
DEFAULT_SEAL_DIAMETER_MM = 35.0  # typical commune/ward seal; the real one is measured
IMAGE_DPI = 300
_SUPERSAMPLE = 3


def signature_png(
    name: str = "Ký",
    *,
    width_px: int = 600,
    height_px: int = 240,
    color: tuple[int, int, int] = SIGNATURE_BLUE,
) -> bytes:
    """A handwritten-looking blue signature on a transparent background (RGBA PNG, 300 dpi).

    The last word of `name`, slanted, with a flourish under it; the ink is centred in the image
    with a margin of about 3 %.
    """
    from PIL import Image, ImageDraw, ImageFont

    s = _SUPERSAMPLE
    width, height = width_px * s, height_px * s
    scratch = Image.new("RGBA", (width * 2, height * 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(scratch)
    ink = (*color, 255)
    word = unicodedata.normalize("NFC", (name.split() or ["Ký"])[-1])
    font = ImageFont.truetype(str(font_file("italic")), round(height * 0.6))
    left, top = width * 0.2, height * 0.3
    draw.text((left, top), word, font=font, fill=ink)
    x1, _y1, x2, y2 = draw.textbbox((left, top), word, font=font)
    start, end = (x2, y2 - 0.1 * height), (x2 + 0.15 * (x2 - x1), y2 - 0.05 * height)
    low, back = (
        (x1 + 0.3 * (x2 - x1), y2 + 0.35 * height),
        (x1 - 0.1 * (x2 - x1), y2 + 0.05 * height),
    )
    points = _bezier([start, low, back], 60) + _bezier(
        [back, (x1 + 0.5 * (x2 - x1), y2 + 0.15 * height), end], 60
    )
    draw.line(points, fill=ink, width=round(height * 0.018), joint="curve")
    bbox = scratch.getchannel("A").getbbox()
    assert bbox is not None
    signature = scratch.crop(bbox)
    scale = min(0.94 * width / signature.width, 0.9 * height / signature.height)
    signature = signature.resize(
        (round(signature.width * scale), round(signature.height * scale)), Image.Resampling.LANCZOS
    )
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.alpha_composite(
        signature, ((width - signature.width) // 2, (height - signature.height) // 2)
    )
    return _png(image.resize((width_px, height_px), Image.Resampling.LANCZOS))


def _bezier(points: Sequence[tuple[float, float]], steps: int) -> list[tuple[float, float]]:
    """Points along the quadratic Bézier curve through three control points."""
    (ax, ay), (bx, by), (cx, cy) = points
    return [
        (
            (1 - t) ** 2 * ax + 2 * (1 - t) * t * bx + t * t * cx,
            (1 - t) ** 2 * ay + 2 * (1 - t) * t * by + t * t * cy,
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def seal_png(
    ring_text: str,
    centre_text: str = "",
    *,
    diameter_mm: float = DEFAULT_SEAL_DIAMETER_MM,
    dpi: int = IMAGE_DPI,
    color: tuple[int, int, int] = SEAL_RED,
) -> bytes:
    """A red round seal: `ring_text` around the top, a star and `centre_text` in the middle.

    The PNG records `dpi`, so its real size (`diameter_mm`) can be read back from it.
    """
    from PIL import Image, ImageDraw, ImageFont

    size = round(diameter_mm / 25.4 * dpi)
    s = _SUPERSAMPLE
    big = size * s
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (*color, 255)
    centre = big / 2
    outer = big / 2 - 1
    ring = 0.035 * big
    inner = outer - 0.19 * big
    draw.ellipse(_circle(centre, outer), outline=ink, width=round(ring))
    draw.ellipse(_circle(centre, inner), outline=ink, width=round(0.012 * big))
    bold = str(font_file("bold"))
    ring_text = unicodedata.normalize("NFC", ring_text.upper())
    text_radius = (outer - ring + inner) / 2
    font_size = round(0.085 * big)
    font = ImageFont.truetype(bold, font_size)
    while font_size > 8 and font.getlength(ring_text) / text_radius > math.radians(290):
        font_size -= 2
        font = ImageFont.truetype(bold, font_size)
    _text_on_arc(image, ring_text, font, centre, text_radius, ink)
    _star(draw, centre, centre - 0.09 * big, 0.085 * big, ink)
    if centre_text:
        centre_text = unicodedata.normalize("NFC", centre_text.upper())
        size_c = round(0.075 * big)
        font_c = ImageFont.truetype(bold, size_c)
        while size_c > 8 and font_c.getlength(centre_text) > 1.6 * inner:
            size_c -= 2
            font_c = ImageFont.truetype(bold, size_c)
        draw.text((centre, centre + 0.08 * big), centre_text, font=font_c, fill=ink, anchor="mm")
    return _png(image.resize((size, size), Image.Resampling.LANCZOS), dpi=dpi)


def _text_on_arc(
    image: Image.Image,
    text: str,
    font: object,
    centre: float,
    radius: float,
    ink: tuple[int, int, int, int],
) -> None:
    """Draw `text` clockwise along the top of a circle, centred on the top, letters upright."""
    from PIL import Image, ImageDraw, ImageFont

    assert isinstance(font, ImageFont.FreeTypeFont)
    widths = [font.getlength(ch) for ch in text]
    spacing = 0.15 * font.size
    total = sum(widths) + spacing * (len(text) - 1)
    angle = -math.pi / 2 - (total / radius) / 2
    box = round(font.size * 2)
    for ch, width in zip(text, widths, strict=True):
        middle = angle + (width / 2) / radius
        if not ch.isspace():
            glyph = Image.new("RGBA", (box, box), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((box / 2, box / 2), ch, font=font, fill=ink, anchor="mm")
            rotated = glyph.rotate(
                -math.degrees(middle + math.pi / 2), resample=Image.Resampling.BICUBIC
            )
            x = centre + radius * math.cos(middle) - box / 2
            y = centre + radius * math.sin(middle) - box / 2
            image.alpha_composite(rotated, (round(x), round(y)))
        angle += (width + spacing) / radius


def _star(
    draw: object, cx: float, cy: float, radius: float, ink: tuple[int, int, int, int]
) -> None:
    from PIL import ImageDraw

    assert isinstance(draw, ImageDraw.ImageDraw)
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(points, fill=ink)


def _circle(centre: float, radius: float) -> tuple[float, float, float, float]:
    return (centre - radius, centre - radius, centre + radius, centre + radius)


def _png(image: Image.Image, dpi: int = IMAGE_DPI) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()
