"""The *Assumptions* sheet: every input with its unit and source.

Yellow cells are the live inputs (defined names in brackets), each with data
validation: the period prices (``Price_<period>``), ``Export_Price``,
``Surcharge_Per_kWh`` (funds and surcharges per grid kWh),
``Demand_Rate`` (demand basis), ``Tariff_Escalation``, ``Discount_Rate``,
``Subsidy``, ``OM_Escalation``, ``Tax_Rate`` / ``Depreciation_Years`` (with
income tax), ``Loan_Share`` / ``Loan_Rate`` / ``Loan_Term`` (with a loan),
``PV_Degradation`` (one PV system), ``EMC_Discount`` or ``EMC_Price`` (one
EMC system), ``Grid_Factor``, ``TCE_Factor``.  ``Analysis_Years`` shapes the
tables and is a fact (grey, locked), as is ``VAT_Factor`` (1/1.13 when the
tariff includes VAT and the factory deducts it, else 1: set by the project's
tariff and finance, multiplying every yuan of the bill in the formulas).
``Eff_PF_Adjustment`` (when the efficiency measures move the PF adjustment)
is ``VAT_Factor x sum_p PF kWh_p x Price_p + a fact`` with the pieces of
:mod:`planner.engine.attribution` written into the formula.  Derived cells (``Total_Capex``,
``Net_Investment``, ``OM_Y1``, ``Eff_Savings_Y1``, ``Eff_Energy_Y1``,
``PV_Savings_Y1``, ``PV_Energy_Y1``, ``Loan_Principal``,
``Loan_Instalment``) are formulas with the engine's values cached.
"""

from __future__ import annotations

import re

from planner.io import reference
from planner.report.layout import Sheet
from planner.report.styles import F_INT, F_KWH, F_PCT, F_PRICE, F_YUAN
from planner.report.text import clean_text

COLS = ("a.header.item", "a.header.value", "a.header.unit", "a.header.source")


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["assumptions"], "assumptions")
    sh.set_width(0, 40)
    sh.set_width(1, 18)
    sh.set_width(2, 14)
    sh.set_width(3, 70)
    w = _Rows(ctx, sh)
    L = ctx.L
    sh.label(w.nxt(), 0, L("sheet.assumptions"), "title", track=False)
    for key, kind in (("legend.input", "input"), ("legend.fact", "fact"), ("legend.doc", "note")):
        sh.label(w.nxt(), 0, L(key), kind if kind != "input" else "note", track=False)
    r = w.nxt()
    r = w.nxt()
    for c, key in enumerate(COLS):
        sh.label(r, c, L(key), "header", track=False)
    sh.header_row = r
    sh.freeze = (r + 1, 1)
    for part in (_project_load, _tariff, _finance, _pv, _emissions, _derived):
        part(ctx, w)
    sh.fit_height = 0
    return sh


class _Rows:
    """Writes the sheet's rows one after the other: sections and item / value / unit / source rows."""

    def __init__(self, ctx, sh: Sheet) -> None:
        self.ctx, self.sh, self.row = ctx, sh, 0

    def nxt(self) -> int:
        r = self.row
        self.row += 1
        return r

    def section(self, key: str) -> None:
        r, sh = self.nxt(), self.sh
        sh.max_col = max(sh.max_col, 3)
        sh.keep_together(r, 4)
        for c in range(4):
            sh.label(r, c, self.ctx.L(key) if c == 0 else "", "section", track=False)

    def kv(
        self,
        item,
        value,
        unit="",
        note="",
        *,
        kind="label",
        num=None,
        name=None,
        user=False,
        lo=None,
        hi=None,
        integer=False,
    ):
        r, sh = self.nxt(), self.sh
        lines = max(_lines(note, 70), _lines(value, 18) if isinstance(value, str) else 1, _lines(item, 40))
        if lines > 1:
            sh.set_height(r, 13.5 * min(lines, 8) + 2)
        sh.label(r, 0, item, track=False, wrap=lines > 1)
        if kind == "input":
            sh.input(r, 1, value, num, minimum=lo, maximum=hi, integer=integer)
        elif user or isinstance(value, str):
            sh.text(r, 1, value, "label", track=False, wrap=lines > 1)
        elif isinstance(value, tuple):  # (formula, cached, key)
            sh.formula(r, 1, value[0], value[1], value[2], num, track=False)
        else:
            sh.number(r, 1, value, num, "fact" if kind == "fact" else "label")
        sh.label(r, 2, unit, track=False)
        sh.text(r, 3, note, "label", one_line=False, track=False, wrap=True, max_len=600)
        if name:
            self.ctx.book.name(name, sh.title, (r, 1))
        return r

    def inputs(self, rows) -> None:
        """Input rows, each ``(item, value, unit, note, number format, name, lo, hi[, integer])``."""
        for item, value, unit, note, num, name, lo, hi, *integer in rows:
            self.kv(item, value, unit, note, kind="input", num=num, name=name, lo=lo, hi=hi, integer=bool(integer))

    def formulas(self, rows) -> None:
        """Derived rows, each ``(item key, formula, cached value, check key, unit, note, name[, number format])``."""
        for key, formula, cached, check, unit, note, name, *num in rows:
            self.kv(self.ctx.L(key), (formula, cached, check), unit, note, num=num[0] if num else F_YUAN, name=name)


