"""The *Emissions* sheet: energy saved, CO2 avoided and standard coal saved by year.

energy_k = Eff_Energy_Y1 + PV kWh used_k (self-consumed + exported, from
the PV-by-year sheet); CO2_k = energy_k x Grid_Factor / 1000 [t];
tce_k = energy_k x TCE_Factor / 1000 [tce].  All live.
"""

from __future__ import annotations

from planner.report.layout import Sheet, cell
from planner.report.styles import F_INT, F_KWH, F_T

FIRST = 3


def other_kwh(ctx):
    """kWh the engine counts in energy saved beyond efficiency and PV (a battery's losses,
    negative), by year [kWh]; None when there are none."""
    import numpy as np

    em = ctx.result.emissions
    total = em["energy_saved_kwh"].to_numpy(float)
    known = em["efficiency_kwh"].to_numpy(float) + (em["pv_kwh"].to_numpy(float) if "pv_kwh" in em else 0.0)
    other = total - known
    scale = max(float(np.max(np.abs(total))) if len(total) else 0.0, 1.0)
    return other if len(total) and float(np.max(np.abs(other))) > 1e-9 * scale else None


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["emissions"], "emissions")
    L, em, n = ctx.L, ctx.result.emissions, ctx.n
    other = other_kwh(ctx)
    keys = (
        ["year", "efficiency_kwh"]
        + (["pv_kwh"] if ctx.has_pv else [])
        + (["other_kwh"] if other is not None else [])
        + ["energy_saved_kwh", "co2_avoided_t", "tce_saved"]
    )
    heads = {
        "year": "em.year",
        "efficiency_kwh": "em.eff",
        "pv_kwh": "em.pv",
        "energy_saved_kwh": "em.total",
        "co2_avoided_t": "em.co2",
        "other_kwh": "em.other",
        "tce_saved": "em.tce",
    }
    cc = {k: i for i, k in enumerate(keys)}
    sh.label(0, 0, L("em.title"), "subtitle", track=False)
    sh.label(1, 0, L("em.note"), "note", track=False)
    hr = FIRST - 1
    for k, c in cc.items():
        sh.label(hr, c, L(heads[k]), "header", track=False)
        sh.set_width(c, 7 if k == "year" else 17)
    sh.ws.set_row(hr, 32)
    sh.header_row = hr
    sh.freeze = (hr + 1, 1)
    for k in range(1, n + 1):
        row = FIRST + k - 1
        i = k - 1
        sh.number(row, cc["year"], k, F_INT, "label", align="center")

        def put(key, formula, num, *, row=row, i=i, k=k):
            sh.formula(row, cc[key], formula, float(em[key].iloc[i]), f"emissions.{key}.{k}", num, track=False)

        put("efficiency_kwh", "Eff_Energy_Y1", F_KWH)
        total = cell(row, cc["efficiency_kwh"])
        if ctx.has_pv:
            from planner.report import pv_years

            cols = pv_years.columns(ctx)
            put("pv_kwh", f"'{ctx.titles['pv_years']}'!{cell(ctx.pvy_row(k), cols['used'])}", F_KWH)
            total += f"+{cell(row, cc['pv_kwh'])}"
        if other is not None:
            sh.number(row, cc["other_kwh"], float(other[i]), F_KWH, "fact")
            total += f"+{cell(row, cc['other_kwh'])}"
        put("energy_saved_kwh", total, F_KWH)
        put("co2_avoided_t", f"{cell(row, cc['energy_saved_kwh'])}*Grid_Factor/1000", F_T)
        put("tce_saved", f"{cell(row, cc['energy_saved_kwh'])}*TCE_Factor/1000", F_T)
    last = FIRST + n - 1
    tr = last + 1
    sh.label(tr, 0, L("em.sum"), "total")
    for k, c in cc.items():
        if k in ("year", "other_kwh"):
            continue
        sh.formula(
            tr,
            c,
            f"SUM({cell(FIRST, c)}:{cell(last, c)})",
            float(em[k].sum()),
            f"emissions.total.{k}",
            F_KWH if k.endswith("kwh") else F_T,
            "total",
            track=False,
        )
    ctx.book.name("EM_CO2_Y1", sh.title, (FIRST, cc["co2_avoided_t"]))
    ctx.book.name("EM_TCE_Y1", sh.title, (FIRST, cc["tce_saved"]))
    ctx.book.name("EM_CO2_Total", sh.title, (tr, cc["co2_avoided_t"]))
    return sh
