"""What the dashboard and the statistics pages get from `StatisticsService`."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

from app.errors import ValidationError
from app.i18n import N_, tr
from app.services.deadlines import on_time_rate
from app.services.incoming_dto import Box
from app.timeutil import fmt_date


class ReportKind(enum.StrEnum):
    """What a report counts."""

    INCOMING = "incoming"  # Văn bản đến
    OUTGOING = "outgoing"  # Văn bản đi
    TASKS = "tasks"  # Công việc


class GroupBy(enum.StrEnum):
    """How an on-time report's rows are grouped."""

    UNIT = "unit"
    PERSON = "person"
    MONTH = "month"


class OutgoingGroup(enum.StrEnum):
    """The tables of the outgoing report."""

    TYPE = "type"  # Loại văn bản
    UNIT = "unit"  # Đơn vị soạn thảo
    SIGNER = "signer"  # Người ký
    MONTH = "month"  # Tháng ban hành
    STEP = "step"  # Bước đang giải quyết


class Tone(enum.StrEnum):
    """How a dashboard count is coloured: plain, orange (near due), red (overdue)."""

    NORMAL = "normal"
    WARNING = "warning"
    DANGER = "danger"


KIND_LABELS: dict[ReportKind, str] = {
    ReportKind.INCOMING: N_("Văn bản đến"),
    ReportKind.OUTGOING: N_("Văn bản đi"),
    ReportKind.TASKS: N_("Công việc"),
}
GROUP_LABELS: dict[GroupBy, str] = {
    GroupBy.UNIT: N_("Đơn vị"),
    GroupBy.PERSON: N_("Cá nhân"),
    GroupBy.MONTH: N_("Tháng"),
}
OUTGOING_GROUP_LABELS: dict[OutgoingGroup, str] = {
    OutgoingGroup.TYPE: N_("Loại văn bản"),
    OutgoingGroup.UNIT: N_("Đơn vị soạn thảo"),
    OutgoingGroup.SIGNER: N_("Người ký"),
    OutgoingGroup.MONTH: N_("Tháng ban hành"),
    OutgoingGroup.STEP: N_("Bước đang giải quyết"),
}

# The lists the dashboard's tiles open (incoming `Box` values are used as they are).
KEY_OUTGOING = "outgoing"
KEY_SCHEDULE = "schedule"
KEY_STATISTICS = "statistics"
KEY_INCOMING_OVERDUE = Box.OVERDUE.value
KEY_INCOMING_DUE_WEEK = Box.DUE_WEEK.value
KEY_TASKS_MINE = "tasks.mine"
KEY_TASKS_BY_ME = "tasks.by_me"
KEY_TASKS_COORDINATING = "tasks.coordinating"
KEY_TASKS_UNIT = "tasks.unit"
KEY_TASKS_OVERDUE = "tasks.overdue"
KEY_TASKS_DONE = "tasks.done"


@dataclass(frozen=True)
class Period:
    """A span of Vietnam dates, both ends included, with its name ("Tháng 11/2026")."""

    start: dt.date
    end: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                tr("Ngày kết thúc ({end}) trước ngày bắt đầu ({start}).").format(
                    end=fmt_date(self.end), start=fmt_date(self.start)
                ),
                field="period",
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        _check_year(year)
        if not 1 <= month <= 12:
            raise ValidationError(tr("Tháng phải từ 1 đến 12."), field="period")
        last = calendar.monthrange(year, month)[1]
        return cls(
            dt.date(year, month, 1),
            dt.date(year, month, last),
            tr("Tháng {m}/{y}").format(m=month, y=year),
        )

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """One quarter (I: January–March …)."""
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise ValidationError(tr("Quý phải từ 1 đến 4."), field="period")
        first = 3 * quarter - 2
        last = calendar.monthrange(year, first + 2)[1]
        roman = ("I", "II", "III", "IV")[quarter - 1]
        return cls(
            dt.date(year, first, 1),
            dt.date(year, first + 2, last),
            tr("Quý {q} năm {y}").format(q=roman, y=year),
        )

    @classmethod
    def year(cls, year: int) -> Period:
        """One calendar year."""
        _check_year(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), tr("Năm {y}").format(y=year))

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """From one date to another, both included."""
        label = tr("Từ ngày {start} đến ngày {end}").format(
            start=fmt_date(start), end=fmt_date(end)
        )
        return cls(start, end, label)

    @property
    def line(self) -> str:
        """The period line of a report: "(Từ ngày 01/01/2026 đến ngày 31/12/2026)"."""
        return tr("(Từ ngày {start} đến ngày {end})").format(
            start=fmt_date(self.start), end=fmt_date(self.end)
        )

    def months(self) -> list[str]:
        """The months the period touches, as "YYYY-MM" keys in order."""
        keys: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2999:
        raise ValidationError(tr("Năm không hợp lệ: {y}.").format(y=year), field="period")


