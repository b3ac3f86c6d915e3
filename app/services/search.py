"""Tìm kiếm: ranked, permission-filtered search over documents, tasks and schedule entries.

The index itself (`app.search.index`) is kept up to date by the journal's apply path. This
service answers queries (the visibility rules of the lists applied in SQL, before LIMIT),
rebuilds the index, and reads the text of documents' files in the background.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any, NamedTuple

from sqlalchemy import (
    and_,
    column,
    delete,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.db import LIKE_ESCAPE, like_contains
from app.errors import UserError, ValidationError
from app.i18n import tr
from app.models import (
    IncomingAssignment,
    OutgoingDocument,
    OutgoingRecipient,
    ScheduleEntry,
    Task,
    TaskParticipant,
)
from app.models.enums import OutgoingState, Role, ScheduleState
from app.search import acl, index
from app.search import rank as ranking
from app.search.fold_query import ALL_COLUMN, META_COLUMNS, TITLE_COLUMN, ParsedQuery, parse
from app.search.index import FILES_FTS, FTS, INDEX_VERSION, docs, file_text
from app.search.snippet import Segment, snippet
from app.search.text_extract import TextStatus, extract
from app.services.auth import AuthContext, CurrentUser
from app.services.ids import new_id
from app.services.incoming_lists import mine_of
from app.services.search_dto import (
    COUNT_CAP,
    PAGE_SIZE,
    SAVED_NAME_MAX,
    SAVED_QUERY_MAX,
    FileIndexReport,
    SavedSearch,
    SearchFilter,
    SearchHit,
    SearchKind,
    SearchPage,
    filter_from_json,
    filter_to_json,
)
from app.textfold import fold, sort_key
from app.timeutil import Clock

SNIPPET_FILE_CHARS = 50_000  # a snippet is looked for in the start of a file's text
CANDIDATES = 1_000  # the most recent matches ranked by each step of a search
FEW_CANDIDATES = 100  # scored on their own text: cheaper than an engine query per form
SPARSE = 1_000  # rows of the index per candidate above which the same holds (a wide window)
PREFIX_INDEXED = 3  # prefixes up to this length have an index of their own (migration 0007)
PENDING_ROWS = 500  # documents waiting for their files looked at by one round of reading

log = logging.getLogger(__name__)


def _assigned(table: Any, key: Any, user: CurrentUser) -> Any:
    """Whether `table` (assignments or participants, keyed by `key`) names the user or unit."""
    return exists().where(key == docs.c.ref, mine_of(user, table))


def _incoming(user: CurrentUser) -> Any:
    """As the "Tất cả" list: the register for clerks, leaders and admins, else assignments."""
    conds: list[Any] = [docs.c.kind == "incoming", docs.c.state.notin_(acl.HIDDEN_INCOMING)]
    if not user.roles & acl.SEES_ALL_INCOMING:
        conds.append(_assigned(IncomingAssignment, IncomingAssignment.document_id, user))
    return and_(*conds)


def _outgoing(user: CurrentUser) -> Any:
    """The union of the outgoing lists the user has: own drafts, reviews, signatures, the
    clerk's form checks and issuing, issued documents (all for clerks, leaders and admins;
    else those the user took part in or that were sent to them or their unit)."""
    d = OutgoingDocument
    delivered = exists().where(
        OutgoingRecipient.document_id == docs.c.ref,
        OutgoingRecipient.recipient_id.in_([user.id, user.unit_id or ""]),
    )
    involved = exists().where(
        d.id == docs.c.ref,
        or_(d.created_by == user.id, d.reviewer_id == user.id, d.signer_id == user.id),
    )
    parts: list[Any] = [involved]
    if Role.CLERK in user.roles:
        parts.append(docs.c.state.in_(acl.CLERK_OUTGOING))
    elif user.roles & {Role.LEADER, Role.ADMIN}:
        parts.append(docs.c.state == OutgoingState.ISSUED)
    else:
        parts.append(and_(docs.c.state == OutgoingState.ISSUED, delivered))
    return and_(docs.c.kind == "outgoing", or_(*parts))


def _tasks(user: CurrentUser) -> Any:
    """Every task for a leader; else those the user assigned or takes part in."""
    if Role.LEADER in user.roles:
        return docs.c.kind == "task"
    assigned = exists().where(Task.id == docs.c.ref, Task.assigned_by == user.id)
    takes_part = _assigned(TaskParticipant, TaskParticipant.task_id, user)
    return and_(docs.c.kind == "task", or_(assigned, takes_part))


def _schedule(user: CurrentUser) -> Any:
    """Published weeks for everybody; drafts for the office (clerks) and leaders, and a
    drafter's own entries."""
    if user.roles & acl.SCHEDULE_OFFICE:
        return docs.c.kind == "schedule"
    own = exists().where(ScheduleEntry.id == docs.c.ref, ScheduleEntry.created_by == user.id)
    published = docs.c.state == ScheduleState.PUBLISHED
    return and_(docs.c.kind == "schedule", or_(published, own))


