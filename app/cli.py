"""Command line for admins and automation, on the same services as the GUI.

Commands that change data act as a user of the space (`--as LOGIN`); the password comes from
WARD_OFFICE_PASSWORD or a prompt, never from the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import __version__, cli_schedule, cli_search, cli_signing, cli_sync
from app.errors import AuthError, UserError, ValidationError
from app.i18n import tr
from app.models.enums import Role, Source
from app.services.auth import CurrentUser
from app.services.directory import OrganisationInfo
from app.services.incoming import validate_draft
from app.services.incoming_dto import Box, IncomingDraft, IncomingFilter, IncomingRow
from app.services.space import AdminInfo, Space, create_space, default_space_dir, open_space
from app.services.state_hash import state_hash
from app.sync.target import TargetError
from app.sync.urls import create_target_home
from app.timeutil import today_vn

READER = CurrentUser("", "", "(dòng lệnh)", "", None, frozenset({Role.ADMIN}))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `ward-office`."""
    p = argparse.ArgumentParser(prog="ward-office", description=tr("Văn phòng điện tử phường"))
    p.add_argument("--version", action="version", version=f"ward-office {__version__}")
    p.add_argument(
        "--space", type=Path, help=tr("thư mục không gian làm việc (mặc định: của người dùng)")
    )
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help=tr("tạo không gian làm việc mới"))
    _space(init)
    init.add_argument(
        "--org-name", default="", help=tr("tên cơ quan, ví dụ 'UBND phường Gia Thụy'")
    )
    init.add_argument("--org-abbr", default="UBND", help=tr("chữ viết tắt dùng trong ký hiệu"))
    init.add_argument("--place", default="", help=tr("địa danh ghi ở dòng ngày tháng"))
    init.add_argument("--parent", default="", help=tr("cơ quan chủ quản"))
    init.add_argument("--code", default="", help=tr("mã định danh của cơ quan"))
    init.add_argument("--admin-login", default="admin")
    init.add_argument("--admin-name", default="Quản trị hệ thống")
    init.add_argument("--demo", action="store_true", help=tr("tạo kèm dữ liệu mẫu"))
    init.add_argument(
        "--target", help=tr("máy chủ đồng bộ: file:///... hoặc s3://bucket/...?endpoint=...")
    )

    demo = sub.add_parser("demo", help=tr("tạo không gian làm việc với dữ liệu mẫu"))
    _space(demo)

    inc = sub.add_parser("incoming", help=tr("văn bản đến")).add_subparsers(
        dest="action", required=True
    )
    add = inc.add_parser("add", help=tr("đưa tệp vào hàng chờ và, nếu có --meta, vào sổ"))
    add.add_argument("file", type=Path)
    _space(add)
    _actor(add)
    add.add_argument("--meta", help=tr("thông tin vào sổ dạng JSON"))
    add.add_argument("--allow-duplicate", action="store_true", help=tr("vẫn vào sổ khi nghi trùng"))
    lst = inc.add_parser("list", help=tr("liệt kê văn bản đến"))
    _space(lst)
    lst.add_argument("--json", action="store_true", help=tr("in dạng JSON"))
    lst.add_argument("--queue", action="store_true", help=tr("chỉ văn bản chờ vào sổ"))

    scan = sub.add_parser("scan-folder", help=tr("xem hoặc đặt thư mục máy quét của máy này"))
    scan.add_argument(
        "folder", type=Path, nargs="?", help=tr("thư mục mới (ví dụ một thư mục chia sẻ)")
    )
    _space(scan)

    sh = sub.add_parser("state-hash", help=tr("mã băm của toàn bộ dữ liệu"))
    _space(sh)

    reg = sub.add_parser("register", help=tr("sổ đăng ký")).add_subparsers(
        dest="action", required=True
    )
    exp = reg.add_parser("export", help=tr("xuất sổ ra DOCX"))
    exp.add_argument("kind", choices=["incoming", "outgoing"])
    exp.add_argument("--year", type=int, required=True)
    exp.add_argument("--out", type=Path, required=True)
    exp.add_argument("--confidential", action="store_true", help=tr("sổ văn bản mật"))
    _space(exp)
    _actor(exp, required=False)
    cli_sync.add_commands(sub)
    cli_signing.add_commands(sub)
    cli_schedule.add_commands(sub)
    cli_search.add_commands(sub)
    return p


def _space(p: argparse.ArgumentParser) -> None:
    p.add_argument("--space", type=Path, default=argparse.SUPPRESS)


