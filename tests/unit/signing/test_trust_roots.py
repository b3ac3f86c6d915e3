"""Trust roots imported by an admin (.cer/.crt in DER or PEM, .p7b bundles) and the JSON report
that `ward-office validate FILE.pdf --json` prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from signing_support import LEADER_CN, PageLayout, Pki

from app.errors import UserError
from app.signing import demo_pki
from app.signing.fields import LEADER_FIELD, SignatureField
from app.signing.sign import sign_pdf
from app.signing.signers import Signer
from app.signing.validate import inspect_pdf_signatures, load_trust_roots, report_json


@pytest.fixture(scope="module")
def signed(unsigned_pdf: bytes, layout: PageLayout, leader_signer: Signer) -> bytes:
    """The test PDF signed by the leader (PKCS#12), invisible signature in a new field."""
    return sign_pdf(
        unsigned_pdf,
        LEADER_FIELD,
        leader_signer,
        None,
        new_field=SignatureField(LEADER_FIELD, 0, layout.leader_box),
    )


def _fingerprints(certs: list) -> set[bytes]:
    return {c.dump() for c in certs}


def test_der_pem_and_p7b_files_are_read(tmp_path: Path, pki: Pki) -> None:
    other = demo_pki.DemoCa.create("Other Root CA")
    bundle = pkcs7.serialize_certificates([pki.ca.certificate, other.certificate], Encoding.DER)
    files = {
        "root.cer": pki.ca.identity.der,
        "two.crt": pki.ca.identity.pem + other.identity.pem,
        "bundle.p7b": bundle,
        "bundle-pem.p7b": pkcs7.serialize_certificates([other.certificate], Encoding.PEM),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    roots = load_trust_roots(tmp_path / name for name in files)

    assert _fingerprints(roots) == {pki.ca.identity.der, other.identity.der}  # no duplicates
    assert _fingerprints(load_trust_roots([tmp_path / "bundle.p7b"])) == {
        pki.ca.identity.der,
        other.identity.der,
    }


def test_a_file_without_certificates_is_refused_by_name(tmp_path: Path) -> None:
    junk = tmp_path / "ghi-chu.cer"
    junk.write_bytes(b"this is not a certificate")

    with pytest.raises(UserError, match=r"ghi-chu\.cer"):
        load_trust_roots([junk])
    with pytest.raises(UserError, match=r"khong-co\.crt"):
        load_trust_roots([tmp_path / "khong-co.crt"])


def test_imported_roots_make_the_signature_trusted(tmp_path: Path, pki: Pki, signed: bytes) -> None:
    (tmp_path / "root.p7b").write_bytes(
        pkcs7.serialize_certificates([pki.ca.certificate], Encoding.PEM)
    )

    (without,) = inspect_pdf_signatures(signed, [])
    (with_root,) = inspect_pdf_signatures(signed, load_trust_roots([tmp_path / "root.p7b"]))

    assert (without.intact, without.trusted) == (True, False)
    assert (with_root.intact, with_root.trusted) == (True, True)


def test_report_json_has_what_the_cli_prints(pki: Pki, signed: bytes) -> None:
    report = report_json(inspect_pdf_signatures(signed, [pki.ca.identity.asn1()]))

    text = json.dumps(report, ensure_ascii=False)
    assert json.loads(text) == report
    (signature,) = report["signatures"]
    assert signature["signer"] == LEADER_CN
    assert signature["field"] == LEADER_FIELD
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", signature["signed_at"])
    assert (signature["intact"], signature["valid"], signature["trusted"]) == (True, True, True)
    assert signature["modification"] == "none"
    assert signature["timestamped"] is False
    assert report["all_intact"] is True


def test_report_json_of_a_tampered_file_says_not_intact(pki: Pki, signed: bytes) -> None:
    tampered = bytearray(signed)
    tampered[signed.index(b"stream", 200) + 40] ^= 0x01

    report = report_json(inspect_pdf_signatures(bytes(tampered), [pki.ca.identity.asn1()]))

    assert [s["intact"] for s in report["signatures"]] == [False]
    assert report["all_intact"] is False
