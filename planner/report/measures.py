"""The *Measures* sheet and its helper sheet of per-measure cash flows.

One row per measure, ranked by simple payback.  Inputs (yellow): capex
(``Measure_Capex``), life (``Measure_Life``, >= 1), O&M change
(``Measure_OM``) and, for efficiency measures, first-year kWh saved
(``Measure_kWh``).  Facts (grey): paid by the factory (``Measure_Factory``,
0 for an EMC system), the kWh split by time-of-use period (hidden columns,
from the hourly simulation), PV kWh.  Formulas::

    value per kWh   = VAT_Factor x (sum_p share_p x Price_p + Surcharge_Per_kWh)   [yuan/kWh]
    Measure_Savings = kWh x value per kWh     (PV: PV savings_1 x the system's share;
                      power-factor correction: VAT_Factor x sum_p PF kWh_p x Price_p + a fact;
                      battery: its year-1 savings on the Storage sheet, live in the prices)
    Measure_Simple_Payback = capex / (savings - O&M), if both > 0
    net_0 = -capex x factory;   net_k = savings x (1+e)^(k-1) - O&M x (1+e_om)^(k-1)
            - capex x factory if k is a multiple of life and k < N          (helper sheet)
    Measure_NPV = NPV(Discount_Rate, net_1..net_N) + net_0
    Measure_Payback = first crossing of the cumulative net flow (array formula)
    Measure_IRR = IRR(net_0..net_N)

as :func:`planner.engine.chain._measure_metrics` computes them.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from planner.report.layout import Sheet, cell, col, excel_str, quoted, ref
from planner.report.styles import F_INT, F_KWH, F_PCT, F_PRICE, F_YEARS, F_YUAN
from planner.report.text import display_name
from planner.terms import has_term

C = {
    k: i
    for i, k in enumerate(
        (
            "rank",
            "name",
            "type",
            "capex",
            "factory",
            "life",
            "om",
            "energy",
            "value",
            "savings",
            "simple_payback",
            "payback",
            "npv",
            "irr",
            "schedule",
            "is_pv",
            "is_eff",
            "short",
            "savings_wan",
        )
    )
}
SHARE0 = len(C)
KNOWN_TYPES = ("motor", "vfd", "specific_energy", "annual_energy", "pv", "power_factor_correction")
"""Measure types whose yearly flows the helper sheet builds as the engine does (savings x
escalation, O&M, replacement every ``life`` years); for any other type (a battery, whose
savings fade with its capacity and which is replaced when it has faded) the payback, NPV
and IRR are the engine's values (facts)."""


def _at(row: int, key: str) -> str:
    """The cell of column ``key`` in ``row``."""
    return cell(row, C[key])


def is_efficiency(mr) -> bool:
    """An efficiency measure whose kWh count as energy saved every year (not PV, not a battery)."""
    return mr.type in KNOWN_TYPES and mr.type != "pv"


def measure_flows(ctx) -> dict[int, np.ndarray]:
    """Net cash flow 0..N of each measure (the cached values of the helper sheet) [yuan]."""
    n, r = ctx.n, ctx.result
    fin = ctx.project.finance
    g = ctx.growth()
    om_g = (1.0 + fin.om_escalation_pct_per_year / 100.0) ** np.arange(n)
    k = np.arange(1, n + 1)
    out = {}
    pv_sav = ctx.result.pv.savings_by_year_base_yuan if ctx.has_pv else None
    for pos, mr in enumerate(r.measures):
        m = ctx.by_name.get(mr.name)
        capex = float(m.capex_yuan) if m is not None else mr.capex_yuan
        factory = 0.0 if getattr(m, "ownership", "owned") == "emc" else 1.0
        if mr.type == "pv" and pv_sav is not None:
            j = ctx.pv_pos[pos]
            sav = np.asarray(pv_sav) * ctx.a.pv.measure_share[j] * g
        else:
            sav = mr.first_year_savings_yuan * g
        repl = np.where((k % mr.life_years == 0) & (k < n), capex * factory, 0.0)
        flows = np.concatenate([[-capex * factory], sav - mr.om_yuan_per_year * factory * om_g - repl])
        out[pos] = flows
    return out


