"""The demo ward's tasks: about forty over the last four months, in every state.

Each task is a little story told through the real service, in working hours: assigned by the
chairman or a vice-chairman, reported on, sometimes given more time, finished on time or late,
returned once, accepted or cancelled; some are still open, near their deadline or past it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.models.enums import AssigneeKind, IncomingState, TaskPriority
from app.services.incoming_dto import Box, HandlerRef, IncomingFilter
from app.services.space import Space
from app.services.task_dto import TaskForm
from app.timeutil import VN_TZ

Act = Callable[[str, dt.datetime], Space]
Event = tuple[dt.datetime, Callable[[], None]]

LEADERS = ("chutich", "pct.lan", "pct.tuan")
OFFICIALS = {
    "vp": ("vp.ha",),
    "dc": ("dc.duc", "dc.khanh"),
    "tp": ("tp.linh",),
    "vh": ("vh.son",),
    "kt": ("kt.mai",),
}
# title, unit key, description
WORK = (
    ("Tổng hợp báo cáo tình hình kinh tế - xã hội tháng", "vp",
     "Tổng hợp số liệu các bộ phận, dự thảo báo cáo trình Chủ tịch ký."),
    ("Kiểm tra trật tự xây dựng trên địa bàn tổ dân phố 5", "dc",
     "Kiểm tra các công trình đang thi công, lập biên bản các trường hợp vi phạm."),
    ("Rà soát danh sách hộ nghèo, hộ cận nghèo năm 2026", "vh",
     "Phối hợp tổ dân phố rà soát, niêm yết công khai danh sách."),
    ("Xây dựng dự toán ngân sách phường năm 2027", "kt",
     "Lập dự toán thu, chi theo hướng dẫn của Sở Tài chính."),
    ("Rà soát hồ sơ đăng ký khai sinh, khai tử quá hạn", "tp",
     "Lập danh sách, thông báo cho người dân hoàn thiện hồ sơ."),
    ("Tuyên truyền phòng cháy, chữa cháy mùa hanh khô", "vh",
     "Treo băng rôn, phát thanh trên loa truyền thanh của phường."),
    ("Kiểm tra an toàn thực phẩm tại chợ Gia Thụy", "vh",
     "Phối hợp đoàn kiểm tra liên ngành, báo cáo kết quả."),
    ("Thống kê diện tích đất công chưa sử dụng", "dc",
     "Đo đạc, lập bản đồ hiện trạng, đề xuất phương án quản lý."),
    ("Cập nhật dữ liệu dân cư trên hệ thống định danh", "tp",
     "Đối chiếu, chuẩn hóa dữ liệu hộ tịch với cơ sở dữ liệu quốc gia về dân cư."),
    ("Báo cáo kết quả cải cách hành chính", "vp",
     "Tổng hợp kết quả thực hiện, tự chấm điểm theo bộ chỉ số."),
    ("Quyết toán kinh phí Ngày hội Đại đoàn kết toàn dân tộc", "kt",
     "Tập hợp chứng từ, lập báo cáo quyết toán."),
    ("Rà soát thủ tục hành chính đưa lên dịch vụ công trực tuyến", "vp",
     "Lập danh mục thủ tục đủ điều kiện cung cấp trực tuyến toàn trình."),
    ("Giải quyết đơn kiến nghị của công dân tổ dân phố 3", "dc",
     "Xác minh, trả lời công dân bằng văn bản."),
    ("Chuẩn hóa dữ liệu hộ tịch điện tử", "tp",
     "Số hóa sổ hộ tịch giai đoạn 2010-2015."),
    ("Lập kế hoạch tiêm chủng mở rộng", "vh",
     "Phối hợp trạm y tế phường lập danh sách, lịch tiêm."),
    ("Đôn đốc thu thuế sử dụng đất phi nông nghiệp", "kt",
     "Gửi thông báo, đôn đốc các hộ chưa nộp."),
    ("Kiểm tra vệ sinh môi trường các tuyến phố", "dc",
     "Kiểm tra, nhắc nhở các hộ kinh doanh để rác không đúng nơi quy định."),
    ("Chuẩn bị trao quà gia đình chính sách dịp Tết", "vh",
     "Lập danh sách, dự trù kinh phí, chuẩn bị quà."),
    ("Chuẩn bị hội nghị tiếp xúc cử tri", "vp",
     "Chuẩn bị hội trường, tài liệu, giấy mời đại biểu."),
    ("Rà soát hợp đồng của người hoạt động không chuyên trách", "vp",
     "Rà soát, đề xuất ký lại hợp đồng theo quy định mới."),
)  # fmt: skip
# how many tasks tell each story
STORIES = (
    ("assigned", 4),
    ("progress", 6),
    ("submitted", 3),
    ("done", 10),
    ("late", 4),
    ("returned", 3),
    ("cancelled", 2),
    ("extended", 3),
    ("extension_asked", 1),
    ("overdue", 3),
    ("near_due", 3),
    ("from_document", 1),
)
AGES = {  # how many days ago each story's task was given (from, to)
    "assigned": (1, 4),
    "progress": (5, 20),
    "submitted": (6, 20),
    "done": (20, 120),
    "late": (20, 110),
    "returned": (25, 100),
    "cancelled": (15, 60),
    "extended": (15, 60),
    "extension_asked": (5, 8),
    "overdue": (15, 40),
    "near_due": (6, 12),
    "from_document": (10, 30),
}
PRIORITIES = (TaskPriority.HIGH, TaskPriority.NORMAL, TaskPriority.NORMAL, TaskPriority.URGENT)
RETURN_COMMENT = "Đề nghị bổ sung số liệu so sánh cùng kỳ năm trước."
CANCEL_REASON = "Cấp trên đã điều chỉnh kế hoạch, không thực hiện nữa."
EXTENSION_REASON = "Chờ số liệu của các tổ dân phố, đề nghị gia hạn."
NOTES = (
    "Đã triển khai, đang tổng hợp số liệu.",
    "Đã làm việc với các tổ dân phố, đang hoàn thiện hồ sơ.",
    "Đã hoàn thành phần lớn khối lượng, còn chờ số liệu bổ sung.",
)


def _working(day: dt.date, rng: random.Random, *, back: bool) -> dt.datetime:
    """A time between 08:00 and 16:30 of a working day (weekends move back or forward)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=-1 if back else 1)
    minutes = rng.randint(8 * 60, 16 * 60 + 30)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), VN_TZ).astimezone(dt.UTC)


