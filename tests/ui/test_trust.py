"""Issue 9 (trust) in the app, as a user drives the main window: number fields commit when
editing is finished, Ctrl+Z / Ctrl+Y in a field undo / redo the project, results stay marked
as the last valid input's while a field is invalid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import SEEDS
from tests.ui.conftest import type_into as typed
from tests.ui.conftest import wait_results

SEED = SEEDS / "shandong-midsize-factory.json"
SB = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _isolated(quiet_window_env):
    return quiet_window_env


def test_a_number_field_never_commits_a_prefix_of_bad_text(qtbot, window):
    """Item 15: typing "7a5b" into the rated power must not commit 7 kW (nor re-pick efficiencies)."""
    doc = window.doc
    editor = window.input_panel.measures_editor
    editor.select_row(0)
    form = editor.current_form()
    before = doc.project.measures[0]
    steps = doc.undo_stack.count()
    typed(qtbot, form.power_field, "7a5b", commit=False)
    assert doc.project.measures[0] == before
    assert form.power_field.has_problem()
    qtbot.keyClick(form.power_field.line_edit, Qt.Key.Key_Return)
    assert doc.project.measures[0] == before and doc.undo_stack.count() == steps
    # while the field is invalid, the results are those of the last valid input, and say so
    panel = window.results_panel
    assert panel.results_are_stale()
    assert "last valid input" in panel.message_text()
    assert not panel.kpis.card("npv_yuan").isEnabled()
    assert panel.kpis.card("npv_yuan").value_text() != "—"
    # fixed: committed as one step, results current again
    typed(qtbot, form.power_field, "90")
    assert doc.project.measures[0].rated_power_kw == 90
    assert doc.undo_stack.count() == steps + 1
    assert not panel.results_are_stale()
    wait_results(qtbot, doc)
    assert panel.kpis.card("npv_yuan").isEnabled()


def test_escape_restores_and_clears_the_stale_mark(qtbot, window):
    doc = window.doc
    f = window.input_panel.finance_editor.discount_field
    typed(qtbot, f, "abc", commit=False)
    assert window.results_panel.results_are_stale()
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Escape)
    assert f.text() == "8" and not f.has_problem()
    assert not window.results_panel.results_are_stale()
    assert doc.input_problem_count() == 0


def test_ctrl_z_in_a_field_undoes_the_project_and_ctrl_y_redoes(qtbot, window):
    """Item 15: Ctrl+Z inside a text field undoes the project, not just the field's text."""
    doc = window.doc
    f = window.input_panel.finance_editor.discount_field
    assert doc.project.finance.discount_rate_pct == 8
    typed(qtbot, f, "11")
    assert doc.project.finance.discount_rate_pct == 11
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.finance.discount_rate_pct == 8
    assert f.text() == "8"
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.finance.discount_rate_pct == 11
    assert f.text() == "11"
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert doc.project.finance.discount_rate_pct == 11  # nothing more to redo
    # an edit made elsewhere is undone from this field too
    doc.set_value(("finance", "subsidy_yuan"), 5000, "Change subsidy")
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.finance.subsidy_yuan == 0


def test_ctrl_z_over_uncommitted_typing_first_discards_it(qtbot, window):
    doc = window.doc
    f = window.input_panel.finance_editor.discount_field
    typed(qtbot, f, "11")
    typed(qtbot, f, "12", commit=False)
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert f.text() == "11" and doc.project.finance.discount_rate_pct == 11
    qtbot.keyClick(f.line_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.finance.discount_rate_pct == 8


def test_redo_action_has_ctrl_y(window):
    keys = [k.toString() for k in window.act_redo.shortcuts()]
    assert "Ctrl+Y" in keys and "Ctrl+Shift+Z" in keys


def test_undo_labels_follow_a_language_switch(qtbot, window, qapp):
    """Item 16: the undo history is in the language the user switched to."""
    from PySide6.QtWidgets import QApplication

    f = window.input_panel.finance_editor.discount_field
    typed(qtbot, f, "11")
    assert window.doc.undo_stack.undoText() == "Change discount rate"
    window.set_language("zh_CN")
    QApplication.processEvents()
    assert window.doc.undo_stack.undoText() == "修改折现率"
    assert "修改折现率" in window.act_undo.text()
    window.set_language("en")
    QApplication.processEvents()
    assert window.doc.undo_stack.undoText() == "Change discount rate"
