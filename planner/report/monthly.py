"""The *Monthly* sheet: the first-year bill of each month before and after, line by line, live.

From the kWh by month and period of the hourly simulation (hidden helper
columns, :class:`planner.engine.attribution.MonthPieces`)::

    energy    = VAT_Factor x sum_p import_p x Price_p
    basic     = demand x Demand_Rate (demand basis) + fixed basic charge (capacity, contract: a fact)
    PF adj.   = PF percent x (energy + basic)        (the percent: a fact of the month's kWh and kvarh)
    surcharge = VAT_Factor x Surcharge_Per_kWh x grid kWh
    bill before = energy + basic + PF adj. + surcharge + other
    bill after  = the same lines after every measure - VAT_Factor x exported kWh x Export_Price
                  + EMC payment + other
    EMC payment = VAT_Factor x sum_p EMC kWh_p x Price_p x (1 - EMC_Discount)   (one EMC system, discount)
                = VAT_Factor x EMC kWh x EMC_Price                              (one EMC system, fixed price)
                = VAT_Factor x (sum_p priced kWh_p x Price_p + fixed payments)  (several systems)
                  + EMC payments the PV pieces do not give (a battery's investor: a fact)

so a changed price moves these bills, the summary's monthly chart and the
cash flow together.  The kWh, the power factor and its adjustment percent,
and the maximum demand are facts: a measure's kWh changed on the Measures
sheet moves the cash flow and the KPIs, not the split of its kWh over
these months.  ``other`` is what the pieces leave unexplained (0 up to
float rounding; a test checks it).
"""

from __future__ import annotations

from planner.report.layout import Sheet, cell
from planner.report.styles import F_KWH, F_YUAN

FIRST = 3  # January (0-based row)
F_PF = "0.00"
LINES = ("energy_charge_yuan", "basic_charge_yuan", "pf_adjustment_yuan", "surcharges_yuan", "power_factor")


def _lines_shown(ctx) -> list[str]:
    """The bill lines worth a visible column: energy always; the others when the tariff has them."""
    t = ctx.project.tariff
    out = ["energy_charge_yuan"]
    if t.basic_charge is not None:
        out.append("basic_charge_yuan")
    if t.power_factor is not None:
        out += ["pf_adjustment_yuan", "power_factor"]
    if ctx.a.surcharge > 0:
        out.append("surcharges_yuan")
    return out


def columns(ctx) -> list[tuple[str, str | None, str | None]]:
    """(key, label key, number format) of every column, visible ones first."""
    P = ctx.a.periods
    out = [
        ("month", "mo.month", None),
        ("bill_before_yuan", "mo.before", F_YUAN),
        ("bill_after_yuan", "mo.after", F_YUAN),
        ("savings_yuan", "mo.savings", F_YUAN),
        ("energy_saved_kwh", "mo.energy_saved", F_KWH),
        ("import_before_kwh", "mo.import_before", F_KWH),
        ("import_after_kwh", "mo.import_after", F_KWH),
    ]
    shown = _lines_shown(ctx)
    for suffix in ("before", "after"):
        for line in LINES:
            out.append((f"{line}_{suffix}", f"mo.{line}_{suffix}", F_PF if line == "power_factor" else F_YUAN))
    if ctx.has_pv or ctx.a.after.export_kwh.any():
        out.append(("export_credit_yuan", "mo.export_credit", F_YUAN))
    if _has_emc(ctx):
        out.append(("emc_payment_yuan", "mo.emc", F_YUAN))
    out += [(f"kb_{p}", "mo.kwh_before", "#,##0.000") for p in P]
    out += [(f"ka_{p}", "mo.kwh_after", "#,##0.000") for p in P]
    out += [("db", "mo.demand_before", "#,##0.000"), ("da", "mo.demand_after", "#,##0.000")]
    out += [("bfix_b", "mo.bfix", "#,##0.00"), ("bfix_a", "mo.bfix", "#,##0.00")]
    out += [("pct_b", "mo.pct", "0.00%"), ("pct_a", "mo.pct", "0.00%")]
    out += [("sur_b", "mo.sur_kwh", "#,##0.000"), ("sur_a", "mo.sur_kwh", "#,##0.000")]
    out.append(("export_kwh", "mo.export_kwh", "#,##0.000"))
    if _has_emc(ctx):
        out += [(f"emcw_{p}", "mo.emc_w", "#,##0.000") for p in P] + [("emcf", "mo.emc_f", "#,##0.00")]
        out.append(("emc_fact", "mo.emc_fact", "#,##0.00"))
    out += [("other_b", "mo.other", "0.000000"), ("other_a", "mo.other", "0.000000")]
    out += [("before_wan", "mo.before_wan", "#,##0.0"), ("after_wan", "mo.after_wan", "#,##0.0")]
    hidden = {f"{line}_{s}" for line in LINES for s in ("before", "after") if line not in shown}
    ctx._monthly_hidden = hidden
    return out


