"""Command line for the shared target: join, device approve/revoke/list, sync, probe, verify.

Exit codes: 0 done; 1 done, but some items need attention (printed on stderr); 2 failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.errors import UserError
from app.i18n import tr
from app.models.enums import Role
from app.services.space import Space, default_space_dir, open_space
from app.services.verify import verify_space
from app.sync.probe import probe
from app.sync.target import TargetError
from app.sync.urls import open_target
from app.timeutil import SystemClock


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the sync commands to `ward-office`'s parser."""
    join = sub.add_parser("join", help=tr("cho máy này tham gia một không gian trên máy chủ"))
    join.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    join.add_argument("--target", required=True, help=tr("địa chỉ máy chủ đồng bộ"))
    join.add_argument("--login", required=True, help=tr("tên đăng nhập của người dùng máy này"))
    join.add_argument("--label", default="", help=tr("tên máy, ví dụ 'Máy văn thư'"))

    dev = sub.add_parser("device", help=tr("các máy của không gian làm việc")).add_subparsers(
        dest="action", required=True
    )
    approve = dev.add_parser("approve", help=tr("duyệt máy xin tham gia bằng mã"))
    approve.add_argument("code")
    revoke = dev.add_parser("revoke", help=tr("thu hồi một máy bị mất hoặc thôi dùng"))
    revoke.add_argument("device_id")
    revoke.add_argument("--reason", default="")
    listing = dev.add_parser("list", help=tr("liệt kê các máy"))
    for p in (approve, revoke, listing):
        p.add_argument("--space", type=Path, default=argparse.SUPPRESS)
        p.add_argument("--as", dest="login", help=tr("tên đăng nhập của quản trị viên"))

    sync = sub.add_parser("sync", help=tr("đồng bộ một lần với máy chủ"))
    sync.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    sync.add_argument("--as", dest="login", help=tr("đăng nhập để cấp số cho văn bản chờ cấp số"))

    target = sub.add_parser("target", help=tr("máy chủ đồng bộ")).add_subparsers(
        dest="action", required=True
    )
    pr = target.add_parser("probe", help=tr("kiểm tra máy chủ đồng bộ có dùng được không"))
    pr.add_argument("url")

    ver = sub.add_parser("verify", help=tr("kiểm tra chuỗi nhật ký, chữ ký, tệp và phiếu cấp số"))
    ver.add_argument("--space", type=Path, default=argparse.SUPPRESS)

    snap = sub.add_parser("snapshot", help=tr("đưa bản chụp dữ liệu lên máy chủ"))
    snap.add_argument("--space", type=Path, default=argparse.SUPPRESS)
    snap.add_argument("--as", dest="login", required=True)


def _root(args: argparse.Namespace) -> Path:
    return getattr(args, "space", None) or default_space_dir()


def _admin_login(space: Space, login: str | None) -> str:
    if login:
        return login
    admins = sorted(u.login for u in space.directory.users_with_role(Role.ADMIN))
    if not admins:
        raise UserError(tr("Không gian làm việc chưa có quản trị viên."))
    return admins[0]


def _sign_in(space: Space, login: str) -> None:
    from app.cli import _password  # cli imports this module

    space.sign_in(login, _password(tr("Mật khẩu của {login}: ").format(login=login)))


def _problems(problems: list[str]) -> int:
    for text in problems:
        print(tr("Cần chú ý: {p}").format(p=text), file=sys.stderr)
    return 1 if problems else 0


def cmd_join(args: argparse.Namespace) -> int:
    """`join`: a local space from the target, an enrolment request, and its code last."""
    from app.cli import _password
    from app.services.join import join_space

    password = _password(tr("Mật khẩu của {login}: ").format(login=args.login))
    joined = join_space(_root(args), args.target, args.login, password, label=args.label)
    try:
        report = joined.space.sync.sync_once()
        print(tr("Đã nhận {n} thao tác từ máy chủ.").format(n=report.pulled))
    except UserError as exc:
        print(tr("Chưa đồng bộ được: {e}").format(e=exc.message), file=sys.stderr)
    finally:
        joined.space.close()
    if joined.from_snapshot:
        print(tr("Đã dùng bản chụp dữ liệu trên máy chủ."))
    print(tr("Nhờ quản trị viên duyệt máy này bằng mã sau (ward-office device approve MÃ):"))
    print(joined.code)
    return 0


