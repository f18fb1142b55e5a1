"""planner.engine.attribution: the kWh-by-period pieces behind the engine's savings.

Checked by hand (small arrays), against the engine's own totals, and by a
changed project: the pieces computed at the base prices, valued at other
prices, give what a full recompute at those prices gives (the bill is
linear in the prices; the kWh do not move).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine.attribution import attribute, output_index, period_kwh
from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from planner.model.project import PERIODS, Project

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def test_period_kwh_by_hand():
    # hours 0..5 in periods peak, flat, valley, peak, valley, valley
    idx = np.array([PERIODS.index(p) for p in ("peak", "flat", "valley", "peak", "valley", "valley")])
    kw = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    # peak 1 + 4 = 5, flat 2, valley 3 + 5 + 6 = 14, critical peak 0
    np.testing.assert_allclose(period_kwh(kw, idx, ("critical_peak", "peak", "flat", "valley")), [0, 5, 2, 14])


def test_output_index_restarts_after_replacement():
    # d = 10 %, life 3: ages 1, 2, 3, 1, 2 -> 1, 0.9, 0.81, 1, 0.9
    np.testing.assert_allclose(output_index(10.0, 3, 5), [1.0, 0.9, 0.81, 1.0, 0.9])


@pytest.fixture(scope="module", params=sorted(p.name for p in SEEDS.glob("*.json")))
def seed(request):
    project = load_project(SEEDS / request.param)
    result = run_project(project, SEEDS)
    return project, result, attribute(project, result)


def test_pieces_add_up_to_the_engine(seed):
    project, result, a = seed
    s = result.summary
    scale = max(abs(s.first_year_savings_yuan), 1.0)
    assert abs(a.eff_other_yuan) < 1e-9 * scale
    for i, kwh in a.measure_kwh.items():
        mr = result.measures[i]
        if mr.hourly_saved_kw is not None and mr.type != "battery":  # a battery's: its discharge - charge
            assert kwh.sum() == pytest.approx(mr.first_year_energy_saved_kwh, rel=1e-12)
        # linear: valued at the hour's energy price + the surcharge, times the VAT factor; otherwise
        # flagged (a battery, PFC: their own pieces below)
        value = a.vat * (kwh @ a.prices + a.surcharge * kwh.sum())
        linear = mr.type not in ("battery", "power_factor_correction")
        assert a.measure_linear[i] == (linear and value == pytest.approx(mr.first_year_savings_yuan, rel=1e-9))
    for i, share in a.pfc_share.items():
        pfc_value = a.pfc.value(a.prices, a.export_price, a.demand_rate, a.surcharge, a.vat)
        assert share * pfc_value == pytest.approx(result.measures[i].first_year_savings_yuan, rel=1e-9)
    for b in a.storage:
        mr = result.measures[b.index]
        assert mr.type == "battery"
        assert abs(b.other_yuan) < 1e-9 * scale
        value = b.bill.value(a.prices, a.export_price, a.demand_rate, a.surcharge, a.vat)
        assert b.share * value == pytest.approx(mr.first_year_savings_yuan, rel=1e-9)
        np.testing.assert_allclose(b.capacity_by_year, result.storage[a.storage.index(b)].capacity_by_year)
    bills = max(float(result.bill_before.total.max()), 1.0)
    assert np.max(np.abs(a.month_other_before_yuan)) < 1e-9 * bills
    assert np.max(np.abs(a.month_other_after_yuan)) < 1e-9 * bills
    if a.pv is not None:
        pv = a.pv
        assert np.max(np.abs(pv.other_yuan)) < 1e-9 * scale
        np.testing.assert_allclose(pv.used_kwh, result.emissions["pv_kwh"].to_numpy(float), rtol=1e-12)
        assert pv.self_kwh[0].sum() == pytest.approx(result.pv.first_year_self_consumed_kwh, rel=1e-12)
        assert pv.export_kwh[0] == pytest.approx(result.pv.first_year_exported_kwh, rel=1e-12, abs=1e-9)
        np.testing.assert_allclose(pv.self_adjust_kwh[0], 0.0, atol=1e-6)
        np.testing.assert_allclose(
            pv.emc_payment_yuan, a.vat * (pv.emc_weighted_kwh @ a.prices + pv.emc_fixed_yuan), rtol=1e-12
        )


def _vat_variant(name: str) -> Project:
    d = json.loads((SEEDS / name).read_text(encoding="utf-8"))
    d["tariff"]["vat_included"] = True
    d.setdefault("finance", {})["vat_deductible"] = True
    return Project.model_validate(d)


def test_vat_deductible_pieces_add_up():
    """Prices net of VAT (x 1/1.13): every piece carries the factor, the residuals stay 0."""
    project = _vat_variant("bill-calibration.json")
    result = run_project(project, SEEDS)
    a = attribute(project, result)
    assert a.vat == pytest.approx(1 / 1.13)
    scale = result.summary.first_year_savings_yuan
    assert abs(a.eff_other_yuan) < 1e-9 * scale
    assert np.max(np.abs(a.pv.other_yuan)) < 1e-9 * scale
    bills = float(result.bill_before.total.max())
    assert np.max(np.abs(a.month_other_before_yuan)) < 1e-9 * bills
    assert np.max(np.abs(a.month_other_after_yuan)) < 1e-9 * bills
    motor = next(i for i, mr in enumerate(result.measures) if mr.type == "motor")
    kwh = a.measure_kwh[motor]
    # savings = kWh . prices / 1.13 + 0.0294 x kWh / 1.13
    expected = (kwh @ a.prices + 0.0294 * kwh.sum()) / 1.13
    assert result.measures[motor].first_year_savings_yuan == pytest.approx(expected, rel=1e-12)


def _eff_value(a, factor):
    """Efficiency + PFC savings from the pieces with prices (and export price) x factor."""
    p = a.prices * factor
    eff = sum(
        a.vat * (a.measure_kwh[i] @ p + a.surcharge * a.measure_kwh[i].sum())
        for i in a.measure_kwh
        if a.measure_linear[i]
    )
    eff += a.eff_demand_kw_months * a.demand_rate + a.vat * (a.eff_pf_kwh @ p) + a.eff_pf_fixed_yuan
    if a.pfc is not None:
        eff += a.pfc.value(p, a.export_price * factor, a.demand_rate, a.surcharge, a.vat)
    return eff


@pytest.mark.parametrize(
    "name", ["bill-calibration.json", "shandong-factory-storage.json", "pv-storage-anti-backflow.json"]
)
def test_bill_and_storage_pieces_value_changed_prices_as_the_engine_does(name):
    """Pieces at base kWh x prices x 1.2 == full recompute: PF percent, surcharges, a TOU-rule battery's
    dispatch do not move with the prices (bill-calibration also with VAT deducted)."""
    for project in [load_project(SEEDS / name)] + ([_vat_variant(name)] if name.startswith("bill") else []):
        base = run_project(project, SEEDS)
        a = attribute(project, base)
        changed = run_project(_scaled(project, 1.2), SEEDS)
        cs = changed.summary
        assert _eff_value(a, 1.2) == pytest.approx(
            cs.first_year_efficiency_savings_yuan + cs.first_year_pfc_savings_yuan, rel=1e-9
        )
        if a.pv is not None:
            pv = a.pv
            p = a.prices * 1.2
            pv_savings = (
                a.vat
                * (
                    pv.self_kwh @ p
                    + pv.export_kwh * pv.owned_export_share * a.export_price * 1.2
                    + a.surcharge * pv.surcharge_kwh
                    + pv.pf_kwh @ p
                    - (pv.emc_weighted_kwh @ p + pv.emc_fixed_yuan)
                )
                + pv.pf_fixed_yuan
                + pv.demand_kw_months * a.demand_rate
            )
            np.testing.assert_allclose(pv_savings, changed.pv.savings_by_year_base_yuan, rtol=1e-9)
        for b, res in zip(a.storage, changed.storage, strict=True):
            v = b.share * b.bill.value(a.prices * 1.2, a.export_price * 1.2, a.demand_rate, a.surcharge, a.vat)
            assert v == pytest.approx(res.first_year_savings_yuan, rel=1e-9)


def _scaled(project: Project, factor: float) -> Project:
    d = project.model_dump(mode="json")
    t = d["tariff"]
    t["prices_yuan_per_kwh"] = {k: v * factor for k, v in t["prices_yuan_per_kwh"].items()}
    t["export_price_yuan_per_kwh"] *= factor
    return Project.model_validate(d)


@settings(max_examples=5, deadline=None)
@given(st.floats(min_value=0.5, max_value=2.0))
def test_pieces_value_a_changed_price_as_the_engine_does(factor):
    """Pieces at base prices x changed prices == full recompute at the changed prices."""
    project = load_project(DEFAULT)
    base = run_project(project, SEEDS)
    a = attribute(project, base)
    changed = run_project(_scaled(project, factor), SEEDS)
    eff = sum(kwh @ (a.prices * factor) for kwh in a.measure_kwh.values()) + a.eff_demand_kw_months * a.demand_rate
    assert eff == pytest.approx(changed.summary.first_year_efficiency_savings_yuan, rel=1e-9)
    pv = a.pv
    pv_savings = (
        pv.self_kwh @ (a.prices * factor)
        + pv.export_kwh * pv.owned_export_share * a.export_price * factor
        + pv.demand_kw_months * a.demand_rate
        - (pv.emc_weighted_kwh @ (a.prices * factor) + pv.emc_fixed_yuan)
    )
    np.testing.assert_allclose(pv_savings, changed.pv.savings_by_year_base_yuan, rtol=1e-9)


def test_several_pv_systems_with_emc():
    """An owned system and a discount-priced EMC system: EMC self kWh and payments split pro rata."""
    d = json.loads(DEFAULT.read_text(encoding="utf-8"))
    d["measures"].append(
        {
            "type": "pv",
            "name": "EMC carport",
            "capacity_kwp": 500,
            "specific_yield_kwh_per_kwp": 1100,
            "annual_degradation_pct": 0.7,
            "capex_yuan": 1_500_000,
            "life_years": 25,
            "ownership": "emc",
            "emc_discount_pct": 10,
            "export": "allowed",
        }
    )
    project = Project.model_validate(d)
    result = run_project(project, SEEDS)
    a = attribute(project, result)
    pv = a.pv
    assert np.max(np.abs(pv.other_yuan)) < 1e-9 * result.summary.first_year_savings_yuan
    np.testing.assert_allclose(pv.measure_share.sum(axis=0), 1.0)
    # the EMC system's weighted kWh are (1 - 10 %) of its self kWh
    np.testing.assert_allclose(pv.emc_weighted_kwh, 0.9 * pv.emc_self_kwh, rtol=1e-12)
    assert 0 < pv.owned_export_share[0] < 1
