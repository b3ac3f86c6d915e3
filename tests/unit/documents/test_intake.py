"""Taking files in: PDFs are checked, scans become PDFs, anything else is refused with a reason."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.documents.intake import IntakeError, PreparedFile, prepare_bytes, prepare_file
from app.errors import UserError


def _pdf(pages: int = 1, **canvas_options: object) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, **canvas_options)
    for number in range(pages):
        page.drawString(72, 720, f"Trang {number + 1}")
        page.showPage()
    page.save()
    return out.getvalue()


def _image(
    fmt: str, *, size: tuple[int, int] = (400, 300), mode: str = "RGB", **save: object
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(out, fmt, **save)
    return out.getvalue()


def _tiff(pages: int, dpi: tuple[int, int] = (300, 300)) -> bytes:
    frames = [Image.new("L", (600, 800), 255 - 40 * i) for i in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], dpi=dpi)
    return out.getvalue()


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes in points, read back with PDFium as the app's viewer would."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def _refusal(data: bytes, name: str = "tep.pdf", **options: int) -> str:
    with pytest.raises(IntakeError) as caught:
        prepare_bytes(data, name, **options)
    assert isinstance(caught.value, UserError)
    return caught.value.message


# -- PDFs ----------------------------------------------------------------------------------------


def test_a_pdf_is_kept_as_it_is_with_its_page_count(tmp_path: Path) -> None:
    data = _pdf(pages=3)
    path = tmp_path / "Công văn 123.pdf"
    path.write_bytes(data)

    prepared = prepare_file(path)

    assert prepared == PreparedFile(pdf=data, page_count=3, file_name="Công văn 123.pdf")


def test_a_pdf_named_like_an_image_is_recognised_by_its_content() -> None:
    prepared = prepare_bytes(_pdf(pages=2), "scan.JPG")

    assert prepared.page_count == 2
    assert prepared.file_name == "scan.pdf"


def test_an_image_named_pdf_is_converted_by_its_content() -> None:
    prepared = prepare_bytes(_image("PNG"), "thu-moi.pdf")

    assert prepared.page_count == 1
    assert prepared.pdf.startswith(b"%PDF-")
    assert prepared.file_name == "thu-moi.pdf"


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")

    with pytest.raises(IntakeError, match=r"Tệp rỗng \(0 byte\)\."):
        prepare_file(path)


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_truncated_pdf_is_refused(keep: float) -> None:
    data = _pdf(pages=3)

    message = _refusal(data[: int(len(data) * keep)])

    assert "PDF" in message


def test_pdf_with_a_mangled_body_is_refused_as_corrupt() -> None:
    data = bytearray(_pdf(pages=2))
    data[20:-40] = b"\x00" * (len(data) - 60)  # header and "%%EOF" survive, nothing else

    assert _refusal(bytes(data)) == "Tệp PDF bị hỏng, không đọc được."


def test_pdf_without_pages_is_refused() -> None:
    doc = pdfium.PdfDocument.new()
    out = io.BytesIO()
    doc.save(out)
    doc.close()

    assert _refusal(out.getvalue()) in {
        "Tệp PDF không có trang nào.",
        "Tệp PDF bị hỏng, không đọc được.",  # PDFium itself refuses to load an empty page tree
    }


def test_password_protected_pdf_is_refused() -> None:
    data = _pdf(encrypt="secret")

    assert _refusal(data) == "Tệp PDF có mật khẩu, không mở được."


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_password_protected_pdf_from_qpdf_is_refused(tmp_path: Path) -> None:
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    plain.write_bytes(_pdf())
    subprocess.run(
        ["qpdf", "--encrypt", "user", "owner", "256", "--", str(plain), str(locked)], check=True
    )

    with pytest.raises(IntakeError, match="mật khẩu"):
        prepare_file(locked)


def test_pdf_with_only_an_owner_password_opens_and_is_taken() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = _pdf(encrypt=StandardEncryption("", ownerPassword="chu", canPrint=1, canCopy=0))

    assert prepare_bytes(data, "a.pdf").page_count == 1


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "lon.pdf"
    path.write_bytes(_pdf())
    limit = 1024 * 1024

    with pytest.raises(IntakeError, match=r"^Tệp quá lớn \(1,5 MB, tối đa 1 MB\)\.$"):
        prepare_bytes(b"%PDF-" + b"0" * (3 * limit // 2 - 5), "lon.pdf", max_bytes=limit)
    with pytest.raises(IntakeError, match="Tệp quá lớn"):
        prepare_file(path, max_bytes=100)


def test_missing_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="Không đọc được tệp"):
        prepare_file(tmp_path / "khong-co.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 100,  # a .docx or .zip
        b"GIF89a" + b"\x00" * 100,
        b"Just some text\n",
        bytes(range(256)),
    ],
)
def test_other_formats_are_refused_as_unsupported(data: bytes) -> None:
    assert _refusal(data) == "Định dạng tệp không được hỗ trợ (chỉ nhận PDF, JPEG, PNG, TIFF)."


# -- images --------------------------------------------------------------------------------------


def test_jpeg_becomes_a_one_page_pdf_sized_from_its_resolution() -> None:
    data = _image("JPEG", size=(1654, 2339), dpi=(200, 200))  # A4 at 200 dpi

    prepared = prepare_bytes(data, "scan 01.jpg")

    assert prepared.page_count == 1
    assert prepared.file_name == "scan 01.pdf"
    ((width, height),) = _page_sizes(prepared.pdf)
    assert width == pytest.approx(595.4, abs=1)
    assert height == pytest.approx(842.0, abs=1)


def test_png_without_resolution_is_laid_out_at_200_dpi() -> None:
    prepared = prepare_bytes(_image("PNG", size=(400, 300)), "anh.png")

    assert prepared.file_name == "anh.pdf"
    assert _page_sizes(prepared.pdf) == [pytest.approx((144.0, 108.0))]


def test_transparent_png_is_put_on_white() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")

    prepared = prepare_bytes(out.getvalue(), "trong-suot.png")

    doc = pdfium.PdfDocument(prepared.pdf)
    try:
        pixel = doc[0].render(scale=1).to_pil().convert("RGB").getpixel((10, 10))
    finally:
        doc.close()
    assert pixel == (255, 255, 255)


def test_multi_page_tiff_becomes_a_pdf_with_every_page() -> None:
    prepared = prepare_bytes(_tiff(pages=3), "ho-so.tiff")

    assert prepared.page_count == 3
    assert prepared.file_name == "ho-so.pdf"
    sizes = _page_sizes(prepared.pdf)
    assert sizes == [pytest.approx((144.0, 192.0))] * 3  # 600x800 px at 300 dpi


@pytest.mark.parametrize("mode", ["1", "L", "P", "CMYK", "I;16"])
def test_images_in_other_colour_modes_are_converted(mode: str) -> None:
    fmt = "JPEG" if mode == "CMYK" else "TIFF"
    prepared = prepare_bytes(_image(fmt, mode=mode), f"anh.{fmt.lower()}")

    assert prepared.page_count == 1


def test_phone_photo_is_turned_upright_from_exif() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    out = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(out, "JPEG", exif=exif, dpi=(100, 100))

    prepared = prepare_bytes(out.getvalue(), "dien-thoai.jpg")

    ((width, height),) = _page_sizes(prepared.pdf)
    assert (width, height) == (pytest.approx(144.0), pytest.approx(288.0))  # portrait now


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF"])
def test_truncated_image_is_refused_as_broken(fmt: str) -> None:
    data = _image(fmt, size=(300, 300))
    data = data[: len(data) // 2]  # a scan copied half-way

    assert _refusal(data, f"anh.{fmt.lower()}") == "Ảnh bị hỏng, không đọc được."


def test_huge_image_dimensions_are_refused_without_decoding() -> None:
    # a tiny PNG whose header claims 60000 x 60000 pixels (a "decompression bomb")
    data = bytearray(_image("PNG", size=(1, 1)))
    data[16:24] = (60000).to_bytes(4, "big") * 2
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # keep the IHDR CRC right

    message = _refusal(bytes(data), "bom.png")

    assert message == "Ảnh quá lớn (quá nhiều điểm ảnh), không chuyển được."


# -- whatever the bytes, the answer is a PreparedFile or an IntakeError --------------------------

_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SEEDS = [_pdf(pages=2), _image("PNG", size=(40, 30)), _image("JPEG", size=(40, 30)), _tiff(2)]


def _prepare_or_refuse(data: bytes) -> None:
    result: PreparedFile | str
    try:
        result = prepare_bytes(data, "fuzz.bin")
    except IntakeError as exc:
        result = exc.message
    if isinstance(result, str):
        assert result  # a reason to show
    else:
        assert result.page_count >= 1
        assert b"%PDF-" in result.pdf[:1024]


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns about corrupt TIFF tags
@_FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_else(data: bytes) -> None:
    _prepare_or_refuse(data)


@pytest.mark.filterwarnings("ignore::UserWarning")
@_FUZZ
@given(
    st.sampled_from(_SEEDS),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=20),
    st.one_of(st.none(), st.integers(min_value=0)),
)
def test_mutated_valid_files_never_raise_anything_else(
    seed: bytes, flips: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(seed)
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        del data[cut % len(data) :]
    _prepare_or_refuse(bytes(data))
