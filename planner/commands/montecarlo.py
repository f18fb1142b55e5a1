"""``retrofit-planner montecarlo``: registered in planner.cli; the implementation is planner.analysis.commands."""

from __future__ import annotations

import argparse

from planner.analysis import commands

HELP = "Monte Carlo of NPV, IRR and payback over the project's uncertainty"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands.montecarlo_arguments(parser)


def run(args: argparse.Namespace) -> int:
    return commands.montecarlo_run(args)
