"""Shared fixtures: offscreen Qt, an isolated keyring, a fixed clock and a populated space."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the user's keyring

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring.backend
import pytest

from app.models.enums import Role
from app.services.directory import OrganisationInfo, UnitInfo, UserInfo
from app.services.space import AdminInfo, Space, create_space
from app.timeutil import FixedClock

PASSWORD = "matkhau123"
NOW = dt.datetime(2026, 11, 20, 2, 30, tzinfo=dt.UTC)  # 09:30 on Friday 20/11/2026 in Hà Nội


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in the test's memory only."""

    priority = 1  # type: ignore[assignment]  # keyring declares a classproperty

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@dataclass
class Ward:
    """A small ward: ids of its units and users, all with the password PASSWORD."""

    space: Space
    unit_vp: str
    unit_dc: str
    admin: str
    clerk: str
    leader: str
    official: str
    official2: str
    official_dc: str

    def as_user(self, login: str) -> Space:
        """Sign `login` in and return the space."""
        self.space.sign_in(login, PASSWORD)
        return self.space


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at NOW until a test moves it."""
    return FixedClock(NOW)


@pytest.fixture
def real_clock() -> FixedClock:
    """A clock standing at the real time: a sync target's clock is real, and the probe checks it."""
    return FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """An isolated OS-keyring stand-in."""
    return MemoryKeyring()


def make_ward(
    root: Path, clock: FixedClock, backend: keyring.backend.KeyringBackend | None
) -> Ward:
    """Create a space with two units, a clerk, a leader and three officials."""
    org = OrganisationInfo(
        "UBND phường Gia Thụy",
        "UBND",
        "Gia Thụy",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "000.00.11.H26",
    )
    space = create_space(
        root,
        org,
        AdminInfo("admin", "Quản trị viên", PASSWORD),
        clock=clock,
        keyring_backend=backend,
    )
    d = space.directory
    vp = d.save_unit(UnitInfo("", "Văn phòng - Thống kê", "VP"))
    dc = d.save_unit(UnitInfo("", "Địa chính - Xây dựng", "ĐC"))

    def user(login: str, name: str, position: str, unit: str | None, *roles: Role) -> str:
        return d.create_user(UserInfo("", login, name, position, unit, frozenset(roles)), PASSWORD)

    ward = Ward(
        space=space,
        unit_vp=vp,
        unit_dc=dc,
        admin=space.auth.user.id,
        clerk=user("vanthu", "Nguyễn Thị Hoa", "Văn thư", vp, Role.CLERK),
        leader=user("chutich", "Trần Văn Nam", "Chủ tịch", None, Role.LEADER),
        official=user("canbo", "Lê Văn Ba", "Chuyên viên", vp, Role.OFFICIAL),
        official2=user("canbo2", "Phạm Thu Hà", "Chuyên viên", vp, Role.OFFICIAL),
        official_dc=user("diachinh", "Đỗ Minh Đức", "Công chức Địa chính", dc, Role.OFFICIAL),
    )
    return ward


@pytest.fixture
def ward(tmp_path: Path, clock: FixedClock, memory_keyring: MemoryKeyring) -> Iterator[Ward]:
    """A populated space in a temporary folder, signed in as the admin."""
    w = make_ward(tmp_path / "space", clock, memory_keyring)
    yield w
    w.space.close()


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    """A small valid one-page PDF with Vietnamese text."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "congvan.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Cong van so 123/UBND-VP")
    c.save()
    return path


@pytest.fixture
def no_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This PC as one without Tesseract installed (its PATH finds no program)."""
    from app.search import ocr

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    ocr.tesseract_path.cache_clear()
    yield
    monkeypatch.undo()
    ocr.tesseract_path.cache_clear()
