"""Build a large ward fast for the scale benchmarks: the projection filled by SQLite bulk inserts.

    python -m bench.generate_bulk --space bench1m --documents 1000000 [--seed 2026]

BENCH-ONLY SHORTCUT. `bench.generate` sends every change through the real journal (signed
ops, ~300 ops/s: 31 min for 100 000 documents, ~5 h for 1 000 000). This script makes the
same ward (the demo ward's organisation, units and users, password `demo1234`, made through
the real services) and then writes what applying those ops would have left in the
**projection tables** directly, with `executemany` in large transactions: incoming_documents,
incoming_assignments, history_entries, registers, entity_heads, number_claims, tasks,
task_participants, outgoing_documents, outgoing_files, outgoing_recipients, schedule_weeks,
schedule_entries, schedule_participants. It skips the op log: no op is signed or stored for
these rows. What the app reads to launch, list, count, filter and search is the projection,
which is what the scale figures are about; but such a ward must never be synced or re-folded
(a re-fold of an entity rebuilds it from its ops, which do not exist) and its state hash
matches no real log. The rows name a made-up device
(`BULK_DEVICE`) in their op ids and order keys, so ops the app makes later on the same
entities sort after them and apply normally.

The plan is `bench.generate`'s (`Planner`: arrivals over the working days of `--years`, the
same flow and lags, the same handlers), with the metadata of `bench.archive_text` (type, số/ký
hiệu as written, trích yếu of a topic); the rows are the ones the reducers would write for
that plan (same columns, same `search_text` folding, same history texts and details;
`tests/unit/bench/test_generate_bulk.py` checks them against the real journal). Tasks are
`bench.generate_work`'s plan, folded the same way. Outgoing documents (default a quarter of
`--documents`) are drafted by an official, reviewed, checked by the clerk, approved, signed
and issued with a số đi per year in order of issue; the last few days' are on their way. Each
past week gets a published work schedule (8–18 entries) unless `--no-schedule`.

Files: a pool of `--pdfs` distinct PDFs (rendered with reportlab through
`app.documents.demo_pdf`, each with its own body of 300–1 500 words from
`bench.archive_text`), stored as blobs and shared by the documents of the same topic. One
PDF costs ~38 ms to render and ~93 KiB, so 1 000 000 distinct files would take ~10 h and
~90 GB. `document_body(seed, …)` gives the distinct body of any generated document from its
projection row; with `--distinct-text` each registered document points at a made-up file of
its own (a sha with no blob: opening it fails) whose text — header lines and its own body —
goes straight into the search index's file-text table (`search_file_text`, sha → text), as if
the search service had read its PDF. The search index itself is not filled: build it after
the run with `ward-office index rebuild --space DIR` (the projection rows skip the apply path
that keeps it up to date).

Everything but the random ids of the space, its device and its first admin is reproducible
from the seed. Indexes of the filled tables are dropped during the load and made again after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import random
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import keyring.backend
import pypdfium2

from app.documents import doc_types
from app.documents.demo_pdf import DemoDocument, render_pdf
from app.journal.clock import Hlc
from app.models.enums import Confidentiality, IncomingState, ScheduleState, TaskState
from app.services.demo import AGENCIES, ORG, SIGNERS
from app.services.incoming import register_id_for
from app.services.space import Space
from app.textfold import fold
from app.timeutil import VN_TZ
from bench import archive_text, generate, generate_work
from bench.generate import ASSIGN, COMPLETE, DISCARD, PROGRESS, QUEUE, REGISTER, SUBMIT

BULK_DEVICE = "b0000000000000000000000000000bulk"  # no real device: see the module's docstring
CHUNK = 20_000  # documents planned and written per transaction
TABLES = (
    "incoming_documents",
    "incoming_assignments",
    "history_entries",
    "registers",
    "entity_heads",
    "number_claims",
    "tasks",
    "task_participants",
    "schedule_weeks",
    "schedule_entries",
    "schedule_participants",
    "outgoing_documents",
    "outgoing_files",
    "outgoing_recipients",
)
_FMT = "%Y-%m-%d %H:%M:%S.%f"


def _ts(at: dt.datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite: naive UTC text."""
    return at.astimezone(dt.UTC).strftime(_FMT)


def _dump(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)


def _yearly(agency_i: int) -> int:
    """How many documents the agency issues in a year (as `bench.generate` has it)."""
    return 600 + 400 * (agency_i % 5)


_AGENCY_INDEX = {name: i for i, (name, *_rest) in enumerate(AGENCIES)}


def document_body(seed: int, doc_id: str, document_date: dt.date, issuing_agency: str) -> str:
    """The body text of the generated incoming document `doc_id`, from its projection row.

    What its PDF would hold if each document had a file of its own (the pool shares them):
    regenerated from the seed, the id, `document_date` and `issuing_agency`.
    """
    agency_i = _AGENCY_INDEX.get(issuing_agency, 0)
    suffix = AGENCIES[agency_i][2]
    composed = archive_text.compose(
        seed, doc_id, document_date, issuing_agency, suffix, _yearly(agency_i)
    )
    return "\n".join(composed.body())


# -- the op stamps of the projection rows


class Stamps:
    """Op ids and order keys for rows that no op made: the made-up device, a running seq."""

    def __init__(self) -> None:
        self.seq = 0

    def next(self, at: dt.datetime, counter: int = 0) -> tuple[str, str, str]:
        """(op_id, order_key, at as stored) of the next row's op, made at `at`."""
        self.seq += 1
        wall = int(at.timestamp() * 1000)
        key = f"{Hlc(wall, counter)}|{BULK_DEVICE}|{self.seq:010d}"
        return f"{BULK_DEVICE}:{self.seq}", key, _ts(at)


