"""Signing with a key that never leaves a PKCS#11 token (SoftHSM2), then the organisation's seal
with a PKCS#12 key; checked by our validator and by pdfsig."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from signing_support import ORGANISATION, TOKEN_CN, PageLayout, Pki, TokenSetup

from app.signing.appearance import LeaderAppearance, SealAppearance, load_image, seal_box
from app.signing.errors import WrongPin
from app.signing.fields import (
    LEADER_FIELD,
    ORGANISATION_FIELD,
    SignatureField,
    add_signature_fields,
)
from app.signing.sign import add_number, sign_pdf
from app.signing.signers import Signer, open_token
from app.signing.validate import inspect_pdf_signatures


@pytest.fixture(scope="module")
def prepared(
    unsigned_pdf: bytes, layout: PageLayout, signature_png: bytes, seal_png: bytes
) -> bytes:
    """The test PDF with its two signature fields and the number fields."""
    organisation_box = seal_box(
        layout.leader_box, load_image(signature_png, what="a"), load_image(seal_png, what="b")
    )
    return add_signature_fields(
        unsigned_pdf,
        [
            SignatureField(LEADER_FIELD, 0, layout.leader_box),
            SignatureField(ORGANISATION_FIELD, 0, organisation_box),
        ],
        number=layout.number,
    )


def test_leader_signs_on_the_token_and_both_validators_agree(
    prepared: bytes,
    layout: PageLayout,
    softhsm_token: TokenSetup,
    organisation_signer: Signer,
    signature_png: bytes,
    seal_png: bytes,
    pki: Pki,
    pdfsig: Callable[[bytes], list[Any]],
) -> None:
    with open_token(softhsm_token.config, softhsm_token.pin) as signer:
        leader_signed = sign_pdf(prepared, LEADER_FIELD, signer, LeaderAppearance(signature_png))
    numbered = add_number(leader_signed, "07", "Gia Thụy, ngày 20 tháng 11 năm 2026", layout.number)
    sealed = sign_pdf(numbered, ORGANISATION_FIELD, organisation_signer, SealAppearance(seal_png))

    leader, organisation = inspect_pdf_signatures(sealed, [pki.ca.identity.asn1()])
    assert (leader.signer, leader.intact, leader.trusted) == (TOKEN_CN, True, True)
    assert leader.modification == "allowed"
    assert (organisation.signer, organisation.intact, organisation.trusted) == (
        ORGANISATION,
        True,
        True,
    )
    first, second = pdfsig(sealed)
    assert (first.common_name, first.valid) == (TOKEN_CN, True)
    assert (second.common_name, second.valid) == (ORGANISATION, True)


def test_the_token_chain_is_embedded_so_a_validator_needs_only_the_root(
    prepared: bytes, softhsm_token: TokenSetup, pki: Pki
) -> None:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    with open_token(softhsm_token.config, softhsm_token.pin) as signer:
        signed = sign_pdf(prepared, LEADER_FIELD, signer, None)

    (embedded,) = PdfFileReader(BytesIO(signed)).embedded_signatures
    subjects = {c.subject.native["common_name"] for c in embedded.other_embedded_certs}
    assert "Test Root CA" in subjects  # the CA certificate stored on the token


def test_a_wrong_pin_signs_nothing(prepared: bytes, softhsm_token: TokenSetup) -> None:
    with (
        pytest.raises(WrongPin, match="Mã PIN không đúng"),
        open_token(softhsm_token.config, "999999") as signer,
    ):
        sign_pdf(prepared, LEADER_FIELD, signer, None)
