"""The *Cash flow* sheet: years 0..N and the key figures (KPI_* names).

Formulas (the conventions of :mod:`planner.engine.finance`)::

    savings_k = (1+Tariff_Escalation)^(k-1) x (Eff_Savings_Y1 + PV savings_k)
    O&M_k     = -OM_Y1 x (1+OM_Escalation)^(k-1)
    replace_k = -SUMPRODUCT(Measure_Capex x Measure_Factory x (MOD(k, Measure_Life) = 0)), 0 in year N
    loan_k    = -instalment (PMT), the balance repaid in year N if the term is longer
    tax_k     = -Tax_Rate x (savings + O&M + replacements - depreciation - interest)
    net_k     = savings + O&M + replacements + investment + loan + tax
    KPI_NPV   = NPV(Discount_Rate, net_1..net_N) + net_0
    KPI_IRR   = IFERROR(IRR(net_0..net_N, engine IRR as guess), "n/a")
    KPI_Payback: first k with cum_(k-1) < 0 <= cum_k: (k-1) + -cum_(k-1)/net_k (helper column, MIN)
    KPI_Simple_Payback = Net_Investment / (savings_1 + O&M_1)

With a loan every flow is the equity's (资本金): the loan comes in at year 0
and its instalments go out.  Undefined metrics are text, never an error.
"""

from __future__ import annotations

import numpy as np

from planner.engine.finance import loan_schedule, straight_line_depreciation
from planner.report.layout import Sheet, cell, col, excel_str
from planner.report.styles import F_INT, F_PCT, F_RATIO, F_YEARS, F_YUAN

ENGINE = {
    "investment": "investment_yuan",
    "savings": "savings_yuan",
    "om": "om_yuan",
    "replacement": "replacement_yuan",
    "loan": "loan_yuan",
    "tax": "tax_yuan",
    "costs": "costs_yuan",
    "net": "net_yuan",
    "cumulative": "cumulative_yuan",
    "discounted_cumulative": "discounted_cumulative_yuan",
}


def columns(ctx) -> dict[str, int]:
    cols = ["year", "investment"] + (["other_savings"] if other_savings(ctx) is not None else [])
    cols += ["savings", "om", "replacement"]
    if ctx.has_loan:
        cols += ["loan_interest", "loan", "loan_balance"]
    if ctx.has_tax:
        cols += ["depreciation", "tax"]
    cols += [
        "costs",
        "net",
        "cumulative",
        "discounted_cumulative",
        "pb_helper",
        "dpb_helper",
        "chart_x",
        "chart_y",
        "cum_wan",
        "dcum_wan",
    ]
    return {k: i for i, k in enumerate(cols)}


def other_savings(ctx) -> np.ndarray | None:
    """Yearly savings the formulas do not build (a battery's, with its capacity fade, say), or None.

    engine savings_k - (efficiency savings_1 + PV savings_k at year-1 prices) x (1+e)^(k-1)
    for k = 1..N [yuan]: a fact column that keeps the cash flow equal to the engine's for
    savings the engine adds beyond the ones this workbook itemises.
    """
    cached = getattr(ctx, "_other_savings", False)
    if cached is not False:
        return cached
    s, n = ctx.s, ctx.n
    eff = s.first_year_efficiency_savings_yuan + float(getattr(s, "first_year_pfc_savings_yuan", 0.0) or 0.0)
    pv = np.asarray(ctx.result.pv.savings_by_year_base_yuan, float) if ctx.has_pv else np.zeros(n)
    from planner.report import storage_sheet

    if storage_sheet.present(ctx):
        pv = pv + storage_sheet.year_values(ctx)
    engine = ctx.result.cash_flow["savings_yuan"].to_numpy(float)[1:]
    other = engine - (eff + pv) * ctx.growth()
    scale = max(float(np.max(np.abs(engine))) if n else 0.0, 1.0)
    out = other if n and float(np.max(np.abs(other))) > 1e-9 * scale else None
    ctx._other_savings = out
    return out


