"""The "Bill" page: what a Chinese industrial bill contains beyond the TOU
prices (issue 10) and the check against the client's 12 real bills.

Groups: contracted demand, power factor (力调电费), surcharges and VAT,
holidays (statutory holidays, holiday schedule), PV export price note,
monthly bills (table, import, calibration) and a model-vs-actual chart.
Every edit is one undo step through ``document.edit``; the rules and their
sources are in :mod:`planner.engine.bill`.
"""

from __future__ import annotations

import copy
import re

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from planner.io.bills import read_bills
from planner.model.errors import InputError
from planner.model.project import BasicCharge, PowerFactor, Tariff
from ui.editors.common import EditorPage, group, note_label, set_error, show_row, toggle_section
from ui.models.bills import BillLinesModel, BillsTableModel
from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import CheckField, ChoiceField, NumberField, TextField, range_help
from ui.widgets.labels import month_label, unit
from ui.widgets.tou_grid import PeriodPalette, TouGrid

DEFAULT_PF = {"standard": 0.9, "reactive_kvarh_per_kwh": 0.45}


def _parse_kvarh_list(text: str):
    """12 numbers separated by commas or spaces; the text itself when a token is not a number
    (the project validation then says what is wrong)."""
    tokens = [t for t in re.split(r"[,\s，;；]+", str(text or "").strip()) if t]
    try:
        return [float(t) for t in tokens]
    except ValueError:
        return text


def _note_and_problem(form, text: str):
    """Add a grey explanatory note and, under it, an (empty) red problem label to ``form``; returns the latter."""
    form.addRow("", note_label(text))
    problem = note_label(error=True)
    form.addRow("", problem)
    return problem


