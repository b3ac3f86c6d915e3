"""Details of the sync state: the target, the last round, what waits, the problems; sync now."""

from __future__ import annotations

import html

from PyQt6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.services.space import Space
from app.timeutil import fmt_datetime
from app.ui_support.dialogs import BaseDialog, localize_buttons
from app.views.sync.controller import SyncController
from app.views.sync.texts import WARNING_COLOUR, phase_label, problem_lines, status_line

_ROWS = (
    ("target", N_("Máy chủ đồng bộ:")),
    ("last_ok", N_("Lần đồng bộ gần nhất:")),
    ("offline", N_("Ngoại tuyến từ:")),
    ("reason", N_("Lý do:")),
    ("running", N_("Đang làm:")),
    ("unpushed", N_("Chờ gửi lên máy chủ:")),
    ("waiting", N_("Chờ cấp số đến:")),
)


class SyncStatusDialog(BaseDialog):
    """What the status bar entry summarises, kept up to date while open."""

    def __init__(
        self, controller: SyncController, space: Space, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._space = space
        self.setWindowTitle(tr("Đồng bộ"))
        self.setMinimumWidth(520)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        form = QFormLayout()
        self._form = form
        self.values: dict[str, QLabel] = {}
        for key, label in _ROWS:
            value = QLabel()
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(tr(label), value)
        self.problems_title = QLabel(tr("Cần chú ý:"))
        self.problems_list = QListWidget()
        self.problems_list.setWordWrap(True)
        self.problems_list.setAlternatingRowColors(True)
        self.problems_list.setMinimumHeight(90)
        self.sync_button = QPushButton(tr("Đồng bộ ngay"))
        self.settings_button = QPushButton(tr("Cấu hình máy chủ…"))
        buttons = localize_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.settings_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        self.settings_button.clicked.connect(self._on_settings_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems_list, 1)
        layout.addWidget(buttons)
        controller.state_changed.connect(self.update_details)
        self.update_details()

    def update_details(self) -> None:
        """Show the controller's current state."""
        c = self._controller
        status, progress = c.status, c.progress
        line = status_line(
            status, now=self._space.clock.now(), progress=progress, failure=c.failure
        )
        colour = f' style="color:{WARNING_COLOUR}"' if line.warning else ""
        self.heading.setText(f"<b{colour}>{html.escape(line.text)}</b>")
        configured = status is not None and status.configured
        texts = dict.fromkeys(self.values, "")
        if status is None or not status.configured:
            texts["target"] = tr(
                "Chưa cấu hình. Máy này làm việc một mình; bấm “Cấu hình máy chủ…” để đồng bộ "
                "với các máy khác của phường."
            )
        else:
            texts["target"] = status.target
            texts["last_ok"] = fmt_datetime(status.last_ok) or tr("Chưa có")
            if status.offline_since is not None:
                texts["offline"] = fmt_datetime(status.offline_since)
                texts["reason"] = status.offline_reason
            texts["unpushed"] = tr("{n} thao tác").format(n=status.unpushed)
            texts["waiting"] = tr("{n} văn bản").format(n=status.waiting_numbers)
        if progress is not None:
            counts = f" {progress.done}/{progress.total}" if progress.total else ""
            texts["running"] = phase_label(progress) + counts
        for key, value in self.values.items():
            value.setText(texts[key])
            self._form.setRowVisible(value, bool(texts[key]))
        lines = problem_lines(status, c.failure) if status is not None else []
        self.problems_list.clear()
        self.problems_list.addItems(lines)
        self.problems_title.setText(
            tr("Cần chú ý:") if lines else tr("Cần chú ý: không có vấn đề nào.")
        )
        self.problems_title.setVisible(configured)
        if self.problems_list.isHidden() == bool(lines):  # shown or hidden: fit the dialog to it
            self.problems_list.setVisible(bool(lines))
            self.adjustSize()
        self.sync_button.setEnabled(configured and not c.running)

    def _on_sync_button_clicked(self) -> None:
        self._controller.sync_now()
        self.update_details()

    def _on_settings_button_clicked(self) -> None:
        from app.views.sync.status_widget import open_settings

        open_settings(self._controller, self._space, self)
