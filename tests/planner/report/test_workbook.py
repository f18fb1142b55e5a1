"""The proposal workbook's structure, without LibreOffice: sheets, names,
formats, print setup, labels, text safety, the API and the command line."""

from __future__ import annotations

import ast
import io
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from planner.model.project import Project
from planner.report import workbook as export
from planner.report.workbook import (
    build_workbook,
    clean_text,
    display_name,
    display_width,
    export_workbook,
    header_footer_text,
    label,
    needs_quote_prefix,
    normalise_lang,
    sheet_title,
    workbook_bytes,
)

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"
DAY = date(2025, 6, 30)
SHEETS = ("summary", "assumptions", "measures", "cash_flow", "pv_years", "monthly", "emissions", "measure_cf")


def _labels() -> dict[str, tuple[str, str]]:
    """The report's words: ``assets/terms/report.json`` without the ``report.`` prefix."""
    from planner.terms import catalogue

    return {k[len("report.") :]: (v["zh"], v["en"]) for k, v in catalogue().items() if k.startswith("report.")}


LABELS = _labels()


@pytest.fixture(scope="module")
def default():
    project = load_project(DEFAULT)
    return project, run_project(project, SEEDS)


@pytest.fixture(scope="module", params=["zh", "en"])
def book(request, default):
    project, result = default
    data = workbook_bytes(project, result, request.param, today=DAY)
    _, checks = build_workbook(project, result, request.param, today=DAY)
    return request.param, openpyxl.load_workbook(io.BytesIO(data)), checks


def test_sheets_in_order_and_translated(book):
    lang, wb, _ = book
    assert wb.sheetnames == [label(f"sheet.{k}", lang) for k in SHEETS]
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in wb.sheetnames)