def visible(user: CurrentUser) -> Any:
    """The SQL condition on `search_docs` of what `user` may find (the lists' rules, checked
    row by row: the visibility tokens in the index already narrowed the rows to check)."""
    return or_(_incoming(user), _outgoing(user), _tasks(user), _schedule(user))


def _filters(flt: SearchFilter) -> list[Any]:
    conds: list[Any] = []
    if flt.kinds:
        conds.append(docs.c.kind.in_(sorted(flt.kinds)))
    if flt.doc_type.strip():
        conds.append(docs.c.doc_type.like(like_contains(fold(flt.doc_type)), escape=LIKE_ESCAPE))
    if flt.agency.strip():
        conds.append(docs.c.agency.like(like_contains(fold(flt.agency)), escape=LIKE_ESCAPE))
    if flt.date_from is not None:
        conds.append(docs.c.day >= flt.date_from)
    if flt.date_to is not None:
        conds.append(docs.c.day <= flt.date_to)
    if flt.unit_id:
        conds.append(docs.c.unit_id == flt.unit_id)
    if flt.states:
        conds.append(docs.c.state.in_(sorted(flt.states)))
    return conds


def _matches(
    s: Session, name: str, expr: str, flt: SearchFilter, cap: int, lowest: int | None = None
) -> list[int]:
    """The rowids of the `cap` most recent rows of FTS table `name` matching `expr` and `flt`;
    with `lowest`, up to `cap` rows from that rowid on, in no particular order."""
    conds = _filters(flt)
    if not conds:  # the common case, straight to the driver: thousands of rowids per search
        # FTS5 honours a lower rowid bound only when it walks upwards (measured: 0.3 ms
        # against 27 ms downwards at 1 000 000 rows), so a window is read in rowid order
        since = " AND rowid >= :lowest" if lowest is not None else " ORDER BY rowid DESC"
        sql = f"SELECT rowid FROM {name} WHERE {name} MATCH :expr{since}"
        cursor = s.connection().connection.cursor()
        try:
            cursor.execute(sql + " LIMIT :cap", {"expr": expr, "lowest": lowest, "cap": cap})
            return [rowid for (rowid,) in cursor.fetchall()]
        finally:
            cursor.close()
    ft = table(name, column("rowid"))
    stmt = select(ft.c.rowid).select_from(ft).where(literal_column(name).op("MATCH")(expr))
    stmt = stmt.join(docs, docs.c.rowid == ft.c.rowid).where(*conds)
    if lowest is not None:
        return list(s.scalars(stmt.where(ft.c.rowid >= lowest).limit(cap)))
    return list(s.scalars(stmt.order_by(ft.c.rowid.desc()).limit(cap)))


def _sparse(rowids: list[int]) -> bool:
    """Whether the candidates are few, or spread so thin that a rowid window from the oldest
    one makes the engine read far more rows than the candidates' own text (measured at
    100 000 and 1 000 000 documents: names ~150 rows a candidate, rare word mixes ~1 700)."""
    span = max(rowids) - min(rowids)
    return len(rowids) <= FEW_CANDIDATES or span >= SPARSE * len(rowids)


