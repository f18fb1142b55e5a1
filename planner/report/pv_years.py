"""The *PV by year* sheet: PV's kWh and bill savings of each year at year-1 prices.

Row k (k = 1..N), all PV systems together (pieces from
:func:`planner.engine.attribution.attribute`)::

    index_k  = (1 - PV_Degradation)^(age_k - 1)       (one system; several: the engine's index)
    self_k,p = self_1,p x index_k + adjustment_k,p     [kWh]  (self_1,p: year-1 facts)
    export_k = export_1 x index_k + adjustment_k       [kWh]
    savings_k = VAT_Factor x (sum_p self_k,p x Price_p + export_k x owned share_k x Export_Price
                + Surcharge_Per_kWh x surcharge kWh_k + sum_p PF kWh_k,p x Price_p) + PF fixed_k
                + demand kW-months_k x Demand_Rate - EMC payment_k + other_k
    EMC payment_k = VAT_Factor x sum_p self_k,p x Price_p x (1 - EMC_Discount)   (one EMC system, discount)
                  = VAT_Factor x sum_p self_k,p x EMC_Price                       (one EMC system, fixed price)

The surcharge kWh, PF kWh (the PF adjustment percent of each month times its
kWh, after efficiency minus after PV) and PF fixed yuan (the adjustment on
the basic charge) of year k are facts of the hourly re-netting: they follow
the prices and the surcharge, not ``PV_Degradation``.

The adjustments (hidden helper columns) are the engine's hour-by-hour
re-netting of the degraded output: 0 when the load absorbs every PV kWh.
They are kWh, so prices stay live exactly; degradation is live through
the index (exact at the exported rate, a close approximation elsewhere
when PV exports).  ``other`` is what the pieces leave unexplained (0 up to
float rounding; a test checks it).
"""

from __future__ import annotations

from functools import partial

from planner.report.layout import Sheet, cell, excel_str, ref
from planner.report.styles import F_INT, F_KWH, F_YUAN

__all__ = ["write", "ref_savings", "ref_share", "columns"]


def columns(ctx) -> dict[str, int]:
    cached = getattr(ctx, "_pvy_columns", None)
    if cached is None:
        cached = ctx._pvy_columns = _columns(ctx)
    return cached


def _columns(ctx) -> dict[str, int]:
    periods = ctx.a.periods
    names = ["year", "age", "index"] + [f"self_{p}" for p in periods] + ["export"]
    if ctx.demand_basis:
        names.append("demand")
    if ctx.pv_measures and any(m.ownership == "emc" for m in ctx.pv_measures):
        names.append("emc")
    names += ["savings", "used", "other", "owned_share", "sur"] + [f"pf_{p}" for p in periods] + ["pf_fixed"]
    names += [f"adj_{p}" for p in periods] + ["adj_export"]
    names += [f"share_{j}" for j in range(len(ctx.pv_measures))]
    if "emc" in names and ctx.emc is None:
        names += [f"emcw_{p}" for p in periods] + ["emcf"]
    return {k: i for i, k in enumerate(names)}


def _at(cc: dict[str, int], row: int, key: str) -> str:
    return cell(row, cc[key])


def ref_savings(ctx, k: int) -> str:
    return ref(ctx.titles["pv_years"], ctx.pvy_row(k), columns(ctx)["savings"], True)


def ref_share(ctx, j: int, k: int) -> str:
    return ref(ctx.titles["pv_years"], ctx.pvy_row(k), columns(ctx)[f"share_{j}"], True)


