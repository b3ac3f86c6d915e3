"""The search index: two FTS5 tables plus a plain table of filterable facts, kept in step with
the projection.

`search_fts` holds each row's metadata (title and body as written, and folded), small enough
to search and rank quickly; `search_files_fts` is contentless and holds the folded text of
everything including the files' text, to find what only a file says. Both carry the row's
visibility tokens (`app.search.acl`). The files' text itself is kept once, in
`search_file_text`; a row's `files_in` lists the files whose text went into its index entry, so
that entry can be taken out again exactly (a contentless table must be told what to remove).

`refresh_entity` is called by the journal's apply path in the same transaction as the
projection change (and after a re-fold), so what is registered is found at once and the index
of an entity is always a function of its projection rows. Rows are keyed by (kind, ref):
incoming, outgoing, task, and schedule (one row per entry; `scope` is the week).

File text comes from `search_file_text` (device-local, filled outside write transactions by
`SearchService.index_pending_files`); a row whose files are not all read yet has
`files_state = "pending"`.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    column,
    delete,
    event,
    func,
    insert,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from app.models import (
    IncomingAssignment,
    IncomingDocument,
    OutgoingDocument,
    OutgoingFile,
    OutgoingRecipient,
    ScheduleEntry,
    ScheduleParticipant,
    ScheduleWeek,
    Task,
    TaskFile,
    TaskParticipant,
    Unit,
    User,
)
from app.models.enums import AssigneeKind, AssignmentRole, IncomingState
from app.search import acl
from app.search.fold_query import code_variants, nfc
from app.textfold import fold

INDEX_VERSION = "2"  # bump to rebuild every space's index at its next search
FTS = "search_fts"
FILES_FTS = "search_files_fts"
KINDS = ("incoming", "outgoing", "task", "schedule")
_NOT_INDEXED = (IncomingState.QUEUED, IncomingState.DISCARDED)
MAX_FILE_TEXT = 300_000  # characters of one file's text kept in the index
_BATCH = 1000  # incoming documents read and written at once by a rebuild

# Not ORM models (kept out of Base.metadata: not compared by the migration test, not part of
# the state hash); created by migration 0006.
meta = MetaData()
docs = Table(
    "search_docs",
    meta,
    Column("rowid", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("ref", String(40), nullable=False),
    Column("scope", String(40), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("day", Date, nullable=True),
    Column("doc_type", String(100), nullable=False, default=""),  # folded, for filters
    Column("agency", String(200), nullable=False, default=""),  # folded, for filters
    Column("unit_id", String(40), nullable=True),
    Column("state", String(20), nullable=False, default=""),
    Column("blobs", Text, nullable=False, default=""),
    Column("files_state", String(10), nullable=False, default=""),
    Column("people", Text, nullable=False, default=""),  # ids of the users/units named
    Column("files_in", Text, nullable=False, default=""),  # shas whose text is indexed
)
# the FTS5 tables, for building queries (created by hand in 0007)
fts = table(
    FTS,
    column("rowid"),
    column("title"),
    column("body"),
    column("ftitle"),
    column("fmeta"),
    column("acl"),
)
file_text = Table(
    "search_file_text",
    meta,
    Column("sha", String(64), primary_key=True),
    Column("status", String(12), nullable=False),  # done / needs_ocr / unsupported / failed
    Column("text", Text, nullable=False, default=""),
)


@dataclass
class IndexDoc:
    """What one searchable thing puts into the index."""

    kind: str
    ref: str
    title: str
    body: list[str]
    scope: str = ""
    day: dt.date | None = None
    doc_type: str = ""
    agency: str = ""
    unit_id: str | None = None
    state: str = ""
    codes: list[str] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    people: list[str | None] = field(default_factory=list)
    acl: list[str] = field(default_factory=list)


class Names:
    """User and unit names, read once per refresh (or once for a whole rebuild)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._users: dict[str, str] | None = None
        self._units: dict[str, str] | None = None

    def user(self, user_id: str | None) -> str:
        """A user's full name ("" for none)."""
        if self._users is None:
            rows = self._session.execute(select(User.id, User.full_name))
            self._users = {user_id: name for user_id, name in rows}
        return self._users.get(user_id or "", "")

    def unit(self, unit_id: str | None) -> str:
        """A unit's name ("" for none)."""
        if self._units is None:
            rows = self._session.execute(select(Unit.id, Unit.name))
            self._units = {unit_id: name for unit_id, name in rows}
        return self._units.get(unit_id or "", "")


