"""Storage results: a typical day with load, PV, battery power and state of
charge (for a chosen battery, month and day type), the battery's monthly
bill savings, and the sizing view (:mod:`ui.results.sizing_view`).

Words come from the bilingual catalogue (``assets/terms/storage.json``).
The numbers are the engine's (``result.storage[i].charge_kw`` ...), only
averaged over the chosen days by :func:`typical_storage_day`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QLineSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from planner.terms import split_bilingual
from ui.editors.battery import T
from ui.results.adapters import hourly_average
from ui.results.charts import ResultChart, _symmetric_range, _value_axis, hour_axis
from ui.results.sizing_view import SizingView
from ui.widgets.labels import lang, month_label
from ui.widgets.layouts import refill_combo

LOAD, PV, BATTERY, GRID, SOC = "#3a6ea5", "#f2a900", "#2e7d32", "#8e8e8e", "#7b1fa2"


@dataclass
class StorageDay:
    """Average hour of the chosen days [kW], and stored energy at the end of the hour [kWh]."""

    load_kw: np.ndarray
    pv_kw: np.ndarray
    battery_kw: np.ndarray  # discharge - charge
    grid_import_kw: np.ndarray
    soc_kwh: np.ndarray
    n_days: int


def typical_storage_day(result, index: int, month: int, working_day: bool = True) -> StorageDay:
    """Average each hour of the day over the month's working (or rest) days.

    ``soc_kwh`` averages S at the end of each hour (``soc_kwh[1:]`` of the engine).
    """
    cal = result.calendar
    s = result.storage[index]
    mask = (np.asarray(cal.month) == month) & (np.asarray(cal.is_working_day) == working_day)
    hours = np.asarray(cal.hour)
    n_days = int(mask.sum() // 24)

    def avg(values) -> np.ndarray:
        return hourly_average(values, mask, hours)

    pv = result.pv.hourly_generation_kw if result.pv is not None else np.zeros(len(hours))
    return StorageDay(
        load_kw=avg(np.clip(result.after_kw, 0.0, None)),
        pv_kw=avg(pv),
        battery_kw=avg(np.asarray(s.discharge_kw) - np.asarray(s.charge_kw)),
        grid_import_kw=avg(result.grid_import_kw),
        soc_kwh=avg(np.asarray(s.soc_kwh)[1:]),
        n_days=n_days,
    )


def _line(values, name: str, color: str, width: float = 2.0, style=Qt.PenStyle.SolidLine) -> QLineSeries:
    s = QLineSeries()
    s.setName(name)
    vals = list(values) + [values[0]]
    s.append([QPointF(h, float(v)) for h, v in zip(range(25), vals, strict=True)])
    pen = QPen(QColor(color), width)
    pen.setStyle(style)
    s.setPen(pen)
    return s


class StorageDayChart(ResultChart):
    """Load, PV, battery power (discharge positive) and grid import [kW] on the
    left axis; stored energy [kWh] on the right."""

    def __init__(self, parent=None):
        self.index, self.month, self.working_day = 0, 6, True
        super().__init__(parent)

    def title(self) -> str:
        return T("storage.chart.title")

    def set_selection(self, index: int, month: int, working_day: bool) -> None:
        self.index, self.month, self.working_day = index, month, working_day
        self.render_chart()

    def _draw(self, chart: QChart, result) -> None:
        if not getattr(result, "storage", None) or self.index >= len(result.storage):
            return
        day = typical_storage_day(result, self.index, self.month, self.working_day)
        power = [
            _line(day.load_kw, T("storage.chart.load_kw"), LOAD, 2.5),
            _line(day.battery_kw, T("storage.chart.battery_kw"), BATTERY, 2.5),
            _line(day.grid_import_kw, T("storage.chart.grid_kw"), GRID, 2.0, Qt.PenStyle.DashLine),
        ]
        if day.pv_kw.any():
            power.insert(1, _line(day.pv_kw, T("storage.chart.pv_kw"), PV, 2.5))
        soc = _line(day.soc_kwh, T("storage.chart.soc_kwh"), SOC, 2.0, Qt.PenStyle.DotLine)
        for s in [*power, soc]:
            chart.addSeries(s)
        x = hour_axis(T("storage.chart.hour"))
        values = [float(v) for a in (day.load_kw, day.pv_kw, day.battery_kw, day.grid_import_kw) for v in a]
        lo, hi = _symmetric_range(values)
        y = _value_axis(lo, hi, "kW")
        e = float(self.result.storage[self.index].energy_kwh)
        y2 = _value_axis(0.0, max(e, 1.0), "kWh")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(y2, Qt.AlignmentFlag.AlignRight)
        for s in power:
            s.attachAxis(x)
            s.attachAxis(y)
        soc.attachAxis(x)
        soc.attachAxis(y2)


class StorageMonthlyChart(ResultChart):
    """Each battery's share of the monthly bill reduction [yuan] (``monthly_savings_yuan``)."""

    def title(self) -> str:
        return T("storage.chart.monthly_title")

    def _draw(self, chart: QChart, result) -> None:
        items = getattr(result, "storage", None) or []
        if not items:
            return
        series = QBarSeries()
        values: list[float] = []
        for s in items:
            bs = QBarSet(split_bilingual(s.name, lang()))
            bs.append([float(v) for v in s.monthly_savings_yuan])
            values += [float(v) for v in s.monthly_savings_yuan]
            series.append(bs)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([str(m) for m in range(1, 13)])  # "1".."12" under a "Month" title: month names do not fit
        x.setTitleText(T("report.mo.month"))
        lo, hi = _symmetric_range(values + [0.0])
        y = _value_axis(min(lo, 0.0), hi, "元" if T("storage.measure") == "储能" else "yuan")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)


