"""run_project on small projects whose results can be worked out by hand."""

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine.chain import run_project
from planner.model.project import Project

FLAT = [["flat"] * 24] * 12


def _project(
    measures,
    *,
    price=0.7,
    years=10,
    rate_pct=8.0,
    esc_pct=0.0,
    annual_kwh=10_000_000,
    export_price=0.35,
    subsidy=0.0,
    factor=0.5306,
    shift="continuous",
    **fin,
):
    return Project.model_validate(
        {
            "format_version": 1,
            "name": "hand",
            "site": {"name": "Jinan", "latitude_deg": 36.65, "longitude_deg": 117.12},
            "load": {"annual_kwh": annual_kwh, "shift_pattern": shift, "working_days": "all"},
            "tariff": {
                "prices_yuan_per_kwh": {"flat": price},
                "weekday_schedule": FLAT,
                "export_price_yuan_per_kwh": export_price,
                "escalation_pct_per_year": esc_pct,
            },
            "measures": measures,
            "finance": {"analysis_years": years, "discount_rate_pct": rate_pct, "subsidy_yuan": subsidy, **fin},
            "emissions": {"grid_factor_kg_per_kwh": factor},
        }
    )


def _annual(saved_kwh=100_000, capex=200_000, life=10, om=0.0, name="A"):
    return {
        "type": "annual_energy",
        "name": name,
        "energy_before_kwh_per_year": 500_000,
        "energy_after_kwh_per_year": 500_000 - saved_kwh,
        "capex_yuan": capex,
        "life_years": life,
        "om_change_yuan_per_year": om,
    }


def _pv(**extra):
    """The array of these tests: 100 kWp x 1,100 kWh/kWp = 110,000 kWh in year 1, 300,000 yuan, 25 years."""
    return {
        "type": "pv",
        "name": "PV",
        "capacity_kwp": 100,
        "specific_yield_kwh_per_kwp": 1100,
        "capex_yuan": 300_000,
        "life_years": 25,
        **extra,
    }


def test_annual_measure_flat_tariff_by_hand():
    # 100,000 kWh x 0.7 yuan = 70,000 yuan/year; capex 200,000; 10 years at 8 %
    # cumulative: -200,000, -130,000, -60,000, +10,000 -> payback = 2 + 60,000/70,000 = 2.857 y
    # NPV = -200,000 + 70,000 x (1 - 1.08^-10)/0.08 = -200,000 + 70,000 x 6.710081 = 269,705.7
    r = run_project(_project([_annual()]))
    s = r.summary
    assert s.first_year_savings_yuan == pytest.approx(70_000)
    assert s.monthly_savings_yuan == pytest.approx(70_000 / 12)
    assert s.simple_payback_years == pytest.approx(200_000 / 70_000)
    assert s.payback_years == pytest.approx(2 + 60_000 / 70_000)
    assert s.npv_yuan == pytest.approx(269_705.7, abs=0.1)
    assert s.npv_yuan == pytest.approx(npf.npv(0.08, [-200_000] + [70_000] * 10))
    assert s.irr_pct == pytest.approx(100 * npf.irr([-200_000] + [70_000] * 10))
    assert s.lifetime_savings_yuan == pytest.approx(700_000)
    # CO2: 100,000 kWh x 0.5306 kg/kWh = 53.06 t ; tce: 100,000 x 0.1229 kgce = 12.29 tce
    assert s.first_year_co2_avoided_t == pytest.approx(53.06)
    assert s.lifetime_co2_avoided_t == pytest.approx(530.6)
    assert s.first_year_tce_saved == pytest.approx(12.29)
    cf = r.cash_flow
    assert list(cf["year"]) == list(range(11))
    assert cf["net_yuan"].iloc[0] == pytest.approx(-200_000)
    assert cf["cumulative_yuan"].iloc[-1] == pytest.approx(500_000)


def test_om_escalation_and_subsidy_by_hand():
    # savings 70,000, O&M +10,000/year -> net 60,000; subsidy 50,000 -> net investment 150,000
    # simple payback = 150,000 / 60,000 = 2.5; cumulative -150k, -90k, -30k, +30k -> 2 + 30/60 = 2.5
    r = run_project(_project([_annual(om=10_000)], subsidy=50_000))
    assert r.summary.simple_payback_years == pytest.approx(2.5)
    assert r.summary.payback_years == pytest.approx(2.5)
    assert r.summary.capex_yuan == pytest.approx(200_000)


