"""The factory's baseline electricity load, hour by hour, for year 1.

Two sources (DESIGN.md, "The engine" > Load):

* interval meter data read by :func:`read_hourly_profile` (CSV or XLSX,
  hourly or 15-minute, kW or kWh), repaired and *reported*;
* a shift pattern built by :func:`shift_pattern_load` from an annual kWh.

:func:`baseline_load` picks one of them for a :class:`planner.model.project.Load`.

Conventions
-----------
* The result is 8760 hourly values in kW of year 1 on the calendar of
  :mod:`planner.engine.calendar`: local standard time, hour-beginning, 29 February
  dropped.  An hourly mean power in kW equals the energy of that hour in kWh,
  so ``kw.sum()`` is the annual energy in kWh.
* Every repair of a profile (duplicates, gaps, daylight-saving artefacts,
  negative values, leap day, a different year, unused rows) is counted in the
  :class:`ProfileReport` and described in one line of
  ``ProfileReport.messages``; nothing is changed silently.
* A file that cannot be read as a profile raises :class:`ProfileError` (a
  ``ValueError``) whose message names the file, the row and column where it
  can, what was expected and what was found (``"<where>: expected ...,
  found ..."``), never another exception type.

Profile files
-------------
* A header row is required.  Rows before it that do not name the columns
  (meter name, export date ...) are skipped and reported.
* The value column is named ``kw`` or ``kwh`` (any case), or any name whose
  last word is ``kw`` / ``kwh``: ``kW``, ``power_kw``, ``energy_kwh``,
  ``Load (kW)``, ``功率(kW)``.  Its unit is taken from the name.  The
  ``value_name`` argument names one more accepted column and is preferred
  when several columns qualify.
* The timestamp column is the one named ``timestamp`` (also ``time``,
  ``datetime``, ``date_time``, ``date``, ``时间``), otherwise the first
  column unless that is the value column; separate ``date`` and ``time``
  columns (``日期``, ``时间``) are joined.  Text such as ``2025-01-01 00:00``,
  ``2025/1/1 0:00``, ``2025-01-01T00:00:00+08:00``, the clock reading
  ``24:00`` of interval-ending meters, Excel date cells and Excel serial day
  numbers are understood.  Timestamps with a UTC offset are converted to the
  local standard time UTC+``utc_offset_h`` (if given), otherwise to the
  smallest offset found in the file (standard time of a zone with daylight
  saving).
* A file without a timestamp column (one value column only, or a first
  column of plain row numbers) must hold exactly 8760 or 35040 rows
  (8784 or 35136 for a leap year, whose 29 February is dropped); the rows
  are taken in order from 1 January 00:00.
* Empty cells and ``NaN``, ``NA``, ``#N/A``, ``null``, ``-`` are missing values
  and are filled like missing rows.  Any other text in the value column is
  refused, naming the row.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
import warnings
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner.engine.calendar import HOURS_PER_YEAR, SHIFT_HOURS, HourlyCalendar, calendar_for_load
from planner.model.errors import InputError

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

MIN_COVERAGE = 0.8
"""Smallest share of the 8760 hours of a year a profile must cover [-].

Project rule (the brief of this module): below 80 % the filled-in values
would be too large a part of the baseline to be reported as a repair."""

MAX_INTERPOLATED_GAP_H = 6
"""Longest gap [h] filled by linear interpolation; longer gaps take the same
time of the same weekday one week earlier or later (project convention)."""

NEGATIVE_REFUSE_SHARE = 0.5
"""Share of negative values [-] above which a file is refused rather than
clipped: a profile that is mostly negative has a reversed sign convention or
is a net-export meter, and clipping would silently zero it."""

SUPPORTED_INTERVALS_MIN = (5, 10, 15, 20, 30, 60)
"""Accepted interval lengths [min]: divisors of an hour, 60 and 15 being the
usual meter intervals."""

MAX_SPAN_YEARS = 10
"""Longest time span [years] of a profile file; a larger span is almost
always one mistyped timestamp."""

_DST_MONTHS = (3, 4, 9, 10, 11)
"""Months in which daylight-saving transitions happen (North America and
Europe: March/April and October/November; Southern hemisphere:
September/October and March/April)."""

_DST_HOURS = (0, 1, 2, 3)
"""Clock hours at which daylight-saving transitions happen."""

_SUNDAY = 6

_MISSING_TOKENS = frozenset({"", "nan", "na", "n/a", "#n/a", "null", "none", "-", "--"})
_TIMESTAMP_NAMES = frozenset(
    {"timestamp", "time_stamp", "time", "datetime", "date_time", "date", "时间", "日期时间", "时间戳"}
)
_DATE_NAMES = frozenset({"date", "day", "日期"})
_TIME_NAMES = frozenset({"time", "time_of_day", "clock", "时间", "时刻"})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_TZ_SUFFIX = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE_LIKE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}")
_HOUR_24 = re.compile(r"^(.*?\d)[ T]24:00(?::00)?$")
_EXCEL_SERIAL_RANGE = (20000.0, 80000.0)  # Excel day numbers of 1954-10-03 .. 2119-01-10

_SECONDS_PER_HOUR = 3600
_SECONDS_PER_DAY = 86400
_CUM_DAYS = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334])  # non-leap year


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ProfileReport:
    """What was found and repaired while reading an interval profile.

    Attributes
    ----------
    source : str
        File name, or ``"shift pattern"``.
    input_rows : int
        Data rows read from the file (after the header) [-].
    interval_minutes : int
        Detected interval of the data [min], 60 or 15 usually.
    unit : {"kw", "kwh"}
        Unit of the value column, from its header.
    duplicates_removed : int
        Rows dropped because their timestamp occurred already; each repeated
        timestamp keeps the mean of its values [-].
    gaps_filled_hours : int
        Hours of the 8760 in which at least one interval was missing (or
        empty) and was filled [h].
    dst_artefacts : int
        Daylight-saving artefacts found: each missing spring hour and each
        repeated autumn hour counts one [-].
    negative_values : int
        Negative values found and set to 0 [-].
    leap_day_dropped : bool
        True if data of 29 February were dropped.
    messages : list of str
        One human-readable line per repair.
    """

    source: str
    input_rows: int = 0
    interval_minutes: int = 60
    unit: str = "kw"
    duplicates_removed: int = 0
    gaps_filled_hours: int = 0
    dst_artefacts: int = 0
    negative_values: int = 0
    leap_day_dropped: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def repaired(self) -> bool:
        """True if anything in the data was changed, dropped or filled."""
        return bool(
            self.messages
            or self.duplicates_removed
            or self.gaps_filled_hours
            or self.dst_artefacts
            or self.negative_values
            or self.leap_day_dropped
        )


@dataclass(frozen=True, eq=False)
class HourlyProfile:
    """An hourly load of year 1.

    Attributes
    ----------
    kw : numpy.ndarray
        8760 hourly mean powers [kW] (= energy of each hour [kWh]), float64,
        read-only, hour-beginning local standard time from 1 January 00:00.
    report : ProfileReport
        Where the values came from and what was repaired.
    """

    kw: np.ndarray
    report: ProfileReport


class ProfileError(InputError):
    """Raised with a message naming the file, the row/column, what was expected and what was found.

    The message has the form ``"<file>[, row N][, column 'c']: expected ...,
    found ..."`` (an :class:`planner.model.errors.InputError`: ``where``,
    ``expected``, ``found``).  The parts are also available as attributes
    ``source``, ``row`` (1-based, as a spreadsheet shows it) and ``column``.
    """

    def __init__(
        self,
        where: str,
        expected: str,
        found: str,
        *,
        source: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(where, expected, found)
        self.source = source
        self.row = row
        self.column = column


def _error(
    source: str, expected: str, found: str, *, row: int | None = None, column: str | None = None
) -> ProfileError:
    where = source
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column '{column}'"
    return ProfileError(where, expected, found, source=source, row=row, column=column)


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


# --------------------------------------------------------------------------- dispatch + cache


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
        From ``load.profile_file`` via :func:`read_hourly_profile` (with
        ``year=load.calendar_year``), else from :func:`shift_pattern_load` on
        the calendar of ``load`` (``source="shift pattern"``, no repairs).

    Raises
    ------
    ProfileError
        If the profile file is missing or cannot be read.

    Notes
    -----
    Profile files are cached on (resolved path, modification time, size), so
    repeated engine runs do not re-read an unchanged file.
    """
    if load.profile_file:
        path = Path(base_dir) / load.profile_file
        try:
            resolved = path.resolve()
            st = resolved.stat()
        except OSError as err:
            raise _error(
                load.profile_file, "an existing, readable profile file (CSV or XLSX)", f"{err.strerror or err} ({path})"
            ) from None
        profile = _read_cached(
            str(resolved),
            st.st_mtime_ns,
            st.st_size,
            int(load.calendar_year),
            None if utc_offset_h is None else float(utc_offset_h),
        )
        # the cached array is read-only; hand out a report whose message list the caller may keep
        return HourlyProfile(kw=profile.kw, report=replace(profile.report, messages=list(profile.report.messages)))
    if load.annual_kwh is None:
        raise ValueError("load: expected either annual_kwh (> 0) or profile_file, found neither")
    cal = calendar_for_load(load)
    kw = shift_pattern_load(load.annual_kwh, load.shift_pattern, cal, load.base_load_pct)
    return HourlyProfile(
        kw=kw, report=ProfileReport(source="shift pattern", input_rows=0, interval_minutes=60, unit="kw")
    )


