"""Signing fixtures: a demo PKI, an ND30-like unsigned PDF, a SoftHSM2 token, pdfsig, rendering.

Everything is real: RSA keys, a token initialised here in a temporary folder, poppler's pdfsig
and pypdfium2. Tools that the setup script installs are skipped when absent on a developer's
machine, but fail the run under CI.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from signing_support import (
    LAYOUT,
    LEADER_CN,
    ORGANISATION,
    P12_PASSWORD,
    RENDER_SCALE,
    SO_PIN,
    SOFTHSM_MODULES,
    TOKEN_CN,
    TOKEN_LABEL,
    TOKEN_PIN,
    PageLayout,
    PdfsigSignature,
    Pki,
    TokenSetup,
    parse_pdfsig,
    tool_missing,
)

from app.signing import demo_images, demo_pki
from app.signing.embedded_font import font_file
from app.signing.signers import Signer, TokenConfig, load_pkcs12


@pytest.fixture(scope="session")
def layout() -> PageLayout:
    """The positions used by the test PDF."""
    return LAYOUT


@pytest.fixture(scope="session")
def pki() -> Pki:
    """A demo root CA with a leader, the ward, expired / future / wrong-usage ones and a TSA."""
    now = dt.datetime.now(dt.UTC)
    ca = demo_pki.DemoCa.create("Test Root CA")
    return Pki(
        ca=ca,
        leader=ca.issue(LEADER_CN, ORGANISATION),
        organisation=ca.issue(ORGANISATION, ORGANISATION),
        expired=ca.issue(
            "Lê Văn Cũ",
            ORGANISATION,
            not_before=now - dt.timedelta(days=800),
            not_after=now - dt.timedelta(days=35),
        ),
        not_yet_valid=ca.issue(
            "Phạm Văn Mới",
            ORGANISATION,
            not_before=now + dt.timedelta(days=3),
            not_after=now + dt.timedelta(days=400),
        ),
        wrong_usage=ca.issue("Đỗ Văn Mã Hóa", ORGANISATION, signing_usage=False),
        tsa=ca.issue_tsa(),
    )


@pytest.fixture(scope="session")
def leader_signer(pki: Pki) -> Signer:
    """The leader's key, loaded from a PKCS#12 file's bytes."""
    return load_pkcs12(pki.leader.pkcs12(P12_PASSWORD), P12_PASSWORD)


@pytest.fixture(scope="session")
def organisation_signer(pki: Pki) -> Signer:
    """The ward's key, loaded from a PKCS#12 file's bytes."""
    return load_pkcs12(pki.organisation.pkcs12(P12_PASSWORD), P12_PASSWORD)


@pytest.fixture(scope="session")
def signature_png() -> bytes:
    """The leader's blue handwritten signature."""
    return demo_images.signature_png(LEADER_CN)


