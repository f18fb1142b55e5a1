"""Monte Carlo: closed-form checks, reproducibility, decomposition == full recompute, bad input."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.analysis import montecarlo as mc
from planner.analysis.drivers import evaluate
from planner.cli import main
from planner.engine import finance
from planner.io.projectfile import project_from_dict
from planner.model.errors import InputError

from .support import DEFAULT, SEEDS, compute, default_dict, scaled_prices


def _project(uncertainty, mutate=None):
    d = default_dict()
    d["uncertainty"] = uncertainty
    if mutate:
        mutate(d)
    return project_from_dict(d)


def _tri_quantile(q, a, c, b):
    """Inverse CDF of the triangular distribution (low a, mode c, high b), closed form."""
    fc = (c - a) / (b - a)
    return a + math.sqrt(q * (b - a) * (c - a)) if q < fc else b - math.sqrt((1 - q) * (b - a) * (b - c))


def test_linear_npv_matches_the_triangular_closed_form():
    a, c, b = -30.0, 5.0, 20.0
    p = _project([{"driver": "energy_price", "distribution": "triangular", "low": a, "mode": c, "high": b}])
    res = mc.monte_carlo(p, SEEDS, draws=20000, seed=7)
    assert res.method == "decomposition"
    # NPV is linear in the price change x: NPV(x) = n0 + s x, from two hand-edited recomputes
    n0 = compute(default_dict()).npv_yuan
    s = (compute(scaled_prices(default_dict(), 1.1)).npv_yuan - n0) / 10.0
    out = res.to_dict()["npv_yuan"]
    # mean of a triangular distribution (a + c + b)/3; LHS makes the sampling error tiny
    assert out["mean"] == pytest.approx(n0 + s * (a + c + b) / 3, abs=abs(s) * 0.01)
    for q, key in ((0.1, "p10"), (0.5, "p50"), (0.9, "p90")):
        assert out[key] == pytest.approx(n0 + s * _tri_quantile(q, a, c, b), abs=abs(s) * 0.01)
    # P(NPV > 0) = P(x > -n0/s): beyond the range here, so exactly 1
    assert res.to_dict()["probability_npv_positive"] == 1.0


def test_probability_npv_positive_closed_form():
    # capex triangular 50..200 %: NPV = n0 + s x crosses zero inside the range
    a, c, b = 50.0, 100.0, 200.0
    p = _project([{"driver": "capex", "distribution": "triangular", "low": a, "mode": c, "high": b}])
    res = mc.monte_carlo(p, SEEDS, draws=10000, seed=3)
    n0 = compute(default_dict()).npv_yuan
    d = default_dict()
    for m in d["measures"]:
        m["capex_yuan"] *= 1.5
    s = (compute(d).npv_yuan - n0) / 50.0
    x0 = -n0 / s  # break-even capex change [%]
    assert a < x0 < b
    cdf = (x0 - a) ** 2 / ((b - a) * (c - a)) if x0 < c else 1 - (b - x0) ** 2 / ((b - a) * (b - c))
    assert res.to_dict()["probability_npv_positive"] == pytest.approx(cdf, abs=2e-4)


def test_uniform_and_normal_closed_forms():
    p = _project(
        [
            {"driver": "energy_price", "distribution": "uniform", "low": -10, "high": 30},
            {"driver": "discount_rate", "distribution": "normal", "mode": 0, "sd": 0},
        ]
    )
    res = mc.monte_carlo(p, SEEDS, draws=5000, seed=11)
    x = res.values[:, 0]
    assert x.min() >= -10 and x.max() <= 30
    assert np.mean(x) == pytest.approx(10.0, abs=0.01)
    assert np.all(res.values[:, 1] == 0)  # sd 0: the constant
    p = _project([{"driver": "escalation", "distribution": "normal", "mode": 1, "sd": 0.5}])
    x = mc.monte_carlo(p, SEEDS, draws=10000, seed=2).values[:, 0]
    assert np.mean(x) == pytest.approx(1.0, abs=0.005)
    assert np.percentile(x, 90) == pytest.approx(1 + 0.5 * 1.2815515655446004, abs=0.01)


def test_same_seed_same_numbers_other_seed_other_numbers():
    spec = [
        {"driver": "energy_price", "distribution": "triangular", "low": -20, "mode": 0, "high": 20},
        {"driver": "capex", "distribution": "uniform", "low": -10, "high": 25},
    ]
    p = _project(spec)
    a = mc.monte_carlo(p, SEEDS, draws=2000, seed=5).to_dict()
    b = mc.monte_carlo(p, SEEDS, draws=2000, seed=5).to_dict()
    c = mc.monte_carlo(p, SEEDS, draws=2000, seed=6).to_dict()
    assert a == b
    assert a["npv_yuan"] != c["npv_yuan"]


def _with_loan_and_tax(d):
    d["finance"]["loan"] = {"share_pct": 60, "interest_pct": 4.5, "term_years": 8}
    d["finance"]["income_tax_pct"] = 25
    d["finance"]["subsidy_yuan"] = 500000
    d["finance"]["om_escalation_pct_per_year"] = 2
    d["tariff"]["escalation_pct_per_year"] = 1


ALL_LINEAR = [
    {"driver": "energy_price", "distribution": "triangular", "low": -20, "mode": 0, "high": 20},
    {"driver": "export_price", "distribution": "uniform", "low": -40, "high": 10},
    {"driver": "capex", "distribution": "triangular", "low": -10, "mode": 5, "high": 30},
    {"driver": "om", "distribution": "normal", "mode": 0, "sd": 10},
    {"driver": "escalation", "distribution": "uniform", "low": -1, "high": 2},
    {"driver": "discount_rate", "distribution": "triangular", "low": -2, "mode": 0, "high": 3},
]


def test_decomposition_equals_full_recomputes_on_random_draws():
    p = _project(ALL_LINEAR, _with_loan_and_tax)
    res = mc.monte_carlo(p, SEEDS, draws=3000, seed=9)
    assert res.method == "decomposition"
    rng = np.random.default_rng(0)
    names = [s.driver for s in res.specs]
    for i in rng.choice(res.draws, size=6, replace=False):
        s = evaluate(p, dict(zip(names, res.values[i], strict=True)), SEEDS).summary
        assert res.npv_yuan[i] == pytest.approx(s.npv_yuan, rel=1e-6)
        assert res.irr_pct[i] == pytest.approx(s.irr_pct, rel=1e-6)
        assert res.payback_years[i] == pytest.approx(s.payback_years, rel=1e-6)


def test_decomposition_equals_exact_mode():
    p = _project(ALL_LINEAR[:4], _with_loan_and_tax)
    fast = mc.monte_carlo(p, SEEDS, draws=40, seed=4)
    exact = mc.monte_carlo(p, SEEDS, draws=40, seed=4, force_exact=True)
    assert exact.method == "exact_recompute" and fast.method == "decomposition"
    np.testing.assert_allclose(fast.values, exact.values)
    np.testing.assert_allclose(fast.npv_yuan, exact.npv_yuan, rtol=1e-6)
    np.testing.assert_allclose(fast.irr_pct, exact.irr_pct, rtol=1e-6)
    np.testing.assert_allclose(fast.payback_years, exact.payback_years, rtol=1e-6)


def test_non_linear_physics_falls_back_to_exact_recomputes():
    # two PV systems that degrade at different rates: no single PV scale per year, so neither
    # array model applies, and the export makes the multilinear model wrong
    def two_rates(d):
        pv = d["measures"][5]
        d["measures"].append(dict(pv, name="车棚光伏 / Carport PV", capacity_kwp=6000, annual_degradation_pct=0.8))

    p = _project([{"driver": "pv_yield", "distribution": "uniform", "low": -30, "high": 30}], two_rates)
    res = mc.monte_carlo(p, SEEDS, draws=5000, seed=1, fallback_draws=30)
    assert res.method == "exact_recompute" and res.draws == 30 and res.draws_requested == 5000
    assert "non-linear" in res.reason and "different degradation" in res.reason
    for i in (0, 17, 29):
        s = evaluate(p, {"pv_yield": res.values[i, 0]}, SEEDS).summary
        assert res.npv_yuan[i] == s.npv_yuan


def _pv_variant(kind):
    def mutate(d):
        pv = d["measures"][5]
        if kind == "emc_discount":
            pv.update(ownership="emc", emc_discount_pct=12)
        elif kind == "emc_price":
            pv.update(ownership="emc", emc_price_yuan_per_kwh=0.55)
        elif kind == "no_export":
            pv["export"] = "none"
        elif kind == "capacity":
            d["tariff"]["basic_charge"] = {"basis": "capacity", "transformer_kva": 4000, "yuan_per_kva_month": 22}
        elif kind == "two_pv":  # two owned systems, same degradation and life: one scale per year
            d["measures"].append(dict(pv, name="车棚光伏 / Carport PV", capacity_kwp=3000, capex_yuan=9_000_000))
        elif kind == "big_pv":  # much PV export, a demand peak PV can shave
            pv["capacity_kwp"] = 9000
            pv["capex_yuan"] = 27_000_000
        _with_loan_and_tax(d)

    return mutate


@pytest.mark.parametrize("kind", ["owned", "emc_discount", "emc_price", "no_export", "capacity", "two_pv", "big_pv"])
def test_pv_yield_exact_model_equals_full_recomputes(kind):
    spec = [
        {"driver": "pv_yield", "distribution": "normal", "mode": -5, "sd": 20},
        {"driver": "energy_price", "distribution": "triangular", "low": -20, "mode": 0, "high": 20},
        {"driver": "export_price", "distribution": "uniform", "low": -50, "high": 10},
        {"driver": "capex", "distribution": "triangular", "low": -10, "mode": 0, "high": 30},
        {"driver": "escalation", "distribution": "uniform", "low": -1, "high": 2},
        {"driver": "discount_rate", "distribution": "uniform", "low": -2, "high": 2},
    ]
    p = _project(spec, _pv_variant(kind))
    res = mc.monte_carlo(p, SEEDS, draws=2000, seed=21)
    assert res.method == "decomposition_pv_physics"
    names = [s.driver for s in res.specs]
    for i in np.random.default_rng(1).choice(res.draws, size=5, replace=False):
        s = evaluate(p, dict(zip(names, res.values[i], strict=True)), SEEDS).summary
        assert res.npv_yuan[i] == pytest.approx(s.npv_yuan, rel=1e-6)
        assert res.irr_pct[i] == pytest.approx(s.irr_pct, rel=1e-6)
        assert res.payback_years[i] == pytest.approx(s.payback_years, rel=1e-6)


@pytest.mark.parametrize("kind", ["owned", "emc_price", "no_export", "capacity", "big_pv", "no_pv"])
def test_efficiency_savings_exact_model_equals_full_recomputes(kind):
    # efficiency kWh move the demand peak and (with PV) the netting: the hour-class model
    spec = [
        {"driver": "efficiency_savings", "distribution": "triangular", "low": -40, "mode": 0, "high": 30},
        {"driver": "pv_yield", "distribution": "normal", "mode": 0, "sd": 15},
        {"driver": "energy_price", "distribution": "triangular", "low": -20, "mode": 0, "high": 20},
        {"driver": "om", "distribution": "uniform", "low": -20, "high": 20},
        {"driver": "discount_rate", "distribution": "uniform", "low": -2, "high": 2},
    ]

    def mutate(d):
        if kind == "no_pv":
            d["measures"] = d["measures"][:5]
            _with_loan_and_tax(d)
        else:
            _pv_variant(kind)(d)

    p = _project(spec, mutate)
    res = mc.monte_carlo(p, SEEDS, draws=2000, seed=5)
    assert res.method == "decomposition_netting"
    names = [s.driver for s in res.specs]
    assert ("pv_yield" in names) == (kind != "no_pv")
    for i in np.random.default_rng(2).choice(res.draws, size=5, replace=False):
        s = evaluate(p, dict(zip(names, res.values[i], strict=True)), SEEDS).summary
        assert res.npv_yuan[i] == pytest.approx(s.npv_yuan, rel=1e-6)
        assert res.irr_pct[i] == pytest.approx(s.irr_pct, rel=1e-6)
        assert res.payback_years[i] == pytest.approx(s.payback_years, rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100), st.floats(0, 1e3)), min_size=1, max_size=40),
    st.lists(st.floats(0, 5), min_size=1, max_size=20),
)
def test_upper_envelope_equals_brute_force(lines, ts):
    from planner.analysis.physics import envelope_max, upper_envelope

    slopes = -np.array([m for m, _ in lines])
    inter = np.array([a for _, a in lines])
    t = np.array(ts)
    want = np.max(inter[None, :] + slopes[None, :] * t[:, None], axis=1)
    got = envelope_max(upper_envelope(slopes, inter), t)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-9)


def test_probability_payback_within_targets():
    p = _project(ALL_LINEAR[:3])
    res = mc.monte_carlo(p, SEEDS, draws=4000, seed=2, payback_target_years=4.5)
    out = res.to_dict()
    pb = res.payback_years
    assert set(out["probability_payback_within"]) == {"3", "5", "8", "4.5"}
    for t in ("3", "5", "8", "4.5"):
        assert out["probability_payback_within"][t] == np.mean(pb <= float(t))
    assert out["payback_years"]["p50"] == np.percentile(pb, 50)


@pytest.mark.parametrize("draws", [0, -5, 10**8, 2.5, True])
def test_bad_draws(draws):
    with pytest.raises(InputError) as e:
        mc.check_draws(draws)
    assert e.value.where == "draws" and "1 to 1,000,000" in e.value.expected


@pytest.mark.parametrize("draws", ["0", "100000000"])
def test_cli_bad_draws(draws, capsys):
    assert main(["montecarlo", str(DEFAULT), "--draws", draws, "--json"]) == 2
    err = capsys.readouterr().err
    assert "draws: expected a whole number of draws from 1 to 1,000,000" in err


@pytest.mark.parametrize(
    "entry, text",
    [
        ({"driver": "capex", "distribution": "triangular", "low": 20, "mode": 0, "high": -10}, "low <= high"),
        ({"driver": "capex", "distribution": "triangular", "low": -10, "mode": 40, "high": 20}, "low <= mode <= high"),
        (
            {"driver": "om", "distribution": "normal", "sd": -3},
            "expected sd >= 0 for uncertainty driver 'om' (normal), found sd -3",
        ),
        ({"driver": "om", "distribution": "normal"}, "expected sd"),
        ({"driver": "om", "distribution": "uniform", "low": 5}, "found no high"),
        ({"driver": "yield", "distribution": "uniform", "low": 0, "high": 5}, "pv_yield"),
        ({"driver": "om", "distribution": "lognormal", "sd": 1}, "triangular"),
    ],
)
def test_bad_uncertainty_input(entry, text):
    d = default_dict()
    d["uncertainty"] = [entry]
    with pytest.raises(InputError) as e:
        project_from_dict(d)
    assert text in str(e.value)
    assert "uncertainty" in str(e.value)


def test_montecarlo_json_contract(capsys):
    assert main(["montecarlo", str(DEFAULT), "--draws", "500", "--seed", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["draws"] == 500
    for k in ("npv_yuan", "irr_pct", "payback_years"):
        assert {"mean", "p10", "p50", "p90"} <= set(out[k])
        assert out[k]["p10"] <= out[k]["p50"] <= out[k]["p90"]
    assert 0 <= out["probability_npv_positive"] <= 1
    assert set(out["probability_payback_within"]) == {"3", "5", "8"}


# --- the vectorised metrics against planner.engine.finance ---------------------------------------

flows = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.floats(-5e6, -1e3), flows)
def test_vectorised_irr_and_payback_match_finance(cf0, rest):
    cf = np.array([[cf0] + rest])
    got_irr = mc.irr_many(cf)[0]
    want_irr = finance.irr(cf[0])
    if want_irr is None:
        assert np.isnan(got_irr) or abs(finance.npv(got_irr, cf[0])) <= 1e-6 * np.sum(np.abs(cf))
    else:
        assert got_irr == pytest.approx(want_irr, rel=1e-7, abs=1e-9)
    got_pb = mc.payback_many(cf)[0]
    want_pb = finance.payback_period(cf[0])
    assert (np.isnan(got_pb) and want_pb is None) or got_pb == pytest.approx(want_pb, rel=1e-12)
    assert mc.npv_many(np.array([0.07]), cf)[0] == pytest.approx(finance.npv(0.07, cf[0]), rel=1e-12, abs=1e-6)


def test_quantile_with_never_paid_back():
    s = mc.summarise(np.array([1.0, 2.0, np.nan, 3.0, np.nan]), nan_is_longest=True)
    # sorted [1, 2, 3, inf, inf]: p10 at position 0.4 -> 1.4; p50 at 2 -> 3; p90 at 3.6 -> inf -> None
    assert s["p10"] == pytest.approx(1.4) and s["p50"] == 3.0 and s["p90"] is None and s["mean"] is None
    assert s["defined_share"] == 0.6


def test_draws_that_break_the_project_name_the_driver():
    # discount rate 8 % - a normal with sd 5 points reaches below 0 %
    p = _project([{"driver": "discount_rate", "distribution": "normal", "mode": 0, "sd": 5}])
    with pytest.raises(InputError) as e:
        mc.monte_carlo(p, SEEDS, draws=1000, seed=1)
    assert e.value.where == "uncertainty driver 'discount_rate' (normal)"
    assert "discount_rate_pct" in e.value.expected
