"""Checking the signatures in a PDF (incoming or ours) with pyHanko; trust roots; JSON report.

pyHanko is imported inside the functions: it takes about a second to import, and the app must
start fast. Validation is offline (`allow_fetching=False`): trust comes only from the roots the
caller passes, and revocation is checked only against what the file itself carries.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from app.errors import UserError
from app.i18n import tr
from app.timeutil import VN_TZ

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import ModificationInfo

log = logging.getLogger(__name__)

Modification = Literal["none", "allowed", "disallowed"]

# A signing certificate must allow nonRepudiation or digitalSignature (pyHanko's default is
# nonRepudiation only, which would call a digitalSignature-only certificate untrusted);
# app.signing.signers.check_usable applies the same rule before signing.
_SIGNER_KEY_USAGES = frozenset({"non_repudiation", "digital_signature"})

# pyHanko logs expected findings (illegal modifications, untrusted chains, odd PDF syntax) at
# WARNING/ERROR with full tracebacks (signing-notes pitfall 11). The result already reports them.
_QUIET_LOGGERS: dict[str, int] = {
    "pyhanko.sign.diff_analysis": logging.CRITICAL,
    "pyhanko.sign.validation": logging.CRITICAL,
    "pyhanko_certvalidator": logging.CRITICAL,
    "pyhanko.pdf_utils.reader": logging.ERROR,
}


@dataclass(frozen=True)
class SignatureInfo:
    """What the UI shows about one signature (or document timestamp) in a PDF."""

    field_name: str
    signer: str  # the certificate's common name
    signed_at: dt.datetime | None  # aware; the timestamp token's time, else the signer's claim
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature is correct
    trusted: bool  # the certificate chains to one of the trust roots (and is not revoked)
    modification: Modification  # what was added to the file after signing
    summary: str  # one short Vietnamese sentence
    timestamped: bool = False  # carries a valid RFC 3161 signature timestamp (PAdES B-T)


def inspect_pdf_signatures(
    data: bytes, trust_roots: Sequence[x509.Certificate] = ()
) -> list[SignatureInfo]:
    """Validate every signature in the PDF, oldest first; [] when it has none.

    Raises `UserError` when the file cannot be read as a PDF. A single signature that cannot be
    checked is reported as not intact, not valid and not trusted, with a summary saying so.
    """
    _quiet_pyhanko_logs()
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        log.debug("cannot read signatures", exc_info=True)
        raise UserError(tr("Tệp PDF bị hỏng, không đọc được chữ ký.")) from exc
    return [_inspect_one(signature, trust_roots) for signature in signatures]


def _inspect_one(
    signature: EmbeddedPdfSignature, trust_roots: Sequence[x509.Certificate]
) -> SignatureInfo:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    field_name = _field_name(signature)
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    try:
        if signature.sig_object_type == "/DocTimeStamp":
            ts_status = validate_pdf_timestamp(signature, validation_context=context)
            status: ModificationInfo = ts_status
            signer_cert = ts_status.signing_cert
            signed_at: dt.datetime | None = ts_status.timestamp
            intact, valid, trusted = ts_status.intact, ts_status.valid, ts_status.trusted
            revoked, is_timestamp, timestamped = ts_status.revoked, True, True
        else:
            sig_status = validate_pdf_signature(
                signature,
                context,
                key_usage_settings=KeyUsageConstraints(
                    key_usage=set(_SIGNER_KEY_USAGES), match_all_key_usages=False
                ),
            )
            status = sig_status
            signer_cert = sig_status.signing_cert
            token = sig_status.timestamp_validity
            timestamped = token is not None and token.intact and token.valid
            if token is not None and timestamped:
                signed_at = token.timestamp
            else:
                signed_at = sig_status.signer_reported_dt
            intact, valid, trusted = sig_status.intact, sig_status.valid, sig_status.trusted
            revoked, is_timestamp = sig_status.revoked, False
        modification = _modification(status)
    except Exception:
        log.info("signature %s could not be validated", field_name, exc_info=True)
        return SignatureInfo(
            field_name=field_name,
            signer=_signer_of(signature),
            signed_at=None,
            intact=False,
            valid=False,
            trusted=False,
            modification="disallowed",
            summary=tr("Chữ ký bị hỏng, không kiểm tra được."),
        )
    return SignatureInfo(
        field_name=field_name,
        signer=_common_name(signer_cert),
        signed_at=_aware(signed_at),
        intact=intact,
        valid=valid,
        trusted=trusted,
        modification=modification,
        summary=_summary(
            intact=intact,
            valid=valid,
            trusted=trusted,
            revoked=revoked,
            modification=modification,
            is_timestamp=is_timestamp,
        ),
        timestamped=timestamped,
    )


def _modification(status: ModificationInfo) -> Modification:
    """pyHanko's modification level and DocMDP verdict as none/allowed/disallowed."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = status.modification_level
    if status.docmdp_ok is False or level is None or level == ModificationLevel.OTHER:
        return "disallowed"  # None: pyHanko could not tell, so assume the worst
    if level == ModificationLevel.NONE:
        return "none"
    return "allowed"  # LTA updates, form filling, annotations allowed by DocMDP


