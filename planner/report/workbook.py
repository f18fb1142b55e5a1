"""The Excel proposal: a workbook that management reads and auditors recompute.

Public API::

    workbook_bytes(project, result, lang="zh") -> bytes
    export_workbook(project, result, path, lang="zh") -> None   # atomic write

Sheets (labels in Chinese or English): Summary, Assumptions, Measures, Cash
flow, Monthly, Emissions.  openpyxl is imported only in this module.

Formula conventions (the workbook reproduces planner.engine.chain / planner.engine.finance)
------------------------------------------------------------------------------
* Money out is negative; year 0 is the investment (undiscounted), later flows
  at the end of their year.  Rates are fractions in percent-formatted cells.
* Cash flow, year k >= 1 (defined names; ``Measure_*`` are on *Measures*,
  ``CF_*`` on *Cash flow*, the others on *Assumptions*)::

      savings_k   = (1+Tariff_Escalation)^(k-1) * (Eff_Savings_Y1 + PV_Savings_Y1 * PVindex_k)
      O&M_k       = -OM_Y1 * (1+OM_Escalation)^(k-1)
      replace_k   = -SUMPRODUCT(Measure_Capex*Measure_Factory*(MOD(k,Measure_Life)=0)),
                    0 in year N and later
      loan_k      = -instalment (PMT), balance repaid in year N if the term is longer
      tax_k       = -Tax_Rate * (savings + O&M + replacements - depreciation - interest)
      net_k       = savings + O&M + replacements + investment + loan + tax
      NPV         = NPV(Discount_Rate, net_1..net_N) + net_0     (numpy-financial's npv)
      IRR         = IFERROR(IRR(net_0..net_N, engine IRR as guess), "n/a")
      payback     = first k with cum_(k-1) < 0 <= cum_k: (k-1) + -cum_(k-1)/net_k,
                    one helper cell per year, the KPI is their MIN; discounted likewise
      simple PB   = Net_Investment / (savings_1 + O&M_1)

  ``PVindex_k`` is a column of values: the engine's year-k PV bill savings
  at year-1 prices over year 1's.  The engine re-nets each year's degraded
  PV output against the load hour by hour, which no formula over year-1
  figures reproduces; the index carries that, PV_Savings_Y1 stays an input.
  Emissions use a PV kWh index the same way.  The loan and tax columns
  appear only when the project has a loan / an income-tax rate.
* An undefined metric (no payback within N years, nothing to pay back, no
  IRR) is text ("not within N years" / "n/a"), never an Excel error.
* Per-measure NPV and simple payback are formulas over the measure's capex,
  life and O&M (yellow cells on *Measures*); per-measure payback and IRR
  are the engine's values (grey), and so is the NPV of a PV system when
  several share the PV savings.
* The year-1 results of the hourly simulation (efficiency and PV bill
  savings, kWh saved) are values on *Assumptions* styled as inputs: the
  projection starts from them, a reader may override them.
* Yellow = input that drives formulas; grey = engine result (static);
  unstyled inputs are recorded for reference only.
* The summary shows the part of a bilingual ``"中文 / English"`` project or
  measure name in the workbook's language (:func:`display_name`); the other
  sheets show names as entered.

``build_workbook`` also returns a map of every formula cell to what it
computes, resolved against the engine's results by the tests:

* ``cf.<column>.<k>``: ``result.cash_flow[column][k]``, ``cf.total.<column>``
  the sum over 0..N; ``cf.loan_interest.<k>``, ``cf.loan_balance.<k>``,
  ``cf.depreciation.<k>``; ``cf.pb_helper.<k>`` / ``cf.dpb_helper.<k>``: the
  (discounted) payback crossing in year k, else empty;
* ``summary.<key>``: ``result.summary.<key>`` (``summary.irr`` = irr_pct/100;
  ``summary.subsidy_yuan``, ``summary.discount_rate``,
  ``summary.analysis_years``: the inputs);
* ``measure.<i>.<field>``: ``result.measures[i].<field>``;
* ``emissions.<column>.<k>`` (k = 1..N), ``emissions.total.<column>``;
* ``monthly.<column>.<m>`` (m = 1..12), ``monthly.total.<column>``;
* ``assumptions.total_capex | net_investment | om_y1 | loan_principal |
  loan_instalment``;
* ``chart.payback_x`` (payback, or #N/A so the marker is not drawn),
  ``chart.ymin`` / ``chart.ymax``, ``chart.payback_label`` (text).

User text
---------
User text (project, site and measure names, notes, file names) is written
as a *string cell*, never as a formula:

* characters that XML 1.0 cannot hold (C0 controls other than tab/LF/CR,
  lone surrogates, U+FFFE/U+FFFF) and the C1 controls are removed; in
  one-line fields (names) tab, CR and LF become a space;
* text is cut at Excel's 32 767-character cell limit;
* text that starts with ``=``, ``+``, ``-`` or ``@`` is stored with the cell
  type forced to *string* (``t="s"``) and the cell style's ``quotePrefix``
  flag set: this is what Excel itself writes when one types ``'=text``.  The
  text is stored exactly (no visible apostrophe or zero-width character is
  added), LibreOffice and Excel load it as text, and editing the cell in
  Excel keeps it text.  See :func:`needs_quote_prefix`.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.drawing.text import Font as DFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from planner.io import reference
from planner.report.bill_sheet import write_bill_check
from planner.model.project import PERIODS, PvMeasure
from planner.io.projectfile import write_bytes_atomic


def pd_holidays(ld) -> list[date]:
    """The statutory holidays of ``ld.calendar_year`` (empty when that year is not shipped)."""
    try:
        return list(reference.cn_statutory_holidays(ld.calendar_year)[0])
    except ValueError:
        return []


__all__ = ["workbook_bytes", "export_workbook", "build_workbook", "normalise_lang"]


# =============================================================================
# API
# =============================================================================

__all__ = ["workbook_bytes", "export_workbook", "build_workbook", "normalise_lang"]


def normalise_lang(lang: str | None) -> str:
    """``"zh"`` or ``"en"`` from ``zh``, ``zh_CN``, ``zh-Hans``, ``en_US`` ...; None gives ``"zh"``."""
    if lang is None:
        return "zh"
    code = str(lang).strip().lower().replace("-", "_")
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    raise ValueError(f"lang: expected 'zh' or 'en', found {lang!r}")


def build_workbook(project, result, lang: str = "zh", *, today: date | None = None):
    """Build the proposal workbook.

    Returns
    -------
    (openpyxl.Workbook, dict)
        The workbook and, for every formula cell, what it computes:
        ``{(sheet_title, "B7"): "summary.npv_yuan", ...}`` (keys are
        documented in :mod:`planner.report.workbook._builder`; the tests resolve them
        against the engine's results).
    """
    builder = ProposalBuilder(project, result, normalise_lang(lang), today=today)
    return builder.build(), builder.checks


def workbook_bytes(project, result, lang: str = "zh", *, today: date | None = None) -> bytes:
    """The proposal workbook as .xlsx bytes.

    Parameters
    ----------
    project : planner.model.project.Project
    result : planner.engine.chain.ProjectResult
        ``run_project(project, base_dir)``.
    lang : {"zh", "en"}
        Language of the labels (user text is written as given).
    today : datetime.date, optional
        Date printed on the summary; default today.
    """
    wb, _ = build_workbook(project, result, lang, today=today)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_workbook(project, result, path: str | os.PathLike, lang: str = "zh", *, today: date | None = None) -> None:
    """Write the proposal workbook to ``path`` atomically (old file kept on failure)."""
    write_bytes_atomic(path, workbook_bytes(project, result, lang, today=today))


# =============================================================================
# user text (no openpyxl in these helpers)
# =============================================================================

EXCEL_CELL_MAX = 32767
SHEET_NAME_MAX = 31

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\r\n\u2028\u2029]+")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
FORMULA_TRIGGERS = ("=", "+", "-", "@")


def clean_text(value: object, *, one_line: bool = False, max_len: int = EXCEL_CELL_MAX) -> str:
    """``value`` as text that an .xlsx cell can hold.

    Parameters
    ----------
    value : object
        Anything; ``None`` gives ``""``.
    one_line : bool
        Replace tabs and line breaks by a single space (names, titles).
    max_len : int
        Cut the text to this many characters (an ellipsis marks the cut).
    """
    if value is None:
        return ""
    text = str(value)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_ILLEGAL.sub("", text)
    if one_line:
        text = text.strip()
    if len(text) > max_len:
        text = text[: max_len - 1] + "\u2026"
    return text


def needs_quote_prefix(text: str) -> bool:
    """True if ``text`` could be taken for a formula (leading ``= + - @``)."""
    return text.startswith(FORMULA_TRIGGERS)


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique worksheet name from any text.

    Removes ``[ ] : * ? / \\`` and XML-illegal characters, leading/trailing
    apostrophes and spaces, cuts to 31 characters, and appends `` (2)``...
    if the name (case-insensitively) is taken.  "History" is reserved by
    Excel and gets a suffix too.
    """
    base = clean_text(name, one_line=True)
    base = _SHEET_ILLEGAL.sub(" ", base)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Sheet"
    base = base[:SHEET_NAME_MAX].rstrip("'").rstrip() or "Sheet"
    lowered = {t.lower() for t in (taken or set())} | {"history"}
    title, n = base, 1
    while title.lower() in lowered:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_NAME_MAX - len(suffix)].rstrip("'").rstrip() + suffix
    return title


def header_footer_text(text: str, max_len: int = 80) -> str:
    """Text for a page header/footer section: one line, ``&`` escaped as ``&&``."""
    t = clean_text(text, one_line=True)
    if len(t) > max_len:
        t = t[: max_len - 1] + "\u2026"
    return t.replace("&", "&&")


