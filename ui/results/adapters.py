"""Reshape engine results for the charts (no new numbers: averages and
selections of what :func:`planner.engine.chain.run_project` returned)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.model.project import PERIODS


@dataclass
class TypicalDay:
    """Average hourly power [kW] of the chosen month's working (or rest) days."""

    hours: np.ndarray
    baseline_kw: np.ndarray
    after_kw: np.ndarray
    pv_kw: np.ndarray | None
    grid_import_kw: np.ndarray
    n_days: int


def hourly_average(values, mask: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Mean of ``values`` over the hours selected by ``mask``, for each hour of the day 0..23 (0 where none)."""
    arr = np.asarray(values, dtype=float)
    out = np.zeros(24)
    for h in range(24):
        sel = mask & (hours == h)
        out[h] = float(arr[sel].mean()) if sel.any() else 0.0
    return out


def typical_day(result, month: int, working_day: bool = True) -> TypicalDay:
    cal = result.calendar
    mask = (np.asarray(cal.month) == month) & (np.asarray(cal.is_working_day) == working_day)
    hours = np.asarray(cal.hour)
    n_days = int(mask.sum() // 24)

    def avg(series) -> np.ndarray:
        return hourly_average(series, mask, hours)

    pv = avg(result.pv.hourly_generation_kw) if result.pv is not None else None
    return TypicalDay(
        np.arange(24), avg(result.baseline_kw), avg(result.after_kw), pv, avg(result.grid_import_kw), n_days
    )


@dataclass
class MonthlyStack:
    """First-year monthly bill components [yuan], before and after, shape (12,) each."""

    periods: list[str]  # TOU periods present
    before: dict[str, np.ndarray]  # component -> values
    after: dict[str, np.ndarray]
    bill_before: np.ndarray
    bill_after: np.ndarray
    storage_saving: np.ndarray | None = None
    """The battery's share of the monthly saving [yuan] (``result.monthly["storage_savings_yuan"]``), else None."""


def monthly_stack(result) -> MonthlyStack:
    m = result.monthly
    periods = [
        p
        for p in PERIODS
        if f"energy_before_{p}_yuan" in m
        and (np.abs(m[f"energy_before_{p}_yuan"]).sum() > 0 or np.abs(m[f"energy_after_{p}_yuan"]).sum() > 0)
    ]
    before = {p: m[f"energy_before_{p}_yuan"].to_numpy(float) for p in periods}
    after = {p: m[f"energy_after_{p}_yuan"].to_numpy(float) for p in periods}
    zeros = np.zeros(len(m))
    before["basic"] = m["basic_before_yuan"].to_numpy(float) if "basic_before_yuan" in m else zeros
    after["basic"] = m["basic_after_yuan"].to_numpy(float) if "basic_after_yuan" in m else zeros
    # issue 10: power-factor adjustment (negative = discount) and surcharges, so the stack sums to the bill
    for key, col in (("pf", "pf_adjustment_yuan"), ("surcharges", "surcharges_yuan")):
        before[key] = m[f"{col}_before"].to_numpy(float) if f"{col}_before" in m else zeros
        after[key] = m[f"{col}_after"].to_numpy(float) if f"{col}_after" in m else zeros
    before["emc"] = zeros
    after["emc"] = m["emc_payment_yuan"].to_numpy(float) if "emc_payment_yuan" in m else zeros
    before["export"] = zeros
    after["export"] = -m["export_credit_yuan"].to_numpy(float) if "export_credit_yuan" in m else zeros
    storage = m["storage_savings_yuan"].to_numpy(float) if "storage_savings_yuan" in m else None
    return MonthlyStack(
        periods, before, after, m["bill_before_yuan"].to_numpy(float), m["bill_after_yuan"].to_numpy(float), storage
    )
