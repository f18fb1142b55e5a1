"""Sensitivity: a tornado chart of NPV (QtCharts) and the table of every end point, plus break-even.

The figures are :func:`planner.analysis.sensitivity.sensitivity`'s (full
recomputes), computed off the GUI thread when the user presses Run (or the
document's results change while the view is shown).  The tornado shows, per
driver, NPV(low) - NPV(base) and NPV(high) - NPV(base) as two horizontal
bars, the widest swing on top.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QModelIndex, QPointF, Qt, Slot
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from planner.terms import term, unit
from ui.i18n import export_language
from ui.widgets.layouts import fill

from . import format as fmt
from .analysis_base import AnalysisView, RowsTableModel

SPIDER_POINTS = 5
"""NPV at this many evenly spaced values of each driver's range (full recomputes) for the spider plot."""

COLUMNS = (
    ("driver", "analysis.driver"),
    ("low", "analysis.low"),
    ("high", "analysis.high"),
    ("npv_low_yuan", "analysis.npv_low"),
    ("npv_high_yuan", "analysis.npv_high"),
    ("irr_low_pct", "analysis.irr_low"),
    ("irr_high_pct", "analysis.irr_high"),
    ("payback_low_years", "analysis.payback_low"),
    ("payback_high_years", "analysis.payback_high"),
)


def _lang() -> str:
    return export_language()


def driver_label(driver: str) -> str:
    return term(f"driver.{driver}", _lang())


def _pct_change(x: float | None) -> str:
    return fmt.na() if x is None else f"{x:+.1f} %"


SPIDER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")
"""One distinct colour per driver line (matplotlib's tab10, without olive)."""


class SensitivityTableModel(RowsTableModel):
    """One row per driver of a sensitivity result."""

    COLUMNS = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result = None

    def set_result(self, result) -> None:
        self.result = result
        self.set_rows(result.drivers if result is not None else [])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.result is None:
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        value = getattr(row, key)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "driver":
            return driver_label(value)
        if key in ("low", "high"):
            u = unit(f"driver.{row.driver}", _lang())
            return f"{value:+g} {u}"
        if key.startswith("npv"):
            return fmt.yuan_exact(value)
        if key.startswith("irr"):
            return fmt.percent(value, 2)
        return fmt.years(value, self._years())

    def _years(self) -> int | None:
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        key = COLUMNS[section][1]
        u = unit(key, _lang())
        return term(key, _lang()) + (f" [{u}]" if u else "")