def display_width(text: str) -> float:
    """Width of ``text`` in Excel column units: CJK (wide/fullwidth) characters count 2."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0
    return width


def has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def display_name(name: str, lang: str) -> str:
    """The part of a bilingual ``"中文 / English"`` name in ``lang``, else the name.

    Applies only when the name has exactly one `` / `` with CJK on one side
    and none on the other (the convention of the seed projects); anything
    else is returned unchanged.
    """
    parts = name.split(" / ")
    if len(parts) == 2:
        a, b = (p.strip() for p in parts)
        if a and b and has_cjk(a) != has_cjk(b):
            zh, en = (a, b) if has_cjk(a) else (b, a)
            return zh if lang == "zh" else en
    return name


def truncate_width(text: str, max_width: float) -> str:
    """Cut ``text`` so that its :func:`display_width` is at most ``max_width``."""
    if display_width(text) <= max_width:
        return text
    out, w = "", 0.0
    for ch in text:
        cw = display_width(ch)
        if w + cw > max_width - 1:
            break
        out += ch
        w += cw
    return out.rstrip() + "\u2026"


# =============================================================================
# bilingual labels: LABELS[key] = (zh, en)
# =============================================================================

LABELS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet.summary": ("摘要", "Summary"),
    "sheet.assumptions": ("假设与输入", "Assumptions"),
    "sheet.measures": ("改造措施", "Measures"),
    "sheet.cash_flow": ("现金流", "Cash flow"),
    "sheet.monthly": ("月度电费", "Monthly"),
    "sheet.emissions": ("减排", "Emissions"),
    "sheet.bill_check": ("账单核对", "Bill check"),
    # general
    "proposal": ("节能改造方案", "Energy retrofit proposal"),
    "site": ("厂址", "Site"),
    "date": ("日期", "Date"),
    "analysis": ("分析期 / 折现率", "Analysis period / discount rate"),
    "years_unit": ("年", "years"),
    "yuan": ("元", "yuan"),
    "yuan_per_year": ("元/年", "yuan/yr"),
    "yuan_per_kwh": ("元/kWh", "yuan/kWh"),
    "kwh": ("kWh", "kWh"),
    "kwh_per_year": ("kWh/年", "kWh/yr"),
    "t_co2": ("t CO₂", "t CO₂"),
    "tce": ("tce(吨标准煤)", "tce"),
    "pct": ("%", "%"),
    "pct_per_year": ("%/年", "%/yr"),
    "page_footer": ("第 &P 页,共 &N 页", "Page &P of &N"),
    "na": ("不适用", "n/a"),
    "not_within_1": ("", "not within "),
    "not_within_2": (" 年内未回收", " years"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("无", "none"),
    "generated_by": ("由 Retrofit Planner 生成", "Generated by Retrofit Planner"),
    # legend
    "legend.input": (
        "黄色单元格为可修改的输入:修改后现金流、净现值、内部收益率和回收期自动重算。",
        "Yellow cells are inputs: change one and the cash flow, NPV, IRR and payback recalculate.",
    ),
    "legend.engine": (
        "灰色单元格为 Retrofit Planner 逐时模拟的结果(固定值,在本工作簿中不重算)。",
        "Grey cells are results of Retrofit Planner's hourly simulation (fixed values, not recalculated here).",
    ),
    "legend.doc": (
        "其余输入仅作记录,需在 Retrofit Planner 中修改后重新导出。",
        "Other inputs are recorded for reference; change them in Retrofit Planner and export again.",
    ),
    # summary
    "kpi.header.item": ("指标", "Indicator"),
    "kpi.header.value": ("数值", "Value"),
    "kpi.header.unit": ("单位", "Unit"),
    "kpi.capex": ("总投资(工厂出资)", "Investment (paid by the factory)"),
    "kpi.subsidy": ("补贴", "Subsidy"),
    "kpi.net_investment": ("净投资", "Net investment"),
    "kpi.first_year_savings": ("首年节省电费", "First-year savings"),
    "kpi.monthly_savings": ("月均节省电费(首年)", "Monthly savings (first year)"),
    "yuan_per_month": ("元/月", "yuan/month"),
    "days": ("天", "days"),
    "kpi.simple_payback": ("简单回收期", "Simple payback"),
    "kpi.payback": ("静态投资回收期", "Payback (cumulative cash flow)"),
    "kpi.discounted_payback": ("动态投资回收期(折现)", "Discounted payback"),
    "kpi.npv": ("净现值 NPV", "Net present value (NPV)"),
    "kpi.irr": ("内部收益率 IRR", "Internal rate of return (IRR)"),
    "kpi.bcr": ("效益成本比", "Benefit-cost ratio"),
    "kpi.lifetime_savings": ("分析期累计节省", "Lifetime savings"),
    "kpi.energy_first_year": ("首年节电量", "Energy saved, first year"),
    "kpi.energy_lifetime": ("分析期累计节电量", "Energy saved, lifetime"),
    "kpi.co2_first_year": ("首年 CO₂ 减排", "CO₂ avoided, first year"),
    "kpi.co2_lifetime": ("分析期 CO₂ 减排", "CO₂ avoided, lifetime"),
    "kpi.tce_first_year": ("首年节约标准煤", "Standard coal saved, first year"),
    "kpi.tce_lifetime": ("分析期节约标准煤", "Standard coal saved, lifetime"),
    "kpi.discount_rate": ("折现率", "Discount rate"),
    "kpi.analysis_years": ("分析期", "Analysis period"),
    "kpi.section": ("关键指标", "Key figures"),
    "glance.section": ("改造措施(按回收期排序)", "Measures (ranked by payback)"),
    "glance.more": ("另有 {n} 项措施,见“{sheet}”工作表。", "{n} more measures: see the {sheet} sheet."),
    "chart.cumulative": ("累计现金流", "Cumulative cash flow"),
    "chart.cumulative_series": ("累计净现金流", "Cumulative net cash flow"),
    "chart.discounted_series": ("折现累计净现金流", "Discounted cumulative"),
    "chart.payback_series": ("回收期", "Payback"),
    "chart.payback_label_1": ("静态回收期 ", "Payback "),
    "chart.payback_label_2": (" 年", " years"),
    "chart.no_payback": ("分析期内未回收", "No payback within the period"),
    "chart.year_axis": ("年", "Year"),
    "chart.yuan_axis": ("元", "yuan"),
    "chart.by_measure": ("各措施首年节省(元)", "First-year savings by measure (yuan)"),
    "chart.monthly": ("首年月度电费:改造前后(元)", "First-year monthly bill before and after (yuan)"),
    "chart.before": ("改造前", "Before"),
    "chart.after": ("改造后", "After"),
    "chart.helper": ("图表数据(回收期标记)", "Chart data (payback marker)"),
    "chart.helper_x": ("年", "Year"),
    "chart.helper_y": ("元", "yuan"),
    # notes on the summary
    "note.simulation": (
        "• 首年节省来自全年 8760 小时的逐时模拟(分时电价、需量电费、光伏自用与上网);以后各年按电价涨幅、光伏衰减和设备到期更换推算。",
        "• Year-1 savings come from an hour-by-hour simulation of the year (TOU prices, demand charges, PV self-use and export); later years follow tariff escalation, PV degradation and replacements at end of life.",
    ),
    "note.signs": (
        "• 现金流:支出为负;第 0 年为投资(不折现),其余各年按年末计,第 k 年按 (1+折现率)^k 折现。",
        "• Cash flow: money out is negative; year 0 is the investment (not discounted), later years at year end, year k discounted by (1+rate)^k.",
    ),
    "note.inputs": (
        "• 修改“假设与输入”和“改造措施”工作表中的黄色单元格,本页各项指标和图表随之更新。",
        "• Change the yellow cells on the Assumptions and Measures sheets: every figure and chart on this page follows.",
    ),
    "note.tariff": ("• 电价:", "• Tariff: "),
    "note.factor": ("排放因子:", "grid factor: "),
    # assumptions
    "a.header.item": ("项目", "Item"),
    "a.header.value": ("数值", "Value"),
    "a.header.unit": ("单位", "Unit"),
    "a.header.source": ("来源 / 说明", "Source / note"),
    "a.header.year": ("年份", "Year"),
    "a.section.project": ("项目", "Project"),
    "a.section.load": ("负荷", "Load"),
    "a.section.tariff": ("电价", "Tariff"),
    "a.section.finance": ("财务", "Finance"),
    "a.section.results": (
        "首年模拟结果(现金流由此推算)",
        "First-year results of the hourly simulation (the projection starts from these)",
    ),
    "a.section.pv": ("光伏系统", "PV systems"),
    "a.section.emissions": ("排放与折标系数", "Emission and coal-equivalent factors"),
    "a.section.measures": ("各措施输入", "Measure inputs"),
    "a.project_name": ("项目名称", "Project name"),
    "a.description": ("说明", "Description"),
    "a.site_name": ("厂址", "Site"),
    "a.latitude": ("纬度", "Latitude"),
    "a.longitude": ("经度", "Longitude"),
    "a.utc_offset": ("时区(UTC 偏移)", "Time zone (UTC offset)"),
    "a.deg": ("°", "°"),
    "a.hours": ("小时", "h"),
    "a.load_source": ("负荷来源", "Load source"),
    "a.load_profile": ("逐时/15 分钟计量数据文件", "Interval meter data file"),
    "a.load_shift": ("按班制生成", "Built from the shift pattern"),
    "a.annual_kwh": ("年用电量", "Annual consumption"),
    "a.shift_pattern": ("班制", "Shift pattern"),
    "a.working_days": ("工作日", "Working days"),
    "a.base_load": ("非生产时段基础负荷(占生产时段负荷)", "Base load outside shifts (share of shift load)"),
    "a.holidays": ("节假日", "Holidays"),
    "a.calendar_year": ("日历年", "Calendar year"),
    "a.baseline_kwh": ("基准年用电量(逐时负荷合计)", "Baseline consumption (sum of the hourly load)"),
    "a.load_report": ("负荷数据处理记录", "Load data report"),
    "a.template": ("电价模板", "Tariff template"),
    "a.price": ("电度电价:{p}", "Energy price: {p}"),
    "a.export_price": ("光伏上网电价", "PV export price"),
    "a.escalation": ("电价年涨幅", "Tariff escalation"),
    "a.basic_basis": ("基本电费计费方式", "Basic charge basis"),
    "a.basic_capacity": ("按容量", "by capacity"),
    "a.basic_demand": ("按需量", "by demand"),
    "a.transformer_kva": ("变压器容量", "Transformer capacity"),
    "a.yuan_per_kva_month": ("容量电价", "Capacity charge"),
    "a.yuan_per_kw_month": ("需量电价", "Demand charge"),
    "a.unit_kva_month": ("元/kVA·月", "yuan/kVA-month"),
    "a.unit_kw_month": ("元/kW·月", "yuan/kW-month"),
    "a.tariff_notes": ("电价说明", "Tariff notes"),
    "a.schedule_work": ("工作日分时时段 {m}", "Working-day periods, {m}"),
    "a.schedule_rest": ("休息日分时时段 {m}", "Rest-day periods, {m}"),
    "a.analysis_years": ("分析期", "Analysis period"),
    "a.analysis_years_note": (
        "现金流表每年一行;如需修改请在 Retrofit Planner 中修改后重新导出",
        "One row per year in the Cash flow sheet; change it in Retrofit Planner and export again",
    ),
    "a.discount_rate": ("折现率", "Discount rate"),
    "a.subsidy": ("投资补贴(第 0 年)", "Capital subsidy (year 0)"),
    "a.om_escalation": ("运维费年涨幅", "O&M escalation"),
    "a.tax_rate": ("所得税税率", "Income tax rate"),
    "a.tax_not_used": ("税前分析(本工作簿不含所得税行)", "Pre-tax analysis (no income-tax line in this workbook)"),
    "a.depreciation_years": ("折旧年限(直线法,无残值)", "Depreciation period (straight line, no salvage)"),
    "a.loan_share": ("贷款比例(占净投资)", "Loan share of the net investment"),
    "a.loan_rate": ("贷款利率", "Loan interest rate"),
    "a.loan_term": ("贷款期限(等额本息)", "Loan term (equal instalments)"),
    "a.loan_none": ("无贷款", "No loan"),
    "a.loan_principal": ("贷款本金", "Loan principal"),
    "a.loan_instalment": ("每年还款额", "Yearly instalment"),
    "a.total_capex": ("工厂出资总投资", "Investment paid by the factory"),
    "a.total_capex_note": (
        "各措施投资 × “计入工厂现金流”之和(见“改造措施”)",
        'Sum of measure capex x "paid by factory" (Measures sheet)',
    ),
    "a.net_investment": ("净投资(投资 - 补贴)", "Net investment (investment - subsidy)"),
    "a.om_y1": ("首年运维费变化", "O&M change, year 1"),
    "a.bill_before": ("首年电费:改造前", "Year-1 electricity bill before"),
    "a.bill_after": ("首年电费:改造后", "Year-1 electricity bill after"),
    "a.eff_savings": ("首年节省:能效措施", "Year-1 savings: efficiency measures"),
    "a.eff_pfc_savings": (
        "首年节省:能效措施与无功补偿",
        "Year-1 savings: efficiency measures and power-factor correction",
    ),
    "a.eff_savings_note": (
        "含基本电费(需量)节省;逐时模拟结果,可覆盖以做敏感性分析",
        "Includes basic (demand) charge savings; from the hourly simulation, may be overridden for a sensitivity test",
    ),
    "a.demand_savings": ("其中:基本电费节省", "of which basic (demand) charge savings"),
    "a.eff_energy": ("首年节电量:能效措施", "Year-1 energy saved: efficiency measures"),
    "a.pv_table.name": ("光伏系统", "PV system"),
    "a.pv_table.savings": ("首年节省(元)", "Year-1 savings (yuan)"),
    "a.pv_table.energy": ("首年利用电量(kWh)", "Year-1 kWh used"),
    "a.pv_table.degradation": ("年衰减率", "Degradation /yr"),
    "a.pv_table.life": ("寿命(年)", "Life (years)"),
    "a.pv_table.ownership": ("产权", "Ownership"),
    "a.pv_note": (
        "光伏指数(第 1 年 = 1)来自逐时模拟:每年按衰减后的出力 (1-衰减率)^(系统年龄-1)(更换后重新计龄)与负荷逐时重新平衡,按首年电价计费;利用电量 = 自用 + 上网。",
        "The PV index (year 1 = 1) comes from the hourly simulation: each year's output, degraded by (1-degradation)^(age-1) (age restarting at replacement), is netted against the load hour by hour again and billed at year-1 prices; kWh used = self-consumed + exported.",
    ),
    "a.pv_savings": ("首年节省:光伏(合计)", "Year-1 savings: PV (all systems)"),
    "a.pv_savings_note": (
        "第 k 年 = 本值 × 光伏指数(见“现金流”)× (1+电价涨幅)^(k-1)",
        "Year k = this x PV index (Cash flow sheet) x (1+escalation)^(k-1)",
    ),
    "a.pv_energy": ("首年光伏利用电量(合计)", "Year-1 PV kWh used (all systems)"),
    "a.pv_energy_note": ("第 k 年 = 本值 × 光伏电量指数(见“减排”)", "Year k = this x PV kWh index (Emissions sheet)"),
    "a.pv_capacity": ("光伏装机容量", "PV capacity"),
    "a.pv_generation": ("首年发电量", "Year-1 generation"),
    "a.pv_self": ("首年自用电量", "Year-1 self-consumed"),
    "a.pv_export": ("首年上网电量", "Year-1 exported"),
    "a.pv_curtailed": ("首年弃电量(防逆流)", "Year-1 curtailed (anti-backflow)"),
    "a.pv_lifetime": ("分析期发电量", "Generation over the analysis period"),
    "a.pv_lcoe": ("光伏平准化度电成本 LCOE", "PV levelized cost of energy (LCOE)"),
    "a.grid_factor": ("电网 CO₂ 排放因子", "Grid CO₂ emission factor"),
    "a.kg_per_kwh": ("kg CO₂/kWh", "kg CO₂/kWh"),
    "a.tce_factor": ("电力折标准煤系数", "Electricity to standard coal"),
    "a.kgce_per_kwh": ("kgce/kWh", "kgce/kWh"),
    "a.custom": ("自定义", "custom value"),
    "a.confidence": ("可信度", "confidence"),
    "a.disabled": ("(已停用,不计入结果)", "(disabled, not in the results)"),
    "a.illustrative": ("示意", "illustrative"),
    # measure fields
    "f.type": ("类型", "Type"),
    "f.capex_yuan": ("投资", "Capex"),
    "f.life_years": ("寿命", "Life"),
    "f.om_change_yuan_per_year": ("运维费变化(正值 = 增加)", "O&M change (positive = extra cost)"),
    "f.schedule": ("运行时段", "Operating schedule"),
    "f.rated_power_kw": ("额定功率", "Rated power"),
    "f.quantity": ("数量", "Quantity"),
    "f.load_factor_pct": ("负载率", "Load factor"),
    "f.operating_hours_per_year": ("年运行小时", "Operating hours"),
    "f.efficiency_before_pct": ("改造前效率", "Efficiency before"),
    "f.efficiency_after_pct": ("改造后效率", "Efficiency after"),
    "f.grade_after": ("改造后能效等级", "Efficiency class after"),
    "f.duty_profile": ("工况分布(流量% : 时间%)", "Duty profile (flow % : time %)"),
    "f.motor_efficiency_pct": ("电机效率", "Motor efficiency"),
    "f.drive_efficiency_pct": ("变频器效率", "Drive efficiency"),
    "f.affinity_exponent": ("相似定律指数", "Affinity-law exponent"),
    "f.baseline_control": ("改造前调节方式", "Control before"),
    "f.unit_name": ("产品单位", "Output unit"),
    "f.energy_per_unit_before_kwh": ("改造前单位产品电耗", "Energy per unit before"),
    "f.energy_per_unit_after_kwh": ("改造后单位产品电耗", "Energy per unit after"),
    "f.output_units_per_year": ("改造后年产量", "Output per year (after)"),
    "f.output_units_per_year_before": ("改造前年产量(仅供参考)", "Output per year before (for reference)"),
    "f.energy_before_kwh_per_year": ("改造前年用电量", "Energy before"),
    "f.energy_after_kwh_per_year": ("改造后年用电量", "Energy after"),
    "f.capacity_kwp": ("装机容量", "Capacity"),
    "f.specific_yield_kwh_per_kwp": ("单位千瓦年发电量", "Specific yield"),
    "f.annual_degradation_pct": ("年衰减率", "Degradation"),
    "f.om_yuan_per_year": ("运维费", "O&M"),
    "f.tilt_deg": ("倾角", "Tilt"),
    "f.azimuth_deg": ("方位角(180 = 正南)", "Azimuth (180 = south)"),
    "f.ownership": ("产权", "Ownership"),
    "f.emc_discount_pct": ("EMC 电价折扣", "EMC discount on the grid price"),
    "f.emc_price_yuan_per_kwh": ("EMC 固定电价", "EMC fixed price"),
    "f.export": ("余电上网", "Export of surplus"),
    "f.generation_profile_file": ("发电曲线文件", "Generation profile file"),
    "f.weather_file": ("气象文件", "Weather file"),
    "f.losses_pct": ("系统损失", "System losses"),
    "f.dc_ac_ratio": ("容配比", "DC/AC ratio"),
    "f.inverter_efficiency_pct": ("逆变器效率", "Inverter efficiency"),
    "f.enabled": ("启用", "Enabled"),
    "f.export_limit_kw": ("上网功率上限", "Export limit"),
    "f.self_use_min_pct": ("最低自发自用比例", "Minimum self-use ratio"),
    "f.target_pf": ("目标功率因数", "Target power factor"),
    # enumerations
    "type.motor": ("电机更换", "Motor replacement"),
    "type.vfd": ("变频调速", "Variable-speed drive"),
    "type.specific_energy": ("工艺升级(单位产品电耗)", "Process upgrade (per unit of output)"),
    "type.annual_energy": ("年用电量对比", "Annual energy before/after"),
    "type.pv": ("屋顶光伏", "Rooftop PV"),
    "type.power_factor_correction": ("无功补偿(电容/SVG)", "Power-factor correction (capacitors / SVG)"),
    "schedule.continuous": ("全年连续", "continuous"),
    "schedule.one_shift": ("一班制", "one shift"),
    "schedule.two_shift": ("两班制", "two shifts"),
    "schedule.three_shift": ("三班制", "three shifts"),
    "schedule.working_days": ("工作日全天", "working days, all day"),
    "schedule.daytime": ("白天 8-18 时", "daytime 08-18"),
    "schedule.follow_load": ("随负荷", "follows the load"),
    "wd.mon_fri": ("周一至周五", "Mon-Fri"),
    "wd.mon_sat": ("周一至周六", "Mon-Sat"),
    "wd.all": ("每天", "every day"),
    "own.owned": ("工厂自有", "owned by the factory"),
    "own.emc": ("合同能源管理(EMC)", "EMC (investor-owned)"),
    "export.allowed": ("允许", "allowed"),
    "export.none": ("不允许(防逆流)", "none (anti-backflow)"),
    "export.capped": ("限功率上网", "capped"),
    "control.throttle": ("阀门节流", "throttling"),
    "control.constant": ("定速", "constant speed"),
    "period.critical_peak": ("尖峰", "critical peak"),
    "period.peak": ("高峰", "peak"),
    "period.flat": ("平段", "flat"),
    "period.valley": ("低谷", "valley"),
    "period.deep_valley": ("深谷", "deep valley"),
    # measures sheet
    "m.rank": ("排名", "Rank"),
    "m.name": ("措施", "Measure"),
    "m.type": ("类型", "Type"),
    "m.capex": ("投资(元)", "Capex (yuan)"),
    "m.factory": ("计入工厂现金流(1=是)", "Paid by factory (1 = yes)"),
    "m.life": ("寿命(年)", "Life (years)"),
    "m.om": ("运维费变化(元/年)", "O&M change (yuan/yr)"),
    "m.energy": ("首年节电量(kWh)", "Year-1 energy saved (kWh)"),
    "m.savings": ("首年节省(元)", "Year-1 savings (yuan)"),
    "m.simple_payback": ("简单回收期(年)", "Simple payback (years)"),
    "m.payback": ("静态回收期(年)", "Payback (years)"),
    "m.npv": ("净现值(元)", "NPV (yuan)"),
    "m.irr": ("内部收益率", "IRR"),
    "m.schedule": ("运行时段", "Schedule"),
    "m.demand_row": ("基本电费(需量)节省,项目层面", "Basic (demand) charge savings, project level"),
    "m.demand_pf_row": (
        "基本电费与力调电费变化,项目层面",
        "Basic charge and power-factor adjustment change, project level",
    ),
    "m.total": ("合计", "Total"),
    "m.note": (
        "按简单回收期排序。每项措施单独计算:投资、寿命、运维为输入(黄色),净现值与简单回收期随之重算;静态回收期与 IRR 为导出时的计算结果(灰色)。",
        "Ranked by simple payback. Each measure on its own: capex, life and O&M are inputs (yellow) and NPV and simple payback follow them; payback and IRR are the values at export (grey).",
    ),
    "m.disabled": ("已停用的措施(不计入):{names}", "Disabled measures (not included): {names}"),
    # cash flow
    "cf.title": (
        "逐年现金流(元;流出为负,第 0 年为投资,其余为年末)",
        "Yearly cash flow (yuan; money out negative, year 0 is the investment, later flows at year end)",
    ),
    "cf.year": ("年", "Year"),
    "cf.investment": ("投资", "Investment"),
    "cf.savings": ("节省电费", "Savings"),
    "cf.pv_index": ("光伏指数(首年=1)", "PV index (year 1 = 1)"),
    "cf.om": ("运维费", "O&M"),
    "cf.replacement": ("设备更换", "Replacements"),
    "cf.loan_interest": ("贷款利息(计税用)", "Loan interest (for tax)"),
    "cf.loan": ("贷款收支", "Loan in / out"),
    "cf.loan_balance": ("贷款余额", "Loan balance"),
    "cf.depreciation": ("折旧(计税用)", "Depreciation (for tax)"),
    "cf.tax": ("所得税影响", "Income tax"),
    "cf.costs": ("费用合计", "Costs"),
    "cf.net": ("净现金流", "Net cash flow"),
    "cf.cumulative": ("累计净现金流", "Cumulative"),
    "cf.discounted_cumulative": ("折现累计净现金流", "Discounted cumulative"),
    "cf.pb_helper": ("回收期插值(辅助)", "Payback crossing (helper)"),
    "cf.dpb_helper": ("动态回收期插值(辅助)", "Discounted payback crossing (helper)"),
    "cf.total": ("合计", "Total"),
    # monthly
    "mo.title": ("首年月度电费(元)", "First-year monthly electricity bills (yuan)"),
    "mo.month": ("月份", "Month"),
    "mo.before": ("改造前电费", "Bill before"),
    "mo.after": ("改造后电费", "Bill after"),
    "mo.savings": ("节省", "Savings"),
    "mo.energy_saved": ("节电量(kWh)", "Energy saved (kWh)"),
    "mo.import_before": ("改造前购电量(kWh)", "Grid import before (kWh)"),
    "mo.import_after": ("改造后购电量(kWh)", "Grid import after (kWh)"),
    "mo.block_before": ("改造前电费构成(按分时时段)", "Bill before, by TOU period"),
    "mo.block_after": ("改造后电费构成(按分时时段)", "Bill after, by TOU period"),
    "mo.basic": ("基本电费", "Basic charge"),
    "mo.export_credit": ("光伏上网收入", "PV export income"),
    "mo.pf_adjustment": ("力调电费", "Power-factor adjustment"),
    "mo.surcharges": ("政府性基金及附加", "Funds and surcharges"),
    "mo.emc": ("EMC 购电支付", "EMC payment"),
    "mo.total": ("合计", "Total"),
    "mo.bill_total": ("电费合计", "Bill"),
    "months": ("1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月", "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec"),
    # emissions
    "em.title": ("逐年节电与减排", "Energy saved and emissions avoided by year"),
    "em.year": ("年", "Year"),
    "em.eff": ("能效措施节电(kWh)", "Efficiency measures (kWh)"),
    "em.pv": ("光伏利用电量(kWh)", "PV used (kWh)"),
    "em.pv_index": ("光伏电量指数(首年=1)", "PV kWh index (year 1 = 1)"),
    "em.total": ("节电合计(kWh)", "Energy saved (kWh)"),
    "em.co2": ("CO₂ 减排(t)", "CO₂ avoided (t)"),
    "em.tce": ("节约标准煤(tce)", "Standard coal saved (tce)"),
    "em.sum": ("合计", "Total"),
    "em.note": (
        "节电量 = 能效措施节电 + 光伏自用及上网电量;CO₂ = 节电量 × 排放因子;标准煤 = 节电量 × 折标系数(见“假设与输入”)。",
        "Energy saved = efficiency savings + PV kWh self-consumed and exported; CO₂ = energy x grid factor; coal = energy x coefficient (see Assumptions).",
    ),
}


def label(key: str, lang: str, **fmt: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


# =============================================================================
# the workbook
# =============================================================================

# number formats
F_YUAN = "#,##0;[Red]-#,##0"
F_YUAN2 = "#,##0.00;[Red]-#,##0.00"
F_PRICE = "0.0000"
F_PCT = "0.00%"
F_YEARS = "0.0"
F_INT = "0"
F_KWH = "#,##0"
F_T = "#,##0.0"
F_RATIO = "0.00"
F_NUM = "#,##0.####"
F_DATE = "yyyy-mm-dd"

# colours
C_HEADER = "1F4E78"
C_SECTION = "DDEBF7"
C_INPUT = "FFF2CC"
C_INPUT_FONT = "0000CC"
C_ENGINE = "EDEDED"
C_NOTE = "595959"
C_TOTAL = "F2F2F2"

THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

W_NAME, W_TYPE = 40.0, 22.0
"""Widths of the measure-name and type columns on *Measures* (text wraps)."""

MAX_GLANCE = 10
"""Measures listed (and charted) on the summary; the rest are on *Measures*."""


def _q(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class ProposalBuilder:
    def __init__(self, project, result, lang: str, *, today: date | None = None):
        self.p = project
        self.r = result
        self.lang = lang
        self.today = today or date.today()
        self.checks: dict[tuple[str, str], str] = {}
        self._widths: dict[str, dict[int, float]] = defaultdict(dict)
        self._fixed_widths: dict[str, dict[int, float]] = defaultdict(dict)
        self.font_name = "Microsoft YaHei" if lang == "zh" else "Calibri"
        self.n = int(project.finance.analysis_years)
        self.by_name = {m.name: m for m in project.measures if m.enabled}
        # measures in rank order (rank 1 first); index into result.measures kept
        self.ranked = sorted(range(len(result.measures)), key=lambda i: (result.measures[i].rank, i))
        self.pv_idx = [i for i, mr in enumerate(result.measures) if mr.type == "pv"]
        self.has_pv = bool(self.pv_idx)
        self._pv_series()
        fin = project.finance
        self.has_loan = fin.loan is not None
        self.has_tax = fin.income_tax_pct > 0
        s = result.summary.to_dict()
        self.payback = s.get("payback_years")
        taken: set[str] = set()
        self.titles = {}
        keys = ["summary", "assumptions", "measures", "cash_flow", "monthly", "emissions"]
        if getattr(result, "bill_check", None) is not None:
            keys.append("bill_check")  # issue 10: model vs the client's 12 bills
        for key in keys:
            self.titles[key] = sheet_title(label(f"sheet.{key}", lang), taken)
            taken.add(self.titles[key])

    def _pv_series(self) -> None:
        """PV savings and kWh of years 1..N relative to year 1 (the "PV index").

        The engine re-nets each year's degraded PV output against the load hour
        by hour and bills it at year-1 prices, then escalates: year-k savings =
        (efficiency savings_1 + PV_k) x (1+e)^(k-1).  PV_k is not a closed form
        of year-1 figures, so the workbook carries PV_k / PV_1 as a column of
        values and keeps PV_1 as a (live) input.  If PV_1 is 0 the column holds
        PV_k itself ("absolute" mode).
        """
        n = self.n
        s, cf, em = self.r.summary.to_dict(), self.r.cash_flow, self.r.emissions
        esc = self.p.tariff.escalation_pct_per_year / 100.0
        growth = (1.0 + esc) ** np.arange(n)
        # power-factor correction savings grow like the efficiency savings (issue 10): carried with them
        eff1 = float(s.get("first_year_efficiency_savings_yuan", 0.0) or 0.0)
        eff1 += float(s.get("first_year_pfc_savings_yuan", 0.0) or 0.0)
        savings = cf["savings_yuan"].to_numpy(float)[1:]
        base = savings / growth - eff1 if self.has_pv else np.zeros(n)
        kwh = em["pv_kwh"].to_numpy(float) if self.has_pv and "pv_kwh" in em else np.zeros(n)

        def index(series: np.ndarray) -> tuple[float, np.ndarray, bool]:
            first = float(series[0]) if n else 0.0
            if abs(first) <= 1e-9 * max(1.0, float(np.max(np.abs(series))) if n else 1.0):
                return 0.0, series.copy(), True
            return first, series / first, False

        self.pv_savings_1, self.pv_savings_index, self.pv_savings_abs = index(base)
        self.pv_kwh_1, self.pv_kwh_index, self.pv_kwh_abs = index(kwh)

    # ------------------------------------------------------------------ basics
    def L(self, key: str, **fmt: Any) -> str:
        return label(key, self.lang, **fmt)

    def font(self, **kw: Any) -> Font:
        kw.setdefault("name", self.font_name)
        kw.setdefault("size", 10)
        return Font(**kw)

    def _track(self, ws: Worksheet, col: int, text: str, extra: float = 0.0) -> None:
        w = display_width(text) + extra
        cur = self._widths[ws.title].get(col, 0.0)
        if w > cur:
            self._widths[ws.title][col] = w

    def fix_width(self, ws: Worksheet, col: int, width: float) -> None:
        self._fixed_widths[ws.title][col] = width

    def cell(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        value: Any = None,
        *,
        fmt: str | None = None,
        kind: str = "plain",
        show: str | None = None,
        track: bool = True,
        wrap: bool = False,
        bold: bool = False,
        align: str | None = None,
    ) -> Cell:
        """Write a number, date or *program* text (labels).  User text goes through :meth:`text`."""
        c = ws.cell(row=row, column=col)
        if isinstance(value, str):
            # program text too is never a formula (a label may start with "=" or "-")
            value = clean_text(value)
            c.value = value
            c.data_type = "s"
            if needs_quote_prefix(value):
                c.quotePrefix = True
        elif value is not None:
            c.value = value
        if fmt:
            c.number_format = fmt
        self.style(c, kind, bold=bold, wrap=wrap, align=align)
        if track and not wrap:
            self._track(ws, col, show if show is not None else _display(value, fmt), 1.0 if kind == "input" else 0.0)
        return c

    def text(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        value: Any,
        *,
        one_line: bool = True,
        kind: str = "plain",
        wrap: bool = False,
        bold: bool = False,
        track: bool = True,
        max_len: int | None = None,
    ) -> Cell:
        """Write user text: cleaned, and always a string cell (never a formula)."""
        text = clean_text(value, one_line=one_line, **({"max_len": max_len} if max_len else {}))
        c = ws.cell(row=row, column=col)
        c.value = text
        c.data_type = "s"  # openpyxl would take a leading "=" for a formula
        if needs_quote_prefix(text):
            c.quotePrefix = True
        self.style(c, kind, bold=bold, wrap=wrap)
        if track and not wrap:
            self._track(ws, col, text)
        return c

    def formula(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        formula: str,
        key: str,
        *,
        fmt: str | None = None,
        expect: Any = None,
        kind: str = "formula",
        bold: bool = False,
        track: bool = True,
        align: str | None = None,
    ) -> Cell:
        c = ws.cell(row=row, column=col)
        c.value = formula if formula.startswith("=") else "=" + formula
        if fmt:
            c.number_format = fmt
        self.style(c, kind, bold=bold, align=align)
        self.checks[(ws.title, c.coordinate)] = key
        if track:
            self._track(ws, col, _display(expect, fmt) if expect is not None else "", 0.0)
        return c

    def style(self, c: Cell, kind: str, *, bold: bool = False, wrap: bool = False, align: str | None = None) -> None:
        if kind == "title":
            c.font = self.font(size=16, bold=True, color=C_HEADER)
        elif kind == "subtitle":
            c.font = self.font(size=11, bold=True, color=C_HEADER)
        elif kind == "section":
            c.font = self.font(size=11, bold=True, color=C_HEADER)
            c.fill = PatternFill("solid", fgColor=C_SECTION)
        elif kind == "header":
            c.font = self.font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor=C_HEADER)
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            c.border = BOX
            return
        elif kind == "input":
            c.font = self.font(color=C_INPUT_FONT, bold=bold)
            c.fill = PatternFill("solid", fgColor=C_INPUT)
            c.border = BOX
        elif kind == "engine":
            c.font = self.font(color="404040", bold=bold)
            c.fill = PatternFill("solid", fgColor=C_ENGINE)
            c.border = BOX
        elif kind == "formula":
            c.font = self.font(bold=bold)
            c.border = BOX
        elif kind == "total":
            c.font = self.font(bold=True)
            c.fill = PatternFill("solid", fgColor=C_TOTAL)
            c.border = BOX
        elif kind == "note":
            c.font = self.font(size=9, italic=True, color=C_NOTE)
        elif kind == "label":
            c.font = self.font(bold=bold)
            c.border = BOX
        else:
            c.font = self.font(bold=bold)
        if wrap or align:
            c.alignment = Alignment(wrap_text=wrap, vertical="top" if wrap else None, horizontal=align)
        elif kind in ("formula", "engine", "input", "total") and c.data_type != "s":
            c.alignment = Alignment(horizontal="right")

    def name(self, name: str, ws: Worksheet, ref: str) -> None:
        self.wb.defined_names[name] = DefinedName(name, attr_text=f"{_q(ws.title)}!{_abs(ref)}")

    # ------------------------------------------------------------------ build
    def build(self) -> Workbook:
        wb = self.wb = Workbook()
        wb.calculation.fullCalcOnLoad = True
        props = wb.properties
        props.title = clean_text(self.p.name, one_line=True, max_len=250)
        props.creator = "Retrofit Planner"
        props.subject = self.L("proposal")
        ws_sum = wb.active
        ws_sum.title = self.titles["summary"]
        self.ws = {
            "summary": ws_sum,
            "assumptions": wb.create_sheet(self.titles["assumptions"]),
            "measures": wb.create_sheet(self.titles["measures"]),
            "cash_flow": wb.create_sheet(self.titles["cash_flow"]),
            "monthly": wb.create_sheet(self.titles["monthly"]),
            "emissions": wb.create_sheet(self.titles["emissions"]),
        }
        if "bill_check" in self.titles:
            self.ws["bill_check"] = wb.create_sheet(self.titles["bill_check"])
        self.print_titles: dict[str, str | None] = {}
        self._plan()
        self._assumptions()
        self._measures()
        self._cash_flow()
        self._monthly()
        self._emissions()
        if "bill_check" in self.ws:
            write_bill_check(self, self.ws["bill_check"])
        self._summary()
        for key, ws in self.ws.items():
            self._finish(ws, key)
        return wb

    def _plan(self) -> None:
        """Row numbers other sheets refer to, fixed before any sheet is written."""
        self.m_first = 4
        self.m_row = {i: self.m_first + pos for pos, i in enumerate(self.ranked)}
        self.m_last = self.m_first + max(len(self.ranked), 1) - 1
        self.cf_first = 3  # year 0
        self.cf_row = lambda k: self.cf_first + k  # noqa: E731
        self.em_first = 3  # year 1
        self.mo_first = 3  # January in block 1
        # Measures columns
        self.mc = {
            k: i + 1
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
                    "savings",
                    "simple_payback",
                    "payback",
                    "npv",
                    "irr",
                    "schedule",
                )
            )
        }
        self.ml = {k: get_column_letter(v) for k, v in self.mc.items()}

    # ------------------------------------------------------------ assumptions
    def _assumptions(self) -> None:
        ws = self.ws["assumptions"]
        p, r, s = self.p, self.r, self.r.summary.to_dict()
        self.cell(ws, 1, 1, self.L("sheet.assumptions"), kind="title", track=False)
        for rr, key, fill in ((2, "legend.input", C_INPUT), (3, "legend.engine", C_ENGINE), (4, "legend.doc", None)):
            c = self.cell(ws, rr, 1, self.L(key), kind="note", track=False)
            if fill:
                c.fill = PatternFill("solid", fgColor=fill)
            ws.merge_cells(start_row=rr, start_column=1, end_row=rr, end_column=4)
        row = 6
        for col, key in enumerate(
            ("a.header.item", "a.header.value", "a.header.unit", "a.header.source", "a.header.year"), start=1
        ):
            self.cell(ws, row, col, self.L(key), kind="header")
        self.a_header_row = row
        row += 1
        self._arow = row

        def section(key: str) -> None:
            r0 = self._arow + (1 if self._arow > self.a_header_row + 1 else 0)
            for col in range(1, 6):
                self.cell(ws, r0, col, self.L(key) if col == 1 else None, kind="section", track=False)
            self._arow = r0 + 1

        W_A, W_B, W_C, W_D, W_E = 44.0, 24.0, 14.0, 62.0, 7.0
        top = Alignment(vertical="top")

        def lines(text: str, width: float) -> int:
            return max(1, int(np.ceil(display_width(text) * 0.95 / max(width - 1.0, 1.0))))

        def kv(
            item: str,
            value: Any,
            unit: str = "",
            note: str = "",
            year: Any = None,
            *,
            kind: str = "label",
            fmt: str | None = None,
            name: str | None = None,
            user_text: bool = False,
            wrap: bool = False,
        ) -> int:
            row = self._arow
            self.cell(ws, row, 1, item, kind="label")
            if user_text:
                self.text(ws, row, 2, value, one_line=not wrap, kind=kind, wrap=wrap, track=False)
                ws.cell(row=row, column=2).alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
            else:
                c = self.cell(ws, row, 2, value, fmt=fmt, kind=kind, track=False)
                if isinstance(value, str):
                    c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
                else:
                    c.alignment = Alignment(horizontal="right", vertical="top")
            self.cell(ws, row, 3, unit, kind="label", track=False)
            note_text = clean_text(note)
            self.text(ws, row, 4, note_text, one_line=False, kind="label", wrap=True, track=False)
            self.cell(ws, row, 5, year, kind="label", fmt=F_INT, track=False, align="center")
            n_lines = lines(note_text, W_D)
            if wrap:
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
                n_lines = max(n_lines, lines(clean_text(value), W_B + W_C + W_D))
            elif isinstance(value, str):
                n_lines = max(n_lines, lines(clean_text(value, one_line=True), W_B))
            if n_lines > 1:
                ws.row_dimensions[row].height = 13.0 * n_lines + 3.0
                for col in (1, 3, 5):
                    ws.cell(row=row, column=col).alignment = top
            if name:
                self.name(name, ws, f"B{row}")
            self._arow += 1
            return row

        L = self.L
        # --- project
        section("a.section.project")
        kv(L("a.project_name"), p.name, user_text=True)
        if p.description:
            kv(L("a.description"), p.description, user_text=True, wrap=True)
        kv(L("a.site_name"), p.site.name, user_text=True)
        kv(L("a.latitude"), p.site.latitude_deg, L("a.deg"), fmt="0.00")
        kv(L("a.longitude"), p.site.longitude_deg, L("a.deg"), fmt="0.00")
        kv(L("a.utc_offset"), p.site.utc_offset_h, L("a.hours"), fmt="+0.0;-0.0;0")
        # --- load
        section("a.section.load")
        ld = p.load
        if ld.profile_file:
            kv(L("a.load_source"), L("a.load_profile"))
            kv(L("a.load_profile"), ld.profile_file, user_text=True)
        else:
            kv(L("a.load_source"), L("a.load_shift"))
            kv(L("a.annual_kwh"), ld.annual_kwh, L("kwh_per_year"), fmt=F_KWH)
            kv(L("a.shift_pattern"), L(f"schedule.{ld.shift_pattern}"))
            kv(L("a.base_load"), ld.base_load_pct / 100.0, "", fmt=F_PCT)
        kv(L("a.working_days"), L(f"wd.{ld.working_days}"))
        # "cn_statutory" (issue 10): the State Council arrangement shipped as data
        hol = pd_holidays(ld) if isinstance(ld.holidays, str) else list(ld.holidays)
        kv(
            L("a.holidays"),
            len(hol),
            L("days"),
            clean_text(
                ("cn_statutory: " if isinstance(ld.holidays, str) else "") + ", ".join(h.isoformat() for h in hol),
                max_len=2000,
            ),
            fmt=F_INT,
        )
        kv(L("a.calendar_year"), ld.calendar_year, fmt=F_INT)
        kv(L("a.baseline_kwh"), s.get("baseline_annual_kwh"), L("kwh_per_year"), kind="engine", fmt=F_KWH)
        report = getattr(r, "load_report", None)
        for msg in list(getattr(report, "messages", []) or [])[:50]:
            kv(L("a.load_report"), msg, user_text=True)
        # --- tariff
        section("a.section.tariff")
        t = p.tariff
        tmpl = _template(t.template)
        if t.template:
            if tmpl:
                year = _year_of(tmpl.get("date", ""))
                kv(
                    L("a.template"),
                    tmpl.get("label_zh" if self.lang == "zh" else "label_en", t.template),
                    "",
                    tmpl.get("source", ""),
                    year,
                )
            else:
                kv(L("a.template"), t.template, user_text=True)
        for per in PERIODS:
            if per in t.prices_yuan_per_kwh:
                kv(L("a.price", p=L(f"period.{per}")), t.prices_yuan_per_kwh[per], L("yuan_per_kwh"), fmt=F_PRICE)
        kv(L("a.export_price"), t.export_price_yuan_per_kwh, L("yuan_per_kwh"), fmt=F_PRICE)
        kv(
            L("a.escalation"),
            t.escalation_pct_per_year / 100.0,
            L("pct_per_year"),
            kind="input",
            fmt=F_PCT,
            name="Tariff_Escalation",
        )
        if t.basic_charge is not None:
            bc = t.basic_charge
            kv(L("a.basic_basis"), L("a.basic_capacity" if bc.basis == "capacity" else "a.basic_demand"))
            if bc.basis == "capacity":
                kv(L("a.transformer_kva"), bc.transformer_kva, "kVA", fmt=F_NUM)
                kv(L("a.yuan_per_kva_month"), bc.yuan_per_kva_month, L("a.unit_kva_month"), fmt=F_YUAN2)
            else:
                kv(L("a.yuan_per_kw_month"), bc.yuan_per_kw_month, L("a.unit_kw_month"), fmt=F_YUAN2)
        if t.notes:
            kv(L("a.tariff_notes"), t.notes, user_text=True, wrap=True)
        months = L("months").split(",")
        for key, sched in (("a.schedule_work", t.weekday_schedule), ("a.schedule_rest", t.rest_day_schedule)):
            if key == "a.schedule_rest" and t.weekend_schedule in (None, t.weekday_schedule):
                continue
            for month_ids, text in _schedule_groups(sched, self.lang):
                kv(L(key, m=", ".join(months[m] for m in month_ids)), text, user_text=True, wrap=True)
        # --- finance
        section("a.section.finance")
        fin = p.finance
        kv(L("a.analysis_years"), self.n, L("years_unit"), L("a.analysis_years_note"), fmt=F_INT, name="Analysis_Years")
        kv(
            L("a.discount_rate"),
            fin.discount_rate_pct / 100.0,
            L("pct_per_year"),
            kind="input",
            fmt=F_PCT,
            name="Discount_Rate",
        )
        kv(L("a.subsidy"), fin.subsidy_yuan, L("yuan"), kind="input", fmt=F_YUAN, name="Subsidy")
        kv(
            L("a.om_escalation"),
            fin.om_escalation_pct_per_year / 100.0,
            L("pct_per_year"),
            kind="input",
            fmt=F_PCT,
            name="OM_Escalation",
        )
        if self.has_tax:
            kv(L("a.tax_rate"), fin.income_tax_pct / 100.0, "", kind="input", fmt=F_PCT, name="Tax_Rate")
            kv(
                L("a.depreciation_years"),
                fin.depreciation_years,
                L("years_unit"),
                kind="input",
                fmt=F_INT,
                name="Depreciation_Years",
            )
        else:
            kv(L("a.tax_rate"), 0.0, "", L("a.tax_not_used"), fmt=F_PCT)
        if self.has_loan:
            loan = fin.loan
            kv(L("a.loan_share"), loan.share_pct / 100.0, "", kind="input", fmt=F_PCT, name="Loan_Share")
            kv(
                L("a.loan_rate"),
                loan.interest_pct / 100.0,
                L("pct_per_year"),
                kind="input",
                fmt=F_PCT,
                name="Loan_Rate",
            )
            kv(L("a.loan_term"), loan.term_years, L("years_unit"), kind="input", fmt=F_INT, name="Loan_Term")
        else:
            kv(L("a.loan_share"), L("a.loan_none"))
        ml = self.ml
        mrange = f"{_q(self.titles['measures'])}!${{c}}${self.m_first}:${{c}}${self.m_last}"
        for nm, col in (
            ("Measure_Capex", "capex"),
            ("Measure_Factory", "factory"),
            ("Measure_Life", "life"),
            ("Measure_OM", "om"),
        ):
            self.wb.defined_names[nm] = DefinedName(nm, attr_text=mrange.format(c=ml[col]))
        row = self._arow
        self.cell(ws, row, 1, L("a.total_capex"), kind="label")
        self.formula(
            ws,
            row,
            2,
            "SUMPRODUCT(Measure_Capex,Measure_Factory)",
            "assumptions.total_capex",
            fmt=F_YUAN,
            expect=s["capex_yuan"],
        )
        self.cell(ws, row, 3, L("yuan"), kind="label")
        self.cell(ws, row, 4, L("a.total_capex_note"), kind="label")
        self.cell(ws, row, 5, None, kind="label")
        self.name("Total_Capex", ws, f"B{row}")
        row += 1
        self.cell(ws, row, 1, L("a.net_investment"), kind="label")
        self.formula(
            ws, row, 2, "Total_Capex-Subsidy", "assumptions.net_investment", fmt=F_YUAN, expect=s["net_investment_yuan"]
        )
        self.cell(ws, row, 3, L("yuan"), kind="label")
        for col in (4, 5):
            self.cell(ws, row, col, None, kind="label")
        self.name("Net_Investment", ws, f"B{row}")
        row += 1
        self.cell(ws, row, 1, L("a.om_y1"), kind="label")
        self.formula(
            ws,
            row,
            2,
            "SUMPRODUCT(Measure_OM,Measure_Factory)",
            "assumptions.om_y1",
            fmt=F_YUAN,
            expect=s.get("first_year_om_yuan"),
        )
        self.cell(ws, row, 3, L("yuan_per_year"), kind="label")
        for col in (4, 5):
            self.cell(ws, row, col, None, kind="label")
        self.name("OM_Y1", ws, f"B{row}")
        row += 1
        if self.has_loan:
            from planner.engine.finance import loan_schedule

            principal = float(self.r.cash_flow["loan_yuan"].iloc[0])
            instalment = loan_schedule(principal, fin.loan.interest_pct / 100.0, fin.loan.term_years, self.n).instalment
            self.cell(ws, row, 1, L("a.loan_principal"), kind="label")
            self.formula(
                ws,
                row,
                2,
                "Loan_Share*MAX(Net_Investment,0)",
                "assumptions.loan_principal",
                fmt=F_YUAN,
                expect=principal,
            )
            self.cell(ws, row, 3, L("yuan"), kind="label")
            for col in (4, 5):
                self.cell(ws, row, col, None, kind="label")
            self.name("Loan_Principal", ws, f"B{row}")
            row += 1
            self.cell(ws, row, 1, L("a.loan_instalment"), kind="label")
            self.formula(
                ws,
                row,
                2,
                "IF(Loan_Principal>0,PMT(Loan_Rate,Loan_Term,-Loan_Principal),0)",
                "assumptions.loan_instalment",
                fmt=F_YUAN,
                expect=instalment,
            )
            self.cell(ws, row, 3, L("yuan_per_year"), kind="label")
            self.cell(ws, row, 4, "PMT", kind="label")
            self.cell(ws, row, 5, None, kind="label")
            self.name("Loan_Instalment", ws, f"B{row}")
            row += 1
        self._arow = row
        # --- year-1 results
        section("a.section.results")
        kv(L("a.bill_before"), s.get("first_year_bill_before_yuan"), L("yuan"), kind="engine", fmt=F_YUAN)
        kv(L("a.bill_after"), s.get("first_year_bill_after_yuan"), L("yuan"), kind="engine", fmt=F_YUAN)
        pfc1 = float(s.get("first_year_pfc_savings_yuan", 0.0) or 0.0)
        kv(
            L("a.eff_pfc_savings") if pfc1 else L("a.eff_savings"),
            float(s.get("first_year_efficiency_savings_yuan", 0.0) or 0.0) + pfc1,
            L("yuan"),
            L("a.eff_savings_note"),
            kind="input",
            fmt=F_YUAN,
            name="Eff_Savings_Y1",
        )
        kv(L("a.demand_savings"), s.get("demand_charge_savings_yuan", 0.0), L("yuan"), kind="engine", fmt=F_YUAN)
        eff_kwh = float(r.emissions["efficiency_kwh"].iloc[0]) if len(r.emissions) else 0.0
        kv(L("a.eff_energy"), eff_kwh, L("kwh"), kind="input", fmt=F_KWH, name="Eff_Energy_Y1")
        # --- PV
        self.pv_cells: dict[int, dict[str, str]] = {}
        if self.has_pv:
            section("a.section.pv")
            kv(
                L("a.pv_savings"),
                self.pv_savings_1,
                L("yuan"),
                L("a.pv_savings_note"),
                kind="input",
                fmt=F_YUAN,
                name="PV_Savings_Y1",
            )
            kv(
                L("a.pv_energy"),
                self.pv_kwh_1,
                L("kwh"),
                L("a.pv_energy_note"),
                kind="input",
                fmt=F_KWH,
                name="PV_Energy_Y1",
            )
            row = self._arow
            for col, key in enumerate(
                (
                    "a.pv_table.name",
                    "a.pv_table.savings",
                    "a.pv_table.energy",
                    "a.pv_table.degradation",
                    "a.pv_table.life",
                    "a.pv_table.ownership",
                ),
                start=1,
            ):
                self.cell(ws, row, col, L(key), kind="header", track=False)
            ws.row_dimensions[row].height = 44
            row += 1
            first = row
            for i in self.pv_idx:
                mr = r.measures[i]
                m = self.by_name.get(mr.name)
                self.text(ws, row, 1, mr.name, kind="label")
                self.cell(ws, row, 2, mr.first_year_savings_yuan, fmt=F_YUAN, kind="engine", track=False)
                self.cell(ws, row, 3, mr.first_year_energy_saved_kwh, fmt=F_KWH, kind="engine", track=False)
                deg = (m.annual_degradation_pct if isinstance(m, PvMeasure) else 0.0) / 100.0
                self.cell(ws, row, 4, deg, fmt=F_PCT, kind="label", track=False)
                self.cell(ws, row, 5, mr.life_years, fmt=F_INT, kind="label", track=False)
                own = m.ownership if isinstance(m, PvMeasure) else "owned"
                self.cell(ws, row, 6, L(f"own.{own}"), kind="label", track=False)
                row += 1
            last = row - 1
            self.name("PV_Degradation", ws, f"D{first}:D{last}")
            note = self.cell(ws, row, 1, L("a.pv_note"), kind="note", track=False, wrap=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            ws.row_dimensions[row].height = 13.0 * lines(L("a.pv_note"), W_A + W_B + W_C + W_D + W_E) + 3
            note.alignment = Alignment(wrap_text=True, vertical="top")
            self._arow = row + 1
            pv = r.pv
            if pv is not None:
                kv(L("a.pv_capacity"), pv.capacity_kwp, "kWp", kind="engine", fmt=F_NUM)
                kv(L("a.pv_generation"), pv.first_year_generation_kwh, L("kwh"), kind="engine", fmt=F_KWH)
                kv(L("a.pv_self"), pv.first_year_self_consumed_kwh, L("kwh"), kind="engine", fmt=F_KWH)
                kv(L("a.pv_export"), pv.first_year_exported_kwh, L("kwh"), kind="engine", fmt=F_KWH)
                if getattr(pv, "first_year_curtailed_kwh", 0.0):
                    kv(L("a.pv_curtailed"), pv.first_year_curtailed_kwh, L("kwh"), kind="engine", fmt=F_KWH)
                kv(L("a.pv_lifetime"), pv.lifetime_generation_kwh, L("kwh"), kind="engine", fmt=F_KWH)
                if pv.lcoe_yuan_per_kwh is not None:
                    kv(L("a.pv_lcoe"), pv.lcoe_yuan_per_kwh, L("yuan_per_kwh"), kind="engine", fmt=F_PRICE)
        # --- emissions
        section("a.section.emissions")
        em = p.emissions
        src, yr = L("a.custom"), None
        preset = _emission_preset(em.factor_preset)
        if preset and abs(float(preset.get("kg_per_kwh", -1)) - em.grid_factor_kg_per_kwh) < 1e-9:
            src = f"{preset.get('label_zh' if self.lang == 'zh' else 'label_en', '')}; {preset.get('source', '')}"
            if preset.get("confidence"):
                src += f" ({L('a.confidence')} {preset['confidence']})"
            yr = preset.get("year")
        kv(
            L("a.grid_factor"),
            em.grid_factor_kg_per_kwh,
            L("a.kg_per_kwh"),
            src,
            yr,
            kind="input",
            fmt="0.0000",
            name="Grid_Factor",
        )
        src, yr = L("a.custom"), None
        tp = _tce_preset(em.tce_kgce_per_kwh)
        if tp:
            src = f"{tp.get('label_zh' if self.lang == 'zh' else 'label_en', '')}; {tp.get('source', '')}"
            if tp.get("confidence"):
                src += f" ({L('a.confidence')} {tp['confidence']})"
            yr = tp.get("year") or _year_of(tp.get("source", ""))
        kv(
            L("a.tce_factor"),
            em.tce_kgce_per_kwh,
            L("a.kgce_per_kwh"),
            src,
            yr,
            kind="input",
            fmt="0.0000",
            name="TCE_Factor",
        )
        # --- measure inputs
        section("a.section.measures")
        for m in p.measures:
            row = self._arow
            title = clean_text(m.name, one_line=True)
            c = self.text(ws, row, 1, title, track=False)
            c.font = self.font(bold=not has_cjk(title), color=C_HEADER, underline="single")
            tail = L(f"type.{m.type}") + ("" if m.enabled else " " + L("a.disabled"))
            self.cell(ws, row, 3, tail, kind="plain", track=False)
            self._arow += 1
            for field, value in m.model_dump().items():
                if field in ("name", "type") or value is None:
                    continue
                if field == "enabled" and value:
                    continue
                shown, unit, fmt = self._field_value(field, value)
                kv(
                    "    " + L(f"f.{field}"),
                    shown,
                    unit,
                    fmt=fmt,
                    user_text=isinstance(shown, str)
                    and field in ("grade_after", "unit_name", "generation_profile_file", "weather_file"),
                )
        self.fix_width(ws, 1, min(max(self._widths[ws.title].get(1, 20), 24), W_A))
        for col, w in ((2, W_B), (3, W_C), (4, W_D), (5, W_E)):
            self.fix_width(ws, col, w)
        ws.freeze_panes = ws.cell(row=self.a_header_row + 1, column=1)
        self.print_titles[ws.title] = f"{self.a_header_row}:{self.a_header_row}"

    def _field_value(self, field: str, value: Any) -> tuple[Any, str, str | None]:
        L = self.L
        if field == "duty_profile":
            return ", ".join(f"{d['flow_pct']:g}:{d['time_pct']:g}" for d in value), "%", None
        if field == "schedule":
            return L(f"schedule.{value}"), "", None
        if field == "ownership":
            return L(f"own.{value}"), "", None
        if field == "export":
            return L(f"export.{value}"), "", None
        if field == "baseline_control":
            return L(f"control.{value}"), "", None
        if field == "enabled":
            return L("yes" if value else "no"), "", None
        if isinstance(value, str):
            return value, "", None
        if field.endswith("_pct"):
            return float(value) / 100.0, "", F_PCT
        unit_by_suffix = (
            ("_yuan_per_kwh", L("yuan_per_kwh"), F_PRICE),
            ("_yuan_per_year", L("yuan_per_year"), F_YUAN),
            ("_yuan", L("yuan"), F_YUAN),
            ("_kwh_per_kwp", "kWh/kWp", F_NUM),
            ("_kwh_per_year", L("kwh_per_year"), F_KWH),
            ("_kwh", "kWh", F_NUM),
            ("_kwp", "kWp", F_NUM),
            ("_kw", "kW", F_NUM),
            ("_years", L("years_unit"), F_INT),
            ("_per_year", "/" + L("years_unit"), F_NUM),
            ("_deg", "°", F_NUM),
        )
        for suffix, unit, fmt in unit_by_suffix:
            if field.endswith(suffix):
                if field == "operating_hours_per_year":
                    return value, "h/" + L("years_unit"), F_KWH
                if field == "output_units_per_year" or field == "output_units_per_year_before":
                    return value, "/" + L("years_unit"), F_KWH
                return value, unit, fmt
        return value, "", F_NUM

    # --------------------------------------------------------------- measures
    def _measures(self) -> None:
        ws = self.ws["measures"]
        r, L, ml, mc = self.r, self.L, self.ml, self.mc
        self.cell(ws, 1, 1, L("sheet.measures"), kind="title", track=False)
        self.cell(ws, 2, 1, L("m.note"), kind="note", track=False)
        hdr = self.m_first - 1
        keys = (
            "m.rank",
            "m.name",
            "m.type",
            "m.capex",
            "m.factory",
            "m.life",
            "m.om",
            "m.energy",
            "m.savings",
            "m.simple_payback",
            "m.payback",
            "m.npv",
            "m.irr",
            "m.schedule",
        )
        for col, key in enumerate(keys, start=1):
            self.cell(ws, hdr, col, L(key), kind="header", track=False)
            self._track(ws, col, _longest_word(L(key)))
        ws.row_dimensions[hdr].height = 44
        yrs = "CF_Years"
        self._tall_rows: list[int] = []
        for i in self.ranked:
            mr = r.measures[i]
            m = self.by_name.get(mr.name)
            row = self.m_row[i]
            is_pv = mr.type == "pv"
            factory = 0 if (is_pv and getattr(m, "ownership", "owned") == "emc") else 1
            capex_in = float(m.capex_yuan) if m is not None else float(mr.capex_yuan)
            if m is None:
                om_in = float(mr.om_yuan_per_year)
            elif is_pv:
                om_in = float(m.om_yuan_per_year + m.om_change_yuan_per_year)
            else:
                om_in = float(m.om_change_yuan_per_year)
            self.cell(ws, row, mc["rank"], mr.rank, fmt=F_INT, kind="engine")
            nm = self.text(ws, row, mc["name"], mr.name, kind="label", track=False)
            nm.alignment = Alignment(wrap_text=True, vertical="top")
            tp = self.cell(ws, row, mc["type"], L(f"type.{mr.type}"), kind="label", track=False)
            tp.alignment = Alignment(wrap_text=True, vertical="top")
            n_lines = max(
                int(np.ceil(display_width(clean_text(mr.name, one_line=True)) * 1.05 / (W_NAME - 1))),
                int(np.ceil(display_width(L(f"type.{mr.type}")) * 1.05 / (W_TYPE - 1))),
                1,
            )
            if n_lines > 1:
                ws.row_dimensions[row].height = 13.0 * n_lines + 3
                self._tall_rows.append(row)
                self._tall_rows.append(row)
            self.cell(ws, row, mc["capex"], capex_in, fmt=F_YUAN, kind="input")
            self.cell(ws, row, mc["factory"], factory, fmt=F_INT, kind="label", align="center")
            self.cell(ws, row, mc["life"], int(mr.life_years), fmt=F_INT, kind="input")
            self.cell(ws, row, mc["om"], om_in, fmt=F_YUAN, kind="input")
            self.cell(ws, row, mc["energy"], mr.first_year_energy_saved_kwh, fmt=F_KWH, kind="engine")
            D, E, F, G, I = (f"${ml[k]}{row}" for k in ("capex", "factory", "life", "om", "savings"))
            single_pv = is_pv and len(self.pv_idx) == 1
            if single_pv:
                # the one PV system earns all PV savings: live over PV_Savings_Y1 and the PV index
                self.formula(
                    ws,
                    row,
                    mc["savings"],
                    "PV_Savings_Y1",
                    f"measure.{i}.first_year_savings_yuan",
                    fmt=F_YUAN,
                    expect=mr.first_year_savings_yuan,
                )
                savings_k = "CF_PV_Index" if self.pv_savings_abs else f"{I}*CF_PV_Index"
            else:
                self.cell(ws, row, mc["savings"], mr.first_year_savings_yuan, fmt=F_YUAN, kind="engine")
                savings_k = I
            na = _str(L("na"))
            self.formula(
                ws,
                row,
                mc["simple_payback"],
                f"IF(OR({D}*{E}<=0,{I}-{G}*{E}<=0),{na},{D}*{E}/({I}-{G}*{E}))",
                f"measure.{i}.simple_payback_years",
                fmt=F_YEARS,
                expect=mr.simple_payback_years if mr.simple_payback_years is not None else L("na"),
            )
            self.cell(
                ws,
                row,
                mc["payback"],
                mr.payback_years if mr.payback_years is not None else L("na"),
                fmt=F_YEARS,
                kind="engine",
            )
            npv = (
                f"-{D}*{E}+SUMPRODUCT(({savings_k}*(1+Tariff_Escalation)^({yrs}-1)"
                f"-{G}*{E}*(1+OM_Escalation)^({yrs}-1)"
                f"-{D}*{E}*(MOD({yrs},{F})=0)*({yrs}<Analysis_Years))/(1+Discount_Rate)^{yrs})"
            )
            if is_pv and not single_pv:
                # several PV systems share the re-netted PV savings year by year: engine value
                self.cell(ws, row, mc["npv"], mr.npv_yuan, fmt=F_YUAN, kind="engine")
            else:
                self.formula(ws, row, mc["npv"], npv, f"measure.{i}.npv_yuan", fmt=F_YUAN, expect=mr.npv_yuan)
            self.cell(
                ws, row, mc["irr"], mr.irr_pct / 100.0 if mr.irr_pct is not None else L("na"), fmt=F_PCT, kind="engine"
            )
            sched = getattr(m, "schedule", None)
            self.cell(ws, row, mc["schedule"], L(f"schedule.{sched}") if sched else "", kind="label")
        for rr in self._tall_rows:  # numbers line up with the first line of a wrapped name
            for c in ws[rr]:
                c.alignment = Alignment(
                    horizontal=c.alignment.horizontal, vertical="top", wrap_text=c.alignment.wrap_text
                )
        # demand-charge row and totals
        row = self.m_last + 1
        s = r.summary.to_dict()
        pf_eff = float(s.get("efficiency_pf_adjustment_savings_yuan", 0.0) or 0.0)  # issue 10
        self.cell(ws, row, mc["name"], L("m.demand_pf_row") if pf_eff else L("m.demand_row"), kind="label")
        for col in range(1, len(keys) + 1):
            if col not in (mc["name"], mc["savings"]):
                self.cell(ws, row, col, None, kind="label")
        self.cell(ws, row, mc["savings"], s.get("demand_charge_savings_yuan", 0.0) + pf_eff, fmt=F_YUAN, kind="engine")
        row += 1
        first, last = self.m_first, self.m_last
        self.cell(ws, row, mc["name"], L("m.total"), kind="total")
        for col in range(1, len(keys) + 1):
            if col != mc["name"]:
                self.cell(ws, row, col, None, kind="total")
        self.formula(
            ws,
            row,
            mc["capex"],
            "SUMPRODUCT(Measure_Capex,Measure_Factory)",
            "summary.capex_yuan",
            fmt=F_YUAN,
            expect=s["capex_yuan"],
            kind="total",
        )
        self.formula(
            ws,
            row,
            mc["om"],
            "SUMPRODUCT(Measure_OM,Measure_Factory)",
            "summary.first_year_om_yuan",
            fmt=F_YUAN,
            expect=s.get("first_year_om_yuan"),
            kind="total",
        )
        if r.measures:
            self.formula(
                ws,
                row,
                mc["energy"],
                f"SUM({ml['energy']}{first}:{ml['energy']}{last})",
                "summary.first_year_energy_saved_kwh",
                fmt=F_KWH,
                expect=s.get("first_year_energy_saved_kwh"),
                kind="total",
            )
        self.formula(
            ws,
            row,
            mc["savings"],
            f"SUM({ml['savings']}{first}:{ml['savings']}{last + 1})",
            "summary.first_year_savings_yuan",
            fmt=F_YUAN,
            expect=s.get("first_year_savings_yuan"),
            kind="total",
        )
        disabled = [clean_text(m.name, one_line=True) for m in self.p.measures if not m.enabled]
        if disabled:
            self.text(
                ws, row + 2, 1, L("m.disabled", names="; ".join(disabled)), kind="note", track=False, max_len=2000
            )
        ws.freeze_panes = ws.cell(row=self.m_first, column=mc["name"] + 1)
        self.fix_width(ws, mc["name"], W_NAME)
        self.fix_width(ws, mc["type"], W_TYPE)
        self.fix_width(ws, mc["rank"], 6)
        self.fix_width(ws, mc["factory"], 12)
        self.print_titles[ws.title] = f"{hdr}:{hdr}"

    # -------------------------------------------------------------- cash flow
    def _cash_flow(self) -> None:
        ws = self.ws["cash_flow"]
        r, L, n = self.r, self.L, self.n
        cf = r.cash_flow
        cols = ["year", "investment"] + (["pv_index"] if self.has_pv else []) + ["savings", "om", "replacement"]
        if self.has_loan:
            cols += ["loan_interest", "loan", "loan_balance"]
        if self.has_tax:
            cols += ["depreciation", "tax"]
        cols += ["costs", "net", "cumulative", "discounted_cumulative", "pb_helper", "dpb_helper"]
        cc = {k: i + 1 for i, k in enumerate(cols)}
        cl = {k: get_column_letter(v) for k, v in cc.items()}
        self.cl = cl
        self.cell(ws, 1, 1, L("cf.title"), kind="subtitle", track=False)
        hdr = self.cf_first - 1
        for k in cols:
            self.cell(ws, hdr, cc[k], L(f"cf.{k}"), kind="header", track=False)
            self._track(ws, cc[k], _longest_word(L(f"cf.{k}")))
        ws.row_dimensions[hdr].height = 44
        R = self.cf_row
        r0 = R(0)
        tol = f"1E-9*ABS(${cl['net']}${r0})"
        engine_col = {
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
        fin = self.p.finance
        loan_sched = None
        if self.has_loan:
            from planner.engine.finance import loan_schedule

            principal = float(cf["loan_yuan"].iloc[0])
            loan_sched = loan_schedule(principal, fin.loan.interest_pct / 100.0, fin.loan.term_years, n)
        dep = None
        if self.has_tax:
            from planner.engine.finance import straight_line_depreciation

            dep = straight_line_depreciation(max(r.summary.net_investment_yuan, 0.0), fin.depreciation_years, n)
        if not self.has_pv:
            pv_term = ""
        elif self.pv_savings_abs:
            pv_term = "+{idx}"
        else:
            pv_term = "+PV_Savings_Y1*{idx}"
        for k in range(n + 1):
            row = R(k)
            y = f"${cl['year']}{row}"
            prev = row - 1

            def put(col: str, formula: str, key: str | None = None, expect: Any = None) -> None:
                if key is None:
                    key = f"cf.{engine_col[col]}.{k}"
                    expect = float(cf[engine_col[col]].iloc[k])
                self.formula(ws, row, cc[col], formula, key, fmt=F_YUAN, expect=expect)

            self.cell(ws, row, cc["year"], k, fmt=F_INT, kind="label", align="center")
            if k == 0:
                put("investment", "-Net_Investment")
                if self.has_pv:
                    self.cell(ws, row, cc["pv_index"], None, kind="engine")
                for col in ("savings", "om", "replacement"):
                    self.cell(ws, row, cc[col], 0, fmt=F_YUAN, kind="formula")
                if self.has_loan:
                    self.cell(ws, row, cc["loan_interest"], 0, fmt=F_YUAN, kind="formula")
                    put("loan", "Loan_Principal")
                    put("loan_balance", "Loan_Principal", "cf.loan_balance.0", float(cf["loan_yuan"].iloc[0]))
                if self.has_tax:
                    self.cell(ws, row, cc["depreciation"], 0, fmt=F_YUAN, kind="formula")
                    self.cell(ws, row, cc["tax"], 0, fmt=F_YUAN, kind="formula")
            else:
                self.cell(ws, row, cc["investment"], 0, fmt=F_YUAN, kind="formula")
                if self.has_pv:
                    self.cell(
                        ws,
                        row,
                        cc["pv_index"],
                        float(self.pv_savings_index[k - 1]),
                        fmt=F_YUAN if self.pv_savings_abs else "0.0000",
                        kind="engine",
                    )
                idx = f"{cl['pv_index']}{row}" if self.has_pv else ""
                put("savings", f"(1+Tariff_Escalation)^({y}-1)*(Eff_Savings_Y1{pv_term.format(idx=idx)})")
                put("om", f"-OM_Y1*(1+OM_Escalation)^({y}-1)")
                if self.r.measures:
                    put(
                        "replacement",
                        f"IF({y}<Analysis_Years,"
                        f"-SUMPRODUCT(Measure_Capex*Measure_Factory*(MOD({y},Measure_Life)=0)),0)",
                    )
                else:  # no measure, nothing to replace (an empty Measure_Life would divide by 0)
                    self.cell(ws, row, cc["replacement"], 0, fmt=F_YUAN, kind="formula")
                if self.has_loan:
                    bal = f"{cl['loan_balance']}{prev}"
                    intr = f"{cl['loan_interest']}{row}"
                    put(
                        "loan_interest",
                        f"IF({y}<=Loan_Term,{bal}*Loan_Rate,0)",
                        f"cf.loan_interest.{k}",
                        float(loan_sched.interest[k - 1]),
                    )
                    pay = f"IF({y}<Loan_Term,Loan_Instalment,IF({y}={'Loan_Term'},{intr}+{bal},0))"
                    put(
                        "loan_balance",
                        f"IF({y}<Loan_Term,{bal}-(Loan_Instalment-{intr}),0)",
                        f"cf.loan_balance.{k}",
                        float(loan_sched.balance[k - 1]),
                    )
                    put("loan", f"-{pay}-IF({y}=Analysis_Years,{cl['loan_balance']}{row},0)")
                if self.has_tax:
                    put(
                        "depreciation",
                        f"IF({y}<=Depreciation_Years,MAX(Net_Investment,0)/Depreciation_Years,0)",
                        f"cf.depreciation.{k}",
                        float(dep[k - 1]),
                    )
                    interest = f"-{cl['loan_interest']}{row}" if self.has_loan else ""
                    put(
                        "tax",
                        f"-Tax_Rate*({cl['savings']}{row}+{cl['om']}{row}+{cl['replacement']}{row}"
                        f"-{cl['depreciation']}{row}{interest})",
                    )
            parts = (
                ["investment", "om", "replacement"]
                + (["loan"] if self.has_loan else [])
                + (["tax"] if self.has_tax else [])
            )
            put("costs", "+".join(f"{cl[p]}{row}" for p in parts))
            put("net", f"{cl['savings']}{row}+{cl['costs']}{row}")
            if k == 0:
                put("cumulative", f"{cl['net']}{row}")
                put("discounted_cumulative", f"{cl['net']}{row}")
                for col in ("pb_helper", "dpb_helper"):
                    self.cell(ws, row, cc[col], None, kind="formula")
            else:
                put("cumulative", f"{cl['cumulative']}{prev}+{cl['net']}{row}")
                put(
                    "discounted_cumulative",
                    f"{cl['discounted_cumulative']}{prev}+{cl['net']}{row}/(1+Discount_Rate)^{y}",
                )
                cum, cum_p = f"{cl['cumulative']}{row}", f"{cl['cumulative']}{prev}"
                pb = self._crossing(cf["net_yuan"].to_numpy(dtype=float), k)
                self.formula(
                    ws,
                    row,
                    cc["pb_helper"],
                    f'IF(AND({cum_p}<-{tol},{cum}>=-{tol}),({y}-1)+MIN(MAX(-{cum_p}/{cl["net"]}{row},0),1),"")',
                    f"cf.pb_helper.{k}",
                    fmt=F_YEARS,
                    expect=pb,
                    kind="formula",
                )
                dc, dc_p = f"{cl['discounted_cumulative']}{row}", f"{cl['discounted_cumulative']}{prev}"
                rate = self.p.finance.discount_rate_pct / 100.0
                disc = cf["net_yuan"].to_numpy(dtype=float) / (1.0 + rate) ** np.arange(n + 1)
                dpb = self._crossing(disc, k, scale=float(cf["net_yuan"].iloc[0]))
                self.formula(
                    ws,
                    row,
                    cc["dpb_helper"],
                    f"IF(AND({dc_p}<-{tol},{dc}>=-{tol}),({y}-1)+MIN(MAX(-{dc_p}/({cl['net']}{row}"
                    f'/(1+Discount_Rate)^{y}),0),1),"")',
                    f"cf.dpb_helper.{k}",
                    fmt=F_YEARS,
                    expect=dpb,
                    kind="formula",
                )
            for col in ("pb_helper", "dpb_helper"):
                ws.cell(row=row, column=cc[col]).font = self.font(color="808080")
        last = R(n)
        # totals
        tr = last + 1
        self.cell(ws, tr, cc["year"], L("cf.total"), kind="total")
        for col in cols[1:]:
            letter = cl[col]
            if col in ("investment", "savings", "om", "replacement", "loan", "tax", "costs", "net"):
                ec = engine_col[col]
                self.formula(
                    ws,
                    tr,
                    cc[col],
                    f"SUM({letter}{r0}:{letter}{last})",
                    f"cf.total.{ec}",
                    fmt=F_YUAN,
                    expect=float(cf[ec].sum()),
                    kind="total",
                )
            else:
                self.cell(ws, tr, cc[col], None, kind="total")
        # names
        self.name("CF_Years", ws, f"{cl['year']}{R(1)}:{cl['year']}{last}")
        if self.has_pv:
            self.name("CF_PV_Index", ws, f"{cl['pv_index']}{R(1)}:{cl['pv_index']}{last}")
        self.name("CF_Net", ws, f"{cl['net']}{r0}:{cl['net']}{last}")
        self.name("CF_Savings", ws, f"{cl['savings']}{R(1)}:{cl['savings']}{last}")
        self.name("CF_Cumulative", ws, f"{cl['cumulative']}{r0}:{cl['cumulative']}{last}")
        self.name(
            "CF_Discounted_Cumulative", ws, f"{cl['discounted_cumulative']}{r0}:{cl['discounted_cumulative']}{last}"
        )
        self.name("CF_Payback_Helper", ws, f"{cl['pb_helper']}{R(1)}:{cl['pb_helper']}{last}")
        self.name("CF_Discounted_Payback_Helper", ws, f"{cl['dpb_helper']}{R(1)}:{cl['dpb_helper']}{last}")
        self.cf_refs = {
            "net0": f"{_q(ws.title)}!${cl['net']}${r0}",
            "savings1": f"{_q(ws.title)}!${cl['savings']}${R(1)}",
            "om1": f"{_q(ws.title)}!${cl['om']}${R(1)}",
            "net1N": f"{_q(ws.title)}!${cl['net']}${R(1)}:${cl['net']}${last}",
            "net0N": f"{_q(ws.title)}!${cl['net']}${r0}:${cl['net']}${last}",
            "years0N": (ws, cc["year"], r0, last),
            "cum": (ws, cc["cumulative"], r0, last),
            "dcum": (ws, cc["discounted_cumulative"], r0, last),
            "om1N": f"{_q(ws.title)}!${cl['om']}${R(1)}:${cl['om']}${last}",
            "repl1N": f"{_q(ws.title)}!${cl['replacement']}${R(1)}:${cl['replacement']}${last}",
        }
        # chart helper block: payback marker
        hr = tr + 2
        self.cell(ws, hr, 1, L("chart.helper"), kind="note", track=False)
        self.cell(ws, hr, 2, L("chart.helper_x"), kind="header", track=False)
        self.cell(ws, hr, 3, L("chart.helper_y"), kind="header", track=False)
        cumv = np.concatenate([cf["cumulative_yuan"].to_numpy(float), cf["discounted_cumulative_yuan"].to_numpy(float)])
        ymin, ymax = float(cumv.min()), float(cumv.max())
        pbx = self.payback
        for j in range(2):
            rr = hr + 1 + j
            self.formula(
                ws,
                rr,
                2,
                "IF(ISNUMBER(KPI_Payback),KPI_Payback,NA())",
                "chart.payback_x",
                fmt=F_YEARS,
                expect=pbx,
                kind="formula",
                track=False,
            )
            if j == 0:
                self.formula(
                    ws,
                    rr,
                    3,
                    "MIN(CF_Cumulative,CF_Discounted_Cumulative)",
                    "chart.ymin",
                    fmt=F_YUAN,
                    expect=ymin,
                    track=False,
                )
            else:
                self.formula(
                    ws,
                    rr,
                    3,
                    "MAX(CF_Cumulative,CF_Discounted_Cumulative)",
                    "chart.ymax",
                    fmt=F_YUAN,
                    expect=ymax,
                    track=False,
                )
        lab1, lab2 = _str(L("chart.payback_label_1")), _str(L("chart.payback_label_2"))
        self.formula(
            ws,
            hr + 3,
            2,
            f'IF(ISNUMBER(KPI_Payback),{lab1}&TEXT(KPI_Payback,"0.0")&{lab2},{_str(L("chart.no_payback"))})',
            "chart.payback_label",
            track=False,
        )
        self.chart_marker = (ws, hr + 1, hr + 2, hr + 3)
        ws.freeze_panes = ws.cell(row=self.cf_first, column=2)
        self.print_titles[ws.title] = f"{hdr}:{hdr}"
        for col in cols[1:]:
            self._track(ws, cc[col], "-000,000,000")
        self.fix_width(ws, cc["year"], 7)

    @staticmethod
    def _crossing(flows: np.ndarray, k: int, scale: float | None = None) -> Any:
        """The payback if the first crossing of cumsum(flows) is in year k, else ''."""
        tol = 1e-9 * abs(flows[0] if scale is None else scale)
        cum = np.cumsum(flows)
        if cum[k - 1] < -tol and cum[k] >= -tol:
            return (k - 1) + min(max(-cum[k - 1] / flows[k], 0.0), 1.0)
        return ""

    # ---------------------------------------------------------------- monthly
    def _monthly(self) -> None:
        ws = self.ws["monthly"]
        r, L = self.r, self.L
        mo = r.monthly
        months = L("months").split(",")
        self.cell(ws, 1, 1, L("mo.title"), kind="subtitle", track=False)
        hdr = self.mo_first - 1
        b1 = ["month", "before", "after", "savings", "energy_saved", "import_before", "import_after"]
        for col, key in enumerate(b1, start=1):
            self.cell(ws, hdr, col, L(f"mo.{key}"), kind="header", track=False)
            self._track(ws, col, _longest_word(L(f"mo.{key}")))
        ws.row_dimensions[hdr].height = 44
        first, last = self.mo_first, self.mo_first + 11
        periods = [
            p
            for p in PERIODS
            if np.any(np.abs(mo[f"energy_before_{p}_yuan"].to_numpy(float)) > 0)
            or np.any(np.abs(mo[f"energy_after_{p}_yuan"].to_numpy(float)) > 0)
            or p in self.p.tariff.prices_yuan_per_kwh
        ]
        has_export = bool(np.any(mo["export_credit_yuan"].to_numpy(float) != 0))
        has_emc = bool(np.any(mo["emc_payment_yuan"].to_numpy(float) != 0))
        # the Chinese bill (issue 10): PF adjustment and surcharges columns when the project has them
        bill_lines = [
            k
            for k in ("pf_adjustment", "surcharges")
            if f"{k}_yuan_before" in mo
            and np.any(np.abs(mo[[f"{k}_yuan_before", f"{k}_yuan_after"]].to_numpy(float)) > 0)
        ]
        # by-period blocks below block 1
        blocks_row = last + 3
        ws.row_breaks.append(Break(id=blocks_row - 1))  # the two by-period tables on their own page
        block_cols = {}
        rowp = blocks_row
        total_cells = {}
        for which in ("before", "after"):
            self.cell(ws, rowp, 1, L(f"mo.block_{which}"), kind="subtitle", track=False)
            rowp += 1
            cols = ["month"] + [f"p.{p}" for p in periods] + ["basic"] + bill_lines
            if which == "after":
                cols += (["export_credit"] if has_export else []) + (["emc"] if has_emc else [])
            cols += ["bill_total"]
            block_cols[which] = cols
            for col, key in enumerate(cols, start=1):
                text = L(f"period.{key[2:]}") if key.startswith("p.") else L(f"mo.{key}")
                text = text[:1].upper() + text[1:]
                self.cell(ws, rowp, col, text, kind="header", track=False)
                self._track(ws, col, _longest_word(text))
            hrow = rowp
            for m in range(12):
                rr = hrow + 1 + m
                self.cell(ws, rr, 1, months[m], kind="label", align="center")
                for col, key in enumerate(cols[1:], start=2):
                    if key.startswith("p."):
                        v = float(mo[f"energy_{which}_{key[2:]}_yuan"].iloc[m])
                        self.cell(ws, rr, col, v, fmt=F_YUAN, kind="engine")
                    elif key == "basic":
                        self.cell(ws, rr, col, float(mo[f"basic_{which}_yuan"].iloc[m]), fmt=F_YUAN, kind="engine")
                    elif key in bill_lines:
                        v = float(mo[f"{key}_yuan_{which}"].iloc[m])
                        self.cell(ws, rr, col, v, fmt=F_YUAN, kind="engine")
                    elif key == "export_credit":
                        self.cell(ws, rr, col, float(mo["export_credit_yuan"].iloc[m]), fmt=F_YUAN, kind="engine")
                    elif key == "emc":
                        self.cell(ws, rr, col, float(mo["emc_payment_yuan"].iloc[m]), fmt=F_YUAN, kind="engine")
                    elif key == "bill_total":
                        a = get_column_letter(2)
                        b = get_column_letter(
                            len(cols) - 1 - (1 if "export_credit" in cols else 0) - (1 if "emc" in cols else 0)
                        )
                        f = f"SUM({a}{rr}:{b}{rr})"
                        if "export_credit" in cols:
                            f += f"-{get_column_letter(cols.index('export_credit') + 1)}{rr}"
                        if "emc" in cols:
                            f += f"+{get_column_letter(cols.index('emc') + 1)}{rr}"
                        self.formula(
                            ws,
                            rr,
                            col,
                            f,
                            f"monthly.bill_{which}_yuan.{m + 1}",
                            fmt=F_YUAN,
                            expect=float(mo[f"bill_{which}_yuan"].iloc[m]),
                        )
                        total_cells[(which, m)] = f"{get_column_letter(col)}{rr}"
            tr = hrow + 13
            self.cell(ws, tr, 1, L("mo.total"), kind="total")
            for col, key in enumerate(cols[1:], start=2):
                letter = get_column_letter(col)
                if key == "bill_total":
                    k2 = f"monthly.total.bill_{which}_yuan"
                    exp = float(mo[f"bill_{which}_yuan"].sum())
                elif key.startswith("p."):
                    k2 = f"monthly.total.energy_{which}_{key[2:]}_yuan"
                    exp = float(mo[f"energy_{which}_{key[2:]}_yuan"].sum())
                elif key == "basic":
                    k2 = f"monthly.total.basic_{which}_yuan"
                    exp = float(mo[f"basic_{which}_yuan"].sum())
                elif key in bill_lines:
                    k2 = f"monthly.total.{key}_yuan_{which}"
                    exp = float(mo[f"{key}_yuan_{which}"].sum())
                elif key == "export_credit":
                    k2, exp = "monthly.total.export_credit_yuan", float(mo["export_credit_yuan"].sum())
                else:
                    k2, exp = "monthly.total.emc_payment_yuan", float(mo["emc_payment_yuan"].sum())
                self.formula(
                    ws,
                    tr,
                    col,
                    f"SUM({letter}{hrow + 1}:{letter}{hrow + 12})",
                    k2,
                    fmt=F_YUAN,
                    expect=exp,
                    kind="total",
                )
            rowp = tr + 2
        # block 1
        for m in range(12):
            rr = first + m
            self.cell(ws, rr, 1, months[m], kind="label", align="center")
            self.formula(
                ws,
                rr,
                2,
                total_cells[("before", m)],
                f"monthly.bill_before_yuan.{m + 1}",
                fmt=F_YUAN,
                expect=float(mo["bill_before_yuan"].iloc[m]),
            )
            self.formula(
                ws,
                rr,
                3,
                total_cells[("after", m)],
                f"monthly.bill_after_yuan.{m + 1}",
                fmt=F_YUAN,
                expect=float(mo["bill_after_yuan"].iloc[m]),
            )
            self.formula(
                ws,
                rr,
                4,
                f"B{rr}-C{rr}",
                f"monthly.savings_yuan.{m + 1}",
                fmt=F_YUAN,
                expect=float(mo["savings_yuan"].iloc[m]),
            )
            self.cell(ws, rr, 5, float(mo["energy_saved_kwh"].iloc[m]), fmt=F_KWH, kind="engine")
            self.cell(ws, rr, 6, float(mo["import_before_kwh"].iloc[m]), fmt=F_KWH, kind="engine")
            self.cell(ws, rr, 7, float(mo["import_after_kwh"].iloc[m]), fmt=F_KWH, kind="engine")
        tr = last + 1
        self.cell(ws, tr, 1, L("mo.total"), kind="total")
        for col, key in (
            (2, "bill_before_yuan"),
            (3, "bill_after_yuan"),
            (4, "savings_yuan"),
            (5, "energy_saved_kwh"),
            (6, "import_before_kwh"),
            (7, "import_after_kwh"),
        ):
            letter = get_column_letter(col)
            self.formula(
                ws,
                tr,
                col,
                f"SUM({letter}{first}:{letter}{last})",
                f"monthly.total.{key}",
                fmt=F_KWH if key.endswith("kwh") else F_YUAN,
                expect=float(mo[key].sum()),
                kind="total",
            )
        self.monthly_refs = (ws, first, last)
        ws.freeze_panes = ws.cell(row=self.mo_first, column=2)
        self.print_titles[ws.title] = None
        self.fix_width(ws, 1, max(self._widths[ws.title].get(1, 8), 8))

    # -------------------------------------------------------------- emissions
    def _emissions(self) -> None:
        ws = self.ws["emissions"]
        r, L, n = self.r, self.L, self.n
        em = r.emissions
        self.cell(ws, 1, 1, L("em.title"), kind="subtitle", track=False)
        hdr = self.em_first - 1
        cols = ["year", "eff"] + (["pv_index", "pv"] if self.has_pv else []) + ["total", "co2", "tce"]
        cc = {k: i + 1 for i, k in enumerate(cols)}
        cl = {k: get_column_letter(v) for k, v in cc.items()}
        for key in cols:
            self.cell(ws, hdr, cc[key], L(f"em.{key}"), kind="header", track=False)
            self._track(ws, cc[key], _longest_word(L(f"em.{key}")))
        ws.row_dimensions[hdr].height = 44
        for k in range(1, n + 1):
            rr = self.em_first + k - 1
            e = em.iloc[k - 1]
            self.cell(ws, rr, 1, k, fmt=F_INT, kind="label", align="center")
            self.formula(
                ws,
                rr,
                cc["eff"],
                "Eff_Energy_Y1",
                f"emissions.efficiency_kwh.{k}",
                fmt=F_KWH,
                expect=float(e["efficiency_kwh"]),
            )
            total = f"{cl['eff']}{rr}"
            if self.has_pv:
                self.cell(
                    ws,
                    rr,
                    cc["pv_index"],
                    float(self.pv_kwh_index[k - 1]),
                    fmt=F_KWH if self.pv_kwh_abs else "0.0000",
                    kind="engine",
                )
                idx = f"{cl['pv_index']}{rr}"
                self.formula(
                    ws,
                    rr,
                    cc["pv"],
                    idx if self.pv_kwh_abs else f"PV_Energy_Y1*{idx}",
                    f"emissions.pv_kwh.{k}",
                    fmt=F_KWH,
                    expect=float(e["pv_kwh"]),
                )
                total += f"+{cl['pv']}{rr}"
            self.formula(
                ws,
                rr,
                cc["total"],
                total,
                f"emissions.energy_saved_kwh.{k}",
                fmt=F_KWH,
                expect=float(e["energy_saved_kwh"]),
            )
            self.formula(
                ws,
                rr,
                cc["co2"],
                f"{cl['total']}{rr}*Grid_Factor/1000",
                f"emissions.co2_avoided_t.{k}",
                fmt=F_T,
                expect=float(e["co2_avoided_t"]),
            )
            self.formula(
                ws,
                rr,
                cc["tce"],
                f"{cl['total']}{rr}*TCE_Factor/1000",
                f"emissions.tce_saved.{k}",
                fmt=F_T,
                expect=float(e["tce_saved"]),
            )
        first, last = self.em_first, self.em_first + n - 1
        tr = last + 1
        self.cell(ws, tr, 1, L("em.sum"), kind="total")
        for key, ek, fmt in (
            ("eff", "efficiency_kwh", F_KWH),
            ("pv", "pv_kwh", F_KWH),
            ("total", "energy_saved_kwh", F_KWH),
            ("co2", "co2_avoided_t", F_T),
            ("tce", "tce_saved", F_T),
        ):
            if key not in cc:
                continue
            letter = cl[key]
            self.formula(
                ws,
                tr,
                cc[key],
                f"SUM({letter}{first}:{letter}{last})",
                f"emissions.total.{ek}",
                fmt=fmt,
                expect=float(em[ek].sum()),
                kind="total",
            )
        if self.has_pv:
            self.cell(ws, tr, cc["pv_index"], None, kind="total")
        self.cell(ws, tr + 2, 1, L("em.note"), kind="note", track=False)
        self.em_cols = cl
        self.em_refs = {"y1": first, "total": tr}
        ws.freeze_panes = ws.cell(row=self.em_first, column=2)
        self.print_titles[ws.title] = f"{hdr}:{hdr}"

    # ---------------------------------------------------------------- summary
    def _summary(self) -> None:
        ws = self.ws["summary"]
        p, r, L, s = self.p, self.r, self.L, self.r.summary.to_dict()
        title = display_name(clean_text(p.name, one_line=True), self.lang)
        c = self.text(ws, 1, 1, title, kind="title", track=False, max_len=200)
        self.cell(ws, 2, 1, L("proposal"), kind="subtitle", track=False)
        self.cell(ws, 3, 1, L("site"), kind="plain", track=False, bold=True)
        self.text(ws, 3, 2, display_name(clean_text(p.site.name, one_line=True), self.lang), track=False)
        self.cell(ws, 4, 1, L("date"), kind="plain", track=False, bold=True)
        c = self.cell(ws, 4, 2, self.today, fmt=F_DATE, track=False)
        c.alignment = Alignment(horizontal="left")
        row = 6
        self.cell(ws, row, 1, L("kpi.section"), kind="section", track=False)
        for col in (2, 3):
            self.cell(ws, row, col, None, kind="section", track=False)
        row += 1
        for col, key in enumerate(("kpi.header.item", "kpi.header.value", "kpi.header.unit"), start=1):
            self.cell(ws, row, col, L(key), kind="header", track=False)
        row += 1
        cf = self.cf_refs
        em_t = self.titles["emissions"]
        y1, tot = self.em_refs["y1"], self.em_refs["total"]
        ecl = self.em_cols
        na, n_text = _str(L("na")), f"{_str(L('not_within_1'))}&Analysis_Years&{_str(L('not_within_2'))}"
        tol = f"1E-9*ABS({cf['net0']})"
        yrs = L("years_unit")
        irr_guess = s.get("irr_pct")
        guess = f",{irr_guess / 100.0:.10G}" if irr_guess is not None else ""
        v = lambda key: s.get(key)  # noqa: E731
        kpis = [
            ("kpi.capex", "=Total_Capex", "summary.capex_yuan", F_YUAN, L("yuan"), v("capex_yuan"), None),
        ]
        if p.finance.subsidy_yuan:
            kpis.append(
                ("kpi.subsidy", "=Subsidy", "summary.subsidy_yuan", F_YUAN, L("yuan"), p.finance.subsidy_yuan, None)
            )
            kpis.append(
                (
                    "kpi.net_investment",
                    "=Net_Investment",
                    "summary.net_investment_yuan",
                    F_YUAN,
                    L("yuan"),
                    v("net_investment_yuan"),
                    None,
                )
            )
        kpis += [
            (
                "kpi.first_year_savings",
                f"={cf['savings1']}",
                "summary.first_year_savings_yuan",
                F_YUAN,
                L("yuan_per_year"),
                v("first_year_savings_yuan"),
                None,
            ),
            (
                "kpi.monthly_savings",
                f"={cf['savings1']}/12",
                "summary.monthly_savings_yuan",
                F_YUAN,
                L("yuan_per_month"),
                v("monthly_savings_yuan"),
                None,
            ),
            (
                "kpi.simple_payback",
                f"=IF(OR(Net_Investment<=0,{cf['savings1']}+{cf['om1']}<=0),{na},"
                f"Net_Investment/({cf['savings1']}+{cf['om1']}))",
                "summary.simple_payback_years",
                F_YEARS,
                yrs,
                v("simple_payback_years"),
                "KPI_Simple_Payback",
            ),
            (
                "kpi.payback",
                f"=IF({cf['net0']}>=-{tol},{na},IF(COUNT(CF_Payback_Helper)=0,{n_text},MIN(CF_Payback_Helper)))",
                "summary.payback_years",
                F_YEARS,
                yrs,
                v("payback_years"),
                "KPI_Payback",
            ),
            (
                "kpi.discounted_payback",
                f"=IF({cf['net0']}>=-{tol},{na},IF(COUNT(CF_Discounted_Payback_Helper)=0,{n_text},"
                f"MIN(CF_Discounted_Payback_Helper)))",
                "summary.discounted_payback_years",
                F_YEARS,
                yrs,
                v("discounted_payback_years"),
                "KPI_Discounted_Payback",
            ),
            (
                "kpi.npv",
                f"=NPV(Discount_Rate,{cf['net1N']})+{cf['net0']}",
                "summary.npv_yuan",
                F_YUAN,
                L("yuan"),
                v("npv_yuan"),
                "KPI_NPV",
            ),
            (
                "kpi.irr",
                f"=IFERROR(IRR({cf['net0N']}{guess}),{na})",
                "summary.irr",
                F_PCT,
                "",
                None if irr_guess is None else irr_guess / 100.0,
                "KPI_IRR",
            ),
            (
                "kpi.bcr",
                f"=IFERROR(SUMPRODUCT((CF_Savings+(({cf['om1N']}+{cf['repl1N']})>0)*({cf['om1N']}+{cf['repl1N']}))"
                f"/(1+Discount_Rate)^CF_Years)/(Net_Investment+SUMPRODUCT(((-{cf['om1N']}-{cf['repl1N']})>0)"
                f"*(-{cf['om1N']}-{cf['repl1N']})/(1+Discount_Rate)^CF_Years)),{na})",
                "summary.benefit_cost_ratio",
                F_RATIO,
                "",
                v("benefit_cost_ratio"),
                None,
            ),
            (
                "kpi.lifetime_savings",
                "=SUM(CF_Savings)",
                "summary.lifetime_savings_yuan",
                F_YUAN,
                L("yuan"),
                v("lifetime_savings_yuan"),
                None,
            ),
            (
                "kpi.energy_first_year",
                f"={_q(em_t)}!${ecl['total']}${y1}",
                "summary.first_year_energy_saved_kwh",
                F_KWH,
                L("kwh"),
                v("first_year_energy_saved_kwh"),
                None,
            ),
            (
                "kpi.energy_lifetime",
                f"={_q(em_t)}!${ecl['total']}${tot}",
                "summary.lifetime_energy_saved_kwh",
                F_KWH,
                L("kwh"),
                v("lifetime_energy_saved_kwh"),
                None,
            ),
            (
                "kpi.co2_first_year",
                f"={_q(em_t)}!${ecl['co2']}${y1}",
                "summary.first_year_co2_avoided_t",
                F_T,
                L("t_co2"),
                v("first_year_co2_avoided_t"),
                None,
            ),
            (
                "kpi.co2_lifetime",
                f"={_q(em_t)}!${ecl['co2']}${tot}",
                "summary.lifetime_co2_avoided_t",
                F_T,
                L("t_co2"),
                v("lifetime_co2_avoided_t"),
                None,
            ),
            (
                "kpi.tce_first_year",
                f"={_q(em_t)}!${ecl['tce']}${y1}",
                "summary.first_year_tce_saved",
                F_T,
                L("tce"),
                v("first_year_tce_saved"),
                None,
            ),
            (
                "kpi.tce_lifetime",
                f"={_q(em_t)}!${ecl['tce']}${tot}",
                "summary.lifetime_tce_saved",
                F_T,
                L("tce"),
                v("lifetime_tce_saved"),
                None,
            ),
            (
                "kpi.discount_rate",
                "=Discount_Rate",
                "summary.discount_rate",
                F_PCT,
                "",
                p.finance.discount_rate_pct / 100.0,
                None,
            ),
            ("kpi.analysis_years", "=Analysis_Years", "summary.analysis_years", F_INT, yrs, self.n, None),
        ]
        for key, formula, check, fmt, unit, expect, nm in kpis:
            self.cell(ws, row, 1, L(key), kind="label")
            shown = expect if expect is not None else (L("not_within_1") + str(self.n) + L("not_within_2"))
            self.formula(
                ws,
                row,
                2,
                formula,
                check,
                fmt=fmt,
                expect=shown,
                bold=key in ("kpi.npv", "kpi.irr", "kpi.payback", "kpi.first_year_savings", "kpi.capex"),
            )
            ws.cell(row=row, column=2).alignment = Alignment(horizontal="right")
            self.cell(ws, row, 3, unit, kind="label", align="left")
            ws.cell(row=row, column=3).alignment = Alignment(horizontal="left", indent=1)
            if nm:
                self.name(nm, ws, f"B{row}")
            row += 1
        kpi_last = row - 1
        # measures at a glance
        row += 1
        g_sec = row
        self.cell(ws, row, 1, L("glance.section"), kind="section", track=False)
        for col in (2, 3, 4):
            self.cell(ws, row, col, None, kind="section", track=False)
        row += 1
        for col, key in enumerate(("m.name", "m.savings", "m.capex", "m.simple_payback"), start=1):
            self.cell(ws, row, col, L(key), kind="header", track=False)
        ws.row_dimensions[row].height = 30
        row += 1
        g_first = row
        mt = self.titles["measures"]
        shown_idx = self.ranked[:MAX_GLANCE]
        for i in shown_idx:
            mr = r.measures[i]
            mrow = self.m_row[i]
            name = truncate_width(display_name(clean_text(mr.name, one_line=True), self.lang), 34)
            self.text(ws, row, 1, name, kind="label", track=False)
            self.formula(
                ws,
                row,
                2,
                f"{_q(mt)}!${self.ml['savings']}${mrow}",
                f"measure.{i}.first_year_savings_yuan",
                fmt=F_YUAN,
                expect=mr.first_year_savings_yuan,
            )
            self.formula(
                ws,
                row,
                3,
                f"{_q(mt)}!${self.ml['capex']}${mrow}*{_q(mt)}!${self.ml['factory']}${mrow}",
                f"measure.{i}.capex_yuan",
                fmt=F_YUAN,
                expect=mr.capex_yuan,
            )
            self.formula(
                ws,
                row,
                4,
                f"{_q(mt)}!${self.ml['simple_payback']}${mrow}",
                f"measure.{i}.simple_payback_years",
                fmt=F_YEARS,
                expect=mr.simple_payback_years if mr.simple_payback_years is not None else L("na"),
            )
            row += 1
        g_last = row - 1
        if len(self.ranked) > MAX_GLANCE:
            self.cell(ws, row, 1, L("glance.more", n=len(self.ranked) - MAX_GLANCE, sheet=mt), kind="note", track=False)
            row += 1
        # widths and heights: the page is A4 landscape, one page
        widths = {1: 36, 2: 17, 3: 13, 4: 14, 5: 2}
        chart_cols = 14
        for col in range(6, 6 + chart_cols):
            widths[col] = 8.5
        for col, w in widths.items():
            self.fix_width(ws, col, w)
        row_h = 19.5
        bottom_rows = max(g_last - g_sec + 2, 19)
        for rr in range(6, max(row, g_sec + bottom_rows) + 1):
            ws.row_dimensions[rr].height = row_h
        ws.row_dimensions[g_first - 1].height = 32
        ws.row_dimensions[1].height = 26
        # how to read the page, under the measures
        row += 1
        notes = [L("note.simulation"), L("note.signs"), L("note.inputs")]
        basis = self._basis_note()
        if basis:
            notes.append(basis)
        for text in notes:
            if row >= g_sec + bottom_rows:
                break
            c = self.cell(ws, row, 1, text, kind="note", track=False, wrap=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            n_lines = int(np.ceil(display_width(text) * 1.15 / 78.0))
            ws.row_dimensions[row].height = max(row_h, 12.5 * n_lines + 3)
            row += 1
        # charts
        ch1 = self._chart_cumulative()
        ch1.anchor = _span(6, 6, 6 + chart_cols, kpi_last + 1)
        ws.add_chart(ch1)
        mid_col = 6 + chart_cols // 2
        if shown_idx:
            ch2 = BarChart()
            ch2.type = "bar"
            ch2.gapWidth = 60
            _set_title(ch2, L("chart.by_measure"), self.font_name)
            data = Reference(ws, min_col=2, min_row=g_first, max_row=g_last)
            cats = Reference(ws, min_col=1, min_row=g_first, max_row=g_last)
            ch2.add_data(data, titles_from_data=False)
            ch2.set_categories(cats)
            ch2.legend = None
            ch2.y_axis.numFmt = "#,##0"
            ch2.y_axis.number_format = "#,##0"
            top = max([r.measures[i].first_year_savings_yuan for i in shown_idx] + [0.0])
            lowest = min([r.measures[i].first_year_savings_yuan for i in shown_idx] + [0.0])
            if top > 0 and lowest >= 0:
                ch2.y_axis.majorUnit = _nice_step(top, 4)
                ch2.y_axis.scaling.min = 0
            ch2.x_axis.scaling.orientation = "maxMin"
            ch2.y_axis.crosses = "max"
            _axes_visible(ch2)
            _axis_font(ch2, self.font_name)
            ch2.series[0].graphicalProperties = GraphicalProperties(solidFill="2E75B6")
            ch2.series[0].tx = SeriesLabel(v=L("m.savings"))
            ch2.anchor = _span(6, g_sec, mid_col, g_sec + bottom_rows)
            ws.add_chart(ch2)
        mws, mfirst, mlast = self.monthly_refs
        ch3 = BarChart()
        ch3.type = "col"
        ch3.grouping = "clustered"
        ch3.gapWidth = 80
        _set_title(ch3, L("chart.monthly"), self.font_name)
        for col, key, colour in ((2, "chart.before", "A5A5A5"), (3, "chart.after", "2E75B6")):
            ser = Series(Reference(mws, min_col=col, min_row=mfirst, max_row=mlast), title=L(key))
            ser.graphicalProperties = GraphicalProperties(solidFill=colour)
            ch3.series.append(ser)
        ch3.set_categories(Reference(mws, min_col=1, min_row=mfirst, max_row=mlast))
        ch3.y_axis.numFmt = "#,##0"
        ch3.y_axis.number_format = "#,##0"
        ch3.legend.position = "b"
        _axes_visible(ch3)
        _axis_font(ch3, self.font_name)
        ch3.anchor = _span(mid_col, g_sec, 6 + chart_cols, g_sec + bottom_rows, left_gap=True)
        ws.add_chart(ch3)
        self.summary_last_row = max(row, g_sec + bottom_rows)
        self.summary_last_col = 6 + chart_cols - 1
        ws.print_area = f"A1:{get_column_letter(self.summary_last_col)}{self.summary_last_row}"
        self.print_titles[ws.title] = None

    def _basis_note(self) -> str:
        parts = []
        tmpl = _template(self.p.tariff.template)
        if tmpl:
            parts.append(self.L("note.tariff") + tmpl.get("label_zh" if self.lang == "zh" else "label_en", ""))
        preset = _emission_preset(self.p.emissions.factor_preset)
        if preset and abs(float(preset.get("kg_per_kwh", -1)) - self.p.emissions.grid_factor_kg_per_kwh) < 1e-9:
            parts.append(
                self.L("note.factor")
                + preset.get("label_zh" if self.lang == "zh" else "label_en", "")
                + f" ({self.p.emissions.grid_factor_kg_per_kwh:g} kg/kWh)"
            )
        return ("; " if self.lang == "en" else ";").join(parts)

    def _chart_cumulative(self) -> ScatterChart:
        L = self.L
        ws, c_year, r0, last = self.cf_refs["years0N"]
        ch = ScatterChart()
        _set_title(ch, L("chart.cumulative"), self.font_name)
        ch.style = 13
        x = Reference(ws, min_col=c_year, min_row=r0, max_row=last)
        for key, ref_key, colour, dash in (
            ("chart.cumulative_series", "cum", "2E75B6", None),
            ("chart.discounted_series", "dcum", "70AD47", "dash"),
        ):
            _, col, a, b = self.cf_refs[ref_key]
            ser = Series(Reference(ws, min_col=col, min_row=a, max_row=b), x, title=L(key))
            ser.marker.symbol = "none"
            ser.smooth = False
            ser.graphicalProperties = GraphicalProperties(ln=LineProperties(solidFill=colour, w=28575, prstDash=dash))
            ch.series.append(ser)
        mws, a, b, lab = self.chart_marker
        ser = Series(Reference(mws, min_col=3, min_row=a, max_row=b), Reference(mws, min_col=2, min_row=a, max_row=b))
        ser.tx = SeriesLabel(strRef=StrRef(f=f"{_q(mws.title)}!$B${lab}"))
        ser.marker.symbol = "none"
        ser.smooth = False
        ser.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill="C00000", w=22225, prstDash="sysDash")
        )
        ch.series.append(ser)
        ch.x_axis.title = L("chart.year_axis")
        ch.x_axis.scaling.min = 0
        ch.x_axis.scaling.max = self.n
        ch.x_axis.majorUnit = 5 if self.n > 12 else 1
        ch.x_axis.number_format = "0"
        ch.x_axis.majorGridlines = None
        ch.y_axis.title = L("chart.yuan_axis")
        ch.y_axis.number_format = "#,##0"
        ch.y_axis.numFmt = "#,##0"
        ch.x_axis.tickLblPos = "low"
        ch.legend.position = "b"
        _axes_visible(ch)
        _axis_font(ch, self.font_name)
        return ch

    # ----------------------------------------------------------------- finish
    def _finish(self, ws: Worksheet, key: str) -> None:
        widths = self._widths.get(ws.title, {})
        fixed = self._fixed_widths.get(ws.title, {})
        for col in set(widths) | set(fixed):
            if col in fixed:
                w = fixed[col]
            else:
                w = min(max(widths[col] + 2.5, 8.0), 60.0)
            ws.column_dimensions[get_column_letter(col)].width = w
        ps = ws.page_setup
        ps.orientation = "landscape"
        ps.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ps.fitToWidth = 1
        ps.fitToHeight = 1 if key == "summary" else 0
        ws.print_options.horizontalCentered = key == "summary"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.25
        head = header_footer_text(display_name(clean_text(self.p.name, one_line=True), self.lang))
        ws.oddHeader.center.text = head
        ws.oddHeader.center.size = 9
        ws.oddHeader.right.text = "&A"
        ws.oddHeader.right.size = 9
        ws.oddFooter.center.text = self.L("page_footer")
        ws.oddFooter.center.size = 9
        ws.oddFooter.left.text = header_footer_text(self.L("generated_by"))
        ws.oddFooter.left.size = 8
        pt = self.print_titles.get(ws.title)
        if pt:
            ws.print_title_rows = pt
        ws.sheet_view.showGridLines = key not in ("summary",)
        ws.sheet_view.zoomScale = 100


# ---------------------------------------------------------------------- helpers
def _abs(ref: str) -> str:
    """``B7`` -> ``$B$7``, ``B7:C9`` -> ``$B$7:$C$9`` (refs already absolute are kept)."""

    def one(x: str) -> str:
        if "$" in x:
            return x
        m = re.fullmatch(r"([A-Z]+)(\d+)", x)
        return f"${m.group(1)}${m.group(2)}" if m else x

    return ":".join(one(p) for p in ref.split(":"))


def _str(text: str) -> str:
    """A text literal for a formula."""
    return '"' + text.replace('"', '""') + '"'


def _display(value: Any, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, np.floating, np.integer)):
        v = float(value)
        if not np.isfinite(v):
            return ""
        if fmt in (F_PCT,):
            return f"{v * 100:.2f}%"
        if fmt in (F_YUAN, F_KWH):
            return f"{v:,.0f}"
        if fmt == F_YUAN2:
            return f"{v:,.2f}"
        if fmt in (F_T, F_YEARS):
            return f"{v:,.1f}"
        if fmt == F_PRICE or fmt == "0.0000":
            return f"{v:.4f}"
        if fmt == F_INT:
            return f"{v:.0f}"
        return f"{v:,.4g}" if abs(v) < 1e6 else f"{v:,.0f}"
    if isinstance(value, date):
        return "2000-00-00"
    return str(value)


def _longest_word(text: str) -> str:
    """The widest piece of a header that wraps at spaces (CJK headers wrap anywhere: half)."""
    words = text.split()
    widest = max(words, key=display_width) if words else ""
    if display_width(text) > 2 * display_width(widest) and not any(ch == " " for ch in text):
        return text[: max(1, len(text) // 2)]
    return widest if display_width(widest) >= 8 else text[:12]


def _span(col: int, row: int, end_col: int, end_row: int, *, left_gap: bool = False) -> TwoCellAnchor:
    """A chart anchored to cells (1-based; the end cell is exclusive), so that
    it fills the same columns in Excel and LibreOffice whatever the fonts."""
    anchor = TwoCellAnchor(editAs="oneCell")
    anchor._from = AnchorMarker(col=col - 1, row=row - 1, colOff=114300 if left_gap else 0, rowOff=0)
    anchor.to = AnchorMarker(col=end_col - 1, row=end_row - 1, colOff=0, rowOff=0)
    return anchor


def _nice_step(top: float, ticks: int) -> float:
    """A 1-2-5 step that shows ``top`` in at most ``ticks`` intervals."""
    raw = top / ticks
    mag = 10.0 ** np.floor(np.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


def _char_props(size: int, font_name: str, bold: bool = False) -> CharacterProperties:
    return CharacterProperties(sz=size, b=bold, latin=DFont(typeface=font_name), ea=DFont(typeface=font_name))


def _set_title(chart, text: str, font_name: str, size: int = 1100) -> None:
    """A chart title in a modest font (LibreOffice's default is 13 pt bold)."""
    cp = _char_props(size, font_name, bold=True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=cp), r=[RegularTextRun(rPr=cp, t=text)])
    chart.title = Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _axis_font(chart, font_name: str, size: int = 800) -> None:
    cp = _char_props(size, font_name)
    for ax in (chart.x_axis, chart.y_axis):
        ax.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])
        if ax.title is not None:
            title_text = _title_text(ax.title)
            if title_text:
                cp2 = _char_props(size + 100, font_name)
                ax.title = Title(
                    tx=Text(
                        rich=RichText(
                            p=[
                                Paragraph(
                                    pPr=ParagraphProperties(defRPr=cp2), r=[RegularTextRun(rPr=cp2, t=title_text)]
                                )
                            ]
                        )
                    ),
                    overlay=False,
                )
    if chart.legend is not None:
        chart.legend.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])


def _title_text(title) -> str:
    try:
        return "".join(run.t for para in title.tx.rich.p for run in (para.r or []))
    except AttributeError:
        return ""


def _axes_visible(chart) -> None:
    """openpyxl 3.1 writes ``<c:delete val="1"/>`` by default, hiding the axes in Excel."""
    for ax in (chart.x_axis, chart.y_axis):
        try:
            ax.delete = False
        except AttributeError:  # pragma: no cover
            pass


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


def _year_of(text: str) -> int | None:
    m = re.search(r"(19|20)\d\d", text or "")
    return int(m.group(0)) if m else None


def _schedule_groups(schedule: list[list[str]], lang: str) -> list[tuple[list[int], str]]:
    """Months with identical period rows grouped, each row as ``00-08 valley, 08-10 flat, ...``."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for m, row in enumerate(schedule):
        groups.setdefault(tuple(row), []).append(m)
    out = []
    for row, months in sorted(groups.items(), key=lambda kv: kv[1][0]):
        runs, start = [], 0
        for h in range(1, 25):
            if h == 24 or row[h] != row[start]:
                runs.append(f"{start:02d}-{h:02d} {label('period.' + row[start], lang)}")
                start = h
        out.append((months, ", ".join(runs)))
    return out
