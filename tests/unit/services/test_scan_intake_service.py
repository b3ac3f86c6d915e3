"""The scan intake service: which folders are polled, and files taken without a clerk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.services.scan_intake import ScanIntakeService, is_network_path
from tests.conftest import Ward


def test_network_mounts_are_polled(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "//server/scan /mnt/scan\\040share cifs rw 0 0\n"
        "server:/export /srv/nfs nfs4 rw 0 0\n",
        encoding="utf-8",
    )
    assert is_network_path(Path("/mnt/scan share/may quet"), mounts)
    assert is_network_path(Path("/srv/nfs"), mounts)
    assert not is_network_path(Path("/home/vanthu/scan"), mounts)
    assert not is_network_path(Path("/mnt/scan"), mounts)


def test_nothing_is_taken_without_a_clerk_and_a_bad_file_is_set_aside(
    ward: Ward, sample_pdf: Path, tmp_path: Path
) -> None:
    taken: list[tuple[str, str]] = []
    refused: list[tuple[str, str]] = []
    folder = tmp_path / "scan"
    folder.mkdir()
    svc = ScanIntakeService(
        ward.space.incoming,
        ward.space.auth,
        folder,
        lambda *a: taken.append(a),
        lambda *a: refused.append(a),
    )
    pdf = folder / "a.pdf"
    shutil.copy(sample_pdf, pdf)
    ward.as_user("canbo")  # an official is signed in at this PC
    with pytest.raises(RuntimeError, match="no clerk"):
        svc.take(pdf)
    assert pdf.exists()
    assert taken == []
    ward.as_user("vanthu")
    svc.take(pdf)
    assert [name for _, name in taken] == ["a.pdf"]
    assert (folder / "Đã nhận" / "a.pdf").exists()
    again = folder / "a-copy.pdf"
    shutil.copy(sample_pdf, again)
    svc.take(again)  # the same content again: refused with where it already is
    assert refused[0][0] == "a-copy.pdf"
    assert "đang chờ vào sổ" in refused[0][1]
    assert (folder / "Lỗi" / "a-copy.pdf").exists()