@dataclass
class Batch:
    """Rows waiting for one executemany per table."""

    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        """Queue one row of `table`."""
        self.rows.setdefault(table, []).append(row)

    def write(self, db: sqlite3.Connection) -> int:
        """Insert everything queued (in the caller's transaction); the number of rows."""
        n = 0
        for table, rows in self.rows.items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                n += len(rows)
        self.rows.clear()
        return n


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


# The column order the positional rows below are written in (checked against the schema).
POSITIONAL = {
    "incoming_assignments": "document_id,assignee_kind,assignee_id,role,status,progress_note,"
    "updated_at",
    "history_entries": "op_id,entity,order_key,at,actor_id,action,text,detail",
    "registers": "id,kind,year,name,confidential,note",
    "entity_heads": "entity,order_key",
    "number_claims": "series,year,number,document_id",
    "task_participants": "task_id,assignee_kind,assignee_id,role",
    "schedule_weeks": "id,monday,state,version,note,submitted_by,submitted_at,published_by,"
    "published_at,return_reason",
    "schedule_entries": "id,week_id,day,session,start_time,end_time,content,chair_id,"
    "outside_participants,location,preparing_unit_id,note,separate_invitation,links,series_id,"
    "cancelled,amendment,amended_at,amended_by,created_by,created_at",
    "schedule_participants": "entry_id,assignee_kind,assignee_id",
    "outgoing_recipients": "document_id,recipient_kind,recipient_id",
}


def _check_schema(db: sqlite3.Connection) -> None:
    """Stop before writing if a table's columns are no longer in the order rows are made in."""
    for table, names in POSITIONAL.items():
        if ",".join(_columns(db, table)) != names:
            raise SystemExit(f"the schema of {table} changed: update bench.generate_bulk")


# -- the PDF pool


def render_pool(
    space: Space, seed: int, count: int, today: dt.date, years: float
) -> tuple[list[tuple[str, int, int]], dict[str, list[int]], float]:
    """`count` distinct PDFs as blobs: (sha, size, pages), the pool's indexes by topic, s/PDF."""
    rng = random.Random(seed + 7)
    pool: list[tuple[str, int, int]] = []
    by_topic: dict[str, list[int]] = {}
    spent = 0.0
    for n in range(count):
        agency_i = n % len(AGENCIES)
        agency, parent, suffix, _unit = AGENCIES[agency_i]
        when = today - dt.timedelta(days=rng.randint(0, int(365 * years)))
        doc = archive_text.compose(seed, f"pdf:{n}", when, agency, suffix, _yearly(agency_i))
        t0 = time.perf_counter()
        pdf = render_pdf(
            DemoDocument(
                issuing_parent=parent,
                issuing_agency=agency,
                code=doc.code,
                place="Hà Nội",
                date=when,
                type_name=doc.doc_type,
                summary=doc.summary,
                body=doc.body(),
                signer_position=(
                    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" if agency.startswith("Sở") else "CHỦ TỊCH"
                ),
                signer_name=rng.choice(SIGNERS),
                recipients=["Như trên;", "UBND các phường;", "Lưu: VT."],
            )
        )
        spent += time.perf_counter() - t0
        pages = len(pypdfium2.PdfDocument(pdf))
        pool.append((space.blobs.put(pdf), len(pdf), pages))
        by_topic.setdefault(doc.topic, []).append(n)
    return pool, by_topic, spent / max(1, count)


# -- incoming documents


@dataclass
class DocRows:
    """One document's rows, its number still to be given if it was registered."""

    index: int  # arrival order
    doc: generate.Doc
    values: dict[str, Any]
    registered_at: dt.datetime | None
    history: list[tuple[Any, ...]]
    assignments: list[list[Any]]
    head: str = ""


