"""Battery sizing view: sweep energy x power (:func:`planner.analysis.sizing.size_battery`)
and show project NPV or payback as a heat map; the best point (largest NPV)
is marked; clicking a cell gives the battery that size as one undo step.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.analysis.sizing import SizingResult, parse_range, size_battery
from planner.model.errors import InputError
from planner.terms import message_text, split_bilingual
from ui.editors.battery import T
from ui.widgets.labels import lang, t

from .analysis_jobs import AnalysisRunner, job_controls


def heat_colour(value: float | None, lo: float, hi: float, higher_is_better: bool = True) -> QColor:
    """Red (worst) -> yellow -> green (best); grey for a missing value."""
    if value is None or not np.isfinite(value) or hi <= lo:
        return QColor("#e0e0e0") if value is None else QColor("#c8e6c9")
    t = (value - lo) / (hi - lo)
    if not higher_is_better:
        t = 1.0 - t
    t = float(min(max(t, 0.0), 1.0))
    red = QColor("#ef9a9a")
    yellow = QColor("#fff59d")
    green = QColor("#a5d6a7")
    a, b, u = (red, yellow, t / 0.5) if t < 0.5 else (yellow, green, (t - 0.5) / 0.5)
    return QColor(
        round(a.red() + (b.red() - a.red()) * u),
        round(a.green() + (b.green() - a.green()) * u),
        round(a.blue() + (b.blue() - a.blue()) * u),
    )


class SizingView(QWidget):
    """Inputs (battery, ranges, dispatch), a Sweep button and the heat map."""

    applied = Signal(float, float)  # energy_kwh, power_kw given to the battery
    finished = Signal(object)  # the SizingResult, or None (bad range, error, cancelled)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.result: SizingResult | None = None
        self.measure_box = QComboBox(self)
        self.measure_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.measure_box.setMinimumContentsLength(14)  # long bilingual names do not widen the view
        self.energy_edit = QLineEdit("500:4000:500", self)
        self.power_edit = QLineEdit("250:2000:250", self)
        for edit in (self.energy_edit, self.power_edit):  # room for a whole "start:stop:step"
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0000:00000:0000") + 12)
        self.dispatch_box = QComboBox(self)
        for d in ("tou_rule", "optimal"):
            self.dispatch_box.addItem(T(f"storage.dispatch.{d}"), d)
        self.metric_box = QComboBox(self)
        self.metric_box.addItem(T("storage.sizing.npv"), "npv")
        self.metric_box.addItem(T("storage.sizing.payback"), "payback")
        self.runner = AnalysisRunner(self)
        self.run_button, self.cancel_button, self.progress = job_controls(self, self.runner)  # size_battery's share
        self.run_button.setText(T("storage.sizing.run"))
        self.cancel_button.setText(t("analysis.cancel"))
        self.progress.hide()
        self.runner.finished.connect(self._on_finished)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellClicked.connect(self.apply_cell)
        top = QHBoxLayout()
        top.addWidget(QLabel(T("storage.sizing.measure"), self))
        top.addWidget(self.measure_box)
        for key, edit in (
            ("storage.sizing.energy_range", self.energy_edit),
            ("storage.sizing.power_range", self.power_edit),
        ):
            top.addWidget(QLabel(T(key), self))
            top.addWidget(edit)
        top.addStretch(1)
        second = QHBoxLayout()  # two rows: the view fits the results side at 1366 x 768
        second.addWidget(self.dispatch_box)
        second.addWidget(QLabel(T("storage.sizing.metric"), self))
        second.addWidget(self.metric_box)
        second.addWidget(self.run_button)
        second.addWidget(self.cancel_button)
        second.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(T("storage.sizing.title"), self))
        lay.addLayout(top)
        lay.addLayout(second)
        lay.addWidget(QLabel(T("storage.sizing.hint"), self))
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)
        self.run_button.clicked.connect(lambda: self.run())
        self.metric_box.currentIndexChanged.connect(lambda *_: self.show_result())

    def set_batteries(self, names: list[str]) -> None:
        """The batteries to choose from: shown in the UI language (``"中文 / English"`` names split),
        the measure's full name as the item's data."""
        current = self.measure_box.currentData()
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        for name in names:
            self.measure_box.addItem(split_bilingual(name, lang()), name)
        if current in names:
            self.measure_box.setCurrentIndex(names.index(current))
        self.measure_box.blockSignals(False)
        self.run_button.setEnabled(bool(names))

    def run(self) -> bool:
        """Start the sweep of the chosen battery on a worker thread (a 10 x 10 tou_rule sweep takes about
        a second): the GUI stays live, the bar shows the share of points done, Cancel stops the sweep at the
        next point; ``finished`` tells the end.

        Returns False (and says why) when a range is bad, True when the sweep started."""
        name = self.measure_box.currentData() or self.measure_box.currentText()
        try:
            energies = parse_range(self.energy_edit.text(), T("storage.sizing.energy_range"))
            powers = parse_range(self.power_edit.text(), T("storage.sizing.power_range"))
        except InputError as err:
            self.message.setText(str(err))
            self.finished.emit(None)
            return False
        project, base, dispatch = self.document.project, self.document.base_dir, self.dispatch_box.currentData()
        self.message.setText(t("sizing.sweeping"))
        self.progress.setValue(0)
        self.progress.show()
        self.runner.start(lambda progress: size_battery(project, name, energies, powers, dispatch, base, progress))
        return True

    def cancel(self) -> None:
        self.runner.cancel()

    @Slot(object, str)
    def _on_finished(self, result, error: str) -> None:
        self.progress.hide()
        self.run_button.setEnabled(self.measure_box.count() > 0)
        if error:
            self.message.setText(t("analysis.cancelled") if error == "cancelled" else error)
            self.finished.emit(None)
            return
        self.result = result
        self.message.setText("; ".join(message_text(w, lang()) for w in result.warnings))
        self.show_result()
        self.finished.emit(result)

    def clear(self) -> None:
        """Another project is open, or this one cannot be computed: cancel a running sweep, show no grid."""
        self.runner.cancel()
        self.result = None
        self.progress.hide()
        self.message.setText("")
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)

    def show_result(self) -> None:
        r = self.result
        if r is None:
            return
        metric = self.metric_box.currentData()
        ne, npw = len(r.energies_kwh), len(r.powers_kw)
        self.table.clear()
        self.table.setRowCount(ne)
        self.table.setColumnCount(npw)
        self.table.setVerticalHeaderLabels([f"{e:,.0f} kWh" for e in r.energies_kwh])
        self.table.setHorizontalHeaderLabels([f"{p:,.0f} kW" for p in r.powers_kw])
        if metric == "npv":
            vals = [q.npv_yuan for q in r.grid]
        else:
            vals = [q.payback_years for q in r.grid]
        finite = [v for v in vals if v is not None and np.isfinite(v)]
        lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)
        bold = QFont(self.font())
        bold.setBold(True)
        for k, q in enumerate(r.grid):
            i, j = divmod(k, npw)
            v = vals[k]
            text = t("format.na") if v is None else (f"{v / 1e4:,.1f}" if metric == "npv" else f"{v:.2f}")
            if q is r.best:
                text = "★ " + text
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setBackground(QBrush(heat_colour(v, lo, hi, higher_is_better=metric == "npv")))
            item.setToolTip(
                T(
                    "storage.sizing.cell_tip",
                    energy=f"{q.energy_kwh:,.0f}",
                    power=f"{q.power_kw:,.0f}",
                    npv=f"{q.npv_yuan:,.0f}",
                    capex=f"{q.capex_yuan:,.0f}",
                )
            )
            if q is r.best:
                item.setFont(bold)
            self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def best_cell(self) -> tuple[int, int] | None:
        if self.result is None:
            return None
        k = self.result.grid.index(self.result.best)
        return divmod(k, len(self.result.powers_kw))

    def apply_cell(self, row: int, col: int) -> list:
        """Give the sized battery the cell's energy and power: one undo step."""
        r = self.result
        if r is None:
            return []
        q = r.grid[row * len(r.powers_kw) + col]
        label = T("storage.sizing.apply_label", energy=f"{q.energy_kwh:,.0f}", power=f"{q.power_kw:,.0f}")

        def mutate(d: dict) -> None:
            for m in d["measures"]:
                if m.get("name") == r.measure and m.get("type") == "battery":
                    m["energy_kwh"] = float(q.energy_kwh)
                    m["power_kw"] = float(q.power_kw)

        problems = self.document.edit(label, mutate)
        if problems:
            self.message.setText("; ".join(str(p) for p in problems))
        else:
            self.applied.emit(q.energy_kwh, q.power_kw)
        return problems
