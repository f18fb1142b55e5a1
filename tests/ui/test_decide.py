"""The analysis views wired into the main window (issue 12: Decide tab, portfolio window) and the
export dialog's language and analysis sheets (issue 13 item 5)."""

from __future__ import annotations

import json
import shutil
import sys
import types

import pytest

from planner.analysis.scenarios import compare
from planner.io.projectfile import load_project, project_from_dict
from tests.conftest import SEEDS
from tests.ui.conftest import wait_results
from ui.export import ExportDialog, has_analysis_keys, takes_analysis
from ui.widgets.labels import t

PV = "厂房屋顶光伏 2 MWp / Rooftop PV 2 MWp"


@pytest.fixture(autouse=True)
def _isolated(quiet_window_env):
    return quiet_window_env


def _tab_texts(tabs) -> list[str]:
    return [tabs.tabText(i) for i in range(tabs.count())]


def test_results_have_storage_bill_and_decide_tabs(window, qtbot):
    panel = window.results_panel
    qtbot.waitUntil(lambda: panel._decide_tab is not None and panel._storage_tab is not None, timeout=20000)
    texts = _tab_texts(panel.tabs)
    assert t("storage.measure") in texts and t("decide.tab") in texts
    decide = panel.decide_tab
    assert _tab_texts(decide.tabs) == [t("analysis.scenarios"), t("analysis.sensitivity"), t("analysis.montecarlo")]
    assert decide.tabs.widget(0) is decide.scenarios and decide.tabs.widget(2) is decide.montecarlo
    panel.tabs.setCurrentWidget(panel.decide_scroll)
    decide.tabs.setCurrentWidget(decide.sensitivity)
    assert decide.sensitivity.isVisible()
    # the bill editor is a page of the inputs
    from ui.editors.bill import BillEditor

    assert window.findChildren(BillEditor)


def test_decide_sensitivity_and_montecarlo_run_from_the_window(window, qtbot):
    decide = window.results_panel.decide_tab
    sens = decide.sensitivity
    sens.target.setValue(6.0)
    with qtbot.waitSignal(sens.runner.finished, timeout=60000):
        sens.run_button.click()
    assert sens.error == "" and sens.result is not None
    assert sens.result.payback_target_years == 6.0 and sens.tornado_rows()
    assert sens.chart.chart().series() and sens.spider_chart.chart().series()
    mc = decide.montecarlo
    mc.draws.setValue(500)
    with qtbot.waitSignal(mc.runner.finished, timeout=60000):
        mc.run_button.click()
        assert mc.cancel_button.isEnabled()
    assert mc.result is not None and len(mc.result.npv_yuan) == 500
    assert mc.hist_chart.chart().series() and mc.cum_chart.chart().series()


