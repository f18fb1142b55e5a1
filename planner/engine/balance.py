"""Netting PV against the load, and what the PV does to the bill.

One home for:

* :func:`net_pv_against_load`: the hour-by-hour split of PV output into
  self-consumed, exported and curtailed energy;
* :func:`emc_payment`: what the factory pays an EMC investor for PV power it
  uses (used both for the detailed year-1 bill and for the yearly re-billing);
* :func:`pv_year_one`: year 1 netted by measure, the inputs of the detailed
  monthly bill (grid import, export credited to the factory, EMC payments);
* :func:`pv_years`: every analysis year's degraded output netted and billed
  again at year-1 prices (as SAM does), so a lost kWh is valued at what it
  would have earned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from planner.engine._checks import check_range
from planner.engine.bill import basic_charges_by_year
from planner.engine.calendar import HourlyCalendar
from planner.engine.lifecycle import age_by_year
from planner.engine.tariff import HourlyTariff
from planner.model.project import PvMeasure, Tariff

__all__ = [
    "NettingResult",
    "net_pv_against_load",
    "emc_payment",
    "PvYearOne",
    "pv_year_one",
    "PvYears",
    "pv_years",
]


@dataclass(frozen=True)
class NettingResult:
    """Hour-by-hour split of PV output against the load (all read-only arrays [kW]).

    Attributes
    ----------
    self_consumed_kw : numpy.ndarray
        PV used on site.
    exported_kw : numpy.ndarray
        PV sent to the grid.
    curtailed_kw : numpy.ndarray
        PV thrown away (anti-backflow, or above an export limit).
    grid_import_kw : numpy.ndarray
        Load still bought from the grid.
    """

    self_consumed_kw: np.ndarray
    exported_kw: np.ndarray
    curtailed_kw: np.ndarray
    grid_import_kw: np.ndarray


def net_pv_against_load(
    load_kw: np.ndarray | Sequence[float],
    pv_kw: np.ndarray | Sequence[float],
    export_allowed: bool,
    export_limit_kw: float | None = None,
) -> NettingResult:
    """Net PV output against the load hour by hour.

    Parameters
    ----------
    load_kw : array_like
        Site load after the retrofit, per hour [kW]; negative values are
        taken as 0.
    pv_kw : array_like
        PV AC output, same length [kW]; negative values are taken as 0.
    export_allowed : bool
        True: surplus PV is exported.  False: anti-backflow (full self-use,
        as required for large C&I projects under NEA [2025] No. 7), the
        surplus is curtailed.
    export_limit_kw : float, optional
        Cap on export power when export is allowed [kW]; the surplus above
        it is curtailed.  None: no cap.

    Returns
    -------
    NettingResult

    Notes
    -----
    With ``L = max(load, 0)`` and ``P = max(pv, 0)``, per hour:

    * ``self = min(L, P)``
    * ``exported = min(P - self, cap)`` if export is allowed, else 0
    * ``curtailed = P - self - exported``
    * ``grid_import = L - self``

    so ``self + exported + curtailed = P`` and ``self + grid_import = L``.
    """
    load = np.clip(np.asarray(load_kw, dtype=float), 0.0, None)
    pv = np.clip(np.asarray(pv_kw, dtype=float), 0.0, None)
    if load.ndim != 1 or pv.shape != load.shape:
        raise ValueError(
            f"load_kw and pv_kw: expected two 1-D arrays of the same length, found shapes {load.shape} and {pv.shape}"
        )
    if not (np.all(np.isfinite(load)) and np.all(np.isfinite(pv))):
        raise ValueError("load_kw and pv_kw: expected finite numbers")
    self_used = np.minimum(load, pv)
    surplus = pv - self_used
    if export_allowed:
        if export_limit_kw is None:
            exported = surplus
        else:
            cap = check_range("export_limit_kw", export_limit_kw, 0, math.inf)
            exported = np.minimum(surplus, cap)
    else:
        exported = np.zeros_like(surplus)
    curtailed = surplus - exported
    grid = load - self_used
    for a in (self_used, exported, curtailed, grid):
        a.setflags(write=False)
    return NettingResult(self_consumed_kw=self_used, exported_kw=exported, curtailed_kw=curtailed, grid_import_kw=grid)


def emc_payment(
    measure: PvMeasure, self_used_kwh: np.ndarray, self_used_value_yuan: np.ndarray, vat: float = 1.0
) -> np.ndarray:
    """What the factory pays the EMC investor for the PV power it uses [yuan].

    Parameters
    ----------
    measure : planner.model.project.PvMeasure
        A PV measure with ``ownership == "emc"``.
    self_used_kwh : numpy.ndarray
        PV energy of this measure used on site (per hour or per year) [kWh].
    self_used_value_yuan : numpy.ndarray
        The same energy valued at the grid energy price of its hours [yuan].
    vat : float
        :func:`planner.engine.bill.vat_factor`, applied to a fixed EMC price
        (a discount on the grid price follows the prices, already net) [-].

    Returns
    -------
    numpy.ndarray
        Same shape as the inputs [yuan].

    Notes
    -----
    A fixed EMC price p: ``pay = kWh x p``.  Otherwise a discount D on the
    grid price: ``pay = value x (1 - D/100)`` (EMC contracts in China quote
    either form; D = 0 when not given).
    """
    if measure.emc_price_yuan_per_kwh is not None:
        return self_used_kwh * measure.emc_price_yuan_per_kwh * vat
    return self_used_value_yuan * (1 - (measure.emc_discount_pct or 0.0) / 100.0)


@dataclass(frozen=True)
class PvYearOne:
    """Year-1 PV netted against the post-retrofit load (hourly arrays [kW] or [yuan]).

    Attributes
    ----------
    total_kw : numpy.ndarray
        Summed potential AC output of every PV measure [kW].
    net : NettingResult
        The split of ``total_kw`` against the load.
    grid_import_kw : numpy.ndarray
        Post-retrofit load less PV self-consumption [kW]; not clipped, so the
        valuation stays linear where measures save more than the load.
    export_to_factory_kw : numpy.ndarray
        Export credited to the factory (owned PV only) [kW].
    emc_payment_yuan : numpy.ndarray
        Hourly payments to EMC investors [yuan].
    """

    total_kw: np.ndarray
    net: NettingResult
    grid_import_kw: np.ndarray
    export_to_factory_kw: np.ndarray
    emc_payment_yuan: np.ndarray


def pv_year_one(
    pv_measures: Sequence[PvMeasure],
    pv_outputs: Sequence[np.ndarray],
    after_kw: np.ndarray,
    ht: HourlyTariff,
    export_allowed: bool,
    export_limit_kw: float | None = None,
    vat: float = 1.0,
) -> PvYearOne:
    """Net year-1 PV against the load and split it by measure.

    Parameters
    ----------
    pv_measures : sequence of PvMeasure
    pv_outputs : sequence of numpy.ndarray
        Year-1 hourly AC output of each measure [kW].
    after_kw : numpy.ndarray
        Hourly load after the efficiency measures [kW].
    ht : HourlyTariff
        Hourly energy prices [yuan/kWh].
    export_allowed : bool
        False: anti-backflow for all systems.
    export_limit_kw : float, optional
        Cap on the site's export per hour (``export: "capped"``) [kW].
    vat : float
        Factor on a fixed EMC price (:func:`emc_payment`) [-].

    Notes
    -----
    Each hour's self-consumption and export are shared among the measures
    pro rata by their output of that hour: ``share_m = P_m / sum P``.  An EMC
    measure's used energy is paid by :func:`emc_payment` at the hour's price;
    an owned measure's export is credited to the factory.
    """
    total = np.sum(pv_outputs, axis=0) if len(pv_outputs) else np.zeros_like(after_kw)
    net = net_pv_against_load(np.clip(after_kw, 0.0, None), total, export_allowed, export_limit_kw)
    grid_import = after_kw - np.asarray(net.self_consumed_kw)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = [np.where(total > 0, out / total, 0.0) for out in pv_outputs]
    emc_pay = np.zeros_like(after_kw)
    export_to_factory = np.zeros_like(after_kw)
    for m, share in zip(pv_measures, shares, strict=True):
        if m.ownership == "emc":
            used = np.asarray(net.self_consumed_kw) * share
            emc_pay += emc_payment(m, used, used * ht.price, vat)
        else:
            export_to_factory += np.asarray(net.exported_kw) * share
    return PvYearOne(
        total_kw=total,
        net=net,
        grid_import_kw=grid_import,
        export_to_factory_kw=export_to_factory,
        emc_payment_yuan=emc_pay,
    )


@dataclass(frozen=True)
class PvYears:
    """PV re-netted and re-billed for every analysis year, at year-1 prices.

    Attributes
    ----------
    bill_after : numpy.ndarray
        (N,) total yearly bill with PV [yuan].
    used_total : numpy.ndarray
        (N,) PV energy delivered (self-consumed + exported) [kWh].
    used_by_measure : numpy.ndarray
        (M, N) the same by measure [kWh].
    """

    bill_after: np.ndarray
    used_total: np.ndarray
    used_by_measure: np.ndarray


def pv_years(
    pv_measures: Sequence[PvMeasure],
    pv_outputs: Sequence[np.ndarray],
    after_kw: np.ndarray,
    ht: HourlyTariff,
    cal: HourlyCalendar,
    tariff: Tariff,
    export_allowed: bool,
    n_years: int,
    *,
    export_limit_kw: float | None = None,
    grid_bills: Callable[[np.ndarray], np.ndarray] | None = None,
    vat: float = 1.0,
) -> PvYears:
    """Net and bill each year's degraded PV output against the post-retrofit load.

    Parameters
    ----------
    pv_measures, pv_outputs, after_kw, ht, export_allowed
        As in :func:`pv_year_one`: the measures, the year-1 hourly AC output
        of each [kW], the hourly load after the efficiency measures [kW], the
        hourly energy prices [yuan/kWh], False for anti-backflow.
    cal : HourlyCalendar
    tariff : Tariff
        For the basic charge.
    n_years : int
        N [years].
    export_limit_kw : float, optional
        Cap on the site's export per hour [kW]; the rest is curtailed.
    grid_bills : callable, optional
        ``(N, 8760) import -> (N,)`` yearly grid bill (the Chinese bill of
        :mod:`planner.engine.bill`: energy, basic, PF adjustment,
        surcharges); default energy + basic charge as below.
    vat : float
        Factor on fixed EMC prices [-].

    Returns
    -------
    PvYears

    Notes
    -----
    Output of measure m in year k: P_m,h x (1 - d_m)^(age_m(k) - 1)
    (:func:`planner.engine.lifecycle.age_by_year`).  For each year the summed
    output G is netted hour by hour (self = min(L, G), export = G - self if
    allowed), and the bill is energy charges on the import + basic charge -
    export income (owned PV) + EMC payments (:func:`emc_payment`), all at
    year-1 prices; escalation is applied by the caller.  This re-bills the
    degraded profile each year (as SAM does) instead of scaling year-1
    savings, so a lost kWh is valued at the price it would have earned
    (export or self-consumption).  Computed for all years at once as
    (N x 8760) arrays.
    """
    outputs = np.vstack(pv_outputs)  # (M, 8760)
    deg = np.vstack(
        [(1.0 - m.annual_degradation_pct / 100.0) ** (age_by_year(m.life_years, n_years) - 1) for m in pv_measures]
    )  # (M, N)
    gen = deg.T @ outputs  # (N, 8760)
    load_kw = np.clip(after_kw, 0.0, None)
    self_kw = np.minimum(load_kw[None, :], gen)
    if grid_bills is not None:
        bill = grid_bills(after_kw[None, :] - self_kw)
    else:
        # energy charge on import = after @ price - self @ price (import itself only for the demand charge)
        bill = float(after_kw @ ht.price) - self_kw @ ht.price
    if grid_bills is None and tariff.basic_charge is not None:
        if tariff.basic_charge.basis == "demand":
            bill = bill + basic_charges_by_year(tariff, after_kw[None, :] - self_kw, cal)
        else:
            bill = bill + basic_charges_by_year(tariff, self_kw[:1], cal)[0]
    self_total = self_kw.sum(axis=1)
    exported_kw = None
    if export_allowed and export_limit_kw is not None:
        exported_kw = np.minimum(gen - self_kw, export_limit_kw)
        export_total = exported_kw.sum(axis=1)
    else:
        export_total = gen.sum(axis=1) - self_total if export_allowed else np.zeros(n_years)
    used_by_measure = np.zeros_like(deg)
    if len(pv_measures) == 1:
        # one system: its shares are the totals, no per-hour ratios needed
        self_parts = [self_total]
        export_parts = [export_total]
        value_parts = [self_kw @ ht.price]
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            self_ratio = np.where(gen > 0, self_kw / gen, 0.0)
        self_parts = [deg[i] * (self_ratio @ outputs[i]) for i in range(len(pv_measures))]
        if exported_kw is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                export_ratio = np.where(gen > 0, exported_kw / gen, 0.0)
            export_parts = [deg[i] * (export_ratio @ outputs[i]) for i in range(len(pv_measures))]
        elif export_allowed:
            export_ratio = (1.0 - self_ratio) * (gen > 0)
            export_parts = [deg[i] * (export_ratio @ outputs[i]) for i in range(len(pv_measures))]
        else:
            export_parts = [np.zeros(n_years) for _ in pv_measures]
        value_parts = [deg[i] * (self_ratio @ (outputs[i] * ht.price)) for i in range(len(pv_measures))]
    for i, m in enumerate(pv_measures):
        used_by_measure[i] = self_parts[i] + export_parts[i]
        if m.ownership == "emc":
            bill = bill + emc_payment(m, self_parts[i], value_parts[i], vat)
        else:
            bill = bill - export_parts[i] * ht.export_price
    return PvYears(bill_after=bill, used_total=used_by_measure.sum(axis=0), used_by_measure=used_by_measure)