@pytest.fixture(scope="session")
def seal_png() -> bytes:
    """The ward's red seal, 35 mm at 300 dpi."""
    return demo_images.seal_png("Ủy ban nhân dân phường Gia Thụy", "Gia Thụy")


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    """A 2-page A4 PDF laid out like a ward decision, with the number and date left blank."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("TestSerif", str(font_file("regular"))))
    pdfmetrics.registerFont(TTFont("TestSerifBold", str(font_file("bold"))))
    out = BytesIO()
    page = canvas.Canvas(out, pagesize=(LAYOUT.page_width, LAYOUT.page_height))
    page.setFont("TestSerifBold", 13)
    page.drawCentredString(150, 800, "ỦY BAN NHÂN DÂN")
    page.drawCentredString(150, 785, "PHƯỜNG GIA THỤY")
    page.drawCentredString(430, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    page.drawCentredString(430, 785, "Độc lập - Tự do - Hạnh phúc")
    page.setFont("TestSerif", 13)
    page.drawString(100, 760, "Số:")
    page.drawString(150, 760, "/QĐ-UBND")
    page.setFont("TestSerifBold", 14)
    page.drawCentredString(LAYOUT.page_width / 2, 738, "QUYẾT ĐỊNH")
    page.drawCentredString(LAYOUT.page_width / 2, 721, "Về việc kiểm tra trật tự đô thị")
    page.setFont("TestSerifBold", 13)
    page.drawCentredString(430, 700, "TM. ỦY BAN NHÂN DÂN")
    page.drawCentredString(430, LAYOUT.position_baseline, "CHỦ TỊCH")
    page.drawCentredString(430, LAYOUT.name_baseline, LEADER_CN)
    page.showPage()
    page.setFont("TestSerif", 13)
    page.drawString(85, 760, "Trang 2: danh sách các tổ dân phố được giao kiểm tra.")
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture(scope="session")
def attachment_pdf() -> bytes:
    """A one-page appendix (a separate file): nothing printed in its top right corner."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("TestSerifBold", str(font_file("bold"))))
    out = BytesIO()
    page = canvas.Canvas(out, pagesize=(LAYOUT.page_width, LAYOUT.page_height))
    page.setFont("TestSerifBold", 14)
    page.drawCentredString(LAYOUT.page_width / 2, 740, "Phụ lục I")
    page.drawCentredString(LAYOUT.page_width / 2, 720, "DANH SÁCH TỔ DÂN PHỐ ĐƯỢC KIỂM TRA")
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[TokenSetup]:
    """A SoftHSM2 token in a temporary folder: an RSA key generated on it (not extractable),
    the demo CA's certificate for that key, and the CA certificate, all under the token label.

    SOFTHSM2_CONF must be set before the module is first loaded in this process, so the token
    is made once per test process (each xdist worker has its own).
    """
    import pkcs11
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    module = next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)
    util = shutil.which("softhsm2-util")
    if module is None or util is None:
        tool_missing("softhsm2")
    assert module is not None
    assert util is not None
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\n",
        encoding="utf-8",
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    init = (util, "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", SO_PIN)
    subprocess.run(
        [*init, "--pin", TOKEN_PIN],
        check=True,
        capture_output=True,
    )
    token = pkcs11.lib(module).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=TOKEN_PIN) as session:
        public, _private = session.generate_keypair(
            KeyType.RSA,
            2048,
            id=b"\x01",
            label="lan",
            store=True,
            private_template={
                Attribute.SENSITIVE: True,
                Attribute.EXTRACTABLE: False,
                Attribute.SIGN: True,
            },
        )
        public_key = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        ).public_key()
        identity = pki.ca.issue(TOKEN_CN, ORGANISATION, public_key=public_key)
        for label, object_id, cert in (
            ("lan", b"\x01", identity),
            ("ca", b"\xca", pki.ca.identity),
        ):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: False,
                    Attribute.LABEL: label,
                    Attribute.ID: object_id,
                    Attribute.SUBJECT: cert.certificate.subject.public_bytes(),
                    Attribute.VALUE: cert.der,
                }
            )
    yield TokenSetup(
        config=TokenConfig(module_path=module, token_label=TOKEN_LABEL),
        pin=TOKEN_PIN,
        module=module,
    )
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="session")
def pdfsig(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bytes], list[PdfsigSignature]]:
    """Run poppler's pdfsig (an independent validator) on PDF bytes and parse its report."""
    tool = shutil.which("pdfsig")
    if tool is None:
        tool_missing("pdfsig (poppler-utils)")
    folder = tmp_path_factory.mktemp("pdfsig")

    def run(pdf: bytes) -> list[PdfsigSignature]:
        path = folder / "checked.pdf"
        path.write_bytes(pdf)
        result = subprocess.run([str(tool), str(path)], capture_output=True, text=True, check=False)
        blocks = re.split(r"^Signature #\d+:$", result.stdout, flags=re.MULTILINE)[1:]
        return [parse_pdfsig(block) for block in blocks]

    return run


@pytest.fixture(scope="session")
def render() -> Callable[..., Any]:
    """Render a page with pypdfium2, drawing form-field appearances; returns an RGB PIL image."""

    def run(pdf: bytes, page: int = 0, scale: float = RENDER_SCALE) -> Any:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(pdf)
        try:
            document.init_forms()
            bitmap = document[page].render(scale=scale, may_draw_forms=True)
            return bitmap.to_pil().convert("RGB")
        finally:
            document.close()

    return run
