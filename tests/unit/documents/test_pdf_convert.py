"""DOCX → PDF with LibreOffice: a real conversion, and every way it can fail."""

from __future__ import annotations

import io
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from app.documents.pdf_convert import ConversionError, docx_to_pdf, soffice_path
from app.errors import UserError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake soffice is a shell script")


def need_soffice() -> None:
    """Skip locally, fail under CI, when LibreOffice is not installed (as signing tests do)."""
    if soffice_path() is None:
        message = "LibreOffice (soffice) is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def small_docx(text: str = "Ủy ban nhân dân phường Gia Thụy") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fake_office(folder: Path, script: str) -> Path:
    """A `soffice` on PATH that runs `script` (sh) instead of LibreOffice."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.fixture
def only_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """PATH is one empty folder; tests put a fake `soffice` there."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie waiting for its reaper does not count)."""
    stat_file = Path(f"/proc/{pid}/stat")
    if stat_file.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat_file.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def conversion() -> tuple[bytes, list[str]]:
    """One real conversion, with TMPDIR redirected to see what is left behind."""
    need_soffice()
    with tempfile.TemporaryDirectory() as scratch, pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", scratch)
        patch.setattr(tempfile, "tempdir", None)
        pdf = docx_to_pdf(small_docx())
        left = sorted(os.listdir(scratch))
    return pdf, left


def test_converts_a_docx_to_a_pdf_with_the_text(conversion: tuple[bytes, list[str]]) -> None:
    pdf, _left = conversion

    assert pdf.startswith(b"%PDF")
    document = pdfium.PdfDocument(pdf)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "Ủy ban nhân dân phường Gia Thụy" in text


def test_nothing_is_left_in_the_temp_folder(conversion: tuple[bytes, list[str]]) -> None:
    _pdf, left = conversion

    assert left == []


def test_corrupt_docx_gives_a_conversion_error() -> None:
    need_soffice()

    with pytest.raises(ConversionError) as caught:
        docx_to_pdf(b"PK\x03\x04 this is not really a Word file")

    assert caught.value.reason == "no_output"
    assert "LibreOffice không tạo ra tệp PDF" in caught.value.message
    assert isinstance(caught.value, UserError)


def test_missing_libreoffice_says_so_in_vietnamese(
    only_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)

    assert soffice_path() is None
    with pytest.raises(ConversionError) as caught:
        docx_to_pdf(small_docx())

    assert caught.value.reason == "missing"
    assert "Máy này chưa cài LibreOffice" in caught.value.message
    assert "hãy tải lên tệp PDF" in caught.value.message


def test_missing_libreoffice_with_the_real_path_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)

    assert soffice_path() is None


@posix_only
def test_libreoffice_named_libreoffice_is_found(only_path: Path) -> None:
    program = only_path / "libreoffice"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)

    assert soffice_path() == str(program)


@posix_only
def test_non_zero_exit_gives_the_code_and_what_it_printed(only_path: Path) -> None:
    fake_office(only_path, 'echo "javaldx: could not find a Java Runtime" >&2\nexit 3')

    with pytest.raises(ConversionError) as caught:
        docx_to_pdf(small_docx())

    assert caught.value.reason == "failed"
    assert "mã 3" in caught.value.message
    assert "could not find a Java Runtime" in caught.value.message


@posix_only
def test_exit_zero_without_a_pdf_is_an_error(only_path: Path) -> None:
    fake_office(only_path, "echo 'Error: source file could not be loaded'\nexit 0")

    with pytest.raises(ConversionError) as caught:
        docx_to_pdf(small_docx())

    assert caught.value.reason == "no_output"
    assert "source file could not be loaded" in caught.value.message


@posix_only
def test_the_command_line_uses_a_private_profile_and_the_temp_folder(
    only_path: Path, tmp_path: Path
) -> None:
    record = tmp_path / "args.txt"
    fake_office(
        only_path,
        f'printf "%s\\n" "$@" > "{record}"\n'
        'for last; do :; done\nout="${last%/*}/out"\n'
        'printf "%%PDF-1.7 fake" > "$out/van-ban.pdf"',
    )

    assert docx_to_pdf(small_docx()) == b"%PDF-1.7 fake"

    args = record.read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["--headless", "--norestore"]
    profile = args[2].removeprefix("-env:UserInstallation=")
    assert profile.startswith("file://")
    assert args[3:6] == ["--convert-to", "pdf", "--outdir"]
    work = Path(args[-1]).parent
    assert profile.endswith(f"{work.name}/profile")
    assert not work.exists()  # the temp folder is gone


@posix_only
def test_timeout_kills_libreoffice_and_its_children(only_path: Path, tmp_path: Path) -> None:
    pids = tmp_path / "pids.txt"
    sleep = shutil.which("sleep", path=os.defpath)
    assert sleep is not None
    fake_office(only_path, f'{sleep} 60 &\necho $! >> "{pids}"\necho $$ >> "{pids}"\nwait')

    began = time.monotonic()
    with pytest.raises(ConversionError) as caught:
        docx_to_pdf(small_docx(), timeout_s=1)

    assert time.monotonic() - began < 10
    assert caught.value.reason == "timeout"
    assert "quá 1 giây" in caught.value.message
    started = [int(line) for line in pids.read_text().split()]
    assert len(started) == 2
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in started)  # the shell and its child are gone
