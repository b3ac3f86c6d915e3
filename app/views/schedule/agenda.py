"""Today's agenda ("Hôm nay") of the signed-in user: what they chair or attend, in time order.

A leader sees all of today's entries. Entries of a week not yet published are marked.
"""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import AssigneeKind, ScheduleState
from app.services.auth import CurrentUser
from app.services.schedule_dto import STATE_LABELS, EntryView, day_label
from app.views.schedule.fitted_table import FittedTable
from app.views.schedule.labels import ROLE_ATTEND, ROLE_CHAIR, ROLE_UNIT, amendment_text

IdRole = Qt.ItemDataRole.UserRole + 1


def role_of(entry: EntryView, user: CurrentUser) -> str:
    """ "Chủ trì", "Tham dự", "Đơn vị tham dự" or ""."""
    if entry.chair is not None and entry.chair.id == user.id:
        return tr(ROLE_CHAIR)
    for p in entry.participants:
        if p.kind == AssigneeKind.USER and p.id == user.id:
            return tr(ROLE_ATTEND)
    for p in entry.participants:
        if p.kind == AssigneeKind.UNIT and p.id == user.unit_id:
            return tr(ROLE_UNIT)
    return ""


class TodayAgenda(QWidget):
    """A heading and a table of today's entries.

    Signals:
        entry_activated(str): a row was double-clicked.
    """

    entry_activated = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("QLabel { font-weight: bold; font-size: 14px; }")
        self.table = FittedTable(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [tr("Giờ"), tr("Nội dung"), tr("Vai trò"), tr("Địa điểm"), tr("Chủ trì")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = self.table.verticalHeader()
        assert rows is not None
        rows.hide()
        header = self.table.horizontalHeader()
        assert header is not None
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(tr("Hôm nay không có lịch nào của bạn."), self)
        self.empty.setObjectName("hintLabel")
        self.table.cellDoubleClicked.connect(self._on_table_cell_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._filler = layout.count()
        layout.addStretch(1)

    def show_agenda(self, entries: list[EntryView], user: CurrentUser, today: dt.date) -> None:
        """Fill the table."""
        self.heading.setText(tr("Hôm nay, {day}").format(day=day_label(today, year=True)))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            content = entry.content
            mark = amendment_text(entry)
            if mark:
                content += f" ({mark})"
            if entry.week_state != ScheduleState.PUBLISHED:
                content += f" [{tr(STATE_LABELS[entry.week_state])}]"
            texts = (
                entry.time_text,
                content,
                role_of(entry, user),
                entry.location,
                entry.chair.title if entry.chair else "",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(IdRole, entry.id)
                if entry.cancelled:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.fit_rows()
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setStretch(self._filler, 0 if entries else 1)

    def _on_table_cell_double_clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.entry_activated.emit(str(item.data(IdRole)))
