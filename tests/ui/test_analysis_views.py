"""pytest-qt: scenario view, tornado and Monte Carlo views (including cancel), both languages."""

import json

import numpy as np
import pytest

from planner.analysis.montecarlo import monte_carlo
from planner.analysis.scenarios import compare
from planner.analysis.sensitivity import sensitivity
from planner.io.projectfile import project_from_dict
from tests.conftest import SEEDS
from tests.ui.conftest import wait_results, with_example_scenarios

SEED = SEEDS / "shandong-midsize-factory.json"
PV = "厂房屋顶光伏 2 MWp / Rooftop PV 2 MWp"


def _doc(mutate=None):
    from ui.document import ProjectDocument

    d = json.loads(SEED.read_text(encoding="utf-8"))
    if mutate:
        mutate(d)
    doc = ProjectDocument(project_from_dict(d))
    doc._template_dir = SEEDS  # relative files resolve as for the seed
    return doc


def _with_scenarios(d):
    with_example_scenarios(d, "EMC", "no PV")


def test_scenarios_view_table_best_and_duplicate(qtbot):
    from ui.results.scenarios_view import KPIS, ScenariosView

    doc = _doc(_with_scenarios)
    view = ScenariosView(doc)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.runner.finished, timeout=30000):
        view.refresh()
    assert view.error == ""
    ref = compare(doc.project, doc.base_dir)
    m = view.model
    assert m.columnCount() == 3 and m.rowCount() == len(KPIS)
    npv_row = [k for k, _ in KPIS].index("npv_yuan")
    values = [m.data(m.index(npv_row, c), 0x0100) for c in range(3)]  # UserRole: the engine value
    assert values == [s.summary.npv_yuan for s in ref.scenarios]
    best = int(np.argmax(values))
    assert m.is_best(npv_row, best) and "★" in m.data(m.index(npv_row, best))
    assert len(view.cash_chart.chart().series()) == 3

    # "duplicate as scenario" is one undo command on the document
    name = view.duplicate_as_scenario()
    assert [s.name for s in doc.project.scenarios][-1] == name
    doc.undo_stack.undo()
    assert [s.name for s in doc.project.scenarios] == ["EMC", "no PV"]
    wait_results(qtbot, doc, 10000)


def test_sensitivity_view_tornado_and_table(qtbot):
    from ui.results.sensitivity_view import SensitivityView

    doc = _doc()
    view = SensitivityView(doc)
    qtbot.addWidget(view)
    view.target.setValue(5)
    with qtbot.waitSignal(view.runner.finished, timeout=60000):
        view.run()
    ref = sensitivity(doc.project, doc.base_dir, payback_target_years=5)
    assert view.model.rowCount() == len(ref.drivers)
    for i, d in enumerate(ref.drivers):
        assert view.model.data(view.model.index(i, 3), 0x0100) == d.npv_low_yuan
        assert view.model.data(view.model.index(i, 4), 0x0100) == d.npv_high_yuan
    rows = view.tornado_rows()
    swings = [abs(hi - lo) for _, lo, hi in rows]
    assert swings == sorted(swings, reverse=True)
    series = view.chart.chart().series()[0]
    assert series.count() == 2 and series.barSets()[0].count() == len(ref.drivers)
    # bars are in 10k yuan, the top bar (last category) is the widest swing
    assert series.barSets()[1].at(len(rows) - 1) == pytest.approx(rows[0][2] / 1e4)
    assert f"{ref.energy_price_break_even_pct:+.1f} %" in view.break_even.text()
    # spider plot: one line per driver through the recomputed NPVs (its middle point is the base)
    lines = view.spider_chart.chart().series()
    assert len(lines) == len(ref.drivers)
    energy = lines[0].points()
    assert len(energy) == 5 and energy[2].y() == pytest.approx(ref.npv_yuan / 1e4)
    assert energy[0].y() == pytest.approx(ref.drivers[0].npv_low_yuan / 1e4)


