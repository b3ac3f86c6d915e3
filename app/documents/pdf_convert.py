"""DOCX → PDF with LibreOffice (`soffice --headless --convert-to pdf`).

Every conversion runs in its own temporary folder with its own LibreOffice profile, so two
conversions at once (or a LibreOffice window the user has open) do not clash over the profile
lock. The folder is removed afterwards, whatever happened; a conversion that overruns its time
limit is killed with all its child processes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Literal

from app.errors import UserError
from app.i18n import tr

DEFAULT_TIMEOUT_S = 180.0
_DETAIL_CHARS = 300

Reason = Literal["missing", "timeout", "failed", "no_output"]


class ConversionError(UserError):
    """LibreOffice is missing or could not turn the file into a PDF; `reason` says which."""

    def __init__(self, message: str, *, reason: Reason) -> None:
        super().__init__(message)
        self.reason: Reason = reason


def soffice_path() -> str | None:
    """The LibreOffice program: `soffice` or `libreoffice` on PATH (on Windows, also the
    usual install folders); None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for env in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
            base = os.environ.get(env)
            candidate = Path(base, "LibreOffice", "program", "soffice.exe") if base else None
            if candidate is not None and candidate.is_file():
                return str(candidate)
    return None


def docx_to_pdf(docx: bytes, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The PDF LibreOffice makes of `docx`; raises `ConversionError` (in Vietnamese) if none."""
    return office_to_pdf(docx, "docx", timeout_s=timeout_s)


def office_to_pdf(data: bytes, suffix: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The PDF LibreOffice makes of an office file (`suffix` "docx", "xlsx"…), printed as it
    would be; raises `ConversionError` (in Vietnamese) if none."""
    office = soffice_path()
    if office is None:
        raise ConversionError(
            tr(
                "Máy này chưa cài LibreOffice nên không chuyển được văn bản Word sang PDF. "
                "Hãy cài LibreOffice, hoặc tự chuyển văn bản sang PDF rồi hãy tải lên tệp PDF."
            ),
            reason="missing",
        )
    with tempfile.TemporaryDirectory(prefix="ward-office-pdf-") as work:
        folder = Path(work)
        source = folder / f"van-ban.{suffix}"
        source.write_bytes(data)
        out_dir = folder / "out"
        out_dir.mkdir()
        command = [
            office,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        scratch = folder / "tmp"  # LibreOffice's own temporary files go here too
        scratch.mkdir()
        returncode, stderr = _run(command, cwd=folder, scratch=scratch, timeout_s=timeout_s)
        if returncode != 0:
            raise ConversionError(
                tr("LibreOffice báo lỗi khi chuyển văn bản sang PDF (mã {code}). {detail}").format(
                    code=returncode, detail=stderr
                ),
                reason="failed",
            )
        result = out_dir / "van-ban.pdf"
        data = result.read_bytes() if result.is_file() else b""
        if not data.startswith(b"%PDF"):
            raise ConversionError(
                tr(
                    "LibreOffice không tạo ra tệp PDF: tệp Word có thể bị hỏng hoặc không phải "
                    "định dạng .docx. {detail}"
                ).format(detail=stderr),
                reason="no_output",
            )
        return data


def _run(command: list[str], *, cwd: Path, scratch: Path, timeout_s: float) -> tuple[int, str]:
    """Run LibreOffice; its exit code and the tail of what it printed (errors included)."""
    env = {**os.environ, "TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=sys.platform != "win32",  # one process group to kill on timeout
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
        )
    except OSError as exc:
        raise ConversionError(
            tr("Không chạy được LibreOffice ({e}).").format(e=exc.strerror or exc),
            reason="failed",
        ) from exc
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        process.communicate()
        raise ConversionError(
            tr(
                "LibreOffice chuyển văn bản sang PDF quá {seconds} giây mà chưa xong nên đã bị "
                "dừng. Hãy thử lại, hoặc tự chuyển sang PDF rồi tải lên tệp PDF."
            ).format(seconds=round(timeout_s)),
            reason="timeout",
        ) from None
    text = output.decode("utf-8", "replace").strip()
    return process.returncode, text[-_DETAIL_CHARS:]


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and the processes it started (soffice → oosplash → soffice.bin)."""
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
        )
        process.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
