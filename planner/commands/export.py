"""``retrofit-planner export FILE -o OUT.xlsx``: write the Excel proposal."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.commands.common import compute_file
from planner.model.errors import InputError

HELP = "write the Excel proposal"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="workbook language (default: the project's, else zh)"
    )


def run(args: argparse.Namespace) -> int:
    from planner.report.workbook import export_workbook

    folder = Path(args.output).expanduser().resolve().parent
    if not folder.is_dir():
        raise InputError(f"-o {args.output}", "a file in an existing folder", f"no folder {folder}")
    project, result = compute_file(args.file)
    lang = args.lang or project.language or "zh"
    export_workbook(project, result, args.output, lang=lang)
    print(f"wrote {args.output}")
    return 0
