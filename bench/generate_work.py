"""Add tasks (giao việc) to a ward made by `bench.generate`: N tasks over the last five years.

    python -m bench.generate_work --space WARD100K --tasks 20000 [--seed 2027]

The ward must be one `bench.generate` made (the demo ward's units and users, password
`demo1234`); copy it first if it is to be kept as it is. Opening it migrates it to the current
schema. The tasks are given by the chairman and the two vice-chairs to an official or a unit,
a third of them from an incoming document of the days before, most with a due date; they go
assigned → progress reports → (an extension asked, granted or refused) → finished → (returned
once, finished again) → accepted, or are cancelled, with realistic lags: about one in ten is
finished after its deadline and a few are left open past it. The steps after "now" are cut,
so the recent tasks are in every state.

Every step goes through the real journal (`Journal.commit`, signed and applied by the tasks
reducers), batched as `bench.generate` does: one write transaction per `--batch` tasks, one
commit per half day and actor, and a clock giving each op its planned time. The device's
hybrid logical clock (the local `hlc` fact) is set back to the first task's time for the run
and put back after it: every op of the ward is later than the tasks' first days, and without
that every task would be stamped "now". Only new entities get these older ops, so nothing is
re-folded. Everything is reproducible from the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import keyring.backends.fail
from sqlalchemy import func, select

from app.journal.clock import Hlc
from app.journal.log import Change, meta_get, meta_set
from app.models import FlaggedOp, IncomingDocument, Task
from app.models.enums import AssigneeKind, TaskState
from app.services.deadlines import effective_deadline, is_working_day
from app.services.demo import DEMO_PASSWORD, UNITS, USERS
from app.services.space import Space, open_space
from app.timeutil import VN_TZ
from bench.generate import PlannedClock

YEARS = 5
LEADER_WEIGHTS = {"chutich": 4, "pct.lan": 3, "pct.tuan": 3}
UNIT_WEIGHTS = {"vp": 25, "dc": 25, "tp": 15, "vh": 20, "kt": 15}
DUE_DAYS = [2, 3, 5, 7, 7, 10, 10, 14, 15, 20, 30]
PRIORITIES = (["normal"] * 14) + (["high"] * 3) + ["urgent", "low", "low"]
LATE_SHARE = 0.06  # plus the returned ones finished again after the deadline: ~10 % late
TITLES = [
    "Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo {y}",
    "Kiểm tra công trình xây dựng tại {street}",
    "Tổng hợp báo cáo kết quả cải cách hành chính quý {q}",
    "Chuẩn bị nội dung họp giao ban tháng {m}",
    "Xử lý đơn phản ánh của công dân về lấn chiếm vỉa hè {street}",
    "Dự thảo kế hoạch tuyên truyền phổ biến pháp luật năm {y}",
    "Thống kê số liệu dân số, lao động tổ dân phố số {n}",
    "Đôn đốc thu ngân sách các khoản thu trên địa bàn tháng {m}",
    "Kiểm tra an toàn phòng cháy chữa cháy các cơ sở kinh doanh",
    "Chuẩn bị hồ sơ trình cấp giấy chứng nhận quyền sử dụng đất",
    "Tổ chức tiếp công dân định kỳ tháng {m}",
    "Báo cáo tình hình triển khai dịch vụ công trực tuyến",
    "Rà soát thủ tục hành chính thuộc thẩm quyền của phường",
    "Phối hợp tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm {y}",
    "Kiểm tra vệ sinh an toàn thực phẩm dịp Tết",
    "Lập dự toán kinh phí hoạt động năm {y1}",
    "Cập nhật dữ liệu hộ tịch lên hệ thống dùng chung",
    "Xác minh nguồn gốc sử dụng đất thửa số {n}",
]
STREETS = ["phố Gia Thụy", "phố Nguyễn Văn Cừ", "ngõ 32 Đức Giang", "phố Ngọc Lâm", "phố Hồng Tiến"]
NOTES = [
    "Đang thu thập số liệu từ các tổ dân phố.",
    "Đã làm việc với các hộ liên quan, đang tổng hợp.",
    "Đang dự thảo báo cáo.",
    "Đã kiểm tra thực địa, đang hoàn thiện hồ sơ.",
]

# Steps, in flow order.
ASSIGN, PROGRESS, ASK, GRANT, REFUSE, FINISH, RETURN, ACCEPT, CANCEL = range(9)
_LEADERS = set(LEADER_WEIGHTS)


@dataclass
class Plan:
    """One task's plan: who, what, by when."""

    id: str
    assigner: str
    reporter: str
    primary: dict[str, str]
    unit_id: str
    coordinators: list[dict[str, str]]
    title: str
    priority: str
    source: str
    due: dt.date | None
    new_due: dt.date | None = None
    percent: int = 50
    note: str = ""
    steps: list[tuple[dt.datetime, str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    """One step of one task at its planned time (UTC)."""

    at: dt.datetime
    actor: str
    task: int
    step: int

    def group(self) -> tuple[dt.date, int, int, str]:
        """The commit group: the half day, then the actor (leaders before officials)."""
        local = self.at.astimezone(VN_TZ)
        return local.date(), local.hour // 12, 1 if self.actor in _LEADERS else 2, self.actor


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), VN_TZ)


