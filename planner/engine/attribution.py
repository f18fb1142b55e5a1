"""Year-1 (and, for PV, year-k) kWh by time-of-use period behind the bill savings.

The hourly simulation gives yuan; an auditor who changes a price in the
workbook needs the kWh each price multiplies.  This module splits the
engine's savings into pieces that are linear in the reader's inputs
(prices ``p``, export price ``x``, demand rate ``r``, surcharge ``s``) and
facts (``F``), with ``v`` the VAT factor (:func:`planner.engine.bill.vat_factor`,
``1/1.13`` when prices include VAT and the factory deducts it, else 1; a
stated fact: it follows the tariff's ``vat_included`` and the finance's
``vat_deductible``, no reader input)::

    efficiency savings_1 = sum_m v x kWh_m . (p + s)              (each measure, its kWh by period)
                           + demand kW-months avoided x r
                           + PF:  v x pf_kWh . p + F_pf            (PF adjustment the efficiency moves)
                           + other
    PFC savings_1        = v x pfc_kWh . p + F_pfc                 (the PF percent it changes x the bill)
    PV savings_k (year-1 prices) = v x self_k . p + v x s x sur_k
                           + v x export_k x owned share_k x x
                           + PV demand kW-months avoided_k x r
                           + v x pf_kWh_k . p + F_pf,k
                           - EMC payments_k + other_k
    battery savings_1    = share x (v x dkWh . p + v x s x dsur + kW-months x r
                           - v x lost export x x + v x pf_kWh . p + F + other)
    battery savings_k    = battery savings_1 x capacity_k          (capacity fade and replacements: facts)

PF pieces: the month's adjustment is ``pct_m x (energy_m + basic_m)`` with
the percent fixed by the month's kWh and kvarh (no price moves it), so its
energy part is ``v x (pct_m x kWh_m) . p`` (``pf_kWh = sum_m pct_m kWh_m``,
before minus after) and its basic-charge part ``F_pf`` is a fact.  Surcharges
are ``v x s x`` the month's grid kWh clipped at 0 (``sur``).  The demand
kW-months are the basic charge saved / r, so they carry the VAT factor and
the 90 % high-use rate (facts of the months).  A capacity or contract basic
charge is a fact.

``other`` is whatever the pieces do not explain (0 up to float rounding for
every bill of :mod:`planner.engine.bill`; tests check it on every seed); it
keeps a workbook built on these pieces equal to the engine at the engine's
inputs even if the bill gains terms the pieces do not cover.

Self-consumed and exported kWh of year k are also written as
``year-1 kWh x D_k + adjustment_k``, with ``D_k = (1-d)^(age_k-1)`` the output
index of the (first) PV system: when the load absorbs all PV output the
adjustments are 0; otherwise they carry the hour-by-hour re-netting of the
degraded output (the same rule as :func:`planner.engine.balance.pv_years`).

The bills between the steps (after efficiency, after PV without and with
power-factor correction, before and after each battery) are rebuilt here
from the result with the engine's own bill functions; a battery's year-1
state is settled from its stored hourly charge and discharge by the
engine's own :func:`planner.engine.storage_step.settle_battery`.

Pure functions of a project and its :class:`ProjectResult`; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np

from planner.engine import bill as billing
from planner.engine import storage_step
from planner.engine.balance import PvYearOne, pv_year_one
from planner.engine.bill import BillSetup, MonthlyBill
from planner.engine.calendar import HourlyCalendar
from planner.engine.storage_step import initial_state
from planner.engine.tariff import HourlyTariff, hourly_tariff, monthly_sum
from planner.model.project import PERIODS, PowerFactorCorrectionMeasure, Project, PvMeasure
from planner.model.results import ProjectResult


@dataclass(frozen=True)
class BillPieces:
    """A bill difference ``A - B`` (year 1, summed over months) in the pieces of the module docstring.

    Attributes
    ----------
    kwh : (P,) grid kWh by period, A - B [kWh]
    pf_kwh : (P,) sum_m (pct_A,m kWh_A,m - pct_B,m kWh_B,m), PF percent as a fraction [kWh]
    demand_kw_months : sum_m (D_A,m - D_B,m), D = demand-billed basic charge / rate [kW-month]
    surcharge_kwh : grid kWh clipped at 0, A - B [kWh]
    export_kwh : credited export kWh, B - A (what the change earns) [kWh]
    fixed_yuan : basic charges no rate moves, the PF adjustment on the basic charge,
        and EMC payments, A - B [yuan]
    """

    kwh: np.ndarray
    pf_kwh: np.ndarray
    demand_kw_months: float
    surcharge_kwh: float
    export_kwh: float
    fixed_yuan: float

    def value(self, prices: np.ndarray, export_price: float, rate: float, surcharge: float, vat: float) -> float:
        """The yuan of these pieces at the given inputs [yuan]."""
        return float(
            vat * ((self.kwh + self.pf_kwh) @ prices + surcharge * self.surcharge_kwh + export_price * self.export_kwh)
            + rate * self.demand_kw_months
            + self.fixed_yuan
        )


@dataclass(frozen=True)
class BatteryAttribution:
    """One battery's year-1 savings in pieces, and its years.

    Attributes
    ----------
    index : its row in ``result.measures``
    name : the measure's name
    bill : the bill change it makes (before any EMC share), :class:`BillPieces`
    share : the factory's share of the bill change (1, or ``emc_share_pct``/100 under EMC) [-]
    other_yuan : bill change minus ``bill.value(...)`` [yuan]
    capacity_by_year : (N,) usable capacity factor of years 1..N (fade, replacements) [-]
    replacement_years : years at whose end it is replaced
    """

    index: int
    name: str
    bill: BillPieces
    share: float
    other_yuan: float
    capacity_by_year: np.ndarray
    replacement_years: list[int]


@dataclass(frozen=True)
class PvAttribution:
    """PV's bill savings of each analysis year k = 1..N at year-1 prices, in pieces.

    Attributes
    ----------
    self_kwh : (N, P) self-consumed kWh by period, all systems [kWh]
    export_kwh : (N,) exported kWh, all systems [kWh]
    owned_export_share : (N,) share of the exported kWh that the factory is paid for [-]
    demand_kw_months : (N,) sum over months of the maximum demand PV avoids (basic saved / rate) [kW-month]
    surcharge_kwh : (N,) clipped grid kWh PV avoids (surcharges saved / (VAT factor x surcharge)) [kWh]
    pf_kwh : (N, P) PF pieces (module docstring), after efficiency minus after PV [kWh]
    pf_fixed_yuan : (N,) the PF adjustment on the basic charge, and basic charges no rate moves [yuan]
    emc_self_kwh : (N, P) self-consumed kWh of EMC-owned systems by period [kWh]
    emc_payment_yuan : (N,) what the factory pays EMC investors [yuan] (VAT factor included)
    emc_weighted_kwh : (N, P) sum over discount-priced EMC systems of (1 - discount) x self kWh [kWh]
    emc_fixed_yuan : (N,) payments of fixed-price EMC systems, before the VAT factor [yuan]
        (emc_payment = VAT factor x (emc_weighted_kwh @ prices + emc_fixed_yuan))
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
    surcharge_kwh: np.ndarray
    pf_kwh: np.ndarray
    pf_fixed_yuan: np.ndarray
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
class MonthPieces:
    """One year-1 bill by month in pieces: ``bill_m = E_m + B_m + pct_m (E_m + B_m) + v s sur_m
    - v x export_m + EMC_m + other_m`` with ``E_m = v kWh_m . p`` and ``B_m = D_m r + fixed_m``.

    Attributes
    ----------
    kwh : (12, P) grid kWh by period [kWh]
    demand_kw : (12,) demand-billed basic charge / rate [kW]
    basic_fixed_yuan : (12,) basic charge no rate moves (capacity, contract) [yuan]
    pf_pct : (12,) PF adjustment percent as a fraction (negative = discount) [-]
    surcharge_kwh : (12,) grid kWh clipped at 0 [kWh]
    export_kwh : (12,) credited export [kWh]
    emc_fact_yuan : (12,) EMC payments not in the PV EMC pieces (a battery's investor, PV a battery
        absorbs) [yuan]
    other_yuan : (12,) the bill minus the pieces [yuan]
    """

    kwh: np.ndarray
    demand_kw: np.ndarray
    basic_fixed_yuan: np.ndarray
    pf_pct: np.ndarray
    surcharge_kwh: np.ndarray
    export_kwh: np.ndarray
    emc_fact_yuan: np.ndarray
    other_yuan: np.ndarray


