"""Result views: KPI cards, charts and the cash-flow table show the engine's numbers."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from tests.conftest import SEEDS
from tests.ui.conftest import seed_panel, wait_results
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
    assert cards["simple_payback_years"].sub_text() == f"Static payback: not within {n} years"


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
    assert "Cumulative net cash flow" in names and "Static payback" in names
    cum = next(s for s in chart.series() if s.name() == "Cumulative net cash flow")
    pts = cum.points()
    cf = expected.cash_flow
    assert len(pts) == len(cf)
    assert pts[-1].y() == pytest.approx(cf["cumulative_yuan"].iloc[-1] / 1e6)
    mark = next(s for s in chart.series() if s.name() == "Static payback")
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
    assert names == ["Baseline load", "After efficiency", "PV output", "Grid import"]
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
    # the measures, plus the demand-charge line that makes the table add up to the card
    assert panel.measures_model.rowCount() == len(expected.measures) + 1


def _to_missing_profile(d):
    d["load"].pop("annual_kwh")
    d["load"]["profile_file"] = "nowhere.csv"


def assert_results_cleared(panel) -> None:
    for card in panel.kpis.cards.values():
        assert card.value_text() == "—", card.kpi.key
    for chart in (panel.cash_flow_chart, panel.measure_chart, panel.monthly_chart, panel.typical_day.chart_view):
        assert chart.chart().series() == [], type(chart).__name__
    assert panel.cash_flow_model.rowCount() == 0
    assert panel.measures_model.rowCount() == 0


def test_compute_error_clears_every_result_view_and_says_why(qtbot, setup):
    """Issue 9 item 1: a project that cannot be computed shows no figures (not the last ones)."""
    doc, panel, _ = setup
    assert panel.kpis.card("npv_yuan").value_text() != "—"
    doc.edit("meter", _to_missing_profile)
    wait_results(qtbot, doc)
    assert panel.message.isVisible()
    assert "nowhere.csv" in panel.message.text()
    assert_results_cleared(panel)
    assert panel.locate_button.isVisible() and panel.locate_button.text() == "Locate file…"
    doc.undo_stack.undo()
    wait_results(qtbot, doc)
    assert not panel.message.isVisible()
    assert panel.kpis.card("npv_yuan").value_text() != "—"


def test_opening_an_uncomputable_project_never_shows_the_previous_ones_figures(qtbot, setup, tmp_path):
    doc, panel, _ = setup
    d = json.loads((tmp_path / "factory.json").read_text(encoding="utf-8"))
    _to_missing_profile(d)
    other = tmp_path / "other.json"
    other.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    doc.open(other)
    assert_results_cleared(panel)  # at once, before the engine even ran
    wait_results(qtbot, doc)
    assert_results_cleared(panel)
    assert "nowhere.csv" in panel.message_text()


def test_locate_file_fixes_the_path_in_one_undo_step(qtbot, setup, tmp_path):
    doc, panel, _ = setup
    hours = pd.date_range("2025-01-01", periods=8760, freq="h")
    (tmp_path / "data").mkdir()
    meter = tmp_path / "data" / "meter.csv"
    pd.DataFrame({"timestamp": hours.strftime("%Y-%m-%d %H:%M"), "kw": 2000.0}).to_csv(meter, index=False)
    doc.edit("meter", _to_missing_profile)
    wait_results(qtbot, doc)
    steps = doc.undo_stack.count()
    assert panel.locate_file(str(meter)) == []
    assert doc.project.load.profile_file == "data/meter.csv"  # below the project's folder: relative
    assert doc.undo_stack.count() == steps + 1
    assert "nowhere.csv" in doc.undo_stack.undoText()
    result = wait_results(qtbot, doc)
    assert result is not None and not panel.message.isVisible()
    assert result.summary.baseline_annual_kwh == pytest.approx(2000.0 * 8760)
    doc.undo_stack.undo()
    assert doc.project.load.profile_file == "nowhere.csv"


def test_payback_names_are_one_set_everywhere(qtbot, setup, qapp):
    """Issue 9 item 2: simple = investment / first-year net savings (简单回收期), static = cumulative
    undiscounted (静态回收期), dynamic = discounted (动态回收期)."""
    doc, panel, expected = setup
    s = expected.summary
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    QApplication.processEvents()
    cards = panel.kpis.cards
    assert cards["simple_payback_years"].title_label.text() == "简单回收期"
    assert cards["simple_payback_years"].sub_text() == f"静态回收期：{s.payback_years:.1f} 年"
    assert cards["discounted_payback_years"].title_label.text() == "动态回收期"
    texts = [c.title_label.text() + c.sub_text() for c in cards.values()]
    assert not any("动态累计" in x for x in texts)
    mark = next(x for x in panel.cash_flow_chart.chart().series() if x.name().startswith("静态回收期"))
    assert mark.pointLabelsFormat() == f"静态回收期 {s.payback_years:.1f} 年"
    header = [panel.measures_model.headerData(i, Qt.Orientation.Horizontal) for i in range(9)]
    assert "简单回收期" in header


def test_with_a_loan_the_levered_figures_are_labelled_the_equitys(qtbot, setup, qapp):
    doc, panel, _ = setup
    doc.set_value(("finance", "loan"), {"share_pct": 70.0, "interest_pct": 4.0, "term_years": 5}, "loan")
    wait_results(qtbot, doc)
    assert panel.kpis.card("npv_yuan").title_label.text() == "NPV (equity)"
    assert panel.kpis.card("irr_pct").title_label.text() == "IRR (equity)"
    assert panel.kpis.card("discounted_payback_years").title_label.text() == "Dynamic payback (equity)"
    assert panel.kpis.card("simple_payback_years").title_label.text() == "Simple payback"  # unlevered by definition
    # the project's (unlevered) figures beside the equity's: the engine's, formatted as the cards do
    s = doc.results.summary
    assert s.project_npv_yuan is not None and s.project_npv_yuan != s.npv_yuan
    assert panel.kpis.card("npv_yuan").sub_text() == f"project (unlevered): {fmt.money(s.project_npv_yuan)}"
    assert panel.kpis.card("irr_pct").sub_text() == f"project (unlevered): {fmt.percent(s.project_irr_pct)}"
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    QApplication.processEvents()
    assert panel.kpis.card("npv_yuan").title_label.text() == "净现值 NPV(资本金)"
    assert any(x.name() == "静态回收期(资本金)" for x in panel.cash_flow_chart.chart().series())


def test_measures_table_adds_up_to_the_first_year_savings_card(setup):
    """Issue 9 item 6: the measures plus the demand-charge line sum to the card."""
    doc, panel, expected = setup
    model = panel.measures_model
    col = model.column_keys().index("first_year_savings_yuan")
    total = sum(model.data(model.index(r, col), Qt.ItemDataRole.UserRole) for r in range(model.rowCount()))
    s = expected.summary
    assert s.demand_charge_savings_yuan > 1000  # the seed saves demand charge: the line matters
    assert total == pytest.approx(s.first_year_savings_yuan, rel=1e-12)
    last = model.rowCount() - 1
    name_col = model.column_keys().index("name")
    assert "demand" in model.data(model.index(last, name_col)).lower()


def test_emc_pv_row_shows_the_investors_investment(qtbot, tmp_path):
    doc, panel, result = seed_panel(qtbot, tmp_path, "taishan-steel-pv.json")
    assert result is not None, doc.last_error
    pv = next(m for m in doc.project.measures if m.type == "pv")
    assert pv.ownership == "emc" and pv.capex_yuan > 0
    assert result.summary.capex_yuan == 0  # the factory invests nothing
    model = panel.measures_model
    col = model.column_keys().index("capex_yuan")
    row = next(r for r in range(model.rowCount()) if model.raw(r, "name") == pv.name)
    assert model.data(model.index(row, col)) == f"{pv.capex_yuan:,.0f} (investor's)"
    assert model.data(model.index(row, col), Qt.ItemDataRole.UserRole) == pv.capex_yuan


def test_result_table_models_pass_qtmodeltester(qtmodeltester, setup):
    doc, panel, _ = setup
    qtmodeltester.check(panel.cash_flow_model)
    qtmodeltester.check(panel.measures_model)
    panel.clear_results()
    qtmodeltester.check(panel.cash_flow_model)
    qtmodeltester.check(panel.measures_model)


def test_results_are_translated(setup, qapp):
    doc, panel, expected = setup
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    QApplication.processEvents()
    assert panel.kpis.card("capex_yuan").title_label.text() == "总投资"
    assert panel.kpis.card("capex_yuan").value_text() == fmt.money(expected.summary.capex_yuan)
    assert panel.kpis.card("capex_yuan").value_text().endswith("万元")
    assert panel.tabs.tabText(0) == "总览"
    assert panel.cash_flow_chart.chart().title() == "累计现金流"


def test_meter_data_of_another_year_offers_to_set_the_calendar_year(qtbot, setup, tmp_path, qapp):
    """Issue 9 item 7: 2023 data mapped onto 2025 are not weekday-aligned: offer the data's year."""
    doc, panel, _ = setup
    hours = pd.date_range("2023-01-01", periods=8760, freq="h")
    pd.DataFrame({"timestamp": hours.strftime("%Y-%m-%d %H:%M"), "kw": 1500.0}).to_csv(
        tmp_path / "meter2023.csv", index=False
    )

    def to_profile(d):
        d["load"].pop("annual_kwh")
        d["load"]["profile_file"] = "meter2023.csv"

    doc.edit("meter", to_profile)
    wait_results(qtbot, doc)
    assert panel.data_year() == 2023
    assert panel.year_button.isVisibleTo(panel) and panel.year_button.text() == "Use 2023 as the calendar year"
    assert "2023" in panel.message_text() and "weekdays" in panel.message_text()
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    QApplication.processEvents()
    assert panel.year_button.text() == "将计算年份设为 2023"
    assert "星期不一致" in panel.message_text()
    assert panel.use_data_year() == []
    assert doc.project.load.calendar_year == 2023
    wait_results(qtbot, doc)
    assert panel.data_year() is None and not panel.year_button.isVisibleTo(panel)