def _date(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _doc_type_name(code: str) -> str:
    from app.documents.doc_types import doc_type

    try:
        return doc_type(code).name
    except KeyError:
        return code


@dataclass
class Assignments:
    """Who handles each incoming document: the primary unit, and every person or unit."""

    primary_unit: dict[str, str] = field(default_factory=dict)
    assignees: dict[str, list[str]] = field(default_factory=dict)


def _assignments(session: Session, doc_ids: list[str]) -> Assignments:
    rows = session.execute(
        select(
            IncomingAssignment.document_id,
            IncomingAssignment.assignee_kind,
            IncomingAssignment.assignee_id,
            IncomingAssignment.role,
        ).where(IncomingAssignment.document_id.in_(doc_ids))
    )
    found = Assignments()
    for doc_id, kind, assignee, role in rows:
        found.assignees.setdefault(doc_id, []).append(assignee)
        if role == AssignmentRole.PRIMARY and kind == AssigneeKind.UNIT:
            found.primary_unit[doc_id] = assignee
    return found


def _incoming_docs(session: Session, ids: list[str]) -> list[IndexDoc]:
    """What a batch of incoming documents puts into the index, in the order of `ids`."""
    d = IncomingDocument
    found = {r.id: r for r in session.scalars(select(d).where(d.id.in_(ids)))}
    handling = _assignments(session, ids)
    return [b for i in ids if i in found and (b := incoming_doc(found[i], handling))]


def incoming_doc(d: IncomingDocument, handling: Assignments) -> IndexDoc | None:
    """Số/ký hiệu, cơ quan ban hành, trích yếu, loại, người ký, số đến, dates; the unit is
    the primary handling unit."""
    if d.state in _NOT_INDEXED:
        return None
    code = f"{d.code_number}/{d.code_notation}" if d.code_notation else d.code_number
    arrival = f"{d.arrival_number}/{d.year}" if d.arrival_number else ""
    body = [
        code,
        d.issuing_agency,
        d.doc_type,
        f"{d.signer_position} {d.signer_name}".strip(),
        f"Số đến {arrival}" if arrival else "",
        _date(d.document_date),
        _date(d.arrival_date),
        d.recipients_text,
        d.note,
        d.instruction,
        d.file_name,
    ]
    return IndexDoc(
        "incoming",
        d.id,
        d.summary or d.file_name,
        body,
        day=d.arrival_date or d.document_date,
        doc_type=d.doc_type,
        agency=d.issuing_agency,
        unit_id=handling.primary_unit.get(d.id),
        state=d.state,
        codes=[code],
        blobs=[d.blob] if d.blob else [],
        acl=acl.incoming(d.state, handling.assignees.get(d.id, [])),
    )


def outgoing_doc(session: Session, d: OutgoingDocument, names: Names) -> IndexDoc:
    """Số/ký hiệu, trích yếu, loại, người ký, nơi nhận, the latest file's text."""
    code = f"{d.number:02d}/{d.notation}" if d.number is not None else d.notation
    type_name = _doc_type_name(d.doc_type)
    body = [
        code,
        str(d.number) if d.number is not None else "",  # "7" as well as "07"
        type_name,
        f"{d.signer_position} {names.user(d.signer_id)}".strip(),
        d.recipients_text,
        names.unit(d.drafting_unit_id),
        _date(d.issued_date),
        d.note,
    ]
    blob = d.issued_blob or d.signed_blob or d.final_blob
    if blob is None:
        blob = session.scalar(
            select(OutgoingFile.blob)
            .where(OutgoingFile.document_id == d.id, OutgoingFile.role == "draft")
            .order_by(OutgoingFile.version.desc())
            .limit(1)
        )
    recipients = session.scalars(
        select(OutgoingRecipient.recipient_id).where(OutgoingRecipient.document_id == d.id)
    )
    return IndexDoc(
        "outgoing",
        d.id,
        d.summary,
        body,
        day=d.issued_date or d.created_at.date(),
        doc_type=type_name,
        unit_id=d.drafting_unit_id,
        state=d.state,
        codes=[code],
        blobs=[blob] if blob else [],
        people=[d.signer_id, d.drafting_unit_id],
        acl=acl.outgoing(d.state, [d.created_by, d.reviewer_id, d.signer_id], recipients),
    )


def task_doc(session: Session, t: Task, names: Names) -> IndexDoc:
    """Title and description (and the text of the assigner's attachments)."""
    files = session.scalars(
        select(TaskFile.blob).where(TaskFile.task_id == t.id).order_by(TaskFile.id)
    ).all()
    participants = session.scalars(
        select(TaskParticipant.assignee_id).where(TaskParticipant.task_id == t.id)
    )
    return IndexDoc(
        "task",
        t.id,
        t.title,
        [t.description, names.user(t.assigned_by), names.unit(t.unit_id), _date(t.due_date)],
        day=t.due_date,
        unit_id=t.unit_id,
        state=t.state,
        blobs=list(dict.fromkeys(files)),
        people=[t.assigned_by, t.unit_id],
        acl=acl.task(t.assigned_by, participants),
    )


def schedule_docs(session: Session, week_id: str, names: Names) -> list[IndexDoc]:
    """Every entry of a week: content, location, participants, chair, date and time."""
    week = session.get(ScheduleWeek, week_id)
    state = week.state if week else ""
    entries = session.scalars(select(ScheduleEntry).where(ScheduleEntry.week_id == week_id)).all()
    people: dict[str, list[str]] = {}
    refs: dict[str, list[str | None]] = {}
    for p in session.scalars(
        select(ScheduleParticipant).where(ScheduleParticipant.entry_id.in_([e.id for e in entries]))
    ):
        name = names.user(p.assignee_id) if p.assignee_kind == "user" else names.unit(p.assignee_id)
        people.setdefault(p.entry_id, []).append(name)
        refs.setdefault(p.entry_id, []).append(p.assignee_id)
    return [
        IndexDoc(
            "schedule",
            e.id,
            e.content,
            [
                _date(e.day),
                e.start_time,
                e.location,
                names.user(e.chair_id),
                ", ".join(sorted(people.get(e.id, []))),
                e.outside_participants,
                names.unit(e.preparing_unit_id),
                e.note,
            ],
            scope=week_id,
            day=e.day,
            unit_id=e.preparing_unit_id,
            state="cancelled" if e.cancelled else state,
            people=[e.chair_id, e.preparing_unit_id, *refs.get(e.id, [])],
            acl=acl.schedule("cancelled" if e.cancelled else state, e.created_by),
        )
        for e in entries
    ]


def _docs_of(session: Session, entity: str, names: Names) -> tuple[str, Iterable[IndexDoc]]:
    """The index rows `entity` should have, and the condition that selects its current ones."""
    kind, _, ref = entity.partition(":")
    match kind:
        case "incoming":
            d = session.get(IncomingDocument, ref)
            built = incoming_doc(d, _assignments(session, [ref])) if d else None
            return "ref", [built] if built else []
        case "outgoing":
            o = session.get(OutgoingDocument, ref)
            return "ref", [outgoing_doc(session, o, names)] if o else []
        case "task":
            t = session.get(Task, ref)
            return "ref", [task_doc(session, t, names)] if t else []
        case "schedule":
            return "scope", schedule_docs(session, ref, names)
    return "", []


_PENDING = "search_pending"  # key in `Session.info`: entities to refresh before the commit


def refresh_later(session: Session, entity: str) -> None:
    """Refresh `entity`'s rows once, before this transaction commits, however many ops touch
    it (a sync batch often brings several for one document)."""
    session.info.setdefault(_PENDING, set()).add(entity)


def refresh_pending(session: Session) -> None:
    """Refresh now the entities marked by `refresh_later` in this transaction."""
    pending: set[str] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    entities = {e for e in pending if e.partition(":")[0] in KINDS}
    for entity in pending:  # a renamed user or unit: the rows that print the name
        kind, _, person_id = entity.partition(":")
        if kind in ("user", "unit"):
            entities |= _naming(session, person_id)
    refresh_entities(session, entities)


def refresh_entities(session: Session, entities: Iterable[str]) -> None:
    """Refresh many entities: incoming documents (most of them, in a large sync batch or when
    many files were read) in batches, as a rebuild writes them."""
    names = Names(session)
    incoming: list[str] = []
    for entity in sorted(set(entities)):
        kind, _, ref = entity.partition(":")
        if kind == "incoming":
            incoming.append(ref)
        else:
            refresh_entity(session, entity, names)
    for start in range(0, len(incoming), _BATCH):
        chunk = incoming[start : start + _BATCH]
        kept = _remove(session, docs.c.kind == "incoming", docs.c.ref.in_(chunk))
        session.flush()
        built = _incoming_docs(session, chunk)
        texts = _file_texts(session, (sha for b in built for sha in b.blobs))
        last = max(int(session.scalar(select(func.max(docs.c.rowid))) or 0), *kept.values(), 0)
        new = iter(range(last + 1, last + 1 + len(built)))  # above the rows taken out too
        _write(session, [_rows(b, texts, kept.get(b.ref) or next(new)) for b in built])


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # the event fires for each savepoint too
        refresh_pending(session)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():  # a refused op's savepoint keeps the others' marks
        session.info.pop(_PENDING, None)


def refresh_entity(session: Session, entity: str, names: Names | None = None) -> None:
    """Make the index rows of one entity match its projection (same transaction).

    A user or unit entity refreshes the rows that print its name (a chair, a signer).
    """
    kind = entity.partition(":")[0]
    if kind in ("user", "unit"):
        _refresh_naming(session, entity.partition(":")[2])
        return
    if kind not in KINDS:
        return
    insert_entity(session, entity, names, remove_entity(session, entity))


def remove_entity(session: Session, entity: str) -> dict[str, int]:
    """Take an entity's rows out of the index (before its files' text changes, say); the
    rowid each row had, by ref, for `insert_entity` to keep."""
    kind, _, ref = entity.partition(":")
    if kind not in KINDS:
        return {}
    by = docs.c.scope if kind == "schedule" else docs.c.ref
    return _remove(session, docs.c.kind == kind, by == ref)


def insert_entity(
    session: Session, entity: str, names: Names | None = None, kept: dict[str, int] | None = None
) -> None:
    """Put an entity's rows into the index, from its projection rows (after `remove_entity`).

    A row keeps the rowid it had (`kept`): rowids order the index by when a document first
    came, which the search reads as "most recent", so a change or a file read later does not
    make a document look new."""
    if entity.partition(":")[0] not in KINDS:
        return
    session.flush()
    _, built = _docs_of(session, entity, names or Names(session))
    kept = kept or {}
    # rows that keep their rowid first: a new one then takes a rowid above all of them
    for doc in sorted(built, key=lambda d: d.ref not in kept):
        _insert(session, doc, kept.get(doc.ref))


def _naming(session: Session, person_id: str) -> set[str]:
    """The entities whose index rows print this user's or unit's name."""
    if not person_id:
        return set()
    rows = session.execute(
        select(docs.c.kind, docs.c.ref, docs.c.scope).where(
            func.instr(docs.c.people, person_id) > 0
        )
    ).all()
    return {entity_of(r.kind, r.ref, r.scope) for r in rows}


def _refresh_naming(session: Session, person_id: str) -> None:
    refresh_entities(session, _naming(session, person_id))


def _fall(ftitle: str, fmeta: str, files: str) -> str:
    """The files table's one column: everything folded (the same inputs give the same text)."""
    return " \n".join(part for part in (ftitle, fmeta, fold(files)) if part)


def _files_text(texts: dict[str, str], shas: Iterable[str]) -> str:
    return nfc("\n".join(texts[b] for b in shas if texts.get(b)))[:MAX_FILE_TEXT]


_FILES_DELETE = text(
    f"INSERT INTO {FILES_FTS}({FILES_FTS}, rowid, fall, acl) VALUES ('delete', :rowid, :fall, :acl)"
)


def _remove(session: Session, *conds: ColumnElement[bool]) -> dict[str, int]:
    """Delete the rows matching `conds` from the three tables; their rowids by ref."""
    rows = session.execute(select(docs.c.rowid, docs.c.ref, docs.c.files_in).where(*conds)).all()
    if not rows:
        return {}
    with_files = [r for r in rows if r.files_in]
    if with_files:
        # a contentless table is told exactly what it indexed: rebuilt from the metadata row
        # and the files' text, which never changes while a row uses it
        texts = _file_texts(session, (b for r in with_files for b in r.files_in.split()))
        entries = {
            e.rowid: e
            for e in session.execute(
                select(fts.c.rowid, fts.c.ftitle, fts.c.fmeta, fts.c.acl).where(
                    fts.c.rowid.in_([r.rowid for r in with_files])
                )
            )
        }
        for r in with_files:
            old = entries[r.rowid]
            files = _files_text(texts, r.files_in.split())
            session.execute(
                _FILES_DELETE,
                {"rowid": r.rowid, "fall": _fall(old.ftitle, old.fmeta, files), "acl": old.acl},
            )
    rowids = [r.rowid for r in rows]
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        session.execute(text(f"DELETE FROM {FTS} WHERE rowid IN ({','.join(map(str, chunk))})"))
    session.execute(delete(docs).where(docs.c.rowid.in_(rowids)))
    return {r.ref: r.rowid for r in rows}


@dataclass
class _Row:
    """What one document writes: its facts, its metadata entry, its files entry (if any)."""

    facts: dict[str, object]
    meta: dict[str, object]
    files: dict[str, object] | None


def _rows(doc: IndexDoc, texts: dict[str, str], rowid: int | None = None) -> _Row:
    """The `search_docs` and FTS values of one document; `texts` holds its files' text."""
    title = nfc(doc.title)
    body = nfc("\n".join(part for part in doc.body if part and part.strip()))
    files_in = [b for b in dict.fromkeys(doc.blobs) if texts.get(b)]
    files = _files_text(texts, files_in)
    variants = [v for code in doc.codes for v in code_variants(code)]
    ftitle = fold(title)
    fmeta = " \n".join(fold(part) for part in (body, " ".join(variants)) if part)
    tokens = acl.column(doc.acl)
    complete = all(b in texts for b in doc.blobs)
    facts: dict[str, object] = {
        "kind": doc.kind,
        "ref": doc.ref,
        "scope": doc.scope,
        "title": title,
        "day": doc.day,
        "doc_type": fold(doc.doc_type),
        "agency": fold(doc.agency),
        "unit_id": doc.unit_id,
        "state": doc.state,
        "blobs": " ".join(doc.blobs),
        "files_state": "" if not doc.blobs else "done" if complete else "pending",
        "people": " ".join(sorted({p for p in doc.people if p})),
        "files_in": " ".join(files_in),
    }
    if rowid is not None:
        facts["rowid"] = rowid
    meta: dict[str, object] = {"rowid": rowid, "title": title, "body": body, "acl": tokens}
    meta |= {"ftitle": ftitle, "fmeta": fmeta}
    entry: dict[str, object] = {"rowid": rowid, "fall": _fall(ftitle, fmeta, files), "acl": tokens}
    return _Row(facts, meta, entry if files else None)


_FTS_INSERT = text(
    f"INSERT INTO {FTS}(rowid, title, body, ftitle, fmeta, acl) "
    "VALUES (:rowid, :title, :body, :ftitle, :fmeta, :acl)"
)
_FILES_INSERT = text(f"INSERT INTO {FILES_FTS}(rowid, fall, acl) VALUES (:rowid, :fall, :acl)")


def _file_texts(session: Session, shas: Iterable[str]) -> dict[str, str]:
    """The text read so far of each of `shas` ("" for a scan or an unreadable file)."""
    wanted = sorted(set(shas))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(file_text.c.sha, file_text.c.text).where(
                file_text.c.sha.in_(wanted[start : start + 500])
            )
        )
        found.update({sha: words for sha, words in rows})
    return found