def test_scenarios_compare_in_the_window(qtbot, quiet_window_env, tmp_path):
    from ui.document import ProjectDocument
    from ui.main_window import MainWindow

    d = json.loads((SEEDS / "shandong-midsize-factory.json").read_text(encoding="utf-8"))
    d["scenarios"] = [{"name": "EMC", "changes": [{"path": f"measures/{PV}/ownership", "value": "emc"}]}]
    path = tmp_path / "factory.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    doc = ProjectDocument()
    doc.open(path)
    w = MainWindow(doc, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    wait_results(qtbot, doc, 20000)
    view = w.results_panel.decide_tab.scenarios
    if view.comparison is None:
        with qtbot.waitSignal(view.runner.finished, timeout=60000):
            pass
    ref = compare(doc.project, doc.base_dir)
    assert [s.summary.npv_yuan for s in view.comparison.scenarios] == [s.summary.npv_yuan for s in ref.scenarios]
    assert view.model.columnCount() == 2
    doc.undo_stack.setClean()


def test_file_menu_opens_a_folder_as_portfolio(window, qtbot, tmp_path):
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for f in list(SEEDS.glob("*.json"))[:2]:
        shutil.copy(f, folder / f.name)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    actions = [a.text() for a in window.file_menu.actions()]
    assert t("decide.open_portfolio") in actions
    win = window.open_portfolio(str(folder), workers=1)
    with qtbot.waitSignal(win.view.runner.finished, timeout=120000):
        pass
    rows = win.view.model.rows
    assert len(rows) == 3 and rows[-1]["file"] == "broken.json" and rows[-1]["error"]
    assert win.isVisible() and win.view.table.model().rowCount() == 3
    win.close()


def test_export_dialog_defaults_to_the_project_language_and_its_analysis_keys(qtbot):
    p = load_project(SEEDS / "shandong-midsize-factory.json")
    for lang in ("zh", "en"):
        dlg = ExportDialog(p.model_copy(update={"language": lang}), "/tmp/x", None)
        qtbot.addWidget(dlg)
        assert dlg.language() == lang and dlg.path() == "/tmp/x.xlsx"
        assert not dlg.with_analysis() and not dlg.analysis_box.isEnabled()
    dlg = ExportDialog(p.model_copy(update={"language": None}), "a.xlsx", None)
    qtbot.addWidget(dlg)
    assert dlg.language() == "en"  # the UI's language when the project names none
    d = json.loads((SEEDS / "shandong-midsize-factory.json").read_text(encoding="utf-8"))
    d["sensitivity"] = {}
    dlg = ExportDialog(project_from_dict(d), "a.xlsx", None)
    qtbot.addWidget(dlg)
    assert dlg.analysis_box.isEnabled() and dlg.with_analysis()
    dlg.analysis_box.setChecked(False)
    assert not dlg.with_analysis()


def test_export_passes_the_chosen_language_and_the_analysis(window, qtbot, tmp_path, monkeypatch):
    calls = []

    def export_workbook(project, result, path, lang=None, *, analysis=None):
        calls.append((lang, analysis))
        open(path, "wb").write(b"xlsx")

    monkeypatch.setitem(sys.modules, "planner.report.workbook", types.SimpleNamespace(export_workbook=export_workbook))
    offered = []
    monkeypatch.setattr(window, "offer_open_export", offered.append)
    doc = window.doc
    doc.edit(
        "scenario",
        lambda d: d.update(
            scenarios=[{"name": "EMC", "changes": [{"path": f"measures/{PV}/ownership", "value": "emc"}]}]
        ),
    )
    wait_results(qtbot, doc, 20000)
    assert has_analysis_keys(doc.project)
    window.export_excel(str(tmp_path / "out.xlsx"), lang="zh")
    qtbot.waitUntil(lambda: bool(offered), timeout=60000)
    lang, analysis = calls[0]
    assert lang == "zh" and set(analysis) == {"scenarios"}
    assert analysis["scenarios"] == compare(doc.project, doc.base_dir).to_dict()


def test_export_without_the_analysis_keyword_still_writes(window, qtbot, tmp_path, monkeypatch):
    calls = []

    def export_workbook(project, result, path, lang="zh"):
        calls.append(lang)
        open(path, "wb").write(b"xlsx")

    assert not takes_analysis(export_workbook)
    monkeypatch.setitem(sys.modules, "planner.report.workbook", types.SimpleNamespace(export_workbook=export_workbook))
    offered = []
    monkeypatch.setattr(window, "offer_open_export", offered.append)
    window.export_excel(str(tmp_path / "out.xlsx"), analysis=True)
    qtbot.waitUntil(lambda: bool(offered), timeout=60000)
    assert calls == ["en"]


def _missing_profile(d):
    d["load"].pop("annual_kwh", None)
    d["load"]["profile_file"] = "nowhere.csv"


def test_storage_and_decide_pages_never_keep_figures_of_another_project(qtbot, quiet_window_env, tmp_path):
    """Issue 9 item 1 on the lazily built pages: a project that cannot be computed, or another project
    opened, leaves no analysis, battery chart or sizing grid of the earlier one on screen."""
    from ui.document import ProjectDocument
    from ui.main_window import MainWindow

    path = tmp_path / "storage.json"
    shutil.copy(SEEDS / "shandong-factory-storage.json", path)
    doc = ProjectDocument()
    doc.open(path)
    w = MainWindow(doc, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    assert wait_results(qtbot, doc, 20000) is not None
    panel = w.results_panel
    panel.tabs.setCurrentWidget(panel.decide_scroll)
    decide = panel.decide_tab
    decide.tabs.setCurrentWidget(decide.sensitivity)
    with qtbot.waitSignal(decide.sensitivity.runner.finished, timeout=60000):
        decide.sensitivity.run_button.click()
    mc = decide.montecarlo
    mc.draws.setValue(200)
    with qtbot.waitSignal(mc.runner.finished, timeout=60000):
        mc.run_button.click()
    if decide.scenarios.comparison is None:
        with qtbot.waitSignal(decide.scenarios.runner.finished, timeout=60000):
            pass
    panel.tabs.setCurrentWidget(panel.storage_scroll)
    storage = panel.storage_tab
    sizing = storage.sizing
    sizing.energy_edit.setText("1000:2000:1000")
    sizing.power_edit.setText("500:500:500")
    with qtbot.waitSignal(sizing.finished, timeout=60000):
        assert sizing.run()
    assert storage.battery_box.count() == 1 and sizing.table.rowCount() == 2
    assert decide.sensitivity.result is not None and mc.result is not None
    assert decide.scenarios.comparison is not None
    panel.tabs.setCurrentIndex(0)  # both pages hidden now: clearing must not wait for them to be shown

    doc.edit("meter", _missing_profile)
    wait_results(qtbot, doc, 20000)
    assert doc.results is None
    assert storage.battery_box.count() == 0 and not storage.note.isHidden()  # "no battery" (page hidden)
    assert sizing.result is None and sizing.table.rowCount() == 0
    assert storage.day_chart.chart().series() == [] and storage.monthly_chart.chart().series() == []
    assert decide.sensitivity.result is None and decide.sensitivity.chart.chart().series() == []
    assert decide.sensitivity.break_even.text() == ""
    assert mc.result is None and mc.hist_chart.chart().series() == [] and mc.summary.text() == ""
    assert decide.scenarios.comparison is None and decide.scenarios.cash_chart.chart().series() == []

    doc.undo_stack.undo()  # computable again: the storage page fills when shown
    assert wait_results(qtbot, doc, 20000) is not None
    panel.tabs.setCurrentWidget(panel.storage_scroll)
    assert storage.battery_box.count() == 1
    doc.undo_stack.setClean()

    mc.draws.setValue(200)
    with qtbot.waitSignal(mc.runner.finished, timeout=60000):
        mc.run_button.click()
    assert mc.result is not None
    other = tmp_path / "other.json"
    shutil.copy(SEEDS / "jingjin-filter-press.json", other)
    doc.open(other)
    assert mc.result is None and storage.battery_box.count() == 0  # at once, before the engine ran
    wait_results(qtbot, doc, 20000)
    doc.undo_stack.setClean()
