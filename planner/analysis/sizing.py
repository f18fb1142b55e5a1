"""Battery sizing: sweep energy x power and evaluate the project at every point.

``retrofit-planner size FILE --measure NAME --energy 500:4000:500 --power
250:2000:250 [--dispatch tou_rule|optimal] --json`` (DESIGN.md "Storage").

Conventions (choices where DESIGN.md is silent)
-----------------------------------------------
* Each point is the whole project with the named battery at that energy
  [kWh] and power [kW]: ``npv_yuan``, ``irr_pct`` and ``payback_years`` are
  the project's (what ``compute`` would print for the project so changed);
  ``capex_yuan`` is the battery's capex at that size (``capex_yuan_per_kwh``
  x energy + ``capex_yuan_per_kw`` x power, or ``capex_yuan`` when neither
  rate is given: then every size costs the same and a warning says so).
  Each point also carries the battery's own ``battery_npv_yuan``,
  ``battery_irr_pct``, ``battery_payback_years``, ``first_year_savings_yuan``
  and ``equivalent_full_cycles_per_year``.
* ``best`` is the point of maximum project NPV (the same point as the
  maximum battery NPV, since the battery's flows add to the rest); ties go
  to the smaller capex, then the smaller energy.
* Speed: the project without the battery is computed once
  (:func:`planner.engine.chain.run_project`, which leaves its meter and cash
  flow in ``result.storage_base``); each point re-runs only the battery's
  dispatch, bill, lifetime and the cash flow.  The battery is placed after
  every other measure, other batteries included, so a point equals
  ``run_project`` exactly when the sized battery is the last battery in the
  file (with one battery, always).
* Progress (as :func:`planner.analysis.montecarlo.monte_carlo`): the
  optional ``progress(share)`` is called with 0 before the base run, then
  with k / (points + 1) after the base run (k = 1) and after each point,
  ending at exactly 1; returning ``False`` stops the sweep at once with
  :class:`planner.analysis.montecarlo.Cancelled` (no partial result).
* A range ``a:b:s`` is a, a+s, ... up to b inclusive (b is included when
  it falls on the step within 1e-9); a single number or a comma list also
  works.  Sizes must be > 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.analysis.montecarlo import Cancelled
from planner.engine import finance, storage_step
from planner.engine.chain import run_project
from planner.model.errors import InputError
from planner.model.project import BatteryMeasure, Project
from planner.terms import Note

MAX_POINTS = 10_000


def parse_range(text: str, where: str) -> list[float]:
    """``"500:4000:500"`` -> [500, 1000, ..., 4000]; ``"1000"``; ``"500,1000"``.

    Raises
    ------
    InputError
        Not numbers, a step <= 0, a size <= 0 or too many points.
    """
    raw = str(text).strip()
    try:
        if ":" in raw:
            parts = [float(x) for x in raw.split(":")]
            if len(parts) != 3:
                raise ValueError
            a, b, s = parts
            if s <= 0 or b < a:
                raise InputError(where, "start:stop:step with step > 0 and stop >= start", raw)
            n = int(np.floor((b - a) / s + 1e-9)) + 1
            if n > MAX_POINTS:
                raise InputError(where, f"at most {MAX_POINTS} sizes", f"{n}")
            values = [a + i * s for i in range(n)]
        else:
            values = [float(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        raise InputError(where, "a range start:stop:step, a number or a comma list of numbers", repr(raw)) from None
    if not values or any(not np.isfinite(v) or v <= 0 for v in values):
        raise InputError(where, "sizes > 0", raw)
    return values


@dataclass(frozen=True)
class SizingPoint:
    """One size [kWh, kW] and what it gives [yuan, %, years]."""

    energy_kwh: float
    power_kw: float
    capex_yuan: float
    npv_yuan: float
    irr_pct: float | None
    payback_years: float | None
    battery_npv_yuan: float
    battery_irr_pct: float | None
    battery_payback_years: float | None
    first_year_savings_yuan: float
    equivalent_full_cycles_per_year: float

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        return {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in out.items()}


@dataclass(frozen=True)
class SizingResult:
    """The sweep: ``grid`` in energy-major order (all powers of the first energy first)."""

    measure: str
    dispatch: str
    energies_kwh: list[float]
    powers_kw: list[float]
    grid: list[SizingPoint]
    best: SizingPoint
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "dispatch": self.dispatch,
            "energies_kwh": list(self.energies_kwh),
            "powers_kw": list(self.powers_kw),
            "grid": [p.to_dict() for p in self.grid],
            "best": self.best.to_dict(),
            "warnings": list(self.warnings),
        }

    def npv_matrix(self) -> np.ndarray:
        """Project NPV [yuan] as (len(energies), len(powers)) for a heat map."""
        return np.array([p.npv_yuan for p in self.grid]).reshape(len(self.energies_kwh), len(self.powers_kw))


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100.0


def find_battery(project: Project, name: str) -> tuple[int, BatteryMeasure]:
    for i, m in enumerate(project.measures):
        if m.name == name:
            if not isinstance(m, BatteryMeasure):
                raise InputError("--measure", "the name of a battery measure", f"'{name}' is a {m.type} measure")
            return i, m
    names = [m.name for m in project.measures if isinstance(m, BatteryMeasure)]
    raise InputError(
        "--measure", "the name of a battery measure (" + (", ".join(names) or "the project has none") + ")", name
    )


def size_battery(
    project: Project,
    measure_name: str,
    energies_kwh,
    powers_kw,
    dispatch: str | None = None,
    base_dir=None,
    progress: Callable[[float], bool | None] | None = None,
) -> SizingResult:
    """Evaluate every (energy, power) combination (module notes).

    Parameters
    ----------
    project : Project
    measure_name : str
        Name of the battery measure to size.
    energies_kwh, powers_kw : sequence of float
        Sizes to try [kWh], [kW].
    dispatch : {"tou_rule", "optimal"}, optional
        Overrides the measure's dispatch.
    base_dir : path, optional
        As for :func:`run_project`.
    progress : callable, optional
        Called with the share done (0..1, module notes); returning False
        cancels (:class:`planner.analysis.montecarlo.Cancelled`).
    """
    idx, m = find_battery(project, measure_name)
    if dispatch is not None and dispatch not in ("tou_rule", "optimal"):
        raise InputError("--dispatch", "tou_rule or optimal", dispatch)
    mode = dispatch or m.dispatch
    steps = len(energies_kwh) * len(powers_kw) + 1  # the base run, then every point

    def tick(k: int) -> None:
        if progress is not None and progress(k / steps) is False:
            raise Cancelled()

    tick(0)
    rest = project.model_copy(update={"measures": [x for i, x in enumerate(project.measures) if i != idx]})
    base = run_project(rest, base_dir).storage_base
    tick(1)
    n = project.finance.analysis_years
    rate = project.finance.discount_rate_pct / 100.0
    m_on = m.model_copy(update={"enabled": True, "dispatch": mode})
    warnings: list[str] = []
    if m.capex_yuan_per_kwh is None and m.capex_yuan_per_kw is None:
        warnings.append(Note("storage.sizing.flat_capex", capex=m.capex_yuan))  # English str; .text(lang) in the app
    grid: list[SizingPoint] = []
    for e in energies_kwh:
        for p in powers_kw:
            grid.append(_point(base, m_on, float(e), float(p), mode, n, rate))
            tick(1 + len(grid))
    best = max(grid, key=lambda q: (q.npv_yuan, -q.capex_yuan, -q.energy_kwh))
    return SizingResult(
        m.name, mode, [float(e) for e in energies_kwh], [float(p) for p in powers_kw], grid, best, warnings
    )


def _point(base, m: BatteryMeasure, e: float, p: float, mode: str, n: int, rate: float) -> SizingPoint:
    y1 = storage_step.apply_battery(base.state, m, base.ht, base.cal, base.tariff, base.bill_fn, e, p, mode)
    yrs = storage_step.battery_years(m, y1, n, base.price_growth, base.om_growth)
    cf = finance.cash_flow(storage_step.with_battery(base, yrs))
    savings_1 = float(yrs.savings_by_year[0]) if n else 0.0
    mr = storage_step.battery_metrics(m, y1, yrs, savings_1, rate)
    capex = float(m.model_copy(update={"energy_kwh": e, "power_kw": p}).effective_capex_yuan)
    return SizingPoint(
        energy_kwh=e,
        power_kw=p,
        capex_yuan=capex,
        npv_yuan=float(cf.npv),
        irr_pct=_pct(cf.irr),
        payback_years=cf.payback_years,
        battery_npv_yuan=float(mr.npv_yuan),
        battery_irr_pct=mr.irr_pct,
        battery_payback_years=mr.payback_years,
        first_year_savings_yuan=savings_1,
        equivalent_full_cycles_per_year=yrs.efc,
    )
