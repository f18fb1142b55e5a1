"""The battery step of ``run_project``: storage after efficiency measures and PV.

:func:`apply_battery` dispatches one battery on the meter left by every
other measure and bills the result; :func:`battery_years` turns year 1 into
the analysis period; :func:`storage_totals` folds the batteries into the
factory's cash flow and energy accounting.  The sizing sweep
(:mod:`planner.analysis.sizing`) calls the same functions on a saved
:class:`StorageBase`, so a sized point equals a full ``run_project``.

Conventions (DESIGN.md "Storage", and the choices made where it is silent)
--------------------------------------------------------------------------
* The battery sees the meter after efficiency and PV: ``net = max(load, 0) -
  pv`` (+ the charge - discharge of batteries listed before it).  It is
  given ``load = max(net, 0)`` and ``pv = max(-net, 0)``, which is exactly
  DESIGN.md's ``max(load - pv, 0)`` and surplus ``max(pv - load, 0)``.
* A battery's year-1 savings = the bill with every other measure minus the
  bill with the battery as well (so they include the demand charge it
  avoids and the PV export it gives up).  With several batteries each is
  dispatched on the meter the previous ones (in measure order) leave and
  its savings are the marginal bill change in that order.
* PV surplus the battery absorbs is no longer exported (owned PV: the export
  credit of that hour falls pro rata) or curtailed; if it comes from an EMC
  PV system the factory pays the investor for it at the PV contract's price,
  as for self-consumed PV.
* The optimal LP values exports at the tariff's export price times the share
  of the hour's surplus that comes from owned PV (EMC PV surplus earns the
  factory nothing) and ignores the EMC PV purchase of absorbed surplus; the
  bill that follows is exact either way.
* Energy: a battery's energy effect is ``-(change in grid import) + (change
  in export)`` [kWh]; with grid or exportable PV charging it is
  ``-(sum c - sum d)``, the round-trip losses, which count against energy
  saved, CO2 and tce (location-based accounting).  Charging from PV that
  would be curtailed makes it positive.
* Years: year-k savings = year-1 savings x cap_k x price growth; the energy
  effect of year k = year-1 effect x cap_k; O&M = (``om_yuan_per_year`` +
  ``om_change_yuan_per_year``) x O&M growth; replacements at the effective
  capex (not escalated) in :func:`planner.engine.storage.battery_lifetime`'s
  years.  EMC ownership: the factory keeps ``emc_share_pct`` of each year's
  bill savings and pays the investor the rest (in the monthly bill's EMC
  payments); no capex, O&M or replacements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from planner.engine import emissions, finance
from planner.engine.balance import PvYearOne, emc_payment
from planner.engine.bill import MonthlyBill
from planner.engine.calendar import HourlyCalendar
from planner.engine.emissions import Emissions
from planner.engine.metrics import FactoryTotals, measure_metrics
from planner.engine.storage import (
    BatteryParams,
    Dispatch,
    battery_lifetime,
    dispatch_optimal,
    dispatch_tou_rule,
    equivalent_full_cycles,
)
from planner.engine.tariff import HourlyTariff, monthly_sum
from planner.model.project import BatteryMeasure, Project, PvMeasure, Tariff
from planner.model.results import MeasureResult, StorageResult
from planner.terms import Note

BillFn = Callable[[np.ndarray, np.ndarray, np.ndarray], MonthlyBill]
"""``bill(import_kw, export_to_factory_kw, emc_payment_yuan) -> MonthlyBill`` (year 1)."""

LOSSES_NOTE = Note("warning.storage_losses")


@dataclass(frozen=True)
class MeterState:
    """The factory's year-1 meter, hour by hour, before a battery.

    Attributes
    ----------
    net_kw : load - PV (+ earlier batteries' c - d) [kW]; import max(net, 0),
        surplus max(-net, 0)
    grid_import_kw : the chain's grid import [kW] (linear where measures save
        more than the load)
    export_to_factory_kw : export credited to the factory [kW]
    emc_payment_yuan : hourly payments to EMC PV investors [yuan]
    pv_shares : each PV measure's share of the hour's PV output [-]
    pv_measures : the PV measures, in the order of ``pv_shares``
    export_allowed : False under anti-backflow
    bill : the monthly bill of this state
    """

    net_kw: np.ndarray
    grid_import_kw: np.ndarray
    export_to_factory_kw: np.ndarray
    emc_payment_yuan: np.ndarray
    pv_shares: tuple[np.ndarray, ...]
    pv_measures: tuple[PvMeasure, ...]
    export_allowed: bool
    bill: MonthlyBill


def initial_state(
    after_kw: np.ndarray,
    pv_outputs: Sequence[np.ndarray],
    pv1: PvYearOne,
    pv_measures: Sequence[PvMeasure],
    export_allowed: bool,
    bill: MonthlyBill,
) -> MeterState:
    """The meter after efficiency measures and PV (``pv1`` from
    :func:`planner.engine.balance.pv_year_one`, ``bill`` its monthly bill)."""
    total = np.asarray(pv1.total_kw, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = tuple(np.where(total > 0, np.asarray(out) / total, 0.0) for out in pv_outputs)
    return MeterState(
        net_kw=np.clip(np.asarray(after_kw, dtype=float), 0.0, None) - total,
        grid_import_kw=np.asarray(pv1.grid_import_kw, dtype=float),
        export_to_factory_kw=np.asarray(pv1.export_to_factory_kw, dtype=float),
        emc_payment_yuan=np.asarray(pv1.emc_payment_yuan, dtype=float),
        pv_shares=shares,
        pv_measures=tuple(pv_measures),
        export_allowed=bool(export_allowed),
        bill=bill,
    )


@dataclass(frozen=True)
class BatteryYearOne:
    """One battery's year 1."""

    dispatch: Dispatch
    after: MeterState
    bill_savings_monthly_yuan: np.ndarray  # (12,) bill before - after, whole (before any EMC share)
    energy_effect_kwh: float
    params: BatteryParams


