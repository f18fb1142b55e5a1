"""Per-measure figures: each measure's stand-alone cash flow, metrics and rank,
and the factory's totals they add up to.

Conventions (DESIGN.md and the choices made where it is silent)
---------------------------------------------------------------
* Per-measure yuan savings of efficiency measures are valued at the hourly
  energy price of the hours they fall in; the change in the demand basic
  charge is a project-level line (``demand_charge_savings_yuan``).
* PV measures share the PV bill savings of each year in proportion to the
  energy each delivers that year.
* PV under EMC ownership is paid and maintained by the investor: its capex
  and O&M are not in the factory's cash flow (they are in the PV LCOE).
* Ranking: by simple payback, shortest first; measures without one go last,
  by NPV (largest first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner.engine import finance
from planner.engine.balance import PvYearOne, PvYears
from planner.engine.blocks import handing_over, row_blocks
from planner.engine.lifecycle import replacement_costs
from planner.model.project import Measure, PvMeasure
from planner.model.results import MeasureResult, PvResult

__all__ = [
    "FactoryTotals",
    "PvCosts",
    "measure_metrics",
    "rank_measures",
    "efficiency_results",
    "pv_results",
    "pv_result",
]


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100.0


@dataclass
class FactoryTotals:
    """What the factory invests, saves and pays, summed over measures.

    Attributes
    ----------
    capex_yuan : float
        Year-0 investment before subsidy [yuan].
    savings_by_year : numpy.ndarray
        (N,) gross savings of years 1..N [yuan].
    om_by_year : numpy.ndarray
        (N,) O&M change [yuan], positive = paid.
    replacement_by_year : numpy.ndarray
        (N,) replacement costs [yuan], positive = paid.
    """

    capex_yuan: float
    savings_by_year: np.ndarray
    om_by_year: np.ndarray
    replacement_by_year: np.ndarray

    def add_asset(self, capex_yuan: float, om_by_year: np.ndarray, replacement_by_year: np.ndarray) -> None:
        """Add one measure the factory owns."""
        self.capex_yuan += capex_yuan
        self.om_by_year = self.om_by_year + om_by_year
        self.replacement_by_year = self.replacement_by_year + replacement_by_year


@dataclass(frozen=True)
class PvCosts:
    """Whole-system PV costs whoever owns it, for the LCOE.

    Attributes
    ----------
    capex_yuan : float
        [yuan]
    om_by_year, replacement_by_year : numpy.ndarray
        (N,) [yuan], positive = paid.
    """

    capex_yuan: float
    om_by_year: np.ndarray
    replacement_by_year: np.ndarray


def measure_metrics(
    name: str,
    mtype: str,
    capex: float,
    kwh: float,
    yuan_1: float,
    yuan_by_year: np.ndarray,
    om: np.ndarray,
    repl: np.ndarray,
    om_1: float,
    life: int,
    rate: float,
) -> MeasureResult:
    """Stand-alone metrics of one measure.

    Parameters
    ----------
    name, mtype : str
        Measure name and type.
    capex : float
        The factory's year-0 investment in it [yuan].
    kwh : float
        Year-1 energy saved or delivered [kWh].
    yuan_1 : float
        Year-1 savings [yuan].
    yuan_by_year, om, repl : numpy.ndarray
        (N,) savings, O&M and replacements of years 1..N [yuan], costs positive.
    om_1 : float
        Year-1 O&M at year-1 prices [yuan/year].
    life : int
        Service life [years].
    rate : float
        Discount rate [fraction per year].

    Notes
    -----
    ``CF_0 = -capex``, ``CF_k = savings_k - om_k - repl_k``; NPV, IRR and
    payback from :mod:`planner.engine.finance`; simple payback =
    capex / (yuan_1 - om_1).  Without an investment there is no payback or IRR.
    """
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


def rank_measures(results: list[MeasureResult]) -> None:
    """Set ``rank`` (1 = best): by simple payback, shortest first; measures without
    one go last (by NPV, largest first)."""
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


def efficiency_results(
    measures: Sequence[Measure],
    hourly_saved_kw: np.ndarray,
    price: np.ndarray,
    price_growth: np.ndarray,
    om_growth: np.ndarray,
    rate: float,
    totals: FactoryTotals,
) -> list[MeasureResult]:
    """Each efficiency measure's figures; adds its capex, O&M and replacements to ``totals``.

    Parameters
    ----------
    hourly_saved_kw : numpy.ndarray
        (M, 8760), row m the hourly saving of measure m [kW]
        (:func:`planner.engine.measures.place_on_schedules`).
    price : numpy.ndarray
        Hourly energy price [yuan/kWh].
    price_growth, om_growth : numpy.ndarray
        (N,) escalation factors (:func:`planner.engine.lifecycle.growth_factors`).

    Notes
    -----
    ``yuan_1 = sum_h saved_h x price_h``; ``yuan_k = yuan_1 x price_growth_k``;
    ``om_k = om_change x om_growth_k``; replacements by
    :func:`planner.engine.lifecycle.replacement_costs`.  The hourly sums are
    taken a block of measures at a time (:mod:`planner.engine.blocks`), each
    row's sum bit for bit the 1-measure ``sum``; the per-measure loop lets a
    waiting thread take the GIL (:func:`planner.engine.blocks.handing_over`).
    """
    if len(hourly_saved_kw) != len(measures):
        raise ValueError(f"{len(hourly_saved_kw)} hourly rows for {len(measures)} measures")
    n_years = len(price_growth)
    kwh_by_measure = np.empty(len(measures))
    yuan_by_measure = np.empty(len(measures))
    for rows in row_blocks(len(measures)):
        block = hourly_saved_kw[rows]
        kwh_by_measure[rows] = block.sum(axis=1)
        yuan_by_measure[rows] = (block * price).sum(axis=1)
    out: list[MeasureResult] = []
    for i, m in enumerate(handing_over(measures)):
        kwh = float(kwh_by_measure[i])
        yuan = float(yuan_by_measure[i])
        om = m.om_change_yuan_per_year * om_growth
        repl = replacement_costs(m.capex_yuan, m.life_years, n_years)
        totals.add_asset(m.capex_yuan, om, repl)
        mr = measure_metrics(
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
        mr.hourly_saved_kw = hourly_saved_kw[i]
        out.append(mr)
    return out


def pv_results(
    measures: Sequence[PvMeasure],
    outputs_kw: Sequence[np.ndarray],
    years: PvYears,
    savings_base_yuan: np.ndarray,
    price_growth: np.ndarray,
    om_growth: np.ndarray,
    rate: float,
    totals: FactoryTotals,
) -> tuple[list[MeasureResult], PvCosts]:
    """Each PV measure's figures; adds its savings (and, when owned, its costs) to ``totals``.

    Parameters
    ----------
    outputs_kw : sequence of numpy.ndarray
        Each measure's year-1 hourly AC output [kW].
    years : planner.engine.balance.PvYears
        Every year's energy delivered by measure.
    savings_base_yuan : numpy.ndarray
        (N,) PV bill savings of each year at year-1 prices [yuan].

    Notes
    -----
    ``yuan_m,k = savings_base_k x used_m,k / used_k x price_growth_k``; O&M =
    (``om_yuan_per_year`` + ``om_change_yuan_per_year``) x om_growth_k.  EMC
    PV: no factory capex, O&M or replacements.
    """
    n_years = len(price_growth)
    out: list[MeasureResult] = []
    pv_capex = 0.0
    pv_om = np.zeros(n_years)
    pv_repl = np.zeros(n_years)
    for i, m in enumerate(measures):
        used_m = years.used_by_measure[i]
        with np.errstate(invalid="ignore", divide="ignore"):
            frac_by_year = np.where(years.used_total > 0, used_m / years.used_total, 0.0)
        yuan_by_year = savings_base_yuan * frac_by_year * price_growth
        yuan_1 = float(yuan_by_year[0]) if n_years else 0.0
        totals.savings_by_year = totals.savings_by_year + yuan_by_year
        om_m = m.om_yuan_per_year + m.om_change_yuan_per_year
        repl_m = replacement_costs(m.capex_yuan, m.life_years, n_years)
        pv_capex += m.capex_yuan
        pv_om = pv_om + om_m * om_growth
        pv_repl = pv_repl + repl_m
        if m.ownership == "emc":
            om = np.zeros(n_years)
            repl = np.zeros(n_years)
            capex_factory = 0.0
        else:
            om = om_m * om_growth
            repl = repl_m
            totals.add_asset(m.capex_yuan, om, repl)
            capex_factory = m.capex_yuan
        mr = measure_metrics(
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
        mr.hourly_saved_kw = outputs_kw[i]
        out.append(mr)
    return out, PvCosts(capex_yuan=pv_capex, om_by_year=pv_om, replacement_by_year=pv_repl)


def pv_result(
    measures: Sequence[PvMeasure],
    year_one: PvYearOne,
    years: PvYears,
    costs: PvCosts,
    savings_base_yuan: np.ndarray,
    rate: float,
) -> PvResult:
    """The results' PV section.

    Notes
    -----
    Generation is the AC energy delivered (self-consumed + exported); the
    potential output includes what anti-backflow curtails.  LCOE =
    :func:`planner.engine.finance.levelized_cost` of the whole system's capex,
    O&M and replacements over its delivered energy, whoever owns it.
    """
    net = year_one.net
    lcoe = finance.levelized_cost(
        rate, costs.capex_yuan, costs.om_by_year + costs.replacement_by_year, years.used_total
    )
    return PvResult(
        first_year_generation_kwh=float(np.sum(net.self_consumed_kw) + np.sum(net.exported_kw)),
        lifetime_generation_kwh=float(years.used_total.sum()),
        first_year_potential_generation_kwh=float(year_one.total_kw.sum()),
        first_year_self_consumed_kwh=float(np.sum(net.self_consumed_kw)),
        first_year_exported_kwh=float(np.sum(net.exported_kw)),
        first_year_curtailed_kwh=float(np.sum(net.curtailed_kw)),
        lcoe_yuan_per_kwh=lcoe,
        capacity_kwp=float(sum(m.capacity_kwp for m in measures)),
        hourly_generation_kw=year_one.total_kw,
        savings_by_year_base_yuan=np.asarray(savings_base_yuan, dtype=float),
    )
