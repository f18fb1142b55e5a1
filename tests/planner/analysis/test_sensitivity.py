"""Sensitivity: every tornado end point equals a full recompute of a hand-edited project."""

import json

import pytest

from planner.analysis.drivers import applicable_drivers, apply_drivers
from planner.analysis.sensitivity import sensitivity
from planner.cli import main
from planner.io.projectfile import project_from_dict
from planner.model.errors import InputError

from .support import DEFAULT, SEEDS, compute, default_dict, scaled_prices


def _scale_measures(d: dict, keys: tuple[str, ...], f: float, types: tuple[str, ...] | None = None) -> None:
    for m in d["measures"]:
        if types is None or m["type"] in types:
            for k in keys:
                if k in m:
                    m[k] *= f


def _efficiency(d: dict, f: float) -> None:
    # saved kWh are proportional to operating hours (motors, VFD), output (process), and the
    # before-after difference (annual energy): scale those
    _scale_measures(d, ("operating_hours_per_year",), f, ("motor", "vfd"))
    _scale_measures(d, ("output_units_per_year",), f, ("specific_energy",))
    for m in d["measures"]:
        if m["type"] == "annual_energy":
            diff = m["energy_before_kwh_per_year"] - m["energy_after_kwh_per_year"]
            m["energy_after_kwh_per_year"] = m["energy_before_kwh_per_year"] - diff * f


def _points(d: dict, section: str, key: str, x: float) -> None:
    d[section][key] = d[section].get(key, 0) + x


HAND_EDITS = {
    "energy_price": lambda d, f, x: scaled_prices(d, f),
    "export_price": lambda d, f, x: d["tariff"].__setitem__(
        "export_price_yuan_per_kwh", d["tariff"]["export_price_yuan_per_kwh"] * f
    ),
    "capex": lambda d, f, x: _scale_measures(d, ("capex_yuan",), f),
    "om": lambda d, f, x: _scale_measures(d, ("om_yuan_per_year", "om_change_yuan_per_year"), f),
    "efficiency_savings": lambda d, f, x: _efficiency(d, f),
    # the clear-sky shape is scaled to the specific yield: output is linear in it
    "pv_yield": lambda d, f, x: _scale_measures(d, ("specific_yield_kwh_per_kwp",), f, ("pv",)),
    "escalation": lambda d, f, x: _points(d, "tariff", "escalation_pct_per_year", x),
    "discount_rate": lambda d, f, x: _points(d, "finance", "discount_rate_pct", x),
}


def _edit(driver: str, x: float) -> dict:
    """The default project changed by hand as DESIGN.md defines the driver (x in % / points)."""
    d = default_dict()
    HAND_EDITS[driver](d, 1 + x / 100, x)
    return d


@pytest.fixture(scope="module")
def result():
    d = default_dict()
    d["sensitivity"] = {
        "drivers": [
            {"driver": "energy_price", "low": -25, "high": 15},
            {"driver": "export_price"},
            {"driver": "capex", "low": -10, "high": 30},
            {"driver": "efficiency_savings"},
            {"driver": "pv_yield", "low": -15, "high": 10},
            {"driver": "om"},
            {"driver": "battery_capex"},  # no battery in the project: left out
            {"driver": "escalation", "low": -1, "high": 3},
            {"driver": "discount_rate"},
        ]
    }
    return sensitivity(project_from_dict(d), SEEDS, payback_target_years=5)


def test_defaults_and_absent_battery(result):
    got = {r.driver: (r.low, r.high) for r in result.drivers}
    assert "battery_capex" not in got
    assert got["export_price"] == (-20, 20) and got["om"] == (-20, 20) and got["discount_rate"] == (-2, 2)
    assert got["energy_price"] == (-25, 15) and got["escalation"] == (-1, 3)


