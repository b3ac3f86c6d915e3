"""The week's history ("Quá trình"): every step, amendments highlighted with what changed."""

from __future__ import annotations

from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidgetItem, QWidget

from app.i18n import tr
from app.services.schedule_dto import HistoryLine
from app.timeutil import fmt_datetime
from app.views.schedule.fitted_table import FittedTable
from app.views.schedule.labels import BAD


class WeekHistory(FittedTable):
    """Time, person, step, details; newest last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            [tr("Thời gian"), tr("Người thực hiện"), tr("Thao tác"), tr("Nội dung")]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = self.verticalHeader()
        assert rows is not None
        rows.hide()
        header = self.horizontalHeader()
        assert header is not None
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def show_history(self, lines: tuple[HistoryLine, ...]) -> None:
        """Fill the table."""
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate(
                (fmt_datetime(line.at), line.actor, line.action, line.text)
            ):
                item = QTableWidgetItem(text)
                if line.amendment:
                    item.setForeground(QBrush(QColor(BAD)))
                self.setItem(row, column, item)
        self.fit_rows()

    def row_texts(self) -> list[tuple[str, ...]]:
        """Every row's texts (for tests)."""
        return [
            tuple((self.item(r, c).text() if self.item(r, c) else "") for c in range(4))  # type: ignore[union-attr]
            for r in range(self.rowCount())
        ]
