"""``retrofit-planner batch``: registered in planner.cli; the implementation is planner.analysis.commands.

The portfolio workbook is written by planner.report.portfolio (this layer may use
both planner.analysis and planner.report; they do not import each other).
"""

from __future__ import annotations

import argparse

from planner.analysis import commands

HELP = "compute and rank every project file in a folder (in parallel)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands.batch_arguments(parser)


def _write(rows: list, lang: str, title: str) -> bytes:
    from planner.report.portfolio import portfolio_workbook

    return portfolio_workbook(rows, lang=lang, title=title)


def run(args: argparse.Namespace) -> int:
    return commands.batch_run(args, write_portfolio=_write)
