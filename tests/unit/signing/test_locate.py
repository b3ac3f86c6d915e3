"""Finding the fields of an outgoing PDF from its text (ô 7c, ô 8, ô 3, ô 4), then the whole
chain on the located fields: checked by pyHanko, by poppler's pdfsig and by pixels."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from PIL import Image, ImageChops
from signing_support import LEADER_CN, RENDER_SCALE, PdfsigSignature, Pki

from app.signing.appearance import (
    LeaderAppearance,
    SealAppearance,
    fit_image,
    load_image,
)
from app.signing.embedded_font import font_file
from app.signing.errors import PdfStructureError
from app.signing.fields import (
    DATE_FIELD,
    LEADER_FIELD,
    NUMBER_FIELD,
    ORGANISATION_FIELD,
    field_names,
    pdf_writer,
)
from app.signing.locate import LayoutNotFound, OutgoingLayout, locate_layout, prepare_for_signing
from app.signing.sign import add_number, sign_pdf
from app.signing.signers import Signer
from app.signing.validate import inspect_pdf_signatures

PAGE_W, PAGE_H = 595.276, 841.89
LEFT_X, RIGHT_X = 150.0, 430.0  # centres of the header's two columns and of the signature block
HEADER_BASELINE = 760.0  # "Số: .../QĐ-UBND" and the date line
PLACEHOLDER_SPACES = 8  # the template writes 6 or more
POSITION = "CHỦ TỊCH"
NUMBER = "07"
DATE = "Gia Thụy, ngày 05 tháng 03 năm 2026"
FONTS = {"regular": "LocSerif", "bold": "LocSerifBold", "italic": "LocSerifItalic"}
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Theo đề nghị của Chủ tịch Ủy ban nhân dân phường Gia Thụy,",
    "Điều 1. Kiểm tra trật tự đô thị trên địa bàn phường từ ngày 10 tháng 3 năm 2026.",
    "Điều 2. Chủ tịch Ủy ban nhân dân phường, ông Nguyễn Văn Thắng, chỉ đạo thực hiện.",
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
)


@dataclass(frozen=True)
class Drawn:
    """A test PDF laid out like an ND30 decision, and where it printed things (PDF points)."""

    pdf: bytes
    signature_page: int
    colon_right: float  # end of "Số:"
    slash_x: float  # pen position of the "/" of "/QĐ-UBND"
    date_left: float  # the printed placeholder line, as advanced by the pen
    date_right: float
    position_baseline: float
    name_baseline: float
    name_centre: float


def _width(text: str, style: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, FONTS[style], size))


def nd30_pdf(
    *,
    pages: int = 1,
    name: str = LEADER_CN,
    number: str | None = " " * PLACEHOLDER_SPACES,
    nfd: bool = False,
    block_gap: float = 90.0,
    split_block: bool = False,
) -> Drawn:
    """An ND30-like decision: header, number and date placeholders, body, signature block.

    `number` is what stands between "Số:" and "/" (None: no number line at all); `pages=2`
    puts the signature block on page 2; `nfd` writes all text decomposed (NFD); `split_block`
    puts the name at the top of a page 2, away from its position line at the bottom of page 1.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    for style, face in FONTS.items():
        pdfmetrics.registerFont(TTFont(face, str(font_file(style))))
    out = BytesIO()
    page = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))

    def text(x: float, y: float, value: str, style: str = "regular", size: float = 13) -> None:
        page.setFont(FONTS[style], size)
        page.drawString(x, y, unicodedata.normalize("NFD", value) if nfd else value)

    def centred(x: float, y: float, value: str, style: str = "regular", size: float = 13) -> float:
        width = _width(value, style, size)
        text(x - width / 2, y, value, style, size)
        return x - width / 2

    centred(LEFT_X, 800, "ỦY BAN NHÂN DÂN")
    centred(LEFT_X, 785, "PHƯỜNG GIA THỤY", "bold")
    page.line(LEFT_X - 30, 780, LEFT_X + 30, 780)
    number_line = "Ký hiệu: QĐ-UBND" if number is None else f"Số:{number}/QĐ-UBND"
    start = centred(LEFT_X, HEADER_BASELINE, number_line)
    colon_right = start + _width("Số:", "regular", 13)
    slash_x = start + _width(f"Số:{number}", "regular", 13)
    centred(RIGHT_X, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", 12)
    centred(RIGHT_X, 785, "Độc lập - Tự do - Hạnh phúc", "bold")
    page.line(RIGHT_X - 85, 780, RIGHT_X + 85, 780)
    gap = " " * PLACEHOLDER_SPACES
    date_line = f"Gia Thụy, ngày{gap}tháng{gap}năm 2026"
    date_left = centred(RIGHT_X, HEADER_BASELINE, date_line, "italic", 14)
    centred(PAGE_W / 2, 725, "QUYẾT ĐỊNH", "bold", 14)
    centred(PAGE_W / 2, 708, "Về việc kiểm tra trật tự đô thị", "bold", 14)
    for row, line in enumerate(BODY):
        text(85, 680 - 22 * row, line)
    if pages == 2:
        page.showPage()
        text(85, 780, "Điều 4. Các tổ dân phố và cá nhân có liên quan chịu trách nhiệm thi hành.")
    block = 100.0 if split_block else 540.0  # split: the page breaks after the position line
    text(85, block, "Nơi nhận:", "italic", 12)
    for row, line in enumerate(("- Chủ tịch UBND thành phố;", "- Như Điều 3;", "- Lưu: VT.")):
        text(85, block - 14 - 13 * row, line, size=11)
    centred(RIGHT_X, block, "TM. ỦY BAN NHÂN DÂN", "bold")
    position_baseline = block - 16
    centred(RIGHT_X, position_baseline, POSITION, "bold")
    name_baseline = position_baseline - block_gap
    if split_block:
        page.showPage()
        name_baseline = 780
    centred(RIGHT_X, name_baseline, name, "bold")
    page.showPage()
    page.save()
    return Drawn(
        pdf=out.getvalue(),
        signature_page=pages - 1,
        colon_right=colon_right,
        slash_x=slash_x,
        date_left=date_left,
        date_right=date_left + _width(date_line, "italic", 14),
        position_baseline=position_baseline,
        name_baseline=name_baseline,
        name_centre=RIGHT_X,
    )


def _locate(drawn: Drawn, **kwargs: Any) -> OutgoingLayout:
    options: dict[str, Any] = {
        "signer_position": POSITION,
        "signer_name": LEADER_CN,
        "signature": None,
        "seal": None,
    }
    options.update(kwargs)
    return locate_layout(drawn.pdf, **options)


@pytest.fixture(scope="module", params=[1, 2], ids=["one-page", "two-pages"])
def drawn(request: pytest.FixtureRequest) -> Drawn:
    """The test decision, with its signature block on page 1 or on page 2."""
    pages: int = request.param
    return nd30_pdf(pages=pages)


# --- where the fields go -----------------------------------------------------------------------


def test_leader_box_lies_between_position_and_name_centred_on_the_name(drawn: Drawn) -> None:
    layout = _locate(drawn)

    x1, y1, x2, y2 = layout.leader.box
    assert layout.leader.name == LEADER_FIELD
    assert layout.leader.page == drawn.signature_page
    assert drawn.position_baseline - 8 < y2 < drawn.position_baseline - 3  # under "CHỦ TỊCH"
    assert drawn.name_baseline + 10 < y1 < drawn.name_baseline + 15  # over "Nguyễn" and its ễ
    assert (x1 + x2) / 2 == pytest.approx(drawn.name_centre, abs=0.5)
    assert 150 <= x2 - x1 <= 170


def test_seal_box_ends_one_third_into_the_signature_image(
    drawn: Drawn, signature_png: bytes, seal_png: bytes
) -> None:
    signature = load_image(signature_png, what="a")
    layout = _locate(drawn, signature=signature, seal=load_image(seal_png, what="b"))

    image = fit_image(layout.leader.box, signature.aspect)
    x1, y1, x2, y2 = layout.organisation.box
    assert layout.organisation.name == ORGANISATION_FIELD
    assert layout.organisation.page == layout.leader.page
    assert x2 == pytest.approx(image[0] + (image[2] - image[0]) / 3)
    assert (y1 + y2) / 2 == pytest.approx((image[1] + image[3]) / 2)
    assert x2 - x1 == pytest.approx(35 / 25.4 * 72, abs=0.5)  # the demo seal's real size


def test_without_images_a_25_signature_and_a_round_seal_are_assumed(drawn: Drawn) -> None:
    default = _locate(drawn).organisation.box
    bigger = _locate(drawn, seal_diameter_mm=40).organisation.box

    leader = _locate(drawn).leader.box
    image = fit_image(leader, 2.5)
    assert default[2] == pytest.approx(image[0] + (image[2] - image[0]) / 3)
    assert default[2] - default[0] == pytest.approx(35 / 25.4 * 72)
    assert default[3] - default[1] == pytest.approx(35 / 25.4 * 72)
    assert bigger[2] - bigger[0] == pytest.approx(40 / 25.4 * 72)


def test_number_spot_lies_between_so_and_the_slash(drawn: Drawn) -> None:
    spot = _locate(drawn).number.number

    x1, y1, x2, y2 = spot.box
    assert spot.page == 0
    assert (spot.align, spot.font_size, spot.italic, spot.background) == ("right", 13, False, False)
    assert drawn.colon_right - 1.5 < x1 < drawn.colon_right + 1.5  # after the colon's ink
    assert x2 == pytest.approx(drawn.slash_x, abs=0.2)  # the number ends where "/" begins
    assert y1 < HEADER_BASELINE - 3  # room for 13 pt
    assert y2 > HEADER_BASELINE + 10


def test_date_spot_covers_the_placeholder_line(drawn: Drawn) -> None:
    spot = _locate(drawn).number.date

    x1, y1, x2, y2 = spot.box
    assert spot.page == 0
    assert (spot.align, spot.font_size, spot.italic, spot.background) == ("center", 14, True, True)
    assert x1 < drawn.date_left - 5  # widened a little
    assert x2 > drawn.date_right + 5
    assert (x1 + x2) / 2 == pytest.approx((drawn.date_left + drawn.date_right) / 2, abs=1)
    assert y1 < HEADER_BASELINE - 3.5  # the descenders of "ngày" and the dot of "ụ"
    assert y2 > HEADER_BASELINE + 10.5  # the marks of "à", "á", "ă"
    assert y2 < 780 - 0.5  # not over the line under the motto


def test_matching_ignores_case_decomposed_text_and_extra_spaces() -> None:
    decomposed = nd30_pdf(nfd=True)
    composed = nd30_pdf()

    found = locate_layout(
        decomposed.pdf,
        signer_position="  chủ   tịch ",
        signer_name=unicodedata.normalize("NFD", "NGUYỄN  VĂN THẮNG"),
        signature=None,
        seal=None,
    )

    assert found.leader.box == pytest.approx(_locate(composed).leader.box, abs=3)  # marks apart
    assert found.number.number.box == pytest.approx(_locate(composed).number.number.box, abs=1.5)


def test_dotted_number_placeholder_is_covered_by_the_number() -> None:
    spot = _locate(nd30_pdf(number=" ....... ")).number.number

    assert spot.background


def test_prepare_for_signing_adds_the_four_empty_fields(drawn: Drawn) -> None:
    prepared = prepare_for_signing(drawn.pdf, _locate(drawn))

    assert prepared.startswith(drawn.pdf)
    with pdf_writer(prepared) as writer:
        assert {LEADER_FIELD, ORGANISATION_FIELD, NUMBER_FIELD, DATE_FIELD} <= set(
            field_names(writer)
        )


# --- what cannot be located ---------------------------------------------------------------------


def test_a_scan_without_text_layer_is_refused(render: Callable[..., Any]) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    scan = render(nd30_pdf().pdf, 0, 200 / 72).convert("L")  # the same decision, as pixels
    page.drawImage(ImageReader(scan), 0, 0, PAGE_W, PAGE_H)
    page.showPage()
    page.save()

    with pytest.raises(LayoutNotFound, match=r"không có lớp chữ \(bản quét\?\)"):
        locate_layout(
            out.getvalue(),
            signer_position=POSITION,
            signer_name=LEADER_CN,
            signature=None,
            seal=None,
        )


def test_a_pdf_without_the_signer_names_what_is_missing() -> None:
    other = nd30_pdf(name="Lê Thị Hoa")

    with pytest.raises(LayoutNotFound) as raised:
        _locate(other)

    assert str(raised.value) == (
        "Không tìm thấy chức vụ 'CHỦ TỊCH' và họ tên 'Nguyễn Văn Thắng' của người ký trong tệp PDF."
    )


def test_a_corrupt_pdf_is_a_structure_error() -> None:
    with pytest.raises(PdfStructureError, match="bị hỏng"):
        locate_layout(
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n",
            signer_position=POSITION,
            signer_name=LEADER_CN,
            signature=None,
            seal=None,
        )


def test_a_pdf_already_numbered_is_refused() -> None:
    with pytest.raises(LayoutNotFound, match=r"^Tệp PDF đã ghi sẵn số văn bản; "):
        _locate(nd30_pdf(number=" 15"))


def test_a_pdf_without_the_number_line_says_so() -> None:
    with pytest.raises(
        LayoutNotFound, match=r"^Không tìm thấy dòng 'Số: \.\.\./\.\.\.' ở trang đầu"
    ):
        _locate(nd30_pdf(number=None))


def test_a_signature_block_split_over_two_pages_is_named() -> None:
    with pytest.raises(
        LayoutNotFound, match=r"^Khối chữ ký bị tách sang hai trang .* ở trang 1, .* trang 2\)"
    ):
        _locate(nd30_pdf(split_block=True))


def test_too_little_room_between_position_and_name_is_refused() -> None:
    with pytest.raises(LayoutNotFound, match="quá hẹp để đặt chữ ký"):
        _locate(nd30_pdf(block_gap=28))


# --- the whole chain on the located fields ------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """The located layout, the document after each step, and the pages that matter as images."""

    drawn: Drawn
    layout: OutgoingLayout
    sealed: bytes
    first_before: Any  # page 1, unsigned
    first_after: Any  # page 1, sealed
    block_leader: Any  # the signature page after the leader signed
    block_sealed: Any  # the signature page after the organisation signed


@pytest.fixture(scope="module")
def chain(
    drawn: Drawn,
    leader_signer: Signer,
    organisation_signer: Signer,
    signature_png: bytes,
    seal_png: bytes,
    render: Callable[..., Any],
) -> Chain:
    """locate → prepare → leader signs → số and date → organisation signs; pages rendered."""
    layout = locate_layout(
        drawn.pdf,
        signer_position=POSITION,
        signer_name=LEADER_CN,
        signature=load_image(signature_png, what="chữ ký"),
        seal=load_image(seal_png, what="con dấu"),
    )
    prepared = prepare_for_signing(drawn.pdf, layout)
    leader_signed = sign_pdf(prepared, LEADER_FIELD, leader_signer, LeaderAppearance(signature_png))
    numbered = add_number(leader_signed, NUMBER, DATE, layout.number)
    sealed = sign_pdf(numbered, ORGANISATION_FIELD, organisation_signer, SealAppearance(seal_png))
    page = drawn.signature_page
    return Chain(
        drawn=drawn,
        layout=layout,
        sealed=sealed,
        first_before=render(drawn.pdf, 0),
        first_after=render(sealed, 0),
        block_leader=render(leader_signed, page),
        block_sealed=render(sealed, page),
    )


def test_both_signatures_validate_with_pyhanko(chain: Chain, pki: Pki) -> None:
    leader, organisation = inspect_pdf_signatures(chain.sealed, [pki.ca.identity.asn1()])

    assert (leader.field_name, organisation.field_name) == (LEADER_FIELD, ORGANISATION_FIELD)
    for info in (leader, organisation):
        assert info.intact
        assert info.valid
        assert info.trusted
    assert leader.modification == "allowed"  # the số, the date and the seal came after it
    assert organisation.modification == "none"


def test_both_signatures_validate_with_pdfsig(
    chain: Chain, pdfsig: Callable[[bytes], list[PdfsigSignature]]
) -> None:
    leader, organisation = pdfsig(chain.sealed)

    assert (leader.field, organisation.field) == (LEADER_FIELD, ORGANISATION_FIELD)
    assert leader.valid
    assert organisation.valid
    assert organisation.total_document


def test_number_is_written_against_the_slash_on_its_baseline(chain: Chain) -> None:
    drawn = chain.drawn
    gap = (drawn.colon_right + 0.5, HEADER_BASELINE - 4, drawn.slash_x - 0.3, HEADER_BASELINE + 12)

    assert _ink(chain.first_before, gap, "dark") is None  # blank before
    ink = _ink(chain.first_after, gap, "dark")
    assert ink is not None
    slash = _ink(chain.first_after, (drawn.slash_x - 0.3, 755, drawn.slash_x + 4, 772), "dark")
    assert slash is not None
    assert drawn.slash_x - 3 < ink[2] <= slash[0]  # flush against the "/", left of it
    assert ink[2] - ink[0] == pytest.approx(_width(NUMBER, "regular", 13), abs=2)
    assert ink[1] == pytest.approx(HEADER_BASELINE, abs=0.8)  # on the printed baseline


def test_date_replaces_the_printed_placeholder(chain: Chain) -> None:
    spot = chain.layout.number.date.box
    middle = (spot[0] + spot[2]) / 2
    half = _width(DATE, "italic", 14) / 2
    left_strip = (spot[0], spot[1], middle - half - 1.5, spot[3])
    right_strip = (middle + half + 1.5, spot[1], spot[2], spot[3])

    for strip in (left_strip, right_strip):  # the placeholder is longer than the date
        assert _ink(chain.first_before, strip, "dark") is not None  # it was printed here
        assert _ink(chain.first_after, strip, "dark") is None  # and is hidden now
    ink = _ink(chain.first_after, spot, "dark")
    assert ink is not None
    assert ink[2] - ink[0] == pytest.approx(2 * half, abs=1.5)
    assert ink[1] == pytest.approx(HEADER_BASELINE - 3, abs=1)  # the "g" and "y" of the date


def test_signature_is_blue_between_position_and_name(chain: Chain) -> None:
    drawn = chain.drawn
    block = (250.0, drawn.name_baseline - 20, PAGE_W, drawn.position_baseline + 20)

    blue = _ink(chain.block_leader, block, "blue")

    assert blue is not None
    assert blue[3] < drawn.position_baseline - 3
    assert blue[1] > drawn.name_baseline + 10
    assert (blue[0] + blue[2]) / 2 == pytest.approx(drawn.name_centre, abs=2)


def test_seal_is_red_over_the_left_third_of_the_signature(
    chain: Chain, signature_png: bytes
) -> None:
    drawn = chain.drawn
    block = (150.0, drawn.name_baseline - 40, PAGE_W, drawn.position_baseline + 40)
    image = fit_image(chain.layout.leader.box, load_image(signature_png, what="a").aspect)

    red = _ink(chain.block_sealed, block, "red")
    blue = _ink(chain.block_sealed, block, "blue")

    assert red is not None
    assert blue is not None
    assert red[2] == pytest.approx(image[0] + (image[2] - image[0]) / 3, abs=1.5)
    assert blue[0] < red[2] < blue[2]


def test_rendered_page_for_inspection(
    chain: Chain, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Writes the signed pages as PNG (in pytest's temporary folder) for a look by eye."""
    folder = tmp_path_factory.mktemp("locate")
    chain.first_after.save(folder / "first.png")
    chain.block_sealed.save(folder / "block.png")
    assert (folder / "block.png").stat().st_size > 0


PointBox = tuple[float, float, float, float]


def _ink(page: Any, box: PointBox, colour: str) -> PointBox | None:
    """The bounding box, in PDF points, of the `colour` pixels inside `box` of a rendered page."""
    s = RENDER_SCALE
    x1, y1, x2, y2 = box
    crop = page.crop(
        (round(x1 * s), round((PAGE_H - y2) * s), round(x2 * s), round((PAGE_H - y1) * s))
    )
    found = _mask(crop, colour).getbbox()
    if found is None:
        return None
    left, top, right, bottom = found
    return (x1 + left / s, y2 - bottom / s, x1 + right / s, y2 - top / s)


def _mask(image: Image.Image, colour: str) -> Image.Image:
    """White where `image` is blue, red or dark (printed text), black elsewhere."""
    red, green, blue = image.split()

    def over(a: Image.Image, b: Image.Image, by: int) -> Image.Image:
        return ImageChops.subtract(a, b).point(lambda v: 255 if v > by else 0)

    if colour == "blue":
        return ImageChops.multiply(over(blue, red, 60), over(blue, green, 40))
    if colour == "red":
        return ImageChops.multiply(over(red, green, 110), over(red, blue, 110))
    return image.convert("L").point(lambda v: 255 if v < 110 else 0)
