"""The bill's inputs through the command line: bad input is one clear line, exit 2;
``compute --json`` carries ``bill_check`` and the new ``monthly[]`` keys."""

from __future__ import annotations

import json

import pytest

from planner.cli import main
from tests.conftest import SEEDS


def _write(tmp_path, **changes):
    data = {
        "format_version": 1,
        "name": "x",
        "site": {"latitude_deg": 36, "longitude_deg": 117},
        "load": {"annual_kwh": 1_000_000},
        "tariff": {"prices_yuan_per_kwh": {"flat": 0.5}, "weekday_schedule": [["flat"] * 24] * 12},
    }
    for path, value in changes.items():
        section, key = path.split("__")
        data[section][key] = value
    p = tmp_path / "p.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    return str(p)


def test_validate_pf_standard(tmp_path, capsys):
    p = _write(tmp_path, tariff__power_factor={"standard": 0.95, "reactive_kvarh_per_kwh": 0.4})
    assert main(["validate", p]) == 2
    err = capsys.readouterr().err
    assert "tariff.power_factor.standard" in err and "0.90, 0.85 or 0.80" in err and "0.95" in err


def test_validate_holidays_2027(tmp_path, capsys):
    p = _write(tmp_path, load__holidays="cn_statutory", load__calendar_year=2027)
    assert main(["validate", p]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "load/holidays" in err[0] and "2027" in err[0] and "Traceback" not in err[0]


def test_validate_bills_eleven_months(tmp_path, capsys):
    bills = [{"month": m, "kwh": 1000, "total_yuan": 500} for m in range(1, 12)]
    p = _write(tmp_path, load__monthly_bills=bills)
    assert main(["validate", p]) == 2
    err = capsys.readouterr().err
    assert "load.monthly_bills" in err and "12 monthly bills" in err and "found 11" in err


def test_validate_warns_on_low_contract(tmp_path, capsys):
    bc = {"basis": "contract_demand", "contract_demand_kw": 100, "transformer_kva": 1000, "yuan_per_kw_month": 30}
    p = _write(tmp_path, tariff__basic_charge=bc)
    assert main(["validate", p]) == 0
    assert "40 %" in capsys.readouterr().err


def test_compute_json_seed_has_bill_check(capsys):
    assert main(["compute", str(SEEDS / "bill-calibration.json"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["bill_check"]["months"]) == 12 and out["bill_check"]["calibrated"] is True
    row = out["monthly"][0]
    for key in ("energy_charge_yuan", "basic_charge_yuan", "power_factor", "pf_adjustment_yuan", "surcharges_yuan"):
        assert f"{key}_before" in row and f"{key}_after" in row
    parts = sum(
        row[f"{k}_after"] for k in ("energy_charge_yuan", "basic_charge_yuan", "pf_adjustment_yuan", "surcharges_yuan")
    )
    assert row["bill_after_yuan"] == pytest.approx(parts - row["export_credit_yuan"] + row["emc_payment_yuan"])
    assert any(m["type"] == "power_factor_correction" for m in out["measures"])
    assert any("baseline scaled" in m for m in out["load_report"])
    assert out["pv"]["self_use_ratio_pct"] > 50
