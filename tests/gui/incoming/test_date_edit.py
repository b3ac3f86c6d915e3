"""DateField: typed dd/MM/yyyy dates, empty means none, nonsense is flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from app.views.incoming.date_edit import DateField, parse_typed_date

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/12/2026", dt.date(2026, 12, 25)),
        ("5/1/2026", dt.date(2026, 1, 5)),
        ("25.12.2026", dt.date(2026, 12, 25)),
        ("25122026", dt.date(2026, 12, 25)),
        ("31/02/2026", None),
        ("25/12", None),
        ("", None),
    ],
)
def test_parse_typed_date(text: str, expected: dt.date | None) -> None:
    assert parse_typed_date(text) == expected


def test_field_value_and_errors(qtbot) -> None:
    field = DateField(TODAY)
    qtbot.addWidget(field)
    assert field.value() is None
    assert not field.has_error()
    with qtbot.waitSignal(field.value_changed, timeout=1000):
        qtbot.keyClicks(field.line_edit, "25122026")
    assert field.value() == dt.date(2026, 12, 25)
    qtbot.keyClicks(field.line_edit, "x")  # refused by the validator
    assert field.line_edit.text() == "25122026"
    field.line_edit.editingFinished.emit()
    assert field.line_edit.text() == "25/12/2026"
    field.line_edit.setText("32/01/2026")
    assert field.has_error()
    field.set_value(None)
    assert field.line_edit.text() == ""
