"""Measures: table add / duplicate / delete / reorder with undo, and the per-type forms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from planner.engine.chain import run_project
from planner.io.reference import motor_efficiency_pct
from tests.conftest import SEEDS
from tests.ui.conftest import input_panel, type_into
from ui.editors import InputPanel
from ui.editors.measures import unique_name
from ui.models.measures import CAPEX, ENABLED, LIFE, NAME

SEED = SEEDS / "shandong-midsize-factory.json"


@pytest.fixture
def panel(qtbot, doc):
    return input_panel(qtbot, doc, tab=InputPanel.TAB_MEASURES)


@pytest.fixture
def ed(panel):
    yield panel.measures_editor


def names(doc) -> list[str]:
    return [m.name for m in doc.project.measures]


def results(doc) -> dict:
    doc.recompute_now()
    assert doc.results is not None, doc.last_error
    return doc.results.to_dict()


# --------------------------------------------------------------------------- names


def test_unique_name():
    assert unique_name("X", ["Y"]) == "X"
    assert unique_name("X", ["X"]) == "X (2)"
    assert unique_name("X", ["X", "X (2)"]) == "X (3)"
    assert unique_name("X (2)", ["X", "X (2)"]) == "X (3)"
    assert unique_name("A (1999)", ["A (1999)"]) == "A (2000)"


# --------------------------------------------------------------------------- table operations


def test_table_shows_the_measures(ed, doc):
    m = ed.model
    assert m.rowCount() == len(doc.project.measures) == 6
    assert m.data(m.index(0, NAME)) == doc.project.measures[0].name
    assert m.data(m.index(0, CAPEX)) == "180,000"
    assert m.data(m.index(0, ENABLED), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "kW" in m.headerData(CAPEX, Qt.Orientation.Horizontal) or "yuan" in m.headerData(
        CAPEX, Qt.Orientation.Horizontal
    )
    assert ed.current_row() == 0
    assert type(ed.current_form()).__name__ == "MotorForm"


@pytest.mark.parametrize("mtype", ["motor", "vfd", "specific_energy", "annual_energy", "pv"])
def test_add_each_type_and_undo(qtbot, ed, doc, mtype):
    before = results(doc)
    ed.add_actions[mtype].trigger()
    assert len(doc.project.measures) == 7
    new = doc.project.measures[-1]
    assert new.type == mtype
    assert ed.current_row() == 6
    assert type(ed.current_form()).mtype == mtype
    assert doc.undo_stack.undoText().startswith("Add ")
    res = results(doc)
    assert res == run_project(doc.project, doc.base_dir).to_dict()
    assert len(res["measures"]) == 7
    # adding the same type again gets a unique name
    ed.add_measure(mtype)
    assert doc.project.measures[-1].name == f"{new.name} (2)"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert len(doc.project.measures) == 6
    assert results(doc) == before
    assert ed.model.rowCount() == 6


def test_duplicate_gives_a_unique_name_and_undo(qtbot, ed, doc):
    ed.select_row(1)
    src = doc.project.measures[1]
    ed.duplicate_button.click()
    assert names(doc)[2] == f"{src.name} (2)"
    assert doc.project.measures[2].model_dump(exclude={"name"}) == src.model_dump(exclude={"name"})
    assert ed.current_row() == 2
    assert doc.undo_stack.undoText() == f"Duplicate measure '{src.name}'"
    ed.select_row(1)
    ed.duplicate_measure()
    assert names(doc)[2] == f"{src.name} (3)"
    ed.select_row(2)  # duplicating "X (3)" gives "X (4)", not "X (3) (2)"
    ed.duplicate_measure()
    assert names(doc)[3] == f"{src.name} (4)"
    r = results(doc)
    assert len(r["measures"]) == 9
    for _ in range(3):
        doc.undo_stack.undo()
    assert len(doc.project.measures) == 6


def test_delete_and_undo(qtbot, ed, doc):
    before = results(doc)
    old = names(doc)
    ed.select_row(3)
    ed.delete_button.click()
    assert names(doc) == old[:3] + old[4:]
    assert doc.undo_stack.undoText() == f"Delete measure '{old[3]}'"
    assert ed.current_row() == 3
    res = results(doc)
    assert res == run_project(doc.project, doc.base_dir).to_dict()
    assert res["summary"]["capex_yuan"] < before["summary"]["capex_yuan"]
    doc.undo_stack.undo()
    assert names(doc) == old
    assert results(doc) == before
    # delete the last one: selection moves to the new last
    ed.select_row(5)
    ed.delete_measure()
    assert ed.current_row() == 4
    # delete everything: no crash, the form area is empty
    for _ in range(5):
        ed.delete_measure()
    assert doc.project.measures == []
    assert ed.current_row() == -1 and ed.current_form() is None
    assert not ed.delete_button.isEnabled()
    assert ed.delete_measure() == []
    assert results(doc)["summary"]["capex_yuan"] == 0


def test_move_up_down_and_undo(qtbot, ed, doc):
    old = names(doc)
    ed.select_row(2)
    ed.up_button.click()
    assert names(doc) == [old[0], old[2], old[1]] + old[3:]
    assert ed.current_row() == 1
    assert doc.undo_stack.undoText() == f"Move measure '{old[2]}' up"
    ed.down_button.click()
    ed.down_button.click()
    assert names(doc) == [old[0], old[1], old[3], old[2]] + old[4:]
    assert ed.current_row() == 3
    ed.select_row(0)
    assert not ed.up_button.isEnabled()
    assert ed.move_measure(-1) == []
    for _ in range(3):
        doc.undo_stack.undo()
    assert names(doc) == old


def test_table_edits_go_through_the_document(qtbot, ed, doc):
    m = ed.model
    assert m.setData(m.index(0, CAPEX), "200,000")
    assert doc.project.measures[0].capex_yuan == 200000
    assert doc.undo_stack.undoText().startswith("Change capex of")
    assert not m.setData(m.index(0, CAPEX), "lots")
    assert "number" in ed.table_problem.text()
    assert doc.project.measures[0].capex_yuan == 200000
    assert not m.setData(m.index(0, LIFE), "0")
    assert ">= 1" in ed.table_problem.text()
    assert not m.setData(m.index(1, NAME), doc.project.measures[0].name)
    assert "unique" in ed.table_problem.text()
    assert m.setData(m.index(1, ENABLED), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert doc.project.measures[1].enabled is False
    res = results(doc)
    assert len(res["measures"]) == 5
    assert ed.table_problem.isHidden()


# --------------------------------------------------------------------------- common form fields


def test_capex_in_form_both_directions(qtbot, ed, doc):
    ed.select_row(1)
    form = ed.current_form()
    assert form.capex_field.text() == "210,000" and form.capex_field.unit() == "yuan"
    type_into(qtbot, form.capex_field, "250000")
    assert doc.project.measures[1].capex_yuan == 250000
    assert doc.undo_stack.count() == 1
    name = doc.project.measures[1].name
    assert doc.undo_stack.undoText() == f"Change investment of '{name}'"
    res = results(doc)
    assert res == run_project(doc.project, doc.base_dir).to_dict()
    assert res["measures"][1]["capex_yuan"] == 250000
    assert ed.model.data(ed.model.index(1, CAPEX)) == "250,000"
    doc.undo_stack.undo()
    assert form.capex_field.text() == "210,000"


def test_duplicate_name_typed_in_form_is_refused(qtbot, ed, doc):
    ed.select_row(1)
    form = ed.current_form()
    old = doc.project.measures[1].name
    form.name_field.line_edit.selectAll()
    form.name_field.line_edit.insert(doc.project.measures[0].name)
    form.name_field.line_edit.textEdited.emit(form.name_field.text())
    assert form.name_field.has_problem() and "unique" in form.name_field.problem()
    assert doc.project.measures[1].name == old


def test_schedule_choice(qtbot, ed, doc):
    form = ed.current_form()
    assert form.schedule_field.select("three_shift")
    assert doc.project.measures[0].schedule == "three_shift"
    assert results(doc) == run_project(doc.project, doc.base_dir).to_dict()


# --------------------------------------------------------------------------- motor


def test_motor_grade_picker_fills_efficiency(qtbot, ed, doc):
    assert motor_efficiency_pct(75, "grade2") == 96.0
    ed.select_row(1)  # fan motors: 55 kW, grade 1
    form = ed.current_form()
    assert form.after_class.current_value() == "grade1"
    type_into(qtbot, form.power_field, "75")
    m = doc.project.measures[1]
    assert m.rated_power_kw == 75
    # the efficiency picked from a class follows the new rating
    assert m.efficiency_after_pct == motor_efficiency_pct(75, "grade1")
    form.after_class.select("grade2")
    m = doc.project.measures[1]
    assert m.efficiency_after_pct == 96.0
    assert m.grade_after == "grade2"
    assert form.eff_after_field.text() == "96"
    assert "IE4" in form.after_class.combo.currentText()
    assert doc.undo_stack.undoText().startswith("Set efficiency after")
    form.before_class.select("ie2")
    assert doc.project.measures[1].efficiency_before_pct == motor_efficiency_pct(75, "ie2")
    res = results(doc)
    assert res == run_project(doc.project, doc.base_dir).to_dict()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.project.measures[1].grade_after == "grade1"


def test_efficiency_after_below_before_is_refused(qtbot, ed, doc):
    form = ed.current_form()  # compressor motors: 94 -> 96
    type_into(qtbot, form.eff_after_field, "90")
    m = doc.project.measures[0]
    assert m.efficiency_after_pct == 96.0  # "9" and "90" are both below 94
    assert form.eff_after_field.has_problem()
    assert "efficiency_before_pct" in form.eff_after_field.problem() and "90" in form.eff_after_field.problem()
    assert form.eff_after_field.text() == "90"
    # picking a class "before" above "after" is explained at the picker
    form.before_class.select("grade1")
    assert form.before_class.has_problem() and "96.7" in form.before_class.problem()
    assert doc.project.measures[0].efficiency_before_pct == 94.0
    assert results(doc) == run_project(doc.project, doc.base_dir).to_dict()


def test_typed_efficiency_clears_the_grade(qtbot, ed, doc):
    form = ed.current_form()
    type_into(qtbot, form.eff_after_field, "95.5")
    assert doc.project.measures[0].efficiency_after_pct == 95.5
    assert doc.project.measures[0].grade_after is None
    assert form.after_class.current_value() == ""


def test_zero_hours_and_negative_power_are_refused(qtbot, ed, doc):
    form = ed.current_form()
    type_into(qtbot, form.hours_field, "0")
    assert form.hours_field.has_problem() and "> 0" in form.hours_field.problem()
    assert doc.project.measures[0].operating_hours_per_year == 5000
    type_into(qtbot, form.hours_field, "9000")
    assert form.hours_field.has_problem() and "8760" in form.hours_field.problem()
    assert doc.project.measures[0].operating_hours_per_year == 5000
    type_into(qtbot, form.power_field, "-5")
    assert form.power_field.has_problem()
    assert doc.project.measures[0].rated_power_kw == 75
    type_into(qtbot, form.quantity_field, "2.5")
    assert "whole number" in form.quantity_field.problem()
    assert doc.project.measures[0].quantity == 4  # "2" on the way is not committed


def test_form_follows_selection_and_undo(qtbot, ed, doc):
    ed.select_row(3)
    form = ed.current_form()
    assert type(form).__name__ == "SpecificEnergyForm"
    assert form.before_field.unit() == "kWh/t"
    type_into(qtbot, form.unit_field, "m3")
    assert doc.project.measures[3].unit_name == "m3"
    assert form.before_field.unit() == "kWh/m3"
    type_into(qtbot, form.after_field, "0.5")
    assert doc.project.measures[3].energy_per_unit_after_kwh == 0.5
    assert results(doc) == run_project(doc.project, doc.base_dir).to_dict()
    ed.select_row(4)
    form = ed.current_form()
    assert type(form).__name__ == "AnnualEnergyForm"
    assert form.binder.field_for("energy_before_kwh_per_year").text() == "1,200,000"


# --------------------------------------------------------------------------- VFD duty profile


def test_vfd_duty_profile_draft(qtbot, ed, doc):
    ed.select_row(2)
    form = ed.current_form()
    dm = form.duty_model
    assert dm.rowCount() == 3
    assert dm.data(dm.index(0, 1)) == "20"
    assert "100" in form.duty_total.text()
    # 20 -> 30: the shares add up to 110: kept as a draft, explained, project unchanged
    assert dm.setData(dm.index(0, 1), "30")
    assert "100" in dm.problem() and "110" in dm.problem()
    assert not form.duty_problem.isHidden()
    assert doc.project.measures[2].duty_profile[0].time_pct == 20
    assert dm.data(dm.index(0, 1)) == "30"
    assert "110" in form.duty_total.text()
    # an unrelated edit does not throw the draft away
    type_into(qtbot, form.capex_field, "160000")
    assert dm.data(dm.index(0, 1)) == "30"
    # 40 -> 30 on the next row: 100 again, the profile goes in
    assert dm.setData(dm.index(1, 1), "30")
    assert dm.problem() == ""
    assert [p.time_pct for p in doc.project.measures[2].duty_profile] == [30, 30, 40]
    assert form.duty_problem.isHidden()
    assert results(doc) == run_project(doc.project, doc.base_dir).to_dict()
    # letters are refused
    assert not dm.setData(dm.index(0, 0), "fast")
    assert "number" in dm.problem()
    doc.undo_stack.undo()
    assert [p.time_pct for p in doc.project.measures[2].duty_profile] == [20, 40, 40]
    assert dm.data(dm.index(0, 1)) == "20"


def test_vfd_add_and_remove_duty_points(qtbot, ed, doc):
    ed.select_row(2)
    form = ed.current_form()
    dm = form.duty_model
    form.add_point_button.click()
    assert len(doc.project.measures[2].duty_profile) == 4
    assert dm.setData(dm.index(3, 1), "10")  # 110 % now
    assert dm.problem()
    assert dm.setData(dm.index(2, 1), "30")
    assert [p.time_pct for p in doc.project.measures[2].duty_profile] == [20, 40, 30, 10]
    form.duty_view.setCurrentIndex(dm.index(3, 0))
    form.remove_point_button.click()  # 90 %: explained, kept as draft
    assert dm.rowCount() == 3 and dm.problem()
    assert len(doc.project.measures[2].duty_profile) == 4


# --------------------------------------------------------------------------- PV


def test_pv_form(qtbot, ed, doc):
    ed.select_row(5)
    form = ed.current_form()
    assert type(form).__name__ == "PvForm"
    assert form.capacity_field.text() == "2000" and form.capacity_field.unit() == "kWp"
    type_into(qtbot, form.capacity_field, "-100")
    assert form.capacity_field.has_problem()
    assert doc.project.measures[5].capacity_kwp == 2000  # "-", "-1"... refused; 2000 stays
    type_into(qtbot, form.capacity_field, "2500")
    assert doc.project.measures[5].capacity_kwp == 2500
    res = results(doc)
    assert res == run_project(doc.project, doc.base_dir).to_dict()
    assert res["pv"]["first_year_generation_kwh"] > 0

    assert form.discount_field.isHidden()
    form.ownership_field.select("emc")
    m = doc.project.measures[5]
    assert m.ownership == "emc" and m.emc_discount_pct is not None
    assert not form.discount_field.isHidden() and form.emc_price_field.isHidden()
    type_into(qtbot, form.discount_field, "15")
    assert doc.project.measures[5].emc_discount_pct == 15
    form.emc_terms_field.select("price")
    m = doc.project.measures[5]
    assert m.emc_discount_pct is None and m.emc_price_yuan_per_kwh is not None
    assert form.discount_field.isHidden() and not form.emc_price_field.isHidden()
    type_into(qtbot, form.emc_price_field, "0.55")
    assert doc.project.measures[5].emc_price_yuan_per_kwh == 0.55
    form.export_field.select("none")
    assert doc.project.measures[5].export == "none"
    res = results(doc)
    assert res == run_project(doc.project, doc.base_dir).to_dict()
    type_into(qtbot, form.binder.field_for("azimuth_deg"), "400")
    assert form.binder.field_for("azimuth_deg").has_problem()
    assert doc.project.measures[5].azimuth_deg == 180


def test_pv_yield_empty_without_profile_is_explained(qtbot, ed, doc):
    ed.select_row(5)
    form = ed.current_form()
    form.yield_field.line_edit.selectAll()
    qtbot.keyClick(form.yield_field.line_edit, Qt.Key.Key_Delete)
    assert form.yield_field.has_problem() and "number" in form.yield_field.problem()
    assert doc.project.measures[5].specific_yield_kwh_per_kwp == 1200


def test_every_measure_number_field_both_ways(qtbot, ed, doc):
    from tests.ui.test_editors import check_binder_both_ways
    from ui.widgets.binding import project_data

    n = 0
    for row in range(len(doc.project.measures)):
        ed.select_row(row)
        n += check_binder_both_ways(qtbot, doc, ed.current_form().binder, lambda: project_data(doc))
    assert n >= 35
    assert results(doc) == run_project(doc.project, doc.base_dir).to_dict()


def test_input_table_models_pass_qtmodeltester(qtmodeltester, ed, doc):
    """Issue 8 item 6: every QAbstractTableModel of ui/models passes pytest-qt's model tester."""
    qtmodeltester.check(ed.model)
    vfd_row = next(i for i, m in enumerate(doc.project.measures) if m.type == "vfd")
    ed.select_row(vfd_row)
    qtmodeltester.check(ed.forms["vfd"].duty_model)
    ed.add_measure("motor")
    qtmodeltester.check(ed.model)


