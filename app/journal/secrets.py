"""Where secrets live: the OS keyring, or an encrypted per-user file where the OS has none.

On a bare Linux box there is no Secret Service; there the device key is kept in a
`keyrings.cryptfile` file per user, encrypted with a key derived (Argon2) from that user's
password. Nothing secret is ever written in plain text.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail

from app.errors import AuthError
from app.i18n import tr

SERVICE = "ward-office"


class OsKeyringStore:
    """The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()

    def get(self, name: str) -> str | None:
        """The secret, or None."""
        return self._backend.get_password(SERVICE, name)

    def set(self, name: str, value: str) -> None:
        """Store the secret."""
        self._backend.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        """Remove the secret (gone already is fine)."""
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE, name)


class EncryptedFileStore:
    """A `keyrings.cryptfile` file unlocked by one user's password."""

    def __init__(self, path: Path, password: str) -> None:
        from keyrings.cryptfile.cryptfile import CryptFileKeyring

        path.parent.mkdir(parents=True, exist_ok=True)
        self._ring = CryptFileKeyring()
        self._ring.file_path = str(path)
        try:
            self._ring.keyring_key = password
        except ValueError as exc:  # the MAC check fails on a wrong password
            raise AuthError(tr("Không mở được kho khóa bí mật: mật khẩu không đúng.")) from exc

    def get(self, name: str) -> str | None:
        """The secret, or None."""
        value: str | None = self._ring.get_password(SERVICE, name)
        return value

    def set(self, name: str, value: str) -> None:
        """Store the secret (re-encrypted at once)."""
        self._ring.set_password(SERVICE, name, value)


_NOT_OS = ("keyrings.alt", "keyrings.cryptfile", "keyring.backends.fail", "keyring.backends.null")


def os_keyring_usable(backend: keyring.backend.KeyringBackend | None = None) -> bool:
    """True when a real OS keyring is there (not a plaintext, file or failing stand-in).

    `keyrings.cryptfile` registers itself as a backend; it asks for its password on the
    terminal, so we never let keyring pick it by itself: we open it with the user's password.
    """
    backend = backend or keyring.get_keyring()
    if isinstance(backend, chainer.ChainerBackend):
        return any(_is_os(b) for b in backend.backends)
    return _is_os(backend)


def _is_os(backend: keyring.backend.KeyringBackend) -> bool:
    return not isinstance(backend, fail.Keyring) and not type(backend).__module__.startswith(
        _NOT_OS
    )
