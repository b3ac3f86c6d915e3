"""The incoming lists of a generated ward, whatever plan the queries choose: each page starts
after the last row shown and the pages give every row once, in the list's order; the counts
and the rows are those the lists' rules give, read plainly from the tables."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from app.models.enums import AssignmentRole, HandlingStatus, IncomingState, Role, Urgency
from app.services.deadlines import due_this_week_range, last_overdue_due
from app.services.demo import DEMO_PASSWORD
from app.services.incoming_dto import Box, IncomingFilter, IncomingRow
from app.services.space import Space, open_space
from app.timeutil import today_vn
from bench import generate_bulk
from tests.conftest import MemoryKeyring

pytestmark = pytest.mark.slow  # a generated ward of 700 documents: ~10 s

S = IncomingState
HIDDEN = {S.QUEUED, S.DISCARDED, S.INTERNAL}
OPEN = {S.REGISTERED, S.SUBMITTED, S.RETURNED, S.ASSIGNED}
SEES_ALL = {Role.CLERK, Role.LEADER, Role.ADMIN}
SORTS = {
    "number": ("year", "arrival_number"),
    "arrival_date": ("arrival_date", "arrival_number"),
    "code": ("code_number", "code_notation"),
    "issuing_agency": ("issuing_agency",),
    "summary": ("summary",),
    "document_date": ("document_date",),
    "due_date": ("due_date",),
    "urgency": ("urgency",),
    "state": ("state",),
}
USERS = ("vanthu", "chutich", "dc.duc", "vh.son")


@dataclass(frozen=True)
class Ward:
    """The generated ward: its space, each document's row and its assignments."""

    space: Space
    docs: dict[str, dict[str, Any]]
    handlers: dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ward]:
    root = tmp_path_factory.mktemp("lists") / "ward"
    ring = MemoryKeyring()
    generate_bulk.generate_bulk(
        root,
        700,
        seed=11,
        years=0.4,
        tasks=20,
        pdfs=2,
        outgoing=0,
        schedule=False,
        keyring_backend=ring,
    )
    db = sqlite3.connect(root / "space.db")
    db.row_factory = sqlite3.Row
    docs = {r["id"]: dict(r) for r in db.execute("SELECT rowid, * FROM incoming_documents")}
    handlers: dict[str, list[dict[str, Any]]] = {}
    for r in db.execute("SELECT * FROM incoming_assignments"):
        handlers.setdefault(r["document_id"], []).append(dict(r))
    # documents the generator does not make: awaiting their number, and delivered inside the
    # ward (internal: in an official's "for information" list, never in the register)
    waiting = sorted(i for i, d in docs.items() if d["state"] == S.REGISTERED)[:3]
    internal = sorted(i for i, d in docs.items() if d["state"] == S.COMPLETED)[:4]
    for i in waiting:
        db.execute(
            "UPDATE incoming_documents SET year = NULL, arrival_number = NULL, "
            "arrival_date = NULL WHERE id = ?",
            (i,),
        )
        docs[i].update(year=None, arrival_number=None, arrival_date=None)
    for i in internal:
        db.execute("UPDATE incoming_documents SET state = 'internal' WHERE id = ?", (i,))
        db.execute("UPDATE incoming_assignments SET role = 'info' WHERE document_id = ?", (i,))
        docs[i]["state"] = S.INTERNAL
        for a in handlers.get(i, []):
            a["role"] = AssignmentRole.INFO
    db.commit()
    db.close()
    space = open_space(root, keyring_backend=ring)
    space.sign_in("quantri", DEMO_PASSWORD)
    space.search.ensure_built()
    yield Ward(space, docs, handlers)
    space.close()


def sign_in(ward: Ward, login: str) -> Space:
    ward.space.sign_in(login, DEMO_PASSWORD)
    return ward.space


