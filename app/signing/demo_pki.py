"""A demo PKI, so a newcomer can sign on the first day (and the tests have real keys).

A demo root CA issues the leaders' and the ward's certificates (RSA-2048, SHA-256, key usage
digitalSignature + nonRepudiation), a TSA certificate and CRLs; keys come out as PKCS#12 with a
given password. `write_demo_files` adds the signature and seal images of `demo_images`.
Nothing here is for real use: anyone can make the same "demo" CA and trust means nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.signing.demo_images import seal_png, signature_png

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey


@dataclass(frozen=True)
class Identity:
    """A certificate and, unless the key lives on a token, its private key."""

    certificate: x509.Certificate
    key: RSAPrivateKey | None
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def der(self) -> bytes:
        """The certificate, DER-encoded."""
        from cryptography.hazmat.primitives.serialization import Encoding

        return self.certificate.public_bytes(Encoding.DER)

    @property
    def pem(self) -> bytes:
        """The certificate, PEM-encoded."""
        from cryptography.hazmat.primitives.serialization import Encoding

        return self.certificate.public_bytes(Encoding.PEM)

    def asn1(self) -> asn1_x509.Certificate:
        """The certificate as asn1crypto (what pyHanko works with)."""
        from asn1crypto import x509 as asn1_x509

        return asn1_x509.Certificate.load(self.der)

    def pkcs12(self, password: str) -> bytes:
        """A .p12 with the key, the certificate and the chain, encrypted with `password`."""
        from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

        if self.key is None:
            raise ValueError("this identity's key is not exportable")
        name = self.certificate.subject.rfc4514_string().encode("utf-8")
        return pkcs12.serialize_key_and_certificates(
            name,
            self.key,
            self.certificate,
            list(self.chain) or None,
            BestAvailableEncryption(password.encode("utf-8")),
        )


@dataclass
class DemoCa:
    """A root CA that issues demo certificates; `crl_url` goes into what it issues, if set."""

    identity: Identity
    crl_url: str | None = None
    _revoked: dict[int, dt.datetime] = field(default_factory=dict, init=False, repr=False)

    @property
    def certificate(self) -> x509.Certificate:
        """The root certificate."""
        return self.identity.certificate

    @classmethod
    def create(
        cls,
        common_name: str = "Ward Office Demo Root CA",
        *,
        organisation: str = "Ward Office (demo)",
        crl_url: str | None = None,
        now: dt.datetime | None = None,
    ) -> DemoCa:
        """A new self-signed root, valid from yesterday for ten years."""
        from cryptography import x509

        now = now or dt.datetime.now(dt.UTC)
        key = new_rsa_key()
        name = _name(common_name, organisation)
        cert = (
            _builder(name, name, key.public_key(), now - dt.timedelta(days=1), now + _years(10))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_key_usage(ca=True), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()),
                critical=False,
            )
            .sign(key, _sha256())
        )
        return cls(identity=Identity(certificate=cert, key=key), crl_url=crl_url)

    def issue(
        self,
        common_name: str,
        organisation: str,
        *,
        public_key: RSAPublicKey | None = None,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        signing_usage: bool = True,
    ) -> Identity:
        """A signing certificate for a person or the organisation.

        With `public_key` (a key generated on a token) the identity has no private key. With
        `signing_usage=False` the key usage is keyEncipherment only (a certificate that must be
        refused for signing).
        """
        from cryptography import x509

        key = new_rsa_key() if public_key is None else None
        subject_key = key.public_key() if key is not None else public_key
        assert subject_key is not None
        now = dt.datetime.now(dt.UTC)
        builder = (
            _builder(
                _name(common_name, organisation),
                self.certificate.subject,
                subject_key,
                not_before or now - dt.timedelta(days=1),
                not_after or now + _years(2),
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(ca=False, signing=signing_usage), critical=True)
            .add_extension(self._aki(), critical=False)
        )
        if self.crl_url:
            builder = builder.add_extension(_crl_distribution(self.crl_url), critical=False)
        cert = builder.sign(self._key, _sha256())
        return Identity(certificate=cert, key=key, chain=(self.certificate,))

    def issue_tsa(self, common_name: str = "Ward Office Demo TSA") -> Identity:
        """A timestamping certificate (critical EKU timeStamping), for a test or demo TSA."""
        from cryptography import x509
        from cryptography.x509.oid import ExtendedKeyUsageOID

        key = new_rsa_key()
        now = dt.datetime.now(dt.UTC)
        cert = (
            _builder(
                _name(common_name, "Ward Office (demo)"),
                self.certificate.subject,
                key.public_key(),
                now - dt.timedelta(days=1),
                now + _years(5),
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(ca=False), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
            .add_extension(self._aki(), critical=False)
            .sign(self._key, _sha256())
        )
        return Identity(certificate=cert, key=key, chain=(self.certificate,))

    def revoke(self, cert: x509.Certificate, at: dt.datetime | None = None) -> None:
        """List `cert` as revoked in the CRLs made from now on."""
        self._revoked[cert.serial_number] = at or dt.datetime.now(dt.UTC)

    def crl(self, *, now: dt.datetime | None = None) -> bytes:
        """A DER CRL, valid for a week, listing what was revoked."""
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        now = now or dt.datetime.now(dt.UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(now - dt.timedelta(minutes=5))
            .next_update(now + dt.timedelta(days=7))
            .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
            .add_extension(self._aki(), critical=False)
        )
        for serial, when in self._revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
            )
        return builder.sign(self._key, _sha256()).public_bytes(Encoding.DER)

    @property
    def _key(self) -> RSAPrivateKey:
        assert self.identity.key is not None
        return self.identity.key

    def _aki(self) -> x509.AuthorityKeyIdentifier:
        from cryptography import x509

        return x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key())


def new_rsa_key() -> RSAPrivateKey:
    """A fresh RSA-2048 key."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class DemoKeyFiles:
    """Where `write_demo_files` put things."""

    ca_certificate: Path
    pkcs12: dict[str, Path]  # per login
    signature_images: dict[str, Path]  # per login
    seal_image: Path


