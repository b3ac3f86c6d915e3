"""OutgoingTableModel: a valid Qt model, its columns per list, lazy pages, the search."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from PyQt6.QtCore import QModelIndex, Qt
from PyQt6.QtGui import QFont

from app.models.enums import Urgency
from app.services.outgoing_dto import DraftForm, OutgoingBox, OutgoingRow
from app.views import lazy_rows
from app.views.outgoing.table_model import IdRole, OutgoingTableModel, RowRole
from tests.conftest import Ward
from tests.gui.outgoing.outgoing_helpers import new_draft


def headers(model: OutgoingTableModel) -> list[object]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, ward: Ward) -> None:
    new_draft(ward, summary="Về việc một")
    space = ward.as_user("canbo")
    form = DraftForm("cong_van", "Về việc hai", ward.leader, urgency=Urgency.FLASH)
    space.outgoing.new_draft(form)
    model = OutgoingTableModel(space, OutgoingBox.MY_DRAFTS)
    model.reload()
    assert model.rowCount() == 2
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]  # pytest-qt has no hints here


def test_columns_texts_and_roles(ward: Ward) -> None:
    space = ward.as_user("canbo")
    doc_id = space.outgoing.new_draft(
        DraftForm("cong_van", "V/v  kiểm tra\nvệ sinh", ward.leader, urgency=Urgency.URGENT)
    )
    model = OutgoingTableModel(space, OutgoingBox.MY_DRAFTS)
    model.reload()
    assert headers(model) == [
        "Số/ký hiệu", "Ngày tạo", "Tên loại, trích yếu", "Người ký", "Người soạn thảo",
        "Trạng thái",
    ]  # fmt: skip
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert texts == [
        "…/UBND", "20/11/2026", "Công văn: V/v kiểm tra vệ sinh", "Trần Văn Nam", "Lê Văn Ba",
        "Đang soạn thảo",
    ]  # fmt: skip
    assert model.data(model.index(0, 0), IdRole) == doc_id
    row = model.data(model.index(0, 3), RowRole)
    assert isinstance(row, OutgoingRow)
    assert row.id == doc_id
    font = model.data(model.index(0, 3), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ForegroundRole) is not None
    model.set_box(OutgoingBox.ISSUED)
    assert model.rowCount() == 0
    assert headers(model)[1] == "Ngày ban hành"
    assert headers(model)[-1] == "Người soạn thảo"


def test_pages_are_fetched_lazily(ward: Ward, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazy_rows, "PAGE_SIZE", 2)
    for n in range(3):
        new_draft(ward, summary=f"Về việc số {n}")
    model = OutgoingTableModel(ward.space, OutgoingBox.MY_DRAFTS)
    model.reload()
    assert (model.rowCount(), model.total) == (2, 3)
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 3
    assert not model.canFetchMore(QModelIndex())


def test_search_without_diacritics(ward: Ward) -> None:
    new_draft(ward, summary="Về việc kiểm tra trật tự đô thị")
    new_draft(ward, summary="Về lễ hội mùa xuân")
    model = OutgoingTableModel(ward.space, OutgoingBox.MY_DRAFTS)
    model.set_filter("trat tu do thi", None)
    assert [model.row_at(r).summary for r in range(model.rowCount())] == [
        "Về việc kiểm tra trật tự đô thị"
    ]