def _rank_rows(s: Session, rowids: list[int], *, exact: bool) -> list[ranking.Row]:
    """The candidates' metadata as the ranking reads it (the body only for a query with
    diacritics)."""
    f = index.fts
    body = f.c.body if exact else literal("")
    stmt = select(f.c.rowid, f.c.title, body, f.c.ftitle, f.c.fmeta).where(f.c.rowid.in_(rowids))
    return [ranking.Row(*r) for r in s.execute(stmt)]


def _scores(
    s: Session,
    boosts: list[ranking.Boost],
    rowids: list[int],
    scores: dict[int, float] | None = None,
    lowest: int | None = None,
) -> dict[int, float]:
    """What each of `rowids` scores (added to `scores`): the weights of the query's stronger
    forms it matches, each looked for from rowid `lowest` (the oldest candidate) on only."""
    scores = scores if scores is not None else defaultdict(float)
    if not rowids:
        return scores
    wanted = set(rowids)
    lowest = min(rowids) if lowest is None else lowest
    for boost in boosts:
        for rowid in _matches(s, boost.table, boost.expr, SearchFilter(), len(rowids) * 4, lowest):
            if rowid in wanted:
                scores[rowid] = scores.get(rowid, 0.0) + boost.weight
    return scores


def _passage(body: str, files: str, tokens: tuple[str, ...]) -> tuple[Segment, ...]:
    """The snippet from the metadata when the words are there, else from the file's text."""
    segments = snippet(body, tokens)
    if files and not any(hit for _, hit in segments):
        from_file = snippet(files, tokens)
        if any(hit for _, hit in from_file):
            return from_file
    return segments


class _Found(NamedTuple):
    """What the steps of a search found."""

    rowids: list[int]  # best first
    matches: int  # the matches seen: exact up to the count asked for, past it "more"
    more: bool  # matches were left out of `rowids`