def write_demo_files(
    folder: Path,
    *,
    password: str,
    organisation: str,
    place: str,
    people: Sequence[tuple[str, str]],
    valid_from: dt.datetime | None = None,
) -> DemoKeyFiles:
    """Write a demo CA certificate, a .p12 per person and one for the organisation, and images.

    `people` are (login, full name); the organisation's key is stored under the login "coquan".
    """
    folder.mkdir(parents=True, exist_ok=True)
    start = valid_from + dt.timedelta(days=1) if valid_from else None
    ca = DemoCa.create(now=start)
    ca_path = folder / "demo-ca.crt"
    ca_path.write_bytes(ca.identity.pem)
    p12: dict[str, Path] = {}
    images: dict[str, Path] = {}
    for login, full_name in people:
        p12[login] = folder / f"{login}.p12"
        person = ca.issue(full_name, organisation, not_before=valid_from)
        p12[login].write_bytes(person.pkcs12(password))
        images[login] = folder / f"{login}-chu-ky.png"
        images[login].write_bytes(signature_png(full_name))
    p12["coquan"] = folder / "coquan.p12"
    ward = ca.issue(organisation, organisation, not_before=valid_from)
    p12["coquan"].write_bytes(ward.pkcs12(password))
    seal_path = folder / "con-dau.png"
    seal_path.write_bytes(seal_png(organisation, place))
    return DemoKeyFiles(
        ca_certificate=ca_path, pkcs12=p12, signature_images=images, seal_image=seal_path
    )


def _name(common_name: str, organisation: str) -> x509.Name:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: RSAPublicKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.CertificateBuilder:
    from cryptography import x509

    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(*, ca: bool, signing: bool = True) -> x509.KeyUsage:
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=not ca and signing,
        content_commitment=not ca and signing,
        key_encipherment=not ca and not signing,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _crl_distribution(url: str) -> x509.CRLDistributionPoints:
    from cryptography import x509

    return x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(url)],
                relative_name=None,
                reasons=None,
                crl_issuer=None,
            )
        ]
    )


def _sha256() -> hashes.SHA256:
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def _years(count: int) -> dt.timedelta:
    return dt.timedelta(days=365 * count + count // 4)
