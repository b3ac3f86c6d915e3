"""The index follows the journal's replays: ops in any arrival order, a late op that re-folds an
entity, a late op that is flagged, all leave the index equal to a rebuild from the projection."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import text

from app.db import Database
from app.journal.log import Change
from app.search import index
from app.search.index import INDEX_VERSION
from app.services.search import SearchService
from app.services.task_dto import TaskForm
from app.timeutil import FixedClock
from tests.conftest import Ward
from tests.unit.journal.test_replay import _feed, _ops, _replica
from tests.unit.journal.test_task_replay import _laptop, _person
from tests.unit.search.search_support import WEEK, act, add_entry, assign_to_unit, register


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        return index.snapshot(s)


def _rebuilt(db: Database) -> list[tuple[object, ...]]:
    with db.write.begin() as s:
        index.rebuild(s, INDEX_VERSION)
    return _snapshot(db)


def test_ops_in_any_order_give_the_same_index_as_a_rebuild(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    doc = register(ward, "Kế hoạch chuyển đổi số năm 2027", code="210", notation="KH-UBND")
    clock.advance(dt.timedelta(minutes=5))
    assign_to_unit(ward, doc, ward.unit_vp)
    task = act(ward, "chutich").tasks.assign(
        TaskForm("Cập nhật dữ liệu dân cư", _person(ward.official))
    )
    clock.advance(dt.timedelta(minutes=5))
    act(ward, "canbo").tasks.report_progress(task, 50, "Đã cập nhật tổ 1 đến tổ 5")
    entry = add_entry(ward, "Hội nghị sơ kết chuyển đổi số")
    clock.advance(dt.timedelta(minutes=5))
    add_entry(ward, "Họp dân tổ dân phố số 3")
    act(ward, "vanthu").schedule.cancel_entry(entry, "Hoãn")  # a draft's entry is removed
    expected = _snapshot(ward.space.db)
    assert [row[3] for row in expected if row[0] == "schedule"] == ["Họp dân tổ dân phố số 3"]
    assert {row[0] for row in expected} == {"incoming", "task", "schedule"}
    assert _rebuilt(ward.space.db) == expected
    for seed in range(4):
        ops = _ops(ward.space.db)
        random.Random(seed).shuffle(ops)
        db, journal = _replica(tmp_path / f"replica-{seed}.db", ward.space.db, clock)
        assert set(_feed(db, journal, ops)) == {"applied"}
        assert _snapshot(db) == expected, f"arrival order {seed} gave another index"
        db.close()


def test_a_late_flagged_op_leaves_the_index_equal_to_a_rebuild(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    task_id = act(ward, "chutich").tasks.assign(
        TaskForm("Kiểm tra trật tự xây dựng", _person(ward.official))
    )
    laptop, laptop_journal = _laptop(ward, clock, tmp_path)
    known = {body for body, _ in _ops(ward.space.db)}
    clock.advance(dt.timedelta(minutes=1))  # offline on the laptop, the leader cancels
    with laptop.write.begin() as s:
        laptop_journal.commit(
            s, ward.leader, [Change("task.cancelled", f"task:{task_id}", {"reason": "Thôi"})]
        )
    clock.advance(dt.timedelta(minutes=1))  # then the official finishes at the office
    act(ward, "canbo").tasks.finish(task_id, "Đã kiểm tra xong.")
    with ward.space.db.read() as s:
        state = "SELECT state FROM search_docs WHERE kind = 'task'"
        assert s.execute(text(state)).scalar() == "submitted"
    laptop_new = [o for o in _ops(laptop) if o[0] not in known]
    with ward.space.db.write.begin() as s:  # the earlier cancel arrives: the task re-folds
        assert [ward.space.journal.receive(s, b, g) for b, g in laptop_new] == ["applied"]
    with ward.space.db.read() as s:
        assert s.execute(text(state)).scalar() == "cancelled"
    expected = _snapshot(ward.space.db)
    assert _rebuilt(ward.space.db) == expected
    laptop.close()


def test_a_week_re_folded_on_another_pc_keeps_its_entries_findable(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    first = add_entry(ward, "Tiếp công dân định kỳ")
    clock.advance(dt.timedelta(minutes=1))
    second = add_entry(ward, "Kiểm tra công tác phòng cháy chữa cháy")
    ops = _ops(ward.space.db)
    db, journal = _replica(tmp_path / "replica.db", ward.space.db, clock)
    assert set(_feed(db, journal, list(reversed(ops)))) == {"applied"}
    assert _snapshot(db) == _snapshot(ward.space.db)
    from app.services.auth import AuthContext

    auth = AuthContext()
    auth.set(ward.space.auth.user)
    replica = SearchService(db.read, db.write, auth, clock, ward.space.blobs)
    act(ward, "vanthu")
    auth.set(ward.space.auth.user)
    assert [h.id for h in replica.search("phong chay").hits] == [second]
    assert {h.week_id for h in replica.search("cong").hits} == {WEEK}
    assert {h.id for h in replica.search("cong").hits} == {first, second}
    db.close()


def _count_index_writes(db: Database) -> None:
    """Count every row written into the index's facts table (a trigger in the database)."""
    with db.write.begin() as s:
        s.execute(text("CREATE TABLE index_writes (kind TEXT)"))
        s.execute(
            text(
                "CREATE TRIGGER count_index_writes AFTER INSERT ON search_docs "
                "BEGIN INSERT INTO index_writes VALUES (NEW.kind); END"
            )
        )


def test_a_batch_of_ops_refreshes_each_entity_once(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    """A sync batch brings several ops of one task: its index row is written once, at the end
    of the batch's transaction, and it is the row a rebuild gives."""
    task = act(ward, "chutich").tasks.assign(TaskForm("Rà soát hộ nghèo", _person(ward.official)))
    for percent in (20, 50, 80):
        clock.advance(dt.timedelta(minutes=5))
        act(ward, "canbo").tasks.report_progress(task, percent, f"Đã rà soát {percent}%")
    ops = _ops(ward.space.db)
    db, journal = _replica(tmp_path / "replica.db", ward.space.db, clock)
    _count_index_writes(db)
    assert set(_feed(db, journal, ops)) == {"applied"}  # one transaction
    with db.read() as s:
        writes = s.execute(text("SELECT kind, count(*) FROM index_writes GROUP BY kind")).all()
        state = s.execute(text("SELECT state FROM search_docs WHERE kind = 'task'")).scalar()
    assert dict(writes) == {"task": 1}  # not once per op (4 task ops came)
    assert state == "in_progress"
    expected = _snapshot(db)
    assert _rebuilt(db) == expected
    db.close()
