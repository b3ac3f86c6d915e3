"""Directory: the organisation, its units, users, devices and registers."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Organisation(Base):
    """The ward itself (one row, id "org")."""

    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_name: Mapped[str] = mapped_column(String(200), default="")
    code: Mapped[str] = mapped_column(String(35), default="")
    abbreviation: Mapped[str] = mapped_column(String(20))
    place_name: Mapped[str] = mapped_column(String(100))


class Unit(Base):
    """A unit (bộ phận) with the abbreviation used in ký hiệu."""

    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    abbreviation: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    """A person who signs in; `roles` is a sorted comma-separated list of `Role` values."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(50))
    position: Mapped[str] = mapped_column(String(100), default="")
    unit_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    roles: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserRoleSpan(Base):
    """A user's roles and unit from an op onwards; lets replay check them as of each op."""

    __tablename__ = "user_role_spans"
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    since_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    roles: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean)


class Device(Base):
    """A PC enrolled in the space, with the Ed25519 public key its ops are checked against."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100), default="")
    enrolled_by: Mapped[str] = mapped_column(String(40), default="")
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # ops of a revoked device with a higher seq are refused (a thief cannot backdate a seq)
    revoked_after_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Register(Base):
    """A register (sổ đăng ký) for one kind of document and one year."""

    __tablename__ = "registers"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
