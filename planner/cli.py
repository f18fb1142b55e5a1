"""The ``retrofit-planner`` command line.

::

    retrofit-planner [FILE]                    open the desktop app (ui.launcher)
    retrofit-planner compute FILE [--json]     print the results
    retrofit-planner export FILE -o OUT.xlsx   write the Excel proposal
    retrofit-planner validate FILE             exit 0 if valid, else 2
    retrofit-planner --version                 print the version

Exit codes: 0 success; 2 a problem with the user's input (an
:class:`planner.model.errors.InputError`, an unknown command, a missing
output folder): one line per problem on stderr, ``FILE: where: expected X,
found Y``; 1 an internal error (a bug): one line on stderr naming the log
file that holds the traceback (``RETROFIT_PLANNER_DEBUG=1`` raises instead).

Adding a subcommand: write a module with ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int`` (see
:mod:`planner.commands.compute`), and add one line to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import ModuleType

from planner.model.errors import InputError

COMMANDS: dict[str, str] = {
    "compute": "planner.commands.compute",
    "export": "planner.commands.export",
    "validate": "planner.commands.validate",
    "size": "planner.commands.size",  # storage sizing (issue 11)
    # analysis commands (helper "analysis"): implementations in planner/analysis/commands.py
    "compare": "planner.commands.compare",
    "sensitivity": "planner.commands.sensitivity",
    "montecarlo": "planner.commands.montecarlo",
    "batch": "planner.commands.batch",
}
"""Subcommand name -> module defining ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``."""

SUBCOMMANDS = tuple(COMMANDS)
EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command cut off by `| head`
PROG = "retrofit-planner"


def _command(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Energy-retrofit planner: payback, NPV/IRR, CO2 and tce of factory retrofits.",
        epilog="With no command, opens the desktop app (on FILE, or on the default example project).",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        mod = _command(name)
        mod.add_arguments(sub.add_parser(name, help=mod.HELP, description=mod.HELP))
    return p


def version() -> str:
    """The installed distribution's version, else the checkout's ``pyproject.toml``'s."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version(PROG)
    except PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def print_problems(source: str, err: InputError) -> None:
    """One line per problem on stderr: ``SOURCE: where: expected X, found Y``."""
    for problem in err.problems:
        print(f"{source}: {problem}", file=sys.stderr)


def log_dir() -> Path:
    """Where internal-error logs go: ``$XDG_STATE_HOME/retrofit-planner/logs``
    (default ``~/.local/state/retrofit-planner/logs``), else the temp folder."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / PROG / "logs"


def write_error_log(exc: BaseException) -> Path:
    """Write ``exc``'s traceback to a new log file and return its path."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = f"{PROG} {version()}\nargv: {sys.argv!r}\n\n" + "".join(traceback.format_exception(exc))
    for folder in (log_dir(), Path(tempfile.gettempdir()) / PROG):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"error-{stamp}-", suffix=".log", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return Path(name)
        except OSError:
            continue
    raise OSError("no writable folder for the error log")


def _unknown(word: str) -> int:
    print(f"{PROG}: unknown command {word!r}; commands: {', '.join(COMMANDS)} (or a project FILE)", file=sys.stderr)
    return EXIT_INVALID


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return _open_app()
    first = argv[0]
    if first not in COMMANDS and not first.startswith("-"):
        return _not_a_command(first)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exit_.code or 0)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_INVALID
    try:
        return int(_command(args.command).run(args))
    except InputError as err:
        print_problems(getattr(args, "file", PROG), err)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader closed the pipe (``compute --json | head``): not an error of ours;
        # point stdout at devnull so the interpreter's final flush does not raise again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as err:
        if os.environ.get("RETROFIT_PLANNER_DEBUG"):
            raise
        try:
            where = f"details in {write_error_log(err)}"
        except OSError:
            where = "no log file could be written"
        print(f"{PROG}: internal error ({type(err).__name__}); {where}", file=sys.stderr)
        return EXIT_INTERNAL


def _not_a_command(first: str) -> int:
    """A first word that is no command: a FILE for the app, a missing file, or an unknown word."""
    if Path(first).is_file():  # a FILE for the app: ui.launcher opens it before coming here
        return _open_app()
    if Path(first).suffix or "/" in first or os.sep in first:
        print(f"{first}: expected an existing project file, found no such file", file=sys.stderr)
        return EXIT_INVALID
    return _unknown(first)


def _open_app() -> int:
    # The engine never imports the UI: the installed ``retrofit-planner``
    # entry point is ``ui.launcher:main``, which opens the app itself and
    # hands everything else to this module.
    print(
        f"{PROG}: this is the engine's command line; run the installed "
        f"'{PROG}' command (or python -m ui.launcher) to open the desktop app",
        file=sys.stderr,
    )
    return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