def _working_after(day: dt.date, n: int = 1) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _office(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time in office hours on `day` (moved to the next working day if it is not one)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return _at(day, rng.randint(7 * 60 + 40, 16 * 60 + 45))


class Planner:
    """Draws the tasks and their timelines from one seeded generator."""

    def __init__(
        self,
        rng: random.Random,
        users: dict[str, str],
        units: dict[str, str],
        docs_by_day: dict[dt.date, list[str]],
    ) -> None:
        self.rng = rng
        self.users = users
        self.units = units
        self.docs_by_day = docs_by_day
        self.officials: dict[str, list[str]] = {}
        for login, _name, _pos, unit, _roles in USERS:
            if unit and login != "vanthu":
                self.officials.setdefault(unit, []).append(login)

    def task(self, assigned: dt.datetime) -> Plan:
        """A task given at `assigned` (Vietnam time), with its steps."""
        rng = self.rng
        unit_key = rng.choices(list(UNIT_WEIGHTS), weights=list(UNIT_WEIGHTS.values()))[0]
        reporter = rng.choice(self.officials[unit_key])
        if rng.random() < 0.55:
            primary = {"kind": str(AssigneeKind.USER), "id": self.users[reporter]}
        else:
            primary = {"kind": str(AssigneeKind.UNIT), "id": self.units[unit_key]}
        coordinators = []
        if rng.random() < 0.2:
            other = rng.choice([k for k in self.units if k != unit_key])
            coordinators.append({"kind": str(AssigneeKind.UNIT), "id": self.units[other]})
        day = assigned.date()
        source = ""
        if rng.random() < 0.35:
            recent = [
                d
                for back in range(0, 8)
                for d in self.docs_by_day.get(day - dt.timedelta(back), [])
            ]
            if recent:
                source = f"incoming:{rng.choice(recent)}"
        year = day.year
        title = rng.choice(TITLES).format(
            y=year,
            y1=year + 1,
            m=day.month,
            q=("I", "II", "III", "IV")[(day.month - 1) // 3],
            n=rng.randint(1, 300),
            street=rng.choice(STREETS),
        )
        due = day + dt.timedelta(days=rng.choice(DUE_DAYS)) if rng.random() < 0.85 else None
        plan = Plan(
            id=f"{rng.getrandbits(128):032x}",
            assigner=rng.choices(list(LEADER_WEIGHTS), weights=list(LEADER_WEIGHTS.values()))[0],
            reporter=reporter,
            primary=primary,
            unit_id=self.units[unit_key],
            coordinators=coordinators,
            title=title,
            priority=rng.choice(PRIORITIES),
            source=source,
            due=due,
            percent=rng.randint(20, 80),
            note=rng.choice(NOTES),
        )
        self._timeline(plan, assigned)
        return plan

    def _timeline(self, plan: Plan, assigned: dt.datetime) -> None:
        """The steps after the assignment, each on a later working day than the one before."""
        rng = self.rng
        steps = plan.steps
        steps.append((assigned, plan.assigner, ASSIGN))
        last = assigned.date()
        if rng.random() < 0.7:
            short = plan.due is not None and (plan.due - last).days < 5
            last = _working_after(last, 1 if short else rng.randint(1, 2))
            steps.append((_office(last, rng), plan.reporter, PROGRESS))
        fate = rng.random()
        if fate < 0.03:  # cancelled
            last = _working_after(last, rng.randint(1, 6))
            steps.append((_office(last, rng), plan.assigner, CANCEL))
            return
        if fate < 0.035:  # never finished: open, and overdue once its deadline passes
            return
        due = plan.due
        if due is not None and (due - last).days >= 5 and rng.random() < 0.05:
            last = _working_after(last, 1)
            steps.append((_office(last, rng), plan.reporter, ASK))
            plan.new_due = due + dt.timedelta(days=rng.randint(5, 10))
            last = _working_after(last, 1)
            granted = rng.random() < 0.8
            steps.append((_office(last, rng), plan.assigner, GRANT if granted else REFUSE))
            if granted:
                due = plan.new_due
        # The assignee may finish on the day of their own last step; after a leader's, a day on.
        earliest = last if steps[-1][1] == plan.reporter else _working_after(last, 1)
        if due is None:
            finish_day = _working_after(earliest, rng.randint(0, 20))
        elif rng.random() < LATE_SHARE:
            finish_day = _working_after(max(effective_deadline(due), earliest), rng.randint(1, 8))
        else:
            deadline = max(effective_deadline(due), earliest)
            span = [d for d in _days(earliest, deadline) if is_working_day(d)] or [earliest]
            finish_day = rng.choice(span)
        finish = _office(finish_day, rng)
        if finish <= steps[-1][0]:  # the same day as the assignee's report: a little later
            finish = steps[-1][0] + dt.timedelta(minutes=rng.randint(20, 120))
        steps.append((finish, plan.reporter, FINISH))
        last = finish_day
        if rng.random() < 0.08:
            last = _working_after(last, rng.randint(1, 2))
            steps.append((_office(last, rng), plan.assigner, RETURN))
            last = _working_after(last, rng.randint(1, 3))
            steps.append((_office(last, rng), plan.reporter, FINISH))
        last = _working_after(last, rng.randint(1, 3))
        steps.append((_office(last, rng), plan.assigner, ACCEPT))


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _changes(plan: Plan, step: int) -> list[Change]:
    entity = f"task:{plan.id}"
    payload: dict[str, Any]
    if step == ASSIGN:
        payload = {
            "title": plan.title,
            "description": "",
            "priority": plan.priority,
            "source": plan.source,
            "primary": plan.primary,
            "coordinators": plan.coordinators,
            "unit_id": plan.unit_id,
            "due_date": plan.due.isoformat() if plan.due else None,
            "files": [],
        }
        return [Change("task.assigned", entity, payload)]
    kinds: dict[int, tuple[str, dict[str, Any]]] = {
        PROGRESS: ("task.progressed", {"percent": plan.percent, "note": plan.note}),
        ASK: (
            "task.extension_asked",
            {
                "due_date": plan.new_due.isoformat() if plan.new_due else None,
                "reason": "Cần thêm thời gian xác minh.",
            },
        ),
        GRANT: (
            "task.extension_granted",
            {"due_date": plan.new_due.isoformat() if plan.new_due else None, "note": ""},
        ),
        REFUSE: ("task.extension_refused", {"reason": "Cần hoàn thành đúng hạn."}),
        FINISH: ("task.finished", {"note": "Đã hoàn thành, báo cáo kết quả.", "files": []}),
        RETURN: ("task.returned", {"comment": "Bổ sung số liệu còn thiếu."}),
        ACCEPT: ("task.accepted", {"note": ""}),
        CANCEL: ("task.cancelled", {"reason": "Nhiệm vụ không còn cần thực hiện."}),
    }
    kind, payload = kinds[step]
    return [Change(kind, entity, payload)]


def _ids(space: Space) -> tuple[dict[str, str], dict[str, str]]:
    """Users by login and units by the demo's key, from the ward's directory."""
    users = {u.login: u.id for u in space.directory.users()}
    by_name = {u.name: u.id for u in space.directory.units()}
    units = {key: by_name[name] for key, name, _abbr in UNITS}
    missing = sorted(set(LEADER_WEIGHTS) - set(users))
    if missing:
        raise SystemExit(f"not a ward made by bench.generate: no user {', '.join(missing)}")
    return users, units


def generate(
    root: Path, tasks: int, seed: int, batch: int = 1000, years: float = YEARS
) -> dict[str, float]:
    """Add `tasks` tasks to the ward at `root`; returns the timings."""
    started = time.perf_counter()
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    today = now.astimezone(VN_TZ).date()
    clock = PlannedClock(now)
    print(f"Opening the ward at {root} (migrating it if needed) …", flush=True)
    space = open_space(root, clock=clock, keyring_backend=keyring.backends.fail.Keyring())
    space.sign_in("chutich", DEMO_PASSWORD)  # opens the device key that signs the ops
    users, units = _ids(space)
    with space.db.read() as s:
        if s.scalar(select(func.count()).select_from(Task)):
            raise SystemExit("this ward has tasks already: start again from a copy of the ward")
        docs_by_day: dict[dt.date, list[str]] = {}
        for doc_id, day in s.execute(
            select(IncomingDocument.id, IncomingDocument.arrival_date).where(
                IncomingDocument.arrival_date.is_not(None)
            )
        ):
            docs_by_day.setdefault(day, []).append(doc_id)
    open_s = time.perf_counter() - started

    t0 = time.perf_counter()
    first = today - dt.timedelta(days=int(365 * years)) + dt.timedelta(days=7)
    days = [d for d in _days(first, today) if is_working_day(d)]
    weights = [1 + 0.3 * i / len(days) for i in range(len(days))]
    planner = Planner(rng, users, units, docs_by_day)
    plans: list[Plan] = []
    events: list[Event] = []
    for day in sorted(rng.choices(days, weights=weights, k=tasks)):
        assigned = min(_office(day, rng), now.astimezone(VN_TZ) - dt.timedelta(minutes=30))
        plan = planner.task(assigned)
        index = len(plans)
        plans.append(plan)
        events += [
            Event(at.astimezone(dt.UTC), actor, index, step)
            for at, actor, step in plan.steps
            if at.astimezone(dt.UTC) <= now
        ]
    events.sort(key=lambda e: (*e.group(), e.at, e.task, e.step))
    plan_s = time.perf_counter() - t0
    print(f"  planned {len(plans)} tasks, {len(events)} steps: {plan_s:.1f} s", flush=True)

    t0 = time.perf_counter()
    with space.db.write.begin() as s:
        saved_hlc = meta_get(s, "hlc")
        start_ms = int(events[0].at.timestamp() * 1000) - 1
        meta_set(s, "hlc", str(Hlc(start_ms, 0)))
    groups = [(key, list(evs)) for key, evs in groupby(events, key=Event.group)]
    ops = commits = done = 0
    gc.collect()
    gc.freeze()
    chunk: list[tuple[tuple[dt.date, int, int, str], list[Event]]] = []
    chunks = []
    for group in groups:
        chunk.append(group)
        done += sum(1 for e in group[1] if e.step == ASSIGN)
        if done >= batch:
            chunks.append(chunk)
            chunk, done = [], 0
    if chunk:
        chunks.append(chunk)
    assigned_so_far = 0
    try:
        for chunk in chunks:
            batch_t, batch_ops = time.perf_counter(), ops
            gc.disable()
            try:
                with space.db.write.begin() as s:
                    for (_day, _half, _rank, actor), evs in chunk:
                        changes: list[Change] = []
                        times: list[dt.datetime] = []
                        for ev in evs:
                            for change in _changes(plans[ev.task], ev.step):
                                changes.append(change)
                                times.append(ev.at)
                        clock.plan(times)
                        space.journal.commit(s, users[actor], changes)
                        ops += len(changes)
                        commits += 1
            finally:
                gc.enable()
                gc.collect()
            assigned_so_far += sum(1 for _k, evs in chunk for e in evs if e.step == ASSIGN)
            spent = time.perf_counter() - batch_t
            total = time.perf_counter() - t0
            print(
                f"  …{chunk[-1][0][0]:%d/%m/%Y}: {assigned_so_far:>6} tasks, {ops:>7} ops"
                f" | batch {ops - batch_ops} ops in {spent:.2f} s"
                f" | {total:,.0f} s, {ops / total:,.0f} ops/s overall",
                flush=True,
            )
    finally:
        clock.set(now)
        with space.db.write.begin() as s:
            current = meta_get(s, "hlc")
            meta_set(s, "hlc", max(saved_hlc, current))
    ops_s = time.perf_counter() - t0
    with space.db.read() as rs:
        states = Counter(
            dict(rs.execute(select(Task.state, func.count()).group_by(Task.state)).all())
        )
        open_overdue = rs.scalar(
            select(func.count()).where(
                Task.state.in_([TaskState.ASSIGNED, TaskState.IN_PROGRESS]), Task.due_date < today
            )
        )
        applied = rs.scalar(select(func.count()).select_from(Task)) or 0
        flagged = rs.scalar(
            select(func.count()).select_from(FlaggedOp).where(FlaggedOp.entity.like("task:%"))
        )
    space.close()
    total_s = time.perf_counter() - started
    print(f"States: {dict(sorted(states.items()))}; open past the due date: {open_overdue}")
    if applied != len(plans) or flagged:
        print(f"WARNING: {len(plans) - applied} tasks not applied, {flagged} ops flagged")
    print(f"Journal: {ops} ops in {commits} commits, {ops_s:.1f} s ({ops / ops_s:,.0f} ops/s)")
    print(f"Total: {total_s:.1f} s (open and sign in {open_s:.1f} s, plan {plan_s:.1f} s)")
    return {"total": total_s, "ops": ops, "ops_s": ops_s}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate_work", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--space", type=Path, required=True, help="a ward made by bench.generate")
    parser.add_argument("--tasks", type=int, default=20_000, help="how many tasks")
    parser.add_argument("--seed", type=int, default=2027, help="random seed (same seed, same data)")
    parser.add_argument("--years", type=float, default=YEARS, help="how far back the first task")
    parser.add_argument("--batch", type=int, default=1000, help="tasks per write transaction")
    args = parser.parse_args(argv)
    generate(args.space, args.tasks, args.seed, args.batch, args.years)
    return 0


if __name__ == "__main__":
    sys.exit(main())