class SensitivityView(AnalysisView):
    """Tornado, table and break-even of a document's project."""

    def __init__(self, document, parent=None):
        super().__init__(document, parent)
        self.target_label = QLabel(self)
        self.target = QDoubleSpinBox(self)
        self.target.setRange(0, 50)
        self.target.setDecimals(1)
        self.target.setSpecialValueText("—")  # 0 = no target
        self.target.setValue(5.0)
        self.run_button = QPushButton(self)
        self.run_button.clicked.connect(self.run)
        self.break_even = QLabel(self)
        self.break_even.setWordWrap(True)
        self.model = SensitivityTableModel(self)
        self.table = self.table_view(self.model)
        self.chart = self.chart_view(260)
        self.spider_chart = self.chart_view(260)

        top = fill(QHBoxLayout(), (self.title, 1), self.target_label, self.target, self.run_button)
        charts = fill(QHBoxLayout(), (self.chart, 1), (self.spider_chart, 1))
        fill(QVBoxLayout(self), top, (charts, 2), self.break_even, (self.table, 1))
        self._retranslate()

    def run(self) -> None:
        from planner.analysis.sensitivity import sensitivity

        project, base = self.doc.project, self.doc.base_dir
        target = self.target.value() or None
        if target is not None:
            target = min(target, float(project.finance.analysis_years))
        self.run_button.setEnabled(False)
        self.runner.start(
            lambda progress: sensitivity(project, base, payback_target_years=target, spider_points=SPIDER_POINTS)
        )

    @Slot(object, str)
    def _on_finished(self, result, error: str) -> None:
        self.run_button.setEnabled(True)
        self.error = error
        if error:
            self.break_even.setText(error)
            return
        self.result = result
        self.model.set_result(result)
        self._draw()

    def tornado_rows(self) -> list[tuple[str, float, float]]:
        """(driver, NPV(low) - base, NPV(high) - base) [yuan], widest swing first."""
        if self.result is None:
            return []
        base = self.result.npv_yuan
        rows = [(d.driver, d.npv_low_yuan - base, d.npv_high_yuan - base) for d in self.result.drivers]
        return sorted(rows, key=lambda r: -abs(r[2] - r[1]))

    def _draw(self) -> None:
        lang = _lang()
        chart = QChart()
        chart.setTitle(term("analysis.tornado", lang))
        rows = self.tornado_rows()
        if rows:
            rows = rows[::-1]  # QtCharts draws the first category at the bottom
            low = QBarSet(term("analysis.low", lang))
            high = QBarSet(term("analysis.high", lang))
            low.setColor(QColor("#c62828"))
            high.setColor(QColor("#2e7d32"))
            for _, lo, hi in rows:
                low.append(lo / 1e4)
                high.append(hi / 1e4)
            series = QHorizontalBarSeries()
            series.append(low)
            series.append(high)
            chart.addSeries(series)
            ay = QBarCategoryAxis()
            ay.append([driver_label(d) for d, _, _ in rows])
            ax = QValueAxis()
            span = max(max(abs(lo), abs(hi)) for _, lo, hi in rows) / 1e4 or 1.0
            ax.setRange(-span * 1.1, span * 1.1)
            ax.setTitleText(f"{term('analysis.npv_change', lang)} [{unit('analysis.npv_change', lang)}]")
            chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(ay)
            series.attachAxis(ax)
        self.chart.setChart(chart)
        self._draw_spider()
        r = self.result
        if r is None:
            self.break_even.setText("")
            return
        lines = [
            term("analysis.break_even_price", lang, x=_pct_change(r.energy_price_break_even_pct)),
            term("analysis.break_even_capex", lang, x=_pct_change(r.capex_break_even_pct)),
        ]
        if r.payback_target_years is not None:
            lines.append(
                term(
                    "analysis.price_for_payback",
                    lang,
                    t=f"{r.payback_target_years:g}",
                    x=_pct_change(r.energy_price_for_payback_pct),
                )
            )
        self.break_even.setText("    ".join(lines))

    def _draw_spider(self) -> None:
        """NPV [10k yuan] against the driver value (% or points), one line per driver."""
        lang = _lang()
        chart = QChart()
        chart.setTitle(term("analysis.spider", lang))
        spider = self.result.spider if self.result is not None else []
        if spider:
            ax = QValueAxis()
            ay = QValueAxis()
            xs = [x for line in spider for x in line["x"]]
            ys = [v / 1e4 for line in spider for v in line["npv_yuan"]]
            for k, line in enumerate(spider):
                series = QLineSeries()
                series.setName(driver_label(line["driver"]))
                series.setPen(QPen(QColor(SPIDER_COLOURS[k % len(SPIDER_COLOURS)]), 2.0))
                for x, v in zip(line["x"], line["npv_yuan"], strict=True):
                    series.append(QPointF(float(x), v / 1e4))
                chart.addSeries(series)
            ax.setRange(min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1)
            ax.setTitleText(term("analysis.spider_x", lang))
            ax.setTickCount(5)
            ax.setLabelFormat("%.0f")
            pad = (max(ys) - min(ys)) * 0.05 or 1.0
            ay.setRange(min(ys) - pad, max(ys) + pad)
            ay.setTitleText(f"NPV [{unit('analysis.npv_change', lang)}]")
            chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
            for series in chart.series():
                series.attachAxis(ax)
                series.attachAxis(ay)
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)  # eight names do not fit above a half chart
        self.spider_chart.setChart(chart)

    def _retranslate(self) -> None:
        lang = _lang()
        self.title.setText(term("analysis.sensitivity", lang))
        self.target_label.setText(f"{term('analysis.payback_target', lang)} [{unit('analysis.payback_target', lang)}]")
        self.run_button.setText(term("analysis.run", lang))
        self.model.set_result(self.result)
        self._draw()
