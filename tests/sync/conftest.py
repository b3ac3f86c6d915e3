"""Several devices of one ward syncing through a real target (a folder or SeaweedFS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.services.incoming_dto import IncomingDraft
from app.services.join import join_space
from app.services.space import Space
from app.timeutil import FixedClock
from tests.conftest import PASSWORD, MemoryKeyring, Ward, make_ward

DRAFT = IncomingDraft(
    code_number="15",
    code_notation="QĐ-UBND",
    document_date=dt.date(2026, 11, 18),
    issuing_agency="UBND thành phố Hà Nội",
    doc_type="Quyết định",
    summary="Về việc giao chỉ tiêu năm 2027",
)


@dataclass
class Office:
    """A ward whose first PC (`ward.space`) set up the target; more PCs join with `join`."""

    ward: Ward
    url: str
    root: Path
    keyring: MemoryKeyring
    devices: list[Space] = field(default_factory=list)

    @property
    def genesis(self) -> Space:
        """The first PC (the admin's)."""
        return self.ward.space

    def join(self, name: str, login: str, clock: FixedClock | None = None) -> Space:
        """A new PC joins, the admin approves it on the first PC, and both sync."""
        joined = join_space(
            self.root / name,
            self.url,
            login,
            PASSWORD,
            label=name,
            clock=clock or FixedClock(self.genesis.clock.now()),
            keyring_backend=self.keyring,
        )
        admin = self.ward.as_user("admin")
        admin.sync.approve(joined.code)
        admin.sync.sync_once()
        joined.space.sync.sync_once()
        joined.space.sign_in(login, PASSWORD)
        self.devices.append(joined.space)
        return joined.space


def make_office(root: Path, url: str, clock: FixedClock, keyring: MemoryKeyring) -> Office:
    """A ward on its first PC, configured to sync with `url`."""
    ward = make_ward(root / "pc0", clock, keyring)
    result = ward.space.set_target(url)
    assert result.ok, result.problems
    ward.space.sync.sync_once()
    return Office(ward, url, root, keyring)


@pytest.fixture
def office(
    tmp_path: Path, real_clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Office]:
    """A ward syncing through a folder target."""
    server = tmp_path / "server"
    server.mkdir()
    o = make_office(tmp_path, server.as_uri(), real_clock, memory_keyring)
    yield o
    for space in o.devices:
        space.close()
    o.genesis.close()


def queue_pdf(space: Space, tag: str) -> str:
    """Put a small distinct PDF in the clerk's queue; returns the document id."""
    user = space.auth.user
    assert user is not None
    pdf = b"%PDF-1.4\n% " + tag.encode() + b"\n%%EOF\n"
    return space.incoming._queue(user, pdf, f"{tag}.pdf", 1, "scan")  # type: ignore[arg-type]


__all__ = ["DRAFT", "Office", "make_office", "queue_pdf"]
