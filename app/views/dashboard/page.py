"""The "Tổng quan" page: the signed-in user's counts as big clickable tiles (overdue in red,
near-due in orange), today's schedule, tasks near their deadline and, for leaders, the ward's
figures with a chart. Clicking a count asks the main window for the matching list.

The figures are read off the GUI thread and read again on `AppEvents.changed` (at once when the
page is on show, else when it is next shown) and when the day changes.
"""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QBrush, QShowEvent
from PyQt6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, tr
from app.services.changes import Changes
from app.services.space import Space
from app.services.statistics_dto import KEY_SCHEDULE, KEY_TASKS_MINE, Dashboard
from app.timeutil import VN_TZ
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp, show_error
from app.views.dashboard.tiles import CountTile
from app.views.dashboard.ward_panel import WardPanel
from app.views.incoming.callbacks import guarded
from app.views.statistics.chart import NEAR_DUE, OVERDUE

TILE_COLUMNS = 6
DAY_CHECK_MS = 60_000
WEEKDAYS = (
    N_("Thứ Hai"),
    N_("Thứ Ba"),
    N_("Thứ Tư"),
    N_("Thứ Năm"),
    N_("Thứ Sáu"),
    N_("Thứ Bảy"),
    N_("Chủ nhật"),
)
AMENDMENTS = {"added": N_("(Bổ sung)"), "changed": N_("(Điều chỉnh)")}


