"""The raw export, read without any recalculation, already shows the engine's
values; and the rules a management reader and an old Excel need: Excel 2010
functions only, no ``#N/A``, a zero-investment project without a payback
marker, a headline in 万元, validated and unlocked inputs, A4 pages at >= 75 %,
Chinese punctuation, optional sheets only with data.
"""

from __future__ import annotations

import io
import json
import math
import re
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from planner.model.project import Project
from planner.report.layout import Sheet
from planner.report.workbook import build_proposal, label
from planner.terms import catalogue
from tests.planner.report.analysis_inputs import ANALYSIS, SENSITIVITY
from tests.planner.report.support import SOFFICE, SOFFICE_MISSING, defined_cell, expected_value, mismatch, recalculate

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"
TAISHAN = SEEDS / "taishan-steel-pv.json"
DAY = date(2025, 6, 30)

# Excel 2010 functions the workbook may use (all exist in Excel 2007/2010 and in LibreOffice / WPS)
EXCEL_2010 = {
    "ABS",
    "AND",
    "COUNT",
    "IF",
    "IFERROR",
    "INDEX",
    "IRR",
    "ISNUMBER",
    "MATCH",
    "MAX",
    "MIN",
    "MOD",
    "NPV",
    "OR",
    "PMT",
    "SUM",
    "SUMPRODUCT",
    "TEXT",
}


def _full_finance() -> Project:
    from tests.planner.report.test_workbook_recalc import _full_finance as mutate

    d = json.loads(DEFAULT.read_text(encoding="utf-8"))
    mutate(d)
    return Project.model_validate(d)


def _cases():
    out = {p.stem: load_project(p) for p in sorted(SEEDS.glob("*.json"))}
    out["full-finance"] = _full_finance()
    return out


CASES = _cases()


@pytest.fixture(scope="module")
def built():
    books = {}
    for name, project in CASES.items():
        result = run_project(project, SEEDS)
        for lang in ("zh", "en"):
            prop = build_proposal(
                project, result, lang, today=DAY, analysis=ANALYSIS if name == "full-finance" else None
            )
            books[(name, lang)] = (project, result, prop)
    return books


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_raw_file_holds_the_engine_values(built, name, lang):
    """openpyxl data_only=True on the exported bytes: every formula cell's cached
    result is the engine's value (KPIs, cash flow, measures, emissions, monthly)."""
    project, result, prop = built[(name, lang)]
    wb = openpyxl.load_workbook(io.BytesIO(prop.data), data_only=True)
    errors = []
    for (sheet, coord), key in prop.checks.items():
        why = mismatch(wb[sheet][coord].value, expected_value(key, project, result))
        if why:
            errors.append(f"{sheet}!{coord} [{key}]: {why}")
    assert not errors, "\n".join(errors[:30])
    s = result.summary

    def cell(nm):
        sheet, coord = defined_cell(wb, nm)
        return wb[sheet][coord].value

    assert cell("KPI_NPV") == pytest.approx(s.npv_yuan, rel=1e-9)
    assert cell("KPI_Savings_Y1") == pytest.approx(s.first_year_savings_yuan, rel=1e-9)
    if s.payback_years is not None:
        assert cell("KPI_Payback") == pytest.approx(s.payback_years, rel=1e-9)


def test_pandas_reads_the_cash_flow(built):
    """pandas.read_excel of the raw file: the cash-flow table's net and cumulative columns are the engine's."""
    project, result, prop = built[("shandong-midsize-factory", "zh")]
    df = pd.read_excel(io.BytesIO(prop.data), sheet_name=label("sheet.cash_flow", "zh"), header=2)
    n = project.finance.analysis_years
    df = df.iloc[: n + 1]
    for head, col in (("cf.net", "net_yuan"), ("cf.cumulative", "cumulative_yuan"), ("cf.savings", "savings_yuan")):
        got = df[label(head, "zh")].to_numpy(float)
        np.testing.assert_allclose(got, result.cash_flow[col].to_numpy(float), rtol=1e-9, atol=1e-6)
    kpi = pd.read_excel(io.BytesIO(prop.data), sheet_name=label("sheet.summary", "zh"), header=None)
    values = kpi.iloc[:, 1].tolist()
    assert any(isinstance(v, float) and math.isclose(v, result.summary.npv_yuan / 1e4, rel_tol=1e-9) for v in values)


