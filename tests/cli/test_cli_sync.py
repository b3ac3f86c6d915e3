"""The sync commands as an admin runs them: init with a target, join, approve, sync, verify."""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.cli.test_cli import run


def _ok(*args: str, timeout: float = 120) -> str:
    done = run(*args, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_second_pc_joins_and_converges(tmp_path: Path) -> None:
    server = tmp_path / "server"
    server.mkdir()
    url = server.as_uri()
    first, second = tmp_path / "pc1", tmp_path / "pc2"
    _ok("init", "--space", str(first), "--target", url, "--org-name", "UBND phường Gia Thụy",
        "--place", "Gia Thụy")  # fmt: skip
    assert (server / "space.json").is_file()
    assert "dùng được" in _ok("target", "probe", url)
    joined = _ok("join", "--space", str(second), "--target", url, "--login", "admin")
    code = joined.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "Đã duyệt" in _ok("device", "approve", code, "--space", str(first))
    _ok("sync", "--space", str(second))
    assert "Đã gửi" in _ok("sync", "--space", str(first), "--as", "admin")
    hashes = {_ok("state-hash", "--space", str(root)).strip() for root in (first, second)}
    assert len(hashes) == 1
    assert "thao tác của" in _ok("verify", "--space", str(second))
    listing = _ok("device", "list", "--space", str(first))
    assert "(máy này)" in listing
    assert len(listing.strip().splitlines()) == 2
    again = run("device", "approve", code, "--space", str(first))
    assert again.returncode == 2
    assert "đã" in again.stderr


def test_init_with_demo_data_on_a_target(tmp_path: Path) -> None:
    server = tmp_path / "server"
    server.mkdir()
    started = time.monotonic()
    demo = tmp_path / "demo"
    _ok("init", "--space", str(demo), "--target", server.as_uri(), "--demo", timeout=240)
    assert time.monotonic() - started < 240
    segments = list((server / "ops").rglob("0*"))
    assert segments
    assert any((server / "claims" / "incoming").rglob("000001"))
    assert any((server / "blobs").rglob("*"))


def test_bad_targets_get_a_clear_message_and_a_non_zero_exit(tmp_path: Path) -> None:
    missing = (tmp_path / "not-mounted").as_uri()
    probe = run("target", "probe", missing)
    assert probe.returncode == 2
    assert "Không truy cập được thư mục đồng bộ" in probe.stderr
    bad = run("target", "probe", "webdav://example/x")
    assert bad.returncode == 2
    assert "Lỗi:" in bad.stderr
    server = tmp_path / "server"
    server.mkdir()
    space = tmp_path / "pc"
    _ok("init", "--space", str(space), "--target", server.as_uri(), "--org-name", "UBND phường A",
        "--place", "A")  # fmt: skip
    server.rename(tmp_path / "unplugged")
    offline = run("sync", "--space", str(space))
    assert offline.returncode == 2
    assert "Không truy cập được" in offline.stderr
