"""The main window as a user drives it: title, menus, prompts, language, autosave, export."""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.io.projectfile import load_project
from tests.conftest import SEEDS
from tests.ui.conftest import open_window, wait_results
from ui.autosave import find_recovery, scan_recoveries
from ui.document import ProjectDocument
from ui.main_window import MainWindow

SEED = SEEDS / "shandong-midsize-factory.json"
SB = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _isolated(quiet_window_env):
    return quiet_window_env


def edit(w: MainWindow, rate: float = 11.0) -> None:
    assert w.doc.set_value(("finance", "discount_rate_pct"), rate, "Change discount rate") == []


def test_title_shows_the_file_and_the_modified_mark(window, project_file):
    assert window.windowTitle().startswith("factory.json[*]")
    assert not window.isWindowModified()
    edit(window)
    assert window.isWindowModified()
    window.save()
    assert not window.isWindowModified()
    assert load_project(project_file).finance.discount_rate_pct == 11.0


def test_results_and_inputs_are_shown(window):
    assert window.results_panel.kpis.card("npv_yuan").value_text() not in ("", "—")
    assert window.input_panel is not None and window.input_panel.isVisible()
    assert window.splitter.count() == 2


def test_undo_action_names_the_edit(window):
    edit(window)
    assert window.act_undo.text() == "Undo Change discount rate"
    assert window.act_undo.isEnabled()
    window.act_undo.trigger()
    assert window.doc.project.finance.discount_rate_pct == 8
    assert window.act_redo.text() == "Redo Change discount rate"
    assert window.undo_view.stack() is window.doc.undo_stack


def test_close_prompts_over_unsaved_changes(window, monkeypatch, project_file):
    edit(window)
    asked = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or SB.Cancel)
    assert window.close() is False
    assert window.isVisible() and asked and "unsaved" in asked[0]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: SB.Save)
    assert window.close() is True
    assert load_project(project_file).finance.discount_rate_pct == 11.0


def test_close_discard_does_not_save(window, monkeypatch, project_file):
    before = project_file.read_bytes()
    edit(window)
    window.autosaver.autosave_now()
    assert window.autosaver.file.exists()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: SB.Discard)
    assert window.close() is True
    assert project_file.read_bytes() == before
    assert not window.autosaver.file.exists()


def test_close_without_changes_does_not_prompt(window, _isolated):
    assert window.close() is True
    assert _isolated == []


def test_new_and_open_prompt_and_cancel_keeps_the_project(window, tmp_path):
    edit(window)
    project = window.doc.project
    window.new_project()  # the default answer is Cancel
    assert window.doc.project is project
    other = tmp_path / "other.json"
    shutil.copy(SEEDS / "jingjin-filter-press.json", other)
    assert window.open_file(other) is False
    assert window.doc.project is project


def test_open_bad_file_shows_the_problem_and_keeps_the_project(window, tmp_path, _isolated):
    bad = tmp_path / "bad.json"
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["measures"][0]["operating_hours_per_year"] = 0
    bad.write_text(json.dumps(data), encoding="utf-8")
    project = window.doc.project
    assert window.open_file(bad) is False
    assert window.doc.project is project
    assert "measures[0].operating_hours_per_year" in window.status_label.text()
    assert any("Cannot open" in str(p) for p in _isolated)


def test_open_adds_to_recent_files(window, tmp_path):
    other = tmp_path / "other.json"
    shutil.copy(SEEDS / "jingjin-filter-press.json", other)
    assert window.open_file(other) is True
    assert window.doc.path == other.resolve()
    assert window.recent_files()[0] == str(other.resolve())
    window._fill_recent_menu()
    assert any("other.json" in a.text() for a in window.recent_menu.actions())
    assert window.windowTitle().startswith("other.json")


def test_save_failure_is_reported(window, monkeypatch, _isolated):
    import os

    edit(window)
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(13, "Permission denied")))
    assert window.save() is False
    assert window.isWindowModified()
    assert "Permission denied" in window.status_label.text()


