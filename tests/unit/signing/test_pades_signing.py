"""The outgoing chain with PKCS#12 keys: empty fields, the leader's signature, the số and date,
the organisation's seal; checked by our validator (pyHanko) and by poppler's pdfsig."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from signing_support import LEADER_CN, ORGANISATION, P12_PASSWORD, PageLayout, Pki

from app.signing.appearance import LeaderAppearance, SealAppearance, TextAppearance, load_image
from app.signing.appearance import seal_box as make_seal_box
from app.signing.errors import CertificateNotUsable, PdfStructureError, SigningError
from app.signing.fields import (
    DATE_FIELD,
    LEADER_FIELD,
    NUMBER_FIELD,
    ORGANISATION_FIELD,
    SignatureField,
    add_signature_fields,
    attachment_box,
    field_names,
    pdf_writer,
)
from app.signing.sign import add_number, sign_pdf
from app.signing.signers import Signer, load_pkcs12
from app.signing.validate import inspect_pdf_signatures

NUMBER = "15"
DATE = "Gia Thụy, ngày 05 tháng 01 năm 2026"


@dataclass(frozen=True)
class Chain:
    """The document at each step of the outgoing flow."""

    prepared: bytes
    leader_signed: bytes
    numbered: bytes
    sealed: bytes


@pytest.fixture(scope="module")
def chain(
    unsigned_pdf: bytes,
    layout: PageLayout,
    leader_signer: Signer,
    organisation_signer: Signer,
    signature_png: bytes,
    seal_png: bytes,
) -> Chain:
    """Leader (blue signature) + number and date + organisation (red seal), all PKCS#12."""
    seal_field = make_seal_box(
        layout.leader_box,
        load_image(signature_png, what="chữ ký"),
        load_image(seal_png, what="con dấu"),
    )
    prepared = add_signature_fields(
        unsigned_pdf,
        [
            SignatureField(LEADER_FIELD, 0, layout.leader_box),
            SignatureField(ORGANISATION_FIELD, 0, seal_field),
        ],
        number=layout.number,
    )
    leader_signed = sign_pdf(prepared, LEADER_FIELD, leader_signer, LeaderAppearance(signature_png))
    numbered = add_number(leader_signed, NUMBER, DATE, layout.number)
    sealed = sign_pdf(numbered, ORGANISATION_FIELD, organisation_signer, SealAppearance(seal_png))
    return Chain(prepared, leader_signed, numbered, sealed)


def test_fields_are_created_before_anyone_signs(chain: Chain, unsigned_pdf: bytes) -> None:
    assert chain.prepared.startswith(unsigned_pdf)
    with pdf_writer(chain.prepared) as writer:
        names = set(field_names(writer))
    assert {LEADER_FIELD, ORGANISATION_FIELD, NUMBER_FIELD, DATE_FIELD} <= names
    assert inspect_pdf_signatures(chain.prepared) == []


def test_a_field_is_not_created_twice(chain: Chain, layout: PageLayout) -> None:
    with pytest.raises(ValueError, match=LEADER_FIELD):
        add_signature_fields(chain.prepared, [SignatureField(LEADER_FIELD, 0, layout.leader_box)])


def test_every_step_is_an_incremental_update(chain: Chain) -> None:
    assert chain.leader_signed.startswith(chain.prepared)
    assert chain.numbered.startswith(chain.leader_signed)
    assert chain.sealed.startswith(chain.numbered)


def test_both_signatures_are_intact_and_trusted(chain: Chain, pki: Pki) -> None:
    leader, organisation = inspect_pdf_signatures(chain.sealed, [pki.ca.identity.asn1()])

    assert (leader.field_name, leader.signer) == (LEADER_FIELD, LEADER_CN)
    assert (organisation.field_name, organisation.signer) == (ORGANISATION_FIELD, ORGANISATION)
    for info in (leader, organisation):
        assert (info.intact, info.valid, info.trusted) == (True, True, True)
    assert leader.modification == "allowed"  # the number, the date and the seal came after
    assert organisation.modification == "none"


def test_writing_the_number_after_the_leader_signed_is_an_allowed_update(
    chain: Chain, pki: Pki
) -> None:
    (leader,) = inspect_pdf_signatures(chain.numbered, [pki.ca.identity.asn1()])

    assert (leader.intact, leader.valid, leader.trusted) == (True, True, True)
    assert leader.modification == "allowed"
    with pdf_writer(chain.numbered) as writer:
        values = {
            str(ref.get_object()["/T"]): str(ref.get_object().get("/V", ""))
            for ref in writer.root["/AcroForm"]["/Fields"]
        }
    assert values[NUMBER_FIELD] == NUMBER
    assert values[DATE_FIELD] == DATE


def test_pdfsig_independently_finds_both_signatures_valid(
    chain: Chain, pdfsig: Callable[[bytes], list]
) -> None:
    leader, organisation = pdfsig(chain.sealed)

    assert (leader.field, leader.common_name, leader.valid) == (LEADER_FIELD, LEADER_CN, True)
    assert not leader.total_document  # later revisions were appended
    assert (organisation.field, organisation.common_name) == (ORGANISATION_FIELD, ORGANISATION)
    assert organisation.valid
    assert organisation.total_document


