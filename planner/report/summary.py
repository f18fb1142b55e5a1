"""The *Summary* sheet: the page management reads first.

One headline sentence in 万元 (a live formula: "投资 X 万元，每月节省 Y 万元，
Z 年回收，年减排 W 吨 CO₂。"), the basis (EMC, loan: the equity's figures),
a short KPI block in 万元 / years / % / t, and three charts (cumulative cash
flow with the payback marker, first-year savings by measure, monthly bill
before and after).  The payback marker is drawn only when there is a
payback; nothing prints ``#N/A``.
"""

from __future__ import annotations

from planner.report.layout import Sheet, cell, excel_str
from planner.report.styles import F_PCT, F_T, F_WAN, F_YEARS
from planner.report.text import display_name
from planner.terms import term

WAN = 10000.0
TOP_MEASURES = 10


def headline_value(ctx) -> str:
    """The headline sentence as the engine's figures give it (the formula's cached value)."""
    s, L = ctx.s, ctx.L
    parts = []
    if s.capex_yuan > 0:
        parts.append(L("hl.invest") + f"{s.capex_yuan / WAN:,.1f}" + L("hl.invest_2"))
    else:
        parts.append(L("hl.zero"))
    parts.append(L("hl.save") + f"{s.monthly_savings_yuan / WAN:,.1f}" + L("hl.save_2"))
    if s.payback_years is not None:
        parts.append(f"{s.payback_years:.1f}" + L("hl.payback"))
    parts.append(L("hl.co2") + f"{s.first_year_co2_avoided_t:,.0f}" + L("hl.co2_2"))
    return "".join(parts)


def headline_formula(ctx) -> str:
    L = ctx.L
    q = excel_str
    return (
        f'IF(Total_Capex>0,{q(L("hl.invest"))}&TEXT(Total_Capex/10000,"#,##0.0")&{q(L("hl.invest_2"))},'
        f"{q(L('hl.zero'))})"
        f'&{q(L("hl.save"))}&TEXT(KPI_Monthly_Savings/10000,"#,##0.0")&{q(L("hl.save_2"))}'
        f'&IF(ISNUMBER(KPI_Payback),TEXT(KPI_Payback,"0.0")&{q(L("hl.payback"))},"")'
        f'&{q(L("hl.co2"))}&TEXT(EM_CO2_Y1,"#,##0")&{q(L("hl.co2_2"))}'
    )


