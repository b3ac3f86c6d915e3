"""Generate a large ward for the benchmarks: the demo ward's directory and N incoming documents.

    python -m bench.generate --space WARD100K --documents 100000 [--seed 2026] [--years 5]

The organisation, units, users and password are the demo ward's (app.services.demo); the users
are made through the directory service. The documents arrive on the working days of the last
five years, up to today, and go queued → registered → submitted → assigned → progressed →
completed with realistic lags, so that most are completed, the recent ones are still being
handled (some past their due date), a few are submitted or registered and the last day's scans
wait in the queue. A few old ones got stuck on the way and a few scans were discarded.

Every change goes through the real journal: signed, chained ops applied by the one apply path,
with the numbers claimed from `LocalNumberAuthority` and a `register.set` op for each year's
register, exactly as `IncomingService` makes them. What differs from the app is the batching:
one write transaction holds the ops of about `--batch` documents, and inside it there is one
`Journal.commit` per half day (morning, afternoon) and actor: the clerk first, then the
leaders, then the handlers. A document's steps always follow that order, so it never goes back
in its flow. The journal's clock is a `FixedClock` moved forward to each op's planned time, so
the history spans five years; the HLC never goes backwards, so an op whose actor's group comes
after a later op of the same half day is stamped with that later time (a few hours off at most).

The scans are ~50 rendered PDFs shared by many documents: `IncomingService` refuses to queue
the same file twice, which this generator bypasses on purpose. Everything but the random ids
of the space, its device and its first admin (and the signatures) is reproducible from the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import keyring.backend
import keyring.backends.fail
import pypdfium2
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.journal.log import Change
from app.models import EntityHead, IncomingDocument, LocalMeta
from app.models.enums import AssigneeKind, AssignmentRole, Confidentiality, Source, Urgency
from app.services.demo import AGENCIES, DEMO_PASSWORD, ORG, SIGNERS, UNITS, USERS, agency_pdf
from app.services.directory import UnitInfo, UserInfo
from app.services.incoming import (
    register_change,
    register_id_for,
    registration_change,
    validate_draft,
)
from app.services.incoming_dto import IncomingDraft
from app.services.numbering import LocalNumberAuthority
from app.services.space import AdminInfo, Space, create_space
from app.timeutil import VN_TZ, FixedClock

YEARS = 5
DISTINCT_PDFS = 50
ADMIN_LOGIN = "quantri"
CLERK = "vanthu"
LEADERS = ("chutich", "pct.lan", "pct.tuan")
# Which vice-chair directs each unit's documents (the chair takes the urgent ones).
LEADER_OF_UNIT = {
    "vp": "chutich",
    "dc": "pct.lan",
    "kt": "pct.lan",
    "tp": "pct.tuan",
    "vh": "pct.tuan",
}
OFFICIALS = {
    "vp": ("vp.ha",),
    "dc": ("dc.duc", "dc.khanh"),
    "tp": ("tp.linh",),
    "vh": ("vh.son",),
    "kt": ("kt.mai",),
}
ROLE_RANK = {CLERK: 0, **dict.fromkeys(LEADERS, 1)}  # everyone else handles: rank 2

# Streets of Long Biên, around Gia Thụy.
STREETS = [
    "Nguyễn Văn Cừ",
    "Ngọc Lâm",
    "Gia Thụy",
    "Nguyễn Sơn",
    "Hoàng Như Tiếp",
    "Phúc Đồng",
    "Vũ Xuân Thiều",
    "Ngô Gia Tự",
    "Cổ Linh",
    "Ngọc Thụy",
    "Lâm Du",
    "Đoàn Khuê",
]
CITIZENS = [
    "Nguyễn Văn Hùng",
    "Trần Thị Mai",
    "Lê Quang Vinh",
    "Phạm Thị Thu Trang",
    "Hoàng Văn Dũng",
    "Đặng Thùy Dương",
    "Bùi Minh Châu",
    "Vũ Thị Hồng Nhung",
]
QUARTERS = ["quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "9 tháng"]
# type name, abbreviation ("" for công văn), weight, summary templates; the fields are
# {y} year, {y1} next year, {m} month, {q} quarter, {n} house number, {k} a small number,
# {street}, {citizen}.
TYPES: list[tuple[str, str, int, list[str]]] = [
    (
        "Công văn",
        "",
        45,
        [
            "V/v tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô năm {y}",
            "V/v rà soát, cập nhật dữ liệu dân cư trên địa bàn phường",
            "V/v chấn chỉnh trật tự xây dựng, lấn chiếm vỉa hè trên đường {street}",
            "V/v đôn đốc thu ngân sách nhà nước những tháng cuối năm {y}",
            "V/v triển khai dịch vụ công trực tuyến toàn trình",
            "V/v báo cáo kết quả thực hiện cải cách hành chính {q} năm {y}",
            "V/v kiểm tra an toàn thực phẩm dịp Tết Nguyên đán",
            "V/v rà soát hộ nghèo, hộ cận nghèo năm {y}",
            "V/v giải quyết đơn kiến nghị của bà {citizen} tại số {n} đường {street}",
            "V/v cấp giấy phép sửa chữa, cải tạo nhà ở tại số {n} phố {street}",
            "V/v xử lý vi phạm trật tự đô thị tại ngõ {n} đường {street}",
            "V/v cung cấp thông tin hồ sơ địa chính thửa đất số {n}, tờ bản đồ số {k}",
            "V/v thu hồi đất thực hiện dự án mở rộng đường {street}",
            "V/v đề nghị xác nhận hồ sơ hưởng trợ cấp của ông {citizen}",
            "V/v tổ chức tiêm chủng mở rộng đợt {k} năm {y}",
        ],
    ),
    (
        "Giấy mời",
        "GM",
        15,
        [
            "Dự Hội nghị tổng kết công tác cải cách hành chính năm {y}",
            "Dự họp giao ban công tác quản lý đô thị tháng {m} năm {y}",
            "Dự tập huấn nghiệp vụ hộ tịch năm {y}",
            "Dự họp bàn phương án giải phóng mặt bằng đường {street}",
        ],
    ),
    (
        "Kế hoạch",
        "KH",
        10,
        [
            "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm {y}",
            "Triển khai công tác tiêm chủng mở rộng năm {y}",
            "Tuyên truyền, phổ biến giáo dục pháp luật năm {y}",
            "Cải cách hành chính nhà nước năm {y1}",
            "Phòng, chống thiên tai và tìm kiếm cứu nạn năm {y}",
        ],
    ),
    (
        "Quyết định",
        "QĐ",
        10,
        [
            "Về việc phê duyệt kế hoạch sử dụng đất năm {y1}",
            "Về việc thành lập Tổ công tác chuyển đổi số cấp phường",
            "Về việc giao chỉ tiêu thu ngân sách năm {y1}",
            "Về việc xử phạt vi phạm hành chính đối với ông {citizen}",
            "Về việc công nhận danh hiệu thi đua năm {y}",
        ],
    ),
    (
        "Thông báo",
        "TB",
        8,
        [
            "Kết luận của Chủ tịch UBND thành phố tại buổi làm việc với các phường",
            "Lịch tiếp công dân định kỳ tháng {m} năm {y}",
            "Kết quả kiểm tra công tác cải cách hành chính năm {y}",
            "Tạm dừng lưu thông trên tuyến đường {street} để thi công",
        ],
    ),
    (
        "Hướng dẫn",
        "HD",
        5,
        [
            "Quyết toán ngân sách xã, phường năm {y}",
            "Thực hiện chuẩn hóa dữ liệu hộ tịch điện tử",
            "Triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư",
        ],
    ),
    (
        "Báo cáo",
        "BC",
        4,
        [
            "Tình hình kinh tế - xã hội {k} tháng năm {y}",
            "Kết quả công tác cải cách hành chính {q} năm {y}",
        ],
    ),
    (
        "Chỉ thị",
        "CT",
        3,
        [
            "Về tăng cường kỷ luật, kỷ cương hành chính",
            "Về bảo đảm trật tự an toàn giao thông dịp cuối năm {y}",
        ],
    ),
]
AGENCY_WEIGHTS = [18, 8, 8, 8, 7, 7, 6, 7, 9, 7, 7, 8]  # the city's UBND writes most
INSTRUCTIONS = [
    "Giao {u} chủ trì tham mưu, báo cáo kết quả trước thời hạn.",
    "Đề nghị {u} nghiên cứu, đề xuất phương án xử lý.",
    "Chuyển {u} thực hiện theo quy định.",
    "Giao {u} phối hợp các đơn vị liên quan triển khai, báo cáo UBND phường.",
]
PROGRESS_NOTES = [
    "Đang tổng hợp số liệu, dự thảo văn bản trả lời.",
    "Đã làm việc với tổ dân phố, đang hoàn thiện báo cáo.",
    "Đang kiểm tra thực địa.",
]
DUE_DAYS = [3, 5, 7, 10, 15, 20, 30]

_HELD = (EntityHead, LocalMeta, IncomingDocument)  # see Writer.hold_rows

# Event steps, in flow order.
QUEUE, DISCARD, REGISTER, SUBMIT, ASSIGN, PROGRESS, COMPLETE = range(7)


@dataclass
class Doc:
    """One document's plan: its metadata and the people who handle it."""

    id: str
    arrived: dt.datetime  # Vietnam time
    source: Source
    pdf: int
    file_name: str
    draft: IncomingDraft
    leader: str
    handler: str  # the official who reports progress and completes
    handlers: list[dict[str, str]] = field(default_factory=list)
    instruction: str = ""
    due: dt.date | None = None
    result_note: str = ""
    progress_note: str = ""