def test_hours_beyond_the_schedule_are_warned_on_the_form(qtbot, ed, doc):
    """Issue 9 item 7: 8000 h on a two-shift schedule is warned where the user is looking."""
    from tests.ui.conftest import wait_results

    ed.select_row(0)
    form = ed.current_form()
    assert doc.project.measures[0].schedule == "two_shift"
    assert doc.set_value(("measures", 0, "operating_hours_per_year"), 8000.0, "hours") == []
    result = wait_results(qtbot, doc)
    from planner.engine.calendar import schedule_mask

    available = int(schedule_mask("two_shift", result.calendar).sum())  # 16 h x working days of 2025
    assert available < 8000
    assert form.hours_warning.isVisibleTo(form)
    assert "8000" in form.hours_warning.text().replace(",", "")
    assert f" {available} h" in form.hours_warning.text()
    assert doc.set_value(("measures", 0, "schedule"), "continuous", "schedule") == []
    wait_results(qtbot, doc)
    assert not form.hours_warning.isVisibleTo(form)


def test_a_new_measure_starts_with_an_empty_required_investment(qtbot, ed, doc):
    """Issue 9 item 16: not a silent 0 yuan."""
    assert ed.add_measure("motor") == []
    form = ed.current_form()
    assert form.capex_field.text() == ""
    assert form.capex_field.has_problem() and "investment" in form.capex_field.problem().lower()
    assert doc.input_problem_count() >= 1  # the results are marked as not yet for this input
    type_into(qtbot, form.capex_field, "150000")
    assert doc.project.measures[-1].capex_yuan == 150000
    assert not form.capex_field.has_problem()
    assert doc.input_problem_count() == 0


@pytest.mark.parametrize("mtype", ["motor", "vfd", "specific_energy", "annual_energy", "pv", "power_factor_correction"])
def test_new_measure_of_each_type_is_valid(ed, doc, mtype):
    from planner.io.projectfile import project_from_dict, project_to_dict

    m = ed.new_measure(mtype)
    d = project_to_dict(doc.project)
    d["measures"].append({**m, "capex_yuan": 1000.0})
    p = project_from_dict(d)
    assert p.measures[-1].type == mtype and p.measures[-1].name == m["name"]
    assert ("schedule" in m) == (mtype != "power_factor_correction")