class IncomingWriter:
    """Folds each planned document's steps into the rows its ops would have left."""

    def __init__(
        self,
        seed: int,
        users: dict[str, str],
        pool: list[tuple[str, int, int]],
        by_topic: dict[str, list[int]],
        stamps: Stamps,
        columns: list[str],
    ) -> None:
        self.seed = seed
        self.users = users
        self.pool = pool
        self.by_topic = by_topic
        self.stamps = stamps
        self.columns = columns
        self.numbers: Counter[str] = Counter()
        self.registers: dict[str, tuple[int, bool, dt.datetime]] = {}
        self.states: Counter[str] = Counter()
        self.docs_by_day: dict[dt.date, list[str]] = {}
        # --distinct-text: each document its own (made-up) file and text; the table to fill
        self.distinct_text = False
        self.file_text_table = ""

    def compose(self, doc: generate.Doc) -> generate.Doc:
        """The document with `bench.archive_text`'s type, số/ký hiệu and trích yếu."""
        draft = doc.draft
        agency = draft.issuing_agency
        agency_i = _AGENCY_INDEX[agency]
        assert draft.document_date is not None
        text = archive_text.compose(
            self.seed, doc.id, draft.document_date, agency, AGENCIES[agency_i][2], _yearly(agency_i)
        )
        doc.draft = replace(
            draft,
            code_number=text.code_number,
            code_notation=text.code_notation,
            doc_type=text.doc_type,
            summary=text.summary,
        )
        choices = self.by_topic.get(text.topic) or list(range(len(self.pool)))
        doc.pdf = choices[int(doc.id[:8], 16) % len(choices)]
        return doc

    def fold(self, index: int, doc: generate.Doc, events: list[generate.Event]) -> DocRows:
        """The document's row, assignments and history after its events (in time order)."""
        entity = f"incoming:{doc.id}"
        sha, size, pages = self.pool[doc.pdf]
        if self.distinct_text and any(ev.step == REGISTER for ev in events):
            sha = hashlib.sha256(f"bulk-text:{self.seed}:{doc.id}".encode()).hexdigest()
        v: dict[str, Any] = dict.fromkeys(self.columns)
        rows = DocRows(index, doc, v, None, [], [])
        primary: list[Any] | None = None
        for counter, ev in enumerate(events):
            op_id, key, at = self.stamps.next(ev.at, counter)
            actor = self.users[ev.actor]
            text, detail, kind = "", {}, ""
            if ev.step == QUEUE:
                kind = "incoming.queued"
                v.update(
                    id=doc.id,
                    state=IncomingState.QUEUED,
                    source=str(doc.source),
                    file_name=doc.file_name,
                    blob=sha,
                    file_size=size,
                    queued_at=at,
                    queued_by=actor,
                    page_count=pages,
                    code_number="",
                    code_notation="",
                    issuing_agency="",
                    doc_type="",
                    summary="",
                    signer_name="",
                    signer_position="",
                    urgency="normal",
                    confidentiality="normal",
                    language="Tiếng Việt",
                    note="",
                    recipients_text="",
                    instruction="",
                    result_note="",
                    return_reason="",
                    search_text=fold(doc.file_name),
                )
                detail = {"file_name": doc.file_name, "source": str(doc.source)}
            elif ev.step == DISCARD:
                kind = "incoming.discarded"
                v["state"] = IncomingState.DISCARDED
                v["return_reason"] = text = "Tệp quét trùng, không phải văn bản mới."
            elif ev.step == REGISTER:
                kind = "incoming.registered"
                d = doc.draft
                v.update(
                    state=IncomingState.REGISTERED,
                    registered_at=at,
                    registered_by=actor,
                    code_number=d.code_number,
                    code_notation=d.code_notation,
                    document_date=d.document_date.isoformat() if d.document_date else None,
                    issuing_agency=d.issuing_agency,
                    doc_type=d.doc_type,
                    summary=d.summary,
                    signer_name=d.signer_name,
                    signer_position=d.signer_position,
                    urgency=str(d.urgency),
                    confidentiality=str(d.confidentiality),
                    page_count=None,
                    language=d.language,
                    arrival_date=d.arrival_date.isoformat() if d.arrival_date else None,
                )
                rows.registered_at = ev.at
                detail = {"arrival_number": None, "year": None}  # given with the number
                assert d.arrival_date is not None
                self.docs_by_day.setdefault(d.arrival_date, []).append(doc.id)
            elif ev.step == SUBMIT:
                kind = "incoming.submitted"
                v.update(state=IncomingState.SUBMITTED, submitted_to=self.users[doc.leader])
                v["return_reason"] = ""
                detail = {"to": v["submitted_to"]}
            elif ev.step == ASSIGN:
                kind = "incoming.assigned"
                due = doc.due.isoformat() if doc.due else None
                v.update(
                    state=IncomingState.ASSIGNED,
                    instruction=doc.instruction,
                    due_date=due,
                    assigned_by=actor,
                    assigned_at=at,
                    return_reason="",
                )
                text = doc.instruction
                detail = {"handlers": doc.handlers, "due_date": due}
                for h in doc.handlers:
                    row = [doc.id, h["kind"], h["id"], h["role"], "pending", "", at]
                    rows.assignments.append(row)
                    if h["role"] == "primary":
                        primary = row
            elif ev.step == PROGRESS:
                kind = "incoming.progressed"
                assert primary is not None
                primary[4], primary[5], primary[6] = "in_progress", doc.progress_note, at
                text = doc.progress_note
            elif ev.step == COMPLETE:
                kind = "incoming.completed"
                assert primary is not None
                primary[4], primary[6] = "done", at
                v.update(
                    state=IncomingState.COMPLETED,
                    result_note=doc.result_note,
                    completed_at=at,
                    completed_by=actor,
                )
                text = doc.result_note
            rows.history.append((op_id, entity, key, at, actor, kind, text, _dump(detail)))
            rows.head = key
        return rows

    def number(self, rows: DocRows) -> None:
        """Give the registered document its số đến (called in registration order)."""
        v = rows.values
        if rows.registered_at is not None:
            draft = rows.doc.draft
            assert draft.arrival_date is not None
            year = draft.arrival_date.year
            register_id = register_id_for(year, draft.confidentiality)
            self.numbers[register_id] += 1
            number = self.numbers[register_id]
            v.update(register_id=register_id, year=year, arrival_number=number)
            if register_id not in self.registers:
                secret = draft.confidentiality != Confidentiality.NORMAL
                self.registers[register_id] = (year, secret, rows.registered_at)
            for i, h in enumerate(rows.history):
                if h[5] == "incoming.registered":
                    detail = _dump({"arrival_number": number, "year": year})
                    rows.history[i] = (*h[:7], detail)
        code = (
            f"{v['code_number']}/{v['code_notation']}" if v["code_notation"] else v["code_number"]
        )
        if v["state"] != IncomingState.QUEUED and v["state"] != IncomingState.DISCARDED:
            parts = [code, v["issuing_agency"], v["summary"], v["doc_type"], v["signer_name"]]
            parts.append(v["file_name"])
            if v["arrival_number"]:
                parts.append(str(v["arrival_number"]))
            v["search_text"] = fold(" ".join(p for p in parts if p))
        self.states[str(v["state"])] += 1

    def file_text(self, rows: DocRows) -> str:
        """What the text layer of the document's own PDF would hold (--distinct-text)."""
        d = rows.doc.draft
        assert d.document_date is not None
        body = document_body(self.seed, rows.doc.id, d.document_date, d.issuing_agency)
        code = f"{d.code_number}/{d.code_notation}" if d.code_notation else d.code_number
        return f"{d.issuing_agency}\nSố: {code}\n{d.doc_type}\n{d.summary}\n{body}"

    def emit(self, rows: DocRows, batch: Batch) -> None:
        """Queue the document's rows."""
        batch.add("incoming_documents", tuple(rows.values[c] for c in self.columns))
        if self.distinct_text and self.file_text_table and rows.registered_at is not None:
            text = self.file_text(rows)
            batch.add(self.file_text_table, (rows.values["blob"], "done", text))
        for a in rows.assignments:
            batch.add("incoming_assignments", tuple(a))
        for h in rows.history:
            batch.add("history_entries", h)
        batch.add("entity_heads", (f"incoming:{rows.doc.id}", rows.head))
        v = rows.values
        if v["arrival_number"]:  # the claim's series is the register, as IncomingService has it
            batch.add("number_claims", (v["register_id"], v["year"], v["arrival_number"], v["id"]))