def test_language_switch_translates_menus(window, qapp):
    assert window.file_menu.title() == "&File"
    window.set_language("zh_CN")
    QApplication.processEvents()
    assert window.file_menu.title() == "文件(&F)"
    assert window.help_menu.title() == "帮助(&H)"
    assert window.language_actions["zh_CN"].isChecked()
    assert QSettings().value("ui/language") == "zh_CN"
    edit(window)
    assert window.act_undo.text() == "撤销 Change discount rate"
    window.set_language("en")
    QApplication.processEvents()
    assert window.file_menu.title() == "&File"
    assert window.act_undo.text() == "Undo Change discount rate"


def test_autosave_writes_a_recovery_file_that_is_offered(window, qtbot, tmp_path, project_file, monkeypatch):
    assert window.autosaver.autosave_now() is False  # nothing to save
    edit(window, 13.0)
    assert window.autosaver.autosave_now() is True
    rec_file = window.autosaver.file
    assert rec_file.exists() and rec_file.parent == tmp_path / "recovery"
    saved = json.loads(rec_file.read_text(encoding="utf-8"))
    assert saved["project"]["finance"]["discount_rate_pct"] == 13.0
    # a live window's file is not recoverable (it is not lost)
    assert find_recovery(tmp_path / "recovery", project_file) is None
    window.autosaver.abandon()  # "crash"
    assert find_recovery(tmp_path / "recovery", project_file) is not None

    # a new window opens the same file and offers the autosaved changes
    doc2, w2 = open_window(qtbot, project_file, tmp_path / "recovery")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or SB.Yes)
    assert w2.offer_recovery() is True
    assert asked and "factory.json" in asked[0]
    assert doc2.project.finance.discount_rate_pct == 13.0
    assert doc2.is_modified()
    assert not rec_file.exists() and w2.autosaver.file.exists()  # taken over by the new window
    wait_results(qtbot, doc2)
    # a clean save removes the recovery file
    assert w2.save() is True
    assert not w2.autosaver.file.exists()
    assert find_recovery(tmp_path / "recovery", project_file) is None


def test_opening_a_file_with_autosaved_changes_offers_them(window, qtbot, tmp_path, project_file, monkeypatch):
    edit(window, 15.0)
    window.autosaver.autosave_now()
    window.autosaver.abandon()  # then the program "crashes"
    other = tmp_path / "other.json"
    shutil.copy(SEEDS / "jingjin-filter-press.json", other)
    doc2, w2 = open_window(qtbot, other, tmp_path / "recovery")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: SB.Yes)
    assert w2.open_file(project_file) is True
    assert doc2.path == project_file.resolve()
    assert doc2.project.finance.discount_rate_pct == 15.0 and doc2.is_modified()
    assert w2.autosaver.file.exists()  # kept (as this window's) until saved
    doc2.undo_stack.setClean()
    wait_results(qtbot, doc2)


def test_failed_open_keeps_the_recovery_file(window, tmp_path, project_file):
    edit(window)
    window.autosaver.autosave_now()
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    assert window.open_file(bad, ask=False) is False
    assert window.autosaver.file.exists()


def test_a_file_touched_after_the_crash_still_offers_its_recovery(window, tmp_path, project_file):
    """Issue 9 item 9: touching the project file after the crash no longer hides the autosave."""
    edit(window)
    window.autosaver.autosave_now()
    window.autosaver.abandon()
    import os
    import time

    future = time.time() + 100
    os.utime(project_file, (future, future))
    rec = find_recovery(tmp_path / "recovery", project_file)
    assert rec is not None and rec.file_changed_since


def test_declined_recovery_is_deleted(window, qtbot, tmp_path, project_file):
    edit(window, 14.0)
    window.autosaver.autosave_now()
    window.autosaver.abandon()
    rec = window.autosaver.file
    assert rec.exists()
    doc2, w2 = open_window(qtbot, project_file, tmp_path / "recovery")
    assert w2.offer_recovery() is False  # the default answer is No
    assert doc2.project == load_project(project_file) and not doc2.is_modified()
    assert not rec.exists()
    wait_results(qtbot, doc2)


def test_two_windows_on_one_project_keep_their_own_recovery_files(window, qtbot, tmp_path, project_file):
    doc2, w2 = open_window(qtbot, project_file, tmp_path / "recovery")
    edit(window, 12.0)
    assert doc2.set_value(("finance", "discount_rate_pct"), 9.0, "rate") == []
    assert window.autosaver.autosave_now() and w2.autosaver.autosave_now()
    assert window.autosaver.file != w2.autosaver.file
    doc2.undo_stack.setClean()  # a clean close of the second window
    w2.close()
    assert not w2.autosaver.file.exists()
    assert window.autosaver.file.exists()  # the first window's autosave survives
    wait_results(qtbot, doc2)


