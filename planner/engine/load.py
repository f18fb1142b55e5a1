"""The factory's baseline electricity load, hour by hour, for year 1.

Two sources (DESIGN.md, "The engine" > Load):

* interval meter data, read and repaired by :mod:`planner.io.meter`
  (:func:`planner.io.meter.read_hourly_profile`, cached by
  :func:`planner.io.meter.read_profile_cached`), which *reports* every repair;
* a shift pattern built by :func:`shift_pattern_load` from an annual kWh.

:func:`baseline_load` picks one of them for a :class:`planner.model.project.Load`.

The result is 8760 hourly values in kW of year 1 on the calendar of
:mod:`planner.engine.calendar`: local standard time, hour-beginning, 29 February
dropped; ``kw.sum()`` is the annual energy in kWh.

``HourlyProfile``, ``ProfileError``, ``ProfileReport`` and
``read_hourly_profile`` live in :mod:`planner.io.meter` and are re-exported
here for existing callers.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.engine.calendar import HOURS_PER_YEAR, SHIFT_HOURS, HourlyCalendar, calendar_for_load
from planner.io.meter import (
    MAX_INTERPOLATED_GAP_H,
    MIN_COVERAGE,
    HourlyProfile,
    ProfileError,
    ProfileReport,
    read_hourly_profile,
    read_profile_cached,
)

if TYPE_CHECKING:  # pragma: no cover
    from planner.model.project import Load

__all__ = [
    "HourlyProfile",
    "ProfileError",
    "ProfileReport",
    "baseline_load",
    "read_hourly_profile",
    "shift_pattern_load",
    "MIN_COVERAGE",
    "MAX_INTERPOLATED_GAP_H",
]


# --------------------------------------------------------------------------- shift pattern


def shift_pattern_load(
    annual_kwh: float,
    shift_pattern: str,
    cal: HourlyCalendar,
    base_load_pct: float = 20.0,
) -> np.ndarray:
    """Hourly load of a factory working a shift pattern.

    Parameters
    ----------
    annual_kwh : float
        Electricity use of the year [kWh]; the result sums to it.
    shift_pattern : {"one_shift", "two_shift", "three_shift", "continuous"}
        Working hours of working days, :data:`planner.engine.calendar.SHIFT_HOURS`:
        08-16, 08-24, 00-24; ``continuous`` runs every hour of every day.
    cal : planner.engine.calendar.HourlyCalendar
        Calendar of year 1 (which days are working days).
    base_load_pct : float
        Load outside the shift hours, in percent of the load during the
        shifts [%], 0..100.

    Returns
    -------
    numpy.ndarray
        8760 hourly mean powers [kW], read-only.

    Raises
    ------
    ValueError
        For a negative or non-finite ``annual_kwh``, an unknown shift
        pattern or ``base_load_pct`` outside 0..100.

    Notes
    -----
    Each hour ``h`` gets a weight

    .. math:: w_h = 1 \\text{ if } h \\text{ is a shift hour of a working day, else } b/100

    with :math:`b` = ``base_load_pct``; for ``three_shift`` every hour of a
    working day is a shift hour, for ``continuous`` every hour of the year
    is.  The load is

    .. math:: kW_h = E \\, w_h / \\sum_{k=1}^{8760} w_k

    with :math:`E` = ``annual_kwh``, so :math:`\\sum_h kW_h \\cdot 1\\,h = E`
    (up to floating-point rounding, relative 1e-15).  The ratio of a shift
    hour to any other hour is :math:`100/b`.
    """
    annual = float(annual_kwh)
    if not math.isfinite(annual) or annual < 0:
        raise ValueError(f"annual_kwh: expected a finite number >= 0, found {annual_kwh!r}")
    base = float(base_load_pct)
    if not math.isfinite(base) or not 0.0 <= base <= 100.0:
        raise ValueError(f"base_load_pct: expected a percentage between 0 and 100, found {base_load_pct!r}")
    if shift_pattern == "continuous":
        on = np.ones(HOURS_PER_YEAR, dtype=bool)
    elif shift_pattern in SHIFT_HOURS:
        start, end = SHIFT_HOURS[shift_pattern]
        on = np.asarray(cal.is_working_day, dtype=bool) & (cal.hour >= start) & (cal.hour < end)
    else:
        raise ValueError(
            f"shift_pattern: expected one of one_shift, two_shift, three_shift, continuous, found {shift_pattern!r}"
        )
    w = np.where(on, 1.0, base / 100.0)
    total = w.sum()
    if total <= 0.0:
        raise ValueError("shift_pattern: expected at least one working hour or a base load above 0 %, found neither")
    kw = annual * w / total
    kw.setflags(write=False)
    return kw


# --------------------------------------------------------------------------- dispatch


def baseline_load(load: Load, base_dir: Path | str, *, utc_offset_h: float | None = None) -> HourlyProfile:
    """The baseline hourly load of a project.

    Parameters
    ----------
    load : planner.model.project.Load
        The project's load section.
    base_dir : pathlib.Path
        Directory ``load.profile_file`` is relative to (the project file's).
    utc_offset_h : float, optional
        Local standard time offset [h] (``site.utc_offset_h``), used only for
        profile timestamps that carry a UTC offset.

    Returns
    -------
    HourlyProfile
        From ``load.profile_file`` via :func:`planner.io.meter.read_profile_cached`
        (with ``year=load.calendar_year``), else from :func:`shift_pattern_load`
        on the calendar of ``load`` (``source="shift pattern"``, no repairs).

    Raises
    ------
    ProfileError
        If the profile file is missing or cannot be read.

    Notes
    -----
    Profile files are cached on (resolved path, modification time, size and
    the reading arguments), so repeated engine runs do not re-read an
    unchanged file.
    """
    if load.profile_file:
        return read_profile_cached(
            Path(base_dir) / load.profile_file,
            year=int(load.calendar_year),
            utc_offset_h=None if utc_offset_h is None else float(utc_offset_h),
        )
    if load.annual_kwh is None:
        raise ValueError("load: expected either annual_kwh (> 0) or profile_file, found neither")
    cal = calendar_for_load(load)
    kw = shift_pattern_load(load.annual_kwh, load.shift_pattern, cal, load.base_load_pct)
    return HourlyProfile(
        kw=kw, report=ProfileReport(source="shift pattern", input_rows=0, interval_minutes=60, unit="kw")
    )
