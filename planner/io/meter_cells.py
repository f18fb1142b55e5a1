"""Parsing the cells of the value and time columns of a meter table, vectorised on pandas:
``to_numeric`` (decimal commas, thousands separators, bounds) and ``to_datetime``
(ISO first, day/month order proved from the data, UTC offsets, 24:00, Excel serials)."""

from __future__ import annotations

import datetime as _dt
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.io.meter_common import (
    _DATE_LIKE,
    _EURO_THOUSANDS,
    _EXCEL_SERIAL_RANGE,
    _HOUR_24,
    _MISSING_TOKENS,
    _NUMBER,
    _THOUSANDS,
    _TZ_SUFFIX,
    _YEAR_FIRST,
    _YEAR_LAST,
    ProfileError,
    _quote,
    _unit_label,
)
from planner.io.meter_tables import _blank_mask, _is_text_dtype
from planner.model.bounds import MAX_PROFILE_KW
from planner.terms import Note

_error = ProfileError

_A_DATE_TIME = Note("repair.error.date_time")


def _cell_error(source: str, rows: np.ndarray, k: int, column: str, expected: str, found: str) -> ProfileError:
    """The error naming cell ``k`` of ``column`` (file row ``rows[k]``)."""
    return _error(source, expected, found, row=int(rows[k]), column=column)


def _first_bad(
    bad: np.ndarray,
    rows: np.ndarray,
    column: str,
    source: str,
    expected: str,
    found: Callable[[int], str],
    *,
    count: bool = True,
) -> ProfileError:
    """The error naming the first cell flagged in ``bad`` (``found(k)`` describes cell ``k``); with
    ``count``, how many more cells are flagged too."""
    k = int(np.flatnonzero(bad)[0])
    shown = found(k)
    if count and bad.sum() > 1:
        shown = Note("repair.error.more_cells", found=shown, n=int(bad.sum()) - 1)
    return _cell_error(source, rows, k, column, expected, shown)


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
    shown = text.iloc[k]
    note = Note("repair.decimal_commas", column=column, row=int(rows[k]), text=shown, number=shown.replace(",", "."))
    return text.str.replace(",", ".", regex=False), note


