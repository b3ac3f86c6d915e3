"""What the schedule views, exports and the CLI exchange with the schedule service.

Weeks are ISO weeks (Monday–Sunday) named like "2026-W48". Times are "HH:MM" in Vietnam time;
an entry without an end time is taken to last `DEFAULT_DURATION_MIN` minutes when overlaps are
looked for.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

from app.errors import ValidationError
from app.i18n import N_, tr
from app.models.enums import AssigneeKind, DaySession, ScheduleState
from app.services.changes import Changes
from app.services.incoming_dto import HandlerRef

DEFAULT_DURATION_MIN = 60  # an entry without an end time, for the overlap check
MAX_OCCURRENCES = 120  # a recurrence makes at most this many entries
MAX_RECURRENCE_DAYS = 366  # ... over at most a year
# The longest each text may be (characters); longer input is refused, never cut.
LIMITS = {
    "content": 1000,
    "outside_participants": 1000,
    "location": 200,
    "note": 1000,
    "reason": 1000,
}
MAX_PARTICIPANTS = 100
MAX_LINKS = 20

_WEEK_ID = re.compile(r"^(\d{4})-W(\d{2})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

SESSION_LABELS: dict[DaySession, str] = {
    DaySession.MORNING: N_("Sáng"),
    DaySession.AFTERNOON: N_("Chiều"),
    DaySession.EVENING: N_("Tối"),
}
STATE_LABELS: dict[ScheduleState, str] = {
    ScheduleState.DRAFT: N_("Dự thảo"),
    ScheduleState.SUBMITTED: N_("Chờ duyệt"),
    ScheduleState.PUBLISHED: N_("Đã ban hành"),
}
WEEKDAY_NAMES = (
    N_("Thứ Hai"),
    N_("Thứ Ba"),
    N_("Thứ Tư"),
    N_("Thứ Năm"),
    N_("Thứ Sáu"),
    N_("Thứ Bảy"),
    N_("Chủ nhật"),
)
AMENDMENT_LABELS = {
    "added": N_("Bổ sung"),
    "changed": N_("Điều chỉnh"),
    "cancelled": N_("Hủy"),
}
FIELD_LABELS = {
    "day": N_("Ngày"),
    "session": N_("Buổi"),
    "start_time": N_("Giờ bắt đầu"),
    "end_time": N_("Giờ kết thúc"),
    "content": N_("Nội dung"),
    "chair_id": N_("Chủ trì"),
    "participants": N_("Thành phần"),
    "outside_participants": N_("Thành phần khác"),
    "location": N_("Địa điểm"),
    "preparing_unit_id": N_("Đơn vị chuẩn bị"),
    "note": N_("Ghi chú"),
    "separate_invitation": N_("Giấy mời riêng"),
    "links": N_("Văn bản liên quan"),
}


class ExportFormat(enum.StrEnum):
    """The files a week can be written to."""

    DOCX = "docx"
    PDF = "pdf"
    ICS = "ics"
    HTML = "html"


class WeekAction(enum.StrEnum):
    """What the signed-in user may do now with the week on show."""

    ADD = "add"  # Thêm lịch (draft or submitted week)
    EDIT = "edit"  # Sửa, xóa một lịch (draft or submitted week)
    SUBMIT = "submit"  # Trình duyệt
    PUBLISH = "publish"  # Duyệt và ban hành (leader)
    RETURN = "return"  # Trả lại (leader)
    AMEND = "amend"  # Điều chỉnh a published week: add, change, cancel (clerk, leader)


class Scope(enum.StrEnum):
    """Which entries of a recurring series an edit or a cancellation touches."""

    ONE = "one"  # this occurrence only
    SERIES = "series"  # every occurrence from today on (past ones stay as they happened)


# -- weeks -------------------------------------------------------------------------------------


def week_id_of(day: dt.date) -> str:
    """The ISO week of `day`: "2026-W48"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(week_id: str) -> dt.date:
    """The Monday of a week id; ValidationError (in Vietnamese) for a malformed or absent week."""
    match = _WEEK_ID.match(week_id.strip())
    if match is not None:
        try:
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    raise ValidationError(
        tr("Tuần '{week}' không hợp lệ; hãy viết dạng năm-W số tuần, ví dụ 2026-W48.").format(
            week=week_id.strip()[:20]
        ),
        field="week",
    )


