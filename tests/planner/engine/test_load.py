"""Tests of planner.engine.load: shift-pattern loads and baseline_load (the reader's tests are in
tests/planner/io/test_meter.py).

Every fixture file is written into ``tmp_path``; expected values are worked
out by hand in the comments next to them.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from planner.engine.calendar import hourly_calendar
from planner.engine.load import (
    ProfileError,
    ProfileReport,
    baseline_load,
    shift_pattern_load,
)
from planner.model.project import Load
from tests.planner.profiles import hours, ts_text, write_csv

# --------------------------------------------------------------------------- shift pattern


def test_shift_pattern_sums_to_annual_and_ratio():
    cal = hourly_calendar(2025, "mon_fri", ())
    kw = shift_pattern_load(1_000_000.0, "one_shift", cal, base_load_pct=20.0)
    # 2025 starts on a Wednesday: 365 d = 52 weeks + 1 Wednesday, so
    # Mon-Fri working days = 52 x 5 + 1 = 261; one shift = 08-16 = 8 h/day
    # -> 2088 shift hours of weight 1; the other 8760 - 2088 = 6672 hours
    # weigh 0.2 -> sum w = 2088 + 1334.4 = 3422.4.
    assert kw.shape == (8760,)
    assert kw.dtype == np.float64
    assert kw.sum() == pytest.approx(1_000_000.0, rel=1e-12)
    assert kw[10] == pytest.approx(1_000_000.0 / 3422.4, rel=1e-12)  # Wed 1 Jan 10:00, a shift hour
    assert kw[3] == pytest.approx(0.2 * 1_000_000.0 / 3422.4, rel=1e-12)  # 03:00, outside the shift
    assert kw[10] / kw[3] == pytest.approx(1 / (20.0 / 100), rel=1e-12)  # = 5
    # Sat 4 Jan 10:00 (hour 3*24+10 = 82) is a rest day: base load
    assert kw[82] == pytest.approx(kw[3], rel=1e-12)
    assert not kw.flags.writeable


def test_shift_pattern_three_shift_and_continuous():
    cal = hourly_calendar(2025, "mon_sat", ())
    kw = shift_pattern_load(7_761_600.0, "three_shift", cal, base_load_pct=20.0)
    # Mon-Sat in 2025: 52 x 6 + 1 = 313 working days (24 h each, weight 1),
    # 52 Sundays at 0.2: sum w = 313*24 + 52*24*0.2 = 7512 + 249.6 = 7761.6
    # -> 1000 kW on working days, 200 kW on Sundays.
    assert kw.sum() == pytest.approx(7_761_600.0, rel=1e-12)
    assert kw[0] == pytest.approx(1000.0)  # Wed 1 Jan 00:00
    assert kw[4 * 24 + 3] == pytest.approx(200.0)  # Sun 5 Jan 03:00
    flat = shift_pattern_load(8_760_000.0, "continuous", cal, base_load_pct=20.0)
    np.testing.assert_allclose(flat, 1000.0)  # 8,760,000 kWh / 8760 h


def test_shift_pattern_two_shift_with_holiday():
    cal = hourly_calendar(2025, "mon_fri", [date(2025, 1, 1)])
    kw = shift_pattern_load(1000.0, "two_shift", cal, base_load_pct=50.0)
    # 1 Jan is a holiday -> 260 working days x 16 h (08-24) = 4160 h at 1,
    # 4600 h at 0.5 -> sum w = 6460.
    assert kw[10] == pytest.approx(0.5 * 1000.0 / 6460.0)  # holiday 10:00
    assert kw[24 + 20] == pytest.approx(1000.0 / 6460.0)  # Thu 2 Jan 20:00
    assert kw.sum() == pytest.approx(1000.0)


@pytest.mark.parametrize(
    "args",
    [
        (-1.0, "one_shift", 20.0),
        (1.0, "four_shift", 20.0),
        (1.0, "one_shift", 120.0),
        (float("nan"), "one_shift", 20.0),
    ],
)
def test_shift_pattern_rejects_bad_input(args):
    with pytest.raises(ValueError):
        shift_pattern_load(args[0], args[1], hourly_calendar(2025), base_load_pct=args[2])


# --------------------------------------------------------------------------- baseline_load


def test_baseline_load_shift_pattern():
    load = Load(annual_kwh=8_760_000, shift_pattern="continuous")
    prof = baseline_load(load, Path("."))
    np.testing.assert_allclose(prof.kw, 1000.0)
    assert prof.report == ProfileReport(source="shift pattern", input_rows=0, interval_minutes=60, unit="kw")
    assert not prof.report.repaired


def test_baseline_load_profile_file_cached_and_reread(tmp_path):
    ts = hours(2025)
    write_csv(tmp_path / "m.csv", "timestamp,kw", zip(ts_text(ts), np.full(8760, 2.0), strict=True))
    load = Load(profile_file="m.csv", calendar_year=2025)
    a = baseline_load(load, tmp_path)
    b = baseline_load(load, tmp_path)
    assert a.kw is b.kw  # cached: the file was not read again
    np.testing.assert_array_equal(a.kw, 2.0)
    st = os.stat(tmp_path / "m.csv")
    write_csv(tmp_path / "m.csv", "timestamp,kw", zip(ts_text(ts), np.full(8760, 3.0), strict=True))
    os.utime(tmp_path / "m.csv", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    c = baseline_load(load, tmp_path)
    np.testing.assert_array_equal(c.kw, 3.0)


def test_baseline_load_missing_file(tmp_path):
    with pytest.raises(ProfileError, match="missing.csv"):
        baseline_load(Load(profile_file="missing.csv"), tmp_path)


def test_planner_does_not_import_qt():
    import planner.engine.load as mod

    src = Path(mod.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in src and "import ui" not in src and "from ui" not in src
