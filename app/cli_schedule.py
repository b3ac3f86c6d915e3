"""Command line for the weekly work schedule (read-only, no sign-in needed).

    ward-office schedule export --week 2026-W48 --format docx|pdf|ics|html --out FILE
    ward-office schedule show [--week 2026-W48] [--json]

A malformed week, a week without entries, an unknown format or a file that cannot be written
get a Vietnamese message and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.i18n import tr
from app.services.schedule_dto import (
    SESSION_LABELS,
    STATE_LABELS,
    EntryView,
    ExportFormat,
    day_label,
    monday_of,
    week_label,
)
from app.services.space import default_space_dir, open_space


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `schedule export` and `schedule show` to `ward-office`'s parser."""
    sched = sub.add_parser("schedule", help=tr("lịch công tác tuần")).add_subparsers(
        dest="action", required=True
    )
    exp = sched.add_parser("export", help=tr("xuất lịch một tuần ra DOCX, PDF, ICS hoặc HTML"))
    exp.add_argument("--week", required=True, help=tr("tuần dạng 2026-W48"))
    exp.add_argument("--format", dest="fmt", required=True, help=tr("docx, pdf, ics hoặc html"))
    exp.add_argument("--out", type=Path, required=True, help=tr("tệp sẽ ghi"))
    exp.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    show = sched.add_parser("show", help=tr("in lịch một tuần"))
    show.add_argument("--week", help=tr("tuần dạng 2026-W48 (mặc định: tuần này)"))
    show.add_argument("--json", action="store_true", help=tr("in dạng JSON"))
    show.add_argument("--space", type=Path, default=argparse.SUPPRESS)


def _format(text: str) -> ExportFormat:
    try:
        return ExportFormat(text.strip().lower())
    except ValueError:
        raise ValidationError(
            tr("Định dạng '{fmt}' không hỗ trợ; hãy chọn docx, pdf, ics hoặc html.").format(
                fmt=text[:20]
            )
        ) from None


def entry_json(entry: EntryView) -> dict[str, Any]:
    """The JSON form of an entry (a stable interface for scripts)."""
    return {
        "id": entry.id,
        "day": entry.day.isoformat(),
        "session": str(entry.session),
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "content": entry.content,
        "chair": entry.chair.name if entry.chair else None,
        "participants": entry.participants_text,
        "location": entry.location,
        "preparing_unit": entry.preparing_unit.name if entry.preparing_unit else None,
        "note": entry.note,
        "separate_invitation": entry.separate_invitation,
        "cancelled": entry.cancelled,
        "amendment": entry.amendment,
        "series_id": entry.series_id,
    }


def cmd_schedule(args: argparse.Namespace) -> int:
    """`schedule export` and `schedule show`."""
    week = getattr(args, "week", None)
    if week is not None:
        monday_of(week)  # a readable error before the space is opened
    fmt = _format(args.fmt) if args.action == "export" else None
    space = open_space(getattr(args, "space", None) or default_space_dir())
    try:
        svc = space.schedule
        week = week or svc.current_week_id()
        if fmt is not None:
            n = svc.export(week, fmt, args.out)
            print(
                tr("Đã xuất {n} lịch của {week} vào {path}").format(
                    n=n, week=week_label(week), path=args.out
                )
            )
            return 0
        view = svc.week(week)
    finally:
        space.close()
    if args.json:
        data = {
            "week": view.id,
            "state": str(view.state),
            "version": view.version,
            "entries": [entry_json(e) for e in view.entries],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{view.label} — {tr(STATE_LABELS[view.state])}")
    for e in view.entries:
        mark = " (" + tr("Hủy") + ")" if e.cancelled else ""
        chair = e.chair.title if e.chair else ""
        print(
            f"{day_label(e.day)}  {tr(SESSION_LABELS[e.session]):<5} {e.time_text:<11} "
            f"{e.content}{mark} — {chair}"
        )
    return 0


COMMANDS = {"schedule": cmd_schedule}