class _MonthAlias:
    """A read-only alias ``obj.<side>.<name>`` of :class:`MonthPieces` (the flat names of before)."""

    def __init__(self, side: str, name: str) -> None:
        self.side = side
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> np.ndarray:
        return getattr(getattr(obj, self.side), self.name)


@dataclass(frozen=True)
class Attribution:
    """The linear pieces of the year-1 savings.

    Attributes
    ----------
    periods : the tariff's priced periods, in :data:`PERIODS` order
    prices : price of each of ``periods`` as the tariff states it [yuan/kWh]
    export_price : [yuan/kWh]
    demand_rate : yuan per kW of monthly maximum demand (0 unless the basis is demand) [yuan/kW-month]
    vat : the VAT factor on every yuan flow of the bill (:func:`planner.engine.bill.vat_factor`) [-]
    surcharge : surcharges per grid kWh [yuan/kWh]
    measure_kwh : {result index: (P,) kWh by period} of each measure except PV [kWh]
    measure_linear : {result index: True when the measure's year-1 savings are
        ``vat x kWh . (prices + surcharge)`` (to 1e-9); False for a measure whose savings the bill
        values otherwise (a battery, power-factor correction)}
    eff_demand_kw_months : maximum demand avoided by efficiency, summed over months [kW-month]
    eff_pf_kwh : (P,), eff_pf_fixed_yuan : the PF adjustment the efficiency measures move (module docstring)
    pfc : the PFC measures' savings as :class:`BillPieces`, or None
    pfc_share : {result index: share of the PFC savings} [-]
    eff_other_yuan : efficiency + PFC savings not explained by the pieces [yuan]
    pv : PV pieces, or None
    storage : one :class:`BatteryAttribution` per battery, in measure order
    before, after : :class:`MonthPieces` of the year-1 bill before and after (every measure)
    month_before_kwh, month_after_kwh, month_before_demand_kw, month_after_demand_kw,
    month_other_before_yuan, month_other_after_yuan : the same, as before (aliases)
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
    before: MonthPieces
    after: MonthPieces
    vat: float = 1.0
    surcharge: float = 0.0
    eff_pf_kwh: np.ndarray = field(default_factory=lambda: np.zeros(0))
    eff_pf_fixed_yuan: float = 0.0
    pfc: BillPieces | None = None
    pfc_share: dict[int, float] = field(default_factory=dict)
    storage: list[BatteryAttribution] = field(default_factory=list)

    month_before_kwh = _MonthAlias("before", "kwh")
    month_after_kwh = _MonthAlias("after", "kwh")
    month_before_demand_kw = _MonthAlias("before", "demand_kw")
    month_after_demand_kw = _MonthAlias("after", "demand_kw")
    month_other_before_yuan = _MonthAlias("before", "other_yuan")
    month_other_after_yuan = _MonthAlias("after", "other_yuan")

    @property
    def eff_pf_yuan(self) -> float:
        """The efficiency measures' PF-adjustment savings at the exported inputs [yuan]."""
        return float(self.vat * (self.eff_pf_kwh @ self.prices)) + self.eff_pf_fixed_yuan

    def measure_value(self, i: int) -> float:
        """``vat x kWh . (prices + surcharge)`` of measure ``i`` [yuan]."""
        kwh = self.measure_kwh[i]
        return float(self.vat * (kwh @ self.prices + self.surcharge * kwh.sum()))


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