def _chunks(items: list[dt.datetime], size: int) -> Iterator[tuple[int, list[dt.datetime]]]:
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def write_incoming(
    db: sqlite3.Connection,
    writer: IncomingWriter,
    planner: generate.Planner,
    arrivals: list[dt.datetime],
    now: dt.datetime,
    clerk: str,
) -> int:
    """Plan, fold and insert the documents, CHUNK at a time; returns the rows written."""
    pending: list[DocRows] = []  # registered, waiting for their number
    written = 0
    t0 = time.perf_counter()
    for start, chunk in _chunks(arrivals, CHUNK):
        batch = Batch()
        for i, arrived in enumerate(chunk, start):
            doc = writer.compose(planner.document(i, arrived))
            events = [ev for ev in planner.timeline(i, doc) if ev.at <= now]
            rows = writer.fold(i, doc, events)
            if rows.registered_at is None:
                writer.number(rows)
                writer.emit(rows, batch)
            else:
                pending.append(rows)
        # Every later document arrives (so registers) after the next chunk's first arrival:
        # what registered before it can be numbered now, in registration order.
        nxt = start + CHUNK
        cut = arrivals[nxt].astimezone(dt.UTC) if nxt < len(arrivals) else None
        pending.sort(key=lambda r: (r.registered_at, r.index))
        keep = []
        for rows in pending:
            assert rows.registered_at is not None
            if cut is None or rows.registered_at < cut:
                writer.number(rows)
                writer.emit(rows, batch)
            else:
                keep.append(rows)
        pending = keep
        with db:
            written += batch.write(db)
        done = min(nxt, len(arrivals))
        spent = time.perf_counter() - t0
        print(
            f"  …{chunk[-1]:%d/%m/%Y}: {done:>8} documents, {written:>9} rows"
            f" | {spent:,.0f} s, {done / spent:,.0f} documents/s",
            flush=True,
        )
    batch = Batch()
    stamps = writer.stamps
    for register_id, (year, secret, at) in sorted(writer.registers.items()):
        name = f"Sổ văn bản đến mật năm {year}" if secret else f"Sổ văn bản đến năm {year}"
        payload = {"kind": "incoming", "year": year, "name": name, "confidential": secret}
        op_id, key, stamp = stamps.next(at - dt.timedelta(seconds=1))
        batch.add("registers", (register_id, "incoming", year, name, secret, ""))
        entity = f"register:{register_id}"
        batch.add(
            "history_entries",
            (op_id, entity, key, stamp, clerk, "register.set", "", _dump(payload)),
        )
        batch.add("entity_heads", (entity, key))
    with db:
        written += batch.write(db)
    return written


# -- tasks


def write_tasks(
    db: sqlite3.Connection,
    stamps: Stamps,
    users: dict[str, str],
    units: dict[str, str],
    docs_by_day: dict[dt.date, list[str]],
    count: int,
    seed: int,
    now: dt.datetime,
    years: float,
) -> Counter[str]:
    """Plan `count` tasks as `bench.generate_work` does and insert what its ops would leave."""
    rng = random.Random(seed)
    today = now.astimezone(VN_TZ).date()
    first = today - dt.timedelta(days=int(365 * years)) + dt.timedelta(days=7)
    days = [d for d in generate_work._days(first, today) if generate_work.is_working_day(d)]
    weights = [1 + 0.3 * i / len(days) for i in range(len(days))]
    planner = generate_work.Planner(rng, users, units, docs_by_day)
    columns = _columns(db, "tasks")
    states: Counter[str] = Counter()
    batch = Batch()
    for day in sorted(rng.choices(days, weights=weights, k=count)):
        assigned = min(
            generate_work._office(day, rng), now.astimezone(VN_TZ) - dt.timedelta(minutes=30)
        )
        plan = planner.task(assigned)
        _fold_task(plan, now, users, stamps, columns, batch, states)
        if sum(len(r) for r in batch.rows.values()) > 200_000:
            with db:
                batch.write(db)
    with db:
        batch.write(db)
    return states


