"""Bar charts of the statistics (PyQt6-Charts) and the colours every figure uses."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PyQt6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PyQt6.QtCore import QMargins, Qt
from PyQt6.QtGui import QColor, QFont, QPainter
from PyQt6.QtWidgets import QWidget

from app.i18n import tr

ON_TIME = QColor("#2e7d32")  # đúng hạn
LATE = QColor("#f9a825")  # trễ hạn
OVERDUE = QColor("#c62828")  # quá hạn
NEAR_DUE = QColor("#ef6c00")  # sắp đến hạn
NEUTRAL = QColor("#1f5fa8")
SECOND = QColor("#8d6e63")
MAX_CATEGORIES = 24  # more bars than this are unreadable: the table has them all
LABEL_CHARS = 18


def nice_step(top: int) -> int:
    """A round tick interval (1, 2, 5, 10, 20, 50 …) giving at most 6 whole-number ticks."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if top <= 6 * step:
                return step
        magnitude *= 10


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A category label cut to fit under a bar."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


class BarChartView(QChartView):
    """A chart view showing one set of bars per series over the same categories."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.show_bars([], [])

    def show_bars(
        self,
        categories: Sequence[str],
        series: Sequence[tuple[str, QColor, Sequence[int]]],
        *,
        stacked: bool = False,
        title: str = "",
    ) -> None:
        """Draw `series` (name, colour, one value per category); an empty chart says so."""
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        legend = chart.legend()
        assert legend is not None  # a chart always has one
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
        if title:
            chart.setTitle(title)
        limit = LABEL_CHARS if len(categories) > 6 else 2 * LABEL_CHARS
        cats = [short(c, limit) for c in categories[:MAX_CATEGORIES]]
        if not cats or not series:
            chart.setTitle(title or tr("Chưa có số liệu để vẽ biểu đồ."))
            legend.hide()
            self.setChart(chart)
            return
        bars: QAbstractBarSeries = QStackedBarSeries() if stacked else QBarSeries()
        top = 0
        for name, colour, values in series:
            bar_set = QBarSet(name)
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour)
            shown = [int(v) for v in values[:MAX_CATEGORIES]]
            bar_set.append([float(v) for v in shown])
            bars.append(bar_set)
            top = max(top, *shown) if not stacked else top
        if stacked:
            top = max(sum(int(values[i]) for _n, _c, values in series) for i in range(len(cats)))
        chart.addSeries(bars)
        x_axis = QBarCategoryAxis()
        x_axis.append(cats)
        small = QFont()
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1))
        x_axis.setLabelsFont(small)
        if len(cats) > 6 and max(len(c) for c in cats) > 6:
            x_axis.setLabelsAngle(-40)
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        step = nice_step(top)
        y_axis.setRange(0, step * max(1, math.ceil(top / step)))
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0)
        y_axis.setTickInterval(step)
        y_axis.setLabelsFont(small)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
        self.setChart(chart)

    def bar_values(self) -> list[tuple[str, list[float]]]:
        """The series on show, as (name, values): for tests."""
        chart = self.chart()
        found: list[tuple[str, list[float]]] = []
        if chart is None:
            return found
        for series in chart.series():
            if isinstance(series, QAbstractBarSeries):
                for bar_set in series.barSets():
                    found.append((bar_set.label(), [bar_set.at(i) for i in range(bar_set.count())]))
        return found
