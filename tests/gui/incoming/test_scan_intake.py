"""ScanIntake: a PDF dropped in the scan folder is queued and moved to "Đã nhận"; a broken file
goes to "Lỗi" with its reason; nothing is deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.services.changes import Changes
from app.services.incoming_dto import Box, IncomingFilter
from app.ui_support.events import AppEvents
from app.views.incoming.scan_intake import ScanIntake
from tests.conftest import Ward


def test_scanned_files_are_taken_in(qtbot, ward: Ward, events: AppEvents, sample_pdf: Path) -> None:
    space = ward.as_user("vanthu")
    folder = space.scan_folder
    seen: list[Changes] = []
    events.changed.connect(lambda changes, _initiator: seen.append(changes))
    intake = ScanIntake(space, events, stable_seconds=0.2, rescan_seconds=0.5)
    intake.start()
    try:
        assert folder.is_dir()
        shutil.copy(sample_pdf, folder / "congvan.pdf")
        (folder / "hong.pdf").write_bytes(b"day khong phai PDF")
        done = folder / "Đã nhận" / "congvan.pdf"
        rejected = folder / "Lỗi" / "hong.pdf"
        qtbot.waitUntil(lambda: done.exists() and rejected.exists() and bool(seen), timeout=10_000)
    finally:
        intake.stop()
    assert not intake.running
    rows = space.incoming.rows(IncomingFilter(box=Box.QUEUE))
    assert [r.file_name for r in rows] == ["congvan.pdf"]
    assert seen[0].incoming == {rows[0].id}
    reason = (folder / "Lỗi" / "hong.pdf.lydo.txt").read_text(encoding="utf-8")
    assert reason.strip()
    assert rejected.read_bytes() == b"day khong phai PDF"
    assert done.read_bytes() == sample_pdf.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["Lỗi", "Đã nhận"]
