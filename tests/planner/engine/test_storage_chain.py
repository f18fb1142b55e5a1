"""A battery inside run_project: savings, lifetime, cash flow, energy accounting, EMC.

The case: a constant 1000 kW load (8,760,000 kWh, "continuous", every day a
working day), valley 00-08 at 0.3, flat at 0.7, peak 18-22 at 1.2 yuan/kWh,
no PV, no basic charge.  Battery 1000 kWh, SOC 10..90 %, RTE 81 % (eta 0.9),
400 kW, tou_rule.  Every day is the first hand-worked day of test_storage.py:
888.89 kWh in during the valley, 720 kWh out in the peak, saving
720 x 1.2 - 888.89 x 0.3 = 597.33 yuan.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest

from planner.engine.chain import run_project
from planner.model.project import BasicCharge, Project

SCHEDULE = [["valley"] * 8 + ["flat"] * 10 + ["peak"] * 4 + ["flat"] * 2] * 12
DAY_IN = 800 / 0.9  # kWh charged a day
DAY_OUT = 720.0
DAY_SAVING = DAY_OUT * 1.2 - DAY_IN * 0.3


def project(battery: dict | None = None, **finance) -> Project:
    b = {
        "type": "battery",
        "name": "储能",
        "energy_kwh": 1000,
        "power_kw": 400,
        "round_trip_efficiency_pct": 81,
        "min_soc_pct": 10,
        "max_soc_pct": 90,
        "capex_yuan": 1_600_000,
        "om_yuan_per_year": 20_000,
        "life_years": 15,
        "cycle_life": 6000,
        "end_of_life_capacity_pct": 70,
        "calendar_fade_pct_per_year": 1.0,
    }
    b.update(battery or {})
    return Project.model_validate(
        {
            "name": "storage case",
            "site": {"latitude_deg": 36.0, "longitude_deg": 117.0},
            "load": {"annual_kwh": 8_760_000, "shift_pattern": "continuous", "working_days": "all"},
            "tariff": {"prices_yuan_per_kwh": {"valley": 0.3, "flat": 0.7, "peak": 1.2}, "weekday_schedule": SCHEDULE},
            "measures": [b],
            "finance": {"analysis_years": 20, "discount_rate_pct": 8, **finance},
            "emissions": {"grid_factor_kg_per_kwh": 0.5, "tce_kgce_per_kwh": 0.1229},
        }
    )


@pytest.fixture(scope="module")
def owned():
    return run_project(project())


def test_year_one_figures(owned):
    assert np.ptp(owned.baseline_kw) == 0 and owned.baseline_kw[0] == 1000  # the case holds
    s = owned.storage[0]
    assert s.first_year_charged_kwh == pytest.approx(365 * DAY_IN)  # 324,444.4
    assert s.first_year_discharged_kwh == pytest.approx(365 * DAY_OUT)  # 262,800
    assert s.first_year_savings_yuan == pytest.approx(365 * DAY_SAVING)  # 218,026.67
    assert s.first_year_losses_kwh == pytest.approx(365 * (DAY_IN - DAY_OUT))  # 61,644.4
    assert s.equivalent_full_cycles_per_year == pytest.approx(262_800 / 800)  # 328.5
    # savings = bill with every other measure (none) - bill with the battery
    summ = owned.summary
    assert summ.first_year_bill_before_yuan - summ.first_year_bill_after_yuan == pytest.approx(365 * DAY_SAVING)
    assert summ.first_year_savings_yuan == pytest.approx(365 * DAY_SAVING)
    assert owned.monthly["storage_savings_yuan"].sum() == pytest.approx(365 * DAY_SAVING)
    assert owned.monthly["storage_savings_yuan"][0] == pytest.approx(31 * DAY_SAVING)


def test_losses_count_against_energy_co2_and_tce(owned):
    losses = 365 * (DAY_IN - DAY_OUT)
    s = owned.summary
    assert s.first_year_energy_saved_kwh == pytest.approx(-losses)
    assert s.first_year_co2_avoided_t == pytest.approx(-losses * 0.5 / 1000)
    assert s.first_year_tce_saved == pytest.approx(-losses * 0.1229 / 1000)
    assert any("round-trip losses" in w for w in owned.warnings)
    assert owned.to_dict()["storage"][0]["first_year_losses_kwh"] == pytest.approx(losses)


def test_lifetime_replacement_and_cash_flow(owned):
    # cap(a) = 1 - 0.01a - 0.3 x 328.5a/6000 = 1 - 0.026425a; cap(11) = 0.7093, cap(12) = 0.6829 < 0.7:
    # it falls below end of life during year 12 -> replaced at the end of year 12
    s = owned.storage[0]
    assert s.replacement_years == [12]
    cap = np.array([1 - 0.026425 * a for a in [*range(12), *range(8)]])
    np.testing.assert_allclose(s.capacity_by_year, cap)
    savings = 365 * DAY_SAVING * cap
    flows = np.concatenate([[-1_600_000], savings - 20_000 - np.where(np.arange(1, 21) == 12, 1_600_000, 0)])
    cf = owned.cash_flow
    np.testing.assert_allclose(cf["net_yuan"], flows, rtol=1e-9)
    assert owned.summary.npv_yuan == pytest.approx(npf.npv(0.08, flows), rel=1e-9)
    assert owned.summary.capex_yuan == 1_600_000
    # lifetime energy: losses x cap_k
    assert owned.summary.lifetime_energy_saved_kwh == pytest.approx(-365 * (DAY_IN - DAY_OUT) * cap.sum())


def test_emc_battery_factory_keeps_its_share():
    r = run_project(project({"ownership": "emc", "emc_share_pct": 20}))
    s = r.summary
    assert s.capex_yuan == 0
    assert s.first_year_savings_yuan == pytest.approx(0.2 * 365 * DAY_SAVING)
    assert s.first_year_om_yuan == 0
    # the investor's 80 % is paid in the monthly bill
    assert s.first_year_bill_before_yuan - s.first_year_bill_after_yuan == pytest.approx(0.2 * 365 * DAY_SAVING)
    assert r.storage[0].first_year_bill_savings_yuan == pytest.approx(365 * DAY_SAVING)
    assert float(r.cash_flow["net_yuan"][12]) == pytest.approx(0.2 * 365 * DAY_SAVING * (1 - 0.026425 * 11))


def test_capex_per_kwh_and_kw_replace_capex_yuan():
    r = run_project(project({"capex_yuan_per_kwh": 600, "capex_yuan_per_kw": 500}))
    assert r.summary.capex_yuan == 600 * 1000 + 500 * 400


def test_no_battery_no_storage_section():
    p = project()
    p = p.model_copy(update={"measures": []})
    d = run_project(p).to_dict()
    assert "storage" not in d
    assert "storage_savings_yuan" not in d["monthly"][0]
    assert not any("round-trip" in w for w in d["warnings"])


def test_disabled_battery_changes_nothing():
    a = run_project(project({"enabled": False})).to_dict()
    b = run_project(project().model_copy(update={"measures": []})).to_dict()
    assert "storage" not in a
    assert a["summary"] == b["summary"]


def test_optimal_in_the_chain_is_at_least_the_rule(owned):
    r = run_project(project({"dispatch": "optimal"}))
    # with one price cycle a day and a month-end at midnight both do one full window a day
    assert r.storage[0].first_year_savings_yuan >= owned.storage[0].first_year_savings_yuan - 1e-3
    assert r.storage[0].first_year_savings_yuan == pytest.approx(365 * DAY_SAVING, rel=1e-6)


def test_demand_charge_avoided_is_part_of_the_savings():
    # add a demand charge of 30 yuan/kW-month: the rule charges only in the valley where the load
    # is 1000 kW too, so the monthly peak rises to 1400 kW: 12 x 400 x 30 = 144,000 yuan more;
    # the optimal dispatch spreads the charge over the valley and weighs the peak it adds
    p = project()
    tariff = p.tariff.model_copy(update={"basic_charge": BasicCharge(basis="demand", yuan_per_kw_month=30.0)})
    r = run_project(p.model_copy(update={"tariff": tariff}))
    assert r.storage[0].first_year_savings_yuan == pytest.approx(365 * DAY_SAVING - 12 * 400 * 30)
    q = p.model_copy(update={"tariff": tariff, "measures": [p.measures[0].model_copy(update={"dispatch": "optimal"})]})
    ro = run_project(q)
    assert ro.storage[0].first_year_savings_yuan >= r.storage[0].first_year_savings_yuan


@pytest.mark.parametrize(
    "change, where, words",
    [
        ({"min_soc_pct": 95, "max_soc_pct": 5}, "measures[0].battery", "min_soc_pct < max_soc_pct"),
        ({"round_trip_efficiency_pct": 0}, "measures[0].battery.round_trip_efficiency_pct", "> 0"),
        ({"round_trip_efficiency_pct": 101}, "measures[0].battery.round_trip_efficiency_pct", "<= 100"),
        ({"power_kw": 0}, "measures[0].battery.power_kw", "> 0"),
        ({"energy_kwh": -5}, "measures[0].battery.energy_kwh", "> 0"),
        ({"charge_periods": ["night"]}, "measures[0].battery.charge_periods[0]", "'valley'"),
        ({"ownership": "emc"}, "measures[0].battery", "emc_share_pct"),
        ({"dispatch": "smart"}, "measures[0].battery.dispatch", "tou_rule"),
    ],
)
def test_bad_battery_inputs_name_the_field(change, where, words):
    from planner.io.projectfile import ProjectError, project_from_dict

    data = project().model_dump(mode="json")
    data["measures"][0].update(change)
    with pytest.raises(ProjectError) as err:
        project_from_dict(data)
    problem = err.value.problems[0]
    assert problem.path == where
    assert words in str(problem)


def test_storage_terms_are_bilingual():
    from planner.terms import term

    assert term("storage.measure", "zh") == "储能"
    assert term("storage.dispatch.tou_rule", "en").startswith("TOU rule")


def test_result_with_a_battery_pickles(owned):
    # batch runs projects in worker processes: the result (sizing base included) must pickle
    import pickle

    back = pickle.loads(pickle.dumps(owned))
    assert back.to_dict() == owned.to_dict()
    assert back.storage_base.bill_fn(owned.grid_import_kw, np.zeros(8760), np.zeros(8760)).total.sum() == (
        pytest.approx(owned.summary.first_year_bill_after_yuan)
    )