@dataclass(frozen=True)
class Event:
    """One step of one document, at a planned time (UTC)."""

    at: dt.datetime
    actor: str
    doc: int
    step: int

    def group(self) -> tuple[dt.date, int, int, str]:
        """The commit group: the half day, then the actor (clerk, leaders, handlers)."""
        local = self.at.astimezone(VN_TZ)
        return local.date(), local.hour // 12, ROLE_RANK.get(self.actor, 2), self.actor


class PlannedClock(FixedClock):
    """A FixedClock that can be given the times of the next ops: each `now()` takes the next.

    The journal reads the clock once per op it makes, so each op gets its planned time; when
    the plan runs out the clock stays at its last time.
    """

    def __init__(self, at: dt.datetime) -> None:
        super().__init__(at)
        self._plan: list[dt.datetime] = []

    def plan(self, times: list[dt.datetime]) -> None:
        """Move forward through `times`, one per reading."""
        self._plan = list(reversed(times))

    def now(self) -> dt.datetime:
        """The next planned time (kept as the set time), or the set time."""
        if self._plan:
            self.set(self._plan.pop())
        return super().now()


# -- time helpers (Vietnam time)


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), VN_TZ)


def _next_working_day(day: dt.date, n: int = 1) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _previous_working_day(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _office(t: dt.datetime, rng: random.Random) -> dt.datetime:
    """`t` if it falls in office hours, else early on the next working day."""
    day = t.date()
    if day.weekday() < 5 and dt.time(7, 30) <= t.time() <= dt.time(17, 0):
        return t
    if t.time() < dt.time(7, 30) and day.weekday() < 5:
        return _at(day, rng.randint(7 * 60 + 30, 9 * 60))
    return _at(_next_working_day(day), rng.randint(7 * 60 + 30, 9 * 60))


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


# -- the plan


class Planner:
    """Draws documents and their timelines from one seeded random generator."""

    def __init__(
        self,
        rng: random.Random,
        units: dict[str, str],
        users: dict[str, str],
        pdfs_by_agency: dict[int, list[int]],
    ) -> None:
        self.rng = rng
        self.units = units
        self.users = users
        self.unit_names = {key: name for key, name, _ in UNITS}
        self.pdfs_by_agency = pdfs_by_agency

    def new_id(self) -> str:
        """A reproducible 32-hex-digit id."""
        return f"{self.rng.getrandbits(128):032x}"

    def document(self, index: int, arrived: dt.datetime) -> Doc:
        """The metadata of one document arriving at `arrived`."""
        rng = self.rng
        agency_i = rng.choices(range(len(AGENCIES)), weights=AGENCY_WEIGHTS)[0]
        agency, _parent, suffix, unit_key = AGENCIES[agency_i]
        type_name, abbr, _w, templates = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
        year = arrived.year
        summary = rng.choice(templates).format(
            y=year,
            y1=year + 1,
            m=arrived.month,
            q=rng.choice(QUARTERS),
            n=rng.randint(1, 250),
            k=rng.randint(1, 12),
            street=rng.choice(STREETS),
            citizen=rng.choice(CITIZENS),
        )
        notation = (
            f"{abbr}-{suffix}" if abbr else f"{suffix}-{rng.choice(['VP', 'KT', 'QLĐT', 'VX'])}"
        )
        doc_date = (arrived - dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5, 7]))).date()
        yearly = 600 + 400 * (agency_i % 5)  # how many documents the agency issues in a year
        code_number = str(
            max(1, int(doc_date.timetuple().tm_yday / 366 * yearly) + rng.randint(-5, 5))
        )
        urgency = rng.choices(list(Urgency), weights=[78, 14, 6, 2])[0]
        secret = Confidentiality.CONFIDENTIAL if rng.random() < 0.01 else Confidentiality.NORMAL
        is_sở = agency.startswith("Sở")
        draft = IncomingDraft(
            code_number=code_number,
            code_notation=notation,
            document_date=doc_date,
            issuing_agency=agency,
            doc_type=type_name,
            summary=summary,
            signer_name=rng.choice(SIGNERS),
            signer_position="Phó Giám đốc" if is_sở else rng.choice(["Chủ tịch", "Phó Chủ tịch"]),
            urgency=urgency,
            confidentiality=secret,
            page_count=None,
            arrival_date=arrived.date(),
        )
        source = rng.choices([Source.SCAN, Source.MANUAL, Source.EDXML], weights=[80, 8, 12])[0]
        leader = (
            "chutich"
            if urgency != Urgency.NORMAL and rng.random() < 0.5
            else LEADER_OF_UNIT[unit_key]
        )
        handler = rng.choice(OFFICIALS[unit_key])
        primary = (
            {"kind": str(AssigneeKind.UNIT), "id": self.units[unit_key]}
            if rng.random() < 0.5
            else {"kind": str(AssigneeKind.USER), "id": self.users[handler]}
        )
        handlers = [primary | {"role": str(AssignmentRole.PRIMARY)}]
        if rng.random() < 0.25:
            other = rng.choice([k for k in self.units if k != unit_key])
            handlers.append(
                {"kind": str(AssigneeKind.UNIT), "id": self.units[other], "role": "coordinate"}
            )
        if unit_key != "vp" and rng.random() < 0.2:
            handlers.append(
                {"kind": str(AssigneeKind.USER), "id": self.users["vp.ha"], "role": "info"}
            )
        prefix = {Source.SCAN: "scan", Source.MANUAL: "tai_len", Source.EDXML: "lien_thong"}[source]
        return Doc(
            id=self.new_id(),
            arrived=arrived,
            source=source,
            pdf=rng.choice(self.pdfs_by_agency.get(agency_i) or [0]),
            file_name=f"{prefix}_{arrived:%Y%m%d_%H%M}_{index % 1000:03d}.pdf",
            draft=draft,
            leader=leader,
            handler=handler,
            handlers=handlers,
            instruction=rng.choice(INSTRUCTIONS).format(u=self.unit_names[unit_key]),
            result_note=(
                f"Đã dự thảo văn bản trả lời số {rng.randint(10, 900)}/UBND-VP trình lãnh đạo ký."
            ),
            progress_note=rng.choice(PROGRESS_NOTES),
        )

    def timeline(self, i: int, doc: Doc) -> list[Event]:
        """The steps of the document at their planned times, before any cut at "now"."""
        rng = self.rng
        urgent = doc.draft.urgency != Urgency.NORMAL
        t = doc.arrived
        events = [(t, CLERK, QUEUE)]
        if rng.random() < 0.005:
            return self._events(
                i, [*events, (t + dt.timedelta(minutes=rng.randint(10, 60)), CLERK, DISCARD)]
            )
        lag = rng.random()
        if lag < 0.65 or urgent:
            t = _office(t + dt.timedelta(minutes=rng.randint(10, 180)), rng)
        elif lag < 0.95:
            t = _at(_next_working_day(t.date()), rng.randint(7 * 60 + 40, 10 * 60 + 30))
        else:
            t = _at(
                _next_working_day(t.date(), rng.randint(2, 3)), rng.randint(7 * 60 + 40, 16 * 60)
            )
        events.append((t, CLERK, REGISTER))
        if rng.random() < 0.002:  # filed, never submitted
            return self._events(i, events)
        t = _office(t + dt.timedelta(minutes=rng.randint(5, 90)), rng)
        events.append((t, CLERK, SUBMIT))
        if rng.random() < 0.002:  # still on a leader's desk
            return self._events(i, events)
        lag = rng.random()
        if lag < 0.5 or urgent:
            t = _office(t + dt.timedelta(minutes=rng.randint(30, 240)), rng)
        elif lag < 0.9:
            t = _at(_next_working_day(t.date()), rng.randint(8 * 60, 16 * 60 + 30))
        else:
            t = _at(
                _next_working_day(t.date(), rng.randint(2, 4)), rng.randint(8 * 60, 16 * 60 + 30)
            )
        assigned = t
        events.append((t, doc.leader, ASSIGN))
        if rng.random() < 0.75:
            days = rng.choice([1, 2, 3]) if urgent else rng.choice(DUE_DAYS)
            doc.due = assigned.date() + dt.timedelta(days=days)
        stuck = rng.random() < 0.005
        progressed = None
        if rng.random() < 0.65:
            progressed = _office(t + dt.timedelta(hours=rng.randint(2, 60)), rng)
            events.append((progressed, doc.handler, PROGRESS))
        if stuck:
            return self._events(i, events)
        if doc.due is not None:
            span = max(1, (doc.due - assigned.date()).days)
            days = span + rng.randint(1, 10) if rng.random() < 0.12 else rng.randint(1, span)
        else:
            days = rng.randint(1, 25)
        done = _office(
            _at(assigned.date() + dt.timedelta(days=days), rng.randint(8 * 60, 16 * 60 + 45)), rng
        )
        if progressed is not None and done <= progressed:
            done = _office(progressed + dt.timedelta(hours=rng.randint(1, 6)), rng)
        events.append((done, doc.handler, COMPLETE))
        return self._events(i, events)

    @staticmethod
    def _events(i: int, steps: list[tuple[dt.datetime, str, int]]) -> list[Event]:
        return [Event(at.astimezone(dt.UTC), actor, i, step) for at, actor, step in steps]


