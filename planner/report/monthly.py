"""The *Monthly* sheet: the first-year bill of each month before and after, live.

From the kWh by month and period of the hourly simulation (hidden helper
columns, :class:`planner.engine.attribution.Attribution`)::

    bill before = sum_p import before_p x Price_p + demand before x Demand_Rate + other
    bill after  = sum_p import after_p x Price_p + demand after x Demand_Rate
                  - exported kWh x Export_Price + EMC payment + other
    EMC payment = sum_p EMC kWh_p x Price_p x (1 - EMC_Discount)   (one EMC system, discount)
                = EMC kWh x EMC_Price                              (one EMC system, fixed price)
                = sum_p priced kWh_p x Price_p + fixed payments    (several systems)

so a changed price moves these bills, the summary's monthly chart and the
cash flow together.  The kWh themselves (and maximum demand) are facts: a
measure's kWh changed on the Measures sheet moves the cash flow and the
KPIs, not the split of its kWh over these months.
"""

from __future__ import annotations

from planner.report.layout import Sheet, cell
from planner.report.styles import F_KWH, F_YUAN

FIRST = 3  # January (0-based row)


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
    if ctx.demand_basis:
        out += [("basic_before_yuan", "mo.basic_before", F_YUAN), ("basic_after_yuan", "mo.basic_after", F_YUAN)]
    for key in EXTRA_FACTS:  # Wave 2 bill lines, shown when the engine reports them (in "other" below)
        mo = ctx.result.monthly
        if key in mo and float(mo[key].abs().sum()) > 0:
            out.append((key, f"mo.{key}", F_YUAN))
    if ctx.has_pv:
        out.append(("export_credit_yuan", "mo.export_credit", F_YUAN))
        if any(m.ownership == "emc" for m in ctx.pv_measures):
            out.append(("emc_payment_yuan", "mo.emc", F_YUAN))
    out += [(f"kb_{p}", "mo.kwh_before", "#,##0.000") for p in P]
    out += [(f"ka_{p}", "mo.kwh_after", "#,##0.000") for p in P]
    if ctx.demand_basis:
        out += [("db", "mo.demand_before", "#,##0.000"), ("da", "mo.demand_after", "#,##0.000")]
    if ctx.has_pv:
        out.append(("export_kwh", "mo.export_kwh", "#,##0.000"))
        if any(m.ownership == "emc" for m in ctx.pv_measures):
            out += [(f"emcw_{p}", "mo.emc_w", "#,##0.000") for p in P] + [("emcf", "mo.emc_f", "#,##0.00")]
    out += [("other_b", "mo.other", "0.000000"), ("other_a", "mo.other", "0.000000")]
    out += [("before_wan", "mo.before_wan", "#,##0.0"), ("after_wan", "mo.after_wan", "#,##0.0")]
    return out


HIDDEN_PREFIX = ("kb_", "ka_", "emcw_")
EXTRA_FACTS = (
    "pf_adjustment_yuan_before",
    "pf_adjustment_yuan_after",
    "surcharges_yuan_before",
    "surcharges_yuan_after",
    "pf_adjustment_before_yuan",
    "pf_adjustment_after_yuan",
    "surcharges_before_yuan",
    "surcharges_after_yuan",
)
HIDDEN = ("db", "da", "export_kwh", "emcf", "other_b", "other_a", "before_wan", "after_wan")


