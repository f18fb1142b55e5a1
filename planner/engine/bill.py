"""The Chinese industrial electricity bill, line by line.

:mod:`planner.engine.tariff` lays the hourly energy price over the year;
this module bills a month the way a State Grid / China Southern Grid
industrial bill does:

``total = energy charge + basic charge + power-factor adjustment
+ surcharges - PV export income + EMC payments``

Rules (each with its source; the hidden checks follow them to the letter)
-------------------------------------------------------------------------
Energy charge
    sum over the month's hours of grid import [kWh] x the hour's price,
    the price of the hour's TOU period (working-day, rest-day or holiday
    schedule; :func:`planner.engine.tariff.hourly_tariff`).
Basic charge (two-part tariff, NDRC price [2023] No. 526)
    * ``capacity``: ``transformer_kva x yuan_per_kva_month`` every month.
    * ``demand``: ``D x rate``, D the month's maximum hourly mean import [kW].
    * ``contract_demand``: ``C x rate + 2 x rate x max(0, D - 1.05 C)``:
      the contract C is billed every month whatever the demand; only the
      part of the demand *above 105 % of the contract* is billed, at twice
      the rate (the demand up to 1.05 C is covered by the contract charge).
    * ``rate = yuan_per_kw_month``, times 0.90 in a month whose grid kWh /
      ``transformer_kva`` >= 260 when ``transformer_kva`` > 0 (the 90 %
      price of No. 526 for demand-billed users; it applies to the demand
      and the contract-demand bases, both the contract part and the 2x
      excess, never to the capacity basis).  A retrofit that lowers a
      month's kWh below 260 per kVA loses the discount: the bill shows it.
    * A contract below 40 % of the transformer capacity is forbidden by the
      rule; the engine bills it as given and warns.
Power-factor adjustment (力调电费, (83) 水电财字第215号)
    * monthly ``PF = kWh / sqrt(kWh^2 + kvarh^2)`` on the month's grid
      imports, **rounded half up to 0.01** (0.865 -> 0.87; a 1e-9
      tolerance absorbs binary representation, so 0.8649999999 -> 0.86
      but a value that is 0.865 up to float error -> 0.87).
    * the adjustment percent is read from the standard's table shipped in
      ``assets/reference/power_factor_adjustment.json`` (as listed in
      REFERENCE-DATA.md); below the last tabulated PF each 0.01 adds 2 %.
    * ``adjustment = pct / 100 x (energy charge + basic charge)`` of that
      month; negative = discount.  Not applied to surcharges.
    * kvarh: ``monthly_kvarh[m]``, else ``reactive_kvarh_per_kwh x`` the
      month's **baseline** kWh (before any measure), else the bills'
      kvarh.  Efficiency, PV and storage leave kvarh unchanged, so they
      lower PF (PV can create a penalty).
    * ``power_factor_correction`` (capacitor bank / SVG):
      ``kvarh <= kWh x tan(acos(target_pf))`` on that month's grid imports.
      Several such measures: the highest target counts.
    * A month with neither kWh nor kvarh has no PF (NaN) and no adjustment.
Surcharges
    ``surcharges_yuan_per_kwh x`` grid kWh: not time-of-use, not PF-adjusted.
VAT (13 %, REFERENCE-DATA "Finance and tax")
    When ``tariff.vat_included`` and ``finance.vat_deductible``, savings are
    valued without VAT: **every yuan flow of the bill** (energy, basic,
    PF adjustment, surcharges, export income, EMC payments) is divided by
    1.13, i.e. every price and rate is multiplied by ``1/1.13`` before
    billing.  The results' bills are then net of VAT; the bill check
    multiplies them back by 1.13 to compare with the printed totals.

Kilowatt-hours of a month for the 260 kWh/kVA test, the PF and the
surcharges are the sum of the hourly import clipped at 0 (a meter does not
run backwards); the energy charge is linear in the hourly import as before.
Demand is the maximum *hourly* mean import (15-minute demand is higher for
peaky loads; see :mod:`planner.engine.tariff`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from planner.engine.calendar import HourlyCalendar
from planner.engine.tariff import (
    HourlyTariff,
    energy_by_month_period,
    energy_charges_by_month_period,
    hourly_tariff,
    month_starts,
    monthly_max_demand_kw,
    monthly_sum,
)
from planner.io.reference import power_factor_table
from planner.model.project import PERIODS, Finance, PowerFactorCorrectionMeasure, Project, PvMeasure, Tariff
from planner.terms import Note

VAT_RATE = 0.13
"""VAT on electricity (REFERENCE-DATA.md, H)."""

HIGH_USE_KWH_PER_KVA = 260.0
"""Monthly kWh per kVA of transformer capacity from which the demand price is
billed at 90 % (NDRC price [2023] No. 526)."""

HIGH_USE_DEMAND_FACTOR = 0.90
CONTRACT_TOLERANCE = 1.05
"""Demand up to 105 % of the contract is covered by the contract charge."""
CONTRACT_EXCESS_FACTOR = 2.0
"""Demand above 105 % of the contract is billed at twice the rate."""
CONTRACT_MIN_SHARE_OF_KVA = 0.40
"""The contract may not be below 40 % of transformer capacity (rule, M)."""


# --------------------------------------------------------------------------- VAT


def vat_factor(tariff: Tariff, finance: Finance | None) -> float:
    """Factor applied to every yuan flow of the bill [-].

    Notes
    -----
    ``1/1.13`` when prices include VAT and the factory deducts input VAT
    (``tariff.vat_included and finance.vat_deductible``), else 1.
    """
    if tariff.vat_included and finance is not None and finance.vat_deductible:
        return 1.0 / (1.0 + VAT_RATE)
    return 1.0


def billing_hourly_tariff(tariff: Tariff, cal: HourlyCalendar, vat: float = 1.0) -> HourlyTariff:
    """:func:`hourly_tariff` with every price (energy and export) times ``vat`` [yuan/kWh]."""
    ht = hourly_tariff(tariff, cal)
    if vat == 1.0:
        return ht
    return HourlyTariff(price=ht.price * vat, period=ht.period, export_price=ht.export_price * vat)


# --------------------------------------------------------------------------- power factor


def round_pf(pf: np.ndarray | float) -> np.ndarray:
    """Round a power factor half up to 0.01 [-] (0.865 -> 0.87, 0.8649 -> 0.86)."""
    return np.floor(np.asarray(pf, dtype=float) * 100.0 + 0.5 + 1e-9) / 100.0


def monthly_power_factor(kwh: np.ndarray, kvarh: np.ndarray) -> np.ndarray:
    """Monthly PF = kWh / sqrt(kWh^2 + kvarh^2), rounded half up to 0.01 [-].

    Parameters
    ----------
    kwh : array_like
        Active energy imported in the month [kWh].
    kvarh : array_like
        Reactive energy of the month [kvarh].

    Returns
    -------
    numpy.ndarray
        PF, NaN where both are 0.
    """
    p = np.asarray(kwh, dtype=float)
    q = np.asarray(kvarh, dtype=float)
    s = np.hypot(p, q)
    with np.errstate(invalid="ignore", divide="ignore"):
        pf = np.where(s > 0, p / np.where(s > 0, s, 1.0), np.nan)
    return np.where(np.isnan(pf), np.nan, round_pf(np.nan_to_num(pf)))


def _standard_key(standard: float) -> str:
    key = f"{standard:.2f}"
    if key not in power_factor_table()["standards"]:
        raise ValueError(f"power-factor standard: expected 0.90, 0.85 or 0.80, found {standard}")
    return key


@lru_cache(maxsize=8)
def _pct_by_cent(standard_key: str) -> np.ndarray:
    """Adjustment percent for PF = 0.00, 0.01, ..., 1.00 (101 values) of one standard."""
    std = power_factor_table()["standards"][standard_key]
    table = std["table_pct"]
    below = std["below"]
    out = np.empty(101)
    for cents in range(101):
        key = f"{cents / 100:.2f}"
        if key in table:
            out[cents] = table[key]
        else:
            steps = round(below["below_pf"] * 100) - cents
            out[cents] = below["pct_at_below_pf"] + below["pct_per_0_01_below"] * steps
    out.setflags(write=False)
    return out


def pf_adjustment_pct(pf: np.ndarray | float, standard: float) -> np.ndarray:
    """Adjustment percent of the (83) 水电财字第215号 table [%] (negative = discount).

    Parameters
    ----------
    pf : array_like
        Monthly power factor, already rounded to 0.01 [-]; NaN gives 0.
    standard : {0.90, 0.85, 0.80}
        The user's PF standard.

    Notes
    -----
    Table lookup in ``assets/reference/power_factor_adjustment.json``; below
    the table's last PF ``p0`` (0.65 / 0.60 / 0.55): ``pct(p0) + 2 x
    (p0 - pf) / 0.01``.  E.g. standard 0.90: 0.95 -> -0.75, 0.90 -> 0,
    0.87 -> +1.5, 0.64 -> +17.
    """
    lookup = _pct_by_cent(_standard_key(standard))
    arr = np.asarray(pf, dtype=float)
    finite = np.isfinite(arr)
    cents = np.clip(np.rint(np.where(finite, arr, 0.0) * 100), 0, 100).astype(int)
    return np.where(finite, lookup[cents], 0.0)


def corrected_kvarh(kwh: np.ndarray, kvarh: np.ndarray, target_pf: float | None) -> np.ndarray:
    """kvarh after power-factor correction [kvarh].

    Notes
    -----
    ``min(kvarh, kWh x tan(acos(target_pf)))`` per month, kWh the month's
    grid import; unchanged when ``target_pf`` is None.
    """
    q = np.asarray(kvarh, dtype=float)
    if target_pf is None:
        return q
    cap = np.asarray(kwh, dtype=float) * math.tan(math.acos(min(max(target_pf, 1e-9), 1.0)))
    return np.minimum(q, cap)


def baseline_kvarh(tariff: Tariff, baseline_kwh_by_month: np.ndarray, bills: list | None = None) -> np.ndarray | None:
    """Reactive energy of each month [kvarh], or None when the tariff has no PF adjustment.

    Notes
    -----
    ``monthly_kvarh``, else ``reactive_kvarh_per_kwh x`` baseline kWh of the
    month (before any measure), else the ``kvarh`` of the monthly bills.
    """
    pf = tariff.power_factor
    if pf is None:
        return None
    if pf.monthly_kvarh is not None:
        return np.asarray(pf.monthly_kvarh, dtype=float)
    if pf.reactive_kvarh_per_kwh is not None:
        return pf.reactive_kvarh_per_kwh * np.asarray(baseline_kwh_by_month, dtype=float)
    by_month = {b.month: b.kvarh for b in bills or []}
    return np.array([float(by_month[m]) for m in range(1, 13)])


# --------------------------------------------------------------------------- basic charge


def demand_rate_factor(kwh_by_month: np.ndarray, transformer_kva: float) -> np.ndarray:
    """0.90 in months with kWh / kVA >= 260 (``transformer_kva`` > 0), else 1 [-] (NDRC price [2023] No. 526)."""
    kwh = np.asarray(kwh_by_month, dtype=float)
    if transformer_kva <= 0:
        return np.ones(kwh.shape)
    return np.where(kwh / transformer_kva >= HIGH_USE_KWH_PER_KVA - 1e-9, HIGH_USE_DEMAND_FACTOR, 1.0)


def basic_charge_lines(
    tariff: Tariff, max_demand_kw: np.ndarray, kwh_by_month: np.ndarray, vat: float = 1.0
) -> np.ndarray:
    """Basic charge of each month [yuan], same shape as ``max_demand_kw`` (..., 12).

    Parameters
    ----------
    tariff : Tariff
    max_demand_kw : numpy.ndarray
        The month's maximum hourly mean import [kW].
    kwh_by_month : numpy.ndarray
        The month's grid import [kWh] (for the 260 kWh/kVA test).
    vat : float
        :func:`vat_factor` [-].

    Notes
    -----
    capacity: ``kVA x yuan_per_kva_month``; demand: ``D x r``;
    contract_demand: ``C x r + 2 r max(0, D - 1.05 C)``; with
    ``r = yuan_per_kw_month x (0.9 if kWh/kVA >= 260 else 1)``.
    """
    d = np.asarray(max_demand_kw, dtype=float)
    bc = tariff.basic_charge
    if bc is None:
        return np.zeros(d.shape)
    if bc.basis == "capacity":
        return np.full(d.shape, bc.transformer_kva * bc.yuan_per_kva_month * vat)
    rate = bc.yuan_per_kw_month * vat * demand_rate_factor(kwh_by_month, bc.transformer_kva)
    if bc.basis == "demand":
        return d * rate
    c = float(bc.contract_demand_kw or 0.0)
    excess = np.maximum(d - CONTRACT_TOLERANCE * c, 0.0)
    return c * rate + CONTRACT_EXCESS_FACTOR * rate * excess


def contract_demand_warnings(tariff: Tariff) -> list[str]:
    """Warn when the contract demand is below 40 % of the transformer capacity (the rule forbids it)."""
    bc = tariff.basic_charge
    if bc is None or bc.basis != "contract_demand" or bc.transformer_kva <= 0:
        return []
    c = float(bc.contract_demand_kw or 0.0)
    if c < CONTRACT_MIN_SHARE_OF_KVA * bc.transformer_kva:
        return [Note("warning.contract_low", minimum=CONTRACT_MIN_SHARE_OF_KVA * bc.transformer_kva, found=c)]
    return []


def basic_charges_by_month(tariff: Tariff, import_kw: np.ndarray, cal: HourlyCalendar, vat: float = 1.0) -> np.ndarray:
    """Basic charge of each month [yuan], shape (12,), from an hourly import [kW]."""
    imp = np.maximum(np.asarray(import_kw, dtype=float), 0.0)
    return basic_charge_lines(tariff, monthly_max_demand_kw(imp, cal), monthly_sum(imp, cal), vat)


def basic_charges_by_year(
    tariff: Tariff, import_kw_by_year: np.ndarray, cal: HourlyCalendar, vat: float = 1.0
) -> np.ndarray:
    """Yearly basic charge [yuan] of several (N, 8760) import profiles: the
    rule of :func:`basic_charge_lines` summed over the 12 months."""
    imp = np.maximum(np.asarray(import_kw_by_year, dtype=float), 0.0)
    starts = month_starts(cal)
    peaks = np.maximum.reduceat(imp, starts, axis=1)
    kwh = np.add.reduceat(imp, starts, axis=1)
    return basic_charge_lines(tariff, peaks, kwh, vat).sum(axis=1)


# --------------------------------------------------------------------------- the bill


@dataclass(frozen=True)
class MonthlyBill:
    """A year-1 bill, month by month [yuan] (arrays of shape (12,) except
    ``energy_by_period`` and ``import_kwh_by_period``, (12, 5)).

    ``power_factor`` is NaN and the PF lines 0 when the tariff has no PF
    adjustment.
    """

    energy_by_period: np.ndarray
    import_kwh_by_period: np.ndarray
    basic: np.ndarray
    export_credit: np.ndarray
    emc_payment: np.ndarray
    export_kwh: np.ndarray
    pf_adjustment: np.ndarray = field(default_factory=lambda: np.zeros(12))
    surcharges: np.ndarray = field(default_factory=lambda: np.zeros(12))
    power_factor: np.ndarray = field(default_factory=lambda: np.full(12, np.nan))
    pf_adjustment_pct: np.ndarray = field(default_factory=lambda: np.zeros(12))
    kvarh: np.ndarray = field(default_factory=lambda: np.zeros(12))
    max_demand_kw: np.ndarray = field(default_factory=lambda: np.zeros(12))
    demand_rate_factor: np.ndarray = field(default_factory=lambda: np.ones(12))

    @property
    def energy(self) -> np.ndarray:
        return self.energy_by_period.sum(axis=1)

    @property
    def import_kwh(self) -> np.ndarray:
        return self.import_kwh_by_period.sum(axis=1)

    @property
    def total(self) -> np.ndarray:
        """What the factory pays: energy + basic + PF adjustment + surcharges - export credit + EMC payments."""
        return self.energy + self.basic + self.pf_adjustment + self.surcharges - self.export_credit + self.emc_payment


def _pf_lines(
    tariff: Tariff,
    energy: np.ndarray,
    basic: np.ndarray,
    kwh: np.ndarray,
    kvarh: np.ndarray | None,
    target_pf: float | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """PF, percent and adjustment [yuan] of months (..., 12)."""
    if tariff.power_factor is None or kvarh is None:
        shape = np.shape(energy)
        return np.full(shape, np.nan), np.zeros(shape), np.zeros(shape), np.zeros(shape)
    q = corrected_kvarh(kwh, np.broadcast_to(kvarh, np.shape(kwh)), target_pf)
    pf = monthly_power_factor(kwh, q)
    pct = pf_adjustment_pct(pf, tariff.power_factor.standard)
    return pf, pct, pct / 100.0 * (energy + basic), q


def monthly_bill(
    tariff: Tariff,
    ht: HourlyTariff,
    cal: HourlyCalendar,
    import_kw: np.ndarray,
    export_kw: np.ndarray | None = None,
    emc_payment_yuan: np.ndarray | None = None,
    *,
    kvarh: np.ndarray | None = None,
    target_pf: float | None = None,
    vat: float = 1.0,
) -> MonthlyBill:
    """Bill year 1 month by month, line by line (rules in the module docstring).

    Parameters
    ----------
    tariff : Tariff
    ht : HourlyTariff
        Hourly prices [yuan/kWh], already times ``vat`` (:func:`billing_hourly_tariff`).
    cal : HourlyCalendar
    import_kw : numpy.ndarray
        Hourly grid import [kW = kWh/h], 8760 values.
    export_kw : numpy.ndarray, optional
        Hourly export credited to the factory [kW].
    emc_payment_yuan : numpy.ndarray, optional
        Hourly payments to an EMC investor [yuan].
    kvarh : numpy.ndarray, optional
        Reactive energy of each month (:func:`baseline_kvarh`) [kvarh].
    target_pf : float, optional
        Power-factor correction target [-].
    vat : float
        Factor on the basic charge and surcharges (:func:`vat_factor`) [-].
    """
    imp = np.asarray(import_kw, dtype=float)
    clipped = np.maximum(imp, 0.0)
    kwh = monthly_sum(clipped, cal)
    demand = monthly_max_demand_kw(clipped, cal)
    energy_by_period = energy_charges_by_month_period(imp, ht, cal)
    basic = basic_charge_lines(tariff, demand, kwh, vat)
    pf, pct, adj, q = _pf_lines(tariff, energy_by_period.sum(axis=1), basic, kwh, kvarh, target_pf)
    export_kwh = np.zeros(12) if export_kw is None else monthly_sum(export_kw, cal)
    bc = tariff.basic_charge
    factor = demand_rate_factor(kwh, bc.transformer_kva) if bc is not None and bc.basis != "capacity" else np.ones(12)
    return MonthlyBill(
        energy_by_period=energy_by_period,
        import_kwh_by_period=energy_by_month_period(imp, ht, cal),
        basic=basic,
        export_credit=export_kwh * ht.export_price,
        emc_payment=np.zeros(12) if emc_payment_yuan is None else monthly_sum(emc_payment_yuan, cal),
        export_kwh=export_kwh,
        pf_adjustment=adj,
        surcharges=kwh * tariff.surcharges_yuan_per_kwh * vat,
        power_factor=pf,
        pf_adjustment_pct=pct,
        kvarh=np.zeros(12) if kvarh is None else np.asarray(q, dtype=float),
        max_demand_kw=demand,
        demand_rate_factor=factor,
    )


def yearly_grid_bills(
    tariff: Tariff,
    ht: HourlyTariff,
    cal: HourlyCalendar,
    import_kw_by_year: np.ndarray,
    *,
    kvarh: np.ndarray | None = None,
    target_pf: float | None = None,
    vat: float = 1.0,
) -> np.ndarray:
    """Energy + basic + PF adjustment + surcharges [yuan] of (N, 8760) import
    profiles, one total per row: the same rules as :func:`monthly_bill`
    (export income and EMC payments are added by the caller)."""
    imp = np.asarray(import_kw_by_year, dtype=float)
    clipped = np.maximum(imp, 0.0)
    starts = month_starts(cal)
    energy = np.add.reduceat(imp * ht.price[None, :], starts, axis=1)
    kwh = np.add.reduceat(clipped, starts, axis=1)
    demand = np.maximum.reduceat(clipped, starts, axis=1)
    basic = basic_charge_lines(tariff, demand, kwh, vat)
    _, _, adj, _ = _pf_lines(tariff, energy, basic, kwh, kvarh, target_pf)
    return (energy + basic + adj + kwh * tariff.surcharges_yuan_per_kwh * vat).sum(axis=1)


# --------------------------------------------------------------------------- project set-up


def pfc_target(project: Project) -> float | None:
    """Target PF of the enabled power-factor-correction measures (the highest), or None."""
    targets = [m.target_pf for m in project.measures if m.enabled and isinstance(m, PowerFactorCorrectionMeasure)]
    return max(targets) if targets else None


@dataclass(frozen=True)
class BillSetup:
    """What every bill of a project shares: tariff, hourly prices (times the
    VAT factor), baseline kvarh, PFC target."""

    tariff: Tariff
    ht: HourlyTariff
    cal: HourlyCalendar
    vat: float
    kvarh: np.ndarray | None
    target_pf: float | None

    def bill(
        self,
        import_kw: np.ndarray,
        export_kw: np.ndarray | None = None,
        emc_payment_yuan: np.ndarray | None = None,
        *,
        pfc: bool = False,
    ) -> MonthlyBill:
        return monthly_bill(
            self.tariff,
            self.ht,
            self.cal,
            import_kw,
            export_kw,
            emc_payment_yuan,
            kvarh=self.kvarh,
            target_pf=self.target_pf if pfc else None,
            vat=self.vat,
        )

    def yearly(self, import_kw_by_year: np.ndarray, *, pfc: bool = False) -> np.ndarray:
        return yearly_grid_bills(
            self.tariff,
            self.ht,
            self.cal,
            import_kw_by_year,
            kvarh=self.kvarh,
            target_pf=self.target_pf if pfc else None,
            vat=self.vat,
        )


def bill_setup(project: Project, cal: HourlyCalendar, baseline_kw: np.ndarray, ht: HourlyTariff) -> BillSetup:
    """Collect the project's billing settings; ``ht`` from :func:`billing_hourly_tariff`."""
    kvarh = baseline_kvarh(project.tariff, monthly_sum(np.maximum(baseline_kw, 0.0), cal), project.load.monthly_bills)
    return BillSetup(
        tariff=project.tariff,
        ht=ht,
        cal=cal,
        vat=vat_factor(project.tariff, project.finance),
        kvarh=kvarh,
        target_pf=pfc_target(project),
    )


