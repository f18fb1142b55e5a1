"""The ``retrofit-planner`` entry point.

``retrofit-planner compute|export|validate ...`` runs the engine's command
line (:mod:`planner.cli`, no Qt imported); anything else opens the desktop
app, on FILE or on the default example project.  Living in ``ui`` keeps the
engine free of UI imports.
"""

from __future__ import annotations

import sys

from planner.cli import SUBCOMMANDS
from planner.cli import main as engine_main


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
        return engine_main(argv)
    try:
        from ui.app import run_app
    except ImportError as err:  # PySide6 missing or broken
        print(f"retrofit-planner: the desktop app cannot start: {err}", file=sys.stderr)
        return 1
    return run_app(argv[0] if argv else None)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