def apply_battery(
    state: MeterState,
    m: BatteryMeasure,
    ht: HourlyTariff,
    cal: HourlyCalendar,
    tariff: Tariff,
    bill_fn: BillFn,
    energy_kwh: float | None = None,
    power_kw: float | None = None,
    dispatch: str | None = None,
) -> BatteryYearOne:
    """Dispatch one battery on ``state`` and bill year 1 with it.

    Parameters
    ----------
    state : MeterState
    m : BatteryMeasure
    ht, cal, tariff : the hourly tariff, calendar and tariff of the project
    bill_fn : BillFn
    energy_kwh, power_kw, dispatch : optional overrides (sizing)

    Notes
    -----
    net' = net + c - d; import' = import + max(net', 0) - max(net, 0);
    export' = export x surplus'/surplus (hours with surplus > 0); absorbed PV
    = surplus - surplus', paid to EMC PV investors pro rata by output share.
    """
    params = BatteryParams.from_measure(m, energy_kwh, power_kw)
    net0 = state.net_kw
    load_eff = np.maximum(net0, 0.0)
    pv_eff = np.maximum(-net0, 0.0)
    mode = dispatch or m.dispatch
    if mode == "optimal":
        owned = np.zeros_like(net0)
        for pm, share in zip(state.pv_measures, state.pv_shares, strict=True):
            if pm.ownership != "emc":
                owned += share
        export_price = ht.export_price * owned if state.export_allowed else 0.0
        bc = tariff.basic_charge
        rate = bc.yuan_per_kw_month if (bc is not None and bc.basis == "demand") else 0.0
        disp = dispatch_optimal(load_eff, pv_eff, ht.price, cal.month, params, export_price, rate)
    else:
        disp = dispatch_tou_rule(load_eff, pv_eff, ht.period, params)
    after = settle_battery(state, disp.charge_kw, disp.discharge_kw, ht, bill_fn)
    bill = after.bill
    d_import = after.grid_import_kw - state.grid_import_kw
    s0 = pv_eff
    s1 = np.maximum(-after.net_kw, 0.0)
    savings = np.asarray(state.bill.total, dtype=float) - np.asarray(bill.total, dtype=float)
    d_export = float((s1 - s0).sum()) if state.export_allowed else 0.0
    energy = -float(d_import.sum()) + d_export
    return BatteryYearOne(disp, after, savings, energy, params)


