"""Keys, images, trust roots and settings for ký số; validation of any PDF's signatures.

Which key a person signs with is a fact of one PC (the .p12 file or USB token plugged in here),
so it is kept in the device-local store, never synced. Passwords and PINs are asked at the
moment of signing and never stored. Signature and seal images, trust roots and the space's
settings are synced as ops so every desk sees the same.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.errors import PermissionDenied, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal, meta_get, meta_set
from app.journal.reducers.settings import ORG_OWNER as ORG_OWNER
from app.models import SignatureImageRecord, SpaceSetting, TrustRoot
from app.models.enums import Role
from app.services.auth import AuthContext
from app.signing.appearance import load_image
from app.signing.errors import KeyFileError
from app.signing.signers import CertificateInfo as CertificateInfo
from app.signing.signers import (
    Signer,
    TokenConfig,
    certificate_info,
    check_usable,
    load_pkcs12_file,
    open_token,
)
from app.signing.validate import SignatureInfo, inspect_pdf_signatures, load_trust_roots
from app.timeutil import VN_TZ, Clock, fmt_date

if TYPE_CHECKING:
    from asn1crypto import x509

SERIES_SHARED = "shared"  # one series of số đi for every type (the usual ward practice)
SERIES_PER_TYPE = "per_type"  # one series per document type
DEFAULT_SEAL_MM = 35.0
_MAX_IMAGE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SignerConfig:
    """Where this PC finds a person's (or the organisation's) signing key."""

    kind: Literal["pkcs12", "token"]
    path: str = ""  # the .p12/.pfx file
    module: str = ""  # the token vendor's PKCS#11 library
    token_label: str = ""
    key_label: str = ""

    @property
    def token(self) -> TokenConfig:
        """The token configuration of the signing core."""
        return TokenConfig(self.module, self.token_label, self.key_label or None)

    def describe(self) -> str:
        """One line for the UI."""
        if self.kind == "pkcs12":
            return tr("Tệp khóa {name}").format(name=Path(self.path).name)
        return tr("Thiết bị ký số {label}").format(label=self.token_label)


@dataclass(frozen=True)
class SigningSettings:
    """The space's signing settings, chosen by an admin."""

    tsa_url: str = ""  # RFC 3161 timestamp server; "" for none (PAdES B-B)
    long_term: bool = False  # PAdES B-LT: embed revocation data, fail when it cannot be had
    series_rule: str = SERIES_SHARED


@dataclass(frozen=True)
class TrustRootInfo:
    """An imported trust root, as the admin page lists it."""

    sha256: str
    subject: str
    not_after: str


@dataclass(frozen=True)
class ImageInfo:
    """A stored signature or seal image."""

    png: bytes
    size_mm: float | None


def _signer_key(owner: str) -> str:
    return f"signer:{owner}"


