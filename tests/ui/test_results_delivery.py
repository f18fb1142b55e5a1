"""How results reach the views without freezing the GUI thread (issue 9, item 12): the per-measure
table makes its rows on demand, charts on screen redraw one per event-loop turn, hidden charts and
hidden pages (storage, decide) catch up when shown; and the values are those of the engine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from planner.analysis.scenarios import compare
from planner.engine.chain import run_project
from tests.ui.conftest import settle, wait_results
from ui.results import format as fmt
from ui.results.tables import MeasuresTableModel
from ui.widgets.labels import t


@pytest.fixture(autouse=True)
def _isolated(quiet_window_env):
    return quiet_window_env


def _expected_cells(result, project) -> list[list[str]]:
    """The table's texts worked out from the typed result alone: ranked rows, formatted as the columns say,
    the EMC investor's investment from the project, then the demand-charge line."""
    by_name = {m.name: m for m in project.measures}
    rows = []
    for m in sorted(result.measures, key=lambda m: m.rank):
        pm = by_name[m.name]
        capex = fmt.yuan_exact(m.capex_yuan)
        if getattr(pm, "ownership", None) == "emc":
            capex = t("table.investor_capex", value=fmt.yuan_exact(pm.capex_yuan))
        rows.append(
            [
                str(m.rank),
                m.name.split(" / ")[-1],  # the seed's "中文 / English" names: the English half in the English UI
                fmt.measure_type(m.type),
                capex,
                fmt.number(m.first_year_energy_saved_kwh),
                fmt.yuan_exact(m.first_year_savings_yuan),
                fmt.years(m.simple_payback_years) if m.simple_payback_years is not None else fmt.na(),
                fmt.yuan_exact(m.npv_yuan),
                fmt.percent(m.irr_pct),
            ]
        )
    demand = result.summary.demand_charge_savings_yuan
    if demand is not None and abs(demand) > 0.005:
        rows.append(["", t("table.demand_charge_row"), "", "", "", fmt.yuan_exact(demand), "", "", ""])
    return rows


