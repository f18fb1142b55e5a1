"""Interval meter data (CSV or XLSX) read on pandas into the 8760 hourly kW of one year.

Used for the factory's baseline load (:func:`planner.engine.load.baseline_load`)
and for PV generation profiles (:func:`planner.engine.pv.profile_output`); both
go through :func:`read_profile_cached`.

Conventions
-----------
* The result is 8760 hourly values in kW of year 1 on the calendar of
  :mod:`planner.engine.calendar`: local standard time, hour-beginning, 29 February
  dropped.  An hourly mean power in kW equals the energy of that hour in kWh,
  so ``kw.sum()`` is the annual energy in kWh.
* Every repair of a profile (duplicates, gaps, daylight-saving artefacts,
  negative values, leap day, a different year, unused rows, 15-minute to
  hourly, kWh to kW, day-first dates, decimal commas) is counted in the
  :class:`ProfileReport` and described in one line of ``ProfileReport.messages``;
  nothing is changed silently, and what cannot be read unambiguously is refused.
* A file that cannot be read as a profile raises :class:`ProfileError`, an
  :class:`planner.model.errors.InputError` whose ``where`` names the file, the
  row and the column where it can (``"meter.csv, row 5, column 'kw'"``).
  Messages never quote the file's lines: a ``profile_file`` may point at
  ``/etc/passwd``.  Only header names that look like column names (two or more
  short names) and single cells of the identified time or value column are
  quoted.

Profile files
-------------
* Only regular files of at most :data:`planner.io.files.MAX_FILE_BYTES`
  (200 MB) and :data:`MAX_ROWS` rows are read; FIFOs, devices and directories
  are refused before opening.  An XLSX sheet's dimension (and the sizes of the
  archive's parts, shared strings included) is checked before its cells are
  loaded.
* Text is decoded once: UTF-8 (with or without BOM), UTF-16 with BOM, else
  GB18030 (GBK).  The separator is the one of ``,`` ``;`` TAB that splits
  most of the first lines into the same number of fields.
* A header row is required.  Rows before it that do not name the columns
  (meter name, export date ...) are skipped and reported.
* The value column is named ``kw`` or ``kwh`` (any case), or any name whose
  last word is ``kw`` / ``kwh``: ``kW``, ``power_kw``, ``energy_kwh``,
  ``Load (kW)``, ``功率(kW)``.  Its unit is taken from the name.  The
  ``value_name`` argument names one more accepted column and is preferred
  when several columns qualify.
* Numbers: with ``;`` as separator a comma is a decimal comma (``1,250`` =
  1.25, ``1.250,5`` = 1250.5; reported); with ``,`` or TAB a comma can only be a
  thousands separator (``"1,250"`` = 1250).  Values above
  :data:`planner.model.bounds.MAX_PROFILE_KW` are refused with their row.
* The timestamp column is the one named ``timestamp`` (also ``time``,
  ``datetime``, ``date_time``, ``date``, ``时间``), otherwise the first
  column unless that is the value column; separate ``date`` and ``time``
  columns (``日期``, ``时间``) are joined.  Text such as ``2025-01-01 00:00``,
  ``2025/1/1 0:00``, ``2025-01-01T00:00:00+08:00``, ``31.01.2025 00:00``, the
  clock reading ``24:00`` of interval-ending meters, Excel date cells and
  Excel serial day numbers are understood.  For dates written with the year
  last the order of day and month is taken from the data: a first field above
  12 proves day-first, a second field above 12 month-first; data where
  neither occurs (or both) are refused with a request for ISO dates.
  Timestamps with a UTC offset are converted to the local standard time
  UTC+``utc_offset_h`` (if given), otherwise to the smallest offset found in
  the file (standard time of a zone with daylight saving).
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
import re
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from planner.io.files import MAX_FILE_BYTES, FileProblem, decode_text, read_regular_file
from planner.model.bounds import MAX_PROFILE_KW
from planner.model.errors import InputError

__all__ = [
    "HourlyProfile",
    "ProfileError",
    "ProfileReport",
    "read_hourly_profile",
    "read_profile_cached",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS_BYTES",
    "MIN_COVERAGE",
    "MAX_INTERPOLATED_GAP_H",
]

MIN_COVERAGE = 0.8
"""Smallest share of the 8760 hours of a year a profile must cover [-].

