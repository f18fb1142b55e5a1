"""Tests of planner.io.meter: reading interval profiles (CSV/XLSX) into 8760 hourly kW.

Moved from tests/planner/engine/test_load.py (meaning unchanged); every fixture
file is written into ``tmp_path``; expected values are worked out by hand in
the comments next to them.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.io.meter import HourlyProfile, ProfileError, read_hourly_profile, read_profile_cached
from planner.model.errors import InputError
from tests.planner.profiles import H, hours, ts_text, weekly_shape, write_csv

# --------------------------------------------------------------------------- CSV basics


def test_csv_hourly_kw_round_trip(tmp_path):
    ts = hours(2025)
    kw = (np.arange(8760) % 97) + 0.25  # exact in decimal text
    p = write_csv(tmp_path / "meter.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True))
    prof = read_hourly_profile(p)
    assert isinstance(prof, HourlyProfile)
    np.testing.assert_array_equal(prof.kw, kw)
    assert prof.kw.dtype == np.float64 and not prof.kw.flags.writeable
    r = prof.report
    assert (r.source, r.input_rows, r.interval_minutes, r.unit) == ("meter.csv", 8760, 60, "kw")
    assert (r.duplicates_removed, r.gaps_filled_hours, r.dst_artefacts, r.negative_values) == (0, 0, 0, 0)
    assert not r.leap_day_dropped and r.messages == [] and not r.repaired


def test_hourly_kwh_equals_kw(tmp_path):
    ts = hours(2025)
    kw = (np.arange(8760) % 24) + 1.0
    p = write_csv(tmp_path / "e.csv", "Timestamp,energy_kwh", zip(ts_text(ts), kw, strict=True))
    prof = read_hourly_profile(p)
    assert prof.report.unit == "kwh"
    np.testing.assert_array_equal(prof.kw, kw)  # 1 kWh in 1 h = 1 kW mean


def test_15min_kwh_summed_and_kw_averaged(tmp_path):
    ts = pd.date_range("2025-01-01", periods=35040, freq="15min")
    # quarter j (0..3) of an hour with clock hour h holds h + 0.25 j
    vals = ts.hour.to_numpy() + 0.25 * (ts.minute.to_numpy() // 15)
    pe = write_csv(tmp_path / "q_kwh.csv", "timestamp,kWh", zip(ts_text(ts), vals, strict=True))
    prof = read_hourly_profile(pe)
    # kWh: hourly energy = sum = 4h + 0 + 0.25 + 0.5 + 0.75 = 4h + 1.5  -> e.g. 10:00 -> 41.5 kW
    assert prof.report.interval_minutes == 15 and prof.report.unit == "kwh"
    expected = 4.0 * (np.arange(8760) % 24) + 1.5
    np.testing.assert_allclose(prof.kw, expected)
    assert prof.kw[10] == pytest.approx(41.5)
    pk = write_csv(tmp_path / "q_kw.csv", "timestamp,power_kw", zip(ts_text(ts), vals, strict=True))
    # kW: hourly mean = h + 1.5/4 = h + 0.375 -> 10:00 -> 10.375 kW
    prof = read_hourly_profile(pk)
    np.testing.assert_allclose(prof.kw, (np.arange(8760) % 24) + 0.375)


def test_no_timestamps_taken_in_order(tmp_path):
    kw = np.arange(8760) % 50 + 1.0
    p = tmp_path / "order.csv"
    p.write_text("kW\n" + "\n".join(str(x) for x in kw) + "\n", encoding="utf-8")
    prof = read_hourly_profile(p)
    np.testing.assert_array_equal(prof.kw, kw)
    assert prof.report.messages == []
    # 35040 quarter-hour kWh values of 0.5 each -> 2 kWh per hour = 2 kW
    q = tmp_path / "order15.csv"
    q.write_text("kwh\n" + "0.5\n" * 35040, encoding="utf-8")
    prof = read_hourly_profile(q)
    assert prof.report.interval_minutes == 15
    np.testing.assert_allclose(prof.kw, 2.0)


def test_row_number_column_taken_in_order(tmp_path):
    kw = np.arange(8760) % 7 + 1.0
    p = write_csv(tmp_path / "hour.csv", "hour,kw", zip(range(1, 8761), kw, strict=True))
    prof = read_hourly_profile(p)
    np.testing.assert_array_equal(prof.kw, kw)
    assert any("row numbers" in m for m in prof.report.messages)


def test_gbk_semicolon_and_preamble(tmp_path):
    ts = hours(2025)
    kw = np.arange(8760) % 10 + 1.0
    text = (
        "电表: 1号变压器\n时间;功率(kW)\n" + "\n".join(f"{t};{v}" for t, v in zip(ts_text(ts), kw, strict=True)) + "\n"
    )
    p = tmp_path / "gbk.csv"
    p.write_bytes(text.encode("gbk"))
    prof = read_hourly_profile(p)
    np.testing.assert_array_equal(prof.kw, kw)
    assert prof.report.unit == "kw"
    assert any("before the header" in m for m in prof.report.messages)


def test_separate_date_and_time_columns(tmp_path):
    ts = hours(2025)
    kw = np.arange(8760) % 24 + 1.0
    rows = [(t.strftime("%Y/%m/%d"), t.strftime("%H:%M"), v) for t, v in zip(ts, kw, strict=True)]
    prof = read_hourly_profile(write_csv(tmp_path / "dt.csv", "日期,时间,有功功率(kW)", rows))
    np.testing.assert_array_equal(prof.kw, kw)


# --------------------------------------------------------------------------- repairs


def test_gaps_short_interpolated_long_from_previous_week(tmp_path):
    ts = hours(2025)
    kw = weekly_shape(ts)
    # short gap: 2025-03-04 (Tue) 05:00-07:00 removed; neighbours set to
    # 04:00 = 10 kW and 08:00 = 50 kW -> interpolation gives 20, 30, 40 kW.
    i4 = ts.get_loc(pd.Timestamp("2025-03-04 04:00"))
    kw[i4], kw[i4 + 4] = 10.0, 50.0
    drop = {i4 + 1, i4 + 2, i4 + 3}
    # long gap: Wed 2025-06-11 08:00-17:00 (10 h) removed -> filled from
    # Wed 2025-06-04, same hours, = 100 x 2 + hour (weekly shape).
    i8 = ts.get_loc(pd.Timestamp("2025-06-11 08:00"))
    drop |= set(range(i8, i8 + 10))
    # an empty cell (NaN) on 2025-09-01 12:00 is a 1-hour gap: neighbours
    # 11:00 and 13:00 are 100x0+11 and 100x0+13 -> 12 kW.
    i12 = ts.get_loc(pd.Timestamp("2025-09-01 12:00"))
    rows = [(t, "" if i == i12 else v) for i, (t, v) in enumerate(zip(ts_text(ts), kw, strict=True)) if i not in drop]
    p = write_csv(tmp_path / "gaps.csv", "timestamp,kw", rows)
    prof = read_hourly_profile(p)
    np.testing.assert_allclose(prof.kw[i4 + 1 : i4 + 4], [20.0, 30.0, 40.0])
    np.testing.assert_allclose(prof.kw[i8 : i8 + 10], 200.0 + np.arange(8, 18))
    assert prof.kw[i12] == pytest.approx(12.0)
    r = prof.report
    assert r.gaps_filled_hours == 3 + 10 + 1
    assert r.repaired
    short = [m for m in r.messages if "linear interpolation" in m]
    assert short and short[0].startswith("4 missing hour(s) in 2 gap(s)") and "2025-03-04 05:00" in short[0]
    assert any(m.startswith("10 missing hour(s) in 1 gap(s) longer than 6 h") for m in r.messages)


def test_duplicate_timestamps_mean(tmp_path):
    ts = hours(2025)
    kw = np.full(8760, 5.0)
    rows = list(zip(ts_text(ts), kw, strict=True))
    # 2025-01-05 10:00 (index 4*24+10 = 106) appears with 10 and 20 kW -> mean 15 kW
    rows[106] = (rows[106][0], 10.0)
    rows.insert(107, (rows[106][0], 20.0))
    p = write_csv(tmp_path / "dup.csv", "timestamp,kw", rows)
    prof = read_hourly_profile(p)
    assert prof.kw[106] == pytest.approx(15.0)
    assert prof.report.input_rows == 8761
    assert prof.report.duplicates_removed == 1
    assert any("duplicate" in m and "2025-01-05 10:00" in m and "mean" in m for m in prof.report.messages)


def test_dst_missing_0200_and_repeated_0100_shifted_to_standard_time(tmp_path):
    ts = hours(2025)
    load = np.arange(8760, dtype=float)  # standard-time hour index as the value: every hour distinct
    # A meter on US Eastern time records daylight time (standard + 1 h) from
    # Sun 2025-03-09 02:00 EST (clocks jump to 03:00) to Sun 2025-11-02
    # 01:00 EST (clocks go back from 02:00 EDT to 01:00): the label 03-09
    # 02:00 never occurs and the label 11-02 01:00 occurs twice (first copy =
    # 00:00 EST, second = 01:00 EST).
    dst = (ts >= pd.Timestamp("2025-03-09 02:00")) & (ts < pd.Timestamp("2025-11-02 01:00"))
    labels = ts + pd.to_timedelta(np.where(dst, 1, 0), unit="h")
    assert pd.Timestamp("2025-03-09 02:00") not in labels
    assert (labels == pd.Timestamp("2025-11-02 01:00")).sum() == 2
    p = write_csv(tmp_path / "dst.csv", "timestamp,kw", zip(ts_text(labels), load, strict=True))
    prof = read_hourly_profile(p)
    # Shifting the daylight-time rows back by 1 h restores the standard-time series exactly.
    np.testing.assert_array_equal(prof.kw, load)
    r = prof.report
    assert r.dst_artefacts == 2
    assert r.duplicates_removed == 0 and r.gaps_filled_hours == 0
    assert any("daylight-saving" in m and "2025-03-09 02:00" in m and "2025-11-02 01:00" in m for m in r.messages)


@pytest.mark.parametrize(
    "name, freq, dst_from, dst_to",
    [
        # EU (CET/CEST): 02:00 -> 03:00 on Sun 30 Mar 2025, 03:00 CEST -> 02:00 on Sun 26 Oct 2025
        ("eu15", "15min", "2025-03-30 02:00", "2025-10-26 02:00"),
        # Sydney: daylight time until Sun 6 Apr 2025 02:00 standard (03:00 -> 02:00 clock) and
        # again from Sun 5 Oct 2025 02:00 standard (02:00 -> 03:00 clock): both ends of the year
        ("sydney", "h", None, None),
    ],
)
def test_dst_other_zones_and_15min(tmp_path, name, freq, dst_from, dst_to):
    ts = pd.date_range("2025-01-01", "2025-12-31 23:59", freq=freq)
    vals = np.arange(len(ts), dtype=float)
    if dst_from:
        dst = (ts >= pd.Timestamp(dst_from)) & (ts < pd.Timestamp(dst_to))
    else:
        dst = (ts < pd.Timestamp("2025-04-06 02:00")) | (ts >= pd.Timestamp("2025-10-05 02:00"))
    labels = ts + pd.to_timedelta(np.where(dst, 1, 0), unit="h")
    prof = read_hourly_profile(
        write_csv(tmp_path / f"{name}.csv", "timestamp,kw", zip(ts_text(labels), vals, strict=True))
    )
    k = len(ts) // 8760  # intervals per hour: hourly mean of k consecutive values
    np.testing.assert_allclose(prof.kw, vals.reshape(8760, k).mean(axis=1))
    assert prof.report.dst_artefacts == 2
    assert prof.report.gaps_filled_hours == 0 and prof.report.duplicates_removed == 0


def test_dst_unpaired_missing_hour_interpolated(tmp_path):
    ts = hours(2025)
    kw = np.full(8760, 40.0)
    i = ts.get_loc(pd.Timestamp("2025-03-30 02:00"))  # EU spring change (last Sunday of March)
    kw[i - 1], kw[i + 1] = 30.0, 50.0  # -> the missing hour interpolates to 40
    rows = [r for k, r in enumerate(zip(ts_text(ts), kw, strict=True)) if k != i]
    prof = read_hourly_profile(write_csv(tmp_path / "eu.csv", "timestamp,kw", rows))
    assert prof.kw[i] == pytest.approx(40.0)
    assert prof.report.dst_artefacts == 1
    assert prof.report.gaps_filled_hours == 0
    assert any("daylight-saving" in m for m in prof.report.messages)


def test_leap_year_feb29_dropped(tmp_path):
    ts = hours(2024, n=8784)
    kw = np.where((ts.month == 2) & (ts.day == 29), 999.0, ts.day_of_year.to_numpy(dtype=float))
    prof = read_hourly_profile(write_csv(tmp_path / "leap.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True)))
    # 1 March 2024 is day 61 of 2024 and sits at hour 59*24 = 1416 of the 8760-hour year
    assert prof.kw.shape == (8760,)
    assert prof.kw[1416] == 61.0
    assert 999.0 not in prof.kw
    assert prof.report.leap_day_dropped
    assert any("29 February" in m for m in prof.report.messages)


def test_other_year_mapped_by_date(tmp_path):
    ts = hours(2023)
    kw = ts.day_of_year.to_numpy(dtype=float)
    prof = read_hourly_profile(
        write_csv(tmp_path / "y23.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True)), year=2025
    )
    np.testing.assert_array_equal(prof.kw, kw)  # same dates, Jan 1 first
    assert any("2023" in m and "2025" in m and "weekdays" in m for m in prof.report.messages)


def test_multi_year_uses_requested_year(tmp_path):
    ts = pd.date_range("2024-01-01", "2025-12-31 23:00", freq="h")
    kw = ts.year.to_numpy(dtype=float) - 2000.0  # 24 in 2024, 25 in 2025
    p = write_csv(tmp_path / "two.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True))
    np.testing.assert_array_equal(read_hourly_profile(p, year=2025).kw, 25.0)
    np.testing.assert_array_equal(read_hourly_profile(p, year=2024).kw, 24.0)
    # no year requested: both fully covered -> the latest
    r = read_hourly_profile(p)
    np.testing.assert_array_equal(r.kw, 25.0)
    assert any("not used" in m for m in r.report.messages)


def test_rolling_twelve_months_folded(tmp_path):
    ts = hours(start="2024-07-01")  # 2024-07-01 00:00 .. 2025-06-30 23:00
    kw = np.arange(8760, dtype=float)
    prof = read_hourly_profile(write_csv(tmp_path / "roll.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True)))
    # 1 Jan 00:00 comes from 2025-01-01 00:00: (31+31+30+31+30+31) d x 24 = 4416 h after the start
    assert prof.kw[0] == 4416.0
    assert prof.kw[-1] == 4415.0  # 31 Dec 23:00 from 2024
    assert prof.kw[4344] == 0.0  # 1 Jul 00:00 = day 181 x 24


def test_negative_values_clipped(tmp_path):
    ts = hours(2025)
    kw = np.full(8760, 3.0)
    kw[[5, 6]] = -0.5
    prof = read_hourly_profile(write_csv(tmp_path / "neg.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True)))
    assert prof.kw[5] == 0.0 and prof.kw[6] == 0.0
    assert prof.report.negative_values == 2
    assert any("negative" in m and "row 7" in m for m in prof.report.messages)  # index 5 -> file line 7


def test_interval_end_labels_and_24h_clock(tmp_path):
    ts = hours(2025)
    kw = np.arange(8760, dtype=float)
    # hour-ending labels written with a 24:00 clock: the hour 23:00-24:00 of 1 Jan is "2025-01-01 24:00"
    ends = ts + H
    labels = [f"{(t - H).strftime('%Y-%m-%d')} 24:00" if t.hour == 0 else t.strftime("%Y-%m-%d %H:%M") for t in ends]
    prof = read_hourly_profile(write_csv(tmp_path / "end.csv", "timestamp,kw", zip(labels, kw, strict=True)))
    np.testing.assert_array_equal(prof.kw, kw)
    assert any("end of each interval" in m for m in prof.report.messages)


def test_utc_offset_timestamps_converted(tmp_path):
    ts = hours(2025)
    kw = np.arange(8760, dtype=float)
    utc = ts - pd.Timedelta(hours=8)  # the same instants written in UTC
    labels = [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in utc]
    prof = read_hourly_profile(
        write_csv(tmp_path / "utc.csv", "timestamp,kw", zip(labels, kw, strict=True)), utc_offset_h=8.0
    )
    np.testing.assert_array_equal(prof.kw, kw)
    assert any("UTC" in m for m in prof.report.messages)


# --------------------------------------------------------------------------- XLSX


def _hourly_xlsx(path: Path, header: list[str], value) -> Path:
    """An XLSX of 8760 hourly rows from 2025-01-01 00:00 (real date-time cells) with ``value(i)`` in row ``i``."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for i in range(8760):
        ws.append([datetime(2025, 1, 1) + i * H, value(i)])
    wb.save(path)
    return path