class StorageTab(QWidget):
    """The storage tab of the results: pickers, the two charts and the sizing view.

    It listens to the document itself (``resultsReady``), so the results panel
    only adds it as a tab.
    """

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.day_chart = StorageDayChart(self)
        self.monthly_chart = StorageMonthlyChart(self)
        self.sizing = SizingView(document, self)
        self.note = QLabel(T("storage.chart.none"), self)
        self.battery_box, self.month_box, self.day_box = QComboBox(self), QComboBox(self), QComboBox(self)
        self.month_box.addItems([month_label(m) for m in range(1, 13)])
        self.month_box.setCurrentIndex(5)
        self.day_box.addItems([T("storage.chart.working_days"), T("storage.chart.rest_days")])
        top = QHBoxLayout()
        for label, box in (
            ("storage.chart.battery", self.battery_box),
            ("storage.chart.month", self.month_box),
            ("storage.chart.days", self.day_box),
        ):
            top.addWidget(QLabel(T(label), self))
            top.addWidget(box)
            top.addSpacing(10)
        top.addStretch(1)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        charts.setMinimumHeight(280)  # the page scrolls rather than squeeze the axes to "…" at 1366 x 768
        charts.addWidget(self.day_chart)
        charts.addWidget(self.monthly_chart)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.note)
        lay.addLayout(top)
        lay.addWidget(charts, 2)
        lay.addWidget(self.sizing, 2)
        for box in (self.battery_box, self.month_box, self.day_box):
            box.currentIndexChanged.connect(self._selection_changed)
        document.resultsReady.connect(self.set_result)
        document.resultsCleared.connect(self.clear)  # at once, shown or not: never another project's figures
        document.computeFailed.connect(self.clear)
        self.set_result(document.results)

    def clear(self, *_reason) -> None:
        """Another project is open, or this one cannot be computed: no battery, no charts, no sizing grid."""
        self.set_result(None)
        self.note.setText(T("storage.chart.no_results"))  # not "no battery": the project has no results at all
        self.sizing.clear()

    def set_result(self, result) -> None:
        items = list(getattr(result, "storage", None) or [])
        names = [s.name for s in items]
        refill_combo(self.battery_box, [split_bilingual(n, lang()) for n in names])
        self.note.setText(T("storage.chart.none"))
        self.note.setVisible(not items)
        self._apply_selection()
        self.day_chart.set_result(result)
        self.monthly_chart.set_result(result)
        self.sizing.set_batteries(names)

    def _apply_selection(self) -> None:
        self.day_chart.index = max(self.battery_box.currentIndex(), 0)
        self.day_chart.month = self.month_box.currentIndex() + 1
        self.day_chart.working_day = self.day_box.currentIndex() == 0

    def _selection_changed(self, *_args) -> None:
        self._apply_selection()
        self.day_chart.render_chart()
