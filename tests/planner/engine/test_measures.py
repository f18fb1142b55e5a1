"""Savings of efficiency measures against hand-worked values."""

import numpy as np
import pytest

from planner.engine import measures
from planner.engine.calendar import hourly_calendar, schedule_mask
from planner.engine.measures import (
    annual_energy_savings_kwh,
    motor_savings_kwh,
    place_on_schedule,
    place_on_schedules,
    specific_energy_savings_kwh,
    vfd_savings_kwh,
)
from planner.io.reference import motor_efficiency_pct


def test_motor_design_example():
    # DESIGN.md example: 75 kW x 4 motors, 75 % load, 6000 h, 93.0 % -> 95.5 %
    # shaft energy = 75 * 0.75 * 6000 * 4 = 1,350,000 kWh
    # 1/0.93 - 1/0.955 = 1.0752688 - 1.0471204 = 0.0281484
    # saved = 1,350,000 * 0.0281484 = 38,000.3 kWh
    saved = motor_savings_kwh(75, 4, 0.75, 6000, 0.93, 0.955)
    assert saved == pytest.approx(1_350_000 * (1 / 0.93 - 1 / 0.955))
    assert saved == pytest.approx(38_000.3, abs=0.5)


def test_motor_same_efficiency_saves_nothing():
    assert motor_savings_kwh(55, 2, 0.8, 4000, 0.95, 0.95) == 0.0


def test_vfd_constant_baseline_by_hand():
    # 55 kW pump, LF 1.0, 1000 h, motor 0.95, drive 0.97, constant-power baseline.
    # duty: 50 % of time at 100 % flow, 50 % at 50 % flow.
    # before per unit = 1/0.95 = 1.052632 at both points
    # after: 1^3/(0.95*0.97) = 1.085187 ; 0.5^3/(0.95*0.97) = 0.135648
    # saved = 55*1000*[0.5*(1.052632-1.085187) + 0.5*(1.052632-0.135648)]
    #       = 55,000 * [ -0.0162776 + 0.458492 ] = 55,000 * 0.442214 = 24,321.8 kWh
    saved = vfd_savings_kwh(55, 1, 1.0, 1000, [1.0, 0.5], [0.5, 0.5], 0.95, 0.97)
    assert saved == pytest.approx(24_321.8, abs=1.0)


def test_vfd_throttle_baseline_by_hand():
    # throttle baseline shaft power 0.5 + 0.5 Q: at Q=0.8 -> 0.9 ; VFD: 0.8^3 = 0.512
    # 10 kW, LF 1, 2000 h, motor 1.0, drive 1.0 (loss-free to isolate the curves)
    # saved = 10 * 2000 * (0.9 - 0.512) = 7,760 kWh
    saved = vfd_savings_kwh(10, 1, 1.0, 2000, [0.8], [1.0], 1.0, 1.0, 3.0, "throttle")
    assert saved == pytest.approx(7_760.0)


def test_specific_energy_jingjin():
    # Article: 100 t with 100 kWh -> 150 t with 60 kWh: 1.0 -> 0.4 kWh/t.
    # 54,000 t/year after: (1.0 - 0.4) * 54,000 = 32,400 kWh
    before = 100 / 100
    after = 60 / 150
    assert after == pytest.approx(0.4)
    assert specific_energy_savings_kwh(before, after, 54_000) == pytest.approx(32_400)


def test_annual_energy():
    assert annual_energy_savings_kwh(5_000_000, 1_000_000) == 4_000_000


@pytest.mark.parametrize("schedule", ["continuous", "one_shift", "two_shift", "three_shift", "working_days", "daytime"])
def test_placement_sums_and_stays_in_schedule(schedule):
    cal = hourly_calendar(2025, "mon_sat", ())
    hourly = place_on_schedule(8760.0, schedule, cal)
    assert hourly.sum() == pytest.approx(8760.0)
    mask = schedule_mask(schedule, cal)
    assert np.all(hourly[~mask] == 0)
    assert np.allclose(hourly[mask], 8760.0 / mask.sum())


def test_one_shift_hours():
    # 2025 with Mon-Sat working days: 365 days, 52 Sundays -> 313 working days; 8 h each
    cal = hourly_calendar(2025, "mon_sat", ())
    assert schedule_mask("one_shift", cal).sum() == 313 * 8


def test_follow_load():
    cal = hourly_calendar(2025, "all", ())
    load = np.ones(8760)
    load[:10] = 3.0
    hourly = place_on_schedule(100.0, "follow_load", cal, load)
    assert hourly.sum() == pytest.approx(100.0)
    assert hourly[0] / hourly[20] == pytest.approx(3.0)


@pytest.mark.parametrize(
    "kw, cls, expected",
    [
        (75, "grade2", 96.0),  # IE4, IEC 60034-30-1 / REFERENCE-DATA.md
        (75, "grade3", 95.0),
        (55, "grade1", 96.5),  # GB 18613-2020 grade 1, REFERENCE-DATA.md
        (55, "ie2", 93.5),
    ],
)
def test_motor_table(kw, cls, expected):
    assert motor_efficiency_pct(kw, cls) == expected


def test_many_measures_in_blocks_are_each_the_closed_form_bit_for_bit(monkeypatch):
    # 150 measures cross two block boundaries (64 rows per block); each row must be
    # annual x w / sum(w) exactly, the 1-measure arithmetic of place_on_schedule's formula
    cal = hourly_calendar(2025, "mon_sat", ())
    load = np.linspace(100.0, 200.0, 8760)
    names = ["one_shift", "follow_load", "continuous", "daytime", "two_shift"]
    schedules = [names[i % len(names)] for i in range(150)]
    kwh = [1000.0 + 37.5 * i for i in range(150)]
    built = []
    real = measures.schedule_weights
    monkeypatch.setattr(measures, "schedule_weights", lambda s, c, b=None: built.append(s) or real(s, c, b))
    hourly = place_on_schedules(kwh, schedules, cal, load)
    assert hourly.shape == (150, 8760)
    assert sorted(built) == sorted(names)  # each schedule's weights built once, not once per measure
    for i, (a, schedule) in enumerate(zip(kwh, schedules, strict=True)):
        w = np.clip(load, 0.0, None) if schedule == "follow_load" else schedule_mask(schedule, cal).astype(float)
        np.testing.assert_array_equal(hourly[i], a * w / w.sum())
    # one_shift on 2025 Mon-Sat: 313 working days x 8 h = 2,504 hours
    assert hourly[0].max() == pytest.approx(1000.0 / 2504)


def test_no_measures_place_nothing_and_counts_must_match():
    cal = hourly_calendar(2025, "all", ())
    assert place_on_schedules([], [], cal).shape == (0, 8760)
    with pytest.raises(ValueError, match="2 annual savings for 1 schedules"):
        place_on_schedules([1.0, 2.0], ["continuous"], cal)
