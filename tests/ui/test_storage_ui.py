"""Battery UI (issue 11): the form's groups and fields with units, edits that go
through the document (one undo step each), the typical-day chart with battery
power and SOC, the monthly share, and the sizing heat map with click-to-apply."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QGroupBox

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from tests.conftest import SEEDS
from tests.ui.conftest import input_panel, type_into, wait_results
from ui.editors import InputPanel

SEED = SEEDS / "shandong-factory-storage.json"


@pytest.fixture
def doc(qtbot):
    from ui.document import ProjectDocument

    d = ProjectDocument(load_project(SEED))
    yield d
    wait_results(qtbot, d, 20000)


@pytest.fixture
def ed(qtbot, doc):
    p = input_panel(qtbot, doc, tab=InputPanel.TAB_MEASURES)
    yield p.measures_editor


def test_battery_form_groups_units_and_edits(qtbot, ed, doc):
    row = len(doc.project.measures) - 1
    ed.select_row(row)
    form = ed.current_form()
    assert type(form).__name__ == "BatteryForm"
    assert form.energy_field.text() == "2000" and form.energy_field.unit() == "kWh"
    assert form.power_field.unit() == "kW" and form.rte_field.unit() == "%"
    titles = [b.title() for b in form.findChildren(QGroupBox)]
    assert len(titles) >= 6  # measure + size, efficiency, dispatch, cost and life, ownership
    type_into(qtbot, form.energy_field, "3000")
    assert doc.project.measures[row].energy_kwh == 3000
    form.min_soc_field.edited.emit(99.0)  # a committed 99 %: above max SOC 95, refused with a message
    assert form.min_soc_field.has_problem() and "max_soc_pct" in form.min_soc_field.problem()
    assert doc.project.measures[row].min_soc_pct == 5
    # periods: untick valley in the charge periods
    form.charge_field.checks["valley"].click()
    assert doc.project.measures[row].charge_periods == ["deep_valley"]
    doc.undo_stack.undo()
    assert set(doc.project.measures[row].charge_periods) == {"valley", "deep_valley"}
    assert form.charge_field.checks["valley"].isChecked()
    # ownership EMC shows the share and sets a default
    assert form.share_field.isHidden()
    form.ownership_field.select("emc")
    m = doc.project.measures[row]
    assert m.ownership == "emc" and m.emc_share_pct == 15
    assert not form.share_field.isHidden()
    # the optimal dispatch hides the periods (it ignores them)
    form.dispatch_field.select("optimal")
    assert doc.project.measures[row].dispatch == "optimal"
    assert form.charge_field.isHidden()


def test_add_a_battery_from_the_menu_and_undo(qtbot, ed, doc):
    base = load_project(SEEDS / "shandong-midsize-factory.json")
    doc.replace_project(base, "base")
    n = len(doc.project.measures)
    ed.add_actions["battery"].trigger()
    assert len(doc.project.measures) == n + 1 and doc.project.measures[-1].type == "battery"
    doc.recompute_now()
    assert doc.results.to_dict() == run_project(doc.project, doc.base_dir).to_dict()
    assert "storage" in doc.results.to_dict()
    doc.undo_stack.undo()
    assert len(doc.project.measures) == n


def test_typical_day_and_monthly_share(qtbot, doc):
    from ui.results.storage_chart import StorageTab, typical_storage_day

    doc.recompute_now()
    r = doc.results
    tab = StorageTab(doc)
    qtbot.addWidget(tab)
    names = tab.day_chart.series_names()
    assert any("SOC" in n or "电量" in n or "Stored" in n for n in names)
    assert len(tab.monthly_chart.chart().series()) == 1
    # the averages are the engine's hours: June working days, by hand for one hour
    day = typical_storage_day(r, 0, 6, True)
    cal = r.calendar
    sel = (cal.month == 6) & cal.is_working_day & (cal.hour == 17)
    s = r.storage[0]
    assert day.battery_kw[17] == pytest.approx(np.mean(s.discharge_kw[sel] - s.charge_kw[sel]))
    assert day.soc_kwh[17] == pytest.approx(np.mean(np.asarray(s.soc_kwh)[1:][sel]))
    assert day.n_days == int(sel.sum())
    tab.month_box.setCurrentIndex(0)
    tab.day_box.setCurrentIndex(1)
    assert tab.day_chart.month == 1 and tab.day_chart.working_day is False


def _sizing_view(qtbot, doc, energy: str, power: str, names: list[str] | None = None):
    """A sizing view on ``doc``'s last battery (or ``names``) with the given ranges."""
    from ui.results.sizing_view import SizingView

    view = SizingView(doc)
    qtbot.addWidget(view)
    view.set_batteries(names or [doc.project.measures[-1].name])
    view.energy_edit.setText(energy)
    view.power_edit.setText(power)
    return view


