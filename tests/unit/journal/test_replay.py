"""The projection is a pure function of the set of ops, whatever order they arrive in."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.journal.keys import new_device_key, public_hex
from app.journal.log import Change, Journal, meta_get, meta_set
from app.journal.op import Op, digest, sign
from app.models import FlaggedOp, IncomingDocument, OpRecord, QuarantinedOp
from app.models.enums import AssigneeKind, IncomingState, Role
from app.services.directory import UserInfo
from app.services.incoming_dto import AssignmentDraft, HandlerRef, IncomingDraft
from app.services.state_hash import state_hash
from app.timeutil import FixedClock
from tests.conftest import Ward

DRAFT = IncomingDraft(
    code_number="15",
    code_notation="QĐ-UBND",
    document_date=dt.date(2026, 11, 18),
    issuing_agency="UBND thành phố Hà Nội",
    doc_type="Quyết định",
    summary="Về việc giao chỉ tiêu",
)


def _flow(ward: Ward, pdf: bytes, clock: FixedClock) -> list[str]:
    """Two documents through the whole flow, with a promotion in the middle."""
    ids = []
    for n in range(2):
        clock.advance(dt.timedelta(minutes=5))
        sp = ward.as_user("vanthu")
        doc = sp.incoming._queue(sp.auth.user, pdf + bytes([n]), f"d{n}.pdf", 1, "scan")  # type: ignore[arg-type]
        sp.incoming.register(doc, DRAFT, allow_duplicate=True)
        sp.incoming.submit(doc, ward.leader)
        ids.append(doc)
    clock.advance(dt.timedelta(minutes=5))
    admin = ward.as_user("admin").directory
    info = next(u for u in admin.users() if u.login == "canbo2")
    admin.update_user(
        UserInfo(
            info.id,
            info.login,
            info.full_name,
            "Phó Chủ tịch",
            info.unit_id,
            frozenset({Role.LEADER, Role.OFFICIAL}),
        )
    )
    sp = ward.as_user("canbo2")
    sp.incoming.assign(
        ids[0],
        AssignmentDraft(
            "Giao VP",
            HandlerRef(AssigneeKind.UNIT, ward.unit_vp),
            (HandlerRef(AssigneeKind.USER, ward.official_dc),),
        ),
    )
    sp = ward.as_user("canbo")
    sp.incoming.report_progress(ids[0], "Đang làm")
    sp.incoming.complete(ids[0], "Xong")
    ward.as_user("vanthu").incoming.comment(ids[1], "Ghi chú")
    return ids


def _ops(db: Database) -> list[tuple[bytes, bytes]]:
    with db.read() as s:
        return [
            (r.body, r.sig)
            for r in s.scalars(select(OpRecord).order_by(OpRecord.device, OpRecord.seq))
        ]


def _replica(
    path: Path, source: Database, clock: FixedClock, device: str = "replica"
) -> tuple[Database, Journal]:
    db = Database(path)
    with source.read() as s:
        genesis = {k: meta_get(s, k) for k in ("space_id", "genesis_device", "genesis_key")}
    with db.write.begin() as s:
        for k, v in genesis.items():
            meta_set(s, k, v)
    return db, Journal(clock, device)


def _feed(db: Database, journal: Journal, ops: list[tuple[bytes, bytes]]) -> list[str]:
    with db.write.begin() as s:
        return [journal.receive(s, body, sig) for body, sig in ops]


def _hash(db: Database) -> str:
    with db.read() as s:
        return state_hash(s)


def test_any_arrival_order_gives_the_same_projection(
    ward: Ward, sample_pdf: Path, clock: FixedClock
) -> None:
    _flow(ward, sample_pdf.read_bytes(), clock)
    expected = _hash(ward.space.db)
    for seed in range(12):
        ops = _ops(ward.space.db)
        random.Random(seed).shuffle(ops)
        db, journal = _replica(ward.space.root.parent / f"replica-{seed}.db", ward.space.db, clock)
        assert set(_feed(db, journal, ops)) == {"applied"}
        assert _hash(db) == expected, f"arrival order {seed} diverged"
        assert _feed(db, journal, ops[:5]) == ["duplicate"] * 5  # a re-sent op changes nothing
        assert _hash(db) == expected
        db.close()
    with ward.space.db.read() as s:
        assert not s.scalars(
            select(FlaggedOp)
        ).all()  # the promotion made canbo2's assignment valid


def test_concurrent_transitions_converge_and_the_loser_is_flagged(
    ward: Ward, sample_pdf: Path, clock: FixedClock, tmp_path: Path
) -> None:
    sp = ward.as_user("vanthu")
    doc = sp.incoming._queue(sp.auth.user, sample_pdf.read_bytes(), "a.pdf", 1, "scan")  # type: ignore[arg-type]
    sp.incoming.register(doc, DRAFT)
    sp.incoming.submit(doc, ward.leader)
    key2 = new_device_key()
    with ward.space.db.write.begin() as s:  # an admin enrolls the leader's laptop
        ward.space.journal.commit(
            s,
            ward.admin,
            [Change("device.enrolled", "device:laptop", {"public_key": public_hex(key2)})],
        )
    laptop, laptop_journal = _replica(tmp_path / "laptop.db", ward.space.db, clock, "laptop")
    _feed(laptop, laptop_journal, _ops(ward.space.db))
    laptop_journal.unlock(key2)
    known = {body for body, _ in _ops(ward.space.db)}

    clock.advance(dt.timedelta(minutes=1))  # offline, on the office PC: the leader assigns
    ward.as_user("chutich").incoming.assign(
        doc, AssignmentDraft("Giao VP", HandlerRef(AssigneeKind.UNIT, ward.unit_vp))
    )
    clock.advance(dt.timedelta(minutes=1))  # and on the laptop, later: returns it to the clerk
    with laptop.write.begin() as s:
        laptop_journal.commit(
            s,
            ward.leader,
            [Change("incoming.returned", f"incoming:{doc}", {"reason": "Thiếu trang"})],
        )

    office_new = [o for o in _ops(ward.space.db) if o[0] not in known]
    laptop_new = [o for o in _ops(laptop) if o[0] not in known]
    assert _feed(laptop, laptop_journal, office_new) == ["applied"]
    with ward.space.db.write.begin() as s:
        assert [ward.space.journal.receive(s, b, g) for b, g in laptop_new] == ["applied"]

    assert _hash(laptop) == _hash(ward.space.db)
    with ward.space.db.read() as s:
        assert s.get(IncomingDocument, doc).state == IncomingState.ASSIGNED  # type: ignore[union-attr]
        flags = s.scalars(select(FlaggedOp)).all()
    assert [(f.reason, f.entity) for f in flags] == [("conflict", f"incoming:{doc}")]
    assert ward.as_user("chutich").incoming.detail(doc).conflicts  # shown to a person
    laptop.close()


def test_forged_replayed_and_unauthorised_ops_are_kept_aside(
    ward: Ward, sample_pdf: Path, clock: FixedClock, tmp_path: Path
) -> None:
    sp = ward.as_user("vanthu")
    doc = sp.incoming._queue(sp.auth.user, sample_pdf.read_bytes(), "a.pdf", 1, "scan")  # type: ignore[arg-type]
    sp.incoming.register(doc, DRAFT)
    sp.incoming.submit(doc, ward.leader)
    db, journal = _replica(tmp_path / "r.db", ward.space.db, clock)
    ops = _ops(ward.space.db)
    _feed(db, journal, ops)
    before = _hash(db)

    last = Op.from_body(ops[-1][0])
    genesis_key = ward.space.journal._key
    assert genesis_key is not None
    tampered = ops[-1][0].replace(b"submitted", b"returned")
    forged_by_stranger = Op(
        last.device, last.seq + 1, last.hlc, "", ward.official, "incoming.assigned", last.entity, {}
    ).body()
    equivocation = Op(
        last.device,
        last.seq,
        last.hlc,
        last.prev,
        last.actor,
        "incoming.commented",
        last.entity,
        {"text": "khác"},
    ).body()
    verdicts = _feed(
        db,
        journal,
        [
            (tampered, ops[-1][1]),
            (forged_by_stranger, sign(new_device_key(), forged_by_stranger)),
            (equivocation, sign(genesis_key, equivocation)),
            (b"{not json", b"x"),
        ],
    )
    assert verdicts == ["quarantined"] * 4
    with db.read() as s:
        reasons = [q.reason for q in s.scalars(select(QuarantinedOp))]
    assert any("signature" in r for r in reasons)
    assert any("equivocation" in r for r in reasons)
    assert _hash(db) == before  # nothing in the projection changed

    # A validly signed op by an official trying a leader's transition: kept, flagged, not applied.
    wrong_role = Op(
        last.device,
        last.seq + 1,
        last.hlc[:-1] + "9",
        digest(ops[-1][0]),
        ward.official,
        "incoming.assigned",
        last.entity,
        {
            "instruction": "",
            "due_date": None,
            "handlers": [{"kind": "user", "id": ward.official, "role": "primary"}],
        },
    ).body()
    assert _feed(db, journal, [(wrong_role, sign(genesis_key, wrong_role))]) == ["applied"]
    with db.read() as s:
        assert s.get(IncomingDocument, doc).state == IncomingState.SUBMITTED  # type: ignore[union-attr]
        assert [f.reason for f in s.scalars(select(FlaggedOp))] == ["role"]
    db.close()