def test_xlsx_input(tmp_path):
    # one empty cell -> gap
    p = _hourly_xlsx(tmp_path / "meter.xlsx", ["Timestamp", "kW"], lambda i: float(i % 24) if i != 100 else None)
    prof = read_hourly_profile(p)
    expected = (np.arange(8760) % 24).astype(float)
    # hour 100 = 4 x 24 + 4 -> neighbours 3 and 5 -> interpolated 4 (the original value)
    np.testing.assert_allclose(prof.kw, expected)
    assert prof.report.gaps_filled_hours == 1
    assert prof.report.input_rows == 8760


def test_xlsx_letters_named_by_excel_row(tmp_path):
    p = _hourly_xlsx(tmp_path / "bad.xlsx", ["timestamp", "kw"], lambda i: "abc" if i == 9 else 1.0)
    with pytest.raises(ProfileError) as e:
        read_hourly_profile(p)
    assert "bad.xlsx, row 11, column 'kw': expected a number" in str(e.value)  # data row 10 + header
    assert "'abc'" in str(e.value)


# --------------------------------------------------------------------------- malformed files


def _raises(path, *needles):
    with pytest.raises(ProfileError) as e:
        read_hourly_profile(path)
    msg = str(e.value)
    assert path.name in msg and ": expected" in msg and "found" in msg, msg
    for n in needles:
        assert n in msg, msg
    return e.value


