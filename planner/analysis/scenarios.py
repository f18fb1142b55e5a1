"""Scenarios: named lists of changes on the base project, compared side by side.

A scenario (project key ``scenarios``, DESIGN.md) is applied to the base
project by :func:`apply_scenario`: first ``enabled_measures`` (when given,
exactly the measures named there are enabled, every other is disabled),
then each change ``{"path", "value"}`` in order (paths as in
:mod:`planner.model.edits`; measures by name).  The result is a new,
validated project; the base is never changed.  The scenario's own
``scenarios`` / ``sensitivity`` / ``uncertainty`` keys stay as in the base.

:func:`compare` lists the base first (named by the project's ``name``) and
then every scenario in file order; ``best`` names, per KPI, the scenario
with the highest NPV / IRR / savings / CO2 or the shortest payback (ties:
the first).  A KPI that does not exist (``None``) never wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.model.edits import with_values
from planner.model.errors import InputError
from planner.model.project import Project, Scenario
from planner.model.results import ProjectResult, Summary

HIGHER_IS_BETTER = (
    "npv_yuan",
    "irr_pct",
    "first_year_savings_yuan",
    "lifetime_savings_yuan",
    "first_year_energy_saved_kwh",
    "lifetime_co2_avoided_t",
    "benefit_cost_ratio",
)
LOWER_IS_BETTER = ("capex_yuan", "simple_payback_years", "payback_years", "discounted_payback_years")


def scenario_context(scenario: Scenario) -> str:
    return f"scenario '{scenario.name}'"


def apply_scenario(project: Project, scenario: Scenario | dict) -> Project:
    """The base project with the scenario's changes: a new validated Project.

    Raises
    ------
    InputError
        naming the scenario and the path: a path that names no field or no
        measure, a value of the wrong type or out of range, an unknown
        measure in ``enabled_measures``.
    """
    if isinstance(scenario, dict):
        scenario = Scenario.model_validate(scenario)
    ctx = scenario_context(scenario)
    changes: list[tuple[str, Any]] = []
    if scenario.enabled_measures is not None:
        names = [m.name for m in project.measures]
        for n in scenario.enabled_measures:
            if n not in names:
                listed = ", ".join(f"'{x}'" for x in names) or "none"
                raise InputError(f"{ctx}: enabled_measures", f"a measure name (one of {listed})", f"'{n}'")
        wanted = set(scenario.enabled_measures)
        changes += [(f"measures/{i}/enabled", m.name in wanted) for i, m in enumerate(project.measures)]
    # index paths for enabled_measures (names may contain '/'); the user's paths use names
    changes += [(c.path, c.value) for c in scenario.changes]
    changes += [(path, value) for path, value, _ in emc_defaults(project, changes, ctx)]
    result = with_values(project, changes, context=ctx) if changes else project.model_copy(deep=True)
    return result


DEFAULT_EMC_DISCOUNT_PCT = 10.0
"""Discount off the grid price assumed when a scenario makes PV EMC-owned and names no terms:
the app's default, inside REFERENCE-DATA.md's range (the investor sells at 80-95 % of the TOU price)."""


def emc_defaults(project: Project, changes: list[tuple[str, Any]], context: str) -> list[tuple[str, Any, str]]:
    """``(path, value, note)`` for every PV measure the changes make ``emc`` without EMC terms.

    DESIGN.md's own example scenario changes only ``ownership`` to ``"emc"``; the
    project model needs ``emc_discount_pct`` or ``emc_price_yuan_per_kwh`` then,
    so :data:`DEFAULT_EMC_DISCOUNT_PCT` is added (and said, in the note).
    """
    from planner.model.edits import resolve

    data = project.model_dump(mode="json")
    touched: dict[int, dict[str, Any]] = {}
    for path, value in changes:
        parent, key, _ = resolve(data, path, context)
        if isinstance(parent, dict) and parent in data["measures"]:
            idx = next(i for i, m in enumerate(data["measures"]) if m is parent)
            touched.setdefault(idx, {})[key] = value
    out = []
    for idx, keys in touched.items():
        m = dict(data["measures"][idx], **keys)
        if m.get("type") == "pv" and m.get("ownership") == "emc":
            if m.get("emc_discount_pct") is None and m.get("emc_price_yuan_per_kwh") is None:
                path = f"measures/{idx}/emc_discount_pct"
                note = (
                    f"{context}: measures/{m['name']}/emc_discount_pct not given for EMC ownership, "
                    f"{DEFAULT_EMC_DISCOUNT_PCT:g} % assumed"
                )
                out.append((path, DEFAULT_EMC_DISCOUNT_PCT, note))
    return out


@dataclass
class ScenarioResult:
    """One column of the comparison: the scenario's summary and the series the views plot."""

    name: str
    description: str
    result: ProjectResult
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> Summary:
        return self.result.summary

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "name": self.name,
            "description": self.description,
            "summary": r.summary.to_dict(),
            "notes": list(self.notes),
            "cumulative_cash_flow_yuan": [float(v) for v in r.cash_flow["cumulative_yuan"]],
            "savings_by_measure": [
                {
                    "name": m.name,
                    "first_year_savings_yuan": m.first_year_savings_yuan,
                    "first_year_energy_saved_kwh": m.first_year_energy_saved_kwh,
                }
                for m in r.measures
            ],
        }


@dataclass
class Comparison:
    """``retrofit-planner compare --json``: ``{"scenarios": [...], "best": {kpi: name}}``."""

    scenarios: list[ScenarioResult]
    best: dict[str, str | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from planner.model.results import _clean

        return _clean({"scenarios": [s.to_dict() for s in self.scenarios], "best": dict(self.best)})


def best_by_kpi(rows: list[ScenarioResult]) -> dict[str, str | None]:
    """Per KPI the name of the best scenario (higher or lower is better, see module doc)."""
    out: dict[str, str | None] = {}
    for key in HIGHER_IS_BETTER + LOWER_IS_BETTER:
        vals = [(getattr(r.summary, key), i) for i, r in enumerate(rows) if getattr(r.summary, key) is not None]
        if not vals:
            out[key] = None
            continue
        sign = -1.0 if key in HIGHER_IS_BETTER else 1.0
        _, i = min(vals, key=lambda t: (sign * t[0], t[1]))
        out[key] = rows[i].name
    return out


def compare(project: Project, base_dir: str | Path | None = None) -> Comparison:
    """Compute the base project and every scenario (full runs)."""
    from planner.engine.chain import run_project

    rows = [ScenarioResult(project.name, project.description, run_project(project, base_dir))]
    for sc in project.scenarios or []:
        row = ScenarioResult(sc.name, sc.description, run_project(apply_scenario(project, sc), base_dir))
        changes = [(c.path, c.value) for c in sc.changes]
        row.notes = [note for _, _, note in emc_defaults(project, changes, scenario_context(sc))]
        rows.append(row)
    return Comparison(rows, best_by_kpi(rows))
