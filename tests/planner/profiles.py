"""Helpers shared by the meter-reader and load tests: hourly indexes and CSV fixture files."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from planner.engine.calendar import HOURS_PER_YEAR

H = timedelta(hours=1)


def hours(year: int = 2025, n: int | None = None, start: str | None = None) -> pd.DatetimeIndex:
    return pd.date_range(start or f"{year}-01-01", periods=n or HOURS_PER_YEAR, freq="h")


def write_csv(path: Path, header: str, rows) -> Path:
    lines = [header] + [",".join(str(x) for x in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ts_text(ts) -> list[str]:
    return [t.strftime("%Y-%m-%d %H:%M") for t in ts]


def weekly_shape(ts: pd.DatetimeIndex) -> np.ndarray:
    """A load that repeats every week: 100 x weekday + hour [kW] (0..623)."""
    return (100 * ts.day_of_week + ts.hour).to_numpy(dtype=float)
