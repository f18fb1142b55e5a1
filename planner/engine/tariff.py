"""Time-of-use tariff billing.

A tariff is a price per TOU period, a 12 x 24 period schedule for working
days and one for rest days, an export price for PV surplus and an optional
two-part basic charge.  A flat tariff is the one-period case.

Conventions
-----------
* Hourly values are hourly mean kW, so one hour's kW equals its kWh.
* The demand basic charge uses the month's maximum *hourly* mean demand;
  utilities meter 15-minute demand, which is higher for peaky loads, so
  hourly data understates it slightly (documented, as SAM does for hourly
  simulations).
* Export is credited at ``export_price_yuan_per_kwh`` for every exported kWh
  (net billing, hour by hour), never netted against imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.engine.calendar import HourlyCalendar
from planner.model.project import PERIODS, Tariff

N_PERIODS = len(PERIODS)
_PERIOD_INDEX = {p: i for i, p in enumerate(PERIODS)}


@dataclass(frozen=True)
class HourlyTariff:
    """A tariff laid over the 8760 hours of year 1.

    Attributes
    ----------
    price : numpy.ndarray
        Energy price of each hour [yuan/kWh].
    period : numpy.ndarray of int
        Index into :data:`planner.model.project.PERIODS` of each hour.
    export_price : float
        Price paid for exported kWh [yuan/kWh].
    """

    price: np.ndarray
    period: np.ndarray
    export_price: float


def schedule_matrix(schedule: Sequence[Sequence[str]]) -> np.ndarray:
    """12 x 24 array of period indices from a schedule of period names."""
    return np.array([[_PERIOD_INDEX[p] for p in row] for row in schedule], dtype=np.int8)


def hourly_tariff(tariff: Tariff, cal: HourlyCalendar) -> HourlyTariff:
    """Lay the period schedules and prices over the calendar.

    Parameters
    ----------
    tariff : planner.model.project.Tariff
        Prices [yuan/kWh] and 12 x 24 schedules.
    cal : planner.engine.calendar.HourlyCalendar
        The year-1 calendar (working days vs rest days).

    Notes
    -----
    period(h) = weekday_schedule[month(h)-1][hour(h)] on working days and
    weekend_schedule[...] on rest days; price(h) = prices[period(h)].
    """
    work = schedule_matrix(tariff.weekday_schedule)
    rest = schedule_matrix(tariff.rest_day_schedule)
    m = cal.month - 1
    period = np.where(cal.is_working_day, work[m, cal.hour], rest[m, cal.hour]).astype(np.int8)
    prices: dict[str, float] = {str(k): v for k, v in tariff.prices_yuan_per_kwh.items()}
    price_by_period = np.array([prices.get(p, np.nan) for p in PERIODS])
    price = price_by_period[period]
    return HourlyTariff(price=price, period=period, export_price=float(tariff.export_price_yuan_per_kwh))


def _monthly_sum(values: np.ndarray, cal: HourlyCalendar) -> np.ndarray:
    return np.bincount(cal.month - 1, weights=values, minlength=12)


def energy_by_month_period(kwh: np.ndarray, ht: HourlyTariff, cal: HourlyCalendar) -> np.ndarray:
    """kWh by month and TOU period, shape (12, 5)."""
    idx = (cal.month - 1) * N_PERIODS + ht.period
    return np.bincount(idx, weights=kwh, minlength=12 * N_PERIODS).reshape(12, N_PERIODS)


def energy_charges_by_month_period(kwh: np.ndarray, ht: HourlyTariff, cal: HourlyCalendar) -> np.ndarray:
    """Energy charges [yuan] by month and TOU period, shape (12, 5).

    Notes
    -----
    charge[m, p] = sum over hours h of month m in period p of kWh_h x price_h.
    """
    idx = (cal.month - 1) * N_PERIODS + ht.period
    return np.bincount(idx, weights=kwh * ht.price, minlength=12 * N_PERIODS).reshape(12, N_PERIODS)


def monthly_max_demand_kw(import_kw: np.ndarray, cal: HourlyCalendar) -> np.ndarray:
    """Maximum hourly mean import of each month [kW], shape (12,)."""
    out = np.zeros(12)
    np.maximum.at(out, cal.month - 1, import_kw)
    return out


def basic_charges_by_month(tariff: Tariff, import_kw: np.ndarray, cal: HourlyCalendar) -> np.ndarray:
    """Two-part tariff basic charge of each month [yuan], shape (12,).

    Notes
    -----
    capacity basis: transformer_kva x yuan_per_kva_month, every month.
    demand basis: max_h(import_kw in month) x yuan_per_kw_month.
    """
    bc = tariff.basic_charge
    if bc is None:
        return np.zeros(12)
    if bc.basis == "capacity":
        return np.full(12, bc.transformer_kva * bc.yuan_per_kva_month)
    return monthly_max_demand_kw(np.maximum(import_kw, 0.0), cal) * bc.yuan_per_kw_month


@dataclass(frozen=True)
class MonthlyBill:
    """A year-1 electricity bill, month by month [yuan] (arrays of shape (12,)
    except ``energy_by_period``, (12, 5), and ``import_kwh_by_period``)."""

    energy_by_period: np.ndarray
    import_kwh_by_period: np.ndarray
    basic: np.ndarray
    export_credit: np.ndarray
    emc_payment: np.ndarray
    export_kwh: np.ndarray

    @property
    def energy(self) -> np.ndarray:
        return self.energy_by_period.sum(axis=1)

    @property
    def total(self) -> np.ndarray:
        """What the factory pays: energy + basic - export credit + EMC payments."""
        return self.energy + self.basic - self.export_credit + self.emc_payment


def monthly_bill(
    tariff: Tariff,
    ht: HourlyTariff,
    cal: HourlyCalendar,
    import_kw: np.ndarray,
    export_kw: np.ndarray | None = None,
    emc_payment_yuan: np.ndarray | None = None,
) -> MonthlyBill:
    """Bill year 1 month by month.

    Parameters
    ----------
    tariff : planner.model.project.Tariff
    ht : HourlyTariff
        ``hourly_tariff(tariff, cal)``.
    cal : HourlyCalendar
    import_kw : numpy.ndarray
        Hourly grid import [kW = kWh/h], 8760 values.
    export_kw : numpy.ndarray, optional
        Hourly export credited to the factory [kW]; None = no export.
    emc_payment_yuan : numpy.ndarray, optional
        Hourly payments to an EMC investor for PV power used [yuan].
    """
    zeros = np.zeros(12)
    export_kwh = zeros if export_kw is None else _monthly_sum(export_kw, cal)
    return MonthlyBill(
        energy_by_period=energy_charges_by_month_period(import_kw, ht, cal),
        import_kwh_by_period=energy_by_month_period(import_kw, ht, cal),
        basic=basic_charges_by_month(tariff, import_kw, cal),
        export_credit=export_kwh * ht.export_price,
        emc_payment=zeros if emc_payment_yuan is None else _monthly_sum(emc_payment_yuan, cal),
        export_kwh=export_kwh,
    )


def monthly_sum(values: np.ndarray, cal: HourlyCalendar) -> np.ndarray:
    """Sum of an hourly series by month, shape (12,)."""
    return _monthly_sum(values, cal)


def month_starts(cal: HourlyCalendar) -> np.ndarray:
    """Index of the first hour of each month (hours are in calendar order)."""
    return np.flatnonzero(np.r_[True, np.diff(cal.month) != 0])


def basic_charges_by_year(tariff: Tariff, import_kw_by_year: np.ndarray, cal: HourlyCalendar) -> np.ndarray:
    """Yearly basic charge [yuan] of several import profiles at once.

    Parameters
    ----------
    import_kw_by_year : numpy.ndarray
        (N, 8760) hourly grid import [kW], one row per year.

    Notes
    -----
    The same rule as :func:`basic_charges_by_month`, summed over the 12
    months: capacity basis 12 x kVA x rate; demand basis
    sum over months of max hourly import x rate.
    """
    n = import_kw_by_year.shape[0]
    bc = tariff.basic_charge
    if bc is None:
        return np.zeros(n)
    if bc.basis == "capacity":
        return np.full(n, 12 * bc.transformer_kva * bc.yuan_per_kva_month)
    peaks = np.maximum.reduceat(np.maximum(import_kw_by_year, 0.0), month_starts(cal), axis=1)
    return peaks.sum(axis=1) * bc.yuan_per_kw_month


def monthly_table(
    before: MonthlyBill, after: MonthlyBill, efficiency_kw: np.ndarray, pv_used_kw: np.ndarray, cal: HourlyCalendar
) -> pd.DataFrame:
    """The results' ``monthly`` table: year-1 bills and energy, month by month.

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
    data: dict[str, np.ndarray] = {
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
    return pd.DataFrame(data)