def expected(ward: Ward, flt: IncomingFilter, sort: str, descending: bool) -> list[str]:
    """The list read plainly: the box's rules and the filters on each row, then sorted with
    NULL before every value and the rowid last."""
    user = ward.space.auth.user
    today = today_vn(ward.space.clock)
    rows = [d for d in ward.docs.values() if _in_box(ward, d, flt.box, user, today)]
    if flt.urgent_only:
        rows = [d for d in rows if d["urgency"] != Urgency.NORMAL]
    if flt.issuing_agency:
        rows = [d for d in rows if d["issuing_agency"] == flt.issuing_agency]
    if flt.year:
        rows = [d for d in rows if d["year"] == flt.year]
    if flt.date_from:
        lo, hi = flt.date_from.isoformat(), (flt.date_to or dt.date.max).isoformat()
        rows = [d for d in rows if d["arrival_date"] and lo <= d["arrival_date"] <= hi]
    if flt.states:
        rows = [d for d in rows if d["state"] in flt.states]
    columns = ("queued_at",) if flt.box == Box.QUEUE else SORTS[sort]

    def key(d: dict[str, Any]) -> tuple[Any, ...]:
        return (*((d[c] is not None, "" if d[c] is None else d[c]) for c in columns), d["rowid"])

    return [d["id"] for d in sorted(rows, key=key, reverse=descending)]


def _in_box(ward: Ward, d: dict[str, Any], box: Box, user: Any, today: dt.date) -> bool:
    mine = [
        a
        for a in ward.handlers.get(d["id"], [])
        if (a["assignee_kind"], a["assignee_id"]) in {("user", user.id), ("unit", user.unit_id)}
    ]
    state, sees_all = d["state"], bool(user.roles & SEES_ALL)
    primary_open = any(
        a["role"] == AssignmentRole.PRIMARY and a["status"] != HandlingStatus.DONE for a in mine
    )
    answerable = state in OPEN if sees_all else state == S.ASSIGNED and primary_open

    def primary(status: str) -> bool:
        return state == S.ASSIGNED and any(
            a["role"] == AssignmentRole.PRIMARY and a["status"] == status for a in mine
        )

    due = d["due_date"]
    first, last = due_this_week_range(today)
    match box:
        case Box.QUEUE:
            return state == S.QUEUED
        case Box.ALL:
            return state not in HIDDEN and (sees_all or bool(mine))
        case Box.TO_SUBMIT:
            return state in {S.REGISTERED, S.RETURNED}
        case Box.TO_DIRECT:
            return state == S.SUBMITTED and d["submitted_to"] == user.id
        case Box.PENDING:
            return primary(HandlingStatus.PENDING)
        case Box.IN_PROGRESS:
            return primary(HandlingStatus.IN_PROGRESS)
        case Box.OVERDUE:
            return answerable and due is not None and due <= last_overdue_due(today).isoformat()
        case Box.DUE_WEEK:
            return answerable and due is not None and first.isoformat() <= due <= last.isoformat()
        case Box.DONE:
            return any(a["role"] != "info" and a["status"] == "done" for a in mine)
        case Box.COORDINATE:
            return state == S.ASSIGNED and any(
                a["role"] == AssignmentRole.COORDINATE and a["status"] != "done" for a in mine
            )
        case Box.INFO:
            return any(a["role"] == AssignmentRole.INFO for a in mine)


def paged(
    sp: Space, flt: IncomingFilter, sort: str, descending: bool, size: int
) -> list[IncomingRow]:
    """Every page of `size` rows, each asked for after the last row of the one before."""
    rows: list[IncomingRow] = []
    while True:
        after = rows[-1].id if rows else None
        page = sp.incoming.rows(flt, sort=sort, descending=descending, limit=size, after=after)
        rows += page
        if len(page) < size:
            return rows


@pytest.mark.parametrize("login", USERS)
def test_every_box_pages_and_counts_as_its_rules_say(bulk: Ward, login: str) -> None:
    sp = sign_in(bulk, login)
    for box in sp.incoming.boxes():
        flt = IncomingFilter(box=box)
        want = expected(bulk, flt, "number", True)
        assert sp.incoming.count(flt) == len(want), box
        for size in (7, 200):  # small pages walk the order where big ones drive the query
            assert [r.id for r in paged(sp, flt, "number", True, size)] == want, (box, size)


