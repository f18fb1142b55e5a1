"""Year-1 (and, for PV, year-k) kWh by time-of-use period behind the bill savings.

The hourly simulation gives yuan; an auditor who changes a price in the
workbook needs the kWh each price multiplies.  This module splits the
engine's savings into linear pieces::

    efficiency savings_1 = sum_m sum_p kWh_m,p x price_p
                           + demand kW-months avoided x demand rate + other
    PV savings_k (year-1 prices) = sum_p self_k,p x price_p
                           + export_k x owned share_k x export price
                           + PV demand kW-months avoided_k x demand rate
                           - EMC payments_k + other_k

``other`` is whatever the pieces do not explain (0 up to float rounding for
the bills of :mod:`planner.engine.tariff`; tests check it); it keeps a
workbook built on these pieces equal to the engine at the engine's inputs
even if the bill gains terms the pieces do not cover.

Self-consumed and exported kWh of year k are also written as
``year-1 kWh x D_k + adjustment_k``, with ``D_k = (1-d)^(age_k-1)`` the output
index of the (first) PV system: when the load absorbs all PV output the
adjustments are 0; otherwise they carry the hour-by-hour re-netting of the
degraded output (the same rule as :func:`planner.engine.chain._pv_years`).

Pure functions of a project and its :class:`ProjectResult`; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.engine.bill import basic_charges_by_year
from planner.engine.calendar import HourlyCalendar
from planner.engine.tariff import HourlyTariff, hourly_tariff
from planner.model.project import PERIODS, Project, PvMeasure
from planner.model.results import ProjectResult


@dataclass(frozen=True)
class PvAttribution:
    """PV's bill savings of each analysis year k = 1..N at year-1 prices, in pieces.

    Attributes
    ----------
    self_kwh : (N, P) self-consumed kWh by period, all systems [kWh]
    export_kwh : (N,) exported kWh, all systems [kWh]
    owned_export_share : (N,) share of the exported kWh that the factory is paid for [-]
    demand_kw_months : (N,) sum over months of the maximum demand PV avoids [kW-month]
    emc_self_kwh : (N, P) self-consumed kWh of EMC-owned systems by period [kWh]
    emc_payment_yuan : (N,) what the factory pays EMC investors [yuan]
    emc_weighted_kwh : (N, P) sum over discount-priced EMC systems of (1 - discount) x self kWh [kWh]
    emc_fixed_yuan : (N,) payments of fixed-price EMC systems [yuan]
        (emc_payment = emc_weighted_kwh @ prices + emc_fixed_yuan)
    month_export_kwh : (12,) year-1 exported kWh the factory is paid for, by month [kWh]
    month_emc_weighted_kwh : (12, P), month_emc_fixed_yuan : (12,) the EMC pieces of year 1 by month
    other_yuan : (N,) engine savings minus the pieces above [yuan]
    index : (N,) output index D_k of the first system, (1-d)^(age-1) [-]
    self_adjust_kwh : (N, P) self_kwh - self_kwh[0] x index [kWh]
    export_adjust_kwh : (N,) export_kwh - export_kwh[0] x index [kWh]
    measure_share : (M, N) share of each PV measure in the kWh used [-]
    """

    self_kwh: np.ndarray
    export_kwh: np.ndarray
    owned_export_share: np.ndarray
    demand_kw_months: np.ndarray
    emc_self_kwh: np.ndarray
    emc_payment_yuan: np.ndarray
    emc_weighted_kwh: np.ndarray
    emc_fixed_yuan: np.ndarray
    month_export_kwh: np.ndarray
    month_emc_weighted_kwh: np.ndarray
    month_emc_fixed_yuan: np.ndarray
    other_yuan: np.ndarray
    index: np.ndarray
    self_adjust_kwh: np.ndarray
    export_adjust_kwh: np.ndarray
    measure_share: np.ndarray

    @property
    def used_kwh(self) -> np.ndarray:
        """Self-consumed + exported kWh of each year [kWh]."""
        return self.self_kwh.sum(axis=1) + self.export_kwh


@dataclass(frozen=True)
class Attribution:
    """The linear pieces of the year-1 savings.

    Attributes
    ----------
    periods : the tariff's priced periods, in :data:`PERIODS` order
    prices : price of each of ``periods`` [yuan/kWh]
    export_price : [yuan/kWh]
    demand_rate : yuan per kW of monthly maximum demand (0 unless the basis is demand) [yuan/kW-month]
    measure_kwh : {result index: (P,) kWh by period} of each efficiency measure [kWh]
    measure_linear : {result index: True when the measure's year-1 savings are its kWh by period
        x the prices (to 1e-9); False for a measure whose savings the bill values otherwise
        (e.g. a battery: charging cost, demand), which a workbook must show as a fact}
    eff_demand_kw_months : maximum demand avoided by efficiency, summed over months [kW-month]
    eff_other_yuan : efficiency savings (with power-factor correction savings, when the results
        carry ``first_year_pfc_savings_yuan``) not explained by the pieces [yuan]
    pv : PV pieces, or None
    month_before_kwh, month_after_kwh : (12, P) year-1 grid import by month and period [kWh]
    month_before_demand_kw, month_after_demand_kw : (12,) billed maximum demand (demand basis, else 0) [kW]
    month_other_before_yuan, month_other_after_yuan : (12,) bill minus its pieces [yuan]

    Notes
    -----
    bill_before_m = sum_p before_kwh_m,p x price_p + demand_before_m x rate + other
    bill_after_m  = sum_p after_kwh_m,p x price_p + demand_after_m x rate
                    - export_m x export price + EMC_m + other
    (a capacity basic charge is in ``other``: no reader input moves it).
    """

    periods: tuple[str, ...]
    prices: np.ndarray
    export_price: float
    demand_rate: float
    measure_kwh: dict[int, np.ndarray]
    measure_linear: dict[int, bool]
    eff_demand_kw_months: float
    eff_other_yuan: float
    pv: PvAttribution | None
    month_before_kwh: np.ndarray
    month_after_kwh: np.ndarray
    month_before_demand_kw: np.ndarray
    month_after_demand_kw: np.ndarray
    month_other_before_yuan: np.ndarray
    month_other_after_yuan: np.ndarray


def period_kwh(hourly_kw: np.ndarray, period_of_hour: np.ndarray, periods: tuple[str, ...]) -> np.ndarray:
    """kWh of an hourly series in each of ``periods``.

    Parameters
    ----------
    hourly_kw : (8760,) mean kW of each hour = kWh of the hour [kWh]
    period_of_hour : (8760,) index into :data:`PERIODS`
    periods : names to sum for

    Returns
    -------
    (P,) [kWh]
    """
    sums = np.bincount(period_of_hour, weights=hourly_kw, minlength=len(PERIODS))
    return np.array([sums[PERIODS.index(p)] for p in periods])


def attribute(project: Project, result: ProjectResult) -> Attribution:
    """Split ``result``'s savings into kWh-by-period pieces (see the module docstring).

    Parameters
    ----------
    project : the project ``result`` was computed from
    result : planner.model.results.ProjectResult

    Notes
    -----
    Efficiency: kWh_m,p = sum of the measure's hourly saved kWh over the
    hours of period p; demand kW-months = demand charge savings / rate.
    PV (all systems together, every year k): G_k,h = sum_m P_m,h D_m,k,
    self = min(max(L_h, 0), G_k,h), export = G - self when export is allowed
    (else 0), L the post-efficiency load; EMC payment of system m =
    its pro-rata self kWh x fixed price, or x hour price x (1 - discount).
    """
    tariff = project.tariff
    periods = tuple(p for p in PERIODS if p in tariff.prices_yuan_per_kwh)
    prices = np.array([tariff.prices_yuan_per_kwh[p] for p in periods])
    cal = result.calendar
    ht = hourly_tariff(tariff, cal)
    bc = tariff.basic_charge
    demand_rate = bc.yuan_per_kw_month if bc is not None and bc.basis == "demand" else 0.0
    s = result.summary
    n = s.analysis_years

    measure_kwh: dict[int, np.ndarray] = {}
    measure_linear: dict[int, bool] = {}
    energy_yuan = 0.0
    for i, mr in enumerate(result.measures):
        if mr.type == "pv":
            continue
        if mr.hourly_saved_kw is not None:
            kwh = period_kwh(np.asarray(mr.hourly_saved_kw, float), ht.period, periods)
        else:  # a measure with no hourly kWh (power-factor correction)
            kwh = np.zeros(len(periods))
        measure_kwh[i] = kwh
        value = float(kwh @ prices)
        scale = max(abs(value), abs(mr.first_year_savings_yuan), 1.0)
        linear = abs(value - mr.first_year_savings_yuan) <= 1e-9 * scale
        measure_linear[i] = linear
        energy_yuan += value if linear else mr.first_year_savings_yuan
    eff_kwm = s.demand_charge_savings_yuan / demand_rate if demand_rate > 0 else 0.0
    # power-factor correction savings (Wave 2 bill, ``first_year_pfc_savings_yuan`` when the engine has
    # it) grow like the efficiency savings: carried in ``other`` with them
    eff_total = s.first_year_efficiency_savings_yuan + float(getattr(s, "first_year_pfc_savings_yuan", 0.0) or 0.0)
    eff_other = eff_total - energy_yuan - eff_kwm * demand_rate

    pv = None
    pv_measures = [m for m in project.measures if m.enabled and isinstance(m, PvMeasure)]
    if pv_measures and result.pv is not None:
        pv = _pv_pieces(project, result, pv_measures, ht, cal, periods, prices, demand_rate, n)
    cols = [PERIODS.index(p) for p in periods]
    before, after = result.bill_before, result.bill_after
    kb = np.asarray(before.import_kwh_by_period, float)[:, cols]
    ka = np.asarray(after.import_kwh_by_period, float)[:, cols]
    db = np.asarray(before.basic, float) / demand_rate if demand_rate > 0 else np.zeros(12)
    da = np.asarray(after.basic, float) / demand_rate if demand_rate > 0 else np.zeros(12)
    other_b = np.asarray(before.total, float) - kb @ prices - db * demand_rate
    after_pieces = ka @ prices + da * demand_rate
    if pv is not None:
        after_pieces = (
            after_pieces
            - pv.month_export_kwh * tariff.export_price_yuan_per_kwh
            + pv.month_emc_weighted_kwh @ prices
            + pv.month_emc_fixed_yuan
        )
    other_a = np.asarray(after.total, float) - after_pieces
    return Attribution(
        periods=periods,
        prices=prices,
        export_price=float(tariff.export_price_yuan_per_kwh),
        demand_rate=float(demand_rate),
        measure_kwh=measure_kwh,
        measure_linear=measure_linear,
        eff_demand_kw_months=float(eff_kwm),
        eff_other_yuan=float(eff_other),
        pv=pv,
        month_before_kwh=kb,
        month_after_kwh=ka,
        month_before_demand_kw=db,
        month_after_demand_kw=da,
        month_other_before_yuan=other_b,
        month_other_after_yuan=other_a,
    )


def output_index(degradation_pct: float, life_years: int, n_years: int) -> np.ndarray:
    """(1 - d)^(age - 1) for years 1..N, age restarting at 1 after each replacement [-]."""
    k = np.arange(1, n_years + 1)
    age = (k - 1) % life_years + 1
    return (1.0 - degradation_pct / 100.0) ** (age - 1)


def _pv_pieces(
    project: Project,
    result: ProjectResult,
    pv_measures: list[PvMeasure],
    ht: HourlyTariff,
    cal: HourlyCalendar,
    periods: tuple[str, ...],
    prices: np.ndarray,
    demand_rate: float,
    n: int,
) -> PvAttribution:
    pv_rows = [i for i, mr in enumerate(result.measures) if mr.type == "pv"]
    outputs = np.vstack([np.asarray(result.measures[i].hourly_saved_kw, float) for i in pv_rows])  # (M, 8760)
    deg = np.vstack([output_index(m.annual_degradation_pct, m.life_years, n) for m in pv_measures])  # (M, N)
    export_allowed = all(m.export == "allowed" for m in pv_measures)
    after_kw = np.asarray(result.after_kw, float)
    load_kw = np.clip(after_kw, 0.0, None)
    mask = np.zeros((ht.period.size, len(periods)))
    for j, p in enumerate(periods):
        mask[:, j] = ht.period == PERIODS.index(p)
    self_kwh = np.zeros((n, len(periods)))
    export_kwh = np.zeros(n)
    owned_export = np.zeros(n)
    emc_self = np.zeros((n, len(periods)))
    emc_pay = np.zeros(n)
    emc_w = np.zeros((n, len(periods)))
    emc_f = np.zeros(n)
    month = np.asarray(cal.month) - 1
    mo_export = np.zeros(12)
    mo_w = np.zeros((12, len(periods)))
    mo_f = np.zeros(12)
    used_by_m = np.zeros((len(pv_measures), n))
    demand_kwm = np.zeros(n)
    if demand_rate > 0:
        gen_all = deg.T @ outputs  # (N, 8760)
        self_all = np.minimum(load_kw[None, :], gen_all)
        basic_eff = basic_charges_by_year(project.tariff, after_kw[None, :], cal)[0]
        demand_kwm = (basic_eff - basic_charges_by_year(project.tariff, after_kw[None, :] - self_all, cal)) / (
            demand_rate
        )
    # per system m: its share of hour h is P_m,h D_m,k / G_k,h, so its kWh of any hourly
    # weight w is D_m,k x (P_m . (w x self / G)) -- one matrix product per year for all systems
    is_emc = np.array([m.ownership == "emc" for m in pv_measures])
    fixed_price = np.array([m.emc_price_yuan_per_kwh or 0.0 if m.ownership == "emc" else 0.0 for m in pv_measures])
    is_fixed = is_emc & np.array([m.emc_price_yuan_per_kwh is not None for m in pv_measures])
    keep = np.array([1 - (m.emc_discount_pct or 0.0) / 100.0 for m in pv_measures]) * (is_emc & ~is_fixed)
    onehot = np.zeros((month.size, 12))
    onehot[np.arange(month.size), month] = 1.0
    for k in range(n):
        gen = deg[:, k] @ outputs
        self_h = np.minimum(load_kw, gen)
        exp_h = gen - self_h if export_allowed else np.zeros_like(gen)
        with np.errstate(invalid="ignore", divide="ignore"):
            s_ratio = np.where(gen > 0, self_h / gen, 0.0)
            e_ratio = np.where(gen > 0, exp_h / gen, 0.0)
        self_kwh[k] = self_h @ mask
        export_kwh[k] = exp_h.sum()
        d = deg[:, k]
        s_m = d * (outputs @ s_ratio)  # (M,) self kWh of each system
        e_m = d * (outputs @ e_ratio)
        s_mp = d[:, None] * (outputs @ (s_ratio[:, None] * mask))  # (M, P)
        used_by_m[:, k] = s_m + e_m
        emc_self[k] = s_mp[is_emc].sum(axis=0)
        emc_w[k] = keep @ s_mp
        emc_f[k] = float((s_m * fixed_price)[is_fixed].sum())
        emc_pay[k] = float(keep @ (d * (outputs @ (s_ratio * ht.price)))) + emc_f[k]
        owned_export[k] = float(e_m[~is_emc].sum())
        if k == 0:
            mo_export = d[~is_emc] @ (outputs[~is_emc] @ (e_ratio[:, None] * onehot)) if (~is_emc).any() else mo_export
            if is_fixed.any():
                mo_f = (d * fixed_price)[is_fixed] @ (outputs[is_fixed] @ (s_ratio[:, None] * onehot))
            for j in range(len(periods)):
                mo_w[:, j] = (keep * d) @ (outputs @ ((s_ratio * mask[:, j])[:, None] * onehot))
    with np.errstate(invalid="ignore", divide="ignore"):
        owned_share = np.where(export_kwh > 0, owned_export / np.where(export_kwh > 0, export_kwh, 1.0), 1.0)
        total_used = used_by_m.sum(axis=0)
        measure_share = np.where(total_used > 0, used_by_m / np.where(total_used > 0, total_used, 1.0), 0.0)
    pieces = self_kwh @ prices + owned_export * ht.export_price + demand_kwm * demand_rate - emc_pay
    base = result.pv.savings_by_year_base_yuan if result.pv is not None else None
    engine = np.asarray(base, float) if base is not None else pieces
    index = deg[0]
    return PvAttribution(
        self_kwh=self_kwh,
        export_kwh=export_kwh,
        owned_export_share=owned_share,
        demand_kw_months=demand_kwm,
        emc_self_kwh=emc_self,
        emc_payment_yuan=emc_pay,
        emc_weighted_kwh=emc_w,
        emc_fixed_yuan=emc_f,
        month_export_kwh=mo_export,
        month_emc_weighted_kwh=mo_w,
        month_emc_fixed_yuan=mo_f,
        other_yuan=engine - pieces,
        index=index,
        self_adjust_kwh=self_kwh - self_kwh[0][None, :] * index[:, None] if n else self_kwh,
        export_adjust_kwh=export_kwh - export_kwh[0] * index if n else export_kwh,
        measure_share=measure_share,
    )
