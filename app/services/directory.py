"""Directory use cases: organisation, units, users and passwords, registers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import AuthError, NotFound, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal
from app.models import Organisation, Register, Unit, User
from app.models.enums import Role
from app.services.auth import AuthContext, CurrentUser
from app.services.changes import Changes
from app.services.ids import new_id
from app.services.passwords import check_password, hash_password
from app.textfold import sort_key

LOGIN_RE = re.compile(r"^[a-z0-9._-]{2,50}$")
MIN_PASSWORD = 6
PasswordHook = Callable[[str, str], None]


@dataclass(frozen=True)
class OrganisationInfo:
    """The ward's identity, as printed on registers and documents."""

    name: str
    abbreviation: str
    place_name: str
    parent_name: str = ""
    code: str = ""


@dataclass(frozen=True)
class UnitInfo:
    """A unit of the ward office."""

    id: str
    name: str
    abbreviation: str
    active: bool = True


@dataclass(frozen=True)
class UserInfo:
    """A user as the directory shows them (no password)."""

    id: str
    login: str
    full_name: str
    position: str
    unit_id: str | None
    roles: frozenset[Role]
    active: bool = True


def user_info(row: User) -> UserInfo:
    """DTO from the row."""
    return UserInfo(
        row.id,
        row.login,
        row.full_name,
        row.position,
        row.unit_id,
        frozenset(Role(r) for r in row.roles.split(",") if r),
        row.active,
    )


def validate_org(org: OrganisationInfo) -> None:
    """Length and presence rules of the organisation's fields."""
    if not org.name.strip():
        raise ValidationError(tr("Cần nhập tên cơ quan."), field="name")
    if len(org.name) > 200:
        raise ValidationError(tr("Tên cơ quan dài quá 200 ký tự."), field="name")
    if not org.abbreviation.strip() or len(org.abbreviation) > 20:
        raise ValidationError(
            tr("Chữ viết tắt của cơ quan cần từ 1 đến 20 ký tự."), field="abbreviation"
        )
    if not org.place_name.strip() or len(org.place_name) > 100:
        raise ValidationError(tr("Cần nhập địa danh (tối đa 100 ký tự)."), field="place_name")
    if len(org.code) > 35 or (org.code and not re.fullmatch(r"[0-9A-Z.]+", org.code)):
        raise ValidationError(
            tr("Mã định danh chỉ gồm chữ in hoa, chữ số và dấu chấm, tối đa 35 ký tự."),
            field="code",
        )


def validate_user(info: UserInfo, units: set[str]) -> None:
    """Rules of a user's fields."""
    if not LOGIN_RE.match(info.login):
        raise ValidationError(
            tr("Tên đăng nhập gồm 2–50 chữ thường không dấu, chữ số hoặc . _ -"), field="login"
        )
    if not info.full_name.strip() or len(info.full_name) > 50:
        raise ValidationError(tr("Họ tên cần từ 1 đến 50 ký tự."), field="full_name")
    if len(info.position) > 100:
        raise ValidationError(tr("Chức vụ dài quá 100 ký tự."), field="position")
    if not info.roles:
        raise ValidationError(tr("Người dùng cần ít nhất một vai trò."), field="roles")
    if info.unit_id is not None and info.unit_id not in units:
        raise ValidationError(tr("Đơn vị không tồn tại."), field="unit_id")