def test_lazy_measure_rows_give_the_same_texts_and_are_made_only_when_read(qtbot, doc):
    result = run_project(doc.project, doc.base_dir)
    model = MeasuresTableModel()
    model.set_result(result, doc.project)
    assert model._rows._made == {}  # nothing built up front
    expected = _expected_cells(result, doc.project)
    assert model.rowCount() == len(expected) and model.columnCount() == 9
    # read backwards: a row does not depend on the ones before it
    got = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())] for r in reversed(range(model.rowCount()))
    ]
    assert got[::-1] == expected
    first = min(result.measures, key=lambda m: m.rank).name
    assert " / " in first and model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == first  # full name
    col = model.column_keys().index("first_year_savings_yuan")
    values = [model.data(model.index(r, col), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert sum(values) == pytest.approx(result.summary.first_year_savings_yuan, rel=1e-12)


def test_lazy_measure_rows_follow_the_language(qtbot, doc, qapp):
    from ui.i18n import TranslationManager

    result = run_project(doc.project, doc.base_dir)
    model = MeasuresTableModel()
    model.set_result(result, doc.project)
    last = model.rowCount() - 1
    assert "demand" in model.data(model.index(last, 1)).lower()
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    model.retranslate()
    assert model.data(model.index(last, 1)) == t("table.demand_charge_row")
    assert "demand" not in model.data(model.index(last, 1)).lower()


def _bar_values(chart) -> list[float]:
    bars = chart.chart().series()[0].barSets()[0]
    return sorted(bars.at(i) for i in range(bars.count()))


def test_charts_on_screen_redraw_after_the_cards_and_hidden_ones_when_shown(qtbot, window):
    panel, doc = window.results_panel, window.doc
    chart = panel.measure_chart
    assert panel.tabs.currentIndex() == 0 and chart.isVisible()
    first = doc.project.measures[0].name
    doc.set_value(("measures", 0, "capex_yuan"), doc.project.measures[0].capex_yuan * 2, "capex")
    result = wait_results(qtbot, doc)
    assert panel.kpis.card("capex_yuan").value_text() == fmt.money(result.summary.capex_yuan)
    qtbot.waitUntil(lambda: not chart.redraw_pending(), timeout=5000)  # drawn in a later turn
    assert _bar_values(chart) == pytest.approx(sorted(m.first_year_savings_yuan / 1e6 for m in result.measures))

    panel.tabs.setCurrentIndex(2)  # the per-measure table: the overview charts are hidden
    assert not chart.isVisible()
    doc.set_value(("measures", 0, "enabled"), False, f"disable {first}")
    result = wait_results(qtbot, doc)
    qtbot.wait(50)
    assert chart.redraw_pending()  # not redrawn while hidden
    assert not panel.cash_flow_chart.isVisible() and panel.cash_flow_chart.redraw_pending()
    assert panel.measures_model.rowCount() == len(result.measures) + 1  # the table on screen is current
    panel.tabs.setCurrentIndex(0)
    assert not chart.redraw_pending() and not panel.cash_flow_chart.redraw_pending()
    assert _bar_values(chart) == pytest.approx(sorted(m.first_year_savings_yuan / 1e6 for m in result.measures))


def test_a_failure_clears_hidden_charts_at_once(qtbot, window):
    """Issue 9 item 1 still holds with deferred drawing: clearing is never deferred."""
    panel, doc = window.results_panel, window.doc
    panel.tabs.setCurrentIndex(1)
    doc.edit("missing profile", lambda d: d["load"].update(profile_file="nowhere.csv") or d["load"].pop("annual_kwh"))
    assert wait_results(qtbot, doc) is None
    for chart in (panel.cash_flow_chart, panel.measure_chart, panel.monthly_chart, panel.typical_day.chart_view):
        assert not chart.redraw_pending()
        assert chart.chart().series() == []


def test_hidden_decide_page_reruns_its_comparison_only_when_shown(qtbot, window):
    panel, doc = window.results_panel, window.doc
    view = panel.decide_tab.scenarios
    if view.runner.busy:
        with qtbot.waitSignal(view.runner.finished, timeout=60000):
            pass
    before = view.comparison
    assert before is not None
    doc.set_value(("finance", "discount_rate_pct"), 3.0, "rate")
    wait_results(qtbot, doc)
    qtbot.wait(50)
    assert not view.runner.busy and view.comparison is before  # hidden: no re-run per edit
    with qtbot.waitSignal(view.runner.finished, timeout=60000):
        panel.tabs.setCurrentWidget(panel.decide_scroll)
    ref = compare(doc.project, doc.base_dir)
    assert [s.summary.npv_yuan for s in view.comparison.scenarios] == [s.summary.npv_yuan for s in ref.scenarios]
    settle(qtbot, doc)


def test_the_startup_heap_is_frozen_once_after_the_first_results(qtbot, tmp_path):
    """run_app freezes what start-up loaded (gc.freeze), so a full collection of ~140,000 module
    objects no longer lands in the middle of an edit; later objects are still collected."""
    import gc

    from ui.app import create_main_window, freeze_after_first_results

    w, _ = create_main_window(None, autosave_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    gc.unfreeze()
    try:
        freeze_after_first_results(w.doc)
        w.show()
        assert wait_results(qtbot, w.doc, 20000) is not None
        assert gc.get_freeze_count() == 0  # not before the first results have settled
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
        frozen = gc.get_freeze_count()
        w.doc.set_value(("finance", "discount_rate_pct"), 3.0, "rate")
        wait_results(qtbot, w.doc)
        qtbot.wait(700)
        assert gc.get_freeze_count() <= frozen  # once only (frozen objects are still freed by refcount)
        cycle: list = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # what comes later is still collected
    finally:
        gc.unfreeze()
        w.doc.undo_stack.setClean()
        settle(qtbot, w.doc)
