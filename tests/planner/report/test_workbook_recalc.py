"""The proposal workbook, recalculated by LibreOffice, agrees with the engine.

One LibreOffice run for the whole module (CI has 2 cores): every workbook
below is exported first, the edited ones are edited with openpyxl, then all
are recalculated together by ``soffice --headless --convert-to xlsx``.

* every seed project (zh), the default project (en) and finance variants
  (subsidy, escalations, loan with and without a balloon, income tax, an EMC
  and a replaced PV system, a project that never pays back): every formula
  cell equals the engine's value to a relative 1e-6;
* an input changed *in the workbook* (every price x 1.2, a measure's capex
  x 2, a measure's first-year kWh, the discount rate, tariff escalation, the
  subsidy, PV degradation where PV does not export): every formula cell
  equals the engine's value for the project with that input changed (NPV,
  IRR, paybacks and the measure's own payback among them, to 1e-6).

LibreOffice keeps a workbook's cached results unless told to recalculate
(support.recalculate sets "always recalculate" in its private profile), and
the edited copies are saved by openpyxl, which drops every cached value.
* hostile project and measure names survive as text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from planner.model.project import Project
from planner.report.workbook import build_workbook, export_workbook, label
from tests.planner.report.support import (
    SOFFICE,
    SOFFICE_MISSING,
    UNDEFINED,
    defined_cell,
    expected_value,
    mismatch,
    recalculate,
)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = "shandong-midsize-factory.json"
DAY = date(2025, 6, 30)

pytestmark = pytest.mark.slow


def _seed(name: str) -> Project:
    return load_project(SEEDS / name)


def _variant(name: str, mutate) -> Project:
    data = json.loads((SEEDS / name).read_text(encoding="utf-8"))
    mutate(data)
    return Project.model_validate(data)


def _full_finance(d: dict) -> None:
    """Subsidy, both escalations, tax, a loan, an owned PV replaced at year 12
    (its degradation restarts) and a second, EMC-owned PV system."""
    d["finance"].update(
        {
            "subsidy_yuan": 500_000,
            "om_escalation_pct_per_year": 3,
            "income_tax_pct": 25,
            "depreciation_years": 10,
            "loan": {"share_pct": 60, "interest_pct": 4.35, "term_years": 8},
        }
    )
    d["tariff"]["escalation_pct_per_year"] = 2
    pv = next(m for m in d["measures"] if m["type"] == "pv")
    pv["life_years"] = 12
    d["measures"].append(
        {
            "type": "pv",
            "name": "EMC carport PV",
            "capacity_kwp": 500,
            "specific_yield_kwh_per_kwp": 1100,
            "annual_degradation_pct": 0.7,
            "capex_yuan": 1_500_000,
            "om_yuan_per_year": 20_000,
            "life_years": 25,
            "ownership": "emc",
            "emc_discount_pct": 10,
            "export": "allowed",
        }
    )


def _balloon(d: dict) -> None:
    """Loan longer than the analysis period (balloon at year N), depreciation
    longer than N, a measure replaced every 3 years."""
    d["finance"].update(
        {
            "analysis_years": 10,
            "income_tax_pct": 25,
            "depreciation_years": 12,
            "loan": {"share_pct": 100, "interest_pct": 5, "term_years": 15},
        }
    )
    d["measures"][0]["life_years"] = 3


def _never(d: dict) -> None:
    """O&M larger than the savings: no simple payback, no payback, no IRR."""
    d["measures"][0]["om_change_yuan_per_year"] = 40_000


def _many(d: dict, n: int = 40) -> None:
    """40 measures: several PV systems (their per-measure NPVs are engine values), mixed lives."""
    base = d["measures"]
    d["measures"] = [
        dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} #{i + 1}", life_years=3 + i % 13)
        for i in range(n)
    ]


def _vat_deductible(d: dict) -> None:
    """Prices include VAT and the factory deducts it: every yuan of the bill x 1/1.13."""
    d["tariff"]["vat_included"] = True
    d["finance"]["vat_deductible"] = True


def _edge_none(d: dict) -> None:
    d["measures"] = []


def _edge_one_year(d: dict) -> None:
    d["finance"]["analysis_years"] = 1


def _edge_disabled(d: dict) -> None:
    for m in d["measures"]:
        if m["type"] in ("pv", "motor"):
            m["enabled"] = False


def _edge_costly_emc(d: dict) -> None:
    """An EMC PV contract priced above the grid: negative savings every year."""
    d["measures"] = [dict(m, ownership="emc", emc_price_yuan_per_kwh=5.0) for m in d["measures"] if m["type"] == "pv"]


NASTY_PROJECT = '=HYPERLINK("http://x","click")\x01 [a]:b*c?/d\\e'
NASTY_MEASURES = ["=1+2", "+SUM(A1:A3)", "-3", "@cmd", "Tab\there\x07 and\x1b [x]:*?/\\", "\ufffeBOM\u0085 name"]


def _nasty(d: dict) -> None:
    d["name"] = NASTY_PROJECT
    d["site"]["name"] = "-Zibo&Co"
    d["description"] = "+line 1\nline 2 \x0b with a vertical tab"
    for m, name in zip(d["measures"], NASTY_MEASURES, strict=False):  # more measures than names
        m["name"] = name


@dataclass
class Case:
    project: Project
    lang: str
    edit: tuple | None = None  # (what, value)
    result: object = None
    checks: dict | None = None
    source: Path | None = None
    recalculated: Path | None = None


def _cases() -> dict[str, Case]:
    cases = {f"{p.stem}-zh": Case(_seed(p.name), "zh") for p in sorted(SEEDS.glob("*.json"))}
    cases["default-en"] = Case(_seed(DEFAULT), "en")
    cases["full-finance-en"] = Case(_variant(DEFAULT, _full_finance), "en")
    cases["balloon-loan-zh"] = Case(_variant("jingjin-filter-press.json", _balloon), "zh")
    cases["never-pays-back-en"] = Case(_variant("jingjin-filter-press.json", _never), "en")
    cases["nasty-names-zh"] = Case(_variant(DEFAULT, _nasty), "zh")
    cases["many-measures-en"] = Case(_variant(DEFAULT, _many), "en")
    cases["no-measures-zh"] = Case(_variant(DEFAULT, _edge_none), "zh")
    cases["one-year-en"] = Case(_variant(DEFAULT, _edge_one_year), "en")
    cases["disabled-measures-en"] = Case(_variant(DEFAULT, _edge_disabled), "en")
    cases["costly-emc-zh"] = Case(_variant(DEFAULT, _edge_costly_emc), "zh")
    # inputs changed in the workbook
    cases["edit-prices-x1.2"] = Case(_seed(DEFAULT), "zh", ("prices", 1.2))
    cases["edit-prices-x1.2-taishan"] = Case(_seed("taishan-steel-pv.json"), "en", ("prices", 1.2))
    cases["edit-prices-x1.2-full-finance"] = Case(_variant(DEFAULT, _full_finance), "en", ("prices", 1.2))
    # the bill (surcharges, PF adjustment, capacity charge, PFC; VAT) and storage seeds
    cases["bill-vat-deductible-en"] = Case(_variant("bill-calibration.json", _vat_deductible), "en")
    cases["edit-prices-x1.2-bill"] = Case(_seed("bill-calibration.json"), "zh", ("prices", 1.2))
    cases["edit-prices-x1.2-bill-vat"] = Case(_variant("bill-calibration.json", _vat_deductible), "en", ("prices", 1.2))
    cases["edit-surcharge-bill"] = Case(_seed("bill-calibration.json"), "en", ("Surcharge_Per_kWh", 0.05))
    cases["edit-prices-x1.2-storage"] = Case(_seed("shandong-factory-storage.json"), "en", ("prices", 1.2))
    cases["edit-prices-x1.2-anti-backflow"] = Case(_seed("pv-storage-anti-backflow.json"), "zh", ("prices", 1.2))
    cases["edit-capex-x2"] = Case(_seed(DEFAULT), "en", ("capex_x", "冷却水泵变频 / VFDs on cooling-water pumps", 2.0))
    cases["edit-kwh"] = Case(_seed("bth-computing-centre.json"), "zh", ("kwh_x", 0, 1.5))
    cases["edit-emc-price"] = Case(_seed("taishan-steel-pv.json"), "zh", ("EMC_Price", 0.5))
    cases["edit-discount-rate"] = Case(_seed(DEFAULT), "zh", ("Discount_Rate", 0.12))
    cases["edit-escalation"] = Case(_seed(DEFAULT), "en", ("Tariff_Escalation", 0.03))
    cases["edit-capex"] = Case(_seed(DEFAULT), "zh", ("capex", "压缩空气泄漏治理 / Compressed-air leak repair", 90_000))
    cases["edit-subsidy"] = Case(_seed(DEFAULT), "en", ("Subsidy", 1_000_000))
    cases["edit-full-finance-rate"] = Case(_variant(DEFAULT, _full_finance), "zh", ("Discount_Rate", 0.10))
    return cases


def _measure_cell(wb, name: str, measure: str, lang: str):
    sheet, ref = list(wb.defined_names[name].destinations)[0]
    ws = wb[sheet]
    first, last = (int("".join(ch for ch in part if ch.isdigit())) for part in ref.split(":"))
    col = "".join(ch for ch in ref.split(":")[0] if ch.isalpha())
    name_col = next(c.column_letter for c in ws[first - 1] if c.value == label("m.name", lang))
    rows = [r for r in range(first, last + 1) if ws[f"{name_col}{r}"].value == measure]
    assert len(rows) == 1, f"measure {measure!r} not found on the Measures sheet"
    return ws[f"{col}{rows[0]}"]


def _apply_edit(path: Path, edit: tuple, lang: str, project: Project) -> None:
    wb = openpyxl.load_workbook(path)
    if edit[0] == "prices":
        names = [f"Price_{p}" for p in project.tariff.prices_yuan_per_kwh] + ["Export_Price"]
        names += ["Demand_Rate"] if "Demand_Rate" in wb.defined_names else []
        for name in names:
            sheet, coord = defined_cell(wb, name)
            wb[sheet][coord].value = wb[sheet][coord].value * edit[1]
    elif edit[0] == "capex_x":
        c = _measure_cell(wb, "Measure_Capex", edit[1], lang)
        c.value = c.value * edit[2]
    elif edit[0] == "kwh_x":
        c = _measure_cell(wb, "Measure_kWh", project.measures[edit[1]].name, lang)
        c.value = c.value * edit[2]
    elif edit[0] == "capex":
        _, measure, value = edit
        _measure_cell(wb, "Measure_Capex", measure, lang).value = value
    else:
        name, value = edit
        sheet, coord = defined_cell(wb, name)
        wb[sheet][coord].value = value
    wb.save(path)


def _edited_project(project: Project, edit: tuple) -> Project:
    d = project.model_dump(mode="json")
    if edit[0] == "prices":
        t = d["tariff"]
        t["prices_yuan_per_kwh"] = {k: v * edit[1] for k, v in t["prices_yuan_per_kwh"].items()}
        t["export_price_yuan_per_kwh"] *= edit[1]
        if t.get("basic_charge") and t["basic_charge"]["basis"] == "demand":
            t["basic_charge"]["yuan_per_kw_month"] *= edit[1]
    elif edit[0] == "capex_x":
        m = next(m for m in d["measures"] if m["name"] == edit[1])
        m["capex_yuan"] *= edit[2]
    elif edit[0] == "kwh_x":
        # an annual-energy measure on a continuous schedule, no demand charge, no PV:
        # its saved kWh scale exactly (energy after = before - x * saved)
        m = d["measures"][edit[1]]
        assert m["type"] == "annual_energy" and not d["tariff"].get("basic_charge")
        saved = m["energy_before_kwh_per_year"] - m["energy_after_kwh_per_year"]
        m["energy_after_kwh_per_year"] = m["energy_before_kwh_per_year"] - edit[2] * saved
    elif edit[0] == "EMC_Price":
        next(m for m in d["measures"] if m.get("ownership") == "emc")["emc_price_yuan_per_kwh"] = edit[1]
    elif edit[0] == "Discount_Rate":
        d["finance"]["discount_rate_pct"] = edit[1] * 100
    elif edit[0] == "Tariff_Escalation":
        d["tariff"]["escalation_pct_per_year"] = edit[1] * 100
    elif edit[0] == "Subsidy":
        d["finance"]["subsidy_yuan"] = edit[1]
    elif edit[0] == "Surcharge_Per_kWh":
        d["tariff"]["surcharges_yuan_per_kwh"] = edit[1]
    elif edit[0] == "capex":
        next(m for m in d["measures"] if m["name"] == edit[1])["capex_yuan"] = edit[2]
    return Project.model_validate(d)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, Case]:
    if not SOFFICE:
        pytest.skip(SOFFICE_MISSING)
    work = tmp_path_factory.mktemp("proposal")
    cases = _cases()
    sources = []
    for name, case in cases.items():
        result = run_project(case.project, SEEDS)
        _, case.checks = build_workbook(case.project, result, case.lang, today=DAY)
        case.source = work / "in" / f"{name}.xlsx"
        case.source.parent.mkdir(exist_ok=True)
        export_workbook(case.project, result, case.source, lang=case.lang, today=DAY)
        if case.edit:
            _apply_edit(case.source, case.edit, case.lang, case.project)
            case.project = _edited_project(case.project, case.edit)
            result = run_project(case.project, SEEDS)
        case.result = result
        sources.append(case.source)
    outputs = recalculate(sources, work / "out", work)
    for case in cases.values():
        case.recalculated = outputs[case.source]
    return cases


CASE_NAMES = list(_cases())


NOT_LIVE_FOR_KWH = ("monthly.", "monthlywan.")
"""A measure's kWh edited in the workbook moves its savings, the cash flow, the
KPIs and the emissions; the twelve monthly bills keep the hourly simulation's
split of the kWh over the months (documented on the Monthly sheet)."""


def _disagreements(case: Case) -> list[str]:
    wb = openpyxl.load_workbook(case.recalculated, data_only=True)
    errors = []
    for (sheet, coord), key in case.checks.items():
        if case.edit and case.edit[0] == "kwh_x" and key.startswith(NOT_LIVE_FOR_KWH):
            continue
        value = wb[sheet][coord].value
        why = mismatch(value, expected_value(key, case.project, case.result))
        if why:
            errors.append(f"{sheet}!{coord} [{key}]: {why}")
    return errors


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_formula_cell_equals_the_engine(recalculated, name):
    case = recalculated[name]
    assert len(case.checks) > 100
    errors = _disagreements(case)
    assert not errors, f"{len(errors)} of {len(case.checks)} formula cells disagree:\n" + "\n".join(errors[:40])


@pytest.mark.parametrize("name", CASE_NAMES)
def test_headline_metrics(recalculated, name):
    """NPV, IRR and the paybacks, read through their defined names."""
    case = recalculated[name]
    wb = openpyxl.load_workbook(case.recalculated, data_only=True)
    s = case.result.summary

    def cell(nm):
        sheet, coord = defined_cell(wb, nm)
        return wb[sheet][coord].value

    assert cell("KPI_NPV") == pytest.approx(s.npv_yuan, rel=1e-6)
    for nm, key in (
        ("KPI_IRR", "irr_pct"),
        ("KPI_Payback", "payback_years"),
        ("KPI_Discounted_Payback", "discounted_payback_years"),
        ("KPI_Simple_Payback", "simple_payback_years"),
    ):
        value, engine = cell(nm), getattr(s, key)
        if engine is None:
            assert isinstance(value, str), (nm, value)
            if nm in ("KPI_Payback", "KPI_Discounted_Payback"):
                nothing_to_pay_back = case.result.cash_flow["net_yuan"].iloc[0] >= 0
                n = case.project.finance.analysis_years
                text = label("na", case.lang) if nothing_to_pay_back else label("not_within", case.lang, n=n)
                assert value == text
        else:
            scale = 100 if key == "irr_pct" else 1
            assert value * scale == pytest.approx(engine, rel=1e-6), nm


CF_COLUMNS = (
    "investment",
    "savings",
    "om",
    "replacement",
    "loan",
    "tax",
    "costs",
    "net",
    "cumulative",
    "discounted_cumulative",
)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_cash_flow_table_row_by_row(recalculated, name):
    """Every row 0..N and every column of the cash-flow table (constants included)."""
    case = recalculated[name]
    wb = openpyxl.load_workbook(case.recalculated, data_only=True)
    ws = wb[label("sheet.cash_flow", case.lang)]
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == label("cf.year", case.lang))
    headers = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    cf = case.result.cash_flow
    n = case.project.finance.analysis_years
    years = [ws.cell(header_row + 1 + k, 1).value for k in range(n + 1)]
    assert years == list(range(n + 1))
    seen = 0
    for col in CF_COLUMNS:
        head = label(f"cf.{col}", case.lang)
        engine = cf[f"{col}_yuan" if col not in ("replacement",) else "replacement_yuan"].to_numpy(float)
        if head not in headers:  # loan / tax lines only where used
            assert all(v == 0 for v in engine), f"{col} is used but not shown"
            continue
        for k in range(n + 1):
            value = ws.cell(header_row + 1 + k, headers[head]).value or 0.0
            assert math.isclose(value, engine[k], rel_tol=1e-6, abs_tol=1e-6), (col, k, value, engine[k])
            seen += 1
    assert seen >= 6 * (n + 1)


def test_edits_change_the_results(recalculated):
    """The edited inputs really moved NPV (the agreement above is not vacuous)."""
    base = recalculated[f"{Path(DEFAULT).stem}-zh"].result.summary.npv_yuan
    for name in (
        "edit-discount-rate",
        "edit-escalation",
        "edit-capex",
        "edit-subsidy",
        "edit-prices-x1.2",
        "edit-capex-x2",
    ):
        assert abs(recalculated[name].result.summary.npv_yuan - base) > 1000, name
    bth = load_project(SEEDS / "bth-computing-centre.json")
    assert abs(recalculated["edit-kwh"].result.summary.npv_yuan - run_project(bth, SEEDS).summary.npv_yuan) > 1000


def test_bill_and_storage_edits_change_the_results(recalculated):
    """The price and surcharge edits of the bill and storage seeds really moved NPV and the battery's savings."""
    for name, seed in (
        ("edit-prices-x1.2-bill", "bill-calibration-zh"),
        ("edit-surcharge-bill", "bill-calibration-zh"),
        ("edit-prices-x1.2-storage", "shandong-factory-storage-zh"),
        ("edit-prices-x1.2-anti-backflow", "pv-storage-anti-backflow-zh"),
    ):
        edited, base = recalculated[name].result, recalculated[seed].result
        assert abs(edited.summary.npv_yuan - base.summary.npv_yuan) > 1000, name
        if base.storage:
            assert abs(edited.storage[0].first_year_savings_yuan - base.storage[0].first_year_savings_yuan) > 100


