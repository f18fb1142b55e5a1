"""The portfolio workbook of ``retrofit-planner batch``: one ranked table (XlsxWriter).

Written by helper "analysis" (the one file of planner/report it owns).
User text (file and project names, error messages) is written with
``write_string``, so it never becomes a formula; numbers are numbers with
formats; a missing figure is an empty cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter

from planner.terms import term

COLUMNS: tuple[tuple[str, str], ...] = (
    # key (header: term "analysis.portfolio.<key>", assets/terms/analysis.json), number format ("" = text)
    ("rank_npv", "0"),
    ("file", ""),
    ("name", ""),
    ("capex_yuan", "#,##0"),
    ("first_year_savings_yuan", "#,##0"),
    ("npv_yuan", "#,##0"),
    ("irr_pct", "0.00"),
    ("payback_years", "0.00"),
    ("lifetime_co2_avoided_t", "#,##0.0"),
    ("co2_kg_per_yuan", "0.000"),
    ("rank_payback", "0"),
    ("rank_co2_per_yuan", "0"),
    ("error", ""),
)


def portfolio_workbook(rows: Iterable[dict[str, Any]], lang: str = "zh", title: str = "") -> bytes:
    """The portfolio table as .xlsx bytes (one sheet, frozen header, autofilter)."""
    lang = "zh" if lang == "zh" else "en"  # as before the terms catalogue: only "zh" itself is Chinese
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(term("analysis.portfolio.sheet", lang))
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    fmts = {key: wb.add_format({"num_format": f}) if f else None for key, f in COLUMNS}
    top = 0
    if title:
        ws.write_string(0, 0, title, wb.add_format({"bold": True, "font_size": 13}))
        top = 2
    for c, (key, _) in enumerate(COLUMNS):
        ws.write_string(top, c, term(f"analysis.portfolio.{key}", lang), head)
        ws.set_column(c, c, 14 if c not in (1, 2, 12) else 32)
    n = 0
    for r, row in enumerate(rows, start=top + 1):
        n += 1
        for c, (key, _) in enumerate(COLUMNS):
            v = row.get(key)
            if v is None:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, float(v), fmts[key])
            else:
                ws.write_string(r, c, str(v))
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, top + max(n, 1), len(COLUMNS) - 1)
    wb.close()
    return buf.getvalue()