def test_sizing_heat_map_click_applies_as_one_undo_step(qtbot, doc):
    view = _sizing_view(qtbot, doc, "1000:2000:1000", "500:1000:500")
    with qtbot.waitSignal(view.finished, timeout=60000) as blocker:
        assert view.run()
        assert view.cancel_button.isEnabled() and not view.run_button.isEnabled()  # the GUI thread is free
    res = blocker.args[0]
    assert res is not None and view.table.rowCount() == 2 and view.table.columnCount() == 2
    i, j = view.best_cell()
    assert view.table.item(i, j).text().startswith("★")
    assert res.best.npv_yuan == max(q.npv_yuan for q in res.grid)
    depth = doc.undo_stack.count()
    view.table.cellClicked.emit(0, 1)
    m = doc.project.measures[-1]
    assert (m.energy_kwh, m.power_kw) == (1000, 1000)
    assert doc.undo_stack.count() == depth + 1
    doc.undo_stack.undo()
    assert doc.project.measures[-1].energy_kwh == 2000
    view.energy_edit.setText("5:1:1")
    assert not view.run() and view.message.text()


def test_sizing_sweep_can_be_cancelled(qtbot, doc):
    view = _sizing_view(qtbot, doc, "1000:2000:1000", "500:500:500")
    with qtbot.waitSignal(view.finished, timeout=60000) as blocker:
        view.run()
        view.cancel()
    assert blocker.args == [None] and view.result is None
    from ui.widgets.labels import t

    assert view.message.text() == t("analysis.cancelled")
    assert view.run_button.isEnabled() and not view.cancel_button.isEnabled()


def test_sizing_view_shows_the_sweep_progress_as_a_percentage(qtbot, doc):
    """The bar follows size_battery's progress: 2 x 2 points + the base run = 5 steps, 0 % .. 100 %."""
    view = _sizing_view(qtbot, doc, "1000:2000:1000", "500:1000:500")
    view.show()
    seen: list[tuple[int, str, bool]] = []
    view.runner.progress.connect(
        lambda _s: seen.append((view.progress.value(), view.progress.text(), view.progress.isVisible()))
    )
    with qtbot.waitSignal(view.finished, timeout=60000) as blocker:
        assert view.run()
    assert blocker.args[0] is not None
    assert [v for v, _, _ in seen] == [0, 200, 400, 600, 800, 1000]  # k / 5 x 1000
    assert [txt for _, txt, _ in seen] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert all(visible for _, _, visible in seen) and not view.progress.isVisible()


def test_sizing_view_cancel_stops_a_long_sweep(qtbot, doc):
    """Cancel during a 20 x 20 sweep: the sweep stops at the next point (the bar never reaches 100 %)."""
    from ui.widgets.labels import t

    view = _sizing_view(qtbot, doc, "100:2000:100", "50:1000:50")
    shares: list[float] = []

    def on_progress(share: float) -> None:
        shares.append(share)
        if len(shares) == 3:
            view.cancel_button.click()

    view.runner.progress.connect(on_progress)
    with qtbot.waitSignal(view.finished, timeout=60000) as blocker:
        view.run()
    assert blocker.args == [None] and view.result is None
    assert view.message.text() == t("analysis.cancelled")
    assert max(shares) < 0.5  # of 401 steps, stopped long before the end


def test_sizing_view_in_chinese(qtbot, doc):
    """In Chinese: the battery's Chinese name, the flat-capex warning and the cell tooltips are Chinese;
    the sweep still sizes the measure by its full name."""
    from PySide6.QtCore import QCoreApplication

    from planner.terms import has_cjk
    from ui.i18n import TranslationManager

    def mutate(d):
        b = d["measures"][-1]
        b["name"] = "储能 / Battery"
        b.pop("capex_yuan_per_kwh", None)
        b.pop("capex_yuan_per_kw", None)

    assert not doc.edit("rename", mutate)
    manager = TranslationManager(QCoreApplication.instance())
    assert manager.set_language("zh_CN", persist=False)
    try:
        view = _sizing_view(qtbot, doc, "1000", "500", names=["储能 / Battery"])
        assert view.measure_box.currentText() == "储能" and view.measure_box.currentData() == "储能 / Battery"
        with qtbot.waitSignal(view.finished, timeout=60000) as blocker:
            assert view.run()
        res = blocker.args[0]
        assert res is not None and res.measure == "储能 / Battery"
        assert res.warnings[0].startswith("capex_yuan_per_kwh and capex_yuan_per_kw are not given")  # CLI text
        assert view.message.text().startswith("未给出") and has_cjk(view.message.text())
        assert "项目净现值" in view.table.item(0, 0).toolTip()
    finally:
        manager.set_language("en", persist=False)


def test_monthly_bill_chart_shows_the_battery_share(qtbot, doc):
    """Issue 11 item 5: the results' monthly bill chart hatches the battery's share of each month's saving
    on top of the "after" bar; the other sets still add up to the bill after."""
    from ui.results.charts import MonthlyBillChart
    from ui.widgets.labels import t

    r = run_project(load_project(SEED), SEEDS)
    chart = MonthlyBillChart()
    qtbot.addWidget(chart)
    chart.set_result(r)
    sets = chart.chart().series()[0].barSets()
    share = [s for s in sets if s.label() == t("chart.storage_share")]
    assert len(share) == 1
    m = r.monthly
    assert m["storage_savings_yuan"].abs().sum() > 0
    for month in range(12):
        assert share[0].at(3 * month) == 0.0
        assert share[0].at(3 * month + 1) == pytest.approx(m["storage_savings_yuan"].iloc[month] / 1e6, rel=1e-9)
        after = sum(s.at(3 * month + 1) for s in sets if s is not share[0])
        assert after == pytest.approx(m["bill_after_yuan"].iloc[month] / 1e6, rel=1e-9)