def test_empty_file(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    _raises(p, "empty file")


def test_header_only(tmp_path):
    p = tmp_path / "hdr.csv"
    p.write_text("timestamp,kw\n", encoding="utf-8")
    _raises(p, "header only")


def test_letters_in_value_column(tmp_path):
    ts = hours(2025)
    rows = [(t, "12.5 kW" if i == 3 else 1.0) for i, t in enumerate(ts_text(ts))]
    p = tmp_path / "letters.csv"
    p.write_text("timestamp,kw\n" + "\n".join(f"{a},{b}" for a, b in rows) + "\n", encoding="utf-8")
    err = _raises(p, "row 5", "column 'kw'", "expected a number")
    assert err.row == 5 and err.column == "kw"


def test_wrong_column_names(tmp_path):
    p = write_csv(tmp_path / "cols.csv", "time,power", [("2025-01-01 00:00", 1.0)])
    _raises(p, "kw or kwh", "'power'")


def test_no_header(tmp_path):
    p = write_csv(tmp_path / "nohdr.csv", "2025-01-01 00:00,1.0", [("2025-01-01 01:00", 1.0)])
    _raises(p, "header row")


def test_too_short(tmp_path):
    ts = hours(2025, n=24 * 30)  # 30 days = 720 h, 8 % of a year
    p = write_csv(tmp_path / "short.csv", "timestamp,kw", zip(ts_text(ts), np.ones(720), strict=True))
    _raises(p, "80%", "720 hours")


def test_wrong_row_count_without_timestamps(tmp_path):
    p = tmp_path / "n.csv"
    p.write_text("kw\n" + "1\n" * 100, encoding="utf-8")
    _raises(p, "8760", "100 rows")


def test_bad_timestamp(tmp_path):
    ts = ts_text(hours(2025))
    ts[7] = "yesterday"
    p = write_csv(tmp_path / "badts.csv", "timestamp,kw", zip(ts, np.ones(8760), strict=True))
    _raises(p, "row 9", "'yesterday'", "date-time")


def test_daily_data_refused(tmp_path):
    ts = pd.date_range("2025-01-01", periods=365, freq="D")
    p = write_csv(tmp_path / "daily.csv", "timestamp,kwh", zip(ts_text(ts), np.ones(365), strict=True))
    _raises(p, "hourly or 15-minute", "1440")


def test_mostly_negative_refused(tmp_path):
    ts = hours(2025)
    p = write_csv(tmp_path / "sign.csv", "timestamp,kw", zip(ts_text(ts), -np.ones(8760), strict=True))
    _raises(p, "negative")


def test_cumulative_register_refused(tmp_path):
    ts = hours(2025)
    p = write_csv(tmp_path / "reg.csv", "timestamp,kwh", zip(ts_text(ts), np.arange(8760) * 10.0 + 1000, strict=True))
    _raises(p, "cumulative")


def test_all_zero_refused(tmp_path):
    ts = hours(2025)
    p = write_csv(tmp_path / "zero.csv", "timestamp,kw", zip(ts_text(ts), np.zeros(8760), strict=True))
    _raises(p, "only zeros")


def test_missing_file_and_binary_and_xls(tmp_path):
    _raises(tmp_path / "nope.csv")
    b = tmp_path / "bin.csv"
    b.write_bytes(b"\x00\x01\x02garbage" * 10)
    _raises(b, "binary")
    x = tmp_path / "old.xls"
    x.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    _raises(x, ".xls")
    z = tmp_path / "broken.xlsx"
    z.write_bytes(b"PK\x03\x04 not really a zip")
    _raises(z, "XLSX")


def test_ambiguous_value_columns(tmp_path):
    p = write_csv(tmp_path / "amb.csv", "timestamp,power_kw,energy_kwh", [("2025-01-01 00:00", 1, 1)])
    with pytest.raises(ProfileError, match="several"):
        read_hourly_profile(p, value_name="load")
    # with the default value_name "kw" neither column is named exactly kw either
    with pytest.raises(ProfileError, match="several"):
        read_hourly_profile(p)


# --------------------------------------------------------------------------- issue 9 item 3: dates and decimal commas


@pytest.mark.parametrize(
    "fmt, order",
    [
        # dd.mm.yyyy: 13.01.2025 has a first field above 12, so the order is day.month.year;
        # read as month-first, 3,168 of the 8760 hours would be scrambled (issue 9 item 3)
        ("%d.%m.%Y %H:%M", "day.month.year"),
        ("%m/%d/%Y %H:%M", "month/day/year"),
    ],
)
def test_day_or_month_first_dates_detected_from_the_data(tmp_path, fmt, order):
    ts = hours(2025)
    kw = np.arange(8760, dtype=float) + 1.0
    rows = [(t.strftime(fmt), v) for t, v in zip(ts, kw, strict=True)]
    prof = read_hourly_profile(write_csv(tmp_path / "m.csv", "timestamp,kw", rows))
    np.testing.assert_array_equal(prof.kw, kw)
    assert any(order in m for m in prof.report.messages)


def test_ambiguous_day_month_refused(tmp_path):
    # only days 1..12 of each month: 05.03.2025 may be 5 March or 3 May -> refuse, ask for ISO dates
    ts = hours(2025)
    ts = ts[ts.day <= 12]
    rows = [(t.strftime("%d.%m.%Y %H:%M"), 1.0) for t in ts]
    p = write_csv(tmp_path / "amb.csv", "timestamp,kw", rows)
    err = _raises(p, "ISO dates", "day above 12", "row 2")
    assert err.column == "timestamp"


def test_inconsistent_day_month_order_refused(tmp_path):
    ts = hours(2025)
    rows = [(t.strftime("%d.%m.%Y %H:%M" if t.month < 6 else "%m.%d.%Y %H:%M"), 1.0) for t in ts]
    p = write_csv(tmp_path / "mixed.csv", "timestamp,kw", rows)
    _raises(p, "one order", "first field above 12", "second field above 12")


def test_decimal_comma_with_semicolons(tmp_path):
    # "1,250" in a ';' file is 1.25 (European decimal comma), not 1250; "1.250,5" is 1250.5
    ts = hours(2025)
    text = "timestamp;kw\n" + "".join(f"{t};{'1.250,5' if i == 7 else '1,250'}\n" for i, t in enumerate(ts_text(ts)))
    p = tmp_path / "eu.csv"
    p.write_text(text, encoding="utf-8")
    prof = read_hourly_profile(p)
    assert prof.kw[0] == 1.25 and prof.kw[8] == 1.25
    assert prof.kw[7] == 1250.5
    assert any("decimal comma" in m for m in prof.report.messages)


def test_decimal_points_with_semicolons_unchanged(tmp_path):
    ts = hours(2025)
    p = tmp_path / "pt.csv"
    p.write_text("timestamp;kw\n" + "".join(f"{t};1.25\n" for t in ts_text(ts)), encoding="utf-8")
    prof = read_hourly_profile(p)
    np.testing.assert_array_equal(prof.kw, 1.25)
    assert prof.report.messages == []


def test_mixed_decimal_comma_and_point_refused(tmp_path):
    ts = ts_text(hours(2025))
    p = tmp_path / "mix.csv"
    p.write_text("timestamp;kw\n" + "".join(f"{t};{'1.25' if i == 9 else '1,5'}\n" for i, t in enumerate(ts)))
    _raises(p, "decimal comma in row 2", "decimal point in row 11")


def test_quoted_thousands_in_comma_file(tmp_path):
    # with ',' as separator a comma inside a quoted number can only be a thousands separator
    ts = ts_text(hours(2025))
    p = tmp_path / "k.csv"
    p.write_text("timestamp,kw\n" + "".join(f'{t},"1,250"\n' for t in ts), encoding="utf-8")
    np.testing.assert_array_equal(read_hourly_profile(p).kw, 1250.0)


def test_utf8_bom_header(tmp_path):
    ts = hours(2025)
    p = tmp_path / "bom.csv"
    p.write_bytes(("timestamp,kw\n" + "".join(f"{t},2\n" for t in ts_text(ts))).encode("utf-8-sig"))
    np.testing.assert_array_equal(read_hourly_profile(p).kw, 2.0)


# --------------------------------------------------------------------------- issue 9 items 5 and 11: bounds, limits


def test_profile_error_is_an_input_error(tmp_path):
    p = tmp_path / "hdr.csv"
    p.write_text("timestamp,kw\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_hourly_profile(p)
    assert isinstance(e.value, ProfileError)
    assert e.value.where == "hdr.csv" and "header only" in e.value.found


def test_absurd_profile_value_refused_with_row(tmp_path):
    ts = hours(2025)
    kw = np.ones(8760)
    kw[4] = 1e300
    err = _raises(
        write_csv(tmp_path / "huge.csv", "timestamp,kw", zip(ts_text(ts), kw, strict=True)), "row 6", "at most 1e+07"
    )
    assert err.row == 6


def test_fifo_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # opening it for reading would block until a writer appears
    _raises(fifo, "regular file", "named pipe")


def test_device_and_directory_refused():
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(ProfileError) as e:
        read_hourly_profile("/dev/zero")
    assert "regular file" in str(e.value) and "character device" in str(e.value)


def test_directory_refused(tmp_path):
    d = tmp_path / "folder.csv"
    d.mkdir()
    _raises(d, "regular file", "directory")


def test_sparse_2gb_file_refused_by_size(tmp_path):
    p = tmp_path / "sparse.csv"
    with open(p, "wb") as f:
        f.truncate(2 * 1024**3)  # 2 GB of holes: nothing is written to disk, and nothing may be read
    _raises(p, "at most 200 MB", "2,048 MB")


def test_row_limit(tmp_path, monkeypatch):
    import planner.io.meter_tables as tables

    monkeypatch.setattr(tables, "MAX_ROWS", 1000)
    ts = hours(2025)
    p = write_csv(tmp_path / "long.csv", "timestamp,kw", zip(ts_text(ts), np.ones(8760), strict=True))
    _raises(p, "at most 1,000 rows", "8,761 lines")


def test_xlsx_absurd_dimension_refused_before_loading(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["timestamp", "kw"])
    ws["XFD1048576"] = 1  # one cell in the last column of the last row: the sheet is A1:XFD1048576
    p = tmp_path / "wide.xlsx"
    wb.save(p)
    _raises(p, "at most 256 columns", "16,384 columns")


def _xlsx_with_shared_strings(path: Path, strings: list[str]) -> Path:
    """A minimal XLSX whose first row holds ``strings`` as shared strings (cells A1, B1 ...)."""
    import zipfile
    from xml.sax.saxutils import escape

    cells = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(strings)))
    sst = "".join(f"<si><t>{escape(x)}</t></si>" for x in strings)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{ns}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{ns}" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def test_xlsx_huge_shared_strings_refused(tmp_path):
    pytest.importorskip("openpyxl")
    # the crafted workbook is readable: with short strings it fails only for want of data rows
    small = _xlsx_with_shared_strings(tmp_path / "small.xlsx", ["timestamp", "kw"])
    _raises(small, "header only")
    # one 70 MB shared string compresses to ~70 kB; openpyxl would load it whole when opening the workbook
    big = _xlsx_with_shared_strings(tmp_path / "strings.xlsx", ["timestamp", "kw", "x" * (70 * 1024 * 1024)])
    assert big.stat().st_size < 5 * 1024 * 1024
    _raises(big, "shared strings of at most 64 MB", "70 MB")


