"""``retrofit-planner sensitivity``: registered in planner.cli; the implementation is planner.analysis.commands."""

from __future__ import annotations

import argparse

from planner.analysis import commands

HELP = "tornado of NPV, IRR and payback over the drivers, and break-even"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands.sensitivity_arguments(parser)


def run(args: argparse.Namespace) -> int:
    return commands.sensitivity_run(args)
