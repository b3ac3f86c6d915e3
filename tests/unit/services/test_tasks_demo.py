"""The demo ward's tasks (`task_events`): every state and story, made in working hours, nothing
refused. Run on the demo's people and units alone, so the test stays quick."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from app.models import FlaggedOp, HistoryEntry, Task
from app.models.enums import AssigneeKind, TaskState
from app.services.auth import CurrentUser
from app.services.deadlines import effective_deadline, vn_date
from app.services.demo import ORG, UNITS, USERS
from app.services.demo_tasks import task_events
from app.services.directory import UnitInfo, UserInfo
from app.services.incoming_dto import AssignmentDraft, HandlerRef, IncomingDraft
from app.services.space import AdminInfo, Space, create_space
from app.services.task_dto import TaskBox
from app.timeutil import VN_TZ, FixedClock
from tests.conftest import NOW, PASSWORD, MemoryKeyring
from tests.unit.services.test_outgoing_service import actor


def _demo_people(
    root: Path, clock: FixedClock
) -> tuple[Space, dict[str, CurrentUser], dict[str, str]]:
    space = create_space(
        root, ORG, AdminInfo("quantri", "Quản trị", PASSWORD), clock=clock,
        keyring_backend=MemoryKeyring(),
    )  # fmt: skip
    d = space.directory
    units = {key: d.save_unit(UnitInfo("", name, abbr)) for key, name, abbr in UNITS}
    for login, name, position, unit, roles in USERS:
        info = UserInfo("", login, name, position, units[unit] if unit else None, frozenset(roles))
        d.create_user(info, PASSWORD)
    users = {
        u.login: CurrentUser(u.id, u.login, u.full_name, u.position, u.unit_id, u.roles)
        for u in d.users()
    }
    return space, users, units


def _directed_document(space: Space, users: dict[str, CurrentUser]) -> None:
    """An incoming document the chairman assigns (a task can come from it)."""
    space.auth.set(users["vanthu"])
    doc = space.incoming._queue(users["vanthu"], b"%PDF-1.4 cong van", "cv.pdf", 1, "scan")  # type: ignore[arg-type]
    draft = IncomingDraft(
        code_number="12",
        code_notation="UBND-VP",
        document_date=space.clock.now().date(),
        issuing_agency="UBND thành phố Hà Nội",
        doc_type="Công văn",
        summary="V/v tổng vệ sinh môi trường",
    )
    space.incoming.register(doc, draft)
    space.incoming.submit(doc, users["chutich"].id)
    space.auth.set(users["chutich"])
    unit = HandlerRef(AssigneeKind.USER, users["vp.ha"].id)
    space.incoming.assign(doc, AssignmentDraft("Giao VP", unit))


def test_the_demo_has_tasks_in_every_state(tmp_path: Path) -> None:
    clock = FixedClock(NOW - dt.timedelta(days=130))
    space, users, units = _demo_people(tmp_path / "demo", clock)

    def act(login: str, at: dt.datetime) -> Space:
        clock.set(at)
        space.auth.set(users[login])
        return space

    ids = {login: user.id for login, user in users.items()}
    events = task_events(act, ids, units, random.Random(7), NOW)
    assert all(at <= NOW for at, _fn in events)
    directed = NOW - dt.timedelta(days=40)  # in time order with the rest, as the demo runs it
    events.append((directed, lambda: _directed_document(act("vanthu", directed), users)))
    for _at, fn in sorted(events, key=lambda e: e[0]):
        fn()
    clock.set(NOW)
    try:
        with space.db.read() as s:
            tasks = s.scalars(select(Task)).all()
            steps = s.scalars(select(HistoryEntry).where(HistoryEntry.entity.like("task:%"))).all()
            assert not s.scalars(select(FlaggedOp).where(FlaggedOp.entity.like("task:%"))).all()
        assert 40 <= len(tasks) <= 45
        assert set(Counter(TaskState(t.state) for t in tasks)) == set(TaskState)
        actions = Counter(h.action for h in steps)
        for kind in ("task.extension_granted", "task.returned", "task.cancelled"):
            assert actions[kind] >= 1, kind
        assert any(t.extension_due for t in tasks)  # an extension waits for an answer
        assert any(t.source.startswith("incoming:") for t in tasks)
        done = [t for t in tasks if t.state == TaskState.DONE and t.due_date and t.finished_at]
        late = [
            t
            for t in done
            if vn_date(t.finished_at) > effective_deadline(t.due_date)  # type: ignore[arg-type]
        ]
        assert 1 <= len(late) < len(done) // 2  # some late, most on time
        for h in steps:  # in working hours, never after "now"
            at = h.at.replace(tzinfo=dt.UTC)
            local = at.astimezone(VN_TZ)
            assert local.weekday() < 5, h.action
            assert 8 <= local.hour < 17, (h.action, local)
            assert at <= NOW
        leader = actor(space)("chutich").tasks
        assert leader.count(TaskBox.OVERDUE) >= 3
        assert any(r.near_due for r in leader.rows(TaskBox.UNIT, limit=100))
    finally:
        space.close()
