"""The Bill tab (issue 10): every new input both ways, undo, validation
messages; bills import; model-vs-actual chart; PFC measure form; template
loading keeps the site's basic charge."""

from __future__ import annotations

import pytest

from planner.io.bills import write_bills_csv
from planner.io.projectfile import load_project
from tests.conftest import SEEDS
from tests.ui.conftest import input_panel, type_into, wait_results


@pytest.fixture
def panel(qtbot, doc):
    return input_panel(qtbot, doc, 900)


def test_power_factor_both_ways_with_undo(panel, doc, qtbot):
    ed = panel.bill_editor
    assert doc.project.tariff.power_factor is None
    ed.pf_check.check.click()
    assert doc.project.tariff.power_factor.standard == 0.9
    assert doc.project.tariff.power_factor.reactive_kvarh_per_kwh == 0.45
    ed.standard_field.select(0.85)
    assert doc.project.tariff.power_factor.standard == 0.85
    type_into(qtbot, ed.ratio_field, "0.6")
    assert doc.project.tariff.power_factor.reactive_kvarh_per_kwh == 0.6
    ed.source_field.select("monthly")
    assert doc.project.tariff.power_factor.monthly_kvarh == [0.0] * 12
    type_into(qtbot, ed.monthly_field, ", ".join(["100"] * 11))
    assert ed.monthly_field.has_problem() and "12" in ed.monthly_field.problem()
    type_into(qtbot, ed.monthly_field, ", ".join(["100"] * 12))
    assert doc.project.tariff.power_factor.monthly_kvarh == [100.0] * 12
    doc.undo_stack.undo()
    assert doc.project.tariff.power_factor.monthly_kvarh == [0.0] * 12
    r = wait_results(qtbot, doc, 10000)
    assert r is not None and "power_factor_before" in r.monthly


def test_surcharges_vat_holidays(panel, doc, qtbot):
    ed = panel.bill_editor
    type_into(qtbot, ed.surcharge_field, "0.03")
    assert doc.project.tariff.surcharges_yuan_per_kwh == 0.03
    type_into(qtbot, ed.surcharge_field, "-1")
    assert ed.surcharge_field.has_problem() and doc.project.tariff.surcharges_yuan_per_kwh == 0.03
    ed.vat_deductible_field.check.click()
    assert doc.project.finance.vat_deductible is True
    ed.vat_included_field.check.click()
    assert doc.project.tariff.vat_included is False
    ed.statutory_field.check.click()
    assert doc.project.load.holidays == "cn_statutory"
    ed.holiday_check.check.click()
    assert doc.project.tariff.holiday_schedule == doc.project.tariff.rest_day_schedule
    assert ed.paint_holiday([(9, 12), (9, 13)], "deep_valley") == []
    assert doc.project.tariff.holiday_schedule[9][12] == "deep_valley"
    r = wait_results(qtbot, doc, 10000)
    assert r is not None and r.calendar.is_holiday.sum() == 28 * 24
    for _ in range(3):
        doc.undo_stack.undo()
    assert doc.project.load.holidays != "cn_statutory" and doc.project.tariff.holiday_schedule is None


def test_holiday_year_not_shipped_is_reported(panel, doc):
    ed = panel.bill_editor
    doc.set_value(("load", "calendar_year"), 2027, "year")
    ed.statutory_field.check.click()
    doc.recompute_now()
    assert doc.results is None and "2027" in doc.last_error and "load/holidays" in doc.last_error


def test_import_bills_and_chart(qtbot, panel, doc, tmp_path):
    ed = panel.bill_editor
    seed = load_project(SEEDS / "bill-calibration.json")
    path = tmp_path / "bills.csv"
    write_bills_csv(seed.load.monthly_bills, path)
    assert ed.import_bills(str(path)) == []
    assert len(doc.project.load.monthly_bills) == 12
    assert ed.bills_model.rowCount() == 12
    ed.calibrate_field.check.click()
    assert doc.project.load.calibrate_to_bills is True
    r = wait_results(qtbot, doc, 10000)
    doc.recompute_now()
    ed.show_results(doc.results)
    assert r is not None and doc.results.bill_check is not None
    assert ed.chart.series_names()[-1] == ed.chart.tr("Model") or len(ed.chart.series_names()) == 3
    assert "%" in ed.check_summary.text()
    # the table shows the model's figures beside the bills
    col = [c[0] for c in ed.bills_model.columns].index("difference_pct")
    assert ed.bills_model.data(ed.bills_model.index(0, col)) != ""
    # editing a bill cell is one undo step; a zero total is refused with a message
    tcol = [c[0] for c in ed.bills_model.columns].index("total_yuan")
    assert not ed.bills_model.setData(ed.bills_model.index(0, tcol), "0")
    assert "total" in ed.bills_problem.text()
    assert ed.bills_model.setData(ed.bills_model.index(0, tcol), "123456")
    assert doc.project.load.monthly_bills[0].total_yuan == 123456
    doc.undo_stack.undo()
    assert doc.project.load.monthly_bills[0].total_yuan == seed.load.monthly_bills[0].total_yuan