def _formulas(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if c.data_type == "f":
                    out.append(v.text if hasattr(v, "text") else str(v))
    return out


def test_excel_2010_functions_only(built):
    used = set()
    for key in (("full-finance", "en"), ("taishan-steel-pv", "zh"), ("shandong-midsize-factory", "zh")):
        for f in _formulas(built[key][2].data):
            no_strings = re.sub(r'"[^"]*"', '""', f)
            used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", no_strings))
    assert used, "no functions found"
    assert used <= EXCEL_2010, sorted(used - EXCEL_2010)


def test_zero_investment_has_no_payback_marker_and_no_na(built):
    project, result, prop = built[("taishan-steel-pv", "zh")]
    assert result.summary.capex_yuan == 0 and result.summary.payback_years is None
    wb = openpyxl.load_workbook(io.BytesIO(prop.data), data_only=True)
    for nm in ("KPI_Payback", "KPI_Discounted_Payback", "KPI_Simple_Payback"):
        sheet, coord = defined_cell(wb, nm)
        assert wb[sheet][coord].value == label("na", "zh"), nm
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and c.value.startswith("#")), (ws.title, c.coordinate, c.value)
    raw = openpyxl.load_workbook(io.BytesIO(prop.data))
    summary = raw[label("sheet.summary", "zh")]
    cumulative = summary._charts[0]
    assert len(cumulative.series) == 2  # the two curves, no payback marker
    headline = wb[label("sheet.summary", "zh")]["A4"].value
    assert label("hl.payback", "zh") not in headline and headline.startswith(label("hl.zero", "zh"))
    # the default project pays back: its chart has the marker
    _, r2, p2 = built[("shandong-midsize-factory", "zh")]
    assert r2.summary.payback_years is not None
    assert len(openpyxl.load_workbook(io.BytesIO(p2.data))[label("sheet.summary", "zh")]._charts[0].series) == 3


def test_headline_in_wan_yuan(built):
    _, result, prop = built[("shandong-midsize-factory", "zh")]
    s = result.summary
    wb = openpyxl.load_workbook(io.BytesIO(prop.data), data_only=True)
    headline = wb[label("sheet.summary", "zh")]["A4"].value
    # e.g. 投资 672.0 万元，每月节省 14.0 万元，4.3 年回收，年减排 1,912 吨 CO₂。
    expected = (
        f"投资 {s.capex_yuan / 1e4:,.1f} 万元，每月节省 {s.monthly_savings_yuan / 1e4:,.1f} 万元，"
        f"{s.payback_years:.1f} 年回收，年减排 {s.first_year_co2_avoided_t:,.0f} 吨 CO₂。"
    )
    assert headline == expected
    en = openpyxl.load_workbook(io.BytesIO(built[("shandong-midsize-factory", "en")][2].data), data_only=True)
    assert en["Summary"]["A4"].value.startswith(f"Invest {s.capex_yuan / 1e4:,.1f} (10k yuan)")
    raw = openpyxl.load_workbook(io.BytesIO(prop.data))
    assert "TEXT(KPI_Payback" in raw[label("sheet.summary", "zh")]["A4"].value  # live


