"""``retrofit-planner compute FILE [--json]``: compute a project and print its results."""

from __future__ import annotations

import argparse
import json
import sys

from planner.commands.common import compute_file
from planner.model.project import Project
from planner.model.results import ProjectResult

HELP = "compute a project and print the results"

_KEYS = (
    "capex_yuan",
    "first_year_savings_yuan",
    "monthly_savings_yuan",
    "simple_payback_years",
    "payback_years",
    "discounted_payback_years",
    "npv_yuan",
    "irr_pct",
    "lifetime_savings_yuan",
    "first_year_energy_saved_kwh",
    "first_year_co2_avoided_t",
    "lifetime_co2_avoided_t",
    "first_year_tce_saved",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")


def run(args: argparse.Namespace) -> int:
    project, result = compute_file(args.file)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print_human(project, result)
    return 0


def _fmt(v: object) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def print_human(project: Project, result: ProjectResult) -> None:
    """The headline figures, one per line."""
    s = result.summary
    print(f"{project.name}")
    for key in _KEYS:
        print(f"  {key:32s} {_fmt(getattr(s, key))}")
    for w in result.warnings:
        print(f"  warning: {w}")
