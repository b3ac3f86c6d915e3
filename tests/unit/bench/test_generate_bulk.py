"""The bulk generator writes the rows the real journal would write for the same plan.

One small ward: a plan of documents and tasks goes through the real journal (signed ops, the
reducers), and the same plan is folded by `bench.generate_bulk`; the projection rows must be
the same (times may differ by the few hours the journal's HLC shifts an op within its half
day, as `bench.generate` explains). The outgoing rows the bulk writer makes in a copy of the
ward are told back to the journal as the ops that would have made them, and the reducers must
leave the same rows. Then the bulk writer fills a second ward, which the app's services must
read as any other.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest

from app.journal.clock import Hlc
from app.journal.log import Change, meta_set
from app.services.demo import DEMO_PASSWORD
from app.services.incoming_dto import Box, IncomingFilter
from app.services.space import open_space
from app.timeutil import VN_TZ
from bench import archive_text, generate, generate_bulk, generate_work
from tests.conftest import MemoryKeyring

pytestmark = pytest.mark.slow  # a ward through the real journal, then a bulk one: ~15 s

NOW = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)  # a Monday, 10:00 in Hà Nội
YEARS = 0.08
DOCS = 160
TASKS = 60
SLACK = dt.timedelta(hours=12)  # an op's HLC may run ahead of its planned time within a day
TIMES = {"queued_at", "registered_at", "assigned_at", "completed_at", "updated_at", "at"}
TASK_TIMES = {"assigned_at", "finished_at", "accepted_at"}
OUTGOING = 40
OUT_TIMES = {"created_at", "approved_at", "signed_at", "issued_at"}
OUT_META = (
    "doc_type",
    "summary",
    "notation",
    "urgency",
    "confidentiality",
    "recipients_text",
    "note",
    "drafting_unit_id",
    "signer_id",
    "signer_authority",
    "signer_position",
)


def _rows(db: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cur = db.execute(sql)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    return abs(dt.datetime.strptime(a, fmt) - dt.datetime.strptime(b, fmt)) <= SLACK


def _same(expected: dict[str, Any], actual: dict[str, Any], times: set[str]) -> list[str]:
    """The columns that differ (times compared within SLACK)."""
    bad = []
    for name, value in actual.items():
        want = expected[name]
        if isinstance(want, bool):
            want = int(want)
        ok = _close(want, value) if name in times else want == value
        if not ok:
            bad.append(f"{name}: bulk {want!r} != journal {value!r}")
    return bad


class Plan:
    """A plan of documents and tasks, folded by the bulk writer (the expected rows)."""

    def __init__(self, users: dict[str, str], units: dict[str, str], pool: Any) -> None:
        rng = random.Random(7)
        now_vn = NOW.astimezone(VN_TZ)
        by_topic = {t.key: [0, 1] for t in archive_text.TOPICS}
        self.writer = generate_bulk.IncomingWriter(
            7,
            users,
            pool,
            by_topic,
            generate_bulk.Stamps(),
            [],
        )
        self.planner = generate.Planner(rng, units, users, {})
        self.arrivals = generate._arrivals(rng, DOCS, now_vn, YEARS)
        self.docs: list[generate.Doc] = []
        self.events: list[generate.Event] = []
        for i, arrived in enumerate(self.arrivals):
            doc = self.writer.compose(self.planner.document(i, arrived))
            self.docs.append(doc)
            self.events += [ev for ev in self.planner.timeline(i, doc) if ev.at <= NOW]

    def docs_by_day(self) -> dict[dt.date, list[str]]:
        """The registered documents by arrival date, as the bulk writer collects them."""
        registered = {ev.doc for ev in self.events if ev.step == generate.REGISTER}
        by_day: dict[dt.date, list[str]] = {}
        for i, doc in enumerate(self.docs):
            if i in registered and doc.draft.arrival_date is not None:
                by_day.setdefault(doc.draft.arrival_date, []).append(doc.id)
        return by_day

    def expected(self, columns: list[str]) -> dict[str, generate_bulk.DocRows]:
        """The bulk writer's rows of every document, numbered in registration order."""
        self.writer.columns = columns
        by_doc: dict[int, list[generate.Event]] = {}
        for ev in self.events:
            by_doc.setdefault(ev.doc, []).append(ev)
        folded = [self.writer.fold(i, doc, by_doc[i]) for i, doc in enumerate(self.docs)]
        for rows in sorted(
            folded, key=lambda r: (r.registered_at is not None, r.registered_at or NOW, r.index)
        ):
            self.writer.number(rows)
        return {r.doc.id: r for r in folded}


