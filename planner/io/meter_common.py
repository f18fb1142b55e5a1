"""Shared parts of the meter reader (:mod:`planner.io.meter`): limits, results, the error type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.model.errors import InputError
from planner.terms import message_text, normalise_lang, term

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
        One human-readable line per repair, each a :class:`planner.terms.Note`
        (a ``str`` of the English text; ``.text("zh")`` in Chinese).
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

    Two call forms: ``ProfileError(file, expected, found, row=..., column=...)``
    composes ``where`` from the parts; with ``source=`` given, the first
    argument is taken as the ready-made ``where``.

    ``expected`` and ``found`` may be :class:`planner.terms.Note` phrases
    (``repair.error.*``): ``str(err)`` is the English of the command line,
    :meth:`text` the message in the app's language.
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
        if source is None:
            source = where
            where = _where(source, row, column)
        super().__init__(where, expected, found)
        self.source = source
        self.row = row
        self.column = column
        self._composed = where == _where(source, row, column)  # False: a ready-made ``where`` (kept as given)

    def text(self, lang: str) -> str:
        """The message in ``lang``: ``str(self)`` in English; in Chinese the file, row and column, and the
        ``expected`` / ``found`` phrases that are catalogue phrases, in Chinese."""
        if normalise_lang(lang) != "zh":
            return str(self)
        where = self.where
        if self._composed:
            where = self.source
            if self.row is not None:
                where += term("repair.error.where_row", lang, row=self.row)
            if self.column is not None:
                where += term("repair.error.where_column", lang, column=self.column)
        body = term(
            "message.expected_found",
            lang,
            expected=message_text(self.expected, lang),
            found=message_text(self.found, lang),
        )
        return f"{where}：{body}"


def _where(source: str, row: int | None, column: str | None) -> str:
    where = source
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column '{column}'"
    return where


def _quote(cell: object, limit: int = 24) -> str:
    """One cell of an identified time or value column, quoted and shortened."""
    if isinstance(cell, float):
        text = f"{cell:g}"
    else:
        text = str(cell)
    text = text.replace("\n", " ").replace("\r", " ")
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


def _is_blank(cell: object) -> bool:
    if cell is None or cell is pd.NaT:
        return True
    if isinstance(cell, float) and cell != cell:
        return True
    return isinstance(cell, str) and not cell.strip()


def _unit_label(unit: str) -> str:
    return "kWh" if unit == "kwh" else "kW"