def test_escalation_by_hand():
    # 5 %/year tariff escalation: year-3 savings = 70,000 x 1.05^2 = 77,175
    r = run_project(_project([_annual()], esc_pct=5))
    assert r.cash_flow["savings_yuan"].iloc[3] == pytest.approx(77_175)


def test_replacement_inside_period():
    # life 4 in a 10-year analysis: replaced at the end of years 4 and 8 at capex
    r = run_project(_project([_annual(life=4)]))
    costs = r.cash_flow["costs_yuan"].to_numpy()
    assert costs[4] == pytest.approx(-200_000) and costs[8] == pytest.approx(-200_000)
    assert costs[[1, 2, 3, 5, 6, 7, 9, 10]] == pytest.approx(0)


def test_motor_measure_under_tou_continuous():
    # DESIGN example motor: 38,000.3 kWh spread evenly over 8760 h.
    # TOU: valley 0.31 for 8 h, flat 0.68 for 8 h, peak 1.05 for 8 h -> mean price 0.68
    row = ["valley"] * 8 + ["flat"] * 8 + ["peak"] * 8
    p = _project(
        [
            {
                "type": "motor",
                "name": "M",
                "rated_power_kw": 75,
                "quantity": 4,
                "load_factor_pct": 75,
                "operating_hours_per_year": 6000,
                "efficiency_before_pct": 93.0,
                "efficiency_after_pct": 95.5,
                "capex_yuan": 120_000,
                "life_years": 15,
                "schedule": "continuous",
            }
        ]
    )
    p = p.model_copy(
        update={
            "tariff": p.tariff.model_copy(
                update={
                    "prices_yuan_per_kwh": {"peak": 1.05, "flat": 0.68, "valley": 0.31},
                    "weekday_schedule": [row] * 12,
                }
            )
        }
    )
    r = run_project(p)
    kwh = 1_350_000 * (1 / 0.93 - 1 / 0.955)
    assert r.summary.first_year_energy_saved_kwh == pytest.approx(kwh)
    assert r.summary.first_year_savings_yuan == pytest.approx(kwh * (0.31 + 0.68 + 1.05) / 3)
    assert r.measures[0].first_year_savings_yuan == pytest.approx(kwh * 0.68)


def test_pv_all_self_consumed_by_hand():
    # 100 kWp x 1100 kWh/kWp = 110,000 kWh against a 10 GWh continuous load (~1.1 MW):
    # all self-consumed; savings = 110,000 x 0.7 = 77,000 yuan; CO2 = 110,000 x 0.5306/1000 = 58.366 t
    pv = _pv(annual_degradation_pct=0.5, om_yuan_per_year=4_000)
    r = run_project(_project([pv], years=25))
    assert r.pv.first_year_generation_kwh == pytest.approx(110_000)
    assert r.pv.first_year_exported_kwh == pytest.approx(0)
    assert r.summary.first_year_savings_yuan == pytest.approx(77_000)
    assert r.summary.first_year_co2_avoided_t == pytest.approx(58.366)
    # lifetime generation = 110,000 x sum_{k=0}^{24} 0.995^k = 110,000 x (1-0.995^25)/0.005
    assert r.pv.lifetime_generation_kwh == pytest.approx(110_000 * (1 - 0.995**25) / 0.005)
    # year-3 savings = 77,000 x 0.995^2
    assert r.cash_flow["savings_yuan"].iloc[3] == pytest.approx(77_000 * 0.995**2)
    # simple payback = 300,000 / (77,000 - 4,000)
    assert r.summary.simple_payback_years == pytest.approx(300_000 / 73_000)


def test_pv_export_and_anti_backflow():
    # tiny load (1 kW continuous = 8,760 kWh/year) and 100 kWp: most is exported
    pv = _pv()
    r = run_project(_project([pv], annual_kwh=8760, export_price=0.4))
    self_kwh = r.pv.first_year_self_consumed_kwh
    exp_kwh = r.pv.first_year_exported_kwh
    assert self_kwh + exp_kwh == pytest.approx(110_000)
    assert r.summary.first_year_savings_yuan == pytest.approx(self_kwh * 0.7 + exp_kwh * 0.4)
    r2 = run_project(_project([{**pv, "export": "none"}], annual_kwh=8760, export_price=0.4))
    assert r2.pv.first_year_exported_kwh == 0
    assert r2.pv.first_year_curtailed_kwh == pytest.approx(exp_kwh)
    assert r2.summary.first_year_savings_yuan == pytest.approx(self_kwh * 0.7)
    # curtailed kWh avoid no emissions
    assert r2.summary.first_year_energy_saved_kwh == pytest.approx(self_kwh)


