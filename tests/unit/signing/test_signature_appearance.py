"""What the signatures look like, checked by pixels on pages rendered with pypdfium2:
the blue signature centred between position and name (ô 7c), the red seal at real size over the
left third of it (ô 8), the attachment stamp at the top right in 10 pt with Vietnamese glyphs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from PIL import Image, ImageChops
from signing_support import RENDER_SCALE, PageLayout, Pki

from app.signing.appearance import (
    LeaderAppearance,
    SealAppearance,
    TextAppearance,
    fit_image,
    load_image,
    seal_box,
    vn_iso,
)
from app.signing.embedded_font import font_file
from app.signing.errors import SignatureImageError
from app.signing.fields import (
    DATE_FIELD,
    LEADER_FIELD,
    NUMBER_FIELD,
    ORGANISATION_FIELD,
    SignatureField,
    add_signature_fields,
    attachment_box,
    find_field,
    pdf_writer,
)
from app.signing.sign import add_number, sign_pdf
from app.signing.signers import Signer
from app.signing.validate import inspect_pdf_signatures

PointBox = tuple[float, float, float, float]
DATE = "Gia Thụy, ngày 05 tháng 01 năm 2026"
ATTACHMENT_NUMBER = "15/QĐ-UBND"
TOLERANCE_PT = 1.5
SIGNATURE_BLOCK: PointBox = (250.0, 560.0, 595.0, 720.0)  # the lower right of the test page


@dataclass(frozen=True)
class Rendered:
    """Signed documents and their first pages as images."""

    leader_signed: bytes
    sealed: bytes
    attachment: bytes
    leader_page: Any
    sealed_page: Any
    attachment_page: Any


@pytest.fixture(scope="module")
def rendered(
    unsigned_pdf: bytes,
    attachment_pdf: bytes,
    layout: PageLayout,
    leader_signer: Signer,
    organisation_signer: Signer,
    signature_png: bytes,
    seal_png: bytes,
    render: Callable[..., Any],
) -> Rendered:
    """The leader's and the organisation's signatures, and an attachment, rendered."""
    organisation_box = seal_box(
        layout.leader_box, load_image(signature_png, what="a"), load_image(seal_png, what="b")
    )
    prepared = add_signature_fields(
        unsigned_pdf,
        [
            SignatureField(LEADER_FIELD, 0, layout.leader_box),
            SignatureField(ORGANISATION_FIELD, 0, organisation_box),
        ],
        number=layout.number,
    )
    leader_signed = sign_pdf(prepared, LEADER_FIELD, leader_signer, LeaderAppearance(signature_png))
    numbered = add_number(leader_signed, "15", DATE, layout.number)
    sealed = sign_pdf(numbered, ORGANISATION_FIELD, organisation_signer, SealAppearance(seal_png))
    attachment = sign_pdf(
        attachment_pdf,
        ORGANISATION_FIELD,
        organisation_signer,
        TextAppearance.attachment(ATTACHMENT_NUMBER),
        new_field=SignatureField(ORGANISATION_FIELD, 0, attachment_box(attachment_pdf)),
    )
    return Rendered(
        leader_signed=leader_signed,
        sealed=sealed,
        attachment=attachment,
        leader_page=render(leader_signed),
        sealed_page=render(sealed),
        attachment_page=render(attachment),
    )


def _mask(page: Any, colour: str) -> Image.Image:
    """A black/white mask of the page's blue, red or dark (text) pixels."""
    red, green, blue = page.split()

    def over(a: Image.Image, b: Image.Image, by: int) -> Image.Image:
        return ImageChops.subtract(a, b).point(lambda v: 255 if v > by else 0)

    if colour == "blue":
        return ImageChops.multiply(over(blue, red, 60), over(blue, green, 40))
    if colour == "red":  # strict: pdfium draws field text with orange colour fringes
        return ImageChops.multiply(over(red, green, 110), over(red, blue, 110))
    return page.convert("L").point(lambda v: 255 if v < 110 else 0)


def _ink_box(page: Any, colour: str, page_height: float) -> PointBox | None:
    """The bounding box, in PDF points, of the pixels of `colour` in the signature block."""
    s = RENDER_SCALE
    x1, _y1, _x2, y2 = SIGNATURE_BLOCK
    found = _mask(page.crop(_pixels(SIGNATURE_BLOCK, page_height)), colour).getbbox()
    if found is None:
        return None
    left, top, right, bottom = found
    return (x1 + left / s, y2 - bottom / s, x1 + right / s, y2 - top / s)


def _pixels(box: PointBox, page_height: float) -> tuple[int, int, int, int]:
    """A box in PDF points as a crop box in the rendered page's pixels."""
    s = RENDER_SCALE
    x1, y1, x2, y2 = box
    return (
        round(x1 * s),
        round((page_height - y2) * s),
        round(x2 * s),
        round((page_height - y1) * s),
    )