def _has_emc(ctx) -> bool:
    return any(m.ownership == "emc" for m in ctx.pv_measures) or bool(ctx.a.after.emc_fact_yuan.any())


HIDDEN_PREFIX = ("kb_", "ka_", "emcw_")
HIDDEN = (
    "db",
    "da",
    "bfix_b",
    "bfix_a",
    "pct_b",
    "pct_a",
    "sur_b",
    "sur_a",
    "export_kwh",
    "emcf",
    "emc_fact",
    "other_b",
    "other_a",
    "before_wan",
    "after_wan",
)


def _hidden(ctx, key: str) -> bool:
    return key.startswith(HIDDEN_PREFIX) or key in HIDDEN or key in getattr(ctx, "_monthly_hidden", set())


def _emc_mode(ctx) -> tuple[str, float]:
    """("discount", 1-d0) / ("fixed", price0) for one live EMC system, else ("pieces", 0)."""
    m = ctx.emc
    if m is None:
        return "pieces", 0.0
    if m.emc_price_yuan_per_kwh is not None:
        return ("fixed", m.emc_price_yuan_per_kwh) if m.emc_price_yuan_per_kwh > 0 else ("pieces", 0.0)
    keep = 1 - (m.emc_discount_pct or 0.0) / 100.0
    return ("discount", keep) if keep > 0 else ("pieces", 0.0)


def _header(ctx, sh: Sheet, cols) -> None:
    L = ctx.L
    hr = FIRST - 1
    for c, (key, head, _) in enumerate(cols):
        per = key.split("_", 1)[1] if key.startswith(HIDDEN_PREFIX) else None
        sh.label(hr, c, L(head, p=L(f"period.{per}")) if per else L(head), "header", track=False)
        sh.set_width(c, 5.5 if key == "month" else (6 if key.startswith("power_factor") else 10))
        if _hidden(ctx, key):
            sh.hide(c)
    sh.ws.set_row(hr, 42)
    sh.header_row = hr
    sh.freeze = (hr + 1, 1)


def _emc_formula(ctx, x, mode: str) -> str:
    a = ctx.a
    if mode == "discount":
        f = "VAT_Factor*(" + "+".join(f"{x('emcw_' + p)}*Price_{p}" for p in a.periods) + ")*(1-EMC_Discount)"
    elif mode == "fixed":
        f = f"VAT_Factor*{x('emcf')}*EMC_Price"
    else:
        f = "VAT_Factor*(" + ("+".join(f"{x('emcw_' + p)}*Price_{p}" for p in a.periods) or "0") + f"+{x('emcf')})"
    return f + f"+{x('emc_fact')}"


def _facts(ctx, sh: Sheet, cc: dict[str, int], m: int, mode: str, base: float) -> None:
    """The hidden fact columns of month ``m`` (0-based)."""
    a, row = ctx.a, FIRST + m
    for suffix, pieces, tag in (("b", a.before, "kb_"), ("a", a.after, "ka_")):
        for j, p in enumerate(a.periods):
            sh.number(row, cc[f"{tag}{p}"], pieces.kwh[m, j], "#,##0.000", "fact")
        sh.number(row, cc[f"d{suffix}"], pieces.demand_kw[m], "#,##0.000", "fact")
        sh.number(row, cc[f"bfix_{suffix}"], pieces.basic_fixed_yuan[m], "#,##0.00", "fact")
        sh.number(row, cc[f"pct_{suffix}"], pieces.pf_pct[m], "0.00%", "fact")
        sh.number(row, cc[f"sur_{suffix}"], pieces.surcharge_kwh[m], "#,##0.000", "fact")
        sh.number(row, cc[f"other_{suffix}"], pieces.other_yuan[m], "0.000000", "fact")
    sh.number(row, cc["export_kwh"], a.after.export_kwh[m], "#,##0.000", "fact")
    if "emcf" in cc:
        pv = a.pv
        for j, p in enumerate(a.periods):
            w = 0.0 if pv is None else pv.month_emc_weighted_kwh[m, j]
            sh.number(row, cc[f"emcw_{p}"], w / base if mode == "discount" else w, "#,##0.000", "fact")
        fixed = 0.0 if pv is None else pv.month_emc_fixed_yuan[m]
        sh.number(row, cc["emcf"], fixed / base if mode == "fixed" else fixed, "#,##0.000", "fact")
        sh.number(row, cc["emc_fact"], a.after.emc_fact_yuan[m], "#,##0.00", "fact")


