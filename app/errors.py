"""Typed errors: `UserError` is shown to the user in Vietnamese; anything else is a bug."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and fix; `message` is already in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """Input that breaks a rule; `field` names the form field when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(UserError):
    """The thing asked for does not exist (or the user may not see it)."""


class Conflict(UserError):
    """The action does not fit the current state, e.g. someone else acted first."""


class PermissionDenied(UserError):
    """The signed-in user lacks the role the action needs."""


class AuthError(UserError):
    """Wrong login or password, or a locked secret store."""


class StorageError(UserError):
    """The disk refused a write (full, read-only, missing); nothing was changed."""
