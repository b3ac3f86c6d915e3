"""Signing keys: PKCS#12 files and a SoftHSM2 token, the certificate shown before use, and the
Vietnamese messages for the things that go wrong (wrong password or PIN, expired certificate,
missing driver or token)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from signing_support import (
    LEADER_CN,
    ORGANISATION,
    P12_PASSWORD,
    TOKEN_CN,
    Pki,
    TokenSetup,
)

from app.errors import UserError
from app.signing.errors import (
    CertificateNotUsable,
    KeyFileError,
    TokenDriverError,
    TokenLocked,
    TokenNotFound,
    WrongPin,
)
from app.signing.signers import (
    TokenConfig,
    certificate_info,
    check_usable,
    explain_token_error,
    list_token_labels,
    load_pkcs12,
    load_pkcs12_file,
    open_token,
    token_certificate,
)

NOW = dt.datetime.now(dt.UTC)


def test_certificate_info_shows_subject_issuer_serial_validity_and_usage(pki: Pki) -> None:
    info = certificate_info(pki.leader.asn1())

    assert info.subject_cn == LEADER_CN
    assert info.organisation == ORGANISATION
    assert info.issuer_cn == "Test Root CA"
    assert int(info.serial, 16) == pki.leader.certificate.serial_number
    assert info.serial == info.serial.upper()
    assert info.not_before < NOW < info.not_after
    assert info.not_before.tzinfo is not None
    assert info.key_usage == {"digital_signature", "non_repudiation"}


def test_a_valid_signing_certificate_is_usable(pki: Pki) -> None:
    check_usable(certificate_info(pki.leader.asn1()), NOW)  # no exception


def test_an_expired_certificate_is_refused_in_vietnamese(pki: Pki) -> None:
    with pytest.raises(CertificateNotUsable) as caught:
        check_usable(certificate_info(pki.expired.asn1()), NOW)

    assert "Lê Văn Cũ" in caught.value.message
    assert "đã hết hạn" in caught.value.message
    assert isinstance(caught.value, UserError)


def test_a_certificate_not_yet_valid_is_refused(pki: Pki) -> None:
    with pytest.raises(CertificateNotUsable, match="chưa có hiệu lực"):
        check_usable(certificate_info(pki.not_yet_valid.asn1()), NOW)


def test_a_certificate_without_signing_key_usage_is_refused(pki: Pki) -> None:
    info = certificate_info(pki.wrong_usage.asn1())
    assert info.key_usage == {"key_encipherment"}

    with pytest.raises(CertificateNotUsable, match="không được cấp cho mục đích ký số"):
        check_usable(info, NOW)


def test_pkcs12_loads_with_its_password(pki: Pki) -> None:
    signer = load_pkcs12(pki.leader.pkcs12(P12_PASSWORD), P12_PASSWORD)

    assert signer.certificate.subject_cn == LEADER_CN
    assert signer.backend.signing_cert.dump() == pki.leader.der


def test_pkcs12_with_a_wrong_password_gives_a_clear_message(pki: Pki) -> None:
    with pytest.raises(KeyFileError, match="sai mật khẩu"):
        load_pkcs12(pki.leader.pkcs12(P12_PASSWORD), "wrong")


def test_a_file_that_is_not_pkcs12_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "khoa.p12"
    path.write_bytes(b"not a key file")

    with pytest.raises(KeyFileError):
        load_pkcs12_file(path, P12_PASSWORD)
    with pytest.raises(KeyFileError, match="Không đọc được"):
        load_pkcs12_file(tmp_path / "missing.p12", P12_PASSWORD)


def test_token_opens_with_the_pin_and_shows_the_certificate(softhsm_token: TokenSetup) -> None:
    assert softhsm_token.config.token_label in list_token_labels(softhsm_token.module)

    with open_token(softhsm_token.config, softhsm_token.pin) as signer:
        assert signer.certificate.subject_cn == TOKEN_CN
        assert signer.certificate.issuer_cn == "Test Root CA"


def test_token_certificate_is_shown_before_the_pin_is_asked(softhsm_token: TokenSetup) -> None:
    info = token_certificate(softhsm_token.config)

    assert info.subject_cn == TOKEN_CN  # not the CA certificate also stored on the token
    assert info.key_usage == {"digital_signature", "non_repudiation"}


def test_token_key_can_be_chosen_by_label(softhsm_token: TokenSetup) -> None:
    config = TokenConfig(softhsm_token.module, softhsm_token.config.token_label, key_label="lan")

    with open_token(config, softhsm_token.pin) as signer:
        assert signer.certificate.subject_cn == TOKEN_CN


def test_wrong_pin_gives_the_vietnamese_message(softhsm_token: TokenSetup) -> None:
    with pytest.raises(WrongPin) as caught, open_token(softhsm_token.config, "000000"):
        pass

    assert caught.value.message.startswith("Mã PIN không đúng.")
    assert "000000" not in caught.value.message


def test_unknown_token_label_is_reported_with_the_tokens_present(
    softhsm_token: TokenSetup,
) -> None:
    config = TokenConfig(softhsm_token.module, "VNPT-CA KHONG CO")

    with pytest.raises(TokenNotFound) as caught, open_token(config, softhsm_token.pin):
        pass

    assert "VNPT-CA KHONG CO" in caught.value.message
    assert softhsm_token.config.token_label in caught.value.message


def test_missing_driver_module_is_reported(tmp_path: Path) -> None:
    config = TokenConfig(str(tmp_path / "vnpt-ca-pkcs11.so"), "TOKEN")

    with (
        pytest.raises(TokenDriverError, match="Không tìm thấy trình điều khiển"),
        open_token(config, "123456"),
    ):
        pass


def test_a_file_that_is_not_a_driver_is_reported(tmp_path: Path) -> None:
    fake = tmp_path / "fake-pkcs11.so"
    fake.write_bytes(b"\x7fELF but not really")

    with pytest.raises(TokenDriverError, match="Không nạp được"):
        list_token_labels(str(fake))


def test_a_locked_pin_gets_its_own_message() -> None:
    """SoftHSM2 never locks its user PIN, so the token's real PinLocked error is fed in."""
    from pkcs11.exceptions import PinLocked

    translated = explain_token_error(PinLocked(), "VNPT-CA")

    assert isinstance(translated, TokenLocked)
    assert "đã bị khóa" in translated.message