class BillCheckChart(QChartView):
    """Model vs actual bill total per month (from ``result.bill_check``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)

    def set_check(self, check) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in list(chart.axes()):
            chart.removeAxis(axis)
        chart.setTitle(self.tr("Monthly bill: model vs actual (10k yuan)"))
        if check is None:
            return
        series = QBarSeries()
        sets = [(self.tr("Actual bill"), "#7f8c8d", [r.actual_total_yuan for r in check.months])]
        if check.calibrated:
            sets.append(
                (
                    self.tr("Model before calibration"),
                    "#e67e22",
                    [r.uncalibrated_model_total_yuan or 0.0 for r in check.months],
                )
            )
        sets.append((self.tr("Model"), "#2e86c1", [r.model_total_yuan for r in check.months]))
        top = 0.0
        for name, colour, values in sets:
            s = QBarSet(name)
            s.setColor(QColor(colour))
            for v in values:
                s.append(float(v) / 1e4)
                top = max(top, float(v) / 1e4)
            series.append(s)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([month_label(m) for m in range(1, 13)])
        y = QValueAxis()
        y.setRange(0.0, top * 1.08 if top > 0 else 1.0)
        y.setLabelFormat("%.0f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def series_names(self) -> list[str]:
        s = self.chart().series()
        return [b.label() for b in s[0].barSets()] if s else []


class BillEditor(EditorPage):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self._last_pf = dict(DEFAULT_PF)
        lay = self.lay

        # -- contracted demand ------------------------------------------------------------
        box, form = group(self.tr("Contracted demand (basic charge)"))
        self.contract_field = NumberField(unit("kW"), optional=True)
        self.contract_field.set_help(range_help(BasicCharge, "contract_demand_kw", unit("kW")))
        self.contract_label = QLabel(self.tr("Contracted demand"))
        form.addRow(
            self.contract_label,
            self.binder.bind(
                self.contract_field, ("tariff", "basic_charge", "contract_demand_kw"), self.tr("contracted demand")
            ),
        )
        self.contract_note = _note_and_problem(
            form,
            self.tr(
                "Contract basis: the contract is billed every month; only the demand above 105 % of it is "
                "billed, at twice the rate. A contract below 40 % of the transformer capacity is not allowed. "
                "Demand-billed months with at least 260 kWh per kVA of transformer capacity pay the demand "
                "price at 90 % (NDRC price [2023] No. 526). Choose the basis on the Tariff tab."
            ),
        )
        lay.addWidget(box)

        # -- power factor -------------------------------------------------------------------
        box, form = group(self.tr("Power-factor adjustment (力调电费)"))
        self.pf_check = CheckField(self.tr("The bill has a power-factor adjustment"))
        self.pf_check.edited.connect(self.set_pf_enabled)
        form.addRow("", self.pf_check)
        self.pf_rows: list = []
        self.standard_field = ChoiceField(
            [
                (0.9, self.tr("0.90 (industry, 160 kVA and above)")),
                (0.85, self.tr("0.85 (other industry and non-industry users)")),
                (0.8, self.tr("0.80 (agriculture, wholesale)")),
            ]
        )
        form.addRow(
            self.tr("Standard"),
            self.binder.bind(self.standard_field, ("tariff", "power_factor", "standard"), self.tr("PF standard")),
        )
        self.pf_rows.append(self.standard_field)
        self.source_field = ChoiceField(
            [
                ("ratio", self.tr("kvarh per kWh of the baseline")),
                ("monthly", self.tr("12 monthly kvarh values")),
                ("bills", self.tr("kvarh of the monthly bills")),
            ]
        )
        form.addRow(
            self.tr("Reactive energy from"),
            self.binder.bind(
                self.source_field,
                ("tariff", "power_factor"),
                self.tr("reactive energy source"),
                mutate=self._mutate_source,
                read=lambda d, p: self._source(get_path(d, p)),
            ),
        )
        self.pf_rows.append(self.source_field)
        self.ratio_field = NumberField(self.tr("kvarh/kWh"), optional=True)
        self.ratio_field.set_help(range_help(PowerFactor, "reactive_kvarh_per_kwh", self.tr("kvarh/kWh")))
        form.addRow(
            self.tr("Reactive ratio"),
            self.binder.bind(
                self.ratio_field, ("tariff", "power_factor", "reactive_kvarh_per_kwh"), self.tr("reactive ratio")
            ),
        )
        self.pf_rows.append(self.ratio_field)
        self.monthly_field = TextField(placeholder=self.tr("12 values, January first, separated by commas"))
        form.addRow(
            self.tr("Monthly kvarh"),
            self.binder.bind(
                self.monthly_field,
                ("tariff", "power_factor", "monthly_kvarh"),
                self.tr("monthly kvarh"),
                mutate=lambda d, p, v: d["tariff"]["power_factor"].__setitem__("monthly_kvarh", _parse_kvarh_list(v)),
                read=lambda d, p: ", ".join(f"{x:g}" for x in get_path(d, p) or [] if isinstance(x, (int, float))),
            ),
        )
        self.pf_rows.append(self.monthly_field)
        self.pf_problem = _note_and_problem(
            form,
            self.tr(
                "Monthly PF = kWh / √(kWh² + kvarh²) on grid imports, rounded to 0.01; the percentage of the "
                "(83) 水电财字第215号 tables applies to the energy and basic charges. kvarh are not changed by "
                "efficiency, PV or storage, so they lower the PF: add a power-factor correction measure."
            ),
        )
        lay.addWidget(box)

        # -- surcharges and VAT --------------------------------------------------------------
        box, form = group(self.tr("Surcharges and VAT"))
        self.surcharge_field = NumberField(unit("yuan/kWh"))
        self.surcharge_field.set_help(range_help(Tariff, "surcharges_yuan_per_kwh", unit("yuan/kWh")))
        form.addRow(
            self.tr("Funds and surcharges"),
            self.binder.bind(
                self.surcharge_field, ("tariff", "surcharges_yuan_per_kwh"), self.tr("funds and surcharges")
            ),
        )
        self.vat_included_field = CheckField(self.tr("The prices include 13 % VAT"))
        form.addRow("", self.binder.bind(self.vat_included_field, ("tariff", "vat_included"), self.tr("VAT included")))
        self.vat_deductible_field = CheckField(self.tr("The factory deducts input VAT (savings valued without VAT)"))
        form.addRow(
            "",
            self.binder.bind(self.vat_deductible_field, ("finance", "vat_deductible"), self.tr("VAT deductible")),
        )
        lay.addWidget(box)

        # -- holidays ---------------------------------------------------------------------------
        box, form = group(self.tr("Holidays"))
        self.statutory_field = CheckField(self.tr("State Council statutory holidays, make-up working days included"))
        form.addRow(
            "",
            self.binder.bind(
                self.statutory_field,
                ("load", "holidays"),
                self.tr("statutory holidays"),
                mutate=lambda d, p, v: d["load"].__setitem__("holidays", "cn_statutory" if v else []),
                read=lambda d, p: get_path(d, p) == "cn_statutory",
            ),
        )
        self.holiday_problem = note_label(error=True)
        form.addRow("", self.holiday_problem)
        self.holiday_check = CheckField(self.tr("Holidays have their own period schedule (e.g. a holiday deep valley)"))
        self.holiday_check.edited.connect(self.set_holiday_schedule_enabled)
        form.addRow("", self.holiday_check)
        self.holiday_palette = PeriodPalette()
        self.holiday_grid = TouGrid()
        self.holiday_palette.periodSelected.connect(self.holiday_grid.set_current_period)
        self.holiday_grid.periodPicked.connect(self.holiday_palette.set_period)
        self.holiday_grid.strokeFinished.connect(self.paint_holiday)
        self.holiday_grid.set_current_period(self.holiday_palette.period())
        form.addRow("", self.holiday_palette)
        form.addRow("", self.holiday_grid)
        lay.addWidget(box)

        # -- export price note ----------------------------------------------------------------------
        box, form = group(self.tr("PV export price"))
        self.export_note_field = TextField(
            placeholder=self.tr("e.g. mechanism price of NDRC price [2025] No. 136, auction of 2025-10")
        )
        form.addRow(
            self.tr("What the price is"),
            self.binder.bind(self.export_note_field, ("tariff", "export_price_note"), self.tr("export price note")),
        )
        lay.addWidget(box)

        # -- monthly bills ----------------------------------------------------------------------------
        box, form = group(self.tr("Monthly bills (12 months)"))
        buttons = QWidget()
        blay = QHBoxLayout(buttons)
        blay.setContentsMargins(0, 0, 0, 0)
        self.import_button = QPushButton(self.tr("Import bills…"))
        self.import_button.setToolTip(
            self.tr("CSV or XLSX, one row a month: month, kwh, [kwh_peak…], max_demand_kw, kvarh, total_yuan")
        )
        self.import_button.clicked.connect(self.choose_bills_file)
        self.from_model_button = QPushButton(self.tr("Start from the model"))
        self.from_model_button.setToolTip(self.tr("Fill 12 bills with the model's baseline, to edit"))
        self.from_model_button.clicked.connect(self.bills_from_model)
        self.clear_button = QPushButton(self.tr("Remove the bills"))
        self.clear_button.clicked.connect(self.clear_bills)
        for b in (self.import_button, self.from_model_button, self.clear_button):
            blay.addWidget(b)
        blay.addStretch(1)
        form.addRow("", buttons)
        self.calibrate_field = CheckField(self.tr("Calibrate the baseline to the bills (kWh of each month and period)"))
        form.addRow("", self.binder.bind(self.calibrate_field, ("load", "calibrate_to_bills"), self.tr("calibration")))
        self.bills_model = BillsTableModel(document, self)
        self.bills_model.problemsFound.connect(lambda text: set_error(self.bills_problem, text))
        self.table = QTableView()
        self.table.setModel(self.bills_model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(280)
        form.addRow(self.table)
        self.bills_problem = note_label(error=True)
        form.addRow("", self.bills_problem)
        self.check_summary = note_label()
        form.addRow("", self.check_summary)
        self.chart = BillCheckChart()
        form.addRow(self.chart)
        lay.addWidget(box)

        # -- the year-1 bill, line by line ---------------------------------------------------------
        box, form = group(self.tr("Year-1 bill, line by line (yuan)"))
        self.lines_model = BillLinesModel(document, self)
        self.lines_table = QTableView()
        self.lines_table.setModel(self.lines_model)
        self.lines_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lines_table.setMinimumHeight(280)
        form.addRow(self.lines_table)
        lay.addWidget(box)

        document.projectChanged.connect(self.refresh)
        document.resultsReady.connect(self.show_results)
        self.refresh()
        self.show_results(getattr(document, "results", None))

    # -- model -> widgets ---------------------------------------------------------------------
    @staticmethod
    def _source(pf: dict | None) -> str:
        if not pf:
            return "ratio"
        if pf.get("monthly_kvarh") is not None:
            return "monthly"
        if pf.get("reactive_kvarh_per_kwh") is not None:
            return "ratio"
        return "bills"

    def refresh(self) -> None:
        data = project_data(self.document)
        self.binder.refresh(data)
        tariff = data.get("tariff", {})
        basic = tariff.get("basic_charge") or {}
        show_row(self.contract_field, basic.get("basis") == "contract_demand")
        pf = tariff.get("power_factor")
        if pf:
            self._last_pf = copy.deepcopy(pf)
        self.pf_check.set_model_value(bool(pf), force=True)
        source = self._source(pf)
        for field in self.pf_rows:
            visible = bool(pf)
            if field is self.ratio_field:
                visible = visible and source == "ratio"
            if field is self.monthly_field:
                visible = visible and source == "monthly"
            show_row(field, visible)
        hol = tariff.get("holiday_schedule")
        self.holiday_check.set_model_value(hol is not None, force=True)
        rest = tariff.get("weekend_schedule") or tariff.get("weekday_schedule") or [["flat"] * 24] * 12
        self.holiday_grid.set_schedule(hol or rest)
        self.holiday_grid.set_read_only(hol is None)
        self.holiday_grid.set_prices(tariff.get("prices_yuan_per_kwh", {}))
        self.holiday_palette.set_prices(tariff.get("prices_yuan_per_kwh", {}))
        has_bills = bool(get_path(data, ("load", "monthly_bills")))
        self.clear_button.setEnabled(has_bills)
        show_row(self.calibrate_field, has_bills)

    def show_results(self, result) -> None:
        check = getattr(result, "bill_check", None) if result is not None else None
        self.chart.set_check(check)
        warnings = list(getattr(result, "warnings", []) or []) if result is not None else []
        set_error(self.contract_note, "\n".join(w for w in warnings if "contract_demand_kw" in w))
        if check is None:
            self.check_summary.setText("")
            return
        t = check.total
        text = self.tr("Year: model {model} yuan, bills {actual} yuan, difference {diff:+.2f} %").format(
            model=f"{t.model_total_yuan:,.0f}", actual=f"{t.actual_total_yuan:,.0f}", diff=t.difference_pct or 0.0
        )
        if check.calibrated and t.uncalibrated_difference_pct is not None:
            text += "\n" + self.tr("Before calibration: {diff:+.2f} %").format(diff=t.uncalibrated_difference_pct)
        self.check_summary.setText(text)

    # -- widgets -> model -----------------------------------------------------------------------
    def _mutate_source(self, d: dict, path: tuple, value: str) -> None:
        pf = d["tariff"].setdefault("power_factor", dict(DEFAULT_PF))
        ratio = pf.pop("reactive_kvarh_per_kwh", None)
        monthly = pf.pop("monthly_kvarh", None)
        if value == "ratio":
            pf["reactive_kvarh_per_kwh"] = ratio if ratio is not None else DEFAULT_PF["reactive_kvarh_per_kwh"]
        elif value == "monthly":
            pf["monthly_kvarh"] = monthly if monthly is not None else [0.0] * 12

    def set_pf_enabled(self, on: bool) -> list:
        mutate = toggle_section("tariff", "power_factor", copy.deepcopy(self._last_pf), on)
        label = self.tr("Add the power-factor adjustment") if on else self.tr("Remove the power-factor adjustment")
        problems = self.edit_step(label, mutate, self.pf_problem)
        self.refresh()
        return problems

    def set_holiday_schedule_enabled(self, on: bool) -> list:
        def mutate(d: dict) -> None:
            t = d["tariff"]
            if on:
                t["holiday_schedule"] = copy.deepcopy(t.get("weekend_schedule") or t["weekday_schedule"])
            else:
                t.pop("holiday_schedule", None)

        label = self.tr("Give holidays their own schedule") if on else self.tr("Bill holidays as rest days")
        problems = self.edit_step(label, mutate, self.holiday_problem)
        self.refresh()
        return problems

    def paint_holiday(self, cells: list[tuple[int, int]], period: str) -> list:
        def mutate(d: dict) -> None:
            t = d["tariff"]
            if t.get("holiday_schedule") is None:
                t["holiday_schedule"] = copy.deepcopy(t.get("weekend_schedule") or t["weekday_schedule"])
            for m, h in cells:
                t["holiday_schedule"][m][h] = period

        problems = self.edit_step(
            self.tr("Paint {n} hours on holidays").format(n=len(cells)), mutate, self.holiday_problem
        )
        self.refresh()
        return problems

    def choose_bills_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import monthly bills"), str(self.document.base_dir), self.tr("Bills (*.csv *.xlsx)")
        )
        if path:
            self.import_bills(path)

    def import_bills(self, path: str) -> list:
        """Read 12 bills and put them in the project (one undo step); nothing changes on a bad file."""
        try:
            bills = read_bills(path)
        except InputError as err:
            set_error(self.bills_problem, "\n".join(str(p) for p in err.problems))
            return list(err.problems)
        rows = [b.model_dump(exclude_none=True) for b in bills]
        return self._set_bills(self.tr("Import 12 monthly bills"), rows)

    def bills_from_model(self) -> list:
        if not self.document.results_current():
            self.document.recompute_now()  # one synchronous run (no busy-wait on the GUI thread)
        result = self.document.results
        if result is None:
            set_error(self.bills_problem, self.tr("No results yet: fix the inputs first."))
            return []
        before = result.bill_before
        rows = [
            {
                "month": m + 1,
                "kwh": round(float(before.import_kwh[m]), 0),
                "max_demand_kw": round(float(before.max_demand_kw[m]), 1),
                "total_yuan": round(max(float(before.total[m]), 0.01), 2),
            }
            for m in range(12)
        ]
        return self._set_bills(self.tr("Fill the bills from the model"), rows)

    def clear_bills(self) -> list:
        def mutate(d: dict) -> None:
            d["load"].pop("monthly_bills", None)
            d["load"].pop("calibrate_to_bills", None)

        return self.edit_step(self.tr("Remove the monthly bills"), mutate, self.bills_problem)

    def _set_bills(self, label: str, rows: list[dict]) -> list:
        """Put ``rows`` in ``load.monthly_bills`` as one undo step ``label``."""

        def mutate(d: dict) -> None:
            d["load"]["monthly_bills"] = rows

        return self.edit_step(label, mutate, self.bills_problem)
