"""Monte Carlo: distributions table, Run with progress and Cancel, NPV histogram and cumulative curve.

The distributions are the project's ``uncertainty`` (or
:func:`planner.analysis.montecarlo.default_uncertainty`), shown read-only
here (the project file holds them).  The run happens on a worker thread
(:class:`ui.results.analysis_jobs.AnalysisRunner`); the progress bar follows
the analysis' progress callback and Cancel stops it at the next chunk.  The
histogram has ``BINS`` equal bins over [min, max] of the NPV draws; the
cumulative curve is the sorted NPVs against (i + 1) / n.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
from PySide6.QtCharts import QAreaSeries, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import QModelIndex, QPointF, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from planner.terms import has_term, term
from ui.i18n import export_language
from ui.widgets.layouts import fill

from . import format as fmt
from .analysis_base import AnalysisView, RowsTableModel, attach_axes, value_axis
from .analysis_jobs import job_controls
from .sensitivity_view import driver_label

BINS = 30


def _lang() -> str:
    return export_language()


def histogram(values: np.ndarray, bins: int = BINS) -> tuple[np.ndarray, np.ndarray]:
    """(counts, edges) of ``values`` (finite ones) in ``bins`` equal bins (numpy.histogram)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.zeros(bins, dtype=int), np.linspace(0, 1, bins + 1)
    return np.histogram(v, bins=bins)


class DistributionModel(RowsTableModel):
    COLS = COLUMNS = ("driver", "distribution", "low", "mode", "high", "sd")
    KEYS = ("analysis.driver", "analysis.distribution", "analysis.low", "analysis.mode", "analysis.high", "analysis.sd")

    def __init__(self, parent=None, document=None):
        super().__init__(parent)
        self.doc = document
        self.problems: list = []

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() > 0 and self.doc is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one distribution parameter: one undo command on the document's ``uncertainty``
        (the whole list, the defaults included, is written the first time).  An invalid value
        pushes nothing; ``problems`` says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.doc is None:
            return False
        key = self.COLS[index.column()]
        text = str(value).strip()
        row = index.row()
        if key == "distribution":
            new_value: Any = text
        elif text == "":
            new_value = None
        else:
            try:
                new_value = float(text)
            except ValueError:
                from planner.model.errors import Problem

                self.problems = [Problem(f"uncertainty[{row}].{key}", "a number", repr(text))]
                return False
        specs = [s.model_dump(exclude_none=True) for s in self.specs]

        def mutate(d: dict) -> None:
            spec = dict(specs[row])
            if new_value is None:
                spec.pop(key, None)
            else:
                spec[key] = new_value
            if key == "distribution" and new_value == "normal":
                spec.setdefault("sd", 5.0)
                spec.pop("low", None)
                spec.pop("high", None)
            elif key == "distribution":
                spec.pop("sd", None)
                lo, hi = (-2.0, 2.0) if spec["driver"] in ("escalation", "discount_rate") else (-20.0, 20.0)
                spec.setdefault("low", lo)
                spec.setdefault("high", hi)
            d["uncertainty"] = specs[:row] + [spec] + specs[row + 1 :]

        label = f"{term('analysis.montecarlo', _lang())}: {driver_label(self.specs[row].driver)} {key}"
        self.problems = self.doc.edit(label, mutate)
        return not self.problems

    @property
    def specs(self) -> list:
        """The distributions shown (one per row)."""
        return self.rows

    def set_specs(self, specs) -> None:
        self.set_rows(specs)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        s = self.specs[index.row()]
        key = self.COLS[index.column()]
        v = getattr(s, key)
        if key == "driver":
            return driver_label(v)
        if key == "distribution":  # shown in the UI language; typed as the project file's word
            return term(f"mc.distribution.{v}", _lang()) if has_term(f"mc.distribution.{v}") else v
        return "" if v is None else f"{v:g}"

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return term(self.KEYS[section], _lang())
        return None


