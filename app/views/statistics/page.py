"""The "Thống kê" page: choose what (văn bản đến, văn bản đi, công việc), when and how to group;
see the table and a bar chart; export the report as DOCX or XLSX.

Reports are computed off the GUI thread (`QueryOp`); an answer that comes back after the user
changed the choice again is dropped.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QShowEvent
from PyQt6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import tr
from app.services.changes import Changes
from app.services.space import Space
from app.services.statistics_dto import (
    GROUP_LABELS,
    KIND_LABELS,
    OUTGOING_GROUP_LABELS,
    GroupBy,
    OnTimeReport,
    OutgoingGroup,
    OutgoingReport,
    Period,
    ReportKind,
    format_count,
    format_rate,
)
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp, show_error
from app.views.incoming.callbacks import guarded
from app.views.statistics.chart import LATE, NEUTRAL, ON_TIME, OVERDUE, SECOND, BarChartView
from app.views.statistics.period_picker import PeriodPicker
from app.views.statistics.table_model import StatisticsTableModel

DEBOUNCE_MS = 200
_FILE_KIND = {
    ReportKind.INCOMING: "van-ban-den",
    ReportKind.OUTGOING: "van-ban-di",
    ReportKind.TASKS: "cong-viec",
}


class StatisticsPage(QWidget):
    """Statistics of the ward, for leaders and clerks.

    Signals:
        exported(object): the Path of a report just written.
    """

    exported = pyqtSignal(object)

    def __init__(self, space: Space, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._events = events
        self._generation = 0
        self._dirty = False
        self._report: OnTimeReport | OutgoingReport | None = None
        self.kind = QComboBox(self)
        for kind in (ReportKind.INCOMING, ReportKind.OUTGOING, ReportKind.TASKS):
            self.kind.addItem(tr(KIND_LABELS[kind]), kind)
        self.periods = PeriodPicker(space.statistics.today(), self)
        self.group = QComboBox(self)
        for combo in (self.kind, self.group):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh_button = QPushButton(tr("Làm mới"), self)
        self.docx_button = QPushButton(tr("Xuất DOCX…"), self)
        self.xlsx_button = QPushButton(tr("Xuất XLSX…"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setObjectName("hintLabel")
        self.status.setWordWrap(True)
        self.model = StatisticsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)  # type: ignore[union-attr]  # always set
        self.chart = BarChartView(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._fill_groups()
        self._lay_out()
        self._connect()
        self.refresh()

    def _lay_out(self) -> None:
        choices = QHBoxLayout()
        choices.addWidget(QLabel(tr("Thống kê"), self))
        choices.addWidget(self.kind)
        choices.addSpacing(12)
        choices.addWidget(QLabel(tr("Kỳ báo cáo"), self))
        choices.addWidget(self.periods)
        choices.addSpacing(12)
        choices.addWidget(QLabel(tr("Nhóm theo"), self))
        choices.addWidget(self.group)
        choices.addStretch(1)
        choices.addWidget(self.refresh_button)
        choices.addWidget(self.docx_button)
        choices.addWidget(self.xlsx_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.group.currentIndexChanged.connect(self._on_choice_changed)
        self.periods.changed.connect(self._on_choice_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.docx_button.clicked.connect(self._on_docx_button_clicked)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        self._events.changed.connect(self._on_events_changed)
        self._events.user_changed.connect(self._on_events_user_changed)

    # -- choices
    def current_kind(self) -> ReportKind:
        """What is counted."""
        return ReportKind(self.kind.currentData())

    def _fill_groups(self) -> None:
        self.group.blockSignals(True)
        self.group.clear()
        if self.current_kind() == ReportKind.OUTGOING:
            for og, label in OUTGOING_GROUP_LABELS.items():
                self.group.addItem(tr(label), og)
        else:
            for g, label in GROUP_LABELS.items():
                self.group.addItem(tr(label), g)
        self.group.blockSignals(False)

    def set_choice(
        self, kind: ReportKind, mode: str, group: GroupBy | OutgoingGroup | None = None
    ) -> None:
        """Choose the kind, the period kind ("month", "quarter", "year", "range") and grouping."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.periods.set_mode(mode)
        if group is not None:
            self.group.setCurrentIndex(self.group.findData(group))
        self._debounce.stop()
        self.refresh()

    # -- loading
    def refresh(self) -> None:
        """Compute the chosen report again (in the background)."""
        self._dirty = False
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        if not self._space.auth.signed_in:
            self._show_message("")
            return
        try:
            period = self.periods.period()
        except UserError as exc:
            self._show_message(exc.message)
            return
        kind = self.current_kind()
        group = self.group.currentData()
        by = GroupBy.UNIT if kind == ReportKind.OUTGOING else GroupBy(group)
        svc = self._space.statistics
        self.status.setText(tr("Đang tính…"))
        QueryOp(self, lambda: svc.report(kind, period, by)).success(
            guarded(self, lambda report: self._on_report_loaded(generation, report))
        ).failure(guarded(self, lambda exc: self._on_report_failed(generation, exc))).run()

    def _on_report_loaded(self, generation: int, report: OnTimeReport | OutgoingReport) -> None:
        if generation != self._generation:
            return  # the choice changed meanwhile
        self._report = report
        group_label = self.group.currentText()
        if isinstance(report, OnTimeReport):
            self.model.show_on_time(report, group_label)
            self._show_on_time_summary(report)
            rows = report.rows
            by_month = report.group_by == GroupBy.MONTH
            self.chart.show_bars(
                [f"{r.key[5:]}/{r.key[:4]}" if by_month else r.label for r in rows],
                [
                    (tr("Đúng hạn"), ON_TIME, [r.counts.on_time for r in rows]),
                    (tr("Trễ hạn"), LATE, [r.counts.late for r in rows]),
                    (tr("Quá hạn"), OVERDUE, [r.counts.overdue for r in rows]),
                ],
            )
        else:
            group = OutgoingGroup(self.group.currentData())
            self.model.show_outgoing(report, group, group_label)
            self._show_outgoing_summary(report)
            rows_out = report.rows(group)
            series = [(tr("Đã ban hành"), NEUTRAL, [r.count for r in rows_out])]
            if group == OutgoingGroup.UNIT:
                series.append((tr("Đang giải quyết"), SECOND, [r.in_progress for r in rows_out]))
            elif group == OutgoingGroup.STEP:
                series = [(tr("Đang giải quyết"), SECOND, [r.count for r in rows_out])]
            month = group == OutgoingGroup.MONTH
            self.chart.show_bars(
                [f"{r.key[5:]}/{r.key[:4]}" if month else r.label for r in rows_out], series
            )
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        if header is not None:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.status.setText(
            tr("Số liệu tính đến ngày {d}.").format(d=report.today.strftime("%d/%m/%Y"))
        )
        self._set_export_enabled(True)

    def _on_report_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, UserError):
            self._show_message(exc.message)
            return
        self._show_message(tr("Không tính được số liệu."))
        show_error(self, exc)

    def _show_message(self, text: str) -> None:
        self._report = None
        self.model.clear()
        self.chart.show_bars([], [])
        self.summary.setText("")
        self.status.setText(text)
        self._set_export_enabled(False)

    def _set_export_enabled(self, enabled: bool) -> None:
        self.docx_button.setEnabled(enabled)
        self.xlsx_button.setEnabled(enabled)

    def _show_on_time_summary(self, report: OnTimeReport) -> None:
        t = report.total
        self.summary.setText(
            tr(
                "{period}: {total} — đúng hạn {on_time}, trễ hạn {late}, quá hạn {overdue}, "
                "chưa đến hạn {pending}, không có hạn {none}. Tỷ lệ đúng hạn: {rate}."
            ).format(
                period=report.period.label,
                total=format_count(t.total),
                on_time=format_count(t.on_time),
                late=format_count(t.late),
                overdue=format_count(t.overdue),
                pending=format_count(t.pending),
                none=format_count(t.no_deadline),
                rate=format_rate(t.rate),
            )
        )

    def _show_outgoing_summary(self, report: OutgoingReport) -> None:
        median = (
            tr("{d} ngày").format(d=f"{report.median_days:.1f}".replace(".", ","))
            if report.median_days is not None
            else "–"
        )
        self.summary.setText(
            tr(
                "{period}: đã ban hành {issued} văn bản; đang giải quyết {open}; thời gian từ "
                "dự thảo đến ban hành (trung vị): {median}. Văn bản đi không có thời hạn theo "
                "quy định nên không tính tỷ lệ đúng hạn."
            ).format(
                period=report.period.label,
                issued=format_count(report.issued),
                open=format_count(sum(r.count for r in report.in_progress)),
                median=median,
            )
        )

    # -- export
    def export_to(self, path: Path, fmt: str) -> None:
        """Write the chosen report to `path` ("docx" or "xlsx") in the background."""
        try:
            period: Period = self.periods.period()
        except UserError as exc:
            self._show_message(exc.message)
            return
        kind = self.current_kind()
        svc = self._space.statistics
        QueryOp(self, lambda: svc.export(kind, period, path, fmt=fmt)).success(
            guarded(self, self._on_exported)
        ).with_progress(tr("Đang xuất báo cáo…")).run()

    def _ask_path(self, fmt: str) -> Path | None:
        name = tr("bao-cao-{kind}-{period}.{ext}").format(
            kind=_FILE_KIND[self.current_kind()], period=self.periods.slug(), ext=fmt
        )
        filters = {"docx": tr("Văn bản Word (*.docx)"), "xlsx": tr("Bảng tính Excel (*.xlsx)")}
        chosen, _ = QFileDialog.getSaveFileName(
            self, tr("Xuất báo cáo"), str(Path.home() / name), filters[fmt]
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{fmt}" else path.with_name(path.name + f".{fmt}")

    def _on_docx_button_clicked(self) -> None:
        path = self._ask_path("docx")
        if path is not None:
            self.export_to(path, "docx")

    def _on_xlsx_button_clicked(self) -> None:
        path = self._ask_path("xlsx")
        if path is not None:
            self.export_to(path, "xlsx")

    def _on_exported(self, path: Path) -> None:
        self.status.setText(tr("Đã xuất báo cáo: {path}").format(path=path))
        self.exported.emit(path)

    # -- events
    def _on_kind_current_index_changed(self, _index: int) -> None:
        self._fill_groups()
        self._debounce.start()

    def _on_choice_changed(self, *_args: object) -> None:
        self._debounce.start()

    def _on_events_changed(self, changes: Changes, _initiator: object) -> None:
        del changes  # any change may move a figure
        if self.isVisible():
            self._debounce.start()
        else:
            self._dirty = True

    def _on_events_user_changed(self) -> None:
        self.refresh()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()
