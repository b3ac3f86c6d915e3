"""The demo ward's schedule: the weeks from four weeks ago to next week.

Each week is drafted by the clerk on the Wednesday before it, submitted on the Thursday and
published by the chairman on the Friday; the current week is published, next week is a draft
(or submitted, late in the week). Two weeks ago has amendments (an added meeting, a moved one),
last week a cancelled item, and "Tiếp công dân" recurs every Thursday.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from app.models.enums import AssigneeKind
from app.services.incoming_dto import HandlerRef
from app.services.schedule_dto import EntryForm, Recurrence, week_id_of
from app.services.space import Space
from app.timeutil import VN_TZ

Act = Callable[[str, dt.datetime], Space]
Event = tuple[dt.datetime, Callable[[], None]]
FIRST_WEEK = -4  # weeks from the current one
LAST_WEEK = 1


@dataclass(frozen=True)
class _Item:
    """An entry of the demo: weekday (0 = Monday), times, what, who, where."""

    weekday: int
    start: str
    end: str | None
    content: str
    chair: str  # login
    location: str
    unit: str | None  # unit key
    people: tuple[str, ...] = ()  # logins
    units: tuple[str, ...] = ()  # unit keys
    outside: str = ""
    note: str = ""
    separate_invitation: bool = False


_TOPICS = (
    "công tác chuyển đổi số và dịch vụ công trực tuyến toàn trình",
    "công tác phòng cháy, chữa cháy mùa hanh khô",
    "tiến độ thu ngân sách nhà nước những tháng cuối năm",
    "rà soát hộ nghèo, hộ cận nghèo năm 2026",
    "công tác chuẩn bị Tết Nguyên đán",
    "chỉnh trang đô thị, trật tự vỉa hè",
)
_STREETS = ("tổ dân phố 3", "tổ dân phố 5", "tổ dân phố 7", "ngõ 105 Ngọc Lâm", "phố Gia Thụy")


def _items(rng: random.Random) -> list[_Item]:
    """Six to nine entries for one week, picked and worded at random."""
    topic = rng.choice(_TOPICS)
    street = rng.choice(_STREETS)
    items = [
        _Item(
            0,
            "07:30",
            "08:30",
            "Giao ban công tác tuần của Thường trực UBND phường",
            "chutich",
            "Phòng họp số 1",
            "vp",
            people=("pct.lan", "pct.tuan", "vp.ha"),
        ),
        _Item(
            1,
            "08:00",
            "11:00",
            f"Kiểm tra công trình xây dựng, trật tự đô thị tại {street}",
            "pct.tuan",
            street[:1].upper() + street[1:],
            "dc",
            people=("dc.duc",),
            outside="Đội Quản lý trật tự đô thị phường",
        ),
        _Item(
            1,
            "14:00",
            "16:30",
            f"Họp chuyên đề về {topic}",
            "chutich",
            "Hội trường UBND phường",
            "vp",
            units=("vp", "tp", "vh"),
        ),
    ]
    optional = [
        _Item(
            0,
            "14:00",
            "16:00",
            "Làm việc với bộ phận Địa chính - Xây dựng về hồ sơ đất đai tồn đọng",
            "pct.tuan",
            "Phòng họp số 2",
            "dc",
            units=("dc",),
        ),
        _Item(
            2,
            "08:00",
            "11:30",
            "Dự Hội nghị trực tuyến của UBND Thành phố về cải cách hành chính",
            "chutich",
            "Điểm cầu UBND phường",
            "vp",
            people=("vp.ha",),
            outside="UBND thành phố Hà Nội",
            note="Văn phòng chuẩn bị điểm cầu trực tuyến",
            separate_invitation=True,
        ),
        _Item(
            2,
            "14:00",
            "16:00",
            "Làm việc với bộ phận Tài chính - Kế toán về tiến độ thu, chi ngân sách",
            "pct.lan",
            "Phòng họp số 2",
            "kt",
            people=("kt.mai",),
        ),
        _Item(
            3,
            "14:00",
            "16:30",
            "Họp Ban chỉ đạo cuộc vận động Toàn dân đoàn kết xây dựng đời sống văn hóa",
            "pct.lan",
            "Phòng họp số 1",
            "vh",
            units=("vh",),
            outside="Ủy ban MTTQ Việt Nam phường, các đoàn thể",
        ),
        _Item(
            4,
            "08:00",
            "10:30",
            "Kiểm tra an toàn thực phẩm tại các cơ sở kinh doanh trên địa bàn",
            "pct.lan",
            "Các cơ sở kinh doanh thực phẩm",
            "vh",
            people=("vh.son",),
            outside="Trạm Y tế phường",
        ),
        _Item(
            4,
            "15:00",
            "16:30",
            "Tổng hợp kết quả công tác tuần, thông qua lịch công tác tuần sau",
            "chutich",
            "Phòng họp số 1",
            "vp",
            people=("pct.lan", "pct.tuan"),
        ),
        _Item(
            2,
            "19:30",
            "21:00",
            f"Dự sinh hoạt với nhân dân {street}",
            "pct.tuan",
            f"Nhà văn hóa {street}",
            "vh",
        ),
        _Item(
            5,
            "07:00",
            "09:00",
            "Ra quân tổng vệ sinh môi trường, ra quân trật tự đô thị",
            "pct.tuan",
            "Trụ sở UBND phường",
            "dc",
            units=("dc", "vh"),
            outside="Các tổ dân phố, đoàn thanh niên",
        ),
    ]
    return items + rng.sample(optional, rng.randint(3, 6))


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), VN_TZ).astimezone(dt.UTC)


def schedule_events(
    act: Act, ids: dict[str, str], units: dict[str, str], rng: random.Random, now: dt.datetime
) -> list[Event]:
    """Timed steps (any order; the demo runs them in time order with the rest)."""
    today = now.astimezone(VN_TZ).date()
    this_monday = today - dt.timedelta(days=today.weekday())
    made: dict[str, list[str]] = {}  # week id → entry ids, in the order made
    events: list[Event] = []

    def form(item: _Item, monday: dt.date) -> EntryForm:
        return EntryForm(
            day=monday + dt.timedelta(days=item.weekday),
            start_time=item.start,
            end_time=item.end,
            content=item.content,
            chair_id=ids[item.chair],
            participants=tuple(HandlerRef(AssigneeKind.USER, ids[p]) for p in item.people)
            + tuple(HandlerRef(AssigneeKind.UNIT, units[u]) for u in item.units),
            outside_participants=item.outside,
            location=item.location,
            preparing_unit_id=units[item.unit] if item.unit else None,
            note=item.note,
            separate_invitation=item.separate_invitation,
        )

    first_monday = this_monday + dt.timedelta(weeks=FIRST_WEEK)
    last_sunday = this_monday + dt.timedelta(weeks=LAST_WEEK, days=6)
    for offset in range(FIRST_WEEK, LAST_WEEK + 1):
        monday = this_monday + dt.timedelta(weeks=offset)
        week = week_id_of(monday)
        items = _items(rng)
        drafted = min(_local(monday - dt.timedelta(days=5), 9), now - dt.timedelta(hours=2))
        submitted = _local(monday - dt.timedelta(days=4), 15)
        published = _local(monday - dt.timedelta(days=3), 10)

        def draft(
            items: list[_Item] = items,
            monday: dt.date = monday,
            week: str = week,
            at: dt.datetime = drafted,
        ) -> None:
            sp = act("vanthu", at)
            for item in items:
                result = sp.schedule.add_entry(form(item, monday))
                made.setdefault(week, []).extend(result.entry_ids)
            if monday == first_monday:  # "Tiếp công dân" every Thursday from the first week on
                reception = _Item(
                    3,
                    "08:00",
                    "11:30",
                    "Tiếp công dân định kỳ",
                    "chutich",
                    "Phòng tiếp công dân",
                    "tp",
                    units=("tp",),
                    outside="Đại diện Ủy ban MTTQ Việt Nam phường",
                )
                sp.schedule.add_entry(
                    form(reception, monday), recurrence=Recurrence(frozenset({3}), last_sunday)
                )

        events.append((drafted, draft))
        if submitted <= now:
            events.append((submitted, _step(act, "vanthu", submitted, "submit", week)))
        if offset <= 0:
            events.append((published, _step(act, "chutich", published, "publish", week)))
        if offset == -2:
            events += _amendments(act, made, week, monday, form)
        if offset == -1:
            at = _local(monday + dt.timedelta(days=1), 7, 15)

            def cancel(week: str = week, at: dt.datetime = at) -> None:
                act("vanthu", at).schedule.cancel_entry(
                    made[week][2],
                    "Lãnh đạo đi họp đột xuất tại UBND Thành phố.",
                    amendment=True,
                )

            events.append((at, cancel))
    return [(at, fn) for at, fn in events if at <= now]


def _step(act: Act, login: str, at: dt.datetime, step: str, week: str) -> Callable[[], None]:
    """Submit or publish a week as `login` at `at`."""

    def run() -> None:
        schedule = act(login, at).schedule
        if step == "submit":
            schedule.submit(week)
        else:
            schedule.publish(week)

    return run


def _amendments(
    act: Act,
    made: dict[str, list[str]],
    week: str,
    monday: dt.date,
    form: Callable[[_Item, dt.date], EntryForm],
) -> list[Event]:
    """A meeting added on the Monday, and the Tuesday's inspection moved, both after publication."""
    added_at = _local(monday, 10, 20)
    moved_at = _local(monday, 16, 45)

    def add() -> None:
        item = _Item(
            3,
            "15:00",
            "17:00",
            "Làm việc với Đoàn kiểm tra của UBND Thành phố về công tác cải cách hành chính",
            "chutich",
            "Phòng họp số 1",
            "vp",
            people=("pct.lan", "vp.ha"),
            outside="Đoàn kiểm tra của UBND Thành phố",
        )
        act("vanthu", added_at).schedule.add_entry(form(item, monday), amendment=True)

    def move() -> None:
        sp = act("chutich", moved_at)
        entry = sp.schedule.entry(made[week][1])
        changed = dataclasses.replace(
            entry.form(),
            start_time="09:00",
            end_time="11:30",
            note="Lùi 1 giờ do trùng lịch tiếp đoàn công tác",
        )
        sp.schedule.update_entry(entry.id, changed, amendment=True)

    return [(added_at, add), (moved_at, move)]
