"""The *Storage* sheet from the engine's batteries (``result.storage`` and the
:class:`planner.engine.attribution.BatteryAttribution` pieces).

Three blocks:

* **dispatch summary**, one row per battery: size, dispatch rule, year-1
  charged / discharged kWh, losses, equivalent full cycles, year-1 savings
  and the replacement years (facts; the savings link to the next block);
* **year-1 savings in pieces**, one row per battery::

      energy    = VAT_Factor x sum_p grid kWh avoided_p x Price_p
      PF adj.   = VAT_Factor x sum_p PF kWh_p x Price_p + PF on the basic charge, EMC payments (fact)
      demand    = kW-months avoided x Demand_Rate                     (demand basis)
      surcharge = VAT_Factor x Surcharge_Per_kWh x grid kWh avoided
      export    = VAT_Factor x Export_Price x export kWh gained (negative: PV surplus it stores)
      bill change = energy + PF + demand + surcharge + export + other
      Battery_Savings_Y1 = factory share x bill change               (share: 1, or the EMC share)

  live in the prices, the export price, the demand rate and the surcharge
  (a time-of-use-rule dispatch does not depend on the prices; an optimal
  dispatch would, and is then a fact at the exported prices);
* **years at year-1 prices**: ``savings_b,k = Battery_Savings_Y1_b x
  capacity_b,k``, the usable capacity (calendar and cycle fade, back to 1 after a
  replacement) a fact of the engine's battery life model; the total feeds
  the cash flow's savings (which applies the escalation).  Replacement
  costs are on the cash flow (its replacement column, the years listed here).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from planner.report.layout import Sheet, cell, col, ref
from planner.report.styles import F_INT, F_KWH, F_YUAN
from planner.report.text import display_name

SUMMARY = (
    ("energy_kwh", "st.energy", "#,##0"),
    ("power_kw", "st.power", "#,##0"),
    ("first_year_charged_kwh", "st.charged", F_KWH),
    ("first_year_discharged_kwh", "st.discharged", F_KWH),
    ("first_year_losses_kwh", "st.losses", F_KWH),
    ("equivalent_full_cycles_per_year", "st.cycles", "0.0"),
    ("first_year_savings_yuan", "st.savings", F_YUAN),
)


def present(ctx) -> bool:
    """The engine's batteries with their pieces (else the plain summary of analysis_sheets)."""
    return bool(ctx.a.storage) and "storage" in ctx.titles


def _layout(ctx) -> dict[str, int]:
    b = len(ctx.a.storage)
    summary_head = 2
    pieces_head = summary_head + b + 3
    years_head = pieces_head + len(_piece_names(ctx)) + 3
    return {"summary": summary_head, "pieces": pieces_head, "years": years_head}


def _piece_rows(ctx) -> dict[str, int]:
    """Row of each piece in the pieces block (one column per battery)."""
    first = _layout(ctx)["pieces"] + 1
    return {k: first + i for i, k in enumerate(_piece_names(ctx))}


def ref_y1(ctx, i: int) -> str | None:
    """Reference to the year-1 savings of the battery in ``result.measures[i]``, or None."""
    if not present(ctx):
        return None
    for j, b in enumerate(ctx.a.storage):
        if b.index == i:
            return ref(ctx.titles["storage"], _piece_rows(ctx)["y1"], 1 + j, True)
    return None


def ref_year(ctx, k: int) -> str | None:
    """Reference to all batteries' savings of year k at year-1 prices, or None."""
    if not present(ctx):
        return None
    row = _layout(ctx)["years"] + k
    return ref(ctx.titles["storage"], row, 1 + 2 * len(ctx.a.storage), True)


def year_values(ctx) -> np.ndarray:
    """(N,) the engine's battery savings of each year at year-1 prices (the cached totals) [yuan]."""
    out = np.zeros(ctx.n)
    for b in ctx.a.storage:
        out = out + ctx.result.measures[b.index].first_year_savings_yuan * b.capacity_by_year[: ctx.n]
    return out


