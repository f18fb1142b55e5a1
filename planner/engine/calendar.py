"""The hourly calendar of the simulated first year.

Year 1 is simulated as 8760 hours of local standard time (China: UTC+8, no
daylight saving).  Hour ``h`` covers ``[h, h+1)``; timestamps are
hour-beginning.  A leap ``calendar_year`` drops 29 February so every year has
8760 hours (the convention SAM and TMY files use).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner.io.reference import cn_statutory_holidays

if TYPE_CHECKING:  # pragma: no cover
    from planner.model.project import Load

HOURS_PER_YEAR = 8760

SHIFT_HOURS: dict[str, tuple[int, int]] = {
    "one_shift": (8, 16),
    "two_shift": (8, 24),
    "three_shift": (0, 24),
    "continuous": (0, 24),
}
"""Working hours [start, end) of each shift pattern, local time."""

DAYTIME_HOURS = (8, 18)


@dataclass(frozen=True)
class HourlyCalendar:
    """Index arrays of the 8760 hours of year 1.

    Attributes
    ----------
    timestamps : pandas.DatetimeIndex
        Hour-beginning local standard time, 8760 entries.
    month : numpy.ndarray of int
        1..12.
    hour : numpy.ndarray of int
        0..23.
    day_of_year : numpy.ndarray of int
        0..364.
    is_working_day : numpy.ndarray of bool
        True on working days, False on weekends and holidays (rest days).
        Make-up working days (调休 上班) are working days.
    is_holiday : numpy.ndarray of bool
        True on holidays (billed on the tariff's holiday schedule); all False
        when the calendar was built without holidays.
    """

    timestamps: pd.DatetimeIndex
    month: np.ndarray
    hour: np.ndarray
    day_of_year: np.ndarray
    is_working_day: np.ndarray
    is_holiday: np.ndarray | None = None

    @property
    def holiday_mask(self) -> np.ndarray:
        """``is_holiday``, or all False."""
        return self.is_holiday if self.is_holiday is not None else np.zeros(len(self.month), dtype=bool)


def year_timestamps(year: int) -> pd.DatetimeIndex:
    """8760 hour-beginning timestamps of ``year`` (29 February dropped)."""
    idx = pd.date_range(f"{year}-01-01", periods=8784 if _is_leap(year) else 8760, freq="h")
    if _is_leap(year):
        idx = idx[~((idx.month == 2) & (idx.day == 29))]
    return idx


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day_mask(ts: pd.DatetimeIndex, days: tuple[date, ...]) -> np.ndarray:
    if not days:
        return np.zeros(len(ts), dtype=bool)
    keys = {(d.month, d.day) for d in days}
    md = list(zip(ts.month, ts.day, strict=True))
    return np.fromiter(((m, d) in keys for m, d in md), dtype=bool, count=len(md))


@lru_cache(maxsize=32)
def _calendar_cached(
    year: int, working_days: str, holidays: tuple[date, ...], workdays: tuple[date, ...] = ()
) -> HourlyCalendar:
    ts = year_timestamps(year)
    weekday = ts.day_of_week.to_numpy()
    if working_days == "mon_fri":
        working = weekday < 5
    elif working_days == "mon_sat":
        working = weekday < 6
    elif working_days == "all":
        working = np.ones(HOURS_PER_YEAR, dtype=bool)
    else:
        raise ValueError(f"working_days: expected mon_fri, mon_sat or all, found {working_days!r}")
    holiday = _day_mask(ts, holidays)
    working = (working | _day_mask(ts, workdays)) & ~holiday
    day_of_year = np.repeat(np.arange(365), 24)
    cal = HourlyCalendar(
        timestamps=ts,
        month=ts.month.to_numpy(),
        hour=ts.hour.to_numpy(),
        day_of_year=day_of_year,
        is_working_day=np.asarray(working, dtype=bool),
        is_holiday=holiday,
    )
    for arr in (cal.month, cal.hour, cal.day_of_year, cal.is_working_day, holiday):
        arr.setflags(write=False)
    return cal


def hourly_calendar(
    year: int = 2025,
    working_days: str = "mon_sat",
    holidays: tuple[date, ...] | list[date] = (),
    workdays: tuple[date, ...] | list[date] = (),
) -> HourlyCalendar:
    """Build (and cache) the calendar of year 1.

    Parameters
    ----------
    year : int
        Calendar year whose weekdays are used [-].
    working_days : {"mon_fri", "mon_sat", "all"}
        Which weekdays are working days.
    holidays : sequence of datetime.date
        Extra rest days, billed on the holiday schedule; only month and day
        are used.
    workdays : sequence of datetime.date
        Make-up working days (调休 上班): working days even on a weekend.
        A date in both lists is a holiday.
    """
    return _calendar_cached(int(year), working_days, tuple(sorted(set(holidays))), tuple(sorted(set(workdays))))


def calendar_for_load(load: Load) -> HourlyCalendar:
    """The calendar of a project's ``load``: its year, working days and holidays.

    ``load.holidays == "cn_statutory"`` uses the State Council arrangement of
    ``load.calendar_year`` shipped in ``assets/reference/cn_holidays.json``
    (holidays are rest days on the holiday schedule; the make-up working days
    调休 are working days); a year not shipped is an InputError.
    """
    if isinstance(load.holidays, str):
        hol, work = cn_statutory_holidays(load.calendar_year, where="load/holidays")
        return hourly_calendar(load.calendar_year, load.working_days, hol, work)
    return hourly_calendar(load.calendar_year, load.working_days, tuple(load.holidays))


def schedule_mask(schedule: str, cal: HourlyCalendar) -> np.ndarray:
    """Boolean mask of the hours a measure with ``schedule`` runs.

    See :data:`planner.model.project.SCHEDULES` for the meaning of each name.
    ``follow_load`` has no mask (it is weighted by the load) and returns all
    hours.
    """
    if schedule in ("continuous", "follow_load"):
        return np.ones(HOURS_PER_YEAR, dtype=bool)
    if schedule == "working_days":
        return cal.is_working_day.copy()
    if schedule == "daytime":
        start, end = DAYTIME_HOURS
        return (cal.hour >= start) & (cal.hour < end)
    if schedule in SHIFT_HOURS:
        start, end = SHIFT_HOURS[schedule]
        return cal.is_working_day & (cal.hour >= start) & (cal.hour < end)
    raise ValueError(
        f"schedule: expected one of continuous, one_shift, two_shift, three_shift, "
        f"working_days, daytime, follow_load; found {schedule!r}"
    )