class SigningService:
    """Signing keys of this PC, images, trust roots, settings, and signature validation."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        blobs: BlobStore,
        clock: Clock,
    ) -> None:
        self._read = read
        self._write = write
        self._journal = journal
        self._auth = auth
        self._blobs = blobs
        self._clock = clock

    # -- keys of this PC
    def _may_manage(self, owner: str) -> None:
        user = self._auth.user
        if owner == ORG_OWNER:
            self._auth.require(Role.CLERK, Role.ADMIN)
        elif owner != user.id and Role.ADMIN not in user.roles:
            raise PermissionDenied(tr("Chỉ người ký hoặc quản trị được đặt khóa ký của người này."))

    def signer_config(self, owner: str) -> SignerConfig | None:
        """The key `owner` (a user id, or "org") signs with on this PC, if set."""
        with self._read() as s:
            raw = meta_get(s, _signer_key(owner))
        return SignerConfig(**json.loads(raw)) if raw else None

    def set_signer_config(self, owner: str, config: SignerConfig | None) -> None:
        """Choose (or forget) the key `owner` signs with on this PC."""
        self._may_manage(owner)
        if config is not None:
            if config.kind == "pkcs12" and not Path(config.path).is_file():
                raise KeyFileError(
                    tr("Không tìm thấy tệp khóa ký số {path}.").format(path=config.path)
                )
            if config.kind == "token" and not (config.module and config.token_label):
                raise ValidationError(tr("Cần chọn thư viện PKCS#11 và tên thiết bị ký số."))
        with self._write.begin() as s:
            meta_set(s, _signer_key(owner), json.dumps(asdict(config)) if config else "")

    def _require_config(self, owner: str) -> SignerConfig:
        config = self.signer_config(owner)
        if config is None:
            who = tr("cơ quan") if owner == ORG_OWNER else tr("bạn")
            raise KeyFileError(
                tr(
                    "Máy này chưa được cài đặt khóa ký số của {who}. "
                    "Hãy vào Cài đặt ký số để chọn tệp khóa hoặc thiết bị ký số."
                ).format(who=who)
            )
        return config

    @contextmanager
    def open_signer(self, owner: str, secret: str | None) -> Iterator[Signer]:
        """The key of `owner`, opened with the password or PIN typed now and checked usable."""
        self._may_manage(owner)
        config = self._require_config(owner)
        if config.kind == "pkcs12":
            signer = load_pkcs12_file(Path(config.path), secret or "")
            check_usable(signer.certificate, self._clock.now())
            yield signer
            return
        with open_token(config.token, secret) as signer:
            check_usable(signer.certificate, self._clock.now())
            yield signer

    @staticmethod
    def token_labels(module_path: str) -> list[str]:
        """The labels of the tokens plugged in that a PKCS#11 driver sees, to choose one."""
        from app.signing.signers import list_token_labels

        return list_token_labels(module_path)

    def certificate(self, owner: str, secret: str | None = None) -> CertificateInfo:
        """The certificate of `owner`'s key, to show before signing (a .p12 needs its password)."""
        self._may_manage(owner)
        config = self._require_config(owner)
        if config.kind == "token":
            from app.signing.signers import token_certificate

            return token_certificate(config.token)
        return load_pkcs12_file(Path(config.path), secret or "").certificate

    # -- images
    def set_signature_image(self, png: bytes) -> None:
        """Set the signed-in person's handwritten signature (a blue PNG, transparent)."""
        user = self._auth.user
        self._set_image(user.id, "signature", png, None, tr("Ảnh chữ ký"))

    def set_seal_image(self, png: bytes, size_mm: float = DEFAULT_SEAL_MM) -> None:
        """Set the organisation's seal (a red PNG, transparent) and its real width in mm."""
        self._auth.require(Role.CLERK, Role.ADMIN)
        if not 20 <= size_mm <= 60:
            raise ValidationError(tr("Đường kính con dấu phải từ 20 đến 60 mm."))
        self._set_image(ORG_OWNER, "seal", png, size_mm, tr("Ảnh con dấu"))

    def _set_image(self, owner: str, kind: str, png: bytes, size: float | None, what: str) -> None:
        if len(png) > _MAX_IMAGE_BYTES:
            raise ValidationError(tr("{what} quá lớn (tối đa 2 MB).").format(what=what))
        load_image(png, what=what)
        sha = self._blobs.put(png)
        payload: dict[str, object] = {"kind": kind, "blob": sha, "size_mm": size}
        with self._write.begin() as s:
            self._journal.commit(
                s, self._auth.user.id, [Change("image.set", f"image:{owner}", payload)]
            )

    def image(self, owner: str) -> ImageInfo | None:
        """The signature image of a user, or the seal for "org"."""
        with self._read() as s:
            row = s.get(SignatureImageRecord, owner)
            if row is None:
                return None
            blob, size = row.blob, row.size_mm
        return ImageInfo(self._blobs.read(blob), size)

    # -- trust roots
    def import_trust_roots(self, paths: list[Path]) -> list[str]:
        """Import .cer/.crt/.pem/.p7b files as trust roots; returns the subjects added."""
        user = self._auth.require(Role.ADMIN)
        certs = load_trust_roots(paths)
        changes, subjects = [], []
        for cert in certs:
            der = cert.dump()
            info = certificate_info(cert)
            subject = info.subject_cn or cert.subject.human_friendly
            payload = {
                "der": base64.b64encode(der).decode(),
                "subject": subject,
                "not_after": info.not_after.isoformat(),
            }
            sha = hashlib.sha256(der).hexdigest()
            changes.append(Change("trust.root_added", f"trust:{sha}", payload))
            subjects.append(subject)
        with self._write.begin() as s:
            self._journal.commit(s, user.id, changes)
        return subjects

    def remove_trust_root(self, sha256: str) -> None:
        """Stop trusting a root."""
        user = self._auth.require(Role.ADMIN)
        with self._write.begin() as s:
            self._journal.commit(s, user.id, [Change("trust.root_removed", f"trust:{sha256}", {})])

    def trust_roots(self) -> list[TrustRootInfo]:
        """The imported trust roots, by subject."""
        with self._read() as s:
            rows = s.scalars(select(TrustRoot).order_by(TrustRoot.subject)).all()
            return [
                TrustRootInfo(
                    r.sha256,
                    r.subject,
                    fmt_date(r.not_after.replace(tzinfo=dt.UTC).astimezone(VN_TZ).date()),
                )
                for r in rows
            ]

    def trust_root_certificates(self) -> list[x509.Certificate]:
        """The trust roots as certificates, for validation."""
        from asn1crypto import x509 as asn1_x509

        with self._read() as s:
            ders = s.scalars(select(TrustRoot.der)).all()
        return [asn1_x509.Certificate.load(base64.b64decode(d)) for d in ders]

    # -- settings
    def settings(self) -> SigningSettings:
        """The space's signing settings."""
        with self._read() as s:
            values = {r.key: r.value for r in s.scalars(select(SpaceSetting))}
        return SigningSettings(
            tsa_url=values.get("tsa_url", ""),
            long_term=values.get("long_term", "") == "1",
            series_rule=values.get("outgoing_series_rule", SERIES_SHARED),
        )

    def save_settings(self, settings: SigningSettings) -> None:
        """Change the space's signing settings (admins)."""
        user = self._auth.require(Role.ADMIN)
        url = settings.tsa_url.strip()
        if url and not url.startswith(("http://", "https://")):
            raise ValidationError(
                tr("Địa chỉ máy chủ cấp dấu thời gian phải bắt đầu bằng http:// hoặc https://.")
            )
        if settings.long_term and not url:
            raise ValidationError(
                tr("Ký kèm dữ liệu kiểm tra dài hạn (B-LT) cần máy chủ cấp dấu thời gian.")
            )
        if settings.series_rule not in (SERIES_SHARED, SERIES_PER_TYPE):
            raise ValidationError(tr("Quy tắc cấp số không hợp lệ."))
        values = {
            "tsa_url": url,
            "long_term": "1" if settings.long_term else "",
            "outgoing_series_rule": settings.series_rule,
        }
        current = asdict(self.settings())
        wanted = asdict(SigningSettings(url, settings.long_term, settings.series_rule))
        changes = [
            Change("setting.set", f"setting:{key}", {"value": value})
            for (key, value), name in zip(values.items(), wanted, strict=True)
            if current[name] != wanted[name]
        ]
        if changes:
            with self._write.begin() as s:
                self._journal.commit(s, user.id, changes)

    # -- validation
    def validate_pdf(self, pdf: bytes) -> list[SignatureInfo]:
        """Every signature of a PDF checked against the imported trust roots."""
        return inspect_pdf_signatures(pdf, self.trust_root_certificates())