def bill_warnings(project: Project, before: MonthlyBill, after: MonthlyBill) -> list[str]:
    """Warnings about the bill: a forbidden contract, a PF penalty created by the retrofit,
    a lost 260 kWh/kVA discount, a PFC measure without a PF tariff."""
    out = contract_demand_warnings(project.tariff)
    if project.tariff.power_factor is not None:
        new_penalty = [m + 1 for m in range(12) if after.pf_adjustment_pct[m] > 0 and before.pf_adjustment_pct[m] <= 0]
        if new_penalty:
            out.append(Note("warning.pf_penalty", months=new_penalty))
    elif pfc_target(project) is not None:
        out.append(Note("warning.pfc_no_tariff"))
    lost = [m + 1 for m in range(12) if before.demand_rate_factor[m] < 1.0 and after.demand_rate_factor[m] >= 1.0]
    if lost:
        out.append(Note("warning.lost_kva_discount", months=lost))
    return out


# --------------------------------------------------------------------------- PV export rules after 2025


def site_export_rule(pv_measures: list[PvMeasure]) -> tuple[bool, float | None, list[str]]:
    """The export rule at the site's meter from its PV measures.

    Returns
    -------
    (export_allowed, export_limit_kw, warnings)

    Notes
    -----
    Any ``export: "none"`` makes the whole site anti-backflow (and warns if
    others disagree).  Otherwise, with any ``"capped"`` measure, export is
    capped per hour at the sum of the capped measures' ``export_limit_kw``
    (the rest curtailed); all ``"allowed"``: no cap.
    """
    if not pv_measures:
        return True, None, []
    modes = {m.export for m in pv_measures}
    warnings: list[str] = []
    if "none" in modes:
        if len(modes) > 1:
            warnings.append(Note("warning.export_none"))
        return False, None, warnings
    if "capped" in modes:
        limit = float(sum(m.export_limit_kw or 0.0 for m in pv_measures if m.export == "capped"))
        if "allowed" in modes:
            warnings.append(Note("warning.export_capped", limit=limit))
        return True, limit, warnings
    return True, None, warnings


