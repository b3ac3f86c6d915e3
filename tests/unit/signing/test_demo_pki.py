"""The demo PKI and images a newcomer signs with on the first day."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from app.signing import demo_images, demo_pki
from app.signing.appearance import load_image
from app.signing.signers import check_usable, load_pkcs12_file

PASSWORD = "demo1234"


def test_demo_files_give_usable_keys_chained_to_the_demo_ca(tmp_path: Path) -> None:
    import datetime as dt

    files = demo_pki.write_demo_files(
        tmp_path,
        password=PASSWORD,
        organisation="UBND phường Gia Thụy",
        place="Gia Thụy",
        people=[("chutich", "Nguyễn Văn Thắng"), ("pct.lan", "Trần Thị Lan")],
    )

    assert set(files.pkcs12) == {"chutich", "pct.lan", "coquan"}
    ca_pem = files.ca_certificate.read_bytes()
    assert ca_pem.startswith(b"-----BEGIN CERTIFICATE-----")
    leader = load_pkcs12_file(files.pkcs12["chutich"], PASSWORD)
    organisation = load_pkcs12_file(files.pkcs12["coquan"], PASSWORD)
    assert leader.certificate.subject_cn == "Nguyễn Văn Thắng"
    assert organisation.certificate.subject_cn == "UBND phường Gia Thụy"
    assert leader.certificate.issuer_cn == "Ward Office Demo Root CA"
    check_usable(leader.certificate, dt.datetime.now(dt.UTC))
    for path in [*files.signature_images.values(), files.seal_image]:
        load_image(path.read_bytes(), what=path.name)  # PNG with transparency


def test_seal_png_is_red_round_transparent_and_knows_its_real_size() -> None:
    png = demo_images.seal_png("Ủy ban nhân dân phường Gia Thụy", "Gia Thụy", diameter_mm=38)

    info = load_image(png, what="con dấu")
    assert info.size_pt is not None
    assert info.size_pt[0] == pytest.approx(38 / 25.4 * 72, abs=0.5)
    image = Image.open(BytesIO(png)).convert("RGBA")
    assert image.getpixel((0, 0))[3] == 0  # corners are transparent
    assert image.getpixel((image.width // 2, 2))[:3] == pytest.approx((210, 20, 30), abs=40)
    opaque = [p for p in image.get_flattened_data() if p[3] > 200]
    assert all(r > 150 and g < 90 and b < 90 for r, g, b, _a in opaque)  # only red ink


def test_signature_png_is_blue_on_transparent() -> None:
    image = Image.open(BytesIO(demo_images.signature_png("Nguyễn Văn Thắng"))).convert("RGBA")

    assert image.size == (600, 240)
    assert image.getpixel((0, 0))[3] == 0
    opaque = [p for p in image.get_flattened_data() if p[3] > 200]
    assert opaque
    assert all(b > 120 and r < 60 for r, _g, b, _a in opaque)


def test_a_revoked_certificate_is_listed_in_the_next_crl() -> None:
    from cryptography import x509

    ca = demo_pki.DemoCa.create("CRL Test CA", crl_url="http://127.0.0.1:9/root.crl")
    person = ca.issue("Đinh Văn Bị Thu Hồi", "UBND phường Thử")
    ca.revoke(person.certificate)

    crl = x509.load_der_x509_crl(ca.crl())

    assert crl.get_revoked_certificate_by_serial_number(person.certificate.serial_number)
    distribution = person.certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints)
    assert distribution.value[0].full_name[0].value == "http://127.0.0.1:9/root.crl"
