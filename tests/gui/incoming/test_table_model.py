"""IncomingTableModel: a valid Qt model, lazy pages, server-side sorting, colours by urgency."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QModelIndex, Qt

from app.models.enums import Source, Urgency
from app.services.incoming_dto import Box, IncomingFilter
from app.views.incoming.table_model import PAGE_SIZE, IdRole, IncomingTableModel, RowRole
from tests.conftest import Ward
from tests.gui.incoming.helpers import make_pdf, register_pdf


def test_model_passes_the_model_tester(qtmodeltester, ward: Ward, tmp_path: Path) -> None:
    space = ward.as_user("vanthu")
    register_pdf(space, make_pdf(tmp_path / "a.pdf", "a"), code_number="1")
    register_pdf(space, make_pdf(tmp_path / "b.pdf", "b"), code_number="2", urgency=Urgency.FLASH)
    model = IncomingTableModel(space, Box.ALL)
    model.reload()
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_columns_texts_and_roles(ward: Ward, tmp_path: Path) -> None:
    space = ward.as_user("vanthu")
    reg = register_pdf(space, make_pdf(tmp_path / "a.pdf", "a"), urgency=Urgency.URGENT)
    model = IncomingTableModel(space, Box.ALL)
    model.reload()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Số đến", "Ngày đến", "Số/ký hiệu", "Cơ quan ban hành", "Trích yếu", "Hạn xử lý",
        "Trạng thái", "Độ khẩn",
    ]  # fmt: skip
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert texts[0] == "1"
    assert texts[1] == "20/11/2026"
    assert texts[2] == "123/UBND-VP"
    assert texts[6] == "Đã vào sổ"
    assert texts[7] == "Khẩn"
    assert model.data(model.index(0, 0), IdRole) == reg.id
    assert model.data(model.index(0, 3), RowRole).id == reg.id
    assert model.data(model.index(0, 4), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 4), Qt.ItemDataRole.ForegroundRole) is not None


def test_queue_columns(ward: Ward, sample_pdf: Path) -> None:
    space = ward.as_user("vanthu")
    space.incoming.queue_file(sample_pdf, source=Source.SCAN)
    model = IncomingTableModel(space, Box.QUEUE)
    model.reload()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Tệp", "Ngày nhận", "Nguồn"]
    assert model.data(model.index(0, 0)) == "congvan.pdf"
    assert model.data(model.index(0, 1)) == "20/11/2026 09:30"


def test_pages_are_fetched_lazily(ward: Ward) -> None:
    space = ward.as_user("vanthu")
    user = space.auth.user
    for n in range(PAGE_SIZE + 120):
        space.incoming._queue(user, b"%%PDF-1.4 tep %d" % n, f"tep{n:04d}.pdf", 1, Source.SCAN)
    model = IncomingTableModel(space, Box.QUEUE)
    model.reload()
    assert model.total == PAGE_SIZE + 120
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE + 120
    assert not model.canFetchMore(QModelIndex())
    ids = [model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)


def test_sort_asks_the_service_again(ward: Ward, tmp_path: Path) -> None:
    space = ward.as_user("vanthu")
    for n, agency in enumerate(["UBND quận B", "Công an phường", "Sở Tư pháp"], start=1):
        register_pdf(
            space,
            make_pdf(tmp_path / f"{n}.pdf", str(n)),
            code_number=str(n),
            issuing_agency=agency,
        )
    model = IncomingTableModel(space, Box.ALL)
    model.reload()
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["3", "2", "1"]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["1", "2", "3"]
    model.sort(3, Qt.SortOrder.AscendingOrder)
    agencies = [model.data(model.index(r, 3)) for r in range(3)]
    assert agencies == sorted(agencies)


def test_filter_and_refresh_in_place(qtbot, ward: Ward, tmp_path: Path) -> None:
    space = ward.as_user("vanthu")
    first = register_pdf(space, make_pdf(tmp_path / "1.pdf", "1"), summary="Về lễ hội đền Đô")
    register_pdf(space, make_pdf(tmp_path / "2.pdf", "2"), code_number="7", summary="Về xây dựng")
    model = IncomingTableModel(space, Box.ALL)
    model.set_filter(IncomingFilter(text="le hoi den do"))
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0), IdRole) == first.id
    space.incoming.submit(first.id, ward.leader)
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.refresh()
    assert model.data(model.index(0, 6)) == "Chờ chỉ đạo"


def test_loads_in_the_background(qtbot, ward: Ward, tmp_path: Path) -> None:
    from app.ui_support import ops

    space = ward.as_user("vanthu")
    user = space.auth.user
    for n in range(PAGE_SIZE + 5):
        space.incoming._queue(user, b"%%PDF-1.4 nen %d" % n, f"nen{n:04d}.pdf", 1, Source.SCAN)
    model = IncomingTableModel(space, Box.QUEUE)
    ops.set_inline(False)
    try:
        with qtbot.waitSignal(model.loaded, timeout=5000):
            model.reload()
        assert model.rowCount() == PAGE_SIZE
        with qtbot.waitSignal(model.rowsInserted, timeout=5000):
            model.fetchMore(QModelIndex())
            model.fetchMore(QModelIndex())  # a second call while the first runs is ignored
        assert model.rowCount() == PAGE_SIZE + 5
    finally:
        ops.wait_all()
        ops.set_inline(True)
