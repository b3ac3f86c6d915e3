"""The background OCR driver: registered scans become searchable without anyone waiting, one
file at a time, never while the user is in a dialog, and not at all without Tesseract."""

from __future__ import annotations

import pytest

from PyQt6.QtWidgets import QDialog

from app.ui_support.events import AppEvents
from app.views import ocr_worker
from app.views.ocr_worker import OcrWorker
from tests.conftest import Ward
from tests.unit.search.scan_samples import decision_scan, needs_tesseract
from tests.unit.search.search_support import act, register

WORDS = "khan truong trien khai"  # on the scan, not in its metadata


@pytest.fixture(autouse=True)
def quick_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No five-second wait before the first round."""
    monkeypatch.setattr(ocr_worker, "START_DELAY_MS", 10)
    monkeypatch.setattr(ocr_worker, "NEXT_FILE_MS", 10)
    monkeypatch.setattr(ocr_worker, "BUSY_RETRY_MS", 50)


def _two_scans(ward: Ward) -> list[str]:
    docs = [
        register(ward, "Quyết định thành lập tổ công tác", code="123", data=decision_scan()),
        register(ward, "Bản sao quyết định", code="124", data=decision_scan() + b"\n%copy\n"),
    ]
    assert act(ward, "vanthu").search.index_pending_files().needs_ocr == 2
    return docs


def test_scans_are_read_one_by_one_and_then_found(qtbot, ward: Ward, events: AppEvents) -> None:
    needs_tesseract()
    docs = _two_scans(ward)
    worker = OcrWorker(ward.space, events)
    rounds: list[int] = []
    worker.files_read.connect(rounds.append)
    with qtbot.waitSignal(events.changed, timeout=60_000):
        worker.start()
    qtbot.waitUntil(lambda: len(rounds) == 2, timeout=60_000)
    assert rounds == [1, 1]  # one file a round
    hits = act(ward, "vanthu").search.search(WORDS).hits
    assert sorted(h.id for h in hits) == sorted(docs)
    assert ward.space.search.needing_ocr() == []
    qtbot.wait(200)
    assert rounds == [1, 1]  # nothing left, nothing read again


def test_it_waits_while_a_dialog_is_open(qtbot, ward: Ward, events: AppEvents) -> None:
    needs_tesseract()
    _two_scans(ward)
    worker = OcrWorker(ward.space, events)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setModal(True)
    dialog.show()
    worker.start()
    qtbot.wait(300)
    assert len(ward.space.search.needing_ocr()) == 2  # nothing read meanwhile
    dialog.close()
    qtbot.waitUntil(lambda: ward.space.search.needing_ocr() == [], timeout=60_000)
    worker.stop()


def test_without_tesseract_it_stands_down(
    qtbot, ward: Ward, events: AppEvents, no_tesseract: None
) -> None:
    _two_scans(ward)
    worker = OcrWorker(ward.space, events)
    worker.start()
    qtbot.waitUntil(lambda: not worker.active, timeout=2000)
    assert len(ward.space.search.needing_ocr()) == 2
