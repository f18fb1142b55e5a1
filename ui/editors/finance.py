"""Finance and emissions editors."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from planner.io.reference import emission_presets, tce_presets
from planner.model.project import Emissions, Finance, Loan
from ui.editors.common import EditorPage, note_label, show_row
from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import format_number
from ui.widgets.formspec import Spec
from ui.widgets.labels import confidence_label, pick_label, problem_text, reference_text


class FinanceEditor(EditorPage):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self._last_loan = {"share_pct": 70.0, "interest_pct": 4.0, "term_years": 5}
        grants = self.tr("Grants received at year 0, deducted from the investment.")
        pre_tax = self.tr("0 = pre-tax analysis; the enterprise income tax rate is 25 %.")
        self.section(
            self.tr("Finance"),
            years_field=Spec("analysis_years", self.tr("Analysis period"), "a", "integer"),
            discount_field=Spec("discount_rate_pct", self.tr("Discount rate"), "%"),
            subsidy_field=Spec("subsidy_yuan", self.tr("Subsidy"), "yuan", help=grants, bounds=None),
            om_escalation_field=Spec("om_escalation_pct_per_year", self.tr("O&&M escalation"), "%/a"),
            tax_field=Spec("income_tax_pct", self.tr("Income tax"), "%", help=pre_tax, bounds=None),
            depreciation_field=Spec("depreciation_years", self.tr("Depreciation period"), "a", "integer"),
            under="finance",
            model=Finance,
        )
        borrowed = self.tr("Part of the investment is borrowed")
        self.loan_rows = self.section(
            self.tr("Loan"),
            loan_check=Spec(None, "", text=borrowed, edited=self.set_loan_enabled),
            loan_share_field=Spec("share_pct", self.tr("Share borrowed"), "%"),
            loan_interest_field=Spec("interest_pct", self.tr("Interest rate"), "%/a"),
            loan_term_field=Spec("term_years", self.tr("Term"), "a", "integer"),
            under="finance.loan",
            model=Loan,
        )[1:]
        self.follow_project()

    def refresh(self) -> None:
        data = project_data(self.document)
        self.binder.refresh(data)
        loan = get_path(data, ("finance", "loan"))
        if loan:
            self._last_loan = dict(loan)
        self.loan_check.set_model_value(bool(loan), force=True)
        for field in self.loan_rows:
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
        self.presets = emission_presets()
        self.tce = tce_presets()
        custom = (CUSTOM, self.tr("Custom value"))
        presets = [(p["id"], f"{pick_label(p)} — {format_number(p['kg_per_kwh'])}") for p in self.presets] + [custom]
        bases = [(p["id"], f"{pick_label(p)} — {format_number(p['kgce_per_kwh'])}") for p in self.tce] + [custom]
        self.section(
            self.tr("Grid CO2 emission factor"),
            preset_field=Spec(
                "factor_preset",
                self.tr("Preset"),
                items=tuple(presets),
                name=self.tr("emission factor preset"),
                mutate=self._mutate_preset,
                read=lambda d, p: get_path(d, p) or CUSTOM,
            ),
            preset_info=Spec(None, "", widget=note_label),
            factor_field=Spec(
                "grid_factor_kg_per_kwh", self.tr("Emission factor"), "kg/kWh", mutate=self._mutate_factor
            ),
            under="emissions",
            model=Emissions,
        )
        self.section(
            self.tr("Standard coal equivalent (tce)"),
            tce_field=Spec(
                "tce_preset",
                self.tr("Basis"),
                items=tuple(bases),
                name=self.tr("tce basis"),
                mutate=self._mutate_tce_preset,
                read=self._read_tce_preset,
            ),
            tce_info=Spec(None, "", widget=note_label),
            tce_value_field=Spec("tce_kgce_per_kwh", self.tr("Coefficient"), "kgce/kWh"),
            under="emissions",
            model=Emissions,
        )
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
