"""`ward-office validate FILE.pdf --json` in a real process: the report scripts rely on."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.signing.appearance import LeaderAppearance
from app.signing.demo_pki import DemoKeyFiles, write_demo_files
from app.signing.fields import LEADER_FIELD, SignatureField, add_signature_fields
from app.signing.sign import sign_pdf
from app.signing.signers import load_pkcs12_file

PASSWORD = "mật-khẩu"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoKeyFiles]:
    """A one-page document signed by a demo leader."""
    folder = tmp_path_factory.mktemp("validate")
    keys = write_demo_files(
        folder / "keys",
        password=PASSWORD,
        organisation="UBND phường Gia Thụy",
        place="Gia Thụy",
        people=[("chutich", "Trần Văn Nam")],
    )
    pdf = render_pdf(
        DemoDocument(
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
            "UBND phường Gia Thụy",
            "07/QĐ-UBND",
            "Gia Thụy",
            dt.date(2026, 11, 20),
            "Quyết định",
            "Về việc thử",
            ["Nội dung."],
            "CHỦ TỊCH",
            "Trần Văn Nam",
            ["Lưu: VT."],
        )
    )
    pdf = add_signature_fields(pdf, [SignatureField(LEADER_FIELD, 0, (350, 200, 510, 260))])
    signer = load_pkcs12_file(keys.pkcs12["chutich"], PASSWORD)
    image = keys.signature_images["chutich"].read_bytes()
    path = folder / "signed.pdf"
    path.write_bytes(sign_pdf(pdf, LEADER_FIELD, signer, LeaderAppearance(image)))
    return path, keys


def test_json_report_of_an_intact_signature(signed: tuple[Path, DemoKeyFiles]) -> None:
    path, keys = signed
    out = run("validate", str(path), "--json")
    assert out.returncode == 0, out.stderr
    [sig] = json.loads(out.stdout)["signatures"]
    assert sig["signer"] == "Trần Văn Nam"
    assert sig["signed_at"].endswith("+07:00")
    assert (sig["intact"], sig["trusted"], sig["modification"]) == (True, False, "none")
    trusted = run("validate", str(path), "--json", "--trust", str(keys.ca_certificate))
    assert json.loads(trusted.stdout)["signatures"][0]["trusted"] is True


def test_a_changed_file_is_reported_and_exits_non_zero(
    signed: tuple[Path, DemoKeyFiles], tmp_path: Path
) -> None:
    data = bytearray(signed[0].read_bytes())
    at = (
        data.index(b"stream\n", 200) + 20
    )  # inside the first page's content, covered by the signature
    data[at] = data[at] ^ 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    out = run("validate", str(changed), "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["signatures"][0]["intact"] is False


def test_a_corrupt_pdf_gets_a_vietnamese_message(tmp_path: Path) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really a pdf")
    out = run("validate", str(bad), "--json")
    assert out.returncode == 2
    assert "Tệp PDF bị hỏng" in out.stderr