def test_startup_lists_every_recoverable_session(window, qtbot, tmp_path, project_file, monkeypatch, _isolated):
    edit(window, 13.0)
    window.autosaver.autosave_now()
    window.autosaver.abandon()
    other = tmp_path / "other.json"
    shutil.copy(SEEDS / "jingjin-filter-press.json", other)
    doc_b, w_b = open_window(qtbot, other, tmp_path / "recovery")
    assert doc_b.set_value(("finance", "discount_rate_pct"), 4.0, "rate") == []
    w_b.autosaver.autosave_now()
    w_b.autosaver.abandon()
    doc_b.undo_stack.setClean()
    # a fresh start-up
    doc3 = ProjectDocument()
    w3 = MainWindow(doc3, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w3)
    offered = []

    def choose(recs):
        offered.extend(recs)
        return next(r for r in recs if r.original_path == other.resolve()), False

    monkeypatch.setattr(w3, "choose_recovery", choose)
    rec = w3.offer_startup_recovery()
    assert {r.original_path for r in offered} == {project_file.resolve(), other.resolve()}
    assert rec is not None and doc3.path == other.resolve()
    assert doc3.project.finance.discount_rate_pct == 4.0 and doc3.is_modified()
    assert window.autosaver.file.exists()  # the one not chosen stays for later
    doc3.undo_stack.setClean()
    wait_results(qtbot, doc3)


def test_a_corrupt_recovery_file_is_kept_aside_and_reported(window, qtbot, tmp_path, _isolated):
    rec_dir = tmp_path / "recovery"
    rec_dir.mkdir(exist_ok=True)
    truncated = rec_dir / "crashed.recovery.json"
    truncated.write_text('{"original_path": null, "project": {"format_ver', encoding="utf-8")
    deep = rec_dir / "deep.recovery.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    found, bad = scan_recoveries(rec_dir)  # must not raise (a 100,000-deep file included)
    assert found == [] and len(bad) == 2
    assert not truncated.exists() and not deep.exists()
    kept = sorted(p.name for p in rec_dir.iterdir())
    assert any(n.startswith("crashed.recovery.json.corrupt-") for n in kept)
    assert any(n.startswith("deep.recovery.json.corrupt-") for n in kept)
    assert "nested too deep" in " ".join(b.reason for b in bad)
    # the app says so at start-up
    truncated.write_text("{", encoding="utf-8")
    window.offer_startup_recovery()
    assert any("could not be read" in str(p) for p in _isolated)
    assert "kept as" in window.status_label.text()


def test_a_failed_autosave_is_told(window, monkeypatch):
    import ui.autosave as autosave_module

    real = autosave_module.write_bytes_atomic
    disk_full = [True]

    def write(path, data):
        if disk_full[0]:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(autosave_module, "write_bytes_atomic", write)
    edit(window)
    assert window.autosaver.autosave_now() is False
    assert "Autosave cannot write" in window.status_label.text()
    assert "No space left on device" in window.status_label.text()
    disk_full[0] = False
    assert window.autosaver.autosave_now() is True
    assert "works again" in window.status_label.text()


def test_saving_over_a_file_changed_on_disk_warns(window, project_file, monkeypatch, _isolated):
    edit(window, 12.0)
    import os
    import time

    text = project_file.read_text(encoding="utf-8")
    project_file.write_text(text.replace('"discount_rate_pct": 8', '"discount_rate_pct": 7'), encoding="utf-8")
    future = time.time() + 50
    os.utime(project_file, (future, future))
    assert window.save() is False  # the default answer is Cancel
    assert any("changed on disk" in str(p) for p in _isolated)
    assert load_project(project_file).finance.discount_rate_pct == 7  # the other change is kept
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: SB.Save)
    assert window.save() is True
    assert load_project(project_file).finance.discount_rate_pct == 12