def _summary(
    *,
    intact: bool,
    valid: bool,
    trusted: bool,
    revoked: bool,
    modification: Modification,
    is_timestamp: bool,
) -> str:
    """One Vietnamese sentence, the most serious problem first."""
    if not intact:
        return tr("Nội dung đã bị thay đổi sau khi ký, chữ ký không còn giá trị.")
    if not valid:
        return tr("Chữ ký số không hợp lệ.")
    if modification == "disallowed":
        return tr("Tệp đã bị sửa sau khi ký (thay đổi không được phép).")
    if revoked:
        return tr("Còn nguyên vẹn nhưng chứng thư đã bị thu hồi.")
    if is_timestamp:
        if trusted:
            return tr("Dấu thời gian hợp lệ, được tin cậy.")
        return tr("Dấu thời gian còn nguyên vẹn, chưa được tin cậy.")
    if modification == "allowed":
        if trusted:
            return tr("Hợp lệ, chứng thư được tin cậy; sau khi ký chỉ có bổ sung được phép.")
        return tr("Còn nguyên vẹn (chỉ có bổ sung được phép), chứng thư chưa được tin cậy.")
    if trusted:
        return tr("Hợp lệ, chứng thư được tin cậy.")
    return tr("Còn nguyên vẹn, chứng thư chưa được tin cậy.")


def _common_name(cert: x509.Certificate | None) -> str:
    """The subject's CN, else the whole subject in readable form, else ""."""
    if cert is None:
        return ""
    try:
        name = cert.subject.native.get("common_name")
        if isinstance(name, list | tuple):
            name = name[0] if name else None
        return str(name) if name else str(cert.subject.human_friendly)
    except Exception:
        return ""


def _signer_of(signature: EmbeddedPdfSignature) -> str:
    try:
        return _common_name(signature.signer_cert)
    except Exception:
        return ""


def _field_name(signature: EmbeddedPdfSignature) -> str:
    try:
        return str(signature.field_name)
    except Exception:
        return ""


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _quiet_pyhanko_logs() -> None:
    """Hide pyHanko's expected-failure noise, unless someone has set those levels already."""
    for name, level in _QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(level)


def load_trust_roots(paths: Iterable[Path]) -> list[x509.Certificate]:
    """The certificates in the files an admin imported as trust roots, without duplicates.

    Accepts .cer/.crt/.pem files in DER or PEM (several PEM certificates in one file too) and
    .p7b/.p7c bundles (PKCS#7, DER or PEM). Every certificate found becomes a trust anchor, so a
    bundle's intermediate CAs are trusted as well. Raises `UserError` naming a file that holds
    no certificate.
    """
    from asn1crypto import x509 as asn1_x509

    roots: dict[bytes, asn1_x509.Certificate] = {}
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise UserError(
                tr("Không đọc được tệp chứng thư {name}.").format(name=Path(path).name)
            ) from exc
        ders = _certificates_in(data)
        if not ders:
            raise UserError(
                tr(
                    "Tệp {name} không chứa chứng thư số nào đọc được "
                    "(cần tệp .cer, .crt hoặc .p7b)."
                ).format(name=Path(path).name)
            )
        for der in ders:
            roots.setdefault(der, asn1_x509.Certificate.load(der))
    return list(roots.values())


def report_json(infos: Sequence[SignatureInfo]) -> dict[str, Any]:
    """The JSON object `ward-office validate FILE.pdf --json` prints.

    {"signatures": [{"field", "signer", "signed_at", "intact", "valid", "trusted",
    "modification", "timestamped", "summary"}], "all_intact": bool}; `signed_at` is ISO 8601
    in Vietnam's time (+07:00) or null; `modification` is "none", "allowed" or "disallowed".
    """
    signatures = [
        {
            "field": info.field_name,
            "signer": info.signer,
            "signed_at": (
                info.signed_at.astimezone(VN_TZ).isoformat(timespec="seconds")
                if info.signed_at is not None
                else None
            ),
            "intact": info.intact,
            "valid": info.valid,
            "trusted": info.trusted,
            "modification": info.modification,
            "timestamped": info.timestamped,
            "summary": info.summary,
        }
        for info in infos
    ]
    return {"signatures": signatures, "all_intact": all(info.intact for info in infos)}


def _certificates_in(data: bytes) -> list[bytes]:
    """DER certificates in a DER/PEM certificate file or PKCS#7 bundle; [] if none."""
    from collections.abc import Callable

    from cryptography import x509 as crypto_x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    readers: list[Callable[[bytes], list[crypto_x509.Certificate]]]
    if b"-----BEGIN" in data:
        readers = [crypto_x509.load_pem_x509_certificates, pkcs7.load_pem_pkcs7_certificates]
    else:
        readers = [
            lambda der: [crypto_x509.load_der_x509_certificate(der)],
            pkcs7.load_der_pkcs7_certificates,
        ]
    for read in readers:
        try:
            certificates = read(data)
        except ValueError:
            continue
        if certificates:
            return [c.public_bytes(Encoding.DER) for c in certificates]
    return []