def _centre(box: PointBox) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def test_leader_signature_is_blue_and_centred_between_position_and_name(
    rendered: Rendered, layout: PageLayout
) -> None:
    blue = _ink_box(rendered.leader_page, "blue", layout.page_height)

    assert blue is not None
    assert _centre(blue) == pytest.approx(_centre(layout.leader_box), abs=TOLERANCE_PT)
    assert blue[3] < layout.position_baseline - 3  # below "CHỦ TỊCH" and its dot below
    assert blue[1] > layout.name_baseline + 10  # above the name's capitals and accents
    assert _ink_box(rendered.leader_page, "red", layout.page_height) is None


def test_seal_is_red_at_real_size_over_the_left_third_of_the_signature(
    rendered: Rendered, layout: PageLayout, signature_png: bytes
) -> None:
    image = fit_image(layout.leader_box, load_image(signature_png, what="a").aspect)
    red = _ink_box(rendered.sealed_page, "red", layout.page_height)
    blue = _ink_box(rendered.leader_page, "blue", layout.page_height)

    assert red is not None
    assert blue is not None
    one_third = image[0] + (image[2] - image[0]) / 3
    assert red[2] == pytest.approx(one_third, abs=TOLERANCE_PT)  # right edge: 1/3 in
    assert _centre(red)[1] == pytest.approx(_centre(image)[1], abs=TOLERANCE_PT)
    seal_pt = 35 / 25.4 * 72  # the demo seal is 35 mm across
    assert red[2] - red[0] == pytest.approx(seal_pt, abs=TOLERANCE_PT)
    assert red[3] - red[1] == pytest.approx(seal_pt, abs=TOLERANCE_PT)
    assert blue[0] < red[2] < blue[2]  # it overlaps the signature, from the left


def test_seal_is_drawn_on_top_of_the_signature(rendered: Rendered) -> None:
    block = _pixels(SIGNATURE_BLOCK, 841.89)
    was_blue = _mask(rendered.leader_page.crop(block), "blue")
    now_red = _mask(rendered.sealed_page.crop(block), "red")
    now_blue = _mask(rendered.sealed_page.crop(block), "blue")

    covered = ImageChops.multiply(was_blue, now_red).getbbox()
    assert covered is not None  # some signature pixels are now seal-red
    assert now_blue.getbbox() is not None  # and the rest of the signature still shows


def test_attachment_stamp_is_at_the_top_right_in_10_pt(
    rendered: Rendered, layout: PageLayout, attachment_pdf: bytes
) -> None:
    box = attachment_box(attachment_pdf)
    corner = (layout.page_width / 2, layout.page_height - 80, layout.page_width, layout.page_height)
    ink = _mask(rendered.attachment_page.crop(_pixels(corner, layout.page_height)), "dark")
    found = ink.getbbox()

    assert found is not None  # nothing else is printed in that corner
    left, top, right, bottom = (v / RENDER_SCALE for v in found)
    x_left, x_right = corner[0] + left, corner[0] + right
    y_top, y_bottom = layout.page_height - top, layout.page_height - bottom
    assert x_left >= box[0]
    assert x_right == pytest.approx(box[2], abs=2.5)  # flush with the field's right edge
    assert y_top <= box[3]
    assert y_bottom >= box[1]
    assert 15 <= y_top - y_bottom <= 24  # two lines of 10 pt
    time_line = _appearance_lines(rendered.attachment, ORGANISATION_FIELD)[1]
    expected = _text_width_pt(time_line, size=10)
    assert x_right - x_left == pytest.approx(expected, rel=0.04)  # glyph widths (pitfall 1)


def test_attachment_stamp_text_is_the_number_and_the_signing_time(
    rendered: Rendered, pki: Pki
) -> None:
    (info,) = inspect_pdf_signatures(rendered.attachment, [pki.ca.identity.asn1()])

    number, time = _appearance_lines(rendered.attachment, ORGANISATION_FIELD)

    assert number == ATTACHMENT_NUMBER
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", time)
    assert info.signed_at is not None
    assert time == vn_iso(info.signed_at)


def test_number_and_date_are_written_with_every_vietnamese_glyph(
    rendered: Rendered, layout: PageLayout
) -> None:
    assert _appearance_lines(rendered.sealed, NUMBER_FIELD) == ["15"]
    assert _appearance_lines(rendered.sealed, DATE_FIELD) == [DATE]
    x1, y1, x2, y2 = layout.number.date.box
    s = RENDER_SCALE
    date_area = rendered.sealed_page.crop(
        (
            round(x1 * s),
            round((layout.page_height - y2) * s),
            round(x2 * s),
            round((layout.page_height - y1) * s),
        )
    )
    ink = _mask(date_area, "dark").getbbox()
    assert ink is not None
    drawn_width = (ink[2] - ink[0]) / s
    assert drawn_width == pytest.approx(_text_width_pt(DATE, size=14, style="italic"), rel=0.04)