def _text_numbers(
    raw: pd.Series, rows: np.ndarray, column: str, source: str, delimiter: str | None, notes: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers of text cells (NaN = missing) and the mask of cells that are not numbers.

    Plain numbers are read in C (``to_numeric``); only the cells it cannot
    read go through the clean-up.  Commas: with ``;`` as separator they are
    decimal commas; with TAB too if any comma is not in thousands position
    (``0,5``); otherwise (``,`` separator, quoted ``"1,250"``) thousands
    separators.  Either reading is reported in ``notes``, never silent.
    """
    num = np.array(pd.to_numeric(raw, errors="coerce"), dtype=float)
    bad = np.zeros(len(raw), dtype=bool)
    slow = np.flatnonzero(np.isnan(num) & np.array(raw != "", dtype=bool))
    if not len(slow):
        return num, bad
    sub = _clean_text(raw.iloc[slow])
    comma = sub.str.contains(",", regex=False).to_numpy()
    thousands = sub.str.match(_THOUSANDS).to_numpy()
    decimal = comma.any() and (delimiter == ";" or (delimiter == "\t" and bool((comma & ~thousands).any())))
    if decimal:
        text, note = _decimal_comma(_clean_text(raw), rows, column, source)
        if note:
            notes.append(note)
        missing = text.str.lower().isin(_MISSING_TOKENS).to_numpy()
        num = np.array(pd.to_numeric(text.where(~missing, None), errors="coerce"), dtype=float)
        return num, ~missing & np.isnan(num)
    missing = sub.str.lower().isin(_MISSING_TOKENS).to_numpy()
    if thousands.any():
        k = int(np.flatnonzero(thousands)[0])
        shown = sub.iloc[k]
        notes.append(
            Note("repair.thousands", column=column, row=int(rows[slow[k]]), text=shown, number=shown.replace(",", ""))
        )
        sub = sub.where(~thousands, sub.str.replace(",", "", regex=False))
    sub_num = np.array(pd.to_numeric(sub.where(~missing, None), errors="coerce"), dtype=float)
    num[slow] = sub_num
    bad[slow] = ~missing & np.isnan(sub_num)
    return num, bad


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
        if _is_text_dtype(s):
            is_str, is_num, blank = np.ones(n, dtype=bool), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        else:
            is_str = np.array(s.map(lambda c: isinstance(c, str)), dtype=bool)
            is_num = np.array(
                s.map(lambda c: isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)),
                dtype=bool,
            )
            blank = _blank_mask(s)
        bad |= ~(is_str | is_num | blank)  # booleans, dates, times in a value column
        if is_num.any():
            out[is_num] = s[is_num].astype(float).to_numpy()
        if is_str.any():
            idx = np.flatnonzero(is_str)
            raw = (s if is_str.all() else s.iloc[idx]).astype(str)
            num, bad_str = _text_numbers(raw, rows[idx], column, source, delimiter, notes)
            bad[idx[bad_str]] = True
            out[idx] = num
    bad |= np.isinf(out)
    if bad.any():
        expected = Note("repair.error.number", unit=_unit_label(unit))
        raise _first_bad(bad, rows, column, source, expected, lambda k: _quote(s.iloc[k]))
    huge = np.abs(np.nan_to_num(out)) > MAX_PROFILE_KW
    if huge.any():
        raise _first_bad(
            huge,
            rows,
            column,
            source,
            Note("repair.error.at_most", bound=MAX_PROFILE_KW, unit=_unit_label(unit)),
            lambda k: f"{out[k]:g}",
            count=False,
        )
    return out, notes


@dataclass
class _Times:
    index: pd.DatetimeIndex | None  # local standard time; None = take rows in order
    ending_hint: bool
    messages: list[str]


def _numeric_cells(s: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]:
    """Split a time column into text cells and numbers (numeric cells and numeric text: row numbers,
    Excel serial days).  Returns the column (object dtype unless all text), the numbers (NaN
    elsewhere) and the masks of text and of numbers."""
    n = len(s)
    num = np.full(n, np.nan)
    if _is_text_dtype(s):
        is_str, is_num = np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    else:
        s = s.astype(object)
        is_str = np.array(s.map(lambda c: isinstance(c, str)), dtype=bool)
        is_num = np.array(
            s.map(lambda c: isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)),
            dtype=bool,
        )
    if is_num.any():
        num[is_num] = s[is_num].astype(float).to_numpy()
    if is_str.any():
        text = (s if is_str.all() else s[is_str]).astype(str)
        # a column of date-times is not tried (a later cell that is a number fails the
        # date-time parsing and is reported there)
        if re.match(_NUMBER, text.iloc[0].strip()):
            as_num = np.array(pd.to_numeric(text, errors="coerce"), dtype=float)
            numeric_text = ~np.isnan(as_num)
            idx = np.flatnonzero(is_str)[numeric_text]
            num[idx] = as_num[numeric_text]
            is_num[idx] = True
            is_str[idx] = False
    return s, num, is_str, is_num


def _object_times(
    s: pd.Series, is_str: np.ndarray, rows: np.ndarray, column: str, source: str
) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """XLSX date cells as datetime64; tz-aware ones turned into ISO text to parse with the text cells.

    Returns the times (undefined where text), the mask of cells to parse as text, and the text values."""
    out = np.empty(len(s), dtype="datetime64[us]")
    texts = is_str.copy()
    text_values = s.copy()
    for k in np.flatnonzero(~is_str).tolist():  # a Python loop only over non-text cells
        c = s.iloc[k]
        if isinstance(c, (pd.Timestamp, _dt.datetime)) and pd.Timestamp(c).tzinfo is not None:
            text_values.iloc[k] = pd.Timestamp(c).isoformat()
            texts[k] = True
        elif isinstance(c, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
            out[k] = np.datetime64(pd.Timestamp(c).replace(tzinfo=None).to_datetime64(), "us")
        else:
            raise _cell_error(
                source, rows, k, column, _A_DATE_TIME, Note("repair.error.cell_of_type", type=type(c).__name__)
            )
    return out, texts, text_values


def _parse_timestamps(s: pd.Series, rows: np.ndarray, column: str, source: str, utc_offset_h: float | None) -> _Times:
    n = len(s)
    blank = _blank_mask(s)
    if blank.any():
        raise _first_bad(
            blank, rows, column, source, _A_DATE_TIME, lambda k: Note("repair.error.empty_cell"), count=False
        )
    s, num, is_str, is_num = _numeric_cells(s)
    if is_num.all():
        x = num
        lo, hi = _EXCEL_SERIAL_RANGE
        if n > 1 and np.all(np.diff(x) == 1) and x[0] in (0.0, 1.0):
            return _Times(
                None,
                False,
                [Note("repair.row_numbers", column=column)],
            )
        if np.all((x >= lo) & (x <= hi)):
            ts = pd.to_datetime(x, unit="D", origin="1899-12-30").round("s")
            return _Times(pd.DatetimeIndex(ts), False, [Note("repair.excel_days", column=column)])
    if is_num.any():
        raise _first_bad(
            is_num,
            rows,
            column,
            source,
            Note("repair.error.date_time_or_rows"),
            lambda k: _quote(num[k]),
            count=False,
        )
    messages: list[str] = []
    ending_hint = False
    out, texts, text_values = _object_times(s, is_str, rows, column, source)
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:  # fast path: ISO 8601 local times (2025-01-01 00:00), parsed in C
            quick = pd.to_datetime(texts, format="ISO8601", errors="coerce")
        except (ValueError, TypeError):  # mixed UTC offsets
            quick = None
    if quick is not None and getattr(quick.dt, "tz", None) is None and not quick.isna().any():
        return quick.to_numpy().astype("datetime64[us]"), False, []
    messages: list[str] = []
    fixed = texts.str.strip()
    fixed = fixed.str.replace("年", "-", regex=False).str.replace("月", "-", regex=False)
    fixed = fixed.str.replace("日", " ", regex=False).str.strip()
    not_date = ~fixed.str.contains(_DATE_LIKE).to_numpy()
    if not_date.any():  # dateutil would read e.g. "Monday" or "12" as some date
        raise _first_bad(not_date, rows, column, source, _A_DATE_TIME, lambda k: _quote(texts.iloc[k]), count=False)
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
        raise _first_bad(
            ~has_tz,
            rows,
            column,
            source,
            Note("repair.error.every_offset"),
            lambda k: Note("repair.error.without_offset", cell=_quote(texts.iloc[k])),
            count=False,
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
        raise _first_bad(bad, rows, column, source, _A_DATE_TIME, lambda k: _quote(texts.iloc[k]))
    if utc:
        parsed = parsed.dt.tz_localize(None)
    local = parsed.to_numpy().astype("datetime64[us]")
    local = local + plus_day.astype("timedelta64[D]").astype("timedelta64[us]")
    if utc:
        offsets = sorted({_offset_minutes(o) for o in tz.unique()})
        target = int(round(utc_offset_h * 60)) if utc_offset_h is not None else offsets[0]
        local = local + np.timedelta64(target, "m")
        if len(offsets) > 1 or offsets[0] != target:
            shown = [_fmt_offset(o) for o in offsets]
            messages.append(Note("repair.utc_offsets", offsets=shown, target=_fmt_offset(target)))
    return local, ending, messages


def _day_month_order(fixed: pd.Series, rows: np.ndarray, column: str, source: str) -> tuple[pd.Series, str | None]:
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
            source, Note("repair.error.iso_dates"), Note("repair.error.year_last", row=int(rows[k])), column=column
        )
    dayfirst = bool(first_day.any())
    day, month = (parts[0], parts[2]) if dayfirst else (parts[2], parts[0])
    year = parts[3]
    short = year.str.len() == 2
    two_digit: object = ""
    if short.any():
        yy = pd.to_numeric(year[short], errors="coerce")
        year = year.where(~short, (yy + np.where(yy < 69, 2000, 1900)).astype("Int64").astype(str))
        two_digit = Note("repair.two_digit_years")
    iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2)
    rest = fixed.str.replace(_YEAR_LAST, "", regex=True)
    fixed = fixed.where(~has, iso + rest)
    k = int(np.flatnonzero(first_day if dayfirst else second_day)[0])
    key = "repair.dates_day_first" if dayfirst else "repair.dates_month_first"
    return fixed, Note(key, column=column, row=int(rows[k]), two_digit=two_digit)


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