class MonteCarloView(AnalysisView):
    """Monte Carlo of a document's project, off the GUI thread, cancellable."""

    def __init__(self, document, parent=None):
        super().__init__(document, parent)
        self.status = ""
        self.draws_label = QLabel(self)
        self.draws = QSpinBox(self)
        self.draws.setRange(1, 1_000_000)
        self.draws.setValue(10_000)
        self.draws.setSingleStep(1000)
        self.seed_label = QLabel(self)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(1)
        self.run_button, self.cancel_button, self.progress = job_controls(self, self.runner)
        self.run_button.clicked.connect(self.run)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.specs_model = DistributionModel(self, document)
        self.specs_table = self.table_view(self.specs_model)
        self.specs_table.setMaximumHeight(170)
        self.hist_chart = self.chart_view(220)
        self.cum_chart = self.chart_view(220)

        top = fill(
            QHBoxLayout(),
            (self.title, 1),
            *(self.draws_label, self.draws, self.seed_label, self.seed, self.run_button, self.cancel_button),
        )
        charts = fill(QHBoxLayout(), (self.hist_chart, 1), (self.cum_chart, 1))
        # the distributions beside the figures: the charts stay in sight at 1366 x 768
        middle = fill(QHBoxLayout(), (self.specs_table, 1), (self.summary, 1))
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        fill(QVBoxLayout(self), top, middle, self.progress, (charts, 1))
        self._load_specs()
        self._retranslate()
        if hasattr(document, "projectChanged"):
            document.projectChanged.connect(self._load_specs)

    def _load_specs(self) -> None:
        """The distributions of the project's drivers.  They depend on the measures and the
        ``uncertainty`` key only: an edit elsewhere (the document keeps the unchanged measures
        as the same objects) costs no pass over a 5,000-measure list (issue 9, item 12)."""
        from planner.analysis.montecarlo import _specs

        project = self.doc.project
        key = (project.uncertainty, list(project.measures))  # held, so the identities stay meaningful
        last = getattr(self, "_specs_key", None)
        if (
            last is not None
            and last[0] is key[0]
            and len(last[1]) == len(key[1])
            and all(map(operator.is_, last[1], key[1]))
        ):
            return
        self._specs_key = key
        self.specs_model.set_specs(_specs(project))

    # -- run / cancel ----------------------------------------------------------------------
    def run(self, *, fallback_draws: int | None = None, chunk_progress: bool = True) -> None:
        from planner.analysis.montecarlo import FALLBACK_DRAWS, monte_carlo

        project, base = self.doc.project, self.doc.base_dir
        draws, seed = self.draws.value(), self.seed.value()
        fb = fallback_draws or FALLBACK_DRAWS
        self.progress.setValue(0)
        self.status = term("analysis.running", _lang())
        self.summary.setText(self.status)
        self.runner.start(
            lambda progress: monte_carlo(project, base, draws=draws, seed=seed, fallback_draws=fb, progress=progress)
        )

    def cancel(self) -> None:
        self.runner.cancel()

    def _forget(self) -> None:
        super()._forget()
        self.status = ""
        self.progress.setValue(0)

    @Slot(object, str)
    def _on_finished(self, result, error: str) -> None:
        if error == "cancelled":
            self.status = term("analysis.cancelled", _lang())
            self.summary.setText(self.status)
            return
        if error:
            self.status = error
            self.summary.setText(error)
            return
        self.status = ""
        self.result = result
        self.progress.setValue(1000)
        self._draw()

    # -- drawing ---------------------------------------------------------------------------
    def summary_text(self) -> str:
        if self.result is None:
            return self.status
        lang = _lang()
        out = self.result.to_dict()
        key = "analysis.method_decomposition" if out["method"] == "decomposition" else "analysis.method_exact"
        lines = [term(key, lang, n=f"{out['draws']:,}")]
        for k, f in (("npv_yuan", fmt.money), ("irr_pct", fmt.percent), ("payback_years", fmt.years)):
            s = out[k]
            label = {"npv_yuan": "NPV", "irr_pct": "IRR", "payback_years": term("kpi.payback_years", lang)}[k]
            lines.append(
                term("analysis.stat_line", lang, k=label, **{q: f(s[q]) for q in ("mean", "p10", "p50", "p90")})
            )
        lines.append(
            term("analysis.probability_npv_positive", lang, p=fmt.percent(100 * out["probability_npv_positive"]))
        )
        for t, p in out["probability_payback_within"].items():
            lines.append(term("analysis.probability_payback", lang, t=t, p=fmt.percent(100 * p)))
        return "\n".join(lines)

    def _draw(self) -> None:
        lang = _lang()
        self.summary.setText(self.summary_text())
        chart = QChart()
        chart.setTitle(term("analysis.histogram", lang))
        cum = QChart()
        cum.setTitle(term("analysis.cumulative", lang))
        if self.result is not None and self.result.draws:
            scale, unit_ = fmt.money_scale()
            counts, edges = histogram(self.result.npv_yuan)
            share = counts / max(counts.sum(), 1) * 100.0
            # a step outline filled down to 0 on a numeric NPV axis (a category axis cannot label 30 bins)
            upper = QLineSeries()
            for k, h in enumerate(share):
                upper.append(QPointF(float(edges[k]) / scale, 0.0 if k == 0 else float(share[k - 1])))
                upper.append(QPointF(float(edges[k]) / scale, float(h)))
                upper.append(QPointF(float(edges[k + 1]) / scale, float(h)))
            upper.append(QPointF(float(edges[-1]) / scale, 0.0))
            series = QAreaSeries(upper)
            upper.setParent(series)  # QAreaSeries does not own its line; the chart owns the area
            series.setName(term("analysis.share_of_draws", lang))
            series.setColor(QColor("#2196f3"))
            series.setBorderColor(QColor("#0d47a1"))
            chart.addSeries(series)
            ax = QValueAxis()
            ax.setRange(float(edges[0]) / scale, float(edges[-1]) / scale)
            ax.setTickCount(6)
            ax.setLabelFormat("%.1f")
            ax.setTitleText(f"NPV [{unit_}]")
            ay = value_axis(term("analysis.share_of_draws", lang) + " [%]", 0, float(share.max()) * 1.1 or 1.0)
            attach_axes(chart, series, ax, ay)
            chart.legend().hide()

            v = np.sort(self.result.npv_yuan[np.isfinite(self.result.npv_yuan)]) / scale
            line = QLineSeries()
            step = max(1, v.size // 500)  # at most ~500 points on screen
            idx = list(range(0, v.size, step)) + ([v.size - 1] if (v.size - 1) % step else [])
            for i in idx:
                line.append(QPointF(float(v[i]), (i + 1) / v.size * 100.0))
            cum.addSeries(line)
            cx = value_axis(f"NPV [{unit_}]", float(v[0]), float(v[-1]) if v[-1] > v[0] else float(v[0]) + 1)
            cy = value_axis(term("analysis.cumulative", lang) + " [%]", 0, 100)
            attach_axes(cum, line, cx, cy)
            cum.legend().hide()
        self.hist_chart.setChart(chart)
        self.cum_chart.setChart(cum)

    TEXTS = (
        ("title", "analysis.montecarlo"),
        ("draws_label", "analysis.draws"),
        ("seed_label", "analysis.seed"),
        ("run_button", "analysis.run"),
        ("cancel_button", "analysis.cancel"),
    )

    def _relabel(self) -> None:
        self.specs_model.set_specs(self.specs_model.specs)
        self._draw()
