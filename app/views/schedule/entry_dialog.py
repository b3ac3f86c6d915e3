"""Thêm lịch / Sửa lịch / Bổ sung, điều chỉnh lịch đã ban hành: every field of an entry.

Saving first asks the service for overlap warnings (a leader or a room booked twice): they are
shown above the buttons and the button becomes "Vẫn lưu"; changing the form asks again. The
session follows the start time until the user picks one. A new entry may repeat on chosen
weekdays until a date; an occurrence of a series is changed alone or with the rest of the series.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PyQt6.QtCore import QTime
from PyQt6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import DaySession, Role
from app.services.directory import UnitInfo, UserInfo
from app.services.schedule_dto import (
    LIMITS,
    SESSION_LABELS,
    EntryForm,
    EntryView,
    Recurrence,
    SaveResult,
    Scope,
    session_for,
    week_days,
    week_label,
)
from app.services.space import Space
from app.timeutil import today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.date_edit import DateField
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.schedule.labels import DOUBT
from app.views.schedule.pickers import LinkPicker, ParticipantPicker, RecurrenceBox


@dataclass(frozen=True)
class _Choices:
    leaders: list[UserInfo]
    users: list[UserInfo]
    units: list[UnitInfo]
    entry: EntryView | None


class EntryDialog(CommandDialog):
    """The form of a new entry in `week_id`, or of an existing one (`entry_id`).

    `amendment` says the week is published: the save is an amendment ("Bổ sung"/"Điều chỉnh").
    After a save, `saved` holds what the service made.
    """

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        week_id: str,
        parent: QWidget | None = None,
        *,
        entry_id: str | None = None,
        amendment: bool = False,
        day: dt.date | None = None,
    ) -> None:
        editing = entry_id is not None
        if amendment:
            title = tr("Điều chỉnh lịch đã ban hành") if editing else tr("Bổ sung lịch")
        else:
            title = tr("Sửa lịch") if editing else tr("Thêm lịch")
        super().__init__(events, title, tr("Lưu") if editing else tr("Thêm"), parent)
        self._space = space
        self.week_id = week_id
        self.entry_id = entry_id
        self.amendment = amendment
        self.saved: SaveResult | None = None
        self._confirmed: tuple[EntryForm, Recurrence | None, Scope] | None = None
        self._session_chosen = False
        self._series_id: str | None = None
        today = today_vn(space.clock)
        first = week_days(week_id)[0]
        start_day = day or (today if today in week_days(week_id) else first)
        self.day = DateField(today, self, value=start_day)
        self.start = QTimeEdit(QTime(8, 0), self)
        self.start.setDisplayFormat("HH:mm")
        self.has_end = QCheckBox(tr("đến"), self)
        self.end = QTimeEdit(QTime(10, 0), self)
        self.end.setDisplayFormat("HH:mm")
        self.session = QComboBox(self)
        for value in DaySession:
            self.session.addItem(tr(SESSION_LABELS[value]), value)
        self.content = LimitedTextEdit(LIMITS["content"], self, lines=3)
        self.chair = QComboBox(self)
        self.chair.setMinimumWidth(300)
        self.participants = ParticipantPicker(self)
        self.outside = QLineEdit(self)
        self.outside.setMaxLength(LIMITS["outside_participants"])
        self.outside.setPlaceholderText(tr("Cơ quan, tổ chức bên ngoài (nếu có)"))
        self.location = QLineEdit(self)
        self.location.setMaxLength(LIMITS["location"])
        self.unit = QComboBox(self)
        self.note = LimitedTextEdit(LIMITS["note"], self, lines=2)
        self.separate_invitation = QCheckBox(tr("Có giấy mời riêng (lịch không thay giấy mời)"))
        self.links = LinkPicker(space, self)
        self.recurrence = RecurrenceBox(today, self)
        self.scope_one = QRadioButton(tr("Chỉ lần này"), self)
        self.scope_series = QRadioButton(tr("Cả chuỗi lặp lại (các lần từ hôm nay trở đi)"), self)
        self._scope = QButtonGroup(self)
        for button in (self.scope_one, self.scope_series):
            self._scope.addButton(button)
        self.scope_one.setChecked(True)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            f"QLabel {{ color: {DOUBT}; background: #fff4e5; border: 1px solid {DOUBT}; "
            "padding: 4px; }"
        )
        self.warnings.hide()
        self.field_widgets.update(
            {
                "day": self.day,
                "start_time": self.start,
                "end_time": self.end,
                "content": self.content,
                "chair": self.chair,
                "participants": self.participants,
                "outside_participants": self.outside,
                "location": self.location,
                "unit": self.unit,
                "note": self.note,
                "links": self.links,
                "recurrence": self.recurrence,
                "until": self.recurrence.until,
            }
        )
        self._lay_out(editing)
        self._connect()
        self._on_has_end_toggled(False)
        self.ok_button.setEnabled(False)
        self.resize(720, 760)
        self._load()

    def _lay_out(self, editing: bool) -> None:
        when = QHBoxLayout()
        when.addWidget(self.day, 2)
        when.addWidget(QLabel(tr("từ"), self))
        when.addWidget(self.start)
        when.addWidget(self.has_end)
        when.addWidget(self.end)
        when.addWidget(QLabel(tr("Buổi:"), self))
        when.addWidget(self.session)
        form = QFormLayout()
        hint = QLabel(week_label(self.week_id), self)
        hint.setObjectName("hintLabel")
        form.addRow(tr("Tuần:"), hint)
        when_label = QLabel(tr("&Ngày, giờ:"), self)
        when_label.setBuddy(self.day)
        form.addRow(when_label, when)
        form.addRow(tr("N&ội dung:"), self.content)
        form.addRow(tr("&Chủ trì:"), self.chair)
        form.addRow(tr("&Thành phần:"), self.participants)
        form.addRow(tr("Thành phần &khác:"), self.outside)
        form.addRow(tr("Đị&a điểm:"), self.location)
        form.addRow(tr("Đơn vị chuẩn &bị:"), self.unit)
        form.addRow(tr("&Ghi chú:"), self.note)
        form.addRow("", self.separate_invitation)
        form.addRow(tr("&Văn bản liên quan:"), self.links)
        if not editing:
            form.addRow(tr("Lặp lại:"), self.recurrence)
        scope = QHBoxLayout()
        scope.addWidget(self.scope_one)
        scope.addWidget(self.scope_series)
        scope.addStretch(1)
        self._scope_row = QWidget(self)
        self._scope_row.setLayout(scope)
        self._scope_row.hide()
        form.addRow(self._scope_row)
        inner = QWidget(self)
        inner.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.start.timeChanged.connect(self._on_start_time_changed)
        self.session.activated.connect(self._on_session_activated)
        self.has_end.toggled.connect(self._on_has_end_toggled)
        self.day.value_changed.connect(self._on_day_value_changed)

    # -- loading
    def _load(self) -> None:
        directory, svc, entry_id = self._space.directory, self._space.schedule, self.entry_id

        def query() -> _Choices:
            entry = svc.entry(entry_id) if entry_id is not None else None
            users = directory.users()
            leaders = [u for u in users if Role.LEADER in u.roles]
            return _Choices(leaders, users, directory.units(), entry)

        QueryOp(self, query).success(guarded(self, self._on_loaded)).failure(
            guarded(self, self.on_command_failed)
        ).run()

    def _on_loaded(self, choices: _Choices) -> None:
        self.chair.clear()
        for user in choices.leaders:
            text = f"{user.full_name} — {user.position}" if user.position else user.full_name
            self.chair.addItem(text, user.id)
        self.participants.set_choices(choices.users, choices.units)
        self.unit.clear()
        self.unit.addItem(tr("(không chọn)"), None)
        for unit in choices.units:
            self.unit.addItem(unit.name, unit.id)
        if choices.entry is not None:
            self._fill(choices.entry)
        else:
            self.session.setCurrentIndex(self.session.findData(session_for("08:00")))
            day = self.day.value()
            if day is not None:
                self.recurrence.set_weekday(day.weekday())
        if choices.leaders:
            self.ok_button.setEnabled(True)
        else:
            self.show_error_text(tr("Chưa có tài khoản lãnh đạo nào để chủ trì."), "chair")

    def _fill(self, entry: EntryView) -> None:
        self.day.set_value(entry.day)
        self.start.setTime(QTime.fromString(entry.start_time, "HH:mm"))
        self.has_end.setChecked(entry.end_time is not None)
        if entry.end_time:
            self.end.setTime(QTime.fromString(entry.end_time, "HH:mm"))
        self.session.setCurrentIndex(self.session.findData(entry.session))
        self._session_chosen = entry.session != session_for(entry.start_time)
        self.content.set_text(entry.content)
        if entry.chair is not None:
            index = self.chair.findData(entry.chair.id)
            if index < 0:  # no longer a leader: shown, so the user sees whom to replace
                self.chair.addItem(entry.chair.title, entry.chair.id)
                index = self.chair.count() - 1
            self.chair.setCurrentIndex(index)
        self.participants.set_checked(entry.form().participants)
        self.outside.setText(entry.outside_participants)
        self.location.setText(entry.location)
        self.unit.setCurrentIndex(
            max(self.unit.findData(entry.preparing_unit.id if entry.preparing_unit else None), 0)
        )
        self.note.set_text(entry.note)
        self.separate_invitation.setChecked(entry.separate_invitation)
        self.links.set_links(entry.links)
        self._series_id = entry.series_id
        self._scope_row.setVisible(entry.series_id is not None)

    # -- reacting to the form
    def _on_start_time_changed(self, time: QTime) -> None:
        if not self._session_chosen:
            value = session_for(time.toString("HH:mm"))
            self.session.setCurrentIndex(self.session.findData(value))
        if time >= self.end.time():
            self.end.setTime(time.addSecs(3600))

    def _on_session_activated(self, _index: int) -> None:
        self._session_chosen = True

    def _on_has_end_toggled(self, on: bool) -> None:
        self.end.setEnabled(on)

    def _on_day_value_changed(self) -> None:
        day = self.day.value()
        if day is not None:
            self.recurrence.set_weekday(day.weekday())

    # -- saving
    def entry_form(self) -> EntryForm | None:
        """The form as filled in; None (with the message shown) when the date is not a date."""
        day = self.day.value()
        if day is None:
            self.show_error_text(tr("Cần nhập ngày dạng dd/mm/yyyy."), "day")
            return None
        return EntryForm(
            day=day,
            start_time=self.start.time().toString("HH:mm"),
            end_time=self.end.time().toString("HH:mm") if self.has_end.isChecked() else None,
            session=DaySession(self.session.currentData()),
            content=self.content.text().strip(),
            chair_id=str(self.chair.currentData() or ""),
            participants=self.participants.checked(),
            outside_participants=self.outside.text().strip(),
            location=self.location.text().strip(),
            preparing_unit_id=self.unit.currentData(),
            note=self.note.text().strip(),
            separate_invitation=self.separate_invitation.isChecked(),
            links=self.links.refs(),
        )

    @property
    def scope(self) -> Scope:
        """One occurrence or the series."""
        return Scope.SERIES if self.scope_series.isChecked() else Scope.ONE

    def submit(self) -> None:
        """Check for overlaps first; save once there are none or the user saw them."""
        form = self.entry_form()
        if form is None:
            return
        recurrence = self.recurrence.recurrence() if self.entry_id is None else None
        if recurrence is not None and recurrence.until == dt.date.min:
            self.show_error_text(tr("Cần nhập ngày kết thúc lặp lại."), "until")
            return
        wanted = (form, recurrence, self.scope)
        if self._confirmed == wanted:
            self._save(form, recurrence)
            return
        svc, entry_id, scope = self._space.schedule, self.entry_id, self.scope
        self.errors.clear()
        QueryOp(
            self, lambda: svc.check(form, entry_id=entry_id, recurrence=recurrence, scope=scope)
        ).success(guarded(self, lambda found: self._on_checked(wanted, found))).failure(
            guarded(self, self.on_command_failed)
        ).run()

    def _on_checked(
        self, wanted: tuple[EntryForm, Recurrence | None, Scope], warnings: list[str]
    ) -> None:
        if not warnings:
            self.warnings.hide()
            self._save(wanted[0], wanted[1])
            return
        self._confirmed = wanted
        self.warnings.setText(
            "<b>"
            + html.escape(tr("Trùng lịch (vẫn có thể lưu):"))
            + "</b><br>"
            + "<br>".join("• " + html.escape(w) for w in warnings)
        )
        self.warnings.show()
        self.ok_button.setText(tr("Vẫn lưu"))

    def _save(self, form: EntryForm, recurrence: Recurrence | None) -> None:
        svc, entry_id, amendment = self._space.schedule, self.entry_id, self.amendment
        if entry_id is None:
            week_id = None if recurrence is not None else self.week_id
            self.run_command(
                lambda: svc.add_entry(
                    form, recurrence=recurrence, amendment=amendment, week_id=week_id
                ),
                self._on_saved,
            )
        else:
            scope = self.scope
            self.run_command(
                lambda: svc.update_entry(entry_id, form, scope=scope, amendment=amendment),
                self._on_saved,
            )

    def _on_saved(self, result: SaveResult) -> None:
        self.saved = result
        self.broadcast(result.changes)
        self.accept()