@pytest.fixture(scope="module")
def journal_ward(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan, Any]:
    """A ward whose documents and tasks went through the real journal; the plan it followed."""
    root = tmp_path_factory.mktemp("bulk") / "journal"
    first = NOW.astimezone(VN_TZ).date() - dt.timedelta(days=int(365 * YEARS) + 2)
    clock = generate.PlannedClock(generate._at(first, 8 * 60).astimezone(dt.UTC))
    space, units, users = generate._setup(root, clock, random.Random(7), MemoryKeyring())
    pool = [(space.blobs.put(f"%PDF-1.4 pool {n}".encode()), 20 + n, 1 + n) for n in range(2)]
    plan = Plan(users, units, pool)
    writer = generate.Writer(space, clock, plan.docs, pool, users)
    events = sorted(plan.events, key=lambda e: (*e.group(), e.at, e.doc, e.step))
    with space.db.write.begin() as s:
        for key, evs in groupby(events, key=generate.Event.group):
            writer.commit_group(s, key[3], list(evs))
    # The tasks, as bench.generate_work commits them (the HLC set back to the first task).
    plans = _task_plans(users, units, plan.docs_by_day())
    task_events = sorted(
        (
            generate_work.Event(at.astimezone(dt.UTC), actor, i, step)
            for i, p in enumerate(plans)
            for at, actor, step in p.steps
            if at.astimezone(dt.UTC) <= NOW
        ),
        key=lambda e: (*e.group(), e.at, e.task, e.step),
    )
    with space.db.write.begin() as s:
        meta_set(s, "hlc", str(Hlc(int(task_events[0].at.timestamp() * 1000) - 1, 0)))
    with space.db.write.begin() as s:
        for (_d, _h, _r, actor), evs in groupby(task_events, key=generate_work.Event.group):
            changes, times = [], []
            for ev in evs:
                for change in generate_work._changes(plans[ev.task], ev.step):
                    changes.append(change)
                    times.append(ev.at)
            clock.plan(times)
            space.journal.commit(s, users[actor], changes)
    # Outgoing: the bulk writer's rows (in a copy of the ward) told back as ops to the journal.
    bulk = root.parent / "bulk.db"
    with sqlite3.connect(root / "space.db") as src, sqlite3.connect(bulk) as dst:
        src.backup(dst)
        generate_bulk.write_outgoing(
            dst, generate_bulk.Stamps(), users, units, pool, OUTGOING, 3, NOW, YEARS
        )
        ops = _outgoing_ops(dst)
    with space.db.write.begin() as s:
        meta_set(s, "hlc", str(Hlc(int(ops[0][0].timestamp() * 1000) - 1, 0)))
    with space.db.write.begin() as s:
        for at, actor, change in ops:
            clock.plan([at])
            space.journal.commit(s, actor, [change])
    space.close()
    return root, plan, (users, units)


def _outgoing_ops(db: sqlite3.Connection) -> list[tuple[dt.datetime, str, Change]]:
    """The ops that would have made the outgoing rows of `db`, from the rows and their history."""
    docs = {r["id"]: r for r in _rows(db, "SELECT * FROM outgoing_documents")}
    files = {r["document_id"]: r for r in _rows(db, "SELECT * FROM outgoing_files")}
    recipients: dict[str, list[dict[str, str]]] = {}
    for doc_id, kind, rid in db.execute("SELECT * FROM outgoing_recipients"):
        recipients.setdefault(doc_id, []).append({"kind": kind, "id": rid})
    history = _rows(
        db,
        "SELECT * FROM history_entries WHERE entity LIKE 'outgoing:%' "
        "OR entity LIKE 'register:outgoing%'",
    )
    ops = []
    for h in history:
        entity, kind, detail = h["entity"], h["action"], json.loads(h["detail"])
        d = docs.get(entity.partition(":")[2], {})
        payload: dict[str, Any] = {"note": ""}
        if kind == "register.set":
            payload = detail
        elif kind == "outgoing.created":
            f = files[d["id"]]
            payload = {name: d[name] for name in OUT_META} | {
                "file_name": f["file_name"],
                "blob": f["blob"],
                "size": f["size"],
            }
        elif kind == "outgoing.submitted":
            payload = {"reviewer_id": d["reviewer_id"], "note": ""}
        elif kind == "outgoing.finalized":
            payload = detail | {"blob": d["final_blob"], "page_count": d["page_count"]}
        elif kind == "outgoing.signed":
            payload = {"blob": d["signed_blob"], "certificate": d["signer_certificate"]}
        elif kind == "outgoing.issued":
            payload = {
                "blob": d["issued_blob"],
                "register_id": d["register_id"],
                "year": d["year"],
                "number": d["number"],
                "issued_date": d["issued_date"],
                "copies": d["copies"],
                "recipients": recipients.get(d["id"], []),
            }
        at = dt.datetime.strptime(h["at"], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=dt.UTC)
        ops.append((at, h["actor_id"], Change(kind, entity, payload), h["order_key"]))
    ops.sort(key=lambda o: o[3])
    return [(at, actor, change) for at, actor, change, _key in ops]


