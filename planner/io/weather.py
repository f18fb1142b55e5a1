"""Hourly weather files: SAM CSV (NSRDB style), TMY3 CSV and EnergyPlus EPW.

:func:`read_weather_file` returns :class:`WeatherData`, the year-1 hourly
weather in the order of the engine's calendar (8760 hours of local standard
time, hour-beginning, 29 February dropped).  EPW and TMY3 files are read by
pvlib (``pvlib.iotools.read_epw``, ``pvlib.iotools.read_tmy3``); SAM CSV files
by our own reader, which accepts SAM's column aliases, an optional two-line
location header, UTF-8 or GB18030 text and either hour convention (pvlib has
no reader for SAM's CSV: its NSRDB readers expect the exact NSRDB layout).

Every problem is a :class:`WeatherFileError` (an
:class:`planner.model.errors.InputError`) naming the file and the column or
line at fault, what was expected and what was found.

pvlib is imported inside the functions that need it (it takes about one
second to import).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from planner.io.files import FileProblem, check_regular_file, decode_text, read_regular_file
from planner.model.errors import InputError
from planner.terms import Note

__all__ = ["WeatherFileError", "WeatherData", "read_weather_file", "read_weather_cached", "HOURS_PER_YEAR"]

HOURS_PER_YEAR = 8760
"""Rows of one 365-day year of hourly data (as :data:`planner.engine.calendar.HOURS_PER_YEAR`)."""


class WeatherFileError(InputError):
    """A weather file that cannot be used: ``where`` names the file and the
    column or line at fault, ``expected`` and ``found`` say what is wrong."""


@dataclass(frozen=True)
class WeatherData:
    """Hourly weather of year 1, in the order of :func:`planner.engine.calendar.year_timestamps`.

    Attributes
    ----------
    path : str
        The file read.
    file_format : {"sam_csv", "tmy3", "epw"}
        Its format.
    latitude_deg, longitude_deg : float or None
        Location from the file header [deg] (None if the header has none).
    utc_offset_h : float or None
        Time zone of the file's local standard time [h].
    elevation_m : float
        Site elevation, 0 if the header has none [m].
    year, month, day, hour : numpy.ndarray of int
        Date of each row and its hour-beginning local-standard-time hour
        (0..23).  ``year`` is the file's year of each row (TMY files mix
        years).
    dni, dhi : numpy.ndarray
        Direct normal and diffuse horizontal irradiance [W/m2].
    ghi : numpy.ndarray or None
        Global horizontal irradiance if the file has it [W/m2].
    temp_air : numpy.ndarray
        Dry-bulb air temperature [degC].
    wind_speed : numpy.ndarray
        Wind speed at 10 m [m/s].
    """

    path: str
    file_format: str
    latitude_deg: float | None
    longitude_deg: float | None
    utc_offset_h: float | None
    elevation_m: float
    year: np.ndarray
    month: np.ndarray
    day: np.ndarray
    hour: np.ndarray
    dni: np.ndarray
    dhi: np.ndarray
    ghi: np.ndarray | None
    temp_air: np.ndarray
    wind_speed: np.ndarray


_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "year": ("year", "yr"),
    "month": ("month", "mo", "mon"),
    "day": ("day", "dy"),
    "hour": ("hour", "hr"),
    "minute": ("minute", "min"),
    "ghi": ("ghi", "gh", "global horizontal", "global horizontal irradiance", "glo", "global"),
    "dni": ("dni", "dn", "beam", "direct normal", "direct normal irradiance", "dir"),
    "dhi": ("dhi", "df", "diffuse horizontal", "diffuse horizontal irradiance", "dif", "diffuse"),
    "temp_air": (
        "tdry",
        "temperature",
        "temp",
        "dry bulb",
        "dry bulb temperature",
        "drybulb",
        "air temperature",
        "temp air",
        "tamb",
    ),
    "wind_speed": ("wspd", "wind speed", "windspeed", "wind"),
}
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "long", "lng"),
    "utc_offset": ("time zone", "timezone", "tz", "local time zone"),
    "elevation": ("elevation", "elev", "altitude", "alt"),
}
_MISSING = -999.0  # values at or below this are missing-data codes (-999, -9999)


def _norm(name: str) -> str:
    """Lower-case a column name and drop units: 'Wind Speed (m/s)' -> 'wind speed'."""
    n = re.sub(r"[\(\[\{].*?[\)\]\}]", " ", str(name)).lower().replace("_", " ")
    return re.sub(r"\s+", " ", n).strip()


def _find(names: list[str], aliases: tuple[str, ...]) -> int | None:
    normed = [_norm(n) for n in names]
    for a in aliases:
        if a in normed:
            return normed.index(a)
    return None


def _read_text_lines(path: Path) -> list[str]:
    try:
        text, _ = decode_text(read_regular_file(path))
    except FileProblem as err:
        raise WeatherFileError(str(path), err.expected, err.found) from None
    return text.splitlines()


def _float_or_none(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        v = float(str(text).strip())
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def read_weather_file(path: str | Path) -> WeatherData:
    """Read an hourly weather file: SAM CSV (NSRDB style), TMY3 CSV or EnergyPlus EPW.

    Parameters
    ----------
    path : str or pathlib.Path
        ``*.epw`` is read as EPW (``pvlib.iotools.read_epw``); a CSV whose
        second line starts with ``Date (MM/DD/YYYY)`` as TMY3
        (``pvlib.iotools.read_tmy3``); anything else as SAM CSV.

    Returns
    -------
    WeatherData

    Raises
    ------
    WeatherFileError
        The file is missing, a required column is absent, a value is missing
        or not a number, or the rows are not the 8760 hours of a year in
        order (8784 rows with 29 February are accepted; that day is dropped).

    Notes
    -----
    SAM CSV: an optional two-line header (names, then values) with
    ``Latitude``, ``Longitude``, ``Time Zone``, ``Elevation``; then a line of
    column names and one row per hour.  Required columns (case-insensitive,
    units in brackets ignored, SAM's aliases accepted): ``Year, Month, Day,
    Hour, DNI, DHI, Tdry, Wspd``; ``GHI`` and ``Minute`` are optional.
    ``Hour`` is 0..23, hour-beginning; a file whose hours run 1..24 is taken
    as hour-ending (TMY3 style) and shifted back one hour.

    EPW: hours 1..24 are hour-ending (EnergyPlus), so row ``h`` covers local
    hours ``[h-1, h)``.
    """
    p = Path(path)
    if not p.exists():
        raise WeatherFileError(str(p), Note("file.weather_existing"), Note("file.none_not_found"))
    try:
        check_regular_file(p)
    except FileProblem as err:
        raise WeatherFileError(str(p), err.expected, err.found) from None
    if p.suffix.lower() == ".epw":
        return _read_epw(p)
    if _is_tmy3(p):
        return _read_tmy3(p)
    return _read_sam_csv(p)


def _is_tmy3(p: Path) -> bool:
    """TMY3 (NREL, 2008): line 2 starts with the column ``Date (MM/DD/YYYY)``."""
    try:
        with p.open("rb") as fh:
            fh.readline()
            second = fh.readline()
    except OSError:
        return False
    return second.lstrip().lower().startswith(b"date (mm/dd/yyyy)")


def _read_tmy3(p: Path) -> WeatherData:
    """A TMY3 CSV read by ``pvlib.iotools.read_tmy3``: hours 1..24 are hour-ending
    local standard time (pvlib stamps row ``h`` at its end), so row ``h`` covers
    local hours ``[h-1, h)``."""
    import pvlib  # lazy

    try:
        data, meta = pvlib.iotools.read_tmy3(str(p), map_variables=True)
    except Exception as exc:  # pvlib raises assorted errors on malformed files
        raise WeatherFileError(str(p), "a TMY3 weather file", f"a file pvlib cannot read ({exc})") from exc
    begin = data.index.tz_localize(None) - pd.Timedelta(hours=1)
    cols: dict[str, np.ndarray] = {
        "year": begin.year.to_numpy(dtype=float),
        "month": begin.month.to_numpy(dtype=float),
        "day": begin.day.to_numpy(dtype=float),
        "hour": begin.hour.to_numpy(dtype=float),
    }
    for field in ("dni", "dhi", "ghi", "temp_air", "wind_speed"):
        if field not in data.columns:
            raise WeatherFileError(str(p), f"TMY3 column {field!r}", "none")
        cols[field] = _numeric_column(p, data[field], field, first_line=3)
    return _assemble(p, "tmy3", cols, _pvlib_header(meta), first_line=3, hour_base=0)


def _read_sam_csv(p: Path) -> WeatherData:
    lines = _read_text_lines(p)
    rows = list(csv.reader(lines[: min(len(lines), 6)]))
    col_line = None
    for i, r in enumerate(rows):
        if (
            _find(r, _COLUMN_ALIASES["month"]) is not None
            and _find(r, _COLUMN_ALIASES["hour"]) is not None
            and _find(r, _COLUMN_ALIASES["dni"]) is not None
        ):
            col_line = i
            break
    if col_line is None:
        raise WeatherFileError(
            str(p),
            "a SAM CSV weather file with a line of column names "
            "(Year, Month, Day, Hour, DNI, DHI, Tdry, Wspd) in the first 6 lines",
            "none",
        )
    meta: dict[str, float | None] = {k: None for k in _HEADER_ALIASES}
    if col_line >= 2:
        keys, values = rows[col_line - 2], rows[col_line - 1]
        for field, aliases in _HEADER_ALIASES.items():
            j = _find(keys, aliases)
            if j is not None and j < len(values):
                meta[field] = _float_or_none(values[j])
    names = rows[col_line]
    try:
        df = pd.read_csv(
            p, skiprows=col_line, header=0, skipinitialspace=True, encoding="utf-8-sig", encoding_errors="replace"
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise WeatherFileError(str(p), "data rows readable as CSV", str(exc)) from exc
    data_first_line = col_line + 2  # 1-based line number of the first data row

    cols: dict[str, np.ndarray] = {}
    for field, aliases in _COLUMN_ALIASES.items():
        j = _find(names, aliases)
        if j is None:
            if field in ("ghi", "minute"):
                continue
            raise WeatherFileError(
                f"{p}: column {field!r}",
                f"a column named one of {', '.join(aliases)}",
                f"columns {', '.join(map(str, names))}",
            )
        cols[field] = _numeric_column(p, df.iloc[:, j], names[j], data_first_line)
    return _assemble(p, "sam_csv", cols, meta, data_first_line, hour_base=None)


def _numeric_column(p: Path, series: pd.Series, name: str, first_line: int) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values <= _MISSING)
    if bad.any():
        i = int(np.argmax(bad))
        raise WeatherFileError(
            f"{p}: column {name!r}, line {first_line + i}",
            "a number",
            f"{series.iloc[i]!r} ({int(bad.sum())} missing or non-numeric values in this column)",
        )
    return values


def _read_epw(p: Path) -> WeatherData:
    import pvlib  # lazy

    try:
        data, meta = pvlib.iotools.read_epw(str(p))
    except Exception as exc:  # pvlib raises assorted errors on malformed files
        raise WeatherFileError(str(p), "an EPW weather file", f"a file pvlib cannot read ({exc})") from exc
    # EPW missing-data codes: DNI/DHI 9999, dry bulb 99.9, wind 999
    limits = {"dni": 9999.0, "dhi": 9999.0, "temp_air": 99.9, "wind_speed": 999.0}
    cols: dict[str, np.ndarray] = {}
    for field in ("year", "month", "day", "hour", "dni", "dhi", "ghi", "temp_air", "wind_speed"):
        if field not in data.columns:
            raise WeatherFileError(str(p), f"EPW column {field!r}", "none")
        v = pd.to_numeric(data[field], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(v)
        if field in limits:
            bad |= v >= limits[field]
        if field == "ghi":
            if bad.any():
                continue  # optional
        elif bad.any():
            i = int(np.argmax(bad))
            raise WeatherFileError(
                f"{p}: EPW field {field!r}, data row {i + 1} (line {i + 9})", "a value", f"missing value {v[i]!r}"
            )
        cols[field] = v
    return _assemble(p, "epw", cols, _pvlib_header(meta), first_line=9, hour_base=1)


def _pvlib_header(meta: dict) -> dict[str, float | None]:
    """Site latitude, longitude [deg], UTC offset [h] and elevation [m] from the metadata of a pvlib reader."""
    return {
        "latitude": _float_or_none(meta.get("latitude")),
        "longitude": _float_or_none(meta.get("longitude")),
        "utc_offset": _float_or_none(meta.get("TZ")),
        "elevation": _float_or_none(meta.get("altitude")),
    }


def _assemble(
    p: Path,
    fmt: str,
    cols: dict[str, np.ndarray],
    meta: dict[str, float | None],
    first_line: int,
    hour_base: int | None,
) -> WeatherData:
    n = len(cols["month"])
    month = cols["month"].astype(int)
    day = cols["day"].astype(int)
    hour = cols["hour"].astype(int)
    keep = np.ones(n, dtype=bool)
    if n == HOURS_PER_YEAR + 24:
        keep = ~((month == 2) & (day == 29))
    if int(keep.sum()) != HOURS_PER_YEAR:
        minutes = cols.get("minute")
        hint = ""
        if minutes is not None and n > HOURS_PER_YEAR + 24 and len(np.unique(minutes)) > 1:
            hint = " (sub-hourly data: resample to hourly first)"
        raise WeatherFileError(
            str(p), "8760 hourly rows (one 365-day year; 8784 with 29 February also accepted)", f"{n}{hint}"
        )
    line_no = np.arange(n)[keep] + first_line
    month, day, hour = month[keep], day[keep], hour[keep]
    if hour_base is None:  # SAM CSV: 0..23 hour-beginning, or 1..24 hour-ending (TMY3 style)
        hour_base = 1 if (hour.min() == 1 and hour.max() == 24) else 0
    hour = hour - hour_base
    expected = pd.date_range("2025-01-01", periods=HOURS_PER_YEAR, freq="h")  # a 365-day year
    exp_m, exp_d, exp_h = expected.month.to_numpy(), expected.day.to_numpy(), expected.hour.to_numpy()
    mismatch = (month != exp_m) | (day != exp_d) | (hour != exp_h)
    if mismatch.any():
        i = int(np.argmax(mismatch))
        raise WeatherFileError(
            f"{p}: line {line_no[i]}",
            f"month {exp_m[i]}, day {exp_d[i]}, hour {exp_h[i] + hour_base} "
            "(rows must be the hours of one year in order from 1 January)",
            f"month {month[i]}, day {day[i]}, hour {hour[i] + hour_base}",
        )
    year = cols["year"][keep].astype(int)
    if np.any((year < 1900) | (year > 2100)):
        year = np.full(HOURS_PER_YEAR, 2025)
    ghi = cols.get("ghi")
    return WeatherData(
        path=str(p),
        file_format=fmt,
        latitude_deg=meta.get("latitude"),
        longitude_deg=meta.get("longitude"),
        utc_offset_h=meta.get("utc_offset"),
        elevation_m=float(meta.get("elevation") or 0.0),
        year=year,
        month=month,
        day=day,
        hour=hour,
        dni=np.clip(cols["dni"][keep], 0.0, None),
        dhi=np.clip(cols["dhi"][keep], 0.0, None),
        ghi=None if ghi is None else np.clip(ghi[keep], 0.0, None),
        temp_air=cols["temp_air"][keep],
        wind_speed=np.clip(cols["wind_speed"][keep], 0.0, None),
    )


@lru_cache(maxsize=4)
def read_weather_cached(path: str, mtime_ns: int, size: int) -> WeatherData:
    """:func:`read_weather_file`, cached on the resolved path, modification time
    [ns] and size [bytes] (editing the file invalidates the entry)."""
    return read_weather_file(path)
