"""The `ward-office` command as an admin's script would run it (real processes, no OS keyring)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring.backends.fail
import pytest
from docx import Document

from app.models.enums import Role
from app.services.directory import UserInfo
from app.services.space import open_space

PASSWORD = "matkhau123"
META = {
    "code": "123/UBND-VP",
    "document_date": "18/11/2026",
    "issuing_agency": "UBND thành phố Hà Nội",
    "doc_type": "Công văn",
    "summary": "V/v triển khai dịch vụ công trực tuyến",
    "urgency": "urgent",
}


def run(
    *args: str, password: str | None = PASSWORD, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WARD_OFFICE_PASSWORD"}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # a bare Linux box
    if password is not None:
        env["WARD_OFFICE_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "ward"
    done = run(
        "init",
        "--space",
        str(root),
        "--org-name",
        "UBND phường Gia Thụy",
        "--place",
        "Gia Thụy",
        "--admin-login",
        "admin",
    )
    assert done.returncode == 0, done.stderr
    # the genesis admin's key file lets the admin add a clerk who may sign in on this PC
    sp = open_space(root, keyring_backend=keyring.backends.fail.Keyring())
    sp.sign_in("admin", PASSWORD)
    clerk = UserInfo("", "vanthu", "Nguyễn Thị Hoa", "Văn thư", None, frozenset({Role.CLERK}))
    sp.directory.create_user(clerk, PASSWORD)
    sp.close()
    return root


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.startswith("ward-office ")


def test_add_register_list_and_hash(space: Path, sample_pdf: Path, tmp_path: Path) -> None:
    # the admin is not a clerk: refused with a clear message, nothing written
    refused = run(
        "incoming",
        "add",
        str(sample_pdf),
        "--space",
        str(space),
        "--as",
        "admin",
        "--meta",
        json.dumps(META),
    )
    assert refused.returncode == 2
    assert "Văn thư" in refused.stderr
    assert json.loads(run("incoming", "list", "--space", str(space), "--json").stdout) == []

    before = run("state-hash", "--space", str(space)).stdout.strip()
    added = run(
        "incoming",
        "add",
        str(sample_pdf),
        "--space",
        str(space),
        "--as",
        "vanthu",
        "--meta",
        json.dumps(META),
    )
    assert added.returncode == 0, added.stderr
    doc = json.loads(added.stdout)
    assert (doc["arrival_number"], doc["code"], doc["state"]) == (1, "123/UBND-VP", "registered")
    listed = json.loads(run("incoming", "list", "--space", str(space), "--json").stdout)
    assert [(d["id"], d["issuing_body"], d["summary"]) for d in listed] == [
        (doc["id"], META["issuing_agency"], META["summary"])
    ]
    after = run("state-hash", "--space", str(space)).stdout.strip()
    assert len(after) == 64
    assert after != before
    assert run("state-hash", "--space", str(space)).stdout.strip() == after

    out = tmp_path / "so.docx"
    exported = run(
        "register",
        "export",
        "incoming",
        "--year",
        "2026",
        "--out",
        str(out),
        "--space",
        str(space),
        "--as",
        "vanthu",
    )
    assert exported.returncode == 0, exported.stderr
    cells = [c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "123/UBND-VP" in cells


@pytest.mark.parametrize(
    ("content", "meta", "message"),
    [
        (b"", META, "rỗng"),
        (b"%PDF-1.4\n1 0 obj garbage", META, "không trọn vẹn"),
        (b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n", META, "hỏng"),
        (b"%PDF-1.4 ok", {**META, "document_date": "01/01/2099"}, "tương lai"),
        (b"%PDF-1.4 ok", {**META, "summary": "x" * 501}, "500"),
        (b"%PDF-1.4 ok", {**META, "document_date": "31/02/2026"}, "không đúng dạng ngày"),
        (b"%PDF-1.4 ok", {**META, "colour": "red"}, "Trường không hợp lệ: colour"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_writes_nothing(
    space: Path, tmp_path: Path, content: bytes, meta: dict[str, str], message: str
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    before = run("state-hash", "--space", str(space)).stdout
    done = run(
        "incoming",
        "add",
        str(bad),
        "--space",
        str(space),
        "--as",
        "vanthu",
        "--meta",
        json.dumps(meta),
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert run("state-hash", "--space", str(space)).stdout == before
    assert bad.exists()


def test_wrong_password_unknown_user_and_missing_space(
    space: Path, sample_pdf: Path, tmp_path: Path
) -> None:
    wrong = run(
        "incoming",
        "add",
        str(sample_pdf),
        "--space",
        str(space),
        "--as",
        "vanthu",
        password="sai-mat-khau",
    )
    assert wrong.returncode == 2
    assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    unknown = run("incoming", "add", str(sample_pdf), "--space", str(space), "--as", "khong-co")
    assert unknown.returncode == 2
    assert "Sai tên đăng nhập" in unknown.stderr
    nopass = run(
        "incoming", "add", str(sample_pdf), "--space", str(space), "--as", "vanthu", password=None
    )
    assert nopass.returncode == 2
    assert "WARD_OFFICE_PASSWORD" in nopass.stderr
    missing = run("incoming", "list", "--space", str(tmp_path / "none"))
    assert missing.returncode == 2
    assert "Không tìm thấy không gian làm việc" in missing.stderr
    again = run("init", "--space", str(space), "--org-name", "X", "--place", "Y")
    assert again.returncode == 2
    assert "đã chứa" in again.stderr


def test_no_secret_in_plain_text_on_disk(space: Path) -> None:
    from app.journal.keys import private_hex  # noqa: F401  (the hex form is what would leak)

    with open(space / "space.json", encoding="utf-8") as fh:
        assert "genesis_key" in json.load(fh)  # the public key only
    blob = b"".join(p.read_bytes() for p in space.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in blob


def test_scan_folder_is_shown_and_set(space: Path, tmp_path: Path) -> None:
    shown = run("scan-folder", "--space", str(space))
    assert shown.stdout.strip() == str(space / "scan")
    share = tmp_path / "may quét"
    share.mkdir()
    assert run("scan-folder", str(share), "--space", str(space)).stdout.strip() == str(share)
    assert run("scan-folder", "--space", str(space)).stdout.strip() == str(share)
    missing = run("scan-folder", str(tmp_path / "không có"), "--space", str(space))
    assert missing.returncode == 2
    assert "Không có thư mục" in missing.stderr
    run("scan-folder", str(space / "scan"), "--space", str(space))