@pytest.mark.parametrize("name", [n for n in CASE_NAMES if n.startswith("edit-")])
def test_edited_workbook_metrics_and_measure_payback(recalculated, name):
    """After an edit in the workbook: NPV, IRR, the three paybacks and every
    measure's payback, NPV and IRR equal a full recompute of the changed project."""
    case = recalculated[name]
    wb = openpyxl.load_workbook(case.recalculated, data_only=True)
    for (sheet, coord), key in case.checks.items():
        if key.startswith("measure.") or key.startswith("summary."):
            why = mismatch(wb[sheet][coord].value, expected_value(key, case.project, case.result))
            assert why is None, f"{sheet}!{coord} [{key}]: {why}"


def test_undefined_metrics_are_text(recalculated):
    never = recalculated["never-pays-back-en"]
    s = never.result.summary
    assert s.irr_pct is None and s.payback_years is None and s.simple_payback_years is None
    emc = recalculated["taishan-steel-pv-zh"]
    assert emc.result.summary.payback_years is None  # nothing to pay back: no factory capex
    for case in (never, emc):
        wb = openpyxl.load_workbook(case.recalculated, data_only=True)
        for nm in ("KPI_IRR", "KPI_Payback", "KPI_Simple_Payback"):
            sheet, coord = defined_cell(wb, nm)
            assert isinstance(wb[sheet][coord].value, str)
    assert expected_value("summary.irr", never.project, never.result) is UNDEFINED