def test_errors_never_echo_file_content(tmp_path):
    # a profile_file may point anywhere: the message names the file and row, never its lines
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    err = _raises(secret, "kw or kwh", "row 1")
    assert "root" not in str(err) and "bash" not in str(err)
    token = tmp_path / "token.txt"
    token.write_text("s3cr3t-t0ken-value\n")
    err = _raises(token)
    assert "s3cr3t" not in str(err)
    data = tmp_path / "nohdr.csv"
    data.write_text("2025-01-01 00:00,41.5\n2025-01-01 01:00,42.5\n")
    err = _raises(data, "header row", "row 1")
    assert "41.5" not in str(err)


def test_etc_passwd_not_echoed():
    if not Path("/etc/passwd").is_file():
        pytest.skip("no /etc/passwd")
    with pytest.raises(ProfileError) as e:
        read_hourly_profile("/etc/passwd")
    first = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    assert first not in str(e.value) and first.split(":")[0] + ":" not in str(e.value)


# --------------------------------------------------------------------------- cache


def test_cached_read_reuses_and_rereads_on_change(tmp_path):
    ts = hours(2025)
    p = write_csv(tmp_path / "pv.csv", "timestamp,kw", zip(ts_text(ts), np.full(8760, 4.0), strict=True))
    a = read_profile_cached(p)
    b = read_profile_cached(p)
    assert a.kw is b.kw  # cached: the file was not parsed again
    a.report.messages.append("mine")
    assert read_profile_cached(p).report.messages == []  # each caller gets its own message list
    st = os.stat(p)
    write_csv(p, "timestamp,kw", zip(ts_text(ts), np.full(8760, 5.0), strict=True))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    np.testing.assert_array_equal(read_profile_cached(p).kw, 5.0)


