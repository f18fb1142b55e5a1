"""Rooftop PV: year-1 hourly AC output, degradation, and netting against the load.

Three sources of the year-1 hourly output, in the engine's order of
precedence (see :class:`planner.model.project.PvMeasure`):

1. :func:`profile_output`: an hourly AC profile of the whole system
   (a file the user imports, e.g. from PVsyst or the inverter portal);
2. :func:`weather_file_output`: an hourly weather file (SAM CSV or EPW)
   run through a PVWatts v8 chain built from pvlib functions;
3. :func:`clearsky_shape` x :func:`clearsky_scaled_output`: the site's
   clear-sky plane-of-array shape scaled to a specific yield [kWh/kWp].

Conventions
-----------
* Year 1 is 8760 hours of local standard time (China: UTC+8, no daylight
  saving), hour-beginning, 29 February dropped (:mod:`planner.engine.calendar`).
  Hour ``h`` covers ``[h, h+1)``; its value in kW is also its energy in kWh.
* The sun is placed at the **middle of each hour** (timestamp + 30 min),
  the right instant for hour-averaged irradiance and for the energy of the
  hour.  SAM does the same for hourly files (with a ``Minute`` column it
  uses that minute; the validation file has ``Minute = 30``).
* Azimuth follows pvlib: 0 = north, 90 = east, 180 = south, 270 = west.
* Rates in arguments are percent (names end in ``_pct``), as in the project
  file; they are converted to fractions inside.

pvlib is imported inside the functions that need it (it takes about one
second to import and the desktop app must start fast).  Nothing here
imports Qt.
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from planner.engine._checks import check_range as _check_range
from planner.engine.balance import NettingResult, net_pv_against_load  # moved to balance; kept importable
from planner.engine.calendar import HOURS_PER_YEAR, year_timestamps
from planner.io.weather import (  # the readers live in planner.io.weather; re-exported for old imports
    WeatherData,
    WeatherFileError,
    read_weather_cached,
    read_weather_file,
)
from planner.model.errors import InputError
from planner.model.project import Project, PvMeasure
from planner.terms import Note

__all__ = [
    "WeatherFileError",
    "WeatherData",
    "NettingResult",
    "clearsky_poa",
    "clearsky_shape",
    "clearsky_scaled_output",
    "read_weather_file",
    "weather_file_output",
    "pvwatts_v8_output",
    "profile_output",
    "degradation_factors",
    "net_pv_against_load",
    "pv_hourly_output",
]

# ---------------------------------------------------------------------------
# Constants (sources in the comments)
# ---------------------------------------------------------------------------

ALBEDO = 0.2
"""Ground reflectance [-]; PVWatts' default when the weather file has none."""

PVWATTS_DEFAULT_LOSSES_PCT = 14.08
"""PVWatts default system losses [%]: soiling 2, shading 3, snow 0,
mismatch 2, wiring 2, connections 0.5, light-induced degradation 1.5,
nameplate 1, age 0, availability 3, combined multiplicatively
(``pvlib.pvsystem.pvwatts_losses()``; Dobos 2014, NREL/TP-6A20-62641)."""

NOCT_C = {"roof": 49.0, "open_rack": 45.0}
"""Installed nominal operating cell temperature by mounting [degC]:
PVWatts v8 uses 49 for "fixed roof mount" and 45 for the other array types
(SAM ssc ``cmod_pvwattsv8.cpp``; Dobos 2014, table 5)."""

# PVWatts v8 "standard" module: Canadian Solar CS1H-320MS, CEC single-diode
# parameters as embedded in SAM ssc cmod_pvwattsv8.cpp ("parameters
# calculated by SAM version 2020.2.29 r3").  Only the shape of the I-V curve
# is used: power is scaled to the array nameplate by P_dc0 / (V_mp I_mp).
_CEC_MODULE = {
    "area_m2": 1.6864,
    "v_mp": 35.8,  # [V]
    "i_mp": 9.01,  # [A]
    "alpha_sc": 0.004755,  # [A/K]
    "a_ref": 1.65916,  # [V]
    "I_L_ref": 9.51393,  # [A]
    "I_o_ref": 4.37813e-11,  # [A]
    "R_s": 0.269953,  # [ohm]
    "R_sh_ref": 654.059,  # [ohm]
    "Adjust": 5.79586,  # [%]
}
_EG_REF_EV = 1.12  # band gap at 25 degC [eV], SAM lib_cec6par.cpp (pvlib's default is 1.121)
_ETA_REF = _CEC_MODULE["v_mp"] * _CEC_MODULE["i_mp"] / (1000.0 * _CEC_MODULE["area_m2"])
"""Module efficiency at STC used by the NOCT thermal model [-] (0.1913)."""
_TAU_ALPHA = 0.9  # transmittance-absorptance product of the NOCT model [-], SAM lib_cec6par.cpp

# Module cover (De Soto, Klein & Beckman 2006, Solar Energy 80(1):78-88;
# SAM ssc lib_pv_incidence_modifier.h).  PVWatts v8 modules have AR glass.
_N_GLASS, _K_GLASS, _L_GLASS = 1.526, 4.0, 0.002  # [-], [1/m], [m]
_N_ARC, _K_ARC, _L_ARC = 1.3, 4.0, 0.002 * 0.01  # AR coating: [-], [1/m], [m]

