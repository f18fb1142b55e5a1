"""Build the proposal workbook with XlsxWriter.

The workbook is written in ``constant_memory`` mode into a ``BytesIO``:
every sheet is written row by row (:class:`planner.report.layout.Sheet`
enforces it), which keeps the memory flat for thousands of measures.
Every formula carries the engine's value as its cached result and every
chart its data cache, so a viewer that does not calculate (phone previews,
``openpyxl`` with ``data_only=True``, ``pandas.read_excel``) shows every
number; Excel and LibreOffice recalculate on open.

Sheets: Summary, Assumptions, Measures, Cash flow, PV by year (with PV),
Monthly, Emissions, then the optional analysis sheets (bill check,
storage, scenarios, sensitivity, Monte Carlo: shown only when their data
is present) and the hidden helper sheet of per-measure cash flows.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

import xlsxwriter

from planner.io.projectfile import write_bytes_atomic
from planner.report import analysis_sheets, assumptions, cash_flow, emissions, measures, monthly, pv_years, summary
from planner.report.context import Context
from planner.report.layout import Book
from planner.report.text import clean_text, display_name, label, normalise_lang


@dataclass
class Proposal:
    """The built workbook: its bytes and, for every formula cell, its check key.

    ``checks`` maps ``(sheet title, "B7")`` to what the cell computes (keys
    documented in ``tests/planner/report/support.py``; ``"internal"`` for
    helper cells whose agreement shows in the metrics they feed).
    """

    data: bytes
    checks: dict[tuple[str, str], str]
    titles: dict[str, str]


def build_proposal(
    project,
    result,
    lang: str | None = None,
    *,
    today: date | None = None,
    analysis: dict[str, Any] | None = None,
) -> Proposal:
    """Build the proposal.

    Parameters
    ----------
    project : planner.model.project.Project
    result : planner.model.results.ProjectResult
        ``run_project(project, base_dir)``.
    lang : {"zh", "en"}, optional
        Language of the labels; default the project's language, else Chinese.
    today : datetime.date, optional
        Date printed on the summary; default today.
    analysis : dict, optional
        The optional sheets' data as the command line's JSON gives it:
        ``{"scenarios": compare JSON, "sensitivity": sensitivity JSON,
        "montecarlo": montecarlo JSON (may carry "npv_samples_yuan" for the
        histogram), "bill_check": [...], "storage": [...]}``; ``bill_check``
        and ``storage`` are also read from ``result`` when it has them.
    """
    lang = normalise_lang(lang if lang is not None else getattr(project, "language", None))
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    book = Book(wb, lang)
    ctx = Context(project, result, lang, today or date.today(), book, dict(analysis or {}))
    wb.set_properties(
        {
            "title": clean_text(project.name, one_line=True, max_len=250),
            "subject": label("proposal", lang),
            "author": "Retrofit Planner",
            "comments": label("generated_by", lang),
        }
    )
    wb.set_calc_mode("auto")
    wb.set_size(1400, 900)
    flows = measures.measure_flows(ctx)
    sheets = [summary.write(ctx), assumptions.write(ctx), measures.write(ctx, flows), cash_flow.write(ctx)]
    if ctx.has_pv:
        sheets.append(pv_years.write(ctx))
    sheets += [monthly.write(ctx), emissions.write(ctx)]
    sheets += analysis_sheets.write_all(ctx)
    sheets.append(measures.write_flows(ctx, flows))
    name = display_name(project.name, lang)
    for sh in sheets:
        sh.finish(name)
    wb.close()
    return Proposal(buf.getvalue(), book.checks, dict(ctx.titles))


def build_workbook(project, result, lang: str | None = None, *, today: date | None = None, analysis=None):
    """``(xlsx bytes, checks)``: see :func:`build_proposal`."""
    prop = build_proposal(project, result, lang, today=today, analysis=analysis)
    return prop.data, prop.checks


def workbook_bytes(project, result, lang: str | None = None, *, today: date | None = None, analysis=None) -> bytes:
    """The proposal workbook as .xlsx bytes (see :func:`build_proposal`)."""
    return build_proposal(project, result, lang, today=today, analysis=analysis).data


def export_workbook(
    project, result, path: str | os.PathLike, lang: str | None = None, *, today: date | None = None, analysis=None
) -> None:
    """Write the proposal workbook to ``path`` atomically (the old file is kept on failure)."""
    from planner.report import workbook  # the facade, so a patched workbook_bytes is honoured

    write_bytes_atomic(path, workbook.workbook_bytes(project, result, lang, today=today, analysis=analysis))
