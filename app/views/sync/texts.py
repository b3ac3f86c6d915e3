"""What the sync status bar entry and dialogs say: pure functions over a SyncStatus, no widgets.

Times are shown in Vietnam's zone: "14:30", "14:30 22/11/2026".
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Protocol

from app.i18n import N_, tr
from app.services.sync import SyncStatus
from app.timeutil import VN_TZ, fmt_date

NOT_CONFIGURED = N_("Đồng bộ: chưa cấu hình — làm việc trên máy này")
WARNING_COLOUR = "#b26a00"
OK_COLOUR = "#2e7d32"
BAD_COLOUR = "#b71c1c"

PHASE_LABELS: dict[str, str] = {
    "push": N_("Đang gửi dữ liệu của máy này"),
    "pull": N_("Đang nhận dữ liệu từ các máy khác"),
    "numbers": N_("Đang cấp số đến"),
    "snapshot": N_("Đang tạo bản chụp dữ liệu"),
}


class ProgressLike(Protocol):
    """Where a running round is (app.sync.engine.Progress)."""

    @property
    def phase(self) -> str:
        """ "push", "pull", "numbers" or "snapshot"."""
        ...

    @property
    def done(self) -> int:
        """Items done in this phase."""
        ...

    @property
    def total(self) -> int:
        """Items in this phase (0 when unknown)."""
        ...


@dataclass(frozen=True)
class StatusLine:
    """The status bar entry: its text, its tooltip and whether it is drawn as a warning."""

    text: str
    tooltip: str
    warning: bool = False


def clock_time(t: dt.datetime) -> str:
    """ "14:30" in Vietnam."""
    return t.astimezone(VN_TZ).strftime("%H:%M")


def clock_time_and_date(t: dt.datetime) -> str:
    """ "14:30 22/11/2026" in Vietnam."""
    local = t.astimezone(VN_TZ)
    return f"{local.strftime('%H:%M')} {fmt_date(local.date())}"


def _same_day(a: dt.datetime, b: dt.datetime) -> bool:
    return a.astimezone(VN_TZ).date() == b.astimezone(VN_TZ).date()


def attention_count(status: SyncStatus, failure: str = "") -> int:
    """How many things a person should look at: problems, set-aside ops, conflicts, a failure."""
    return len(status.problems) + status.quarantined + status.conflicts + (1 if failure else 0)


def waiting_text(status: SyncStatus) -> str:
    """ "chờ gửi 3 · chờ cấp số 1", the parts that are not zero."""
    parts = []
    if status.unpushed:
        parts.append(tr("chờ gửi {n}").format(n=status.unpushed))
    if status.waiting_numbers:
        parts.append(tr("chờ cấp số {n}").format(n=status.waiting_numbers))
    return " · ".join(parts)


def progress_text(progress: ProgressLike) -> str:
    """ "Đang đồng bộ… 120/500", or without counts when they are not known."""
    if progress.total > 0:
        return tr("Đang đồng bộ… {done}/{total}").format(done=progress.done, total=progress.total)
    return tr("Đang đồng bộ…")


def phase_label(progress: ProgressLike) -> str:
    """What the running round is doing, in words."""
    label = PHASE_LABELS.get(progress.phase)
    return tr(label) if label else tr("Đang đồng bộ…")


def problem_lines(status: SyncStatus, failure: str = "") -> list[str]:
    """Everything that needs attention, one line each."""
    lines = [failure] if failure else []
    lines.extend(status.problems)
    if status.quarantined:
        lines.append(
            tr(
                "{n} thao tác từ máy khác bị giữ lại để kiểm tra (chữ ký hoặc quyền không hợp lệ)."
            ).format(n=status.quarantined)
        )
    if status.conflicts:
        lines.append(
            tr("{n} thao tác xung đột cần xử lý (cần xử lý xung đột).").format(n=status.conflicts)
        )
    return lines


def status_line(
    status: SyncStatus | None,
    *,
    now: dt.datetime,
    progress: ProgressLike | None = None,
    failure: str = "",
) -> StatusLine:
    """The status bar entry for a status, a running round's progress and a round's failure.

    `failure` is the message of a last round that failed for a reason other than the network
    (the clock, a refused target): it needs a person, so it shows as "Cần chú ý".
    """
    if status is None or not status.configured:
        return StatusLine(tr(NOT_CONFIGURED), tr("Bấm để cấu hình máy chủ đồng bộ."))
    waiting = waiting_text(status)
    hint = tr("Bấm để xem chi tiết.")
    attention = attention_count(status, failure)
    if progress is not None:
        text, tooltip, warning = progress_text(progress), phase_label(progress), False
    elif failure:
        text, tooltip, warning = tr("Cần chú ý ({n})").format(n=attention), failure, True
    elif status.offline_since is not None:
        text = tr("Ngoại tuyến từ {t}").format(t=clock_time_and_date(status.offline_since))
        tooltip, warning = status.offline_reason, False
    elif attention:
        text, warning = tr("Cần chú ý ({n})").format(n=attention), True
        tooltip = "\n".join(problem_lines(status)[:5])
    elif status.last_ok is None:
        text, tooltip, warning = tr("Chưa đồng bộ lần nào"), status.target, False
    else:
        when = (
            clock_time(status.last_ok)
            if _same_day(status.last_ok, now)
            else clock_time_and_date(status.last_ok)
        )
        text = tr("Đã đồng bộ lúc {t}").format(t=when)
        tooltip, warning = status.target, False
    if waiting:
        text = f"{text} · {waiting}"
    tooltip = "\n".join(p for p in (tooltip, hint) if p)
    return StatusLine(text, tooltip, warning)


def _duration_text(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 60:
        return tr("{s} giây").format(s=f"{seconds:.1f}".replace(".", ","))
    minutes, rest = divmod(round(seconds), 60)
    return tr("{m} phút {s} giây").format(m=minutes, s=rest)


def offset_seconds(offset: object) -> float | None:
    """The probe's clock offset in seconds (it may be a timedelta or a number)."""
    if isinstance(offset, dt.timedelta):
        return offset.total_seconds()
    if isinstance(offset, int | float):
        return float(offset)
    return None


def clock_offset_text(offset: object) -> str:
    """ "đồng hồ máy này nhanh 2,5 giây so với máy chủ", or that they agree."""
    seconds = offset_seconds(offset)
    if seconds is None:
        return ""
    if abs(seconds) < 0.5:
        return tr("đồng hồ máy này khớp với máy chủ")
    if seconds > 0:
        return tr("đồng hồ máy này nhanh {d} so với máy chủ").format(d=_duration_text(seconds))
    return tr("đồng hồ máy này chậm {d} so với máy chủ").format(d=_duration_text(seconds))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def probe_verdict_html(
    ok: bool, problems: list[str], clock_offset: object, round_trip: object
) -> str:
    """The probe's verdict as rich text: green when the target can be used, red with why not."""
    if ok:
        details = [tr("tạo tệp nguyên tử đúng (dùng được để cấp số văn bản)")]
        offset = clock_offset_text(clock_offset)
        if offset:
            details.append(offset)
        if isinstance(round_trip, int | float):
            details.append(tr("thời gian phản hồi {ms} ms").format(ms=round(round_trip)))
        head = html.escape(tr("Máy chủ dùng được."))
        return f'<b style="color:{OK_COLOUR}">{head}</b> ' + html.escape(
            _sentence("; ".join(details))
        )
    head = html.escape(tr("Không dùng được máy chủ này:"))
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems) or "<li>?</li>"
    return f'<b style="color:{BAD_COLOUR}">{head}</b><ul style="margin:0">{items}</ul>'