@dataclass(frozen=True)
class _Form:
    """A monthly bill's linear form (months x ...), see :class:`MonthPieces`."""

    kwh: np.ndarray
    demand_kw: np.ndarray
    basic_fixed: np.ndarray
    pct: np.ndarray
    basic: np.ndarray
    sur: np.ndarray
    export: np.ndarray
    emc: np.ndarray


def _form(b: MonthlyBill, import_kw: np.ndarray, cal: HourlyCalendar, cols: list[int], rate: float) -> _Form:
    basic = np.asarray(b.basic, float)
    d = basic / rate if rate > 0 else np.zeros(12)
    return _Form(
        kwh=np.asarray(b.import_kwh_by_period, float)[:, cols],
        demand_kw=d,
        basic_fixed=basic - d * rate,
        pct=np.asarray(b.pf_adjustment_pct, float) / 100.0,
        basic=basic,
        sur=monthly_sum(np.maximum(np.asarray(import_kw, float), 0.0), cal),
        export=np.asarray(b.export_kwh, float),
        emc=np.asarray(b.emc_payment, float),
    )


def _diff(a: _Form, b: _Form, *, emc: bool = True) -> BillPieces:
    """Pieces of bill ``a - bill b`` (``emc=False``: EMC payments left to the caller)."""
    fixed = (a.basic_fixed + a.pct * a.basic).sum() - (b.basic_fixed + b.pct * b.basic).sum()
    if emc:
        fixed += a.emc.sum() - b.emc.sum()
    return BillPieces(
        kwh=(a.kwh - b.kwh).sum(axis=0),
        pf_kwh=(a.pct[:, None] * a.kwh - b.pct[:, None] * b.kwh).sum(axis=0),
        demand_kw_months=float((a.demand_kw - b.demand_kw).sum()),
        surcharge_kwh=float((a.sur - b.sur).sum()),
        export_kwh=float((b.export - a.export).sum()),
        fixed_yuan=float(fixed),
    )