@pytest.mark.parametrize(
    "driver",
    ["energy_price", "export_price", "capex", "efficiency_savings", "pv_yield", "om", "escalation", "discount_rate"],
)
def test_tornado_end_points_equal_recomputes(result, driver):
    row = next(r for r in result.drivers if r.driver == driver)
    for x, npv, irr, pb in (
        (row.low, row.npv_low_yuan, row.irr_low_pct, row.payback_low_years),
        (row.high, row.npv_high_yuan, row.irr_high_pct, row.payback_high_years),
    ):
        ref = compute(_edit(driver, x))
        assert npv == pytest.approx(ref.npv_yuan, rel=1e-9, abs=1e-3)
        assert irr == pytest.approx(ref.irr_pct, rel=1e-9)
        assert pb == pytest.approx(ref.payback_years, rel=1e-9)


def test_base(result):
    ref = compute(default_dict())
    assert (result.npv_yuan, result.irr_pct, result.payback_years) == (ref.npv_yuan, ref.irr_pct, ref.payback_years)


def test_break_even_npv_is_zero_by_recompute(result):
    x = result.energy_price_break_even_pct
    assert -100 < x < 0
    assert abs(compute(_edit("energy_price", x)).npv_yuan) < 1.0  # yuan, on an NPV of 8 million
    # NPV is linear in the price (no battery): the root from two recomputes, by hand
    n0, n1 = compute(default_dict()).npv_yuan, compute(_edit("energy_price", 10)).npv_yuan
    assert x == pytest.approx(-n0 / ((n1 - n0) / 10), rel=1e-6)
    c = result.capex_break_even_pct
    assert c > 0
    assert abs(compute(_edit("capex", c)).npv_yuan) < 1.0


def test_price_for_payback_target(result):
    x = result.energy_price_for_payback_pct
    assert result.payback_target_years == 5
    assert compute(_edit("energy_price", x)).payback_years == pytest.approx(5.0, abs=1e-6)


def test_no_break_even_when_npv_stays_positive():
    # a project whose measures cost nothing: NPV > 0 at any price above -100 %, and 0 O&M
    d = default_dict()
    d["measures"] = [m for m in d["measures"] if m["type"] == "motor"]
    for m in d["measures"]:
        m["capex_yuan"] = 0
    res = sensitivity(project_from_dict(d), SEEDS)
    assert res.energy_price_break_even_pct == pytest.approx(-100.0) or res.energy_price_break_even_pct is None
    assert res.capex_break_even_pct is None  # no capex: the driver does not apply


def test_sensitivity_json_contract(capsys):
    assert main(["sensitivity", str(DEFAULT), "--json", "--payback-target", "6"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"base", "drivers", "break_even"}
    assert set(out["base"]) == {"npv_yuan", "irr_pct", "payback_years"}
    assert set(out["break_even"]) >= {"energy_price_pct", "capex_pct", "energy_price_for_payback_pct"}
    keys = {"driver", "low", "high", "npv_low_yuan", "npv_high_yuan", "irr_low_pct", "irr_high_pct"}
    keys |= {"payback_low_years", "payback_high_years"}
    for r in out["drivers"]:
        assert set(r) == keys
    assert [r["driver"] for r in out["drivers"]] == applicable_drivers(project_from_dict(default_dict()))


@pytest.mark.parametrize(
    "entry, text",
    [
        (
            {"driver": "capex", "low": 20, "high": -20},
            "expected low <= high for sensitivity driver 'capex', found low 20 > high -20",
        ),
        ({"driver": "price", "low": -20, "high": 20}, "energy_price"),
        ({"driver": "om", "low": -150, "high": 20}, "expected low >= -100"),
    ],
)
def test_bad_sensitivity_input(entry, text):
    d = default_dict()
    d["sensitivity"] = {"drivers": [entry]}
    with pytest.raises(InputError) as e:
        project_from_dict(d)
    assert text in str(e.value)
    assert "sensitivity" in str(e.value)


def test_driver_outside_model_range_is_an_input_error():
    d = default_dict()
    d["finance"]["discount_rate_pct"] = 1
    with pytest.raises(InputError) as e:
        apply_drivers(project_from_dict(d), {"discount_rate": -2}, context="sensitivity driver 'discount_rate' low")
    assert "discount_rate" in e.value.where and "discount_rate_pct" in e.value.expected