def test_every_input_is_validated(built):
    """Each unlocked (input) cell is covered by a data validation; lives are whole numbers >= 1."""
    _, _, prop = built[("full-finance", "zh")]
    wb = openpyxl.load_workbook(io.BytesIO(prop.data))
    n_inputs = 0
    for ws in wb:
        ranges = [(dv, str(dv.sqref)) for dv in ws.data_validations.dataValidation]
        for row in ws.iter_rows():
            for c in row:
                if c.protection.locked is False and c.value is not None:
                    n_inputs += 1
                    covering = [dv for dv, ref in ranges if c.coordinate in _cells(ref)]
                    assert covering, (ws.title, c.coordinate)
    assert n_inputs > 30
    sheet, ref = list(wb.defined_names["Measure_Life"].destinations)[0]
    first = ref.replace("$", "").split(":")[0]
    dv = next(dv for dv in wb[sheet].data_validations.dataValidation if first in _cells(str(dv.sqref)))
    assert dv.type == "whole" and float(dv.formula1) == 1


def _cells(sqref: str) -> set[str]:
    from openpyxl.utils.cell import range_boundaries

    out = set()
    for part in sqref.split():
        c0, r0, c1, r1 = range_boundaries(part)
        out |= {f"{get_column_letter(c)}{r}" for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)}
    return out


def _print_scale(ws) -> float:
    """Fit-to-width scale of an A4 landscape page (10.69 in printable at 96 px/in; Excel's
    column width w is about 7 w + 5 px for the default font)."""
    px = 0
    for c in range(1, ws.max_column + 1):
        width, hidden = 8.43, False
        for dim in ws.column_dimensions.values():
            if dim.min and dim.max and dim.min <= c <= dim.max:
                width, hidden = dim.width or 8.43, dim.hidden
        if not hidden:
            px += int(width * 7 + 5)
    return min(1.0, 10.69 * 96 / px)


@pytest.mark.parametrize("key", [(name, lang) for name in CASES for lang in ("zh", "en")])
def test_pages_print_at_75_percent_or_more(built, key):
    wb = openpyxl.load_workbook(io.BytesIO(built[key][2].data))
    for ws in wb:
        if ws.sheet_state == "visible":
            assert _print_scale(ws) >= 0.75, (ws.title, round(_print_scale(ws), 2))
            assert ws.print_title_rows or ws.title == wb.sheetnames[0], ws.title


MATH_NOTES = ("report.a.pv_degradation_note", "report.a.pv_note", "report.a.pv_savings_note")


def test_chinese_punctuation_and_units():
    half = re.compile(r"[\u4e00-\u9fff][(),:;]|[(),:;][\u4e00-\u9fff]")
    for key, entry in catalogue().items():
        if not key.startswith("report.") or key in ("report.months", "report.page_footer"):
            continue
        if key in MATH_NOTES:  # ASCII brackets of a formula, e.g. (1 - d)^(k - 1)
            continue
        zh = re.sub(r"\{[^}]*\}", "x", entry["zh"])
        assert not half.search(zh), (key, entry["zh"])
        assert "%/年" not in zh and "%/yr" not in entry["en"], key
    assert catalogue()["report.kwh_per_year"]["zh"] == "kWh/年"


def test_optional_sheets_only_with_data(built):
    _, _, plain = built[("shandong-midsize-factory", "zh")]
    assert "bill_check" not in plain.titles and "sensitivity" not in plain.titles
    _, _, full = built[("full-finance", "en")]
    for key in ("bill_check", "storage", "scenarios", "sensitivity", "montecarlo"):
        assert key in full.titles, key
    wb = openpyxl.load_workbook(io.BytesIO(full.data), data_only=True)
    ws = wb[full.titles["sensitivity"]]
    # energy price: NPV = 8e6 + x * 8e6 at x = -20 % / +20 % -> 6.4e6 / 9.6e6 (the inputs' values)
    assert ws["D5"].value == pytest.approx(6.4e6) and ws["E5"].value == pytest.approx(9.6e6)
    assert ws["B5"].value == pytest.approx(-0.2) and ws["B5"].protection.locked is False
    mc = wb[full.titles["montecarlo"]]
    head = next(r for r in range(1, mc.max_row + 1) if mc.cell(r, 2).value == label("mc.count", "en"))
    counts = [mc.cell(r, 2).value for r in range(head + 1, mc.max_row + 1)]
    assert sum(counts) == 1000 and len(counts) == 20  # the histogram holds every draw
    bc = wb[full.titles["bill_check"]]
    assert bc["G4"].value == pytest.approx(12_000) and bc["H4"].value == pytest.approx(0.015)
    st = wb[full.titles["storage"]]
    assert any(c.value == "10、20" or c.value == "10, 20" for row in st.iter_rows() for c in row)