def _month(ctx, sh: Sheet, cols, cc: dict[str, int], m: int, mode: str) -> None:
    """The formulas of month ``m`` (0-based)."""
    a, mo, row = ctx.a, ctx.result.monthly, FIRST + m
    fmt = {k: f for k, _, f in cols}

    def x(key: str) -> str:
        return cell(row, cc[key])

    def put(key: str, formula: str) -> None:
        sh.formula(row, cc[key], formula, float(mo[key].iloc[m]), f"monthly.{key}.{m + 1}", fmt[key], track=False)

    demand = ctx.demand_basis
    for suffix, s, tag in (("before", "b", "kb_"), ("after", "a", "ka_")):
        energy = "+".join(f"{x(tag + p)}*Price_{p}" for p in a.periods) or "0"
        put(f"energy_charge_yuan_{suffix}", f"VAT_Factor*({energy})")
        put(f"basic_charge_yuan_{suffix}", (f"{x('d' + s)}*Demand_Rate+" if demand else "") + x(f"bfix_{s}"))
        e, b = x(f"energy_charge_yuan_{suffix}"), x(f"basic_charge_yuan_{suffix}")
        put(f"pf_adjustment_yuan_{suffix}", f"{x('pct_' + s)}*({e}+{b})")
        put(f"surcharges_yuan_{suffix}", f"VAT_Factor*Surcharge_Per_kWh*{x('sur_' + s)}")
        pf = float(mo[f"power_factor_{suffix}"].iloc[m])
        sh.number(row, cc[f"power_factor_{suffix}"], pf, F_PF, "fact")
    before = "+".join(x(f"{line}_before") for line in LINES[:4])
    after = "+".join(x(f"{line}_after") for line in LINES[:4])
    if "export_credit_yuan" in cc:
        put("export_credit_yuan", f"VAT_Factor*{x('export_kwh')}*Export_Price")
        after += f"-{x('export_credit_yuan')}"
    if "emc_payment_yuan" in cc:
        put("emc_payment_yuan", _emc_formula(ctx, x, mode))
        after += f"+{x('emc_payment_yuan')}"
    put("bill_before_yuan", before + f"+{x('other_b')}")
    put("bill_after_yuan", after + f"+{x('other_a')}")
    put("savings_yuan", f"{x('bill_before_yuan')}-{x('bill_after_yuan')}")
    for key in ("energy_saved_kwh", "import_before_kwh", "import_after_kwh"):
        sh.number(row, cc[key], float(mo[key].iloc[m]), F_KWH, "fact")
    for key, src in (("before_wan", "bill_before_yuan"), ("after_wan", "bill_after_yuan")):
        value = float(mo[src].iloc[m]) / 1e4
        sh.formula(row, cc[key], f"{x(src)}/10000", value, f"monthlywan.{src}.{m + 1}", "#,##0.0", track=False)


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["monthly"], "monthly")
    L, mo = ctx.L, ctx.result.monthly
    cols = columns(ctx)
    cc = {k: c for c, (k, _, _) in enumerate(cols)}
    sh.label(0, 0, L("mo.title"), "subtitle", track=False)
    sh.label(1, 0, L("mo.note"), "note", track=False)
    _header(ctx, sh, cols)
    months = L("months").split(",")
    mode, base = _emc_mode(ctx)
    for m in range(12):
        sh.label(FIRST + m, 0, months[m])
        _month(ctx, sh, cols, cc, m, mode)
        _facts(ctx, sh, cc, m, mode, base)
    tr = FIRST + 12
    sh.label(tr, 0, L("mo.total"), "total")
    for c, (key, _, num) in enumerate(cols):
        if key == "month" or _hidden(ctx, key) or key.startswith("power_factor"):
            continue
        total = float(mo[key].sum())
        sh.formula(tr, c, f"SUM({cell(FIRST, c)}:{cell(FIRST + 11, c)})", total, f"monthly.total.{key}", num, "total")
    return sh