def _emc_mode(ctx) -> tuple[str, float]:
    """("discount", 1-d0) / ("fixed", price0) for one live EMC system, else ("pieces", 0)."""
    m = ctx.emc
    if m is None:
        return "pieces", 0.0
    if m.emc_price_yuan_per_kwh is not None:
        return ("fixed", m.emc_price_yuan_per_kwh) if m.emc_price_yuan_per_kwh > 0 else ("pieces", 0.0)
    keep = 1 - (m.emc_discount_pct or 0.0) / 100.0
    return ("discount", keep) if keep > 0 else ("pieces", 0.0)


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["monthly"], "monthly")
    L, mo, a = ctx.L, ctx.result.monthly, ctx.a
    cols = columns(ctx)
    cc = {k: c for c, (k, _, _) in enumerate(cols)}
    sh.label(0, 0, L("mo.title"), "subtitle", track=False)
    sh.label(1, 0, L("mo.note"), "note", track=False)
    hr = FIRST - 1
    for c, (key, head, _) in enumerate(cols):
        per = key.split("_", 1)[1] if key.startswith(HIDDEN_PREFIX) else None
        sh.label(hr, c, L(head, p=L(f"period.{per}")) if per else L(head), "header", track=False)
        sh.set_width(c, 8 if key == "month" else 15)
        if key.startswith(HIDDEN_PREFIX) or key in HIDDEN:
            sh.hide(c)
    sh.ws.set_row(hr, 32)
    sh.header_row = hr
    sh.freeze = (hr + 1, 1)
    months = L("months").split(",")
    mode, base = _emc_mode(ctx)
    pv = a.pv
    for m in range(12):
        row = FIRST + m
        x = lambda k: cell(row, cc[k])  # noqa: E731

        def put(key, formula):
            sh.formula(
                row,
                cc[key],
                formula,
                float(mo[key].iloc[m]),
                f"monthly.{key}.{m + 1}",
                dict((k, f) for k, _, f in cols)[key],
                track=False,
            )

        sh.label(row, 0, months[m])
        energy_b = "+".join(f"{x('kb_' + p)}*Price_{p}" for p in a.periods) or "0"
        energy_a = "+".join(f"{x('ka_' + p)}*Price_{p}" for p in a.periods) or "0"
        before = f"{energy_b}{'+' + x('basic_before_yuan') if ctx.demand_basis else ''}+{x('other_b')}"
        after = f"{energy_a}{'+' + x('basic_after_yuan') if ctx.demand_basis else ''}"
        if ctx.has_pv:
            after += f"-{x('export_credit_yuan')}"
            if "emc_payment_yuan" in cc:
                after += f"+{x('emc_payment_yuan')}"
        after += f"+{x('other_a')}"
        put("bill_before_yuan", before)
        put("bill_after_yuan", after)
        put("savings_yuan", f"{x('bill_before_yuan')}-{x('bill_after_yuan')}")
        for key in ("energy_saved_kwh", "import_before_kwh", "import_after_kwh"):
            sh.number(row, cc[key], float(mo[key].iloc[m]), F_KWH, "fact")
        for key in EXTRA_FACTS:
            if key in cc:
                sh.number(row, cc[key], float(mo[key].iloc[m]), F_YUAN, "fact")
        if ctx.demand_basis:
            put("basic_before_yuan", f"{x('db')}*Demand_Rate")
            put("basic_after_yuan", f"{x('da')}*Demand_Rate")
        if ctx.has_pv:
            put("export_credit_yuan", f"{x('export_kwh')}*Export_Price")
            if "emc_payment_yuan" in cc:
                if mode == "discount":
                    f = "(" + "+".join(f"{x('emcw_' + p)}*Price_{p}" for p in a.periods) + ")*(1-EMC_Discount)"
                elif mode == "fixed":
                    f = f"{x('emcf')}*EMC_Price"
                else:
                    f = "+".join(f"{x('emcw_' + p)}*Price_{p}" for p in a.periods) + f"+{x('emcf')}"
                put("emc_payment_yuan", f)
        for j, p in enumerate(a.periods):
            sh.number(row, cc[f"kb_{p}"], a.month_before_kwh[m, j], "#,##0.000", "fact")
            sh.number(row, cc[f"ka_{p}"], a.month_after_kwh[m, j], "#,##0.000", "fact")
        if ctx.demand_basis:
            sh.number(row, cc["db"], a.month_before_demand_kw[m], "#,##0.000", "fact")
            sh.number(row, cc["da"], a.month_after_demand_kw[m], "#,##0.000", "fact")
        if ctx.has_pv:
            sh.number(row, cc["export_kwh"], pv.month_export_kwh[m], "#,##0.000", "fact")
            if "emc_payment_yuan" in cc:
                for j, p in enumerate(a.periods):
                    w = (
                        pv.month_emc_weighted_kwh[m, j] / base
                        if mode == "discount"
                        else pv.month_emc_weighted_kwh[m, j]
                    )
                    sh.number(row, cc[f"emcw_{p}"], w, "#,##0.000", "fact")
                fixed = pv.month_emc_fixed_yuan[m] / base if mode == "fixed" else pv.month_emc_fixed_yuan[m]
                sh.number(row, cc["emcf"], fixed, "#,##0.000", "fact")
        for key, src in (("before_wan", "bill_before_yuan"), ("after_wan", "bill_after_yuan")):
            sh.formula(
                row,
                cc[key],
                f"{x(src)}/10000",
                float(mo[src].iloc[m]) / 1e4,
                f"monthlywan.{src}.{m + 1}",
                "#,##0.0",
                track=False,
            )
        sh.number(row, cc["other_b"], a.month_other_before_yuan[m], "0.000000", "fact")
        sh.number(row, cc["other_a"], a.month_other_after_yuan[m], "0.000000", "fact")
    tr = FIRST + 12
    sh.label(tr, 0, L("mo.total"), "total")
    for c, (key, _, num) in enumerate(cols):
        if key == "month" or key.startswith(HIDDEN_PREFIX) or key in HIDDEN or key in EXTRA_FACTS:
            continue
        sh.formula(
            tr,
            c,
            f"SUM({cell(FIRST, c)}:{cell(FIRST + 11, c)})",
            float(mo[key].sum()),
            f"monthly.total.{key}",
            num,
            "total",
            track=False,
        )
    return sh
