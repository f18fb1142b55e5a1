"""The repairs of :func:`planner.io.meter.read_hourly_profile`, on a pandas ``DatetimeIndex``.

Steps 1 and 3-8 of the reader's Notes: interval detection and rounding,
daylight-saving artefacts, interval-ending labels, duplicate timestamps, the
choice of the year, coverage, gap filling and the hourly ``resample``.  Each
repair is counted in the :class:`Context` and described in one line of its
``messages`` (a :class:`planner.terms.Note`: English text, catalogue key
``repair.*`` and parameters).  Timestamps are naive local standard time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.io.meter_common import (
    _DST_HOURS,
    _DST_MONTHS,
    MAX_INTERPOLATED_GAP_H,
    MAX_SPAN_YEARS,
    MIN_COVERAGE,
    SUPPORTED_INTERVALS_MIN,
    ProfileError,
)
from planner.terms import Note

HOURS_PER_YEAR = 8760
_SUNDAY = 6
_HOUR = pd.Timedelta(hours=1)
_EMPTY = pd.DatetimeIndex([], dtype="datetime64[ns]")


@dataclass
class Context:
    """What the repairs found so far (filled step by step)."""

    source: str
    unit: str
    interval: int  # minutes
    messages: list[str]  # Note objects
    ordered: bool = False
    dst_artefacts: int = 0
    dst_dup_rows: int = 0
    dst_dup_slots: pd.DatetimeIndex = field(default_factory=lambda: _EMPTY)
    dst_missing_slots: pd.DatetimeIndex = field(default_factory=lambda: _EMPTY)

    @property
    def step(self) -> pd.Timedelta:
        return pd.Timedelta(minutes=self.interval)

    @property
    def freq(self) -> str:
        return f"{self.interval}min"

    @property
    def per_hour(self) -> int:
        return 60 // self.interval


def _fmt(t: object) -> str:
    return pd.Timestamp(t).strftime("%Y-%m-%d %H:%M")


def _is_feb29(t: pd.DatetimeIndex) -> np.ndarray:
    return np.asarray((t.month == 2) & (t.day == 29))


def _is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _year_grid(y: int, freq: str) -> pd.DatetimeIndex:
    g = pd.date_range(pd.Timestamp(y, 1, 1), pd.Timestamp(y + 1, 1, 1), freq=freq, inclusive="left", unit="ns")
    return g[~_is_feb29(g)] if _is_leap(y) else g


def ordered_times(n: int, year: int | None, source: str) -> tuple[pd.DatetimeIndex, int]:
    """Timestamps of a file without any: rows in order from 1 January 00:00."""
    sizes = {8760: (60, False), 35040: (15, False), 8784: (60, True), 35136: (15, True)}
    if n not in sizes:
        raise ProfileError(source, Note("repair.error.ordered_rows"), Note("repair.error.rows", n=n))
    interval, leap = sizes[n]
    data_year = year if year is not None and _is_leap(year) == leap else (2024 if leap else 2025)
    return pd.date_range(pd.Timestamp(data_year, 1, 1), periods=n, freq=f"{interval}min", unit="ns"), interval


def detect_interval(t: pd.DatetimeIndex, source: str) -> int:
    """Median step between distinct timestamps, snapped to a supported interval [min] (step 1)."""
    uniq = t.unique().sort_values()
    if len(uniq) < 2:
        raise ProfileError(
            source, f"at least {MIN_COVERAGE:.0%} of a year of data", f"{len(uniq)} distinct timestamp(s)"
        )
    step_s = (uniq[1:] - uniq[:-1]).median().total_seconds()
    for minutes in SUPPORTED_INTERVALS_MIN:
        if abs(step_s - minutes * 60) <= 0.05 * minutes * 60:
            return minutes
    raise ProfileError(source, Note("repair.error.interval"), Note("repair.error.step", minutes=step_s / 60))


def round_to_grid(t: pd.DatetimeIndex, ctx: Context) -> pd.DatetimeIndex:
    """Round timestamps off the interval grid to the nearest interval (half up)."""
    t = t.as_unit("ns")
    off = t != t.floor(ctx.freq)
    if off.any():
        t = (t + ctx.step / 2).floor(ctx.freq)
        ctx.messages.append(Note("repair.off_grid", n=int(off.sum()), interval=ctx.interval))
    return t


def check_span(t: pd.DatetimeIndex, rows: np.ndarray, source: str) -> None:
    lo, hi = int(np.argmin(t)), int(np.argmax(t))
    if t[hi] - t[lo] > pd.Timedelta(days=MAX_SPAN_YEARS * 366):
        raise ProfileError(
            source,
            f"timestamps within {MAX_SPAN_YEARS} years",
            f"{_fmt(t[lo])} in row {rows[lo]} and {_fmt(t[hi])} in row {rows[hi]}",
        )


def interval_ends(t: pd.DatetimeIndex, ctx: Context, ending_hint: bool) -> pd.DatetimeIndex:
    """Shift interval-ending labels back to interval starts (after the DST repair, which may
    itself explain a first label at 01:00)."""
    first, last = t.min(), t.max()
    if ending_hint or (first - first.normalize() == ctx.step and last == last.normalize()):
        t = t - ctx.step
        key = "repair.interval_ends_24" if ending_hint else "repair.interval_ends"
        ctx.messages.append(Note(key, first=_fmt(first), last=_fmt(last), interval=ctx.interval))
    return t


def _transition_hours(starts: pd.DatetimeIndex) -> list[pd.Timestamp]:
    if not len(starts):
        return []
    ok = (
        (np.asarray(starts.day_of_week) == _SUNDAY)
        & np.isin(np.asarray(starts.month), _DST_MONTHS)
        & np.isin(np.asarray(starts.hour), _DST_HOURS)
    )
    return list(starts[ok])


def daylight_saving(t: pd.DatetimeIndex, ctx: Context) -> pd.DatetimeIndex:
    """Find and repair DST artefacts (read_hourly_profile Notes, step 3)."""
    step, k = ctx.step, ctx.per_hour
    counts_s = pd.Series(1, index=t).groupby(level=0).size()
    uniq, counts = counts_s.index, counts_s.to_numpy()
    grid = pd.date_range(uniq[0], uniq[-1], freq=ctx.freq, unit="ns")
    missing = grid[~grid.isin(uniq)]

    # missing clock hours: maximal runs of missing slots that are exactly one clock hour
    gaps: list[pd.Timestamp] = []
    if len(missing):
        breaks = np.flatnonzero(np.asarray(missing[1:] - missing[:-1]) != step.to_timedelta64()) + 1
        run_start = missing[np.concatenate(([0], breaks))]
        run_len = np.diff(np.concatenate(([0], breaks, [len(missing)])))
        gaps = _transition_hours(run_start[(run_len == k) & np.asarray(run_start == run_start.floor("h"))])
    # repeated clock hours: every slot of the hour twice, neighbouring slots once
    repeats: list[pd.Timestamp] = []
    dup = uniq[counts == 2]
    if len(dup):
        per_hour = pd.Series(1, index=dup.floor("h")).groupby(level=0).size()
        full = per_hour.index[per_hour.to_numpy() == k]
        multi = uniq[counts > 1]
        isolated = ~(full - step).isin(multi) & ~(full + _HOUR).isin(multi)
        repeats = _transition_hours(full[isolated])

    if not gaps and not repeats:
        return t
    tv = t.to_numpy().copy()
    hour = np.timedelta64(1, "h")
    missing_slots: list[pd.Timestamp] = []
    dup_slots: list[pd.Timestamp] = []
    unpaired_gaps: list[pd.Timestamp] = []
    unpaired_reps: list[pd.Timestamp] = []
    for y in sorted({x.year for x in gaps + repeats}):
        g_y = [g for g in gaps if g.year == y]
        r_y = [r for r in repeats if r.year == y]
        if len(g_y) == 1 and len(r_y) == 1:
            g, r = g_y[0].to_datetime64(), r_y[0].to_datetime64()
            gap_end = g + hour
            if g < r:  # northern hemisphere: daylight time from spring to autumn
                mask = (tv >= gap_end) & (tv < r)
            else:  # southern hemisphere: daylight time at both ends of the calendar year
                y0 = pd.Timestamp(y, 1, 1).to_datetime64()
                y1 = pd.Timestamp(y + 1, 1, 1).to_datetime64()
                # daylight-time labels of the year end run to 1 January 01:00 of the next year
                mask = ((tv >= y0) & (tv < r)) | ((tv >= gap_end) & (tv < y1 + hour))
            for j in range(k):
                s = r + j * step.to_timedelta64()
                mask[int(np.flatnonzero(tv == s)[0])] = True  # the first copy, in file order, is daylight time
            tv[mask] -= hour
            ctx.dst_artefacts += 2
            ctx.messages.append(Note("repair.dst_pair", missing=_fmt(g), repeated=_fmt(r), rows=int(mask.sum())))
        else:
            unpaired_gaps += g_y
            unpaired_reps += r_y
    for g in unpaired_gaps:
        ctx.dst_artefacts += 1
        missing_slots += [g + j * step for j in range(k)]
        ctx.messages.append(Note("repair.dst_missing", missing=_fmt(g)))
    for r in unpaired_reps:
        ctx.dst_artefacts += 1
        dup_slots += [r + j * step for j in range(k)]
        ctx.dst_dup_rows += k
        ctx.messages.append(Note("repair.dst_repeated", repeated=_fmt(r)))
    ctx.dst_missing_slots = ctx.dst_missing_slots.append(pd.DatetimeIndex(missing_slots).as_unit("ns"))
    ctx.dst_dup_slots = ctx.dst_dup_slots.append(pd.DatetimeIndex(dup_slots).as_unit("ns"))
    return pd.DatetimeIndex(tv)


def merge_duplicates(t: pd.DatetimeIndex, values: np.ndarray, ctx: Context) -> tuple[pd.Series, int]:
    """One value per timestamp, the mean of repeated ones (missing values ignored), sorted (step 4).

    Returns the series and the number of duplicate rows merged that are not
    daylight-saving repeats (those are counted as DST artefacts)."""
    s = pd.Series(values, index=pd.DatetimeIndex(t).as_unit("ns"))
    merged = s.groupby(level=0, sort=True).mean()
    dup_rows = len(s) - len(merged) - ctx.dst_dup_rows
    if dup_rows > 0:
        sizes = s.groupby(level=0, sort=True).size()
        repeated = sizes.index[sizes.to_numpy() > 1]
        repeated = repeated[~repeated.isin(ctx.dst_dup_slots)]
        shown: object = [_fmt(x) for x in repeated[:3]]
        if len(repeated) > 3:
            shown = Note("repair.and_more", items=shown, n=len(repeated) - 3)
        ctx.messages.append(Note("repair.duplicates", n=int(dup_rows), shown=shown))
    return merged, dup_rows


def check_not_cumulative(vals: np.ndarray, column: str, source: str) -> None:
    """Refuse cumulative meter-register readings given as a kWh column."""
    v = vals[~np.isnan(vals)]
    if len(v) < 48:
        return
    d = np.diff(v)
    rise = float(d[d > 0].sum())
    # a register only decreases at a reset or roll-over, and its net rise is its total rise
    if np.mean(d < 0) <= 0.001 and np.mean(d > 0) >= 0.5 and v[-1] - v[0] > 0.5 * rise > 0:
        raise ProfileError(
            source,
            Note("repair.error.interval_energy", column=column),
            Note("repair.error.cumulative", first=float(v[0]), last=float(v[-1])),
            column=column,
        )


def to_year(series: pd.Series, year: int | None, ctx: Context) -> tuple[np.ndarray, int, bool]:
    """Choose the year of data, fill gaps and resample to 8760 hourly kW (steps 5-8)."""
    k = ctx.per_hour
    n_slots = HOURS_PER_YEAR * k
    uniq = pd.DatetimeIndex(series.index)
    vals = series.to_numpy(dtype=float)
    known_rows = ~np.isnan(vals)
    years_all = np.asarray(uniq.year)
    feb29 = _is_feb29(uniq)
    data_years = sorted(set(years_all.tolist()))

    def coverage(y: int) -> float:
        return float(((years_all == y) & known_rows & ~feb29).sum()) / n_slots

    calendar_window = _calendar_window(data_years, year, coverage)
    if calendar_window is not None:
        grid = _year_grid(calendar_window, ctx.freq)
        span_lo, span_hi = pd.Timestamp(calendar_window, 1, 1), pd.Timestamp(calendar_window + 1, 1, 1)
        label = str(calendar_window)
    else:
        end = (uniq[known_rows][-1] + ctx.step).ceil("h")
        cand = pd.date_range(end - pd.Timedelta(days=366), end, freq=ctx.freq, inclusive="left", unit="ns")
        grid = cand[~_is_feb29(cand)][-n_slots:]
        span_lo, span_hi = grid[0], end
        label = Note("repair.range", start=_fmt(grid[0]), end=_fmt(grid[-1]))

    in_span = np.asarray((uniq >= span_lo) & (uniq < span_hi))
    leap = bool(np.any(in_span & feb29 & known_rows))
    outside = int(np.sum(~in_span & known_rows))
    if outside and not ctx.ordered:
        ctx.messages.append(
            Note("repair.outside_year", n=outside, label=label, start=_fmt(uniq[0]), end=_fmt(uniq[-1]))
        )
    if leap:
        n29 = int(np.sum(in_span & feb29 & known_rows))
        ctx.messages.append(Note("repair.feb29", hours=n29 // k))

    x = series.reindex(grid).to_numpy(dtype=float)
    have = ~np.isnan(x)
    cov = have.sum() / n_slots
    if cov < MIN_COVERAGE:
        raise ProfileError(
            ctx.source,
            Note("repair.error.coverage", share=MIN_COVERAGE, hours=int(MIN_COVERAGE * HOURS_PER_YEAR)),
            Note("repair.error.covered", hours=float(have.sum() / k), share=float(cov), label=label),
        )

    filled, short_mask, long_mask, short_runs, long_runs = fill_gaps(grid, x, ctx)
    dst_mask = np.asarray(grid.isin(ctx.dst_missing_slots)) if len(ctx.dst_missing_slots) else np.zeros(len(grid), bool)
    gap_short = short_mask & ~dst_mask
    short_runs = [(s, n) for s, n in short_runs if not dst_mask[s : s + n].all()]

    kw, order, hour_index = _hourly(grid, filled, ctx.unit)

    def hours(mask: np.ndarray) -> int:
        m = pd.Series(mask, index=grid).resample("h").max()
        return int(m.reindex(hour_index).fillna(False).astype(bool).sum())

    gaps_h = hours(gap_short | long_mask)
    _gap_messages(ctx, grid, short_runs, long_runs, hours(gap_short) if short_runs else 0, hours(long_mask))
    _year_messages(ctx, year, calendar_window, label)
    return kw, gaps_h, leap


def _calendar_window(data_years: list[int], year: int | None, coverage: Callable[[int], float]) -> int | None:
    """The calendar year of data to use (step 5), or None for the most recent 8760 h."""
    if len(data_years) == 1:
        return data_years[0]
    if year is not None and coverage(year) >= MIN_COVERAGE:
        return year
    best = max(data_years, key=lambda y: (coverage(y), y))
    return best if coverage(best) >= MIN_COVERAGE else None


def _gap_messages(
    ctx: Context,
    grid: pd.DatetimeIndex,
    short_runs: list[tuple[int, int]],
    long_runs: list[tuple[int, int]],
    short_hours: int,
    long_hours: int,
) -> None:
    if short_runs:
        ranges = _fmt_ranges(grid, short_runs)
        ctx.messages.append(
            Note("repair.gaps_short", hours=short_hours, n=len(short_runs), max=MAX_INTERPOLATED_GAP_H, ranges=ranges)
        )
    if long_runs:
        ranges = _fmt_ranges(grid, long_runs)
        ctx.messages.append(
            Note("repair.gaps_long", hours=long_hours, n=len(long_runs), max=MAX_INTERPOLATED_GAP_H, ranges=ranges)
        )


def _year_messages(ctx: Context, year: int | None, calendar_window: int | None, label: object) -> None:
    if ctx.ordered:
        return
    target = year if year is not None else calendar_window
    if calendar_window is None:
        if target is not None:
            ctx.messages.append(Note("repair.arranged_year_target", label=label, year=target))
        else:
            ctx.messages.append(Note("repair.arranged_year", label=label))
    elif target is not None and target != calendar_window:
        ctx.messages.append(Note("repair.mapped_year", data_year=calendar_window, year=target))


def _hourly(grid: pd.DatetimeIndex, filled: np.ndarray, unit: str) -> tuple[np.ndarray, np.ndarray, pd.DatetimeIndex]:
    """Resample to clock hours (kWh summed, kW averaged), drop 29 February, order by (month, day, hour)."""
    r = pd.Series(filled, index=grid).resample("h")
    agg = r.sum() if unit == "kwh" else r.mean()
    agg = agg[~_is_feb29(pd.DatetimeIndex(agg.index))]
    idx = pd.DatetimeIndex(agg.index)
    order = np.lexsort((np.asarray(idx.hour), np.asarray(idx.day), np.asarray(idx.month)))
    kw = agg.to_numpy(dtype=float)[order]
    if kw.shape != (HOURS_PER_YEAR,):  # pragma: no cover - the grid is a whole number of hours of a 365-day year
        raise AssertionError(f"expected 8760 hourly values, found {kw.shape}")
    return kw, order, idx


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of the runs of True in ``mask``, linear."""
    if not mask.any():
        return []
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return list(zip(starts.tolist(), (ends - starts).tolist(), strict=True))


