"""The incoming lists (hộp văn bản đến): what each holds, counted and paged at any scale.

A list is the rules of its box, the user's filters and the words typed in its filter box
(`_Scope`). At the scale of a district (1 000 000 documents) SQLite must be told how to run
it: `app.services.list_plan` explains the choices (walk the sort order, or drive from a
selective part; pages after the last row shown), made here from capped counts (`_Plan`). The
user's own lists are counted from the assignments' index alone where they can be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, sessionmaker

from app.models import IncomingAssignment, IncomingDocument
from app.models.enums import (
    AssigneeKind,
    AssignmentRole,
    Confidentiality,
    HandlingStatus,
    IncomingState,
    Urgency,
)
from app.search import acl
from app.services.auth import AuthContext, CurrentUser
from app.services.deadlines import (
    due_this_week_range,
    is_near_due,
    is_overdue,
    last_overdue_due,
)
from app.services.incoming_dto import Box, IncomingFilter, IncomingRow
from app.services.list_plan import (
    PAGE,
    Columns,
    SortOrder,
    TableSize,
    capped_count,
    drive_limit,
    plain,
    rowid,
    same,
)
from app.services.list_text import TextFilter, like_patterns, text_filter
from app.timeutil import Clock, today_vn

D = IncomingDocument
A = IncomingAssignment
SORTABLE = {
    "number": (D.year, D.arrival_number),
    "arrival_date": (D.arrival_date, D.arrival_number),
    "code": (D.code_number, D.code_notation),
    "issuing_agency": (D.issuing_agency,),
    "summary": (D.summary,),
    "document_date": (D.document_date,),
    "due_date": (D.due_date,),
    "urgency": (D.urgency,),
    "state": (D.state,),
    "queued_at": (D.queued_at,),
}
_OPEN = (IncomingState.ASSIGNED,)
SEES_ALL = acl.SEES_ALL_INCOMING  # the roles that see the whole register
# not in the register (Sổ văn bản đến): not registered, or a document the ward issued itself
_HIDDEN = acl.HIDDEN_INCOMING
# registered and not yet completed: counted for deadlines
_REGISTERED_OPEN = (
    IncomingState.REGISTERED,
    IncomingState.SUBMITTED,
    IncomingState.RETURNED,
    IncomingState.ASSIGNED,
)
_URGENT = tuple(u for u in Urgency if u != Urgency.NORMAL)
# lists whose every document is registered and not hidden (so carries visibility tokens)
_TOKENED = {Box.ALL, Box.PENDING, Box.IN_PROGRESS, Box.OVERDUE, Box.DUE_WEEK, Box.COORDINATE}
_ROWID = rowid(D.__tablename__)


def own_sides(user: CurrentUser, table: Any = A) -> list[tuple[Any, ...]]:
    """The assignments (or task participants, with `table`) that are the user's: their own,
    and their unit's."""
    sides = [(table.assignee_id == user.id, table.assignee_kind == AssigneeKind.USER)]
    if user.unit_id:
        sides.append((table.assignee_id == user.unit_id, table.assignee_kind == AssigneeKind.UNIT))
    return sides


def mine_of(user: CurrentUser, table: Any = A) -> Any:
    """Whether an assignment (or participant) row is the user's or their unit's."""
    return or_(*(and_(*side) for side in own_sides(user, table)))


@dataclass(frozen=True)
class _Cond:
    """A condition on the documents that one of their indexes answers, so it may drive a
    query; written with plain columns (`list_plan.plain`) where it must not."""

    make: Callable[[Columns], ColumnElement[bool]]
    leading: Any = None  # the column it ranges over, when an order may start from it
    # its rows lie together in the register's order (a range of arrival dates): walking that
    # order reaches them only after every newer row, so it drives pages up to the cap
    ordered: bool = False

    def sql(self, *, drive: bool) -> ColumnElement[bool]:
        """The condition, indexable or not."""
        return self.make(same if drive else plain)


@dataclass(frozen=True)
class _Scope:
    """What a list holds, in the parts its plan is chosen from."""

    register: bool  # the register's rule: every document but the hidden ones
    conds: tuple[_Cond, ...] = ()
    mine: tuple[Any, ...] | None = None  # the user's assignment must meet these (None: any)
    text: TextFilter | None = None

    def with_cond(self, cond: _Cond) -> _Scope:
        """The same list narrowed by `cond`."""
        return replace(self, conds=(*self.conds, cond))


