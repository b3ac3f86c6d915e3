"""Signing keys: a PKCS#12 file or a PKCS#11 USB token, and the certificate shown before use.

The PIN of a token and the password of a .p12 file are passed in by the caller at the moment of
signing and go straight to the library: they are never stored, logged or put in a message.
pyHanko and python-pkcs11 are imported inside the functions (pyHanko takes ~1 s to import).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import tr
from app.signing.errors import (
    CertificateNotUsable,
    KeyFileError,
    TokenDriverError,
    TokenError,
    TokenLocked,
    TokenNotFound,
    WrongPin,
)
from app.timeutil import VN_TZ

if TYPE_CHECKING:
    import pkcs11
    from asn1crypto import x509

log = logging.getLogger(__name__)

# Key usages that allow signing documents (RFC 5280 names as asn1crypto spells them).
SIGNING_KEY_USAGES = frozenset({"digital_signature", "non_repudiation"})


@dataclass(frozen=True)
class CertificateInfo:
    """What the user is shown about a certificate before signing with it."""

    subject_cn: str
    organisation: str  # the subject's O, "" when absent
    issuer_cn: str
    serial: str  # upper-case hex, as the CAs print it
    not_before: dt.datetime  # aware, UTC
    not_after: dt.datetime  # aware, UTC
    key_usage: frozenset[str] | None  # None: the certificate has no key-usage extension


@dataclass(frozen=True)
class Signer:
    """A key ready to sign with: pyHanko's signer and the certificate it signs under."""

    backend: Any  # pyhanko.sign.signers.Signer (pyHanko ships no type hints)
    certificate: CertificateInfo


@dataclass(frozen=True)
class TokenConfig:
    """Where to find the signing key on a USB token; set once per PC by an admin."""

    module_path: str  # the vendor's PKCS#11 library (.so/.dll), e.g. VNPT-CA's driver
    token_label: str
    key_label: str | None = None  # None: the token's only signing key


def certificate_info(cert: x509.Certificate) -> CertificateInfo:
    """Summarise an asn1crypto certificate for display and for `check_usable`."""
    subject = cert.subject.native
    key_usage = cert.key_usage_value
    return CertificateInfo(
        subject_cn=_first(subject.get("common_name")),
        organisation=_first(subject.get("organization_name")),
        issuer_cn=_first(cert.issuer.native.get("common_name")),
        serial=f"{cert.serial_number:X}".rjust(2, "0"),
        not_before=cert.not_valid_before.astimezone(dt.UTC),
        not_after=cert.not_valid_after.astimezone(dt.UTC),
        key_usage=frozenset(key_usage.native) if key_usage is not None else None,
    )


def check_usable(cert: CertificateInfo, now: dt.datetime) -> None:
    """Refuse a certificate that is not valid at `now` or not made for signing documents.

    A certificate without a key-usage extension is refused too: pyHanko's validator (and
    Acrobat's) would then not accept the signature, so it is better to say so before signing.
    """
    if now < cert.not_before:
        raise CertificateNotUsable(
            tr("Chứng thư số của {name} chưa có hiệu lực (hiệu lực từ {start}).").format(
                name=cert.subject_cn, start=_vn_date(cert.not_before)
            )
        )
    if now > cert.not_after:
        raise CertificateNotUsable(
            tr("Chứng thư số của {name} đã hết hạn ngày {end}; không thể dùng để ký.").format(
                name=cert.subject_cn, end=_vn_date(cert.not_after)
            )
        )
    if not (cert.key_usage or frozenset()) & SIGNING_KEY_USAGES:
        raise CertificateNotUsable(
            tr(
                "Chứng thư số của {name} không được cấp cho mục đích ký số văn bản "
                "(thiếu mục đích sử dụng khóa digitalSignature/nonRepudiation)."
            ).format(name=cert.subject_cn)
        )