def test_pv_generation_profile_cached(tmp_path):
    from planner.engine import pv

    ts = hours(2025)
    p = write_csv(
        tmp_path / "gen.csv", "timestamp,kw", zip(ts_text(ts), (np.arange(8760) % 24).astype(float), strict=True)
    )
    first = pv.profile_output(p)
    hits = read_profile_cached.cache_info().hits
    second = pv.profile_output(p)
    assert read_profile_cached.cache_info().hits == hits + 1  # the second run did not parse the file
    np.testing.assert_array_equal(first, second)
    first[0] = -1.0  # the caller's copy; the cached profile is unchanged
    assert pv.profile_output(p)[0] == 0.0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), decimals=st.integers(0, 4), sep=st.sampled_from([",", ";", "\t"]))
def test_property_values_read_back_with_any_separator(tmp_path, seed, decimals, sep):
    # whatever the separator, values written with it (a decimal comma where ';' separates) read back exactly
    rng = np.random.default_rng(seed)
    kw = np.round(rng.uniform(0.0, 5000.0, 8760), decimals) + 0.5  # all > 0
    ts = ts_text(hours(2025))
    text = [f"{v:.{decimals + 1}f}" for v in kw]
    if sep == ";":
        text = [t.replace(".", ",") for t in text]
    p = tmp_path / f"prop_{seed}_{decimals}.csv"
    p.write_text(f"timestamp{sep}kw\n" + "".join(f"{a}{sep}{b}\n" for a, b in zip(ts, text, strict=True)))
    np.testing.assert_allclose(read_hourly_profile(p).kw, kw, rtol=0, atol=1e-9)