Project rule: below 80 % the filled-in values would be too large a part of
the baseline to be reported as a repair."""

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

MAX_ROWS = 1_100_000
"""Most rows read from a profile [-]: the longest accepted span
(:data:`MAX_SPAN_YEARS` = 10 years) at the finest accepted interval (5 min) is
10 x 366 x 288 = 1,054,080 rows, plus room for duplicates and a preamble."""

MAX_COLUMNS = 256
"""Most columns of an XLSX sheet [-]; meter exports have a few dozen at most,
and a sheet claiming 16,384 (a cell at XFD...) would be padded row by row."""

MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
"""Largest uncompressed shared-strings part of an XLSX [bytes] (64 MB): text
timestamps of :data:`MAX_ROWS` rows take ~35 MB; openpyxl loads all shared
strings when the workbook is opened, so a huge one is refused first."""

_DST_MONTHS = (3, 4, 9, 10, 11)
"""Months in which daylight-saving transitions happen (North America and
Europe: March/April and October/November; Southern hemisphere:
September/October and March/April)."""

_DST_HOURS = (0, 1, 2, 3)
"""Clock hours at which daylight-saving transitions happen."""

_MISSING_TOKENS = frozenset({"", "nan", "na", "n/a", "#n/a", "null", "none", "-", "--"})
_TIMESTAMP_NAMES = frozenset(
    {"timestamp", "time_stamp", "time", "datetime", "date_time", "date", "时间", "日期时间", "时间戳"}
)
_DATE_NAMES = frozenset({"date", "day", "日期"})
_TIME_NAMES = frozenset({"time", "time_of_day", "clock", "时间", "时刻"})
_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"
_EURO_THOUSANDS = r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$"
_TZ_SUFFIX = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_DATE_LIKE = r"\d{4}\s*[-/.]\s*\d{1,2}|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}"
_YEAR_LAST = r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?=$|[ T])"
_YEAR_FIRST = r"^(\d{4})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})(?=$|[ T])"
_HOUR_24 = r"^(.*?\d)[ T]24:00(?::00)?$"
_NAME_LIKE = re.compile(r"^[\w\s()\[\]（）/%.#+\-]{1,40}$")
_EXCEL_SERIAL_RANGE = (20000.0, 80000.0)  # Excel day numbers of 1954-10-03 .. 2119-01-10


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
    """An hourly load (or generation) of year 1.

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
    """A profile file that cannot be used.

    ``where`` is ``"<file>[, row N][, column 'c']"``; ``str(err)`` is
    ``"<where>: expected ..., found ..."``.  The parts are also available as
    ``source`` (the file name), ``row`` (1-based, as a spreadsheet or text
    editor shows it) and ``column`` (the header name).
    """

    def __init__(
        self,
        source: str,
        expected: str,
        found: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        where = source
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(where, expected, found)
        self.source = source
        self.row = row
        self.column = column


_error = ProfileError


def _quote(cell: object, limit: int = 24) -> str:
    """One cell of an identified time or value column, quoted and shortened."""
    if isinstance(cell, float):
        text = f"{cell:g}"
    else:
        text = str(cell)
    text = text.replace("\n", " ").replace("\r", " ")
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


# --------------------------------------------------------------------------- cache


def read_profile_cached(
    path: str | Path,
    *,
    value_name: str = "kw",
    year: int | None = None,
    utc_offset_h: float | None = None,
) -> HourlyProfile:
    """:func:`read_hourly_profile`, cached on (resolved path, mtime_ns, size, arguments).

    Repeated engine runs do not re-read an unchanged file; a changed file
    (new modification time or size) is read again.  The returned ``kw`` is
    the cached read-only array; the report's message list is a fresh copy.

    Raises
    ------
    ProfileError
        If the file is missing or cannot be read (see :func:`read_hourly_profile`).
    """
    p = Path(path)
    source = p.name or str(p)
    try:
        resolved = p.resolve()
        st = resolved.stat()
    except OSError as err:
        raise _error(
            source, "an existing, readable profile file (CSV or XLSX)", f"{err.strerror or type(err).__name__} ({p})"
        ) from None
    prof = _read_cached(
        str(resolved),
        st.st_mtime_ns,
        st.st_size,
        str(value_name),
        None if year is None else int(year),
        None if utc_offset_h is None else float(utc_offset_h),
        source,
    )
    return HourlyProfile(kw=prof.kw, report=replace(prof.report, messages=list(prof.report.messages)))


@lru_cache(maxsize=32)
def _read_cached(
    path: str, mtime_ns: int, size: int, value_name: str, year: int | None, utc_offset_h: float | None, source: str
) -> HourlyProfile:
    del mtime_ns, size  # part of the cache key only
    return _read_checked(Path(path), source, value_name, year, utc_offset_h)


read_profile_cached.cache_clear = _read_cached.cache_clear  # type: ignore[attr-defined]
read_profile_cached.cache_info = _read_cached.cache_info  # type: ignore[attr-defined]


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
        If the file cannot be read as a profile: missing, not a regular file,
        too large, empty, header only, no kw/kwh column, text in the value
        column, a value above the physical bound, unreadable or ambiguous
        timestamps, an interval other than 5-60 minutes, less than 80 % of a
        year, mostly negative values, cumulative register readings, or all zero.

    Notes
    -----
    Steps, each counted in the report and described in ``messages``
    (implemented in :mod:`planner.io.meter_repair`):

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
       of data (29 February excluded) ending at the last timestamp (rounded
       up to a whole hour).  Rows outside the chosen year are not used.  The
       chosen data are mapped onto the simulated year by date (month, day,
       time): weekdays are not realigned.  Data of 29 February are dropped.
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
    8. *Hourly values* (``resample("h")``): kW data are averaged over the
       :math:`60/\\Delta t` intervals of each hour, kWh data are summed (the
       energy of the hour in kWh equals its mean power in kW):
       :math:`P_h = \\sum_j E_j / 1\\,h`.

    A file without timestamps is taken in order from 1 January 00:00 and
    goes through steps 2 and 5-8 only.
    """
    p = Path(path)
    return _read_checked(p, p.name or str(p), value_name, None if year is None else int(year), utc_offset_h)


def _read_checked(
    path: Path, source: str, value_name: str, year: int | None, utc_offset_h: float | None
) -> HourlyProfile:
    try:
        return _read_profile(path, source, value_name, year, utc_offset_h)
    except ProfileError:
        raise
    except MemoryError:
        raise _error(source, f"a profile of at most {MAX_ROWS:,} rows", "more data than fits in memory") from None
    except Exception as err:  # the contract: a bad file never surfaces as another exception type
        # the exception's text may quote the file: name only its type (the chained traceback keeps the rest)
        raise _error(
            source, "a readable interval profile", f"a layout this reader does not understand ({type(err).__name__})"
        ) from err


# --------------------------------------------------------------------------- reading tables


@dataclass
class _Table:
    header: list[str]
    header_row: int  # 1-based row of the header in the file / sheet
    frame: pd.DataFrame  # data cells after the header; columns 0..n-1; "" or None = empty
    rows: np.ndarray  # 1-based file row of each frame row
    skipped_before_header: int
    delimiter: str | None  # None for XLSX


def _is_blank(cell: object) -> bool:
    if cell is None or cell is pd.NaT:
        return True
    if isinstance(cell, float) and cell != cell:
        return True
    return isinstance(cell, str) and not cell.strip()


def _read_table(path: Path, source: str, value_name: str) -> _Table:
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileProblem as err:
        expected = err.expected
        if expected in ("an existing file", "a readable file", "a regular file"):
            expected = f"{expected} (CSV or XLSX)"
        raise _error(source, expected, err.found) from None
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_table(data, source, value_name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _error(source, "a CSV or XLSX file (save the workbook as .xlsx or .csv)", "an old-format .xls workbook")
    if path.suffix.lower() in (".xlsx", ".xlsm") and data.strip():
        raise _error(source, "an XLSX workbook (a zip archive)", "a file that is not one")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(source, "a text CSV file or an XLSX workbook", "binary data")
    try:
        text, _ = decode_text(data)
    except FileProblem as err:
        raise _error(source, err.expected, err.found) from None
    del data
    return _csv_table(text, source, value_name)


def _sniff_delimiter(sample: list[str]) -> str:
    """The delimiter that splits most sample lines into the same number (> 1) of fields.

    Ties prefer TAB, then ``;``, then ``,``: a ``;`` on every line of a file
    whose numbers have decimal commas also leaves a ``,`` on every data line.
    """
    best, best_score = ",", (0, 0)
    for rank, d in enumerate((",", ";", "\t")):
        counts = [ln.count(d) for ln in sample]
        positive = [c for c in counts if c > 0]
        if not positive:
            continue
        mode = max(set(positive), key=positive.count)
        score = (sum(c == mode for c in counts), rank)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_table(text: str, source: str, value_name: str) -> _Table:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > MAX_ROWS + 100:
        raise _error(source, f"a profile of at most {MAX_ROWS:,} rows", f"{len(lines):,} lines")
    nonblank_idx = [i for i, ln in enumerate(lines[:2000]) if ln.strip()][:50]
    if not nonblank_idx:
        raise _error(source, "a header row (e.g. timestamp,kw) and data rows", "an empty file")
    delim = _sniff_delimiter([lines[i] for i in nonblank_idx])
    head = [(i + 1, [c.strip() or None for c in next(csv.reader([lines[i]], delimiter=delim), [])]) for i in nonblank_idx]
    header_at = _find_header(head[:20], value_name, source)
    header_row, header_cells = head[header_at]
    header = ["" if _is_blank(c) else str(c).strip() for c in header_cells]
    width = max(len(header), max(ln.count(delim) for ln in lines) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delim,
            header=None,
            skiprows=header_row,
            names=list(range(width)),
            index_col=False,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    rows = header_row + 1 + np.arange(len(frame))
    return _finish_table(frame, rows, header, header_row, header_at, delim, source)


def _finish_table(
    frame: pd.DataFrame, rows: np.ndarray, header: list[str], header_row: int, header_at: int, delim, source: str
) -> _Table:
    blank = np.ones(len(frame), dtype=bool)
    for c in frame.columns:
        blank &= _blank_mask(frame[c])
    nonblank = np.flatnonzero(~blank)
    end = int(nonblank[-1]) + 1 if len(nonblank) else 0
    # keep empty rows inside the data: they are missing values in a file without timestamps
    frame, rows = frame.iloc[:end], rows[:end]
    if not len(frame):
        raise _error(source, f"data rows after the header in row {header_row}", "none (header only)")
    frame = frame.reset_index(drop=True)
    return _Table(header, header_row, frame, rows, header_at, delim)


def _blank_mask(s: pd.Series) -> np.ndarray:
    if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
        txt = s.map(lambda c: c.strip() == "" if isinstance(c, str) else _is_blank(c)) if s.dtype == object else None
        if txt is not None:
            return txt.to_numpy(dtype=bool)
        return (s.str.strip() == "").to_numpy(dtype=bool)
    return s.isna().to_numpy(dtype=bool)


def _xlsx_table(data: bytes, source: str, value_name: str) -> _Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # a broken zip: any reader error is a bad file
        raise _error(source, "a readable XLSX workbook", "a damaged or incomplete zip archive") from None
    for info in infos:
        if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _error(
                source,
                f"shared strings of at most {MAX_SHARED_STRINGS_BYTES // 2**20} MB",
                f"{info.file_size / 2**20:,.0f} MB uncompressed",
            )
        if info.file_size > MAX_FILE_BYTES:
            raise _error(
                source,
                f"workbook parts of at most {MAX_FILE_BYTES // 2**20} MB uncompressed",
                f"a part of {info.file_size / 2**20:,.0f} MB",
            )
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except ImportError as err:  # pragma: no cover - openpyxl is a dependency
        raise _error(source, "the openpyxl package to read XLSX", type(err).__name__) from None
    except Exception as err:  # a broken or encrypted workbook
        raise _error(source, "a readable XLSX workbook", f"a workbook openpyxl cannot open ({type(err).__name__})") from None
    try:
        ws = wb.worksheets[0]
        max_row, max_col = ws.max_row, ws.max_column  # from the sheet's <dimension> tag, before any cell is loaded
        if max_row is not None and max_row > MAX_ROWS:
            raise _error(source, f"a sheet of at most {MAX_ROWS:,} rows", f"a sheet dimension of {max_row:,} rows")
        if max_col is not None and max_col > MAX_COLUMNS:
            raise _error(
                source, f"a sheet of at most {MAX_COLUMNS} columns", f"a sheet dimension of {max_col:,} columns"
            )
        # bounded even if the dimension tag is missing or wrong
        records = list(
            ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=max_col or MAX_COLUMNS, values_only=True)
        )
    finally:
        wb.close()
    if len(records) > MAX_ROWS:
        raise _error(source, f"a sheet of at most {MAX_ROWS:,} rows", f"more than {MAX_ROWS:,} rows")
    head: list[tuple[int, list[object]]] = []
    for i, rec in enumerate(records):
        cells = [None if _is_blank(c) else (c.strip() if isinstance(c, str) else c) for c in rec]
        if any(c is not None for c in cells):
            head.append((i + 1, cells))
            if len(head) >= 20:
                break
    if not head:
        raise _error(source, "a header row (e.g. timestamp,kw) and data rows", "an empty file")
    header_at = _find_header(head, value_name, source)
    header_row, header_cells = head[header_at]
    header = ["" if _is_blank(c) else str(c).strip() for c in header_cells]
    body = records[header_row:]
    width = max([len(header)] + [len(r) for r in body[:1]])
    frame = pd.DataFrame.from_records(body, columns=list(range(width))) if body else pd.DataFrame(columns=range(width))
    frame = frame.astype(object)
    rows = header_row + 1 + np.arange(len(frame))
    return _finish_table(frame, rows, header, header_row, header_at, None, source)


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


def _looks_like_data(cell: object) -> bool:
    if isinstance(cell, (int, float, _dt.date, _dt.datetime)) and not isinstance(cell, bool):
        return True
    if isinstance(cell, str):
        try:
            float(cell.replace(",", "").replace(" ", ""))
            return True
        except ValueError:
            return bool(re.match(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})", cell))
    return False


def _shown_names(cells: list[object]) -> str | None:
    """The header names quoted, if they look like column names; else None (never quote other content)."""
    names = [str(c).strip() for c in cells if not _is_blank(c)]
    if len(names) < 2 or not all(isinstance(c, str) and _NAME_LIKE.match(str(c)) for c in cells if not _is_blank(c)):
        return None
    return ", ".join(f"'{n}'" for n in names)


def _find_header(head: list[tuple[int, list[object]]], value_name: str, source: str) -> int:
    """Index in ``head`` of the header: the last row naming a value column before the first row of
    pure data (a preamble line such as "Meter 3 (kW)" may name one too)."""
    header_at = None
    for i, (_, cells) in enumerate(head):
        if any(isinstance(c, str) and _value_unit(c, value_name) for c in cells):
            header_at = i
        elif all(_looks_like_data(c) for c in cells if not _is_blank(c)):
            break
    if header_at is not None:
        return header_at
    row, cells = head[0]
    if any(_looks_like_data(c) for c in cells):
        raise _error(
            source,
            f"a header row naming the columns (e.g. timestamp,{value_name})",
            "data, not column names",
            row=row,
        )
    extra = "" if _norm(value_name) in ("kw", "kwh") else f" or {value_name}"
    shown = _shown_names(cells)
    n = sum(not _is_blank(c) for c in cells)
    found = f"columns {shown}" if shown else f"{n} field(s) that do not look like column names (not shown)"
    raise _error(source, f"a value column named kw or kwh (or kW, power_kw, energy_kwh ...{extra})", found, row=row)


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


def _time_text(t: object) -> str:
    if isinstance(t, _dt.datetime):  # an Excel time cell read as 1899-12-30 hh:mm
        t = t.time()
    if isinstance(t, _dt.time):
        return t.strftime("%H:%M:%S")
    if isinstance(t, _dt.timedelta) or (isinstance(t, (int, float)) and not isinstance(t, bool) and 0 <= t < 1):
        sec = int(round(t.total_seconds() if isinstance(t, _dt.timedelta) else float(t) * 86400))
        return f"{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d}"
    return str(t).strip()


def _combine_date_time(d: object, t: object) -> object:
    """One timestamp cell from a date cell and a time-of-day cell (text or Excel values)."""
    if _is_blank(d) or _is_blank(t):
        return None if _is_blank(d) else d
    if isinstance(d, _dt.datetime):
        d = d.date()
    ds = d.isoformat() if isinstance(d, _dt.date) else str(d).strip()
    return f"{ds} {_time_text(t)}"


def _column(table: _Table, i: int) -> pd.Series:
    if i < table.frame.shape[1]:
        return table.frame[i]
    return pd.Series([None] * len(table.frame), dtype=object)


# --------------------------------------------------------------------------- parsing cells


def _clean_text(s: pd.Series) -> pd.Series:
    return s.str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)


def _decimal_comma(text: pd.Series, rows: np.ndarray, column: str, source: str) -> tuple[pd.Series, str | None]:
    """Numbers of a ``;``-separated file: commas are decimal commas, points thousands separators.

    ``1,250`` -> 1.25 and ``1.250,5`` -> 1250.5.  A point is read as a decimal
    point only if no value of the column has a comma; a column mixing
    ``1,5`` and ``1.25`` (not in ``1.250,5`` form) is refused.
    """
    comma = text.str.contains(",", regex=False).to_numpy()
    point = text.str.contains(".", regex=False).to_numpy()
    if not comma.any():
        return text, None
    if point.any():
        euro = text.str.match(_EURO_THOUSANDS).to_numpy()
        odd = point & ~euro
        if odd.any():
            k, j = int(np.flatnonzero(comma)[0]), int(np.flatnonzero(odd)[0])
            raise _error(
                source,
                "numbers written one way in a ';'-separated file (decimal commas as in 1,25, "
                "or decimal points as in 1.25)",
                f"a decimal comma in row {rows[k]} and a decimal point in row {rows[j]}",
                column=column,
            )
        text = text.str.replace(".", "", regex=False)
    k = int(np.flatnonzero(comma)[0])
    note = (
        f"column '{column}': commas read as decimal commas (';'-separated file; e.g. row {rows[k]}: "
        f"{text.iloc[k]} = {text.iloc[k].replace(',', '.')})"
    )
    return text.str.replace(",", ".", regex=False), note


def _parse_values(
    s: pd.Series, rows: np.ndarray, column: str, unit: str, source: str, delimiter: str | None
) -> tuple[np.ndarray, list[str]]:
    """Floats of the value column (NaN = missing) and the notes on how they were read."""
    notes: list[str] = []
    n = len(s)
    out = np.full(n, np.nan)
    bad = np.zeros(n, dtype=bool)
    if s.dtype != object and not pd.api.types.is_string_dtype(s.dtype):
        out = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
    else:
        is_str = s.map(lambda c: isinstance(c, str)).to_numpy(dtype=bool)
        is_num = s.map(lambda c: isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool))
        is_num = is_num.to_numpy(dtype=bool)
        blank = s.map(_is_blank).to_numpy(dtype=bool)
        bad |= ~(is_str | is_num | blank)  # booleans, dates, times in a value column
        if is_num.any():
            out[is_num] = s[is_num].astype(float).to_numpy()
        if is_str.any():
            text = _clean_text(s[is_str].astype(str))
            missing = text.str.lower().isin(_MISSING_TOKENS).to_numpy()
            if delimiter == ";":
                text, note = _decimal_comma(text, rows[is_str], column, source)
                if note:
                    notes.append(note)
            else:
                thousands = text.str.match(_THOUSANDS)
                text = text.where(~thousands, text.str.replace(",", "", regex=False))
            num = pd.to_numeric(text.where(~missing, None), errors="coerce").to_numpy(dtype=float)
            bad_str = ~missing & np.isnan(num)
            idx = np.flatnonzero(is_str)
            bad[idx[bad_str]] = True
            out[idx] = num
    bad |= np.isinf(out)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        more = f" (and {int(bad.sum()) - 1} more such cells)" if bad.sum() > 1 else ""
        raise _error(source, f"a number [{_unit_label(unit)}]", f"{_quote(s.iloc[k])}{more}", row=int(rows[k]), column=column)
    huge = np.abs(np.nan_to_num(out)) > MAX_PROFILE_KW
    if huge.any():
        k = int(np.flatnonzero(huge)[0])
        raise _error(
            source,
            f"a value of at most {MAX_PROFILE_KW:g} {_unit_label(unit)} (planner.model.bounds)",
            f"{out[k]:g}",
            row=int(rows[k]),
            column=column,
        )
    return out, notes


def _unit_label(unit: str) -> str:
    return "kWh" if unit == "kwh" else "kW"


@dataclass
class _Times:
    index: pd.DatetimeIndex | None  # local standard time; None = take rows in order
    ending_hint: bool
    messages: list[str]


def _parse_timestamps(
    s: pd.Series, rows: np.ndarray, column: str, source: str, utc_offset_h: float | None
) -> _Times:
    n = len(s)
    blank = _blank_mask(s)
    if blank.any():
        k = int(np.flatnonzero(blank)[0])
        raise _error(source, "a date-time such as 2025-01-01 00:00", "an empty cell", row=int(rows[k]), column=column)
    if s.dtype != object:
        s = s.astype(object)
    is_str = np.array(s.map(lambda c: isinstance(c, str)), dtype=bool)
    num = np.full(n, np.nan)
    is_num = np.array(
        s.map(lambda c: isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)), dtype=bool
    )
    if is_num.any():
        num[is_num] = s[is_num].astype(float).to_numpy()
    if is_str.any():
        text = s[is_str].astype(str).str.strip()
        numeric_text = text.str.match(_NUMBER).to_numpy()
        if numeric_text.any():
            idx = np.flatnonzero(is_str)[numeric_text]
            num[idx] = pd.to_numeric(text[numeric_text]).to_numpy(dtype=float)
            is_num[idx] = True
            is_str[idx] = False
    if is_num.all():
        x = num
        lo, hi = _EXCEL_SERIAL_RANGE
        if n > 1 and np.all(np.diff(x) == 1) and x[0] in (0.0, 1.0):
            return _Times(
                None,
                False,
                [f"column '{column}' holds row numbers, not date-times: rows taken in file order from 1 January 00:00"],
            )
        if np.all((x >= lo) & (x <= hi)):
            ts = pd.to_datetime(x, unit="D", origin="1899-12-30").round("s")
            return _Times(pd.DatetimeIndex(ts), False, [f"column '{column}' holds Excel day numbers; read as dates"])
    if is_num.any():
        k = int(np.flatnonzero(is_num)[0])
        raise _error(
            source,
            "a date-time such as 2025-01-01 00:00 (or row numbers 1, 2, 3 ...)",
            _quote(num[k]),
            row=int(rows[k]),
            column=column,
        )
    out = np.empty(n, dtype="datetime64[us]")
    messages: list[str] = []
    ending_hint = False
    texts = np.zeros(n, dtype=bool)
    text_values = s.copy()
    for k in np.flatnonzero(~is_str):  # XLSX date cells (few types; a Python loop only over non-text cells)
        c = s.iloc[k]
        if isinstance(c, (pd.Timestamp, _dt.datetime)) and pd.Timestamp(c).tzinfo is not None:
            text_values.iloc[k] = pd.Timestamp(c).isoformat()
            texts[k] = True
        elif isinstance(c, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
            out[k] = np.datetime64(pd.Timestamp(c).replace(tzinfo=None).to_datetime64(), "us")
        else:
            raise _error(
                source, "a date-time such as 2025-01-01 00:00", f"a {type(c).__name__} cell", row=int(rows[k]), column=column
            )
    texts |= is_str
    if texts.any():
        idx = np.flatnonzero(texts)
        parsed, ending_hint, msgs = _parse_texts(
            text_values.iloc[idx].astype(str).reset_index(drop=True), rows[idx], column, source, utc_offset_h
        )
        out[idx] = parsed
        messages += msgs
    return _Times(pd.DatetimeIndex(out), ending_hint, messages)


def _parse_texts(
    texts: pd.Series, rows: np.ndarray, column: str, source: str, utc_offset_h: float | None
) -> tuple[np.ndarray, bool, list[str]]:
    messages: list[str] = []
    fixed = texts.str.strip()
    fixed = fixed.str.replace("年", "-", regex=False).str.replace("月", "-", regex=False)
    fixed = fixed.str.replace("日", " ", regex=False).str.strip()
    not_date = ~fixed.str.contains(_DATE_LIKE).to_numpy()
    if not_date.any():  # dateutil would read e.g. "Monday" or "12" as some date
        k = int(np.flatnonzero(not_date)[0])
        raise _error(
            source, "a date-time such as 2025-01-01 00:00", _quote(texts.iloc[k]), row=int(rows[k]), column=column
        )
    plus_day = fixed.str.match(_HOUR_24).to_numpy()
    ending = bool(plus_day.any())
    if ending:
        fixed = fixed.str.replace(_HOUR_24, r"\1 00:00", regex=True)
    fixed, note = _day_month_order(fixed, rows, column, source)
    if note:
        messages.append(note)
    fixed = fixed.str.replace(_YEAR_FIRST, r"\1-\2-\3", regex=True)
    tz = fixed.str.extract(_TZ_SUFFIX, expand=False)
    has_tz = tz.notna().to_numpy()
    if has_tz.any() and not has_tz.all():
        k = int(np.flatnonzero(~has_tz)[0])
        raise _error(
            source,
            "every timestamp with a UTC offset (like the others in the column)",
            f"{_quote(texts.iloc[k])} without one",
            row=int(rows[k]),
            column=column,
        )
    utc = bool(has_tz.any())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(fixed, errors="coerce", utc=utc, format="ISO8601")
        bad = parsed.isna().to_numpy()
        if bad.any():  # rarer layouts (e.g. "1 Jan 2025 00:00"): dateutil, only for those cells
            retry = pd.to_datetime(fixed[bad], errors="coerce", utc=utc, format="mixed", dayfirst=False)
            parsed = parsed.copy()
            parsed[bad] = retry
            bad = parsed.isna().to_numpy()
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        more = f" (and {int(bad.sum()) - 1} more such cells)" if bad.sum() > 1 else ""
        raise _error(
            source,
            "a date-time such as 2025-01-01 00:00",
            f"{_quote(texts.iloc[k])}{more}",
            row=int(rows[k]),
            column=column,
        )
    if utc:
        parsed = parsed.dt.tz_localize(None)
    local = parsed.to_numpy().astype("datetime64[us]")
    local = local + plus_day.astype("timedelta64[D]").astype("timedelta64[us]")
    if utc:
        offsets = sorted({_offset_minutes(o) for o in tz.unique()})
        target = int(round(utc_offset_h * 60)) if utc_offset_h is not None else offsets[0]
        local = local + np.timedelta64(target, "m")
        if len(offsets) > 1 or offsets[0] != target:
            shown = ", ".join(_fmt_offset(o) for o in offsets)
            messages.append(
                f"timestamps carry UTC offsets ({shown}); converted to local standard time UTC{_fmt_offset(target)}"
            )
    return local, ending, messages


def _day_month_order(
    fixed: pd.Series, rows: np.ndarray, column: str, source: str
) -> tuple[pd.Series, str | None]:
    """Rewrite dates written year last (``31.01.2025``, ``1/31/2025``) as ISO ``2025-01-31``.

    The order of day and month is proved by the data: a first field above
    12 is a day (day-first), a second field above 12 is a day (month-first).
    Neither anywhere (every date has both fields <= 12) or both (inconsistent
    data) is refused: the reader never guesses.  Two-digit years are read as
    20yy for 00-68 and 19yy for 69-99 (the POSIX ``%y`` rule) and reported.
    """
    parts = fixed.str.extract(_YEAR_LAST)
    has = parts[0].notna().to_numpy()
    if not has.any():
        return fixed, None
    a = pd.to_numeric(parts[0], errors="coerce").to_numpy()
    b = pd.to_numeric(parts[2], errors="coerce").to_numpy()
    first_day = has & (a > 12)
    second_day = has & (b > 12)
    if first_day.any() and second_day.any():
        i, j = int(np.flatnonzero(first_day)[0]), int(np.flatnonzero(second_day)[0])
        raise _error(
            source,
            "dates in one order (day.month.year or month/day/year) or ISO dates such as 2025-01-31",
            f"a first field above 12 in row {rows[i]} and a second field above 12 in row {rows[j]}",
            column=column,
        )
    if not first_day.any() and not second_day.any():
        k = int(np.flatnonzero(has)[0])
        raise _error(
            source,
            "ISO dates such as 2025-01-31 00:00 (day and month cannot be told apart: "
            "no date has a day above 12)",
            f"dates written year last from row {rows[k]} on",
            column=column,
        )
    dayfirst = bool(first_day.any())
    day, month = (parts[0], parts[2]) if dayfirst else (parts[2], parts[0])
    year = parts[3]
    short = year.str.len() == 2
    messages = []
    if short.any():
        yy = pd.to_numeric(year[short], errors="coerce")
        year = year.where(~short, (yy + np.where(yy < 69, 2000, 1900)).astype("Int64").astype(str))
        messages.append("two-digit years read as 19yy/20yy")
    iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2)
    rest = fixed.str.replace(_YEAR_LAST, "", regex=True)
    fixed = fixed.where(~has, iso + rest)
    k = int(np.flatnonzero(first_day if dayfirst else second_day)[0])
    order = "day.month.year" if dayfirst else "month/day/year"
    note = (
        f"column '{column}': dates read as {order} (row {rows[k]} has a "
        f"{'first' if dayfirst else 'second'} field above 12)"
    )
    if messages:
        note += "; " + messages[0]
    return fixed, note


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


# --------------------------------------------------------------------------- the pipeline


def _read_profile(
    path: Path, source: str, value_name: str, year: int | None, utc_offset_h: float | None
) -> HourlyProfile:
    from planner.io import meter_repair as rep

    table = _read_table(path, source, value_name)
    ts_col, val_col, unit = _identify_columns(table, value_name, source)
    messages: list[str] = []
    if table.skipped_before_header:
        messages.append(f"{table.skipped_before_header} line(s) before the header row {table.header_row} skipped")
    val_name = table.header[val_col]
    frame, rows = table.frame, table.rows

    times: _Times | None = None
    if ts_col is not None:
        keep = ~(_blank_mask(_column(table, ts_col)) & _blank_mask(_column(table, val_col)))
        if not keep.all():
            frame, rows = frame[keep].reset_index(drop=True), rows[keep]
            table = replace(table, frame=frame, rows=rows)
        if not len(frame):
            raise _error(source, f"data rows after the header in row {table.header_row}", "none (header only)")
        pair = _date_time_columns(table, val_col)
        if pair is not None:
            d, t = _column(table, pair[0]), _column(table, pair[1])
            if table.delimiter is not None:  # text: join vectorised
                d, t = d.str.strip(), t.str.strip()
                ts_cells = (d + " " + t).where(t != "", d).where(d != "", "")
            else:
                ts_cells = pd.Series([_combine_date_time(a, b) for a, b in zip(d, t)], dtype=object)
            ts_name = f"{table.header[pair[0]]}+{table.header[pair[1]]}"
        else:
            ts_cells = _column(table, ts_col)
            ts_name = table.header[ts_col]
        times = _parse_timestamps(ts_cells.reset_index(drop=True), rows, ts_name, source, utc_offset_h)
        messages += times.messages
    values, notes = _parse_values(
        _column(table, val_col).reset_index(drop=True), rows, val_name, unit, source, table.delimiter
    )
    messages += notes
    input_rows = len(values)

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
            f"{n_neg} negative value(s) set to 0 (first: {values[k]:g} {_unit_label(unit)} in row {rows[k]})"
        )
        values = np.where(neg, 0.0, values)

    ctx = rep.Context(source=source, unit=unit, interval=60, messages=messages)
    if times is None or times.index is None:
        t, ctx.interval = rep.ordered_times(len(values), year, source)
        ctx.ordered = True
    else:
        t = times.index
        ctx.interval = rep.detect_interval(t, source)
        t = rep.round_to_grid(t, ctx)
        rep.check_span(t, rows, source)
        t = rep.daylight_saving(t, ctx)
        t = rep.interval_ends(t, ctx, times.ending_hint)

    series, dup_rows = rep.merge_duplicates(t, values, ctx)
    if unit == "kwh":
        rep.check_not_cumulative(series.to_numpy(), val_name, source)

    kw, gaps_h, leap = rep.to_year(series, year, ctx)
    if not np.any(kw > 0):
        raise _error(source, f"some positive values in column '{val_name}'", "only zeros", column=val_name)
    kw = np.ascontiguousarray(kw, dtype=np.float64)
    kw.setflags(write=False)
    report = ProfileReport(
        source=source,
        input_rows=input_rows,
        interval_minutes=ctx.interval,
        unit=unit,
        duplicates_removed=int(dup_rows),
        gaps_filled_hours=int(gaps_h),
        dst_artefacts=int(ctx.dst_artefacts),
        negative_values=n_neg,
        leap_day_dropped=bool(leap),
        messages=messages,
    )
    return HourlyProfile(kw=kw, report=report)