def _project_load(ctx, w: _Rows) -> None:
    p = ctx.project
    s = ctx.s
    L = ctx.L
    kv, section = w.kv, w.section
    # --- project
    section("a.section.project")
    kv(L("a.project_name"), p.name, user=True)
    if p.description:
        kv(L("a.description"), "", "", clean_text(p.description, one_line=True, max_len=600), user=True)
    kv(L("a.site_name"), p.site.name, user=True)
    kv(L("a.latitude"), p.site.latitude_deg, "°", num="0.00")
    kv(L("a.longitude"), p.site.longitude_deg, "°", num="0.00")
    # --- load
    section("a.section.load")
    ld = p.load
    if ld.profile_file:
        kv(L("a.load_source"), L("a.load_profile"))
        kv(L("a.load_profile"), ld.profile_file, user=True)
    else:
        kv(L("a.load_source"), L("a.load_shift"))
        kv(L("a.annual_kwh"), ld.annual_kwh, L("kwh_per_year"), num=F_KWH)
        kv(L("a.shift_pattern"), L(f"schedule.{ld.shift_pattern}"))
    kv(L("a.working_days"), L(f"wd.{ld.working_days}"))
    kv(L("a.calendar_year"), ld.calendar_year, num=F_INT)
    kv(L("a.baseline_kwh"), s.baseline_annual_kwh, L("kwh_per_year"), L("note.hourly"), kind="fact", num=F_KWH)


def _tariff(ctx, w: _Rows) -> None:
    p = ctx.project
    L = ctx.L
    pct, price = L("pct"), L("yuan_per_kwh")
    kv = w.kv
    w.section("a.section.tariff")
    t = p.tariff
    tmpl = _template(t.template)
    if tmpl:
        name = tmpl.get("label_zh" if ctx.lang == "zh" else "label_en", t.template)
        kv(L("a.template"), name, "", clean_text(tmpl.get("source", ""), one_line=True), user=True)
    w.inputs(
        [
            *(
                (L("a.price", p=L(f"period.{per}")), float(v), price, "", F_PRICE, f"Price_{per}", 0, 100)
                for per, v in zip(ctx.a.periods, ctx.a.prices, strict=True)
            ),
            (L("a.export_price"), t.export_price_yuan_per_kwh, price, "", F_PRICE, "Export_Price", 0, 100),
            (
                L("a.escalation"),
                t.escalation_pct_per_year / 100.0,
                pct,
                L("a.per_year"),
                F_PCT,
                "Tariff_Escalation",
                -0.5,
                1,
            ),
            (L("a.surcharge"), ctx.a.surcharge, price, L("a.surcharge_note"), F_PRICE, "Surcharge_Per_kWh", 0, 100),
        ]
    )
    kv(L("a.vat_factor"), ctx.a.vat, "", L("a.vat_note"), kind="fact", num="0.000000", name="VAT_Factor")
    bc = t.basic_charge
    if bc is not None:
        kv(L("a.basic_basis"), L("a.basic_capacity" if bc.basis == "capacity" else "a.basic_demand"))
        if bc.basis == "capacity":
            kv(L("a.transformer_kva"), bc.transformer_kva, "kVA", num="#,##0")
            kv(
                L("a.yuan_per_kva_month"),
                bc.yuan_per_kva_month,
                L("a.unit_kva_month"),
                L("a.capacity_note"),
                num="0.00",
            )
    if ctx.demand_basis:
        demand = (L("a.yuan_per_kw_month"), ctx.a.demand_rate, L("a.unit_kw_month"), L("a.demand_note"), "0.00")
        w.inputs([(*demand, "Demand_Rate", 0, 1000)])
    if t.notes:
        kv(L("a.tariff_notes"), "", "", clean_text(t.notes, one_line=True, max_len=600), user=True)


