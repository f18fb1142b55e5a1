"""Tests of planner.engine.balance (netting, EMC payments) and planner.engine.lifecycle.

Expected values are worked by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.balance import emc_payment, net_pv_against_load
from planner.engine.lifecycle import age_by_year, growth_factors, replacement_costs, replacement_years
from planner.model.project import PvMeasure

# ---------------------------------------------------------------------------
# netting
# ---------------------------------------------------------------------------

LOAD = np.array([100.0, 50.0, 0.0, 80.0])  # [kW]
PV = np.array([0.0, 70.0, 30.0, 80.0])  # [kW]


@pytest.mark.parametrize(
    "export_allowed, exported, curtailed",
    [
        # hour 1: no sun, all 100 imported; hour 2: 50 used, 20 exported;
        # hour 3: no load, all 30 exported; hour 4: 80 = 80, nothing left.
        (True, [0.0, 20.0, 30.0, 0.0], [0.0, 0.0, 0.0, 0.0]),
        # anti-backflow: the same surplus (20 in hour 2, 30 in hour 3) is curtailed
        (False, [0.0, 0.0, 0.0, 0.0], [0.0, 20.0, 30.0, 0.0]),
    ],
    ids=["export_allowed_by_hand", "anti_backflow_curtails_the_surplus"],
)
def test_netting_by_hand(export_allowed, exported, curtailed):
    r = net_pv_against_load(LOAD, PV, export_allowed=export_allowed)
    np.testing.assert_array_equal(r.self_consumed_kw, [0.0, 50.0, 0.0, 80.0])
    np.testing.assert_array_equal(r.exported_kw, exported)
    np.testing.assert_array_equal(r.curtailed_kw, curtailed)
    np.testing.assert_array_equal(r.grid_import_kw, [100.0, 0.0, 0.0, 0.0])


def test_netting_with_an_export_cap():
    # cap 25 kW: hour 2 exports all 20, hour 3 exports 25 of 30 and curtails 5
    r = net_pv_against_load(LOAD, PV, export_allowed=True, export_limit_kw=25.0)
    np.testing.assert_array_equal(r.exported_kw, [0.0, 20.0, 25.0, 0.0])
    np.testing.assert_array_equal(r.curtailed_kw, [0.0, 0.0, 5.0, 0.0])


def test_netting_clips_negative_load_and_pv_and_balances():
    r = net_pv_against_load([-10.0, 40.0], [5.0, -3.0], export_allowed=True)
    np.testing.assert_array_equal(r.self_consumed_kw, [0.0, 0.0])
    np.testing.assert_array_equal(r.exported_kw, [5.0, 0.0])
    np.testing.assert_array_equal(r.grid_import_kw, [0.0, 40.0])
    rng = np.random.default_rng(1)
    load, pvk = rng.uniform(0, 100, 8760), rng.uniform(0, 100, 8760)
    for allowed in (True, False):
        n = net_pv_against_load(load, pvk, allowed)
        np.testing.assert_allclose(n.self_consumed_kw + n.exported_kw + n.curtailed_kw, pvk)
        np.testing.assert_allclose(n.self_consumed_kw + n.grid_import_kw, load)


def test_netting_result_is_frozen_and_checks_shapes():
    r = net_pv_against_load(LOAD, PV, True)
    with pytest.raises(AttributeError):
        r.exported_kw = np.zeros(4)  # type: ignore[misc]
    with pytest.raises(ValueError):
        r.exported_kw[0] = 1.0
    with pytest.raises(ValueError, match="same length"):
        net_pv_against_load(LOAD, PV[:3], True)


# ---------------------------------------------------------------------------
# EMC payments
# ---------------------------------------------------------------------------


def _emc(**kw):
    base = {"type": "pv", "name": "PV", "capacity_kwp": 100, "capex_yuan": 0, "life_years": 25, "ownership": "emc"}
    return PvMeasure.model_validate({**base, **kw})


def test_emc_payment_at_a_fixed_price_ignores_the_grid_value():
    # 100 kWh x 0.57 yuan/kWh = 57 yuan, whatever the grid value of those kWh
    assert emc_payment(_emc(emc_price_yuan_per_kwh=0.57), np.array([100.0]), np.array([80.0]))[0] == pytest.approx(57.0)


def test_emc_payment_at_a_discount_on_the_grid_value():
    # 80 yuan of grid value at a 15 % discount: 80 x 0.85 = 68 yuan; a 0 % discount: 80 yuan
    assert emc_payment(_emc(emc_discount_pct=15), np.array([100.0]), np.array([80.0]))[0] == pytest.approx(68.0)
    assert emc_payment(_emc(emc_discount_pct=0), np.array([100.0]), np.array([80.0]))[0] == pytest.approx(80.0)


# ---------------------------------------------------------------------------
# lifecycle
# ---------------------------------------------------------------------------


def test_replacements_by_hand():
    # life 10 in 25 years: replaced at the end of years 10 and 20; a life of 25 is never replaced
    assert replacement_years(10, 25) == [10, 20]
    assert replacement_years(25, 25) == []
    costs = replacement_costs(1000.0, 10, 25)
    assert costs.sum() == 2000.0 and costs[9] == 1000.0 and costs[19] == 1000.0


def test_age_restarts_after_replacement():
    # life 3: ages 1 2 3 | 1 2 3 | 1
    np.testing.assert_array_equal(age_by_year(3, 7), [1, 2, 3, 1, 2, 3, 1])


def test_growth_factors_by_hand():
    # 2 %/yr: 1, 1.02, 1.0404
    np.testing.assert_allclose(growth_factors(0.02, 3), [1.0, 1.02, 1.0404], rtol=1e-15)