def _header(ctx, sh: Sheet, cc: dict[str, int]) -> None:
    L, a = ctx.L, ctx.a
    hr = ctx.pvy_first - 1
    heads = {
        "year": L("cf.year"),
        "age": L("pvy.age"),
        "index": L("pvy.index"),
        "export": L("pvy.export"),
        "demand": L("pvy.demand"),
        "emc": L("pvy.emc"),
        "savings": L("pvy.savings"),
        "used": L("pvy.used"),
        "other": L("pvy.other"),
        "owned_share": L("pvy.owned_share"),
        "adj_export": L("pvy.adj_export"),
        "sur": L("pvy.sur"),
        "pf_fixed": L("pvy.pf_fixed"),
    }
    for p in a.periods:
        heads[f"self_{p}"] = L("pvy.self", p=L(f"period.{p}"))
        heads[f"adj_{p}"] = L("pvy.adj", p=L(f"period.{p}"))
        heads[f"pf_{p}"] = L("pvy.pf", p=L(f"period.{p}"))
    for j, m in enumerate(ctx.pv_measures):
        heads[f"share_{j}"] = L("pvy.share", name=m.name)
    for p in a.periods:
        heads[f"emcw_{p}"] = L("pvy.emcw", p=L(f"period.{p}"))
    heads["emcf"] = L("pvy.emcf")
    for k, c in cc.items():
        sh.label(hr, c, heads[k], "header", track=False)
        sh.set_width(c, 7 if k in ("year", "age") else 14)
        if k in ("other", "owned_share", "emcf", "sur", "pf_fixed") or k.startswith(("adj_", "share_", "emcw_", "pf_")):
            sh.hide(c)
    sh.ws.set_row(hr, 42)
    sh.header_row = hr
    sh.freeze = (hr + 1, 1)


def _emc(ctx, sh: Sheet, cc: dict[str, int], k: int, energy: str, self_sum: str) -> None:
    """The EMC payment of year k: live in the EMC price or discount (one system), else pieces."""
    a, pv, emc, row, i = ctx.a, ctx.a.pv, ctx.emc, ctx.pvy_row(k), k - 1
    x = partial(_at, cc, row)
    if emc is not None and emc.emc_price_yuan_per_kwh is not None:
        sh.formula(row, cc["emc"], f"VAT_Factor*{self_sum}*EMC_Price", pv.emc_payment_yuan[i], "internal", F_YUAN)
    elif emc is not None:
        sh.formula(row, cc["emc"], f"VAT_Factor*{energy}*(1-EMC_Discount)", pv.emc_payment_yuan[i], "internal", F_YUAN)
    else:
        weighted = "+".join(f"{x('emcw_' + p)}*Price_{p}" for p in a.periods) or "0"
        sh.formula(row, cc["emc"], f"VAT_Factor*({weighted}+{x('emcf')})", pv.emc_payment_yuan[i], "internal", F_YUAN)
        for j, p in enumerate(a.periods):
            sh.number(row, cc[f"emcw_{p}"], pv.emc_weighted_kwh[i, j], "#,##0.000", "fact")
        sh.number(row, cc["emcf"], pv.emc_fixed_yuan[i], "#,##0.00", "fact")