def _finance(ctx, w: _Rows) -> None:
    L = ctx.L
    pct, per_year = L("pct"), L("a.per_year")
    yrs = term_unit(ctx, "unit.years")
    fin = ctx.project.finance
    w.section("a.section.finance")
    w.kv(L("a.analysis_years"), ctx.n, yrs, L("a.analysis_years_note"), kind="fact", num=F_INT, name="Analysis_Years")
    w.inputs(
        [
            (L("a.discount_rate"), fin.discount_rate_pct / 100.0, pct, per_year, F_PCT, "Discount_Rate", 0, 1),
            (L("a.subsidy"), fin.subsidy_yuan, term_unit(ctx, "unit.yuan"), "", F_YUAN, "Subsidy", 0, None),
            (
                L("a.om_escalation"),
                fin.om_escalation_pct_per_year / 100.0,
                pct,
                per_year,
                F_PCT,
                "OM_Escalation",
                -0.5,
                1,
            ),
        ]
    )
    if ctx.has_tax:
        w.inputs(
            [
                (L("a.tax_rate"), fin.income_tax_pct / 100.0, pct, "", F_PCT, "Tax_Rate", 0, 1),
                (L("a.depreciation_years"), fin.depreciation_years, yrs, "", F_INT, "Depreciation_Years", 1, 50, True),
            ]
        )
    else:
        w.kv(L("a.tax_rate"), 0.0, pct, L("a.tax_not_used"), num=F_PCT)
    if ctx.has_loan:
        loan = fin.loan
        w.inputs(
            [
                (L("a.loan_share"), loan.share_pct / 100.0, pct, "", F_PCT, "Loan_Share", 0, 1),
                (L("a.loan_rate"), loan.interest_pct / 100.0, pct, per_year, F_PCT, "Loan_Rate", 0, 1),
                (L("a.loan_term"), loan.term_years, yrs, "", F_INT, "Loan_Term", 1, 50, True),
            ]
        )
    else:
        w.kv(L("a.loan_share"), L("a.loan_none"))


def _pv(ctx, w: _Rows) -> None:
    if not ctx.has_pv:
        return
    L = ctx.L
    pct, kwh = L("pct"), "kWh"
    kv = w.kv
    w.section("a.section.pv")
    pv = ctx.result.pv
    kv(L("a.pv_capacity"), pv.capacity_kwp, "kWp", num="#,##0.0")
    rows: list[tuple] = []
    if ctx.single_pv:
        deg = ctx.pv_measures[0].annual_degradation_pct / 100.0
        rows.append((L("a.pv_degradation"), deg, pct, L("a.pv_degradation_note"), F_PCT, "PV_Degradation", 0, 0.2))
    emc = ctx.emc
    if emc is not None and emc.emc_price_yuan_per_kwh is not None:
        rows.append((L("a.emc_price"), emc.emc_price_yuan_per_kwh, L("yuan_per_kwh"), "", F_PRICE, "EMC_Price", 0, 100))
    elif emc is not None:
        disc = (emc.emc_discount_pct or 0.0) / 100.0
        rows.append((L("a.emc_discount"), disc, pct, L("a.emc_discount_note"), F_PCT, "EMC_Discount", 0, 1))
    w.inputs(rows)
    facts = [
        ("a.pv_generation", pv.first_year_generation_kwh, kwh, L("note.hourly"), F_KWH),
        ("a.pv_self", pv.first_year_self_consumed_kwh, kwh, "", F_KWH),
        ("a.pv_export", pv.first_year_exported_kwh, kwh, "", F_KWH),
    ]
    if pv.first_year_curtailed_kwh > 0:
        facts.append(("a.pv_curtailed", pv.first_year_curtailed_kwh, kwh, "", F_KWH))
    if pv.lcoe_yuan_per_kwh is not None:
        facts.append(("a.pv_lcoe", pv.lcoe_yuan_per_kwh, L("yuan_per_kwh"), L("a.pv_lcoe_note"), F_PRICE))
    for key, value, unit, note, num in facts:
        kv(L(key), value, unit, note, kind="fact", num=num)