class DashboardPage(QWidget):
    """Tổng quan of the signed-in user.

    Signals:
        open_list(object): the key of the list a count opens: an incoming `Box` value,
            "outgoing", "tasks.mine", "tasks.by_me", "tasks.overdue", "incoming.overdue",
            "incoming.due_week", "schedule" or "statistics".
    """

    open_list = pyqtSignal(object)

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._dirty = False
        self._shown_day: dt.date | None = None
        self.dashboard: Dashboard | None = None
        self.tiles: dict[str, CountTile] = {}
        self.title = QLabel(tr("Tổng quan"), self)
        self.title.setObjectName("orgTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("hintLabel")
        self.refresh_button = QPushButton(tr("Làm mới"), self)
        self.status = QLabel(self)
        self.status.setObjectName("hintLabel")
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(8)
        self.schedule = self._tree(
            [tr("Giờ"), tr("Nội dung"), tr("Địa điểm"), tr("Chủ trì")], stretch=1
        )
        self.reminders = self._tree([tr("Công việc"), tr("Hạn xử lý"), tr("Tình trạng")], stretch=0)
        self.ward = WardPanel(self)
        self.ward.hide()
        self._lay_out()
        self.refresh_button.clicked.connect(self.refresh)
        self.schedule.itemActivated.connect(self._on_schedule_item_activated)
        self.reminders.itemActivated.connect(self._on_reminders_item_activated)
        self.ward.open_requested.connect(self.open_list)
        events.changed.connect(self._on_events_changed)
        events.user_changed.connect(self._on_events_user_changed)
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._on_day_timer_timeout)
        self._day_timer.start()
        self.refresh()

    def _tree(self, headings: list[str], stretch: int) -> QTreeWidget:
        """A flat list whose column `stretch` takes the room the others leave."""
        tree = QTreeWidget(self)
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(headings)
        header = tree.header()
        assert header is not None  # a tree always has one
        header.setStretchLastSection(False)
        for col in range(len(headings)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if col == stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(col, mode)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setMinimumHeight(100)
        return tree

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.day_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        lists = QVBoxLayout()
        for title, tree in (
            (tr("Lịch công tác hôm nay"), self.schedule),
            (tr("Công việc sắp đến hạn, quá hạn"), self.reminders),
        ):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(6, 4, 6, 6)
            inner.addWidget(tree)
            lists.addWidget(box, 1)
        below = QHBoxLayout()
        below.addLayout(lists, 1)
        below.addWidget(self.ward, 1)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.tile_grid)
        column.addLayout(below, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)

    # -- loading
    def refresh(self) -> None:
        """Read the figures again (in the background)."""
        self._dirty = False
        if not self._space.auth.signed_in:
            self._show(None)
            return
        self.status.setText(tr("Đang cập nhật…"))
        QueryOp(self, self._space.statistics.dashboard).success(guarded(self, self._show)).failure(
            guarded(self, self._on_load_failed)
        ).run()

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.status.setText(exc.message)
            return
        self.status.setText(tr("Không đọc được số liệu tổng quan."))
        show_error(self, exc)

    def _show(self, dashboard: Dashboard | None) -> None:
        self.dashboard = dashboard
        self._show_tiles(dashboard)
        self.schedule.clear()
        self.reminders.clear()
        if dashboard is None:
            self.day_label.setText("")
            self.ward.hide()
            self.status.setText("")
            return
        day = dashboard.today
        self._shown_day = day
        self.day_label.setText(
            tr("{name} — {weekday}, {day}").format(
                name=dashboard.user_name,
                weekday=tr(WEEKDAYS[day.weekday()]),
                day=day.strftime("%d/%m/%Y"),
            )
        )
        self._show_schedule(dashboard)
        self._show_reminders(dashboard)
        if dashboard.ward is not None:
            self.ward.show_figures(dashboard.ward)
            self.ward.show()
        else:
            self.ward.hide()
        now = self._space.clock.now().astimezone(VN_TZ)
        self.status.setText(tr("Cập nhật lúc {t}.").format(t=now.strftime("%H:%M")))

    def _show_tiles(self, dashboard: Dashboard | None) -> None:
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles.clear()
        if dashboard is None:
            return
        for n, data in enumerate(dashboard.tiles):
            tile = CountTile(data, self)
            tile.open_requested.connect(self.open_list)
            self.tile_grid.addWidget(tile, n // TILE_COLUMNS, n % TILE_COLUMNS)
            self.tiles[data.name] = tile

    def _show_schedule(self, dashboard: Dashboard) -> None:
        if not dashboard.schedule:
            self._empty(self.schedule, tr("Hôm nay không có lịch công tác."))
            return
        for entry in dashboard.schedule:
            time = entry.start_time + (f"–{entry.end_time}" if entry.end_time else "")
            mark = AMENDMENTS.get(entry.amendment)
            content = f"{entry.content} {tr(mark)}" if mark else entry.content
            item = QTreeWidgetItem([time, content, entry.location, entry.chair])
            item.setToolTip(1, content)
            self.schedule.addTopLevelItem(item)

    def _show_reminders(self, dashboard: Dashboard) -> None:
        if not dashboard.reminders:
            self._empty(self.reminders, tr("Không có công việc sắp đến hạn."))
            return
        for task in dashboard.reminders:
            state = tr("Quá hạn") if task.overdue else tr("Sắp đến hạn")
            due = task.due_date.strftime("%d/%m/%Y")
            if task.deadline != task.due_date:
                due += " " + tr("(tính đến {d})").format(d=task.deadline.strftime("%d/%m/%Y"))
            item = QTreeWidgetItem([task.title, due, state])
            item.setForeground(2, QBrush(OVERDUE if task.overdue else NEAR_DUE))
            item.setToolTip(0, task.title)
            self.reminders.addTopLevelItem(item)

    @staticmethod
    def _empty(tree: QTreeWidget, text: str) -> None:
        item = QTreeWidgetItem([text])
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        tree.addTopLevelItem(item)
        tree.setFirstColumnSpanned(0, tree.rootIndex(), True)

    # -- clicks
    def _on_schedule_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.open_list.emit(KEY_SCHEDULE)

    def _on_reminders_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.open_list.emit(KEY_TASKS_MINE)

    # -- events
    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        del changes  # counts of every kind are on show
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _on_events_user_changed(self) -> None:
        self.refresh()

    def _on_day_timer_timeout(self) -> None:
        signed_in = self._shown_day is not None and self._space.auth.signed_in
        if signed_in and self._space.statistics.today() != self._shown_day:
            self.refresh()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()
