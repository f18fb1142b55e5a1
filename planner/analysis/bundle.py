"""The analyses a project asks for, as the workbook's ``analysis`` argument.

:func:`workbook_analysis` runs what the project file's keys ask for and
returns the command line's JSON of each (``compare``, ``sensitivity``,
``montecarlo``), the shape ``planner.report``'s optional sheets read:

* ``"scenarios"``: :func:`planner.analysis.scenarios.compare` when the project has ``scenarios``;
* ``"sensitivity"``: :func:`planner.analysis.sensitivity.sensitivity` when it has a ``sensitivity`` key;
* ``"montecarlo"``: :func:`planner.analysis.montecarlo.monte_carlo` (``draws``, ``seed``) when it has
  ``uncertainty``, with ``"npv_samples_yuan"`` (every draw's NPV) for the histogram.

The export command (CLI layer) calls it and hands the dict to the workbook
builder; planner.analysis and planner.report never import each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.model.project import Project


def workbook_analysis(
    project: Project, base_dir: str | Path | None = None, *, draws: int = 10_000, seed: int | None = 1
) -> dict[str, Any]:
    """``{"scenarios"?, "sensitivity"?, "montecarlo"?}`` for the keys the project has (may be empty)."""
    out: dict[str, Any] = {}
    if project.scenarios:
        from planner.analysis.scenarios import compare

        out["scenarios"] = compare(project, base_dir).to_dict()
    if project.sensitivity is not None:
        from planner.analysis.sensitivity import sensitivity

        out["sensitivity"] = sensitivity(project, base_dir).to_dict()
    if project.uncertainty:
        from planner.analysis.montecarlo import monte_carlo

        res = monte_carlo(project, base_dir, draws=draws, seed=seed)
        mc = res.to_dict()
        mc["npv_samples_yuan"] = [float(v) for v in res.npv_yuan]
        out["montecarlo"] = mc
    return out
