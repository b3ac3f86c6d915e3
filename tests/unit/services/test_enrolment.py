"""Joining from the wizard: the target check, the fields, and nothing left behind on failure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UserError, ValidationError
from app.services import enrolment, join
from app.services.enrolment import check_join_target, join_new_pc, validate_join_account
from app.sync.target import TargetUnreachable
from app.timeutil import FixedClock
from tests.conftest import PASSWORD, MemoryKeyring
from tests.sync.conftest import Office, make_office


@pytest.fixture
def office(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[Office]:
    """A ward syncing through tmp_path/server, its clock at the real time (for the probe)."""
    server = tmp_path / "server"
    server.mkdir()
    clock = FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    o = make_office(tmp_path, server.as_uri(), clock, memory_keyring)
    yield o
    o.genesis.close()


def join_as(office: Office, root: Path, login: str = "canbo", password: str = PASSWORD):
    return join_new_pc(
        root,
        office.url,
        login,
        password,
        label="PC-CANBO",
        clock=FixedClock(office.genesis.clock.now()),
        keyring_backend=office.keyring,
    )


def requests(office: Office) -> list[Path]:
    return sorted((office.root / "server" / "enroll").glob("*.json"))


def test_the_check_names_the_ward_on_the_server(office: Office) -> None:
    result = check_join_target(office.url, office.genesis.clock.now())
    assert result.ok, result.problems
    assert result.organisation == "UBND phường Gia Thụy"


def test_the_check_refuses_a_folder_without_a_space(office: Office, tmp_path: Path) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    result = check_join_target(empty.as_uri(), office.genesis.clock.now())
    assert not result.ok
    assert "Không tìm thấy không gian làm việc nào" in result.problems[0]
    assert result.organisation == ""


@pytest.mark.parametrize(
    ("login", "password", "label", "field"),
    [
        ("  ", PASSWORD, "PC", "login"),
        ("canbo", "", "PC", "password"),
        ("canbo", PASSWORD, " ", "label"),
        ("canbo", PASSWORD, "x" * 101, "label"),
    ],
)
def test_the_fields_are_required(login: str, password: str, label: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_join_account(login, password, label)
    assert caught.value.field == field


def test_a_join_syncs_once_and_checks_the_password(office: Office, tmp_path: Path) -> None:
    joined = join_as(office, tmp_path / "pc-canbo")
    try:
        assert joined.synced
        assert joined.sync_error == ""
        assert not joined.approved
        assert [p.stem for p in requests(office)] == [joined.code]
        admin = office.ward.as_user("admin")
        admin.sync.approve(joined.code)
        admin.sync.sync_once()
        state = enrolment.enrolment_round(joined.space)
        assert state.approved
        assert state.synced
    finally:
        joined.space.close()


def test_a_wrong_password_removes_the_space_and_withdraws_the_request(
    office: Office, tmp_path: Path
) -> None:
    root = tmp_path / "a" / "pc-canbo"
    with pytest.raises(ValidationError) as caught:
        join_as(office, root, password="sai-mat-khau")
    assert caught.value.field == "password"
    assert not (tmp_path / "a").exists()  # the folders the join made, too
    assert requests(office) == []


def test_a_failure_inside_join_space_leaves_the_folder_as_it_was(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "pc-canbo"
    (root / "scan").mkdir(parents=True)  # a scan folder chosen before: it stays

    def unreachable() -> str:
        raise TargetUnreachable("Mất kết nối.")

    monkeypatch.setattr(join, "new_enrollment_code", unreachable)  # after the space is made
    with pytest.raises(UserError, match="Mất kết nối"):
        join_as(office, root)
    assert [p.name for p in root.iterdir()] == ["scan"]


def test_a_failed_first_round_is_reported_not_raised(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(_space: object) -> enrolment.EnrolmentState:
        return enrolment.EnrolmentState(approved=False, synced=False, error="Mất kết nối.")

    monkeypatch.setattr(enrolment, "enrolment_round", offline)
    joined = join_as(office, tmp_path / "pc-canbo", password="chua-kiem-tra-duoc")
    try:
        assert not joined.synced
        assert joined.sync_error == "Mất kết nối."
    finally:
        joined.space.close()
