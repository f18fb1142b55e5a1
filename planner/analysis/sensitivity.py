"""Tornado sensitivity and break-even, every figure a full recompute.

Units: driver values ``low`` / ``high`` are in the units of the project key
``sensitivity`` (percent change for multiplicative drivers, percentage points
for ``escalation`` and ``discount_rate``; see :mod:`planner.analysis.drivers`);
break-even changes are in **percent** (``energy_price_pct = -35.2`` means the
NPV is zero with every period price x 0.648).

Break-even
----------
* ``energy_price_pct``: the change x of the ``energy_price`` driver at which
  NPV(x) = 0;
* ``capex_pct``: the change of the ``capex`` driver at which NPV = 0;
* ``energy_price_for_payback_pct``: the ``energy_price`` change at which the
  (static) ``payback_years`` equals ``payback_target_years``.

Each is found by :func:`scipy.optimize.brentq` on full recomputes of the
changed project, in a bracket grown from the base (x = 0) outwards
(energy price down to -100 %, up to +10,000 %; capex -100 % .. +100,000 %).
A root that does not exist in the bracket (NPV positive even at zero
prices) is ``None``.  The payback target must lie in (0, analysis_years];
a payback that does not exist (never paid back) counts as
``analysis_years + 1`` while bracketing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scipy.optimize import brentq

from planner.analysis.drivers import applicable_drivers, evaluate
from planner.model.errors import InputError
from planner.model.project import Project, SensitivityDriver, default_driver_range

XTOL_PCT = 1e-7
"""Absolute tolerance of the break-even roots [%]."""


@dataclass(frozen=True)
class DriverResult:
    """One tornado bar: NPV [yuan], IRR [%], payback [years] at the driver's low and high."""

    driver: str
    low: float
    high: float
    npv_low_yuan: float
    npv_high_yuan: float
    irr_low_pct: float | None
    irr_high_pct: float | None
    payback_low_years: float | None
    payback_high_years: float | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def npv_swing_yuan(self) -> float:
        """|NPV(high) - NPV(low)| [yuan], the tornado's sort key."""
        return abs(self.npv_high_yuan - self.npv_low_yuan)


@dataclass(frozen=True)
class SensitivityResult:
    """``retrofit-planner sensitivity --json`` (DESIGN.md); drivers in the order given."""

    npv_yuan: float
    irr_pct: float | None
    payback_years: float | None
    drivers: list[DriverResult]
    energy_price_break_even_pct: float | None
    capex_break_even_pct: float | None
    payback_target_years: float | None = None
    energy_price_for_payback_pct: float | None = None
    spider: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "base": {"npv_yuan": self.npv_yuan, "irr_pct": self.irr_pct, "payback_years": self.payback_years},
            "drivers": [d.to_dict() for d in self.drivers],
            "break_even": {
                "energy_price_pct": self.energy_price_break_even_pct,
                "capex_pct": self.capex_break_even_pct,
                "energy_price_for_payback_pct": self.energy_price_for_payback_pct,
                "payback_target_years": self.payback_target_years,
            },
        }
        if self.spider:
            out["spider"] = self.spider
        return out


def driver_settings(project: Project) -> list[SensitivityDriver]:
    """The project's ``sensitivity.drivers`` that apply (others are left out), or every
    applicable driver at its default range (+-20 % / +-2 points)."""
    usable = set(applicable_drivers(project))
    given = project.sensitivity.drivers if project.sensitivity and project.sensitivity.drivers is not None else None
    if given is None:
        return [SensitivityDriver(driver=d, low=None, high=None) for d in applicable_drivers(project)]
    return [d for d in given if d.driver in usable]