def test_import_eleven_bills_changes_nothing(panel, doc, tmp_path):
    ed = panel.bill_editor
    path = tmp_path / "bills.csv"
    path.write_text("month,kwh,total_yuan\n" + "".join(f"{m},100,50\n" for m in range(1, 12)), encoding="utf-8")
    before = doc.undo_stack.count()
    problems = ed.import_bills(str(path))
    assert problems and "11 rows" in ed.bills_problem.text()
    assert doc.project.load.monthly_bills is None and doc.undo_stack.count() == before


def test_contract_demand_field_and_warning(panel, doc, qtbot):
    ed = panel.bill_editor
    tariff_ed = panel.tariff_editor
    tariff_ed.basis_field.select("contract_demand")
    # a contract basis needs its contract: refused until given, with a message
    assert doc.project.tariff.basic_charge.basis != "contract_demand"
    assert tariff_ed.basis_field.has_problem()

    def mutate(d):
        d["tariff"]["basic_charge"].update(basis="contract_demand", contract_demand_kw=100, transformer_kva=2000)

    assert doc.edit("contract", mutate) == []
    assert ed.contract_field.isVisibleTo(ed)
    type_into(qtbot, ed.contract_field, "300")
    assert doc.project.tariff.basic_charge.contract_demand_kw == 300
    r = wait_results(qtbot, doc, 10000)
    ed.show_results(r)
    assert "40 %" in ed.contract_note.text()


def test_pfc_measure_form(panel, doc, qtbot):
    me = panel.measures_editor
    me.add_measure("power_factor_correction")
    m = doc.project.measures[-1]
    assert m.type == "power_factor_correction" and m.target_pf == 0.95
    form = me.current_form()
    field = form.binder.field_for("target_pf")
    type_into(qtbot, field, "1.2")
    assert field.has_problem()
    type_into(qtbot, field, "0.97")
    assert doc.project.measures[-1].target_pf == 0.97


def test_pv_capped_export_form(panel, doc, qtbot):
    me = panel.measures_editor
    row = next(i for i, m in enumerate(doc.project.measures) if m.type == "pv")
    me.select_row(row)
    form = me.current_form()
    form.export_field.select("capped")
    pv = doc.project.measures[row]
    assert pv.export == "capped" and pv.export_limit_kw == pytest.approx(0.3 * pv.capacity_kwp)
    type_into(qtbot, form.export_limit_field, "250")
    assert doc.project.measures[row].export_limit_kw == 250
    type_into(qtbot, form.self_use_min_field, "50")
    assert doc.project.measures[row].self_use_min_pct == 50


def test_template_load_keeps_basic_charge(panel, doc):
    ted = panel.tariff_editor
    before = doc.project.tariff.basic_charge
    ted.load_template("guangdong_prd_2021_illustrative")
    assert doc.project.tariff.template == "guangdong_prd_2021_illustrative"
    assert doc.project.tariff.basic_charge == before  # the template's capacity charge did not replace it
    assert any("kept the site's basic_charge" in m for m in ted.template_merge_messages)


def test_bill_lines_table_and_monthly_chart(qtbot, panel, doc):
    ed = panel.bill_editor
    ed.pf_check.check.click()  # PF 1/sqrt(1 + 0.45^2) = 0.91 before the retrofit
    r = wait_results(qtbot, doc, 10000)
    doc.recompute_now()
    r = doc.results
    lm = ed.lines_model
    assert lm.rowCount() == 12 and lm.columnCount() == 13
    keys = [lm.column_key(c) for c in range(lm.columnCount())]
    assert keys[1:3] == ["energy_charge_yuan_before", "energy_charge_yuan_after"] and keys[-1] == "bill_after_yuan"
    col = keys.index("power_factor_before")
    assert lm.data(lm.index(0, col)) == f"{r.monthly['power_factor_before'].iloc[0]:.2f}"
    # the results' monthly chart stacks the PF adjustment too, so its bars add up to the bill
    from ui.results.adapters import monthly_stack

    ms = monthly_stack(r)
    total_after = sum(ms.after[k] for k in ms.after)
    assert total_after == pytest.approx(r.monthly["bill_after_yuan"].to_numpy())


def test_statutory_preset_shows_in_the_holidays_field(panel, doc):
    panel.bill_editor.statutory_field.check.click()
    field = panel.load_editor.holidays_field
    assert field.line_edit.text() == "cn_statutory"
    field.edited.emit(field._parse(field.line_edit.text()))  # a commit of the unchanged text keeps the preset
    assert doc.project.load.holidays == "cn_statutory"