def test_hostile_names_stay_text(recalculated):
    case = recalculated["nasty-names-zh"]
    for path in (case.source, case.recalculated):
        wb = openpyxl.load_workbook(path)
        texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        formulas = {(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"}
        # LibreOffice may rewrite formulas but never adds any: the only formulas are the exporter's
        assert formulas <= set(case.checks), sorted(formulas - set(case.checks))[:5]
        for name in NASTY_MEASURES:
            cleaned = "".join(
                ch
                for ch in name.replace("\t", " ")
                if ch >= " " and not ("\x7f" <= ch <= "\x9f") and ch not in "\ufffe\uffff"
            ).strip()
            assert cleaned in texts, (path.name, cleaned)
        assert any(t.startswith("=HYPERLINK(") for t in texts)
    # the exporter's own file marks them as text the Excel way
    wb = openpyxl.load_workbook(case.source)
    ws = wb[label("sheet.measures", "zh")]
    marked = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
        and c.value[:1] in "=+-@"
        and (ws.title, c.coordinate) not in case.checks
        and c.column_letter == "B"  # the name column (a hidden column repeats the names for the chart)
    ]
    assert len(marked) == 4  # "=1+2", "+SUM(A1:A3)", "-3", "@cmd"
    assert all(c.data_type == "s" and c.quotePrefix for c in marked)