@pytest.mark.parametrize(
    "name, sep, cell, expected, phrases",
    [
        # a German Excel "Text (Tab delimited)" export: decimal commas; "0,5" cannot be a thousands separator
        ("tab.txt", "\t", lambda i: "0,5" if i % 2 else "1,250", {0: 1.25, 1: 0.5}, ("decimal comma",)),
        # "1,250" quoted in a comma-separated file: 1250 + i % 3 -> 1250 in row 1, 1252 in row 3
        ("k2.csv", ",", lambda i: f'"{1250 + i % 3:,}"', {0: 1250.0, 2: 1252.0}, ("thousands separators", "row 2")),
    ],
    ids=["tab_separated_decimal_commas", "thousands_separators_reported"],
)
def test_decimal_commas_or_thousands_separators(tmp_path, name, sep, cell, expected, phrases):
    ts = ts_text(hours(2025))
    p = tmp_path / name
    p.write_text(f"timestamp{sep}kw\n" + "".join(f"{t}{sep}{cell(i)}\n" for i, t in enumerate(ts)))
    prof = read_hourly_profile(p)
    assert all(prof.kw[i] == v for i, v in expected.items())
    assert any(all(x in m for x in phrases) for m in prof.report.messages)


def _strip_dimension(src: Path, dst: Path) -> Path:
    import re
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            zout.writestr(item, data)
    return dst