def test_every_formula_cell_is_checked(book):
    """The recalculation test compares every formula cell: none escapes the check list."""
    _, wb, checks = book
    formulas = {(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formulas == set(checks)
    assert len(formulas) > 300


def test_kpis_are_live_formulas(book):
    _, wb, _ = book
    for name in ("KPI_NPV", "KPI_IRR", "KPI_Payback", "KPI_Discounted_Payback", "KPI_Simple_Payback"):
        ((sheet, coord),) = wb.defined_names[name].destinations
        cell = wb[sheet][coord.replace("$", "")]
        assert isinstance(cell.value, str) and cell.value.startswith("="), name
    ((sheet, coord),) = wb.defined_names["KPI_NPV"].destinations
    assert "NPV(Discount_Rate," in wb[sheet][coord.replace("$", "")].value
    ((sheet, coord),) = wb.defined_names["KPI_IRR"].destinations
    assert "IRR(" in wb[sheet][coord.replace("$", "")].value


def test_defined_names_for_key_inputs(book):
    _, wb, _ = book
    for name in (
        "Discount_Rate",
        "Tariff_Escalation",
        "Analysis_Years",
        "Subsidy",
        "OM_Escalation",
        "Eff_Savings_Y1",
        "PV_Savings_Y1",
        "Price_peak",
        "Price_flat",
        "Price_valley",
        "Export_Price",
        "Demand_Rate",
        "Measure_kWh",
        "Measure_Savings",
        "Measure_Simple_Payback",
        "Measure_Payback",
        "Measure_IRR",
        "Measure_NPV",
        "Eff_Energy_Y1",
        "PV_Energy_Y1",
        "PV_Degradation",
        "Measure_Capex",
        "Measure_Life",
        "Measure_OM",
        "Total_Capex",
        "Net_Investment",
        "OM_Y1",
        "Grid_Factor",
        "TCE_Factor",
        "CF_Net",
        "CF_Years",
    ):
        assert name in wb.defined_names, name
        assert list(wb.defined_names[name].destinations), name


def test_inputs_are_marked(book):
    lang, wb, _ = book
    for name in (
        "Discount_Rate",
        "Tariff_Escalation",
        "Subsidy",
        "Price_peak",
        "Export_Price",
        "Demand_Rate",
        "PV_Degradation",
        "Grid_Factor",
        "TCE_Factor",
    ):
        ((sheet, coord),) = wb.defined_names[name].destinations
        cell = wb[sheet][coord.replace("$", "")]
        assert cell.fill.fgColor.rgb.endswith("FFF2CC"), name
        assert cell.protection.locked is False, name
    for name in ("Analysis_Years", "Eff_Savings_Y1", "KPI_NPV"):  # facts and formulas stay locked
        ((sheet, coord),) = wb.defined_names[name].destinations
        assert wb[sheet][coord.replace("$", "")].protection.locked is not False, name
    sheet, ref = list(wb.defined_names["Measure_Capex"].destinations)[0]
    first = ref.split(":")[0].replace("$", "")
    assert wb[sheet][first].fill.fgColor.rgb.endswith("FFF2CC")
    assert label("legend.input", lang) in [c.value for c in wb[label("sheet.assumptions", lang)]["A"]]


def test_number_formats(book):
    lang, wb, _ = book
    ((sheet, coord),) = wb.defined_names["KPI_NPV"].destinations
    assert wb[sheet][coord.replace("$", "")].number_format.startswith("#,##0")
    ((sheet, coord),) = wb.defined_names["KPI_IRR"].destinations
    assert wb[sheet][coord.replace("$", "")].number_format == "0.00%"
    ((sheet, coord),) = wb.defined_names["KPI_Payback"].destinations
    assert wb[sheet][coord.replace("$", "")].number_format == "0.0"
    ((sheet, coord),) = wb.defined_names["Discount_Rate"].destinations
    assert wb[sheet][coord.replace("$", "")].number_format == "0.00%"
    ws = wb[label("sheet.cash_flow", lang)]
    net = [c for c in ws[4] if c.value is not None and isinstance(c.value, str) and c.value.startswith("=")]
    assert net and all(c.number_format.startswith("#,##0") or c.number_format == "0.0" for c in net)


def test_print_setup_and_frozen_headers(book):
    lang, wb, _ = book
    for ws in wb:
        assert ws.protection.sheet and not ws.protection.password, ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth or 1) == 1  # 1 is the default, XlsxWriter omits it
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert ws.oddHeader.center.text
    for key in ("assumptions", "measures", "cash_flow", "pv_years", "monthly", "emissions"):
        assert wb[label(f"sheet.{key}", lang)].freeze_panes, key
    summary = wb[label("sheet.summary", lang)]
    assert int(summary.page_setup.fitToHeight or 1) == 1
    assert len(summary._charts) == 3


def test_column_widths_fit(book):
    lang, wb, _ = book
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    width = ws.column_dimensions[c.column_letter].width
                    text = f"{c.value:,.0f}"
                    assert width >= display_width(text) + 1, (ws.title, c.coordinate, width, text)


def test_labels_complete_and_distinct():
    for key, (zh, en) in LABELS.items():
        assert en or key == "not_within_1", key
        assert zh or key in ("not_within_1",), key
        if key.startswith(("sheet.", "kpi.", "cf.", "m.", "em.", "mo.")) and key not in ("mo.month",):
            assert zh != en, f"{key} not translated"


def test_no_untranslated_english_in_zh(default):
    project, result = default
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(project, result, "zh", today=DAY)))
    english_labels = {en for key, (zh, en) in LABELS.items() if zh != en and len(en) > 3}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and c.value in english_labels), (ws.title, c.coordinate, c.value)


