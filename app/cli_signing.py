"""Command line for signatures: `validate FILE.pdf [--json]` and the outgoing lists.

`validate` exits 0 when every signature is intact, 1 when one is not (or the file has none),
2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.i18n import tr
from app.services.outgoing_dto import STATE_LABELS, OutgoingBox, OutgoingRow
from app.services.space import default_space_dir, open_space
from app.signing.validate import inspect_pdf_signatures, load_trust_roots, report_json
from app.timeutil import fmt_date


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `validate` and `outgoing list` to `ward-office`'s parser."""
    val = sub.add_parser("validate", help=tr("kiểm tra chữ ký số của một tệp PDF"))
    val.add_argument("file", type=Path)
    val.add_argument("--json", action="store_true", help=tr("in kết quả dạng JSON"))
    val.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        help=tr("tệp chứng thư gốc tin cậy (.cer/.crt/.p7b); có thể lặp lại"),
    )
    val.add_argument(
        "--space",
        type=Path,
        default=argparse.SUPPRESS,
        help=tr("dùng các chứng thư gốc tin cậy của không gian làm việc này"),
    )

    out = sub.add_parser("outgoing", help=tr("văn bản đi")).add_subparsers(
        dest="action", required=True
    )
    lst = out.add_parser("list", help=tr("liệt kê văn bản đi"))
    lst.add_argument("--box", choices=[b.value for b in OutgoingBox], default="issued")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    lst.add_argument("--as", dest="login", help=tr("tên đăng nhập"))


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every signature of a PDF; print a report (or JSON)."""
    try:
        data = args.file.read_bytes()
    except OSError:
        print(tr("Lỗi: không đọc được tệp {name}.").format(name=args.file), file=sys.stderr)
        return 2
    roots = load_trust_roots(args.trust)
    space_dir = getattr(args, "space", None)
    if space_dir is not None:
        space = open_space(space_dir)
        try:
            roots += space.signing.trust_root_certificates()
        finally:
            space.close()
    infos = inspect_pdf_signatures(data, roots)
    if args.json:
        print(json.dumps(report_json(infos), ensure_ascii=False, indent=2))
    elif not infos:
        print(tr("Tệp không có chữ ký số."))
    else:
        for i, info in enumerate(infos, 1):
            when = info.signed_at.isoformat() if info.signed_at else "?"
            print(f"{i}. {info.signer} — {when}")
            print(f"   {info.summary}")
    return 0 if infos and all(i.intact for i in infos) else 1


def _row_json(row: OutgoingRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": str(row.state),
        "code": row.code,
        "doc_type": row.doc_type,
        "summary": row.summary,
        "signer": row.signer,
        "issued_date": row.issued_date.isoformat() if row.issued_date else None,
        "number": row.number,
        "year": row.year,
    }


def cmd_outgoing(args: argparse.Namespace) -> int:
    """`outgoing list`: one of the outgoing lists, as the user sees it."""
    from app.cli import READER, _password

    space = open_space(getattr(args, "space", None) or default_space_dir())
    try:
        if args.login:
            prompt = tr("Mật khẩu của {login}: ").format(login=args.login)
            space.sign_in(args.login, _password(prompt))
        else:
            space.auth.set(READER)
        rows = space.outgoing.rows(OutgoingBox(args.box), limit=100_000)
    finally:
        space.close()
    if args.json:
        print(json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        day = fmt_date(r.issued_date) if r.issued_date else ""
        print(f"{r.code}\t{day}\t{tr(STATE_LABELS[r.state])}\t{r.summary}")
    return 0


COMMANDS = {"validate": cmd_validate, "outgoing": cmd_outgoing}