def week_days(week_id: str) -> list[dt.date]:
    """The seven days of a week, Monday first."""
    monday = monday_of(week_id)
    return [monday + dt.timedelta(days=i) for i in range(7)]


def week_number(week_id: str) -> int:
    """The ISO week number (1-53)."""
    return monday_of(week_id).isocalendar()[1]


def shift_week(week_id: str, weeks: int) -> str:
    """The week `weeks` weeks after (or before) `week_id`."""
    return week_id_of(monday_of(week_id) + dt.timedelta(weeks=weeks))


def week_label(week_id: str) -> str:
    """ "Tuần 48 (23/11/2026 – 29/11/2026)"."""
    monday = monday_of(week_id)
    sunday = monday + dt.timedelta(days=6)
    return tr("Tuần {n} ({start} – {end})").format(
        n=week_number(week_id), start=f"{monday:%d/%m/%Y}", end=f"{sunday:%d/%m/%Y}"
    )


def day_label(day: dt.date, *, year: bool = False) -> str:
    """ "Thứ Hai, 23/11" (or "Thứ Hai, 23/11/2026")."""
    return f"{tr(WEEKDAY_NAMES[day.weekday()])}, {day:{'%d/%m/%Y' if year else '%d/%m'}}"


# -- times -------------------------------------------------------------------------------------


def parse_time(text: str, *, field_name: str = "start_time") -> str:
    """ "8:00" or "08:00" → "08:00"; ValidationError for anything else."""
    value = text.strip()
    if re.fullmatch(r"\d:\d\d", value):
        value = "0" + value
    if not _TIME.match(value):
        raise ValidationError(
            tr("Giờ '{t}' không hợp lệ; hãy nhập dạng HH:MM, ví dụ 08:00.").format(t=text[:10]),
            field=field_name,
        )
    return value


def minutes(hhmm: str) -> int:
    """Minutes since midnight of "HH:MM"."""
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def session_for(start_time: str) -> DaySession:
    """The session a start time falls in: before 12:00 sáng, before 18:00 chiều, else tối."""
    at = minutes(start_time)
    if at < 12 * 60:
        return DaySession.MORNING
    if at < 18 * 60:
        return DaySession.AFTERNOON
    return DaySession.EVENING


def time_range_text(start: str, end: str | None) -> str:
    """ "08:00–10:00", or "08:00" alone."""
    return f"{start}–{end}" if end else start


# -- forms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryForm:
    """The fields of one entry as the dialog (or a script) fills them in."""

    day: dt.date
    start_time: str
    content: str
    chair_id: str
    session: DaySession | None = None  # None: from the start time
    end_time: str | None = None
    participants: tuple[HandlerRef, ...] = ()
    outside_participants: str = ""
    location: str = ""
    preparing_unit_id: str | None = None
    note: str = ""
    separate_invitation: bool = False
    links: tuple[str, ...] = ()  # "incoming:<id>" / "outgoing:<id>"


@dataclass(frozen=True)
class Recurrence:
    """Repeat on these weekdays (0 = Monday) from the entry's day until `until`, inclusive."""

    weekdays: frozenset[int]
    until: dt.date


@dataclass(frozen=True)
class SaveResult:
    """What a save made: the entries' ids, the overlap warnings, and what changed."""

    entry_ids: tuple[str, ...]
    warnings: tuple[str, ...]
    changes: Changes


# -- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A user or unit named in an entry."""

    kind: AssigneeKind
    id: str
    name: str
    position: str = ""

    @property
    def title(self) -> str:
        """ "Chủ tịch Trần Văn Nam" (or the name alone)."""
        return f"{self.position} {self.name}" if self.position else self.name


@dataclass(frozen=True)
class LinkView:
    """A related document: "incoming:<id>" with what a person recognises it by."""

    ref: str
    text: str