def _arrivals(rng: random.Random, n: int, now: dt.datetime, years: float) -> list[dt.datetime]:
    """`n` arrival times (Vietnam time) on the working days of the last `years`, sorted."""
    today = now.date()
    days = _working_days(today - dt.timedelta(days=int(365 * years) + 1), today)
    # A little more mail each year, and more at the end of the year.
    weights = [
        (1 + 0.25 * i / len(days)) * (1.25 if d.month in (11, 12) else 0.85 if d.month == 2 else 1)
        for i, d in enumerate(days)
    ]
    arrivals = []
    for day in rng.choices(days, weights=weights, k=n):
        # Mail comes in all day, most of it in the morning.
        minutes = int(rng.triangular(7 * 60 + 30, 16 * 60 + 30, 8 * 60 + 30))
        t = _at(day, minutes)
        if t > now:  # not yet arrived today: it came on the working day before
            t = _at(_previous_working_day(day), minutes)
        arrivals.append(t)
    return sorted(arrivals)


# -- the space


def _render_pdfs(
    space: Space, rng: random.Random
) -> tuple[list[tuple[str, int, int]], dict[int, list[int]]]:
    """~50 distinct scans, stored as blobs: (sha, size, pages), and the scans of each agency."""
    pdfs: list[tuple[str, int, int]] = []
    by_agency: dict[int, list[int]] = {}
    for n in range(DISTINCT_PDFS):
        agency_i = n % len(AGENCIES)
        agency, parent, suffix, _ = AGENCIES[agency_i]
        type_name, abbr, _w, templates = TYPES[n % len(TYPES)]
        when = dt.date.today() - dt.timedelta(days=rng.randint(0, 365 * YEARS))
        summary = templates[n % len(templates)].format(
            y=when.year,
            y1=when.year + 1,
            m=when.month,
            q=QUARTERS[n % len(QUARTERS)],
            n=rng.randint(1, 250),
            k=rng.randint(1, 12),
            street=rng.choice(STREETS),
            citizen=rng.choice(CITIZENS),
        )
        code = f"{rng.randint(1, 4800):02d}/{abbr + '-' if abbr else ''}{suffix}"
        pdf = agency_pdf(agency, parent, code, when, type_name, summary, rng.choice(SIGNERS))
        pages = len(pypdfium2.PdfDocument(pdf))
        pdfs.append((space.blobs.put(pdf), len(pdf), pages))
        by_agency.setdefault(agency_i, []).append(n)
    return pdfs, by_agency


