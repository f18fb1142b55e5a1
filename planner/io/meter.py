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
  Each line is a :class:`planner.terms.Note`: a ``str`` whose value is the
  English text (the command line and the results JSON print it), with the
  catalogue key (``repair.*`` in ``assets/terms/repair.json``) and parameters
  so the app shows it in its language (``note.text("zh")``).
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

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
import pandas as pd

from planner.io import meter_repair as rep
from planner.io.meter_cells import _parse_timestamps, _parse_values, _Times
from planner.io.meter_common import (
    MAX_COLUMNS,
    MAX_INTERPOLATED_GAP_H,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SPAN_YEARS,
    MIN_COVERAGE,
    NEGATIVE_REFUSE_SHARE,
    SUPPORTED_INTERVALS_MIN,
    HourlyProfile,
    ProfileError,
    ProfileReport,
    _unit_label,
)
from planner.io.meter_tables import (
    _blank_mask,
    _column,
    _combine_date_time,
    _date_time_columns,
    _header_error,
    _identify_columns,
    _read_table,
    _Table,
    _value_unit,
    sniff_header,
)
from planner.terms import Note

__all__ = [
    "HourlyProfile",
    "ProfileError",
    "ProfileReport",
    "read_hourly_profile",
    "read_profile_cached",
    "sniff_header",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS_BYTES",
    "MAX_SPAN_YEARS",
    "MIN_COVERAGE",
    "MAX_INTERPOLATED_GAP_H",
    "NEGATIVE_REFUSE_SHARE",
    "SUPPORTED_INTERVALS_MIN",
]

_error = ProfileError


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
        key = "file.missing_at" if isinstance(err, FileNotFoundError) else "file.os_error_at"
        found = Note(key, reason=err.strerror or type(err).__name__, path=str(p))
        raise _error(source, Note("file.profile_existing"), found) from None
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
    return _read_checked(source, partial(_read_profile, Path(path), source, value_name, year, utc_offset_h))


read_profile_cached.cache_clear = _read_cached.cache_clear  # type: ignore[attr-defined]
read_profile_cached.cache_info = _read_cached.cache_info  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the reader