def _write_savings(ctx, sh: Sheet, i: int, row: int) -> np.ndarray:
    """kWh, value per kWh and year-1 savings of a measure other than PV; returns its kWh shares by period.

    Efficiency: ``VAT_Factor x (sum_p share_p Price_p + Surcharge_Per_kWh)`` per kWh (live).
    Power-factor correction: its share of the PFC pieces (:func:`assumptions.pieces_formula`, live in
    the prices).  Battery: its year-1 savings on the Storage sheet (live in the prices, the demand rate
    and the surcharge).  Anything else the bill values otherwise: the engine's yuan per kWh (a fact).
    """
    from planner.report import assumptions, storage_sheet

    a, mr = ctx.a, ctx.result.measures[i]
    x = lambda k: cell(row, C[k])  # noqa: E731
    key = f"measure.{i}.first_year_savings_yuan"
    kwh = a.measure_kwh.get(i, np.zeros(len(a.periods)))
    total = float(kwh.sum())
    shares = kwh / total if total > 0 else np.zeros_like(kwh)
    if mr.type == "battery":
        sh.number(row, C["energy"], mr.first_year_energy_saved_kwh, F_KWH, "fact")
        sh.blank(row, C["value"])
        ref_y1 = storage_sheet.ref_y1(ctx, i)
        if ref_y1 is not None:
            sh.formula(row, C["savings"], ref_y1, mr.first_year_savings_yuan, key, F_YUAN)
        else:
            sh.number(row, C["savings"], mr.first_year_savings_yuan, F_YUAN, "fact")
        return shares
    sh.input(row, C["energy"], mr.first_year_energy_saved_kwh, F_KWH, validate=False)
    if a.measure_linear.get(i, True):
        terms = "+".join(f"{cell(row, SHARE0 + j)}*Price_{p}" for j, p in enumerate(a.periods)) or "0"
        value = a.vat * (float(shares @ a.prices) + a.surcharge) if total > 0 else 0.0
        sh.formula(row, C["value"], f"VAT_Factor*({terms}+Surcharge_Per_kWh)", value, "internal", F_PRICE)
        sh.formula(row, C["savings"], f"{x('energy')}*{x('value')}", mr.first_year_savings_yuan, key, F_YUAN)
    elif mr.type == "power_factor_correction" and a.pfc is not None:
        sh.blank(row, C["value"])
        share = a.pfc_share.get(i, 1.0)
        f = assumptions.pieces_formula(ctx, a.pfc.pf_kwh + a.pfc.kwh, a.pfc.demand_kw_months, a.pfc.fixed_yuan)
        sh.formula(row, C["savings"], f"{share:.17g}*({f})", mr.first_year_savings_yuan, key, F_YUAN)
    elif mr.first_year_energy_saved_kwh:  # savings the bill values otherwise: the engine's yuan per kWh, a fact
        sh.number(row, C["value"], mr.first_year_savings_yuan / mr.first_year_energy_saved_kwh, F_PRICE, "fact")
        sh.formula(row, C["savings"], f"{x('energy')}*{x('value')}", mr.first_year_savings_yuan, key, F_YUAN)
    else:  # savings without kWh and without pieces: the engine's yuan, a fact
        sh.blank(row, C["value"])
        sh.number(row, C["savings"], mr.first_year_savings_yuan, F_YUAN, "fact")
    return shares


