"""The "bill check" sheet of the proposal (issue 10): the model's baseline
bill against the client's 12 real bills, per month and in total, with the
residual before calibration when the project calibrates.

Written only when the result has a ``bill_check``.  Actual and model
figures are values (the engine's); the differences are live formulas
(model - actual, and its share of actual), so a reader can correct a bill
in the sheet and see the difference change.
"""

from __future__ import annotations

from typing import Any

LABELS: dict[str, tuple[str, str]] = {
    "title": ("模型与实际电费账单对比", "Model vs actual electricity bills"),
    "note_cal": (
        "基准负荷已按账单逐月(及分时段)校准;“校准前”列为校准前的偏差。",
        "The baseline was calibrated to the bills month by month (and by period); the 'before calibration' "
        "column shows the residual before calibration.",
    ),
    "note": (
        "模型值为改造前基准年的电费(含税口径,与账单一致);差额 = 模型 − 实际。",
        "Model = the baseline (pre-retrofit) bill as invoiced (VAT as on the bill); difference = model − actual.",
    ),
    "month": ("月份", "Month"),
    "actual_kwh": ("账单电量 (kWh)", "Billed kWh"),
    "model_kwh": ("模型电量 (kWh)", "Model kWh"),
    "actual_total": ("账单电费 (元)", "Bill total (yuan)"),
    "model_total": ("模型电费 (元)", "Model bill (yuan)"),
    "diff": ("差额 (元)", "Difference (yuan)"),
    "diff_pct": ("差额比例", "Difference (%)"),
    "unc_pct": ("校准前偏差", "Before calibration (%)"),
    "pf_actual": ("账单功率因数", "Billed PF"),
    "pf_model": ("模型功率因数", "Model PF"),
    "total": ("合计", "Total"),
}

F_YUAN = "#,##0"
F_KWH = "#,##0"
F_PCT = "0.00%"
F_PF = "0.00"


def _l(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def write_bill_check(builder: Any, ws: Any) -> None:
    """Fill ``ws`` with the bill check of ``builder.r`` (a ProjectResult).

    ``builder`` is the workbook builder of :mod:`planner.report.workbook`
    (its ``cell`` / ``formula`` helpers record every formula with the value
    the engine expects, so the recalculation test checks this sheet too).
    """
    check = builder.r.bill_check
    lang = builder.lang
    cal = bool(check.calibrated)
    builder.cell(ws, 1, 1, _l("title", lang), kind="subtitle", track=False)
    builder.cell(ws, 2, 1, _l("note_cal" if cal else "note", lang), kind="plain", track=False)
    cols = ["month", "actual_kwh", "model_kwh", "actual_total", "model_total", "diff", "diff_pct"]
    cols += (["unc_pct"] if cal else []) + ["pf_actual", "pf_model"]
    cc = {k: i + 1 for i, k in enumerate(cols)}
    letter = {k: chr(ord("A") + v - 1) for k, v in cc.items()}
    hdr = 4
    for key in cols:
        builder.cell(ws, hdr, cc[key], _l(key, lang), kind="header")
    first = hdr + 1
    for i, row in enumerate(check.months):
        rr = first + i
        builder.cell(ws, rr, cc["month"], int(row.month), fmt="0", kind="label", align="center")
        builder.cell(ws, rr, cc["actual_kwh"], row.actual_kwh, fmt=F_KWH, kind="input")
        builder.cell(ws, rr, cc["model_kwh"], row.model_kwh, fmt=F_KWH, kind="engine")
        builder.cell(ws, rr, cc["actual_total"], row.actual_total_yuan, fmt=F_YUAN, kind="input")
        builder.cell(ws, rr, cc["model_total"], row.model_total_yuan, fmt=F_YUAN, kind="engine")
        a, m = f"{letter['actual_total']}{rr}", f"{letter['model_total']}{rr}"
        builder.formula(
            ws,
            rr,
            cc["diff"],
            f"{m}-{a}",
            f"bill_check.{row.month}.difference_yuan",
            fmt=F_YUAN,
            expect=row.difference_yuan,
        )
        builder.formula(
            ws,
            rr,
            cc["diff_pct"],
            f"({m}-{a})/{a}",
            f"bill_check.{row.month}.difference_pct.fraction",
            fmt=F_PCT,
            expect=(row.difference_pct or 0.0) / 100.0,
        )
        if cal:
            unc = row.uncalibrated_difference_pct
            builder.cell(ws, rr, cc["unc_pct"], None if unc is None else unc / 100.0, fmt=F_PCT, kind="engine")
        builder.cell(ws, rr, cc["pf_actual"], row.actual_power_factor, fmt=F_PF, kind="engine")
        builder.cell(ws, rr, cc["pf_model"], row.model_power_factor, fmt=F_PF, kind="engine")
    last = first + len(check.months) - 1
    tr = last + 1
    t = check.total
    builder.cell(ws, tr, cc["month"], _l("total", lang), kind="total")
    for key, attr, expect, fmt in (
        ("actual_kwh", "actual_kwh", t.actual_kwh, F_KWH),
        ("model_kwh", "model_kwh", t.model_kwh, F_KWH),
        ("actual_total", "actual_total_yuan", t.actual_total_yuan, F_YUAN),
        ("model_total", "model_total_yuan", t.model_total_yuan, F_YUAN),
        ("diff", "difference_yuan", t.difference_yuan, F_YUAN),
    ):
        col = letter[key]
        builder.formula(
            ws,
            tr,
            cc[key],
            f"SUM({col}{first}:{col}{last})",
            f"bill_check.total.{attr}",
            fmt=fmt,
            expect=expect,
            kind="total",
        )
    a, m = f"{letter['actual_total']}{tr}", f"{letter['model_total']}{tr}"
    builder.formula(
        ws,
        tr,
        cc["diff_pct"],
        f"({m}-{a})/{a}",
        "bill_check.total.difference_pct.fraction",
        fmt=F_PCT,
        expect=(t.difference_pct or 0.0) / 100.0,
        kind="total",
    )
    if cal and t.uncalibrated_difference_pct is not None:
        builder.cell(ws, tr, cc["unc_pct"], t.uncalibrated_difference_pct / 100.0, fmt=F_PCT, kind="total")
    ws.freeze_panes = ws.cell(row=first, column=2)