def read_hourly_profile(
    path: str | Path,
    *,
    value_name: str = "kw",
    year: int | None = None,
    utc_offset_h: float | None = None,
    time_column: str | None = None,
    value_column: str | None = None,
    value_unit: str | None = None,
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
    time_column, value_column : str, optional
        The header names of the timestamp and value columns, chosen by the
        user (the app's column-mapping step for exports such as
        ``表计名称, 数据时间, 正向有功总(kWh), 有功功率(kW)``); ``None``: found
        from the header as described in the module docstring [-].
    value_unit : {"kw", "kwh"}, optional
        Unit of ``value_column``; ``None``: from its header [-].

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
    # --- explicit column choice (ui import dialog, issue 9 item 14): keyword-only, default off
    choice = (time_column, value_column, value_unit) if value_column is not None else None
    source = p.name or str(p)
    yr = None if year is None else int(year)
    return _read_checked(
        source, partial(_read_profile, p, source, value_column or value_name, yr, utc_offset_h, choice)
    )


ColumnChoice = tuple[str | None, str, str | None]
"""(time column, value column, value unit) chosen by the user; ``None`` = detect."""


def _read_checked(source: str, read: Callable[[], HourlyProfile]) -> HourlyProfile:
    """``read()`` (a bound :func:`_read_profile`) under the reader's contract: every failure is a ProfileError."""
    try:
        return read()
    except ProfileError:
        raise
    except MemoryError:
        raise _error(source, f"a profile of at most {MAX_ROWS:,} rows", "more data than fits in memory") from None
    except Exception as err:  # the contract: a bad file never surfaces as another exception type
        # the exception's text may quote the file: name only its type (the chained traceback keeps the rest)
        raise _error(
            source, "a readable interval profile", f"a layout this reader does not understand ({type(err).__name__})"
        ) from err


# --------------------------------------------------------------------------- the pipeline


def _timestamps(
    table: _Table, ts_col: int, val_col: int, source: str, utc_offset_h: float | None, pair_ok: bool = True
) -> tuple[_Table, _Times]:
    """Drop rows empty in both the time and the value column, then parse the time column
    (or the joined date and time columns)."""
    keep = ~(_blank_mask(_column(table, ts_col)) & _blank_mask(_column(table, val_col)))
    if not keep.all():
        table = replace(table, frame=table.frame[keep].reset_index(drop=True), rows=table.rows[keep])
    if not len(table.frame):
        raise _error(
            source, Note("repair.error.rows_after_header", row=table.header_row), Note("repair.error.header_only")
        )
    pair = _date_time_columns(table, val_col) if pair_ok else None
    if pair is not None:
        d, t = _column(table, pair[0]), _column(table, pair[1])
        if table.delimiter is not None:  # text: join vectorised
            d, t = d.str.strip(), t.str.strip()
            ts_cells = (d + " " + t).where(t != "", d).where(d != "", "")
        else:
            ts_cells = pd.Series([_combine_date_time(a, b) for a, b in zip(d, t, strict=True)], dtype=object)
        ts_name = f"{table.header[pair[0]]}+{table.header[pair[1]]}"
    else:
        ts_cells = _column(table, ts_col)
        ts_name = table.header[ts_col]
    return table, _parse_timestamps(ts_cells.reset_index(drop=True), table.rows, ts_name, source, utc_offset_h)


def _clip_negatives(
    values: np.ndarray, rows: np.ndarray, unit: str, val_name: str, source: str, messages: list[str]
) -> tuple[np.ndarray, int]:
    """Negative values set to 0 and reported (step 2); mostly negative data refused."""
    neg = values < 0
    n_neg = int(neg.sum())
    n_known = int((~np.isnan(values)).sum())
    if n_known == 0:
        raise _error(source, Note("repair.error.numbers_in", column=val_name), Note("repair.error.only_empty"))
    if n_neg:
        if n_neg > NEGATIVE_REFUSE_SHARE * n_known:
            raise _error(
                source,
                Note("repair.error.positive_consumption", column=val_name),
                Note("repair.error.mostly_negative", n=n_neg, of=n_known),
                column=val_name,
            )
        k = int(np.flatnonzero(neg)[0])
        messages.append(
            Note("repair.negatives", n=n_neg, value=float(values[k]), unit=_unit_label(unit), row=int(rows[k]))
        )
        values = np.where(neg, 0.0, values)
    return values, n_neg


def _chosen_columns(table: _Table, choice: ColumnChoice, source: str) -> tuple[int | None, int, str]:
    """Indices of the user-chosen time and value columns and the value unit (the column-mapping step)."""
    time_name, value_name, unit = choice
    names = [str(h).strip() for h in table.header]

    def find(name: str) -> int:
        if name.strip() in names:
            return names.index(name.strip())
        raise _header_error(table, source, Note("repair.error.column_named", name=name), "repair.error.names", names)

    val = find(value_name)
    ts = find(time_name) if time_name else None
    u = (unit or _value_unit(table.header[val], value_name) or "kw").lower()
    if u not in ("kw", "kwh"):
        raise _error(source, "a value unit kw or kwh", repr(unit))
    return ts, val, u


def _read_profile(
    path: Path,
    source: str,
    value_name: str,
    year: int | None,
    utc_offset_h: float | None,
    choice: ColumnChoice | None = None,
) -> HourlyProfile:
    table = _read_table(path, source, value_name)
    if choice is not None:
        ts_col, val_col, unit = _chosen_columns(table, choice, source)
    else:
        ts_col, val_col, unit = _identify_columns(table, value_name, source)
    messages: list[str] = []
    if table.skipped_before_header:
        messages.append(Note("repair.preamble_skipped", n=table.skipped_before_header, row=table.header_row))
    val_name = table.header[val_col]

    times = None
    if ts_col is not None:
        table, times = _timestamps(table, ts_col, val_col, source, utc_offset_h, pair_ok=choice is None)
        messages += times.messages
    rows = table.rows
    values, notes = _parse_values(
        _column(table, val_col).reset_index(drop=True), rows, val_name, unit, source, table.delimiter
    )
    messages += notes
    input_rows = len(values)

    values, n_neg = _clip_negatives(values, rows, unit, val_name, source, messages)

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
        raise _error(
            source,
            Note("repair.error.some_positive", column=val_name),
            Note("repair.error.only_zeros"),
            column=val_name,
        )
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