def test_montecarlo_view_runs_and_draws(qtbot):
    from ui.results.montecarlo_view import BINS, MonteCarloView

    doc = _doc()
    view = MonteCarloView(doc)
    qtbot.addWidget(view)
    view.draws.setValue(3000)
    view.seed.setValue(4)
    with qtbot.waitSignal(view.runner.finished, timeout=60000):
        view.run()
    ref = monte_carlo(doc.project, doc.base_dir, draws=3000, seed=4)
    np.testing.assert_array_equal(view.result.npv_yuan, ref.npv_yuan)
    assert view.progress.value() == 1000
    # the histogram's step outline: three points per bin (rise, top left, top right) and the closing drop
    pts = view.hist_chart.chart().series()[0].upperSeries().points()
    assert len(pts) == 3 * BINS + 1
    heights = [pts[3 * k + 1].y() for k in range(BINS)]
    widths = {round(pts[3 * k + 2].x() - pts[3 * k + 1].x(), 9) for k in range(BINS)}
    assert sum(heights) == pytest.approx(100.0) and len(widths) == 1  # shares of the draws, equal bins
    counts, _ = np.histogram(ref.npv_yuan, bins=BINS)
    assert heights == pytest.approx(list(counts / counts.sum() * 100.0))
    assert view.specs_model.rowCount() == len(ref.specs)
    assert "P10" in view.summary.text()


def test_montecarlo_view_cancel(qtbot):
    from ui.results.montecarlo_view import MonteCarloView

    # PV yield with export and a demand charge: exact recomputes, slow enough to cancel
    def slow(d):
        d["uncertainty"] = [{"driver": "pv_yield", "distribution": "uniform", "low": -20, "high": 20}]

    doc = _doc(slow)
    view = MonteCarloView(doc)
    qtbot.addWidget(view)
    view.draws.setValue(100000)
    with qtbot.waitSignal(view.runner.progress, timeout=60000):
        view.run(fallback_draws=100000)
    assert view.cancel_button.isEnabled()
    with qtbot.waitSignal(view.runner.finished, timeout=60000) as blocker:
        view.cancel()
    assert blocker.args == [None, "cancelled"]
    assert view.result is None and view.run_button.isEnabled() and not view.cancel_button.isEnabled()
    assert view.summary.text() in ("已取消", "Cancelled")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_views_in_both_languages(qtbot, language, monkeypatch):
    import ui.i18n as i18n
    from ui.results.montecarlo_view import MonteCarloView
    from ui.results.scenarios_view import ScenariosView
    from ui.results.sensitivity_view import SensitivityView

    monkeypatch.setattr(i18n, "_current", language)
    doc = _doc(_with_scenarios)
    for cls in (ScenariosView, SensitivityView, MonteCarloView):
        w = cls(doc)
        qtbot.addWidget(w)
        title = w.title.text()
        assert (
            title
            in {
                "zh_CN": ("方案对比", "敏感性分析", "蒙特卡洛"),
                "en": ("Scenarios", "Sensitivity", "Monte Carlo"),
            }[language]
        )


def test_scenario_change_is_one_undo_command(qtbot):
    from ui.results.scenarios_view import ScenariosView

    doc = _doc(_with_scenarios)
    view = ScenariosView(doc)
    qtbot.addWidget(view)
    assert view.set_scenario_change("EMC", "finance/discount_rate_pct", 6) == []
    sc = doc.project.scenarios[0]
    assert [(c.path, c.value) for c in sc.changes][-1] == ("finance/discount_rate_pct", 6)
    # the same path again replaces the change
    view.set_scenario_change("EMC", "finance/discount_rate_pct", 7)
    assert [c.value for c in doc.project.scenarios[0].changes if c.path == "finance/discount_rate_pct"] == [7]
    doc.undo_stack.undo()
    assert [c.value for c in doc.project.scenarios[0].changes if c.path == "finance/discount_rate_pct"] == [6]
    # a path that names no field pushes nothing and says why
    count = doc.undo_stack.count()
    problems = view.set_scenario_change("EMC", "finance/discount", 6)
    assert problems and problems[0].path == "scenario 'EMC': finance/discount"
    assert doc.undo_stack.count() == count
    wait_results(qtbot, doc, 10000)