def _circular_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of runs of True, joining a run at the end with one at the start."""
    runs = _runs(mask)
    n = len(mask)
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][0] + runs[-1][1] == n:
        last = runs.pop()
        first = runs.pop(0)
        runs.append((last[0], last[1] + first[1]))
    return runs


def _fmt_ranges(grid: pd.DatetimeIndex, runs: list[tuple[int, int]], limit: int = 3) -> object:
    """The first ``limit`` runs as times or ranges (a list, or a Note "..., and N more")."""
    n = len(grid)
    parts: list[object] = []
    for start, length in runs[:limit]:
        a, b = grid[start], grid[(start + length - 1) % n]
        parts.append(_fmt(a) if length == 1 else Note("repair.range", start=_fmt(a), end=_fmt(b)))
    if len(runs) > limit:
        return Note("repair.and_more_list", items=parts, n=len(runs) - limit)
    return parts


def fill_gaps(
    grid: pd.DatetimeIndex, x: np.ndarray, ctx: Context
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int]], list[tuple[int, int]]]:
    """Fill NaN in ``x`` (read_hourly_profile Notes, step 7).

    Returns the filled values, the masks of slots filled by interpolation and
    from other weeks, and the (start, length) runs of each kind.
    """
    n = len(x)
    missing = np.isnan(x)
    short_mask = np.zeros(n, dtype=bool)
    long_mask = np.zeros(n, dtype=bool)
    if not missing.any():
        return x.copy(), short_mask, long_mask, [], []
    runs = _circular_runs(missing)
    max_short = MAX_INTERPOLATED_GAP_H * ctx.per_hour
    short_runs = [(s, ln) for s, ln in runs if ln <= max_short]
    long_runs = [(s, ln) for s, ln in runs if ln > max_short]
    for s, ln in short_runs:
        short_mask[(s + np.arange(ln)) % n] = True
    for s, ln in long_runs:
        long_mask[(s + np.arange(ln)) % n] = True
    out = x.copy()
    idx = np.arange(n)
    known = ~missing
    if short_mask.any():
        out[short_mask] = np.interp(idx[short_mask], idx[known], x[known], period=n)
    if long_mask.any():
        week = 7 * 24 * ctx.per_hour
        todo = long_mask.copy()
        for weeks in (-1, 1, -2, 2, -3, 3, -4, 4):
            j = (idx + weeks * week) % n
            take = todo & known[j]
            out[take] = x[j[take]]
            todo &= ~take
            if not todo.any():
                break
        if todo.any():
            slots_per_day = 24 * ctx.per_hour
            tod = np.asarray((grid - grid.normalize()) // ctx.step).astype(np.int64)
            wd = np.asarray(grid.day_of_week).astype(np.int64)
            key = wd * slots_per_day + tod
            sums = np.bincount(key[known], weights=x[known], minlength=7 * slots_per_day)
            cnt = np.bincount(key[known], minlength=7 * slots_per_day)
            tsum = np.bincount(tod[known], weights=x[known], minlength=slots_per_day)
            tcnt = np.bincount(tod[known], minlength=slots_per_day)
            for i in np.flatnonzero(todo):
                if cnt[key[i]]:
                    out[i] = sums[key[i]] / cnt[key[i]]
                elif tcnt[tod[i]]:
                    out[i] = tsum[tod[i]] / tcnt[tod[i]]
                else:
                    out[i] = float(np.mean(x[known]))
    return out, short_mask, long_mask, short_runs, long_runs