def other_replacements(ctx) -> np.ndarray | None:
    """Replacement costs the MOD(k, life) rule does not give (a battery replaced when its
    capacity fades, say): engine replacements_k minus the rule at the exported capex and
    lives, k = 1..N [yuan, negative = cost]; None when the rule gives them all.

    Added to the formula as a constant (shown in it), so the cash flow stays the engine's.
    """
    cached = getattr(ctx, "_other_repl", False)
    if cached is not False:
        return cached
    n, r = ctx.n, ctx.result
    k = np.arange(1, n + 1)
    rule = np.zeros(n)
    for mr in r.measures:
        m = ctx.by_name.get(mr.name)
        capex = float(m.capex_yuan) if m is not None else mr.capex_yuan
        factory = 0.0 if getattr(m, "ownership", "owned") == "emc" else 1.0
        rule -= np.where((k % mr.life_years == 0) & (k < n), capex * factory, 0.0)
    engine = r.cash_flow["replacement_yuan"].to_numpy(float)[1:]
    diff = engine - rule
    scale = max(float(np.max(np.abs(engine))) if n else 0.0, 1.0)
    out = diff if n and float(np.max(np.abs(diff))) > 1e-9 * scale else None
    ctx._other_repl = out
    return out


def _crossing(flows: np.ndarray, k: int, scale: float) -> object:
    tol = 1e-9 * abs(scale)
    cum = np.cumsum(flows)
    if cum[k - 1] < -tol and cum[k] >= -tol:
        return (k - 1) + min(max(-cum[k - 1] / flows[k], 0.0), 1.0)
    return ""


class _Year:
    """Row k of the cash-flow table: cell references and a writer with the engine's cached values."""

    def __init__(self, ctx, sh: Sheet, cc: dict[str, int], k: int) -> None:
        self.ctx, self.sh, self.cc, self.k = ctx, sh, cc, k
        self.row = ctx.cf_row(k)
        self.prev = self.row - 1
        self.y = cell(self.row, cc["year"])

    def X(self, key: str, row: int | None = None) -> str:
        return cell(self.row if row is None else row, self.cc[key])

    def put(self, key: str, formula: str, value=None, check: str | None = None, num=F_YUAN) -> None:
        if value is None:
            value = float(self.ctx.result.cash_flow[ENGINE[key]].iloc[self.k])
            check = f"cf.{ENGINE[key]}.{self.k}"
        self.sh.formula(self.row, self.cc[key], formula, value, check, num, track=False)

    def zero(self, key: str, kind: str = "formula") -> None:
        self.sh.number(self.row, self.cc[key], 0, F_YUAN, kind)


def _header(ctx, sh: Sheet, cc: dict[str, int]) -> None:
    L = ctx.L
    sh.label(0, 0, L("cf.title"), "subtitle", track=False)
    sh.label(1, 0, L("cf.equity_note") if ctx.has_loan else L("note.signs"), "note", track=False)
    hr = ctx.cf_first - 1
    for k, c in cc.items():
        sh.label(hr, c, L(f"cf.{k}"), "header", track=False)
        sh.set_width(c, 7 if k == "year" else 12)
    for k in ("pb_helper", "dpb_helper", "chart_x", "chart_y", "cum_wan", "dcum_wan"):
        sh.hide(cc[k])
    sh.set_height(hr, 42)
    sh.header_row = hr
    sh.freeze = (hr + 1, 1)


def _year0(yr: _Year) -> None:
    ctx, cc = yr.ctx, yr.cc
    yr.put("investment", "-Net_Investment")
    if "other_savings" in cc:
        yr.zero("other_savings", "fact")
    for key in ("savings", "om", "replacement"):
        yr.zero(key)
    if ctx.has_loan:
        yr.zero("loan_interest")
        yr.put("loan", "Loan_Principal")
        yr.put("loan_balance", "Loan_Principal", float(ctx.result.cash_flow["loan_yuan"].iloc[0]), "cf.loan_balance.0")
    if ctx.has_tax:
        yr.zero("depreciation")
        yr.zero("tax")


def _savings(yr: _Year) -> None:
    from planner.report import pv_years, storage_sheet

    ctx, k, y = yr.ctx, yr.k, yr.y
    more = ""
    if ctx.has_pv:
        more = "+" + pv_years.ref_savings(ctx, k)
    st = storage_sheet.ref_year(ctx, k)
    if st is not None:
        more += "+" + st
    g = f"(1+Tariff_Escalation)^({y}-1)*" if k > 1 else ""
    extra = ""
    if "other_savings" in yr.cc:
        yr.sh.number(yr.row, yr.cc["other_savings"], float(other_savings(ctx)[k - 1]), F_YUAN, "fact")
        extra = f"+{yr.X('other_savings')}"
    yr.put("savings", f"{g}(Eff_Savings_Y1{more}){extra}")