def test_export_runs_in_a_worker_and_offers_to_open(window, qtbot, tmp_path, monkeypatch):
    calls = []

    def export_workbook(project, result, path, lang="zh"):
        calls.append((project, result, lang))
        Path(path).write_bytes(b"xlsx")

    monkeypatch.setitem(sys.modules, "planner.report.workbook", types.SimpleNamespace(export_workbook=export_workbook))
    offered = []
    monkeypatch.setattr(window, "offer_open_export", offered.append)
    target = tmp_path / "out.xlsx"
    window.export_excel(str(target))
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert offered == [str(target)] and target.read_bytes() == b"xlsx"
    project, result, lang = calls[0]
    assert project == window.doc.project and result is window.doc.results and lang == "en"
    assert "Exported" in window.status_label.text()


def test_export_error_is_shown_not_raised(window, qtbot, tmp_path, monkeypatch):
    def export_workbook(project, result, path, lang="zh"):
        raise PermissionError("the file is open in Excel")

    monkeypatch.setitem(sys.modules, "planner.report.workbook", types.SimpleNamespace(export_workbook=export_workbook))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]) or SB.Ok)
    window.export_excel(str(tmp_path / "out.xlsx"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "the file is open in Excel" in shown[0]
    assert window._export_progress is None


def test_compute_failure_appears_in_the_status_bar(qtbot, window):
    def to_profile(d):
        d["load"].pop("annual_kwh")
        d["load"]["profile_file"] = "gone.csv"

    window.doc.edit("meter", to_profile)
    wait_results(qtbot, window.doc)
    assert "gone.csv" in window.status_label.text()
    assert "gone.csv" in window.results_panel.message.text()


def test_about_mentions_the_sources(window):
    text = window.about_text()
    for needle in ("2025 No. 47", "GB/T 2589-2020", "[2021] No. 1093", "[2023] No. 526", "GB 18613-2020"):
        assert needle in text


def test_undo_history_dock_toggles(window):
    assert not window.undo_dock.isVisible()
    window.act_undo_history.trigger()
    assert window.undo_dock.isVisible()


def test_start_without_a_file_opens_the_example_as_untitled(qtbot, tmp_path):
    from ui.app import create_main_window

    w, error = create_main_window(None, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    assert error is None
    assert w.doc.path is None and w.doc.template_dir == SEEDS.resolve()
    assert w.windowTitle().startswith("Untitled (from example)")
    assert w.doc.project == load_project(SEED)
    # issue 9 item 17: the window first, the results just after (no engine run before it shows)
    qtbot.wait(50)
    assert not w.doc.results_current() and w.doc.results is None
    w.show()
    assert wait_results(qtbot, w.doc, 20000) is not None


def test_start_on_a_bad_file_reports_it_and_opens_the_example(qtbot, tmp_path):
    from ui.app import create_main_window

    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    w, error = create_main_window(bad, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    assert error is not None and error.problems
    assert w.doc.project == load_project(SEED)
    w.show()
    wait_results(qtbot, w.doc, 20000)


def test_an_exception_in_a_slot_shows_a_message_instead_of_crashing(_isolated, monkeypatch):
    from ui import app as app_module

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module.install_excepthook()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert any("Something went wrong" in str(p) for p in _isolated)


def test_the_app_works_without_a_translation_file(window, monkeypatch, tmp_path):
    import ui.i18n

    monkeypatch.setattr(ui.i18n, "qm_path", lambda lang: tmp_path / "missing.qm")
    window.set_language("zh_CN")
    QApplication.processEvents()
    assert window.file_menu.title() == "&File"  # English source strings
    assert "translation file is missing" in window.status_label.text()
    assert window.results_panel.kpis.card("npv_yuan").value_text().endswith(" M")  # English numbers too
    assert window.language_actions["en"].isChecked()


def test_compiled_translations_ship_in_assets():
    from planner.io.assets import asset_path

    assert asset_path("i18n", "retrofit_zh_CN.qm").is_file()


def test_chinese_is_the_default_on_a_chinese_system(monkeypatch):
    from PySide6.QtCore import QLocale

    import ui.i18n

    QSettings().remove("ui/language")
    monkeypatch.setattr(ui.i18n.QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert ui.i18n.saved_language() == "zh_CN"
    monkeypatch.setattr(ui.i18n.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert ui.i18n.saved_language() == "en"
    QSettings().setValue("ui/language", "zh_CN")
    assert ui.i18n.saved_language() == "zh_CN"  # the Language menu's choice wins
