"""Devices join, work offline and online, and end up with the same state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.errors import UserError
from app.models.enums import AssigneeKind, IncomingState
from app.services.incoming_dto import AssignmentDraft, HandlerRef
from app.services.space import Space
from app.services.state_hash import state_hash
from app.sync.target import TargetUnreachable
from tests.sync.conftest import DRAFT, Office, queue_pdf


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def _sync_all(*spaces: Space, rounds: int = 2) -> None:
    for _ in range(rounds):
        for space in spaces:
            space.sync.sync_once()


def _server(office: Office) -> Path:
    return Path(office.url.removeprefix("file://"))


def test_a_new_pc_joins_with_a_code_and_gets_the_whole_directory(office: Office) -> None:
    pc1 = office.join("pc1", "vanthu")
    assert {u.login for u in pc1.directory.users()} >= {"admin", "vanthu", "chutich"}
    assert _hash(pc1) == _hash(office.genesis)
    devices = office.genesis.sync.devices()
    assert any(d.label == "pc1" and d.login == "vanthu" and not d.revoked for d in devices)


def test_an_enrolment_code_is_used_once(office: Office) -> None:
    pc1 = office.join("pc1", "vanthu")
    with pc1.db.read() as s:
        from app.journal.log import meta_get

        code = meta_get(s, "enrollment_code")
    with pytest.raises(UserError, match="đã"):
        office.ward.as_user("admin").sync.approve(code)


def test_numbers_are_claimed_on_the_target(office: Office) -> None:
    pc1 = office.join("pc1", "vanthu")
    doc = queue_pdf(pc1, "a")
    result = pc1.incoming.register(doc, DRAFT, allow_duplicate=True)
    assert result.arrival_number == 1
    year = office.genesis.clock.now().year
    claim = _server(office) / "claims" / "incoming" / str(year) / "000001"
    assert doc in claim.read_text(encoding="utf-8")
    pc1.sync.sync_once()
    office.genesis.sync.sync_once()
    row = office.ward.as_user("vanthu").incoming.detail(doc).row
    assert (row.arrival_number, row.year) == (1, year)


def test_offline_clerk_waits_for_a_number_then_gets_it(office: Office, tmp_path: Path) -> None:
    pc1 = office.join("pc1", "vanthu")
    server = _server(office)
    hidden = tmp_path / "unplugged"
    server.rename(hidden)  # the share is gone
    try:
        doc = queue_pdf(pc1, "offline")
        result = pc1.incoming.register(doc, DRAFT, allow_duplicate=True)
        assert result.arrival_number is None
        assert pc1.incoming.detail(doc).row.arrival_number is None
        with pytest.raises(TargetUnreachable):
            pc1.sync.sync_once()
        status = pc1.sync.status()
        assert status.offline_since is not None
        assert status.waiting_numbers == 1
        assert status.unpushed >= 1
    finally:
        hidden.rename(server)
    report = pc1.sync.sync_once()
    assert report.numbered == 1
    assert pc1.incoming.detail(doc).row.arrival_number == 1
    assert pc1.sync.status().offline_since is None
    office.genesis.sync.sync_once()
    assert _hash(pc1) == _hash(office.genesis)


def test_a_leaders_offline_decision_arrives_intact(office: Office, tmp_path: Path) -> None:
    clerk_pc = office.join("pc1", "vanthu")
    leader_pc = office.join("pc2", "chutich")
    doc = queue_pdf(clerk_pc, "x")
    clerk_pc.incoming.register(doc, DRAFT, allow_duplicate=True)
    clerk_pc.incoming.submit(doc, office.ward.leader)
    _sync_all(clerk_pc, leader_pc)
    server = _server(office)
    server.rename(tmp_path / "away")  # the meeting room has no network
    leader_pc.clock.advance(dt.timedelta(minutes=2))  # type: ignore[attr-defined]
    leader_pc.incoming.assign(
        doc,
        AssignmentDraft(
            instruction="Giao Văn phòng chủ trì, báo cáo trước 30/11.",
            primary=HandlerRef(AssigneeKind.USER, office.ward.official),
            due_date=dt.date(2026, 11, 30),
        ),
    )
    (tmp_path / "away").rename(server)
    _sync_all(leader_pc, clerk_pc, office.genesis)
    row = clerk_pc.incoming.detail(doc)
    assert row.row.state == IncomingState.ASSIGNED
    assert "báo cáo trước 30/11" in row.instruction
    assert _hash(clerk_pc) == _hash(leader_pc) == _hash(office.genesis)


def test_files_follow_the_ops(office: Office) -> None:
    pc1 = office.join("pc1", "vanthu")
    doc = queue_pdf(pc1, "file")
    pc1.sync.sync_once()
    report = office.genesis.sync.sync_once()
    assert report.blobs == 1
    data = office.ward.as_user("vanthu").incoming.file_bytes(doc)
    assert data.startswith(b"%PDF")


def test_two_offline_decisions_on_one_document_keep_the_first_and_flag_the_other(
    office: Office, tmp_path: Path
) -> None:
    clerk_pc = office.join("pc1", "vanthu")
    laptop = office.join("pc2", "chutich")
    desk = office.genesis
    desk.sign_in("chutich", "matkhau123")
    doc = queue_pdf(clerk_pc, "c")
    clerk_pc.incoming.register(doc, DRAFT, allow_duplicate=True)
    clerk_pc.incoming.submit(doc, office.ward.leader)
    _sync_all(clerk_pc, laptop, desk)
    server = _server(office)
    server.rename(tmp_path / "away")
    desk.clock.advance(dt.timedelta(seconds=30))  # type: ignore[attr-defined]
    desk.incoming.assign(
        doc, AssignmentDraft("Giao Văn phòng", HandlerRef(AssigneeKind.USER, office.ward.official))
    )
    laptop.clock.advance(dt.timedelta(seconds=40))  # type: ignore[attr-defined]
    laptop.incoming.return_to_clerk(doc, "Thiếu phụ lục")
    (tmp_path / "away").rename(server)
    _sync_all(laptop, desk, clerk_pc, rounds=2)
    assert _hash(desk) == _hash(laptop) == _hash(clerk_pc)
    detail = clerk_pc.incoming.detail(doc)
    assert detail.row.state == IncomingState.ASSIGNED  # the earlier decision stands
    assert len(detail.conflicts) == 1  # the later one is kept and shown for a person to resolve
    assert any(h.action == "incoming.returned" for h in detail.history) is False


class _IgnoresConditions:
    """A server swapped under the same address for one that lets every create succeed."""

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def put_if_absent(self, key: str, data: bytes) -> bool:
        return True


def test_the_probe_runs_again_each_day_and_refuses_a_server_gone_bad(office: Office) -> None:
    pc = office.genesis
    real = pc.target()
    pc._target = _IgnoresConditions(real)  # type: ignore[assignment]
    pc.sync.sync_once()  # probed at configuration time: not again the same day
    with pc.db.write.begin() as s:  # a day has passed since the last probe
        from app.journal.log import meta_set

        meta_set(s, "probe_ok_at", (pc.clock.now() - dt.timedelta(hours=25)).isoformat())
    with pytest.raises(UserError, match="nguyên tử"):
        pc.sync.sync_once()
    assert "nguyên tử" in pc.sync.status().offline_reason
