"""Optional sheets, each shown only when its data is present.

Inputs are plain dicts with the keys of DESIGN.md (the command line's JSON);
objects with a ``to_dict()`` are accepted too.

* **bill check** (``result.bill_check`` or ``analysis["bill_check"]``)::

      {"months": [{"month", "model_kwh", "actual_kwh", "kwh_difference_pct",
                   "model_total_yuan", "actual_total_yuan", "difference_yuan",
                   "difference_pct"}, ...], "total": {... same keys ...},
       "calibrated": bool}

  difference = model - actual (a formula); difference % = difference / actual.
* **storage** (``result.storage`` or ``analysis["storage"]``): a list, one dict
  per battery: ``name, first_year_charged_kwh, first_year_discharged_kwh,
  first_year_savings_yuan, equivalent_full_cycles_per_year,
  first_year_losses_kwh, replacement_years`` (and, when given, ``energy_kwh,
  power_kw, dispatch``).
* **scenarios** (``analysis["scenarios"]``, ``compare --json``):
  ``{"scenarios": [{"name", "summary": {...}}]}``: one column per scenario.
* **sensitivity** (``analysis["sensitivity"]``, ``sensitivity --json``):
  ``{"base": {"npv_yuan", ...}, "drivers": [{"driver", "low", "high",
  "npv_low_yuan", "npv_high_yuan", "irr_low_pct", ...}], "break_even": {...}}``.
  *Live*: the low and high of each driver are input cells.  For the drivers
  whose NPV is linear in the driver in the engine and in this workbook's
  formulas (``energy_price``, ``export_price``, ``capex``, ``om``,
  ``battery_capex``: every price, capex or O&M term of the cash flow scales
  with them, and so do tax and loan) the NPV columns are formulas
  ``NPV_base + x x slope``, the slope fixed by the engine's two points, so a
  changed range moves the tornado; the other drivers (``efficiency_savings``
  and ``pv_yield`` move demand charges and PV netting, ``escalation`` and
  ``discount_rate`` enter as powers) show the engine's values, and IRR and
  payback are the engine's for every driver.
* **Monte Carlo** (``analysis["montecarlo"]``, ``montecarlo --json``):
  ``{"draws", "npv_yuan": {"mean", "p10", "p50", "p90"}, "irr_pct": {...},
  "payback_years": {...}, "probability_npv_positive",
  "probability_payback_within": {"3": p, ...}}``; the histogram needs the
  draws' NPVs: ``"npv_samples_yuan": [...]`` in the dict, or a result object
  with an ``npv_yuan`` array, or ``"histogram": {"bin_edges_yuan", "counts"}``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from planner.report.layout import Sheet, cell
from planner.report.styles import F_INT, F_KWH, F_PCT, F_YEARS, F_YUAN
from planner.report.text import display_name

LINEAR_DRIVERS = ("energy_price", "export_price", "capex", "om", "battery_capex")
BINS = 20


def as_dict(obj: Any) -> Any:
    """``obj.to_dict()`` for result objects, else ``obj``."""
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


def write_all(ctx) -> list[Sheet]:
    out = []
    for key, fn in (
        ("bill_check", bill_check),
        ("storage", storage),
        ("scenarios", scenarios),
        ("sensitivity", sensitivity),
        ("montecarlo", montecarlo),
    ):
        data = ctx.extra(key)
        if data:
            out.append(fn(ctx, data))
    return out


def _head(sh: Sheet, row: int, heads: list[str], width: float = 14) -> None:
    for c, h in enumerate(heads):
        sh.label(row, c, h, "header", track=False)
        sh.set_width(c, width if c else 22)
    sh.header_row = row
    sh.freeze = (row + 1, 1)
    sh.ws.set_row(row, 32)


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def bill_check(ctx, data: Any) -> Sheet:
    """Model vs actual bills by month and in total; with calibration, also the model's
    difference before it (``uncalibrated_model_total_yuan``, its % a formula)."""
    d = as_dict(data)
    sh = Sheet(ctx.book, ctx.titles["bill_check"], "bill_check")
    L = ctx.L
    calibrated = bool(d.get("calibrated"))
    sh.label(0, 0, L("bc.title"), "subtitle", track=False)
    sh.label(1, 0, L("bc.calibrated") if calibrated else L("bc.note"), "note", track=False)
    heads = [
        L("mo.month"),
        L("bc.model_kwh"),
        L("bc.actual_kwh"),
        L("bc.kwh_diff"),
        L("bc.model_yuan"),
        L("bc.actual_yuan"),
        L("bc.diff_yuan"),
        L("bc.diff_pct"),
    ]
    if calibrated:
        heads += [L("bc.uncal_yuan"), L("bc.uncal_pct")]
    _head(sh, 2, heads)
    months = L("months").split(",")
    rows = list(d.get("months", []))
    for j, r in enumerate(rows + [d.get("total") or {}]):
        is_total = j == len(rows)
        m = r.get("month")
        name = L("mo.total") if is_total else (months[int(m) - 1] if m else "")
        sh.label(3 + j, 0, name, "total" if is_total else "label")
        _bill_check_row(sh, 3 + j, j, r, is_total, calibrated)
    return sh


def _bill_check_row(sh: Sheet, row: int, j: int, r: dict, is_total: bool, calibrated: bool) -> None:
    kind = "total" if is_total else "fact"
    fkind = kind if is_total else "formula"

    def x(c: int) -> str:
        return cell(row, c)

    sh.number(row, 1, _num(r.get("model_kwh")), F_KWH, kind)
    sh.number(row, 2, _num(r.get("actual_kwh")), F_KWH, kind)
    pct = _ratio(r.get("kwh_difference_pct"))
    sh.formula(row, 3, f'IF({x(2)}=0,"",{x(1)}/{x(2)}-1)', pct, f"bill_check.kwh_difference_pct.{j}", F_PCT, fkind)
    sh.number(row, 4, _num(r.get("model_total_yuan")), F_YUAN, kind)
    sh.number(row, 5, _num(r.get("actual_total_yuan")), F_YUAN, kind)
    diff = _num(r.get("difference_yuan"))
    sh.formula(row, 6, f"{x(4)}-{x(5)}", diff, f"bill_check.difference_yuan.{j}", F_YUAN, fkind)
    pct = _ratio(r.get("difference_pct"))
    sh.formula(row, 7, f'IF({x(5)}=0,"",{x(6)}/{x(5)})', pct, f"bill_check.difference_pct.{j}", F_PCT, fkind)
    if calibrated:
        sh.number(row, 8, _num(r.get("uncalibrated_model_total_yuan")), F_YUAN, kind)
        pct = _ratio(r.get("uncalibrated_difference_pct"))
        key = f"bill_check.uncalibrated_difference_pct.{j}"
        sh.formula(row, 9, f'IF({x(5)}=0,"",{x(8)}/{x(5)}-1)', pct, key, F_PCT, fkind)


def _ratio(pct: Any) -> Any:
    return "" if pct is None else float(pct) / 100.0


def storage(ctx, data: Any) -> Sheet:
    from planner.report import storage_sheet

    if storage_sheet.present(ctx) and data is ctx.result.storage:
        return storage_sheet.write(ctx)
    items = [as_dict(x) for x in (data if isinstance(data, list) else [data])]
    sh = Sheet(ctx.book, ctx.titles["storage"], "storage")
    L = ctx.L
    sh.label(0, 0, L("st.title"), "subtitle", track=False)
    sh.label(1, 0, L("st.note"), "note", track=False)
    fields = [f for f in storage_sheet.SUMMARY if any(it.get(f[0]) is not None for it in items)]
    _head(sh, 2, [L("st.name")] + [L(k) for _, k, _ in fields] + [L("st.dispatch"), L("st.replacements")])
    for j, it in enumerate(items):
        row = 3 + j
        sh.text(row, 0, display_name(str(it.get("name", "")), ctx.lang), "label")
        for c, (k, _, num) in enumerate(fields, start=1):
            sh.number(row, c, _num(it.get(k)), num, "fact")
        disp = it.get("dispatch")
        sh.label(row, len(fields) + 1, L(f"st.dispatch.{disp}") if disp in ("tou_rule", "optimal") else "")
        years = it.get("replacement_years") or []
        sep = "、" if ctx.lang == "zh" else ", "
        sh.label(row, len(fields) + 2, sep.join(str(int(y)) for y in years) if years else L("none"))
    sh.set_width(len(fields) + 2, 24)
    return sh


SCENARIO_ROWS = (
    ("capex_yuan", "kpi.investment", F_YUAN),
    ("first_year_savings_yuan", "kpi.first_year_savings", F_YUAN),
    ("simple_payback_years", "@kpi.simple_payback_years", F_YEARS),
    ("payback_years", "@kpi.payback_years", F_YEARS),
    ("discounted_payback_years", "@kpi.discounted_payback_years", F_YEARS),
    ("npv_yuan", "kpi.npv", F_YUAN),
    ("irr_pct", "kpi.irr", F_PCT),
    ("first_year_co2_avoided_t", "kpi.co2_first_year", "#,##0.0"),
)


def scenarios(ctx, data: Any) -> Sheet:
    from planner.terms import term

    d = as_dict(data)
    items = [as_dict(x) for x in d.get("scenarios", [])]
    sh = Sheet(ctx.book, ctx.titles["scenarios"], "scenarios")
    L = ctx.L
    sh.label(0, 0, L("sc.title"), "subtitle", track=False)
    sh.label(1, 0, L("sc.note"), "note", track=False)
    sh.label(2, 0, L("kpi.header.item"), "header", track=False)
    sh.label(2, 1, L("kpi.header.unit"), "header", track=False)
    sh.set_width(0, 30)
    sh.set_width(1, 10)
    for c, it in enumerate(items, start=2):
        sh.text(2, c, display_name(str(it.get("name", "")), ctx.lang), "header", track=False)
        sh.set_width(c, 18)
    sh.header_row = 2
    sh.freeze = (3, 1)
    sh.ws.set_row(2, 32)
    for j, (key, lab, num) in enumerate(SCENARIO_ROWS):
        row = 3 + j
        sh.label(row, 0, term(lab[1:], ctx.lang) if lab.startswith("@") else L(lab))
        unit = {F_YUAN: L("yuan"), F_YEARS: L("years_unit"), F_PCT: ""}.get(num, L("t_per_year"))
        sh.label(row, 1, unit)
        for c, it in enumerate(items, start=2):
            v = (it.get("summary") or {}).get(key)
            if v is None:
                sh.label(row, c, ctx.na, "fact", align="right")
            else:
                sh.number(row, c, float(v) / 100 if key == "irr_pct" else float(v), num, "fact")
    return sh


def sensitivity(ctx, data: Any) -> Sheet:
    d = as_dict(data)
    drivers = list(d.get("drivers", []))
    base = d.get("base", {})
    sh = Sheet(ctx.book, ctx.titles["sensitivity"], "sensitivity")
    L = ctx.L
    sh.label(0, 0, L("se.title"), "subtitle", track=False)
    sh.label(1, 0, L("se.note"), "note", track=False)
    heads = [
        L("se.driver"),
        L("se.low"),
        L("se.high"),
        L("se.npv_low"),
        L("se.npv_high"),
        L("se.irr_low"),
        L("se.irr_high"),
        L("se.pb_low"),
        L("se.pb_high"),
        L("se.slope"),
        L("se.live"),
    ]
    base_npv = float(base.get("npv_yuan") or 0.0)
    sh.label(2, 0, L("se.base"), track=False)
    sh.number(2, 3, base_npv, F_YUAN, "fact")
    ctx.book.name("Sens_Base_NPV", sh.title, (2, 3))
    _head(sh, 3, heads)
    first = 4
    for j, dr in enumerate(drivers):
        row = first + j
        name = str(dr.get("driver", ""))
        points = name in ("escalation", "discount_rate")
        num = "0.00" if points else F_PCT
        lo, hi = float(dr.get("low", 0.0)), float(dr.get("high", 0.0))
        scale = 1.0 if points else 1 / 100.0  # JSON: percent or points
        sh.label(row, 0, L(f"driver.{name}") if _has(f"report.driver.{name}") else name)
        sh.input(row, 1, lo * scale, num, minimum=-1 if not points else -100, maximum=10 if not points else 100)
        sh.input(row, 2, hi * scale, num, minimum=-1 if not points else -100, maximum=10 if not points else 100)
        nl, nh = _num(dr.get("npv_low_yuan")), _num(dr.get("npv_high_yuan"))
        linear = name in LINEAR_DRIVERS and nl is not None and nh is not None and hi != lo
        slope = (nh - nl) / ((hi - lo) * scale) if linear else None
        if linear:
            sh.formula(
                row, 3, f"Sens_Base_NPV+{cell(row, 1)}*{cell(row, 9)}", nl, f"sensitivity.npv_low_yuan.{j}", F_YUAN
            )
            sh.formula(
                row, 4, f"Sens_Base_NPV+{cell(row, 2)}*{cell(row, 9)}", nh, f"sensitivity.npv_high_yuan.{j}", F_YUAN
            )
        else:
            sh.number(row, 3, nl, F_YUAN, "fact")
            sh.number(row, 4, nh, F_YUAN, "fact")
        for c, k, f in (
            (5, "irr_low_pct", F_PCT),
            (6, "irr_high_pct", F_PCT),
            (7, "payback_low_years", F_YEARS),
            (8, "payback_high_years", F_YEARS),
        ):
            v = _num(dr.get(k))
            if v is None:
                sh.label(row, c, ctx.na, "fact", align="right")
            else:
                sh.number(row, c, v / 100 if f == F_PCT else v, f, "fact")
        sh.number(row, 9, slope, "#,##0", "fact")
        sh.label(row, 10, L("yes") if linear else L("no"))
    last = first + max(len(drivers), 1) - 1
    be = d.get("break_even") or {}
    row = last + 2
    for k in ("energy_price_pct", "capex_pct"):
        if be.get(k) is not None:
            sh.label(row, 0, L(f"se.break_even.{k}"))
            sh.number(row, 1, float(be[k]) / 100, F_PCT, "fact")
            row += 1
    if drivers:
        ch = ctx.book.wb.add_chart({"type": "bar"})
        names = [
            L(f"driver.{dr.get('driver')}") if _has(f"report.driver.{dr.get('driver')}") else str(dr.get("driver"))
            for dr in drivers
        ]
        for c, key, colour in ((3, "npv_low_yuan", "#C55A11"), (4, "npv_high_yuan", "#2E75B6")):
            ch.add_series(
                {
                    "name": L("se.npv_low") if c == 3 else L("se.npv_high"),
                    "categories": [sh.title, first, 0, last, 0],
                    "values": [sh.title, first, c, last, c],
                    "categories_data": names,
                    "values_data": [_num(dr.get(key)) for dr in drivers],
                    "fill": {"color": colour},
                }
            )
        ch.set_title({"name": L("se.tornado"), "name_font": {"name": ctx.book.fmt.font, "size": 11}})
        ch.set_y_axis({"reverse": True, "label_position": "low"})
        ch.set_x_axis({"num_format": "#,##0", "crossing": base_npv})
        ch.set_legend({"position": "bottom"})
        ch.set_size({"width": 640, "height": 320})
        sh.ws.insert_chart(row + 1, 0, ch)
    return sh


def montecarlo(ctx, data: Any) -> Sheet:
    samples = getattr(data, "npv_yuan", None) if not isinstance(data, dict) else data.get("npv_samples_yuan")
    d = as_dict(data)
    sh = Sheet(ctx.book, ctx.titles["montecarlo"], "montecarlo")
    L = ctx.L
    sh.label(0, 0, L("mc.title"), "subtitle", track=False)
    sh.label(1, 0, L("mc.note", draws=int(d.get("draws", 0))), "note", track=False)
    _head(sh, 2, [L("kpi.header.item"), L("mc.mean"), "P10", "P50", "P90"])
    rows = (
        ("npv_yuan", "kpi.npv", F_YUAN, 1.0),
        ("irr_pct", "kpi.irr", F_PCT, 0.01),
        ("payback_years", "mc.payback", F_YEARS, 1.0),
    )
    for j, (key, lab, num, k) in enumerate(rows):
        row = 3 + j
        stats = d.get(key) or {}
        sh.label(row, 0, L(lab))
        for c, s in enumerate(("mean", "p10", "p50", "p90"), start=1):
            v = stats.get(s)
            if v is None:
                sh.label(row, c, ctx.na, "fact", align="right")
            else:
                sh.number(row, c, float(v) * k, num, "fact")
    row = 7
    sh.label(row, 0, L("mc.p_npv"))
    sh.number(row, 1, _num(d.get("probability_npv_positive")), F_PCT, "fact")
    for t, p in sorted((d.get("probability_payback_within") or {}).items(), key=lambda kv: float(kv[0])):
        row += 1
        sh.label(row, 0, L("mc.p_payback", years=t))
        sh.number(row, 1, float(p), F_PCT, "fact")
    edges = counts = None
    if samples is not None and len(samples):
        v = np.asarray(samples, float)
        v = v[np.isfinite(v)]
        if v.size:
            counts, edges = np.histogram(v, bins=BINS)
    elif d.get("histogram"):
        edges, counts = np.asarray(d["histogram"]["bin_edges_yuan"], float), np.asarray(d["histogram"]["counts"])
    if counts is not None:
        row += 2
        sh.label(row, 0, L("mc.bin"), "header", track=False)
        sh.label(row, 1, L("mc.count"), "header", track=False)
        first = row + 1
        cats = []
        for b in range(len(counts)):
            r = first + b
            mid = (edges[b] + edges[b + 1]) / 2 / 10000.0
            cats.append(f"{mid:,.0f}")
            sh.number(r, 0, mid, "#,##0", "fact")
            sh.number(r, 1, int(counts[b]), F_INT, "fact")
        last = first + len(counts) - 1
        ch = ctx.book.wb.add_chart({"type": "column"})
        ch.add_series(
            {
                "name": L("mc.histogram"),
                "categories": [sh.title, first, 0, last, 0],
                "values": [sh.title, first, 1, last, 1],
                "categories_data": [float(x) for x in (edges[:-1] + edges[1:]) / 2 / 10000.0],
                "values_data": [int(c) for c in counts],
                "fill": {"color": "#2E75B6"},
                "gap": 10,
            }
        )
        ch.set_title({"name": L("mc.histogram"), "name_font": {"name": ctx.book.fmt.font, "size": 11}})
        ch.set_x_axis({"name": L("mc.npv_axis"), "num_format": "#,##0"})
        ch.set_legend({"none": True})
        ch.set_size({"width": 600, "height": 300})
        ch.show_hidden_data()
        sh.ws.insert_chart(2, 6, ch)
    return sh


def _has(key: str) -> bool:
    from planner.terms import has_term

    return has_term(key)