@dataclass(frozen=True)
class _Plan:
    """What drives a query (None: the sort order is walked), its estimated rows, and the
    estimated rows of the user's assignments (None: not a list of one's own)."""

    driver: object | None
    est: int
    mine: int | None

    @property
    def gather_mine(self) -> bool:
        """The user's assignments are gathered once and each driven row checked against
        them, rather than each row's own assignments looked up (two lookups a row): when
        gathering them costs less than the lookups."""
        return self.mine is not None and self.mine < 8 * self.est


def _state_in(*states: IncomingState) -> _Cond:
    return _Cond(lambda c: c(D.state).in_(states))


def _between(col: Any, first: dt.date | None, last: dt.date | None) -> ColumnElement[bool]:
    bounds = ([col >= first] if first else []) + ([col <= last] if last else [])
    return and_(*bounds)


def _index_only(scope: _Scope) -> bool:
    """Whether one index counts the list alone: the user's assignments (with nothing on the
    document), or one condition on the document."""
    if scope.text is not None and not scope.text.empty:
        return False
    if scope.mine is not None:
        return not scope.conds
    return len(scope.conds) <= 1


def _drive_below(driver: object, limit_rows: int) -> int:
    """Up to how many rows `driver` drives a page rather than the walk of the sort order."""
    return 4 * limit_rows if isinstance(driver, _Cond) and driver.ordered else limit_rows