@pytest.mark.slow
def test_sensitivity_range_is_live(built, tmp_path):
    """Change the energy-price range in the workbook: the tornado values follow
    (NPV = 8e6 + x * 8e6 by hand: x = -30 % -> 5.6e6, +10 % -> 8.8e6); the
    discount-rate driver (not linear) keeps the engine's values."""
    if not SOFFICE:
        pytest.skip(SOFFICE_MISSING)
    _, _, full = built[("full-finance", "en")]
    src = tmp_path / "in" / "sens.xlsx"
    src.parent.mkdir()
    src.write_bytes(full.data)
    wb = openpyxl.load_workbook(src)
    ws = wb[full.titles["sensitivity"]]
    ws["B5"].value, ws["C5"].value, ws["B6"].value = -0.3, 0.1, -5
    wb.save(src)
    out = recalculate([src], tmp_path / "out", tmp_path)[src]
    ws = openpyxl.load_workbook(out, data_only=True)[full.titles["sensitivity"]]
    assert ws["D5"].value == pytest.approx(5.6e6) and ws["E5"].value == pytest.approx(8.8e6)
    assert ws["D6"].value == pytest.approx(SENSITIVITY["drivers"][1]["npv_low_yuan"])


def test_language_defaults_to_the_project_and_rows_are_written_in_order():
    d = json.loads(DEFAULT.read_text(encoding="utf-8"))
    d["language"] = "en"
    project = Project.model_validate(d)
    prop = build_proposal(project, run_project(project, SEEDS), today=DAY)
    assert openpyxl.load_workbook(io.BytesIO(prop.data)).sheetnames[0] == "Summary"

    class _WS:
        def write_number(self, *a):
            pass

    sheet = Sheet.__new__(Sheet)
    sheet.title, sheet.last_row, sheet.max_col, sheet.widths = "t", 5, 0, {}
    with pytest.raises(AssertionError):
        sheet._at(4, 0)  # constant-memory mode would drop it silently


def test_a_measure_valued_otherwise_shows_its_value_per_kwh_as_a_fact():
    """A measure whose savings are not its kWh x prices (a battery's charging cost and
    demand effect, say) keeps the engine's savings: its value per kWh is a fact, and
    the efficiency total still adds up (the difference goes to no other measure)."""
    import copy

    from planner.engine.attribution import attribute
    from planner.report import measures

    project = load_project(DEFAULT)
    result = copy.deepcopy(run_project(project, SEEDS))
    i = next(k for k, m in enumerate(result.measures) if m.type == "motor")
    result.measures[i].first_year_savings_yuan += 5_000.0  # no longer kWh x price
    a = attribute(project, result)
    assert a.measure_linear[i] is False and all(v for k, v in a.measure_linear.items() if k != i)
    prop = build_proposal(project, result, "en", today=DAY)
    wb = openpyxl.load_workbook(io.BytesIO(prop.data))
    ws = wb["Measures"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == result.measures[i].name)
    value = ws.cell(row, measures.C["value"] + 1)
    assert value.data_type == "n"  # a fact, not a formula
    assert value.value == pytest.approx(
        result.measures[i].first_year_savings_yuan / result.measures[i].first_year_energy_saved_kwh
    )
    # Eff_Savings_Y1 = sum of the measures' savings + demand + other, other absorbing the 5,000 yuan
    assert a.eff_other_yuan == pytest.approx(-5_000.0, abs=1e-6)
