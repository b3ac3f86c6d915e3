"""The device key: an Ed25519 key pair per PC and space, the private half kept as a secret."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def secret_name(space_id: str, device_id: str) -> str:
    """Name under which the device's private key is stored."""
    return f"device-key:{space_id}:{device_id}"


def new_device_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 key."""
    return Ed25519PrivateKey.generate()


def private_hex(key: Ed25519PrivateKey) -> str:
    """The raw private key as hex, for the secret store only."""
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return raw.hex()


def public_hex(key: Ed25519PrivateKey) -> str:
    """The raw public key as hex, published in the directory."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def load_private(hex_text: str) -> Ed25519PrivateKey:
    """The key from its stored hex form."""
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(hex_text))