def _header(ctx, sh: Sheet) -> None:
    L, a = ctx.L, ctx.a
    hr = ctx.m_first - 1
    heads = [
        L("m.rank"),
        L("m.name"),
        L("m.type"),
        L("m.capex"),
        L("m.factory"),
        L("m.life"),
        L("m.om"),
        L("m.energy"),
        L("m.value"),
        L("m.savings"),
        L("m.simple_payback"),
        L("m.payback"),
        L("m.npv"),
        L("m.irr"),
        L("m.schedule"),
        "PV",
        "EFF",
        L("m.name"),
        L("m.savings_wan"),
    ] + [L(f"period.{p}") for p in a.periods]
    for c, h in enumerate(heads):
        sh.label(hr, c, h, "header", track=False)
    sh.header_row = hr
    sh.freeze = (hr + 1, 2)
    sh.ws.set_row(hr, 42)
    for c in [C["is_pv"], C["is_eff"], C["short"], C["savings_wan"]] + [SHARE0 + j for j in range(len(a.periods))]:
        sh.hide(c)
    widths = {
        "rank": 5,
        "type": 18,
        "capex": 12,
        "factory": 7,
        "life": 6,
        "om": 10,
        "energy": 12,
        "value": 9,
        "savings": 12,
        "simple_payback": 8,
        "payback": 8,
        "npv": 13,
        "irr": 8,
        "schedule": 10,
    }
    for k, w in widths.items():
        sh.set_width(C[k], w)


def _metrics(ctx, sh: Sheet, i: int, row: int, flows: dict[int, np.ndarray]) -> None:
    """Payback, NPV and IRR of measure ``i``: formulas on its helper-sheet flows, or the engine's (facts)."""
    mr, n, mcf = ctx.result.measures[i], ctx.n, ctx.titles["measure_cf"]
    nr = ctx.mcf_row[i]
    net0 = ref(mcf, nr, 2)
    net1n = f"{quoted(mcf)}!{cell(nr, 3)}:{cell(nr, 2 + n)}"
    net0n = f"{quoted(mcf)}!{cell(nr, 2)}:{cell(nr, 2 + n)}"
    prev = f"{quoted(mcf)}!{cell(nr + 1, 2)}:{cell(nr + 1, 1 + n)}"
    cur = f"{quoted(mcf)}!{cell(nr + 1, 3)}:{cell(nr + 1, 2 + n)}"
    tol = f"1E-9*ABS({net0})"
    undefined = ctx.na if flows[i][0] >= 0 else ctx.not_within()
    pb = (
        f"IF({net0}>=-{tol},{excel_str(ctx.na)},IFERROR((MATCH(1,({prev}<-{tol})*({cur}>=-{tol}),0)-1)"
        f"+MIN(MAX(-INDEX({prev},MATCH(1,({prev}<-{tol})*({cur}>=-{tol}),0))/INDEX({net1n},"
        f"MATCH(1,({prev}<-{tol})*({cur}>=-{tol}),0)),0),1),{excel_str(ctx.not_within())}))"
    )
    if mr.type in KNOWN_TYPES:
        sh.formula(
            row,
            C["payback"],
            pb,
            mr.payback_years if mr.payback_years is not None else undefined,
            f"measure.{i}.payback_years",
            F_YEARS,
            array=True,
        )
        sh.formula(row, C["npv"], f"NPV(Discount_Rate,{net1n})+{net0}", mr.npv_yuan, f"measure.{i}.npv_yuan", F_YUAN)
        guess = f",{mr.irr_pct / 100:.12g}" if mr.irr_pct is not None else ""
        sh.formula(
            row,
            C["irr"],
            f"IF({net0}>=0,{excel_str(ctx.na)},IFERROR(IRR({net0n}{guess}),{excel_str(ctx.na)}))",
            mr.irr_pct / 100 if mr.irr_pct is not None else ctx.na,
            f"measure.{i}.irr",
            F_PCT,
        )
    else:
        for key, v, num in (
            ("payback", mr.payback_years, F_YEARS),
            ("npv", mr.npv_yuan, F_YUAN),
            ("irr", None if mr.irr_pct is None else mr.irr_pct / 100, F_PCT),
        ):
            if v is None:
                sh.label(row, C[key], undefined if key == "payback" else ctx.na, "fact", align="right")
            else:
                sh.number(row, C[key], v, num, "fact")


