"""Task ops replayed on other PCs: any arrival order gives the same projection, concurrent steps
converge with the late one flagged, ops from the wrong person are kept aside, and a task's
files travel through a shared folder with its ops."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.journal.keys import new_device_key, public_hex
from app.journal.log import Change, Journal
from app.journal.op import Op, digest, sign
from app.models import FlaggedOp, Task
from app.models.enums import AssigneeKind, TaskState
from app.services.incoming_dto import HandlerRef
from app.services.space import Space
from app.services.state_hash import state_hash
from app.services.task_dto import TaskForm
from app.timeutil import FixedClock
from tests.conftest import MemoryKeyring, Ward
from tests.sync.conftest import Office, make_office
from tests.unit.journal.test_replay import _feed, _hash, _ops, _replica
from tests.unit.services.test_outgoing_service import actor

DUE = dt.date(2026, 11, 27)


def _person(user_id: str) -> HandlerRef:
    return HandlerRef(AssigneeKind.USER, user_id)


def _laptop(ward: Ward, clock: FixedClock, tmp_path: Path) -> tuple[Database, Journal]:
    """The leader's laptop: an enrolled device holding every op so far."""
    key = new_device_key()
    with ward.space.db.write.begin() as s:
        ward.space.journal.commit(
            s,
            ward.admin,
            [Change("device.enrolled", "device:laptop", {"public_key": public_hex(key)})],
        )
    db, journal = _replica(tmp_path / "laptop.db", ward.space.db, clock, "laptop")
    _feed(db, journal, _ops(ward.space.db))
    journal.unlock(key)
    return db, journal