def _actor(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    p.add_argument("--as", dest="login", required=required, help=tr("tên đăng nhập"))


def _password(prompt: str) -> str:
    value = os.environ.get("WARD_OFFICE_PASSWORD")
    if value:
        return value
    if not sys.stdin.isatty():
        raise AuthError(
            tr("Cần mật khẩu: đặt biến WARD_OFFICE_PASSWORD hoặc chạy trong cửa sổ lệnh.")
        )
    return getpass.getpass(prompt)


def _open(args: argparse.Namespace) -> Space:
    return open_space(args.space or default_space_dir())


def _sign_in(space: Space, login: str | None) -> None:
    if login:
        space.sign_in(login, _password(tr("Mật khẩu của {login}: ").format(login=login)))
    else:
        space.auth.set(READER)


def row_json(row: IncomingRow) -> dict[str, Any]:
    """The JSON form of a list row (a stable interface for scripts)."""

    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "id": row.id,
        "state": str(row.state),
        "year": row.year,
        "arrival_number": row.arrival_number,
        "arrival_date": iso(row.arrival_date),
        "code": row.code,
        "issuing_body": row.issuing_agency,
        "doc_type": row.doc_type,
        "summary": row.summary,
        "document_date": iso(row.document_date),
        "urgency": str(row.urgency),
        "confidentiality": str(row.confidentiality),
        "due_date": iso(row.due_date),
        "file_name": row.file_name,
        "overdue": row.overdue,
    }


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def cmd_init(args: argparse.Namespace) -> int:
    """`init`: a new space, empty or with demo data."""
    root = args.space or default_space_dir()
    if args.demo:
        from app.services.demo import DEMO_PASSWORD, create_demo_space

        space = create_demo_space(root)
        if args.target:
            space.sign_in("quantri", DEMO_PASSWORD)  # the demo admin publishes what it holds
    else:
        if not args.org_name or not args.place:
            raise ValidationError(tr("Cần --org-name và --place để tạo không gian làm việc."))
        org = OrganisationInfo(args.org_name, args.org_abbr, args.place, args.parent, args.code)
        admin = AdminInfo(args.admin_login, args.admin_name, _password(tr("Mật khẩu quản trị: ")))
        space = create_space(root, org, admin)
    print(tr("Đã tạo không gian làm việc ở {path}").format(path=root))
    try:
        if args.target:
            create_target_home(args.target)
            result = space.set_target(args.target)
            if not result.ok:
                for text in result.problems:
                    print(text, file=sys.stderr)
                raise TargetError(
                    tr(
                        "Không dùng được máy chủ {url}; không gian chỉ làm việc trên máy này."
                    ).format(url=args.target)
                )
            report = space.sync.sync_once()
            print(tr("Đã gửi {n} thao tác lên {url}.").format(n=report.pushed, url=args.target))
    finally:
        space.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """`demo`: a new space with the demo ward."""
    from app.services.demo import DEMO_PASSWORD, create_demo_space

    root = args.space or default_space_dir()
    space = create_demo_space(root)
    print(
        tr("Đã tạo dữ liệu mẫu ở {path}; mật khẩu của mọi người dùng: {pw}").format(
            path=root, pw=DEMO_PASSWORD
        )
    )
    space.close()
    return 0


def cmd_incoming(args: argparse.Namespace) -> int:
    """`incoming add` and `incoming list`."""
    space = _open(args)
    try:
        if args.action == "list":
            _sign_in(space, None)
            flt = IncomingFilter(box=Box.QUEUE if args.queue else Box.ALL)
            total = space.incoming.count(flt)
            rows = [
                row_json(r)
                for r in space.incoming.rows(
                    flt, sort="number", descending=False, limit=max(total, 1)
                )
            ]
            if args.json:
                _print_json(rows)
            else:
                for r in rows:
                    print(
                        f"{r['arrival_number'] or '-':>6}  {r['code']:<20}  "
                        f"{r['issuing_body'][:30]:<30}  {r['summary'][:60]}"
                    )
            return 0
        draft = None
        if args.meta:
            try:
                draft = IncomingDraft.from_json(json.loads(args.meta))
            except json.JSONDecodeError as exc:
                raise ValidationError(
                    tr("--meta không phải JSON hợp lệ: {e}").format(e=exc.msg)
                ) from exc
        if draft is not None:  # check the form before anything is written
            validate_draft(draft, today_vn(space.clock))
        _sign_in(space, args.login)
        doc_id = space.incoming.queue_file(args.file, source=Source.MANUAL)
        if draft is not None:
            try:
                space.incoming.register(doc_id, draft, allow_duplicate=args.allow_duplicate)
            except UserError:
                space.incoming.discard(doc_id, tr("Vào sổ bằng dòng lệnh không thành công"))
                raise
        _print_json(row_json(space.incoming.detail(doc_id).row))
        return 0
    finally:
        space.close()


def cmd_state_hash(args: argparse.Namespace) -> int:
    """`state-hash`: one line, the digest of the projection."""
    space = _open(args)
    try:
        with space.db.read() as s:
            print(state_hash(s))
    finally:
        space.close()
    return 0


def cmd_scan_folder(args: argparse.Namespace) -> int:
    """`scan-folder [FOLDER]`: print the watched folder, or set it (a device setting)."""
    space = _open(args)
    try:
        if args.folder is not None:
            if not args.folder.is_dir():
                raise ValidationError(
                    tr("Không có thư mục {path}.").format(path=args.folder), field="folder"
                )
            space.set_scan_folder(args.folder.resolve())
        print(space.scan_folder)
    finally:
        space.close()
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    """`register export incoming|outgoing`."""
    space = _open(args)
    try:
        _sign_in(space, args.login)
        queries = space.incoming if args.kind == "incoming" else space.outgoing
        n = queries.export_register(args.year, args.out, confidential=args.confidential)
        print(tr("Đã xuất {n} văn bản vào {path}").format(n=n, path=args.out))
    finally:
        space.close()
    return 0


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "incoming": cmd_incoming,
    "scan-folder": cmd_scan_folder,
    "state-hash": cmd_state_hash,
    "register": cmd_register,
    **cli_sync.COMMANDS,
    **cli_signing.COMMANDS,
    **cli_schedule.COMMANDS,
    **cli_search.COMMANDS,
}


def run(argv: Sequence[str]) -> int:
    """Run a command; UserErrors print a Vietnamese message and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(tr("Lỗi: {msg}").format(msg=exc.message), file=sys.stderr)
        return 2