def file_texts_head(session: Session, shas: Iterable[str], chars: int) -> dict[str, str]:
    """The first `chars` characters of each file's text (for a result's passage)."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    rows = session.execute(
        select(file_text.c.sha, func.substr(file_text.c.text, 1, chars)).where(
            file_text.c.sha.in_(wanted)
        )
    )
    return {sha: head for sha, head in rows}


def _insert(session: Session, doc: IndexDoc, rowid: int | None = None) -> None:
    if rowid is not None and session.scalar(select(docs.c.rowid).where(docs.c.rowid == rowid)):
        rowid = None  # taken meanwhile by a new row of another entity: a new place then
    row = _rows(doc, _file_texts(session, doc.blobs), rowid)
    rowid = session.scalar(insert(docs).returning(docs.c.rowid).values(**row.facts))
    session.execute(_FTS_INSERT, {**row.meta, "rowid": rowid})
    if row.files is not None:
        session.execute(_FILES_INSERT, {**row.files, "rowid": rowid})


search_meta = Table(
    "search_meta",
    meta,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)


saved = Table(
    "search_saved",
    meta,
    Column("id", String(40), primary_key=True),
    Column("user_id", String(40), nullable=False),
    Column("name", String(100), nullable=False),
    Column("query", Text, nullable=False),
    Column("filter", Text, nullable=False, default="{}"),
    Column("created_at", DateTime, nullable=False),
)


def mark_built(session: Session, version: str) -> None:
    """Record that the index holds every row, built with `version` of the index's rules."""
    session.execute(delete(search_meta))
    session.execute(insert(search_meta).values(key="version", value=version))