def format_count(value: int) -> str:
    """1234 → "1.234" (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def format_rate(value: float | None) -> str:
    """0.952 → "95,2%"; None (nothing judged) → "–"."""
    return "–" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def month_label(key: str) -> str:
    """ "2026-11" → "Tháng 11/2026"."""
    year, month = key.split("-")
    return tr("Tháng {m}/{y}").format(m=int(month), y=year)


@dataclass(frozen=True)
class OnTimeCounts:
    """Documents or tasks by how they stand against their deadlines."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    no_deadline: int = 0

    @property
    def total(self) -> int:
        """Everything counted, with and without a deadline."""
        return self.on_time + self.late + self.overdue + self.pending + self.no_deadline

    @property
    def completed(self) -> int:
        """Finished, on time or late."""
        return self.on_time + self.late

    @property
    def judged(self) -> int:
        """What the rate is computed on: on time + late + open past the deadline."""
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """Tỷ lệ đúng hạn in 0..1; None when nothing could be judged."""
        return on_time_rate(self.on_time, self.late, self.overdue)

    def __add__(self, other: OnTimeCounts) -> OnTimeCounts:
        return OnTimeCounts(
            self.on_time + other.on_time,
            self.late + other.late,
            self.overdue + other.overdue,
            self.pending + other.pending,
            self.no_deadline + other.no_deadline,
        )


@dataclass(frozen=True)
class OnTimeRow:
    """One row of an on-time report: a unit, a person or a month ("" key: none)."""

    key: str
    label: str
    counts: OnTimeCounts


@dataclass(frozen=True)
class OnTimeReport:
    """On-time figures of incoming documents or tasks over a period, grouped one way."""

    kind: ReportKind
    period: Period
    group_by: GroupBy
    rows: tuple[OnTimeRow, ...]
    total: OnTimeCounts
    today: dt.date


@dataclass(frozen=True)
class CountRow:
    """One row of the outgoing report: a label and how many documents."""

    key: str
    label: str
    count: int
    in_progress: int = 0  # by drafting unit: the documents of the unit still in the flow


@dataclass(frozen=True)
class OutgoingReport:
    """Outgoing documents issued in a period, and those still in the flow now."""

    period: Period
    issued: int
    by_type: tuple[CountRow, ...]
    by_unit: tuple[CountRow, ...]
    by_signer: tuple[CountRow, ...]
    by_month: tuple[CountRow, ...]
    in_progress: tuple[CountRow, ...]  # by step, as of today
    median_days: float | None  # first draft → issue, for the documents issued in the period
    today: dt.date

    def rows(self, group: OutgoingGroup) -> tuple[CountRow, ...]:
        """The rows of one table."""
        return {
            OutgoingGroup.TYPE: self.by_type,
            OutgoingGroup.UNIT: self.by_unit,
            OutgoingGroup.SIGNER: self.by_signer,
            OutgoingGroup.MONTH: self.by_month,
            OutgoingGroup.STEP: self.in_progress,
        }[group]


@dataclass(frozen=True)
class DashboardTile:
    """A count on the dashboard and the list it opens (`key`: a Box value or "tasks.mine" …).

    `name` tells the tiles apart ("incoming.pending", "tasks.due_week"); several may open one list.
    """

    name: str
    key: str
    label: str
    count: int
    tone: Tone = Tone.NORMAL
    hint: str = ""


@dataclass(frozen=True)
class ScheduleItem:
    """One of today's schedule entries for the user."""

    entry_id: str
    start_time: str
    end_time: str | None
    content: str
    location: str
    chair: str
    amendment: str  # "" / "added" / "changed"


@dataclass(frozen=True)
class TaskReminder:
    """An open task of the user's that is near its deadline or past it."""

    task_id: str
    title: str
    due_date: dt.date
    deadline: dt.date  # the effective deadline
    overdue: bool


@dataclass(frozen=True)
class WardFigures:
    """A leader's view of the ward: this month, this year, and what is overdue now."""

    month: Period
    year: Period
    month_incoming: OnTimeCounts  # registered documents that arrived in the month
    year_incoming: OnTimeCounts
    by_month: tuple[OnTimeRow, ...]  # the year's documents by arrival month
    incoming_overdue: int  # open documents past their deadline, now
    tasks_open: int
    tasks_overdue: int
    month_outgoing_issued: int
    year_outgoing_issued: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the Tổng quan page shows for the signed-in user."""

    user_name: str
    today: dt.date
    tiles: tuple[DashboardTile, ...]
    schedule: tuple[ScheduleItem, ...]
    reminders: tuple[TaskReminder, ...]
    ward: WardFigures | None  # leaders only

    def tile(self, name: str) -> DashboardTile | None:
        """The tile called `name`, if shown."""
        return next((t for t in self.tiles if t.name == name), None)
