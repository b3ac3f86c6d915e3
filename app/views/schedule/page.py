"""The "Lịch công tác tuần" page: a week at a time, its state, the steps the user may take.

Views: the week as a grid (days × sessions), by leader, today's agenda, and the week's history
(amendments in red with what changed). The page refreshes itself on `AppEvents.changed` for the
schedule (at once when on show, else when next shown).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from dataclasses import dataclass

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QShowEvent
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.services.changes import Changes
from app.services.schedule_dto import (
    EntryView,
    ExportFormat,
    LeaderGrid,
    WeekAction,
    WeekView,
    shift_week,
)
from app.services.space import Space
from app.timeutil import fmt_datetime, today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.schedule.agenda import TodayAgenda
from app.views.schedule.history_view import WeekHistory
from app.views.schedule.labels import BAD, DOUBT, state_badge_style, state_text
from app.views.schedule.leader_table import LeaderTable
from app.views.schedule.page_actions import EXPORT_LABELS, ScheduleActions
from app.views.schedule.week_grid import WeekGrid

log = logging.getLogger(__name__)
GRID_TAB, LEADER_TAB, TODAY_TAB, HISTORY_TAB = range(4)


@dataclass(frozen=True)
class _Loaded:
    week: WeekView
    leaders: LeaderGrid
    agenda: list[EntryView]
    today: dt.date


class SchedulePage(QWidget):
    """The weekly work schedule, one week at a time (the current week first)."""

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._dirty = False
        self.week_id = space.schedule.current_week_id()
        self.week: WeekView | None = None
        self.selected_entry_id: str | None = None
        self.actions_helper = ScheduleActions(space, events, self)
        self.previous_button = QPushButton(tr("◀ Tuần trước"), self)
        self.today_button = QPushButton(tr("Tuần này"), self)
        self.next_button = QPushButton(tr("Tuần sau ▶"), self)
        self.week_label = QLabel(self)
        self.week_label.setStyleSheet("QLabel { font-weight: bold; font-size: 15px; }")
        self.state_badge = QLabel(self)
        self.version_label = QLabel(self)
        self.version_label.setObjectName("hintLabel")
        self.export_button = QToolButton(self)
        self.export_button.setText(tr("Xuất lịch"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_actions: dict[ExportFormat, QAction] = {}
        for fmt in ExportFormat:
            action = menu.addAction(tr(EXPORT_LABELS[fmt]))
            assert action is not None
            action.triggered.connect(lambda _c=False, f=fmt: self.actions_helper.export(f))
            self.export_actions[fmt] = action
        self.export_button.setMenu(menu)
        self.buttons: dict[str, QPushButton] = {
            "add": QPushButton(tr("Thêm lịch"), self),
            "edit": QPushButton(tr("Sửa"), self),
            "cancel": QPushButton(tr("Xóa"), self),
            "submit": QPushButton(tr("Trình duyệt"), self),
            "publish": QPushButton(tr("Duyệt và ban hành"), self),
            "return": QPushButton(tr("Trả lại"), self),
        }
        self.buttons["submit"].setDefault(True)
        self.info = QLabel(self)
        self.info.setObjectName("hintLabel")
        self.info.setWordWrap(True)
        self.return_banner = self._banner("#fff4e5", DOUBT)
        self.conflict_banner = self._banner("#fdecea", BAD)
        self.grid = WeekGrid(self)
        self.leaders = LeaderTable(self)
        self.agenda = TodayAgenda(self)
        self.history = WeekHistory(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.grid, tr("Theo ngày"))
        self.tabs.addTab(self.leaders, tr("Theo lãnh đạo"))
        self.tabs.addTab(self.agenda, tr("Hôm nay"))
        self.tabs.addTab(self.history, tr("Quá trình"))
        self.status = QLabel(self)
        self._lay_out()
        self._connect()
        self.refresh()

    def _banner(self, background: str, colour: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setStyleSheet(
            f"QLabel {{ background: {background}; color: {colour}; "
            f"border: 1px solid {colour}; padding: 4px; }}"
        )
        label.hide()
        return label

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for widget in (self.previous_button, self.today_button, self.next_button):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.week_label)
        top.addWidget(self.state_badge)
        top.addWidget(self.version_label)
        top.addStretch(1)
        top.addWidget(self.export_button)
        steps = QHBoxLayout()
        for button in self.buttons.values():
            steps.addWidget(button)
        steps.addSpacing(12)
        steps.addWidget(self.info, 1)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addLayout(top)
        layout.addLayout(steps)
        layout.addWidget(self.return_banner)
        layout.addWidget(self.conflict_banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        self.previous_button.clicked.connect(lambda: self.show_week(shift_week(self.week_id, -1)))
        self.next_button.clicked.connect(lambda: self.show_week(shift_week(self.week_id, 1)))
        self.today_button.clicked.connect(
            lambda: self.show_week(self._space.schedule.current_week_id())
        )
        helper = self.actions_helper
        self.buttons["add"].clicked.connect(helper.add_entry)
        self.buttons["edit"].clicked.connect(lambda: helper.edit_entry())
        self.buttons["cancel"].clicked.connect(helper.cancel_entry)
        self.buttons["submit"].clicked.connect(helper.submit)
        self.buttons["publish"].clicked.connect(helper.publish)
        self.buttons["return"].clicked.connect(helper.return_week)
        for view in (self.grid, self.leaders):
            view.entry_selected.connect(self._on_entry_selected)
            view.entry_activated.connect(self._on_entry_activated)
        self.agenda.entry_activated.connect(self._on_entry_activated)
        self._events.changed.connect(self._on_events_changed)
        self._events.user_changed.connect(self._on_events_user_changed)

    @property
    def dialog(self) -> object:
        """The dialog opened last (for tests and for focus)."""
        return self.actions_helper.dialog

    # -- loading
    def show_week(self, week_id: str) -> None:
        """Show another week."""
        self.week_id = week_id
        self.selected_entry_id = None
        self.refresh()

    def refresh(self) -> None:
        """Read the week on show (and today's agenda) again."""
        self._dirty = False
        if not self._space.auth.signed_in:
            self.week = None
            self._update_buttons()
            return
        svc, week_id, clock = self._space.schedule, self.week_id, self._space.clock

        def query() -> _Loaded:
            return _Loaded(
                svc.week(week_id), svc.leader_grid(week_id), svc.today_agenda(), today_vn(clock)
            )

        QueryOp(self, query).success(guarded(self, self._on_loaded)).failure(
            guarded(self, self._on_load_failed)
        ).run()

    def _on_loaded(self, loaded: _Loaded) -> None:
        if loaded.week.id != self.week_id:
            return  # the user moved on to another week meanwhile
        week = self.week = loaded.week
        self.week_label.setText(week.label)
        self.state_badge.setText(state_text(week.state))
        self.state_badge.setStyleSheet(state_badge_style(week.state))
        self.version_label.setText(
            tr("Phiên bản {n}").format(n=week.version) if week.version else ""
        )
        self.grid.show_week(week, loaded.today)
        if self.selected_entry_id is not None:
            self.grid.select(self.selected_entry_id)
        self.leaders.show_grid(loaded.leaders, loaded.today)
        self.agenda.show_agenda(loaded.agenda, self._space.auth.user, loaded.today)
        self.history.show_history(week.history)
        self._show_banners(week)
        self.info.setText(_info_text(week))
        if self.entry(self.selected_entry_id) is None:
            self.selected_entry_id = None
        self._update_buttons()

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.show_message(exc.message)
        else:
            log.error("loading the schedule failed", exc_info=exc)
            self.show_message(tr("Không đọc được lịch công tác tuần."))

    def _show_banners(self, week: WeekView) -> None:
        returned = week.return_reason and week.state.value == "draft"
        self.return_banner.setText(
            "<b>" + html.escape(tr("Lãnh đạo trả lại:")) + "</b> " + html.escape(week.return_reason)
        )
        self.return_banner.setVisible(bool(returned))
        self.conflict_banner.setText("<br>".join(html.escape(c) for c in week.conflicts))
        self.conflict_banner.setVisible(bool(week.conflicts))

    def entry(self, entry_id: str | None) -> EntryView | None:
        """An entry of the week on show."""
        if self.week is None or entry_id is None:
            return None
        return next((e for e in self.week.entries if e.id == entry_id), None)

    # -- buttons
    def _update_buttons(self) -> None:
        acts = self.week.actions if self.week is not None else frozenset()
        amend = WeekAction.AMEND in acts
        entry = self.entry(self.selected_entry_id)
        can_touch = entry is not None and not entry.cancelled
        self.buttons["add"].setText(tr("Bổ sung lịch") if amend else tr("Thêm lịch"))
        self.buttons["edit"].setText(tr("Điều chỉnh") if amend else tr("Sửa"))
        self.buttons["cancel"].setText(tr("Hủy lịch") if amend else tr("Xóa"))
        self.buttons["add"].setVisible(WeekAction.ADD in acts or amend)
        for key in ("edit", "cancel"):
            self.buttons[key].setVisible(WeekAction.EDIT in acts or amend)
            self.buttons[key].setEnabled(can_touch)
        self.buttons["submit"].setVisible(WeekAction.SUBMIT in acts)
        self.buttons["publish"].setVisible(WeekAction.PUBLISH in acts)
        self.buttons["return"].setVisible(WeekAction.RETURN in acts)
        has_entries = self.week is not None and bool(self.week.entries)
        self.export_button.setEnabled(has_entries)
        self.export_button.setToolTip(
            "" if has_entries else tr("Tuần này chưa có lịch nào để xuất.")
        )

    def _on_entry_selected(self, entry_id: str) -> None:
        self.selected_entry_id = entry_id
        self.grid.select(entry_id)
        self._update_buttons()

    def _on_entry_activated(self, entry_id: str) -> None:
        self._on_entry_selected(entry_id)
        if self.week is not None and self.week.actions & {WeekAction.EDIT, WeekAction.AMEND}:
            self.actions_helper.edit_entry(entry_id)

    # -- changes elsewhere
    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        if not changes.schedule and not changes.directory:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self.refresh()

    def _on_events_user_changed(self) -> None:
        self.selected_entry_id = None
        self.refresh()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def show_message(self, text: str) -> None:
        """A line in this page's status and in the window's status bar."""
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            bar = window.statusBar()
            if bar is not None:
                bar.showMessage(text, 10_000)


def _info_text(week: WeekView) -> str:
    if week.published_at is not None and week.published_by is not None:
        text = tr("Ban hành lúc {t} — {who}").format(
            t=fmt_datetime(week.published_at), who=week.published_by.title
        )
        if week.version > 1:
            text += tr("; đã điều chỉnh {n} lần").format(n=week.version - 1)
        return text
    if week.submitted_at is not None and week.state.value == "submitted":
        return tr("Trình lúc {t} — {who}").format(
            t=fmt_datetime(week.submitted_at), who=week.submitted_by
        )
    if not week.exists:
        return tr("Tuần này chưa có lịch.")
    return ""