def built_version(session: Session) -> str:
    """The index version the tables were built with ("" before the first build)."""
    value = session.scalar(select(search_meta.c.value).where(search_meta.c.key == "version"))
    return str(value or "")


def entity_of(kind: str, ref: str, scope: str) -> str:
    """The journal entity whose refresh rebuilds an index row."""
    return f"schedule:{scope}" if kind == "schedule" else f"{kind}:{ref}"


def _others_by_day(session: Session) -> list[tuple[dt.date, str]]:
    """Outgoing documents, tasks and weeks with the day they are filed under, oldest first."""
    o, t = OutgoingDocument, Task
    found: list[tuple[dt.date, str]] = [
        (issued or created.date(), f"outgoing:{i}")
        for i, issued, created in session.execute(select(o.id, o.issued_date, o.created_at))
    ]
    found += [
        (due or created.date(), f"task:{i}")
        for i, due, created in session.execute(select(t.id, t.due_date, t.assigned_at))
    ]
    found += [
        (monday, f"schedule:{i}")
        for i, monday in session.execute(
            select(ScheduleWeek.id, ScheduleWeek.monday).where(
                ScheduleWeek.id.in_(select(ScheduleEntry.week_id))
            )
        )
    ]
    return sorted(found)


def rebuild(session: Session, version: str) -> int:
    """Empty the index and fill it again from the projection; the number of rows made.

    Rows are made oldest first, so that the most recent documents have the highest rowids
    (a search's candidates are the most recent matches). Incoming documents (the bulk of an
    archive) are read and written in batches.
    """
    mark_built(session, version)
    session.execute(delete(docs))
    session.execute(text(f"DELETE FROM {FTS}"))
    session.execute(text(f"INSERT INTO {FILES_FTS}({FILES_FTS}) VALUES ('delete-all')"))
    session.flush()
    d = IncomingDocument
    incoming_ids = list(
        session.scalars(
            select(d.id).order_by(
                func.coalesce(d.arrival_date, d.document_date), d.arrival_number, d.id
            )
        )
    )
    others = deque(_others_by_day(session))
    names = Names(session)
    rowid = 0
    for start in range(0, len(incoming_ids) + 1, _BATCH):
        chunk = incoming_ids[start : start + _BATCH]
        built = _incoming_docs(session, chunk)
        first_day = next((b.day for b in built if b.day is not None), None)
        while others and first_day is not None and others[0][0] <= first_day:
            rowid = _write_entity(session, others.popleft()[1], names, rowid)
        texts = _file_texts(session, (sha for b in built for sha in b.blobs))
        made_rows = []
        for doc in built:
            rowid += 1
            made_rows.append(_rows(doc, texts, rowid))
        _write(session, made_rows)
        session.expunge_all()  # keep memory flat over a large archive
    for _, entity in others:
        rowid = _write_entity(session, entity, names, rowid)
    session.execute(text(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')"))
    session.execute(text(f"INSERT INTO {FILES_FTS}({FILES_FTS}) VALUES ('optimize')"))
    return int(session.scalar(select(func.count()).select_from(docs)) or 0)


def _write_entity(session: Session, entity: str, names: Names, rowid: int) -> int:
    """Write one entity's rows from `rowid` + 1 on; the last rowid used."""
    _, made = _docs_of(session, entity, names)
    for doc in made:
        rowid += 1
        _write(session, [_rows(doc, _file_texts(session, doc.blobs), rowid)])
    return rowid


def _write(session: Session, rows: list[_Row]) -> None:
    if not rows:
        return
    session.execute(insert(docs), [r.facts for r in rows])
    session.execute(_FTS_INSERT, [r.meta for r in rows])
    entries = [r.files for r in rows if r.files is not None]
    if entries:
        session.execute(_FILES_INSERT, entries)


def snapshot(session: Session) -> list[tuple[object, ...]]:
    """Every index row without its rowid, sorted, with the words the files table holds for
    it: equal for equal projections (for tests)."""
    session.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_files_vocab "
            f"USING fts5vocab(main, {FILES_FTS}, instance)"
        )
    )
    words: dict[int, list[tuple[object, ...]]] = {}
    for term, doc, col, offset in session.execute(
        text("SELECT term, doc, col, offset FROM temp.search_files_vocab")
    ):
        words.setdefault(int(doc), []).append((term, col, offset))
    rows = session.execute(
        text(
            f"SELECT d.rowid, d.kind, d.ref, d.scope, d.title, d.day, d.doc_type, d.agency, "
            f"d.unit_id, d.state, d.blobs, d.files_state, d.people, d.files_in, f.title, f.body, "
            f"f.ftitle, f.fmeta, f.acl FROM search_docs d JOIN {FTS} f ON f.rowid = d.rowid"
        )
    ).all()
    found = [(*r[1:], tuple(sorted(words.pop(r[0], [])))) for r in rows]
    found += [("orphan", str(sorted(w))) for w in words.values()]  # files entries of no row
    return sorted(tuple(map(str, r)) for r in found)