def test_a_byte_changed_after_signing_makes_the_signatures_not_intact(
    chain: Chain, pki: Pki, pdfsig: Callable[[bytes], list]
) -> None:
    start = chain.sealed.index(b"stream", 200) + 40  # inside the first revision's first stream
    tampered = bytearray(chain.sealed)
    tampered[start] ^= 0x01

    infos = inspect_pdf_signatures(bytes(tampered), [pki.ca.identity.asn1()])

    assert [info.intact for info in infos] == [False, False]
    assert all(info.summary.startswith("Nội dung đã bị thay đổi") for info in infos)
    assert [sig.valid for sig in pdfsig(bytes(tampered))] == [False, False]


def test_signing_a_field_twice_is_refused(chain: Chain, leader_signer: Signer) -> None:
    with pytest.raises(SigningError, match="đã được ký rồi"):
        sign_pdf(chain.leader_signed, LEADER_FIELD, leader_signer, None)


def test_signing_without_the_field_is_refused(unsigned_pdf: bytes, leader_signer: Signer) -> None:
    with pytest.raises(SigningError, match="không có ô chữ ký"):
        sign_pdf(unsigned_pdf, LEADER_FIELD, leader_signer, None)


def test_an_expired_certificate_is_refused_before_signing(chain: Chain, pki: Pki) -> None:
    expired = load_pkcs12(pki.expired.pkcs12(P12_PASSWORD), P12_PASSWORD)

    with pytest.raises(CertificateNotUsable, match="đã hết hạn"):
        sign_pdf(chain.prepared, LEADER_FIELD, expired, None)


def test_the_number_cannot_be_written_twice(chain: Chain, layout: PageLayout) -> None:
    with pytest.raises(SigningError, match="đã được ghi số"):
        add_number(chain.numbered, "16", DATE, layout.number)


def test_the_number_needs_fields_made_before_the_leader_signed(
    unsigned_pdf: bytes, layout: PageLayout, leader_signer: Signer, signature_png: bytes
) -> None:
    signed = sign_pdf(
        unsigned_pdf,
        LEADER_FIELD,
        leader_signer,
        LeaderAppearance(signature_png),
        new_field=SignatureField(LEADER_FIELD, 0, layout.leader_box),
    )

    with pytest.raises(SigningError, match="không có sẵn ô ghi số"):
        add_number(signed, NUMBER, DATE, layout.number)


def test_on_an_unsigned_pdf_the_number_fields_are_created(
    unsigned_pdf: bytes, layout: PageLayout
) -> None:
    numbered = add_number(unsigned_pdf, NUMBER, DATE, layout.number)

    with pdf_writer(numbered) as writer:
        assert {NUMBER_FIELD, DATE_FIELD} <= set(field_names(writer))


def test_an_attachment_gets_the_organisation_signature_at_the_top_right(
    unsigned_pdf: bytes,
    organisation_signer: Signer,
    pki: Pki,
    pdfsig: Callable[[bytes], list],
) -> None:
    box = attachment_box(unsigned_pdf)
    signed = sign_pdf(
        unsigned_pdf,
        ORGANISATION_FIELD,
        organisation_signer,
        TextAppearance.attachment("15/QĐ-UBND"),
        new_field=SignatureField(ORGANISATION_FIELD, 0, box),
    )

    (info,) = inspect_pdf_signatures(signed, [pki.ca.identity.asn1()])
    assert (info.intact, info.trusted, info.modification) == (True, True, "none")
    (checked,) = pdfsig(signed)
    assert (checked.valid, checked.common_name) == (True, ORGANISATION)
    x1, y1, x2, y2 = box
    assert x1 > 595.276 / 2  # right half of the A4 page
    assert y1 > 841.89 * 0.9  # top tenth
    assert x2 > 595.276 - 40  # about 10 mm from the right edge
    assert y2 > 841.89 - 40  # and from the top


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda pdf: pdf[: len(pdf) // 3], id="truncated"),
        pytest.param(lambda _pdf: b"%PDF-1.7\n" + b"\x00" * 400 + b"\n%%EOF\n", id="garbage"),
        pytest.param(
            lambda pdf: pdf.replace(b"startxref", b"startxref\n9999999\n%", 1).replace(
                b"xref\n", b"xxxx\n"
            ),
            id="broken-xref",
        ),
    ],
)
def test_a_broken_pdf_gives_a_clear_message(
    unsigned_pdf: bytes,
    leader_signer: Signer,
    layout: PageLayout,
    damage: Callable[[bytes], bytes],
) -> None:
    with pytest.raises(PdfStructureError, match="Tệp PDF bị hỏng"):
        add_signature_fields(
            damage(unsigned_pdf), [SignatureField(LEADER_FIELD, 0, layout.leader_box)]
        )
