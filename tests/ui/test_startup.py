"""Start-up (issue 9, item 17): the window first, then the input forms and the charts, then the results."""

from __future__ import annotations

import pytest

from planner.engine.chain import run_project
from tests.ui.conftest import settle, wait_results
from ui.results import format as fmt


@pytest.fixture(autouse=True)
def _isolated(quiet_window_env):
    return quiet_window_env


def test_the_window_shows_before_the_forms_and_results_and_then_fills(qtbot, tmp_path):
    from ui.app import create_main_window
    from ui.editors import InputPanel

    w, error = create_main_window(None, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    assert error is None
    # built but not shown: a shell (title, menus, KPI cards waiting), nothing heavy, no engine run
    assert not w.panels_built() and not isinstance(w.input_panel, InputPanel)
    assert w.results_panel._charts == ()
    assert w.results_panel.kpis.card("npv_yuan").value_text() == "—"
    assert w.windowTitle().startswith("Untitled (from example)")
    qtbot.wait(50)
    assert not w.doc.results_current()
    w.show()
    qtbot.waitUntil(w.panels_built, timeout=10000)
    assert isinstance(w.input_panel, InputPanel) and w.splitter.widget(0) is w.input_panel
    qtbot.waitUntil(lambda: w.results_panel._charts != (), timeout=10000)
    assert w.results_panel._decide_tab is None  # the analysis pages wait for the first results
    result = wait_results(qtbot, w.doc, 20000)
    assert result is not None, w.doc.last_error
    qtbot.waitUntil(lambda: w.results_panel._decide_tab is not None, timeout=20000)  # then built, imports prefetched
    expected = run_project(w.doc.project, w.doc.base_dir).summary
    assert w.results_panel.kpis.card("npv_yuan").value_text() == fmt.money(expected.npv_yuan)
    mark = next(s for s in w.results_panel.cash_flow_chart.chart().series() if s.name() == "Static payback")
    assert mark.points()[0].x() == pytest.approx(expected.payback_years)
    # and the forms edit the project as ever
    w.doc.set_value(("finance", "discount_rate_pct"), 3.0, "rate")
    result = wait_results(qtbot, w.doc)
    assert w.results_panel.kpis.card("npv_yuan").value_text() == fmt.money(result.summary.npv_yuan)
    w.doc.undo_stack.setClean()
    settle(qtbot, w.doc)


def test_a_window_built_directly_is_complete_at_once(qtbot, tmp_path, project_file):
    from tests.ui.conftest import open_window
    from ui.editors import InputPanel

    doc, w = open_window(qtbot, project_file, tmp_path / "recovery")
    assert w.panels_built() and isinstance(w.input_panel, InputPanel)
    assert len(w.results_panel._charts) == 4
    w.show()
    assert wait_results(qtbot, doc, 20000) is not None
    settle(qtbot, doc)
