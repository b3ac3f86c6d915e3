"""Clock skew, corruption and forgery on the target: refused and reported; the rest syncs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import UserError
from app.journal.keys import new_device_key
from app.journal.log import Change
from app.journal.op import Op, sign
from app.models import FlaggedOp, IncomingDocument, QuarantinedOp
from app.services.space import Space, open_space
from app.services.state_hash import state_hash
from app.sync import segments
from app.sync.engine import ClockSkewed, Equivocation, blob_key
from app.timeutil import FixedClock
from tests.conftest import PASSWORD
from tests.sync.conftest import DRAFT, Office, queue_pdf


def _server(office: Office) -> Path:
    return Path(office.url.removeprefix("file://"))


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def _count(space: Space, model: type) -> int:
    with space.db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _reopen(space: Space, office: Office, login: str) -> Space:
    """The PC restarts (a fresh engine reads the target's clock again)."""
    root, clock = space.root, space.clock
    space.close()
    office.devices.remove(space)
    again = open_space(root, clock=clock, keyring_backend=office.keyring)
    again.sign_in(login, PASSWORD)
    office.devices.append(again)
    return again


@pytest.mark.parametrize(("days", "word"), [(1, "nhanh"), (-1, "chậm")])
def test_a_pc_a_day_off_is_refused_with_a_clear_message(
    office: Office, days: int, word: str
) -> None:
    pc = office.join("pc1", "vanthu")
    pc.clock.advance(dt.timedelta(days=days))  # type: ignore[attr-defined]
    pc = _reopen(pc, office, "vanthu")
    queue_pdf(pc, "skewed")
    with pytest.raises(ClockSkewed) as err:
        pc.sync.sync_once()
    assert word in err.value.message
    assert "24 giờ" in err.value.message
    assert pc.sync.status().offline_reason == err.value.message
    assert pc.sync.status().unpushed == 1  # kept here, not sent


def test_small_skew_keeps_replies_after_what_they_answer(office: Office) -> None:
    ahead = office.join("pc1", "vanthu")
    behind = office.join("pc2", "chutich")
    ahead.clock.advance(dt.timedelta(minutes=4))  # type: ignore[attr-defined]
    doc = queue_pdf(ahead, "q")
    ahead.incoming.register(doc, DRAFT, allow_duplicate=True)
    ahead.incoming.comment(doc, "Câu hỏi")
    ahead.sync.sync_once()
    behind.sync.sync_once()
    behind.incoming.comment(doc, "Trả lời")  # written 4 minutes "earlier" by the wall clock
    behind.sync.sync_once()
    ahead.sync.sync_once()
    texts = [h.text for h in ahead.incoming.detail(doc).history if h.action == "incoming.commented"]
    assert texts == ["Câu hỏi", "Trả lời"]
    assert _hash(ahead) == _hash(behind)


def test_ops_from_the_far_future_are_quarantined_and_the_rest_syncs(office: Office) -> None:
    doc = _a_document(office)
    honest = office.join("pc1", "vanthu")
    rogue = office.join("pc2", "chutich")
    rogue.clock.advance(dt.timedelta(days=2))  # type: ignore[attr-defined]
    queue_target = rogue.sync.engine
    rogue.incoming.comment(doc, "từ tương lai")
    queue_target.push()  # a broken client that skips the clock check
    office.ward.as_user("vanthu").incoming.comment(doc, "bình thường")
    office.genesis.sync.sync_once()
    report = honest.sync.sync_once()
    assert any("future" in p for p in report.problems)
    assert _count(honest, QuarantinedOp) == 1
    texts = [h.text for h in honest.incoming.detail(doc).history]
    assert "bình thường" in texts
    assert "từ tương lai" not in texts


def _a_document(office: Office) -> str:
    space = office.ward.as_user("vanthu")
    with space.db.read() as s:
        existing = s.scalar(select(IncomingDocument.id).limit(1))
    if existing:
        return existing
    doc = queue_pdf(space, "base")
    space.incoming.register(doc, DRAFT, allow_duplicate=True)
    space.sync.sync_once()
    return doc


def test_a_truncated_segment_is_refused_and_reported(office: Office) -> None:
    doc = _a_document(office)
    writer = office.join("pc1", "chutich")
    reader = office.join("pc2", "vanthu")
    writer.incoming.comment(doc, "sẽ bị cắt")
    writer.sync.sync_once()
    folder = _server(office) / "ops" / writer.device_id
    newest = sorted(folder.iterdir())[-1]
    newest.write_bytes(newest.read_bytes()[:-40])
    office.ward.as_user("vanthu").incoming.comment(doc, "của máy khác")
    office.genesis.sync.sync_once()
    before = _count(reader, FlaggedOp)
    report = reader.sync.sync_once()
    assert any("bị hỏng" in p for p in report.problems)
    texts = [h.text for h in reader.incoming.detail(doc).history]
    assert "của máy khác" in texts
    assert "sẽ bị cắt" not in texts
    assert _count(reader, FlaggedOp) == before


def test_a_flipped_byte_in_a_file_is_refused(office: Office) -> None:
    writer = office.join("pc1", "vanthu")
    reader = office.join("pc2", "chutich")
    doc = queue_pdf(writer, "flip")
    writer.sync.sync_once()
    sha = writer.incoming.file_blob(doc)
    path = _server(office) / blob_key(sha)
    data = bytearray(path.read_bytes())
    data[5] ^= 0xFF
    path.write_bytes(bytes(data))
    report = reader.sync.sync_once()
    assert any("sai mã băm" in p for p in report.problems)
    assert not reader.blobs.has(sha)
    with pytest.raises(UserError, match="sai mã băm"):
        reader.incoming.file_bytes(doc)
    assert reader.incoming.detail(doc).row.file_name == "flip.pdf"  # the metadata still arrived


def test_a_missing_segment_is_reported_and_later_ops_wait(office: Office) -> None:
    doc = _a_document(office)
    writer = office.join("pc1", "chutich")
    writer.incoming.comment(doc, "đoạn 1")
    writer.sync.sync_once()
    writer.incoming.comment(doc, "đoạn 2")
    writer.sync.sync_once()
    folder = _server(office) / "ops" / writer.device_id
    first, _second = sorted(folder.iterdir())[-2:]
    first.unlink()
    reader = office.join("pc2", "vanthu")  # first round lists for gaps
    reader.sync.sync_once()
    texts = [h.text for h in reader.incoming.detail(doc).history]
    assert "đoạn 1" not in texts
    assert "đoạn 2" not in texts
    gap = reader.sync.engine.pull(look_for_gaps=True)
    assert any("Thiếu đoạn nhật ký" in p for p in gap.problems)


def test_a_forged_segment_is_quarantined_and_the_true_device_stops(office: Office) -> None:
    doc = _a_document(office)
    victim = office.join("pc1", "chutich")
    reader = office.join("pc2", "vanthu")
    victim.sync.sync_once()
    with victim.db.read() as s:
        from app.journal.log import meta_get

        seq = int(meta_get(s, "next_seq", "1"))
        prev = meta_get(s, "chain_head")
    forged = Op(victim.device_id, seq, "000000000000001.00000", prev, office.ward.leader,
                "incoming.commented", f"incoming:{doc}", {"text": "giả mạo"})  # fmt: skip
    body = forged.body()
    thief = new_device_key()
    key = segments.segment_key(victim.device_id, seq)
    data = segments.encode(victim.device_id, seq, [segments.SignedOp(body, sign(thief, body))])
    (_server(office) / key).parent.mkdir(parents=True, exist_ok=True)
    (_server(office) / key).write_bytes(data)
    report = reader.sync.sync_once()
    assert any("bad signature" in p for p in report.problems)
    assert "giả mạo" not in [h.text for h in reader.incoming.detail(doc).history]
    victim.incoming.comment(doc, "thật")
    with pytest.raises(Equivocation):
        victim.sync.sync_once()


def test_a_pc_restored_from_an_old_copy_is_stopped_before_it_equivocates(
    office: Office, tmp_path: Path
) -> None:
    doc = _a_document(office)
    pc = office.join("pc1", "chutich")
    pc.sync.sync_once()
    backup = tmp_path / "backup"
    shutil.copytree(pc.root, backup)
    pc.incoming.comment(doc, "bản gốc")
    pc.sync.sync_once()
    root = pc.root
    pc.close()
    office.devices.remove(pc)
    shutil.rmtree(root)
    shutil.copytree(backup, root)
    restored = open_space(
        root, clock=FixedClock(office.genesis.clock.now()), keyring_backend=office.keyring
    )
    office.devices.append(restored)
    restored.sign_in("chutich", PASSWORD)
    restored.incoming.comment(doc, "bản khôi phục")
    with pytest.raises(Equivocation):
        restored.sync.sync_once()


def test_ops_of_a_revoked_pc_and_of_an_actor_without_the_role_are_refused(office: Office) -> None:
    doc = _a_document(office)
    lost = office.join("pc1", "chutich")
    reader = office.join("pc2", "vanthu")
    lost.incoming.comment(doc, "trước khi mất máy")
    lost.sync.sync_once()
    office.genesis.sync.sync_once()
    office.ward.as_user("admin").sync.revoke(lost.device_id, "Mất máy")
    office.genesis.sync.sync_once()
    lost.incoming.comment(doc, "kẻ trộm")  # the thief has not synced the revocation yet
    lost.sync.engine.push()
    with lost.db.write.begin() as s:  # a hand-made op: an official "registering" a document
        lost.journal.commit(
            s, office.ward.official, [Change("incoming.queued", "incoming:forged", {
                "source": "scan", "file_name": "x.pdf", "blob": "0" * 64})]
        )  # fmt: skip
    lost.sync.engine.push()
    report = reader.sync.sync_once()
    texts = [h.text for h in reader.incoming.detail(doc).history]
    assert "trước khi mất máy" in texts
    assert "kẻ trộm" not in texts
    assert any("thu hồi" in p for p in report.problems)
    with reader.db.read() as s:
        reasons = set(s.scalars(select(FlaggedOp.reason)))
        assert s.get(IncomingDocument, "forged") is None
    assert "revoked" in reasons
    office.genesis.sync.sync_once()
    assert _hash(reader) == _hash(office.genesis)


def test_an_actor_without_the_role_is_refused_even_from_an_enrolled_pc(office: Office) -> None:
    pc = office.join("pc1", "canbo")  # an official
    reader = office.join("pc2", "vanthu")
    with pc.db.write.begin() as s:
        pc.journal.commit(
            s, office.ward.official, [Change("incoming.queued", "incoming:forged", {
                "source": "scan", "file_name": "x.pdf", "blob": "0" * 64})]
        )  # fmt: skip
    pc.sync.sync_once()
    report = reader.sync.sync_once()
    assert any("không có quyền" in p for p in report.problems)
    with reader.db.read() as s:
        assert s.get(IncomingDocument, "forged") is None
        assert s.get(FlaggedOp, f"{pc.device_id}:1") is not None


def test_a_replayed_segment_changes_nothing(office: Office) -> None:
    doc = _a_document(office)
    writer = office.join("pc1", "chutich")
    reader = office.join("pc2", "vanthu")
    writer.incoming.comment(doc, "một lần")
    writer.sync.sync_once()
    reader.sync.sync_once()
    before = _hash(reader)
    with reader.db.write.begin() as s:  # forget having read the writer's segments
        from app.journal.log import meta_set

        meta_set(s, f"next_segment:{writer.device_id}", "1")
    reader.sync.sync_once()
    assert _hash(reader) == before
    texts = [h.text for h in reader.incoming.detail(doc).history]
    assert texts.count("một lần") == 1