# Air-mass (spectral) modifier polynomial a0..a4 (De Soto et al. 2006,
# after King et al. 1997; SAM lib_cec6par.cpp / cmod_pvwattsv8.cpp).
_AM_COEFFS = {"A0": 0.918093, "A1": 0.086257, "A2": -0.024459, "A3": 0.002816, "A4": -0.000126}

_INVERTER_PSO_FRACTION = 0.004931
"""Inverter self-consumption P_so as a fraction of the AC rating [-].  PVWatts
v8 (SAM ssc issue 870) picks 0.002246 / 0.002478 / 0.004931 by system size,
but compares the DC nameplate in watts with thresholds of 10 and 1000, so
every system of 1 kW or more gets the "utility" value; we use that value."""


# ---------------------------------------------------------------------------
# Clear-sky shape
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_pvlib() -> Iterator[None]:
    """Silence pvlib's use of ``DatetimeIndex.dayofyear``, deprecated in pandas 3
    (a warning about pvlib's code that our users cannot act on)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*dayofyear is deprecated.*")
        yield


def _mid_hour_utc(local_hour_beginning: pd.DatetimeIndex, utc_offset_h: float) -> pd.DatetimeIndex:
    """UTC instants of the middle of each local-standard-time hour."""
    shifted = local_hour_beginning + pd.Timedelta(minutes=30) - pd.Timedelta(hours=float(utc_offset_h))
    return pd.DatetimeIndex(shifted).tz_localize("UTC")


def _clearsky_key(
    latitude_deg: float, longitude_deg: float, tilt_deg: float, azimuth_deg: float, year: int, utc_offset_h: float
) -> tuple[float, float, float, float, int, float]:
    """Validate and round the clear-sky inputs into a cache key."""
    lat = round(_check_range("latitude_deg", latitude_deg, -90, 90), 2)
    lon = round(_check_range("longitude_deg", longitude_deg, -180, 180), 2)
    tilt = round(_check_range("tilt_deg", tilt_deg, 0, 90), 1)
    az = round(_check_range("azimuth_deg", azimuth_deg, 0, 360), 1) % 360.0
    tz = round(_check_range("utc_offset_h", utc_offset_h, -12, 14), 2)
    yr = int(year)
    if yr != year or yr < 1900 or yr > 2100:
        raise ValueError(f"year: expected a whole number from 1900 to 2100, found {year!r}")
    return lat, lon, tilt, az, yr, tz


def clearsky_poa(
    latitude_deg: float,
    longitude_deg: float,
    tilt_deg: float,
    azimuth_deg: float,
    year: int = 2025,
    utc_offset_h: float = 8.0,
) -> np.ndarray:
    """Hourly clear-sky plane-of-array irradiance of a site.

    Parameters are those of :func:`clearsky_shape`.

    Returns
    -------
    numpy.ndarray
        8760 hourly mean irradiances on the array plane, hour-beginning
        local standard time [W/m2]; their sum / 1000 is the annual
        clear-sky irradiation [kWh/m2].  Read-only and cached.

    Notes
    -----
    See :func:`clearsky_shape` for the model.
    """
    return _clearsky_poa_cached(*_clearsky_key(latitude_deg, longitude_deg, tilt_deg, azimuth_deg, year, utc_offset_h))


def clearsky_shape(
    latitude_deg: float,
    longitude_deg: float,
    tilt_deg: float,
    azimuth_deg: float,
    year: int = 2025,
    utc_offset_h: float = 8.0,
) -> np.ndarray:
    """Hourly clear-sky plane-of-array shape of a site, normalised to sum 1.

    Parameters
    ----------
    latitude_deg : float
        Site latitude, north positive [deg].
    longitude_deg : float
        Site longitude, east positive [deg].
    tilt_deg : float
        Array tilt from horizontal, 0..90 [deg].
    azimuth_deg : float
        Array azimuth, pvlib convention (180 = south), 0..360 [deg].
    year : int
        Calendar year of year 1 (sets the dates; 29 February dropped) [-].
    utc_offset_h : float
        Local standard time minus UTC, China = 8 [h].

    Returns
    -------
    numpy.ndarray
        8760 non-negative weights [-] summing to 1, hour-beginning local
        standard time.  The array is **read-only** and shared between calls
        (it is cached); copy it before changing it.

    Notes
    -----
    For each hour the sun is placed at the middle of the hour (timestamp +
    30 min; pvlib SPA solar position), then

    * clear-sky GHI, DNI, DHI: Ineichen-Perez model with the Linke turbidity
      climatology shipped with pvlib (works offline) and the site elevation
      from pvlib's shipped elevation map;
    * plane-of-array irradiance ``POA_h``: ``pvlib.irradiance.
      get_total_irradiance`` with the Hay-Davies sky model (circumsolar +
      isotropic diffuse; the isotropic model understates a south-facing
      array on clear days) and ground albedo 0.2; zero when the sun is
      below the horizon at mid-hour;
    * ``shape_h = POA_h / sum(POA)``.

    The shape is that of a cloudless year: it places the annual energy in
    the right hours of the day and roughly the right months, but gives
    cloudy months (the July-August monsoon in north China) too large a
    share.  The annual total comes from the specific yield
    (:func:`clearsky_scaled_output`); use a weather file or a profile for
    monthly accuracy.

    Results are cached (``functools.lru_cache``) on inputs rounded to
    0.01 deg of latitude/longitude, 0.1 deg of tilt/azimuth and 0.01 h of
    UTC offset, so the app can recompute on every keystroke;
    ``clearsky_shape.cache_info()`` and ``clearsky_shape.cache_clear()``
    expose the cache.
    """
    return _clearsky_shape_cached(
        *_clearsky_key(latitude_deg, longitude_deg, tilt_deg, azimuth_deg, year, utc_offset_h)
    )


@lru_cache(maxsize=16)
def _clearsky_sky_cached(
    lat: float, lon: float, year: int, tz: float
) -> tuple[pd.DatetimeIndex, pd.DataFrame, pd.DataFrame]:
    """Solar position and clear-sky irradiance of a site-year: the slow part
    (SPA solar position), shared by every tilt and azimuth the user tries."""
    import pvlib  # lazy: slow to import

    times = _mid_hour_utc(year_timestamps(year), tz)
    loc = pvlib.location.Location(lat, lon, tz="UTC")
    with _quiet_pvlib():
        # pvlib's ephemeris algorithm: within 0.01 deg of SPA and ~10x faster;
        # the shape is scaled to a yield, so SPA's accuracy buys nothing here
        sun = loc.get_solarposition(times, method="ephemeris")
        cs = loc.get_clearsky(times, model="ineichen", solar_position=sun)
    dni_extra = pvlib.irradiance.get_extra_radiation(times.day_of_year.to_numpy())
    return sun, cs, dni_extra


@lru_cache(maxsize=64)
def _clearsky_poa_cached(lat: float, lon: float, tilt: float, az: float, year: int, tz: float) -> np.ndarray:
    import pvlib  # lazy: slow to import

    sun, cs, dni_extra = _clearsky_sky_cached(lat, lon, year, tz)
    with _quiet_pvlib():
        poa = pvlib.irradiance.get_total_irradiance(
            tilt,
            az,
            sun["apparent_zenith"],
            sun["azimuth"],
            cs["dni"],
            cs["ghi"],
            cs["dhi"],
            dni_extra=dni_extra,
            model="haydavies",
            albedo=ALBEDO,
        )
    g = np.nan_to_num(np.asarray(poa["poa_global"], dtype=float), nan=0.0)
    g = np.where(np.asarray(sun["apparent_zenith"]) < 90.0, np.clip(g, 0.0, None), 0.0)
    g.setflags(write=False)
    return g


@lru_cache(maxsize=64)
def _clearsky_shape_cached(lat: float, lon: float, tilt: float, az: float, year: int, tz: float) -> np.ndarray:
    g = _clearsky_poa_cached(lat, lon, tilt, az, year, tz)
    total = g.sum()
    if not total > 0:
        raise ValueError(
            f"clear-sky shape: no sunlight reaches an array at tilt {tilt} deg, azimuth {az} deg "
            f"at latitude {lat}, longitude {lon}"
        )
    shape = g / total
    shape.setflags(write=False)
    return shape


clearsky_shape.cache_info = _clearsky_shape_cached.cache_info  # type: ignore[attr-defined]
clearsky_shape.cache_clear = _clearsky_shape_cached.cache_clear  # type: ignore[attr-defined]


def clearsky_scaled_output(capacity_kwp: float, specific_yield_kwh_per_kwp: float, shape: np.ndarray) -> np.ndarray:
    """Hourly AC output from a specific yield and an hourly shape.

    Parameters
    ----------
    capacity_kwp : float
        DC nameplate capacity of the array [kWp].
    specific_yield_kwh_per_kwp : float
        Year-1 AC energy per kWp (all losses included) [kWh/kWp].
    shape : array_like
        Hourly weights, non-negative, e.g. :func:`clearsky_shape` [-].

    Returns
    -------
    numpy.ndarray
        Hourly AC power, one value per element of ``shape`` [kW].

    Notes
    -----
    ``P_h = C * Y * s_h / sum(s)``, so the annual energy ``sum(P_h) * 1 h``
    equals ``C * Y`` to rounding (``shape`` is renormalised, so a shape that
    sums to 1 only to float precision still gives the exact total).
    """
    c = float(capacity_kwp)
    y = float(specific_yield_kwh_per_kwp)
    if not math.isfinite(c) or c < 0:
        raise ValueError(f"capacity_kwp: expected a number >= 0, found {capacity_kwp!r}")
    if not math.isfinite(y) or y < 0:
        raise ValueError(f"specific_yield_kwh_per_kwp: expected a number >= 0, found {specific_yield_kwh_per_kwp!r}")
    s = np.asarray(shape, dtype=float)
    if s.ndim != 1 or s.size == 0:
        raise ValueError(f"shape: expected a 1-D array of hourly weights, found shape {s.shape}")
    if not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ValueError("shape: expected finite weights >= 0")
    total = s.sum()
    if not total > 0:
        raise ValueError("shape: expected weights with a positive sum, found all zero")
    return c * y * (s / total)


# ---------------------------------------------------------------------------
# PVWatts v8 chain
# ---------------------------------------------------------------------------


def _glass_transmittance(
    theta_deg: np.ndarray, n_cover: float, n_in: float, k: float, thickness: float
) -> tuple[np.ndarray, np.ndarray]:
    """Transmittance of one cover layer and the refraction angle [deg].

    ``tau = (1 - (r_s + r_p) / 2) * exp(-k L / cos(theta_r))`` (L the thickness) with Snell's
    law ``n_in sin(theta) = n_cover sin(theta_r)`` and the Fresnel
    reflectances ``r_s = sin^2(theta_r - theta) / sin^2(theta_r + theta)``,
    ``r_p = tan^2(theta_r - theta) / tan^2(theta_r + theta)`` (Duffie &
    Beckman, ch. 5.1-5.3).  ``theta`` must be in (0, 90) degrees.
    """
    t1 = np.radians(theta_deg)
    t2 = np.arcsin(n_in / n_cover * np.sin(t1))
    refl = 0.5 * (np.sin(t2 - t1) ** 2 / np.sin(t2 + t1) ** 2 + np.tan(t2 - t1) ** 2 / np.tan(t2 + t1) ** 2)
    return (1.0 - refl) * np.exp(-k * thickness / np.cos(t2)), np.degrees(t2)


def _ar_glass_transmittance(theta_deg: np.ndarray) -> np.ndarray:
    """Transmittance of an anti-reflective coating on glass [-]."""
    tau_c, theta_c = _glass_transmittance(theta_deg, _N_ARC, 1.0, _K_ARC, _L_ARC)
    tau_g, _ = _glass_transmittance(theta_c, _N_GLASS, _N_ARC, _K_GLASS, _L_GLASS)
    return tau_c * tau_g


def _cover_iam(aoi_deg: np.ndarray, tilt_deg: float) -> tuple[np.ndarray, float, float]:
    """Incidence-angle modifiers of beam, sky-diffuse and ground-reflected light [-].

    As PVWatts v8 (SAM ``calculateIrradianceThroughCoverDeSoto`` with AR
    glass): beam through AR coating + glass at the angle of incidence
    (clamped to 1..89 deg); sky and ground diffuse through plain glass at
    the Brandemuehl-Beckman effective angles
    ``theta_sky = 59.7 - 0.1388 beta + 0.001497 beta^2`` and
    ``theta_gnd = 90 - 0.5788 beta + 0.002693 beta^2`` (Duffie & Beckman
    eq. 5.4.1-5.4.2, ``beta`` = tilt); each divided by a normal-incidence
    (1 deg) transmittance and capped at 1.

    The normalising transmittance is SAM's: the AR coating from air times
    the glass *as if entered from air* (``n_in = 1``, not the coating's
    1.3): 0.933 against the physical 0.969.  With the cap at 1 the beam
    modifier is 1 up to about 59 deg, and the cover costs about 1.5 % of
    the annual plane-of-array irradiance instead of about 3.4 % (Jinan,
    tilt 30 deg, south).  We keep SAM's formula so that our output matches
    PVWatts v8.
    """
    tau_c, theta_c = _glass_transmittance(np.array(1.0), _N_ARC, 1.0, _K_ARC, _L_ARC)
    tau_norm = tau_c * _glass_transmittance(theta_c, _N_GLASS, 1.0, _K_GLASS, _L_GLASS)[0]
    k_beam = np.minimum(_ar_glass_transmittance(np.clip(aoi_deg, 1.0, 89.0)) / tau_norm, 1.0)
    beta = float(tilt_deg)
    th_sky = 59.7 - 0.1388 * beta + 0.001497 * beta**2
    th_gnd = 90.0 - 0.5788 * beta + 0.002693 * beta**2
    th_gnd = min(max(th_gnd, 1.0), 89.0)
    k_sky = float(min(_glass_transmittance(np.array(th_sky), _N_GLASS, 1.0, _K_GLASS, _L_GLASS)[0] / tau_norm, 1.0))
    k_gnd = float(min(_glass_transmittance(np.array(th_gnd), _N_GLASS, 1.0, _K_GLASS, _L_GLASS)[0] / tau_norm, 1.0))
    return k_beam, k_sky, k_gnd


def pvwatts_v8_output(
    weather: WeatherData,
    capacity_kwp: float,
    tilt_deg: float,
    azimuth_deg: float,
    losses_pct: float = PVWATTS_DEFAULT_LOSSES_PCT,
    dc_ac_ratio: float = 1.2,
    inverter_efficiency_pct: float = 96.0,
    latitude_deg: float | None = None,
    longitude_deg: float | None = None,
    utc_offset_h: float | None = None,
    mounting: str = "roof",
) -> np.ndarray:
    """Year-1 hourly AC output of a fixed array from weather data (PVWatts v8 in pvlib).

    Parameters
    ----------
    weather : WeatherData
        From :func:`read_weather_file`.
    capacity_kwp : float
        DC nameplate of the array at STC [kWp].
    tilt_deg : float
        Tilt from horizontal, 0..90 [deg].
    azimuth_deg : float
        Azimuth, pvlib convention (180 = south), 0..360 [deg].
    losses_pct : float
        PVWatts system losses (soiling, wiring, mismatch, availability ...)
        applied to DC power, 0..99 [%].
    dc_ac_ratio : float
        DC nameplate / inverter AC rating [-].
    inverter_efficiency_pct : float
        Inverter nominal efficiency (AC rating / DC input at rating) [%].
    latitude_deg, longitude_deg : float, optional
        Site location [deg]; default: the weather file's header.
    utc_offset_h : float, optional
        The site's local standard time, UTC+h, which the returned hours
        follow [h]; default: the file's time zone.
    mounting : {"roof", "open_rack"}
        Sets the installed NOCT: 49 degC roof mount (PVWatts "fixed roof
        mount", the usual factory roof), 45 degC open rack.

    Returns
    -------
    numpy.ndarray
        8760 hourly AC powers, hour-beginning local standard time of the
        site [kW].

    Notes
    -----
    The chain follows SAM's PVWatts v8 (ssc ``cmod_pvwattsv8.cpp``), each
    step a pvlib function where pvlib has one:

    1. Sun at the middle of each hour (pvlib SPA, apparent zenith with
       refraction at the file's air temperature and the pressure of the
       site elevation).  No output when the sun is below the horizon.
    2. Plane-of-array irradiance, Perez 1990 ("allsitescomposite1990")
       transposition of DNI and DHI, ground reflection with albedo 0.2 of
       ``GHI = DNI cos(zenith) + DHI`` (PVWatts uses DNI and DHI, not the
       file's GHI).  ``E_poa = E_b + E_sky + E_gnd``.
    3. Module cover (AR glass): ``E_tr = K_b E_b + K_sky E_sky + K_gnd E_gnd``
       (``_cover_iam``: De Soto et al. 2006, normalised as SAM does).
    4. Spectral: ``E_eff = E_tr * f1(AM_a)`` with the air-mass polynomial
       ``f1 = sum a_i AM_a^i`` (De Soto 2006 coefficients), ``AM_a`` =
       Kasten-Young relative air mass at ``min(zenith, 86 deg)`` times
       ``exp(-0.0001184 h)`` for elevation ``h`` [m]; ``f1 >= 0``.
    5. Cell temperature, NOCT model as SAM (``pvlib.temperature.noct_sam``):
       ``T_c = T_a + E_poa / 800 (NOCT - 20) (1 - eta_ref / tau_alpha)
       9.5 / (5.7 + 3.8 * 0.51 v)``, ``tau_alpha = 0.9 E_eff / E_poa``,
       ``eta_ref = 0.1913``, NOCT 49 degC roof / 45 degC rack.
    6. DC: CEC single-diode model of PVWatts v8's "standard" module
       (``pvlib.pvsystem.calcparams_cec`` + ``max_power_point``) at
       ``E_eff`` (>= 1 W/m2) and ``T_c``, scaled to the nameplate:
       ``P_dc = P_mp * C / (V_mp I_mp) * (1 - losses)``.  Its temperature
       coefficient of power is about -0.37 %/K (PVWatts' standard module).
    7. AC: Sandia inverter model with PVWatts v8's parameters
       (``pvlib.inverter.sandia``): ``P_ac0 = C / dc_ac_ratio``,
       ``P_dc0 = P_ac0 / eta_nom``, ``P_so = 0.004931 P_ac0``,
       ``C0..C3 = 0``, so ``P_ac = P_ac0 (P_dc - P_so) / (P_dc0 - P_so)``,
       clipped to ``[0, P_ac0]``.

    Time zones: the rows are taken in the file's time zone (header
    ``Time Zone`` / EPW ``TZ``; ``utc_offset_h`` if the header has none),
    as SAM does, so a UTC file (NSRDB with ``utc=true``) places the sun
    right.  If the site's zone differs by ``d`` whole hours the result is
    rotated by ``d`` hours into the site's local time; the ``d`` hours that
    wrap around the year end belong to the other end of the same typical
    year.

    Not modelled (zero in the validation against SAM): external and
    row-to-row shading (PVWatts applies self-shading only to "open rack"
    arrays), snow, soiling by month, bifacial gain, transformer losses.
    """
    import pvlib  # lazy

    cap = _check_range("capacity_kwp", capacity_kwp, 0, 1e9)
    tilt = _check_range("tilt_deg", tilt_deg, 0, 90)
    az = _check_range("azimuth_deg", azimuth_deg, 0, 360)
    losses = _check_range("losses_pct", losses_pct, 0, 99) / 100.0
    ratio = float(dc_ac_ratio)
    if not math.isfinite(ratio) or ratio <= 0:
        raise ValueError(f"dc_ac_ratio: expected a number > 0, found {dc_ac_ratio!r}")
    eta = _check_range("inverter_efficiency_pct", inverter_efficiency_pct, 1e-6, 100) / 100.0
    if mounting not in NOCT_C:
        raise ValueError(f"mounting: expected one of {', '.join(NOCT_C)}, found {mounting!r}")
    lat = weather.latitude_deg if latitude_deg is None else latitude_deg
    lon = weather.longitude_deg if longitude_deg is None else longitude_deg
    tz = weather.utc_offset_h if weather.utc_offset_h is not None else utc_offset_h  # the rows' zone
    if lat is None or lon is None or tz is None:
        name = "latitude_deg" if lat is None else "longitude_deg" if lon is None else "utc_offset_h"
        raise WeatherFileError(
            str(weather.path),
            f"{name} for the site or in the file header",
            f"{name} not given and not in the file header",
        )
    site_tz = utc_offset_h if utc_offset_h is not None else tz  # the zone of the returned hours
    for name, value, lo, hi in (
        ("latitude_deg", lat, -90, 90),
        ("longitude_deg", lon, -180, 180),
        ("utc_offset_h", tz, -12, 14),
    ):
        _check_range(name, value, lo, hi)
    shift_h = float(site_tz) - float(tz)
    if shift_h != round(shift_h):
        raise WeatherFileError(
            f"{weather.path}: time zone",
            f"the site's time zone UTC{float(site_tz):+g} or one a whole number of hours from it "
            "(convert the file to the site's time zone)",
            f"UTC{float(tz):+g}",
        )
    out = np.zeros(HOURS_PER_YEAR)
    if cap == 0:
        return out

    local = pd.to_datetime(
        pd.DataFrame({"year": weather.year, "month": weather.month, "day": weather.day, "hour": weather.hour})
    )
    times = _mid_hour_utc(pd.DatetimeIndex(local), float(tz))
    elev = float(weather.elevation_m)
    sun = _solar_position(times, float(lat), float(lon), elev, np.asarray(weather.temp_air, dtype=float))
    zen = sun["apparent_zenith"].to_numpy()
    up = zen < 90.0
    if not up.any():
        return out
    z, sazi = zen[up], sun["azimuth"].to_numpy()[up]
    dni, dhi = weather.dni[up], weather.dhi[up]
    ghi = np.clip(dni * np.cos(np.radians(z)) + dhi, 0.0, None)

    # 2. plane of array (Perez)
    poa = pvlib.irradiance.get_total_irradiance(
        tilt,
        az,
        z,
        sazi,
        dni,
        ghi,
        dhi,
        dni_extra=pvlib.irradiance.get_extra_radiation(times[up].day_of_year.to_numpy()),
        airmass=pvlib.atmosphere.get_relative_airmass(z, model="kastenyoung1989"),
        albedo=ALBEDO,
        model="perez",
        model_perez="allsitescomposite1990",
    )
    e_b = np.clip(np.nan_to_num(np.asarray(poa["poa_direct"], dtype=float)), 0.0, None)
    e_sky = np.clip(np.nan_to_num(np.asarray(poa["poa_sky_diffuse"], dtype=float)), 0.0, None)
    e_gnd = np.clip(np.nan_to_num(np.asarray(poa["poa_ground_diffuse"], dtype=float)), 0.0, None)
    e_poa = e_b + e_sky + e_gnd

    # 3. cover, 4. spectrum
    aoi = np.asarray(pvlib.irradiance.aoi(tilt, az, z, sazi), dtype=float)
    k_b, k_sky, k_gnd = _cover_iam(aoi, tilt)
    e_tr = np.clip(k_b * e_b + k_sky * e_sky + k_gnd * e_gnd, 0.0, None)
    am_abs = pvlib.atmosphere.get_relative_airmass(np.clip(z, 0.0, 86.0), model="kastenyoung1989") * math.exp(
        -0.0001184 * elev
    )
    f1 = np.asarray(pvlib.spectrum.spectral_factor_sapm(am_abs, _AM_COEFFS), dtype=float)
    e_eff = e_tr * f1

    # 5. cell temperature (NOCT), 6. DC (CEC single diode)
    lit = e_eff >= 1.0
    dc = np.zeros(int(up.sum()))
    if lit.any():
        t_cell = pvlib.temperature.noct_sam(
            e_poa[lit],
            weather.temp_air[up][lit],
            weather.wind_speed[up][lit],
            noct=NOCT_C[mounting],
            module_efficiency=_ETA_REF,
            effective_irradiance=e_eff[lit],
            transmittance_absorptance=_TAU_ALPHA,
            array_height=1,
            mount_standoff=4.0,
        )
        m = _CEC_MODULE
        il, i0, rs, rsh, nnsvth = pvlib.pvsystem.calcparams_cec(
            e_eff[lit],
            t_cell,
            m["alpha_sc"],
            m["a_ref"],
            m["I_L_ref"],
            m["I_o_ref"],
            m["R_sh_ref"],
            m["R_s"],
            m["Adjust"],
            EgRef=_EG_REF_EV,
        )
        mpp = pvlib.pvsystem.max_power_point(il, i0, rs, rsh, nnsvth, method="newton")
        p_mp = np.clip(np.nan_to_num(np.asarray(mpp["p_mp"], dtype=float)), 0.0, None)
        dc[lit] = p_mp * cap / (m["v_mp"] * m["i_mp"]) * (1.0 - losses)

    # 7. inverter (Sandia, PVWatts v8 parameters), in kW
    paco = cap / ratio
    inverter = {
        "Paco": paco,
        "Pdco": paco / eta,
        "Vdco": 0.0,
        "Pso": _INVERTER_PSO_FRACTION * paco,
        "C0": 0.0,
        "C1": 0.0,
        "C2": 0.0,
        "C3": 0.0,
        "Pnt": 0.0,
    }
    ac = np.asarray(pvlib.inverter.sandia(np.zeros_like(dc), dc, inverter), dtype=float)
    out[up] = np.clip(ac, 0.0, paco)
    return np.roll(out, int(round(shift_h))) if shift_h else out


_SUN_CACHE: dict[tuple, pd.DataFrame] = {}
_SUN_CACHE_SIZE = 8


def _solar_position(times: pd.DatetimeIndex, lat: float, lon: float, elev: float, temp_air: np.ndarray) -> pd.DataFrame:
    """SPA solar position (pvlib) of the daylight hours [deg], cached on the
    times, site and air temperature (used for refraction), so editing tilt or
    azimuth does not recompute it.  Returns ``apparent_zenith`` and
    ``azimuth``; night hours carry the ephemeris values (they produce 0)."""
    import pvlib  # lazy: slow to import

    key = (lat, lon, elev, hash(times.asi8.tobytes()), hash(temp_air.tobytes()))
    sun = _SUN_CACHE.get(key)
    if sun is None:
        # SPA only where the sun may be up: a fast ephemeris pass finds the
        # night hours (zenith > 92 deg, a margin over refraction and the
        # two algorithms' < 0.01 deg difference), whose output is 0 anyway.
        with _quiet_pvlib():
            rough = pvlib.solarposition.get_solarposition(times, lat, lon, method="ephemeris")
        day = rough["apparent_zenith"].to_numpy() < 92.0
        sun = pd.DataFrame(
            {"apparent_zenith": rough["apparent_zenith"].to_numpy(), "azimuth": rough["azimuth"].to_numpy()},
            index=times,
        )
        if day.any():
            spa = pvlib.solarposition.get_solarposition(
                times[day],
                lat,
                lon,
                altitude=elev,
                pressure=pvlib.atmosphere.alt2pres(elev),
                temperature=temp_air[day],
            )
            sun.loc[day, "apparent_zenith"] = spa["apparent_zenith"].to_numpy()
            sun.loc[day, "azimuth"] = spa["azimuth"].to_numpy()
        if len(_SUN_CACHE) >= _SUN_CACHE_SIZE:
            _SUN_CACHE.pop(next(iter(_SUN_CACHE)))
        _SUN_CACHE[key] = sun
    return sun


_solar_position.cache_clear = _SUN_CACHE.clear  # type: ignore[attr-defined]


def weather_file_output(
    path: str | Path,
    capacity_kwp: float,
    tilt_deg: float,
    azimuth_deg: float,
    losses_pct: float = PVWATTS_DEFAULT_LOSSES_PCT,
    dc_ac_ratio: float = 1.2,
    inverter_efficiency_pct: float = 96.0,
    latitude_deg: float | None = None,
    longitude_deg: float | None = None,
    utc_offset_h: float | None = None,
    mounting: str = "roof",
) -> np.ndarray:
    """Year-1 hourly AC output from an hourly weather file (SAM CSV or EPW).

    Reads the file with :func:`read_weather_file` and runs
    :func:`pvwatts_v8_output` (see there for the model and the time zones).

    Parameters
    ----------
    path : str or pathlib.Path
        Weather file: ``*.epw`` (EnergyPlus) or SAM/NSRDB CSV.
    capacity_kwp : float
        DC nameplate of the array at STC [kWp].
    tilt_deg : float
        Tilt from horizontal, 0..90 [deg].
    azimuth_deg : float
        Azimuth, pvlib convention (180 = south), 0..360 [deg].
    losses_pct : float
        PVWatts system losses applied to DC power, default 14.08 [%].
    dc_ac_ratio : float
        DC nameplate / inverter AC rating [-].
    inverter_efficiency_pct : float
        Inverter nominal efficiency [%].
    latitude_deg, longitude_deg : float, optional
        Site location [deg]; default: the file header.
    utc_offset_h : float, optional
        The site's time zone, which the returned hours follow [h];
        default: the file's.
    mounting : {"roof", "open_rack"}
        Installed NOCT 49 degC (roof, default) or 45 degC (open rack).

    Returns
    -------
    numpy.ndarray
        8760 hourly AC powers, hour-beginning local standard time [kW]
        (a fresh, writable array).

    Raises
    ------
    WeatherFileError
        The file cannot be used (the message names the file and the column
        or line).

    Notes
    -----
    Results are cached on the file's resolved path, modification time and
    size and on the rounded inputs, so recomputing a project whose file did
    not change is instant; editing the file invalidates the entry.
    """
    p = Path(path).resolve()
    try:
        st = p.stat()
    except OSError as exc:
        raise WeatherFileError(str(path), Note("file.weather_existing"), Note("file.none_not_found")) from exc
    args = tuple(
        None if v is None else round(float(v), 6)
        for v in (
            capacity_kwp,
            tilt_deg,
            azimuth_deg,
            losses_pct,
            dc_ac_ratio,
            inverter_efficiency_pct,
            latitude_deg,
            longitude_deg,
            utc_offset_h,
        )
    )
    return np.array(_weather_output_cached(str(p), st.st_mtime_ns, st.st_size, args, str(mounting)))


@lru_cache(maxsize=16)
def _weather_output_cached(path: str, mtime_ns: int, size: int, args: tuple, mounting: str) -> np.ndarray:
    cap, tilt, az, losses, ratio, eta, lat, lon, tz = args
    out = pvwatts_v8_output(
        read_weather_cached(path, mtime_ns, size),
        cap,
        tilt,
        az,
        losses,
        ratio,
        eta,
        latitude_deg=lat,
        longitude_deg=lon,
        utc_offset_h=tz,
        mounting=mounting,
    )
    out.setflags(write=False)
    return out


weather_file_output.cache_info = _weather_output_cached.cache_info  # type: ignore[attr-defined]
weather_file_output.cache_clear = _weather_output_cached.cache_clear  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# Profiles, degradation, netting
# ---------------------------------------------------------------------------


def profile_output(path: str | Path) -> np.ndarray:
    """Year-1 hourly AC output of the whole system from a profile file.

    Parameters
    ----------
    path : str or pathlib.Path
        Profile CSV/XLSX (``timestamp,kw`` hourly, 15-minute data or a
        ``kwh`` column also accepted), read by
        :func:`planner.io.meter.read_profile_cached`: cached on the file's
        resolved path, modification time and size, so an unchanged file is
        parsed once per process.

    Returns
    -------
    numpy.ndarray
        8760 hourly AC powers [kW] (a copy the caller may change).
    """
    from planner.io.meter import read_profile_cached

    profile = read_profile_cached(path)
    kw = np.array(profile.kw, dtype=float)
    if kw.shape != (HOURS_PER_YEAR,):
        raise ValueError(f"{path}: expected 8760 hourly values, found {kw.size}")
    return kw


def degradation_factors(annual_degradation_pct: float, years: int) -> np.ndarray:
    """Output factor of each year relative to year 1.

    Parameters
    ----------
    annual_degradation_pct : float
        Yearly loss of output, 0 <= d < 100 [%/year].
    years : int
        Number of years N [-].

    Returns
    -------
    numpy.ndarray
        ``f_k`` for k = 1..N [-].

    Notes
    -----
    ``f_k = (1 - d)^(k-1)``: year 1 is the year simulated hour by hour, so
    ``f_1 = 1`` (DESIGN.md: PV year-k output = year-1 output x
    (1 - d)^(k-1)).  A first-year light-induced loss belongs in the year-1
    losses, not here.  (SAM's lifetime mode uses the linear ``1 - d (k-1)``
    instead; the two differ by 0.3 % of output at 0.5 %/yr after 25 years.)
    """
    d = _check_range("annual_degradation_pct", annual_degradation_pct, 0, 100)
    if d >= 100:
        raise ValueError(f"annual_degradation_pct: expected less than 100, found {annual_degradation_pct!r}")
    n = int(years)
    if n != years or n < 0:
        raise ValueError(f"years: expected a whole number >= 0, found {years!r}")
    k = np.arange(1, n + 1)
    return (1.0 - d / 100.0) ** (k - 1)


def pv_hourly_output(pv: PvMeasure, project: Project, base_dir: Path) -> np.ndarray:
    """Year-1 hourly AC output of one PV measure [kW], by precedence:
    generation profile file, weather file, clear-sky shape scaled to the yield.

    Parameters
    ----------
    pv : planner.model.project.PvMeasure
    project : planner.model.project.Project
        For the site (latitude, longitude [deg], UTC offset [h]) and the calendar year.
    base_dir : pathlib.Path
        Directory that relative file names are relative to.
    """
    if pv.generation_profile_file:
        return profile_output(base_dir / pv.generation_profile_file)
    if pv.weather_file:
        return weather_file_output(
            base_dir / pv.weather_file,
            pv.capacity_kwp,
            pv.tilt_deg,
            pv.azimuth_deg,
            losses_pct=pv.losses_pct,
            dc_ac_ratio=pv.dc_ac_ratio,
            inverter_efficiency_pct=pv.inverter_efficiency_pct,
            latitude_deg=project.site.latitude_deg,
            longitude_deg=project.site.longitude_deg,
            utc_offset_h=project.site.utc_offset_h,
        )
    shape = clearsky_shape(
        project.site.latitude_deg,
        project.site.longitude_deg,
        pv.tilt_deg,
        pv.azimuth_deg,
        year=project.load.calendar_year,
        utc_offset_h=project.site.utc_offset_h,
    )
    if pv.specific_yield_kwh_per_kwp is None:  # the project model rejects this; kept for direct callers
        raise InputError(
            f"measures/{pv.name}/specific_yield_kwh_per_kwp",
            "specific_yield_kwh_per_kwp, weather_file or generation_profile_file",
            "none",
        )
    return clearsky_scaled_output(pv.capacity_kwp, pv.specific_yield_kwh_per_kwp, shape)
