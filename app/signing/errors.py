"""The signing errors a user can act on; each carries a Vietnamese message for a message box."""

from __future__ import annotations

from app.errors import UserError


class SigningError(UserError):
    """Signing could not be done; nothing was written."""


class CertificateNotUsable(SigningError):
    """The certificate is expired, not yet valid, or not made for signing documents."""


class KeyFileError(SigningError):
    """A PKCS#12 (.p12/.pfx) file is unreadable or its password is wrong."""


class TokenError(SigningError):
    """A USB token (PKCS#11) problem: driver, token, PIN."""


class TokenDriverError(TokenError):
    """The PKCS#11 module (the vendor's driver library) cannot be loaded."""


class TokenNotFound(TokenError):
    """No token with the configured label is plugged in, or it holds no usable key."""


class WrongPin(TokenError):
    """The PIN was refused by the token."""


class TokenLocked(TokenError):
    """The token's PIN is locked after too many wrong tries."""


class SignatureImageError(SigningError):
    """A signature or seal image is not a PNG with a transparent background."""


class TimestampError(SigningError):
    """The timestamp authority (TSA) could not be reached or gave no valid token."""


class RevocationDataUnavailable(SigningError):
    """Long-term validation (B-LT) was asked for but revocation data could not be obtained."""


class PdfStructureError(SigningError):
    """The PDF cannot be read or updated (broken cross-reference table, encrypted, ...)."""
