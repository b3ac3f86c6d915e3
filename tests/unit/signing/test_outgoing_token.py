"""Keys on a USB token (SoftHSM2) through the outgoing service: the clerk issues with the
organisation's key on the token, the leader signs with theirs; every token failure a user can meet
gives its Vietnamese message, leaves the document as it was and costs no số đi.

The ward is made once for the module (a ward takes a second or two); each test takes its own
document to "signed", so the number a successful issue takes is checked against the register's
count. The token is the session's SoftHSM2 token of conftest.py (key "lan", certificate
TOKEN_CN). SoftHSM2 never locks its user PIN, so the locked cases put a PIN retry counter in
front of the real token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from signing_support import (
    LEADER_CN,
    ORGANISATION,
    P12_PASSWORD,
    TOKEN_CN,
    TOKEN_LABEL,
    Pki,
    TokenSetup,
)

from app.journal.reducers.settings import ORG_OWNER
from app.models.enums import OutgoingState
from app.services.auth import CurrentUser
from app.services.demo_outgoing import final_pdf
from app.services.outgoing_dto import DraftForm, OutgoingBox
from app.services.signing import SignerConfig
from app.services.space import Space
from app.signing import signers
from app.signing.errors import TokenDriverError, TokenLocked, TokenNotFound, WrongPin
from app.timeutil import FixedClock
from tests.conftest import MemoryKeyring, Ward, make_ward

WRONG_PIN = "135790"


@dataclass(frozen=True)
class Keys:
    """Where this PC finds the keys: .p12 files for the leader and the ward, and the token."""

    leader_p12: SignerConfig
    organisation_p12: SignerConfig
    token: SignerConfig
    pin: str


def actor(space: Space) -> Callable[[str], Space]:
    """Act as a user without the cost of a password check."""

    def act(login: str) -> Space:
        info = next(u for u in space.directory.users() if u.login == login)
        space.auth.set(
            CurrentUser(
                info.id, info.login, info.full_name, info.position, info.unit_id, info.roles
            )
        )
        return space

    return act


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory, pki: Pki, softhsm_token: TokenSetup) -> Keys:
    folder = tmp_path_factory.mktemp("keys")
    leader, organisation = folder / "lanhdao.p12", folder / "coquan.p12"
    leader.write_bytes(pki.leader.pkcs12(P12_PASSWORD))
    organisation.write_bytes(pki.organisation.pkcs12(P12_PASSWORD))
    return Keys(
        leader_p12=SignerConfig("pkcs12", path=str(leader)),
        organisation_p12=SignerConfig("pkcs12", path=str(organisation)),
        token=SignerConfig("token", module=softhsm_token.module, token_label=TOKEN_LABEL),
        pin=softhsm_token.pin,
    )


def make_token_ward(
    root: Path, keys: Keys, pki: Pki, signature_png: bytes, seal_png: bytes
) -> Ward:
    """A ward whose leader signs with a .p12 and whose clerk seals with the token; CA trusted."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    w = make_ward(root / "space", FixedClock(now), MemoryKeyring())
    act = actor(w.space)
    act("chutich").signing.set_signature_image(signature_png)
    act("vanthu").signing.set_seal_image(seal_png, 35.0)
    ca = root / "ca.crt"
    ca.write_bytes(pki.ca.identity.pem)
    act("admin").signing.import_trust_roots([ca])
    use_keys(w, leader=keys.leader_p12, organisation=keys.token)
    return w


@pytest.fixture(scope="module")
def token_ward(
    tmp_path_factory: pytest.TempPathFactory,
    keys: Keys,
    pki: Pki,
    signature_png: bytes,
    seal_png: bytes,
) -> Iterator[Ward]:
    w = make_token_ward(tmp_path_factory.mktemp("ward"), keys, pki, signature_png, seal_png)
    yield w
    w.space.close()


def use_keys(w: Ward, *, leader: SignerConfig, organisation: SignerConfig) -> None:
    act = actor(w.space)
    act("chutich").signing.set_signer_config(w.leader, leader)
    act("vanthu").signing.set_signer_config(ORG_OWNER, organisation)


