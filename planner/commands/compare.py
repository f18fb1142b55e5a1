"""``retrofit-planner compare``: registered in planner.cli; the implementation is planner.analysis.commands."""

from __future__ import annotations

import argparse

from planner.analysis import commands

HELP = "compare the base project and its scenarios side by side"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands.compare_arguments(parser)


def run(args: argparse.Namespace) -> int:
    return commands.compare_run(args)