def cmd_device(args: argparse.Namespace) -> int:
    """`device approve|revoke|list`."""
    space = open_space(_root(args))
    try:
        if args.action == "list":
            for d in space.sync.devices():
                state = tr("đã thu hồi") if d.revoked else tr("đang dùng")
                mine = tr(" (máy này)") if d.this_device else ""
                print(f"{d.id}  {d.label:<24}  {d.login:<16}  {state}{mine}")
            return 0
        login = _admin_login(space, args.login)
        _sign_in(space, login)
        if args.action == "approve":
            info = space.sync.approve(args.code)
            print(tr("Đã duyệt máy {label} ({login}).").format(label=info.label, login=info.login))
        else:
            space.sync.revoke(args.device_id, args.reason)
            print(tr("Đã thu hồi máy {id}.").format(id=args.device_id))
        report = space.sync.sync_once()
        return _problems(report.problems)
    finally:
        space.close()


def cmd_sync(args: argparse.Namespace) -> int:
    """`sync`: one round; non-zero on failure."""
    space = open_space(_root(args))
    try:
        if args.login:
            _sign_in(space, args.login)
        report = space.sync.sync_once()
        print(
            tr("Đã gửi {up} và nhận {down} thao tác; cấp {n} số; lấy {b} tệp.").format(
                up=report.pushed, down=report.pulled, n=report.numbered, b=report.blobs
            )
        )
        return _problems(report.problems)
    finally:
        space.close()


def cmd_target(args: argparse.Namespace) -> int:
    """`target probe URL`: the capability probe's verdict."""
    target = open_target(args.url)
    try:
        result = probe(target, SystemClock().now())
    finally:
        target.close()
    if result.ok:
        offset = result.clock_offset.total_seconds()
        print(
            tr(
                "Máy chủ {url} dùng được: tạo tệp nguyên tử, đồng hồ lệch {s:+.1f} giây, "
                "{ms:.0f} ms."
            ).format(url=target.display_url, s=offset, ms=result.round_trip_ms)
        )
        return 0
    for text in result.problems:
        print(text, file=sys.stderr)
    raise TargetError(tr("Không dùng được máy chủ {url}.").format(url=target.display_url))


def cmd_verify(args: argparse.Namespace) -> int:
    """`verify`: chains, signatures, files and claims, here and on the target."""
    space = open_space(_root(args))
    try:
        target = space.target()
        with space.db.read() as s:
            report = verify_space(s, space.blobs, target)
        print(
            tr(
                "Đã kiểm tra {ops} thao tác của {dev} máy, {blobs} tệp, {seg} đoạn nhật ký, "
                "{claims} phiếu cấp số."
            ).format(
                ops=report.ops,
                dev=report.devices,
                blobs=report.blobs,
                seg=report.segments,
                claims=report.claims,
            )
        )
        return _problems(report.problems) * 2  # a broken archive is a failure
    finally:
        space.close()


def cmd_snapshot(args: argparse.Namespace) -> int:
    """`snapshot`: publish a snapshot of this device's store now."""
    space = open_space(_root(args))
    try:
        _sign_in(space, args.login)
        space.sync.sync_once()
        manifest = space.sync.make_snapshot()
        if manifest is None:
            raise UserError(tr("Còn thao tác chưa gửi lên máy chủ; hãy đồng bộ rồi thử lại."))
        print(
            tr("Đã đưa bản chụp số {n} ({ops} thao tác, {mb:.1f} MB) lên máy chủ.").format(
                n=manifest.slot, ops=manifest.ops, mb=manifest.size / 1e6
            )
        )
        return 0
    finally:
        space.close()


COMMANDS = {
    "join": cmd_join,
    "device": cmd_device,
    "sync": cmd_sync,
    "target": cmd_target,
    "verify": cmd_verify,
    "snapshot": cmd_snapshot,
}
