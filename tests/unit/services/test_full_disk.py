"""A full disk: a clear Vietnamese message, nothing half-written, work resumes with room."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import StorageError
from app.models import IncomingDocument
from tests.conftest import MemoryKeyring, Ward, make_ward


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs of our own: the real kernel refuses writes once it is full."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler


def _count(ward: Ward) -> int:
    with ward.space.db.read() as s:
        return s.scalar(select(func.count()).select_from(IncomingDocument)) or 0


def test_queueing_on_a_full_disk_fails_cleanly(
    tiny_disk: Path, clock: object, sample_pdf: Path
) -> None:
    ward = make_ward(tiny_disk / "space", clock, MemoryKeyring())  # type: ignore[arg-type]
    sp = ward.as_user("vanthu")
    filler = _fill(tiny_disk)
    with pytest.raises(StorageError, match="ổ đĩa"):
        sp.incoming.queue_file(sample_pdf)
    assert _count(ward) == 0
    assert sample_pdf.exists()  # the user's file is untouched
    filler.unlink()
    doc = sp.incoming.queue_file(sample_pdf)  # room again: it just works
    assert _count(ward) == 1
    assert sp.incoming.file_bytes(doc)[:4] == b"%PDF"
    ward.space.close()


def test_a_full_disk_during_the_database_write_rolls_back(tiny_disk: Path, clock: object) -> None:
    ward = make_ward(tiny_disk / "space", clock, MemoryKeyring())  # type: ignore[arg-type]
    sp = ward.as_user("vanthu")
    big = os.urandom(200_000)
    sp.incoming._queue(sp.auth.user, big, "a.pdf", 1, "scan")  # type: ignore[arg-type]
    filler = _fill(tiny_disk)
    messages = []
    for n in range(40):  # the op log and the projection grow until SQLite finds no room
        try:
            sp.incoming.comment(ward_doc(ward), "Ý kiến " + "x" * 1900 + str(n))
        except StorageError as exc:
            messages.append(exc.message)
    assert messages
    assert all("Chưa có gì bị thay đổi" in m for m in messages)
    filler.unlink()
    with ward.space.db.read() as s:
        assert s.execute(select(func.count()).select_from(IncomingDocument)).scalar() == 1
    sp.incoming.comment(ward_doc(ward), "Sau khi dọn ổ đĩa")
    assert sp.incoming.detail(ward_doc(ward)).history[-1].text == "Sau khi dọn ổ đĩa"
    ward.space.close()


def ward_doc(ward: Ward) -> str:
    with ward.space.db.read() as s:
        return s.scalars(select(IncomingDocument.id)).one()