def basis_note(ctx) -> str:
    """EMC / loan basis of the figures, or ''."""
    notes = []
    emc = [m for m in ctx.pv_measures if m.ownership == "emc"]
    if emc:
        notes.append(ctx.L("basis.emc"))
    if ctx.has_loan:
        loan = ctx.project.finance.loan
        notes.append(
            ctx.L("basis.loan", share=f"{loan.share_pct:g}", rate=f"{loan.interest_pct:g}", term=loan.term_years)
        )
    return "".join(notes) if ctx.lang == "zh" else " ".join(notes)


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["summary"], "summary")
    L, s, p, lang = ctx.L, ctx.s, ctx.project, ctx.lang
    sh.fit_height = 1
    for c, w in enumerate((30, 14, 12, 3, 12, 12, 12, 12, 12, 12, 12, 12)):
        sh.set_width(c, w)
    colon = "：" if lang == "zh" else ": "
    sh.text(0, 0, L("proposal") + colon + display_name(p.name, lang), "title", track=False)
    site = display_name(p.site.name, lang)
    sh.text(1, 0, f"{L('site')}{colon}{site}    {L('date')}{colon}{ctx.today.isoformat()}", "note", track=False)
    sh.ws.set_row(3, 36)
    sh.ws.merge_range(3, 0, 3, 11, "", sh.fmt("headline"))
    sh.formula(3, 0, headline_formula(ctx), headline_value(ctx), "summary.headline", None, "headline", track=False)
    note = basis_note(ctx)
    row = 4
    if note:
        sh.text(row, 0, note, "note", track=False)
    row = 6
    for c, key in enumerate(("kpi.header.item", "kpi.header.value", "kpi.header.unit")):
        sh.label(row, c, L(key), "header", track=False)
    equity = L("kpi.equity_suffix") if ctx.has_loan else ""
    wan, yrs = term("unit.wan_yuan", lang), term("unit.years", lang)
    kpis = [
        (L("kpi.investment"), "KPI_Investment/10000", s.capex_yuan / WAN, "wan.capex_yuan", F_WAN, wan),
        (
            L("kpi.monthly_savings"),
            "KPI_Monthly_Savings/10000",
            s.monthly_savings_yuan / WAN,
            "wan.monthly_savings_yuan",
            F_WAN,
            L("wan_per_month"),
        ),
        (
            L("kpi.first_year_savings"),
            "KPI_Savings_Y1/10000",
            s.first_year_savings_yuan / WAN,
            "wan.first_year_savings_yuan",
            F_WAN,
            L("wan_per_year"),
        ),
        (
            term("kpi.simple_payback_years", lang),
            "KPI_Simple_Payback",
            s.simple_payback_years,
            "summary.simple_payback_years",
            F_YEARS,
            yrs,
        ),
        (
            term("kpi.payback_years", lang) + equity,
            "KPI_Payback",
            s.payback_years,
            "summary.payback_years",
            F_YEARS,
            yrs,
        ),
        (
            term("kpi.discounted_payback_years", lang) + equity,
            "KPI_Discounted_Payback",
            s.discounted_payback_years,
            "summary.discounted_payback_years",
            F_YEARS,
            yrs,
        ),
        (L("kpi.npv") + equity, "KPI_NPV/10000", s.npv_yuan / WAN, "wan.npv_yuan", F_WAN, wan),
        (L("kpi.irr") + equity, "KPI_IRR", None if s.irr_pct is None else s.irr_pct / 100, "summary.irr", F_PCT, ""),
        (
            L("kpi.co2_first_year"),
            "EM_CO2_Y1",
            s.first_year_co2_avoided_t,
            "summary.first_year_co2_avoided_t",
            F_T,
            L("t_per_year"),
        ),
        (
            L("kpi.tce_first_year"),
            "EM_TCE_Y1",
            s.first_year_tce_saved,
            "summary.first_year_tce_saved",
            F_T,
            L("tce_per_year"),
        ),
    ]
    net0 = float(ctx.result.cash_flow["net_yuan"].iloc[0])
    for j, (text, formula, value, key, num, unit) in enumerate(kpis):
        r = row + 1 + j
        sh.label(r, 0, text, track=False)
        if value is None:
            value = ctx.undefined_payback(net0) if "payback" in key and "simple" not in key else ctx.na
        sh.formula(r, 1, formula, value, key, num, "kpi", track=False, align="right")
        sh.label(r, 2, unit, track=False)
    row += len(kpis) + 1
    sh.label(row, 0, L("kpi.more", sheet=ctx.titles["cash_flow"]), "note", track=False)
    _charts(ctx, sh)
    notes_row = 38
    sh.label(notes_row, 0, L("note.simulation"), "note", track=False)
    sh.label(notes_row + 1, 0, L("note.inputs"), "note", track=False)
    sh.label(notes_row + 2, 0, L("note.signs"), "note", track=False)
    return sh


