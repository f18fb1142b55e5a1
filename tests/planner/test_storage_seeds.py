"""The storage seeds compute, with sanity figures worked out apart from the engine.

* seeds/shandong-factory-storage.json = the default Shandong factory + a
  2 MWh / 1 MW battery (tou_rule, valley -> peak/critical peak).
* seeds/pv-storage-anti-backflow.json = PV under anti-backflow + a battery
  that charges from PV surplus and in the midday deep valley.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from planner.engine.chain import run_project
from planner.io.projectfile import load_project, project_from_dict

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _run(name, drop_battery=False):
    data = json.loads((SEEDS / name).read_text(encoding="utf-8"))
    if drop_battery:
        data["measures"] = [m for m in data["measures"] if m["type"] != "battery"]
    project = project_from_dict(data)
    return project, run_project(project, SEEDS)


@pytest.fixture(scope="module")
def shandong():
    return _run("shandong-factory-storage.json"), _run("shandong-factory-storage.json", drop_battery=True)


def test_shandong_storage_seed_is_the_default_factory_plus_a_battery():
    default = json.loads((SEEDS / "shandong-midsize-factory.json").read_text(encoding="utf-8"))
    seed = json.loads((SEEDS / "shandong-factory-storage.json").read_text(encoding="utf-8"))
    assert seed["measures"][:-1] == default["measures"]
    assert {k: v for k, v in seed.items() if k not in ("name", "description", "measures")} == {
        k: v for k, v in default.items() if k not in ("name", "description", "measures")
    }
    b = seed["measures"][-1]
    assert (b["type"], b["energy_kwh"], b["power_kw"]) == ("battery", 2000, 1000)
    assert load_project(SEEDS / "shandong-factory-storage.json").measures[-1].effective_capex_yuan == 1_600_000


def test_shandong_storage_arbitrage_by_hand(shandong):
    (project, r), (_, r0) = shandong
    s = r.storage[0]
    # every day one full window: 2000 x (95 % - 5 %) = 1800 kWh stored; eta = sqrt(0.88) = 0.93808
    # in  = 1800 / 0.93808 = 1918.8 kWh at the valley price 0.204 (00-07, 23)
    # out = 1800 x 0.93808 = 1688.5 kWh at the peak price 1.156 (16-22 every month)
    # a day: 1688.5 x 1.156 - 1918.8 x 0.204 = 1951.9 - 391.4 = 1560.5 yuan; a year 365 x 1560.5 = 569,580
    eta = math.sqrt(0.88)
    day = 1800 * eta * 1.156 - 1800 / eta * 0.204
    assert s.first_year_discharged_kwh == pytest.approx(365 * 1800 * eta, rel=0.01)
    assert s.equivalent_full_cycles_per_year == pytest.approx(365 * 1800 * eta / 1800, rel=0.01)
    # the battery's saving = that arbitrage - the demand charge it adds: charging 1000 kW at 23:00 while the
    # second shift runs lifts the monthly peak, by at most 1000 kW x 30 yuan/kW-month x 12 = 360,000 yuan
    d_basic = float(r.bill_after.basic.sum() - r0.bill_after.basic.sum())
    assert 0 < d_basic <= 360_000 + 1e-6
    assert s.first_year_savings_yuan + d_basic == pytest.approx(365 * day, rel=0.01)
    # the savings are the bill without the battery minus the bill with it
    assert s.first_year_savings_yuan == pytest.approx(
        r0.summary.first_year_bill_after_yuan - r.summary.first_year_bill_after_yuan, rel=1e-9
    )
    # energy: export allowed, so the losses come straight off the energy saved
    assert r.summary.first_year_energy_saved_kwh == pytest.approx(
        r0.summary.first_year_energy_saved_kwh - s.first_year_losses_kwh, rel=1e-9
    )


def test_anti_backflow_seed():
    (project, r), (_, r0) = _run("pv-storage-anti-backflow.json"), _run("pv-storage-anti-backflow.json", True)
    assert project.measures[0].export == "none"
    s = r.storage[0]
    # nothing is ever exported, with or without the battery
    assert r.pv.first_year_exported_kwh == 0
    assert np.all(r.grid_import_kw >= -1e-9)
    # the battery takes PV that would be curtailed: the grid import falls by more than it discharges minus
    # what it charges, and the energy saved rises (curtailed PV is put to use) instead of falling by the losses
    d_import = float(r.grid_import_kw.sum() - r0.grid_import_kw.sum())
    assert s.first_year_energy_saved_kwh == pytest.approx(-d_import, rel=1e-9)
    assert s.first_year_energy_saved_kwh > 0
    # c = grid charging + surplus used, and the import changes by grid charging - d, so
    # surplus used = sum(c) - (change in import + sum(d)); it is PV the anti-backflow would curtail
    surplus_used = s.first_year_charged_kwh - (d_import + s.first_year_discharged_kwh)
    assert 0 < surplus_used <= r0.pv.first_year_curtailed_kwh + 1e-6
    assert s.first_year_savings_yuan > 0 and r.summary.npv_yuan > r0.summary.npv_yuan