def test_emc_discount_by_hand():
    # EMC at 15 % discount, all self-consumed: factory saves 15 % of 110,000 x 0.7 = 11,550 yuan,
    # invests nothing (capex is the investor's) -> no payback figure
    pv = _pv(om_yuan_per_year=4_000, ownership="emc", emc_discount_pct=15)
    r = run_project(_project([pv], years=25))
    assert r.summary.first_year_savings_yuan == pytest.approx(0.15 * 110_000 * 0.7)
    assert r.summary.capex_yuan == 0
    assert r.summary.payback_years is None and r.summary.simple_payback_years is None
    assert r.summary.irr_pct is None


def test_emc_fixed_price_by_hand():
    pv = _pv(ownership="emc", emc_price_yuan_per_kwh=0.5)
    r = run_project(_project([pv]))
    assert r.summary.first_year_savings_yuan == pytest.approx(110_000 * (0.7 - 0.5))


def test_no_payback_within_period():
    r = run_project(_project([_annual(saved_kwh=1_000, capex=1_000_000)]))
    assert r.summary.payback_years is None
    assert r.summary.discounted_payback_years is None
    assert r.summary.irr_pct is None or r.summary.irr_pct < 0


def test_zero_capex_gives_no_payback():
    r = run_project(_project([_annual(capex=0)]))
    assert r.summary.simple_payback_years is None
    assert r.summary.payback_years is None


def test_monthly_sums_to_first_year():
    r = run_project(_project([_annual()]))
    assert r.monthly["savings_yuan"].sum() == pytest.approx(r.summary.first_year_savings_yuan)
    assert r.monthly["energy_saved_kwh"].sum() == pytest.approx(r.summary.first_year_energy_saved_kwh)


def test_json_has_contract_keys():
    d = run_project(_project([_annual()])).to_dict()
    # the summary keys of DESIGN.md "results JSON", by theme
    money = {"capex_yuan", "first_year_savings_yuan", "monthly_savings_yuan", "npv_yuan", "lifetime_savings_yuan"}
    payback = {"simple_payback_years", "payback_years", "discounted_payback_years", "irr_pct"}
    energy = {"first_year_energy_saved_kwh", "lifetime_energy_saved_kwh", "first_year_tce_saved"}
    co2 = {"first_year_co2_avoided_t", "lifetime_co2_avoided_t"}
    assert set(d["summary"]) >= money | payback | energy | co2
    flows = {"year", "savings_yuan", "costs_yuan", "net_yuan", "cumulative_yuan", "discounted_cumulative_yuan"}
    assert set(d["cash_flow"][0]) >= flows
    assert set(d["monthly"][0]) >= {"month", "bill_before_yuan", "bill_after_yuan", "savings_yuan", "energy_saved_kwh"}
    per_measure = {"name", "type", "capex_yuan", "first_year_energy_saved_kwh", "first_year_savings_yuan"}
    assert set(d["measures"][0]) >= per_measure | {"simple_payback_years"}
    assert "pv" not in d


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=1_000, max_value=400_000), st.floats(min_value=1.0, max_value=3.0))
def test_more_savings_never_lengthens_payback(saved, factor):
    a = run_project(_project([_annual(saved_kwh=saved)])).summary.payback_years
    b = run_project(_project([_annual(saved_kwh=min(saved * factor, 500_000))])).summary.payback_years
    if a is not None:
        assert b is not None and b <= a + 1e-9


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=50_000, max_value=400_000), st.floats(min_value=10_000, max_value=1_000_000))
def test_npv_at_irr_is_zero(saved, capex):
    r = run_project(_project([_annual(saved_kwh=saved, capex=capex)]))
    irr = r.summary.irr_pct
    if irr is not None:
        flows = r.cash_flow["net_yuan"].to_numpy()
        assert npf.npv(irr / 100, flows) == pytest.approx(0, abs=1e-6 * capex)


def test_anti_backflow_generation_is_delivered_energy():
    pv = _pv(export="none")
    r = run_project(_project([pv], annual_kwh=8760))
    assert r.pv.first_year_potential_generation_kwh == pytest.approx(110_000)
    assert r.pv.first_year_generation_kwh == pytest.approx(r.pv.first_year_self_consumed_kwh)
    assert r.pv.first_year_generation_kwh + r.pv.first_year_curtailed_kwh == pytest.approx(110_000)


