"""Blocks of rows and the GIL hand-over of the engine's long per-measure loops."""

import numpy as np
import pytest

from planner.engine import blocks
from planner.engine.blocks import HANDOVER_S, handing_over, row_blocks
from planner.engine.metrics import FactoryTotals, efficiency_results
from planner.model.project import AnnualEnergyMeasure


@pytest.mark.parametrize(
    "n, size, expected",
    [
        (0, 64, []),
        (1, 64, [(0, 1)]),
        (64, 64, [(0, 64)]),
        (65, 64, [(0, 64), (64, 65)]),
        (130, 64, [(0, 64), (64, 128), (128, 130)]),
        (5, 2, [(0, 2), (2, 4), (4, 5)]),
    ],
)
def test_row_blocks_cover_every_row_once_in_order(n, size, expected):
    assert [(s.start, s.stop) for s in row_blocks(n, size)] == expected


def test_row_blocks_refuse_an_empty_block():
    with pytest.raises(ValueError, match="at least 1, got 0"):
        list(row_blocks(3, 0))


def test_handing_over_sleeps_once_per_interval_of_loop_time(monkeypatch):
    # a fake clock: each item costs 3 ms of loop time, so with every_s = 5 ms the
    # check before items 2, 4, 6, ... finds >= 5 ms since the last hand-over (6 ms each time)
    clock = {"t": 0.0}
    sleeps = []
    monkeypatch.setattr(blocks.time, "perf_counter", lambda: clock["t"])
    monkeypatch.setattr(blocks.time, "sleep", lambda s: sleeps.append(s))
    seen = []
    for item in handing_over(range(7), every_s=5e-3):
        seen.append(item)
        clock["t"] += 3e-3
    assert seen == list(range(7))
    assert sleeps == [HANDOVER_S] * 3  # before items 2, 4 and 6


def test_efficiency_results_of_many_measures_match_one_at_a_time():
    # 130 measures (three blocks of rows): kWh = sum_h s_h, yuan_1 = sum_h s_h x p_h, each row
    # summed by itself exactly as a 1-D sum would; the measure's hourly row is handed on unchanged
    rng = np.random.default_rng(7)
    hourly = rng.random((130, 8760)) * rng.random((130, 1)) * 50.0
    price = 0.3 + 0.9 * rng.random(8760)
    ms = [
        AnnualEnergyMeasure(
            type="annual_energy",
            name=f"m{i}",
            capex_yuan=1e4 * (1 + i % 5),
            life_years=10,
            energy_before_kwh_per_year=2e5,
            energy_after_kwh_per_year=1e5,
        )
        for i in range(130)
    ]
    n = 10
    totals = FactoryTotals(0.0, np.zeros(n), np.zeros(n), np.zeros(n))
    out = efficiency_results(ms, hourly, price, np.ones(n), np.ones(n), 0.08, totals)
    for i, mr in enumerate(out):
        assert mr.first_year_energy_saved_kwh == float(hourly[i].sum())
        assert mr.first_year_savings_yuan == float(np.sum(hourly[i] * price))
        np.testing.assert_array_equal(mr.hourly_saved_kw, hourly[i])
    assert totals.capex_yuan == pytest.approx(sum(m.capex_yuan for m in ms))
    with pytest.raises(ValueError, match="129 hourly rows for 130 measures"):
        efficiency_results(ms, hourly[:129], price, np.ones(n), np.ones(n), 0.08, totals)
