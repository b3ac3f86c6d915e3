"""PAdES signing of outgoing documents, and writing the số and date between the two signatures.

Every call takes the PDF's bytes and returns new bytes that extend them (an incremental update),
so earlier signatures stay intact; nothing is written to disk here, so a failure can never leave
a half-signed file in place of a good one.

Levels: B-B by default; B-T with an RFC 3161 timestamp authority; B-LT (`lt=True`) embeds the
certificates and revocation data (CRL/OCSP) and fails loudly when that data cannot be had,
instead of pyHanko's silent degradation to B-T (signing-notes pitfall 8).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any

from app.i18n import tr
from app.signing.appearance import Appearance, stamp_style, text_content
from app.signing.errors import (
    CertificateNotUsable,
    RevocationDataUnavailable,
    SigningError,
    TimestampError,
)
from app.signing.fields import (
    DATE_FIELD,
    NUMBER_FIELD,
    NumberPositions,
    SignatureField,
    add_text_field,
    find_field,
    pdf_writer,
    resolved,
)
from app.signing.signers import Signer, check_usable

if TYPE_CHECKING:
    from asn1crypto import x509

log = logging.getLogger(__name__)

TSA_TIMEOUT_S = 10


def sign_pdf(
    pdf: bytes,
    field_name: str,
    signer: Signer,
    appearance: Appearance | None,
    *,
    timestamper_url: str | None = None,
    timestamper: Any = None,
    lt: bool = False,
    trust_roots: Sequence[x509.Certificate] = (),
    crls: Sequence[bytes] = (),
    allow_fetching: bool = True,
    new_field: SignatureField | None = None,
    reason: str | None = None,
    location: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """Sign `pdf` in the empty signature field `field_name`; return the signed PDF.

    - `appearance`: how the signature looks (None: invisible even in a visible field).
    - `timestamper_url` (or a ready pyHanko `timestamper`, e.g. a test TSA): PAdES B-T.
    - `lt`: PAdES B-LT. Revocation data comes from `crls` (DER) and, if `allow_fetching`, from
      the CRL/OCSP addresses in the certificates; the chain must reach one of `trust_roots`.
      Raises `RevocationDataUnavailable` if the signer's revocation status could not be embedded.
    - `new_field`: create the field (for an attachment) if the document does not have it.

    The certificate is checked first (`check_usable` at `now`, default the current time).
    """
    from pyhanko.sign import fields, signers

    check_usable(signer.certificate, now or dt.datetime.now(dt.UTC))
    style = stamp_style(appearance) if appearance is not None else None
    with pdf_writer(pdf) as writer:
        field_spec = _target_field(writer, field_name, new_field)
        stamper = timestamper or _http_timestamper(timestamper_url)
        metadata = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
            embed_validation_info=lt,
            validation_context=_lt_context(trust_roots, crls, allow_fetching) if lt else None,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=signer.backend,
            timestamper=stamper,
            stamp_style=style,
            new_field_spec=field_spec,
        )
        out = BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=out)
        except Exception as exc:
            translated = _signing_failure(exc, lt=lt)
            if translated is exc:
                raise  # not something the user can fix: a bug, shown with its traceback
            raise translated from exc
    signed = out.getvalue()
    if lt:
        _require_revocation_data(signed, signer)
    return signed


def add_number(pdf: bytes, number_text: str, date_text: str, positions: NumberPositions) -> bytes:
    """Write the số/ký hiệu and the date into their text fields; return the updated PDF.

    After the leader's signature this is form filling, which pyHanko's validator reports as an
    allowed modification. The fields must therefore exist already (`add_signature_fields(...,
    number=positions)`); on a PDF with no signature yet they are created here at `positions`.
    Raises `SigningError` if the fields are missing from a signed PDF or already filled.
    """
    import unicodedata

    from pyhanko.pdf_utils import generic

    with pdf_writer(pdf) as writer:
        signed = _has_signatures(writer)
        for name, text, spot in (
            (NUMBER_FIELD, number_text, positions.number),
            (DATE_FIELD, date_text, positions.date),
        ):
            field_ref = find_field(writer, name)
            if field_ref is None:
                if signed:
                    raise SigningError(
                        tr(
                            "Văn bản đã ký nhưng không có sẵn ô ghi số và ngày ban hành; "
                            "không thể ghi số mà không làm mất hiệu lực chữ ký."
                        )
                    )
                field_ref = add_text_field(writer, name, spot)
            field = field_ref.get_object()
            if str(resolved(field, "/V", "")).strip():
                raise SigningError(tr("Văn bản đã được ghi số và ngày ban hành."))
            text = unicodedata.normalize("NFC", text)
            box = _rect(field)
            stamp = text_content(
                writer,
                text,
                size=spot.font_size,
                italic=spot.italic,
                align=spot.align,
                box=box,
                background=spot.background,
            )
            field[generic.NameObject("/V")] = generic.TextStringObject(text)
            field[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): stamp.register()}
            )
            writer.mark_update(field_ref)
        out = BytesIO()
        writer.write(out)
    return out.getvalue()


def _target_field(writer: Any, field_name: str, new_field: SignatureField | None) -> Any:
    """The pyHanko spec for a field to create, or None when an empty one is there already."""
    from pyhanko.sign import fields

    for name, value, _ref in fields.enumerate_sig_fields(writer):
        if name == field_name:
            if value is not None:
                raise SigningError(tr("Ô chữ ký “{name}” đã được ký rồi.").format(name=field_name))
            return None
    if new_field is None:
        raise SigningError(
            tr("Văn bản không có ô chữ ký “{name}”; hãy tạo ô chữ ký trước khi ký.").format(
                name=field_name
            )
        )
    return fields.SigFieldSpec(
        sig_field_name=new_field.name,
        on_page=new_field.page,
        box=new_field.box,  # type: ignore[arg-type]  # floats work; the hint says int
    )


def _has_signatures(writer: Any) -> bool:
    from pyhanko.sign import fields

    return any(value is not None for _n, value, _r in fields.enumerate_sig_fields(writer))


def _http_timestamper(url: str | None) -> Any:
    return _cached_timestamper(url) if url else None


@functools.cache
def _cached_timestamper(url: str) -> Any:
    """One client per TSA URL for the whole process: pyHanko asks a new client for a throwaway
    token to size the signature, and caches it, so reuse halves the calls to the TSA."""
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=TSA_TIMEOUT_S)


def _lt_context(
    trust_roots: Sequence[x509.Certificate], crls: Sequence[bytes], allow_fetching: bool
) -> Any:
    """Validation context for B-LT: revocation data is compulsory where a certificate declares
    where to get it ("hard-fail"); `_require_revocation_data` covers certificates that don't."""
    from asn1crypto import crl as asn1_crl
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=list(trust_roots),
        crls=[asn1_crl.CertificateList.load(der) for der in crls],
        allow_fetching=allow_fetching,
        revocation_mode="hard-fail",
    )


