"""Signature checks on incoming PDFs: who signed, whether the file changed, whether we trust it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.errors import UserError
from app.signing.validate import SignatureInfo, inspect_pdf_signatures

SIGNER_CN = "Trần Văn Nam"
TEXT = b"CONG VAN SO 123"


@dataclass(frozen=True)
class Pki:
    """A root CA, a signer and a TSA issued by it, as asn1crypto objects for pyHanko."""

    root: asn1_x509.Certificate
    signer_cert: asn1_x509.Certificate
    signer_key: asn1_keys.PrivateKeyInfo
    tsa_cert: asn1_x509.Certificate
    tsa_key: asn1_keys.PrivateKeyInfo
    other_root: asn1_x509.Certificate  # a CA that issued none of these


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND phường Thử"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _issue(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: str,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool = False,
    eku: x509.ObjectIdentifier | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(key: rsa.RSAPrivateKey) -> asn1_keys.PrivateKeyInfo:
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return asn1_keys.PrivateKeyInfo.load(der)


@pytest.fixture(scope="module")
def pki() -> Pki:
    """Root CA "Test Root CA", signer SIGNER_CN, a TSA, and an unrelated CA; RSA-2048."""
    root_key, signer_key, tsa_key, other_key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(4)
    )
    root = _issue("Test Root CA", root_key, "Test Root CA", root_key, ca=True)
    signer = _issue(SIGNER_CN, signer_key, "Test Root CA", root_key)
    tsa = _issue(
        "Test TSA", tsa_key, "Test Root CA", root_key, eku=ExtendedKeyUsageOID.TIME_STAMPING
    )
    return Pki(
        root=_asn1_cert(root),
        signer_cert=_asn1_cert(signer),
        signer_key=_asn1_key(signer_key),
        tsa_cert=_asn1_cert(tsa),
        tsa_key=_asn1_key(tsa_key),
        other_root=_asn1_cert(_issue("Other CA", other_key, "Other CA", other_key, ca=True)),
    )


def _unsigned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out, pageCompression=0)  # uncompressed, so a test can find TEXT
    page.drawString(72, 720, TEXT.decode())
    page.showPage()
    page.save()
    return out.getvalue()


def _sign(pdf: bytes, pki: Pki, *, timestamp: bool = False) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(
        signing_cert=pki.signer_cert,
        signing_key=pki.signer_key,
        cert_registry=SimpleCertificateStore.from_certs([pki.root, pki.signer_cert]),
    )
    stamper = DummyTimeStamper(tsa_cert=pki.tsa_cert, tsa_key=pki.tsa_key) if timestamp else None
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyLanhDao", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    out = signers.PdfSigner(meta, signer, timestamper=stamper).sign_pdf(writer)
    return bytes(out.getvalue())


@pytest.fixture(scope="module")
def signed_pdf(pki: Pki) -> bytes:
    """The reportlab PDF with one PAdES approval signature by SIGNER_CN."""
    return _sign(_unsigned_pdf(), pki)


def _only(infos: list[SignatureInfo]) -> SignatureInfo:
    assert len(infos) == 1
    return infos[0]


def test_signature_by_a_trusted_signer_is_reported_valid(pki: Pki, signed_pdf: bytes) -> None:
    info = _only(inspect_pdf_signatures(signed_pdf, [pki.root]))

    assert info.field_name == "ChuKyLanhDao"
    assert info.signer == SIGNER_CN
    assert (info.intact, info.valid, info.trusted) == (True, True, True)
    assert info.modification == "none"
    assert info.summary == "Hợp lệ, chứng thư được tin cậy."
    assert info.signed_at is not None
    assert info.signed_at.tzinfo is not None
    assert abs(info.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)


def test_without_the_root_the_signature_is_intact_but_not_trusted(signed_pdf: bytes) -> None:
    info = _only(inspect_pdf_signatures(signed_pdf))

    assert (info.intact, info.valid, info.trusted) == (True, True, False)
    assert info.modification == "none"
    assert info.summary == "Còn nguyên vẹn, chứng thư chưa được tin cậy."


def test_an_unrelated_root_does_not_make_the_signer_trusted(pki: Pki, signed_pdf: bytes) -> None:
    info = _only(inspect_pdf_signatures(signed_pdf, [pki.other_root]))

    assert info.intact
    assert not info.trusted


def test_a_byte_changed_inside_the_signed_range_breaks_the_signature(
    pki: Pki, signed_pdf: bytes
) -> None:
    assert signed_pdf.count(TEXT) == 1
    tampered = signed_pdf.replace(TEXT, b"CONG VAN SO 128")  # same length, other number

    info = _only(inspect_pdf_signatures(tampered, [pki.root]))

    assert not info.intact
    assert info.summary.startswith("Nội dung đã bị thay đổi")


def test_a_damaged_signature_value_is_not_valid(pki: Pki, signed_pdf: bytes) -> None:
    from asn1crypto import cms

    found = re.search(rb"/Contents <([0-9a-fA-F]+)>", signed_pdf)
    assert found is not None
    cms_length = len(cms.ContentInfo.load(bytes.fromhex(found.group(1).decode())).dump())
    position = found.start(1) + 2 * cms_length - 10  # inside the RSA signature, the last field
    forged = bytearray(signed_pdf)
    forged[position] = ord("1") if forged[position] == ord("0") else ord("0")

    info = _only(inspect_pdf_signatures(bytes(forged), [pki.root]))

    assert info.intact  # the document bytes are as signed ...
    assert not info.valid  # ... but the signature over them does not verify
    assert not info.trusted
    assert info.summary == "Chữ ký số không hợp lệ."


def test_content_added_in_a_later_revision_is_a_disallowed_modification(
    pki: Pki, signed_pdf: bytes
) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    forged = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (DA DUYET CHI) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(forged))
    out = BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.startswith(signed_pdf)  # an incremental update: the signed bytes are untouched

    info = _only(inspect_pdf_signatures(updated, [pki.root]))

    assert info.intact  # the hash still matches ...
    assert info.modification == "disallowed"  # ... but the added page content is caught
    assert info.summary == "Tệp đã bị sửa sau khi ký (thay đổi không được phép)."


def test_timestamped_signature_takes_its_time_from_the_token(pki: Pki) -> None:
    signed = _sign(_unsigned_pdf(), pki, timestamp=True)

    info = _only(inspect_pdf_signatures(signed, [pki.root]))

    assert info.trusted
    assert info.signed_at is not None
    assert info.signed_at.tzinfo is not None
    assert abs(info.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)


def test_document_timestamp_is_listed_and_counts_as_an_allowed_update(
    pki: Pki, signed_pdf: bytes
) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps import DummyTimeStamper

    stamper = DummyTimeStamper(tsa_cert=pki.tsa_cert, tsa_key=pki.tsa_key)
    out = signers.PdfTimeStamper(stamper).timestamp_pdf(
        IncrementalPdfFileWriter(BytesIO(signed_pdf)), md_algorithm="sha256"
    )

    signature, doc_timestamp = inspect_pdf_signatures(out.getvalue(), [pki.root])

    assert (signature.intact, signature.trusted) == (True, True)
    assert signature.modification == "allowed"
    assert doc_timestamp.signer == "Test TSA"
    assert (doc_timestamp.intact, doc_timestamp.valid, doc_timestamp.trusted) == (True, True, True)
    assert doc_timestamp.modification == "none"
    assert doc_timestamp.signed_at is not None
    assert doc_timestamp.summary == "Dấu thời gian hợp lệ, được tin cậy."


def test_unsigned_pdf_has_no_signatures() -> None:
    assert inspect_pdf_signatures(_unsigned_pdf()) == []


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf at all", b"%PDF-1.7\n%%EOF\n", b"\x00" * 1000, b"%PDF-1.4\n1 0 obj <<"],
)
def test_garbage_is_refused_with_a_user_error(data: bytes) -> None:
    with pytest.raises(UserError) as caught:
        inspect_pdf_signatures(data)

    assert "PDF" in caught.value.message


def test_truncated_signed_pdf_gives_a_user_error_or_a_broken_signature(
    pki: Pki, signed_pdf: bytes
) -> None:
    try:
        infos = inspect_pdf_signatures(signed_pdf[: len(signed_pdf) // 2], [pki.root])
    except UserError:
        return
    assert all(not (i.intact and i.valid) for i in infos)


def test_expected_failures_leave_no_pyhanko_tracebacks_in_the_log(
    pki: Pki, signed_pdf: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q Q")))
    out = BytesIO()
    writer.write(out)

    with caplog.at_level("WARNING"):
        inspect_pdf_signatures(out.getvalue(), [pki.root])  # illegal modification
        inspect_pdf_signatures(signed_pdf)  # no path to a trusted root

    assert [r for r in caplog.records if r.name.startswith("pyhanko")] == []