def _after(at: dt.datetime, days: int, rng: random.Random) -> dt.datetime:
    """A working time `days` days after `at` (later the same day when `days` is 0)."""
    local = at.astimezone(VN_TZ)
    if days == 0:
        later = at + dt.timedelta(minutes=rng.randint(30, 120))
        if later.astimezone(VN_TZ).hour < 17:
            return later
        days = 1
    return max(_working(local.date() + dt.timedelta(days=days), rng, back=False), at)


def _pdf(title: str, day: dt.date) -> bytes:
    return render_pdf(
        DemoDocument(
            issuing_parent="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
            issuing_agency="UBND phường Gia Thụy",
            code="…/KH-UBND",
            place="Gia Thụy",
            date=day,
            type_name="Kế hoạch",
            summary=title,
            body=(
                "Thực hiện chỉ đạo của Chủ tịch UBND phường, bộ phận chủ trì triển khai "
                "các nội dung sau:",
                "1. Phân công cán bộ phụ trách, xây dựng tiến độ chi tiết.",
                "2. Báo cáo kết quả về Văn phòng UBND phường đúng thời hạn./.",
            ),
            signer_position="CHỦ TỊCH",
            signer_name="Trần Văn Nam",
            recipients=["Như trên;", "Lưu: VT."],
        )
    )