def _fold_task(
    plan: generate_work.Plan,
    now: dt.datetime,
    users: dict[str, str],
    stamps: Stamps,
    columns: list[str],
    batch: Batch,
    states: Counter[str],
) -> None:
    """Queue the rows the tasks reducers leave for `plan`'s steps up to `now`."""
    w = generate_work
    entity = f"task:{plan.id}"
    v: dict[str, Any] = dict.fromkeys(columns)
    head = ""
    steps = [s for s in plan.steps if s[0].astimezone(dt.UTC) <= now]
    for counter, (when, actor_login, step) in enumerate(steps):
        op_id, key, at = stamps.next(when, counter)
        actor = users[actor_login]
        text, detail, kind = "", {}, ""
        if step == w.ASSIGN:
            kind = "task.assigned"
            v.update(
                id=plan.id,
                title=plan.title,
                description="",
                state=TaskState.ASSIGNED,
                priority=plan.priority,
                source=plan.source,
                assigned_by=actor,
                assigned_at=at,
                primary_kind=plan.primary["kind"],
                primary_id=plan.primary["id"],
                unit_id=plan.unit_id,
                due_date=plan.due.isoformat() if plan.due else None,
                progress=0,
                progress_note="",
                extension_reason="",
                return_comment="",
                search_text=fold(plan.title),
            )
            detail = {
                "primary": plan.primary,
                "coordinators": plan.coordinators,
                "due_date": v["due_date"],
                "files": [],
            }
            batch.add(
                "task_participants", (plan.id, plan.primary["kind"], plan.primary["id"], "primary")
            )
            for c in plan.coordinators:
                batch.add("task_participants", (plan.id, c["kind"], c["id"], "coordinate"))
        elif step == w.PROGRESS:
            kind = "task.progressed"
            v.update(progress=plan.percent, progress_note=plan.note, state=TaskState.IN_PROGRESS)
            text = plan.note
            detail = {"percent": plan.percent, "as": "primary", "files": []}
        elif step == w.ASK:
            kind = "task.extension_asked"
            new = plan.new_due.isoformat() if plan.new_due else None
            v.update(extension_due=new, extension_reason="Cần thêm thời gian xác minh.")
            text = v["extension_reason"]
            detail = {"from": v["due_date"], "to": new}
        elif step == w.GRANT:
            kind = "task.extension_granted"
            detail = {"from": v["due_date"], "to": v["extension_due"]}
            v.update(due_date=v["extension_due"], extension_due=None, extension_reason="")
        elif step == w.REFUSE:
            kind = "task.extension_refused"
            text = "Cần hoàn thành đúng hạn."
            detail = {"to": v["extension_due"]}
            v.update(extension_due=None, extension_reason="")
        elif step == w.FINISH:
            kind = "task.finished"
            text = "Đã hoàn thành, báo cáo kết quả."
            v.update(
                state=TaskState.SUBMITTED,
                finished_at=at,
                progress=100,
                progress_note=text,
                return_comment="",
                extension_due=None,
                extension_reason="",
            )
            detail = {"percent": 100, "files": []}
        elif step == w.RETURN:
            kind = "task.returned"
            text = "Bổ sung số liệu còn thiếu."
            v.update(return_comment=text, state=TaskState.IN_PROGRESS, finished_at=None)
        elif step == w.ACCEPT:
            kind = "task.accepted"
            v.update(state=TaskState.DONE, accepted_at=at)
        elif step == w.CANCEL:
            kind = "task.cancelled"
            text = "Nhiệm vụ không còn cần thực hiện."
            v.update(state=TaskState.CANCELLED, extension_due=None, extension_reason="")
        batch.add("history_entries", (op_id, entity, key, at, actor, kind, text, _dump(detail)))
        head = key
    batch.add("tasks", tuple(v[c] for c in columns))
    batch.add("entity_heads", (entity, head))
    states[str(v["state"])] += 1


# -- outgoing documents


_OUT_STEPS = (  # kind, actor role, lag in minutes after the step before
    ("outgoing.created", "drafter", 0),
    ("outgoing.submitted", "drafter", 60),
    ("outgoing.content_approved", "reviewer", 240),
    ("outgoing.form_approved", "clerk", 24 * 60),
    ("outgoing.approved", "signer", 24 * 60),
    ("outgoing.finalized", "clerk", 60),
    ("outgoing.signed", "signer", 120),
    ("outgoing.issued", "clerk", 60),
)
_OUT_STATE = {
    "outgoing.created": "draft",
    "outgoing.submitted": "content_review",
    "outgoing.content_approved": "form_review",
    "outgoing.form_approved": "awaiting_approval",
    "outgoing.approved": "approved",
    "outgoing.finalized": "ready_to_sign",
    "outgoing.signed": "signed",
    "outgoing.issued": "issued",
}


