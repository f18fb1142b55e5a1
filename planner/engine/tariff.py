"""Time-of-use tariff: the hourly price.

The monthly bill (energy, basic charge, power-factor adjustment,
surcharges) is in :mod:`planner.engine.bill`.

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
    period(h) = weekday_schedule[month(h)-1][hour(h)] on working days,
    weekend_schedule[...] on rest days and holiday_schedule[...] on holidays
    (``cal.is_holiday``; default the rest-day schedule, e.g. Jiangsu's
    holiday deep valley); price(h) = prices[period(h)].
    """
    work = schedule_matrix(tariff.weekday_schedule)
    rest = schedule_matrix(tariff.rest_day_schedule)
    m = cal.month - 1
    period = np.where(cal.is_working_day, work[m, cal.hour], rest[m, cal.hour]).astype(np.int8)
    if tariff.holiday_schedule is not None and cal.is_holiday is not None and cal.is_holiday.any():
        hol = schedule_matrix(tariff.holiday_schedule)
        period = np.where(cal.is_holiday, hol[m, cal.hour], period).astype(np.int8)
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


def monthly_sum(values: np.ndarray, cal: HourlyCalendar) -> np.ndarray:
    """Sum of an hourly series by month, shape (12,)."""
    return _monthly_sum(values, cal)


def month_starts(cal: HourlyCalendar) -> np.ndarray:
    """Index of the first hour of each month (hours are in calendar order)."""
    return np.flatnonzero(np.r_[True, np.diff(cal.month) != 0])
