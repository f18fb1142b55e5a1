"""One worksheet of the proposal: typed writers, column widths, print setup.

Rows and columns are 0-based (XlsxWriter's).  The workbook is written in
``constant_memory`` mode, so every sheet writes its rows in ascending
order; :class:`Sheet` raises if a writer goes back to an earlier row (a
bug that XlsxWriter would otherwise swallow silently).

Every formula is written with its cached result (the engine's value) and
labelled with a check key (:attr:`Book.checks`), which the tests resolve
against the engine's results.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from planner.report.styles import Formats
from planner.report.text import clean_text, display_width, header_footer_text, label, needs_quote_prefix

MIN_SCALE_PCT = 75
PAGE_HEIGHT_PT = 480.0
"""Printable height of an A4 landscape page at 100 % [pt]: 595 pt less the margins, header and footer."""
PAGE_WIDTH_PX = 10.69 * 96
"""Printable width of an A4 landscape page [px at 96 dpi]."""
DEFAULT_ROW_PT = 15.0


class Excel2010Worksheet(Worksheet):
    """A worksheet that writes formulas as given.

    XlsxWriter rewrites every formula with ~30 regular expressions to prefix
    Excel 365 functions (``_xlfn.XLOOKUP`` ...); the proposal uses Excel 2010
    functions only (a test lists them), so the rewrite never applies and,
    on 100,000 formula cells, would cost most of the export time.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


class Book:
    """What every sheet writer shares: the XlsxWriter workbook, formats, check keys, names."""

    def __init__(self, workbook: Any, lang: str):
        self.wb = workbook
        self.lang = lang
        self.fmt = Formats(workbook, lang)
        self.checks: dict[tuple[str, str], str] = {}
        self.names: set[str] = set()

    def L(self, key: str, **fmt: object) -> str:
        return label(key, self.lang, **fmt)

    def name(self, name: str, sheet: str, first: tuple[int, int], last: tuple[int, int] | None = None) -> None:
        ref = xl_rowcol_to_cell(*first, row_abs=True, col_abs=True)
        if last is not None:
            ref += ":" + xl_rowcol_to_cell(*last, row_abs=True, col_abs=True)
        self.wb.define_name(name, f"={quote_sheetname(sheet)}!{ref}")
        self.names.add(name)


_QUOTED: dict[str, str] = {}
_LETTERS: list[str] = []


def quoted(sheet: str) -> str:
    """The sheet name as a formula prefix (quoted when needed), cached."""
    q = _QUOTED.get(sheet)
    if q is None:
        q = _QUOTED[sheet] = quote_sheetname(sheet)
    return q


def col(c: int) -> str:
    """Column letters of 0-based column ``c`` (cached: formulas are built by the 100,000)."""
    while len(_LETTERS) <= c:
        _LETTERS.append(xl_col_to_name(len(_LETTERS)))
    return _LETTERS[c]


def ref(sheet: str, row: int, c: int, absolute: bool = False) -> str:
    """A cell reference on another sheet, e.g. ``'现金流'!C5``."""
    if absolute:
        return f"{quoted(sheet)}!${col(c)}${row + 1}"
    return f"{quoted(sheet)}!{col(c)}{row + 1}"


def cell(row: int, c: int) -> str:
    return f"{col(c)}{row + 1}"


def excel_str(text: str) -> str:
    """A string literal for a formula."""
    return '"' + text.replace('"', '""') + '"'


