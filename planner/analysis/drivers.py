"""Sensitivity and Monte Carlo drivers, applied to a *copy* of a project.

Definitions (DESIGN.md "Scenarios, sensitivity and uncertainty"); ``x`` is the
driver value in the units of the project keys ``sensitivity`` and
``uncertainty``: **percent** for the multiplicative drivers, **percentage
points** for ``escalation`` and ``discount_rate``.  Below ``f = x / 100``.

* ``energy_price``: every TOU period price ``tariff/prices_yuan_per_kwh/*``
  x (1 + f).  Not the export price, not the basic charge, not an EMC fixed
  price per kWh (an EMC *discount* price follows the grid price, so it moves).
* ``export_price``: ``tariff/export_price_yuan_per_kwh`` x (1 + f).
* ``capex``: every measure's capex (``capex_yuan`` and, where a measure has
  them, ``capex_yuan_per_kwh`` / ``capex_yuan_per_kw``) x (1 + f); batteries
  included.  Replacements are at capex, so they move too.  PV owned by an
  EMC investor is scaled as well, but its capex is not the factory's.
* ``battery_capex``: the same on measures of type ``battery`` only (composes
  with ``capex``: x (1 + f_capex)(1 + f_battery)); absent when the project
  has no battery.
* ``efficiency_savings``: the year-1 kWh of every non-PV, non-battery measure
  x (1 + f) (engine hook ``run_project(..., scales={"efficiency_savings"})``,
  there is no single field for it).
* ``pv_yield``: every PV measure's hourly output x (1 + f) (engine hook
  ``scales={"pv_yield"}``).
* ``om``: every measure's ``om_yuan_per_year`` and ``om_change_yuan_per_year``
  x (1 + f) (an O&M reduction, a negative change, grows too).
* ``escalation``: ``tariff/escalation_pct_per_year`` + x (the O&M escalation
  is not moved).
* ``discount_rate``: ``finance/discount_rate_pct`` + x.

A changed value outside what the project model accepts (a negative discount
rate) is an :class:`~planner.model.errors.InputError` naming the driver.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.model.errors import InputError
from planner.model.project import DRIVERS, POINT_DRIVERS, Project, default_driver_range

__all__ = [
    "DRIVERS",
    "POINT_DRIVERS",
    "applicable_drivers",
    "apply_drivers",
    "evaluate",
    "default_driver_range",
]

CAPEX_KEYS = ("capex_yuan", "capex_yuan_per_kwh", "capex_yuan_per_kw")
OM_KEYS = ("om_yuan_per_year", "om_change_yuan_per_year")
SCALE_DRIVERS = ("efficiency_savings", "pv_yield")


def _enabled(project: Project) -> list[Any]:
    return [m for m in project.measures if getattr(m, "enabled", True)]


def applicable_drivers(project: Project) -> list[str]:
    """The drivers that can move this project's results, in :data:`DRIVERS` order.

    ``export_price`` and ``pv_yield`` need an enabled PV measure,
    ``efficiency_savings`` a non-PV non-battery one, ``battery_capex`` a
    battery, ``capex`` and ``om`` a non-zero capex / O&M; ``energy_price``,
    ``escalation`` and ``discount_rate`` always apply.
    """
    ms = _enabled(project)
    types = {m.type for m in ms}
    out = []
    for d in DRIVERS:
        if d in ("export_price", "pv_yield") and "pv" not in types:
            continue
        if d == "efficiency_savings" and not any(m.type not in ("pv", "battery") for m in ms):
            continue
        if d == "battery_capex" and "battery" not in types:
            continue
        if d == "capex" and not any(any(getattr(m, k, 0) or 0 for k in CAPEX_KEYS) for m in ms):
            continue
        if d == "om" and not any(any(getattr(m, k, 0) or 0 for k in OM_KEYS) for m in ms):
            continue
        out.append(d)
    return out


def _check_driver(name: str) -> None:
    if name not in DRIVERS:
        raise InputError("driver", f"one of {', '.join(DRIVERS)}", f"'{name}'")


def apply_drivers(project: Project, values: Mapping[str, float], context: str = "") -> tuple[Project, dict[str, float]]:
    """A changed copy of ``project`` and the engine scales for the drivers ``values``.

    Parameters
    ----------
    project : Project
        The base project; never modified.
    values : mapping of driver name -> x
        Driver values [% for multiplicative drivers, percentage points for
        ``escalation`` / ``discount_rate``]; several drivers at once compose.
    context : str
        Prefix of error messages (e.g. ``"sensitivity"``).

    Returns
    -------
    (Project, dict)
        The edited, re-validated project and the ``scales`` argument of
        :func:`planner.engine.chain.run_project` (``efficiency_savings`` and
        ``pv_yield`` factors [-]).
    """
    for name in values:
        _check_driver(name)
    f = {k: float(v) / 100.0 for k, v in values.items() if k not in POINT_DRIVERS}
    pts = {k: float(v) for k, v in values.items() if k in POINT_DRIVERS}
    data = json.loads(json.dumps(project.model_dump(mode="json"), ensure_ascii=False))
    _edit_tariff(data, f, pts)
    for m in data.get("measures", []):
        _edit_measure(m, f)
    try:
        changed = Project.model_validate(data)
    except ValidationError as err:
        e = err.errors(include_url=False)[0]
        loc = "/".join(str(p) for p in e.get("loc", ()))
        desc = ", ".join(f"{k} {v:+g}" for k, v in values.items())
        raise InputError(
            f"{context + ': ' if context else ''}drivers {desc}",
            f"a valid project after the change ({e.get('msg', '')} at {loc})",
            repr(e.get("input")),
        ) from None
    scales = {k: 1.0 + f[k] for k in SCALE_DRIVERS if k in f}
    return changed, scales


def _edit_tariff(data: dict, f: dict[str, float], pts: dict[str, float]) -> None:
    """energy_price, export_price (fractions f) and escalation, discount_rate (points) on a project dict."""
    tariff = data["tariff"]
    if "energy_price" in f:
        tariff["prices_yuan_per_kwh"] = {
            p: v * (1.0 + f["energy_price"]) for p, v in tariff["prices_yuan_per_kwh"].items()
        }
    if "export_price" in f and tariff.get("export_price_yuan_per_kwh") is not None:
        tariff["export_price_yuan_per_kwh"] = tariff["export_price_yuan_per_kwh"] * (1.0 + f["export_price"])
    if "escalation" in pts:
        tariff["escalation_pct_per_year"] = tariff.get("escalation_pct_per_year", 0.0) + pts["escalation"]
    if "discount_rate" in pts:
        data["finance"]["discount_rate_pct"] = data["finance"].get("discount_rate_pct", 0.0) + pts["discount_rate"]


def _scale_keys(m: dict, keys: tuple[str, ...], factor: float) -> None:
    for k in keys:
        if isinstance(m.get(k), (int, float)) and not isinstance(m.get(k), bool):
            m[k] = m[k] * factor


def _edit_measure(m: dict, f: dict[str, float]) -> None:
    """capex, battery_capex and om (fractions f) on one measure dict."""
    factor = 1.0 + f.get("capex", 0.0)
    if m.get("type") == "battery":
        factor *= 1.0 + f.get("battery_capex", 0.0)
    if factor != 1.0:
        _scale_keys(m, CAPEX_KEYS, factor)
    if "om" in f:
        _scale_keys(m, OM_KEYS, 1.0 + f["om"])


def evaluate(project: Project, values: Mapping[str, float], base_dir: str | Path | None = None, context: str = ""):
    """Full recompute of ``project`` with the drivers ``values`` applied: a ProjectResult."""
    from planner.engine.chain import run_project

    changed, scales = apply_drivers(project, values, context)
    return run_project(changed, base_dir, scales=scales or None)
