"""Who is signed in on this desk, and the role checks every command makes."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import AuthError, PermissionDenied
from app.i18n import tr
from app.models.enums import Role

ROLE_LABELS = {
    Role.CLERK: "Văn thư",
    Role.LEADER: "Lãnh đạo",
    Role.OFFICIAL: "Cán bộ, công chức",
    Role.ADMIN: "Quản trị hệ thống",
}


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in user, as commands need them."""

    id: str
    login: str
    full_name: str
    position: str
    unit_id: str | None
    roles: frozenset[Role]


class AuthContext:
    """Holds the signed-in user of this desk; services ask it before acting."""

    def __init__(self) -> None:
        self._user: CurrentUser | None = None

    @property
    def user(self) -> CurrentUser:
        """The signed-in user; AuthError when nobody is."""
        if self._user is None:
            raise AuthError(tr("Chưa đăng nhập."))
        return self._user

    @property
    def signed_in(self) -> bool:
        """True when somebody is signed in."""
        return self._user is not None

    def set(self, user: CurrentUser | None) -> None:
        """Sign a user in (or out with None)."""
        self._user = user

    def require(self, *roles: Role) -> CurrentUser:
        """The user, if they hold one of `roles`; PermissionDenied otherwise."""
        user = self.user
        if roles and not (user.roles & set(roles)):
            names = ", ".join(tr(ROLE_LABELS[r]) for r in roles)
            raise PermissionDenied(
                tr("Bạn không có quyền thực hiện thao tác này (cần vai trò: {roles}).").format(
                    roles=names
                )
            )
        return user
