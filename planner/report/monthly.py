"""The *Monthly* sheet: the first-year bill of each month before and after.

The bills are the hourly simulation's at the prices of the export (grey
facts); savings and totals are formulas.  A changed price moves the cash
flow and the KPIs, not these twelve bills (say so in the note).
"""

from __future__ import annotations

from planner.report.layout import Sheet, cell
from planner.report.styles import F_KWH, F_YUAN

COLS = (
    ("month", None, None),
    ("bill_before_yuan", "mo.before", F_YUAN),
    ("bill_after_yuan", "mo.after", F_YUAN),
    ("savings_yuan", "mo.savings", F_YUAN),
    ("energy_saved_kwh", "mo.energy_saved", F_KWH),
    ("import_before_kwh", "mo.import_before", F_KWH),
    ("import_after_kwh", "mo.import_after", F_KWH),
    ("basic_before_yuan", "mo.basic_before", F_YUAN),
    ("basic_after_yuan", "mo.basic_after", F_YUAN),
    ("export_credit_yuan", "mo.export_credit", F_YUAN),
    ("emc_payment_yuan", "mo.emc", F_YUAN),
)


def columns(ctx) -> list[tuple[str, str | None, str | None]]:
    mo = ctx.result.monthly
    out = []
    for key, head, num in COLS:
        if key in ("export_credit_yuan", "emc_payment_yuan") and (key not in mo or not mo[key].abs().sum() > 0):
            continue
        if key in ("basic_before_yuan", "basic_after_yuan") and (key not in mo or not mo[key].abs().sum() > 0):
            continue
        if key != "month" and key not in mo:
            continue
        out.append((key, head, num))
    return out


FIRST = 3  # January (0-based row)


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["monthly"], "monthly")
    L, mo = ctx.L, ctx.result.monthly
    cols = columns(ctx)
    sh.label(0, 0, L("mo.title"), "subtitle", track=False)
    sh.label(1, 0, L("mo.note"), "note", track=False)
    hr = FIRST - 1
    for c, (key, head, _) in enumerate(cols):
        sh.label(hr, c, L(head) if head else L("mo.month"), "header", track=False)
        sh.set_width(c, 8 if key == "month" else 15)
    sh.ws.set_row(hr, 32)
    sh.header_row = hr
    sh.freeze = (hr + 1, 1)
    months = L("months").split(",")
    cidx = {key: c for c, (key, _, _) in enumerate(cols)}
    for m in range(12):
        row = FIRST + m
        for c, (key, _, num) in enumerate(cols):
            if key == "month":
                sh.label(row, c, months[m])
            elif key == "savings_yuan":
                sh.formula(row, c, f"{cell(row, cidx['bill_before_yuan'])}-{cell(row, cidx['bill_after_yuan'])}",
                           float(mo[key].iloc[m]), f"monthly.{key}.{m + 1}", num, track=False)
            else:
                sh.number(row, c, float(mo[key].iloc[m]), num, "fact")
    tr = FIRST + 12
    sh.label(tr, 0, L("mo.total"), "total")
    for c, (key, _, num) in enumerate(cols[1:], start=1):
        sh.formula(tr, c, f"SUM({cell(FIRST, c)}:{cell(FIRST + 11, c)})", float(mo[key].sum()),
                   f"monthly.total.{key}", num, "total", track=False)
    return sh
