"""PAdES B-T (RFC 3161 timestamps) and B-LT (revocation data embedded), against a local HTTP
server that is a real timestamp authority and CRL distribution point on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from typing import Any

import pytest
from signing_support import ORGANISATION, P12_PASSWORD, Pki

from app.signing import demo_pki
from app.signing.errors import CertificateNotUsable, RevocationDataUnavailable, TimestampError
from app.signing.fields import LEADER_FIELD, SignatureField
from app.signing.sign import sign_pdf
from app.signing.signers import Signer, load_pkcs12
from app.signing.validate import inspect_pdf_signatures

BOX = (355.0, 606.0, 505.0, 674.0)
TSA_PATH = "/tsa"
CRL_PATH = "/root.crl"


@dataclass
class LocalServices:
    """The HTTP TSA and CRL server, its CA and what it has been asked."""

    base_url: str
    ca: demo_pki.DemoCa
    tsa: demo_pki.Identity
    stamper: Any
    requests: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def services() -> Iterator[LocalServices]:
    """A threaded HTTP server: POST /tsa answers RFC 3161 requests, GET /root.crl the CRL."""
    from asn1crypto import tsp
    from pyhanko.sign.timestamps import DummyTimeStamper

    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    ca = demo_pki.DemoCa.create("LTV Test Root CA", crl_url=base_url + CRL_PATH)
    tsa = ca.issue_tsa("LTV Test TSA")
    from asn1crypto import keys as asn1_keys

    stamper = DummyTimeStamper(
        tsa_cert=tsa.asn1(),
        tsa_key=asn1_keys.PrivateKeyInfo.load(_pkcs8(tsa)),
        certs_to_embed=[ca.identity.asn1()],
    )
    state = LocalServices(base_url=base_url, ca=ca, tsa=tsa, stamper=stamper)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            state.requests.append(self.path)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self._reply(response, "application/timestamp-reply")

        def do_GET(self) -> None:
            state.requests.append(self.path)
            if self.path != CRL_PATH:
                self.send_error(404)
                return
            self._reply(state.ca.crl(), "application/pkix-crl")

        def _reply(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass  # keep the test output clean

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _pkcs8(identity: demo_pki.Identity) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    assert identity.key is not None
    return identity.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())


def _signer(identity: demo_pki.Identity) -> Signer:
    return load_pkcs12(identity.pkcs12(P12_PASSWORD), P12_PASSWORD)


@pytest.fixture(scope="module")
def ltv_leader(services: LocalServices) -> Signer:
    """A leader whose certificate names the local CRL distribution point."""
    return _signer(services.ca.issue("Vũ Thị Hạnh", ORGANISATION))


def _sign(pdf: bytes, signer: Signer, **options: Any) -> bytes:
    return sign_pdf(
        pdf, LEADER_FIELD, signer, None, new_field=SignatureField(LEADER_FIELD, 0, BOX), **options
    )


def _unsigned_attributes(pdf: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    (signature,) = PdfFileReader(BytesIO(pdf)).embedded_signatures
    return [a["type"].native for a in signature.signer_info["unsigned_attrs"]]


def _dss_counts(pdf: bytes) -> tuple[int, int]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    root = PdfFileReader(BytesIO(pdf)).root
    if "/DSS" not in root:
        return (0, 0)
    dss = root["/DSS"]
    crls, ocsps = (len(dss[key]) if key in dss else 0 for key in ("/CRLs", "/OCSPs"))
    return (crls, ocsps)


def test_b_t_gets_an_rfc3161_token_over_http(
    services: LocalServices,
    unsigned_pdf: bytes,
    ltv_leader: Signer,
    pdfsig: Callable[[bytes], list[Any]],
) -> None:
    url = services.base_url + TSA_PATH
    _sign(unsigned_pdf, ltv_leader, timestamper_url=url)  # a new client also sizes the token
    before = services.requests.count(TSA_PATH)

    signed = _sign(unsigned_pdf, ltv_leader, timestamper_url=url)

    assert services.requests.count(TSA_PATH) == before + 1  # one token per signature after that
    assert "signature_time_stamp_token" in _unsigned_attributes(signed)
    (info,) = inspect_pdf_signatures(signed, [services.ca.identity.asn1()])
    assert (info.intact, info.trusted, info.timestamped) == (True, True, True)
    assert pdfsig(signed)[0].valid


def test_b_t_with_an_in_process_timestamper(
    services: LocalServices, unsigned_pdf: bytes, ltv_leader: Signer
) -> None:
    signed = _sign(unsigned_pdf, ltv_leader, timestamper=services.stamper)

    assert "signature_time_stamp_token" in _unsigned_attributes(signed)
    (info,) = inspect_pdf_signatures(signed, [services.ca.identity.asn1()])
    assert info.timestamped


def test_an_unreachable_tsa_is_a_clear_error(unsigned_pdf: bytes, ltv_leader: Signer) -> None:
    url = f"http://127.0.0.1:{_free_port()}{TSA_PATH}"

    with pytest.raises(TimestampError, match="dấu thời gian"):
        _sign(unsigned_pdf, ltv_leader, timestamper_url=url)


def test_b_lt_fetches_the_crl_and_embeds_it(
    services: LocalServices, unsigned_pdf: bytes, ltv_leader: Signer
) -> None:
    before = services.requests.count(CRL_PATH)

    signed = _sign(
        unsigned_pdf,
        ltv_leader,
        timestamper=services.stamper,
        lt=True,
        trust_roots=[services.ca.identity.asn1()],
    )

    assert services.requests.count(CRL_PATH) > before
    crls, _ocsps = _dss_counts(signed)
    assert crls >= 1
    (info,) = inspect_pdf_signatures(signed, [services.ca.identity.asn1()])
    assert (info.intact, info.trusted) == (True, True)


def test_b_lt_offline_with_a_crl_given_by_the_caller(
    services: LocalServices, unsigned_pdf: bytes, ltv_leader: Signer
) -> None:
    before = services.requests.count(CRL_PATH)

    signed = _sign(
        unsigned_pdf,
        ltv_leader,
        lt=True,
        trust_roots=[services.ca.identity.asn1()],
        crls=[services.ca.crl()],
        allow_fetching=False,
    )

    assert services.requests.count(CRL_PATH) == before
    assert _dss_counts(signed)[0] >= 1


def test_b_lt_without_revocation_data_fails_instead_of_degrading(
    pki: Pki, unsigned_pdf: bytes, leader_signer: Signer
) -> None:
    """The session PKI's certificates name no CRL: pyHanko alone would sign without any."""
    with pytest.raises(RevocationDataUnavailable, match="B-LT"):
        _sign(
            unsigned_pdf,
            leader_signer,
            lt=True,
            trust_roots=[pki.ca.identity.asn1()],
            allow_fetching=False,
        )


def test_b_lt_with_an_unreachable_crl_fails(unsigned_pdf: bytes) -> None:
    ca = demo_pki.DemoCa.create("Offline CA", crl_url=f"http://127.0.0.1:{_free_port()}{CRL_PATH}")
    signer = _signer(ca.issue("Ngô Văn Xa", ORGANISATION))

    with pytest.raises(RevocationDataUnavailable):
        _sign(unsigned_pdf, signer, lt=True, trust_roots=[ca.identity.asn1()])


def test_b_lt_refuses_a_revoked_certificate(services: LocalServices, unsigned_pdf: bytes) -> None:
    identity = services.ca.issue("Hồ Văn Thu Hồi", ORGANISATION)
    services.ca.revoke(identity.certificate)

    with pytest.raises(CertificateNotUsable, match="thu hồi"):
        _sign(unsigned_pdf, _signer(identity), lt=True, trust_roots=[services.ca.identity.asn1()])