@dataclass(frozen=True)
class EntryView:
    """One entry as every view and export shows it."""

    id: str
    week_id: str
    week_state: ScheduleState
    day: dt.date
    session: DaySession
    start_time: str
    end_time: str | None
    content: str
    chair: Person | None
    participants: tuple[Person, ...]
    outside_participants: str
    location: str
    preparing_unit: Person | None
    note: str
    separate_invitation: bool
    links: tuple[LinkView, ...]
    series_id: str | None
    cancelled: bool
    amendment: str  # "", "added", "changed", "cancelled"
    amended_at: dt.datetime | None  # aware, UTC
    amended_by: str  # a name
    sequence: int = 0  # how many amendments changed it (iCalendar SEQUENCE)

    @property
    def time_text(self) -> str:
        """ "08:00–10:00"."""
        return time_range_text(self.start_time, self.end_time)

    @property
    def participants_text(self) -> str:
        """People, units and outside bodies, comma separated."""
        parts = [p.title for p in self.participants]
        if self.outside_participants.strip():
            parts.append(self.outside_participants.strip())
        return "; ".join(parts)

    def form(self) -> EntryForm:
        """The entry as a form, to edit it."""
        return EntryForm(
            day=self.day,
            start_time=self.start_time,
            end_time=self.end_time,
            session=self.session,
            content=self.content,
            chair_id=self.chair.id if self.chair else "",
            participants=tuple(HandlerRef(p.kind, p.id) for p in self.participants),
            outside_participants=self.outside_participants,
            location=self.location,
            preparing_unit_id=self.preparing_unit.id if self.preparing_unit else None,
            note=self.note,
            separate_invitation=self.separate_invitation,
            links=tuple(link.ref for link in self.links),
        )


@dataclass(frozen=True)
class HistoryLine:
    """One step in the week's history, rendered: when, who, what, and the details."""

    at: dt.datetime  # aware, UTC
    actor: str
    action: str
    text: str
    amendment: bool = False


@dataclass(frozen=True)
class WeekView:
    """A week with its entries (day, then start time), its history and the user's actions."""

    id: str
    monday: dt.date
    state: ScheduleState
    exists: bool  # False until its first entry is made
    version: int
    submitted_by: str
    submitted_at: dt.datetime | None
    published_by: Person | None
    published_at: dt.datetime | None
    return_reason: str
    entries: tuple[EntryView, ...]
    history: tuple[HistoryLine, ...]
    actions: frozenset[WeekAction]
    conflicts: tuple[str, ...]
    digest: str  # what a leader sees when publishing; refused if it changed meanwhile

    @property
    def number(self) -> int:
        """The ISO week number."""
        return week_number(self.id)

    @property
    def label(self) -> str:
        """ "Tuần 48 (23/11/2026 – 29/11/2026)"."""
        return week_label(self.id)

    @property
    def days(self) -> list[dt.date]:
        """Monday to Sunday."""
        return [self.monday + dt.timedelta(days=i) for i in range(7)]

    def cells(self) -> dict[tuple[dt.date, DaySession], list[EntryView]]:
        """The grid: (day, session) → its entries in time order; every cell is present."""
        grid: dict[tuple[dt.date, DaySession], list[EntryView]] = {
            (day, session): [] for day in self.days for session in DaySession
        }
        for entry in self.entries:
            grid[(entry.day, entry.session)].append(entry)
        return grid


@dataclass(frozen=True)
class LeaderColumn:
    """One leader's column of the by-leader view."""

    leader: Person
    cells: dict[tuple[dt.date, DaySession], list[tuple[EntryView, bool]]] = field(
        default_factory=dict
    )  # (day, session) → [(entry, chairs it)]


@dataclass(frozen=True)
class LeaderGrid:
    """Rows day × session, one column per leader (chairing or taking part in person)."""

    week_id: str
    rows: tuple[tuple[dt.date, DaySession], ...]
    columns: tuple[LeaderColumn, ...]


@dataclass(frozen=True)
class DocumentChoice:
    """A document found for linking to an entry."""

    ref: str  # "incoming:<id>" or "outgoing:<id>"
    text: str