def _emissions(ctx, w: _Rows) -> None:
    L = ctx.L
    w.section("a.section.emissions")
    em = ctx.project.emissions
    preset = _emission_preset(em.factor_preset)
    src = ""
    if preset:
        src = clean_text(
            f"{preset.get('label_zh' if ctx.lang == 'zh' else 'label_en', '')} {preset.get('source', '')}",
            one_line=True,
        )
    tce = _tce_preset(em.tce_kgce_per_kwh)
    tce_src = clean_text(tce.get("source", ""), one_line=True) if tce else L("a.custom")
    grid = em.grid_factor_kg_per_kwh
    w.inputs(
        [
            (L("a.grid_factor"), grid, "kg CO₂/kWh", src or L("a.custom"), "0.0000", "Grid_Factor", 0, 5),
            (L("a.tce_factor"), em.tce_kgce_per_kwh, "kgce/kWh", tce_src, "0.0000", "TCE_Factor", 0, 1),
        ]
    )


def _derived(ctx, w: _Rows) -> None:
    """The derived cells: formulas over the inputs, each with the engine's value cached."""
    s = ctx.s
    L = ctx.L
    yuan, per_year = term_unit(ctx, "unit.yuan"), L("yuan_per_year")
    w.section("a.section.results")
    has_m = bool(ctx.result.measures)

    def over_measures(column: str) -> str:
        return f"SUMPRODUCT({column})" if has_m else "0"

    capex = over_measures("Measure_Capex,Measure_Factory")
    rows: list[tuple] = [
        ("a.total_capex", capex, s.capex_yuan, "summary.capex_yuan", yuan, L("a.total_capex_note"), "Total_Capex"),
        ("a.net_investment", "Total_Capex-Subsidy", s.net_investment_yuan, "summary.net_investment_yuan", yuan, "",
         "Net_Investment"),
        ("a.om_y1", over_measures("Measure_OM,Measure_Factory"), s.first_year_om_yuan, "summary.first_year_om_yuan",
         per_year, "", "OM_Y1"),
    ]  # fmt: skip
    w.formulas(rows)
    w.kv(
        L("a.eff_demand"),
        ctx.a.eff_demand_kw_months,
        L("a.kw_month"),
        L("a.eff_demand_note"),
        kind="fact",
        num="#,##0.0",
        name="Eff_Demand_kWm",
    )
    pf = ""
    if has_pf_pieces(ctx.a.eff_pf_kwh, ctx.a.eff_pf_fixed_yuan):
        f = pieces_formula(ctx, ctx.a.eff_pf_kwh, 0.0, ctx.a.eff_pf_fixed_yuan)
        w.formulas(
            [("a.eff_pf", f, ctx.a.eff_pf_yuan, "assumptions.eff_pf", yuan, L("a.eff_pf_note"), "Eff_PF_Adjustment")]
        )
        pf = "+Eff_PF_Adjustment"
    w.kv(L("a.eff_other"), ctx.a.eff_other_yuan, yuan, L("a.other_note"), kind="fact", num="#,##0.00", name="Eff_Other")
    demand = "+Eff_Demand_kWm*Demand_Rate" if ctx.demand_basis else ""
    eff = over_measures("Measure_Efficiency,Measure_Savings")
    eff_y1 = s.first_year_efficiency_savings_yuan + float(getattr(s, "first_year_pfc_savings_yuan", 0.0) or 0.0)
    from planner.report.measures import is_efficiency

    eff_kwh = float(sum(m.first_year_energy_saved_kwh for m in ctx.result.measures if is_efficiency(m)))
    kwh_f = over_measures("Measure_Efficiency,Measure_kWh")
    rows = [
        ("a.eff_savings", f"{eff}{demand}{pf}+Eff_Other", eff_y1, "assumptions.eff_savings", yuan,
         L("a.eff_savings_note"), "Eff_Savings_Y1"),
        ("a.eff_energy", kwh_f, eff_kwh, "assumptions.eff_kwh", L("kwh_per_year"), "", "Eff_Energy_Y1", F_KWH),
    ]  # fmt: skip
    if ctx.has_pv:
        from planner.report import pv_years

        rows.append(
            ("a.pv_savings", pv_years.ref_savings(ctx, 1), s.first_year_pv_savings_yuan,
             "summary.first_year_pv_savings_yuan", yuan, L("a.pv_savings_note"), "PV_Savings_Y1")
        )  # fmt: skip
    if ctx.has_loan:
        import numpy_financial as npf

        principal = float(ctx.result.cash_flow["loan_yuan"].iloc[0])
        loan = ctx.project.finance.loan
        inst = float(-npf.pmt(loan.interest_pct / 100, loan.term_years, principal)) if principal > 0 else 0.0
        rows += [
            ("a.loan_principal", "Loan_Share*MAX(Net_Investment,0)", principal, "assumptions.loan_principal", yuan,
             "", "Loan_Principal"),
            ("a.loan_instalment", "IF(Loan_Principal>0,PMT(Loan_Rate,Loan_Term,-Loan_Principal),0)", inst,
             "assumptions.loan_instalment", per_year, "PMT", "Loan_Instalment"),
        ]  # fmt: skip
    w.formulas(rows)