@pytest.mark.parametrize("login", ["vanthu", "dc.duc"])
@pytest.mark.parametrize("sort", list(SORTS))
def test_each_sort_pages_in_its_order_both_ways(bulk: Ward, login: str, sort: str) -> None:
    sp = sign_in(bulk, login)
    flt = IncomingFilter(box=Box.ALL)
    for descending in (True, False):
        want = expected(bulk, flt, sort, descending)
        assert [r.id for r in paged(sp, flt, sort, descending, 23)] == want, descending


@pytest.mark.parametrize("login", ["vanthu", "dc.duc"])
def test_filters_page_and_count_as_their_rules_say(bulk: Ward, login: str) -> None:
    sp = sign_in(bulk, login)
    agency = max(
        {d["issuing_agency"] for d in bulk.docs.values()},
        key=lambda a: sum(d["issuing_agency"] == a for d in bulk.docs.values()),
    )
    days = sorted(d["arrival_date"] for d in bulk.docs.values() if d["arrival_date"])
    first, last = dt.date.fromisoformat(days[100]), dt.date.fromisoformat(days[200])
    year = max(d["year"] or 0 for d in bulk.docs.values())
    filters = [
        IncomingFilter(box=Box.ALL, urgent_only=True),
        IncomingFilter(box=Box.ALL, issuing_agency=agency),
        IncomingFilter(box=Box.ALL, date_from=first, date_to=last),
        IncomingFilter(box=Box.ALL, year=year),
        IncomingFilter(box=Box.ALL, states=frozenset({S.COMPLETED, S.ASSIGNED})),
        IncomingFilter(box=Box.ALL, urgent_only=True, issuing_agency=agency),
        IncomingFilter(box=Box.DONE, urgent_only=True),
    ]
    for flt in filters:
        for sort in ("number", "issuing_agency", "arrival_date"):
            want = expected(bulk, flt, sort, True)
            assert want, flt  # each filter keeps some rows, none keeps them all
            assert sp.incoming.count(flt) == len(want), flt
            for size in (5, 200):
                assert [r.id for r in paged(sp, flt, sort, True, size)] == want, (flt, sort)


@pytest.mark.parametrize("login", ["vanthu", "dc.duc"])
def test_text_filter_pages_within_the_list(bulk: Ward, login: str) -> None:
    sp = sign_in(bulk, login)
    in_list = set(expected(bulk, IncomingFilter(box=Box.ALL), "number", True))
    for text in ("ubnd", "ke hoach", "xay dung", "so", "2026"):
        flt = IncomingFilter(box=Box.ALL, text=text)
        whole = [r.id for r in sp.incoming.rows(flt, limit=100_000)]
        assert whole, text
        assert set(whole) <= in_list
        assert sp.incoming.count(flt) == len(whole), text
        for size in (5, 200):
            assert [r.id for r in paged(sp, flt, "number", True, size)] == whole, (text, size)


def test_text_finds_internal_documents_in_the_lists_that_hold_them(bulk: Ward) -> None:
    checked = 0
    for login in USERS:
        sp = sign_in(bulk, login)
        for box in (Box.INFO, Box.DONE):
            internal = [
                i
                for i in expected(bulk, IncomingFilter(box=box), "number", True)
                if bulk.docs[i]["state"] == S.INTERNAL
            ]
            for doc in internal:
                words = " ".join(bulk.docs[doc]["summary"].split()[:3])
                found = sp.incoming.rows(IncomingFilter(box=box, text=words), limit=100_000)
                assert doc in {r.id for r in found}, (login, box, words)
                checked += 1
    assert checked  # the ward has such documents in someone's lists


def test_offset_still_pages_and_a_vanished_row_falls_back_to_it(bulk: Ward) -> None:
    sp = sign_in(bulk, "vanthu")
    flt = IncomingFilter(box=Box.ALL)
    want = expected(bulk, flt, "number", True)
    assert [r.id for r in sp.incoming.rows(flt, offset=40, limit=30)] == want[40:70]
    gone = sp.incoming.rows(flt, offset=40, limit=30, after="not-a-document")
    assert [r.id for r in gone] == want[40:70]