def to_ready(w: Ward, folder: Path) -> str:
    """A decision through both reviews and approval, its PDF to sign laid out like the template."""
    act = actor(w.space)
    form = DraftForm(
        doc_type="quyet_dinh",
        summary="Về việc thành lập Tổ kiểm tra trật tự xây dựng",
        signer_id=w.leader,
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_position="CHỦ TỊCH",
        recipients_text="- Như Điều 3;\n- Lưu: VT.",
        drafting_unit_id=w.unit_vp,
    )
    doc_id = act("canbo").outgoing.new_draft(form)
    act("canbo").outgoing.submit(doc_id, w.official2)
    act("canbo2").outgoing.approve_content(doc_id)
    act("vanthu").outgoing.approve_form(doc_id)
    act("chutich").outgoing.approve(doc_id)
    notation = w.space.outgoing.detail(doc_id).row.code.partition("/")[2]
    pdf = folder / f"{doc_id}.pdf"
    pdf.write_bytes(
        final_pdf(
            w.space.directory.organisation(),
            "Quyết định",
            notation,
            form.summary,
            form.signer_authority,
            form.signer_position,
            "Trần Văn Nam",
            dt.date.today().year,
        )
    )
    act("vanthu").outgoing.prepare_final(doc_id, pdf)
    return doc_id


def to_signed(w: Ward, folder: Path, secret: str = P12_PASSWORD) -> str:
    doc_id = to_ready(w, folder)
    actor(w.space)("chutich").outgoing.sign(doc_id, secret)
    return doc_id


def next_number(w: Ward) -> int:
    """The số đi the next issue takes: every document of these tests is in one series."""
    return actor(w.space)("vanthu").outgoing.count(OutgoingBox.ISSUED) + 1


def assert_still_signed(w: Ward, doc_id: str, number: int) -> None:
    """The failed issue changed nothing: signed, no number, nothing issued, no số used."""
    detail = w.space.outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.SIGNED
    assert detail.row.number is None
    assert "outgoing.issued" not in [h.action for h in detail.history]
    assert next_number(w) == number


def issued_pdf(w: Ward, doc_id: str) -> bytes:
    return w.space.outgoing.file_bytes(w.space.outgoing.detail(doc_id).pdf_blob or "")


# -- the organisation's key on the token


def test_wrong_pin_costs_no_number_then_the_right_pin_issues_01(
    tmp_path: Path, keys: Keys, pki: Pki, signature_png: bytes, seal_png: bytes
) -> None:
    # its own ward, so that its series is fresh whatever ran before
    w = make_token_ward(tmp_path, keys, pki, signature_png, seal_png)
    try:
        act = actor(w.space)
        doc_id = to_signed(w, tmp_path)

        with pytest.raises(WrongPin) as caught:
            act("vanthu").outgoing.issue(doc_id, WRONG_PIN)

        assert caught.value.message.startswith("Mã PIN không đúng.")
        assert WRONG_PIN not in caught.value.message
        assert_still_signed(w, doc_id, 1)
        act("vanthu").outgoing.issue(doc_id, keys.pin)
        assert w.space.outgoing.detail(doc_id).row.code == "01/QĐ-UBND"
    finally:
        w.space.close()


def test_the_right_pin_issues_with_the_token_certificate_and_both_signatures_hold(
    token_ward: Ward,
    keys: Keys,
    tmp_path: Path,
    pdfsig: Callable[[bytes], list[Any]],
) -> None:
    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    # the certificate is shown before the PIN is asked
    assert act("vanthu").signing.certificate(ORG_OWNER).subject_cn == TOKEN_CN
    number = next_number(token_ward)

    act("vanthu").outgoing.issue(doc_id, keys.pin)

    detail = token_ward.space.outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.ISSUED
    assert detail.row.code == f"{number:02d}/QĐ-UBND"
    issued = issued_pdf(token_ward, doc_id)
    infos = token_ward.space.signing.validate_pdf(issued)
    assert [(i.signer, i.intact, i.valid, i.trusted) for i in infos] == [
        (LEADER_CN, True, True, True),
        (TOKEN_CN, True, True, True),
    ]
    assert infos[0].modification in ("allowed", "none")  # the number and the seal are allowed
    assert [(s.common_name, s.valid) for s in pdfsig(issued)] == [
        (LEADER_CN, True),
        (TOKEN_CN, True),
    ]


class _Slot:
    def __init__(self, counter: _PinCounter) -> None:
        self._counter = counter

    def get_token(self) -> _CountedToken:
        return _CountedToken(self._counter)


