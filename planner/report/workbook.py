"""The Excel proposal: public entry points (a thin facade over :mod:`planner.report.builder`).

::

    workbook_bytes(project, result, lang=None) -> bytes
    export_workbook(project, result, path, lang=None) -> None    # atomic write
    build_workbook(project, result, lang=None) -> (bytes, checks)
    build_proposal(project, result, lang=None, analysis=None) -> Proposal

``lang`` defaults to the project's language (Chinese when it has none).
The sheets are written by one module each (summary, assumptions, measures,
cash_flow, pv_years, monthly, emissions, analysis_sheets) with XlsxWriter;
openpyxl is used only to read workbooks (tests, meter import).
"""

from __future__ import annotations

from planner.report.builder import Proposal, build_proposal, build_workbook, export_workbook, workbook_bytes
from planner.report.text import (
    clean_text,
    display_name,
    display_width,
    header_footer_text,
    label,
    needs_quote_prefix,
    normalise_lang,
    sheet_title,
    truncate_width,
)

__all__ = [
    "Proposal",
    "build_proposal",
    "build_workbook",
    "export_workbook",
    "workbook_bytes",
    "clean_text",
    "display_name",
    "display_width",
    "header_footer_text",
    "label",
    "needs_quote_prefix",
    "normalise_lang",
    "sheet_title",
    "truncate_width",
]