@dataclass(frozen=True)
class _Steps:
    """The engine's intermediate year-1 states, rebuilt from a result."""

    setup: BillSetup
    ht: HourlyTariff
    bill_eff: MonthlyBill
    pv1: PvYearOne
    bill_pv: MonthlyBill
    bill_pv_pfc: MonthlyBill
    export_allowed: bool
    export_limit: float | None


def _steps(project: Project, result: ProjectResult, pv_measures: list[PvMeasure]) -> _Steps:
    tariff, cal = project.tariff, result.calendar
    vat = billing.vat_factor(tariff, project.finance)
    ht = billing.billing_hourly_tariff(tariff, cal, vat)
    setup = billing.bill_setup(project, cal, np.asarray(result.baseline_kw, float), ht)
    after_kw = np.asarray(result.after_kw, float)
    outputs = [np.asarray(mr.hourly_saved_kw, float) for mr in result.measures if mr.type == "pv"]
    allowed, limit, _ = billing.site_export_rule(pv_measures)
    pv1 = pv_year_one(pv_measures, outputs, after_kw, ht, allowed, limit, vat)
    bill_pv = setup.bill(pv1.grid_import_kw, pv1.export_to_factory_kw, pv1.emc_payment_yuan)
    pfc = any(m.enabled and isinstance(m, PowerFactorCorrectionMeasure) for m in project.measures)
    bill_pv_pfc = (
        setup.bill(pv1.grid_import_kw, pv1.export_to_factory_kw, pv1.emc_payment_yuan, pfc=True) if pfc else bill_pv
    )
    return _Steps(setup, ht, setup.bill(after_kw), pv1, bill_pv, bill_pv_pfc, allowed, limit)


def _storage_pieces(
    project: Project,
    result: ProjectResult,
    steps: _Steps,
    pv_measures: list[PvMeasure],
    cols: list[int],
    prices: np.ndarray,
    rate: float,
) -> list[BatteryAttribution]:
    if not result.storage:
        return []
    cal = result.calendar
    outputs = [np.asarray(mr.hourly_saved_kw, float) for mr in result.measures if mr.type == "pv"]
    pfc = steps.bill_pv_pfc is not steps.bill_pv
    bill_fn = partial(steps.setup.bill, pfc=pfc)
    state = initial_state(
        np.asarray(result.after_kw, float), outputs, steps.pv1, pv_measures, steps.export_allowed, steps.bill_pv_pfc
    )
    rows = [i for i, mr in enumerate(result.measures) if mr.type == "battery"]
    out = []
    for m, res, i in zip(project.battery_measures, result.storage, rows, strict=True):
        new = storage_step.settle_battery(
            state, np.asarray(res.charge_kw, float), np.asarray(res.discharge_kw, float), steps.ht, bill_fn
        )
        pieces = _diff(
            _form(state.bill, state.grid_import_kw, cal, cols, rate),
            _form(new.bill, new.grid_import_kw, cal, cols, rate),
        )
        whole = float(np.sum(np.asarray(state.bill.total) - np.asarray(new.bill.total)))
        share = (m.emc_share_pct or 0.0) / 100.0 if m.ownership == "emc" else 1.0
        t = project.tariff
        value = pieces.value(prices, t.export_price_yuan_per_kwh, rate, t.surcharges_yuan_per_kwh, steps.setup.vat)
        out.append(
            BatteryAttribution(
                index=i,
                name=m.name,
                bill=pieces,
                share=share,
                other_yuan=whole - value,
                capacity_by_year=np.asarray(res.capacity_by_year, float),
                replacement_years=list(res.replacement_years),
            )
        )
        state = new
    return out


