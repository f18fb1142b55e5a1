"""A reproducible synthetic hourly weather file for PV validation runs.

The validation against NREL SAM (``test_sam_pv.py``) needs one weather file
that both our :func:`planner.engine.pv.weather_file_output` and PySAM ``Pvwattsv8``
read.  No real Chinese TMY file ships with the repository, so this helper
makes one from the pvlib Ineichen clear sky of the site with a seeded cloud
pattern.  The data are plausible, not measured: they exist to compare two
models on identical inputs.

The file is in SAM's CSV weather format (the NSRDB / SAM "CSV with two
header lines" format)::

    Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation
    <values of the above>
    Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Tdry,Wspd
    2025,1,1,0,30,0.00,...

Each row is one hour of local standard time; ``Hour`` is the hour-beginning
hour (0..23) and ``Minute`` is 30, so SAM evaluates the sun at the middle of
the hour, the same instant :mod:`planner.engine.pv` uses.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from planner.engine.calendar import year_timestamps

JINAN = {"latitude_deg": 36.65, "longitude_deg": 117.0, "utc_offset_h": 8.0, "elevation_m": 170.0}
"""Jinan, Shandong (meteorological station 54823 is at about 170 m)."""

COLUMNS = ("Year", "Month", "Day", "Hour", "Minute", "GHI", "DNI", "DHI", "Tdry", "Wspd")

# Probability of a clear / partly cloudy / overcast day by month.  Shandong is
# sunniest in spring and autumn and cloudiest in the July-August monsoon
# (rough shape only; the figures are illustrative).
_SKY_PROBABILITIES = np.array(
    [
        # clear, partly, overcast
        [0.45, 0.35, 0.20],  # Jan
        [0.40, 0.38, 0.22],
        [0.40, 0.40, 0.20],
        [0.42, 0.40, 0.18],
        [0.45, 0.38, 0.17],
        [0.35, 0.40, 0.25],
        [0.22, 0.43, 0.35],  # Jul
        [0.25, 0.43, 0.32],
        [0.40, 0.40, 0.20],
        [0.50, 0.35, 0.15],
        [0.45, 0.35, 0.20],
        [0.45, 0.33, 0.22],  # Dec
    ]
)


def write_synthetic_weather(
    path: str | Path,
    latitude_deg: float = JINAN["latitude_deg"],
    longitude_deg: float = JINAN["longitude_deg"],
    year: int = 2025,
    seed: int = 20250601,
    utc_offset_h: float = JINAN["utc_offset_h"],
    elevation_m: float = JINAN["elevation_m"],
    file_format: str = "sam_csv",
) -> Path:
    """Write an 8760-hour synthetic weather file in SAM CSV (or EPW) format.

    Parameters
    ----------
    path : str or pathlib.Path
        File to write [-].
    latitude_deg : float
        Site latitude, north positive [deg].
    longitude_deg : float
        Site longitude, east positive [deg].
    year : int
        Calendar year of the rows; 29 February is dropped in a leap year [-].
    seed : int
        Seed of the numpy random generator; the same seed gives the same
        file [-].
    utc_offset_h : float
        Offset of local standard time from UTC, China = 8 [h].
    elevation_m : float
        Site elevation [m].
    file_format : {"sam_csv", "epw"}
        SAM CSV (above) or EnergyPlus EPW with the same data (hours 1..24,
        hour-ending: the row for local hour ``[h, h+1)`` has ``Hour = h+1``;
        fields the PV model does not use are filled with EPW's
        missing-data codes or plausible constants).

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    Irradiance, per hour, evaluated at the middle of the hour:

    * clear sky ``GHI_cs, DNI_cs, DHI_cs`` from pvlib's Ineichen model with
      the Linke turbidity climatology shipped with pvlib;
    * a clearness factor ``k = k_day * k_hour`` where ``k_day`` is drawn per
      day (clear 0.88-1.0, partly cloudy 0.45-0.85, overcast 0.12-0.40, with
      monthly probabilities above) and ``k_hour`` is a small hourly
      fluctuation, larger on partly cloudy days;
    * ``GHI = k * GHI_cs``, ``DNI = k**2.5 * DNI_cs`` (the beam is cut more
      than the global), and the diffuse by closure
      ``DHI = GHI - DNI * cos(zenith)``, which is
      ``k * (DHI_cs + DNI_cs cos(zenith) (1 - k**1.5)) >= k * DHI_cs``, so it
      is never negative and ``GHI = DNI cos(zenith) + DHI`` holds.

    Air temperature: ``14 - 14 cos(2 pi (doy - 20) / 365)`` (Jinan: January
    about 0 degC, late July about 28 degC) plus a diurnal wave of amplitude
    ``4 k_day + 1`` peaking at 15:00, plus noise (sd 1 degC).
    Wind speed: 2.5 m/s plus 0.5 m/s in the afternoon, plus noise, clipped to
    0.3-8 m/s.
    """
    import pvlib  # lazy: about 1 s to import

    rng = np.random.default_rng(seed)
    local = year_timestamps(year)
    mid_utc = (local + pd.Timedelta(minutes=30) - pd.Timedelta(hours=utc_offset_h)).tz_localize("UTC")
    loc = pvlib.location.Location(latitude_deg, longitude_deg, tz="UTC", altitude=elevation_m)
    with warnings.catch_warnings():  # pvlib uses DatetimeIndex.dayofyear, deprecated in pandas 3
        warnings.filterwarnings("ignore", message=r".*dayofyear is deprecated.*")
        sun = loc.get_solarposition(mid_utc)
        cs = loc.get_clearsky(mid_utc, model="ineichen", solar_position=sun)
    zen = sun["apparent_zenith"].to_numpy()
    cosz = np.clip(np.cos(np.radians(zen)), 0.0, None)
    up = zen < 90.0

    # daily sky type and clearness
    n_days = len(local) // 24
    month_of_day = local.month.to_numpy()[::24]
    kind = np.array([rng.choice(3, p=_SKY_PROBABILITIES[m - 1]) for m in month_of_day])
    lo = np.array([0.88, 0.45, 0.12])[kind]
    hi = np.array([1.00, 0.85, 0.40])[kind]
    k_day = lo + (hi - lo) * rng.random(n_days)
    wobble = np.array([0.03, 0.15, 0.08])[kind]
    k_hour = 1.0 + np.repeat(wobble, 24) * rng.standard_normal(n_days * 24)
    k = np.clip(np.repeat(k_day, 24) * k_hour, 0.05, 1.0)

    ghi_cs = cs["ghi"].to_numpy()
    dni_cs = cs["dni"].to_numpy()
    ghi = np.where(up, k * ghi_cs, 0.0)
    dni = np.where(up, k**2.5 * dni_cs, 0.0)
    dhi = np.where(up, ghi - dni * cosz, 0.0)

    doy = np.repeat(np.arange(n_days), 24) + 1
    hour = local.hour.to_numpy()
    t_season = 14.0 - 14.0 * np.cos(2 * np.pi * (doy - 20) / 365.0)
    t_day = (4.0 * np.repeat(k_day, 24) + 1.0) * np.cos(2 * np.pi * (hour + 0.5 - 15.0) / 24.0)
    tdry = t_season + t_day + rng.normal(0.0, 1.0, len(local))
    wspd = 2.5 + 0.5 * ((hour >= 12) & (hour < 18)) + rng.normal(0.0, 0.6, len(local))
    wspd = np.clip(wspd, 0.3, 8.0)

    path = Path(path)
    data = {"local": local, "ghi": ghi, "dni": dni, "dhi": dhi, "tdry": tdry, "wspd": wspd}
    if file_format == "sam_csv":
        _write_sam_csv(path, data, latitude_deg, longitude_deg, utc_offset_h, elevation_m, seed)
    elif file_format == "epw":
        _write_epw(path, data, latitude_deg, longitude_deg, utc_offset_h, elevation_m, seed)
    else:
        raise ValueError(f"file_format: expected 'sam_csv' or 'epw', found {file_format!r}")
    return path


def _write_sam_csv(path: Path, d: dict, lat: float, lon: float, tz: float, elev: float, seed: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["Source", "Location ID", "City", "State", "Country", "Latitude", "Longitude", "Time Zone", "Elevation"]
        )
        # no commas in the values: SAM's CSV reader does not handle quoted fields
        w.writerow(
            [
                f"Synthetic - pvlib Ineichen clear sky with seeded clouds - seed {seed}",
                0,
                "Jinan",
                "Shandong",
                "China",
                f"{lat:.4f}",
                f"{lon:.4f}",
                f"{tz:g}",
                f"{elev:g}",
            ]
        )
        w.writerow(COLUMNS)
        for i, ts in enumerate(d["local"]):
            w.writerow(
                [
                    ts.year,
                    ts.month,
                    ts.day,
                    ts.hour,
                    30,
                    f"{d['ghi'][i]:.2f}",
                    f"{d['dni'][i]:.2f}",
                    f"{d['dhi'][i]:.2f}",
                    f"{d['tdry'][i]:.1f}",
                    f"{d['wspd'][i]:.1f}",
                ]
            )


def _write_epw(path: Path, d: dict, lat: float, lon: float, tz: float, elev: float, seed: int) -> None:
    header = [
        f"LOCATION,Jinan,Shandong,CHN,Synthetic seed {seed},548230,{lat:.4f},{lon:.4f},{tz:g},{elev:g}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,Synthetic weather for PV model validation (pvlib Ineichen clear sky with seeded clouds)",
        "COMMENTS 2,Not measured data",
        "DATA PERIODS,1,1,Data,Wednesday, 1/ 1,12/31",
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n")
        for i, ts in enumerate(d["local"]):
            fields = [
                ts.year,
                ts.month,
                ts.day,
                ts.hour + 1,
                60,
                "?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9",
                f"{d['tdry'][i]:.1f}",
                f"{d['tdry'][i] - 5.0:.1f}",
                60,
                101325,
                9999,
                9999,
                9999,
                f"{d['ghi'][i]:.2f}",
                f"{d['dni'][i]:.2f}",
                f"{d['dhi'][i]:.2f}",
                999999,
                999999,
                999999,
                9999,
                180,
                f"{d['wspd'][i]:.1f}",
                5,
                5,
                9999,
                99999,
                9,
                999999999,
                20,
                0.1,
                0,
                88,
                0.2,
                0,
                0,
            ]
            f.write(",".join(str(x) for x in fields) + "\n")
