"""Bill check (model vs actual) and calibration to 12 monthly bills."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from planner.engine.chain import run_project
from planner.io.bills import read_bills
from planner.io.projectfile import load_project
from planner.io.reference import power_factor_table
from planner.model.project import Project
from tests.conftest import SEEDS

FLAT = [["flat"] * 24] * 12
MONTH_H = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) * 24


def _project(bills, calibrate, tariff_extra=None, finance=None):
    return Project.model_validate(
        {
            "format_version": 1,
            "name": "bills",
            "site": {"latitude_deg": 36.65, "longitude_deg": 117.12},
            "load": {
                "annual_kwh": 8_760_000,
                "shift_pattern": "continuous",
                "working_days": "all",
                "monthly_bills": bills,
                "calibrate_to_bills": calibrate,
            },
            "tariff": {"prices_yuan_per_kwh": {"flat": 0.5}, "weekday_schedule": FLAT, **(tariff_extra or {})},
            "finance": finance or {},
        }
    )


def _bills(scale):
    # month m billed at 1000 kW x scale[m] x hours: total = kWh x 0.5 (flat, no basic charge)
    out = []
    for m in range(12):
        kwh = 1000.0 * scale[m] * MONTH_H[m]
        out.append({"month": m + 1, "kwh": kwh, "total_yuan": 0.5 * kwh})
    return out


SCALE = [1.1, 0.8, 1.0, 1.0, 1.05, 1.2, 1.3, 1.3, 1.0, 0.95, 0.9, 1.0]


def test_bill_check_without_calibration():
    r = run_project(_project(_bills(SCALE), False))
    bc = r.bill_check
    jan = bc.months[0]
    # model Jan 744,000 kWh, 372,000 yuan; bill 818,400 kWh, 409,200 yuan: -37,200 yuan, -9.0909 %
    assert jan.model_kwh == pytest.approx(744_000) and jan.actual_kwh == pytest.approx(818_400)
    assert jan.difference_yuan == pytest.approx(-37_200)
    assert jan.difference_pct == pytest.approx(-100 / 11)
    assert not bc.calibrated and jan.uncalibrated_model_total_yuan is None
    # totals: model 4,380,000 yuan vs actual 0.5 x sum(scale x 1000 x hours)
    actual = 0.5 * 1000 * float(np.dot(SCALE, MONTH_H))
    assert bc.total.actual_total_yuan == pytest.approx(actual)
    assert bc.total.difference_yuan == pytest.approx(4_380_000 - actual)
    d = r.to_dict()["bill_check"]
    assert d["months"][0]["difference_pct"] == pytest.approx(-100 / 11) and d["total"]["month"] is None


def test_calibration_matches_each_month_and_reports():
    r = run_project(_project(_bills(SCALE), True))
    bc = r.bill_check
    assert bc.calibrated
    for row, s in zip(bc.months, SCALE, strict=True):
        assert abs(row.difference_pct) < 1.0
        assert row.model_kwh == pytest.approx(row.actual_kwh)
        # before calibration the model was 1/s of the bill: (1 - s)/s
        assert row.uncalibrated_difference_pct == pytest.approx(100 * (1 - s) / s)
    assert len(bc.calibration) == 12 and "x1.1000" in bc.calibration[0]
    assert r.summary.baseline_annual_kwh == pytest.approx(1000 * float(np.dot(SCALE, MONTH_H)))


def test_calibration_by_period():
    # two periods: peak 8-20 h (0.8), valley otherwise (0.3); bill gives January's peak kWh only
    sched = [["valley"] * 8 + ["peak"] * 12 + ["valley"] * 4] * 12
    bills = []
    for m in range(12):
        kwh = 1000.0 * MONTH_H[m]
        bills.append({"month": m + 1, "kwh": kwh, "total_yuan": 1.0})
    # Jan: 744,000 kWh of which peak 400,000 (model: 31 x 12 h x 1000 = 372,000): peak x 400/372,
    # the other periods (valley 372,000 model) scaled to 344,000
    bills[0]["kwh_by_period"] = {"peak": 400_000}
    p = _project(bills, True, {"prices_yuan_per_kwh": {"peak": 0.8, "valley": 0.3}, "weekday_schedule": sched})
    r = run_project(p)
    jan = r.monthly.iloc[0]
    assert jan["energy_before_peak_yuan"] == pytest.approx(400_000 * 0.8)
    assert jan["energy_before_valley_yuan"] == pytest.approx(344_000 * 0.3)
    assert r.bill_check.months[0].model_kwh == pytest.approx(744_000)
    assert "peak x1.0753" in r.bill_check.calibration[0]


def test_bill_check_adds_vat_back_when_deductible():
    # savings are valued without VAT, but the bill check compares the invoiced amount (x 1.13)
    bills = _bills([1.0] * 12)
    r = run_project(_project(bills, False, finance={"vat_deductible": True}))
    assert r.summary.first_year_bill_before_yuan == pytest.approx(4_380_000 / 1.13)
    assert r.bill_check.months[0].model_total_yuan == pytest.approx(372_000)
    assert abs(r.bill_check.total.difference_pct) < 1e-9


def test_kvarh_from_bills():
    # no ratio: kvarh of each month from the bills; Jan kvarh 558,000 = 0.75 x 744,000 -> PF 0.80, +5 %
    bills = _bills([1.0] * 12)
    for b in bills:
        b["kvarh"] = 0.75 * b["kwh"]
    r = run_project(_project(bills, False, {"power_factor": {"standard": 0.90}}))
    assert r.monthly["power_factor_before"].iloc[0] == pytest.approx(0.80)
    assert r.bill_check.months[0].actual_power_factor == pytest.approx(0.80)
    assert r.bill_check.months[0].model_power_factor == pytest.approx(0.80)


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed():
    project = load_project(SEEDS / "bill-calibration.json")
    return project, run_project(project, SEEDS)


def test_seed_bills_are_consistent_by_hand(seed):
    """Each illustrative bill's total follows the bill's own lines: energy by period x price
    + 2500 kVA x 22 yuan, x (1 + PF adjustment %), + 0.0294 x kWh."""
    project, _ = seed
    t = project.tariff
    table = power_factor_table()["standards"]["0.90"]["table_pct"]
    for b in project.load.monthly_bills:
        energy = sum(v * t.prices_yuan_per_kwh[p] for p, v in b.kwh_by_period.items())
        pf = math.floor(b.kwh / math.hypot(b.kwh, b.kvarh) * 100 + 0.5 + 1e-9) / 100
        total = (energy + 2500 * 22) * (1 + table[f"{pf:.2f}"] / 100) + 0.0294 * b.kwh
        assert b.total_yuan == pytest.approx(total, abs=0.01)
        assert sum(b.kwh_by_period.values()) == b.kwh


def test_seed_matches_bills_within_1pct_after_calibration(seed):
    _, r = seed
    bc = r.bill_check
    assert bc.calibrated
    assert all(abs(row.difference_pct) < 1.0 for row in bc.months)
    assert abs(bc.total.difference_pct) < 1.0
    # ... and shows the residual before calibration: February (Spring Festival) and summer are off
    assert max(abs(row.uncalibrated_difference_pct) for row in bc.months) > 10.0
    assert bc.months[1].uncalibrated_difference_pct > 10.0
    d = r.to_dict()["bill_check"]
    assert d["months"][6]["uncalibrated_difference_pct"] < -10.0


def test_seed_bills_csv_is_the_same_as_the_project(seed):
    project, _ = seed
    from_csv = read_bills(SEEDS / "bill-calibration-bills.csv")
    assert [(b.month, b.kwh, b.kvarh, b.total_yuan) for b in from_csv] == [
        (b.month, b.kwh, b.kvarh, b.total_yuan) for b in project.load.monthly_bills
    ]


def test_seed_pv_lowers_pf_and_svg_restores_it(seed):
    project, r = seed
    m = r.monthly
    assert (m["power_factor_after"] >= 0.95 - 1e-9).all()
    data = json.loads((SEEDS / "bill-calibration.json").read_text(encoding="utf-8"))
    data["measures"] = [x for x in data["measures"] if x["type"] != "power_factor_correction"]
    no_svg = run_project(Project.model_validate(data), SEEDS)
    assert (no_svg.monthly["power_factor_after"] < no_svg.monthly["power_factor_before"]).all()
    assert (no_svg.monthly["pf_adjustment_yuan_after"] > 0).any()
    svg = next(x for x in r.measures if x.type == "power_factor_correction")
    assert svg.first_year_savings_yuan == pytest.approx(
        no_svg.summary.first_year_bill_after_yuan - r.summary.first_year_bill_after_yuan
    )