def attribute(project: Project, result: ProjectResult) -> Attribution:
    """Split ``result``'s savings into kWh-by-period pieces (see the module docstring).

    Parameters
    ----------
    project : the project ``result`` was computed from
    result : planner.model.results.ProjectResult

    Notes
    -----
    Efficiency: kWh_m,p = sum of the measure's hourly saved kWh over the
    hours of period p; demand kW-months = demand charge savings / rate; PF
    pieces from the bills before and after efficiency.
    PV (all systems together, every year k): G_k,h = sum_m P_m,h D_m,k,
    self = min(max(L_h, 0), G_k,h), export = G - self when export is allowed
    (capped at the site's limit; else 0), L the post-efficiency load; EMC payment of system m =
    its pro-rata self kWh x fixed price, or x hour price x (1 - discount), times the VAT factor.
    """
    tariff = project.tariff
    periods = tuple(p for p in PERIODS if p in tariff.prices_yuan_per_kwh)
    cols = [PERIODS.index(p) for p in periods]
    prices = np.array([tariff.prices_yuan_per_kwh[p] for p in periods])
    cal = result.calendar
    ht = hourly_tariff(tariff, cal)
    bc = tariff.basic_charge
    demand_rate = bc.yuan_per_kw_month if bc is not None and bc.basis == "demand" else 0.0
    vat = billing.vat_factor(tariff, project.finance)
    sur = float(tariff.surcharges_yuan_per_kwh)
    s = result.summary
    n = s.analysis_years
    pv_measures = [m for m in project.measures if m.enabled and isinstance(m, PvMeasure)]
    steps = _steps(project, result, pv_measures)

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
        value = float(vat * (kwh @ prices + sur * kwh.sum()))
        scale = max(abs(value), abs(mr.first_year_savings_yuan), 1.0)
        linear = mr.type not in ("battery", "power_factor_correction") and (
            abs(value - mr.first_year_savings_yuan) <= 1e-9 * scale
        )
        measure_linear[i] = linear
        if mr.type not in ("battery", "power_factor_correction"):
            energy_yuan += value if linear else mr.first_year_savings_yuan
    before_form = _form(result.bill_before, result.baseline_kw, cal, cols, demand_rate)
    eff_form = _form(steps.bill_eff, result.after_kw, cal, cols, demand_rate)
    eff = _diff(before_form, eff_form)
    eff_kwm = s.demand_charge_savings_yuan / demand_rate if demand_rate > 0 else 0.0
    pfc = None
    pfc_share: dict[int, float] = {}
    pfc_rows = [i for i, mr in enumerate(result.measures) if mr.type == "power_factor_correction"]
    pfc_total = float(getattr(s, "first_year_pfc_savings_yuan", 0.0) or 0.0)
    if pfc_rows:
        imp = steps.pv1.grid_import_kw
        pfc = _diff(
            _form(steps.bill_pv, imp, cal, cols, demand_rate), _form(steps.bill_pv_pfc, imp, cal, cols, demand_rate)
        )
        for i in pfc_rows:
            pfc_share[i] = result.measures[i].first_year_savings_yuan / pfc_total if pfc_total else 1.0 / len(pfc_rows)
    pfc_value = pfc.value(prices, tariff.export_price_yuan_per_kwh, demand_rate, sur, vat) if pfc else 0.0
    eff_total = s.first_year_efficiency_savings_yuan + pfc_total
    eff_pf_value = float(vat * (eff.pf_kwh @ prices)) + eff.fixed_yuan
    eff_other = eff_total - energy_yuan - eff_kwm * demand_rate - eff_pf_value - pfc_value

    pv = None
    if pv_measures and result.pv is not None:
        pv = _pv_pieces(project, result, pv_measures, ht, cal, periods, prices, demand_rate, n, steps, eff_form)
    storage = _storage_pieces(project, result, steps, pv_measures, cols, prices, demand_rate)
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
        before=_month_pieces(before_form, result.bill_before, prices, tariff.export_price_yuan_per_kwh, vat, sur),
        after=_month_pieces(
            _form(result.bill_after, result.grid_import_kw, cal, cols, demand_rate),
            result.bill_after,
            prices,
            tariff.export_price_yuan_per_kwh,
            vat,
            sur,
            pv,
        ),
        vat=float(vat),
        surcharge=sur,
        eff_pf_kwh=eff.pf_kwh,
        eff_pf_fixed_yuan=eff.fixed_yuan,
        pfc=pfc,
        pfc_share=pfc_share,
        storage=storage,
    )