def has_pf_pieces(pf_kwh, fixed: float) -> bool:
    """Whether PF pieces (:mod:`planner.engine.attribution`) are anything but 0."""
    return bool(len(pf_kwh) and float(abs(pf_kwh).max()) > 0) or fixed != 0


def pieces_formula(ctx, kwh, kw_months: float, fixed: float) -> str:
    """``VAT_Factor*(sum_p kWh_p*Price_p)[+kW-months*Demand_Rate]+fixed`` with the pieces as constants.

    The kWh are facts of the hourly simulation (written into the formula); the prices,
    the demand rate and the VAT factor are the workbook's cells, so a changed price moves it.
    """
    terms = "+".join(f"{float(w):.17g}*Price_{p}" for w, p in zip(kwh, ctx.a.periods, strict=True) if w != 0) or "0"
    out = f"VAT_Factor*({terms})"
    if kw_months and ctx.demand_basis:
        out += f"+{float(kw_months):.17g}*Demand_Rate"
    if fixed:
        out += f"{float(fixed):+.17g}"
    return out.replace("+-", "-")


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide."""
    import math

    from planner.report.text import display_width

    return max(1, math.ceil(display_width(clean_text(text, one_line=True)) / max(width - 2, 1))) if text else 1


def term_unit(ctx, key: str) -> str:
    from planner.terms import term

    return term(key, ctx.lang)


def _template(template_id: str | None) -> dict | None:
    if not template_id:
        return None
    try:
        for t in reference.tariff_templates():
            if t.get("id") == template_id:
                return t
    except (OSError, ValueError):  # pragma: no cover - missing asset
        return None
    return None


def _emission_preset(preset_id: str | None) -> dict | None:
    if not preset_id:
        return None
    try:
        return reference.emission_preset(preset_id)
    except (KeyError, OSError, ValueError):
        return None


def _tce_preset(value: float) -> dict | None:
    try:
        for t in reference.tce_presets():
            if abs(float(t.get("kgce_per_kwh", -1)) - value) < 1e-9:
                return t
    except (OSError, ValueError):  # pragma: no cover
        return None
    return None


def year_of(text: str) -> int | None:
    m = re.search(r"(19|20)\d\d", text or "")
    return int(m.group(0)) if m else None