def _costs(yr: _Year) -> None:
    ctx, k, y = yr.ctx, yr.k, yr.y
    yr.put("om", f"-OM_Y1*(1+OM_Escalation)^({y}-1)")
    if not ctx.result.measures:
        yr.zero("replacement")
        return
    adjust = other_replacements(ctx)
    extra = f"{adjust[k - 1]:+.10g}" if adjust is not None and adjust[k - 1] != 0 else ""
    yr.put(
        "replacement",
        f"IF({y}<Analysis_Years,-SUMPRODUCT(Measure_Capex*Measure_Factory*(MOD({y},Measure_Life)=0)),0){extra}",
    )


def _loan(yr: _Year, sched) -> None:
    k, y = yr.k, yr.y
    bal, intr = yr.X("loan_balance", yr.prev), yr.X("loan_interest")
    yr.put(
        "loan_interest", f"IF({y}<=Loan_Term,{bal}*Loan_Rate,0)", float(sched.interest[k - 1]), f"cf.loan_interest.{k}"
    )
    pay = f"IF({y}<Loan_Term,Loan_Instalment,IF({y}=Loan_Term,{intr}+{bal},0))"
    yr.put(
        "loan_balance",
        f"IF({y}<Loan_Term,{bal}-(Loan_Instalment-{intr}),0)",
        float(sched.balance[k - 1]),
        f"cf.loan_balance.{k}",
    )
    yr.put("loan", f"-{pay}-IF({y}=Analysis_Years,{yr.X('loan_balance')},0)")


def _tax(yr: _Year, dep) -> None:
    k, y, X = yr.k, yr.y, yr.X
    yr.put(
        "depreciation",
        f"IF({y}<=Depreciation_Years,MAX(Net_Investment,0)/Depreciation_Years,0)",
        float(dep[k - 1]),
        f"cf.depreciation.{k}",
    )
    interest = f"-{X('loan_interest')}" if yr.ctx.has_loan else ""
    yr.put("tax", f"-Tax_Rate*({X('savings')}+{X('om')}+{X('replacement')}-{X('depreciation')}{interest})")


def _net_and_cumulative(yr: _Year, net: np.ndarray, disc: np.ndarray, tol: str) -> None:
    ctx, k, y, X, prev = yr.ctx, yr.k, yr.y, yr.X, yr.prev
    parts = ["investment", "om", "replacement"] + (["loan"] if ctx.has_loan else []) + (["tax"] if ctx.has_tax else [])
    yr.put("costs", "+".join(X(q) for q in parts))
    yr.put("net", f"{X('savings')}+{X('costs')}")
    if k == 0:
        yr.put("cumulative", X("net"))
        yr.put("discounted_cumulative", X("net"))
        return
    yr.put("cumulative", f"{X('cumulative', prev)}+{X('net')}")
    yr.put("discounted_cumulative", f"{X('discounted_cumulative', prev)}+{X('net')}/(1+Discount_Rate)^{y}")
    net_y = X("net")
    for key, cumulative, step, flows in (
        ("pb_helper", "cumulative", net_y, net),
        ("dpb_helper", "discounted_cumulative", f"({net_y}/(1+Discount_Rate)^{y})", disc),
    ):
        # the year (fraction) in which the cumulative crosses 0: the payback helpers
        cum, cum_p = X(cumulative), X(cumulative, prev)
        crossing = f'IF(AND({cum_p}<-{tol},{cum}>=-{tol}),({y}-1)+MIN(MAX(-{cum_p}/{step},0),1),"")'
        yr.put(key, crossing, _crossing(flows, k, net[0]), f"cf.{key}.{k}", F_YEARS)


def _chart_columns(yr: _Year) -> None:
    k, cf, s = yr.k, yr.ctx.result.cash_flow, yr.ctx.s
    for key, src in (("cum_wan", "cumulative"), ("dcum_wan", "discounted_cumulative")):
        value = float(cf[ENGINE[src]].iloc[k]) / 1e4
        yr.put(key, f"{yr.X(src)}/10000", value, f"cfwan.{ENGINE[src]}.{k}", "#,##0.0")
    # payback marker of the chart: two points (x = payback, y = min and max of the curves)
    if k < 2 and s.payback_years is not None:
        curves = np.concatenate(
            [cf["cumulative_yuan"].to_numpy(float), cf["discounted_cumulative_yuan"].to_numpy(float)]
        )
        fn = "MIN" if k == 0 else "MAX"
        yr.put("chart_x", "IF(ISNUMBER(KPI_Payback),KPI_Payback,0)", s.payback_years, "summary.payback_years", F_YEARS)
        yr.put(
            "chart_y",
            f"{fn}(CF_Cumulative,CF_Discounted_Cumulative)/10000",
            float(curves.min() if k == 0 else curves.max()) / 1e4,
            f"chart.{'ymin' if k == 0 else 'ymax'}_wan",
            "#,##0.0",
        )


