"""A watched scan folder: files the scanner (or a colleague) drops there are handed to a callback.

The periodic scan of the folder is the source of truth; watchdog events only wake the scan
early. Network shares send no events for files written by other machines, so use
`polling=True` there (sync-notes §6). A file is handed over once its size and modification time
have stayed the same for `stable_seconds`, so a file still being copied is waited for. The
callback moves the file away with `move_done` or `move_rejected`; files are never deleted.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from app.errors import StorageError
from app.i18n import tr

log = logging.getLogger(__name__)

DONE_FOLDER = "Đã nhận"
REJECTED_FOLDER = "Lỗi"
REASON_SUFFIX = ".lydo.txt"
_IGNORED_NAMES = frozenset({"desktop.ini", "thumbs.db"})
_IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload")

_Key = tuple[int, int]  # (size, mtime in ns)


def is_ignored_name(name: str) -> bool:
    """True for temp, lock and system files that must never be taken in."""
    lower = name.lower()
    return (
        name.startswith((".", "~$"))
        or (lower.startswith(".~lock.") and lower.endswith("#"))
        or lower in _IGNORED_NAMES
        or lower.endswith(_IGNORED_SUFFIXES)
    )


@dataclass
class _Candidate:
    key: _Key
    since: float  # time.monotonic() when `key` was first seen


class ScanFolderWatcher:
    """Hands each new, fully written file in `folder` (not its subfolders) to `on_file` once.

    `on_file` runs on the watcher's own thread. An exception from it is logged, and that file is
    not offered again until it changes (or `retry_failed` is called).
    """

    def __init__(
        self,
        folder: Path,
        on_file: Callable[[Path], None],
        *,
        polling: bool = False,
        stable_seconds: float = 2.0,
        rescan_seconds: float = 60.0,
    ) -> None:
        self.folder = folder
        self._on_file = on_file
        self._polling = polling
        self._stable_seconds = stable_seconds
        self._rescan_seconds = rescan_seconds
        self._candidates: dict[str, _Candidate] = {}
        self._handled: set[tuple[str, int, int]] = set()  # (name, size, mtime_ns)
        self._failed: set[tuple[str, int, int]] = set()
        self._scan_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: BaseObserver | None = None
        self._folder_ok = True

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background thread; a missing folder is waited for, not an error."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="scan-folder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and wait for the thread; a callback already running may finish."""
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():  # from on_file: no join
            thread.join()
        self._stop_observer()

    def retry_failed(self) -> None:
        """Offer again the files whose callback raised (e.g. after the user fixed the cause)."""
        with self._scan_lock:
            self._failed.clear()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.clear()  # before scanning, so an event during the scan is not lost
            if self._stopping.is_set():
                break
            try:
                self._ensure_observer()
                self.scan_once()
            except Exception:  # never let a surprise end the watcher
                log.exception("scan of %s failed", self.folder)
            self._wake.wait(self._next_wait())
        self._stop_observer()

    def _next_wait(self) -> float:
        """Sleep until the next candidate may be stable, or until the periodic rescan."""
        wait = self._rescan_seconds
        now = time.monotonic()
        with self._scan_lock:
            for candidate in self._candidates.values():
                wait = min(wait, candidate.since + self._stable_seconds - now + 0.05)
        return max(wait, 0.05)

    # -- watchdog (a hint only) ----------------------------------------------------------------

    def _ensure_observer(self) -> None:
        """(Re)start the watchdog observer; without one, the periodic rescans still work."""
        if self._observer is not None and self._observer.is_alive():
            return
        self._stop_observer()
        if not self.folder.is_dir():
            return
        kinds = [True] if self._polling else [False, True]  # fall back to polling
        for polling in kinds:
            observer: BaseObserver = (
                PollingObserver(timeout=min(max(self._stable_seconds / 2, 0.2), 2.0))
                if polling
                else Observer()
            )
            try:
                observer.schedule(_WakeHandler(self._wake), str(self.folder), recursive=False)
                observer.start()
            except Exception:
                log.warning("cannot watch %s (polling=%s)", self.folder, polling, exc_info=True)
                continue
            self._observer = observer
            return

    def _stop_observer(self) -> None:
        observer, self._observer = self._observer, None
        if observer is None:
            return
        try:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=5)
        except Exception:
            log.debug("error stopping the observer", exc_info=True)

    # -- the scan (the source of truth) ----------------------------------------------------------

    def scan_once(self) -> list[Path]:
        """Scan the folder once; hand over, and return, the files that have become stable."""
        with self._scan_lock:
            seen = self._list_files()
            if seen is None:
                return []
            now = time.monotonic()
            ready: list[tuple[str, _Key]] = []
            for name, key in seen.items():
                if (name, *key) in self._handled or (name, *key) in self._failed:
                    continue
                candidate = self._candidates.get(name)
                if candidate is None or candidate.key != key:
                    self._candidates[name] = _Candidate(key, now)
                elif now - candidate.since >= self._stable_seconds:
                    ready.append((name, key))
            self._forget_missing(seen)
            return self._hand_over(ready)

    def _list_files(self) -> dict[str, _Key] | None:
        """Name → (size, mtime) of the files directly in the folder; None if it is unreadable."""
        files: dict[str, _Key] = {}
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if is_ignored_name(entry.name):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        st = entry.stat()
                    except OSError:
                        continue  # vanished or unreadable: look again next time
                    files[entry.name] = (st.st_size, st.st_mtime_ns)
        except OSError as exc:
            if self._folder_ok:
                log.warning("scan folder %s is not readable: %s", self.folder, exc)
            self._folder_ok = False
            return None
        if not self._folder_ok:
            log.info("scan folder %s is readable again", self.folder)
        self._folder_ok = True
        return files

    def _forget_missing(self, seen: dict[str, _Key]) -> None:
        for name in [n for n in self._candidates if n not in seen]:
            del self._candidates[name]
        self._handled = {item for item in self._handled if item[0] in seen}
        self._failed = {item for item in self._failed if item[0] in seen}

    def _hand_over(self, ready: list[tuple[str, _Key]]) -> list[Path]:
        handed: list[Path] = []
        for name, key in ready:
            if self._stopping.is_set():
                break
            path = self.folder / name
            if not _readable(path):  # e.g. still locked by the scanner on Windows
                self._candidates[name] = _Candidate(key, time.monotonic())
                continue
            del self._candidates[name]
            handed.append(path)
            try:
                self._on_file(path)
            except Exception:
                log.exception("handling scanned file %s failed; it stays in the folder", path)
                self._failed.add((name, *key))
            else:
                self._handled.add((name, *key))
        return handed


