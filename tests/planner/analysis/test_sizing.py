"""Battery sizing (planner/analysis/sizing.py) and ``retrofit-planner size``.

Every point of the sweep must equal a full ``run_project`` of the project
with the battery set to that size (the independent check), the capex must
scale with yuan/kWh and yuan/kW, and ``best`` is the point of maximum NPV.
"""

from __future__ import annotations

import json

import pytest

from planner.analysis.sizing import parse_range, size_battery
from planner.cli import main
from planner.engine.chain import run_project
from planner.model.errors import InputError
from tests.planner.engine.test_storage_chain import project


def _sized(p, e, kw, **extra):
    b = p.measures[-1].model_copy(update={"energy_kwh": e, "power_kw": kw, **extra})
    return p.model_copy(update={"measures": [*p.measures[:-1], b]})


def test_parse_range():
    assert parse_range("500:4000:500", "--energy") == [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]
    assert parse_range("250:1000:250", "--power") == [250, 500, 750, 1000]
    assert parse_range("0.1:0.3:0.1", "x") == pytest.approx([0.1, 0.2, 0.3])
    assert parse_range("1000", "x") == [1000]
    assert parse_range("500,800", "x") == [500, 800]
    for bad in ("a:b:c", "500:100:50", "100:500:0", "0:500:100", "1:2", "", "-5"):
        with pytest.raises(InputError) as err:
            parse_range(bad, "--energy")
        assert err.value.where == "--energy"


@pytest.mark.parametrize("dispatch", ["tou_rule", "optimal"])
def test_every_point_equals_a_full_compute(dispatch):
    p = project({"capex_yuan_per_kwh": 600, "capex_yuan_per_kw": 500})
    energies, powers = [500, 1500], [250, 750]
    res = size_battery(p, "储能", energies, powers, dispatch=dispatch)
    assert [(q.energy_kwh, q.power_kw) for q in res.grid] == [(500, 250), (500, 750), (1500, 250), (1500, 750)]
    for q in res.grid:
        full = run_project(_sized(p, q.energy_kwh, q.power_kw, dispatch=dispatch))
        assert q.capex_yuan == 600 * q.energy_kwh + 500 * q.power_kw
        assert q.npv_yuan == pytest.approx(full.summary.npv_yuan, rel=1e-9, abs=1e-6)
        assert q.irr_pct == pytest.approx(full.summary.irr_pct, rel=1e-9)
        assert q.payback_years == pytest.approx(full.summary.payback_years, rel=1e-9)
        assert q.first_year_savings_yuan == pytest.approx(full.storage[0].first_year_savings_yuan, rel=1e-9)
        assert q.battery_npv_yuan == pytest.approx(full.measures[0].npv_yuan, rel=1e-9)
    assert res.best.npv_yuan == max(q.npv_yuan for q in res.grid)
    assert not res.warnings


def test_best_is_max_npv_and_flat_capex_warns():
    p = project()
    res = size_battery(p, "储能", [500, 1000, 2000], [400])
    # the same capex for every size: a warning, and the biggest useful battery wins
    assert res.warnings and "capex_yuan" in res.warnings[0]
    assert {q.capex_yuan for q in res.grid} == {1_600_000}
    assert res.best is max(res.grid, key=lambda q: q.npv_yuan)
    m = res.npv_matrix()
    assert m.shape == (3, 1)


def test_not_a_battery():
    p = project()
    with pytest.raises(InputError) as err:
        size_battery(p, "nope", [500], [250])
    assert err.value.where == "--measure"


def test_size_command_json(tmp_path, capsys):
    f = tmp_path / "p.json"
    p = project({"capex_yuan_per_kwh": 600, "capex_yuan_per_kw": 500})
    f.write_text(p.model_dump_json(), encoding="utf-8")
    argv = ["size", str(f), "--measure", "储能", "--energy", "500:1500:500", "--power", "250:500:250", "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["grid"]) == 6
    for key in ("energy_kwh", "power_kw", "capex_yuan", "npv_yuan", "irr_pct", "payback_years"):
        assert key in out["best"] and key in out["grid"][0]
    assert out["best"]["npv_yuan"] == max(g["npv_yuan"] for g in out["grid"])
    assert main([*argv[:-1]]) == 0  # the table
    assert "储能" in capsys.readouterr().out


def test_size_command_bad_input(tmp_path, capsys):
    f = tmp_path / "p.json"
    f.write_text(project().model_dump_json(), encoding="utf-8")
    assert main(["size", str(f), "--measure", "x", "--energy", "500", "--power", "250"]) == 2
    assert "--measure" in capsys.readouterr().err
    assert main(["size", str(f), "--measure", "储能", "--energy", "5:1:1", "--power", "250"]) == 2
    assert "--energy" in capsys.readouterr().err


def test_progress_rises_to_one_and_cancel_stops_the_sweep():
    """2 x 3 = 6 points + the base run = 7 steps: shares 0, 1/7, ..., 7/7 (module notes)."""
    p = project({"capex_yuan_per_kwh": 600, "capex_yuan_per_kw": 500})
    shares: list[float] = []
    res = size_battery(p, "储能", [500, 1500], [250, 500, 750], progress=lambda s: shares.append(s))
    assert shares == pytest.approx([k / 7 for k in range(8)])
    assert all(b > a for a, b in zip(shares, shares[1:], strict=False)) and shares[-1] == 1.0
    assert len(res.grid) == 6

    from planner.analysis.montecarlo import Cancelled

    seen: list[float] = []

    def stop_after_two_points(share: float) -> bool:
        seen.append(share)
        return share < 3 / 7  # False at the share reported after the second point

    with pytest.raises(Cancelled):
        size_battery(p, "储能", [500, 1500], [250, 500, 750], progress=stop_after_two_points)
    assert seen == pytest.approx([0, 1 / 7, 2 / 7, 3 / 7])  # no point evaluated after the cancel
