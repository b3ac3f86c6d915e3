"""A Qt table model over a service's paged list: the count and the pages scrolled to.

Subclasses say what to list (`_source`: the count and a page fetcher, taken from the current
filter) and how to show a row (`data`); loading, refreshing in place and paging are here, so a
list of 100 000 documents opens at once and a change refreshes only what is shown. Each page
is asked for after the last row loaded (keyset paging: the service starts from that row
instead of reading every row before it again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PyQt6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    pyqtSignal,
)
from PyQt6.QtWidgets import QAbstractItemView

from app.i18n import tr
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded

IdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 200
MAX_KEPT_ROWS = 10_000  # a refresh reloads at most this many of the rows already shown

Index = QModelIndex | QPersistentModelIndex
Count = Callable[[], int]
# (offset, limit, id of the last row loaded or None) -> the rows after it, each with an `id`
Fetch = Callable[[int, int, str | None], Sequence[Any]]


class ColumnLike(Protocol):
    """What the base needs of a column."""

    @property
    def title(self) -> str: ...


class LazyRowsModel(QAbstractTableModel):
    """Rows fetched a page at a time, in the order the service gives them.

    Signals:
        loaded(): the list was (re)loaded from its start; `total` is up to date.
        load_failed(object): the service raised (the exception).
    """

    loaded = pyqtSignal()
    load_failed = pyqtSignal(object)

    def __init__(self, columns: Sequence[ColumnLike], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: Sequence[Any] = columns
        self._rows: list[Any] = []
        self._ids: set[str] = set()
        self.total = 0
        self._generation = 0
        self._fetching = False

    def _source(self) -> tuple[Count, Fetch]:
        """The count and the page fetcher of what is listed now (run off the GUI thread)."""
        raise NotImplementedError

    def _clear(self, columns: Sequence[ColumnLike]) -> None:
        """Show nothing, with other columns (before listing something else)."""
        self.beginResetModel()
        self._columns = columns
        self._rows = []
        self._ids = set()
        self.total = 0
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The DTO shown on `row`."""
        return self._rows[row]

    def row_of(self, doc_id: str) -> int | None:
        """The row showing `doc_id`, when it is loaded."""
        if doc_id not in self._ids:
            return None
        return next(i for i, r in enumerate(self._rows) if r.id == doc_id)

    # -- loading
    def reload(self) -> None:
        """Fetch the count and the first page again (the list starts over)."""
        self._load(PAGE_SIZE, keep=False)

    def refresh(self) -> None:
        """Fetch again what is shown (after a change), keeping the rows already scrolled to."""
        self._load(min(max(PAGE_SIZE, len(self._rows)), MAX_KEPT_ROWS), keep=True)

    def _load(self, limit: int, *, keep: bool) -> None:
        self._generation += 1
        self._fetching = False
        generation = self._generation
        count, fetch = self._source()

        def done(result: tuple[int, Sequence[Any]]) -> None:
            if generation == self._generation:
                self._on_loaded(*result, keep=keep)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.load_failed.emit(exc)

        QueryOp(None, lambda: (count(), fetch(0, limit, None))).success(
            guarded(self, done)
        ).failure(guarded(self, failed)).run()

    def _on_loaded(self, total: int, rows: Sequence[Any], *, keep: bool) -> None:
        self.total = total
        if keep and [r.id for r in rows] == [r.id for r in self._rows]:
            self._update_in_place(rows)
        else:
            self.beginResetModel()
            self._rows = list(rows)
            self._ids = {r.id for r in rows}
            self.endResetModel()
        self.loaded.emit()

    def _update_in_place(self, rows: Sequence[Any]) -> None:
        """Same documents in the same order: signal only the rows whose values changed."""
        old, self._rows = self._rows, list(rows)
        changed = [i for i, (a, b) in enumerate(zip(old, rows, strict=True)) if a != b]
        last_column = len(self._columns) - 1
        start = 0
        while start < len(changed):
            end = start
            while end + 1 < len(changed) and changed[end + 1] == changed[end] + 1:
                end += 1
            self.dataChanged.emit(
                self.index(changed[start], 0), self.index(changed[end], last_column)
            )
            start = end + 1

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 — Qt's default
        """More rows exist beyond those loaded."""
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 — Qt's default
        """Load the next page (once at a time)."""
        if parent.isValid() or self._fetching or not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        offset = len(self._rows)
        after = self._rows[-1].id if self._rows else None
        _count, fetch = self._source()

        def done(rows: Sequence[Any]) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            fresh = [r for r in rows if r.id not in self._ids]
            if not rows:
                self.total = len(self._rows)  # the list shrank meanwhile
            if not fresh:
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._ids.update(r.id for r in fresh)
            self.endInsertRows()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._fetching = False
                self.load_failed.emit(exc)

        QueryOp(None, lambda: fetch(offset, PAGE_SIZE, after)).success(guarded(self, done)).failure(
            guarded(self, failed)
        ).run()

    # -- Qt's model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """The list's columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles in Vietnamese."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self._columns[section].title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows are selectable, not editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def selected_row(table: QAbstractItemView, model: LazyRowsModel) -> Any | None:
    """The DTO of the row selected in `table` (None when no whole row is selected)."""
    index = table.currentIndex()
    selection = table.selectionModel()
    if (
        not index.isValid()
        or selection is None
        or not selection.isRowSelected(index.row(), QModelIndex())
    ):
        return None
    return model.data(index, RowRole)


def select_row(table: QAbstractItemView, model: LazyRowsModel, row: int) -> None:
    """Make `row` the selected, current row and scroll to it."""
    selection = table.selectionModel()
    if selection is None:
        return
    index = model.index(row, 0)
    flag = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(index, flag.ClearAndSelect | flag.Rows)
    table.scrollTo(index)