def test_task_ops_in_any_order_give_the_same_projection(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    act = actor(ward.space)
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes("PK kế hoạch".encode())
    form = TaskForm(
        "Rà soát hộ nghèo",
        _person(ward.official),
        coordinators=(HandlerRef(AssigneeKind.UNIT, ward.unit_dc),),
        due_date=DUE,
        files=(plan,),
    )
    ids = [act("chutich").tasks.assign(form) for _ in range(2)]
    for step, (login, call) in enumerate(
        [
            ("canbo", lambda t: t.report_progress(ids[0], 30, "Đang làm", (plan,))),
            ("diachinh", lambda t: t.report_progress(ids[0], None, "Đã gửi số liệu")),
            ("canbo", lambda t: t.ask_extension(ids[0], DUE + dt.timedelta(days=5), "Chờ")),
            ("chutich", lambda t: t.grant_extension(ids[0])),
            ("canbo", lambda t: t.finish(ids[0], "Xong")),
            ("chutich", lambda t: t.return_result(ids[0], "Bổ sung")),
            ("canbo", lambda t: t.finish(ids[0], "Đã bổ sung")),
            ("chutich", lambda t: t.accept(ids[0])),
            ("chutich", lambda t: t.reassign(ids[1], _person(ward.official2))),
            ("chutich", lambda t: t.cancel(ids[1], "Không cần nữa")),
        ]
    ):
        clock.advance(dt.timedelta(minutes=step + 1))
        call(act(login).tasks)
    expected = _hash(ward.space.db)
    for seed in range(8):
        ops = _ops(ward.space.db)
        random.Random(seed).shuffle(ops)
        db, journal = _replica(tmp_path / f"replica-{seed}.db", ward.space.db, clock)
        assert set(_feed(db, journal, ops)) == {"applied"}
        assert _hash(db) == expected, f"arrival order {seed} diverged"
        db.close()
    with ward.space.db.read() as s:
        assert not s.scalars(select(FlaggedOp)).all()
        assert s.get(Task, ids[0]).state == TaskState.DONE  # type: ignore[union-attr]


def test_finish_and_cancel_on_two_pcs_converge_and_the_later_is_flagged(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    task_id = actor(ward.space)("chutich").tasks.assign(
        TaskForm("Kiểm tra trật tự xây dựng", _person(ward.official), due_date=DUE)
    )
    laptop, laptop_journal = _laptop(ward, clock, tmp_path)
    known = {body for body, _ in _ops(ward.space.db)}

    clock.advance(dt.timedelta(minutes=1))  # on the laptop, offline: the leader cancels
    with laptop.write.begin() as s:
        laptop_journal.commit(
            s, ward.leader, [Change("task.cancelled", f"task:{task_id}", {"reason": "Thôi"})]
        )
    clock.advance(dt.timedelta(minutes=1))  # a minute later at the office: the official finishes
    actor(ward.space)("canbo").tasks.finish(task_id, "Đã kiểm tra xong.")

    office_new = [o for o in _ops(ward.space.db) if o[0] not in known]
    laptop_new = [o for o in _ops(laptop) if o[0] not in known]
    assert _feed(laptop, laptop_journal, office_new) == ["applied"]
    with ward.space.db.write.begin() as s:
        assert [ward.space.journal.receive(s, b, g) for b, g in laptop_new] == ["applied"]
    assert _hash(laptop) == _hash(ward.space.db)
    detail = actor(ward.space)("chutich").tasks.detail(task_id)
    assert detail.row.state == TaskState.CANCELLED  # the earlier step stands
    assert len(detail.conflicts) == 1  # the report no longer fits: kept, flagged, shown
    assert "task.finished" in detail.conflicts[0]
    assert [h.action for h in detail.history] == ["task.assigned", "task.cancelled"]
    with ward.space.db.read() as s:
        assert [f.reason for f in s.scalars(select(FlaggedOp))] == ["conflict"]
    laptop.close()


def test_ops_from_someone_not_on_the_task_are_kept_aside(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    task_id = actor(ward.space)("chutich").tasks.assign(
        TaskForm("Tổng hợp số liệu", _person(ward.official), due_date=DUE)
    )
    db, journal = _replica(tmp_path / "r.db", ward.space.db, clock)
    ops = _ops(ward.space.db)
    _feed(db, journal, ops)
    last = Op.from_body(ops[-1][0])
    key = ward.space.journal._key
    assert key is not None
    entity = f"task:{task_id}"
    forged = [
        # a colleague of the same unit reports the assignee's task done
        (ward.official2, "task.finished", {"note": "Xong"}),
        # an official accepts a result (only leaders direct tasks)
        (ward.official, "task.accepted", {"note": ""}),
        # a progress outside 0-100
        (ward.official, "task.progressed", {"percent": 150, "note": ""}),
        # a return without a comment
        (ward.leader, "task.returned", {"comment": " "}),
    ]
    prev, hlc = digest(ops[-1][0]), last.hlc
    bodies = []
    for n, (who, kind, payload) in enumerate(forged, start=1):
        hlc = hlc[:-1] + str(n)
        body = Op(last.device, last.seq + n, hlc, prev, who, kind, entity, payload).body()
        bodies.append((body, sign(key, body)))
        prev = digest(body)
    assert _feed(db, journal, bodies) == ["applied"] * 4
    with db.read() as s:
        assert s.get(Task, task_id).state == TaskState.ASSIGNED  # type: ignore[union-attr]
        reasons = sorted(f.reason for f in s.scalars(select(FlaggedOp)))
    assert reasons == ["conflict", "invalid", "role", "role"]
    db.close()


def test_an_assignee_deactivated_on_another_pc_meanwhile_converges(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    laptop, laptop_journal = _laptop(ward, clock, tmp_path)
    known = {body for body, _ in _ops(ward.space.db)}
    info = next(u for u in actor(ward.space)("admin").directory.users() if u.login == "canbo")
    clock.advance(dt.timedelta(minutes=1))  # the admin deactivates the official on the laptop
    with laptop.write.begin() as s:
        laptop_journal.commit(
            s,
            ward.admin,
            [
                Change(
                    "user.updated",
                    f"user:{info.id}",
                    {
                        "full_name": info.full_name,
                        "position": info.position,
                        "unit_id": info.unit_id,
                        "roles": sorted(info.roles),
                        "active": False,
                    },
                )
            ],
        )
    clock.advance(dt.timedelta(minutes=1))  # a minute later, the office PC still knows nothing
    task_id = actor(ward.space)("chutich").tasks.assign(
        TaskForm("Rà soát hồ sơ", _person(info.id), due_date=DUE)
    )
    office_new = [o for o in _ops(ward.space.db) if o[0] not in known]
    laptop_new = [o for o in _ops(laptop) if o[0] not in known]
    _feed(laptop, laptop_journal, office_new)
    with ward.space.db.write.begin() as s:
        for body, sig in laptop_new:
            ward.space.journal.receive(s, body, sig)
    assert _hash(laptop) == _hash(ward.space.db)
    row = actor(ward.space)("chutich").tasks.detail(task_id).row
    assert row.primary_locked  # nothing lost: shown as such, and reassignable
    laptop.close()


@pytest.fixture
def office(
    tmp_path: Path, real_clock: FixedClock, memory_keyring: MemoryKeyring
) -> Iterator[Office]:
    """A ward syncing through a folder target (as in tests/sync)."""
    server = tmp_path / "server"
    server.mkdir()
    o = make_office(tmp_path, server.as_uri(), real_clock, memory_keyring)
    yield o
    for space in o.devices:
        space.close()
    o.genesis.close()


def _sync(*spaces: Space) -> None:
    for _ in range(2):
        for space in spaces:
            space.sync.sync_once()


def test_a_task_and_its_files_travel_between_pcs_and_concurrent_steps_converge(
    office: Office, tmp_path: Path
) -> None:
    genesis, ward = office.genesis, office.ward
    pc = office.join("canbo-pc", "canbo")
    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(b"%PDF-1.4 ke hoach")
    due = genesis.clock.now().date() + dt.timedelta(days=7)
    task_id = actor(genesis)("chutich").tasks.assign(
        TaskForm("Rà soát hộ nghèo", _person(ward.official), due_date=due, files=(plan,))
    )
    _sync(genesis, pc)
    detail = pc.tasks.detail(task_id)
    assert pc.tasks.file_bytes(detail.attachments[0].blob) == plan.read_bytes()

    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4 bao cao")
    pc.tasks.report_progress(task_id, 50, "Đã rà soát nửa số hộ.", (report,))
    _sync(pc, genesis)
    (sent,) = actor(genesis)("chutich").tasks.detail(task_id).reports
    assert genesis.tasks.file_bytes(sent.files[0].blob) == report.read_bytes()

    # offline: the official asks for more time while the leader edits the due date
    server = Path(office.url.removeprefix("file://"))
    away = server.with_name("server-away")
    server.rename(away)
    pc.tasks.ask_extension(task_id, due + dt.timedelta(days=3), "Chờ số liệu.")
    assert isinstance(genesis.clock, FixedClock)
    genesis.clock.advance(dt.timedelta(seconds=2))
    form = genesis.tasks.detail(task_id).form
    genesis.tasks.update(
        task_id,
        TaskForm(form.title, None, form.description, (), due + dt.timedelta(days=10)),
    )
    away.rename(server)
    _sync(pc, genesis)
    with pc.db.read() as s:
        one = state_hash(s)
    with genesis.db.read() as s:
        assert state_hash(s) == one
    detail = genesis.tasks.detail(task_id)
    assert detail.row.due_date == due + dt.timedelta(days=10)  # the leader's later date stands
    assert detail.row.extension_due is None  # the request is answered by the new date
    assert detail.conflicts == ()
