"""The demo ward "UBND phường Gia Thụy": units, ~10 users, 220 incoming documents in every state.

Events are replayed in time order through the real services (a moving clock), so the history,
the numbers and the deadlines look like months of real work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.models.enums import AssigneeKind, Confidentiality, Role, Source, Urgency
from app.services.auth import CurrentUser
from app.services.directory import OrganisationInfo, UnitInfo, UserInfo
from app.services.incoming_dto import AssignmentDraft, HandlerRef, IncomingDraft
from app.services.space import AdminInfo, Space, create_space, open_space
from app.timeutil import VN_TZ, Clock, FixedClock, SystemClock

DEMO_PASSWORD = "demo1234"
ORG = OrganisationInfo(
    name="UBND phường Gia Thụy",
    abbreviation="UBND",
    place_name="Gia Thụy",
    parent_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
    code="000.00.25.H26",
)
UNITS = [
    ("vp", "Văn phòng - Thống kê", "VP"),
    ("dc", "Địa chính - Xây dựng", "ĐC"),
    ("tp", "Tư pháp - Hộ tịch", "TP"),
    ("vh", "Văn hóa - Xã hội", "VHXH"),
    ("kt", "Tài chính - Kế toán", "TCKT"),
]
# login, full name, position, unit key, roles
USERS = [
    ("vanthu", "Nguyễn Thị Hoa", "Văn thư", "vp", (Role.CLERK,)),
    ("chutich", "Trần Văn Nam", "Chủ tịch", None, (Role.LEADER,)),
    ("pct.lan", "Phạm Thị Lan", "Phó Chủ tịch", None, (Role.LEADER,)),
    ("pct.tuan", "Hoàng Minh Tuấn", "Phó Chủ tịch", None, (Role.LEADER,)),
    ("vp.ha", "Lê Thu Hà", "Chánh Văn phòng", "vp", (Role.OFFICIAL,)),
    ("dc.duc", "Đỗ Minh Đức", "Công chức Địa chính - Xây dựng", "dc", (Role.OFFICIAL,)),
    ("tp.linh", "Vũ Thùy Linh", "Công chức Tư pháp - Hộ tịch", "tp", (Role.OFFICIAL,)),
    ("vh.son", "Ngô Văn Sơn", "Công chức Văn hóa - Xã hội", "vh", (Role.OFFICIAL,)),
    ("kt.mai", "Bùi Thị Mai", "Kế toán", "kt", (Role.OFFICIAL,)),
    ("dc.khanh", "Đinh Quốc Khánh", "Chuyên viên", "dc", (Role.OFFICIAL,)),
]
# name, parent, notation suffix, unit key that usually handles it
AGENCIES = [
    ("UBND thành phố Hà Nội", "", "UBND", "vp"),
    ("Sở Nội vụ thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "SNV", "vp"),
    ("Sở Tài chính thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "STC", "kt"),
    ("Sở Xây dựng thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "SXD", "dc"),
    ("Sở Nông nghiệp và Môi trường thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "SNNMT", "dc"),
    ("Sở Tư pháp thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "STP", "tp"),
    ("Sở Văn hóa và Thể thao thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "SVHTT", "vh"),
    ("Sở Y tế thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI", "SYT", "vh"),
    ("Công an thành phố Hà Nội", "BỘ CÔNG AN", "CAHN", "vp"),
    ("Bảo hiểm xã hội thành phố Hà Nội", "BẢO HIỂM XÃ HỘI VIỆT NAM", "BHXH", "vh"),
    ("Thuế thành phố Hà Nội", "CỤC THUẾ", "THN", "kt"),
    ("Ủy ban MTTQ Việt Nam phường Gia Thụy", "", "MTTQ", "vh"),
]
# type name, abbreviation ("" for công văn), summaries
TYPES = [
    (
        "Công văn",
        "",
        [
            "V/v tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô",
            "V/v rà soát, cập nhật dữ liệu dân cư trên địa bàn",
            "V/v chấn chỉnh trật tự xây dựng, lấn chiếm vỉa hè",
            "V/v đôn đốc thu ngân sách nhà nước những tháng cuối năm",
            "V/v triển khai dịch vụ công trực tuyến toàn trình",
            "V/v báo cáo kết quả thực hiện cải cách hành chính quý IV",
            "V/v kiểm tra an toàn thực phẩm dịp Tết Nguyên đán",
            "V/v rà soát hộ nghèo, hộ cận nghèo năm 2026",
        ],
    ),
    (
        "Quyết định",
        "QĐ",
        [
            "Về việc phê duyệt kế hoạch sử dụng đất năm 2026",
            "Về việc thành lập Tổ công tác chuyển đổi số cấp phường",
            "Về việc giao chỉ tiêu thu ngân sách năm 2027",
        ],
    ),
    (
        "Kế hoạch",
        "KH",
        [
            "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026",
            "Triển khai công tác tiêm chủng mở rộng năm 2026",
            "Tuyên truyền, phổ biến giáo dục pháp luật năm 2027",
        ],
    ),
    (
        "Thông báo",
        "TB",
        [
            "Kết luận của Chủ tịch UBND thành phố tại buổi làm việc với các phường",
            "Lịch tiếp công dân định kỳ tháng 12 năm 2026",
        ],
    ),
    (
        "Giấy mời",
        "GM",
        [
            "Dự Hội nghị tổng kết công tác cải cách hành chính năm 2026",
            "Dự họp giao ban công tác quản lý đô thị",
        ],
    ),
    (
        "Hướng dẫn",
        "HD",
        [
            "Quyết toán ngân sách xã, phường năm 2026",
            "Thực hiện chuẩn hóa dữ liệu hộ tịch điện tử",
        ],
    ),
    ("Chỉ thị", "CT", ["Về tăng cường kỷ luật, kỷ cương hành chính"]),
    ("Báo cáo", "BC", ["Tình hình kinh tế - xã hội 10 tháng năm 2026"]),
]
BODY = [
    "Thực hiện chỉ đạo của cấp trên về việc nâng cao hiệu quả quản lý nhà nước trên địa bàn, "
    "đề nghị Ủy ban nhân dân các phường khẩn trương triển khai các nội dung sau:",
    "1. Rà soát, tổng hợp số liệu và báo cáo kết quả thực hiện về cơ quan chủ trì trước thời hạn.",
    "2. Phân công cán bộ, công chức phụ trách, theo dõi, đôn đốc và chịu trách nhiệm về kết quả.",
    "3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo để được hướng dẫn.",
    "Đề nghị các đơn vị quan tâm, phối hợp thực hiện./.",
]
SIGNERS = [
    "Nguyễn Mạnh Quyền",
    "Trần Thị Thu Hương",
    "Lê Hồng Sơn",
    "Phạm Quang Thanh",
    "Vũ Đức Bảo",
]


def agency_pdf(
    agency: str, parent: str, code: str, date: dt.date, type_name: str, summary: str, signer: str
) -> bytes:
    """The PDF an issuing body would have sent: its header, the text, its signer."""
    return render_pdf(
        DemoDocument(
            issuing_parent=parent,
            issuing_agency=agency,
            code=code,
            place="Hà Nội",
            date=date,
            type_name=type_name,
            summary=summary,
            body=BODY,
            signer_position="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" if agency.startswith("Sở") else "CHỦ TỊCH",
            signer_name=signer,
            recipients=["Như trên;", "UBND các phường;", "Lưu: VT."],
        )
    )


@dataclass
class _Demo:
    space: Space
    clock: FixedClock
    users: dict[str, CurrentUser]
    units: dict[str, str]

    def act(self, login: str, at: dt.datetime) -> Space:
        self.clock.set(at)
        self.space.auth.set(self.users[login])
        return self.space


def _working_time(rng: random.Random, day: dt.date) -> dt.datetime:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    minutes = rng.randint(7 * 60 + 40, 16 * 60 + 30)
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), VN_TZ)
    return local.astimezone(dt.UTC)


def create_demo_space(
    root: Path, *, clock: Clock | None = None, documents: int = 220, seed: int = 2026
) -> Space:
    """Create the demo ward at `root`; return it opened with `clock` (the real one by default)."""
    real = clock or SystemClock()
    now = real.now()
    rng = random.Random(seed)
    start = now - dt.timedelta(days=130)
    demo_clock = FixedClock(start)
    space = create_space(
        root, ORG, AdminInfo("quantri", "Quản trị hệ thống", DEMO_PASSWORD), clock=demo_clock
    )
    d = space.directory
    units = {key: d.save_unit(UnitInfo("", name, abbr)) for key, name, abbr in UNITS}
    for login, name, position, unit, roles in USERS:
        d.create_user(
            UserInfo("", login, name, position, units[unit] if unit else None, frozenset(roles)),
            DEMO_PASSWORD,
        )
    users = {
        u.login: CurrentUser(u.id, u.login, u.full_name, u.position, u.unit_id, u.roles)
        for u in d.users()
    }
    demo = _Demo(space, demo_clock, users, units)
    events: list[tuple[dt.datetime, int, Callable[[], None]]] = []
    for i in range(documents):
        age = (documents - i) * 128 / documents  # oldest first
        for at, fn in _timeline(demo, rng, now, age, i):
            events.append((at, len(events), fn))
    for at, fn in _work_events(demo, random.Random(seed + 1), now):
        events.append((at, len(events), fn))
    for at, _, fn in sorted(events, key=lambda e: (e[0], e[1])):
        if at <= now:
            demo.clock.set(at)
            fn()
    _add_outgoing(demo, now)
    _drop_scans(root, rng)
    space.close()
    return open_space(root, clock=real)


def _work_events(
    demo: _Demo, rng: random.Random, now: dt.datetime
) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """Tasks in every state and weeks of schedule (the current one published)."""
    from app.services.demo_schedule import schedule_events
    from app.services.demo_tasks import task_events

    ids = {login: user.id for login, user in demo.users.items()}
    return [
        *task_events(demo.act, ids, demo.units, rng, now),
        *schedule_events(demo.act, ids, demo.units, rng, now),
    ]


def _add_outgoing(demo: _Demo, now: dt.datetime) -> None:
    """Keys, images and outgoing documents in every state, made over the last hours."""
    from app.services.demo_outgoing import add_outgoing, set_up_keys

    moment = [now - dt.timedelta(hours=6)]

    def act(login: str) -> Space:
        moment[0] += dt.timedelta(minutes=3)
        return demo.act(login, min(moment[0], now))

    logins = {login: name for login, name, *_ in USERS}
    set_up_keys(demo.space, act, logins)
    ids = {login: user.id for login, user in demo.users.items()}
    add_outgoing(demo.space, act, ids, demo.units)


def _timeline(
    demo: _Demo, rng: random.Random, now: dt.datetime, age_days: float, index: int
) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The events of one document, by how old it is: recent ones are less far along."""
    arrived = _working_time(rng, (now - dt.timedelta(days=age_days)).astimezone(VN_TZ).date())
    agency, parent, suffix, unit_key = rng.choice(AGENCIES)
    type_name, abbr, summaries = rng.choice(TYPES)
    summary = rng.choice(summaries)
    notation = f"{abbr}-{suffix}" if abbr else f"{suffix}-{rng.choice(['VP', 'KT', 'QLĐT', 'VX'])}"
    doc_date = (arrived.astimezone(VN_TZ) - dt.timedelta(days=rng.randint(0, 4))).date()
    code_number = str(rng.randint(1, 4800))
    signer = rng.choice(SIGNERS)
    urgency = rng.choices(list(Urgency), weights=[78, 14, 6, 2])[0]
    secret = Confidentiality.CONFIDENTIAL if index % 97 == 50 else Confidentiality.NORMAL
    pdf = agency_pdf(
        agency, parent, f"{code_number.zfill(2)}/{notation}", doc_date, type_name, summary, signer
    )
    state: dict[str, str] = {}
    leader = rng.choice(["chutich", "pct.lan", "pct.tuan"])
    handler_unit = demo.units[unit_key]
    official = {
        "vp": "vp.ha",
        "dc": rng.choice(["dc.duc", "dc.khanh"]),
        "tp": "tp.linh",
        "vh": "vh.son",
        "kt": "kt.mai",
    }[unit_key]
    hours = dt.timedelta(hours=1)

    def queue() -> None:
        sp = demo.act("vanthu", arrived)
        state["id"] = sp.incoming._queue(
            sp.auth.user, pdf, f"scan_{arrived:%Y%m%d}_{index:03d}.pdf", 1, Source.SCAN
        )

    def register() -> None:
        draft = IncomingDraft(
            code_number=code_number,
            code_notation=notation,
            document_date=doc_date,
            issuing_agency=agency,
            doc_type=type_name,
            summary=summary,
            signer_name=signer,
            urgency=urgency,
            confidentiality=secret,
            page_count=1,
            arrival_date=arrived.astimezone(VN_TZ).date(),
        )
        demo.act("vanthu", arrived + hours).incoming.register(
            state["id"], draft, allow_duplicate=True
        )

    def submit() -> None:
        demo.act("vanthu", arrived + 2 * hours).incoming.submit(state["id"], demo.users[leader].id)

    def give_back() -> None:
        demo.act(leader, arrived + 20 * hours).incoming.return_to_clerk(
            state["id"], "Đề nghị văn thư bổ sung bản quét đầy đủ các trang."
        )

    assign_at = arrived + dt.timedelta(hours=rng.randint(3, 30))
    due = (assign_at.astimezone(VN_TZ) + dt.timedelta(days=rng.choice([3, 5, 7, 10, 15]))).date()

    def assign() -> None:
        primary = (
            HandlerRef(AssigneeKind.UNIT, handler_unit)
            if rng.random() < 0.5
            else HandlerRef(AssigneeKind.USER, demo.users[official].id)
        )
        others = [k for k in demo.units if k != unit_key]
        coord = (
            (HandlerRef(AssigneeKind.UNIT, demo.units[rng.choice(others)]),)
            if rng.random() < 0.3
            else ()
        )
        info = (
            (HandlerRef(AssigneeKind.USER, demo.users["vp.ha"].id),)
            if unit_key != "vp" and rng.random() < 0.3
            else ()
        )
        instruction = rng.choice(
            [
                "Giao {u} chủ trì tham mưu, báo cáo kết quả trước thời hạn.",
                "Đề nghị {u} nghiên cứu, đề xuất phương án xử lý.",
                "Chuyển {u} thực hiện theo quy định.",
            ]
        ).format(u=dict((k, n) for k, n, _ in UNITS)[unit_key])
        demo.act(leader, assign_at).incoming.assign(
            state["id"], AssignmentDraft(instruction, primary, coord, info, due)
        )

    work_at = assign_at + dt.timedelta(hours=rng.randint(4, 48))
    done_at = work_at + dt.timedelta(days=rng.randint(1, 12))

    def progress() -> None:
        demo.act(official, work_at).incoming.report_progress(
            state["id"], "Đang tổng hợp số liệu, dự thảo văn bản trả lời."
        )

    def complete() -> None:
        demo.act(official, done_at).incoming.complete(
            state["id"],
            f"Đã dự thảo văn bản trả lời số {rng.randint(10, 900)}/UBND-VP trình lãnh đạo ký.",
        )

    def discard() -> None:
        demo.act("vanthu", arrived + hours).incoming.discard(
            state["id"], "Tệp quét trùng, không phải văn bản mới."
        )

    steps: list[tuple[dt.datetime, Callable[[], None]]] = [(arrived, queue)]
    if index % 60 == 7:
        return [*steps, (arrived + hours, discard)]
    if age_days < 2.5:
        return steps
    steps.append((arrived + hours, register))
    if age_days < 5:
        return steps
    steps.append((arrived + 2 * hours, submit))
    if index % 41 == 3:
        return [*steps, (arrived + 20 * hours, give_back)]
    if age_days < 8:
        return steps
    steps.append((assign_at, assign))
    if age_days < 14 or rng.random() < 0.2:
        if rng.random() < 0.6:
            steps.append((work_at, progress))
        return steps
    steps += [(work_at, progress), (done_at, complete)]
    return steps


def _drop_scans(root: Path, rng: random.Random) -> None:
    """Two scans waiting in the scan folder, so a newcomer sees the watcher at work."""
    folder = root / "scan"
    folder.mkdir(exist_ok=True)
    for n in (1, 2):
        agency, parent, suffix, _ = rng.choice(AGENCIES)
        code = f"{rng.randint(1, 900):02d}/{suffix}-VP"
        summary = "V/v phối hợp rà soát hồ sơ đất đai tồn đọng"
        pdf = agency_pdf(
            agency, parent, code, dt.date.today(), "Công văn", summary, rng.choice(SIGNERS)
        )
        (folder / f"scan_moi_{n}.pdf").write_bytes(pdf)
