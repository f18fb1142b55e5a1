"""Finance and emissions editors."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from planner.io.reference import emission_presets, tce_presets
from planner.model.project import Emissions, Finance, Loan
from ui.editors.common import EditorPage, group, note_label, show_row
from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import CheckField, ChoiceField, NumberField, format_number, range_help
from ui.widgets.labels import confidence_label, pick_label, problem_text, reference_text, unit


class FinanceEditor(EditorPage):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self._last_loan = {"share_pct": 70.0, "interest_pct": 4.0, "term_years": 5}
        lay = self.lay
        box, form = group(self.tr("Finance"))

        def num(key: str, unit_key: str, model=Finance, **kw) -> NumberField:
            f = NumberField(unit(unit_key), **kw)
            f.set_help(range_help(model, key, unit(unit_key)))
            return f

        self.years_field = num("analysis_years", "a", integer=True)
        form.addRow(
            self.tr("Analysis period"),
            self.binder.bind(self.years_field, ("finance", "analysis_years"), self.tr("analysis period")),
        )
        self.discount_field = num("discount_rate_pct", "%")
        form.addRow(
            self.tr("Discount rate"),
            self.binder.bind(self.discount_field, ("finance", "discount_rate_pct"), self.tr("discount rate")),
        )
        self.subsidy_field = num("subsidy_yuan", "yuan")
        self.subsidy_field.set_help(self.tr("Grants received at year 0, deducted from the investment."))
        form.addRow(
            self.tr("Subsidy"), self.binder.bind(self.subsidy_field, ("finance", "subsidy_yuan"), self.tr("subsidy"))
        )
        self.om_escalation_field = num("om_escalation_pct_per_year", "%/a")
        form.addRow(
            self.tr("O&&M escalation"),
            self.binder.bind(
                self.om_escalation_field,
                ("finance", "om_escalation_pct_per_year"),
                self.tr("maintenance cost escalation"),
            ),
        )
        self.tax_field = num("income_tax_pct", "%")
        self.tax_field.set_help(self.tr("0 = pre-tax analysis; the enterprise income tax rate is 25 %."))
        form.addRow(
            self.tr("Income tax"),
            self.binder.bind(self.tax_field, ("finance", "income_tax_pct"), self.tr("income tax")),
        )
        self.depreciation_field = num("depreciation_years", "a", integer=True)
        form.addRow(
            self.tr("Depreciation period"),
            self.binder.bind(
                self.depreciation_field, ("finance", "depreciation_years"), self.tr("depreciation period")
            ),
        )
        lay.addWidget(box)

        box, form = group(self.tr("Loan"))
        self.loan_check = CheckField(self.tr("Part of the investment is borrowed"))
        self.loan_check.edited.connect(self.set_loan_enabled)
        form.addRow("", self.loan_check)
        self.loan_rows = []
        self.loan_share_field = num("share_pct", "%", Loan)
        self.loan_interest_field = num("interest_pct", "%/a", Loan)
        self.loan_term_field = num("term_years", "a", Loan, integer=True)
        for label, field, key, name in (
            (self.tr("Share borrowed"), self.loan_share_field, "share_pct", self.tr("loan share")),
            (self.tr("Interest rate"), self.loan_interest_field, "interest_pct", self.tr("loan interest")),
            (self.tr("Term"), self.loan_term_field, "term_years", self.tr("loan term")),
        ):
            lab = QLabel(label)
            form.addRow(lab, self.binder.bind(field, ("finance", "loan", key), name))
            self.loan_rows.append((lab, field))
        lay.addWidget(box)
        self.follow_project()

    def refresh(self) -> None:
        data = project_data(self.document)
        self.binder.refresh(data)
        loan = get_path(data, ("finance", "loan"))
        if loan:
            self._last_loan = dict(loan)
        self.loan_check.set_model_value(bool(loan), force=True)
        for _lab, field in self.loan_rows:
            show_row(field, bool(loan))

    def set_loan_enabled(self, on: bool) -> list:
        last = dict(self._last_loan)

        def mutate(d: dict) -> None:
            fin = d.setdefault("finance", {})
            if on:
                fin["loan"] = last
            else:
                fin.pop("loan", None)

        problems = self.document.edit(self.tr("Add a loan") if on else self.tr("Remove the loan"), mutate)
        if problems:
            self.loan_check.show_problem(problem_text(problems))
        self.refresh()
        return problems


CUSTOM = "__custom__"


class EmissionsEditor(EditorPage):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        lay = self.lay
        box, form = group(self.tr("Grid CO2 emission factor"))
        self.presets = emission_presets()
        self.preset_field = ChoiceField(
            [(p["id"], f"{pick_label(p)} — {format_number(p['kg_per_kwh'])}") for p in self.presets]
            + [(CUSTOM, self.tr("Custom value"))]
        )
        form.addRow(
            self.tr("Preset"),
            self.binder.bind(
                self.preset_field,
                ("emissions", "factor_preset"),
                self.tr("emission factor preset"),
                mutate=self._mutate_preset,
                read=lambda d, p: get_path(d, p) or CUSTOM,
            ),
        )
        self.preset_info = note_label()
        form.addRow("", self.preset_info)
        self.factor_field = NumberField(unit("kg/kWh"))
        self.factor_field.set_help(range_help(Emissions, "grid_factor_kg_per_kwh", unit("kg/kWh")))
        form.addRow(
            self.tr("Emission factor"),
            self.binder.bind(
                self.factor_field,
                ("emissions", "grid_factor_kg_per_kwh"),
                self.tr("emission factor"),
                mutate=self._mutate_factor,
            ),
        )
        lay.addWidget(box)

        box, form = group(self.tr("Standard coal equivalent (tce)"))
        self.tce = tce_presets()
        self.tce_field = ChoiceField(
            [(p["id"], f"{pick_label(p)} — {format_number(p['kgce_per_kwh'])}") for p in self.tce]
            + [(CUSTOM, self.tr("Custom value"))]
        )
        form.addRow(
            self.tr("Basis"),
            self.binder.bind(
                self.tce_field,
                ("emissions", "tce_preset"),
                self.tr("tce basis"),
                mutate=self._mutate_tce_preset,
                read=self._read_tce_preset,
            ),
        )
        self.tce_info = note_label()
        form.addRow("", self.tce_info)
        self.tce_value_field = NumberField(unit("kgce/kWh"))
        self.tce_value_field.set_help(range_help(Emissions, "tce_kgce_per_kwh", unit("kgce/kWh")))
        form.addRow(
            self.tr("Coefficient"),
            self.binder.bind(self.tce_value_field, ("emissions", "tce_kgce_per_kwh"), self.tr("tce coefficient")),
        )
        lay.addWidget(box)
        self.follow_project()

    # presets
    def _preset(self, preset_id: str | None) -> dict | None:
        return next((p for p in self.presets if p["id"] == preset_id), None)

    def _mutate_preset(self, d: dict, path: tuple, preset_id: str) -> None:
        em = d.setdefault("emissions", {})
        p = self._preset(preset_id)
        if p is None:
            em.pop("factor_preset", None)  # custom: keep the value, drop the claim of a source
        else:
            em["factor_preset"] = p["id"]
            em["grid_factor_kg_per_kwh"] = p["kg_per_kwh"]

    def _mutate_factor(self, d: dict, path: tuple, value) -> None:
        em = d.setdefault("emissions", {})
        em["grid_factor_kg_per_kwh"] = value
        p = self._preset(em.get("factor_preset"))
        if p is not None and p["kg_per_kwh"] != value:
            em.pop("factor_preset", None)  # a typed value is a custom factor

    def _read_tce_preset(self, d: dict, path: tuple) -> str:
        value = get_path(d, ("emissions", "tce_kgce_per_kwh"))
        for p in self.tce:
            if value is not None and abs(p["kgce_per_kwh"] - value) < 1e-9:
                return p["id"]
        return CUSTOM

    def _mutate_tce_preset(self, d: dict, path: tuple, preset_id: str) -> None:
        p = next((p for p in self.tce if p["id"] == preset_id), None)
        if p is not None:
            d.setdefault("emissions", {})["tce_kgce_per_kwh"] = p["kgce_per_kwh"]

    def refresh(self) -> None:
        data = project_data(self.document)
        self.binder.refresh(data)
        p = self._preset(get_path(data, ("emissions", "factor_preset")))
        if p is None:
            self.preset_info.setText(self.tr("Custom factor: state its source in the project description."))
        else:
            self.preset_info.setText(
                self.tr("Source: {source}\nYear: {year}, confidence: {confidence}").format(
                    source=reference_text(p.get("source", "")),
                    year=p.get("year", ""),
                    confidence=confidence_label(p.get("confidence", "")),
                )
            )
        tid = self._read_tce_preset(data, ())
        t = next((t for t in self.tce if t["id"] == tid), None)
        if t is None:
            self.tce_info.setText(
                self.tr(
                    "Custom coefficient. 0.1229 kgce/kWh is the heat-equivalent value "
                    "(GB/T 2589-2020); about 0.30 is the coal-consumption basis."
                )
            )
        else:
            self.tce_info.setText(
                self.tr("Source: {source}, confidence: {confidence}").format(
                    source=reference_text(t.get("source", "")), confidence=confidence_label(t.get("confidence", ""))
                )
            )