class _WakeHandler(FileSystemEventHandler):
    """Turns any watchdog event into a wake-up of the scan thread."""

    def __init__(self, wake: threading.Event) -> None:
        super().__init__()
        self._wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:  # noqa: ARG002
        """Wake the scan; the event's details are not trusted."""
        self._wake.set()


def _readable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return True
    except OSError:
        return False


# -- moving handled files away -------------------------------------------------------------------


def move_done(path: Path) -> Path:
    """Move a taken-in file into "Đã nhận" beside it, never over an existing file."""
    return _move_into(path, path.parent / DONE_FOLDER, reason=None)


def move_rejected(path: Path, reason: str) -> Path:
    """Move a refused file into "Lỗi" beside it, with `<name>.lydo.txt` holding the reason."""
    return _move_into(path, path.parent / REJECTED_FOLDER, reason=reason)


def _move_into(path: Path, folder: Path, *, reason: str | None) -> Path:
    try:
        folder.mkdir(exist_ok=True)
        for target in _free_names(folder, path.name):
            note = target.with_name(target.name + REASON_SUFFIX)
            if target.exists() or (reason is not None and note.exists()):
                continue
            if reason is not None:
                try:
                    with note.open("x", encoding="utf-8", newline="") as fh:
                        fh.write(reason.rstrip("\n") + "\n")
                except FileExistsError:
                    continue
            try:
                _rename_no_replace(path, target)
            except FileExistsError:
                if reason is not None:
                    note.unlink(missing_ok=True)  # the note we have just written
                continue
            except BaseException:
                if reason is not None:
                    note.unlink(missing_ok=True)
                raise
            return target
    except OSError as exc:
        raise StorageError(
            tr("Không chuyển được tệp “{name}” vào thư mục “{folder}” ({e}).").format(
                name=path.name, folder=folder.name, e=exc.strerror or exc.__class__.__name__
            )
        ) from exc
    raise StorageError(
        tr(
            "Không chuyển được tệp “{name}”: thư mục “{folder}” đã có quá nhiều tệp trùng tên."
        ).format(name=path.name, folder=folder.name)
    )


def _free_names(folder: Path, name: str, limit: int = 10_000) -> Iterator[Path]:
    """`name`, then `stem (1).ext`, `stem (2).ext`, … inside `folder`."""
    yield folder / name
    stem, suffix = os.path.splitext(name)
    for number in range(1, limit):
        yield folder / f"{stem} ({number}){suffix}"


def _rename_no_replace(source: Path, target: Path) -> None:
    """Rename, raising FileExistsError rather than replacing `target`."""
    if os.name == "nt":
        os.rename(source, target)  # Windows never replaces here
        return
    try:
        os.link(source, target)  # atomic, and fails if the target exists
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system (SMB, FAT): check, then rename
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)