def _row(ctx, sh: Sheet, i: int, flows: dict[int, np.ndarray]) -> None:
    L, r, a = ctx.L, ctx.result, ctx.a
    mr = r.measures[i]
    m = ctx.by_name.get(mr.name)
    row = ctx.m_row[i]
    x = partial(_at, row)
    is_pv = mr.type == "pv"
    capex = float(m.capex_yuan) if m is not None else mr.capex_yuan
    factory = 0 if getattr(m, "ownership", "owned") == "emc" else 1
    sh.number(row, C["rank"], mr.rank, F_INT, "label", align="center")
    sh.text(row, C["name"], mr.name, "label")
    sh.label(row, C["type"], L(f"type.{mr.type}") if has_term(f"report.type.{mr.type}") else mr.type)
    sh.input(row, C["capex"], capex, F_YUAN, validate=False)
    sh.number(row, C["factory"], factory, F_INT, "fact", align="center")
    sh.input(row, C["life"], mr.life_years, F_INT, validate=False)
    sh.input(row, C["om"], mr.om_yuan_per_year, F_YUAN, validate=False)
    if is_pv:
        sh.number(row, C["energy"], mr.first_year_energy_saved_kwh, F_KWH, "fact")
        sh.blank(row, C["value"])
        j = ctx.pv_pos[i]
        from planner.report import pv_years

        sh.formula(
            row,
            C["savings"],
            f"{pv_years.ref_savings(ctx, 1)}*{pv_years.ref_share(ctx, j, 1)}",
            mr.first_year_savings_yuan,
            f"measure.{i}.first_year_savings_yuan",
            F_YUAN,
        )
    else:
        shares = _write_savings(ctx, sh, i, row)
    sh.formula(
        row,
        C["simple_payback"],
        f"IF(AND({x('capex')}*{x('factory')}>0,{x('savings')}-{x('om')}*{x('factory')}>0),"
        f"{x('capex')}*{x('factory')}/({x('savings')}-{x('om')}*{x('factory')}),{excel_str(ctx.na)})",
        mr.simple_payback_years if mr.simple_payback_years is not None else ctx.na,
        f"measure.{i}.simple_payback_years",
        F_YEARS,
    )
    _metrics(ctx, sh, i, row, flows)
    sched = getattr(m, "schedule", None)
    sh.label(row, C["schedule"], L(f"schedule.{sched}") if sched and has_term(f"report.schedule.{sched}") else "")
    sh.number(row, C["is_pv"], 1 if is_pv else 0, F_INT, "fact")
    sh.number(row, C["is_eff"], 1 if is_efficiency(mr) else 0, F_INT, "fact")
    sh.text(row, C["short"], display_name(mr.name, ctx.lang), "label", track=False)
    sh.formula(
        row,
        C["savings_wan"],
        f"{x('savings')}/10000",
        mr.first_year_savings_yuan / 1e4,
        f"wanm.{i}",
        "#,##0.0",
        track=False,
    )
    if not is_pv:
        for j in range(len(a.periods)):
            sh.number(row, SHARE0 + j, float(shares[j]), "0.000000", "fact")


def write(ctx, flows: dict[int, np.ndarray]) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["measures"], "measures")
    L = ctx.L
    sh.label(0, 0, L("sheet.measures"), "title", track=False)
    sh.label(1, 0, L("m.note"), "note", track=False)
    _header(ctx, sh)
    for i in ctx.ranked:
        _row(ctx, sh, i, flows)
    if not ctx.ranked:
        sh.label(ctx.m_first, 1, L("none"))
    last = ctx.m_last
    if ctx.ranked:  # one validation per column (PV kWh rows are facts, locked: the rule never fires there)
        sh.validate(ctx.m_first, C["capex"], last, C["capex"], minimum=0)
        sh.validate(ctx.m_first, C["life"], last, C["life"], minimum=1, maximum=100, integer=True)
        sh.validate(ctx.m_first, C["om"], last, C["om"])
        sh.validate(ctx.m_first, C["energy"], last, C["energy"], minimum=0)
    book = ctx.book
    for key, nm in (
        ("capex", "Measure_Capex"),
        ("factory", "Measure_Factory"),
        ("life", "Measure_Life"),
        ("om", "Measure_OM"),
        ("energy", "Measure_kWh"),
        ("savings", "Measure_Savings"),
        ("simple_payback", "Measure_Simple_Payback"),
        ("payback", "Measure_Payback"),
        ("npv", "Measure_NPV"),
        ("irr", "Measure_IRR"),
        ("is_pv", "Measure_PV"),
        ("is_eff", "Measure_Efficiency"),
    ):
        book.name(nm, sh.title, (ctx.m_first, C[key]), (last, C[key]))
    row = last + 2
    if ctx.demand_basis:
        sh.label(row, C["name"], L("m.demand_row"))
        sh.formula(
            row,
            C["savings"],
            "Eff_Demand_kWm*Demand_Rate",
            ctx.s.demand_charge_savings_yuan,
            "summary.demand_charge_savings_yuan",
            F_YUAN,
        )
        row += 1
    disabled = [m.name for m in ctx.project.measures if not m.enabled]
    if disabled:
        sh.text(
            row,
            C["name"],
            L("m.disabled", names="，".join(disabled) if ctx.lang == "zh" else ", ".join(disabled)),
            "note",
            track=False,
        )
    sh.set_width(C["name"], min(max(sh.widths.get(C["name"], 10) + 2, 16), 28))
    return sh