def test_images_must_be_png_with_a_transparent_background() -> None:
    def encoded(image: Image.Image, image_format: str) -> bytes:
        out = BytesIO()
        image.save(out, format=image_format)
        return out.getvalue()

    opaque = Image.new("RGB", (40, 40), (200, 0, 0))
    with pytest.raises(SignatureImageError, match="phải là ảnh PNG"):
        load_image(encoded(opaque, "JPEG"), what="Ảnh con dấu")
    with pytest.raises(SignatureImageError, match="nền trong suốt"):
        load_image(encoded(opaque, "PNG"), what="Ảnh con dấu")
    with pytest.raises(SignatureImageError, match="không phải là tệp ảnh"):
        load_image(b"\x89PNG not really", what="Ảnh chữ ký")
    palette = opaque.convert("P")
    out = BytesIO()
    palette.save(out, format="PNG", transparency=0)
    assert load_image(out.getvalue(), what="a").width_px == 40


def test_seal_box_takes_the_real_size_and_the_left_third(seal_png: bytes) -> None:
    signature = load_image(_transparent_png(300, 100), what="a")  # aspect 3
    seal = load_image(seal_png, what="b")

    x1, y1, x2, y2 = seal_box((100, 100, 400, 200), signature, seal)  # image fills 300 x 100

    assert x2 == pytest.approx(200)  # 100 + 300 / 3
    assert (y1 + y2) / 2 == pytest.approx(150)
    assert x2 - x1 == pytest.approx(35 / 25.4 * 72, abs=0.5)
    given = seal_box((100, 100, 400, 200), signature, seal, seal_diameter_mm=40)
    assert given[2] - given[0] == pytest.approx(40 / 25.4 * 72)
    no_dpi = load_image(_transparent_png(50, 50), what="c")
    with pytest.raises(SignatureImageError, match="kích thước thực"):
        seal_box((100, 100, 400, 200), signature, no_dpi)


def _transparent_png(width: int, height: int) -> bytes:
    out = BytesIO()
    Image.new("RGBA", (width, height), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def _text_width_pt(text: str, *, size: int, style: str = "regular") -> float:
    """The ink width of `text` at `size` pt, measured by FreeType (Pillow) on the same font."""
    from PIL import ImageFont

    scale = 20  # measure at 20 px per pt for precision
    font = ImageFont.truetype(str(font_file(style)), size * scale)
    left, _top, right, _bottom = font.getbbox(text)
    return (right - left) / scale


def _appearance_lines(pdf: bytes, field_name: str) -> list[str]:
    """The text lines drawn in a field's appearance, decoded through the font's ToUnicode map.

    Glyph 0 (.notdef, a missing glyph) would have no entry and fail the comparison.
    """
    with pdf_writer(pdf) as writer:
        field_ref = find_field(writer, field_name)
        assert field_ref is not None
        stream = field_ref.get_object()["/AP"]["/N"]
        fonts = stream["/Resources"]["/Font"]
        (font,) = (fonts[name] for name in fonts)
        cmap = _to_unicode(font["/ToUnicode"].data.decode("ascii"))
        content = stream.data.decode("latin-1")
    lines = []
    for array in re.findall(r"\[(.*?)\]\s*TJ", content, flags=re.DOTALL):
        codes = "".join(re.findall(r"<([0-9a-fA-F]+)>", array))
        cids = [int(codes[i : i + 4], 16) for i in range(0, len(codes), 4)]
        assert 0 not in cids
        lines.append("".join(cmap[cid] for cid in cids))
    return lines


def _to_unicode(cmap: str) -> dict[int, str]:
    """CID -> text from a ToUnicode CMap (bfchar and bfrange sections)."""
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, flags=re.DOTALL):
        for cid, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, flags=re.DOTALL):
        for low, high, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block
        ):
            count = int(high, 16) - int(low, 16) + 1
            if target.startswith("["):  # one destination per code
                texts = [
                    bytes.fromhex(t).decode("utf-16-be") for t in re.findall(r"<(\w+)>", target)
                ]
            else:  # consecutive code points from the start
                first = ord(bytes.fromhex(target[1:-1]).decode("utf-16-be"))
                texts = [chr(first + offset) for offset in range(count)]
            for offset, text in enumerate(texts[:count]):
                mapping[int(low, 16) + offset] = text
    return mapping