def _root(fn: Callable[[float], float], f0: float, lo_limit: float, hi_limit: float) -> float | None:
    """Root of a (monotone in practice) ``fn`` nearest to 0 by growing a bracket from x = 0.

    The bracket stops growing in a direction where the changed project is no
    longer valid (an ``InputError``: e.g. a price beyond the physical bound of
    :mod:`planner.model.bounds`): a break-even beyond the bounds is reported
    as none (None), never extrapolated.
    """
    if f0 == 0.0:
        return 0.0
    steps = [10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0, 30000.0, 100000.0]
    for direction, limit in ((-1.0, lo_limit), (1.0, hi_limit)):
        prev_x, prev_f = 0.0, f0
        for s in steps:
            x = max(direction * s, lo_limit) if direction < 0 else min(direction * s, hi_limit)
            try:
                fx = fn(x)
            except InputError:
                break
            if fx == 0.0:
                return x
            if (fx > 0) != (prev_f > 0):
                a, b = sorted((prev_x, x))
                return float(brentq(fn, a, b, xtol=XTOL_PCT, maxiter=200))
            prev_x, prev_f = x, fx
            if x == limit:
                break
    return None


def sensitivity(
    project: Project,
    base_dir: str | Path | None = None,
    *,
    payback_target_years: float | None = None,
    spider_points: int = 0,
) -> SensitivityResult:
    """Tornado end points and break-even values of a project, by full recomputes.

    Parameters
    ----------
    project : Project
        Never modified; each point is :func:`planner.analysis.drivers.evaluate`.
    base_dir : path, optional
        Directory of the project file (for profile files).
    payback_target_years : float, optional
        Target [years] for ``energy_price_for_payback_pct``; default the
        project's ``sensitivity.payback_target_years``; None = not computed.
    spider_points : int
        When > 0, also NPV at that many evenly spaced values across each
        driver's [low, high] (the spider plot), full recomputes too.
    """
    from planner.engine.chain import run_project

    base = run_project(project, base_dir).summary
    n_years = base.analysis_years
    rows: list[DriverResult] = []
    spider: list[dict[str, Any]] = []
    for d in driver_settings(project):
        lo, hi = (d.low, d.high) if d.low is not None and d.high is not None else default_driver_range(d.driver)
        r_lo = evaluate(project, {d.driver: lo}, base_dir, context=f"sensitivity driver '{d.driver}' low").summary
        r_hi = evaluate(project, {d.driver: hi}, base_dir, context=f"sensitivity driver '{d.driver}' high").summary
        rows.append(
            DriverResult(
                d.driver,
                lo,
                hi,
                r_lo.npv_yuan,
                r_hi.npv_yuan,
                r_lo.irr_pct,
                r_hi.irr_pct,
                r_lo.payback_years,
                r_hi.payback_years,
            )
        )
        if spider_points > 1:
            xs = [lo + (hi - lo) * i / (spider_points - 1) for i in range(spider_points)]
            spider.append(
                {
                    "driver": d.driver,
                    "x": xs,
                    "npv_yuan": [
                        evaluate(project, {d.driver: x}, base_dir, context="spider").summary.npv_yuan for x in xs
                    ],
                }
            )

    def npv_at(driver: str) -> Callable[[float], float]:
        return lambda x: evaluate(project, {driver: x}, base_dir, context=f"break-even {driver}").summary.npv_yuan

    be_price = _root(npv_at("energy_price"), base.npv_yuan, -100.0, 10000.0)
    has_capex = "capex" in applicable_drivers(project)
    be_capex = _root(npv_at("capex"), base.npv_yuan, -100.0, 100000.0) if has_capex else None

    target = payback_target_years
    if target is None and project.sensitivity is not None:
        target = project.sensitivity.payback_target_years
    price_for_payback = None
    if target is not None:
        if not (0 < target <= n_years):
            raise InputError(
                "payback target", f"a number of years in (0, {n_years}] (the analysis period)", f"{target:g}"
            )

        def payback_gap(x: float) -> float:
            pb = evaluate(project, {"energy_price": x}, base_dir, context="payback target").summary.payback_years
            return (n_years + 1.0 if pb is None else pb) - target

        if base.capex_yuan > 0:
            price_for_payback = _root(payback_gap, payback_gap(0.0), -100.0, 10000.0)

    return SensitivityResult(
        npv_yuan=base.npv_yuan,
        irr_pct=base.irr_pct,
        payback_years=base.payback_years,
        drivers=rows,
        energy_price_break_even_pct=be_price,
        capex_break_even_pct=be_capex,
        payback_target_years=target,
        energy_price_for_payback_pct=price_for_payback,
        spider=spider,
    )
