"""Scrolling a list loads each next page after the last row shown: every document once, in the
list's order, even when rows share their sort value or one shown leaves the list meanwhile."""

from __future__ import annotations

from PyQt6.QtCore import QModelIndex

from app.models.enums import Source
from app.services.incoming_dto import Box, IncomingFilter
from app.services.space import Space
from app.views.incoming.table_model import PAGE_SIZE, IdRole, IncomingTableModel
from tests.conftest import Ward

EXTRA = 150  # a second page, and part of a third


def _queue(space: Space, n: int) -> list[str]:
    """`n` files in the queue, all received at the same minute (the ward's clock stands)."""
    user = space.auth.user
    return [
        space.incoming._queue(user, b"%%PDF-1.4 trang %d" % i, f"tep{i:04d}.pdf", 1, Source.SCAN)
        for i in range(n)
    ]


def _scroll_to_end(model: IncomingTableModel) -> list[str]:
    while model.canFetchMore(QModelIndex()):
        before = model.rowCount()
        model.fetchMore(QModelIndex())
        assert model.rowCount() > before
    return [model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())]


def test_scrolling_loads_every_row_once_in_order(ward: Ward) -> None:
    space = ward.as_user("vanthu")
    _queue(space, 2 * PAGE_SIZE + EXTRA)
    model = IncomingTableModel(space, Box.QUEUE)
    model.reload()
    assert model.rowCount() == PAGE_SIZE
    shown = _scroll_to_end(model)
    whole = space.incoming.rows(IncomingFilter(box=Box.QUEUE), limit=10_000)
    assert shown == [r.id for r in whole]
    assert len(set(shown)) == 2 * PAGE_SIZE + EXTRA


def test_a_row_leaving_the_list_meanwhile_costs_no_other_row(ward: Ward) -> None:
    space = ward.as_user("vanthu")
    queued = _queue(space, PAGE_SIZE + EXTRA)
    model = IncomingTableModel(space, Box.QUEUE)
    model.reload()
    first_page = [model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())]
    for doc in first_page[-3:]:  # handled by a colleague while this list stays open
        space.incoming.discard(doc, "Không phải văn bản")
    shown = _scroll_to_end(model)
    assert sorted(shown) == sorted(queued)  # the next page started after the last row shown
    assert len(set(shown)) == len(shown)
