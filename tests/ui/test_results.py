"""Result views: KPI cards, charts and the cash-flow table show the engine's numbers."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from tests.conftest import SEEDS
from tests.ui.conftest import wait_results
from ui.document import ProjectDocument
from ui.i18n import TranslationManager
from ui.results import ResultsPanel
from ui.results import format as fmt
from ui.results.kpi import KPIS

SEED = SEEDS / "shandong-midsize-factory.json"


@pytest.fixture(autouse=True)
def _isolated(qapp, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    TranslationManager(qapp).set_language("en", persist=False)
    yield
    TranslationManager(qapp).set_language("en", persist=False)


@pytest.fixture
def setup(qtbot, tmp_path):
    path = tmp_path / "factory.json"
    shutil.copy(SEED, path)
    doc = ProjectDocument()
    doc.open(path)
    panel = ResultsPanel(doc)
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    panel.show()
    assert wait_results(qtbot, doc, 20000) is not None, doc.last_error
    expected = run_project(load_project(path), tmp_path)
    return doc, panel, expected


def test_kpi_cards_show_the_formatted_engine_values(setup):
    doc, panel, expected = setup
    s = expected.summary
    cards = panel.kpis.cards
    assert cards["capex_yuan"].value_text() == fmt.money(s.capex_yuan)
    assert cards["first_year_savings_yuan"].value_text() == fmt.money(s.first_year_savings_yuan)
    assert cards["monthly_savings_yuan"].value_text() == fmt.money(s.monthly_savings_yuan)
    assert cards["simple_payback_years"].value_text() == fmt.years(s.simple_payback_years)
    assert cards["discounted_payback_years"].value_text() == fmt.years(s.discounted_payback_years, 20)
    assert cards["npv_yuan"].value_text() == fmt.money(s.npv_yuan)
    assert cards["irr_pct"].value_text() == fmt.percent(s.irr_pct)
    assert cards["lifetime_savings_yuan"].value_text() == fmt.money(s.lifetime_savings_yuan)
    assert cards["first_year_co2_avoided_t"].value_text() == fmt.tonnes(s.first_year_co2_avoided_t)
    assert cards["first_year_tce_saved"].value_text() == fmt.tce(s.first_year_tce_saved)
    # and the formatting itself, spelled out once
    assert cards["capex_yuan"].value_text() == f"¥{s.capex_yuan / 1e6:,.2f} M"
    assert cards["simple_payback_years"].value_text() == f"{s.simple_payback_years:.1f} years"
    assert cards["irr_pct"].value_text() == f"{s.irr_pct:.1f} %"
    assert {k.key for k in KPIS} == set(cards)


def test_kpi_cards_follow_an_edit(qtbot, setup):
    doc, panel, _ = setup
    doc.set_value(("finance", "discount_rate_pct"), 3, "rate")
    wait_results(qtbot, doc)
    npv = run_project(doc.project, doc.base_dir).summary.npv_yuan
    assert panel.kpis.card("npv_yuan").value_text() == fmt.money(npv)


def test_undefined_metrics_read_na_and_not_within(qtbot, setup):
    doc, panel, _ = setup
    doc.edit("No measures", lambda d: d.update(measures=[]))
    result = wait_results(qtbot, doc)
    s = result.summary
    assert s.irr_pct is None and s.payback_years is None
    cards = panel.kpis.cards
    assert cards["irr_pct"].value_text() == "n/a"
    assert cards["simple_payback_years"].value_text() == "n/a"
    n = s.analysis_years
    assert cards["discounted_payback_years"].value_text() == f"not within {n} years"
    assert cards["simple_payback_years"].sub_text() == f"cumulative: not within {n} years"


def test_format_helpers():
    assert fmt.money(None) == "n/a"
    assert fmt.money(float("nan")) == "n/a"
    assert fmt.money(1234.4) == "¥1,234"
    assert fmt.money(-2_500_000) == "−¥2.50 M"
    assert fmt.years(None, 15) == "not within 15 years"
    assert fmt.years(3.14159) == "3.1 years"
    assert fmt.percent(None) == "n/a"
    assert fmt.yuan_exact(-0.2) == "0"
    assert fmt.short_name("电机 / Motors") == "Motors"


def test_chinese_number_formats(qapp):
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    assert fmt.money(6_720_000) == "672.0 万元"
    assert fmt.money(3.25e8) == "3.25 亿元"
    assert fmt.money(980) == "980 元"
    assert fmt.short_name("电机 / Motors") == "电机"
    assert fmt.years(4.25) == "4.2 年" or fmt.years(4.25) == "4.3 年"
    assert fmt.years(None, 20) == "20 年内无法回收"


def test_cash_flow_chart_marks_the_payback(setup):
    doc, panel, expected = setup
    chart = panel.cash_flow_chart.chart()
    names = [s.name() for s in chart.series()]
    assert "Cumulative net cash flow" in names and "Payback" in names
    cum = next(s for s in chart.series() if s.name() == "Cumulative net cash flow")
    pts = cum.points()
    cf = expected.cash_flow
    assert len(pts) == len(cf)
    assert pts[-1].y() == pytest.approx(cf["cumulative_yuan"].iloc[-1] / 1e6)
    mark = next(s for s in chart.series() if s.name() == "Payback")
    assert mark.points()[0].x() == pytest.approx(expected.summary.payback_years)


def test_measure_chart_shows_each_measure_saving(setup):
    doc, panel, expected = setup
    series = panel.measure_chart.chart().series()[0]
    values = sorted(series.barSets()[0].at(i) for i in range(series.barSets()[0].count()))
    assert values == pytest.approx(sorted(m.first_year_savings_yuan / 1e6 for m in expected.measures))


def test_monthly_chart_stacks_add_up_to_the_bills(setup):
    doc, panel, expected = setup
    series = panel.monthly_chart.chart().series()[0]
    sets = series.barSets()
    names = [s.label() for s in sets]
    assert "Peak" in names and "Basic charge" in names
    m = expected.monthly
    for month in range(12):
        before = sum(s.at(3 * month) for s in sets)
        after = sum(s.at(3 * month + 1) for s in sets)
        assert before == pytest.approx(m["bill_before_yuan"].iloc[month] / 1e6, rel=1e-9)
        assert after == pytest.approx(m["bill_after_yuan"].iloc[month] / 1e6, rel=1e-9)


def test_typical_day_follows_the_month_picker(setup):
    doc, panel, expected = setup
    widget = panel.typical_day
    widget.month_box.setCurrentIndex(0)  # January
    widget.day_box.setCurrentIndex(1)  # rest days
    chart = widget.chart_view.chart()
    names = [s.name() for s in chart.series()]
    assert names == ["Baseline load", "After efficiency measures", "PV output", "Grid import"]
    cal = expected.calendar
    mask = (cal.month == 1) & (~cal.is_working_day) & (cal.hour == 12)
    baseline_noon = chart.series()[0].points()[12].y()
    assert baseline_noon == pytest.approx(expected.baseline_kw[mask].mean())
    pv_noon = chart.series()[2].points()[12].y()
    assert pv_noon == pytest.approx(expected.pv.hourly_generation_kw[mask].mean())


def test_cash_flow_table_is_the_engine_table(setup):
    doc, panel, expected = setup
    model = panel.cash_flow_model
    cf = expected.cash_flow
    assert model.rowCount() == len(cf)
    keys = model.column_keys()
    assert keys[0] == "year" and "cumulative_yuan" in keys
    col = keys.index("cumulative_yuan")
    for row in (0, 5, len(cf) - 1):
        assert model.data(model.index(row, col)) == fmt.yuan_exact(cf["cumulative_yuan"].iloc[row])
        assert model.data(model.index(row, col), Qt.ItemDataRole.UserRole) == pytest.approx(
            cf["cumulative_yuan"].iloc[row]
        )
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Year"
    assert model.data(model.index(0, col), Qt.ItemDataRole.ForegroundRole) is not None  # negative in red
    assert panel.measures_model.rowCount() == len(expected.measures)


def test_compute_error_shows_in_the_results_banner(qtbot, setup):
    doc, panel, _ = setup

    def to_profile(d):
        d["load"].pop("annual_kwh")
        d["load"]["profile_file"] = "nowhere.csv"

    doc.edit("meter", to_profile)
    wait_results(qtbot, doc)
    assert panel.message.isVisible()
    assert "nowhere.csv" in panel.message.text()
    assert not panel.kpis.card("npv_yuan").isEnabled()  # last valid results greyed out
    doc.undo_stack.undo()
    wait_results(qtbot, doc)
    assert not panel.message.isVisible()
    assert panel.kpis.card("npv_yuan").isEnabled()


def test_results_are_translated(setup, qapp):
    doc, panel, expected = setup
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    QApplication.processEvents()
    assert panel.kpis.card("capex_yuan").title_label.text() == "总投资"
    assert panel.kpis.card("capex_yuan").value_text() == fmt.money(expected.summary.capex_yuan)
    assert panel.kpis.card("capex_yuan").value_text().endswith("万元")
    assert panel.tabs.tabText(0) == "总览"
    assert panel.cash_flow_chart.chart().title() == "累计现金流"
