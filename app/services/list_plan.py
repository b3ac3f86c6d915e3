"""Pages and counts of large lists: keyset paging and the choice of what drives a query.

SQLite keeps no statistics here, so it cannot know that an official's assignments are a sixth
of the register while a leader's "to direct" pile is a few rows; at 1 000 000 documents the
wrong plan costs seconds. The list queries therefore choose, from cheap capped counts, which
part of a list's conditions drives the query:

- **walk**: read the sort column's index in order and check each row, until a page is full.
  Cheap when many rows qualify (a page is found after a few hundred rows).
- **drive**: take the few rows one condition selects (through its index, or a list of ids)
  and sort them. Cheap when that condition is selective.

Walking costs about (page size x rows / matches) row checks, driving about the matches; they
are equal near `sqrt(page size x rows)` (`drive_limit`). A condition is written in its
*plain* form (`plain`: a unary plus, which SQLite never looks up through an index) whenever it
must not drive.

Pages start after the last row of the page before (keyset paging): an OFFSET made SQLite walk
and check every earlier row again, page after page. Rows are ordered by the sort columns,
then by the table's rowid, all in the same direction: every index ends with the rowid, so an
index on the sort column gives the whole order, ties included, without a sort step. SQLite
puts NULL before every value: NULLs come first ascending and last descending.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, false, func, literal_column, or_, select
from sqlalchemy.orm import Session

PAGE = 200
Columns = Callable[[Any], Any]  # a mapped column -> itself (`same`), or its `plain` form


def rowid(table_name: str) -> ColumnElement[int]:
    """The rowid of `table_name` (the last key of every list order)."""
    return literal_column(f"{table_name}.rowid", Integer)


def same(col: Any) -> Any:
    """`col` as it is (SQLite may look it up through an index)."""
    return col


def plain(col: Any) -> ColumnElement[Any]:
    """`col` (a mapped column) as SQLite cannot look it up through an index."""
    expr = col.expression
    return literal_column(f"+{expr.table.name}.{expr.name}", expr.type)


def drive_limit(total: int, page: int = PAGE) -> int:
    """Below this many matches, driving from a condition beats walking the sort order."""
    return max(page, math.isqrt(page * max(total, 1)))


class TableSize:
    """The rows of a table, for choosing plans: counted again at most every `ttl` seconds
    (a plan needs the order of magnitude, and SQLite counts a large table in milliseconds,
    not microseconds)."""

    def __init__(self, table: Any, ttl: float = 60.0) -> None:
        self._table = table
        self._ttl = ttl
        self._known: tuple[int, float] | None = None

    def __call__(self, s: Session) -> int:
        """The row count, as recently counted."""
        known, now = self._known, time.monotonic()
        if known is not None and now - known[1] < self._ttl:
            return known[0]
        rows = int(s.scalar(select(func.count()).select_from(self._table)) or 0)
        self._known = (rows, now)
        return rows


def capped_count(s: Session, stmt: Any, cap: int) -> int:
    """How many rows `stmt` (a SELECT) gives, counting at most `cap` (an estimate for the
    plan that costs at most `cap` index steps)."""
    return int(s.scalar(select(func.count()).select_from(stmt.limit(cap).subquery())) or 0)


@dataclass(frozen=True)
class SortOrder:
    """A list's order: `columns` of `table` (mapped columns or SQL expressions), each
    descending or not (`directions`), then the rowid in the last column's direction."""

    table: str
    columns: tuple[Any, ...]
    directions: tuple[bool, ...]

    @classmethod
    def of(cls, table: str, columns: Sequence[Any], *, descending: bool) -> SortOrder:
        """Every column in the same direction (an index on them gives the whole order)."""
        return cls(table, tuple(columns), (descending,) * len(columns))

    @property
    def keys(self) -> tuple[Any, ...]:
        """The sort columns and the rowid: what a cursor holds."""
        return (*self.columns, rowid(self.table))

    def _directions(self) -> tuple[bool, ...]:
        return (*self.directions, self.directions[-1])

    def order_by(self) -> list[Any]:
        """The ORDER BY terms."""
        return [
            k.desc() if down else k.asc()
            for k, down in zip(self.keys, self._directions(), strict=True)
        ]

    def after(self, values: Sequence[Any]) -> ColumnElement[bool]:
        """Rows strictly after a row whose `keys` hold `values`, in this order.

        Checked row by row (plain columns): SQLite reads the sort index from its start and
        skips the rows before the cursor on the index's own values, which costs little
        beside checking each row's other conditions.
        """
        keys = [_plain_key(c) for c in self.columns] + [plain_rowid(self.table)]
        nullable = [_nullable(c) for c in self.columns] + [False]
        terms = []
        for i, (value, down) in enumerate(zip(values, self._directions(), strict=True)):
            beyond = _beyond(keys[i], value, descending=down, nullable=nullable[i])
            if beyond is None:
                continue
            same = [_equal(c, v) for c, v in zip(keys[:i], values[:i], strict=True)]
            terms.append(and_(*same, beyond))
        return or_(*terms) if terms else false()


def _beyond(
    col: ColumnElement[Any], value: Any, *, descending: bool, nullable: bool
) -> ColumnElement[bool] | None:
    """Rows past `value` in one column (None: no row is); NULL is before every value."""
    if descending:
        if value is None:
            return None
        return or_(col < value, col.is_(None)) if nullable else col < value
    if value is None:
        present: ColumnElement[bool] = col.is_not(None)
        return present
    later: ColumnElement[bool] = col > value
    return later


def plain_rowid(table_name: str) -> ColumnElement[int]:
    """The rowid of `table_name` as SQLite does not use it to look rows up."""
    return literal_column(f"+{table_name}.rowid", Integer)


def _equal(col: ColumnElement[Any], value: Any) -> ColumnElement[bool]:
    return col.is_(None) if value is None else col == value


def _mapped(col: Any) -> bool:
    """A mapped table column (an expression is left as it is)."""
    return getattr(getattr(col, "expression", None), "table", None) is not None


def _plain_key(col: Any) -> Any:
    return plain(col) if _mapped(col) else col


def _nullable(col: Any) -> bool:
    return _mapped(col) and bool(getattr(col.expression, "nullable", False))
