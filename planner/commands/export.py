"""``retrofit-planner export FILE -o OUT.xlsx``: write the Excel proposal.

When the project file has ``scenarios``, ``sensitivity`` or ``uncertainty``
keys, the workbook also gets the scenario, sensitivity (tornado) and Monte
Carlo sheets, computed here by :func:`planner.analysis.bundle.workbook_analysis`
(the CLI layer joins planner.analysis and planner.report, which never import
each other).  ``--no-analysis`` skips them; ``--draws`` / ``--seed`` are the
Monte Carlo's (defaults 10000 and 1, those of ``retrofit-planner montecarlo``).
"""

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
    parser.add_argument(
        "--no-analysis",
        action="store_true",
        help="leave out the scenario, sensitivity and Monte Carlo sheets even when the project asks for them",
    )
    parser.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="Monte Carlo random seed (default 1)")


def run(args: argparse.Namespace) -> int:
    from planner.report.workbook import export_workbook

    folder = Path(args.output).expanduser().resolve().parent
    if not folder.is_dir():
        raise InputError(f"-o {args.output}", "a file in an existing folder", f"no folder {folder}")
    if args.draws < 1:
        raise InputError("--draws", "a whole number >= 1", str(args.draws))
    project, result = compute_file(args.file)
    lang = args.lang or project.language or "zh"
    analysis = None
    wants = bool(project.scenarios) or project.sensitivity is not None or bool(project.uncertainty)
    if wants and not args.no_analysis:
        from planner.analysis.bundle import workbook_analysis

        base = Path(args.file).resolve().parent
        analysis = workbook_analysis(project, base, draws=args.draws, seed=args.seed)
    export_workbook(project, result, args.output, lang=lang, analysis=analysis)
    print(f"wrote {args.output}")
    return 0
