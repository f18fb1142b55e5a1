"""The document's incremental edit validation (issue 9, item 12) gives exactly what a full
validation of the edited dict gives: the same project, the same dict, the same refusals."""

from __future__ import annotations

import copy
import json

import pytest

from planner.io.projectfile import ProjectError, project_from_dict, project_to_dict
from tests.conftest import SEEDS
from ui.document import ProjectDocument, validate_changed

SEED = SEEDS / "shandong-midsize-factory.json"


def _base():
    project = project_from_dict(json.loads(SEED.read_text(encoding="utf-8")))
    return project, project_to_dict(project)


def _rename(d):
    d["measures"][0]["name"] = "renamed"


def _add_measure(d):
    m = copy.deepcopy(d["measures"][0])
    m["name"] = "a second copy"
    d["measures"].append(m)


def _remove_first(d):
    del d["measures"][0]


def _reverse(d):
    d["measures"].reverse()


def _finance(d):
    d["finance"]["discount_rate_pct"] = 6.5


def _loan(d):
    d["finance"]["loan"] = {"share_pct": 60, "interest_pct": 4.2, "term_years": 5}


def _description(d):
    d["description"] = "new words"


EDITS = [_rename, _add_measure, _remove_first, _reverse, _finance, _loan, _description]


@pytest.mark.parametrize("mutate", EDITS, ids=lambda f: f.__name__)
def test_incremental_equals_full_validation(mutate):
    old, old_dict = _base()
    d = copy.deepcopy(old_dict)
    mutate(d)
    new, new_dict = validate_changed(old, old_dict, d)
    full = project_from_dict(copy.deepcopy(d))
    assert new == full
    assert new_dict == project_to_dict(full)
    assert new_dict != old_dict  # each edit changes something


def test_unchanged_parts_are_reused():
    old, old_dict = _base()
    d = copy.deepcopy(old_dict)
    _finance(d)
    new, new_dict = validate_changed(old, old_dict, d)
    assert new.site is old.site and new.measures[0] is old.measures[0]
    assert new_dict["measures"] is old_dict["measures"]


def test_no_change_returns_the_old_project():
    old, old_dict = _base()
    assert validate_changed(old, old_dict, copy.deepcopy(old_dict)) == (old, old_dict)


def _duplicate_name(d):
    d["measures"][1]["name"] = d["measures"][0]["name"]


def _negative_capex(d):
    d["measures"][0]["capex_yuan"] = -1.0


def _nan(d):
    d["finance"]["discount_rate_pct"] = float("nan")


def _bool_as_number(d):
    d["finance"]["analysis_years"] = True


@pytest.mark.parametrize("mutate", [_duplicate_name, _negative_capex, _nan, _bool_as_number], ids=lambda f: f.__name__)
def test_refusals_name_the_same_problems(mutate):
    old, old_dict = _base()
    d = copy.deepcopy(old_dict)
    mutate(d)
    with pytest.raises(ProjectError) as full:
        project_from_dict(copy.deepcopy(d))
    with pytest.raises(ProjectError) as partial:
        validate_changed(old, old_dict, d)
    assert [str(p) for p in partial.value.problems] == [str(p) for p in full.value.problems]


def test_set_value_leaves_the_shared_dict_alone(qapp):
    old, _ = _base()
    doc = ProjectDocument(old)
    before = copy.deepcopy(doc.project_dict())
    shared = doc.project_dict()
    assert doc.set_value(("measures", 0, "capex_yuan"), 12345.0, "capex") == []
    assert shared == before  # the old project's dict was not changed in place
    assert doc.project_dict()["measures"][0]["capex_yuan"] == 12345.0
    assert doc.project_dict() == project_to_dict(doc.project)
    doc.undo_stack.undo()
    assert doc.project_dict() == before == project_to_dict(doc.project)
    doc.undo_stack.redo()
    assert doc.project_dict() == project_to_dict(doc.project)


def test_quick_engine_runs_skip_the_debounce(qtbot, qapp):
    """After a run faster than QUICK_COMPUTE_S, an edit starts the engine at once (no debounce timer)."""
    from ui import document as document_module

    old, _ = _base()
    doc = ProjectDocument(old)
    doc._template_dir = SEEDS
    with qtbot.waitSignal(doc.computeFinished, timeout=30000):
        pass
    doc.last_compute_seconds = document_module.QUICK_COMPUTE_S / 2  # as after a quick run
    assert doc.set_value(("finance", "discount_rate_pct"), 7.5, "rate") == []
    assert doc._running and not doc._timer.isActive()
    with qtbot.waitSignal(doc.computeFinished, timeout=30000):
        pass
    doc.last_compute_seconds = document_module.QUICK_COMPUTE_S * 2  # a slow run: debounced again
    assert doc.set_value(("finance", "discount_rate_pct"), 7.0, "rate") == []
    assert doc._timer.isActive() and not doc._running
    with qtbot.waitSignal(doc.computeFinished, timeout=30000):
        pass
    doc.undo_stack.setClean()


def test_monte_carlo_drivers_follow_a_measure_edit(qtbot, qapp):
    """The distribution table is cached on the measures' identity: removing the PV measure drops the
    PV-only drivers (export price) from it, and undo brings them back."""
    from ui.results.montecarlo_view import MonteCarloView

    old, _ = _base()
    doc = ProjectDocument(old)
    doc._template_dir = SEEDS
    view = MonteCarloView(doc)
    qtbot.addWidget(view)

    def drivers():
        return [s.driver for s in view.specs_model.specs]

    assert "export_price" in drivers()
    pv = next(i for i, m in enumerate(doc.project.measures) if m.type == "pv")
    assert doc.edit("remove PV", lambda d: d["measures"].pop(pv)) == []
    assert "export_price" not in drivers() and "energy_price" in drivers()
    assert doc.set_value(("finance", "discount_rate_pct"), 6.0, "rate") == []  # no measure changed
    assert "export_price" not in drivers()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert "export_price" in drivers()
    doc.undo_stack.setClean()
