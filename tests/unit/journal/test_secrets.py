"""Where the device key is kept: the OS keyring, or per user in a password-encrypted file."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import chainer, fail
from keyrings.cryptfile.cryptfile import CryptFileKeyring

from app.errors import AuthError
from app.journal.keys import new_device_key, public_hex
from app.journal.secrets import os_keyring_usable
from app.services.keyvault import KeyVault
from tests.conftest import MemoryKeyring


class _Chain(chainer.ChainerBackend):
    """A chainer over given backends, as keyring builds one from what is installed."""

    def __init__(self, *members: keyring.backend.KeyringBackend) -> None:
        super().__init__()
        self._members = list(members)

    @property
    def backends(self) -> list[keyring.backend.KeyringBackend]:  # type: ignore[override]
        return self._members


def test_stand_ins_are_not_an_os_keyring() -> None:
    assert not os_keyring_usable(fail.Keyring())
    assert not os_keyring_usable(CryptFileKeyring())  # would prompt on the terminal
    assert os_keyring_usable(MemoryKeyring())
    # what keyring picks on a bare Linux box with keyrings.cryptfile installed
    assert not os_keyring_usable(_Chain(CryptFileKeyring(), fail.Keyring()))
    assert os_keyring_usable(_Chain(CryptFileKeyring(), MemoryKeyring()))


def test_file_store_per_user_needs_that_users_password(tmp_path: Path) -> None:
    vault = KeyVault(tmp_path, "space", "device", fail.Keyring())
    assert not vault.uses_os_keyring
    key = new_device_key()
    vault.store(key, "u1", "mat-khau-1")
    loaded = vault.load("u1", "mat-khau-1")
    assert loaded is not None
    assert public_hex(loaded) == public_hex(key)
    assert vault.load("u2", "mat-khau-1") is None  # never stored for this user
    with pytest.raises(AuthError, match="mật khẩu không đúng"):
        vault.load("u1", "sai")
    raw = (tmp_path / "u1.cfg").read_bytes()
    assert key.private_bytes_raw().hex().encode() not in raw  # encrypted, not plain
    vault.store(key, "u1", "mat-khau-moi")  # a new password re-encrypts
    assert vault.load("u1", "mat-khau-moi") is not None


def test_sign_in_on_a_pc_without_a_keyring(tmp_path: Path) -> None:
    """Each user opens the device key with their own password; a user without a copy gets one
    from a session already open, and is refused (in Vietnamese) when nobody has opened it."""
    import datetime as dt

    from app.services.space import open_space
    from app.timeutil import FixedClock
    from tests.conftest import PASSWORD, make_ward

    clock = FixedClock(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC))
    ward = make_ward(tmp_path / "space", clock, fail.Keyring())
    ward.space.close()
    (tmp_path / "space" / "keyring" / f"{ward.clerk}.cfg").unlink()  # e.g. made on another PC

    fresh = open_space(tmp_path / "space", clock=clock, keyring_backend=fail.Keyring())
    with pytest.raises(AuthError, match="chưa lưu khóa ký cho tài khoản 'vanthu'"):
        fresh.sign_in("vanthu", PASSWORD)
    fresh.sign_in("canbo", PASSWORD)  # has a copy: opens the key
    fresh.sign_in("vanthu", PASSWORD)  # now gets a copy of their own
    fresh.close()
    assert (tmp_path / "space" / "keyring" / f"{ward.clerk}.cfg").exists()
    again = open_space(tmp_path / "space", clock=clock, keyring_backend=fail.Keyring())
    assert again.sign_in("vanthu", PASSWORD).login == "vanthu"
    again.close()
