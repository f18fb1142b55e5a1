"""Tests of planner.io.weather beyond those in tests/planner/engine/test_pv.py:
the TMY3 reader (pvlib) and the error contract."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.io.weather import WeatherFileError, read_weather_file
from planner.model.errors import InputError
from tests.validation.weather import write_synthetic_weather


@pytest.fixture(scope="module")
def sam_csv(tmp_path_factory) -> Path:
    return write_synthetic_weather(tmp_path_factory.mktemp("wx") / "jinan.csv")


def _write_tmy3(sam: Path, out: Path) -> Path:
    """The same weather as a TMY3 CSV: one line of station values, a line of
    column names, rows dated MM/DD/YYYY with hour-ending times 01:00..24:00."""
    df = pd.read_csv(sam, skiprows=2)
    begin = pd.to_datetime(df[["Year", "Month", "Day", "Hour"]].rename(columns=str.lower))
    date = begin.dt.strftime("%m/%d/%Y")
    time = (begin.dt.hour + 1).map(lambda h: f"{h:02d}:00")
    rows = pd.DataFrame(
        {
            "Date (MM/DD/YYYY)": date,
            "Time (HH:MM)": time,
            "GHI (W/m^2)": df["GHI"],
            "DNI (W/m^2)": df["DNI"],
            "DHI (W/m^2)": df["DHI"],
            "Dry-bulb (C)": df["Tdry"],
            "Wspd (m/s)": df["Wspd"],
        }
    )
    with out.open("w", newline="") as fh:
        fh.write("548230,JINAN,SD,8.0,36.65,117.0,170\n")
        rows.to_csv(fh, index=False)
    return out


def test_tmy3_reads_the_same_hours_as_sam_csv(sam_csv, tmp_path):
    tmy = _write_tmy3(sam_csv, tmp_path / "jinan_tmy3.csv")
    a, b = read_weather_file(sam_csv), read_weather_file(tmy)
    assert b.file_format == "tmy3"
    # the TMY3 header line carries TZ 8, latitude 36.65, longitude 117.0, altitude 170
    assert (b.latitude_deg, b.longitude_deg, b.utc_offset_h, b.elevation_m) == (36.65, 117.0, 8.0, 170.0)
    # row "01/01/2025 01:00" (hour-ending) is the local hour [0, 1): hour-beginning 0
    assert b.hour[0] == 0 and b.hour[-1] == 23 and b.day[-1] == 31
    for field in ("month", "day", "hour", "dni", "dhi", "ghi", "temp_air", "wind_speed"):
        np.testing.assert_array_equal(getattr(b, field), getattr(a, field), err_msg=field)


def test_weather_errors_are_input_errors_naming_the_file(tmp_path):
    f = tmp_path / "short.csv"
    f.write_text("Year,Month,Day,Hour,DNI,DHI,Tdry,Wspd\n" + "2025,1,1,0,0,0,0,1\n" * 10)
    with pytest.raises(WeatherFileError) as info:
        read_weather_file(f)
    err = info.value
    assert isinstance(err, InputError)
    assert err.where.endswith("short.csv")
    assert err.expected.startswith("8760 hourly rows") and err.found == "10"
    assert str(err) == f"{err.where}: expected {err.expected}, found {err.found}"


def test_missing_weather_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_weather_file(tmp_path / "nope.epw")


def test_weather_fifo_refused_without_blocking(tmp_path):
    # a FIFO with no writer would block open() forever; the check is stat-only
    import os

    fifo = tmp_path / "weather.csv"
    os.mkfifo(fifo)
    with pytest.raises(WeatherFileError) as err:
        read_weather_file(fifo)
    assert err.value.expected == "a regular file" and "FIFO" in err.value.found.upper()


def test_weather_oversized_file_refused_by_size(tmp_path):
    from planner.io.files import MAX_FILE_BYTES

    big = tmp_path / "weather.epw"
    with big.open("wb") as fh:  # sparse: no disk used
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(WeatherFileError) as err:
        read_weather_file(big)
    assert "at most 200 MB" in err.value.expected
