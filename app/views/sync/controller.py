"""Sync in the background: rounds with the shared target on a timer, after local work, on demand.

A round is `space.sync.sync_once` run on a background thread of its own (never twice at once),
not on the commands' writer thread: a round waiting on a slow or unreachable server must not
hold up a clerk's registration. The store serialises the writes (one writer transaction at a
time) and the incoming service claims one document's number at a time. Progress reported on
that thread reaches the GUI through a queued signal. After a round, what
others changed is broadcast on `AppEvents.changed` (with this controller as the initiator, so it
does not start another round), and lists and the detail pane refresh themselves.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from app.errors import UserError
from app.i18n import tr
from app.services.changes import Changes
from app.services.space import Space
from app.services.sync import SyncReport, SyncStatus
from app.services.sync_settings import Progress, is_offline_error
from app.ui_support import ops
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.sync.texts import ProgressLike

log = logging.getLogger(__name__)

LOCAL_INTERVAL_MS = 1_000  # a folder on this disk: an idle round costs a few file listings
REMOTE_INTERVAL_MS = 10_000  # a share or a server
AFTER_CHANGE_MS = 200  # gather a burst of local commands into one round
BACKOFF_MS = (5_000, 60_000)  # offline: first retry, and the longest wait
BUSY_AFTER_MS = 700  # a round lasting longer than this shows "Đang đồng bộ…" even without counts
_PROGRESS_EVERY_S = 0.1


@dataclass(frozen=True)
class RoundOutcome:
    """What a round brought back to the GUI thread."""

    report: SyncReport | None
    error: BaseException | None
    status: SyncStatus
    local: bool


def run_round(space: Space, progress: Callable[[Progress], None] | None) -> RoundOutcome:
    """One round on the worker thread (no widgets): sync, then read the status."""
    try:
        target = space.target()
    except UserError as exc:  # a target that cannot even be opened (S3 keys not in the keyring)
        return RoundOutcome(None, exc, _unopened(space.target_url, exc), False)
    if target is None:
        return RoundOutcome(None, None, space.sync.status(), False)
    local = target.is_local
    try:
        report = space.sync.sync_once(progress)
    except Exception as exc:  # recorded in the status; shown and retried by the controller
        return RoundOutcome(None, exc, space.sync.status(), local)
    return RoundOutcome(report, None, space.sync.status(), local)


def _unopened(url: str, exc: UserError) -> SyncStatus:
    """The status of a configured target that could not be opened."""
    return SyncStatus(
        configured=True,
        target=url,
        last_ok=None,
        offline_since=None,
        offline_reason=exc.message,
        unpushed=0,
        waiting_numbers=0,
        problems=[],
        quarantined=0,
        conflicts=0,
    )


class _Busy:
    """Progress of a round that has said nothing yet."""

    phase = ""
    done = 0
    total = 0


class SyncController(QObject):
    """Runs sync rounds in the background and keeps what the status widget shows.

    Read `status`, `progress` (None when idle) and `failure` (a non-network failure of the last
    round, "" otherwise) after `state_changed`.

    Signals:
        state_changed(): the status, the progress or the failure changed.
        round_finished(object): a round ended; its SyncReport, or the exception it raised.
    """

    state_changed = pyqtSignal()
    round_finished = pyqtSignal(object)
    _progress_reported = pyqtSignal(object)  # emitted on the worker thread, delivered queued

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        parent: QObject | None = None,
        *,
        local_interval_ms: int = LOCAL_INTERVAL_MS,
        remote_interval_ms: int = REMOTE_INTERVAL_MS,
        backoff_ms: tuple[int, int] = BACKOFF_MS,
    ) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._intervals = (local_interval_ms, remote_interval_ms)
        self._backoff_range = backoff_ms
        self._backoff = 0
        self._local = False
        self._stopped = True
        self._again = False
        self._busy_shown = False
        self._latest: ProgressLike | None = None
        self._logged: set[str] = set()
        self.running = False
        self.status: SyncStatus | None = None
        self.failure = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._on_busy_timer_timeout)
        self._progress_reported.connect(self._on_progress_reported)
        events.changed.connect(self._on_events_changed)

    # -- what is shown
    @property
    def progress(self) -> ProgressLike | None:
        """The running round's progress, once it has counts or has lasted a while."""
        if not self.running:
            return None
        latest = self._latest
        if latest is not None and (latest.total > 0 or self._busy_shown):
            return latest
        return _Busy() if self._busy_shown else None

    @property
    def next_delay_ms(self) -> int:
        """How long until the next round (-1 when none is planned)."""
        return self._timer.remainingTime() if self._timer.isActive() else -1

    # -- control
    def start(self) -> None:
        """Show the stored status at once, then sync now and from then on."""
        self._stopped = False
        QueryOp(None, self._space.sync.status).success(
            guarded(self, self._on_status_loaded)
        ).failure(guarded(self, self._on_status_failed)).run()
        self.sync_now()

    def stop(self) -> None:
        """Plan no more rounds and wait for the running one to finish (at close)."""
        self._stopped = True
        self._timer.stop()
        self._busy_timer.stop()
        if self.running:
            ops.wait_all()

    def sync_now(self) -> None:
        """Run a round now ("Đồng bộ ngay"), or right after the running one."""
        if self._stopped:
            return
        if self.running:
            self._again = True
            return
        self._timer.stop()
        self.running = True
        self._latest = None
        self._busy_shown = False
        self._busy_timer.start()
        space = self._space
        report = self._progress_reporter()
        QueryOp(None, lambda: run_round(space, report)).success(
            guarded(self, self._on_round_done)
        ).failure(guarded(self, self._on_round_crashed)).run()

    def reconfigure(self) -> None:
        """The target was changed in the settings: forget the backoff and sync with it now."""
        self._backoff = 0
        self.failure = ""
        self.sync_now()

    # -- the round
    def _progress_reporter(self) -> Callable[[Progress], None]:
        """A progress callback for the worker thread: emits on each new phase, else every 0.1 s."""
        last: dict[str, object] = {"phase": None, "at": 0.0}

        def report(progress: Progress) -> None:
            now = time.monotonic()
            changed_phase = progress.phase != last["phase"]
            finished = progress.total > 0 and progress.done >= progress.total
            at = last["at"]
            assert isinstance(at, float)
            if changed_phase or finished or now - at >= _PROGRESS_EVERY_S:
                last["phase"], last["at"] = progress.phase, now
                self._progress_reported.emit(progress)

        return report

    def _on_progress_reported(self, progress: ProgressLike) -> None:
        if self.running:
            self._latest = progress
            self.state_changed.emit()

    def _on_busy_timer_timeout(self) -> None:
        if self.running:
            self._busy_shown = True
            self.state_changed.emit()

    def _on_round_done(self, outcome: RoundOutcome) -> None:
        self._end_round()
        self.status = outcome.status
        self._local = outcome.local
        if outcome.error is not None:
            self._failed(outcome.error)
        else:
            self.failure = ""
            self._backoff = 0
            report = outcome.report
            if report is not None:
                changes = report.changes
                if changes.incoming or changes.directory:
                    self._events.emit_changed(changes, self)
        self.state_changed.emit()
        self.round_finished.emit(outcome.report or outcome.error)
        self._plan_next(failed=outcome.error is not None)

    def _on_round_crashed(self, exc: BaseException) -> None:
        self._end_round()
        self._failed(exc)
        self.state_changed.emit()
        self.round_finished.emit(exc)
        self._plan_next(failed=True)

    def _end_round(self) -> None:
        self.running = False
        self._busy_timer.stop()
        self._busy_shown = False
        self._latest = None

    def _failed(self, exc: BaseException) -> None:
        first, longest = self._backoff_range
        self._backoff = first if self._backoff == 0 else min(self._backoff * 2, longest)
        if is_offline_error(exc):
            self.failure = ""
        elif isinstance(exc, UserError):
            self.failure = exc.message
        else:
            self.failure = tr("Lỗi không mong muốn khi đồng bộ: {e}").format(e=exc)
            text = "".join(traceback.format_exception(exc))
            if text not in self._logged:  # once, not every few seconds
                self._logged.add(text)
                log.error("sync round failed\n%s", text)

    def _plan_next(self, *, failed: bool) -> None:
        again, self._again = self._again, False
        if self._stopped or self.status is None or not self.status.configured:
            return
        if failed:
            delay = self._backoff
        elif again:
            delay = 0
        else:
            delay = self._intervals[0] if self._local else self._intervals[1]
        self._timer.start(delay)

    # -- triggers
    def _on_timer_timeout(self) -> None:
        self.sync_now()

    def _on_events_changed(self, _changes: Changes, initiator: object) -> None:
        """Local work (a command, a scanned file) goes up soon; our own broadcasts do not loop."""
        if initiator is self or self._stopped:
            return
        if self.running:
            self._again = True
        elif (
            self._backoff == 0
            and self._timer.isActive()
            and self._timer.remainingTime() > AFTER_CHANGE_MS
        ):
            self._timer.start(AFTER_CHANGE_MS)

    def _on_status_loaded(self, status: SyncStatus) -> None:
        if self.status is None:  # a round may have finished first
            self.status = status
            self.state_changed.emit()

    def _on_status_failed(self, exc: BaseException) -> None:
        log.warning("sync status unavailable: %s", exc)
