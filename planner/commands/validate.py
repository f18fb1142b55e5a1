"""``retrofit-planner validate FILE``: exit 0 if the project and its input files are usable."""

from __future__ import annotations

import argparse
import sys

from planner.commands.common import compute_file

HELP = "check a project file and its profile files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")


def run(args: argparse.Namespace) -> int:
    project, result = compute_file(args.file)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"{args.file}: valid ({len(project.measures)} measures)")
    return 0