def _year(ctx, sh: Sheet, cc: dict[str, int], k: int) -> None:
    a, pv = ctx.a, ctx.a.pv
    life = ctx.pv_measures[0].life_years
    first = ctx.pvy_row(1)
    row = ctx.pvy_row(k)
    i = k - 1
    x = partial(_at, cc, row)
    sh.number(row, cc["year"], k, F_INT, "label", align="center")
    sh.number(row, cc["age"], (k - 1) % life + 1, F_INT, "fact", align="center")
    if ctx.single_pv:
        sh.formula(row, cc["index"], f"(1-PV_Degradation)^({x('age')}-1)", pv.index[i], "internal", "0.0000")
    else:
        sh.number(row, cc["index"], pv.index[i], "0.0000", "fact")
    energy_terms = []
    for j, p in enumerate(a.periods):
        c = cc[f"self_{p}"]
        if k == 1:
            sh.number(row, c, pv.self_kwh[0, j], F_KWH, "fact")
        else:
            sh.formula(row, c, f"{cell(first, c)}*{x('index')}+{x('adj_' + p)}", pv.self_kwh[i, j], "internal", F_KWH)
        energy_terms.append(f"{cell(row, c)}*Price_{p}")
    if k == 1:
        sh.number(row, cc["export"], pv.export_kwh[0], F_KWH, "fact")
    else:
        sh.formula(
            row,
            cc["export"],
            f"{cell(first, cc['export'])}*{x('index')}+{x('adj_export')}",
            pv.export_kwh[i],
            "internal",
            F_KWH,
        )
    energy = "(" + ("+".join(energy_terms) or "0") + ")"
    self_sum = "(" + "+".join(cell(row, cc[f"self_{p}"]) for p in a.periods) + ")" if a.periods else "0"
    pf_terms = "+".join(f"{x('pf_' + p)}*Price_{p}" for p in a.periods) or "0"
    parts = [
        f"VAT_Factor*({energy}+{x('export')}*{x('owned_share')}*Export_Price+Surcharge_Per_kWh*{x('sur')}+{pf_terms})",
        x("pf_fixed"),
    ]
    if "demand" in cc:
        sh.number(row, cc["demand"], pv.demand_kw_months[i], "#,##0.0", "fact")
        parts.append(f"{x('demand')}*Demand_Rate")
    if "emc" in cc:
        _emc(ctx, sh, cc, k, energy, self_sum)
        parts.append(f"-{x('emc')}")
    parts.append(x("other"))
    base = ctx.result.pv.savings_by_year_base_yuan
    sh.formula(row, cc["savings"], "+".join(parts), float(base[i]), f"pvy.savings.{k}", F_YUAN)
    sh.formula(row, cc["used"], f"{self_sum}+{x('export')}", float(pv.used_kwh[i]), f"emissions.pv_kwh.{k}", F_KWH)
    sh.number(row, cc["other"], pv.other_yuan[i], "0.000000", "fact")
    sh.number(row, cc["owned_share"], pv.owned_export_share[i], "0.000000", "fact")
    sh.number(row, cc["sur"], pv.surcharge_kwh[i], "#,##0.000", "fact")
    for j, p in enumerate(a.periods):
        sh.number(row, cc[f"pf_{p}"], pv.pf_kwh[i, j], "#,##0.000", "fact")
    sh.number(row, cc["pf_fixed"], pv.pf_fixed_yuan[i], "#,##0.000", "fact")
    for j, p in enumerate(a.periods):
        sh.number(row, cc[f"adj_{p}"], pv.self_adjust_kwh[i, j], "#,##0.000", "fact")
    sh.number(row, cc["adj_export"], pv.export_adjust_kwh[i], "#,##0.000", "fact")
    for j in range(len(ctx.pv_measures)):
        sh.number(row, cc[f"share_{j}"], pv.measure_share[j, i], "0.000000", "fact")


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["pv_years"], "pv_years")
    L, pv, n = ctx.L, ctx.a.pv, ctx.n
    cc = columns(ctx)
    sh.label(0, 0, L("pvy.title"), "subtitle", track=False)
    sh.label(1, 0, L("pvy.note"), "note", track=False)
    _header(ctx, sh, cc)
    for k in range(1, n + 1):
        _year(ctx, sh, cc, k)
    base = ctx.result.pv.savings_by_year_base_yuan
    first = ctx.pvy_row(1)
    last = ctx.pvy_row(n)
    tr = last + 1
    sh.label(tr, cc["year"], L("cf.total"), "total")
    for key in ("savings", "used"):
        c = cc[key]
        total = float(base.sum()) if key == "savings" else float(pv.used_kwh.sum())
        sh.formula(
            tr,
            c,
            f"SUM({cell(first, c)}:{cell(last, c)})",
            total,
            "pvy.total.savings" if key == "savings" else "emissions.total.pv_kwh",
            F_YUAN if key == "savings" else F_KWH,
            "total",
        )
    ctx.book.name("PV_Energy_Y1", sh.title, (first, cc["used"]))
    ctx.book.name("PV_Savings_By_Year", sh.title, (first, cc["savings"]), (last, cc["savings"]))
    _ = excel_str
    return sh
