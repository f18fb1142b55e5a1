"""Typed results of :func:`planner.engine.chain.run_project`.

Every field carries its unit in its name (``_yuan``, ``_kwh``, ``_t``,
``_years``, ``_pct``) and in the docstring below.  ``to_dict()`` gives the
results JSON of DESIGN.md ("Results"); the app, the command line and the
workbook read attributes, never string keys.  A metric that does not exist
(no payback within the analysis period, an IRR with no sign change) is
``None`` and prints as ``null``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Summary:
    """Project-level KPIs (year 1 and the analysis period).

    Attributes
    ----------
    capex_yuan : the factory's year-0 investment before subsidy [yuan]
    net_investment_yuan : capex - subsidy [yuan]
    first_year_savings_yuan : year-1 bill before - bill after, before O&M [yuan]
    monthly_savings_yuan : first_year_savings_yuan / 12 [yuan/month]
    simple_payback_years : net investment / first-year net savings [years]
    payback_years : static payback: cumulative undiscounted cash crosses 0 [years]
    discounted_payback_years : dynamic payback: cumulative discounted cash crosses 0 [years]
    npv_yuan : sum CF_k / (1+r)^k, k = 0..N [yuan]
    irr_pct : internal rate of return [%]
    benefit_cost_ratio : PV of savings / PV of costs [-]
    lifetime_savings_yuan : sum of yearly gross savings, years 1..N [yuan]
    first_year_energy_saved_kwh, lifetime_energy_saved_kwh : efficiency kWh + PV delivered [kWh]
    first_year_co2_avoided_t, lifetime_co2_avoided_t : energy saved x grid factor [t CO2]
    first_year_tce_saved, lifetime_tce_saved : energy saved x tce factor [tce]
    first_year_om_yuan : year-1 O&M change paid by the factory [yuan]
    first_year_bill_before_yuan, first_year_bill_after_yuan : year-1 bills [yuan]
    first_year_efficiency_savings_yuan : bill savings of the efficiency measures [yuan]
    first_year_pv_savings_yuan : further bill savings of PV [yuan]
    demand_charge_savings_yuan : change of the basic (demand) charge by efficiency [yuan]
    baseline_annual_kwh : year-1 baseline consumption [kWh]
    analysis_years : N [years]
    discount_rate_pct : r [%]
    grid_factor_kg_per_kwh : grid emission factor [kg CO2/kWh]
    tce_kgce_per_kwh : standard-coal factor [kgce/kWh]
    first_year_pfc_savings_yuan : bill savings of power-factor correction [yuan]
    efficiency_pf_adjustment_savings_yuan : PF adjustment change by efficiency [yuan]
    """

    capex_yuan: float
    net_investment_yuan: float
    first_year_savings_yuan: float
    monthly_savings_yuan: float
    simple_payback_years: float | None
    payback_years: float | None
    discounted_payback_years: float | None
    npv_yuan: float
    irr_pct: float | None
    benefit_cost_ratio: float | None
    lifetime_savings_yuan: float
    first_year_energy_saved_kwh: float
    lifetime_energy_saved_kwh: float
    first_year_co2_avoided_t: float
    lifetime_co2_avoided_t: float
    first_year_tce_saved: float
    lifetime_tce_saved: float
    first_year_om_yuan: float
    first_year_bill_before_yuan: float
    first_year_bill_after_yuan: float
    first_year_efficiency_savings_yuan: float
    first_year_pv_savings_yuan: float
    demand_charge_savings_yuan: float
    baseline_annual_kwh: float
    analysis_years: int
    discount_rate_pct: float
    grid_factor_kg_per_kwh: float
    tce_kgce_per_kwh: float
    first_year_pfc_savings_yuan: float = 0.0
    """Year-1 bill savings of power-factor correction measures [yuan] (issue 10)."""
    efficiency_pf_adjustment_savings_yuan: float = 0.0
    """Change of the power-factor adjustment caused by the efficiency measures (negative when
    they lower the PF into a penalty) [yuan]; a project-level line like the demand charge."""
    project_npv_yuan: float | None = None
    """With a loan, the project's (unlevered) NPV [yuan]: the same cash flows without the loan
    (the investment paid in full at year 0, no interest or principal, tax without the interest
    deduction).  ``npv_yuan``, ``irr_pct`` and the paybacks are then the equity's (资本金).
    None without a loan (the figures above are already the project's)."""
    project_irr_pct: float | None = None
    """With a loan, the project's (unlevered) IRR [%]; see ``project_npv_yuan``."""
    project_payback_years: float | None = None
    """With a loan, the project's (unlevered) static payback [years]; see ``project_npv_yuan``."""
    project_discounted_payback_years: float | None = None
    """With a loan, the project's (unlevered) dynamic payback [years]; see ``project_npv_yuan``."""

    def to_dict(self) -> dict[str, Any]:
        return {k: _py(v) for k, v in _json_fields(self).items()}


@dataclass
class MeasureResult:
    """One measure's stand-alone figures (its capex, savings, O&M, replacements).

    ``capex_yuan`` is the factory's: 0 for PV owned by an EMC investor.
    """

    name: str
    type: str
    capex_yuan: float
    first_year_energy_saved_kwh: float
    first_year_savings_yuan: float
    simple_payback_years: float | None
    payback_years: float | None
    npv_yuan: float
    irr_pct: float | None
    om_yuan_per_year: float
    life_years: int
    rank: int = 0
    hourly_saved_kw: np.ndarray | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return _json_fields(self)


@dataclass
class PvResult:
    """PV figures.  *Generation* is the AC energy delivered (self-consumed +
    exported); under anti-backflow the curtailed part is not generated and
    is reported separately with the potential (uncurtailed) output [kWh]."""

    first_year_generation_kwh: float
    lifetime_generation_kwh: float
    first_year_potential_generation_kwh: float
    first_year_self_consumed_kwh: float
    first_year_exported_kwh: float
    first_year_curtailed_kwh: float
    lcoe_yuan_per_kwh: float | None
    capacity_kwp: float
    hourly_generation_kw: np.ndarray = field(repr=False)
    savings_by_year_base_yuan: np.ndarray | None = field(default=None, repr=False)
    """PV bill savings of each analysis year at year-1 prices (before escalation) [yuan]."""
    self_use_ratio_pct: float | None = None
    """Year-1 self-consumed / (self-consumed + exported) [%] (NEA 2025 No. 7 floors)."""

    def to_dict(self) -> dict[str, Any]:
        return _json_fields(self)


# --- storage (issue 11) ---------------------------------------------------------
@dataclass
class StorageResult:
    """One battery's figures (DESIGN.md "Storage"); ``to_dict`` is its entry in
    the results' ``storage`` list.

    Attributes
    ----------
    name, dispatch, ownership : the measure's
    energy_kwh, power_kw : size evaluated [kWh], [kW]
    first_year_charged_kwh : sum of c, AC energy into the battery [kWh]
    first_year_discharged_kwh : sum of d, AC energy out of it [kWh]
    first_year_savings_yuan : the factory's year-1 savings from it [yuan]
        (bill with every other measure - bill with it as well; x emc_share under EMC)
    first_year_bill_savings_yuan : the whole bill change, before any EMC share [yuan]
    equivalent_full_cycles_per_year : sum(d) / (E_max - E_min) [cycles/year]
    first_year_losses_kwh : sum(c) - sum(d), extra grid kWh [kWh]
    first_year_energy_saved_kwh : its effect on energy saved (negative = losses) [kWh]
    replacement_years : years at whose end it is replaced
    capacity_by_year : usable capacity cap_k of years 1..N [-]
    monthly_savings_yuan : the factory's savings by month, its share of the monthly bill [yuan]
    monthly_charged_kwh, monthly_discharged_kwh : by month [kWh]
    charge_kw, discharge_kw : hourly c, d of year 1 [kW] (not in JSON)
    soc_kwh : stored energy, 8761 values, S[0] at the start of year 1 [kWh] (not in JSON)
    """

    name: str
    dispatch: str
    energy_kwh: float
    power_kw: float
    ownership: str
    first_year_charged_kwh: float
    first_year_discharged_kwh: float
    first_year_savings_yuan: float
    first_year_bill_savings_yuan: float
    equivalent_full_cycles_per_year: float
    first_year_losses_kwh: float
    first_year_energy_saved_kwh: float
    replacement_years: list[int]
    capacity_by_year: list[float]
    monthly_savings_yuan: list[float]
    monthly_charged_kwh: list[float]
    monthly_discharged_kwh: list[float]
    charge_kw: np.ndarray = field(repr=False)
    discharge_kw: np.ndarray = field(repr=False)
    soc_kwh: np.ndarray = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        hourly = {"charge_kw", "discharge_kw", "soc_kwh"}
        return {f.name: _clean(getattr(self, f.name)) for f in fields(self) if f.name not in hourly}


# --- end storage ----------------------------------------------------------------


@dataclass
class ProjectResult:
    """Everything ``run_project`` computes; ``to_dict`` gives the results JSON.

    ``cash_flow_detail`` is the :class:`planner.engine.finance.CashFlowResult`
    (loan schedule, depreciation, tax by year), so no consumer recomputes them.
    """

    summary: Summary
    measures: list[MeasureResult]
    cash_flow: pd.DataFrame
    monthly: pd.DataFrame
    emissions: pd.DataFrame
    pv: PvResult | None
    bill_before: Any
    bill_after: Any
    baseline_kw: np.ndarray = field(repr=False)
    after_kw: np.ndarray = field(repr=False)
    grid_import_kw: np.ndarray = field(repr=False)
    calendar: Any = field(repr=False)
    load_report: Any = None
    warnings: list[str] = field(default_factory=list)
    cash_flow_detail: Any = field(default=None, repr=False)
    storage: list[StorageResult] = field(default_factory=list)
    """One entry per battery; the ``storage`` section is in the JSON only when there is one."""
    storage_base: Any = field(default=None, repr=False)
    """planner.engine.storage_step.StorageBase: what the sizing sweep re-uses (not in JSON)."""
    bill_check: Any = None
    """:class:`planner.model.bill_results.BillCheck` when the project has monthly bills."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "summary": self.summary.to_dict(),
            "measures": [m.to_dict() for m in self.measures],
            "cash_flow": records(self.cash_flow),
            "monthly": records(self.monthly),
            "emissions": records(self.emissions),
            "warnings": list(self.warnings),
        }
        if self.pv is not None:
            out["pv"] = self.pv.to_dict()
        if self.storage:
            out["storage"] = [b.to_dict() for b in self.storage]
        if self.load_report is not None:
            out["load_report"] = list(getattr(self.load_report, "messages", []))
        if self.bill_check is not None:
            out["bill_check"] = self.bill_check.to_dict()
        return _clean(out)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a results table as JSON-ready dicts (NaN/inf become None)."""
    return [{k: _py(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _json_fields(obj: Any) -> dict[str, Any]:
    """The fields of a result dataclass in declaration order, as its ``to_dict`` gives them: every
    field but the hourly and yearly arrays, which are declared ``repr=False`` and stay out of the JSON."""
    return {f.name: getattr(obj, f.name) for f in fields(obj) if f.repr}


def _py(v: Any) -> Any:
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if not np.isfinite(f) else f
    if isinstance(v, dict):
        return {k: _py(x) for k, x in v.items()}
    return v


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return _py(obj)


__all__ = ["Summary", "MeasureResult", "PvResult", "StorageResult", "ProjectResult", "records", "asdict"]