@lru_cache(maxsize=16)
def _read_cached(path: str, mtime_ns: int, size: int, year: int, utc_offset_h: float | None) -> HourlyProfile:
    del mtime_ns, size  # part of the cache key only
    return read_hourly_profile(path, year=year, utc_offset_h=utc_offset_h)


# --------------------------------------------------------------------------- reading tables


@dataclass
class _Table:
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[object]]]  # (row number as shown to the user, cells); None = empty
    skipped_before_header: int


def _is_blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    if cell is pd.NaT:
        return True
    return isinstance(cell, str) and not cell.strip()


def _read_raw_rows(path: Path, source: str) -> list[tuple[int, list[object]]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _error(source, "a readable CSV or XLSX file", f"{err.strerror or err}") from None
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx_rows(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _error(source, "a CSV or XLSX file (save the workbook as .xlsx or .csv)", "an old-format .xls workbook")
    if path.suffix.lower() in (".xlsx", ".xlsm") and data.strip():
        raise _error(source, "an XLSX workbook (a zip archive)", "a file that is not one")
    if b"\x00" in data[:65536]:
        raise _error(source, "a text CSV file or an XLSX workbook", "binary data")
    for enc in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows writes CSV in GBK
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise _error(source, "UTF-8 or GBK text", "undecodable bytes")
    return _read_csv_rows(text)


def _read_csv_rows(text: str) -> list[tuple[int, list[object]]]:
    sample = [ln for ln in text.splitlines()[:50] if ln.strip()]
    # the delimiter found on most of the first lines (a preamble line may have none)
    counts = {d: sum(d in ln for ln in sample) for d in (",", ";", "\t")}
    delim = max(counts, key=lambda d: (counts[d], d == ",")) if max(counts.values()) > 0 else ","
    rows: list[tuple[int, list[object]]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    line = 1
    for rec in reader:
        cells: list[object] = [c.strip() if c.strip() else None for c in rec]
        rows.append((line, cells))
        line = reader.line_num + 1
    return rows


def _read_xlsx_rows(data: bytes, source: str) -> list[tuple[int, list[object]]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except ImportError as err:  # pragma: no cover - openpyxl is a dependency
        raise _error(source, "the openpyxl package to read XLSX", str(err)) from None
    except Exception as err:  # a broken or encrypted workbook: any reader error is a bad file
        raise _error(source, "a readable XLSX workbook", f"{type(err).__name__}: {err}") from None
    rows: list[tuple[int, list[object]]] = []
    for i, rec in enumerate(df.itertuples(index=False, name=None)):
        cells = [None if _is_blank(c) else (c.strip() if isinstance(c, str) else c) for c in rec]
        rows.append((i + 1, cells))
    return rows


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def _value_unit(name: str, value_name: str) -> str | None:
    n = _norm(name)
    if not n:
        return None
    if n == _norm(value_name):
        return "kwh" if n.endswith("kwh") else "kw"
    if n == "kwh" or n.endswith("_kwh"):
        return "kwh"
    if n == "kw" or n.endswith("_kw"):
        return "kw"
    return None


def _read_table(path: Path, source: str, value_name: str) -> _Table:
    raw = _read_raw_rows(path, source)
    nonblank = [(r, c) for r, c in raw if any(not _is_blank(x) for x in c)]
    if not nonblank:
        raise _error(source, "a header row (e.g. timestamp,kw) and data rows", "an empty file")
    # the header is the last row naming a value column before the first row of pure data
    # (a preamble line such as "Meter 3 (kW)" may name one too)
    header_at = None
    for i, (_, cells) in enumerate(nonblank[:20]):
        if any(isinstance(c, str) and _value_unit(c, value_name) for c in cells):
            header_at = i
        elif all(_looks_like_data(c) for c in cells if not _is_blank(c)):
            break
    if header_at is None:
        row, cells = nonblank[0]
        shown = ", ".join(f"'{c}'" for c in cells if not _is_blank(c))
        if any(_looks_like_data(c) for c in cells):
            raise _error(
                source, f"a header row naming the columns (e.g. timestamp,{value_name})", f"data ({shown})", row=row
            )
        extra = "" if _norm(value_name) in ("kw", "kwh") else f" or {value_name}"
        raise _error(
            source,
            f"a value column named kw or kwh (or kW, power_kw, energy_kwh ...{extra})",
            f"columns {shown}",
            row=row,
        )
    header_row, header_cells = nonblank[header_at]
    header = ["" if _is_blank(c) else str(c).strip() for c in header_cells]
    # keep empty rows after the header: they are missing values in a file without timestamps
    rows = [(r, c) for r, c in raw if r > header_row]
    while rows and all(_is_blank(x) for x in rows[-1][1]):
        rows.pop()
    if not rows:
        raise _error(source, f"data rows after the header in row {header_row}", "none (header only)")
    return _Table(header=header, header_row=header_row, rows=rows, skipped_before_header=header_at)


def _looks_like_data(cell: object) -> bool:
    if isinstance(cell, (int, float, _dt.date, _dt.datetime)) and not isinstance(cell, bool):
        return True
    if isinstance(cell, str):
        try:
            float(cell.replace(",", ""))
            return True
        except ValueError:
            return bool(re.match(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", cell))
    return False


def _identify_columns(table: _Table, value_name: str, source: str) -> tuple[int | None, int, str]:
    units = [_value_unit(h, value_name) for h in table.header]
    candidates = [i for i, u in enumerate(units) if u]
    exact = [i for i in candidates if _norm(table.header[i]) == _norm(value_name)]
    if len(exact) == 1:
        val = exact[0]
    elif len(candidates) == 1:
        val = candidates[0]
    else:
        shown = ", ".join(f"'{table.header[i]}'" for i in candidates)
        raise _error(
            source,
            f"one value column (kw or kwh) or one named '{value_name}'",
            f"several: {shown}",
            row=table.header_row,
        )
    ts = None
    for i, h in enumerate(table.header):
        if i != val and (_norm(h) in _TIMESTAMP_NAMES or h.strip().lower() in _TIMESTAMP_NAMES):
            ts = i
            break
    if ts is None and val != 0:
        ts = 0  # the first column, even unnamed (a pandas index written to CSV)
    return ts, val, units[val]


def _date_time_columns(table: _Table, val: int) -> tuple[int, int] | None:
    """Indices of separate date and time columns (e.g. ``date,time,kw`` or ``日期,时间,kW``), if any."""
    names = [h.strip().lower() for h in table.header]
    d = next((i for i, h in enumerate(names) if i != val and h in _DATE_NAMES), None)
    t = next((i for i, h in enumerate(names) if i != val and h in _TIME_NAMES), None)
    return (d, t) if d is not None and t is not None else None


def _combine_date_time(d: object, t: object) -> object:
    """One timestamp cell from a date cell and a time-of-day cell (text or Excel values)."""
    if _is_blank(d) or _is_blank(t):
        return None if _is_blank(d) else d
    if isinstance(d, _dt.datetime):
        d = d.date()
    ds = d.isoformat() if isinstance(d, _dt.date) else str(d).strip()
    if isinstance(t, _dt.datetime):  # an Excel time cell read as 1899-12-30 hh:mm
        t = t.time()
    if isinstance(t, _dt.time):
        ts = t.strftime("%H:%M:%S")
    elif isinstance(t, _dt.timedelta):
        sec = int(round(t.total_seconds()))
        ts = f"{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d}"
    elif isinstance(t, (int, float)) and not isinstance(t, bool) and 0 <= t < 1:  # Excel fraction of a day
        sec = int(round(float(t) * _SECONDS_PER_DAY))
        ts = f"{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d}"
    else:
        ts = str(t).strip()
    return f"{ds} {ts}"


def _cell(cells: list[object], i: int) -> object:
    return cells[i] if i < len(cells) else None


# --------------------------------------------------------------------------- parsing cells


def _parse_values(cells: list[object], rows: list[int], column: str, unit: str, source: str) -> np.ndarray:
    out = np.empty(len(cells), dtype=float)
    bad: list[tuple[int, object]] = []
    for k, c in enumerate(cells):
        x = _to_float(c)
        if x is None:
            bad.append((rows[k], c))
            x = math.nan
        out[k] = x
    if bad:
        row, c = bad[0]
        more = f" (and {len(bad) - 1} more such cells)" if len(bad) > 1 else ""
        raise _error(source, f"a number [{unit}]", f"'{c}'{more}", row=row, column=column)
    return out


def _to_float(c: object) -> float | None:
    """Float value of a cell, NaN for a missing value, None if not a number."""
    if _is_blank(c):
        return math.nan
    if isinstance(c, bool):
        return None
    if isinstance(c, (int, float, np.integer, np.floating)):
        x = float(c)
        return x if math.isfinite(x) else None
    if isinstance(c, str):
        s = c.strip().replace("\u00a0", "").replace(" ", "")
        if s.lower() in _MISSING_TOKENS:
            return math.nan
        if _THOUSANDS.match(s):
            s = s.replace(",", "")
        try:
            x = float(s)
        except ValueError:
            return None
        return x if math.isfinite(x) else None
    return None


@dataclass
class _Times:
    seconds: np.ndarray | None  # int64 seconds since 1970-01-01 local time; None = take rows in order
    ending_hint: bool
    messages: list[str]


def _parse_timestamps(
    cells: list[object], rows: list[int], column: str, source: str, utc_offset_h: float | None
) -> _Times:
    n = len(cells)
    for k, c in enumerate(cells):
        if _is_blank(c):
            raise _error(source, "a date-time such as 2025-01-01 00:00", "an empty cell", row=rows[k], column=column)
    cells = [float(c) if isinstance(c, str) and _NUMBER.match(c.strip()) else c for c in cells]
    numeric = np.array(
        [isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool) for c in cells]
    )
    if numeric.all():
        x = np.array(cells, dtype=float)
        lo, hi = _EXCEL_SERIAL_RANGE
        if len(x) > 1 and np.all(np.diff(x) == 1) and x[0] in (0.0, 1.0):
            return _Times(
                None,
                False,
                [f"column '{column}' holds row numbers, not date-times: rows taken in file order from 1 January 00:00"],
            )
        if np.all((x >= lo) & (x <= hi)):
            ts = pd.to_datetime(x, unit="D", origin="1899-12-30")
            secs = np.round(ts.to_numpy().astype("datetime64[ms]").astype(np.int64) / 1000.0).astype(np.int64)
            return _Times(secs, False, [f"column '{column}' holds Excel day numbers; read as dates"])
    if numeric.any():
        k = int(np.flatnonzero(numeric)[0])
        raise _error(
            source,
            "a date-time such as 2025-01-01 00:00 (or row numbers 1, 2, 3 ...)",
            f"'{cells[k]:g}'",
            row=rows[k],
            column=column,
        )
    out = np.zeros(n, dtype=np.int64)
    texts: list[str] = []
    text_pos: list[int] = []
    for k, c in enumerate(cells):
        if isinstance(c, (pd.Timestamp, _dt.datetime)):
            t = pd.Timestamp(c)
            if t.tzinfo is not None:
                texts.append(t.isoformat())
                text_pos.append(k)
                continue
            out[k] = _ts_seconds(t)
        elif isinstance(c, _dt.date):
            out[k] = _ts_seconds(pd.Timestamp(c))
        elif isinstance(c, np.datetime64):
            out[k] = _ts_seconds(pd.Timestamp(c))
        elif isinstance(c, str):
            texts.append(c.strip())
            text_pos.append(k)
        else:
            raise _error(source, "a date-time such as 2025-01-01 00:00", f"'{c}'", row=rows[k], column=column)
    messages: list[str] = []
    ending_hint = False
    if texts:
        secs, ending_hint, msgs = _parse_texts(texts, [rows[k] for k in text_pos], column, source, utc_offset_h)
        out[np.asarray(text_pos)] = secs
        messages += msgs
    return _Times(out, ending_hint, messages)


def _ts_seconds(t: pd.Timestamp) -> int:
    return int(np.datetime64(t.replace(tzinfo=None).to_datetime64(), "s").astype(np.int64))


def _parse_texts(
    texts: list[str], rows: list[int], column: str, source: str, utc_offset_h: float | None
) -> tuple[np.ndarray, bool, list[str]]:
    messages: list[str] = []
    ending = False
    fixed = [s.replace("年", "-").replace("月", "-").replace("日", " ").strip() for s in texts]
    for k, s in enumerate(fixed):
        if not _DATE_LIKE.search(s):  # dateutil would read e.g. "Monday" or "12" as some date
            raise _error(source, "a date-time such as 2025-01-01 00:00", f"'{texts[k]}'", row=rows[k], column=column)
    plus_day = np.zeros(len(texts), dtype=bool)
    for k, s in enumerate(fixed):
        m = _HOUR_24.match(s)
        if m:
            fixed[k] = m.group(1) + " 00:00"
            plus_day[k] = True
    if plus_day.any():
        ending = True
    tz = [_TZ_SUFFIX.search(s) for s in fixed]
    has_tz = np.array([m is not None for m in tz])
    if has_tz.any() and not has_tz.all():
        k = int(np.flatnonzero(~has_tz)[0])
        raise _error(
            source,
            "every timestamp with a UTC offset (like the others in the column)",
            f"'{texts[k]}' without one",
            row=rows[k],
            column=column,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ser = pd.Series(fixed, dtype=object)
        utc = bool(has_tz.any())
        parsed = pd.to_datetime(ser, errors="coerce", utc=utc)
        bad = parsed.isna().to_numpy()
        if bad.any():
            retry = pd.to_datetime(ser[bad], errors="coerce", utc=utc, format="mixed")
            parsed = parsed.copy()
            parsed[bad] = retry
            bad = parsed.isna().to_numpy()
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        more = f" (and {int(bad.sum()) - 1} more such cells)" if bad.sum() > 1 else ""
        raise _error(source, "a date-time such as 2025-01-01 00:00", f"'{texts[k]}'{more}", row=rows[k], column=column)
    if utc:
        parsed = parsed.dt.tz_localize(None)
    secs = parsed.to_numpy().astype("datetime64[s]").astype(np.int64)
    secs = secs + plus_day.astype(np.int64) * _SECONDS_PER_DAY
    if utc:
        offsets = sorted({_offset_minutes(m.group(1)) for m in tz})
        target = int(round(utc_offset_h * 60)) if utc_offset_h is not None else offsets[0]
        secs = secs + target * 60
        if len(offsets) > 1 or offsets[0] != target:
            shown = ", ".join(_fmt_offset(o) for o in offsets)
            messages.append(
                f"timestamps carry UTC offsets ({shown}); converted to local standard time UTC{_fmt_offset(target)}"
            )
    return secs, ending, messages


def _offset_minutes(s: str) -> int:
    if s.upper() == "Z":
        return 0
    sign = -1 if s[0] == "-" else 1
    digits = s[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4]))


def _fmt_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    m = abs(minutes)
    return f"{sign}{m // 60:02d}:{m % 60:02d}"


# --------------------------------------------------------------------------- time helpers


def _fmt(sec: int | np.integer) -> str:
    return str(np.datetime64(int(sec), "s").astype("datetime64[m]")).replace("T", " ")


def _fields(secs: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.asarray(secs, dtype=np.int64).astype("datetime64[s]"))


def _year_start(y: int) -> int:
    return int(np.datetime64(f"{y:04d}-01-01T00:00:00", "s").astype(np.int64))


def _is_feb29(secs: np.ndarray) -> np.ndarray:
    f = _fields(secs)
    return np.asarray((f.month == 2) & (f.day == 29))


def _is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of the runs of True in ``mask``, linear."""
    if not mask.any():
        return []
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return list(zip(starts.tolist(), (ends - starts).tolist()))


def _circular_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of runs of True, joining a run at the end with one at the start."""
    runs = _runs(mask)
    n = len(mask)
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][0] + runs[-1][1] == n:
        last = runs.pop()
        first = runs.pop(0)
        runs.append((last[0], last[1] + first[1]))
    return runs


def _fmt_ranges(grid: np.ndarray, runs: list[tuple[int, int]], limit: int = 3) -> str:
    n = len(grid)
    parts = []
    for start, length in runs[:limit]:
        a, b = grid[start], grid[(start + length - 1) % n]
        parts.append(_fmt(a) if length == 1 else f"{_fmt(a)} to {_fmt(b)}")
    if len(runs) > limit:
        parts.append(f"and {len(runs) - limit} more")
    return ", ".join(parts)


# --------------------------------------------------------------------------- the reader


def read_hourly_profile(
    path: str | Path,
    *,
    value_name: str = "kw",
    year: int | None = None,
    utc_offset_h: float | None = None,
) -> HourlyProfile:
    """Read interval meter data (CSV or XLSX) as the 8760 hourly kW of one year.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV or XLSX file (first sheet).  See the module docstring for
        the accepted layouts.
    value_name : str
        One more accepted name of the value column, preferred when several
        columns qualify; its unit is kWh if it ends in ``kwh``, else kW [-].
    year : int, optional
        Calendar year of the simulation [-].  Selects that year from data
        spanning several years, and data of another year are mapped onto it.
        ``None``: the year of the data.
    utc_offset_h : float, optional
        Local standard time offset from UTC [h] to convert timestamps that
        carry a UTC offset to.  ``None``: the smallest offset in the file.

    Returns
    -------
    HourlyProfile
        8760 hourly mean kW and the report of what was repaired.

    Raises
    ------
    ProfileError
        If the file cannot be read as a profile: missing, empty, header only,
        no kw/kwh column, text in the value column, unreadable timestamps, an
        interval other than 5-60 minutes, less than 80 % of a year, mostly
        negative values, cumulative register readings, or all zero.

    Notes
    -----
    Steps, each counted in the report and described in ``messages``:

    1. *Interval* :math:`\\Delta t` = median step between distinct sorted
       timestamps, snapped to 5, 10, 15, 20, 30 or 60 min; timestamps off
       that grid are rounded to it.
    2. *Negative values* are set to 0 (meter noise, standby consumption of
       PV inverters); a file with more than 50 % negative values is refused.
    3. *Daylight-saving artefacts* of meters recording local daylight time:
       a missing clock hour 00-03 h on a Sunday of March/April/September-
       November (spring) and a repeated one (autumn).  When a calendar year
       has exactly one of each, the rows recorded in daylight time (from the
       missing hour to the first copy of the repeated hour, in file order)
       are shifted back 1 h to standard time, which removes both artefacts
       exactly.  An unpaired missing hour is interpolated like a gap and an
       unpaired repeated hour keeps the mean of its two values.
       Then data whose first timestamp is at 00:00 + :math:`\\Delta t` and
       whose last is at 00:00 (or that use the clock reading 24:00) label
       interval *ends* and are shifted back by :math:`\\Delta t`.
    4. *Duplicate timestamps* keep the mean of their values (missing values
       ignored).
    5. *Year*: data within one calendar year are used as they are.  Data
       spanning several years use calendar year ``year`` if it is covered
       to at least 80 %, else the best covered calendar year (the latest on
       a tie) if it is covered to at least 80 %, else the most recent 8760 h
       of data (29 February excluded) ending at the last timestamp.  Rows
       outside the chosen year are not used.  The chosen data are mapped
       onto the simulated year by date (month, day, time): weekdays are not
       realigned.  Data of 29 February are dropped.
    6. *Coverage*: fewer than 80 % of the year's intervals with a value is
       refused.
    7. *Gaps* (missing rows and empty cells): runs of at most
       ``MAX_INTERPOLATED_GAP_H`` = 6 h are linearly interpolated between
       their neighbours, :math:`x_i = x_a + (x_b - x_a)(i - a)/(b - a)`;
       longer runs take the value at the same time one week earlier (then
       one week later, then 2, 3, 4 weeks earlier/later), else the mean of
       that weekday and time of day over the data, else the mean of that
       time of day.  The year is treated as circular (31 December 23:00 is
       next to 1 January 00:00).
    8. *Hourly values*: kW data are averaged over the :math:`60/\\Delta t`
       intervals of each hour, kWh data are summed (the energy of the hour
       in kWh equals its mean power in kW): :math:`P_h = \\sum_j E_j / 1\\,h`.

    A file without timestamps is taken in order from 1 January 00:00 and
    goes through steps 2 and 5-8 only.
    """
    path = Path(path)
    source = path.name or str(path)
    if year is not None:
        year = int(year)
    try:
        return _read_profile(path, source, value_name, year, utc_offset_h)
    except ProfileError:
        raise
    except Exception as err:  # the contract: a bad file never surfaces as another exception type
        raise _error(
            source, "a readable interval profile", f"an unexpected problem ({type(err).__name__}: {err})"
        ) from err


def _read_profile(
    path: Path, source: str, value_name: str, year: int | None, utc_offset_h: float | None
) -> HourlyProfile:
    table = _read_table(path, source, value_name)
    ts_col, val_col, unit = _identify_columns(table, value_name, source)
    messages: list[str] = []
    if table.skipped_before_header:
        messages.append(f"{table.skipped_before_header} line(s) before the header row {table.header_row} skipped")
    val_name = table.header[val_col]

    times: _Times | None = None
    rows = table.rows
    if ts_col is not None:
        rows = [(r, c) for r, c in rows if not (_is_blank(_cell(c, ts_col)) and _is_blank(_cell(c, val_col)))]
        if not rows:
            raise _error(source, f"data rows after the header in row {table.header_row}", "none (header only)")
        pair = _date_time_columns(table, val_col)
        if pair is not None:
            ts_cells = [_combine_date_time(_cell(c, pair[0]), _cell(c, pair[1])) for _, c in rows]
            ts_name = f"{table.header[pair[0]]}+{table.header[pair[1]]}"
        else:
            ts_cells = [_cell(c, ts_col) for _, c in rows]
            ts_name = table.header[ts_col]
        times = _parse_timestamps(ts_cells, [r for r, _ in rows], ts_name, source, utc_offset_h)
        messages += times.messages
    row_numbers = [r for r, _ in rows]
    values = _parse_values([_cell(c, val_col) for _, c in rows], row_numbers, val_name, unit, source)
    input_rows = len(rows)

    # negative values
    neg = values < 0
    n_neg = int(neg.sum())
    n_known = int((~np.isnan(values)).sum())
    if n_known == 0:
        raise _error(source, f"numbers in column '{val_name}'", "only empty cells")
    if n_neg:
        if n_neg > NEGATIVE_REFUSE_SHARE * n_known:
            raise _error(
                source,
                f"consumption as positive numbers in column '{val_name}'",
                f"{n_neg} negative values of {n_known} (reversed sign, or a net meter with export?)",
                column=val_name,
            )
        k = int(np.flatnonzero(neg)[0])
        messages.append(
            f"{n_neg} negative value(s) set to 0 (first: {values[k]:g} {_unit_label(unit)} in row {row_numbers[k]})"
        )
        values = np.where(neg, 0.0, values)

    if times is None or times.seconds is None:
        secs, interval = _ordered_times(len(values), year, source)
        ctx = _Context(source, unit, interval, messages)
        ctx.ordered = True
    else:
        secs = times.seconds
        interval = _detect_interval(secs, row_numbers, source)
        ctx = _Context(source, unit, interval, messages)
        secs = _round_to_grid(secs, ctx)
        _check_span(secs, row_numbers, source)
        secs = _daylight_saving(secs, ctx)
        secs = _interval_ends(secs, ctx, times.ending_hint)

    uniq, mean_vals, dup_rows = _merge_duplicates(secs, values)
    dup_rows -= ctx.dst_dup_rows
    if dup_rows > 0:
        _, counts = np.unique(secs, return_counts=True)
        repeated = np.unique(secs)[counts > 1]
        repeated = repeated[~np.isin(repeated, ctx.dst_dup_slots)]
        shown = ", ".join(_fmt(s) for s in repeated[:3])
        if len(repeated) > 3:
            shown += f" and {len(repeated) - 3} more"
        messages.append(f"{dup_rows} duplicate timestamp row(s) ({shown}) merged into the mean of their values")
    if unit == "kwh":
        _check_not_cumulative(mean_vals, val_name, source)

    kw, gaps_h, leap = _to_year(uniq, mean_vals, year, ctx)
    if not np.any(kw > 0):
        raise _error(source, f"some positive values in column '{val_name}'", "only zeros", column=val_name)
    kw = np.ascontiguousarray(kw, dtype=np.float64)
    kw.setflags(write=False)
    report = ProfileReport(
        source=source,
        input_rows=input_rows,
        interval_minutes=interval,
        unit=unit,
        duplicates_removed=int(dup_rows),
        gaps_filled_hours=int(gaps_h),
        dst_artefacts=int(ctx.dst_artefacts),
        negative_values=n_neg,
        leap_day_dropped=bool(leap),
        messages=messages,
    )
    return HourlyProfile(kw=kw, report=report)


def _unit_label(unit: str) -> str:
    return "kWh" if unit == "kwh" else "kW"


@dataclass
class _Context:
    source: str
    unit: str
    interval: int  # minutes
    messages: list[str]
    ordered: bool = False
    dst_artefacts: int = 0
    dst_dup_rows: int = 0
    dst_dup_slots: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    dst_missing_slots: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def step(self) -> int:
        return self.interval * 60

    @property
    def per_hour(self) -> int:
        return 60 // self.interval


def _ordered_times(n: int, year: int | None, source: str) -> tuple[np.ndarray, int]:
    sizes = {8760: (60, False), 35040: (15, False), 8784: (60, True), 35136: (15, True)}
    if n not in sizes:
        raise _error(
            source,
            "8760 hourly or 35040 15-minute rows in a file without timestamps (8784 or 35136 for a leap year)",
            f"{n} rows",
        )
    interval, leap = sizes[n]
    if year is not None and _is_leap(year) == leap:
        data_year = year
    else:
        data_year = 2024 if leap else 2025
    start = _year_start(data_year)
    return start + np.arange(n, dtype=np.int64) * interval * 60, interval


def _detect_interval(secs: np.ndarray, rows: list[int], source: str) -> int:
    uniq = np.unique(secs)
    if len(uniq) < 2:
        raise _error(source, f"at least {MIN_COVERAGE:.0%} of a year of data", f"{len(uniq)} distinct timestamp(s)")
    step = float(np.median(np.diff(uniq)))
    for minutes in SUPPORTED_INTERVALS_MIN:
        if abs(step - minutes * 60) <= 0.05 * minutes * 60:
            return minutes
    raise _error(
        source,
        "hourly or 15-minute data (steps of 5 to 60 minutes)",
        f"a typical step of {step / 60:g} minutes between timestamps",
    )


def _round_to_grid(secs: np.ndarray, ctx: _Context) -> np.ndarray:
    step = ctx.step
    off = secs % step != 0
    if off.any():
        secs = (secs + step // 2) // step * step
        ctx.messages.append(
            f"{int(off.sum())} timestamp(s) not on the {ctx.interval}-minute grid rounded to the nearest interval"
        )
    return secs


def _interval_ends(secs: np.ndarray, ctx: _Context, ending_hint: bool) -> np.ndarray:
    """Shift interval-ending labels back to interval starts (after the DST repair, which may
    itself explain a first label at 01:00)."""
    step = ctx.step
    first, last = int(secs.min()), int(secs.max())
    if ending_hint or (first % _SECONDS_PER_DAY == step and last % _SECONDS_PER_DAY == 0):
        secs = secs - step
        ctx.messages.append(
            f"timestamps mark the end of each interval (first {_fmt(first)}, last {_fmt(last)}"
            f"{', clock reading 24:00' if ending_hint else ''}); shifted back {ctx.interval} min to interval starts"
        )
    return secs


def _check_span(secs: np.ndarray, rows: list[int], source: str) -> None:
    lo, hi = int(np.argmin(secs)), int(np.argmax(secs))
    if secs[hi] - secs[lo] > MAX_SPAN_YEARS * 366 * _SECONDS_PER_DAY:
        raise _error(
            source,
            f"timestamps within {MAX_SPAN_YEARS} years",
            f"{_fmt(secs[lo])} in row {rows[lo]} and {_fmt(secs[hi])} in row {rows[hi]}",
        )


def _daylight_saving(secs: np.ndarray, ctx: _Context) -> np.ndarray:
    """Find and repair DST artefacts (see read_hourly_profile Notes, step 3)."""
    step, k = ctx.step, ctx.per_hour
    uniq, counts = np.unique(secs, return_counts=True)
    grid = np.arange(uniq[0], uniq[-1] + step, step, dtype=np.int64)
    missing = grid[~np.isin(grid, uniq)]

    def transition_hours(starts: np.ndarray) -> list[int]:
        if not len(starts):
            return []
        f = _fields(starts)
        ok = (
            (np.asarray(f.day_of_week) == _SUNDAY)
            & np.isin(np.asarray(f.month), _DST_MONTHS)
            & np.isin(np.asarray(f.hour), _DST_HOURS)
        )
        return [int(x) for x in starts[ok]]

    # missing clock hours: maximal runs of missing slots that are exactly one clock hour
    gaps: list[int] = []
    if len(missing):
        breaks = np.flatnonzero(np.diff(missing) != step) + 1
        run_start = missing[np.concatenate(([0], breaks))]
        run_len = np.diff(np.concatenate(([0], breaks, [len(missing)])))
        gaps = transition_hours(run_start[(run_len == k) & (run_start % _SECONDS_PER_HOUR == 0)])
    # repeated clock hours: every slot of the hour twice, neighbouring slots once
    repeats: list[int] = []
    dup = uniq[counts == 2]
    if len(dup):
        hrs, n_in_hour = np.unique(dup - dup % _SECONDS_PER_HOUR, return_counts=True)
        full = hrs[n_in_hour == k]
        multi = uniq[counts > 1]
        isolated = ~np.isin(full - step, multi) & ~np.isin(full + _SECONDS_PER_HOUR, multi)
        repeats = transition_hours(full[isolated])

    if not gaps and not repeats:
        return secs
    secs = secs.copy()

    def year_of(t: int) -> int:
        return int(str(np.datetime64(t, "s"))[:4])

    years = sorted({year_of(t) for t in gaps + repeats})
    unpaired_gaps: list[int] = []
    unpaired_reps: list[int] = []
    for y in years:
        g_y = [g for g in gaps if year_of(g) == y]
        r_y = [r for r in repeats if year_of(r) == y]
        if len(g_y) == 1 and len(r_y) == 1:
            g, r = g_y[0], r_y[0]
            gap_end = g + _SECONDS_PER_HOUR
            if g < r:  # northern hemisphere: daylight time from spring to autumn
                mask = (secs >= gap_end) & (secs < r)
            else:  # southern hemisphere: daylight time at both ends of the calendar year
                y0, y1 = _year_start(y), _year_start(y + 1)
                # daylight-time labels of the year end run to 1 January 01:00 of the next year
                mask = ((secs >= y0) & (secs < r)) | ((secs >= gap_end) & (secs < y1 + _SECONDS_PER_HOUR))
            for s in r + np.arange(k, dtype=np.int64) * step:
                mask[int(np.flatnonzero(secs == s)[0])] = True  # the first copy, in file order, is daylight time
            secs[mask] -= _SECONDS_PER_HOUR
            ctx.dst_artefacts += 2
            ctx.messages.append(
                f"daylight-saving time: {_fmt(g)} missing and {_fmt(r)} repeated; "
                f"{int(mask.sum())} rows recorded in daylight time shifted back 1 h to standard time"
            )
        else:
            unpaired_gaps += g_y
            unpaired_reps += r_y
    for g in unpaired_gaps:
        ctx.dst_artefacts += 1
        ctx.dst_missing_slots = np.concatenate([ctx.dst_missing_slots, g + np.arange(k, dtype=np.int64) * step])
        ctx.messages.append(
            f"daylight-saving time: {_fmt(g)} missing (spring change of clocks) filled by linear interpolation; "
            "no matching repeated hour found, other timestamps kept as recorded"
        )
    for r in unpaired_reps:
        ctx.dst_artefacts += 1
        slots = r + np.arange(k, dtype=np.int64) * step
        ctx.dst_dup_slots = np.concatenate([ctx.dst_dup_slots, slots])
        ctx.dst_dup_rows += k
        ctx.messages.append(
            f"daylight-saving time: {_fmt(r)} repeated (autumn change of clocks); the two readings averaged; "
            "no matching missing hour found, other timestamps kept as recorded"
        )
    return secs


def _merge_duplicates(secs: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    uniq, inv = np.unique(secs, return_inverse=True)
    known = ~np.isnan(values)
    sums = np.bincount(inv, weights=np.where(known, values, 0.0), minlength=len(uniq))
    cnt = np.bincount(inv, weights=known.astype(float), minlength=len(uniq))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(cnt > 0, sums / np.where(cnt > 0, cnt, 1.0), np.nan)
    return uniq, mean, int(len(secs) - len(uniq))


def _check_not_cumulative(vals: np.ndarray, column: str, source: str) -> None:
    v = vals[~np.isnan(vals)]
    if len(v) < 48:
        return
    d = np.diff(v)
    rise = float(d[d > 0].sum())
    # a register only decreases at a reset or roll-over, and its net rise is its total rise
    if np.mean(d < 0) <= 0.001 and np.mean(d > 0) >= 0.5 and v[-1] - v[0] > 0.5 * rise > 0:
        raise _error(
            source,
            f"the energy of each interval in column '{column}'",
            f"values that only ever increase (from {v[0]:g} to {v[-1]:g}): cumulative meter register readings? "
            "Use the differences of consecutive readings",
            column=column,
        )


def _year_grid(y: int, step: int) -> np.ndarray:
    g = np.arange(_year_start(y), _year_start(y + 1), step, dtype=np.int64)
    return g[~_is_feb29(g)] if _is_leap(y) else g


def _to_year(uniq: np.ndarray, vals: np.ndarray, year: int | None, ctx: _Context) -> tuple[np.ndarray, int, bool]:
    """Choose the year of data, fill gaps and aggregate to 8760 hourly kW (steps 5-8)."""
    step, k = ctx.step, ctx.per_hour
    n_slots = HOURS_PER_YEAR * k
    known_rows = ~np.isnan(vals)
    years_all = np.asarray(_fields(uniq).year)
    data_years = sorted(set(years_all.tolist()))

    def coverage(y: int) -> float:
        sel = (years_all == y) & known_rows & ~_is_feb29(uniq)
        return float(sel.sum()) / n_slots

    label: str
    calendar_window: int | None = None
    if len(data_years) == 1:
        calendar_window = data_years[0]
    elif year is not None and coverage(year) >= MIN_COVERAGE:
        calendar_window = year
    else:
        best = max(data_years, key=lambda y: (coverage(y), y))
        if coverage(best) >= MIN_COVERAGE:
            calendar_window = best
    if calendar_window is not None:
        grid = _year_grid(calendar_window, step)
        span_lo, span_hi = _year_start(calendar_window), _year_start(calendar_window + 1)
        label = str(calendar_window)
    else:
        end = int(uniq[known_rows][-1]) + step
        cand = np.arange(end - 366 * _SECONDS_PER_DAY, end, step, dtype=np.int64)
        grid = cand[~_is_feb29(cand)][-n_slots:]
        span_lo, span_hi = int(grid[0]), end
        label = f"{_fmt(grid[0])} to {_fmt(grid[-1])}"

    in_span = (uniq >= span_lo) & (uniq < span_hi)
    feb29 = _is_feb29(uniq)
    leap = bool(np.any(in_span & feb29 & known_rows))
    outside = int(np.sum(~in_span & known_rows))
    if outside and not ctx.ordered:
        ctx.messages.append(
            f"{outside} row(s) outside {label} not used (data from {_fmt(uniq[0])} to {_fmt(uniq[-1])}; "
            "one year of data is simulated)"
        )
    if leap:
        n29 = int(np.sum(in_span & feb29 & known_rows))
        ctx.messages.append(f"29 February dropped ({n29 // k} hours of data): the simulated year has 365 days")

    x = np.full(len(grid), np.nan)
    pos = np.searchsorted(grid, uniq)
    ok = (pos < len(grid)) & in_span & ~feb29
    ok[ok] = grid[pos[ok]] == uniq[ok]
    x[pos[ok]] = vals[ok]
    have = ~np.isnan(x)
    cov = have.sum() / n_slots
    if cov < MIN_COVERAGE:
        raise _error(
            ctx.source,
            f"at least {MIN_COVERAGE:.0%} of a year of data ({int(MIN_COVERAGE * HOURS_PER_YEAR):,} hours)",
            f"{have.sum() / k:,.0f} hours ({cov:.0%}) in {label}",
        )

    filled, short_mask, long_mask, short_runs, long_runs = _fill_gaps(grid, x, step)
    dst_mask = np.isin(grid, ctx.dst_missing_slots) if len(ctx.dst_missing_slots) else np.zeros(len(grid), bool)
    gap_short = short_mask & ~dst_mask
    short_runs = [(s, n) for s, n in short_runs if not dst_mask[s : s + n].all()]

    # fold onto the calendar: order by (month, day, time of day)
    f = _fields(grid)
    key = (_CUM_DAYS[np.asarray(f.month) - 1] + np.asarray(f.day) - 1) * _SECONDS_PER_DAY + np.asarray(
        grid % _SECONDS_PER_DAY
    )
    order = np.argsort(key, kind="stable")
    per_hour = filled[order].reshape(HOURS_PER_YEAR, k)
    kw = per_hour.sum(axis=1) if ctx.unit == "kwh" else per_hour.mean(axis=1)

    def hours(mask: np.ndarray) -> int:
        return int(mask[order].reshape(HOURS_PER_YEAR, k).any(axis=1).sum())

    gaps_h = hours(gap_short | long_mask)
    if short_runs:
        ctx.messages.append(
            f"{hours(gap_short)} missing hour(s) in {len(short_runs)} gap(s) of up to {MAX_INTERPOLATED_GAP_H} h "
            f"({_fmt_ranges(grid, short_runs)}) filled by linear interpolation"
        )
    if long_runs:
        ctx.messages.append(
            f"{hours(long_mask)} missing hour(s) in {len(long_runs)} gap(s) longer than {MAX_INTERPOLATED_GAP_H} h "
            f"({_fmt_ranges(grid, long_runs)}) filled with the same time of the same weekday one week earlier "
            "or later (else the mean of that weekday and time)"
        )
    if not ctx.ordered:
        target = year if year is not None else calendar_window
        if calendar_window is None:
            ctx.messages.append(
                f"data of {label} arranged by date into one calendar year"
                + (f" ({target})" if target is not None else "")
                + "; weekdays not realigned"
            )
        elif target is not None and target != calendar_window:
            ctx.messages.append(
                f"data of {calendar_window} mapped onto calendar year {target} by date; weekdays not realigned"
            )
    return kw, gaps_h, leap


def _fill_gaps(grid: np.ndarray, x: np.ndarray, step: int):
    """Fill NaN in ``x`` (see read_hourly_profile Notes, step 7)."""
    n = len(x)
    missing = np.isnan(x)
    short_mask = np.zeros(n, dtype=bool)
    long_mask = np.zeros(n, dtype=bool)
    if not missing.any():
        return x.copy(), short_mask, long_mask, [], []
    runs = _circular_runs(missing)
    max_short = MAX_INTERPOLATED_GAP_H * _SECONDS_PER_HOUR // step
    short_runs = [(s, ln) for s, ln in runs if ln <= max_short]
    long_runs = [(s, ln) for s, ln in runs if ln > max_short]
    for s, ln in short_runs:
        short_mask[(s + np.arange(ln)) % n] = True
    for s, ln in long_runs:
        long_mask[(s + np.arange(ln)) % n] = True
    out = x.copy()
    idx = np.arange(n)
    known = ~missing
    if short_mask.any():
        out[short_mask] = np.interp(idx[short_mask], idx[known], x[known], period=n)
    if long_mask.any():
        week = 7 * 24 * _SECONDS_PER_HOUR // step
        todo = long_mask.copy()
        for weeks in (-1, 1, -2, 2, -3, 3, -4, 4):
            j = (idx + weeks * week) % n
            take = todo & known[j]
            out[take] = x[j[take]]
            todo &= ~take
            if not todo.any():
                break
        if todo.any():
            f = _fields(grid)
            tod = (grid % _SECONDS_PER_DAY) // step
            wd = np.asarray(f.day_of_week)
            slots_per_day = _SECONDS_PER_DAY // step
            key = wd * slots_per_day + tod
            sums = np.bincount(key[known], weights=x[known], minlength=7 * slots_per_day)
            cnt = np.bincount(key[known], minlength=7 * slots_per_day)
            tsum = np.bincount(tod[known], weights=x[known], minlength=slots_per_day)
            tcnt = np.bincount(tod[known], minlength=slots_per_day)
            for i in np.flatnonzero(todo):
                if cnt[key[i]]:
                    out[i] = sums[key[i]] / cnt[key[i]]
                elif tcnt[tod[i]]:
                    out[i] = tsum[tod[i]] / tcnt[tod[i]]
                else:
                    out[i] = float(np.mean(x[known]))
    return out, short_mask, long_mask, short_runs, long_runs