def write_outgoing(
    db: sqlite3.Connection,
    stamps: Stamps,
    users: dict[str, str],
    units: dict[str, str],
    pool: list[tuple[str, int, int]],
    count: int,
    seed: int,
    now: dt.datetime,
    years: float,
) -> Counter[str]:
    """`count` documents the ward wrote, each drafted, reviewed, signed and issued in turn.

    The rows are what `app.journal.reducers.outgoing` leaves for that chain of ops; the
    recent ones are still on their way. Numbers are given per year in the order of issue.
    """
    rng = random.Random(seed + 13)
    now_vn = now.astimezone(VN_TZ)
    starts = generate._arrivals(rng, count, now_vn, years)
    columns = _columns(db, "outgoing_documents")
    file_columns = _columns(db, "outgoing_files")
    unit_abbr = {key: abbr for key, _name, abbr in generate.UNITS}
    drafters = [(login, unit) for unit, logins in generate.OFFICIALS.items() for login in logins]
    clerk = users[generate.CLERK]
    issued: list[tuple[dt.datetime, int, dict[str, Any], list[tuple[Any, ...]]]] = []
    states: Counter[str] = Counter()
    batch = Batch()
    for i, start in enumerate(starts):
        login, unit = rng.choice(drafters)
        signer_login = rng.choice(["chutich", "chutich", generate.LEADER_OF_UNIT[unit]])
        text = archive_text.compose(seed, f"outgoing:{i}", start.date(), ORG.name, "UBND", 900)
        kind = doc_types.doc_type(text.doc_type)
        doc_id = f"{rng.getrandbits(128):032x}"
        sha, size, pages = pool[rng.randrange(len(pool))]
        people = {
            "drafter": users[login],
            "reviewer": users["vp.ha"] if login != "vp.ha" else users["chutich"],
            "clerk": clerk,
            "signer": users[signer_login],
        }
        chair = signer_login == "chutich"
        recipients_text = "- Như trên;\n- Lưu: VT, " + unit_abbr[unit] + "."
        v: dict[str, Any] = dict.fromkeys(columns)
        v.update(
            id=doc_id,
            doc_type=kind.code,
            summary=text.summary,
            notation=doc_types.notation(kind, ORG.abbreviation, unit_abbr[unit]),
            urgency="normal" if rng.random() < 0.9 else "urgent",
            confidentiality="normal",
            recipients_text=recipients_text,
            note="",
            drafting_unit_id=units[unit],
            created_by=people["drafter"],
            signer_id=people["signer"],
            signer_authority="TM. ỦY BAN NHÂN DÂN" if chair else "KT. CHỦ TỊCH",
            signer_position="CHỦ TỊCH" if chair else "PHÓ CHỦ TỊCH",
            signer_certificate="",
            return_reason="",
        )
        v["search_text"] = fold(" ".join((v["notation"], v["summary"], recipients_text)))
        entity = f"outgoing:{doc_id}"
        at = start
        history: list[tuple[Any, ...]] = []
        for counter, (op_kind, role, lag) in enumerate(_OUT_STEPS):
            at = generate._office(at + dt.timedelta(minutes=lag + rng.randint(0, lag // 2)), rng)
            if at.astimezone(dt.UTC) > now:
                break
            op_id, key, stamp = stamps.next(at, counter)
            actor = people[role]
            detail: dict[str, Any] = {}
            v["state"] = _OUT_STATE[op_kind]
            if op_kind == "outgoing.created":
                v["created_at"] = stamp
                name = f"du_thao_{kind.code}_{start:%Y%m%d}.pdf"
                row = dict.fromkeys(file_columns) | {
                    "op_id": f"{op_id}:draft:0",
                    "document_id": doc_id,
                    "role": "draft",
                    "version": 1,
                    "file_name": name,
                    "blob": sha,
                    "size": size,
                    "added_by": actor,
                    "added_at": stamp,
                    "note": "",
                }
                batch.add("outgoing_files", tuple(row[c] for c in file_columns))
                detail = {"file_name": name, "version": 1}
            elif op_kind == "outgoing.submitted":
                v["reviewer_id"] = people["reviewer"]
                detail = {"to": people["reviewer"]}
            elif op_kind == "outgoing.content_approved":
                v["content_reviewed_by"] = actor
            elif op_kind == "outgoing.form_approved":
                v["form_reviewed_by"] = actor
            elif op_kind == "outgoing.approved":
                v["approved_at"] = stamp
            elif op_kind == "outgoing.finalized":
                v.update(final_blob=sha, page_count=pages)
                detail = {"file_name": f"{kind.code}_ky_so.pdf", "source": ""}
            elif op_kind == "outgoing.signed":
                cert = f"CN={signer_login}, O={ORG.name}"
                v.update(signed_blob=sha, signed_at=stamp, signer_certificate=cert)
                detail = {"certificate": cert}
            else:
                v.update(issued_blob=sha, issued_at=stamp, issued_by=actor)
                v.update(issued_date=at.date().isoformat(), copies=rng.randint(2, 8))
            history.append((op_id, entity, key, stamp, actor, op_kind, "", _dump(detail)))
        if v["state"] == "issued":
            issued.append((at, i, v, history))
            if rng.random() < 0.3:
                other = rng.choice(list(units.values()))
                batch.add("outgoing_recipients", (doc_id, "unit", other))
        else:
            _emit_outgoing(v, history, columns, batch, states)
    numbers: Counter[int] = Counter()
    for at, _i, v, history in sorted(issued, key=lambda x: (x[0], x[1])):
        year = at.year
        numbers[year] += 1
        number = numbers[year]
        register_id = f"outgoing-{year}"
        v.update(register_id=register_id, year=year, number=number)
        code = f"{number:02d}/{v['notation']}"
        v["search_text"] = fold(" ".join((code, v["summary"], v["recipients_text"])))
        detail = _dump({"number": number, "year": year, "claim": ""})
        history[-1] = (*history[-1][:7], detail)
        batch.add("number_claims", (register_id, year, number, v["id"]))
        if number == 1:
            name = f"Sổ văn bản đi năm {year}"
            payload = {"kind": "outgoing", "year": year, "name": name, "confidential": False}
            op_id, key, stamp = stamps.next(at - dt.timedelta(seconds=1))
            batch.add("registers", (register_id, "outgoing", year, name, False, ""))
            entity = f"register:{register_id}"
            batch.add(
                "history_entries",
                (op_id, entity, key, stamp, clerk, "register.set", "", _dump(payload)),
            )
            batch.add("entity_heads", (entity, key))
        _emit_outgoing(v, history, columns, batch, states)
    with db:
        batch.write(db)
    return states


def _emit_outgoing(
    v: dict[str, Any],
    history: list[tuple[Any, ...]],
    columns: list[str],
    batch: Batch,
    states: Counter[str],
) -> None:
    """Queue one outgoing document's rows, history and head."""
    batch.add("outgoing_documents", tuple(v[c] for c in columns))
    for h in history:
        batch.add("history_entries", h)
    batch.add("entity_heads", (f"outgoing:{v['id']}", history[-1][2]))
    states[str(v["state"])] += 1


# -- the weekly work schedule


MEETINGS = [
    ("Giao ban lãnh đạo UBND phường", "Phòng họp tầng 2"),
    ("Tiếp công dân định kỳ", "Phòng tiếp công dân"),
    ("Họp Ban Chỉ đạo {topic}", "Hội trường UBND phường"),
    ("Kiểm tra {topic} tại tổ dân phố số {k}", "Tổ dân phố số {k}"),
    ("Làm việc với Đoàn kiểm tra của UBND thành phố về {topic}", "Hội trường UBND phường"),
    ("Hội nghị sơ kết {topic} {q}", "Hội trường UBND phường"),
    ("Dự họp tại UBND thành phố về {topic}", "Trụ sở UBND thành phố"),
    ("Đối thoại với nhân dân về {topic}", "Nhà văn hóa tổ dân phố số {k}"),
]


def write_schedule(
    db: sqlite3.Connection,
    stamps: Stamps,
    users: dict[str, str],
    units: dict[str, str],
    seed: int,
    now: dt.datetime,
    years: float,
) -> tuple[int, int]:
    """A published week of 8–18 entries for every past week (and a draft for this one)."""
    rng = random.Random(seed + 11)
    today = now.astimezone(VN_TZ).date()
    monday = today - dt.timedelta(days=today.weekday() + int(365 * years))
    monday -= dt.timedelta(days=monday.weekday())
    leaders = [users[x] for x in generate.LEADERS]
    clerk = users[generate.CLERK]
    unit_ids = list(units.values())
    officials = [users[x] for xs in generate.OFFICIALS.values() for x in xs]
    batch = Batch()
    weeks = entries = 0
    while monday <= today:
        iso = monday.isocalendar()
        week_id = f"{iso.year}-W{iso.week:02d}"
        entity = f"schedule:{week_id}"
        current = monday + dt.timedelta(days=7) > today
        drafted = generate._at(monday - dt.timedelta(days=3), 9 * 60)
        key = ""
        for counter in range(rng.randint(8, 18)):
            day = monday + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5]))
            session = rng.choice(["morning", "morning", "afternoon"])
            start = rng.choice(
                ["07:30", "08:00", "08:30", "09:00"]
                if session == "morning"
                else ["13:30", "14:00", "15:00"]
            )
            template, where = rng.choice(MEETINGS)
            topic = rng.choice(archive_text.TOPICS).name
            fields = {
                "topic": topic,
                "k": rng.randint(1, 24),
                "q": rng.choice(archive_text.QUARTERS),
            }
            entry_id = f"{rng.getrandbits(128):032x}"
            op_id, key, at = stamps.next(drafted, counter)
            chair = rng.choice(leaders)
            prep = rng.choice(unit_ids)
            content = template.format(**fields)
            location = where.format(**fields)
            batch.add(
                "schedule_entries",
                (
                    entry_id,
                    week_id,
                    day.isoformat(),
                    session,
                    start,
                    None,
                    content,
                    chair,
                    "",
                    location,
                    prep,
                    "",
                    False,
                    "",
                    None,
                    False,
                    "",
                    None,
                    None,
                    clerk,
                    at,
                ),
            )
            people = {("unit", prep)} | {
                ("user", rng.choice(officials)) for _ in range(rng.randint(0, 3))
            }
            for kind, pid in sorted(people):
                batch.add("schedule_participants", (entry_id, kind, pid))
            batch.add(
                "history_entries",
                (
                    op_id,
                    entity,
                    key,
                    at,
                    clerk,
                    "schedule.entry_added",
                    "",
                    _dump(
                        {
                            "entry": entry_id,
                            "content": content,
                            "day": day.isoformat(),
                            "start_time": start,
                            "amendment": False,
                        }
                    ),
                ),
            )
            entries += 1
        state, published_by, published_at, submitted_at = ScheduleState.DRAFT, None, None, None
        head = key
        if not current:
            sub = drafted + dt.timedelta(hours=2)
            pub = drafted + dt.timedelta(hours=5)
            op_id, key, submitted_at = stamps.next(sub)
            batch.add(
                "history_entries",
                (op_id, entity, key, submitted_at, clerk, "schedule.submitted", "", "{}"),
            )
            chair = rng.choice(leaders)
            op_id, head, published_at = stamps.next(pub)
            batch.add(
                "history_entries",
                (op_id, entity, head, published_at, chair, "schedule.published", "", "{}"),
            )
            state, published_by = ScheduleState.PUBLISHED, chair
        batch.add(
            "schedule_weeks",
            (
                week_id,
                monday.isoformat(),
                str(state),
                0 if current else 1,
                "",
                None if current else clerk,
                submitted_at,
                published_by,
                published_at,
                "",
            ),
        )
        batch.add("entity_heads", (entity, head))
        weeks += 1
        monday += dt.timedelta(days=7)
    with db:
        batch.write(db)
    return weeks, entries