def test_portfolio_view_lists_a_folder(qtbot, tmp_path):
    import shutil

    from ui.results.portfolio_view import PortfolioView

    for f in SEEDS.glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    view = PortfolioView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.runner.finished, timeout=120000):
        view.open_folder(tmp_path, workers=1)
    rows = view.model.rows
    assert len(rows) == len(list(SEEDS.glob("*.json"))) + 1
    assert rows[-1]["file"] == "broken.json" and rows[-1]["error"]
    npvs = [r["npv_yuan"] for r in rows if r["error"] is None]
    assert npvs == sorted(npvs, reverse=True)
    assert view.model.data(view.model.index(0, 0)) == "1"


def test_distribution_table_edits_are_undo_commands(qtbot):
    from PySide6.QtCore import Qt

    from ui.results.montecarlo_view import MonteCarloView

    doc = _doc()
    view = MonteCarloView(doc)
    qtbot.addWidget(view)
    m = view.specs_model
    assert doc.project.uncertainty is None and m.rowCount() == 4  # the defaults, shown
    high = m.COLS.index("high")
    assert m.flags(m.index(0, high)) & Qt.ItemFlag.ItemIsEditable
    assert m.setData(m.index(0, high), "35")
    assert doc.project.uncertainty[0].driver == "energy_price" and doc.project.uncertainty[0].high == 35
    assert len(doc.project.uncertainty) == 4  # the defaults were written with the change
    assert m.data(m.index(0, high)) == "35"  # the view follows the document
    # low > high is refused with the model's message, nothing pushed
    count = doc.undo_stack.count()
    assert not m.setData(m.index(0, m.COLS.index("low")), "50")
    assert "expected low <= high" in str(m.problems[0]) and doc.undo_stack.count() == count
    assert not m.setData(m.index(0, high), "abc") and m.problems[0].expected == "a number"
    # switch to a normal distribution: sd appears, low/high go
    assert m.setData(m.index(1, m.COLS.index("distribution")), "normal")
    assert doc.project.uncertainty[1].distribution == "normal" and doc.project.uncertainty[1].sd == 5.0
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.project.uncertainty is None
    wait_results(qtbot, doc, 10000)


def test_views_retranslate_their_fixed_texts(qtbot, monkeypatch):
    """A language change re-reads every text of ``TEXTS`` (the shared ``AnalysisView._retranslate``)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    import ui.i18n as i18n
    from planner.terms import term
    from ui.results.montecarlo_view import MonteCarloView
    from ui.results.scenarios_view import ScenariosView

    monkeypatch.setattr(i18n, "_current", "en")
    doc = _doc(_with_scenarios)
    for cls in (ScenariosView, MonteCarloView):
        w = cls(doc)
        qtbot.addWidget(w)
        assert cls.TEXTS and all(getattr(w, a).text() == term(k, "en") for a, k in cls.TEXTS)
        monkeypatch.setattr(i18n, "_current", "zh_CN")
        QCoreApplication.sendEvent(w, QEvent(QEvent.Type.LanguageChange))
        assert all(getattr(w, a).text() == term(k, "zh") for a, k in cls.TEXTS)
        monkeypatch.setattr(i18n, "_current", "en")
    wait_results(qtbot, doc, 10000)


def test_scenario_savings_chart_shows_the_largest_measures_only(qtbot, monkeypatch):
    from ui.results.scenarios_view import ScenariosView

    doc = _doc(_with_scenarios)
    view = ScenariosView(doc)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.runner.finished, timeout=30000):
        view.refresh()
    every = [m.name for m in view.comparison.scenarios[0].result.measures]
    assert view.chart_measures() == every  # 6 measures: all of them, in the project's order
    bars = view.savings_chart.chart().series()[0]
    assert bars.barSets()[0].count() == len(every)

    monkeypatch.setattr(ScenariosView, "MAX_BARS", 2)
    view._draw()
    # the two largest first-year savings in any scenario, from the overview chart of the seed: PV about
    # 1.13 M yuan, the cooling-pump VFDs about 0.26 M, then the leak repair 0.18 M; in the project's order
    assert view.chart_measures() == ["冷却水泵变频 / VFDs on cooling-water pumps", PV]
    assert view.savings_chart.chart().series()[0].barSets()[0].count() == 2
    assert "largest 2 of 6" in view.savings_chart.chart().title()
