"""A QtCharts line of an 8760-hour kW profile (the meter-data import preview)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


class ProfileChart(QChartView):
    """Line chart of hourly kW over the year (x: day of year, y: kW)."""

    def __init__(self, parent: QWidget | None = None):
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.series = QLineSeries()
        chart.addSeries(self.series)
        self.x_axis = QValueAxis()
        self.x_axis.setRange(0, 365)
        self.x_axis.setLabelFormat("%d")
        self.x_axis.setTickCount(13)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%.0f")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x_axis)
        self.series.attachAxis(self.y_axis)
        self.setMinimumHeight(180)
        self.retranslate()
        self.set_profile(None)

    def retranslate(self) -> None:
        self.x_axis.setTitleText(self.tr("Day of the year"))
        self.y_axis.setTitleText(self.tr("Load [kW]"))

    def set_profile(self, kw: np.ndarray | None) -> None:
        """Show 8760 hourly values; ``None`` clears the chart."""
        if kw is None or len(kw) == 0:
            self.series.clear()
            self.y_axis.setRange(0, 1)
            self.y_axis.setLabelsVisible(False)  # an empty chart has no kW scale ("0, 0, 1, 1, 1" would be noise)
            return
        self.y_axis.setLabelsVisible(True)
        kw = np.asarray(kw, dtype=float)
        x = np.arange(len(kw)) / 24.0
        self.series.replace([QPointF(float(a), float(b)) for a, b in zip(x, kw, strict=True)])
        top = float(np.nanmax(kw)) if np.isfinite(kw).any() else 1.0
        self.y_axis.setRange(0, top * 1.05 if top > 0 else 1.0)
        self.y_axis.applyNiceNumbers()
        self.x_axis.setRange(0, len(kw) / 24.0)

    def point_count(self) -> int:
        return self.series.count()