class _PinCounter:
    """A PIN retry counter in front of the real SoftHSM2 token, as a hardware token keeps one.

    `_find_token` returns a snapshot of the token, as python-pkcs11 does (its `flags` are those
    of C_GetTokenInfo when the token was listed). `flags_tell` False plays a driver that only
    says "locked" when asked to log in (C_Login → CKR_PIN_LOCKED).
    """

    def __init__(self, real: Any, tries: int, *, flags_tell: bool = True) -> None:
        self.real, self.tries, self.left, self.flags_tell = real, tries, tries, flags_tell
        self.logins = 0  # PINs that reached the real token

    def find(self, _lib: Any, label: str) -> _CountedToken:
        assert label == TOKEN_LABEL
        return _CountedToken(self)


class _CountedToken:
    def __init__(self, counter: _PinCounter) -> None:
        from pkcs11.constants import TokenFlag

        self._counter = counter
        flags = counter.real.flags & ~(
            TokenFlag.USER_PIN_COUNT_LOW | TokenFlag.USER_PIN_FINAL_TRY | TokenFlag.USER_PIN_LOCKED
        )
        if counter.left == 0 and counter.flags_tell:
            flags |= TokenFlag.USER_PIN_LOCKED
        elif counter.left == 1:
            flags |= TokenFlag.USER_PIN_FINAL_TRY | TokenFlag.USER_PIN_COUNT_LOW
        elif counter.left < counter.tries:
            flags |= TokenFlag.USER_PIN_COUNT_LOW
        self.flags = flags
        self.label: str = counter.real.label
        self.slot = _Slot(counter)

    def open(self, **kwargs: Any) -> Any:
        from pkcs11.exceptions import PinIncorrect, PinLocked

        counter = self._counter
        if counter.left == 0:
            raise PinLocked()
        counter.logins += 1
        try:
            session = counter.real.open(**kwargs)
        except PinIncorrect:
            counter.left -= 1
            raise
        counter.left = counter.tries
        return session


@pytest.fixture
def pin_counter(
    monkeypatch: pytest.MonkeyPatch, softhsm_token: TokenSetup
) -> Callable[..., _PinCounter]:
    def install(tries: int, *, flags_tell: bool = True) -> _PinCounter:
        real = signers._find_token(signers._load_module(softhsm_token.module), TOKEN_LABEL)
        counter = _PinCounter(real, tries, flags_tell=flags_tell)
        monkeypatch.setattr(signers, "_find_token", counter.find)
        return counter

    return install


def test_too_many_wrong_pins_lock_the_token_and_the_right_pin_is_then_refused(
    token_ward: Ward, keys: Keys, tmp_path: Path, pin_counter: Callable[..., _PinCounter]
) -> None:
    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    number = next_number(token_ward)
    counter = pin_counter(3)

    for _ in range(2):
        with pytest.raises(WrongPin):
            act("vanthu").outgoing.issue(doc_id, WRONG_PIN)
    with pytest.raises(TokenLocked):  # the try that locks it says so
        act("vanthu").outgoing.issue(doc_id, WRONG_PIN)
    with pytest.raises(TokenLocked) as caught:
        act("vanthu").outgoing.issue(doc_id, keys.pin)

    assert "đã bị khóa do nhập sai PIN" in caught.value.message
    assert TOKEN_LABEL in caught.value.message
    assert counter.logins == 3  # the locked token was not even asked to log in
    assert_still_signed(token_ward, doc_id, number)


def test_a_driver_that_only_says_locked_at_login_gives_the_same_message(
    token_ward: Ward, keys: Keys, tmp_path: Path, pin_counter: Callable[..., _PinCounter]
) -> None:
    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    number = next_number(token_ward)
    pin_counter(0, flags_tell=False)  # initialised locked; C_Login answers CKR_PIN_LOCKED

    with pytest.raises(TokenLocked, match="đã bị khóa do nhập sai PIN"):
        act("vanthu").outgoing.issue(doc_id, keys.pin)

    assert_still_signed(token_ward, doc_id, number)


def test_the_warning_before_the_last_try_comes_when_one_try_is_left(
    token_ward: Ward, tmp_path: Path, pin_counter: Callable[..., _PinCounter]
) -> None:
    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    pin_counter(3)
    messages = []
    for _ in range(3):
        with pytest.raises((WrongPin, TokenLocked)) as caught:
            act("vanthu").outgoing.issue(doc_id, WRONG_PIN)
        messages.append((type(caught.value), caught.value.message))

    last_try = "Chỉ còn một lần thử"
    assert [(kind, last_try in text) for kind, text in messages[:2]] == [
        (WrongPin, False),
        (WrongPin, True),  # after the 2nd wrong PIN one try is left
    ]
    assert messages[2][0] is TokenLocked  # the 3rd locked the token: say so, not "one try left"