def _totals_and_names(ctx, sh: Sheet, cc: dict[str, int]) -> int:
    n, cf, r0 = ctx.n, ctx.result.cash_flow, ctx.cf_row(0)
    last = ctx.cf_row(n)
    tr = last + 1
    sh.label(tr, cc["year"], ctx.L("cf.total"), "total")
    for key in ENGINE:
        if key in cc and key not in ("cumulative", "discounted_cumulative"):
            c = cc[key]
            total = float(cf[ENGINE[key]].sum())
            sh.formula(
                tr,
                c,
                f"SUM({cell(r0, c)}:{cell(last, c)})",
                total,
                f"cf.total.{ENGINE[key]}",
                F_YUAN,
                "total",
                track=False,
            )
    book, t = ctx.book, sh.title
    book.name("CF_Years", t, (ctx.cf_row(1), cc["year"]), (last, cc["year"]))
    book.name("CF_Net", t, (r0, cc["net"]), (last, cc["net"]))
    book.name("CF_Savings", t, (ctx.cf_row(1), cc["savings"]), (last, cc["savings"]))
    book.name("CF_Cumulative", t, (r0, cc["cumulative"]), (last, cc["cumulative"]))
    book.name("CF_Discounted_Cumulative", t, (r0, cc["discounted_cumulative"]), (last, cc["discounted_cumulative"]))
    book.name("CF_Payback_Helper", t, (ctx.cf_row(1), cc["pb_helper"]), (last, cc["pb_helper"]))
    book.name("CF_Discounted_Payback_Helper", t, (ctx.cf_row(1), cc["dpb_helper"]), (last, cc["dpb_helper"]))
    return tr


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["cash_flow"], "cash_flow")
    n, cf, s, fin = ctx.n, ctx.result.cash_flow, ctx.s, ctx.project.finance
    cc = columns(ctx)
    _header(ctx, sh, cc)
    rate = fin.discount_rate_pct / 100.0
    net = cf["net_yuan"].to_numpy(float)
    disc = net / (1.0 + rate) ** np.arange(n + 1)
    sched = dep = None
    if ctx.has_loan:
        sched = loan_schedule(float(cf["loan_yuan"].iloc[0]), fin.loan.interest_pct / 100.0, fin.loan.term_years, n)
    if ctx.has_tax:
        dep = straight_line_depreciation(max(s.net_investment_yuan, 0.0), fin.depreciation_years, n)
    tol = f"1E-9*ABS(${col(cc['net'])}${ctx.cf_row(0) + 1})"
    for k in range(n + 1):
        yr = _Year(ctx, sh, cc, k)
        sh.number(yr.row, cc["year"], k, F_INT, "label", align="center")
        if k == 0:
            _year0(yr)
        else:
            yr.zero("investment")
            _savings(yr)
            _costs(yr)
            if ctx.has_loan:
                _loan(yr, sched)
            if ctx.has_tax:
                _tax(yr, dep)
        _net_and_cumulative(yr, net, disc, tol)
        _chart_columns(yr)
    tr = _totals_and_names(ctx, sh, cc)
    _kpis(ctx, sh, tr + 2, cc)
    return sh