class _Story:
    """The steps of one task, in time order; each runs as its person at its time."""

    def __init__(self, act: Act, rng: random.Random, leader: str, official: str) -> None:
        self._act = act
        self._rng = rng
        self.leader = leader
        self.official = official
        self.task_id = ""
        self.steps: list[Event] = []
        self._at = dt.datetime.min.replace(tzinfo=dt.UTC)

    def _add(self, at: dt.datetime, login: str, fn: Callable[[Space, dt.datetime], None]) -> None:
        at = max(at, self._at + dt.timedelta(minutes=5))
        self._at = at
        first = not self.steps

        def run() -> None:
            if first or self.task_id:  # a task that could not be made has no later steps
                fn(self._act(login, at), at)

        self.steps.append((at, run))

    def assign(self, at: dt.datetime, form: TaskForm, *, attach: bool) -> None:
        def run(sp: Space, when: dt.datetime) -> None:
            if not attach:
                self.task_id = sp.tasks.assign(form)
                return
            data = _pdf(form.title, when.astimezone(VN_TZ).date())
            with _file("Kế hoạch triển khai.pdf", data) as path:
                self.task_id = sp.tasks.assign(replace(form, files=(path,)))

        self._add(at, self.leader, run)

    def from_document(self, at: dt.datetime, form: TaskForm) -> None:
        """A task given from an incoming document (its trích yếu as the title)."""

        def run(sp: Space, _when: dt.datetime) -> None:
            rows = sp.incoming.rows(IncomingFilter(box=Box.ALL), limit=50)
            doc = next((r for r in rows if r.summary and r.state == IncomingState.ASSIGNED), None)
            if doc is None:
                return
            filled = sp.tasks.document_form(f"incoming:{doc.id}")
            self.task_id = sp.tasks.assign(
                replace(
                    form,
                    title=filled.title,
                    description=filled.description or form.description,
                    source=filled.source,
                )
            )

        self._add(at, self.leader, run)

    def by(self, login: str, days: int, fn: Callable[[Space], object]) -> None:
        """`login` does `fn` a few working days after the previous step."""

        def run(sp: Space, _when: dt.datetime) -> None:
            fn(sp)

        self._add(_after(self._at, days, self._rng), login, run)

    def report(self, days: int, percent: int) -> None:
        note = self._rng.choice(NOTES)
        self.by(
            self.official, days, lambda sp: sp.tasks.report_progress(self.task_id, percent, note)
        )

    def finish(self, days: int, *, attach: bool = False) -> None:
        note = "Đã hoàn thành, báo cáo kết quả kèm theo." if attach else "Đã hoàn thành."

        def run(sp: Space, when: dt.datetime) -> None:
            if not attach:
                sp.tasks.finish(self.task_id, note)
                return
            data = _pdf("Báo cáo kết quả thực hiện", when.astimezone(VN_TZ).date())
            with _file("Báo cáo kết quả.pdf", data) as path:
                sp.tasks.finish(self.task_id, note, (path,))

        self._add(_after(self._at, days, self._rng), self.official, run)


def task_events(
    act: Act, ids: dict[str, str], units: dict[str, str], rng: random.Random, now: dt.datetime
) -> list[Event]:
    """Timed steps (any order; the demo runs them in time order with the rest).

    A task's steps later than `now` are left out, so the recent ones are less far along.
    """
    today = now.astimezone(VN_TZ).date()
    events: list[Event] = []
    n = 0
    for story, count in STORIES:
        for _ in range(count):
            n += 1
            tale = _story(act, ids, units, rng, story, today, n)
            events += [(at, fn) for at, fn in tale.steps if at <= now]
    return events