def validate_password(password: str) -> None:
    """A password long enough to be worth hashing."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            tr("Mật khẩu cần ít nhất {n} ký tự.").format(n=MIN_PASSWORD), field="password"
        )


class DirectoryService:
    """Reads and edits the directory; edits need the admin role."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        on_password_set: PasswordHook,
    ) -> None:
        self._read = read
        self._write = write
        self._journal = journal
        self._auth = auth
        self._on_password_set = on_password_set

    # -- queries
    def organisation(self) -> OrganisationInfo:
        """The ward's identity."""
        with self._read() as s:
            org = s.get(Organisation, "org")
            if org is None:
                raise NotFound(tr("Chưa có thông tin cơ quan."))
            return OrganisationInfo(
                org.name, org.abbreviation, org.place_name, org.parent_name, org.code
            )

    def units(self, *, include_inactive: bool = False) -> list[UnitInfo]:
        """Units sorted by name."""
        with self._read() as s:
            rows = s.scalars(select(Unit)).all()
        units = [UnitInfo(u.id, u.name, u.abbreviation, u.active) for u in rows]
        return sorted(
            (u for u in units if u.active or include_inactive), key=lambda u: sort_key(u.name)
        )

    def users(self, *, include_inactive: bool = False) -> list[UserInfo]:
        """Users sorted by full name."""
        with self._read() as s:
            rows = s.scalars(select(User)).all()
        users = [user_info(u) for u in rows if u.active or include_inactive]
        return sorted(users, key=lambda u: sort_key(u.full_name))

    def users_with_role(self, role: Role) -> list[UserInfo]:
        """Active users holding `role`, e.g. the leaders a clerk submits to."""
        return [u for u in self.users() if role in u.roles]

    def registers(self, kind: str) -> list[tuple[str, int, str]]:
        """(id, year, name) of the registers of one kind, newest year first."""
        with self._read() as s:
            rows = s.scalars(select(Register).where(Register.kind == kind)).all()
            return sorted(((r.id, r.year, r.name) for r in rows), key=lambda r: (-r[1], r[0]))

    # -- sign-in
    def authenticate(self, login: str, password: str) -> CurrentUser:
        """Check a login and password; AuthError with a Vietnamese message otherwise."""
        with self._read() as s:
            row = s.scalars(select(User).where(User.login == login.strip().lower())).first()
            if row is None or not row.active or not check_password(password, row.password_hash):
                raise AuthError(tr("Sai tên đăng nhập hoặc mật khẩu."))
            info = user_info(row)
        return CurrentUser(
            info.id, info.login, info.full_name, info.position, info.unit_id, info.roles
        )

    # -- commands
    def set_organisation(self, org: OrganisationInfo) -> Changes:
        """Edit the ward's identity."""
        user = self._auth.require(Role.ADMIN)
        validate_org(org)
        payload = {
            "name": org.name.strip(),
            "abbreviation": org.abbreviation.strip(),
            "place_name": org.place_name.strip(),
            "parent_name": org.parent_name.strip(),
            "code": org.code.strip(),
        }
        with self._write.begin() as s:
            self._journal.commit(s, user.id, [Change("org.set", "org:org", payload)])
        return Changes(directory=True)

    def save_unit(self, unit: UnitInfo) -> str:
        """Create (empty id) or edit a unit; returns its id."""
        user = self._auth.require(Role.ADMIN)
        if not unit.name.strip() or len(unit.name) > 200:
            raise ValidationError(tr("Tên đơn vị cần từ 1 đến 200 ký tự."), field="name")
        if not re.fullmatch(r"[A-Za-zĐđ0-9]{1,20}", unit.abbreviation):
            raise ValidationError(
                tr("Chữ viết tắt của đơn vị gồm 1–20 chữ cái hoặc chữ số, không dấu cách."),
                field="abbreviation",
            )
        unit_id = unit.id or new_id()
        payload = {
            "name": unit.name.strip(),
            "abbreviation": unit.abbreviation,
            "active": unit.active,
        }
        with self._write.begin() as s:
            self._journal.commit(s, user.id, [Change("unit.set", f"unit:{unit_id}", payload)])
        return unit_id

    def create_user(self, info: UserInfo, password: str) -> str:
        """Add a user with a first password; returns the new id."""
        admin = self._auth.require(Role.ADMIN)
        info = replace(info, login=info.login.strip().lower(), id=info.id or new_id())
        validate_user(info, {u.id for u in self.units(include_inactive=True)})
        validate_password(password)
        with self._write.begin() as s:
            if s.scalars(select(User.id).where(User.login == info.login)).first():
                raise ValidationError(
                    tr("Tên đăng nhập '{login}' đã có.").format(login=info.login), field="login"
                )
            self._journal.commit(
                s,
                admin.id,
                [Change("user.created", f"user:{info.id}", user_payload(info, password))],
            )
        self._on_password_set(info.id, password)
        return info.id

    def update_user(self, info: UserInfo) -> Changes:
        """Edit a user's name, position, unit, roles or activity (not the login)."""
        admin = self._auth.require(Role.ADMIN)
        validate_user(info, {u.id for u in self.units(include_inactive=True)})
        if info.id == admin.id and (Role.ADMIN not in info.roles or not info.active):
            raise ValidationError(
                tr("Không thể tự bỏ quyền quản trị của chính mình."), field="roles"
            )
        payload = {
            "full_name": info.full_name.strip(),
            "position": info.position.strip(),
            "unit_id": info.unit_id,
            "roles": sorted(info.roles),
            "active": info.active,
        }
        with self._write.begin() as s:
            if s.get(User, info.id) is None:
                raise NotFound(tr("Không có người dùng này."))
            self._journal.commit(s, admin.id, [Change("user.updated", f"user:{info.id}", payload)])
        return Changes(directory=True)

    def reset_password(self, user_id: str, password: str) -> None:
        """An admin sets a new password for a user who forgot theirs."""
        admin = self._auth.require(Role.ADMIN)
        validate_password(password)
        with self._write.begin() as s:
            if s.get(User, user_id) is None:
                raise NotFound(tr("Không có người dùng này."))
            change = Change(
                "user.updated", f"user:{user_id}", {"password_hash": hash_password(password)}
            )
            self._journal.commit(s, admin.id, [change])
        self._on_password_set(user_id, password)

    def change_password(self, old: str, new: str) -> None:
        """The signed-in user changes their own password."""
        user = self._auth.user
        self.authenticate(user.login, old)
        validate_password(new)
        if old == new:
            raise ValidationError(tr("Mật khẩu mới phải khác mật khẩu cũ."), field="password")
        with self._write.begin() as s:
            change = Change(
                "user.password_changed", f"user:{user.id}", {"password_hash": hash_password(new)}
            )
            self._journal.commit(s, user.id, [change])
        self._on_password_set(user.id, new)


def user_payload(info: UserInfo, password: str) -> dict[str, object]:
    return {
        "login": info.login,
        "full_name": info.full_name.strip(),
        "position": info.position.strip(),
        "unit_id": info.unit_id,
        "roles": sorted(info.roles),
        "active": info.active,
        "password_hash": hash_password(password),
    }
