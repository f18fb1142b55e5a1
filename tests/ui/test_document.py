"""ProjectDocument: edits, undo/redo, merging, validation, save/open, background recompute."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from planner.engine.chain import run_project
from planner.io.projectfile import ProjectError, load_project, project_to_dict
from tests.conftest import SEEDS
from tests.ui.conftest import settle, wait_results
from ui.document import ProjectDocument

SEED = SEEDS / "shandong-midsize-factory.json"


@pytest.fixture(autouse=True)
def _isolated_settings(qapp, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def project_file(tmp_path) -> Path:
    target = tmp_path / "factory.json"
    shutil.copy(SEED, target)
    return target


@pytest.fixture
def doc(qtbot, qapp, project_file):
    d = ProjectDocument()
    d.open(project_file)
    assert wait_results(qtbot, d, 20000) is not None, d.last_error
    yield d
    settle(qtbot, d)


def assert_same_summary(a, b) -> None:
    a = a if isinstance(a, dict) else a.to_dict()
    b = b if isinstance(b, dict) else b.to_dict()
    assert a.keys() == b.keys()
    for k in a:
        if a[k] is None or b[k] is None:
            assert a[k] is None and b[k] is None, k
        else:
            assert a[k] == pytest.approx(b[k], rel=1e-12, abs=1e-9), k


def test_open_computes_the_engine_results(doc, project_file):
    expected = run_project(load_project(project_file), project_file.parent)
    assert_same_summary(doc.results.summary, expected.summary)
    assert doc.path == project_file.resolve()
    assert doc.base_dir == project_file.parent.resolve()
    assert not doc.is_modified()


def test_edit_updates_results_to_the_engine_value(qtbot, doc):
    before = doc.results.summary.to_dict()
    problems = doc.set_value(("measures", 0, "capex_yuan"), 400000, "Change capex")
    assert problems == []
    assert doc.project.measures[0].capex_yuan == 400000
    result = wait_results(qtbot, doc)
    expected = run_project(doc.project, doc.base_dir)
    assert_same_summary(result.summary, expected.summary)
    assert result.summary.capex_yuan == before["capex_yuan"] + 400000 - 180000
    assert doc.is_modified()


def test_undo_redo_restore_identical_results(qtbot, doc):
    project0 = doc.project
    s0 = doc.results.summary.to_dict()
    doc.set_value(("finance", "discount_rate_pct"), 12, "Change discount rate")
    s1 = wait_results(qtbot, doc).summary.to_dict()
    assert s1["npv_yuan"] != s0["npv_yuan"]
    doc.undo_stack.undo()
    assert doc.project == project0
    assert_same_summary(wait_results(qtbot, doc).summary, s0)
    assert not doc.is_modified()
    doc.undo_stack.redo()
    assert_same_summary(wait_results(qtbot, doc).summary, s1)
    assert doc.is_modified()


def test_consecutive_edits_with_one_merge_key_are_one_undo_step(doc):
    project0 = doc.project
    for v in (1, 12, 123, 1234):
        assert doc.set_value(("measures", 0, "capex_yuan"), v, "Change capex", merge_key="m0.capex") == []
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change capex"
    assert doc.project.measures[0].capex_yuan == 1234
    doc.set_value(("measures", 1, "capex_yuan"), 5, "Change other capex", merge_key="m1.capex")
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.project == project0


def test_typing_back_to_the_start_leaves_nothing_to_undo(doc):
    original = doc.project.finance.discount_rate_pct
    doc.set_value(("finance", "discount_rate_pct"), 9, "Change rate", merge_key="rate")
    doc.set_value(("finance", "discount_rate_pct"), original, "Change rate", merge_key="rate")
    assert doc.undo_stack.count() == 0
    assert not doc.is_modified()


def test_no_op_edit_pushes_nothing(doc):
    doc.set_value(("finance", "discount_rate_pct"), doc.project.finance.discount_rate_pct, "same")
    assert doc.undo_stack.count() == 0


@pytest.mark.parametrize(
    "path, value, where",
    [
        (("measures", 5, "capacity_kwp"), -20, "measures[5].capacity_kwp"),
        (("measures", 0, "operating_hours_per_year"), 0, "measures[0].operating_hours_per_year"),
        (("measures", 0, "efficiency_after_pct"), 80, "measures[0]"),
        (("measures", 0, "rated_power_kw"), "abc", "measures[0].rated_power_kw"),
        (("finance", "analysis_years"), 2.5, "finance.analysis_years"),
    ],
)
def test_invalid_edit_returns_problems_and_pushes_nothing(doc, path, value, where):
    project0 = doc.project
    problems = doc.set_value(path, value, "bad edit")
    assert problems, "the edit should have been refused"
    assert any(p.path == where for p in problems), problems
    assert doc.undo_stack.count() == 0
    assert doc.project == project0
    assert not doc.is_modified()


def test_edit_with_a_broken_mutation_is_refused(doc):
    problems = doc.edit("broken", lambda d: d["measures"][99].update(x=1))
    assert problems and doc.undo_stack.count() == 0


def test_replace_project_is_one_undo_command(qtbot, doc):
    d = project_to_dict(doc.project)
    d["name"] = "Another name"
    d["measures"] = d["measures"][:2]
    from planner.io.projectfile import project_from_dict

    doc.replace_project(project_from_dict(d), "Load scenario")
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Load scenario"
    assert len(wait_results(qtbot, doc).measures) == 2
    doc.undo_stack.undo()
    assert len(doc.project.measures) == 6


def test_save_and_reopen_round_trip(doc, tmp_path, qapp):
    doc.set_value(("name",), "Renamed 工厂", "Rename")
    target = tmp_path / "sub" / "saved.json"
    target.parent.mkdir()
    modified = []
    doc.modifiedChanged.connect(modified.append)
    doc.save(target)
    assert not doc.is_modified() and modified[-1] is False
    assert doc.path == target.resolve()
    assert load_project(target) == doc.project
    other = ProjectDocument()
    other.open(target)
    assert other.project == doc.project
    assert not other.is_modified()
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "Renamed 工厂"


def test_atomic_save_keeps_the_old_file_when_writing_fails(doc, project_file, monkeypatch):
    old_bytes = project_file.read_bytes()
    doc.set_value(("name",), "Changed", "Rename")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        doc.save()
    assert project_file.read_bytes() == old_bytes
    assert [p.name for p in project_file.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert doc.is_modified()


def test_open_a_bad_file_raises_and_keeps_the_project(doc, tmp_path):
    bad = tmp_path / "bad.json"
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["measures"][5]["capacity_kwp"] = -5
    bad.write_text(json.dumps(data), encoding="utf-8")
    project0 = doc.project
    with pytest.raises(ProjectError) as err:
        doc.open(bad)
    assert any(p.path == "measures[5].capacity_kwp" for p in err.value.problems)
    assert doc.project == project0
    (tmp_path / "notjson.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(ProjectError):
        doc.open(tmp_path / "notjson.json")


def test_new_gives_a_valid_clean_project(qtbot, doc):
    doc.set_value(("name",), "x", "Rename")
    doc.new()
    assert doc.path is None and not doc.is_modified() and doc.undo_stack.count() == 0
    result = wait_results(qtbot, doc)
    assert result is not None and result.summary.capex_yuan == 0


def test_recompute_runs_off_the_gui_thread_and_drops_stale_results(qtbot, doc, monkeypatch):
    import planner.engine.chain

    threads = []
    real = planner.engine.chain.run_project

    def spy(project, base_dir=None):
        threads.append(threading.current_thread())
        return real(project, base_dir)

    monkeypatch.setattr(planner.engine.chain, "run_project", spy)
    delivered = []
    doc.resultsReady.connect(delivered.append)
    busy = []
    doc.busyChanged.connect(busy.append)
    for v in range(5, 10):  # typing fast: only the last value's results are delivered
        doc.set_value(("finance", "discount_rate_pct"), v, "rate", merge_key="rate")
    result = wait_results(qtbot, doc)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert len(delivered) == 1
    assert result.summary.discount_rate_pct == 9
    assert busy[0] is True and busy[-1] is False and not doc.busy


def test_compute_failure_is_reported_not_raised(qtbot, doc):
    messages = []
    doc.computeFailed.connect(messages.append)
    last_good = doc.results

    def to_profile(d):
        d["load"].pop("annual_kwh")
        d["load"]["profile_file"] = "missing-meter.csv"

    assert doc.edit("Use meter data", to_profile) == []
    assert wait_results(qtbot, doc) is None
    assert messages and "missing-meter.csv" in messages[-1]
    # issue 9 item 1: no figures of an earlier project (or state) stay in place
    assert last_good is not None and doc.results is None
    assert [(m.path, m.value) for m in doc.missing] == [(("load", "profile_file"), "missing-meter.csv")]
    doc.undo_stack.undo()
    assert wait_results(qtbot, doc) is not None


def test_recompute_now_is_synchronous(doc):
    doc.set_value(("finance", "analysis_years"), 10, "years")
    doc.recompute_now()
    assert doc.results_current()
    assert doc.results.summary.analysis_years == 10


def test_save_as_elsewhere_keeps_relative_profile_files_pointing_at_the_same_file(doc, project_file, tmp_path):
    def to_profile(d):
        d["load"].pop("annual_kwh")
        d["load"]["profile_file"] = "meter.csv"

    doc.edit("Use meter data", to_profile)
    target = tmp_path / "elsewhere" / "copy.json"
    target.parent.mkdir()
    doc.save(target)
    # the meter file is neither beside nor below the new project file: stored absolute
    assert doc.project.load.profile_file == str((tmp_path / "meter.csv").resolve())
    assert load_project(target).load.profile_file == str((tmp_path / "meter.csv").resolve())
    assert not doc.is_modified()
    # saved back beside the file: relative again
    doc.save(tmp_path / "back.json")
    assert doc.project.load.profile_file == "meter.csv"


def test_failed_save_as_leaves_the_file_references_alone(doc, project_file, tmp_path, monkeypatch):
    """Issue 9 item 8: a Save As that fails must not rebase the project's paths (a later
    Ctrl+S would write the broken paths into the original file)."""
    import ui.document as document_module

    def to_profile(d):
        d["load"].pop("annual_kwh")
        d["load"]["profile_file"] = "meter.csv"
        d["measures"][-1]["weather_file"] = "data/weather.epw"

    assert doc.edit("Use meter data", to_profile) == []
    before = project_to_dict(doc.project)
    steps = doc.undo_stack.count()
    target = tmp_path / "elsewhere" / "copy.json"
    target.parent.mkdir()

    def failing_save(project, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document_module, "save_project", failing_save)
    with pytest.raises(OSError):
        doc.save(target)
    assert project_to_dict(doc.project) == before
    assert doc.undo_stack.count() == steps
    assert doc.path == project_file.resolve()
    monkeypatch.undo()
    doc.save()  # Ctrl+S writes the original, unbroken paths
    saved = load_project(project_file)
    assert saved.load.profile_file == "meter.csv"
    assert saved.measures[-1].weather_file == "data/weather.epw"


def test_rebase_is_pure_and_keeps_files_below_relative(tmp_path):
    from ui.filerefs import rebase_project_dict

    d = {
        "load": {"profile_file": "sub/meter.csv"},
        "measures": [{"type": "pv", "generation_profile_file": str(tmp_path / "a" / "pv.csv")}],
    }
    copy_ = rebase_project_dict(d, tmp_path, tmp_path / "a")
    assert d["load"]["profile_file"] == "sub/meter.csv"  # the input is untouched
    assert copy_["load"]["profile_file"] == str(tmp_path / "sub" / "meter.csv")
    assert copy_["measures"][0]["generation_profile_file"] == "pv.csv"


def test_an_engine_run_that_outlives_its_document_prints_nothing(qtbot, capfd, monkeypatch):
    """At exit (or a closed window) the document's signal object may go while the engine still runs;
    the run's last emit must not print "Signal source has been deleted" from the worker thread."""
    import threading
    import time

    import shiboken6
    from PySide6.QtCore import QThreadPool

    from ui import document as document_module

    started, release = threading.Event(), threading.Event()

    def slow_compute(project, base_dir):
        started.set()
        release.wait(10)
        return None, "stopped"

    monkeypatch.setattr(document_module, "compute", slow_compute)
    doc = document_module.ProjectDocument()
    doc.schedule_recompute(immediate=True)  # the blank project, on the global pool
    qtbot.waitUntil(started.is_set, timeout=10000)
    shiboken6.delete(doc._signals)  # what PySide's clean-up does to a parentless Python-owned QObject
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10000)
    time.sleep(0.1)
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err and "Traceback" not in err