def _story(
    act: Act,
    ids: dict[str, str],
    units: dict[str, str],
    rng: random.Random,
    story: str,
    today: dt.date,
    n: int,
) -> _Story:
    title, unit_key, description = WORK[(n - 1) % len(WORK)]
    leader = LEADERS[n % len(LEADERS)]
    official = rng.choice(OFFICIALS[unit_key])
    primary = (
        HandlerRef(AssigneeKind.UNIT, units[unit_key])
        if n % 5 in (1, 3)
        else HandlerRef(AssigneeKind.USER, ids[official])
    )
    others = [k for k in units if k != unit_key]
    coordinating = rng.choice(others)
    coordinators = (HandlerRef(AssigneeKind.UNIT, units[coordinating]),) if n % 3 == 0 else ()
    ago = rng.randint(*AGES[story])
    assigned = _working(today - dt.timedelta(days=ago), rng, back=True)
    start = assigned.astimezone(VN_TZ).date()
    span = {"late": rng.randint(3, 6), "overdue": rng.randint(5, 9)}.get(story, rng.randint(7, 15))
    due = start + dt.timedelta(days=span)
    if story in ("progress", "assigned"):
        due = max(due, today + dt.timedelta(days=rng.randint(3, 12)))
    if story == "near_due":
        due = today + dt.timedelta(days=n % 3)
    if title.endswith("tháng"):
        title = f"{title} {start.month}/{start.year}"
    priority = PRIORITIES[n % len(PRIORITIES)]
    form = TaskForm(title, primary, description, coordinators, due, priority)
    tale = _Story(act, rng, leader, official)
    if story == "from_document":
        tale.from_document(assigned, form)
    else:
        tale.assign(assigned, form, attach=n % 6 == 1)
    accept_note = "Đồng ý kết quả."
    match story:
        case "progress":
            tale.report(2, 30)
            if coordinators:
                coordinator = OFFICIALS[coordinating][0]
                tale.by(
                    coordinator,
                    1,
                    lambda sp: sp.tasks.report_progress(
                        tale.task_id, None, "Đã gửi số liệu phối hợp."
                    ),
                )
            tale.report(3, 60)
        case "submitted":
            tale.report(2, 50)
            tale.finish(3, attach=True)
        case "done" | "from_document":
            tale.report(2, 40)
            tale.finish(max(1, min(span - 5, 4)), attach=n % 2 == 0)
            tale.by(leader, 1, lambda sp: sp.tasks.accept(tale.task_id, accept_note))
        case "late":
            tale.report(2, 50)
            tale.finish(span + 2)
            tale.by(leader, 1, lambda sp: sp.tasks.accept(tale.task_id, "Lưu ý bảo đảm tiến độ."))
        case "returned":
            tale.report(2, 60)
            tale.finish(3)
            tale.by(leader, 1, lambda sp: sp.tasks.return_result(tale.task_id, RETURN_COMMENT))
            tale.finish(2, attach=True)
            tale.by(leader, 1, lambda sp: sp.tasks.accept(tale.task_id, accept_note))
        case "cancelled":
            tale.by(leader, 3, lambda sp: sp.tasks.cancel(tale.task_id, CANCEL_REASON))
        case "extended":
            longer = due + dt.timedelta(days=7)
            tale.report(2, 30)
            tale.by(
                tale.official,
                1,
                lambda sp: sp.tasks.ask_extension(tale.task_id, longer, EXTENSION_REASON),
            )
            tale.by(leader, 1, lambda sp: sp.tasks.grant_extension(tale.task_id, "Đồng ý."))
            tale.finish(span)
            tale.by(leader, 1, lambda sp: sp.tasks.accept(tale.task_id, accept_note))
        case "extension_asked":
            longer = max(due, today) + dt.timedelta(days=5)
            tale.report(1, 40)
            tale.by(
                tale.official,
                1,
                lambda sp: sp.tasks.ask_extension(tale.task_id, longer, EXTENSION_REASON),
            )
        case "overdue" | "near_due":
            tale.report(2, 20 + 10 * (n % 4))
    return tale


@contextlib.contextmanager
def _file(name: str, data: bytes) -> Iterator[Path]:
    """`data` as a file called `name` in a temporary folder, for the length of a command."""
    with tempfile.TemporaryDirectory(prefix="ward-demo-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path