def _kpis(ctx, sh: Sheet, row0: int, cc: dict[str, int]) -> None:
    """The key figures (yuan), named KPI_*; the summary shows them in 万元."""
    L, s, cf, t = ctx.L, ctx.s, ctx.result.cash_flow, sh.title
    n = ctx.n
    r0, r1, last = ctx.cf_row(0), ctx.cf_row(1), ctx.cf_row(n)
    net0 = cell(r0, cc["net"])
    na = excel_str(ctx.na)
    nw = excel_str(ctx.not_within())
    tol = f"1E-9*ABS({net0})"
    sav1, om1 = cell(r1, cc["savings"]), cell(r1, cc["om"])
    undefined_pb = ctx.undefined_payback(float(cf["net_yuan"].iloc[0]))
    irr_guess = f",{s.irr_pct / 100:.12g}" if s.irr_pct is not None else ""
    net1n = f"{cell(r1, cc['net'])}:{cell(last, cc['net'])}"
    om1n = f"{cell(r1, cc['om'])}:{cell(last, cc['om'])}"
    rp1n = f"{cell(r1, cc['replacement'])}:{cell(last, cc['replacement'])}"
    costs = f"({om1n}+{rp1n})"
    equity = L("kpi.equity_suffix") if ctx.has_loan else ""

    def v(x):
        return x

    rows = [
        ("kpi.investment", "Total_Capex", s.capex_yuan, "summary.capex_yuan", F_YUAN, "KPI_Investment"),
        (
            "kpi.first_year_savings",
            sav1,
            s.first_year_savings_yuan,
            "summary.first_year_savings_yuan",
            F_YUAN,
            "KPI_Savings_Y1",
        ),
        (
            "kpi.monthly_savings",
            f"{sav1}/12",
            s.monthly_savings_yuan,
            "summary.monthly_savings_yuan",
            F_YUAN,
            "KPI_Monthly_Savings",
        ),
        (
            "kpi.simple_payback_years",
            f"IF(OR(Net_Investment<=0,{sav1}+{om1}<=0),{na},Net_Investment/({sav1}+{om1}))",
            v(s.simple_payback_years) if s.simple_payback_years is not None else ctx.na,
            "summary.simple_payback_years",
            F_YEARS,
            "KPI_Simple_Payback",
        ),
        (
            "kpi.payback_years",
            f"IF({net0}>=-{tol},{na},IF(COUNT(CF_Payback_Helper)=0,{nw},MIN(CF_Payback_Helper)))",
            s.payback_years if s.payback_years is not None else undefined_pb,
            "summary.payback_years",
            F_YEARS,
            "KPI_Payback",
        ),
        (
            "kpi.discounted_payback_years",
            f"IF({net0}>=-{tol},{na},IF(COUNT(CF_Discounted_Payback_Helper)=0,{nw},MIN(CF_Discounted_Payback_Helper)))",
            s.discounted_payback_years if s.discounted_payback_years is not None else undefined_pb,
            "summary.discounted_payback_years",
            F_YEARS,
            "KPI_Discounted_Payback",
        ),
        ("kpi.npv", f"NPV(Discount_Rate,{net1n})+{net0}", s.npv_yuan, "summary.npv_yuan", F_YUAN, "KPI_NPV"),
        (
            "kpi.irr",
            f"IFERROR(IRR(CF_Net{irr_guess}),{na})",
            s.irr_pct / 100 if s.irr_pct is not None else ctx.na,
            "summary.irr",
            F_PCT,
            "KPI_IRR",
        ),
        (
            "kpi.bcr",
            f"IFERROR(SUMPRODUCT((CF_Savings+({costs}>0)*{costs})/(1+Discount_Rate)^CF_Years)/(Net_Investment+"
            f"SUMPRODUCT((-{costs}>0)*(-{costs})/(1+Discount_Rate)^CF_Years)),{na})",
            s.benefit_cost_ratio if s.benefit_cost_ratio is not None else ctx.na,
            "summary.benefit_cost_ratio",
            F_RATIO,
            "KPI_BCR",
        ),
        (
            "kpi.lifetime_savings",
            "SUM(CF_Savings)",
            s.lifetime_savings_yuan,
            "summary.lifetime_savings_yuan",
            F_YUAN,
            "KPI_Lifetime_Savings",
        ),
    ]
    sh.keep_together(row0, len(rows) + 1)
    sh.label(row0, 0, L("kpi.section"), "subtitle", track=False)
    for j, (key, formula, value, check, num, name) in enumerate(rows):
        r = row0 + 1 + j
        text = L(key) if key.startswith("kpi.") and not key.endswith("_years") else _term(key, ctx.lang)
        if key in ("kpi.payback_years", "kpi.discounted_payback_years", "kpi.irr", "kpi.npv") and equity:
            text += equity
        sh.label(r, 1, text, track=False)
        sh.formula(r, 2, formula, value, check, num, "kpi", track=False)
        unit = {F_YUAN: L("yuan"), F_YEARS: L("years_unit")}.get(num, "")
        sh.label(r, 3, unit, track=False)
        ctx.book.name(name, t, (r, 2))


def _term(key: str, lang: str) -> str:
    from planner.terms import term

    return term(key, lang)
