"""The directory's table models pass Qt's model checks and show what the admin expects."""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import Qt

from app.services.incoming_dto import IncomingDraft
from app.views.admin.table_models import (
    ActiveRole,
    IdRole,
    RegisterTableModel,
    UnitTableModel,
    UserTableModel,
)


def test_unit_table_model(qtmodeltester, ward):
    model = UnitTableModel(ward.space.directory)
    model.refresh()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Chữ viết tắt"
    row = model.row_of(ward.unit_vp)
    assert model.index(row, 0).data() == "Văn phòng - Thống kê"
    assert model.index(row, 0).data(IdRole) == ward.unit_vp
    assert model.index(row, 0).data(ActiveRole) is True


def test_user_table_model(qtmodeltester, ward):
    model = UserTableModel(ward.space.directory)
    model.refresh()
    qtmodeltester.check(model)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, key=lambda n: n.replace("Đ", "Dz"))  # Đ after D
    row = model.row_of(ward.admin)
    assert model.index(row, 4).data() == "Quản trị hệ thống"
    assert model.index(row, 3).data() == ""


def test_register_table_model(qtmodeltester, ward, sample_pdf):
    space = ward.as_user("vanthu")
    doc_id = space.incoming.queue_file(sample_pdf)
    draft = IncomingDraft(
        code_number="15",
        code_notation="UBND-VP",
        document_date=dt.date(2026, 11, 18),
        issuing_agency="UBND quận Long Biên",
        doc_type="Công văn",
        summary="Về việc rà soát hồ sơ",
    )
    space.incoming.register(doc_id, draft)
    model = RegisterTableModel(space.directory, "incoming")
    model.refresh()
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "2026"
