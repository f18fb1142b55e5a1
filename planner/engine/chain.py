"""``run_project``: the fixed chain from a project to its results.

Steps, in order (as pvlib's ``ModelChain``):

1. calendar of year 1 (working days, holidays);
2. baseline hourly load (meter data or shift pattern);
3. hourly tariff;
4. efficiency measures: annual kWh, placed on their schedules;
5. PV: hourly AC output, netted against the post-retrofit load;
6. year-1 bills before, after efficiency, after efficiency + PV;
6b. batteries on the meter after efficiency and PV (:mod:`planner.engine.storage_step`);
7. years 2..N projected from year 1; cash flow and metrics;
8. emissions and tce.

Conventions (DESIGN.md, and the choices made where it is silent)
-----------------------------------------------------------------
* Money out is negative; year 0 is the investment; flows at year end;
  NPV = sum CF_k/(1+r)^k, k = 0..N (numpy-financial).
* ``first_year_savings_yuan`` = bill before - bill after in year 1: energy
  and basic charges avoided + PV export income - EMC payments; before O&M.
* Year-k savings = (efficiency bill savings + PV bill savings of year k)
  x (1+e)^(k-1), with e the tariff escalation (applied to every price,
  export and EMC prices included).  PV year-k output = year-1 output x
  (1-d)^(age-1), ``age`` the system's age in years (reset when it is
  replaced); each year's degraded hourly output is netted and billed again
  at year-1 prices (:func:`planner.engine.balance.pv_years`), as SAM does, so a lost kWh is valued
  at what it would have earned.  With no export (all PV self-consumed) this
  equals year-1 PV savings x (1-d)^(age-1).
* A measure whose ``life_years`` ends inside the analysis period is replaced
  at its capex (not escalated) at the end of year ``life``, ``2 x life``, ...
  (only when that year < analysis_years), and its savings continue.
* ``capex_yuan`` (summary) is the sum of the factory's capex: PV under EMC
  ownership is paid and maintained by the investor, so its capex and O&M
  are not in the factory's cash flow (they are in the PV LCOE).
* Energy saved = efficiency kWh + PV generation, where PV generation is the
  AC energy delivered (self-consumed + exported); under anti-backflow the
  curtailed kWh are never produced and avoid nothing.  CO2 and tce are energy
  saved x factor.  Efficiency kWh are the same every year (production is
  held at the stated output).
* The bill is the Chinese bill of :mod:`planner.engine.bill` (energy, basic
  charge, power-factor adjustment, surcharges; VAT removed when deductible);
  PV years are re-billed with the same rules.  A ``power_factor_correction``
  measure's savings are the year-1 bill with every other measure minus the
  bill with it as well (:mod:`planner.engine.pfc`); it saves no kWh.
* Per-measure yuan savings of efficiency measures are valued at the hourly
  energy price of the hours they fall in plus the surcharges per kWh; the
  change in the demand basic charge is a project-level line
  (``demand_charge_savings_yuan``), and so is the change in the
  power-factor adjustment they cause (``efficiency_pf_adjustment_savings_yuan``).
  PV measures share the PV bill savings in proportion to their generation.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path

import numpy as np

from planner.engine import bill as billing
from planner.engine import finance, storage_step
from planner.engine.balance import pv_year_one, pv_years
from planner.engine.bill_check import bill_check, calibrate_to_bills
from planner.engine.calendar import calendar_for_load
from planner.engine.emissions import emissions
from planner.engine.lifecycle import growth_factors
from planner.engine.load import baseline_load
from planner.engine.measures import measure_savings_kwh, place_on_schedules
from planner.engine.metrics import FactoryTotals, efficiency_results, pv_result, pv_results, rank_measures
from planner.engine.pfc import pfc_results
from planner.engine.pv import pv_hourly_output
from planner.model.project import BatteryMeasure, PowerFactorCorrectionMeasure, Project, PvMeasure
from planner.model.results import ProjectResult, Summary
from planner.terms import Note

__all__ = ["run_project", "pv_hourly_output"]


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100.0


def run_project(
    project: Project, base_dir: str | Path | None = None, *, scales: dict[str, float] | None = None
) -> ProjectResult:
    """Compute a project's results.

    Parameters
    ----------
    project : planner.model.project.Project
        A validated project.
    base_dir : path, optional
        Directory that relative profile/weather file paths are relative to
        (the project file's directory); default the current directory.
    scales : dict, optional
        Sensitivity hooks (helper "analysis", ``planner.analysis.drivers``)
        for the two drivers that have no project field:
        ``"efficiency_savings"``: factor [-] on the year-1 kWh of every
        non-PV, non-battery measure (before it is placed on its schedule);
        ``"pv_yield"``: factor [-] on every PV measure's hourly output.
        Default 1 (no change).

    Returns
    -------
    ProjectResult
    """
    base = Path(base_dir) if base_dir is not None else Path(".")
    # analysis scale hooks (helper "analysis")
    eff_scale = float((scales or {}).get("efficiency_savings", 1.0))
    pv_scale = float((scales or {}).get("pv_yield", 1.0))
    # end of the analysis scale hooks
    warnings: list[str] = []
    fin = project.finance
    n_years = fin.analysis_years
    rate = fin.discount_rate_pct / 100.0
    price_growth = growth_factors(project.tariff.escalation_pct_per_year / 100.0, n_years)
    om_growth = growth_factors(fin.om_escalation_pct_per_year / 100.0, n_years)

    # 1-3: calendar, load, tariff
    cal = calendar_for_load(project.load)
    profile = baseline_load(project.load, base, utc_offset_h=project.site.utc_offset_h)
    baseline_kw = np.asarray(profile.kw, dtype=float)
    vat = billing.vat_factor(project.tariff, fin)
    ht = billing.billing_hourly_tariff(project.tariff, cal, vat)
    bills = project.load.monthly_bills
    uncalibrated_kw: np.ndarray | None = None
    calibration: list[str] = []
    if bills and project.load.calibrate_to_bills:
        uncalibrated_kw = baseline_kw
        baseline_kw, calibration = calibrate_to_bills(baseline_kw, ht, cal, bills)
        profile.report.messages.extend(calibration)  # reported with the meter-data repairs
    setup = billing.bill_setup(project, cal, baseline_kw, ht)

    # 4: efficiency measures
    not_efficiency = (PvMeasure, BatteryMeasure, PowerFactorCorrectionMeasure)
    eff_measures = [m for m in project.measures if m.enabled and not isinstance(m, not_efficiency)]
    pfc_measures = [m for m in project.measures if m.enabled and isinstance(m, PowerFactorCorrectionMeasure)]
    pv_measures = [m for m in project.measures if m.enabled and isinstance(m, PvMeasure)]
    eff_hourly = place_on_schedules(
        [measure_savings_kwh(m) * (eff_scale if m.type != "battery" else 1.0) for m in eff_measures],  # analysis hook
        [m.schedule for m in eff_measures],
        cal,
        baseline_kw,
    )  # (M, 8760)
    saved_kw_total = eff_hourly.sum(axis=0, initial=0.0)  # row by row in measure order, as a running total
    after_kw = baseline_kw - saved_kw_total
    if np.any(after_kw < -1e-9):
        n_neg = int(np.sum(after_kw < -1e-9))
        warnings.append(Note("warning.negative_after", n=n_neg))

    # 5: PV, netted against the post-retrofit load
    pv_outputs = [pv_hourly_output(m, project, base) * pv_scale for m in pv_measures]  # analysis hook: pv_yield
    export_allowed, export_limit, export_warnings = billing.site_export_rule(pv_measures)
    warnings.extend(export_warnings)
    pv1 = pv_year_one(pv_measures, pv_outputs, after_kw, ht, export_allowed, export_limit, vat)

    # 6: year-1 bills
    bill_before = setup.bill(baseline_kw)
    bill_eff = setup.bill(after_kw)
    bill_after_no_pfc = setup.bill(pv1.grid_import_kw, pv1.export_to_factory_kw, pv1.emc_payment_yuan)
    bill_after = (
        setup.bill(pv1.grid_import_kw, pv1.export_to_factory_kw, pv1.emc_payment_yuan, pfc=True)
        if pfc_measures
        else bill_after_no_pfc
    )
    eff_savings_1 = float(bill_before.total.sum() - bill_eff.total.sum())
    pv_savings_1 = float(bill_eff.total.sum() - bill_after_no_pfc.total.sum())
    pfc_savings_1 = float(bill_after_no_pfc.total.sum() - bill_after.total.sum())
    first_year_savings = eff_savings_1 + pv_savings_1 + pfc_savings_1
    warnings.extend(billing.bill_warnings(project, bill_before, bill_after))
    checked = None
    if bills:
        # the residual before calibration: the uncalibrated baseline with its own kvarh
        unc = None
        if uncalibrated_kw is not None:
            unc = billing.bill_setup(project, cal, uncalibrated_kw, ht).bill(uncalibrated_kw)
        checked = bill_check(bills, bill_before, vat, uncalibrated_bill=unc, calibration=calibration)
    demand_savings = float(bill_before.basic.sum() - bill_eff.basic.sum())

    # 6b: storage (issue 11) - dispatched on the meter after efficiency and PV
    bill_fn = partial(setup.bill, pfc=bool(pfc_measures))  # (import, export, emc) -> the whole bill; picklable

    meter = storage_step.initial_state(after_kw, pv_outputs, pv1, pv_measures, export_allowed, bill_after)

    # 7: per-measure figures, yearly projection, cash flow
    totals = FactoryTotals(
        capex_yuan=0.0,
        savings_by_year=eff_savings_1 * price_growth,
        om_by_year=np.zeros(n_years),
        replacement_by_year=np.zeros(n_years),
    )
    surcharge = project.tariff.surcharges_yuan_per_kwh * vat  # per kWh saved, like the energy price
    measure_results = efficiency_results(
        eff_measures, eff_hourly, ht.price + surcharge, price_growth, om_growth, rate, totals
    )
    measure_results += pfc_results(pfc_measures, pfc_savings_1, price_growth, om_growth, rate, totals)
    pv_section = None
    pv_used_by_year = np.zeros(n_years)
    if pv_measures:
        pvy = pv_years(
            pv_measures,
            pv_outputs,
            after_kw,
            ht,
            cal,
            project.tariff,
            export_allowed,
            n_years,
            export_limit_kw=export_limit,
            grid_bills=setup.yearly,
            vat=vat,
        )
        pv_savings_base = bill_eff.total.sum() - pvy.bill_after  # year-k PV bill savings at year-1 prices
        pv_measure_results, pv_costs = pv_results(
            pv_measures, pv_outputs, pvy, pv_savings_base, price_growth, om_growth, rate, totals
        )
        measure_results += pv_measure_results
        pv_section = pv_result(pv_measures, pv1, pvy, pv_costs, pv_savings_base, rate)
        pv_section.self_use_ratio_pct = billing.self_use_ratio_pct(
            pv_section.first_year_self_consumed_kwh, pv_section.first_year_exported_kwh
        )
        warnings.extend(billing.self_use_warnings(pv_measures, pv_section.self_use_ratio_pct))
        pv_used_by_year = pvy.used_total
    storage = storage_step.run_batteries(project, meter, ht, cal, bill_fn, price_growth, om_growth, totals)
    measure_results += storage.measure_results
    if storage.results:
        bill_after = storage.bill_after
        first_year_savings += storage.savings_1_yuan
        warnings.append(storage_step.LOSSES_NOTE)
    rank_measures(measure_results)

    cf = finance.cash_flow(
        cf_inputs := finance.CashFlowInputs(
            analysis_years=n_years,
            discount_rate=rate,
            investment=totals.capex_yuan,
            subsidy=fin.subsidy_yuan,
            savings=totals.savings_by_year,
            om_costs=totals.om_by_year,
            replacement_costs=totals.replacement_by_year,
            income_tax_rate=fin.income_tax_pct / 100.0,
            depreciation_years=fin.depreciation_years,
            loan_share=(fin.loan.share_pct / 100.0) if fin.loan else 0.0,
            loan_interest_rate=(fin.loan.interest_pct / 100.0) if fin.loan else 0.0,
            loan_term_years=fin.loan.term_years if fin.loan else 1,
        )
    )

    # with a loan the figures above are the equity's; the project's (unlevered) are the same flows without it
    unlevered = finance.cash_flow(dataclasses.replace(cf_inputs, loan_share=0.0)) if fin.loan else None

    # 8: energy, emissions
    em = emissions(
        float(saved_kw_total.sum()),
        pv_used_by_year,
        project.emissions.grid_factor_kg_per_kwh,
        project.emissions.tce_kgce_per_kwh,
    )
    if storage.results:
        em = storage_step.add_storage_energy(
            em, storage.energy_by_year, project.emissions.grid_factor_kg_per_kwh, project.emissions.tce_kgce_per_kwh
        )
    pv_used_kw = np.asarray(pv1.net.self_consumed_kw) + np.asarray(pv1.net.exported_kw)
    monthly = billing.monthly_table(bill_before, bill_after, saved_kw_total, pv_used_kw, cal)
    if storage.results:
        monthly["storage_savings_yuan"] = storage.monthly_savings_yuan

    summary = Summary(
        capex_yuan=totals.capex_yuan,
        net_investment_yuan=totals.capex_yuan - fin.subsidy_yuan,
        first_year_savings_yuan=first_year_savings,
        monthly_savings_yuan=first_year_savings / 12.0,
        simple_payback_years=cf.simple_payback_years,
        payback_years=cf.payback_years,
        discounted_payback_years=cf.discounted_payback_years,
        npv_yuan=cf.npv,
        irr_pct=_pct(cf.irr),
        benefit_cost_ratio=cf.benefit_cost_ratio,
        lifetime_savings_yuan=cf.lifetime_savings,
        first_year_energy_saved_kwh=em.first_year.energy_kwh,
        lifetime_energy_saved_kwh=em.lifetime.energy_kwh,
        first_year_co2_avoided_t=em.first_year.co2_t,
        lifetime_co2_avoided_t=em.lifetime.co2_t,
        first_year_tce_saved=em.first_year.tce,
        lifetime_tce_saved=em.lifetime.tce,
        first_year_om_yuan=float(totals.om_by_year[0]) if n_years else 0.0,
        first_year_bill_before_yuan=float(bill_before.total.sum()),
        first_year_bill_after_yuan=float(bill_after.total.sum()),
        first_year_efficiency_savings_yuan=eff_savings_1,
        first_year_pv_savings_yuan=pv_savings_1,
        demand_charge_savings_yuan=demand_savings,
        first_year_pfc_savings_yuan=pfc_savings_1,
        efficiency_pf_adjustment_savings_yuan=float(bill_before.pf_adjustment.sum() - bill_eff.pf_adjustment.sum()),
        baseline_annual_kwh=float(baseline_kw.sum()),
        analysis_years=n_years,
        discount_rate_pct=fin.discount_rate_pct,
        grid_factor_kg_per_kwh=project.emissions.grid_factor_kg_per_kwh,
        tce_kgce_per_kwh=project.emissions.tce_kgce_per_kwh,
        project_npv_yuan=unlevered.npv if unlevered else None,
        project_irr_pct=_pct(unlevered.irr) if unlevered else None,
        project_payback_years=unlevered.payback_years if unlevered else None,
        project_discounted_payback_years=unlevered.discounted_payback_years if unlevered else None,
    )
    return ProjectResult(
        summary=summary,
        measures=measure_results,
        cash_flow=cf.to_frame(),
        monthly=monthly,
        emissions=em.table,
        pv=pv_section,
        bill_before=bill_before,
        bill_after=bill_after,
        baseline_kw=baseline_kw,
        after_kw=after_kw,
        grid_import_kw=storage.state.grid_import_kw,
        calendar=cal,
        load_report=profile.report,
        warnings=warnings,
        cash_flow_detail=cf,
        storage=storage.results,
        storage_base=storage.base(cf_inputs, em.energy_saved_kwh_by_year),
        bill_check=checked,
    )
