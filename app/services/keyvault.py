"""Keeps this device's signing key in the OS keyring, or per user in encrypted files."""

from __future__ import annotations

from pathlib import Path

import keyring.backend
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.journal.keys import load_private, private_hex, secret_name
from app.journal.secrets import EncryptedFileStore, OsKeyringStore, os_keyring_usable


class KeyVault:
    """Stores and loads the device key.

    With an OS keyring the key is stored once for the device. Without one (a bare Linux box)
    each user who may sign in on this PC gets a copy in a file encrypted with their password.
    """

    def __init__(
        self,
        folder: Path,
        space_id: str,
        device_id: str,
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        self._folder = folder
        self._name = secret_name(space_id, device_id)
        self._os = OsKeyringStore(backend) if os_keyring_usable(backend) else None

    @property
    def uses_os_keyring(self) -> bool:
        """True when the OS keyring holds the key."""
        return self._os is not None

    def _file(self, user_id: str) -> Path:
        return self._folder / f"{user_id}.cfg"

    def load(self, user_id: str, password: str) -> Ed25519PrivateKey | None:
        """The device key as this user may open it, or None when it is not stored for them."""
        if self._os is not None:
            value = self._os.get(self._name)
        elif self._file(user_id).exists():
            value = EncryptedFileStore(self._file(user_id), password).get(self._name)
        else:
            value = None
        return load_private(value) if value else None

    def forget(self, user_id: str) -> None:
        """Remove the key stored for this user (a join that failed): no key is left orphaned."""
        if self._os is not None:
            self._os.delete(self._name)
        else:
            self._file(user_id).unlink(missing_ok=True)

    def store(self, key: Ed25519PrivateKey, user_id: str, password: str) -> None:
        """Keep the key so that this user (or, with an OS keyring, anyone) can open it."""
        if self._os is not None:
            self._os.set(self._name, private_hex(key))
            return
        path = self._file(user_id)
        path.unlink(missing_ok=True)  # a new password re-encrypts from scratch
        EncryptedFileStore(path, password).set(self._name, private_hex(key))


def pending_key_owner(login: str) -> str:
    """Under whose name a joining PC's key waits until the synced directory names the user."""
    return f"login-{login.strip().lower()}"