def test_a_token_that_is_not_plugged_in_is_named_with_the_ones_present(
    token_ward: Ward, keys: Keys, tmp_path: Path
) -> None:
    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    number = next_number(token_ward)
    absent = SignerConfig("token", module=keys.token.module, token_label="VNPT-CA 0123")
    use_keys(token_ward, leader=keys.leader_p12, organisation=absent)
    try:
        with pytest.raises(TokenNotFound) as caught:
            act("vanthu").outgoing.issue(doc_id, keys.pin)
    finally:
        use_keys(token_ward, leader=keys.leader_p12, organisation=keys.token)

    assert "Không tìm thấy thiết bị ký số có nhãn “VNPT-CA 0123”" in caught.value.message
    assert TOKEN_LABEL in caught.value.message  # what is plugged in
    assert_still_signed(token_ward, doc_id, number)


@pytest.mark.parametrize(
    ("driver", "message"),
    [
        (None, "Không tìm thấy trình điều khiển thiết bị ký số (PKCS#11) tại"),
        (b"\x7fELF but not a library", "Không nạp được trình điều khiển thiết bị ký số (PKCS#11)"),
    ],
    ids=["missing", "not-a-library"],
)
def test_a_bad_driver_path_is_reported(
    token_ward: Ward, keys: Keys, tmp_path: Path, driver: bytes | None, message: str
) -> None:
    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    number = next_number(token_ward)
    module = tmp_path / "vnpt-ca-pkcs11.so"
    if driver is not None:
        module.write_bytes(driver)
    bad = SignerConfig("token", module=str(module), token_label=TOKEN_LABEL)
    use_keys(token_ward, leader=keys.leader_p12, organisation=bad)
    try:
        with pytest.raises(TokenDriverError) as caught:
            act("vanthu").outgoing.issue(doc_id, keys.pin)
    finally:
        use_keys(token_ward, leader=keys.leader_p12, organisation=keys.token)

    assert caught.value.message.startswith(message)
    assert str(module) in caught.value.message
    assert_still_signed(token_ward, doc_id, number)


def test_a_token_pulled_out_while_sealing_costs_no_number(
    token_ward: Ward, keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PIN was right and the number claimed; the signature itself fails: all rolled back."""
    from pkcs11.exceptions import DeviceRemoved
    from pyhanko.sign.pkcs11 import PKCS11Signer

    act = actor(token_ward.space)
    doc_id = to_signed(token_ward, tmp_path)
    number = next_number(token_ward)

    async def pulled_out(*_args: Any, **_kwargs: Any) -> bytes:
        raise DeviceRemoved()

    with monkeypatch.context() as patch:
        patch.setattr(PKCS11Signer, "async_sign_raw", pulled_out)
        with pytest.raises(TokenNotFound, match="đã bị rút ra"):
            act("vanthu").outgoing.issue(doc_id, keys.pin)

    assert_still_signed(token_ward, doc_id, number)
    act("vanthu").outgoing.issue(doc_id, keys.pin)
    assert token_ward.space.outgoing.detail(doc_id).row.code == f"{number:02d}/QĐ-UBND"


# -- the leader's key on the token


def test_the_leader_signs_with_the_token_and_the_ward_seals_with_its_p12(
    token_ward: Ward, keys: Keys, tmp_path: Path
) -> None:
    act = actor(token_ward.space)
    use_keys(token_ward, leader=keys.token, organisation=keys.organisation_p12)
    try:
        doc_id = to_ready(token_ward, tmp_path)
        assert act("chutich").signing.certificate(token_ward.leader).subject_cn == TOKEN_CN
        with pytest.raises(WrongPin, match="Mã PIN không đúng"):
            act("chutich").outgoing.sign(doc_id, WRONG_PIN)
        assert token_ward.space.outgoing.detail(doc_id).row.state == OutgoingState.READY_TO_SIGN

        act("chutich").outgoing.sign(doc_id, keys.pin)
        assert token_ward.space.outgoing.detail(doc_id).row.state == OutgoingState.SIGNED
        act("vanthu").outgoing.issue(doc_id, P12_PASSWORD)
    finally:
        use_keys(token_ward, leader=keys.leader_p12, organisation=keys.token)

    infos = token_ward.space.signing.validate_pdf(issued_pdf(token_ward, doc_id))
    assert [(i.signer, i.intact, i.valid, i.trusted) for i in infos] == [
        (TOKEN_CN, True, True, True),
        (ORGANISATION, True, True, True),
    ]
