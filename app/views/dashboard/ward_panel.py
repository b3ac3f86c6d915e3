"""A leader's view of the ward on the dashboard: this month, this year, overdue now, a chart."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import tr
from app.services.statistics_dto import (
    KEY_STATISTICS,
    OnTimeCounts,
    WardFigures,
    format_count,
    format_rate,
)
from app.views.statistics.chart import LATE, ON_TIME, OVERDUE, BarChartView


class WardPanel(QGroupBox):
    """The ward's figures; "Xem thống kê chi tiết" asks for the statistics page.

    Signals:
        open_requested(object): "statistics".
    """

    open_requested = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Số liệu toàn phường"), parent)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        headings = (
            "",
            tr("Văn bản đến đã vào sổ"),
            tr("Đã hoàn thành"),
            tr("Tỷ lệ đúng hạn"),
            tr("Văn bản đi đã ban hành"),
        )
        for col, text in enumerate(headings):
            label = QLabel(text, self)
            label.setObjectName("hintLabel")
            self.grid.addWidget(label, 0, col)
        self.rows: list[list[QLabel]] = []
        for row in (1, 2):
            labels = [QLabel(self) for _ in headings]
            for col, label in enumerate(labels):
                label.setAlignment(
                    Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
                )
                self.grid.addWidget(label, row, col)
            self.rows.append(labels)
        self.overdue = QLabel(self)
        self.overdue.setWordWrap(True)
        self.chart = BarChartView(self)
        self.chart.setMinimumHeight(210)
        self.details = QPushButton(tr("Xem thống kê chi tiết…"), self)
        self.details.clicked.connect(self._on_details_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.overdue)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.details, 0, Qt.AlignmentFlag.AlignRight)

    def show_figures(self, ward: WardFigures) -> None:
        """Fill the panel."""
        for labels, period, counts, issued in (
            (self.rows[0], ward.month, ward.month_incoming, ward.month_outgoing_issued),
            (self.rows[1], ward.year, ward.year_incoming, ward.year_outgoing_issued),
        ):
            _fill(labels, period.label, counts, issued)
        colour = "#c62828" if ward.incoming_overdue or ward.tasks_overdue else "#2e7d32"
        self.overdue.setText(
            tr(
                "Đang quá hạn: {docs} văn bản đến; {tasks} công việc "
                "(trong {open} công việc chưa hoàn thành)."
            ).format(
                docs=format_count(ward.incoming_overdue),
                tasks=format_count(ward.tasks_overdue),
                open=format_count(ward.tasks_open),
            )
        )
        self.overdue.setStyleSheet(f"color: {colour}; font-weight: bold;")
        months = ward.by_month
        self.chart.show_bars(
            [tr("T{m}").format(m=int(r.key[5:])) for r in months],
            [
                (tr("Đúng hạn"), ON_TIME, [r.counts.on_time for r in months]),
                (tr("Trễ hạn"), LATE, [r.counts.late for r in months]),
                (tr("Quá hạn"), OVERDUE, [r.counts.overdue for r in months]),
            ],
            stacked=True,
            title=tr("Văn bản đến năm {y} theo tháng đến").format(y=ward.year.start.year),
        )

    def _on_details_clicked(self) -> None:
        self.open_requested.emit(KEY_STATISTICS)


def _fill(labels: list[QLabel], period: str, counts: OnTimeCounts, issued: int) -> None:
    texts = (
        period,
        format_count(counts.total),
        format_count(counts.completed),
        format_rate(counts.rate),
        format_count(issued),
    )
    for label, text in zip(labels, texts, strict=True):
        label.setText(text)