def write(ctx) -> Sheet:
    sh = Sheet(ctx.book, ctx.titles["storage"], "storage")
    L = ctx.L
    sh.label(0, 0, L("st.title"), "subtitle", track=False)
    sh.label(1, 0, L("st.pieces_note"), "note", track=False)
    _summary(ctx, sh)
    _pieces(ctx, sh)
    _years(ctx, sh)
    sh.set_width(0, 36)
    return sh


def _summary(ctx, sh: Sheet) -> None:
    L, hr = ctx.L, _layout(ctx)["summary"]
    heads = [L("st.name")] + [L(k) for _, k, _ in SUMMARY] + [L("st.dispatch"), L("st.replacements")]
    for c, h in enumerate(heads):
        sh.label(hr, c, h, "header", track=False)
    sh.ws.set_row(hr, 32)
    sh.header_row = hr
    for j, (b, res) in enumerate(zip(ctx.a.storage, ctx.result.storage, strict=True)):
        row = hr + 1 + j
        sh.text(row, 0, display_name(b.name, ctx.lang), "label")
        d = res.to_dict()
        for c, (k, _, num) in enumerate(SUMMARY, start=1):
            if k == "first_year_savings_yuan":
                sh.formula(row, c, ref_y1(ctx, b.index), d[k], f"measure.{b.index}.first_year_savings_yuan", num)
            else:
                sh.number(row, c, d.get(k), num, "fact")
        disp = d.get("dispatch")
        sh.label(row, len(SUMMARY) + 1, L(f"st.dispatch.{disp}") if disp in ("tou_rule", "optimal") else "")
        sep = "、" if ctx.lang == "zh" else ", "
        years = b.replacement_years
        sh.label(row, len(SUMMARY) + 2, sep.join(str(int(y)) for y in years) if years else L("none"))
    for c in range(1, len(SUMMARY) + 1):
        sh.set_width(c, 13)
    sh.set_width(len(SUMMARY) + 2, 18)


def _piece_names(ctx) -> list[str]:
    P = ctx.a.periods
    out = [f"kwh_{p}" for p in P] + ["energy_y"] + [f"pf_{p}" for p in P] + ["fixed", "pf_y"]
    if ctx.demand_basis:
        out += ["kwm", "demand_y"]
    return out + ["sur", "sur_y", "export", "export_y", "other", "bill", "share", "y1"]


def _pieces(ctx, sh: Sheet) -> None:
    L, a, hr = ctx.L, ctx.a, _layout(ctx)["pieces"]
    rows = _piece_rows(ctx)
    sh.label(hr - 1, 0, L("st.pieces"), "section", track=False)
    sh.label(hr, 0, L("kpi.header.item"), "header", track=False)
    sh.ws.set_row(hr, 42)
    for j, b in enumerate(a.storage):
        sh.text(hr, 1 + j, display_name(b.name, ctx.lang), "header", track=False)
    cells: list[tuple[int, int, partial]] = []
    for key, r in rows.items():
        per = key.split("_", 1)[1] if key.startswith(("kwh_", "pf_")) and key.split("_", 1)[1] in a.periods else None
        text = L(f"st.p.{key.split('_', 1)[0]}", p=L(f"period.{per}")) if per else L(f"st.p.{key}")
        cells.append((r, 0, partial(sh.label, r, 0, text, "total" if key in ("bill", "y1") else "label")))
        if (per and key.startswith("pf_")) or key in ("fixed", "other"):
            sh.ws.set_row(r, None, None, {"hidden": True})
    for j, b in enumerate(a.storage):
        cells += _piece_column(ctx, sh, rows, 1 + j, b)
    for _, _, write in sorted(cells, key=lambda t: (t[0], t[1])):  # rows in order (constant-memory mode)
        write()


