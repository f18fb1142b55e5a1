"""QtCharts views of a :class:`planner.engine.chain.ProjectResult`.

Each chart keeps the last result and redraws on ``set_result`` and on a
language change.  They display engine numbers only (scaled to the axis unit).

A chart on screen redraws in an event-loop turn of its own (:class:`_RedrawQueue`,
one chart per turn, so the KPI cards and each chart are painted before the next
is drawn); a chart hidden in a shown window (another tab) redraws when it is
shown; a chart outside a shown window, and every clearing (``set_result(None)``),
redraws at once.  Reading the chart (``chart()``, ``series_names()``) first
brings it up to date (issue 9, item 12).
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.labels import t

from . import format as fmt
from .adapters import monthly_stack, typical_day
from .kpi import has_loan

PERIOD_COLORS = {
    "critical_peak": "#b71c1c",
    "peak": "#ef6c00",
    "flat": "#fbc02d",
    "valley": "#4fa3d9",
    "deep_valley": "#1f4e79",
    "basic": "#9e9e9e",
    "pf": "#c0392b",
    "surcharges": "#795548",
    "emc": "#8e44ad",
    "export": "#43a047",
}

STORAGE_COLOR = "#00838f"  # the battery's share of the saving, hatched
BLUE = "#1565c0"
ORANGE = "#ef6c00"
GREY = "#757575"
GREEN = "#2e7d32"
RED = "#c62828"
PV_COLOR = "#f9a825"


def _nice_step(span: float, max_ticks: int = 6) -> float:
    """A round tick interval (1, 2, 2.5, 5 x 10^k) giving at most ``max_ticks`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max_ticks
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= raw:
            return m * exp
    return 10 * exp


def _label_format(step: float) -> str:
    if step >= 1 and float(step).is_integer():
        return "%.0f"
    if step * 10 >= 1 and float(round(step * 10, 9)).is_integer():
        return "%.1f"
    return "%.2f"


def _value_axis(lo: float, hi: float, title: str, ticks: int = 6) -> QValueAxis:
    """A value axis on round numbers covering [lo, hi] (and 0), ticks anchored at 0."""
    lo = min(lo, 0.0)
    hi = max(hi, 0.0)
    if hi <= lo:
        hi = lo + 1
    step = _nice_step(hi - lo, ticks)
    lo2 = math.floor(lo / step + 1e-9) * step
    hi2 = math.ceil(hi / step - 1e-9) * step if hi > 0 else 0.0
    if lo2 == hi2:
        hi2 = lo2 + step
    axis = QValueAxis()
    axis.setRange(lo2, hi2)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0.0)
    axis.setTickInterval(step)
    axis.setLabelFormat(_label_format(step))
    axis.setTitleText(title)
    return axis


def _symmetric_range(values: list[float]) -> tuple[float, float]:
    """The data range with a little headroom (the axis rounds it)."""
    lo = min(0.0, min(values, default=0.0))
    hi = max(0.0, max(values, default=0.0))
    if lo < 0 and -lo < 0.02 * hi:
        lo = 0.0  # a sliver below zero (a small export credit) is not worth half an axis
    pad = 0.04 * (hi - lo or 1.0)
    return (lo - pad if lo < 0 else 0.0), (hi + pad if hi > 0 else 0.0)


class _RedrawQueue(QObject):
    """The charts on screen waiting to redraw: one per event-loop turn, in the order they were asked."""

    def __init__(self) -> None:
        super().__init__()
        self._charts: list[ResultChart] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    def add(self, chart: ResultChart) -> None:
        if chart not in self._charts:
            self._charts.append(chart)
        if not self._timer.isActive():
            self._timer.start()

    def _next(self) -> None:
        while self._charts:
            chart = self._charts.pop(0)
            try:
                if chart.redraw_pending():
                    chart.flush()
                    break
            except RuntimeError:  # deleted meanwhile
                continue
        if self._charts:
            self._timer.start()


_queue: _RedrawQueue | None = None


def _redraw_queue() -> _RedrawQueue:
    global _queue
    if _queue is None:
        _queue = _RedrawQueue()
    return _queue


class ResultChart(QChartView):
    """Base: a chart view that renders the latest result in the current language."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result = None
        self._stale = False
        chart = QChart()
        chart.setTheme(QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundRoundness(4)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(280, 180)  # two rows of charts fit a 1366 x 768 screen

    @property
    def result(self):
        return self._result

    def set_result(self, result) -> None:
        self._result = result
        self.invalidate(now=result is None)  # clearing is never deferred: no figures of another project

    def invalidate(self, now: bool = False) -> None:
        """Redraw from the current result: at once (``now``, or outside a shown window), in a turn of its
        own when on screen, or when next shown when hidden in a shown window."""
        self._stale = True
        if now or not self.window().isVisible():
            self.flush()
        elif self.isVisible():
            _redraw_queue().add(self)

    def redraw_pending(self) -> bool:
        return self._stale

    def flush(self) -> None:
        """Redraw now if the drawing is behind the result (or the language)."""
        if self._stale:
            self.render_chart()

    def chart(self) -> QChart:
        self.flush()
        return super().chart()

    def showEvent(self, event) -> None:  # noqa: N802
        self.flush()
        super().showEvent(event)

    def render_chart(self) -> None:
        self._stale = False
        chart = super().chart()
        chart.removeAllSeries()
        for axis in list(chart.axes()):
            chart.removeAxis(axis)
        title_font = QFont(self.font())
        title_font.setPointSizeF(max(self.font().pointSizeF(), 9) + 1)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setTitle(self.title())
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1.0, 7.0))
        chart.legend().setFont(small)
        if self._result is not None:
            self._draw(chart, self._result)

    def title(self) -> str:  # overridden
        return ""

    def _draw(self, chart: QChart, result) -> None:  # overridden
        raise NotImplementedError

    def series_names(self) -> list[str]:
        return [s.name() for s in self.chart().series()]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.invalidate()
        super().changeEvent(event)


class CashFlowChart(ResultChart):
    """Cumulative (and discounted cumulative) net cash flow by year, payback marked."""

    def title(self) -> str:
        return self.tr("Cumulative cash flow")

    def _draw(self, chart: QChart, result) -> None:
        cf = result.cash_flow
        scale, unit = fmt.money_scale()
        years = cf["year"].to_numpy(float)
        cum = cf["cumulative_yuan"].to_numpy(float) / scale
        disc = cf["discounted_cumulative_yuan"].to_numpy(float) / scale

        s_cum = QLineSeries()
        s_cum.setName(self.tr("Cumulative net cash flow"))
        s_cum.append([QPointF(x, y) for x, y in zip(years, cum, strict=True)])
        s_cum.setPen(QPen(QColor(BLUE), 2.5))
        s_disc = QLineSeries()
        s_disc.setName(self.tr("Discounted"))
        s_disc.append([QPointF(x, y) for x, y in zip(years, disc, strict=True)])
        pen = QPen(QColor(ORANGE), 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        s_disc.setPen(pen)
        zero = QLineSeries()
        zero.append([QPointF(float(years[0]), 0.0), QPointF(float(years[-1]), 0.0)])
        zero.setPen(QPen(QColor(GREY), 1))
        for s in (zero, s_cum, s_disc):
            chart.addSeries(s)

        marks = []
        payback = result.summary.payback_years
        if payback is not None and math.isfinite(payback):
            p = QScatterSeries()
            name = t("kpi.payback_years")  # static payback: cumulative, undiscounted
            if has_loan(result):
                name = t("format.equity", label=name)
            p.setName(name)
            p.setMarkerSize(11)
            p.setColor(QColor(RED))
            p.setBorderColor(QColor("white"))
            p.append(float(payback), 0.0)
            p.setPointLabelsVisible(True)
            p.setPointLabelsClipping(False)
            p.setPointLabelsFormat(f"{name} {fmt.years(payback)}")
            p.setPointLabelsColor(QColor(RED))
            chart.addSeries(p)
            marks.append(p)

        x = QValueAxis()
        n = int(years[-1]) if len(years) else 1
        x.setRange(0, max(n, 1))
        x.setTickType(QValueAxis.TickType.TicksDynamic)
        x.setTickAnchor(0)
        x.setTickInterval(1 if n <= 10 else (2 if n <= 20 else 5))
        x.setLabelFormat("%d")
        x.setTitleText(self.tr("Year"))
        lo, hi = _symmetric_range(list(cum) + list(disc))
        y = _value_axis(lo, hi, unit)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        guides = [zero]
        if marks:
            vline = QLineSeries()
            vline.append([QPointF(float(payback), y.min()), QPointF(float(payback), y.max())])
            vpen = QPen(QColor(RED), 1)
            vpen.setStyle(Qt.PenStyle.DotLine)
            vline.setPen(vpen)
            chart.addSeries(vline)
            guides.append(vline)
        for s in [*guides, s_cum, s_disc, *marks]:
            s.attachAxis(x)
            s.attachAxis(y)
        for g in guides:
            chart.legend().markers(g)[0].setVisible(False)


class MeasureSavingsChart(ResultChart):
    """First-year savings of each measure (horizontal bars, largest on top; the largest :attr:`MAX_BARS`)."""

    MAX_BARS = 15

    def title(self) -> str:
        return self.tr("First-year savings by measure")

    def _draw(self, chart: QChart, result) -> None:
        scale, unit = fmt.money_scale()
        # the largest MAX_BARS (a selection, not a computation): thousands of bars are unreadable and slow
        rows = sorted(result.measures, key=lambda m: m.first_year_savings_yuan)[-self.MAX_BARS :]
        if len(result.measures) > self.MAX_BARS:
            chart.setTitle(
                self.tr("First-year savings, largest %1 of %2 measures")
                .replace("%1", str(self.MAX_BARS))
                .replace("%2", str(len(result.measures)))
            )
        bars = QBarSet(self.tr("First-year savings"))
        bars.setColor(QColor(GREEN))
        bars.setBorderColor(QColor(GREEN))
        bars.setLabelColor(QColor("#1f2933"))
        names = []
        for m in rows:
            bars.append(m.first_year_savings_yuan / scale)
            name = fmt.short_name(m.name)
            if len(name) > 32:
                name = name[:31] + "…"
            while name in names:
                name += " "
            names.append(name)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setBarWidth(0.6)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(3)
        chart.addSeries(series)
        cat = QBarCategoryAxis()
        cat.append(names or [" "])
        values = [m.first_year_savings_yuan / scale for m in rows]
        lo, hi = _symmetric_range(values)
        hi = hi * 1.15 if hi > 0 else hi  # room for the value labels
        val = _value_axis(lo, hi, unit, ticks=5)
        chart.addAxis(cat, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(val, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(cat)
        series.attachAxis(val)
        chart.legend().setVisible(False)


class MonthlyBillChart(ResultChart):
    """First-year monthly bill before (left, pale) and after (right) each month,
    stacked by TOU period, basic charge, EMC payments and PV export credit (negative)."""

    def title(self) -> str:
        return self.tr("Monthly bill, year 1: before (pale) / after, by TOU period")

    def _draw(self, chart: QChart, result) -> None:
        scale, unit = fmt.money_scale()
        ms = monthly_stack(result)
        components = list(ms.periods) + ["basic", "pf", "surcharges", "emc", "export"]
        labels = {p: fmt.period(p) for p in ms.periods}
        labels.update(basic=self.tr("Basic charge"), emc=self.tr("EMC payment"), export=self.tr("PV export credit"))
        labels.update(pf=self.tr("Power-factor adjustment"), surcharges=self.tr("Funds and surcharges"))
        series = QStackedBarSeries()
        series.setBarWidth(0.92)
        n_months = len(ms.bill_before)
        totals = []
        for comp in components:
            b = ms.before[comp]
            a = ms.after[comp]
            if not (abs(b).sum() > 0 or abs(a).sum() > 0):
                continue
            s = QBarSet(labels[comp])
            color = QColor(PERIOD_COLORS[comp])
            s.setColor(color)
            s.setBorderColor(color)
            pale = QColor(color)
            pale.setAlpha(110)
            s.setSelectedColor(pale)
            for m in range(n_months):
                s.append(float(b[m]) / scale)
                s.append(float(a[m]) / scale)
                s.append(0.0)  # gap between months
            s.selectBars([3 * m for m in range(n_months)])
            series.append(s)
        if ms.storage_saving is not None and abs(ms.storage_saving).sum() > 0:
            series.append(self._storage_share_set(ms.storage_saving, scale))
        chart.addSeries(series)
        pos = [0.0] * (3 * n_months)
        neg = [0.0] * (3 * n_months)
        for s in series.barSets():
            for i in range(s.count()):
                v = s.at(i)
                if v >= 0:
                    pos[i] += v
                else:
                    neg[i] += v
        totals = pos + neg
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        x.setStartValue(-0.5)
        for m in range(n_months):
            x.append(str(m + 1), 3 * m + 1.5)
        x.setRange(-0.5, 3 * n_months - 0.5)
        x.setTitleText(self.tr("Month"))
        x.setGridLineVisible(False)
        month_font = QFont(self.font())
        month_font.setPointSizeF(max(self.font().pointSizeF() - 1.5, 6.5))
        x.setLabelsFont(month_font)  # "10", "11", "12" fit under their bars at 1366 x 768
        lo, hi = _symmetric_range(totals)
        y = _value_axis(lo, hi, unit)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _storage_share_set(saving, scale: float) -> QBarSet:
        """The battery's share of the saving (issue 11), hatched on top of each "after" bar: the bill the
        month would have had without the battery is that bar's top."""
        s = QBarSet(t("chart.storage_share"))
        color = QColor(STORAGE_COLOR)
        s.setColor(color)
        s.setBorderColor(color)
        s.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
        for v in saving:
            s.append(0.0)
            s.append(float(v) / scale)
            s.append(0.0)
        return s


def hour_axis(title: str) -> QValueAxis:
    """The 0-24 h axis of a typical day, a tick every 3 h."""
    x = QValueAxis()
    x.setRange(0, 24)
    x.setTickType(QValueAxis.TickType.TicksDynamic)
    x.setTickAnchor(0)
    x.setTickInterval(3)
    x.setLabelFormat("%d")
    x.setTitleText(title)
    return x


class TypicalDayChart(ResultChart):
    """Average hourly load of a month's working or rest days: baseline,
    after the efficiency measures, PV output and grid import."""

    def __init__(self, parent=None):
        self.month = 6
        self.working_day = True
        super().__init__(parent)

    def title(self) -> str:
        return self.tr("Typical day")

    def set_selection(self, month: int, working_day: bool) -> None:
        self.month = month
        self.working_day = working_day
        self.render_chart()

    def _draw(self, chart: QChart, result) -> None:
        day = typical_day(result, self.month, self.working_day)
        hours = list(range(25))

        def line(values, name, color, width=2.0, style=Qt.PenStyle.SolidLine) -> QLineSeries:
            s = QLineSeries()
            s.setName(name)
            vals = list(values) + [values[0]]  # close the day at 24:00
            s.append([QPointF(h, float(v)) for h, v in zip(hours, vals, strict=True)])
            pen = QPen(QColor(color), width)
            pen.setStyle(style)
            s.setPen(pen)
            return s

        series = [
            line(day.baseline_kw, self.tr("Baseline load"), GREY, 2.0),
            line(day.after_kw, self.tr("After efficiency"), BLUE, 2.5),
        ]
        if day.pv_kw is not None:
            series.append(line(day.pv_kw, self.tr("PV output"), PV_COLOR, 2.5))
            series.append(line(day.grid_import_kw, self.tr("Grid import"), GREEN, 2.0, Qt.PenStyle.DashLine))
        for s in series:
            chart.addSeries(s)
        x = hour_axis(self.tr("Hour"))
        values = [float(v) for s in (day.baseline_kw, day.after_kw, day.grid_import_kw) for v in s]
        if day.pv_kw is not None:
            values += [float(v) for v in day.pv_kw]
        lo, hi = _symmetric_range(values)
        y = _value_axis(lo, hi, self.tr("kW"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in series:
            s.attachAxis(x)
            s.attachAxis(y)


class TypicalDayWidget(QWidget):
    """The typical-day chart with its month and day-type pickers."""

    selectionChanged = Signal(int, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart_view = TypicalDayChart(self)
        self.month_box = QComboBox(self)
        self.day_box = QComboBox(self)
        self.month_label = QLabel(self)
        self.day_label = QLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.month_label)
        top.addWidget(self.month_box)
        top.addSpacing(12)
        top.addWidget(self.day_label)
        top.addWidget(self.day_box)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.chart_view, 1)
        self.retranslate()
        self.month_box.setCurrentIndex(self.chart_view.month - 1)
        self.month_box.currentIndexChanged.connect(self._changed)
        self.day_box.currentIndexChanged.connect(self._changed)

    def set_result(self, result) -> None:
        self.chart_view.set_result(result)

    def _changed(self, *_):
        month = self.month_box.currentIndex() + 1
        working = self.day_box.currentIndex() == 0
        self.chart_view.set_selection(month, working)
        self.selectionChanged.emit(month, working)

    def retranslate(self) -> None:
        self.month_label.setText(self.tr("Month:"))
        self.day_label.setText(self.tr("Days:"))
        mi, di = self.month_box.currentIndex(), self.day_box.currentIndex()
        self.month_box.blockSignals(True)
        self.day_box.blockSignals(True)
        self.month_box.clear()
        months = [
            self.tr("January"),
            self.tr("February"),
            self.tr("March"),
            self.tr("April"),
            self.tr("May"),
            self.tr("June"),
            self.tr("July"),
            self.tr("August"),
            self.tr("September"),
            self.tr("October"),
            self.tr("November"),
            self.tr("December"),
        ]
        self.month_box.addItems(months)
        self.day_box.clear()
        self.day_box.addItems([self.tr("Working days"), self.tr("Rest days")])
        self.month_box.setCurrentIndex(mi if mi >= 0 else self.chart_view.month - 1)
        self.day_box.setCurrentIndex(di if di >= 0 else 0)
        self.month_box.blockSignals(False)
        self.day_box.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