# -- the whole


def _drop_indexes(db: sqlite3.Connection) -> list[str]:
    """Drop the filled tables' indexes; their CREATE statements, to run after the load."""
    marks = ",".join("?" * len(TABLES))
    found = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        TABLES,
    ).fetchall()
    for name, _sql in found:
        db.execute(f"DROP INDEX {name}")
    return [sql for _name, sql in found]


def _sizes(root: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_size for p in (root / "space.db", root / "space.db-wal") if p.exists()
    } | {"blobs": sum(p.stat().st_size for p in (root / "blobs").rglob("*") if p.is_file())}


def generate_bulk(
    root: Path,
    documents: int,
    seed: int,
    years: float = generate.YEARS,
    tasks: int | None = None,
    pdfs: int = 500,
    outgoing: int | None = None,
    schedule: bool = True,
    keep_indexes: bool = False,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    distinct_text: bool = False,
) -> dict[str, float]:
    """Create the space at `root` and fill its projection; returns the timings in seconds."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    now_vn = now.astimezone(VN_TZ)
    first_day = now_vn.date() - dt.timedelta(days=int(365 * years) + 2)
    clock = generate.PlannedClock(generate._at(first_day, 8 * 60).astimezone(dt.UTC))
    print(f"Creating the ward at {root} …", flush=True)
    space, units, users = generate._setup(root, clock, rng, keyring_backend)
    timings["setup"] = time.perf_counter() - started
    print(f"  organisation, {len(units)} units, {len(users)} users: {timings['setup']:.1f} s")

    t0 = time.perf_counter()
    pool, by_topic, per_pdf = render_pool(space, seed, pdfs, now_vn.date(), years)
    timings["pdfs"] = time.perf_counter() - t0
    timings["per_pdf"] = per_pdf
    print(
        f"  {pdfs} distinct PDFs rendered and stored: {timings['pdfs']:.1f} s "
        f"({per_pdf * 1000:.0f} ms to render one)",
        flush=True,
    )
    clock.set(now)
    space.close()

    db = sqlite3.connect(root / "space.db", isolation_level=None)
    db.isolation_level = ""  # `with db:` opens and commits one transaction
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")  # 256 MiB
    db.execute("PRAGMA temp_store = MEMORY")
    _check_schema(db)
    indexes = [] if keep_indexes else _drop_indexes(db)
    stamps = Stamps()
    gc.collect()
    gc.freeze()

    t0 = time.perf_counter()
    arrivals = generate._arrivals(rng, documents, now_vn, years)
    planner = generate.Planner(rng, units, users, {})
    writer = IncomingWriter(seed, users, pool, by_topic, stamps, _columns(db, "incoming_documents"))
    if distinct_text:
        writer.distinct_text = True
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_file_text'").fetchone():
            writer.file_text_table = "search_file_text"
        else:
            print("  no search_file_text table: the documents' texts are not stored", flush=True)
    rows = write_incoming(db, writer, planner, arrivals, now, users[generate.CLERK])
    timings["incoming"] = time.perf_counter() - t0
    print(
        f"  incoming: {documents} documents, {rows} rows: {timings['incoming']:.1f} s "
        f"({documents / timings['incoming']:,.0f} documents/s); states {dict(writer.states)}",
        flush=True,
    )

    n_tasks = documents // 5 if tasks is None else tasks
    t0 = time.perf_counter()
    task_states = write_tasks(
        db, stamps, users, units, writer.docs_by_day, n_tasks, seed + 1, now, years
    )
    timings["tasks"] = time.perf_counter() - t0
    print(f"  tasks: {n_tasks}: {timings['tasks']:.1f} s; states {dict(task_states)}", flush=True)

    n_outgoing = documents // 4 if outgoing is None else outgoing
    t0 = time.perf_counter()
    out_states = write_outgoing(db, stamps, users, units, pool, n_outgoing, seed, now, years)
    timings["outgoing"] = time.perf_counter() - t0
    print(
        f"  outgoing: {n_outgoing}: {timings['outgoing']:.1f} s; states {dict(out_states)}",
        flush=True,
    )

    if schedule:
        t0 = time.perf_counter()
        weeks, entries = write_schedule(db, stamps, users, units, seed, now, years)
        timings["schedule"] = time.perf_counter() - t0
        print(f"  schedule: {weeks} weeks, {entries} entries: {timings['schedule']:.1f} s")

    t0 = time.perf_counter()
    for sql in indexes:
        db.execute(sql)
    timings["indexes"] = time.perf_counter() - t0
    print(f"  {len(indexes)} indexes made again: {timings['indexes']:.1f} s", flush=True)
    # the rows skipped the journal's apply path, which keeps the search index: the space's
    # first search (or `ward-office index rebuild`) builds it
    with db:
        db.execute("DELETE FROM search_meta")
    t0 = time.perf_counter()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    timings["checkpoint"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    sizes = _sizes(root)
    mib = 1024 * 1024
    print(
        "Sizes: "
        + ", ".join(f"{name} {size / mib:,.1f} MiB" for name, size in sizes.items())
        + f"; total {timings['total']:.1f} s"
    )
    return timings


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate_bulk",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--space", type=Path, required=True, help="folder of the new space")
    parser.add_argument("--documents", type=int, default=100_000, help="incoming documents")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    parser.add_argument("--years", type=float, default=generate.YEARS, help="years of archive")
    parser.add_argument("--tasks", type=int, help="tasks (default: a fifth of --documents)")
    parser.add_argument("--pdfs", type=int, default=500, help="distinct PDFs in the pool")
    parser.add_argument(
        "--outgoing", type=int, help="outgoing documents (default: a quarter of --documents)"
    )
    parser.add_argument("--no-schedule", action="store_true", help="no weekly work schedule")
    parser.add_argument(
        "--keep-indexes", action="store_true", help="insert with the indexes in place"
    )
    parser.add_argument(
        "--distinct-text",
        action="store_true",
        help="each registered document gets a made-up file of its own, whose text (its own "
        "body) goes straight into the search index's file-text table; the files do not exist",
    )
    args = parser.parse_args(argv)
    if args.documents < 1 or args.pdfs < 1:
        parser.error("--documents and --pdfs must be at least 1")
    generate_bulk(
        args.space,
        args.documents,
        args.seed,
        args.years,
        args.tasks,
        args.pdfs,
        args.outgoing,
        not args.no_schedule,
        args.keep_indexes,
        distinct_text=args.distinct_text,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