def test_xlsx_without_dimension_tag(tmp_path):
    # some exporters omit <dimension>: the size is then measured before the cells are loaded
    openpyxl = pytest.importorskip("openpyxl")
    src = _hourly_xlsx(tmp_path / "src.xlsx", ["timestamp", "kw"], lambda i: float(i % 7))
    prof = read_hourly_profile(_strip_dimension(src, tmp_path / "nodim.xlsx"))
    np.testing.assert_array_equal(prof.kw, (np.arange(8760) % 7).astype(float))
    wide = openpyxl.Workbook()
    wide.active.append(["timestamp", "kw"])
    wide.active["XFD2"] = 1
    wide.save(tmp_path / "wide_src.xlsx")
    _raises(_strip_dimension(tmp_path / "wide_src.xlsx", tmp_path / "wide.xlsx"), "at most 256 columns", "16,384")


# --------------------------------------------------------------------------- header for the column-mapping step


def test_sniff_header_csv_xlsx_and_limits(tmp_path):
    """:func:`planner.io.meter.sniff_header`: the first row of names after a preamble; [] beyond the limits."""
    openpyxl = pytest.importorskip("openpyxl")
    from planner.io.meter import sniff_header

    header = ["表计名称", "数据时间", "正向有功总(kWh)", "有功功率(kW)", "无功功率(kvar)"]
    gbk = tmp_path / "export.csv"
    gbk.write_bytes(
        ("表计：1号进线\n" + ",".join(header) + "\n1号进线,2025-01-01 00:00,1.5,1.5,0.6\n").encode("gb18030")
    )
    assert sniff_header(gbk) == header
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["电能数据导出"])  # one cell: a title, not a header
    ws.append([None])
    ws.append([*header, None, None])  # trailing empty cells are dropped
    ws.append(["1号进线", datetime(2025, 1, 1), 1.5, 1.5, 0.6])
    wb.save(tmp_path / "export.xlsx")
    assert sniff_header(tmp_path / "export.xlsx") == header
    # the reader's limits: a sheet dimension of 16,384 columns is refused before any cell is loaded
    ws["XFD1048576"] = 1
    wb.save(tmp_path / "wide.xlsx")
    assert sniff_header(tmp_path / "wide.xlsx") == []
    # data only, a directory, a FIFO (never opened: it would block), a missing file
    (tmp_path / "data.csv").write_text("2025-01-01 00:00,1.5\n2025-01-01 01:00,1.5\n", encoding="utf-8")
    assert sniff_header(tmp_path / "data.csv") == []
    assert sniff_header(tmp_path) == [] and sniff_header(tmp_path / "missing.csv") == []
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.csv")
        assert sniff_header(tmp_path / "fifo.csv") == []