class SearchService:
    """Search for the signed-in user, index maintenance, and reading files' text."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        auth: AuthContext,
        clock: Clock,
        blobs: BlobStore,
    ) -> None:
        self._read = read
        self._write = write
        self._auth = auth
        self._clock = clock
        self._blobs = blobs
        self._unreadable: set[str] = set()  # blobs not on this PC yet: tried again next start
        self._woke = False

    # -- the index
    def ensure_built(self) -> bool:
        """Build the index once for a space made before search existed; True if it was built."""
        with self._read() as s:
            if index.built_version(s) == INDEX_VERSION:
                return False
        self.rebuild()
        return True

    def rebuild(self) -> int:
        """Rebuild the whole index from the projection (`ward-office index rebuild`)."""
        with self._write.begin() as s:
            return index.rebuild(s, INDEX_VERSION)

    # -- queries
    def search(
        self,
        query: str,
        flt: SearchFilter | None = None,
        *,
        offset: int = 0,
        limit: int = PAGE_SIZE,
        count: bool = False,
    ) -> SearchPage:
        """One page of results for `query`, best first, only what the user may see; with
        `count`, also how many results there are, up to COUNT_CAP (COUNT_CAP + 1 means "more
        than COUNT_CAP": counting every match of a common word would take long).

        Rows whose metadata has every word come first, ordered as `app.search.rank` says; then
        rows where some words are only in a file's text. Each step orders the most recent
        `CANDIDATES` matches (or more, for a page further down).
        """
        user = self._auth.user
        self.ensure_built()
        parsed = parse(query)
        if parsed.empty:
            return SearchPage((), offset, False, 0 if count else None)
        limit = max(1, min(limit, 500))
        offset = max(0, offset)
        flt = flt or SearchFilter()
        upto = COUNT_CAP + 1 if count else 0
        with self._read() as s:
            found = self._ranked(s, parsed, user, flt, offset + limit + 1, upto=upto)
            page = found.rowids[offset : offset + limit]
            hits = self._hits(s, parsed, user, page)
        has_more = found.more or len(found.rowids) > offset + limit
        total = None
        if count:  # what the page showed, when it is the last one (a hidden row is not counted)
            shown = min(offset, len(found.rowids)) + len(hits)
            total = min(found.matches, upto) if has_more else shown
        return SearchPage(hits, offset, has_more, total)

    def _ranked(
        self,
        s: Session,
        parsed: ParsedQuery,
        user: CurrentUser,
        flt: SearchFilter,
        need: int,
        *,
        upto: int = 0,
    ) -> _Found:
        """At least `need` rowids, best first (when there are that many), and whether there
        are at least `upto` matches (counted; the order past `need` is not ranked)."""
        tokens = acl.of_user(user.id, user.unit_id, user.roles)
        cap = max(CANDIDATES, need)  # the matches ordered
        reach = max(cap, upto)  # the matches counted; one more is read to know if there are more
        # The last word is a prefix (search as you type), but a prefix of 4 letters or more
        # has no prefix index and makes the engine merge every word it begins: a word that
        # matches as typed is taken as complete, and only one that matches nothing as a prefix.
        prefix = len(parsed.folded[-1]) <= PREFIX_INDEXED
        expr = parsed.match(META_COLUMNS, tokens, prefix_last=prefix)
        matched = _matches(s, FTS, expr, flt, reach + 1)
        if not matched and not prefix:
            prefix = True
            expr = parsed.match(META_COLUMNS, tokens, prefix_last=True)
            matched = _matches(s, FTS, expr, flt, reach + 1)
        meta = matched[:cap]
        first = meta
        if meta:
            scores: dict[int, float] = defaultdict(float)
            if len(matched) <= cap and _sparse(meta):  # every match, few or spread thin
                rows = _rank_rows(s, meta, exact=bool(parsed.exact))
                scores.update(ranking.row_scores(parsed, rows, all_in_title=True, prefix=prefix))
            else:  # the most recent matches, and older rows with every word in the title
                title_only = parsed.match((TITLE_COLUMN,), tokens, prefix_last=prefix)
                titled = _matches(s, FTS, title_only, flt, cap)
                first = list(dict.fromkeys(titled + meta))
                for rowid in titled:
                    scores[rowid] += ranking.ALL_IN_TITLE
                lowest = min(meta)  # the other forms are looked for from here on
                known = len(titled) < cap or min(titled) <= lowest  # every title match there
                boosts = ranking.meta_boosts(parsed, tokens, all_in_title=not known, prefix=prefix)
                _scores(s, boosts, first, scores, lowest)
            first = ranking.ordered(first, scores)
        seen = set(first).union(matched)
        if len(first) >= need and len(seen) >= upto:
            return _Found(first, len(seen), len(matched) > cap)
        expr = parsed.match((ALL_COLUMN,), tokens, prefix_last=False)
        in_files = _matches(s, FILES_FTS, expr, flt, reach + 1)
        rest = [r for r in in_files[:cap] if r not in seen]
        if len(first) < need:
            rest = ranking.ordered(rest, _scores(s, ranking.file_boosts(parsed, tokens), rest))
        seen.update(in_files)
        return _Found(first + rest, len(seen), len(matched) > cap or len(in_files) > cap)

    def _hits(
        self, s: Session, parsed: ParsedQuery, user: CurrentUser, rowids: list[int]
    ) -> tuple[SearchHit, ...]:
        """The results of one page, in the given order; the lists' rules are checked on each
        (the visibility tokens found them; a row they let through wrongly is left out)."""
        if not rowids:
            return ()
        rows = {
            r.rowid: r
            for r in s.execute(
                select(
                    docs.c.rowid,
                    docs.c.kind,
                    docs.c.ref,
                    docs.c.scope,
                    docs.c.title,
                    docs.c.day,
                    docs.c.state,
                    docs.c.doc_type,
                    docs.c.agency,
                    docs.c.files_in,
                    index.fts.c.body,
                    visible(user).label("visible"),
                )
                .select_from(docs)
                .join(index.fts, index.fts.c.rowid == docs.c.rowid)
                .where(docs.c.rowid.in_(rowids))
            )
        }
        hidden = [r for r in rows.values() if not r.visible]
        if hidden:
            log.error("search: %d rows matched visibility tokens the lists deny", len(hidden))
        tokens = parsed.folded
        texts = index.file_texts_head(
            s, [sha for r in rows.values() for sha in r.files_in.split()], SNIPPET_FILE_CHARS
        )
        found: list[SearchHit] = []
        for position, rowid in enumerate(rowids):
            r = rows.get(rowid)
            if r is None or not r.visible:
                continue
            files = "\n".join(texts.get(sha, "") for sha in r.files_in.split())
            found.append(
                SearchHit(
                    kind=SearchKind(r.kind),
                    id=r.ref,
                    title=r.title,
                    segments=_passage(r.body, files, tokens),
                    day=r.day,
                    state=r.state,
                    doc_type=r.doc_type,
                    agency=r.agency,
                    week_id=r.scope,
                    score=float(len(rowids) - position),
                )
            )
        return tuple(found)

    # -- files
    def index_pending_files(self, batch: int = 20) -> FileIndexReport:
        """Read the text of up to `batch` files not read yet and put it into the index.

        Reading happens outside any transaction; only the short update of the index is
        written. A Qt timer (or the CLI) calls this until `remaining` is 0.
        """
        if not self._woke:  # files synced since the last start may be here now
            self._woke = True
            with self._write.begin() as s:
                s.execute(
                    update(docs)
                    .where(docs.c.files_state == "waiting")
                    .values(files_state="pending")
                )
        with self._read() as s:
            pending = s.execute(
                select(docs.c.kind, docs.c.ref, docs.c.scope, docs.c.blobs)
                .where(docs.c.files_state == "pending")
                .order_by(docs.c.rowid)
                .limit(max(batch * 4, PENDING_ROWS))
            ).all()
            known = set(
                s.scalars(
                    select(file_text.c.sha).where(
                        file_text.c.sha.in_({b for r in pending for b in r.blobs.split()})
                    )
                )
            )
        todo = [
            b
            for b in dict.fromkeys(b for r in pending for b in r.blobs.split())
            if b not in known and b not in self._unreadable
        ][:batch]
        results: dict[str, tuple[str, str]] = {}
        for sha in todo:
            try:
                data = self._blobs.read(sha)
            except (UserError, OSError):
                self._unreadable.add(sha)  # not synced to this PC yet
                continue
            got = extract(data)
            results[sha] = (got.status, got.text)
        with self._write.begin() as s:
            for sha, (status, words) in results.items():
                s.execute(
                    index.file_text.insert()
                    .prefix_with("OR REPLACE")
                    .values(sha=sha, status=status, text=words)
                )
            entities = {
                index.entity_of(r.kind, r.ref, r.scope)
                for r in pending
                if set(r.blobs.split()) & (known | set(results))
            }
            index.refresh_entities(s, entities)
            stuck = []
            for r in pending:
                unread = [b for b in r.blobs.split() if b not in known and b not in results]
                if unread and all(b in self._unreadable for b in unread):
                    stuck.append(r.ref)
            if stuck:  # their files are not on this PC yet: leave them for the next start
                s.execute(
                    update(docs)
                    .where(docs.c.files_state == "pending", docs.c.ref.in_(stuck))
                    .values(files_state="waiting")
                )
            remaining = s.scalar(
                select(func.count()).select_from(docs).where(docs.c.files_state == "pending")
            )
        statuses = [status for status, _ in results.values()]
        return FileIndexReport(
            read=statuses.count(TextStatus.DONE),
            needs_ocr=statuses.count(TextStatus.NEEDS_OCR),
            failed=len(statuses)
            - statuses.count(TextStatus.DONE)
            - statuses.count(TextStatus.NEEDS_OCR),
            remaining=int(remaining or 0),
            refreshed=len(entities),
        )

    # -- the OCR seam
    def needing_ocr(self, limit: int = 20) -> list[str]:
        """Blobs (sha) of scans without a text layer, for an OCR step to read."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(file_text.c.sha)
                    .where(file_text.c.status == TextStatus.NEEDS_OCR)
                    .order_by(file_text.c.sha)
                    .limit(limit)
                )
            )

    def mark_ocr_failed(self, sha: str) -> None:
        """OCR could not read this scan (damaged, too slow): it is not offered for OCR again."""
        with self._write.begin() as s:
            s.execute(
                update(file_text)
                .where(file_text.c.sha == sha, file_text.c.status == TextStatus.NEEDS_OCR)
                .values(status=TextStatus.FAILED)
            )

    def set_file_text(self, sha: str, words: str) -> int:
        """Give a file's text found another way (OCR); the documents using it are re-indexed.

        Returns how many index rows were refreshed.
        """
        with self._write.begin() as s:
            rows = s.execute(
                select(docs.c.kind, docs.c.ref, docs.c.scope).where(
                    func.instr(docs.c.blobs, sha) > 0
                )
            ).all()
            entities = sorted({index.entity_of(r.kind, r.ref, r.scope) for r in rows})
            # out while the old text is still there to say what to take out
            kept = {entity: index.remove_entity(s, entity) for entity in entities}
            s.execute(
                index.file_text.insert()
                .prefix_with("OR REPLACE")
                .values(sha=sha, status=TextStatus.DONE, text=words[: index.MAX_FILE_TEXT])
            )
            names = index.Names(s)
            for entity in entities:
                index.insert_entity(s, entity, names, kept[entity])
        return len(rows)

    # -- saved searches (per user, on this PC)
    def saved_searches(self) -> list[SavedSearch]:
        """The signed-in user's saved searches, by name."""
        user = self._auth.user
        with self._read() as s:
            rows = s.execute(select(index.saved).where(index.saved.c.user_id == user.id)).all()
        found = [SavedSearch(r.id, r.name, r.query, filter_from_json(r.filter)) for r in rows]
        return sorted(found, key=lambda x: sort_key(x.name))

    def save_search(self, name: str, query: str, flt: SearchFilter | None = None) -> str:
        """Keep a search under a name (the same name replaces the older one); its id."""
        user = self._auth.user
        name = " ".join(name.split())
        if not name:
            raise ValidationError(tr("Cần đặt tên cho tìm kiếm."), field="name")
        if len(name) > SAVED_NAME_MAX:
            raise ValidationError(
                tr("Tên tìm kiếm dài quá {n} ký tự.").format(n=SAVED_NAME_MAX), field="name"
            )
        if parse(query).empty:
            raise ValidationError(tr("Cần nhập từ cần tìm."), field="query")
        if len(query) > SAVED_QUERY_MAX:
            raise ValidationError(
                tr("Từ cần tìm dài quá {n} ký tự.").format(n=SAVED_QUERY_MAX), field="query"
            )
        saved_id = new_id()
        with self._write.begin() as s:
            s.execute(
                delete(index.saved).where(
                    index.saved.c.user_id == user.id, index.saved.c.name == name
                )
            )
            s.execute(
                index.saved.insert().values(
                    id=saved_id,
                    user_id=user.id,
                    name=name,
                    query=query.strip(),
                    filter=filter_to_json(flt or SearchFilter()),
                    created_at=self._clock.now().astimezone(dt.UTC).replace(tzinfo=None),
                )
            )
        return saved_id

    def delete_saved_search(self, saved_id: str) -> None:
        """Forget one of the user's saved searches (another user's is never touched)."""
        user = self._auth.user
        with self._write.begin() as s:
            s.execute(
                delete(index.saved).where(
                    index.saved.c.id == saved_id, index.saved.c.user_id == user.id
                )
            )