def load_pkcs12(data: bytes, password: str) -> Signer:
    """A signer from the bytes of a .p12/.pfx file and its password."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        pkcs12,
    )
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode("utf-8"))
    except ValueError as exc:
        raise KeyFileError(
            tr("Không mở được tệp khóa ký số (.p12): sai mật khẩu hoặc tệp bị hỏng.")
        ) from exc
    if key is None or cert is None:
        raise KeyFileError(tr("Tệp .p12 không chứa khóa bí mật và chứng thư số đi kèm."))
    signing_cert = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    chain = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in extra]
    pkcs8 = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    backend = _parsed_key_signer_class()(
        private_key=key,
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]  # unannotated upstream
            [signing_cert, *chain]
        ),
    )
    return Signer(backend=backend, certificate=certificate_info(signing_cert))


@functools.cache
def _parsed_key_signer_class() -> Any:
    """pyHanko's SimpleSigner, keeping the key it was given parsed.

    SimpleSigner re-parses the PKCS#8 key for every signature, and cryptography checks an RSA
    key when parsing it: about 50 ms per signature, a third of the whole signing time.
    """
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class ParsedKeySigner(SimpleSigner):
        """A SimpleSigner signing with an already parsed (and checked) private key."""

        def __init__(self, *, private_key: Any, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._private_key = private_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            """RSA PKCS#1 v1.5 and ECDSA with the parsed key; anything else as pyHanko does."""
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            key, digest = self._private_key, get_pyca_cryptography_hash(digest_algorithm)
            if algorithm == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), digest)
            if algorithm == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                return key.sign(data, ECDSA(digest))
            return super().sign_raw(data, digest_algorithm)  # PSS, EdDSA, ...: pyHanko's way

    return ParsedKeySigner


def load_pkcs12_file(path: Path, password: str) -> Signer:
    """`load_pkcs12` on a file; a missing file is a user error too."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(tr("Không đọc được tệp khóa ký số {path}.").format(path=path)) from exc
    return load_pkcs12(data, password)


def list_token_labels(module_path: str) -> list[str]:
    """The labels of the tokens plugged in, for choosing one in the settings."""
    lib = _load_module(module_path)
    with _token_errors():
        return [slot.get_token().label.strip() for slot in lib.get_slots(token_present=True)]


def token_certificate(config: TokenConfig) -> CertificateInfo:
    """The signing certificate on the token, read without the PIN (to show it before asking).

    Certificates are public objects on a token. With no key label configured, the only
    certificate that is not a CA's is taken (tokens often carry the CA chain too).
    """
    from asn1crypto import x509 as asn1_x509
    from pkcs11 import Attribute, ObjectClass

    token = _find_token(_load_module(config.module_path), config.token_label)
    with _token_errors(config.token_label, token), token.open() as session:
        query: dict[Attribute, Any] = {Attribute.CLASS: ObjectClass.CERTIFICATE}
        if config.key_label:
            query[Attribute.LABEL] = config.key_label
        certs = [
            asn1_x509.Certificate.load(bytes(obj[Attribute.VALUE]))
            for obj in session.get_objects(query)
        ]
    own = [c for c in certs if not c.ca]
    if len(own) != 1:
        raise TokenNotFound(
            tr("Không xác định được chứng thư ký số trên thiết bị {label}.").format(
                label=config.token_label
            )
        )
    return certificate_info(own[0])


@contextmanager
def open_token(config: TokenConfig, pin: str | None) -> Iterator[Signer]:
    """Log in to the token and yield a signer usable only inside the `with` block.

    `pin=None` leaves the PIN to the driver (tokens with a PIN pad or the vendor's own PIN
    dialog). The session is closed, and the PIN forgotten, when the block ends.
    """
    from pkcs11.constants import TokenFlag
    from pkcs11.types import PROTECTED_AUTH
    from pyhanko.sign.pkcs11 import PKCS11Signer

    token = _find_token(_load_module(config.module_path), config.token_label)
    if token.flags & TokenFlag.USER_PIN_LOCKED:
        raise _locked(config.token_label)
    with (
        _token_errors(config.token_label, token),
        token.open(user_pin=pin if pin is not None else PROTECTED_AUTH) as session,
    ):
        key_id, key_label = _signing_key(session, config)
        backend = PKCS11Signer(
            session,
            key_id=key_id,
            key_label=key_label,
            cert_id=key_id,
            cert_label=key_label if key_id is None else None,
            other_certs_to_pull=None,  # tokens often carry the CA chain: embed it
        )
        try:
            cert = backend.signing_cert  # pulls the certificate and key handle now
        except Exception as exc:
            raise TokenNotFound(
                tr("Không tìm thấy chứng thư số đi kèm khóa ký trên thiết bị {label}.").format(
                    label=config.token_label
                )
            ) from exc
        yield Signer(backend=backend, certificate=certificate_info(cert))


def _load_module(module_path: str) -> Any:
    """The PKCS#11 library (python-pkcs11 keeps one instance per path)."""
    import pkcs11

    if not Path(module_path).is_file():
        raise TokenDriverError(
            tr(
                "Không tìm thấy trình điều khiển thiết bị ký số (PKCS#11) tại {path}. "
                "Hãy cài phần mềm của nhà cung cấp chữ ký số hoặc sửa đường dẫn trong cấu hình."
            ).format(path=module_path)
        )
    try:
        return pkcs11.lib(module_path)
    except Exception as exc:
        raise TokenDriverError(
            tr(
                "Không nạp được trình điều khiển thiết bị ký số (PKCS#11) {path}: "
                "tệp không đúng loại hoặc không hợp với máy này."
            ).format(path=module_path)
        ) from exc