def test_pv_years_rebilled_match_year_one_and_degrade():
    """Year 1 of the re-billed projection equals the detailed year-1 bill; with export, a
    degraded kWh is valued at the export price first (the exported surplus shrinks)."""
    pv = _pv(annual_degradation_pct=1.0)
    r = run_project(_project([pv], annual_kwh=8760 * 20, export_price=0.4, years=10))
    s1 = r.cash_flow["savings_yuan"].iloc[1]
    assert s1 == pytest.approx(r.summary.first_year_savings_yuan)
    # year 2 output = 0.99 x year 1; the savings fall by at least 0.4 yuan and at most 0.7 yuan per lost kWh
    lost = 0.01 * r.pv.first_year_generation_kwh
    drop = s1 - r.cash_flow["savings_yuan"].iloc[2]
    assert 0.4 * lost - 1e-6 <= drop <= 0.7 * lost + 1e-6
    # lifetime generation still follows (1-d)^(k-1) exactly when nothing is curtailed
    assert r.pv.lifetime_generation_kwh == pytest.approx(110_000 * sum(0.99**k for k in range(10)))


def test_basic_charges_by_year_matches_monthly():
    from planner.engine.bill import basic_charges_by_month, basic_charges_by_year
    from planner.engine.calendar import hourly_calendar
    from planner.model.project import BasicCharge

    t = _project([]).tariff.model_copy(update={"basic_charge": BasicCharge(basis="demand", yuan_per_kw_month=30)})
    cal = hourly_calendar(2025, "all", ())
    loads = np.random.default_rng(3).uniform(0, 500, (3, 8760))
    by_year = basic_charges_by_year(t, loads, cal)
    for i in range(3):
        assert by_year[i] == pytest.approx(basic_charges_by_month(t, loads[i], cal).sum())


def test_two_half_systems_equal_one_whole():
    """Splitting a PV system into two identical halves changes no total (multi-system path)."""
    pv = _pv(annual_degradation_pct=0.7, om_yuan_per_year=3_000)
    half_a = {**pv, "name": "A", "capacity_kwp": 50, "capex_yuan": 150_000, "om_yuan_per_year": 1_500}
    half_b = {**half_a, "name": "B"}
    one = run_project(_project([pv], annual_kwh=8760 * 30, years=20))
    two = run_project(_project([half_a, half_b], annual_kwh=8760 * 30, years=20))
    for key in ("first_year_savings_yuan", "npv_yuan", "lifetime_co2_avoided_t", "payback_years"):
        assert getattr(two.summary, key) == pytest.approx(getattr(one.summary, key), rel=1e-9)
    assert two.measures[0].first_year_savings_yuan == pytest.approx(one.measures[0].first_year_savings_yuan / 2)


def test_with_a_loan_the_project_figures_are_the_unlevered_ones():
    # 100,000 kWh x 0.7 = 70,000 yuan/year, capex 200,000, 10 years at 8 %, no tax:
    # unlevered flows -200,000, +70,000 x 10 -> NPV = -200,000 + 70,000 x 6.710081 = 269,705.7,
    # payback 2 + 60,000/70,000 = 2.857 y; the same numbers as the project without its loan
    import numpy_financial as npf

    loan = {"share_pct": 60, "interest_pct": 5, "term_years": 5}
    with_loan = run_project(_project([_annual()], loan=loan)).summary
    without = run_project(_project([_annual()])).summary
    assert with_loan.project_npv_yuan == pytest.approx(269_705.7, abs=0.1)
    assert with_loan.project_npv_yuan == pytest.approx(without.npv_yuan, rel=1e-12)
    assert with_loan.project_irr_pct == pytest.approx(100 * npf.irr([-200_000] + [70_000] * 10), rel=1e-9)
    assert with_loan.project_payback_years == pytest.approx(2 + 60_000 / 70_000, rel=1e-9)
    assert with_loan.project_discounted_payback_years == pytest.approx(without.discounted_payback_years, rel=1e-12)
    # the equity's figures differ: 40 % paid at year 0, the rest through instalments at 5 % < 8 %
    assert with_loan.npv_yuan > with_loan.project_npv_yuan
    # without a loan the summary's figures are already the project's
    assert without.project_npv_yuan is None and without.project_irr_pct is None