class Sheet:
    """An XlsxWriter worksheet with typed writers that track widths and rows."""

    def __init__(self, book: Book, title: str, key: str):
        self.book = book
        self.title = title
        self.key = key
        self.ws = book.wb.add_worksheet(title, worksheet_class=Excel2010Worksheet)
        self.widths: dict[int, float] = defaultdict(float)
        self.fixed: dict[int, float] = {}
        self.hidden: set[int] = set()
        self.last_row = -1
        self.max_col = 0
        self.header_row: int | None = None
        self.freeze: tuple[int, int] | None = None
        self.breaks: list[int] = []
        self.landscape = True
        self.fit_height = 0
        self.heights: dict[int, float] = {}

    # ------------------------------------------------------------ bookkeeping
    def _at(self, row: int, c: int) -> None:
        if row < self.last_row:
            raise AssertionError(f"{self.title}: row {row + 1} written after row {self.last_row + 1}")
        self.last_row = row
        self.max_col = max(self.max_col, c)

    def track(self, c: int, text: str, extra: float = 0.0) -> None:
        if c in self.fixed:
            return
        self.widths[c] = max(self.widths[c], display_width(text) + extra)

    def fmt(self, kind: str, num: str | None = None, **kw: Any) -> Any:
        return self.book.fmt.get(kind, num, **kw)

    # ---------------------------------------------------------------- writers
    def label(self, row: int, c: int, text: str, kind: str = "label", *, track: bool = True, **kw: Any) -> None:
        """Program text (a label): always a string cell."""
        self.text(row, c, text, kind, track=track, one_line=False, **kw)

    def text(
        self,
        row: int,
        c: int,
        value: Any,
        kind: str = "plain",
        *,
        one_line: bool = True,
        track: bool = True,
        wrap: bool = False,
        bold: bool = False,
        max_len: int | None = None,
        align: str | None = None,
    ) -> str:
        """User text: cleaned and written with ``write_string`` (never a formula)."""
        t = clean_text(value, one_line=one_line, **({"max_len": max_len} if max_len else {}))
        self._at(row, c)
        f = self.fmt(kind, quote=needs_quote_prefix(t), wrap=wrap, bold=bold, align=align)
        if not t:
            self.ws.write_blank(row, c, None, f)
            return t
        self.ws.write_string(row, c, t, f)
        if track and not wrap:
            self.track(c, max(t.split("\n"), key=display_width) if t else "")
        return t

    def number(self, row: int, c: int, value: Any, num: str | None = None, kind: str = "fact", **kw: Any) -> None:
        self._at(row, c)
        f = self.fmt(kind, num, **kw)
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            self.ws.write_blank(row, c, None, f)
            return
        self.ws.write_number(row, c, float(value), f)
        if c not in self.fixed:
            self.track(c, _shown(value, num), 1.0 if kind == "input" else 0.0)

    def blank(self, row: int, c: int, kind: str = "label") -> None:
        self._at(row, c)
        self.ws.write_blank(row, c, None, self.fmt(kind))

    def input(
        self,
        row: int,
        c: int,
        value: float,
        num: str | None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = False,
        validate: bool = True,
    ) -> None:
        """An input cell: yellow, unlocked, with data validation (``minimum`` <= value <= ``maximum``).

        ``validate=False`` when the caller validates a whole column at once (:meth:`validate`).
        """
        self.number(row, c, value, num, "input")
        if validate:
            self.validate(row, c, row, c, minimum=minimum, maximum=maximum, integer=integer)

    def validate(self, r0, c0, r1, c1, *, minimum=None, maximum=None, integer=False) -> None:
        lo = -1e15 if minimum is None else minimum
        hi = 1e15 if maximum is None else maximum
        self.ws.data_validation(
            r0,
            c0,
            r1,
            c1,
            {
                "validate": "integer" if integer else "decimal",
                "criteria": "between",
                "minimum": lo,
                "maximum": hi,
                "error_title": self.book.L("dv.title"),
                "error_message": self.book.L("dv.message", lo=_shown(lo, None), hi=_shown(hi, None))[:255],
            },
        )

    def formula(
        self,
        row: int,
        c: int,
        formula: str,
        value: Any,
        key: str | None,
        num: str | None = None,
        kind: str = "formula",
        *,
        track: bool = True,
        array: bool = False,
        **kw: Any,
    ) -> None:
        """A formula with its cached result ``value`` (the engine's), labelled ``key`` for the tests."""
        self._at(row, c)
        f = self.fmt(kind, num, **kw)
        text = formula if formula.startswith("=") else "=" + formula
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            value = ""
        if array:
            self.ws.write_array_formula(row, c, row, c, "{" + text + "}", f, value)
        else:
            self.ws.write_formula(row, c, text, f, value)
        self.book.checks[(self.title, cell(row, c))] = key or "internal"
        if track and c not in self.fixed:
            self.track(c, _shown(value, num) if not isinstance(value, str) else value)

    # ------------------------------------------------------------------ page
    def set_width(self, c: int, width: float) -> None:
        self.fixed[c] = width

    def hide(self, c: int) -> None:
        self.hidden.add(c)

    def finish(self, project_name: str) -> None:
        """Column widths, frozen panes, protection and A4-landscape print setup."""
        ws, L = self.ws, self.book.L
        for c in range(self.max_col + 1):
            w = self.fixed.get(c, min(max(self.widths.get(c, 0.0) + 2.0, 6.0), 60.0))
            ws.set_column(c, c, w, None, {"hidden": True} if c in self.hidden else {})
        if self.freeze:
            ws.freeze_panes(*self.freeze)
        ws.set_paper(9)
        if self.landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, self.fit_height)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_header("&C" + header_footer_text(f"{project_name} - {self.title}"))
        ws.set_footer("&C" + L("page_footer"))
        if self.header_row is not None:
            ws.repeat_rows(self.header_row)
        if self.breaks:
            ws.set_h_pagebreaks(self.breaks)
        if self.hidden:
            last = max(c for c in range(self.max_col + 1) if c not in self.hidden)
            ws.print_area(0, 0, max(self.last_row, 0), last)
        ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True})

    def set_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.ws.set_row(row, height)

    def keep_together(self, first_row: int, n_rows: int) -> None:
        """Start a new page at ``first_row`` when the block of ``n_rows`` rows would be split
        across a page end (so a heading never ends a page alone).

        The page height is A4 landscape at the fit-to-width scale of the columns set so far;
        row heights are the ones set with :meth:`set_height` (default 15 pt).
        """
        px = sum(int(w * 7 + 5) for w in self._column_widths())
        scale = min(1.0, PAGE_WIDTH_PX / px) if px else 1.0
        page = PAGE_HEIGHT_PT / scale
        h = lambda r: self.heights.get(r, DEFAULT_ROW_PT)  # noqa: E731
        head = h(self.header_row) if self.header_row is not None else 0.0
        y = 0.0
        for r in range(first_row):
            if r in self.breaks:
                y = head
            if y + h(r) > page:
                y = head
            y += h(r)
        if y + sum(h(r) for r in range(first_row, first_row + n_rows)) > page:
            self.breaks.append(first_row)

    def _column_widths(self) -> list[float]:
        return [
            self.fixed.get(c, min(max(self.widths.get(c, 0.0) + 2.0, 6.0), 60.0))
            for c in range(self.max_col + 1)
            if c not in self.hidden
        ]

    def printed_width(self) -> float:
        """Sum of the widths of the printed (not hidden) columns [Excel character units]."""
        return sum(
            self.fixed.get(c, min(max(self.widths.get(c, 0.0) + 2.0, 6.0), 60.0))
            for c in range(self.max_col + 1)
            if c not in self.hidden
        )


def _shown(value: Any, num: str | None) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    v = float(value)
    if num in ("0.00%",):
        return f"{v * 100:.2f}%"
    if num and "," in num:
        decimals = len(num.split(";")[0].split(".")[1]) if "." in num.split(";")[0] else 0
        return f"{v:,.{decimals}f}"
    if num and "." in num:
        return f"{v:.{len(num.split('.')[1])}f}"
    return f"{v:g}"
