"""Input editors: every field both ways (widget -> project -> engine results,
project / undo -> widget), units on every field, bad input refused at the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from planner.engine.chain import run_project
from planner.io.projectfile import load_project, project_from_dict, project_to_dict
from planner.io.reference import emission_presets, tariff_templates
from tests.conftest import SEEDS
from tests.ui.conftest import input_panel, type_into
from ui.editors import InputPanel
from ui.widgets.fields import NumberField, ParseError, format_number, parse_number

SEED = SEEDS / "shandong-midsize-factory.json"


@pytest.fixture
def panel(qtbot, doc):
    return input_panel(qtbot, doc, 900)


def engine_results(doc) -> dict:
    return run_project(doc.project, doc.base_dir).to_dict()


def doc_results(doc) -> dict:
    doc.recompute_now()
    assert doc.results is not None, doc.last_error
    return doc.results.to_dict()


def modified(doc, mutate) -> object:
    d = project_to_dict(doc.project)
    mutate(d)
    return project_from_dict(d)


# --------------------------------------------------------------------------- parsing


def test_parse_number_accepts_what_people_type():
    assert parse_number("18,000,000") == 18_000_000
    assert parse_number("１２.５") == 12.5  # full-width digits (Chinese IME)
    assert parse_number(" 75 kW ", unit="kW") == 75
    assert parse_number("", optional=True) is None
    for bad in ("abc", "1.2.3", "nan", "inf", ""):
        with pytest.raises(ParseError):
            parse_number(bad)
    with pytest.raises(ParseError):
        parse_number("2.5", integer=True)
    assert format_number(18_000_000) == "18,000,000"
    assert format_number(0.3949) == "0.3949"
    assert format_number(2025) == "2025"


# --------------------------------------------------------------------------- site


def test_site_latitude_both_directions(qtbot, panel, doc):
    f = panel.project_editor.latitude_field
    assert f.text() == "36.8"
    assert f.unit() == "°"
    type_into(qtbot, f, "40.5")
    assert doc.project.site.latitude_deg == 40.5
    assert doc.undo_stack.count() == 1  # typing "4", "40", "40.", "40.5" is one undo step
    assert "latitude" in doc.undo_stack.undoText().lower()
    assert doc_results(doc) == engine_results(doc)
    doc.undo_stack.undo()
    assert doc.project.site.latitude_deg == 36.8
    assert f.text() == "36.8"
    doc.replace_project(modified(doc, lambda d: d["site"].update(longitude_deg=120.25)), "test")
    assert panel.project_editor.longitude_field.text() == "120.25"


def test_latitude_out_of_range_is_refused_at_the_field(qtbot, panel, doc):
    f = panel.project_editor.latitude_field
    type_into(qtbot, f, "95")
    # nothing is committed while typing ("9" on the way is not taken): the project keeps 36.8
    assert doc.project.site.latitude_deg == 36.8
    assert f.has_problem()
    assert "90" in f.problem() and "95" in f.problem()
    assert f.text() == "95"  # what the user typed stays visible
    assert f.message_label.isVisibleTo(panel)
    assert f.line_edit.toolTip() == f.problem()


def test_project_name_empty_is_explained(qtbot, panel, doc):
    f = panel.project_editor.name_field
    old = doc.project.name
    f.line_edit.selectAll()
    qtbot.keyClick(f.line_edit, "a")
    f.line_edit.selectAll()
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Delete)
    assert doc.project.name == "a"
    assert f.has_problem()
    assert f.text() == ""
    doc.undo_stack.undo()
    assert doc.project.name == old
    assert f.text() == old
    assert not f.has_problem()


# --------------------------------------------------------------------------- load


def test_annual_consumption_both_directions(qtbot, panel, doc):
    f = panel.load_editor.annual_field
    assert f.text() == "18,000,000"
    assert "kWh" in f.unit()
    type_into(qtbot, f, "20,000,000")
    assert doc.project.load.annual_kwh == 20_000_000
    res = doc_results(doc)
    assert res == engine_results(doc)
    assert doc.results.baseline_kw.sum() == pytest.approx(20_000_000)
    doc.undo_stack.undo()
    assert f.text() == "18,000,000"


def test_letters_in_a_number_field_are_refused(qtbot, panel, doc):
    f = panel.load_editor.annual_field
    before = doc_results(doc)
    type_into(qtbot, f, "12x", commit=False)
    # marked at once, committed never: the project keeps 18 GWh (not "12" from the way)
    assert f.has_problem() and "number" in f.problem() and "12x" in f.problem()
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Return)
    assert doc.project.load.annual_kwh == 18_000_000
    assert f.text() == "12x"
    # the user fixes the text and presses Enter: one undo step
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Backspace)
    assert not f.has_problem()
    assert doc.project.load.annual_kwh == 18_000_000
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Return)
    assert doc.project.load.annual_kwh == 12
    doc.undo_stack.undo()
    assert doc.project.load.annual_kwh == 18_000_000
    assert doc_results(doc) == before


def test_bad_text_survives_unrelated_edits_and_escape_restores(qtbot, panel, doc):
    f = panel.load_editor.base_load_field
    type_into(qtbot, f, "abc")
    assert f.has_problem() and doc.project.load.base_load_pct == 25
    type_into(qtbot, panel.project_editor.latitude_field, "37")
    assert f.text() == "abc" and f.has_problem()  # nothing the user typed is lost
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Escape)
    assert f.text() == "25" and not f.has_problem()


def test_base_load_over_100_is_refused(qtbot, panel, doc):
    f = panel.load_editor.base_load_field
    type_into(qtbot, f, "150")
    assert doc.project.load.base_load_pct == 25
    assert f.has_problem() and "100" in f.problem()


def test_shift_pattern_and_working_days_both_directions(qtbot, panel, doc):
    ed = panel.load_editor
    assert ed.shift_field.select("three_shift")
    assert doc.project.load.shift_pattern == "three_shift"
    assert doc_results(doc) == engine_results(doc)
    assert ed.working_days_field.select("mon_fri")
    assert doc.project.load.working_days == "mon_fri"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert ed.shift_field.current_value() == "two_shift"
    assert ed.working_days_field.current_value() == "mon_sat"


def test_holidays_field(qtbot, panel, doc):
    f = panel.load_editor.holidays_field
    type_into(qtbot, f, "2025-01-01, 2025-10-01")
    assert [d.isoformat() for d in doc.project.load.holidays] == ["2025-01-01", "2025-10-01"]
    type_into(qtbot, f, "2025-13-01")
    assert f.has_problem() and "YYYY-MM-DD" in f.problem()


# --------------------------------------------------------------------------- tariff prices


def test_peak_price_changes_the_bill(qtbot, panel, doc):
    before = doc_results(doc)
    f = panel.tariff_editor.price_fields["peak"]
    assert f.text() == "1.156"
    assert f.unit() in ("yuan/kWh", "元/kWh")
    type_into(qtbot, f, "1.5")
    assert doc.project.tariff.prices_yuan_per_kwh["peak"] == 1.5
    after = doc_results(doc)
    assert after == engine_results(doc)
    assert sum(m["bill_before_yuan"] for m in after["monthly"]) > sum(m["bill_before_yuan"] for m in before["monthly"])
    doc.undo_stack.undo()
    assert f.text() == "1.156"
    assert doc_results(doc) == before


def test_removing_a_used_price_is_explained(qtbot, panel, doc):
    f = panel.tariff_editor.price_fields["valley"]
    f.line_edit.selectAll()
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Return)
    assert f.has_problem() and "valley" in f.problem()
    assert doc.project.tariff.prices_yuan_per_kwh["valley"] == 0.204


def test_negative_export_price_is_refused(qtbot, panel, doc):
    f = panel.tariff_editor.export_field
    type_into(qtbot, f, "-0.1")
    assert f.has_problem() and ">= 0" in f.problem() and "-0.1" in f.problem()
    # nothing on the way ("-0") was committed
    assert doc.project.tariff.export_price_yuan_per_kwh == 0.3949
    assert f.text() == "-0.1"


def test_basic_charge_toggle_and_basis(qtbot, panel, doc):
    ed = panel.tariff_editor
    assert ed.basic_check.check.isChecked()
    assert ed.demand_price_field.text() == "30"
    ed.basic_check.check.click()
    assert doc.project.tariff.basic_charge is None
    assert not (not ed.demand_price_field.isHidden())
    assert doc_results(doc) == engine_results(doc)
    ed.basic_check.check.click()
    assert doc.project.tariff.basic_charge.yuan_per_kw_month == 30
    ed.basis_field.select("capacity")
    assert doc.project.tariff.basic_charge.basis == "capacity"
    assert (not ed.kva_field.isHidden()) and not (not ed.demand_price_field.isHidden())
    type_into(qtbot, ed.kva_field, "2500")
    assert doc.project.tariff.basic_charge.transformer_kva == 2500
    assert doc_results(doc) == engine_results(doc)


def test_load_tariff_template_shows_source_and_is_one_undo_step(qtbot, panel, doc):
    ed = panel.tariff_editor
    gd = next(t for t in tariff_templates() if t["id"].startswith("guangdong"))
    ed.template_field.select(gd["id"])
    info = ed.template_info.text()
    assert gd["date"] in info and gd["source"][:30] in info
    assert "llustrative" in info
    n = doc.undo_stack.count()
    ed.load_template_button.click()
    assert doc.project.tariff.template == gd["id"]
    assert doc.project.tariff.prices_yuan_per_kwh == pytest.approx(gd["tariff"]["prices_yuan_per_kwh"])
    assert doc.undo_stack.count() == n + 1
    assert ed.price_fields["peak"].text() == format_number(gd["tariff"]["prices_yuan_per_kwh"]["peak"])
    assert doc_results(doc) == engine_results(doc)
    doc.undo_stack.undo()
    assert doc.project.tariff.template == "shandong_2025_illustrative"
    assert ed.price_fields["peak"].text() == "1.156"


# --------------------------------------------------------------------------- finance


def test_discount_rate_both_directions(qtbot, panel, doc):
    f = panel.finance_editor.discount_field
    assert f.text() == "8" and f.unit() == "%"
    before = doc_results(doc)
    type_into(qtbot, f, "10")
    assert doc.project.finance.discount_rate_pct == 10
    after = doc_results(doc)
    assert after == engine_results(doc)
    assert after["summary"]["npv_yuan"] < before["summary"]["npv_yuan"]
    doc.undo_stack.undo()
    assert f.text() == "8"


@pytest.mark.parametrize(
    ("editor", "field", "text", "message", "kept"),
    [
        ("load_editor", "year_field", "2024.5", "whole number", lambda p: p.load.calendar_year == 2025),
        ("finance_editor", "years_field", "0", ">= 1", lambda p: p.finance.analysis_years == 20),
    ],
)
def test_refused_whole_numbers(qtbot, panel, doc, editor, field, text, message, kept):
    f = getattr(getattr(panel, editor), field)
    type_into(qtbot, f, text)
    assert f.has_problem() and message in f.problem()
    assert kept(doc.project)


def test_loan_toggle(qtbot, panel, doc):
    ed = panel.finance_editor
    assert not (not ed.loan_share_field.isHidden())
    ed.loan_check.check.click()
    assert doc.project.finance.loan is not None
    assert not ed.loan_share_field.isHidden()
    type_into(qtbot, ed.loan_interest_field, "5.5")
    assert doc.project.finance.loan.interest_pct == 5.5
    assert doc_results(doc) == engine_results(doc)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.project.finance.loan is None
    assert not ed.loan_check.check.isChecked()


def test_subsidy_and_tax(qtbot, panel, doc):
    ed = panel.finance_editor
    type_into(qtbot, ed.subsidy_field, "500000")
    type_into(qtbot, ed.tax_field, "25")
    assert doc.project.finance.subsidy_yuan == 500000
    assert doc.project.finance.income_tax_pct == 25
    assert doc_results(doc) == engine_results(doc)


# --------------------------------------------------------------------------- emissions


def test_emission_preset_and_custom_factor(qtbot, panel, doc):
    ed = panel.emissions_editor
    assert ed.factor_field.text() == "0.6191"
    assert "2023" in ed.preset_info.text() and "MEE" in ed.preset_info.text()
    p = next(p for p in emission_presets() if p["id"] == "mee_avg_national_2023")
    ed.preset_field.select(p["id"])
    assert doc.project.emissions.grid_factor_kg_per_kwh == p["kg_per_kwh"]
    assert doc.project.emissions.factor_preset == p["id"]
    assert ed.factor_field.text() == format_number(p["kg_per_kwh"])
    res = doc_results(doc)
    assert res == engine_results(doc)
    type_into(qtbot, ed.factor_field, "0.9419")
    assert doc.project.emissions.grid_factor_kg_per_kwh == 0.9419
    assert doc.project.emissions.factor_preset is None
    assert ed.preset_field.current_value() == "__custom__"
    res2 = doc_results(doc)
    assert res2["summary"]["first_year_co2_avoided_t"] > res["summary"]["first_year_co2_avoided_t"]
    type_into(qtbot, ed.factor_field, "-1")
    assert ed.factor_field.has_problem()
    assert doc.project.emissions.grid_factor_kg_per_kwh == 0.9419


def test_tce_basis(qtbot, panel, doc):
    ed = panel.emissions_editor
    assert ed.tce_field.current_value() == "heat_equivalent"
    ed.tce_field.select("coal_consumption_2024")
    assert doc.project.emissions.tce_kgce_per_kwh == 0.3024
    assert ed.tce_value_field.text() == "0.3024"
    res = doc_results(doc)
    assert res == engine_results(doc)
    doc.undo_stack.undo()
    assert ed.tce_field.current_value() == "heat_equivalent"


# --------------------------------------------------------------------------- whole panel


def test_every_number_field_shows_its_unit(panel):
    unitless = {panel.load_editor.year_field}
    for form in panel.measures_editor.forms.values():
        for b in form.binder.bindings:
            if b.path[-1] in ("affinity_exponent", "dc_ac_ratio"):
                unitless.add(b.field)
    fields = [f for f in panel.findChildren(NumberField) if f not in unitless]
    assert len(fields) > 40
    for f in fields:
        assert f.unit().strip(), f"{f} has no unit"


def test_replace_project_refreshes_every_editor(qtbot, panel, doc):
    def mutate(d):
        d["site"]["name"] = "Jinan"
        d["load"]["annual_kwh"] = 1234567
        d["tariff"]["export_price_yuan_per_kwh"] = 0.35
        d["finance"]["subsidy_yuan"] = 42
        d["emissions"]["tce_kgce_per_kwh"] = 0.3
        d["measures"][0]["capex_yuan"] = 99999

    doc.replace_project(modified(doc, mutate), "test")
    assert panel.project_editor.site_name_field.text() == "Jinan"
    assert panel.load_editor.annual_field.text() == "1,234,567"
    assert panel.tariff_editor.export_field.text() == "0.35"
    assert panel.finance_editor.subsidy_field.text() == "42"
    assert panel.emissions_editor.tce_value_field.text() == "0.3"
    assert panel.emissions_editor.tce_field.current_value() == "__custom__"
    panel.measures_editor.select_row(0)
    assert panel.measures_editor.current_form().capex_field.text() == "99,999"


def test_chinese_translation_rebuilds_the_panel(qtbot, panel, doc):
    from ui.i18n import TranslationManager

    manager = TranslationManager(QCoreApplication.instance())
    assert manager.set_language("zh_CN", persist=False)
    try:
        qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "电价", timeout=3000)
        assert panel.tariff_editor.price_fields["peak"].unit() == "元/kWh"  # units from assets/terms
        assert panel.load_editor.annual_field.unit() == "kWh/年"
        assert panel.tariff_editor.palette_widget.buttons["peak"].text().startswith("高峰")
        # still bound to the document
        type_into(qtbot, panel.project_editor.latitude_field, "30")
        assert doc.project.site.latitude_deg == 30
    finally:
        manager.set_language("en", persist=False)
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "Tariff", timeout=3000)


def test_tsv_covers_every_editor_string():
    """Every string the editors translate has a Chinese translation."""
    import ast

    from tests.conftest import REPO
    from tools.i18n_build import read_tables

    table = read_tables()
    missing = []
    files = [p for d in ("ui/editors", "ui/widgets", "ui/models") for p in (REPO / d).glob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "self"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    if (cls.name, node.args[0].value) not in table:
                        missing.append((path.name, cls.name, node.args[0].value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) for a in node.args[:2])
            ):
                ctx, src = node.args[0].value, node.args[1].value
                if (ctx, src) not in table:
                    missing.append((path.name, ctx, src))
    assert not missing, "\n".join(map(str, missing))


def test_focus_path_shows_the_field(qtbot, panel, doc):
    assert panel.focus_path("finance.discount_rate_pct")
    assert panel.tabs.currentIndex() == InputPanel.TAB_FINANCE
    assert panel.focus_path("measures[3].energy_per_unit_after_kwh")
    assert panel.tabs.currentIndex() == InputPanel.TAB_MEASURES
    assert panel.measures_editor.current_row() == 3
    assert panel.focus_path("tariff.prices_yuan_per_kwh.peak")
    assert panel.tabs.currentIndex() == InputPanel.TAB_TARIFF
    assert not panel.focus_path("measures[99].capex_yuan")
    assert not panel.focus_path("no.such.field")


GARBAGE = ["abc", "-1", "0", "1e309", "", "99999999999999999999", "12,5", "１０", "-0", "NaN", "2025-13-45", "😀"]


def test_garbage_in_every_field_never_breaks_the_document(qtbot, panel, doc):
    """Type junk into every text field of every editor and every measure form:
    the document always holds a valid project, the engine still runs, nothing raises."""
    from ui.widgets.fields import _TextFieldBase

    def fields_now():
        return [f for f in panel.findChildren(_TextFieldBase) if f.window() is panel]

    for row in range(len(doc.project.measures)):
        panel.measures_editor.select_row(row)
        for f in fields_now():
            if not f.isEnabled():
                continue
            for text in GARBAGE:
                f.line_edit.setText(text)
                f.line_edit.textEdited.emit(text)
        assert doc.project == type(doc.project).model_validate(doc.project.model_dump())
    doc.recompute_now()
    assert doc.results is not None or doc.last_error  # an explained failure at worst, never an exception
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.project == load_project(SEED)


def _candidates(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return []
    if isinstance(v, int):
        return [v + 1, v - 1, v * 2]
    return [round(v * 1.1, 6), round(v * 0.9, 6), v + 1, v - 1, 0.5]


def _valid_variant(doc, full_path, value):
    from planner.io.projectfile import ProjectError
    from ui.widgets.binding import set_path

    for cand in _candidates(value):
        d = project_to_dict(doc.project)
        set_path(d, full_path, cand)
        try:
            return cand, project_from_dict(d)
        except ProjectError:
            continue
    return None, None


def check_binder_both_ways(qtbot, doc, binder, data_fn):
    """For every number field of ``binder``: project -> widget (replace_project, undo) and
    widget -> project (typing), each with a value the project accepts."""
    from ui.widgets.binding import get_path

    checked = 0
    for b in binder.bindings:
        f = b.field
        if not isinstance(f, NumberField) or f.isHidden() or b.read is not None:
            continue
        full = binder.full_path(b)
        value = get_path(data_fn(), full)
        new_value, new_project = _valid_variant(doc, full, value)
        if new_project is None:
            continue
        doc.replace_project(new_project, "test")
        assert f.text() == format_number(new_value), full
        doc.undo_stack.undo()
        assert f.text() == format_number(value), full
        type_into(qtbot, f, format_number(new_value))
        assert get_path(project_to_dict(doc.project), full) == pytest.approx(new_value), full
        assert not f.has_problem(), (full, f.problem())
        doc.undo_stack.undo()
        checked += 1
    return checked


def test_every_number_field_both_ways(qtbot, panel, doc):
    from ui.widgets.binding import project_data

    n = 0
    for ed in (
        panel.project_editor,
        panel.load_editor,
        panel.tariff_editor,
        panel.finance_editor,
        panel.emissions_editor,
    ):
        n += check_binder_both_ways(qtbot, doc, ed.binder, lambda: project_data(doc))
    panel.finance_editor.loan_check.check.click()
    n += check_binder_both_ways(qtbot, doc, panel.finance_editor.binder, lambda: project_data(doc))
    assert n >= 20
    assert doc_results(doc) == engine_results(doc)


# --------------------------------------------------------------------------- issue 9 item 16


def test_loading_a_template_keeps_the_sites_basic_charge_and_says_so(qtbot, panel, doc):
    ed = panel.tariff_editor
    before = doc.project.tariff.basic_charge
    assert before is not None
    gd = next(t for t in tariff_templates() if t["id"].startswith("guangdong"))
    assert gd["tariff"].get("basic_charge") and gd["tariff"]["basic_charge"] != before.model_dump(exclude_none=True)
    assert ed.load_template(gd["id"]) == []
    assert doc.project.tariff.basic_charge == before  # the factory's contract, not the province's
    assert "basic charge was kept" in ed.template_info.text()


def test_the_template_picker_shows_the_current_projects_template(qtbot, panel, doc):
    ed = panel.tariff_editor
    assert ed.template_field.current_value() == "shandong_2025_illustrative"
    gd = next(t for t in tariff_templates() if t["id"].startswith("guangdong"))
    d = project_to_dict(doc.project)
    d["tariff"]["template"] = gd["id"]
    doc.replace_project(project_from_dict(d), "other project")
    assert ed.template_field.current_value() == gd["id"]


def test_chinese_mode_shows_sources_and_problems_in_chinese(qtbot, panel, doc):
    from ui.i18n import TranslationManager

    manager = TranslationManager(QCoreApplication.instance())
    manager.set_language("zh_CN", persist=False)
    try:
        qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "电价", timeout=3000)
        em = panel.emissions_editor
        assert "生态环境部" in em.preset_info.text() and "MEE/NBS" not in em.preset_info.text()
        assert "可信度:中" in em.preset_info.text().replace(":", ":") or "可信度:中" in em.preset_info.text()
        ed = panel.tariff_editor
        assert "山东省分时电价通知" in ed.template_info.text()
        f = panel.load_editor.annual_field
        type_into(qtbot, f, "-5")
        assert "大于 0 的数" in f.problem() and "a number" not in f.problem()
    finally:
        manager.set_language("en", persist=False)