def _piece_column(ctx, sh: Sheet, rows: dict[str, int], c: int, b) -> list[tuple[int, int, partial]]:
    """The cells of battery ``b``'s column, as (row, column, writer) to be written in row order."""
    a, p = ctx.a, b.bill
    out: list[tuple[int, int, partial]] = []

    def x(key: str) -> str:
        return cell(rows[key], c)

    def num(key: str, value: float, fmt: str) -> None:
        out.append((rows[key], c, partial(sh.number, rows[key], c, value, fmt, "fact")))

    def put(key: str, formula: str, value: float, check: str = "internal", kind: str = "formula") -> None:
        out.append((rows[key], c, partial(sh.formula, rows[key], c, formula, value, check, F_YUAN, kind)))

    for j, per in enumerate(a.periods):
        num(f"kwh_{per}", p.kwh[j], F_KWH)
        num(f"pf_{per}", p.pf_kwh[j], "#,##0.000")
    num("sur", p.surcharge_kwh, F_KWH)
    num("export", p.export_kwh, F_KWH)
    num("fixed", p.fixed_yuan, "#,##0.00")
    num("other", b.other_yuan, "0.000000")
    num("share", b.share, "0.00%")
    energy = "+".join(f"{x('kwh_' + per)}*Price_{per}" for per in a.periods) or "0"
    pf = "+".join(f"{x('pf_' + per)}*Price_{per}" for per in a.periods) or "0"
    v = a.vat
    put("energy_y", f"VAT_Factor*({energy})", v * float(p.kwh @ a.prices))
    put("pf_y", f"VAT_Factor*({pf})+{x('fixed')}", v * float(p.pf_kwh @ a.prices) + p.fixed_yuan)
    parts = [x("energy_y"), x("pf_y"), x("sur_y"), x("export_y"), x("other")]
    if ctx.demand_basis:
        num("kwm", p.demand_kw_months, "#,##0.0")
        put("demand_y", f"{x('kwm')}*Demand_Rate", a.demand_rate * p.demand_kw_months)
        parts.insert(2, x("demand_y"))
    put("sur_y", f"VAT_Factor*Surcharge_Per_kWh*{x('sur')}", v * a.surcharge * p.surcharge_kwh)
    put("export_y", f"VAT_Factor*Export_Price*{x('export')}", v * a.export_price * p.export_kwh)
    mr = ctx.result.measures[b.index]
    whole = mr.first_year_savings_yuan / b.share if b.share else 0.0
    put("bill", "+".join(parts), whole, kind="total")
    put(
        "y1",
        f"{x('share')}*{x('bill')}",
        mr.first_year_savings_yuan,
        f"measure.{b.index}.first_year_savings_yuan",
        "total",
    )
    return out


def _years(ctx, sh: Sheet) -> None:
    L, a, hr = ctx.L, ctx.a, _layout(ctx)["years"]
    nb = len(a.storage)
    sh.label(hr - 1, 0, L("st.years"), "section", track=False)
    sh.label(hr, 0, L("cf.year"), "header", track=False)
    for j in range(nb):
        name = f" {j + 1}" if nb > 1 and ctx.lang != "zh" else (f"{j + 1}" if nb > 1 else "")
        sh.text(hr, 1 + j, L("st.capacity", name=name).replace("  ", " ").strip(), "header", track=False)
        sh.text(hr, 1 + nb + j, L("st.savings_k", name=name).replace("  ", " ").strip(), "header", track=False)
    sh.label(hr, 1 + 2 * nb, L("st.total"), "header", track=False)
    sh.ws.set_row(hr, 42)
    total = year_values(ctx)
    y1_row = _piece_rows(ctx)["y1"]
    for k in range(1, ctx.n + 1):
        row = hr + k
        sh.number(row, 0, k, F_INT, "label", align="center")
        for j, b in enumerate(a.storage):
            y1 = f"${col(1 + j)}${y1_row + 1}"
            cap = float(b.capacity_by_year[k - 1])
            sh.number(row, 1 + j, cap, "0.0000", "fact")
            value = ctx.result.measures[b.index].first_year_savings_yuan * cap
            sh.formula(row, 1 + nb + j, f"{y1}*{cell(row, 1 + j)}", value, "internal", F_YUAN)
        terms = "+".join(cell(row, 1 + nb + j) for j in range(nb))
        sh.formula(row, 1 + 2 * nb, terms, float(total[k - 1]), f"storage.year.{k}", F_YUAN)
    for c in range(1, 2 * nb + 2):
        sh.set_width(c, 16)
