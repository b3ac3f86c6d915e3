"""The scan folder: finished files are handed over once, half-written and temp files are not."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.documents.scan_folder import (
    DONE_FOLDER,
    REJECTED_FOLDER,
    ScanFolderWatcher,
    is_ignored_name,
    move_done,
    move_rejected,
)

STABLE = 0.3
PDF = b"%PDF-1.4\n% scan\n%%EOF\n"


class Recorder:
    """An on_file callback that remembers what it got, when, and how big the file was then."""

    def __init__(self, action: Callable[[Path], None] | None = None) -> None:
        self.calls: list[tuple[str, int, float]] = []
        self._action = action
        self._changed = threading.Condition()

    def __call__(self, path: Path) -> None:
        with self._changed:
            self.calls.append((path.name, path.stat().st_size, time.monotonic()))
            self._changed.notify_all()
        if self._action is not None:
            self._action(path)

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]

    def wait_for(self, count: int, timeout: float = 4.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: len(self.calls) >= count, timeout)


@pytest.fixture
def watchers() -> Iterator[list[ScanFolderWatcher]]:
    """Watchers started by a test; all are stopped afterwards, even when the test fails."""
    started: list[ScanFolderWatcher] = []
    yield started
    for watcher in started:
        watcher.stop()


def _start(watchers: list[ScanFolderWatcher], watcher: ScanFolderWatcher) -> ScanFolderWatcher:
    watchers.append(watcher)
    watcher.start()
    return watcher


# -- the background watcher ----------------------------------------------------------------------


@pytest.mark.parametrize("polling", [False, True], ids=["native", "polling"])
def test_dropped_pdf_is_handed_over_once_after_it_is_stable(
    tmp_path: Path, watchers: list[ScanFolderWatcher], polling: bool
) -> None:
    record = Recorder()
    # rescan_seconds is long: only the watchdog hint can make the watcher notice the new file
    _start(
        watchers,
        ScanFolderWatcher(
            tmp_path, record, polling=polling, stable_seconds=STABLE, rescan_seconds=30
        ),
    )
    time.sleep(0.2)
    dropped_at = time.monotonic()
    (tmp_path / "cv-123.pdf").write_bytes(PDF)

    assert record.wait_for(1)
    time.sleep(3 * STABLE)  # the file stays in the folder (nobody moved it) ...
    assert record.names == ["cv-123.pdf"]  # ... and is still handed over only once
    assert record.calls[0][2] - dropped_at >= STABLE


def test_file_still_being_written_is_not_taken_half_written(
    tmp_path: Path, watchers: list[ScanFolderWatcher]
) -> None:
    record = Recorder()
    # frequent rescans: the watcher looks at the file many times while it grows
    _start(
        watchers, ScanFolderWatcher(tmp_path, record, stable_seconds=STABLE, rescan_seconds=0.05)
    )
    target = tmp_path / "scan-cham.pdf"
    chunk = b"x" * 1000
    last_write: list[float] = []

    def slow_scanner() -> None:
        with target.open("wb") as fh:
            for _ in range(10):  # 2 s of writing: a page, then a pause shorter than STABLE
                fh.write(chunk)
                fh.flush()
                last_write[:] = [time.monotonic()]
                time.sleep(0.2)

    writer = threading.Thread(target=slow_scanner)
    writer.start()
    writer.join()

    assert record.wait_for(1)
    ((name, size, called_at),) = record.calls
    assert name == "scan-cham.pdf"
    assert size == 10 * len(chunk)  # the whole file, not a prefix
    assert called_at >= last_write[0] + STABLE


def test_a_raising_callback_does_not_stop_the_watcher_and_is_not_retried(
    tmp_path: Path, watchers: list[ScanFolderWatcher], caplog: pytest.LogCaptureFixture
) -> None:
    def explode_on_first(path: Path) -> None:
        if path.name == "hong.pdf":
            raise RuntimeError("boom")
        move_done(path)

    record = Recorder(explode_on_first)
    _start(watchers, ScanFolderWatcher(tmp_path, record, stable_seconds=STABLE, rescan_seconds=0.2))
    with caplog.at_level(logging.ERROR, logger="app.documents.scan_folder"):
        (tmp_path / "hong.pdf").write_bytes(PDF)
        assert record.wait_for(1)
        (tmp_path / "tot.pdf").write_bytes(PDF)
        assert record.wait_for(2)
        time.sleep(4 * STABLE)  # several rescans

    assert record.names == ["hong.pdf", "tot.pdf"]
    assert (tmp_path / "hong.pdf").exists()  # left where it was, not lost
    assert (tmp_path / DONE_FOLDER / "tot.pdf").exists()
    assert any("hong.pdf" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_failed_file_is_offered_again_after_retry_failed(tmp_path: Path) -> None:
    attempts: list[str] = []

    def fail_once(path: Path) -> None:
        attempts.append(path.name)
        if len(attempts) == 1:
            raise OSError("locked")

    watcher = ScanFolderWatcher(tmp_path, fail_once, stable_seconds=0)
    (tmp_path / "a.pdf").write_bytes(PDF)
    watcher.scan_once()
    watcher.scan_once()
    watcher.scan_once()
    assert attempts == ["a.pdf"]

    watcher.retry_failed()
    watcher.scan_once()
    watcher.scan_once()
    assert attempts == ["a.pdf", "a.pdf"]


def test_folder_that_appears_later_is_picked_up(
    tmp_path: Path, watchers: list[ScanFolderWatcher]
) -> None:
    folder = tmp_path / "May scan"  # e.g. a network share not mounted yet
    record = Recorder()
    _start(watchers, ScanFolderWatcher(folder, record, stable_seconds=STABLE, rescan_seconds=0.2))
    time.sleep(0.3)
    folder.mkdir()
    (folder / "muon.pdf").write_bytes(PDF)

    assert record.wait_for(1)
    assert record.names == ["muon.pdf"]


def test_stop_is_prompt_and_nothing_is_handed_over_afterwards(tmp_path: Path) -> None:
    record = Recorder()
    watcher = ScanFolderWatcher(tmp_path, record, stable_seconds=STABLE, rescan_seconds=60)
    watcher.start()
    time.sleep(0.1)

    began = time.monotonic()
    watcher.stop()
    assert time.monotonic() - began < 2.0

    (tmp_path / "sau.pdf").write_bytes(PDF)
    time.sleep(3 * STABLE)
    assert record.calls == []


# -- the scan itself -----------------------------------------------------------------------------


def test_temp_lock_and_system_files_are_ignored(tmp_path: Path) -> None:
    ignored = [
        "ban-sao.tmp",
        "TAI.PART",
        "~$to-trinh.docx",
        ".~lock.bao-cao.odt#",
        "desktop.ini",
        "Thumbs.db",
        ".DS_Store",
        ".an.pdf",
        "dang-tai.crdownload",
    ]
    for name in [*ignored, "that.pdf"]:
        (tmp_path / name).write_bytes(PDF)
    record = Recorder()
    watcher = ScanFolderWatcher(tmp_path, record, stable_seconds=0.2)

    assert watcher.scan_once() == []  # first sight: not yet known to be stable
    assert watcher.scan_once() == []  # unchanged, but not for long enough
    time.sleep(0.25)
    handed = watcher.scan_once()

    assert handed == [tmp_path / "that.pdf"]
    assert record.names == ["that.pdf"]
    assert all(is_ignored_name(name) for name in ignored)
    assert not is_ignored_name("Công văn 12.pdf")


def test_subfolders_are_not_scanned(tmp_path: Path) -> None:
    for sub in (DONE_FOLDER, REJECTED_FOLDER, "khac"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "cu.pdf").write_bytes(PDF)
    watcher = ScanFolderWatcher(tmp_path, Recorder(), stable_seconds=0)

    watcher.scan_once()
    assert watcher.scan_once() == []


def test_a_file_that_changes_between_scans_waits_again(tmp_path: Path) -> None:
    path = tmp_path / "dang-chep.pdf"
    path.write_bytes(PDF)
    watcher = ScanFolderWatcher(tmp_path, Recorder(), stable_seconds=0.2)
    watcher.scan_once()
    time.sleep(0.25)
    with path.open("ab") as fh:
        fh.write(b"more")

    assert watcher.scan_once() == []  # it changed: the clock starts again
    time.sleep(0.25)
    assert watcher.scan_once() == [path]


def test_a_file_replaced_by_new_content_is_offered_again(tmp_path: Path) -> None:
    record = Recorder()
    watcher = ScanFolderWatcher(tmp_path, record, stable_seconds=0)
    path = tmp_path / "cv.pdf"
    path.write_bytes(PDF)
    watcher.scan_once()
    watcher.scan_once()
    path.write_bytes(PDF + b"% second scan\n")
    watcher.scan_once()
    watcher.scan_once()

    assert record.names == ["cv.pdf", "cv.pdf"]


# -- moving files away ---------------------------------------------------------------------------


def test_move_done_never_overwrites(tmp_path: Path) -> None:
    done = tmp_path / DONE_FOLDER
    done.mkdir()
    (done / "cv.pdf").write_bytes(b"old")
    (done / "cv (1).pdf").write_bytes(b"older")
    source = tmp_path / "cv.pdf"
    source.write_bytes(b"new")

    moved = move_done(source)

    assert moved == done / "cv (2).pdf"
    assert moved.read_bytes() == b"new"
    assert not source.exists()
    assert (done / "cv.pdf").read_bytes() == b"old"
    assert (done / "cv (1).pdf").read_bytes() == b"older"


def test_move_rejected_keeps_the_file_and_writes_the_reason(tmp_path: Path) -> None:
    first = tmp_path / "hong.pdf"
    first.write_bytes(b"one")
    reason = "Tệp PDF bị hỏng, không đọc được."

    moved = move_rejected(first, reason)

    assert moved == tmp_path / REJECTED_FOLDER / "hong.pdf"
    assert moved.read_bytes() == b"one"
    note = tmp_path / REJECTED_FOLDER / "hong.pdf.lydo.txt"
    assert note.read_text(encoding="utf-8").strip() == reason

    second = tmp_path / "hong.pdf"
    second.write_bytes(b"two")
    moved_again = move_rejected(second, "Tệp rỗng (0 byte).")

    assert moved_again == tmp_path / REJECTED_FOLDER / "hong (1).pdf"
    assert moved.read_bytes() == b"one"  # the first one is untouched
    assert note.read_text(encoding="utf-8").strip() == reason
    second_note = tmp_path / REJECTED_FOLDER / "hong (1).pdf.lydo.txt"
    assert second_note.read_text(encoding="utf-8").strip() == "Tệp rỗng (0 byte)."


def test_move_rejected_does_not_overwrite_a_stale_reason_file(tmp_path: Path) -> None:
    rejected = tmp_path / REJECTED_FOLDER
    rejected.mkdir()
    (rejected / "a.pdf.lydo.txt").write_text("cũ", encoding="utf-8")  # its file was removed
    source = tmp_path / "a.pdf"
    source.write_bytes(PDF)

    moved = move_rejected(source, "mới")

    assert moved == rejected / "a (1).pdf"
    assert (rejected / "a.pdf.lydo.txt").read_text(encoding="utf-8") == "cũ"
    assert (rejected / "a (1).pdf.lydo.txt").read_text(encoding="utf-8").strip() == "mới"


def test_watcher_and_helpers_together_empty_the_folder(
    tmp_path: Path, watchers: list[ScanFolderWatcher]
) -> None:
    def take_in(path: Path) -> None:
        if path.stat().st_size == 0:
            move_rejected(path, "Tệp rỗng (0 byte).")
        else:
            move_done(path)

    record = Recorder(take_in)
    (tmp_path / "tot.pdf").write_bytes(PDF)
    (tmp_path / "rong.pdf").write_bytes(b"")
    _start(watchers, ScanFolderWatcher(tmp_path, record, stable_seconds=STABLE, rescan_seconds=1))

    assert record.wait_for(2)
    time.sleep(0.2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DONE_FOLDER, REJECTED_FOLDER])
    assert (tmp_path / DONE_FOLDER / "tot.pdf").read_bytes() == PDF
    assert (tmp_path / REJECTED_FOLDER / "rong.pdf.lydo.txt").exists()