def _find_token(lib: Any, label: str) -> pkcs11.Token:
    with _token_errors(label):
        tokens: list[pkcs11.Token] = [
            slot.get_token() for slot in lib.get_slots(token_present=True)
        ]
    for token in tokens:
        if token.label.strip() == label.strip():
            return token
    present = ", ".join(t.label.strip() for t in tokens) or tr("không có")
    raise TokenNotFound(
        tr(
            "Không tìm thấy thiết bị ký số có nhãn “{label}”. Hãy cắm thiết bị vào máy. "
            "Thiết bị đang cắm: {present}."
        ).format(label=label, present=present)
    )


def _signing_key(session: pkcs11.Session, config: TokenConfig) -> tuple[bytes | None, str | None]:
    """(CKA_ID, label) of the signing key: the configured label, else the only key there is."""
    from pkcs11 import Attribute, ObjectClass

    if config.key_label:
        return None, config.key_label
    keys = list(
        session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True})
    )
    if not keys:
        raise TokenNotFound(
            tr("Thiết bị {label} không có khóa ký số nào.").format(label=config.token_label)
        )
    if len(keys) > 1:
        raise TokenNotFound(
            tr(
                "Thiết bị {label} có nhiều khóa ký số; quản trị hệ thống cần chọn nhãn khóa "
                "trong cấu hình."
            ).format(label=config.token_label)
        )
    key_id = keys[0][Attribute.ID]
    return bytes(key_id), None


@contextmanager
def _token_errors(label: str = "", token: pkcs11.Token | None = None) -> Iterator[None]:
    """Turn python-pkcs11's errors into Vietnamese messages (never mentioning the PIN)."""
    from pkcs11 import exceptions as p11
    from pkcs11.constants import TokenFlag

    try:
        yield
    except TokenError:
        raise
    except p11.PinIncorrect as exc:
        flags = _flags_now(token)
        if flags & TokenFlag.USER_PIN_LOCKED:
            raise _locked(label) from exc
        raise WrongPin(_wrong_pin_message(flags)) from exc
    except (p11.PinInvalid, p11.PinLenRange) as exc:
        raise WrongPin(tr("Mã PIN không đúng định dạng của thiết bị ký số.")) from exc
    except p11.PinLocked as exc:
        raise _locked(label) from exc
    except p11.PinExpired as exc:
        raise TokenLocked(
            tr("Mã PIN của thiết bị ký số đã hết hạn; hãy đổi PIN bằng phần mềm của nhà cung cấp.")
        ) from exc
    except (p11.TokenNotPresent, p11.DeviceRemoved, p11.NoSuchToken) as exc:
        raise TokenNotFound(
            tr("Thiết bị ký số {label} đã bị rút ra hoặc không phản hồi.").format(label=label)
        ) from exc
    except p11.PKCS11Error as exc:
        log.info("PKCS#11 error on token %s: %s", label, type(exc).__name__)
        raise TokenError(
            tr("Thiết bị ký số báo lỗi ({error}). Hãy rút ra, cắm lại và thử lại.").format(
                error=type(exc).__name__
            )
        ) from exc


def explain_token_error(exc: Exception, label: str = "") -> Exception:
    """The Vietnamese `TokenError` for a python-pkcs11 exception (or `exc` itself if unknown)."""
    try:
        with _token_errors(label):
            raise exc
    except TokenError as translated:
        return translated
    except Exception as other:
        return other


def _flags_now(token: pkcs11.Token | None) -> int:
    """The token's flags after the last login attempt (`Token.flags` are those of listing)."""
    if token is None:
        return 0
    try:
        return int(token.slot.get_token().flags)
    except Exception:
        return 0


def _wrong_pin_message(flags: int) -> str:
    message = tr("Mã PIN không đúng.")
    from pkcs11.constants import TokenFlag

    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        message += " " + tr("Chỉ còn một lần thử: nhập sai lần nữa thiết bị sẽ bị khóa.")
    return message


def _locked(label: str) -> TokenLocked:
    return TokenLocked(
        tr(
            "Thiết bị ký số {label} đã bị khóa do nhập sai PIN quá số lần cho phép. "
            "Hãy liên hệ nhà cung cấp chữ ký số để mở khóa."
        ).format(label=label)
    )


def _first(value: object) -> str:
    """A name attribute as one string (asn1crypto gives a list when it repeats)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value or "")


def _vn_date(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y")
