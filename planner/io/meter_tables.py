"""Reading a meter file into a table of cells: CSV on ``pandas.read_csv``, XLSX on openpyxl (read-only,
dimension checked first); finding the header, the value column and the time column(s); and
:func:`sniff_header`, the header row alone for the app's column-mapping step."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.io.files import MAX_FILE_BYTES, FileProblem, check_regular_file, decode_text, read_regular_file
from planner.io.meter_common import (
    _DATE_NAMES,
    _NAME_LIKE,
    _TIME_NAMES,
    _TIMESTAMP_NAMES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    ProfileError,
    _is_blank,
)
from planner.terms import Note

_error = ProfileError


# --------------------------------------------------------------------------- reading tables


@dataclass
class _Table:
    header: list[str]
    header_row: int  # 1-based row of the header in the file / sheet
    frame: pd.DataFrame  # data cells after the header; columns 0..n-1; "" or None = empty
    rows: np.ndarray  # 1-based file row of each frame row
    skipped_before_header: int
    delimiter: str | None  # None for XLSX


def _read_table(path: Path, source: str, value_name: str) -> _Table:
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileProblem as err:
        expected = err.expected
        if getattr(expected, "key", "") in ("file.existing", "file.readable", "file.regular"):
            expected = Note("file.csv_or_xlsx", what=expected)
        raise _error(source, expected, err.found) from None
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_table(data, source, value_name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _error(source, Note("repair.error.csv_or_xlsx"), Note("repair.error.old_xls"))
    if path.suffix.lower() in (".xlsx", ".xlsm") and data.strip():
        raise _error(source, Note("repair.error.xlsx_zip"), Note("repair.error.not_one"))
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(source, Note("repair.error.text_or_xlsx"), Note("repair.error.binary"))
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
        raise _error(source, Note("repair.error.header_and_data"), Note("repair.error.empty_file"))
    delim = _sniff_delimiter([lines[i] for i in nonblank_idx])
    head: list[tuple[int, list[object]]] = [
        (i + 1, [c.strip() or None for c in next(csv.reader([lines[i]], delimiter=delim), [])]) for i in nonblank_idx
    ]
    header_at = _find_header(head[:20], value_name, source)
    header_row, header_cells = head[header_at]
    header = ["" if _is_blank(c) else str(c).strip() for c in header_cells]

    def read(width: int) -> pd.DataFrame:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.read_csv(
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
                skipinitialspace=True,
                engine="c",
            )

    try:
        frame = read(len(header))
    except pd.errors.ParserError:  # rows with more fields than the header: as many columns as the widest row
        frame = read(max(len(header), max(ln.count(delim) for ln in lines) + 1))
    rows = header_row + 1 + np.arange(len(frame))
    return _finish_table(frame, rows, header, header_row, header_at, delim, source)


def _finish_table(
    frame: pd.DataFrame,
    rows: np.ndarray,
    header: list[str],
    header_row: int,
    header_at: int,
    delim: str | None,
    source: str,
) -> _Table:
    blank = np.ones(len(frame), dtype=bool)
    for c in frame.columns:
        blank &= _blank_mask(frame[c])
    nonblank = np.flatnonzero(~blank)
    end = int(nonblank[-1]) + 1 if len(nonblank) else 0
    # keep empty rows inside the data: they are missing values in a file without timestamps
    frame, rows = frame.iloc[:end], rows[:end]
    if not len(frame):
        raise _error(source, Note("repair.error.rows_after_header", row=header_row), Note("repair.error.header_only"))
    frame = frame.reset_index(drop=True)
    return _Table(header, header_row, frame, rows, header_at, delim)


def _is_text_dtype(s: pd.Series) -> bool:
    """A column of text only (CSV, read with ``dtype=str``), not an object column of mixed cells."""
    return s.dtype != object and pd.api.types.is_string_dtype(s.dtype)


def _blank_mask(s: pd.Series) -> np.ndarray:
    if _is_text_dtype(s):  # CSV cells: read with skipinitialspace, so a blank cell is ""
        return np.array(s == "", dtype=bool)
    if s.dtype == object:
        return np.array(s.map(_is_blank), dtype=bool)
    return np.array(s.isna(), dtype=bool)


def _check_xlsx_parts(data: bytes, source: str) -> None:
    """Refuse a workbook whose parts would be huge once uncompressed (a zip bomb, one huge shared string)."""
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


def _sheet_records(data: bytes, source: str, first_rows: int | None = None) -> list[tuple]:
    """The cells of the first sheet, row by row, bounded by MAX_ROWS x MAX_COLUMNS (dimension checked first);
    only the first ``first_rows`` rows when given."""
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except ImportError as err:  # pragma: no cover - openpyxl is a dependency
        raise _error(source, "the openpyxl package to read XLSX", type(err).__name__) from None
    except Exception as err:  # a broken or encrypted workbook
        raise _error(
            source, "a readable XLSX workbook", f"a workbook openpyxl cannot open ({type(err).__name__})"
        ) from None
    try:
        ws = wb.worksheets[0]
        if ws.max_row is None or ws.max_column is None:  # no <dimension> tag: one pass over the (size-checked) XML
            ws.calculate_dimension(force=True)
        max_row, max_col = ws.max_row, ws.max_column  # from the sheet's <dimension> tag, before any cell is loaded
        if max_row is not None and max_row > MAX_ROWS:
            raise _error(source, f"a sheet of at most {MAX_ROWS:,} rows", f"a sheet dimension of {max_row:,} rows")
        if max_col is not None and max_col > MAX_COLUMNS:
            raise _error(
                source, f"a sheet of at most {MAX_COLUMNS} columns", f"a sheet dimension of {max_col:,} columns"
            )
        # bounded even if the dimension tag is missing or wrong
        last = MAX_ROWS + 1 if first_rows is None else min(first_rows, MAX_ROWS + 1)
        records = list(ws.iter_rows(min_row=1, max_row=last, max_col=max_col or MAX_COLUMNS, values_only=True))
    finally:
        wb.close()
    if len(records) > MAX_ROWS:
        raise _error(source, f"a sheet of at most {MAX_ROWS:,} rows", f"more than {MAX_ROWS:,} rows")
    return records


HEADER_SNIFF_BYTES = 65536
"""Bytes of a text file looked at by :func:`sniff_header` [bytes]."""

HEADER_SNIFF_ROWS = 50
"""Non-blank rows looked at by :func:`sniff_header` [-] (meter exports put a few preamble lines first)."""


def sniff_header(path: str | Path) -> list[str]:
    """The header row of a meter export (CSV / TXT or XLSX), for the app's column-mapping step.

    The first of the first :data:`HEADER_SNIFF_ROWS` non-blank rows with two
    or more cells that are all names (no number, no date), trailing empty
    cells dropped; e.g. ``["表计名称", "数据时间", "正向有功总(kWh)", "有功功率(kW)",
    "无功功率(kvar)"]``.  ``[]`` when there is none or the file cannot be read.

    The reader's limits apply: only a regular file of at most
    :data:`planner.io.files.MAX_FILE_BYTES`; text: the first
    :data:`HEADER_SNIFF_BYTES` decoded as the reader does (UTF-8, UTF-16,
    GB18030) and split with the reader's separator choice; XLSX: the first
    sheet, opened read-only after the archive's parts and the sheet's
    dimension are checked (:data:`MAX_SHARED_STRINGS_BYTES`, :data:`MAX_ROWS`,
    :data:`MAX_COLUMNS`), and only its first rows loaded.
    """
    p = Path(path)
    try:
        check_regular_file(p, MAX_FILE_BYTES)
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped for a FIFO since the check
                return []
            raw = fh.read(HEADER_SNIFF_BYTES)
        if raw.startswith(b"PK\x03\x04"):
            data = read_regular_file(p, MAX_FILE_BYTES)
            _check_xlsx_parts(data, p.name)
            rows: list[list[object]] = [list(r) for r in _sheet_records(data, p.name, first_rows=HEADER_SNIFF_ROWS * 4)]
        else:
            if len(raw) == HEADER_SNIFF_BYTES and b"\n" in raw:
                raw = raw[: raw.rindex(b"\n")]  # never cut a multi-byte character in two
            text, _ = decode_text(raw)
            lines = [ln for ln in text.splitlines() if ln.strip()][:HEADER_SNIFF_ROWS]
            delim = _sniff_delimiter(lines) if lines else ","
            rows = [list(r) for r in csv.reader(lines, delimiter=delim)]
    except (OSError, FileProblem, ProfileError, csv.Error):
        return []
    seen = 0
    for cells in rows:
        names = ["" if _is_blank(c) else (c.strip() if isinstance(c, str) else c) for c in cells]
        while names and names[-1] == "":
            names.pop()
        filled = [c for c in names if c != ""]
        if not filled:
            continue
        seen += 1
        if len(filled) >= 2 and all(isinstance(c, str) and not _looks_like_data(c) for c in filled):
            return [str(c) for c in names]
        if seen >= HEADER_SNIFF_ROWS:
            break
    return []


def _xlsx_table(data: bytes, source: str, value_name: str) -> _Table:
    _check_xlsx_parts(data, source)
    records = _sheet_records(data, source)
    head: list[tuple[int, list[object]]] = []
    for i, rec in enumerate(records):
        cells = [None if _is_blank(c) else (c.strip() if isinstance(c, str) else c) for c in rec]
        if any(c is not None for c in cells):
            head.append((i + 1, cells))
            if len(head) >= 20:
                break
    if not head:
        raise _error(source, Note("repair.error.header_and_data"), Note("repair.error.empty_file"))
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
            source, Note("repair.error.header_names", name=value_name), Note("repair.error.data_not_names"), row=row
        )
    extra = "" if _norm(value_name) in ("kw", "kwh") else Note("repair.error.or_name", name=value_name)
    shown = _shown_names(cells)
    n = sum(not _is_blank(c) for c in cells)
    found = Note("repair.error.columns", shown=shown) if shown else Note("repair.error.columns_not_shown", n=n)
    raise _error(source, Note("repair.error.value_column", extra=extra), found, row=row)


def _header_error(table: _Table, source: str, expected: Note, found_key: str, names: list[str]) -> ProfileError:
    """An error at the header row whose ``found`` phrase (``found_key``, placeholder ``{shown}``) lists
    ``names`` quoted."""
    return _error(source, expected, Note(found_key, shown=[f"'{n}'" for n in names]), row=table.header_row)


def _identify_columns(table: _Table, value_name: str, source: str) -> tuple[int | None, int, str]:
    units = [_value_unit(h, value_name) for h in table.header]
    candidates = [i for i, u in enumerate(units) if u]
    exact = [i for i in candidates if _norm(table.header[i]) == _norm(value_name)]
    if len(exact) == 1:
        val = exact[0]
    elif len(candidates) == 1:
        val = candidates[0]
    else:
        expected = Note("repair.error.one_value_column", name=value_name)
        raise _header_error(table, source, expected, "repair.error.several", [table.header[i] for i in candidates])
    ts = None
    for i, h in enumerate(table.header):
        if i != val and (_norm(h) in _TIMESTAMP_NAMES or h.strip().lower() in _TIMESTAMP_NAMES):
            ts = i
            break
    if ts is None and val != 0:
        ts = 0  # the first column, even unnamed (a pandas index written to CSV)
    unit = units[val]
    assert unit is not None  # val is one of the candidates
    return ts, val, unit


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