def _charts(ctx, sh: Sheet) -> None:
    from planner.report import cash_flow, measures, monthly

    wb, L, n, cf = ctx.book.wb, ctx.L, ctx.n, ctx.result.cash_flow
    font = {"name": ctx.book.fmt.font, "size": 9}
    title_font = {"name": ctx.book.fmt.font, "size": 11, "bold": True}
    cft = ctx.titles["cash_flow"]
    cc = cash_flow.columns(ctx)
    r0, rn = ctx.cf_row(0), ctx.cf_row(n)

    def rng(sheet, c, a, b):
        return [sheet, a, c, b, c]

    years = [int(y) for y in cf["year"]]
    ch = wb.add_chart({"type": "scatter", "subtype": "straight"})
    for key, col_key, name_key, colour, dash in (
        ("cumulative", "cum_wan", "chart.cumulative_series", "#1F4E78", None),
        ("discounted_cumulative", "dcum_wan", "chart.discounted_series", "#C55A11", "dash"),
    ):
        line = {"color": colour, "width": 2}
        if dash:
            line["dash_type"] = dash
        ch.add_series(
            {
                "name": L(name_key),
                "categories": rng(cft, cc["year"], r0, rn),
                "values": rng(cft, cc[col_key], r0, rn),
                "categories_data": years,
                "values_data": [float(v) / WAN for v in cf[f"{key}_yuan"]],
                "line": line,
                "marker": {"type": "none"},
            }
        )
    if ctx.s.payback_years is not None:
        curves = list(cf["cumulative_yuan"]) + list(cf["discounted_cumulative_yuan"])
        ch.add_series(
            {
                "name": L("chart.payback_series") + f" {ctx.s.payback_years:.1f} " + L("years_unit"),
                "categories": rng(cft, cc["chart_x"], r0, r0 + 1),
                "values": rng(cft, cc["chart_y"], r0, r0 + 1),
                "categories_data": [ctx.s.payback_years, ctx.s.payback_years],
                "values_data": [float(min(curves)) / WAN, float(max(curves)) / WAN],
                "line": {"color": "#70AD47", "width": 1.5, "dash_type": "round_dot"},
                "marker": {"type": "none"},
            }
        )
    ch.set_title({"name": L("chart.cumulative_wan"), "name_font": title_font})
    ch.set_x_axis(
        {
            "name": L("chart.year_axis"),
            "min": 0,
            "max": n,
            "num_font": font,
            "name_font": font,
            "major_gridlines": {"visible": False},
            "label_position": "low",
        }
    )
    ch.set_y_axis(
        {
            "name": L("chart.wan_axis"),
            "num_format": "#,##0",
            "num_font": font,
            "name_font": font,
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    ch.set_legend({"position": "bottom", "font": font})
    ch.set_size({"width": 620, "height": 250})
    ch.show_hidden_data()
    sh.ws.insert_chart(6, 4, ch, {"x_offset": 10, "y_offset": 0})

    # savings by measure (the first ten by rank)
    mt = ctx.titles["measures"]
    top = ctx.ranked[:TOP_MEASURES]
    if top:
        bar = wb.add_chart({"type": "bar"})
        a, b = ctx.m_first, ctx.m_first + len(top) - 1
        bar.add_series(
            {
                "name": L("chart.by_measure"),
                "categories": rng(mt, measures.C["short"], a, b),
                "values": rng(mt, measures.C["savings_wan"], a, b),
                "categories_data": [display_name(ctx.result.measures[i].name, ctx.lang) for i in top],
                "values_data": [float(ctx.result.measures[i].first_year_savings_yuan) / WAN for i in top],
                "fill": {"color": "#2E75B6"},
            }
        )
        bar.set_title({"name": L("chart.by_measure_wan"), "name_font": title_font})
        bar.set_legend({"none": True})
        bar.set_y_axis({"reverse": True, "num_font": font})
        bar.set_x_axis({"num_format": "#,##0", "num_font": dict(font, rotation=0)})
        bar.show_hidden_data()
        bar.set_size({"width": 520, "height": 300})
        sh.ws.insert_chart(20, 0, bar)

    mo = ctx.result.monthly
    mot = ctx.titles["monthly"]
    cols = {k: c for c, (k, _, _) in enumerate(monthly.columns(ctx))}
    col_chart = wb.add_chart({"type": "column"})
    months = L("months").split(",")
    for key, wcol, name_key, colour in (
        ("bill_before_yuan", "before_wan", "chart.before", "#A5A5A5"),
        ("bill_after_yuan", "after_wan", "chart.after", "#2E75B6"),
    ):
        col_chart.add_series(
            {
                "name": L(name_key),
                "categories": rng(mot, 0, monthly.FIRST, monthly.FIRST + 11),
                "values": rng(mot, cols[wcol], monthly.FIRST, monthly.FIRST + 11),
                "categories_data": months,
                "values_data": [float(v) / WAN for v in mo[key]],
                "fill": {"color": colour},
            }
        )
    col_chart.set_title({"name": L("chart.monthly_wan"), "name_font": title_font})
    col_chart.set_legend({"position": "bottom", "font": font})
    col_chart.set_y_axis({"num_format": "#,##0", "num_font": font})
    col_chart.set_x_axis({"num_font": font})
    col_chart.show_hidden_data()
    col_chart.set_size({"width": 560, "height": 300})
    sh.ws.insert_chart(20, 5, col_chart, {"x_offset": 40})
    _ = cell
