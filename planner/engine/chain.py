"""``run_project``: the fixed chain from a project to its results.

Steps, in order (as pvlib's ``ModelChain``):

1. calendar of year 1 (working days, holidays);
2. baseline hourly load (meter data or shift pattern);
3. hourly tariff;
4. efficiency measures: annual kWh, placed on their schedules;
5. PV: hourly AC output, netted against the post-retrofit load;
6. year-1 bills before, after efficiency, after efficiency + PV;
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
  at year-1 prices (see ``_pv_years``), as SAM does, so a lost kWh is valued
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
  charge, power-factor adjustment, surcharges; VAT removed when deductible).
  A ``power_factor_correction`` measure's savings are the year-1 bill with
  every other measure minus the bill with it as well; year k = year 1 x
  (1+e)^(k-1) (the small change of PF as PV degrades is not re-billed, as
  for the efficiency measures); it saves no kWh.
* Per-measure yuan savings of efficiency measures are valued at the hourly
  energy price of the hours they fall in plus the surcharges per kWh; the
  change in the demand basic charge is a project-level line
  (``demand_charge_savings_yuan``), and so is the change in the
  power-factor adjustment they cause (``efficiency_pf_adjustment_savings_yuan``).  PV
  measures share the PV bill savings in proportion to their generation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.engine import bill as billing
from planner.engine import finance
from planner.engine.bill_check import bill_check, calibrate_to_bills
from planner.engine.calendar import calendar_for_load
from planner.engine.load import baseline_load
from planner.engine.measures import measure_savings_kwh, place_on_schedule
from planner.engine.pv import (
    clearsky_scaled_output,
    clearsky_shape,
    net_pv_against_load,
    profile_output,
    weather_file_output,
)
from planner.model.project import PowerFactorCorrectionMeasure, Project, PvMeasure
from planner.model.results import MeasureResult, ProjectResult, PvResult, Summary


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100.0


def _replacement_years(life: int, n_years: int) -> list[int]:
    """Years (1..N-1) at whose end a measure of ``life`` years is replaced."""
    return [k for k in range(life, n_years, life)]


def _pv_age(life: int, n_years: int) -> np.ndarray:
    """Age in years (1-based) of a system in each analysis year, reset on replacement."""
    k = np.arange(1, n_years + 1)
    return (k - 1) % life + 1


def pv_hourly_output(pv: PvMeasure, project: Project, base_dir: Path) -> np.ndarray:
    """Year-1 hourly AC output of one PV measure [kW], by precedence:
    generation profile file, weather file, clear-sky shape scaled to the yield."""
    if pv.generation_profile_file:
        return profile_output(base_dir / pv.generation_profile_file)
    if pv.weather_file:
        return weather_file_output(
            base_dir / pv.weather_file,
            pv.capacity_kwp,
            pv.tilt_deg,
            pv.azimuth_deg,
            losses_pct=pv.losses_pct,
            dc_ac_ratio=pv.dc_ac_ratio,
            inverter_efficiency_pct=pv.inverter_efficiency_pct,
            latitude_deg=project.site.latitude_deg,
            longitude_deg=project.site.longitude_deg,
            utc_offset_h=project.site.utc_offset_h,
        )
    shape = clearsky_shape(
        project.site.latitude_deg,
        project.site.longitude_deg,
        pv.tilt_deg,
        pv.azimuth_deg,
        year=project.load.calendar_year,
        utc_offset_h=project.site.utc_offset_h,
    )
    return clearsky_scaled_output(pv.capacity_kwp, pv.specific_yield_kwh_per_kwp, shape)


@dataclass(frozen=True)
class _PvYears:
    """PV re-netted and re-billed for every analysis year, at year-1 prices."""

    bill_after: np.ndarray  # (N,) total bill with PV [yuan]
    used_total: np.ndarray  # (N,) self-consumed + exported [kWh]
    used_by_measure: np.ndarray  # (M, N) [kWh]


def _pv_years(pv_measures, pv_outputs, after_kw, setup, export_allowed, export_limit, n_years) -> _PvYears:
    """Net and bill each year's degraded PV output against the post-retrofit load.

    Notes
    -----
    Output of measure m in year k: P_m,h x (1 - d_m)^(age_m(k) - 1).  For each
    year the summed output G is netted hour by hour (self = min(L, G),
    export = G - self if allowed), and the bill is energy charges on the
    import + basic charge - export income (owned PV) + EMC payments, all at
    year-1 prices (the whole Chinese bill of :mod:`planner.engine.bill`:
    energy, basic, PF adjustment, surcharges, without power-factor
    correction); escalation is applied by the caller.  This re-bills the
    degraded profile each year (as SAM does) instead of scaling year-1
    savings, so a lost kWh is valued at the price it would have earned
    (export or self-consumption).  Computed for all years at once as
    (N x 8760) arrays.
    """
    outputs = np.vstack(pv_outputs)  # (M, 8760)
    deg = np.vstack(
        [(1.0 - m.annual_degradation_pct / 100.0) ** (_pv_age(m.life_years, n_years) - 1) for m in pv_measures]
    )  # (M, N)
    gen = deg.T @ outputs  # (N, 8760)
    ht = setup.ht
    load_kw = np.clip(after_kw, 0.0, None)
    self_kw = np.minimum(load_kw[None, :], gen)
    import_by_year = after_kw[None, :] - self_kw
    bill = setup.yearly(import_by_year)
    self_total = self_kw.sum(axis=1)
    exported_kw = None
    if export_allowed and export_limit is not None:
        exported_kw = np.minimum(gen - self_kw, export_limit)
        export_total = exported_kw.sum(axis=1)
    else:
        export_total = gen.sum(axis=1) - self_total if export_allowed else np.zeros(n_years)
    used_by_measure = np.zeros_like(deg)
    if len(pv_measures) == 1:
        # one system: its shares are the totals, no per-hour ratios needed
        self_parts = [self_total]
        export_parts = [export_total]
        emc_value_parts = [self_kw @ ht.price]
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            self_ratio = np.where(gen > 0, self_kw / gen, 0.0)
        if exported_kw is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                export_ratio = np.where(gen > 0, exported_kw / gen, 0.0)
        else:
            export_ratio = (1.0 - self_ratio) * (gen > 0) if export_allowed else None
        self_parts = [deg[i] * (self_ratio @ outputs[i]) for i in range(len(pv_measures))]
        export_parts = [
            deg[i] * (export_ratio @ outputs[i]) if export_allowed else np.zeros(n_years)
            for i in range(len(pv_measures))
        ]
        emc_value_parts = [deg[i] * (self_ratio @ (outputs[i] * ht.price)) for i in range(len(pv_measures))]
    for i, m in enumerate(pv_measures):
        used_by_measure[i] = self_parts[i] + export_parts[i]
        if m.ownership == "emc":
            if m.emc_price_yuan_per_kwh is not None:
                bill = bill + self_parts[i] * m.emc_price_yuan_per_kwh * setup.vat
            else:
                bill = bill + emc_value_parts[i] * (1 - (m.emc_discount_pct or 0.0) / 100.0)
        else:
            bill = bill - export_parts[i] * ht.export_price
    return _PvYears(
        bill_after=bill,
        used_total=used_by_measure.sum(axis=0),
        used_by_measure=used_by_measure,
    )


def run_project(project: Project, base_dir: str | Path | None = None) -> ProjectResult:
    """Compute a project's results.

    Parameters
    ----------
    project : planner.model.project.Project
        A validated project.
    base_dir : path, optional
        Directory that relative profile/weather file paths are relative to
        (the project file's directory); default the current directory.

    Returns
    -------
    ProjectResult
    """
    base = Path(base_dir) if base_dir is not None else Path(".")
    warnings: list[str] = []
    fin = project.finance
    n_years = fin.analysis_years
    rate = fin.discount_rate_pct / 100.0
    esc = project.tariff.escalation_pct_per_year / 100.0
    om_esc = fin.om_escalation_pct_per_year / 100.0
    years = np.arange(1, n_years + 1)
    price_growth = (1.0 + esc) ** (years - 1)
    om_growth = (1.0 + om_esc) ** (years - 1)

    # 1-3: calendar, load, tariff
    cal = calendar_for_load(project.load)
    profile = baseline_load(project.load, base, utc_offset_h=project.site.utc_offset_h)
    baseline_kw = np.asarray(profile.kw, dtype=float)
    vat = billing.vat_factor(project.tariff, fin)
    ht = billing.billing_hourly_tariff(project.tariff, cal, vat)
    bills = project.load.monthly_bills
    uncalibrated_kw, calibration = None, []
    if bills and project.load.calibrate_to_bills:
        uncalibrated_kw = baseline_kw
        baseline_kw, calibration = calibrate_to_bills(baseline_kw, ht, cal, bills)
        profile.report.messages.extend(calibration)  # reported with the meter-data repairs
    setup = billing.bill_setup(project, cal, baseline_kw, ht)

    # 4: efficiency measures
    eff_measures = [
        m for m in project.measures if m.enabled and not isinstance(m, (PvMeasure, PowerFactorCorrectionMeasure))
    ]
    pfc_measures = [m for m in project.measures if m.enabled and isinstance(m, PowerFactorCorrectionMeasure)]
    pv_measures = [m for m in project.measures if m.enabled and isinstance(m, PvMeasure)]
    saved_kw_total = np.zeros_like(baseline_kw)
    eff_hourly: list[np.ndarray] = []
    for m in eff_measures:
        kwh = measure_savings_kwh(m)
        hourly = place_on_schedule(kwh, m.schedule, cal, baseline_kw)
        eff_hourly.append(hourly)
        saved_kw_total += hourly
    after_kw = baseline_kw - saved_kw_total
    if np.any(after_kw < -1e-9):
        n_neg = int(np.sum(after_kw < -1e-9))
        warnings.append(
            f"measures save more than the baseline load in {n_neg} hours: check the load or the measures' "
            "schedules (the post-retrofit load is taken as 0 there for PV netting)"
        )

    # 5: PV
    pv_outputs = [pv_hourly_output(m, project, base) for m in pv_measures]
    pv_total = np.sum(pv_outputs, axis=0) if pv_outputs else np.zeros_like(baseline_kw)
    export_allowed, export_limit, export_warnings = billing.site_export_rule(pv_measures)
    warnings.extend(export_warnings)
    net = net_pv_against_load(np.clip(after_kw, 0.0, None), pv_total, export_allowed, export_limit)
    grid_import_kw = after_kw - np.asarray(net.self_consumed_kw)  # keeps linear valuation where load < savings

    # EMC payments and export income by PV measure (pro rata by hourly generation)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = [np.where(pv_total > 0, out / pv_total, 0.0) for out in pv_outputs]
    emc_pay = np.zeros_like(baseline_kw)
    export_to_factory = np.zeros_like(baseline_kw)
    for m, share in zip(pv_measures, shares):
        used = np.asarray(net.self_consumed_kw) * share
        if m.ownership == "emc":
            if m.emc_price_yuan_per_kwh is not None:
                emc_pay += used * m.emc_price_yuan_per_kwh * vat
            else:
                emc_pay += used * ht.price * (1 - (m.emc_discount_pct or 0.0) / 100.0)
        else:
            export_to_factory += np.asarray(net.exported_kw) * share

    # 6: bills
    bill_before = setup.bill(baseline_kw)
    bill_eff = setup.bill(after_kw)
    bill_after_no_pfc = setup.bill(grid_import_kw, export_to_factory, emc_pay)
    bill_after = setup.bill(grid_import_kw, export_to_factory, emc_pay, pfc=True) if pfc_measures else bill_after_no_pfc
    eff_savings_1 = float(bill_before.total.sum() - bill_eff.total.sum())
    pv_savings_1 = float(bill_eff.total.sum() - bill_after_no_pfc.total.sum())
    pfc_savings_1 = float(bill_after_no_pfc.total.sum() - bill_after.total.sum())
    first_year_savings = eff_savings_1 + pv_savings_1 + pfc_savings_1
    warnings.extend(billing.bill_warnings(project, bill_before, bill_after))
    checked = None
    if bills:
        checked = bill_check(
            bills,
            bill_before,
            vat,
            uncalibrated_bill=None if uncalibrated_kw is None else setup.bill(uncalibrated_kw),
            calibration=calibration,
        )
    demand_savings = float(bill_before.basic.sum() - bill_eff.basic.sum())

    # 7: per-measure year-1 figures and yearly projection
    surcharge_rate = project.tariff.surcharges_yuan_per_kwh * vat  # per kWh saved, like the energy price
    measure_results: list[MeasureResult] = []
    savings_by_year = eff_savings_1 * price_growth
    om_by_year = np.zeros(n_years)
    repl_by_year = np.zeros(n_years)
    capex_total = 0.0
    eff_kwh_1 = float(saved_kw_total.sum())
    pv_used_by_year = np.zeros(n_years)
    pfc_savings_by_year = pfc_savings_1 * price_growth
    pv_capex = 0.0
    pv_om_by_year = np.zeros(n_years)
    pv_repl_by_year = np.zeros(n_years)

    def add_capex(m, om_per_year: float) -> tuple[np.ndarray, np.ndarray]:
        nonlocal capex_total
        capex_total += m.capex_yuan
        om = om_per_year * om_growth
        repl = np.zeros(n_years)
        for y in _replacement_years(m.life_years, n_years):
            repl[y - 1] += m.capex_yuan
        return om, repl

    for m, hourly in zip(eff_measures, eff_hourly):
        kwh = float(hourly.sum())
        yuan = float(np.sum(hourly * ht.price)) + float(hourly.sum()) * surcharge_rate
        om, repl = add_capex(m, m.om_change_yuan_per_year)
        om_by_year += om
        repl_by_year += repl
        mr = _measure_metrics(
            m.name,
            m.type,
            m.capex_yuan,
            kwh,
            yuan,
            yuan * price_growth,
            om,
            repl,
            m.om_change_yuan_per_year,
            m.life_years,
            rate,
        )
        mr.hourly_saved_kw = hourly
        measure_results.append(mr)

    total_gen_1 = float(pv_total.sum())
    used_1 = float(np.sum(net.self_consumed_kw) + np.sum(net.exported_kw))
    if pv_measures:
        pv_years = _pv_years(pv_measures, pv_outputs, after_kw, setup, export_allowed, export_limit, n_years)
        # year-k PV bill savings at year-1 prices, then escalated
        pv_savings_base = bill_eff.total.sum() - pv_years.bill_after
        pv_used_by_year = pv_years.used_total
    for i, m in enumerate(pv_measures):
        used_m = pv_years.used_by_measure[i]
        with np.errstate(invalid="ignore", divide="ignore"):
            frac_by_year = np.where(pv_years.used_total > 0, used_m / pv_years.used_total, 0.0)
        yuan_by_year = pv_savings_base * frac_by_year * price_growth
        yuan_1 = float(yuan_by_year[0]) if n_years else 0.0
        savings_by_year = savings_by_year + yuan_by_year
        om_m = m.om_yuan_per_year + m.om_change_yuan_per_year
        repl_m = np.zeros(n_years)
        for y in _replacement_years(m.life_years, n_years):
            repl_m[y - 1] += m.capex_yuan
        pv_capex += m.capex_yuan
        pv_om_by_year += om_m * om_growth
        pv_repl_by_year += repl_m
        if m.ownership == "emc":
            om = np.zeros(n_years)
            repl = np.zeros(n_years)
            capex_factory = 0.0
        else:
            om, repl = add_capex(m, om_m)
            om_by_year += om
            repl_by_year += repl
            capex_factory = m.capex_yuan
        mr = _measure_metrics(
            m.name,
            m.type,
            capex_factory,
            float(used_m[0]),
            yuan_1,
            yuan_by_year,
            om,
            repl,
            0.0 if m.ownership == "emc" else om_m,
            m.life_years,
            rate,
        )
        mr.hourly_saved_kw = pv_outputs[i]
        measure_results.append(mr)

    # power-factor correction: the bill with every other measure minus the bill with it as well,
    # shared equally when there are several (the highest target counts)
    for m in pfc_measures:
        share = 1.0 / len(pfc_measures)
        om, repl = add_capex(m, m.om_change_yuan_per_year)
        om_by_year += om
        repl_by_year += repl
        savings_by_year = savings_by_year + pfc_savings_by_year * share
        measure_results.append(
            _measure_metrics(
                m.name,
                m.type,
                m.capex_yuan,
                0.0,
                float(pfc_savings_by_year[0]) * share if n_years else 0.0,
                pfc_savings_by_year * share,
                om,
                repl,
                m.om_change_yuan_per_year,
                m.life_years,
                rate,
            )
        )

    _rank(measure_results)

    cf = finance.cash_flow(
        finance.CashFlowInputs(
            analysis_years=n_years,
            discount_rate=rate,
            investment=capex_total,
            subsidy=fin.subsidy_yuan,
            savings=savings_by_year,
            om_costs=om_by_year,
            replacement_costs=repl_by_year,
            income_tax_rate=fin.income_tax_pct / 100.0,
            depreciation_years=fin.depreciation_years,
            loan_share=(fin.loan.share_pct / 100.0) if fin.loan else 0.0,
            loan_interest_rate=(fin.loan.interest_pct / 100.0) if fin.loan else 0.0,
            loan_term_years=fin.loan.term_years if fin.loan else 1,
        )
    )

    # 8: energy, emissions
    energy_by_year = eff_kwh_1 + pv_used_by_year
    factor = project.emissions.grid_factor_kg_per_kwh
    tce_factor = project.emissions.tce_kgce_per_kwh
    first_year_energy = float(energy_by_year[0]) if n_years else 0.0
    emissions_df = pd.DataFrame(
        {
            "year": years,
            "efficiency_kwh": np.full(n_years, eff_kwh_1),
            "pv_kwh": pv_used_by_year,
            "energy_saved_kwh": energy_by_year,
            "co2_avoided_t": energy_by_year * factor / 1000.0,
            "tce_saved": energy_by_year * tce_factor / 1000.0,
        }
    )

    pv_result = None
    if pv_measures:
        lcoe = finance.levelized_cost(rate, pv_capex, pv_om_by_year + pv_repl_by_year, pv_used_by_year)
        self_use = billing.self_use_ratio_pct(float(np.sum(net.self_consumed_kw)), float(np.sum(net.exported_kw)))
        warnings.extend(billing.self_use_warnings(pv_measures, self_use))
        pv_result = PvResult(
            first_year_generation_kwh=used_1,
            lifetime_generation_kwh=float(pv_used_by_year.sum()),
            first_year_potential_generation_kwh=total_gen_1,
            first_year_self_consumed_kwh=float(np.sum(net.self_consumed_kw)),
            first_year_exported_kwh=float(np.sum(net.exported_kw)),
            first_year_curtailed_kwh=float(np.sum(net.curtailed_kw)),
            lcoe_yuan_per_kwh=lcoe,
            capacity_kwp=float(sum(m.capacity_kwp for m in pv_measures)),
            hourly_generation_kw=pv_total,
            savings_by_year_base_yuan=np.asarray(pv_savings_base, dtype=float),
            self_use_ratio_pct=self_use,
        )

    monthly = billing.monthly_table(bill_before, bill_after, saved_kw_total, net, cal)

    summary = Summary(
        capex_yuan=capex_total,
        net_investment_yuan=capex_total - fin.subsidy_yuan,
        first_year_savings_yuan=first_year_savings,
        monthly_savings_yuan=first_year_savings / 12.0,
        simple_payback_years=cf.simple_payback_years,
        payback_years=cf.payback_years,
        discounted_payback_years=cf.discounted_payback_years,
        npv_yuan=cf.npv,
        irr_pct=_pct(cf.irr),
        benefit_cost_ratio=cf.benefit_cost_ratio,
        lifetime_savings_yuan=cf.lifetime_savings,
        first_year_energy_saved_kwh=first_year_energy,
        lifetime_energy_saved_kwh=float(energy_by_year.sum()),
        first_year_co2_avoided_t=first_year_energy * factor / 1000.0,
        lifetime_co2_avoided_t=float(energy_by_year.sum() * factor / 1000.0),
        first_year_tce_saved=first_year_energy * tce_factor / 1000.0,
        lifetime_tce_saved=float(energy_by_year.sum() * tce_factor / 1000.0),
        first_year_om_yuan=float(om_by_year[0]) if n_years else 0.0,
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
        grid_factor_kg_per_kwh=factor,
        tce_kgce_per_kwh=tce_factor,
    )
    return ProjectResult(
        summary=summary,
        measures=measure_results,
        cash_flow=cf.to_frame(),
        monthly=monthly,
        emissions=emissions_df,
        pv=pv_result,
        bill_before=bill_before,
        bill_after=bill_after,
        baseline_kw=baseline_kw,
        after_kw=after_kw,
        grid_import_kw=grid_import_kw,
        calendar=cal,
        load_report=profile.report,
        warnings=warnings,
        cash_flow_detail=cf,
        bill_check=checked,
    )


def _measure_metrics(name, mtype, capex, kwh, yuan_1, yuan_by_year, om, repl, om_1, life, rate) -> MeasureResult:
    """Stand-alone metrics of one measure (its own capex, savings, O&M, replacements)."""
    flows = np.concatenate([[-capex], yuan_by_year - om - repl])
    has_investment = capex > 0
    return MeasureResult(
        name=name,
        type=mtype,
        capex_yuan=float(capex),
        first_year_energy_saved_kwh=kwh,
        first_year_savings_yuan=yuan_1,
        om_yuan_per_year=float(om_1),
        life_years=life,
        simple_payback_years=finance.simple_payback(capex, yuan_1 - om_1),
        payback_years=finance.payback_period(flows) if has_investment else None,
        npv_yuan=finance.npv(rate, flows),
        irr_pct=_pct(finance.irr(flows)) if has_investment else None,
    )


def _rank(results: list[MeasureResult]) -> None:
    """Rank by simple payback, shortest first; measures without one go last (by NPV)."""
    order = sorted(
        range(len(results)),
        key=lambda i: (
            results[i].simple_payback_years is None,
            results[i].simple_payback_years or 0.0,
            -results[i].npv_yuan,
        ),
    )
    for rank, i in enumerate(order, start=1):
        results[i].rank = rank