class IncomingLists:
    """Counts and pages of the incoming lists, as the signed-in user may see them."""

    def __init__(self, read: sessionmaker[Session], auth: AuthContext, clock: Clock) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock
        self._size = TableSize(D)

    @staticmethod
    def _answerable(user: CurrentUser, first: dt.date | None, last: dt.date) -> _Scope:
        """Open documents the user answers for, due from `first` to `last`: the ward's for
        clerks and leaders, else those where the user (or their unit) is the primary handler
        and has not finished."""

        def due(c: Columns, states: tuple[IncomingState, ...]) -> ColumnElement[bool]:
            return and_(c(D.state).in_(states), _between(c(D.due_date), first, last))

        if user.roles & SEES_ALL:
            return _Scope(False, (_Cond(lambda c: due(c, _REGISTERED_OPEN)),))
        primary = (A.role == AssignmentRole.PRIMARY, A.status != HandlingStatus.DONE)
        return _Scope(False, (_Cond(lambda c: due(c, _OPEN)),), primary)

    def _box(self, box: Box, user: CurrentUser) -> _Scope:
        s = IncomingState
        primary = A.role == AssignmentRole.PRIMARY
        match box:
            case Box.QUEUE:
                return _Scope(False, (_state_in(s.QUEUED),))
            case Box.ALL:
                return _Scope(True, mine=None if user.roles & SEES_ALL else ())
            case Box.TO_SUBMIT:
                return _Scope(False, (_state_in(s.REGISTERED, s.RETURNED),))
            case Box.TO_DIRECT:
                to_me = _Cond(
                    lambda c: and_(c(D.state) == s.SUBMITTED, c(D.submitted_to) == user.id)
                )
                return _Scope(False, (to_me,))
            case Box.PENDING:
                pending = A.status == HandlingStatus.PENDING
                return _Scope(False, (_state_in(*_OPEN),), (primary, pending))
            case Box.IN_PROGRESS:
                busy = A.status == HandlingStatus.IN_PROGRESS
                return _Scope(False, (_state_in(*_OPEN),), (primary, busy))
            case Box.OVERDUE:
                return self._answerable(user, None, last_overdue_due(today_vn(self._clock)))
            case Box.DUE_WEEK:
                return self._answerable(user, *due_this_week_range(today_vn(self._clock)))
            case Box.DONE:
                done = A.status == HandlingStatus.DONE
                return _Scope(False, mine=(A.role != AssignmentRole.INFO, done))
            case Box.COORDINATE:
                busy = A.status != HandlingStatus.DONE
                return _Scope(
                    False, (_state_in(*_OPEN),), (A.role == AssignmentRole.COORDINATE, busy)
                )
            case Box.INFO:
                return _Scope(False, mine=(A.role == AssignmentRole.INFO,))

    def _scope(self, s: Session, flt: IncomingFilter, user: CurrentUser) -> _Scope:
        """The box's rules and the user's filters."""
        scope = self._box(flt.box, user)
        conds: list[_Cond] = []
        if flt.states:
            states = sorted(flt.states)
            conds.append(_Cond(lambda c: c(D.state).in_(states), D.state))
        if flt.urgent_only:
            conds.append(_Cond(lambda c: c(D.urgency).in_(_URGENT), D.urgency))
        if flt.date_from or flt.date_to:
            lo, hi = flt.date_from, flt.date_to
            conds.append(
                _Cond(lambda c: _between(c(D.arrival_date), lo, hi), D.arrival_date, ordered=True)
            )
        if flt.issuing_agency:
            agency = flt.issuing_agency
            conds.append(_Cond(lambda c: c(D.issuing_agency) == agency, D.issuing_agency))
        if flt.year:
            year = flt.year
            conds.append(_Cond(lambda c: c(D.year) == year, D.year))
        text = None
        if flt.text.strip():
            if flt.box == Box.QUEUE:  # not in the search index: a few files by name
                text = TextFilter("incoming", patterns=like_patterns(flt.text))
            else:
                tokens = self._tokens(flt.box, scope, user)
                text = text_filter(s, "incoming", flt.text, tokens)
        return replace(scope, conds=(*scope.conds, *conds), text=text)

    @staticmethod
    def _tokens(box: Box, scope: _Scope, user: CurrentUser) -> tuple[str, ...]:
        """Visibility tokens every row of the list carries in the index: the user's and their
        unit's for lists of their own; the register's for the register. None for the lists
        that may hold a document the index gives no token (one the ward issued itself, in
        "Để biết" or "Đã xử lý")."""
        if box not in _TOKENED:
            return ()
        if scope.mine is not None:
            return tuple(acl.person(i) for i in (user.id, user.unit_id) if i)
        return (acl.ALL_INCOMING,) if scope.register else ()

    # -- counting
    def count(self, flt: IncomingFilter) -> int:
        """How many documents the list holds."""
        user = self._auth.user
        with self._read() as s:
            return self._count(s, self._scope(s, flt, user), user)

    def _count(self, s: Session, scope: _Scope, user: CurrentUser) -> int:
        text = scope.text
        if text is not None and text.nothing:
            return 0
        if not scope.register:
            return self._count_where(s, scope, user)
        if text is not None and text.indexed and scope.mine is None and not scope.conds:
            return text.count(s)  # the register's token is in every row it holds
        rest = replace(scope, register=False)
        if not _index_only(rest):
            return self._count_where(s, scope, user)
        # the register is every document but a few: count the rest from an index alone, and
        # take away the hidden ones (found from their state)
        hidden = self._count_where(s, rest.with_cond(_state_in(*_HIDDEN)), user)
        return self._count_where(s, rest, user) - hidden

    def _count_where(self, s: Session, scope: _Scope, user: CurrentUser) -> int:
        """The count of a list, driven from its most selective part."""
        if not scope.register and _index_only(scope):
            if scope.mine is not None:
                return self._count_assigned(s, user, scope.mine)
            where = [c.sql(drive=True) for c in scope.conds]
            return s.scalar(select(func.count()).select_from(D).where(*where)) or 0
        plan = self._plan(s, scope, user, drive_limit(self._size(s)))
        where = self._where(scope, user, plan)
        return s.scalar(select(func.count()).select_from(D).where(*where)) or 0

    def _count_assigned(self, s: Session, user: CurrentUser, conds: tuple[Any, ...]) -> int:
        """Documents with such an assignment of the user's or their unit's, from the
        assignments' index alone (their own and their unit's merged in document order)."""
        sides = [select(A.document_id).where(*side, *conds) for side in own_sides(user)]
        if len(sides) == 1:
            return s.scalar(select(func.count()).select_from(sides[0].subquery())) or 0
        merged = union(*sides).order_by(literal_column("document_id")).subquery()
        return s.scalar(select(func.count()).select_from(merged)) or 0

    # -- planning
    def _plan(self, s: Session, scope: _Scope, user: CurrentUser, limit_rows: int) -> _Plan:
        """The most selective part of the list and the estimates of its parts (counted up
        to twice `limit_rows`, or up to `_drive_below`): one of its conditions, "mine" (the
        user's assignments) or "text"; no driver when none has an index to drive from."""
        cap = 2 * limit_rows
        found: list[tuple[int, object]] = []
        for cond in scope.conds:
            stmt = select(_ROWID).select_from(D).where(cond.sql(drive=True))
            found.append((capped_count(s, stmt, _drive_below(cond, cap)), cond))
        mine = None
        if scope.mine is not None:
            sides = (select(A.document_id).where(*side, *scope.mine) for side in own_sides(user))
            mine = sum(capped_count(s, side, cap) for side in sides)
            found.append((mine, "mine"))
        if scope.text is not None and scope.text.indexed:
            found.append((scope.text.count(s, cap), "text"))
        if not found:
            return _Plan(None, cap, mine)
        est, driver = min(found, key=lambda f: f[0])
        return _Plan(driver, est, mine)

    def _where(self, scope: _Scope, user: CurrentUser, plan: _Plan) -> list[Any]:
        """The list's conditions, only the plan's driver in a form SQLite looks up through
        an index (none when the sort order is walked); the others are checked row by row."""
        driver = plan.driver
        where: list[Any] = []
        if scope.register:
            where.append(plain(D.state).notin_(_HIDDEN))
        where += [c.sql(drive=c is driver) for c in scope.conds]
        if scope.mine is not None:
            mine = select(A.document_id).where(mine_of(user), *scope.mine)
            if driver == "mine":
                where.append(D.id.in_(mine))
            elif driver is not None and plan.gather_mine:
                where.append(plain(D.id).in_(mine))  # gathered once, checked per row
            else:
                where.append(self._has_assignment(user, scope.mine))
        text = scope.text
        if text is not None and text.indexed:
            where.append(D.id.in_(text.refs()) if driver == "text" else text.has(D.id))
        elif text is not None:
            where += text.like(D.search_text)
        return where

    @staticmethod
    def _has_assignment(user: CurrentUser, conds: tuple[Any, ...]) -> Any:
        """Whether the row has such an assignment: a lookup of its own assignments per side."""
        return or_(
            *(exists().where(A.document_id == D.id, *side, *conds) for side in own_sides(user))
        )

    # -- pages
    def rows(
        self,
        flt: IncomingFilter,
        *,
        sort: str = "number",
        descending: bool = True,
        offset: int = 0,
        limit: int = PAGE,
        after: str | None = None,
    ) -> list[IncomingRow]:
        """One page of the list, sorted: the rows after document `after` (the last row of the
        page before), or from `offset` when `after` is None or no longer exists."""
        user = self._auth.user
        columns = (D.queued_at,) if flt.box == Box.QUEUE else SORTABLE.get(sort, SORTABLE["number"])
        order = SortOrder.of(D.__tablename__, columns, descending=descending)
        with self._read() as s:
            scope = self._scope(s, flt, user)
            if scope.text is not None and scope.text.nothing:
                return []
            where = self._page_where(s, scope, user, order, limit)
            stmt: Select[Any] = select(D).where(*where).order_by(*order.order_by())
            cursor = s.execute(select(*order.keys).where(D.id == after)).first() if after else None
            if cursor is not None:
                stmt = stmt.where(order.after(tuple(cursor)))
            elif offset:
                stmt = stmt.offset(offset)
            docs = s.scalars(stmt.limit(limit)).all()
        today = today_vn(self._clock)
        return [incoming_row(d, today) for d in docs]

    def _page_where(
        self, s: Session, scope: _Scope, user: CurrentUser, order: SortOrder, limit: int
    ) -> list[Any]:
        """The conditions of a page: driven from a selective part, else walking the order
        (a condition on the sort's first column stays indexed: it narrows that walk)."""
        leading = order.columns[0]
        ranged = [c for c in scope.conds if c.leading is leading]
        rest = replace(scope, conds=tuple(c for c in scope.conds if c.leading is not leading))
        limit_rows = drive_limit(self._size(s), limit)
        plan = self._plan(s, rest, user, limit_rows)
        if plan.driver is not None and plan.est >= _drive_below(plan.driver, limit_rows):
            plan = replace(plan, driver=None)
        where = self._where(rest, user, plan)
        return where + [c.sql(drive=plan.driver is None) for c in ranged]


def incoming_row(d: IncomingDocument, today: dt.date) -> IncomingRow:
    """A list's line for a document, with its deadline flags as of `today`."""
    open_ = d.state in _REGISTERED_OPEN
    overdue = open_ and is_overdue(d.due_date, today)
    near = open_ and not overdue and is_near_due(d.due_date, today)
    code = f"{d.code_number}/{d.code_notation}" if d.code_notation else d.code_number
    return IncomingRow(
        id=d.id,
        state=IncomingState(d.state),
        year=d.year,
        arrival_number=d.arrival_number,
        arrival_date=d.arrival_date,
        code=code,
        issuing_agency=d.issuing_agency,
        doc_type=d.doc_type,
        summary=d.summary,
        document_date=d.document_date,
        urgency=Urgency(d.urgency),
        confidentiality=Confidentiality(d.confidentiality),
        due_date=d.due_date,
        queued_at=d.queued_at,
        file_name=d.file_name,
        source=d.source,
        overdue=overdue,
        near_due=near,
    )