def write_flows(ctx, flows: dict[int, np.ndarray]) -> Sheet:
    """The helper sheet: each measure's net and cumulative cash flow, years 0..N."""
    sh = Sheet(ctx.book, ctx.titles["measure_cf"], "measure_cf")
    L, n = ctx.L, ctx.n
    ms = ctx.titles["measures"]
    sh.label(0, 0, L("sheet.measure_cf"), "title", track=False)
    sh.label(1, 0, L("mcf.note"), "note", track=False)
    hr = ctx.mcf_first - 1
    sh.label(hr, 0, L("m.name"), "header", track=False)
    sh.label(hr, 1, "", "header", track=False)
    for k in range(n + 1):
        sh.number(hr, 2 + k, k, F_INT, "header")
    sh.header_row = hr
    sh.freeze = (hr + 1, 2)
    esc, om_esc = "(1+Tariff_Escalation)", "(1+OM_Escalation)"
    for i in ctx.ranked:
        mr = ctx.result.measures[i]
        mrow, nr = ctx.m_row[i], ctx.mcf_row[i]
        f = flows[i]
        cap = f"{ref(ms, mrow, C['capex'], True)}*{ref(ms, mrow, C['factory'], True)}"
        life = ref(ms, mrow, C["life"], True)
        om = f"{ref(ms, mrow, C['om'], True)}*{ref(ms, mrow, C['factory'], True)}"
        sav_ref = ref(ms, mrow, C["savings"], True)
        sh.text(nr, 0, mr.name, "label", track=False)
        sh.label(nr, 1, L("mcf.net"), track=False)
        sh.formula(nr, 2, f"-{cap}", f[0], "internal", F_YUAN, track=False)
        is_pv = mr.type == "pv"
        if is_pv:
            from planner.report import pv_years

            j = ctx.pv_pos[i]
        for k in range(1, n + 1):
            if is_pv:
                sav = f"{pv_years.ref_savings(ctx, k)}*{pv_years.ref_share(ctx, j, k)}"
            else:
                sav = sav_ref
            g = f"*{esc}^{k - 1}" if k > 1 else ""
            og = f"*{om_esc}^{k - 1}" if k > 1 else ""
            repl = f"-IF(MOD({k},{life})=0,{cap},0)" if k < n else ""
            sh.formula(nr, 2 + k, f"{sav}{g}-{om}{og}{repl}", f[k], "internal", F_YUAN, track=False)
        sh.label(nr + 1, 1, L("mcf.cumulative"), track=False)
        cum = np.cumsum(f)
        sh.formula(nr + 1, 2, cell(nr, 2), cum[0], "internal", F_YUAN, track=False)
        for k in range(1, n + 1):
            sh.formula(
                nr + 1, 2 + k, f"{cell(nr + 1, 1 + k)}+{cell(nr, 2 + k)}", cum[k], "internal", F_YUAN, track=False
            )
    sh.set_width(0, 28)
    sh.set_width(1, 10)
    for k in range(n + 1):
        sh.set_width(2 + k, 13)
    sh.ws.hide()
    return sh


__all__ = ["write", "write_flows", "measure_flows", "C", "F_PCT", "col"]