def _signing_failure(exc: Exception, *, lt: bool) -> Exception:
    """A Vietnamese `UserError` for what went wrong inside pyHanko's signing, or `exc` itself."""
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator.errors import RevokedError

    from app.errors import UserError

    if isinstance(exc, UserError):
        return exc
    chain = _exception_chain(exc)
    if any(isinstance(e, RevokedError) for e in chain):
        return CertificateNotUsable(
            tr("Chứng thư số đã bị thu hồi; không thể dùng để ký. Văn bản chưa được ký.")
        )
    if any(isinstance(e, TimestampRequestError) for e in chain):  # network errors included
        log.info("timestamp request failed: %s", exc)
        return TimestampError(
            tr(
                "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA). "
                "Hãy kiểm tra kết nối mạng và địa chỉ TSA, rồi ký lại."
            )
        )
    if lt:
        log.info("B-LT signing failed: %s", exc)
        return RevocationDataUnavailable(
            tr(
                "Không lấy được thông tin thu hồi chứng thư (CRL/OCSP) hoặc không xác thực được "
                "chuỗi chứng thư, nên không thể ký kèm dữ liệu kiểm tra dài hạn (B-LT). "
                "Văn bản chưa được ký."
            )
        )
    return exc


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _require_revocation_data(signed: bytes, signer: Signer) -> None:
    """Raise unless the DSS holds a CRL from the signer's issuer or an OCSP answer for it."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.reader import PdfFileReader

    cert = signer.backend.signing_cert
    reader = PdfFileReader(BytesIO(signed), strict=False)
    dss = resolved(reader.root, "/DSS", {})
    found = False
    for crl_stream in resolved(dss, "/CRLs", ()):
        crl = asn1_crl.CertificateList.load(crl_stream.get_object().data)
        found = found or crl.issuer == cert.issuer
    for ocsp_stream in resolved(dss, "/OCSPs", ()):
        response = asn1_ocsp.OCSPResponse.load(ocsp_stream.get_object().data)
        basic = response.basic_ocsp_response
        if basic is None:
            continue
        for single in basic["tbs_response_data"]["responses"]:
            found = found or single["cert_id"]["serial_number"].native == cert.serial_number
    if not found:
        raise RevocationDataUnavailable(
            tr(
                "Không có thông tin thu hồi (CRL/OCSP) cho chứng thư của {name}, nên không thể "
                "ký kèm dữ liệu kiểm tra dài hạn (B-LT). Văn bản chưa được ký."
            ).format(name=signer.certificate.subject_cn)
        )


def _rect(field: Any) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