def test_text_helpers():
    assert clean_text("a\x00b\x07c\x1b\ufffed\x85e") == "abcde"
    assert clean_text("x\ty\r\nz", one_line=True) == "x y z"
    assert clean_text("x" * 40000) == "x" * 32766 + "\u2026"
    assert all(needs_quote_prefix(t) for t in ("=1", "+1", "-1", "@x"))
    assert not needs_quote_prefix("a=1")
    assert sheet_title("a[b]:c*d?e/f\\g") == "a b c d e f g"
    assert len(sheet_title("x" * 50)) == 31
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("Summary", {"summary"}) == "Summary (2)"
    assert sheet_title("History") == "History (2)"
    assert header_footer_text("R&D") == "R&&D"
    assert display_width("ab中文") == 6
    assert display_name("山东工厂 / Shandong plant", "en") == "Shandong plant"
    assert display_name("山东工厂 / Shandong plant", "zh") == "山东工厂"
    assert display_name("A / B", "zh") == "A / B"
    assert normalise_lang("zh_CN") == "zh" and normalise_lang("en-US") == "en" and normalise_lang(None) == "zh"
    with pytest.raises(ValueError):
        normalise_lang("fr")


def _hostile_project() -> Project:
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    data["name"] = "=cmd|'/C calc'!A0 & [x]:*?/\\\x01"
    data["site"]["name"] = "@SUM(1)"
    data["description"] = "-2+3\x0c"
    data["measures"][0]["name"] = '+HYPERLINK("http://e")'
    data["measures"][1]["name"] = "=1/0"
    data["tariff"]["notes"] = "=EVIL()"
    return Project.model_validate(data)


def test_hostile_text_is_never_a_formula():
    project = _hostile_project()
    result = run_project(project, SEEDS)
    for lang in ("zh", "en"):
        data = workbook_bytes(project, result, lang, today=DAY)
        _, checks = build_workbook(project, result, lang, today=DAY)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        formulas = {(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"}
        assert formulas == set(checks)
        strings = [
            c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "s" and isinstance(c.value, str)
        ]
        values = {c.value for c in strings}
        assert "=1/0" in values and '+HYPERLINK("http://e")' in values and "=EVIL()" in values
        assert "=cmd|'/C calc'!A0 & [x]:*?/\\" in values
        assert all(c.quotePrefix for c in strings if c.value[:1] in "=+-@")
        ws = wb[label("sheet.summary", lang)]
        assert "&&" in ws.oddHeader.center.text  # '&' escaped in the page header
        assert wb.properties.title.startswith("=cmd")


def test_export_is_atomic(tmp_path, default, monkeypatch):
    project, result = default
    out = tmp_path / "p.xlsx"
    export_workbook(project, result, out, lang="en", today=DAY)
    before = out.read_bytes()
    assert before[:2] == b"PK"

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "workbook_bytes", boom)
    with pytest.raises(RuntimeError):
        export.export_workbook(project, result, out, lang="en")
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"]


def test_cli_export(tmp_path, capsys):
    from planner.cli import main

    out = tmp_path / "proposal.xlsx"
    assert main(["export", str(DEFAULT), "-o", str(out), "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary"
    assert main(["export", str(SEEDS / "taishan-steel-pv.json"), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == label("sheet.summary", "zh")


def test_many_measures(default):
    """200 measures: every one on the Measures sheet, ten on the summary."""
    project, _ = default
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    base = [m for m in data["measures"] if m["type"] != "pv"]
    data["measures"] = [dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} #{i}") for i in range(200)]
    big = Project.model_validate(data)
    result = run_project(big, SEEDS)
    data, checks = build_workbook(big, result, "en", today=DAY)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Measures"]
    names = {c.value for c in ws["B"] if isinstance(c.value, str)}
    assert all(m.name in names for m in big.measures)
    assert sum(1 for key in checks.values() if key.endswith(".npv_yuan") and key.startswith("measure.")) == 200


def test_workbook_libraries_only_in_report_and_readers():
    """XlsxWriter (the writer) only under planner/report; openpyxl (reading
    workbooks) only under planner/report and planner/io.  import-linter keeps
    the same rule in CI; this test keeps it in the suite."""
    allowed = {"openpyxl": ("report", "io"), "xlsxwriter": ("report",)}
    offenders = []
    for path in (REPO / "planner").rglob("*.py"):
        package = path.relative_to(REPO / "planner").parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for n in names:
                top = n.split(".")[0]
                if top in allowed and package not in allowed[top]:
                    offenders.append(f"{path.relative_to(REPO)} imports {top}")
    assert not offenders
