"""``retrofit-planner size FILE --measure NAME --energy a:b:s --power a:b:s
[--dispatch tou_rule|optimal] [--json]``: sweep a battery's size
(:mod:`planner.analysis.sizing`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "sweep a battery's energy x power and print NPV / IRR / payback of each size"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--measure", required=True, help="name of the battery measure to size")
    parser.add_argument("--energy", required=True, help="energy sizes [kWh]: start:stop:step, a number or a list")
    parser.add_argument("--power", required=True, help="power sizes [kW]: start:stop:step, a number or a list")
    parser.add_argument("--dispatch", choices=("tou_rule", "optimal"), default=None, help="override the dispatch")
    parser.add_argument("--json", action="store_true", help="print the sweep as JSON on stdout")


def run(args: argparse.Namespace) -> int:
    from planner.analysis.sizing import parse_range, size_battery
    from planner.io.projectfile import load_project

    energies = parse_range(args.energy, "--energy")
    powers = parse_range(args.power, "--power")
    project = load_project(args.file)
    result = size_battery(project, args.measure, energies, powers, args.dispatch, Path(args.file).resolve().parent)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    print(f"{result.measure} ({result.dispatch}): {len(result.grid)} sizes")
    print(f"  {'kWh':>10} {'kW':>10} {'capex yuan':>14} {'NPV yuan':>14} {'IRR %':>8} {'payback y':>10}")
    for p in result.grid:
        mark = " *" if p is result.best else ""
        irr = "n/a" if p.irr_pct is None else f"{p.irr_pct:.2f}"
        pb = "n/a" if p.payback_years is None else f"{p.payback_years:.2f}"
        size = f"{p.energy_kwh:10,.0f} {p.power_kw:10,.0f}"
        print(f"  {size} {p.capex_yuan:14,.0f} {p.npv_yuan:14,.0f} {irr:>8} {pb:>10}{mark}")
    for w in result.warnings:
        print(f"  warning: {w}")
    return 0
