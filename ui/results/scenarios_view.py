"""Scenarios side by side: KPI table (best per KPI marked), cumulative cash flow, savings by measure.

Reads ``document.project`` / ``document.base_dir``; recomputes the comparison
off the GUI thread whenever the document's results change.  "Duplicate as
scenario" adds an empty scenario (a copy of the base) to the project through
``document.edit`` (one undo command); "Remove scenario" removes the selected
one the same way.  The table and the charts only display
:func:`planner.analysis.scenarios.compare`'s numbers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from planner.terms import split_bilingual, term
from ui.i18n import export_language
from ui.widgets.layouts import fill

from . import format as fmt
from .analysis_base import AnalysisView, attach_axes, value_axis
from .charts import MeasureSavingsChart

KPIS: tuple[tuple[str, str], ...] = (
    # summary attribute, how to format
    ("capex_yuan", "money"),
    ("first_year_savings_yuan", "money"),
    ("npv_yuan", "money"),
    ("irr_pct", "percent"),
    ("simple_payback_years", "years"),
    ("payback_years", "years"),
    ("discounted_payback_years", "years"),
    ("lifetime_co2_avoided_t", "tonnes"),
)
KPI_LABELS = {
    "capex_yuan": ("投资", "Capex"),
    "first_year_savings_yuan": ("首年节省", "First-year savings"),
    "npv_yuan": ("净现值", "NPV"),
    "irr_pct": ("内部收益率", "IRR"),
    "lifetime_co2_avoided_t": ("寿命期减排 CO₂", "Lifetime CO₂ avoided"),
}


_ROOT = QModelIndex()
"""The invalid (root) index, the default parent of a table model's row/column counts."""


def _lang() -> str:
    return export_language()


def kpi_label(key: str) -> str:
    from planner.terms import has_term

    if has_term(f"kpi.{key}"):
        return term(f"kpi.{key}", _lang())
    zh, en = KPI_LABELS[key]
    return zh if _lang() == "zh" else en


