"""The ``retrofit-planner`` command line.

::

    retrofit-planner [FILE]                    open the desktop app (ui.launcher)
    retrofit-planner compute FILE [--json]     print the results
    retrofit-planner export FILE -o OUT.xlsx   write the Excel proposal
    retrofit-planner validate FILE             exit 0 if valid, else 2

Exit codes: 0 success; 2 a bad project or input file (one line per problem
on stderr: field path, what was expected, what was found); 1 an internal
error (one line, no traceback; set ``RETROFIT_PLANNER_DEBUG=1`` for it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from planner.analysis import commands as analysis_commands  # analysis commands (helper "analysis")
from planner.io.projectfile import Problem, ProjectError, load_project

SUBCOMMANDS = ("compute", "export", "validate") + tuple(analysis_commands.COMMANDS)
EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2


class InputError(ValueError):
    """A problem with an input file other than the project file itself."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="retrofit-planner",
        description="Energy-retrofit planner: payback, NPV/IRR, CO2 and tce of factory retrofits.",
        epilog="With no command, opens the desktop app (on FILE, or on the default example project).",
    )
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("compute", help="compute a project and print the results")
    c.add_argument("file")
    c.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    e = sub.add_parser("export", help="write the Excel proposal")
    e.add_argument("file")
    e.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    e.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="workbook language (default: the project's, else zh)"
    )
    v = sub.add_parser("validate", help="check a project file and its profile files")
    v.add_argument("file")
    # analysis commands (helper "analysis"): compare, sensitivity, montecarlo, batch
    for name, (help_text, add_arguments, _) in analysis_commands.COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text))
    sub.choices["batch"].set_defaults(write_portfolio=_write_portfolio)
    return p


def _write_portfolio(rows, lang: str, title: str) -> bytes:
    from planner.report.portfolio import portfolio_workbook

    return portfolio_workbook(rows, lang=lang, title=title)


def compute_file(path: str | os.PathLike):
    """Load, validate and compute a project file; input problems raise ProjectError."""
    from planner.engine.chain import run_project

    project = load_project(path)
    base = Path(path).resolve().parent
    try:
        return project, run_project(project, base)
    except ProjectError:
        raise
    except (ValueError, OSError) as err:
        # profile / weather files: their readers raise ValueError subclasses with a full message
        raise ProjectError([_problem_from_input_error(err)], str(path)) from None


def _problem_from_input_error(err: Exception) -> Problem:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if isinstance(err, OSError) and err.filename:
        return Problem(str(err.filename), "a readable input file", err.strerror or text)
    return Problem("input file", "a valid profile", text) if ": expected" not in text else _split(text)


def _split(text: str) -> Problem:
    where, rest = text.split(": expected", 1)
    exp, _, found = rest.partition(", found")
    return Problem(where.strip(), exp.strip(), found.strip() or "see above")


def _fmt(v) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def _print_human(project, result) -> None:
    s = result.summary
    print(f"{project.name}")
    for key in (
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
    ):
        print(f"  {key:32s} {_fmt(getattr(s, key))}")
    for w in result.warnings:
        print(f"  warning: {w}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help")):
        return _open_app(argv)
    args = _parser().parse_args(argv)
    if args.command in analysis_commands.COMMANDS:  # analysis commands (helper "analysis")
        return analysis_commands.run(args)
    try:
        if args.command == "validate":
            project, result = compute_file(args.file)
            for w in result.warnings:
                print(f"warning: {w}", file=sys.stderr)
            print(f"{args.file}: valid ({len(project.measures)} measures)")
            return EXIT_OK
        if args.command == "compute":
            project, result = compute_file(args.file)
            if args.json:
                json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
                sys.stdout.write("\n")
            else:
                _print_human(project, result)
            return EXIT_OK
        if args.command == "export":
            from planner.report.workbook import export_workbook

            project, result = compute_file(args.file)
            lang = args.lang or project.language or "zh"
            export_workbook(project, result, args.output, lang=lang)
            print(f"wrote {args.output}")
            return EXIT_OK
    except ProjectError as err:
        for problem in err.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # one line, no traceback
        if os.environ.get("RETROFIT_PLANNER_DEBUG"):
            raise
        print(f"retrofit-planner: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_INTERNAL
    _parser().print_help()
    return EXIT_INVALID


def _open_app(argv: list[str]) -> int:
    # The engine never imports the UI: the installed ``retrofit-planner``
    # entry point is ``ui.launcher:main``, which opens the app itself and
    # hands the subcommands to this module.
    print(
        "retrofit-planner: this is the engine's command line; run the installed "
        "'retrofit-planner' command (or python -m ui.launcher) to open the desktop app",
        file=sys.stderr,
    )
    return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