def _task_plans(
    users: dict[str, str], units: dict[str, str], docs_by_day: dict[dt.date, list[str]]
) -> list[generate_work.Plan]:
    """The tasks `generate_bulk.write_tasks` plans for the same seed (same draws, same order)."""
    rng = random.Random(11)
    today = NOW.astimezone(VN_TZ).date()
    first = today - dt.timedelta(days=int(365 * YEARS)) + dt.timedelta(days=7)
    days = [d for d in generate_work._days(first, today) if generate_work.is_working_day(d)]
    weights = [1 + 0.3 * i / len(days) for i in range(len(days))]
    planner = generate_work.Planner(rng, users, units, docs_by_day)
    plans = []
    for day in sorted(rng.choices(days, weights=weights, k=TASKS)):
        assigned = min(
            generate_work._office(day, rng), NOW.astimezone(VN_TZ) - dt.timedelta(minutes=30)
        )
        plans.append(planner.task(assigned))
    return plans


def test_incoming_rows_are_the_journal_s(journal_ward: tuple[Path, Plan, Any]) -> None:
    root, plan, _ids = journal_ward
    db = sqlite3.connect(root / "space.db")
    columns = [r[1] for r in db.execute("PRAGMA table_info(incoming_documents)")]
    expected = plan.expected(columns)
    actual = _rows(db, "SELECT * FROM incoming_documents")
    assert len(actual) == DOCS == len(expected)
    states = {r["state"] for r in actual}
    assert {"completed", "assigned"} <= states  # the plan reaches the usual states
    for row in actual:
        assert _same(expected[row["id"]].values, row, TIMES) == [], row["id"]

    handlers = _rows(db, "SELECT * FROM incoming_assignments")
    want = {
        (a[0], a[1], a[2]): dict(
            zip(generate_bulk.POSITIONAL["incoming_assignments"].split(","), a, strict=True)
        )
        for rows in expected.values()
        for a in rows.assignments
    }
    assert len(handlers) == len(want)
    for row in handlers:
        key = (row["document_id"], row["assignee_kind"], row["assignee_id"])
        assert _same(want[key], row, TIMES) == []

    history = _rows(
        db,
        "SELECT entity, action, actor_id, text, detail, at FROM history_entries "
        "WHERE entity LIKE 'incoming:%' ORDER BY entity, order_key",
    )
    got: dict[str, list[tuple[str, str, str, str]]] = {}
    for h in history:
        got.setdefault(h["entity"], []).append((h["action"], h["actor_id"], h["text"], h["detail"]))
    for doc_id, rows in expected.items():
        assert got[f"incoming:{doc_id}"] == [(h[5], h[4], h[6], h[7]) for h in rows.history]

    claims = db.execute(
        "SELECT series, year, number, document_id FROM number_claims WHERE series LIKE 'incoming%'"
    ).fetchall()
    want_claims = {
        (r.values["register_id"], r.values["year"], r.values["arrival_number"], r.values["id"])
        for r in expected.values()
        if r.values["arrival_number"]
    }
    assert set(claims) == want_claims
    registers = db.execute(
        "SELECT id, kind, year, name, confidential FROM registers WHERE kind = 'incoming'"
    ).fetchall()
    want_registers = {
        (
            rid,
            "incoming",
            year,
            ("Sổ văn bản đến mật năm " if secret else "Sổ văn bản đến năm ") + str(year),
            int(secret),
        )
        for rid, (year, secret, _at) in plan.writer.registers.items()
    }
    assert set(registers) == want_registers


