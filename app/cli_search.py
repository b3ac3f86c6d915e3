"""Command line for search (Tìm kiếm):

    ward-office search "query" --space DIR --as LOGIN [--json] [--kind incoming ...] [--limit N]
    ward-office index rebuild --space DIR
    ward-office index files --space DIR

`search` finds only what LOGIN may see, so it checks LOGIN's password (from
WARD_OFFICE_PASSWORD or a prompt); it needs no signing key, so it works on any PC of the
space. `index rebuild` makes the index again from the documents and reads the text of every
file not read yet; `index files` only reads those files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.i18n import tr
from app.services.search_dto import KIND_LABELS, SearchFilter, SearchHit, SearchKind
from app.services.space import Space, default_space_dir, open_space
from app.timeutil import fmt_date


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `search` and `index rebuild|files` to `ward-office`'s parser."""
    search = sub.add_parser("search", help=tr("tìm văn bản, công việc, lịch công tác"))
    search.add_argument("query", help=tr("từ cần tìm, có dấu hoặc không dấu"))
    search.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    search.add_argument("--as", dest="login", required=True, help=tr("tên đăng nhập"))
    search.add_argument("--json", action="store_true", help=tr("in dạng JSON"))
    search.add_argument(
        "--kind",
        action="append",
        choices=[k.value for k in SearchKind],
        help=tr("chỉ tìm loại này (có thể nhắc lại)"),
    )
    search.add_argument("--limit", type=int, default=50, help=tr("số kết quả tối đa"))
    idx = sub.add_parser("index", help=tr("chỉ mục tìm kiếm")).add_subparsers(
        dest="action", required=True
    )
    rebuild = idx.add_parser("rebuild", help=tr("tạo lại toàn bộ chỉ mục tìm kiếm"))
    rebuild.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    files = idx.add_parser("files", help=tr("đọc nội dung các tệp chưa được đọc"))
    files.add_argument("--space", type=Path, default=argparse.SUPPRESS)


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """The JSON form of a result (a stable interface for scripts)."""
    return {
        "kind": hit.kind.value,
        "id": hit.id,
        "title": hit.title,
        "snippet": hit.snippet,
        "date": hit.day.isoformat() if hit.day else None,
        "state": hit.state,
        "week": hit.week_id or None,
    }


def _open(args: argparse.Namespace) -> Space:
    return open_space(getattr(args, "space", None) or default_space_dir())


def cmd_search(args: argparse.Namespace) -> int:
    """`search`: the results the user would see in the search box, best first."""
    from app.cli import _password

    space = _open(args)
    try:
        prompt = tr("Mật khẩu của {login}: ").format(login=args.login)
        # reading needs the user's identity, not this PC's signing key: check the password only
        space.auth.set(space.directory.authenticate(args.login, _password(prompt)))
        flt = SearchFilter(kinds=frozenset(SearchKind(k) for k in args.kind or ()))
        page = space.search.search(args.query, flt, limit=max(1, min(args.limit, 500)))
    finally:
        space.close()
    if args.json:
        print(json.dumps([hit_json(h) for h in page.hits], ensure_ascii=False, indent=2))
        return 0
    if not page.hits:
        print(tr("Không tìm thấy kết quả nào."))
        return 0
    for hit in page.hits:
        print(f"{tr(KIND_LABELS[hit.kind])} · {fmt_date(hit.day)} · {hit.title}")
        if hit.snippet:
            print(f"    {hit.snippet}")
    return 0


def _read_files(space: Space) -> tuple[int, int, int]:
    read = ocr = failed = 0
    while True:
        report = space.search.index_pending_files(batch=50)
        read, ocr, failed = read + report.read, ocr + report.needs_ocr, failed + report.failed
        progress = report.read + report.needs_ocr + report.failed + report.refreshed
        if report.remaining == 0 or progress == 0:
            return read, ocr, failed


def cmd_index(args: argparse.Namespace) -> int:
    """`index rebuild` and `index files`."""
    space = _open(args)
    try:
        if args.action == "rebuild":
            n = space.search.rebuild()
            print(tr("Đã tạo lại chỉ mục tìm kiếm: {n} mục.").format(n=n))
        read, ocr, failed = _read_files(space)
    finally:
        space.close()
    print(
        tr(
            "Đã đọc nội dung {read} tệp; {ocr} bản quét chờ nhận dạng chữ; {failed} tệp lỗi."
        ).format(read=read, ocr=ocr, failed=failed)
    )
    return 0


COMMANDS = {"search": cmd_search, "index": cmd_index}