class ScenarioTableModel(QAbstractTableModel):
    """Rows: KPIs; columns: the base and each scenario.  The best value of a row is bold with a star."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cmp = None

    def set_comparison(self, cmp) -> None:
        self.beginResetModel()
        self._cmp = cmp
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._cmp is None else len(KPIS)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._cmp is None else len(self._cmp.scenarios)

    def is_best(self, row: int, col: int) -> bool:
        key = KPIS[row][0]
        return (
            self._cmp is not None
            and len(self._cmp.scenarios) > 1
            and self._cmp.best.get(key) == (self._cmp.scenarios[col].name)
        )

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._cmp is None:
            return None
        key, kind = KPIS[index.row()]
        s = self._cmp.scenarios[index.column()].summary
        value = getattr(s, key)
        if role == Qt.ItemDataRole.DisplayRole:
            text = fmt.years(value, s.analysis_years) if kind == "years" else getattr(fmt, kind)(value)
            return f"{text}  ★" if self.is_best(index.row(), index.column()) else text
        if role == Qt.ItemDataRole.FontRole and self.is_best(index.row(), index.column()):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._cmp is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = self._cmp.scenarios[section].name
            return split_bilingual(name, _lang())  # as the charts' legends
        return kpi_label(KPIS[section][0])


class ScenariosView(AnalysisView):
    """The scenario comparison of a document."""

    def __init__(self, document, parent=None):
        super().__init__(document, parent)
        self.comparison = None
        self.duplicate_button = QPushButton(self)
        self.duplicate_button.clicked.connect(self.duplicate_as_scenario)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()

        self.model = ScenarioTableModel(self)
        self.table = self.table_view(self.model, row_header=True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cash_chart = self.chart_view(220)
        self.savings_chart = self.chart_view(220)

        top = fill(QHBoxLayout(), (self.title, 1), self.duplicate_button, self.remove_button)
        charts = fill(QHBoxLayout(), (self.cash_chart, 1), (self.savings_chart, 1))
        fill(QVBoxLayout(self), top, self.message, (self.table, 1), (charts, 1))

        self._retranslate()
        if hasattr(document, "resultsReady"):
            document.resultsReady.connect(self._on_results)  # bound: disconnected when the view goes

    def _on_results(self, result) -> None:
        if result is None:  # the project cannot be computed: nothing to compare
            self.clear()
        else:
            self.refresh()

    def _forget(self) -> None:
        self.comparison = None
        self.message.hide()

    # -- actions ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the comparison in the background."""
        from planner.analysis.scenarios import compare

        project, base = self.doc.project, self.doc.base_dir
        self.runner.start(lambda progress: compare(project, base))

    def duplicate_as_scenario(self) -> str:
        """Add a scenario with no changes (one undo command); returns its name."""
        existing = {s.name for s in self.doc.project.scenarios or []}
        n = len(existing) + 1
        while term("analysis.new_scenario_name", _lang(), n=n) in existing:
            n += 1
        name = term("analysis.new_scenario_name", _lang(), n=n)

        def mutate(d: dict) -> None:
            d.setdefault("scenarios", [])
            if d["scenarios"] is None:
                d["scenarios"] = []
            d["scenarios"].append({"name": name, "description": "", "changes": []})

        self.doc.edit(term("analysis.duplicate_as_scenario", _lang()), mutate)
        return name

    def selected_scenario(self) -> str | None:
        """Name of the scenario whose column is selected (None: the base or nothing)."""
        sm = self.table.selectionModel()
        cols = sm.selectedColumns() if sm else []
        if not cols or cols[0].column() == 0 or self.comparison is None:
            return None
        return self.comparison.scenarios[cols[0].column()].name

    def set_scenario_change(self, scenario: str, path: str, value) -> list:
        """Set ``path`` to ``value`` in ``scenario`` (replacing an earlier change of that path):
        one undo command on the document.  The path is checked against the base project first
        (:func:`planner.model.edits.with_value`), so a bad path or value pushes nothing and
        returns the problems."""
        from planner.model.edits import with_value
        from planner.model.errors import InputError

        try:
            with_value(self.doc.project, path, value, context=f"scenario '{scenario}'")
        except InputError as err:
            return list(err.problems)

        def mutate(d: dict) -> None:
            sc = next(x for x in d.get("scenarios") or [] if x["name"] == scenario)
            changes = [c for c in sc.get("changes", []) if c["path"] != path]
            changes.append({"path": path, "value": value})
            sc["changes"] = changes

        label = f"{term('analysis.scenario', _lang())} {scenario}: {path}"
        return self.doc.edit(label, mutate)

    def remove_selected(self) -> None:
        cols = self.table.selectionModel().selectedColumns() if self.table.selectionModel() else []
        if not cols or cols[0].column() == 0:
            return
        idx = cols[0].column() - 1

        def mutate(d: dict) -> None:
            del d["scenarios"][idx]
            if not d["scenarios"]:
                d.pop("scenarios")

        self.doc.edit(term("analysis.remove_scenario", _lang()), mutate)

    # -- results ---------------------------------------------------------------------------
    @Slot(object, str)
    def _on_finished(self, cmp, error: str) -> None:
        self.error = error
        if error:
            self.message.setText(error)
            self.message.show()
            return
        self.message.hide()
        self.comparison = cmp
        self.model.set_comparison(cmp)
        self._draw()

    def _draw(self) -> None:
        cmp = self.comparison
        lang = _lang()
        chart = QChart()
        chart.setTitle(term("analysis.cumulative_cash_flow", lang))
        if cmp is not None:
            scale, unit = fmt.money_scale()
            ax = QValueAxis()
            ay = QValueAxis()
            ax.setTitleText(term("analysis.year", lang))
            ay.setTitleText(unit)
            lo, hi = 0.0, 0.0
            for s in cmp.scenarios:
                series = QLineSeries()
                series.setName(split_bilingual(s.name, lang))
                cum = s.result.cash_flow["cumulative_yuan"].to_numpy() / scale
                for k, v in enumerate(cum):
                    series.append(QPointF(float(k), float(v)))
                lo, hi = min(lo, float(cum.min())), max(hi, float(cum.max()))
                chart.addSeries(series)
            n = cmp.scenarios[0].summary.analysis_years
            ax.setRange(0, n)
            ax.setLabelFormat("%d")
            ay.setRange(lo * 1.05, hi * 1.05 if hi > 0 else 1)
            ay.applyNiceNumbers()
            chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
            for series in chart.series():
                series.attachAxis(ax)
                series.attachAxis(ay)
        self.cash_chart.setChart(chart)

        chart = QChart()
        chart.setTitle(term("analysis.savings_by_measure", lang))
        if cmp is not None:
            scale, unit = fmt.money_scale()
            names = self.chart_measures()
            total = self._measure_count()
            if len(names) < total:
                chart.setTitle(term("analysis.savings_by_measure_largest", lang, n=len(names), total=total))
            bars = QBarSeries()
            hi = 0.0
            for s in cmp.scenarios:
                bs = QBarSet(split_bilingual(s.name, lang))
                by = {m.name: m.first_year_savings_yuan for m in s.result.measures}
                for n_ in names:
                    v = by.get(n_, 0.0) / scale
                    hi = max(hi, v)
                    bs.append(v)
                bars.append(bs)
            chart.addSeries(bars)
            ax = QBarCategoryAxis()
            ax.append([fmt.short_name(split_bilingual(n_, lang)) for n_ in names])
            ay = value_axis(unit, 0, hi * 1.1 if hi > 0 else 1)
            ay.applyNiceNumbers()
            attach_axes(chart, bars, ax, ay)
        self.savings_chart.setChart(chart)

    MAX_BARS = MeasureSavingsChart.MAX_BARS
    """The savings chart shows the measures with the largest first-year savings in any scenario, at most
    this many (thousands of bar groups are unreadable and held the GUI thread for half a second)."""

    def _measure_count(self) -> int:
        return len({m.name for s in self.comparison.scenarios for m in s.result.measures}) if self.comparison else 0

    def chart_measures(self) -> list[str]:
        """The measures of the savings chart: the :attr:`MAX_BARS` largest first-year savings in any
        scenario, in the order they first appear (the base project's order)."""
        if self.comparison is None:
            return []
        best: dict[str, float] = {}
        for s in self.comparison.scenarios:
            for m in s.result.measures:
                best[m.name] = max(best.get(m.name, float("-inf")), m.first_year_savings_yuan)
        keep = set(sorted(best, key=lambda n: best[n], reverse=True)[: self.MAX_BARS])
        return [n for n in best if n in keep]

    # -- language --------------------------------------------------------------------------
    TEXTS = (
        ("title", "analysis.scenarios"),
        ("duplicate_button", "analysis.duplicate_as_scenario"),
        ("remove_button", "analysis.remove_scenario"),
    )

    def _relabel(self) -> None:
        self.model.set_comparison(self.comparison)
        self._draw()