def settle_battery(
    state: MeterState, charge_kw: np.ndarray, discharge_kw: np.ndarray, ht: HourlyTariff, bill_fn: BillFn
) -> MeterState:
    """The meter after a battery with the given hourly dispatch, billed.

    Parameters
    ----------
    state : MeterState
        The meter before the battery.
    charge_kw, discharge_kw : numpy.ndarray
        Hourly AC charge c and discharge d [kW].
    ht : HourlyTariff
    bill_fn : BillFn

    Notes
    -----
    net' = net + c - d; import' = import + max(net', 0) - max(net, 0);
    export' = export x surplus'/surplus (hours with surplus > 0); absorbed PV
    = surplus - surplus', paid to EMC PV investors pro rata by output share.
    """
    net0 = state.net_kw
    net1 = net0 + charge_kw - discharge_kw
    d_import = np.maximum(net1, 0.0) - np.maximum(net0, 0.0)
    s0 = np.maximum(-net0, 0.0)
    s1 = np.maximum(-net1, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(s0 > 0, s1 / s0, 1.0)
    absorbed = s0 - s1
    emc = state.emc_payment_yuan.copy()
    for pm, share in zip(state.pv_measures, state.pv_shares, strict=True):
        if pm.ownership == "emc":
            used = absorbed * share
            emc += emc_payment(pm, used, used * ht.price)
    grid_import = state.grid_import_kw + d_import
    export_to_factory = state.export_to_factory_kw * ratio
    return MeterState(
        net_kw=net1,
        grid_import_kw=grid_import,
        export_to_factory_kw=export_to_factory,
        emc_payment_yuan=emc,
        pv_shares=state.pv_shares,
        pv_measures=state.pv_measures,
        export_allowed=state.export_allowed,
        bill=bill_fn(grid_import, export_to_factory, emc),
    )


@dataclass(frozen=True)
class BatteryYears:
    """One battery over the analysis period, from the factory's side [yuan, kWh]."""

    capex_yuan: float
    savings_by_year: np.ndarray
    om_by_year: np.ndarray
    replacement_by_year: np.ndarray
    energy_by_year: np.ndarray
    capacity_factor: np.ndarray
    replacement_years: list[int]
    efc: float
    factory_share: float
    om_1: float


def battery_years(
    m: BatteryMeasure, y1: BatteryYearOne, n_years: int, price_growth: np.ndarray, om_growth: np.ndarray
) -> BatteryYears:
    """Savings, costs, energy and capacity of years 1..N (module notes)."""
    p = y1.params
    efc = equivalent_full_cycles(y1.dispatch.discharged_kwh, p.e_min, p.e_max)
    life = battery_lifetime(
        efc,
        m.calendar_fade_pct_per_year / 100.0,
        m.end_of_life_capacity_pct / 100.0,
        m.cycle_life,
        m.life_years,
        n_years,
    )
    share = (m.emc_share_pct or 0.0) / 100.0 if m.ownership == "emc" else 1.0
    yuan_1 = float(y1.bill_savings_monthly_yuan.sum())
    savings = yuan_1 * share * life.capacity_factor * np.asarray(price_growth, dtype=float)
    if m.ownership == "emc":
        capex, om, repl, om_1 = 0.0, np.zeros(n_years), np.zeros(n_years), 0.0
    else:
        capex = float(_sized(m, p).effective_capex_yuan)
        om_1 = m.om_yuan_per_year + m.om_change_yuan_per_year
        om = om_1 * np.asarray(om_growth, dtype=float)
        repl = np.zeros(n_years)
        for k in life.replacement_years:
            repl[k - 1] += capex
    return BatteryYears(
        capex_yuan=capex,
        savings_by_year=savings,
        om_by_year=om,
        replacement_by_year=repl,
        energy_by_year=y1.energy_effect_kwh * life.capacity_factor,
        capacity_factor=life.capacity_factor,
        replacement_years=list(life.replacement_years),
        efc=efc,
        factory_share=share,
        om_1=om_1,
    )


def _sized(m: BatteryMeasure, p: BatteryParams) -> BatteryMeasure:
    if m.energy_kwh == p.energy_kwh and m.power_kw == p.power_kw:
        return m
    return m.model_copy(update={"energy_kwh": p.energy_kwh, "power_kw": p.power_kw})


def storage_result(m: BatteryMeasure, y1: BatteryYearOne, yrs: BatteryYears, cal: HourlyCalendar) -> StorageResult:
    """The ``storage`` entry of one battery."""
    disp = y1.dispatch
    monthly = y1.bill_savings_monthly_yuan * yrs.factory_share
    return StorageResult(
        name=m.name,
        dispatch=m.dispatch,
        energy_kwh=y1.params.energy_kwh,
        power_kw=y1.params.power_kw,
        ownership=m.ownership,
        first_year_charged_kwh=disp.charged_kwh,
        first_year_discharged_kwh=disp.discharged_kwh,
        first_year_savings_yuan=float(monthly.sum()),
        first_year_bill_savings_yuan=float(y1.bill_savings_monthly_yuan.sum()),
        equivalent_full_cycles_per_year=yrs.efc,
        first_year_losses_kwh=disp.losses_kwh,
        first_year_energy_saved_kwh=y1.energy_effect_kwh,
        replacement_years=list(yrs.replacement_years),
        capacity_by_year=[float(x) for x in yrs.capacity_factor],
        monthly_savings_yuan=[float(x) for x in monthly],
        monthly_charged_kwh=[float(x) for x in monthly_sum(disp.charge_kw, cal)],
        monthly_discharged_kwh=[float(x) for x in monthly_sum(disp.discharge_kw, cal)],
        charge_kw=disp.charge_kw,
        discharge_kw=disp.discharge_kw,
        soc_kwh=disp.soc_kwh,
    )


def emc_investor_payment(y1: BatteryYearOne, yrs: BatteryYears) -> np.ndarray:
    """Monthly payment to a battery's EMC investor [yuan]: (1 - share) x bill savings (0 if owned)."""
    if yrs.factory_share >= 1.0:
        return np.zeros(12)
    return (1.0 - yrs.factory_share) * y1.bill_savings_monthly_yuan


@dataclass(frozen=True)
class StorageBase:
    """What the sizing sweep re-uses: the meter after every other measure and
    the rest of the project's cash flow and energy (years 1..N)."""

    state: MeterState
    cash_flow_inputs: finance.CashFlowInputs
    energy_by_year: np.ndarray
    price_growth: np.ndarray
    om_growth: np.ndarray
    ht: HourlyTariff
    cal: HourlyCalendar
    tariff: Tariff
    bill_fn: BillFn


def with_battery(base: StorageBase, yrs: BatteryYears) -> finance.CashFlowInputs:
    """The project's cash-flow inputs with one more battery (linear in its flows)."""
    ci = base.cash_flow_inputs
    return replace(
        ci,
        investment=ci.investment + yrs.capex_yuan,
        savings=np.asarray(ci.savings) + yrs.savings_by_year,
        om_costs=np.asarray(ci.om_costs) + yrs.om_by_year,
        replacement_costs=np.asarray(ci.replacement_costs) + yrs.replacement_by_year,
    )


@dataclass(frozen=True)
class StorageOutcome:
    """Every battery of a project, folded in (see :func:`run_batteries`)."""

    results: list[StorageResult]
    measure_results: list[MeasureResult]
    state: MeterState
    bill_after: MonthlyBill
    savings_1_yuan: float
    energy_by_year: np.ndarray
    monthly_savings_yuan: np.ndarray
    context: tuple[np.ndarray, np.ndarray, HourlyTariff, HourlyCalendar, Tariff, BillFn]

    def base(self, cash_flow_inputs: finance.CashFlowInputs, energy_by_year: np.ndarray) -> StorageBase:
        """What the sizing sweep needs, from the project's final cash-flow inputs and energy."""
        price_growth, om_growth, ht, cal, tariff, bill_fn = self.context
        return StorageBase(
            self.state, cash_flow_inputs, energy_by_year, price_growth, om_growth, ht, cal, tariff, bill_fn
        )


def battery_metrics(
    m: BatteryMeasure, y1: BatteryYearOne, yrs: BatteryYears, first_year_savings_yuan: float, rate: float
) -> MeasureResult:
    """The measures-table row of one battery (:func:`planner.engine.metrics.measure_metrics`
    on its years), for the project chain and the sizing sweep.

    Parameters
    ----------
    m : BatteryMeasure
    y1 : BatteryYearOne
        Year-1 dispatch and its energy effect [kWh].
    yrs : BatteryYears
        Capex [yuan], savings, O&M and replacements by year [yuan].
    first_year_savings_yuan : float
        Year-1 savings shown for the measure [yuan].
    rate : float
        Discount rate, a fraction [-].
    """
    return measure_metrics(
        m.name,
        m.type,
        yrs.capex_yuan,
        y1.energy_effect_kwh,
        first_year_savings_yuan,
        yrs.savings_by_year,
        yrs.om_by_year,
        yrs.replacement_by_year,
        yrs.om_1,
        m.life_years,
        rate,
    )


def run_batteries(
    project: Project,
    state: MeterState,
    ht: HourlyTariff,
    cal: HourlyCalendar,
    bill_fn: BillFn,
    price_growth: np.ndarray,
    om_growth: np.ndarray,
    totals: FactoryTotals,
) -> StorageOutcome:
    """Dispatch the project's enabled batteries in measure order and add them
    to ``totals`` (:class:`planner.engine.metrics.FactoryTotals`): capex, O&M
    and replacements of owned batteries, and everybody's savings.

    Returns
    -------
    StorageOutcome
        ``bill_after`` is the final bill, EMC battery payments included in
        its ``emc_payment``; ``savings_1_yuan`` the factory's year-1 savings
        from storage; ``energy_by_year`` the batteries' energy effect [kWh].
    """
    tariff = project.tariff
    n_years = project.finance.analysis_years
    rate = project.finance.discount_rate_pct / 100.0
    results: list[StorageResult] = []
    mres: list[MeasureResult] = []
    energy = np.zeros(n_years)
    monthly = np.zeros(12)
    pay = np.zeros(12)
    for m in project.battery_measures:
        y1 = apply_battery(state, m, ht, cal, tariff, bill_fn)
        yrs = battery_years(m, y1, n_years, price_growth, om_growth)
        res = storage_result(m, y1, yrs, cal)
        results.append(res)
        totals.savings_by_year = totals.savings_by_year + yrs.savings_by_year
        if m.ownership != "emc":
            totals.add_asset(yrs.capex_yuan, yrs.om_by_year, yrs.replacement_by_year)
        mr = battery_metrics(m, y1, yrs, res.first_year_savings_yuan, rate)
        mr.hourly_saved_kw = y1.dispatch.discharge_kw - y1.dispatch.charge_kw
        mres.append(mr)
        energy = energy + yrs.energy_by_year
        monthly = monthly + np.asarray(res.monthly_savings_yuan)
        pay = pay + emc_investor_payment(y1, yrs)
        state = y1.after
    bill = state.bill
    if np.any(pay):
        bill = replace(bill, emc_payment=np.asarray(bill.emc_payment) + pay)
    context = (price_growth, om_growth, ht, cal, tariff, bill_fn)
    return StorageOutcome(results, mres, state, bill, float(monthly.sum()), energy, monthly, context)


def add_storage_energy(
    em: Emissions, storage_kwh_by_year: np.ndarray, grid_factor_kg_per_kwh: float, tce_kgce_per_kwh: float
) -> Emissions:
    """The emissions with the batteries' energy effect added (a ``storage_kwh``
    column; totals, CO2 and tce recomputed as energy x factor)."""
    energy = np.asarray(em.energy_saved_kwh_by_year, dtype=float) + storage_kwh_by_year
    table = em.table.copy()
    table.insert(table.columns.get_loc("energy_saved_kwh"), "storage_kwh", storage_kwh_by_year)
    return emissions.of_energy(table, energy, grid_factor_kg_per_kwh, tce_kgce_per_kwh)
