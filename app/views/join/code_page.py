"""Joining, page 3: download the ward's data, show the enrolment code, wait for the approval.

The join runs off the GUI thread behind a busy indicator. Then the code is shown large, to be
read to the admin over the phone, and a sync round runs every few seconds until the admin's
approval arrives. "Đóng, duyệt sau" ends the wizard before that: the PC reads and pulls
meanwhile, and its own work is accepted once it is approved.

These rounds run as commands (on the writer thread), unlike the main window's: the sign-in after
the wizard is a command too, so it waits for a round still running, and the main window's sync
never overlaps one.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import keyring.backend

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QFont, QFontDatabase
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import tr
from app.services.enrolment import EnrolmentState, JoinedPC, enrolment_round, join_new_pc
from app.timeutil import Clock
from app.ui_support.ops import CommandOp
from app.views.incoming.callbacks import guarded
from app.views.sync.texts import BAD_COLOUR, OK_COLOUR

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 3_000
CODE_STYLE = (
    "QLabel { color: #1f3d66; background: #f4f6f9; border: 2px solid #1f5fa8;"
    " border-radius: 8px; padding: 14px 28px; }"
)


@dataclass(frozen=True)
class JoinRequest:
    """What the earlier pages collected (on the GUI thread) for the join."""

    url: str
    credentials: tuple[str, str] | None
    login: str
    password: str
    pc_name: str


def _busy_bar(width: int | None = None) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)  # no counts: a moving bar
    bar.setTextVisible(False)
    if width is not None:
        bar.setMaximumWidth(width)
    return bar


def _wrapped(text: str = "", *, hint: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if hint:
        label.setObjectName("hintLabel")
    return label


class JoinCodePage(QWizardPage):
    """Joins when shown, then shows the code and waits for the approval.

    Read `joined` (None until the join worked), `approved` and `synced` (a round has run, so
    the ward's directory is here and the sign-in can check the password).

    Signals:
        join_succeeded(object): the JoinedPC.
        join_failed(object): the exception; nothing of the new space is left.
    """

    join_succeeded = pyqtSignal(object)
    join_failed = pyqtSignal(object)

    def __init__(
        self,
        root: Path,
        request: Callable[[], JoinRequest],
        *,
        clock: Clock | None = None,
        keyring_backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        super().__init__()
        self._root = root
        self._request = request
        self._clock = clock
        self._keyring_backend = keyring_backend
        self.joined: JoinedPC | None = None
        self.approved = False
        self.synced = False
        self.busy = False
        self.poll_interval_ms = POLL_INTERVAL_MS
        self._polling = False
        self._stopped = False
        self._finish_after_round = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.setTitle(tr("Tham gia không gian làm việc của phường"))
        self.setSubTitle(
            tr(
                "Máy này nhận dữ liệu của phường từ máy chủ đồng bộ, rồi được quản trị viên "
                "duyệt bằng một mã đăng ký."
            )
        )
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Đóng, duyệt sau"))
        self.stack = QStackedWidget()
        self.busy_panel = self._busy_panel()
        self.code_panel = self._code_panel()
        self.stack.addWidget(self.busy_panel)
        self.stack.addWidget(self.code_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def _busy_panel(self) -> QWidget:
        panel = QWidget()
        self.busy_label = QLabel(tr("Đang tải dữ liệu của phường…"))
        font = self.busy_label.font()
        font.setBold(True)
        self.busy_label.setFont(font)
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.busy_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(_busy_bar())
        layout.addWidget(
            _wrapped(
                tr("Lần đầu có thể mất vài phút, tùy lượng văn bản của phường."),
                hint=True,
            )
        )
        layout.addStretch(2)
        return panel

    def _code_panel(self) -> QWidget:
        panel = QWidget()
        instruction = _wrapped(
            tr("Đọc mã này cho quản trị viên để duyệt máy (Quản trị → Máy tính → Duyệt máy mới…)")
        )
        instruction.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.code_label = QLabel()
        self.code_label.setObjectName("enrolmentCode")
        code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        code_font.setPointSizeF(self.font().pointSizeF() * 3)
        code_font.setBold(True)
        code_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 6)
        self.code_label.setFont(code_font)
        self.code_label.setStyleSheet(CODE_STYLE)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pc_label = _wrapped(hint=True)
        self.pc_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.status_label = QLabel()
        self.wait_bar = _busy_bar(120)
        status = QHBoxLayout()
        status.addStretch(1)
        status.addWidget(self.status_label)
        status.addWidget(self.wait_bar)
        status.addStretch(1)
        self.sync_label = _wrapped()
        self.sync_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.note_label = _wrapped(hint=True)
        layout = QVBoxLayout(panel)
        layout.addWidget(instruction)
        layout.addSpacing(8)
        layout.addWidget(self.code_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.pc_label)
        layout.addSpacing(8)
        layout.addLayout(status)
        layout.addWidget(self.sync_label)
        layout.addStretch(1)
        layout.addWidget(self.note_label)
        return panel

    # -- the wizard's hooks
    def initializePage(self) -> None:
        """Start joining once the page is on screen; from here "Hủy" would undo nothing."""
        self._enable_cancel(False)
        if self.joined is None and not self.busy:
            self.stack.setCurrentWidget(self.busy_panel)
            self._set_busy(True)
            QTimer.singleShot(0, self._start_join)

    def cleanupPage(self) -> None:
        """Going back after a failed join: nothing runs any more."""
        self._timer.stop()
        self._enable_cancel(True)

    def _enable_cancel(self, enabled: bool) -> None:
        wizard = self.wizard()
        cancel = wizard.button(QWizard.WizardButton.CancelButton) if wizard else None
        if cancel is not None:
            cancel.setEnabled(enabled)

    def isComplete(self) -> bool:
        """The wizard may finish once joined, and not while a join or a round it waits for runs."""
        return self.joined is not None and not self.busy

    def validatePage(self) -> bool:
        """Finish now if a round has brought the directory, else after one more round."""
        if self.joined is None or self.busy:
            return False
        if self.synced:
            self.stop()
            return True
        self._finish_after_round = True
        self._set_busy(True)
        self.sync_label.setText(html.escape(tr("Đang đồng bộ…")))
        if not self._polling:
            self._timer.stop()
            self._run_round()
        return False

    def stop(self) -> None:
        """No more rounds (the wizard closes)."""
        self._stopped = True
        self._timer.stop()

    # -- joining
    def _start_join(self) -> None:
        request = self._request()
        root, clock, backend = self._root, self._clock, self._keyring_backend

        def join() -> JoinedPC:
            return join_new_pc(
                root,
                request.url,
                request.login,
                request.password,
                label=request.pc_name,
                credentials=request.credentials,
                clock=clock,
                keyring_backend=backend,
            )

        self.pc_label.setText(
            tr("Máy: {pc} · Người dùng: {login}").format(pc=request.pc_name, login=request.login)
        )
        CommandOp(self, join).success(guarded(self, self._on_joined)).failure(
            guarded(self, self._on_join_failed)
        ).run()

    def _on_joined(self, joined: JoinedPC) -> None:
        self.joined = joined
        self.approved, self.synced = joined.approved, joined.synced
        self.code_label.setText(joined.code)
        self.stack.setCurrentWidget(self.code_panel)
        self._set_busy(False)
        self._show_state(joined.sync_error)
        self.join_succeeded.emit(joined)
        self._plan_next()

    def _on_join_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.join_failed.emit(exc)

    # -- waiting for the approval
    def _plan_next(self) -> None:
        if not self._stopped and not self.approved:
            self._timer.start(self.poll_interval_ms)

    def _on_timer_timeout(self) -> None:
        if not self._stopped and not self._polling and self.joined is not None:
            self._run_round()

    def _run_round(self) -> None:
        joined = self.joined
        assert joined is not None
        self._polling = True
        space = joined.space
        CommandOp(self, lambda: enrolment_round(space)).success(
            guarded(self, self._on_round_done)
        ).failure(guarded(self, self._on_round_crashed)).run()

    def _on_round_done(self, state: EnrolmentState) -> None:
        self._polling = False
        self.approved = self.approved or state.approved
        self.synced = self.synced or state.synced
        self._show_state(state.error)
        self._after_round()

    def _on_round_crashed(self, exc: BaseException) -> None:
        self._polling = False
        log.error("enrolment round failed", exc_info=exc)
        self._show_state(tr("Lỗi không mong muốn khi đồng bộ: {e}").format(e=exc))
        self._after_round()

    def _after_round(self) -> None:
        if self._finish_after_round:
            self._finish_after_round = False
            self._set_busy(False)
            if self.synced:
                self.stop()
                wizard = self.wizard()
                if wizard is not None:
                    wizard.accept()
                return
        self._plan_next()

    # -- what is shown
    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.completeChanged.emit()

    def _show_state(self, error: str) -> None:
        if self.approved:
            self.status_label.setText(
                f'<b style="color:{OK_COLOUR}">{html.escape(tr("Đã được duyệt"))}</b>'
            )
            self.note_label.setText(tr("Bấm “Hoàn tất” để đăng nhập và bắt đầu làm việc."))
            self.setButtonText(QWizard.WizardButton.FinishButton, tr("Hoàn tất"))
        else:
            self.status_label.setText(html.escape(tr("Đang chờ quản trị viên duyệt…")))
            self.note_label.setText(
                tr(
                    "Có thể bấm “Đóng, duyệt sau” để dùng máy ngay: trong lúc chờ, máy vẫn nhận "
                    "dữ liệu của phường; việc làm trên máy này được các máy khác chấp nhận sau "
                    "khi máy được duyệt."
                )
            )
            self.setButtonText(QWizard.WizardButton.FinishButton, tr("Đóng, duyệt sau"))
        self.wait_bar.setVisible(not self.approved)
        if error:
            message = tr("Chưa đồng bộ được: {e} Máy sẽ tự thử lại.").format(e=error)
            self.sync_label.setText(
                f'<span style="color:{BAD_COLOUR}">{html.escape(message)}</span>'
            )
        else:
            self.sync_label.clear()