def test_task_rows_are_the_journal_s(journal_ward: tuple[Path, Plan, Any]) -> None:
    root, plan, (users, units) = journal_ward
    db = sqlite3.connect(root / "space.db")
    columns = [r[1] for r in db.execute("PRAGMA table_info(tasks)")]
    batch = generate_bulk.Batch()
    states: Counter[str] = Counter()
    for p in _task_plans(users, units, plan.docs_by_day()):
        generate_bulk._fold_task(p, NOW, users, generate_bulk.Stamps(), columns, batch, states)
    want = {row[0]: dict(zip(columns, row, strict=True)) for row in batch.rows["tasks"]}
    actual = _rows(db, "SELECT * FROM tasks")
    assert len(actual) == TASKS == len(want)
    assert len({r["state"] for r in actual}) >= 2
    for row in actual:
        assert _same(want[row["id"]], row, TASK_TIMES) == [], row["id"]
    participants = set(db.execute("SELECT * FROM task_participants").fetchall())
    assert participants == set(batch.rows["task_participants"])
    history = db.execute(
        "SELECT entity, action, actor_id, text, detail FROM history_entries "
        "WHERE entity LIKE 'task:%' ORDER BY entity, order_key"
    ).fetchall()
    want_history = sorted((h[1], h[5], h[4], h[6], h[7]) for h in batch.rows["history_entries"])
    assert sorted(history) == want_history


def test_outgoing_rows_are_the_journal_s(journal_ward: tuple[Path, Plan, Any]) -> None:
    root, _plan, _ids = journal_ward
    bulk = sqlite3.connect(root.parent / "bulk.db")
    db = sqlite3.connect(root / "space.db")
    want = {r["id"]: r for r in _rows(bulk, "SELECT * FROM outgoing_documents")}
    actual = _rows(db, "SELECT * FROM outgoing_documents")
    assert len(actual) == OUTGOING == len(want)
    assert {"issued"} < {r["state"] for r in actual}  # issued ones, and some on their way
    for row in actual:
        assert _same(want[row["id"]], row, OUT_TIMES) == [], row["id"]
    files = "SELECT document_id, role, version, file_name, blob, size FROM outgoing_files"
    assert sorted(db.execute(files)) == sorted(bulk.execute(files))
    recipients = "SELECT * FROM outgoing_recipients"
    assert sorted(db.execute(recipients)) == sorted(bulk.execute(recipients))
    history = (
        "SELECT entity, action, actor_id, text, detail FROM history_entries "
        "WHERE entity LIKE 'outgoing:%' OR entity LIKE 'register:outgoing%' "
        "ORDER BY entity, order_key"
    )
    assert db.execute(history).fetchall() == bulk.execute(history).fetchall()
    # The claims are the service's (LocalNumberAuthority), not the reducer's: one per number.
    claims = "SELECT * FROM number_claims WHERE series LIKE 'outgoing%'"
    issued = "SELECT register_id, year, number, id FROM outgoing_documents WHERE number > 0"
    assert sorted(bulk.execute(claims)) == sorted(db.execute(issued))
    numbers = [n for (n,) in db.execute("SELECT number FROM outgoing_documents WHERE number > 0")]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))  # per year, no gap
    registers = "SELECT * FROM registers WHERE kind = 'outgoing'"
    assert sorted(db.execute(registers)) == sorted(bulk.execute(registers))


def test_a_bulk_ward_reads_like_any_other(tmp_path: Path) -> None:
    root = tmp_path / "bulk"
    ring = MemoryKeyring()
    generate_bulk.generate_bulk(
        root, 400, seed=5, years=0.2, tasks=80, pdfs=3, keyring_backend=ring
    )
    db = sqlite3.connect(root / "space.db")
    states = dict(db.execute("SELECT state, count(*) FROM incoming_documents GROUP BY state"))
    weeks = db.execute("SELECT count(*) FROM schedule_weeks WHERE state = 'published'").fetchone()
    one = db.execute(
        "SELECT id, document_date, issuing_agency FROM incoming_documents "
        "WHERE state = 'completed' LIMIT 1"
    ).fetchone()
    db.close()
    space = open_space(root, keyring_backend=ring)
    try:
        space.sign_in("vanthu", DEMO_PASSWORD)
        register = space.incoming.count(IncomingFilter(box=Box.ALL))
        assert register == sum(n for s, n in states.items() if s not in ("queued", "discarded"))
        assert space.incoming.count(IncomingFilter(box=Box.QUEUE)) == states.get("queued", 0)
        detail = space.incoming.detail(one[0])
        assert [h.action for h in detail.history][:2] == ["incoming.queued", "incoming.registered"]
        assert weeks[0] >= 9
    finally:
        space.close()
    body = generate_bulk.document_body(5, one[0], dt.date.fromisoformat(one[1]), one[2])
    assert 300 <= len(body.split()) <= 1700
    assert body == generate_bulk.document_body(5, one[0], dt.date.fromisoformat(one[1]), one[2])