def _setup(
    root: Path,
    clock: FixedClock,
    rng: random.Random,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> tuple[Space, dict[str, str], dict[str, str]]:
    """The demo ward's organisation, units and users (password DEMO_PASSWORD).

    Without `keyring_backend`, the device key goes to per-user encrypted files, as on Linux.
    """
    space = create_space(
        root,
        ORG,
        AdminInfo(ADMIN_LOGIN, "Quản trị hệ thống", DEMO_PASSWORD),
        clock=clock,
        keyring_backend=keyring_backend or keyring.backends.fail.Keyring(),
    )
    d = space.directory
    units = {
        key: d.save_unit(UnitInfo(f"{rng.getrandbits(128):032x}", name, abbr))
        for key, name, abbr in UNITS
    }
    users = {ADMIN_LOGIN: space.auth.user.id}
    for login, name, position, unit, roles in USERS:
        info = UserInfo(
            f"{rng.getrandbits(128):032x}",
            login,
            name,
            position,
            units[unit] if unit else None,
            frozenset(roles),
        )
        users[login] = d.create_user(info, DEMO_PASSWORD)
    return space, units, users


class Writer:
    """Turns events into changes and commits them, one journal commit per group."""

    def __init__(
        self,
        space: Space,
        clock: PlannedClock,
        docs: list[Doc],
        pdfs: list[tuple[str, int, int]],
        users: dict[str, str],
    ) -> None:
        self.space = space
        self.clock = clock
        self.docs = docs
        self.pdfs = pdfs
        self.users = users
        self.numbers = LocalNumberAuthority()
        self.registers: set[str] = set()
        self.ops = 0
        self.commits = 0

    @staticmethod
    def hold_rows(s: Session) -> None:
        """Keep the rows the journal reads again and again alive for the whole transaction.

        The session's identity map holds rows weakly, so the journal's `Session.get` of its
        local_meta, entity_heads and incoming_documents rows selects them again once nothing
        references them. Holding them changes no result: the same rows, without the SELECT.
        """
        kept: list[object] = []

        def hold(_session: Session, instance: object) -> None:
            if isinstance(instance, _HELD):
                kept.append(instance)

        sa_event.listen(s, "loaded_as_persistent", hold)
        sa_event.listen(s, "pending_to_persistent", hold)
        s.info["held_rows"] = kept

    def commit_group(self, s: Session, actor: str, events: list[Event]) -> None:
        """One `Journal.commit` for the events of one actor in one half day, in time order."""
        changes: list[Change] = []
        times: list[dt.datetime] = []
        for ev in events:
            for change in self._changes(s, ev):
                changes.append(change)
                times.append(ev.at)
        self.clock.plan(times)
        self.space.journal.commit(s, self.users[actor], changes)
        self.ops += len(changes)
        self.commits += 1

    def _changes(self, s: Session, ev: Event) -> list[Change]:
        doc = self.docs[ev.doc]
        entity = f"incoming:{doc.id}"
        if ev.step == QUEUE:
            sha, size, pages = self.pdfs[doc.pdf]
            payload: dict[str, Any] = {
                "source": str(doc.source),
                "file_name": doc.file_name,
                "blob": sha,
                "file_size": size,
                "page_count": pages,
            }
            return [Change("incoming.queued", entity, payload)]
        if ev.step == DISCARD:
            return [
                Change(
                    "incoming.discarded",
                    entity,
                    {"reason": "Tệp quét trùng, không phải văn bản mới."},
                )
            ]
        if ev.step == REGISTER:
            return self._register(s, doc)
        if ev.step == SUBMIT:
            return [
                Change(
                    "incoming.submitted", entity, {"leader_id": self.users[doc.leader], "note": ""}
                )
            ]
        if ev.step == ASSIGN:
            payload = {
                "instruction": doc.instruction,
                "due_date": doc.due.isoformat() if doc.due else None,
                "handlers": doc.handlers,
            }
            return [Change("incoming.assigned", entity, payload)]
        primary = doc.handlers[0]
        mine = {"assignee_kind": primary["kind"], "assignee_id": primary["id"]}
        if ev.step == PROGRESS:
            return [Change("incoming.progressed", entity, mine | {"note": doc.progress_note})]
        return [Change("incoming.completed", entity, mine | {"result_note": doc.result_note})]

    def _register(self, s: Session, doc: Doc) -> list[Change]:
        """As IncomingService.register: the year's register if new, the number, the metadata."""
        draft = doc.draft
        arrival = draft.arrival_date
        assert arrival is not None
        validate_draft(draft, arrival)
        year = arrival.year
        register_id = register_id_for(year, draft.confidentiality)
        changes = []
        if register_id not in self.registers:
            self.registers.add(register_id)
            changes.append(register_change(year, draft.confidentiality))
        number = self.numbers.claim(s, register_id, year, doc.id)
        changes.append(registration_change(doc.id, draft, arrival, number))
        return changes


Group = tuple[tuple[dt.date, int, int, str], list[Event]]


def _batches(groups: list[Group], size: int) -> list[list[Group]]:
    """The groups cut into transactions of about `size` newly queued documents each."""
    batches: list[list[Group]] = [[]]
    queued = 0
    for group in groups:
        batches[-1].append(group)
        queued += sum(1 for e in group[1] if e.step == QUEUE)
        if queued >= size:
            batches.append([])
            queued = 0
    return [b for b in batches if b]


def generate(
    root: Path, documents: int, seed: int, batch: int = 1000, years: float = YEARS
) -> dict[str, float]:
    """Create the space at `root` with `documents` incoming documents; returns the timings."""
    started = time.perf_counter()
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    now_vn = now.astimezone(VN_TZ)
    first_day = now_vn.date() - dt.timedelta(days=int(365 * years) + 2)
    clock = PlannedClock(_at(first_day, 8 * 60).astimezone(dt.UTC))
    print(f"Creating the ward at {root} …", flush=True)
    space, units, users = _setup(root, clock, rng)
    setup_s = time.perf_counter() - started
    print(f"  organisation, {len(units)} units, {len(users)} users: {setup_s:.1f} s", flush=True)

    t0 = time.perf_counter()
    pdfs, by_agency = _render_pdfs(space, rng)
    pdf_s = time.perf_counter() - t0
    print(f"  {len(pdfs)} distinct PDFs rendered and stored: {pdf_s:.1f} s", flush=True)

    t0 = time.perf_counter()
    planner = Planner(rng, units, users, by_agency)
    arrivals = _arrivals(rng, documents, now_vn, years)
    docs = []
    events: list[Event] = []
    for i, arrived in enumerate(arrivals):
        doc = planner.document(i, arrived)
        docs.append(doc)
        events.extend(ev for ev in planner.timeline(i, doc) if ev.at <= now)
    events.sort(key=lambda e: (*e.group(), e.at, e.doc, e.step))
    plan_s = time.perf_counter() - t0
    print(f"  planned {len(docs)} documents, {len(events)} steps: {plan_s:.1f} s", flush=True)

    writer = Writer(space, clock, docs, pdfs, users)
    t0 = time.perf_counter()
    groups = [(key, list(evs)) for key, evs in groupby(events, key=Event.group)]
    done_docs = 0
    gc.collect()
    gc.freeze()  # the plan stays for the whole run: keep it out of the collector's scans
    for chunk in _batches(groups, batch):
        batch_t, batch_ops = time.perf_counter(), writer.ops
        gc.disable()  # a batch makes many short-lived cycles; collect once after it
        try:
            with space.db.write.begin() as s:
                writer.hold_rows(s)
                for key, evs in chunk:
                    writer.commit_group(s, key[3], evs)
        finally:
            gc.enable()
            gc.collect()
        done_docs += sum(1 for _, evs in chunk for e in evs if e.step == QUEUE)
        spent = time.perf_counter() - batch_t
        total = time.perf_counter() - t0
        ops = writer.ops - batch_ops
        print(
            f"  …{chunk[-1][0][0]:%d/%m/%Y}: {done_docs:>7} documents, {writer.ops:>8} ops"
            f" | batch {ops} ops in {spent:.2f} s ({ops / spent:,.0f} ops/s)"
            f" | {total:,.0f} s, {writer.ops / total:,.0f} ops/s overall",
            flush=True,
        )
    ops_s = time.perf_counter() - t0
    clock.set(now)
    with space.db.read() as rs:
        states = Counter(
            dict(
                rs.execute(
                    select(IncomingDocument.state, func.count()).group_by(IncomingDocument.state)
                ).all()
            )
        )
        today = now_vn.date()
        overdue = rs.scalar(
            select(func.count()).where(
                IncomingDocument.state == "assigned", IncomingDocument.due_date < today
            )
        )
    space.close()
    total_s = time.perf_counter() - started
    print(f"States: {dict(sorted(states.items()))}; assigned and overdue: {overdue}")
    print(
        f"Journal: {writer.ops} ops in {writer.commits} commits, {ops_s:.1f} s"
        f" ({writer.ops / ops_s:,.0f} ops/s, {documents / ops_s:,.0f} documents/s)"
    )
    print(
        f"Total: {total_s:.1f} s (setup {setup_s:.1f} s, PDFs {pdf_s:.1f} s, plan {plan_s:.1f} s)"
    )
    return {"total": total_s, "setup": setup_s, "ops": writer.ops, "ops_s": ops_s}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--space",
        type=Path,
        required=True,
        help="folder of the new space (must not exist or be empty)",
    )
    parser.add_argument(
        "--documents", type=int, default=100_000, help="how many incoming documents"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    parser.add_argument(
        "--years", type=float, default=YEARS, help="how far back the first document arrived"
    )
    parser.add_argument("--batch", type=int, default=1000, help="documents per write transaction")
    args = parser.parse_args(argv)
    generate(args.space, args.documents, args.seed, args.batch, args.years)
    return 0


if __name__ == "__main__":
    sys.exit(main())