def self_use_ratio_pct(self_kwh: float, exported_kwh: float) -> float | None:
    """Self-use ratio = self-consumed / (self-consumed + exported) [%] (curtailed kWh are not generated)."""
    total = self_kwh + exported_kwh
    return None if total <= 0 else 100.0 * self_kwh / total


def self_use_warnings(pv_measures: list[PvMeasure], ratio_pct: float | None) -> list[str]:
    """Warn when the self-use ratio is below the highest ``self_use_min_pct`` (NEA 国能发新能规〔2025〕7号)."""
    floors = [m.self_use_min_pct for m in pv_measures if m.self_use_min_pct is not None]
    if not floors or ratio_pct is None:
        return []
    floor = max(floors)
    if ratio_pct < floor:
        return [Note("warning.self_use", ratio=ratio_pct, floor=floor)]
    return []


# --------------------------------------------------------------------------- results table


def monthly_table(
    before: MonthlyBill, after: MonthlyBill, efficiency_kw: np.ndarray, pv_used_kw: np.ndarray, cal: HourlyCalendar
) -> pd.DataFrame:
    """The ``monthly[]`` results table: the DESIGN.md keys plus the bill lines
    (``energy_charge_yuan``, ``basic_charge_yuan``, ``power_factor``,
    ``pf_adjustment_yuan``, ``surcharges_yuan``, each ``_before`` / ``_after``).

    Parameters
    ----------
    before, after : MonthlyBill
        Bill before the retrofit and after every measure.
    efficiency_kw : numpy.ndarray
        Hourly saving of the efficiency measures [kW].
    pv_used_kw : numpy.ndarray
        Hourly PV delivered (self-consumed + exported) [kW].
    cal : HourlyCalendar

    Notes
    -----
    ``savings = bill_before - bill_after``; ``energy_saved = efficiency + PV
    delivered`` [kWh]; ``energy_{before,after}_<period>_yuan`` are the energy
    charges by TOU period.
    """
    pv_used = monthly_sum(pv_used_kw, cal)
    data: dict[str, Any] = {
        "month": np.arange(1, 13),
        "bill_before_yuan": before.total,
        "bill_after_yuan": after.total,
        "savings_yuan": before.total - after.total,
        "energy_saved_kwh": monthly_sum(efficiency_kw, cal) + pv_used,
        "import_before_kwh": before.import_kwh_by_period.sum(axis=1),
        "import_after_kwh": after.import_kwh_by_period.sum(axis=1),
        "basic_before_yuan": before.basic,
        "basic_after_yuan": after.basic,
        "export_credit_yuan": after.export_credit,
        "emc_payment_yuan": after.emc_payment,
        "pv_used_kwh": pv_used,
    }
    for i, p in enumerate(PERIODS):
        data[f"energy_before_{p}_yuan"] = before.energy_by_period[:, i]
        data[f"energy_after_{p}_yuan"] = after.energy_by_period[:, i]
    for suffix, b in (("before", before), ("after", after)):
        data[f"energy_charge_yuan_{suffix}"] = b.energy
        data[f"basic_charge_yuan_{suffix}"] = b.basic
        data[f"power_factor_{suffix}"] = b.power_factor
        data[f"pf_adjustment_yuan_{suffix}"] = b.pf_adjustment
        data[f"surcharges_yuan_{suffix}"] = b.surcharges
        data[f"max_demand_kw_{suffix}"] = b.max_demand_kw
        data[f"kvarh_{suffix}"] = b.kvarh
    return pd.DataFrame(data)
