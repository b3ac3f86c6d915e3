"""Fixtures of the sync screens: wards whose clock is the real one (the probe compares it with
a folder target's), and an office of PCs syncing through a folder in the test's tmp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.timeutil import FixedClock
from app.ui_support import ops
from tests.conftest import MemoryKeyring, Ward, make_ward
from tests.sync.conftest import Office, make_office


@pytest.fixture
def live_ward(
    tmp_path: Path, real_clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Ward]:
    """A ward working alone (no target yet), signed in as the admin."""
    ward = make_ward(tmp_path / "alone", real_clock, memory_keyring)
    yield ward
    ops.wait_all()
    ward.space.close()


@pytest.fixture
def folder_office(
    tmp_path: Path, real_clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Office]:
    """A ward whose first PC syncs through the folder `tmp_path/server`."""
    server = tmp_path / "server"
    server.mkdir()
    office = make_office(tmp_path, server.as_uri(), real_clock, memory_keyring)
    yield office
    ops.wait_all()
    for space in office.devices:
        space.close()
    office.genesis.close()


def server_folder(office: Office) -> Path:
    """The folder the office syncs through."""
    return office.root / "server"
