"""Battery dispatch and lifetime (planner/engine/storage.py), worked by hand.

Most cases use a battery that makes the arithmetic short: RTE 81 % so
eta_c = eta_d = sqrt(0.81) = 0.9; 1000 kWh with SOC 10..90 %, so E_min = 100,
E_max = 900 kWh and the usable window is 800 kWh; power 400 kW.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine.storage import (
    BatteryParams,
    battery_lifetime,
    capacity_at_age,
    dispatch_optimal,
    dispatch_tou_rule,
    equivalent_full_cycles,
)
from planner.model.project import PERIODS

B = BatteryParams(energy_kwh=1000, power_kw=400, round_trip_efficiency=0.81, min_soc=0.1, max_soc=0.9)
PRICE = {"valley": 0.3, "flat": 0.7, "peak": 1.2, "critical_peak": 1.5, "deep_valley": 0.1}


def day(*spans: tuple[int, int, str], default: str = "flat") -> list[str]:
    periods = [default] * 24
    for a, b, p in spans:
        periods[a:b] = [p] * (b - a)
    return periods


def bill(imp, surplus, periods, export_price=0.0, demand_rate=0.0) -> float:
    """Energy at the period price - export income + demand charge on the peak import [yuan]."""
    price = np.array([PRICE[p] for p in periods])
    return float(price @ imp - export_price * np.sum(surplus) + demand_rate * np.max(imp))


def test_one_valley_peak_pair():
    # valley 00-06, peak 18-22, load 1000 kW, no PV
    periods = day((0, 6, "valley"), (18, 22, "peak"))
    load = np.full(24, 1000.0)
    r = dispatch_tou_rule(load, np.zeros(24), periods, B)
    # h0: room = (900-100)/0.9 = 888.89 -> c = 400, S = 100 + 0.9*400 = 460
    # h1: room = 440/0.9 = 488.89 -> c = 400, S = 820
    # h2: room = 80/0.9 = 88.89 -> c = 88.89, S = 900; h3-h5: room 0
    expected_c = np.zeros(24)
    expected_c[:3] = [400, 400, 80 / 0.9]
    np.testing.assert_allclose(r.charge_kw, expected_c, atol=1e-9)
    # h18: d = min(400, 1000, (900-100)*0.9 = 720) = 400, S = 900 - 400/0.9 = 455.56
    # h19: d = min(400, 1000, 355.56*0.9 = 320) = 320, S = 100; h20-21: empty
    expected_d = np.zeros(24)
    expected_d[18:20] = [400, 320]
    np.testing.assert_allclose(r.discharge_kw, expected_d, atol=1e-9)
    assert r.soc_kwh[0] == pytest.approx(100)
    assert r.soc_kwh[3] == pytest.approx(900)
    assert r.soc_kwh[19] == pytest.approx(900 - 400 / 0.9)
    assert r.soc_kwh[-1] == pytest.approx(100)
    # charged 888.89, discharged 720 = 0.81 x 888.89: the round trip
    assert r.charged_kwh == pytest.approx(800 / 0.9)
    assert r.discharged_kwh == pytest.approx(720)
    assert r.losses_kwh == pytest.approx(800 / 0.9 - 720)
    np.testing.assert_allclose(r.grid_import_kw[:3], [1400, 1400, 1000 + 80 / 0.9])
    np.testing.assert_allclose(r.grid_import_kw[18:20], [600, 680])
    # savings: 720 x 1.2 - 888.89 x 0.3 = 864 - 266.67 = 597.33 yuan
    saved = bill(load, 0, periods) - bill(r.grid_import_kw, r.surplus_kw, periods)
    assert saved == pytest.approx(864 - 800 / 0.9 * 0.3)
    assert equivalent_full_cycles(r.discharged_kwh, B.e_min, B.e_max) == pytest.approx(720 / 800)


def test_two_cycles_with_a_midday_valley():
    # valley 00-06 and 10-14, peak 08-10 and 18-20
    periods = day((0, 6, "valley"), (8, 10, "peak"), (10, 14, "valley"), (18, 20, "peak"))
    load = np.full(24, 1000.0)
    r = dispatch_tou_rule(load, np.zeros(24), periods, B)
    c = np.zeros(24)
    d = np.zeros(24)
    # night: 400, 400, 88.89 as in the first case; morning peak: 400, 320
    c[0:3] = [400, 400, 80 / 0.9]
    d[8:10] = [400, 320]
    # midday valley from S = 100: 400, 400, 88.89 again; evening peak 400, 320
    c[10:13] = [400, 400, 80 / 0.9]
    d[18:20] = [400, 320]
    np.testing.assert_allclose(r.charge_kw, c, atol=1e-9)
    np.testing.assert_allclose(r.discharge_kw, d, atol=1e-9)
    # two full cycles of the 800 kWh window: EFC = 1440 / 800 = 1.8 (each 720 kWh out)
    assert equivalent_full_cycles(r.discharged_kwh, B.e_min, B.e_max) == pytest.approx(1.8)


def test_pv_surplus_charges_outside_the_charge_periods():
    # all flat except peak 18-20; PV 1500 kW at 10-14 against a 1000 kW load: surplus 500
    periods = day((18, 20, "peak"))
    load = np.full(24, 1000.0)
    pv = np.zeros(24)
    pv[10:14] = 1500
    p = BatteryParams(1000, 400, 0.81, 0.1, 0.9, charge_from_grid=False)
    r = dispatch_tou_rule(load, pv, periods, p)
    # h10: c = min(500, 400, 888.89) = 400; h11: min(500, 400, 488.89) = 400; h12: room 88.89; h13: 0
    np.testing.assert_allclose(r.charge_kw[10:14], [400, 400, 80 / 0.9, 0], atol=1e-9)
    # PV first: no grid import while charging, what is left is surplus (export or curtailment)
    np.testing.assert_allclose(r.grid_import_kw[10:14], 0, atol=1e-9)
    np.testing.assert_allclose(r.surplus_kw[10:14], [100, 100, 500 - 80 / 0.9, 500])
    np.testing.assert_allclose(r.discharge_kw[18:20], [400, 320])
    # charge_from_grid False: the valley at night charges nothing
    periods2 = day((0, 6, "valley"), (18, 20, "peak"))
    r2 = dispatch_tou_rule(load, np.zeros(24), periods2, p)
    assert r2.charged_kwh == 0 and r2.discharged_kwh == 0


def test_full_battery_at_the_start_of_a_discharge_period_is_limited_by_the_load():
    # the battery fills in the valley; in the peak the load (300 kW) is below the power (400 kW)
    periods = day((0, 6, "valley"), (18, 22, "peak"))
    load = np.full(24, 300.0)
    r = dispatch_tou_rule(load, np.zeros(24), periods, B)
    assert r.soc_kwh[18] == pytest.approx(900)  # full at the start of the peak
    # h18: d = min(400, 300, 720) = 300, S = 900 - 300/0.9 = 566.67
    # h19: d = 300, S = 233.33;  h20: d = min(400, 300, 133.33 x 0.9 = 120) = 120, S = 100
    np.testing.assert_allclose(r.discharge_kw[18:22], [300, 300, 120, 0], atol=1e-9)
    np.testing.assert_allclose(r.grid_import_kw[18:21], [0, 0, 180], atol=1e-9)
    assert r.surplus_kw.max() == 0  # never exports


def test_full_battery_in_an_hour_that_is_both_charge_and_discharge_period():
    # DESIGN.md: discharge only "if c == 0": a full battery in an hour that is in both
    # lists discharges, and charges again in the next hour (the rule taken literally)
    periods = day((0, 6, "valley"), (18, 20, "peak"))
    p = BatteryParams(1000, 400, 0.81, 0.1, 0.9, charge_periods=("valley", "peak"), discharge_periods=("peak",))
    r = dispatch_tou_rule(np.full(24, 1000.0), np.zeros(24), periods, p)
    # h18: S = 900, room 0 -> c = 0 -> d = 400, S = 455.56
    # h19: room = 444.44/0.9 = 493.83 -> c = 400, S = 455.56 + 360 = 815.56, no discharge
    assert r.charge_kw[18] == 0 and r.discharge_kw[18] == pytest.approx(400)
    assert r.charge_kw[19] == pytest.approx(400) and r.discharge_kw[19] == 0
    assert r.soc_kwh[20] == pytest.approx(900 - 400 / 0.9 + 360)


def test_anti_backflow_curtailment_and_no_discharge_into_surplus():
    # load 200 kW, PV 1000 kW at 10-14 (surplus 800 kW); hour 13 is a peak hour
    periods = day((13, 14, "peak"))
    load = np.full(24, 200.0)
    pv = np.zeros(24)
    pv[10:14] = 1000
    r = dispatch_tou_rule(load, pv, periods, B)
    # h10-h12 charge 400, 400, 88.89 from the surplus; h13 full: c = 0, and
    # d = min(400, max(200 - 1000, 0) = 0, 720) = 0: the battery never exports
    np.testing.assert_allclose(r.charge_kw[10:14], [400, 400, 80 / 0.9, 0], atol=1e-9)
    assert r.discharge_kw[13] == 0
    # surplus left (curtailed under anti-backflow): 400 + 400 + 711.11 + 800 = 2311.11 of 3200
    assert r.surplus_kw.sum() == pytest.approx(3200 - 800 / 0.9)


def test_optimal_matches_the_rule_on_one_valley_peak_pair():
    periods = day((0, 6, "valley"), (18, 22, "peak"))
    load = np.full(24, 1000.0)
    price = np.array([PRICE[p] for p in periods])
    r = dispatch_optimal(load, np.zeros(24), price, np.ones(24, dtype=int), B)
    # the best a day can do is one full window: 888.89 in at 0.3, 720 out at 1.2 -> 597.33 yuan
    saved = bill(load, 0, periods) - bill(r.grid_import_kw, r.surplus_kw, periods)
    assert saved == pytest.approx(864 - 800 / 0.9 * 0.3, abs=1e-3)
    assert r.soc_kwh[0] == pytest.approx(100) and r.soc_kwh[-1] == pytest.approx(100, abs=1e-6)


def test_optimal_shaves_the_demand_peak():
    # flat price 0.5, demand charge 30 yuan/kW-month; load 1000 kW with one 2000 kW hour (h12)
    load = np.full(24, 1000.0)
    load[12] = 2000
    price = np.full(24, 0.5)
    r = dispatch_optimal(load, np.zeros(24), price, np.ones(24, dtype=int), B, 0.0, 30.0)
    # discharge the full power in h12 (peak 2000 -> 1600): 400 kWh out needs 400/0.81 = 493.83 in
    # saving 30 x 400 - 0.5 x (493.83 - 400) = 12000 - 46.91 = 11953.09 yuan
    assert r.discharge_kw[12] == pytest.approx(400, abs=1e-6)
    assert r.grid_import_kw.max() == pytest.approx(1600, abs=1e-6)
    before = 0.5 * load.sum() + 30 * 2000
    after = 0.5 * r.grid_import_kw.sum() + 30 * r.grid_import_kw.max()
    assert before - after == pytest.approx(12000 - 0.5 * (400 / 0.81 - 400), abs=1e-3)


def test_optimal_does_not_import_and_export_in_the_same_hour():
    # export pays 0.5, the midday deep valley costs 0.1, every other hour is peak (1.2):
    # an LP without the binary would import 800 kWh at 0.1 while exporting the 400 kWh PV
    # surplus at 0.5 (unphysical: the meter nets the hour)
    periods = day((10, 11, "deep_valley"), default="peak")
    load = np.full(24, 1000.0)
    pv = np.zeros(24)
    pv[10] = 1400  # surplus 400 kW
    price = np.array([PRICE[p] for p in periods])
    p = BatteryParams(1250, 800, 0.81, 0.1, 0.9)  # window 125..1125 = 1000 kWh, 800 kW
    r = dispatch_optimal(load, pv, price, np.ones(24, dtype=int), p, 0.5)
    # best: h10 c = 800 (the 400 surplus + 400 from the grid at 0.1), S = 125 + 720;
    # later d = 720 x 0.9 = 648 kWh at 1.2 (charging at 1.2 never pays: 1.2 x 0.81 < 1.2)
    # saving = 648 x 1.2 - 400 x 0.1 - 400 x 0.5 (export given up) = 777.6 - 40 - 200 = 537.6
    assert r.charge_kw[10] == pytest.approx(800, abs=1e-6)
    assert r.charged_kwh == pytest.approx(800, abs=1e-6)
    assert r.discharged_kwh == pytest.approx(648, abs=1e-6)
    before = bill(np.maximum(load - pv, 0), np.maximum(pv - load, 0), periods, 0.5)
    after = bill(r.grid_import_kw, r.surplus_kw, periods, 0.5)
    assert before - after == pytest.approx(537.6, abs=1e-3)
    assert np.all(np.minimum(r.grid_import_kw, r.surplus_kw) == 0)


def test_optimal_values_pv_charging_at_the_export_price_it_gives_up():
    # price 0.6 in every hour, 0.1 in h10 where PV leaves a 400 kW surplus; export pays 0.5;
    # 400 kW battery.  Charging in h10 takes the PV surplus first (the meter nets the hour),
    # worth 0.5 a kWh exported, and brings back 0.81 x 0.6 = 0.486 < 0.5: the best is not to
    # charge.  (An LP that could import at 0.1 while exporting at 0.5 would charge 400 kWh
    # and lose 400 x 0.5 - 324 x 0.6 = 5.6 yuan.)
    price = np.full(24, 0.6)
    price[10] = 0.1
    load = np.full(24, 1000.0)
    pv = np.zeros(24)
    pv[10] = 1400
    r = dispatch_optimal(load, pv, price, np.ones(24, dtype=int), B, 0.5)
    assert r.charged_kwh == pytest.approx(0, abs=1e-6)
    before = price @ np.maximum(load - pv, 0) - 0.5 * np.maximum(pv - load, 0).sum()
    after = price @ r.grid_import_kw - 0.5 * r.surplus_kw.sum()
    assert before - after == pytest.approx(0, abs=1e-4)


def test_optimal_without_grid_charging_uses_only_pv_surplus():
    periods = day((0, 6, "valley"), (18, 20, "peak"))
    load = np.full(24, 1000.0)
    pv = np.zeros(24)
    pv[11] = 1100  # 100 kW surplus
    price = np.array([PRICE[p] for p in periods])
    p = BatteryParams(1000, 400, 0.81, 0.1, 0.9, charge_from_grid=False)
    r = dispatch_optimal(load, pv, price, np.ones(24, dtype=int), p)
    # only the 100 kWh surplus can charge: 100 in, 81 out in a peak hour
    assert r.charged_kwh == pytest.approx(100, abs=1e-6)
    assert r.discharged_kwh == pytest.approx(81, abs=1e-6)


# ---- lifetime ---------------------------------------------------------------


def test_lifetime_cycle_limited():
    # EFC 500, fade 1 %/yr, eol 70 %, 6000 cycles: cap(a) = 1 - 0.01a - 0.3 x 500a/6000 = 1 - 0.035a
    # cap(8) = 0.72, cap(9) = 0.685 < 0.7: during year 9 it falls below end of life -> replaced at
    # the end of years 9 and 18 (life 15 not reached); N = 20
    lt = battery_lifetime(500, 0.01, 0.7, 6000, 15, 20)
    assert lt.replacement_years == [9, 18]
    expected = [1 - 0.035 * a for a in [*range(9), *range(9), 0, 1]]
    np.testing.assert_allclose(lt.capacity_factor, expected)
    assert lt.capacity_factor[8] == pytest.approx(0.72)


def test_lifetime_calendar_limited_and_no_replacement_in_the_last_year():
    # EFC 100: cap(a) = 1 - 0.015a, cap(10) = 0.85: the 10-year life ends first:
    # replaced at the end of years 10 and 20; with N = 20 the year-20 one is not made
    assert battery_lifetime(100, 0.01, 0.7, 6000, 10, 25).replacement_years == [10, 20]
    assert battery_lifetime(100, 0.01, 0.7, 6000, 10, 20).replacement_years == [10]
    assert capacity_at_age(10, 100, 0.01, 0.7, 6000) == pytest.approx(0.85)


# ---- properties -------------------------------------------------------------

period_names = st.sampled_from(PERIODS)


@st.composite
def cases(draw, n=48):
    load = np.array(draw(st.lists(st.floats(0, 2000), min_size=n, max_size=n)))
    pv = np.array(draw(st.lists(st.floats(0, 2000), min_size=n, max_size=n)))
    pv[draw(st.integers(0, n)) :] = 0.0  # sometimes no PV at all
    periods = draw(st.lists(period_names, min_size=n, max_size=n))
    lo = draw(st.floats(0, 40))
    hi = draw(st.floats(lo + 5, 100))
    params = BatteryParams(
        energy_kwh=draw(st.floats(10, 4000)),
        power_kw=draw(st.floats(0, 2000)),
        round_trip_efficiency=draw(st.floats(0.5, 1.0)),
        min_soc=lo / 100,
        max_soc=hi / 100,
        charge_periods=tuple(draw(st.sets(period_names, min_size=0, max_size=3))),
        discharge_periods=tuple(draw(st.sets(period_names, min_size=0, max_size=3))),
        charge_from_grid=draw(st.booleans()),
    )
    prices = {p: draw(st.floats(0, 2)) for p in PERIODS}
    export = draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    demand = draw(st.sampled_from([0.0, 0.0, 30.0]))
    return load, pv, periods, params, prices, export, demand


def _check_physics(r, load, pv, p: BatteryParams):
    tol = 1e-6 * max(1.0, p.energy_kwh, p.power_kw)
    assert np.all(r.soc_kwh >= p.e_min - tol) and np.all(r.soc_kwh <= p.e_max + tol)
    assert np.all(r.charge_kw >= 0) and np.all(r.charge_kw <= p.power_kw + tol)
    assert np.all(r.discharge_kw >= 0) and np.all(r.discharge_kw <= p.power_kw + tol)
    # energy balance at the meter, hour by hour
    np.testing.assert_allclose(
        r.grid_import_kw - r.surplus_kw, load - pv + r.charge_kw - r.discharge_kw, atol=1e-6 * max(1, load.max())
    )
    # storage balance, hour by hour
    np.testing.assert_allclose(np.diff(r.soc_kwh), p.eta * r.charge_kw - r.discharge_kw / p.eta, atol=tol)
    # no battery export
    assert np.all(r.discharge_kw <= np.maximum(load - pv, 0) + tol)
    if not p.charge_from_grid:
        assert np.all(r.charge_kw <= np.maximum(pv - load, 0) + tol)


def _bill(imp, surplus, periods, prices, export, demand):
    price = np.array([prices[p] for p in periods])
    return float(price @ imp - export * surplus.sum() + demand * imp.max())


@settings(max_examples=60, deadline=None)
@given(cases())
def test_properties_of_both_dispatches(case):
    load, pv, periods, p, prices, export, demand = case
    rule = dispatch_tou_rule(load, pv, periods, p)
    _check_physics(rule, load, pv, p)
    # the rule discharges only in hours where it does not charge
    assert np.all((rule.charge_kw == 0) | (rule.discharge_kw == 0))
    price = np.array([prices[q] for q in periods])
    opt = dispatch_optimal(load, pv, price, np.ones(len(load), dtype=int), p, export, demand)
    _check_physics(opt, load, pv, p)
    assert opt.soc_kwh[-1] == pytest.approx(p.e_min, abs=1e-6 * max(1.0, p.energy_kwh))
    base = _bill(np.maximum(load - pv, 0), np.maximum(pv - load, 0), periods, prices, export, demand)
    saved_rule = base - _bill(rule.grid_import_kw, rule.surplus_kw, periods, prices, export, demand)
    saved_opt = base - _bill(opt.grid_import_kw, opt.surplus_kw, periods, prices, export, demand)
    # optimal is an upper bound on any dispatch (tie-break cost 1e-6 yuan/kWh, solver tolerances)
    assert saved_opt >= saved_rule - 1e-5 * (1 + abs(base)) - 2e-6 * (rule.charged_kwh + rule.discharged_kwh)


@settings(max_examples=30, deadline=None)
@given(cases())
def test_zero_power_means_zero_savings(case):
    load, pv, periods, p, prices, export, demand = case
    p0 = BatteryParams(**{**p.__dict__, "power_kw": 0.0})
    price = np.array([prices[q] for q in periods])
    for r in (
        dispatch_tou_rule(load, pv, periods, p0),
        dispatch_optimal(load, pv, price, np.ones(len(load), dtype=int), p0, export, demand),
    ):
        assert r.charged_kwh == 0 and r.discharged_kwh == 0
        np.testing.assert_array_equal(r.grid_import_kw, np.maximum(load - pv, 0))