def _month_pieces(
    f: _Form,
    b: MonthlyBill,
    prices: np.ndarray,
    export_price: float,
    vat: float,
    sur: float,
    pv: PvAttribution | None = None,
) -> MonthPieces:
    """:class:`MonthPieces` of bill ``b`` (its form ``f``); ``pv``: EMC payments by the PV pieces."""
    rate_part = np.asarray(b.basic, float) - f.basic_fixed  # D x rate
    energy = vat * (f.kwh @ prices)
    basic = rate_part + f.basic_fixed
    emc_live = np.zeros(12)
    if pv is not None:
        emc_live = vat * (pv.month_emc_weighted_kwh @ prices + pv.month_emc_fixed_yuan)
    emc_fact = f.emc - emc_live
    pieces = (1.0 + f.pct) * (energy + basic) + vat * sur * f.sur - vat * export_price * f.export + emc_live + emc_fact
    return MonthPieces(
        kwh=f.kwh,
        demand_kw=f.demand_kw,
        basic_fixed_yuan=f.basic_fixed,
        pf_pct=f.pct,
        surcharge_kwh=f.sur,
        export_kwh=f.export,
        emc_fact_yuan=emc_fact,
        other_yuan=np.asarray(b.total, float) - pieces,
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
    steps: _Steps,
    eff_form: _Form,
) -> PvAttribution:
    pv_rows = [i for i, mr in enumerate(result.measures) if mr.type == "pv"]
    outputs = np.vstack([np.asarray(result.measures[i].hourly_saved_kw, float) for i in pv_rows])  # (M, 8760)
    deg = np.vstack([output_index(m.annual_degradation_pct, m.life_years, n) for m in pv_measures])  # (M, N)
    export_allowed, export_limit = steps.export_allowed, steps.export_limit
    vat = steps.setup.vat
    cols = [PERIODS.index(p) for p in periods]
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
    sur_kwh = np.zeros(n)
    pf_kwh = np.zeros((n, len(periods)))
    pf_fixed = np.zeros(n)
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
        if export_allowed and export_limit is not None:
            exp_h = np.minimum(exp_h, export_limit)
        imp_k = after_kw - self_h
        bill_pieces = _diff(eff_form, _form(steps.setup.bill(imp_k), imp_k, cal, cols, demand_rate), emc=False)
        demand_kwm[k] = bill_pieces.demand_kw_months
        sur_kwh[k] = bill_pieces.surcharge_kwh
        pf_kwh[k] = bill_pieces.pf_kwh
        pf_fixed[k] = bill_pieces.fixed_yuan
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
        emc_pay[k] = vat * (float(keep @ (d * (outputs @ (s_ratio * ht.price)))) + emc_f[k])
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
    sur = float(project.tariff.surcharges_yuan_per_kwh)
    pieces = (
        vat * (self_kwh @ prices + owned_export * ht.export_price + sur * sur_kwh + pf_kwh @ prices)
        + pf_fixed
        + demand_kwm * demand_rate
        - emc_pay
    )
    base = result.pv.savings_by_year_base_yuan if result.pv is not None else None
    engine = np.asarray(base, float) if base is not None else pieces
    index = deg[0]
    return PvAttribution(
        self_kwh=self_kwh,
        export_kwh=export_kwh,
        owned_export_share=owned_share,
        demand_kw_months=demand_kwm,
        surcharge_kwh=sur_kwh,
        pf_kwh=pf_kwh,
        pf_fixed_yuan=pf_fixed,
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
