"""Tests of planner.engine.pv.

Expected values are worked by hand in the comments or come from physical
reasoning (sun below the horizon, solar noon), not from the function under
test.  The agreement with NREL SAM is in tests/validation/test_sam_pv.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.engine import pv
from planner.engine.calendar import year_timestamps
from tests.validation.weather import write_synthetic_weather

JINAN = (36.65, 117.0)  # latitude, longitude [deg]
TS = year_timestamps(2025)
HOUR = TS.hour.to_numpy()
MONTH = TS.month.to_numpy()


# ---------------------------------------------------------------------------
# clear-sky shape
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jinan_shape() -> np.ndarray:
    return pv.clearsky_shape(*JINAN, tilt_deg=30.0, azimuth_deg=180.0)


def test_shape_is_8760_read_only_weights_summing_to_one(jinan_shape):
    assert jinan_shape.shape == (8760,)
    assert jinan_shape.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(jinan_shape >= 0)
    with pytest.raises(ValueError):
        jinan_shape[0] = 1.0  # cached and shared: read-only


def test_shape_is_zero_at_night(jinan_shape):
    # Longest day in Jinan: cos H0 = -tan(36.65) tan(23.44) = -0.7441 * 0.4336 = -0.3226,
    # H0 = 108.8 deg = 7 h 15 min either side of solar noon (about 12:12 clock time, see
    # below), so the earliest sunrise is about 04:55 and the latest sunset about 19:30
    # (refraction adds ~4 min).  The mid-hour instants 00:30 .. 04:30 and 20:30 .. 23:30
    # are always dark.
    night = (HOUR <= 4) | (HOUR >= 20)
    assert np.all(jinan_shape[night] == 0.0)
    # and every day has sunshine at midday
    assert np.all(jinan_shape.reshape(365, 24)[:, 12] > 0)


def test_shape_peaks_near_solar_noon(jinan_shape):
    # Clock time is UTC+8 (meridian 120 E); Jinan is 3 deg west of it, so the sun crosses
    # the meridian 3 deg x 4 min/deg = 12 min late: 12:12 on average.  The equation of time
    # moves this between about 11:56 (early November, EoT +16 min) and 12:26 (mid
    # February, EoT -14 min).  The hour 12:00-13:00 (mid-point 12:30, 18 min from 12:12)
    # therefore beats 11:00-12:00 (mid-point 11:30, 42 min away) on most days, and the
    # energy-weighted mean time of a south-facing array is close to 12:12.
    by_hour = np.array([jinan_shape[HOUR == h].sum() for h in range(24)])
    assert by_hour.argmax() == 12
    assert by_hour[12] > by_hour[11] > by_hour[13]  # 11:30 is 42 min early, 13:30 is 78 min late
    daily_peak = jinan_shape.reshape(365, 24).argmax(axis=1)
    assert set(np.unique(daily_peak)) <= {11, 12}
    assert np.mean(daily_peak == 12) > 0.7
    centroid_h = float(np.sum(jinan_shape * (HOUR + 0.5)))
    assert centroid_h == pytest.approx(12.2, abs=0.1)


def test_east_array_produces_earlier_than_west():
    east = pv.clearsky_shape(*JINAN, tilt_deg=30.0, azimuth_deg=90.0)
    west = pv.clearsky_shape(*JINAN, tilt_deg=30.0, azimuth_deg=270.0)
    assert np.sum(east * (HOUR + 0.5)) < 12.2 < np.sum(west * (HOUR + 0.5))


def test_more_sun_in_summer_than_in_winter():
    # Horizontal: June days are 14.5 h long with the sun 76.8 deg high at noon against
    # 9.6 h and 29.9 deg in December; clear-sky GHI in June is over twice December's.
    flat = pv.clearsky_shape(*JINAN, tilt_deg=0.0, azimuth_deg=180.0)
    assert flat[MONTH == 6].sum() > 2.0 * flat[MONTH == 12].sum()
    # A 30 deg south tilt evens the seasons out but June still wins.
    tilted = pv.clearsky_shape(*JINAN, tilt_deg=30.0, azimuth_deg=180.0)
    assert tilted[MONTH == 6].sum() > tilted[MONTH == 12].sum()
    assert tilted[MONTH == 12].sum() > flat[MONTH == 12].sum()


def test_south_tilt_gets_more_annual_poa_than_north_and_flat():
    south = pv.clearsky_poa(*JINAN, tilt_deg=30.0, azimuth_deg=180.0).sum() / 1000.0  # [kWh/m2]
    flat = pv.clearsky_poa(*JINAN, tilt_deg=0.0, azimuth_deg=180.0).sum() / 1000.0
    north = pv.clearsky_poa(*JINAN, tilt_deg=30.0, azimuth_deg=0.0).sum() / 1000.0
    assert south > flat > north
    # Clear-sky horizontal irradiation at 36.65 N is of the order of 2000 kWh/m2/yr
    # (real skies give about 1400 in Shandong).
    assert 1700 < flat < 2400
    assert south / north > 1.5


def test_shape_cache_hits_on_the_second_call():
    pv.clearsky_shape.cache_clear()
    a = pv.clearsky_shape(30.0, 120.0, 20.0, 180.0)
    info = pv.clearsky_shape.cache_info()
    assert (info.hits, info.misses) == (0, 1)
    b = pv.clearsky_shape(30.0, 120.0, 20.0, 180.0)
    c = pv.clearsky_shape(30.001, 120.004, 20.04, 180.0)  # same after rounding to 0.01 / 0.1 deg
    info = pv.clearsky_shape.cache_info()
    assert (info.hits, info.misses) == (2, 1)
    assert a is b is c
    pv.clearsky_shape(30.0, 120.0, 25.0, 180.0)  # a new tilt is a new entry
    assert pv.clearsky_shape.cache_info().misses == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"latitude_deg": 91.0},
        {"longitude_deg": -181.0},
        {"tilt_deg": -1.0},
        {"tilt_deg": 91.0},
        {"azimuth_deg": 361.0},
        {"utc_offset_h": 15.0},
        {"latitude_deg": float("nan")},
    ],
)
def test_shape_rejects_out_of_range_inputs(kwargs):
    args = {"latitude_deg": 36.65, "longitude_deg": 117.0, "tilt_deg": 30.0, "azimuth_deg": 180.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        pv.clearsky_shape(**args)


# ---------------------------------------------------------------------------
# scaled output
# ---------------------------------------------------------------------------


def test_scaled_output_sums_to_capacity_times_yield(jinan_shape):
    # 20 000 kWp x 1020 kWh/kWp (the article's Taishan plant) = 20 400 000 kWh
    out = pv.clearsky_scaled_output(20_000.0, 1020.0, jinan_shape)
    assert out.shape == (8760,)
    assert out.sum() == pytest.approx(20_400_000.0, rel=1e-12)
    assert np.all(out[(HOUR <= 4) | (HOUR >= 20)] == 0.0)
    # the peak hour of a clear summer day: capacity x yield x its weight
    i = int(np.argmax(jinan_shape))
    assert out[i] == pytest.approx(20_000.0 * 1020.0 * jinan_shape[i], rel=1e-12)


def test_scaled_output_by_hand_on_a_flat_shape():
    # 100 kWp x 876 kWh/kWp spread evenly: 87 600 kWh / 8760 h = 10 kW every hour
    out = pv.clearsky_scaled_output(100.0, 876.0, np.full(8760, 1.0 / 8760))
    np.testing.assert_allclose(out, 10.0, rtol=1e-12)
    # an un-normalised shape is renormalised: weights 1,1,2 -> 25 %, 25 %, 50 % of 400
    np.testing.assert_allclose(pv.clearsky_scaled_output(2.0, 200.0, [1.0, 1.0, 2.0]), [100.0, 100.0, 200.0])


@pytest.mark.parametrize(
    "capacity, yield_, shape",
    [
        (-1.0, 1000.0, [1.0]),
        (1.0, -5.0, [1.0]),
        (1.0, 1000.0, [0.0, 0.0]),
        (1.0, 1000.0, [1.0, -0.1]),
        (1.0, 1000.0, [[1.0]]),
    ],
)
def test_scaled_output_rejects_bad_inputs(capacity, yield_, shape):
    with pytest.raises(ValueError):
        pv.clearsky_scaled_output(capacity, yield_, shape)


# ---------------------------------------------------------------------------
# weather files
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def weather_csv(tmp_path_factory) -> Path:
    return write_synthetic_weather(tmp_path_factory.mktemp("wx") / "jinan.csv")


def test_read_weather_file_takes_location_from_the_header(weather_csv):
    w = pv.read_weather_file(weather_csv)
    assert (w.latitude_deg, w.longitude_deg, w.utc_offset_h, w.elevation_m) == (36.65, 117.0, 8.0, 170.0)
    assert w.file_format == "sam_csv"
    assert w.hour[:3].tolist() == [0, 1, 2] and w.hour[-1] == 23
    assert w.dni.shape == w.temp_air.shape == (8760,)
    # the helper writes GHI = DNI cos(z) + DHI, so GHI >= DHI everywhere
    assert np.all(w.ghi >= w.dhi - 0.02)


def test_weather_output_is_plausible_for_jinan(weather_csv):
    cap, ratio = 1000.0, 1.2
    out = pv.weather_file_output(weather_csv, cap, 30.0, 180.0, dc_ac_ratio=ratio)
    assert out.shape == (8760,)
    assert np.all(out >= 0)
    assert out.max() <= cap / ratio  # never above the inverter's AC rating
    assert np.all(out[(HOUR <= 4) | (HOUR >= 20)] == 0.0)
    kwh_per_kwp = out.sum() / cap
    assert 1100 < kwh_per_kwp < 1350  # REFERENCE-DATA.md: Shandong 1150-1300 kWh/kWp


def test_weather_output_scales_with_capacity_and_losses(weather_csv):
    base = pv.weather_file_output(weather_csv, 100.0, 30.0, 180.0)
    # every step is proportional to the nameplate at a fixed DC/AC ratio
    np.testing.assert_allclose(pv.weather_file_output(weather_csv, 250.0, 30.0, 180.0), 2.5 * base, rtol=1e-9)
    # losses multiply DC power; the inverter is nearly linear, so AC follows within 1 %
    lossless = pv.weather_file_output(weather_csv, 100.0, 30.0, 180.0, losses_pct=0.0)
    assert base.sum() / lossless.sum() == pytest.approx(1 - 0.1408, rel=0.01)
    # facing north loses a lot, facing south is best
    north = pv.weather_file_output(weather_csv, 100.0, 30.0, 0.0)
    assert north.sum() < 0.8 * base.sum()


def test_epw_gives_the_same_output_as_sam_csv(weather_csv, tmp_path):
    epw = write_synthetic_weather(tmp_path / "jinan.epw", file_format="epw")
    w = pv.read_weather_file(epw)
    assert w.file_format == "epw" and w.hour[0] == 0  # EPW hour 1 = local 00:00-01:00
    np.testing.assert_allclose(
        pv.weather_file_output(epw, 100.0, 20.0, 200.0),
        pv.weather_file_output(weather_csv, 100.0, 20.0, 200.0),
        atol=1e-9,
    )


def test_weather_output_is_cached_and_a_fresh_copy(weather_csv):
    pv.weather_file_output.cache_clear()
    a = pv.weather_file_output(weather_csv, 10.0, 30.0, 180.0)
    b = pv.weather_file_output(weather_csv, 10.0, 30.0, 180.0)
    info = pv.weather_file_output.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert a is not b and np.array_equal(a, b)
    a[:] = 0.0  # writable, and does not touch the cache
    assert pv.weather_file_output(weather_csv, 10.0, 30.0, 180.0).sum() > 0


def test_editing_the_weather_file_invalidates_the_cache(tmp_path):
    f = write_synthetic_weather(tmp_path / "w.csv")
    pv.weather_file_output.cache_clear()
    pv.weather_file_output(f, 10.0, 30.0, 180.0)
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    pv.weather_file_output(f, 10.0, 30.0, 180.0)
    assert pv.weather_file_output.cache_info().misses == 2


def test_site_location_overrides_the_header(weather_csv):
    here = pv.weather_file_output(weather_csv, 10.0, 30.0, 180.0)
    same = pv.weather_file_output(
        weather_csv, 10.0, 30.0, 180.0, latitude_deg=36.65, longitude_deg=117.0, utc_offset_h=8.0
    )
    np.testing.assert_allclose(here, same)
    # the same weather placed 15 deg of longitude west: the sun is an hour later, so the
    # irradiance columns no longer line up with the sun (morning beam hits an evening sky)
    moved = pv.weather_file_output(weather_csv, 10.0, 30.0, 180.0, longitude_deg=102.0)
    assert not np.allclose(here, moved)


def test_a_utc_weather_file_is_moved_to_site_time(weather_csv, tmp_path):
    # NSRDB files can be in UTC ("Time Zone" 0).  Rewrite the local (UTC+8) file in UTC:
    # UTC row u carries the weather of local hour u + 8.  Placed at a UTC+8 site the
    # output must be the same hour for hour (the 8 hours that wrap the year end are night).
    lines = weather_csv.read_text().splitlines()
    head_keys, head_vals, cols, data = lines[0], lines[1].split(","), lines[2], lines[3:]
    head_vals[7] = "0"  # Time Zone
    utc_rows = []
    for u, ts in enumerate(TS):
        values = data[(u + 8) % 8760].split(",")[5:]
        utc_rows.append(",".join([str(ts.year), str(ts.month), str(ts.day), str(ts.hour), "30"] + values))
    f = tmp_path / "utc.csv"
    f.write_text("\n".join([head_keys, ",".join(head_vals), cols] + utc_rows) + "\n")
    local = pv.weather_file_output(weather_csv, 100.0, 30.0, 180.0)
    np.testing.assert_allclose(pv.weather_file_output(f, 100.0, 30.0, 180.0, utc_offset_h=8.0), local, atol=1e-9)
    # without the site's zone the hours stay in UTC: noon output appears at 04:00
    in_utc = pv.weather_file_output(f, 100.0, 30.0, 180.0)
    np.testing.assert_allclose(in_utc[:-8], local[8:], atol=1e-9)


def _small_csv(
    path: Path,
    n_rows: int = 8760,
    columns: str = "Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Tdry,Wspd",
    header: bool = True,
) -> Path:
    lines = []
    if header:
        lines += ["Source,Latitude,Longitude,Time Zone,Elevation", "test,36.65,117.0,8,50"]
    lines.append(columns)
    n_cols = len(columns.split(","))
    for ts in TS[:n_rows]:
        row = [str(ts.year), str(ts.month), str(ts.day), str(ts.hour)] + ["0"] * (n_cols - 4)
        lines.append(",".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_weather_file_with_wrong_row_count_is_rejected_naming_the_file(tmp_path):
    f = _small_csv(tmp_path / "short.csv", n_rows=8000)
    with pytest.raises(pv.WeatherFileError, match=r"short\.csv.*8760.*found 8000"):
        pv.weather_file_output(f, 10.0, 30.0, 180.0)


def test_weather_file_missing_a_column_is_rejected_naming_it(tmp_path):
    f = _small_csv(tmp_path / "nowind.csv", columns="Year,Month,Day,Hour,GHI,DNI,DHI,Tdry")
    with pytest.raises(pv.WeatherFileError, match=r"nowind\.csv.*wind_speed"):
        pv.read_weather_file(f)


def test_weather_file_with_a_missing_value_names_column_and_line(tmp_path):
    f = _small_csv(tmp_path / "gap.csv")
    lines = f.read_text().splitlines()
    lines[3 + 100] = lines[3 + 100].rsplit(",", 1)[0] + ",-9999"  # data row 101 = line 104
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(pv.WeatherFileError, match=r"Wspd.*line 104"):
        pv.read_weather_file(f)


def test_weather_file_rows_out_of_order_are_rejected(tmp_path):
    f = _small_csv(tmp_path / "order.csv")
    lines = f.read_text().splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(pv.WeatherFileError, match=r"line 4: expected month 1, day 1, hour 0"):
        pv.read_weather_file(f)


def test_leap_year_file_drops_29_february(tmp_path):
    lines = [
        "Source,Latitude,Longitude,Time Zone,Elevation",
        "t,36.65,117.0,8,50",
        "Year,Month,Day,Hour,GHI,DNI,DHI,Tdry,Wspd",
    ]
    for ts in year_timestamps(2024).union(pd.date_range("2024-02-29", periods=24, freq="h")):
        lines.append(f"{ts.year},{ts.month},{ts.day},{ts.hour},0,0,0,10,2")
    f = tmp_path / "leap.csv"
    f.write_text("\n".join(lines) + "\n")
    w = pv.read_weather_file(f)
    assert len(w.month) == 8760 and not np.any((w.month == 2) & (w.day == 29))


def test_missing_location_without_header_is_an_error(tmp_path):
    f = _small_csv(tmp_path / "nohead.csv", header=False)
    with pytest.raises(pv.WeatherFileError, match="latitude_deg not given"):
        pv.weather_file_output(f, 10.0, 30.0, 180.0)
    out = pv.weather_file_output(f, 10.0, 30.0, 180.0, latitude_deg=36.65, longitude_deg=117.0, utc_offset_h=8.0)
    assert out.sum() == 0.0  # the file has no sunlight


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(pv.WeatherFileError, match="not found"):
        pv.weather_file_output(tmp_path / "nope.csv", 10.0, 30.0, 180.0)


def test_cover_transmittance_matches_pvlib_physical_iam():
    # our De Soto cover function is the physical (Fresnel + Bouguer) model pvlib implements
    import pvlib

    aoi = np.array([0.5, 10.0, 30.0, 50.0, 60.0, 70.0, 80.0, 88.0])
    tau = pv._glass_transmittance(aoi, 1.526, 1.0, 4.0, 0.002)[0]
    tau0 = pv._glass_transmittance(np.array(1e-6), 1.526, 1.0, 4.0, 0.002)[0]
    np.testing.assert_allclose(tau / tau0, pvlib.iam.physical(aoi, n=1.526, K=4.0, L=0.002), rtol=1e-6)


# ---------------------------------------------------------------------------
# profile file
# ---------------------------------------------------------------------------


def test_profile_output_reads_hourly_kw(tmp_path):
    pytest.importorskip("planner.engine.load")
    f = tmp_path / "pv.csv"
    rows = ["timestamp,kw"] + [f"{ts:%Y-%m-%d %H:%M},{(h % 24) / 2:.1f}" for h, ts in enumerate(TS)]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = pv.profile_output(f)
    assert out.shape == (8760,)
    np.testing.assert_allclose(out[:24], np.arange(24) / 2)


# ---------------------------------------------------------------------------
# degradation
# ---------------------------------------------------------------------------


def test_degradation_factors_by_hand():
    # 0.5 %/yr: year 1 = 1, year 2 = 0.995, year 3 = 0.995^2 = 0.990025,
    # year 4 = 0.995^3 = 0.985074875
    np.testing.assert_allclose(pv.degradation_factors(0.5, 4), [1.0, 0.995, 0.990025, 0.985074875], rtol=1e-15)
    np.testing.assert_array_equal(pv.degradation_factors(0.0, 3), [1.0, 1.0, 1.0])
    assert pv.degradation_factors(0.5, 0).shape == (0,)
    # 25 years at 0.5 %: 0.995^24 = 0.886654...
    assert pv.degradation_factors(0.5, 25)[-1] == pytest.approx(0.995**24, rel=1e-15)


@pytest.mark.parametrize("pct, years", [(-0.1, 5), (100.0, 5), (0.5, -1), (0.5, 2.5)])
def test_degradation_factors_reject_bad_inputs(pct, years):
    with pytest.raises(ValueError):
        pv.degradation_factors(pct, years)


# ---------------------------------------------------------------------------
# layering
# ---------------------------------------------------------------------------


def test_importing_planner_pv_loads_neither_pvlib_nor_qt():
    repo = Path(__file__).resolve().parents[3]
    code = "import sys, planner.engine.pv; print('pvlib' in sys.modules, 'PySide6' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["False", "False"]
