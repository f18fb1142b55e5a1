"""The ``retrofit-planner`` entry point.

``retrofit-planner`` with no argument, or with one argument that is an
existing file, opens the desktop app (on that file, else on the default
example project).  Everything else (``compute|export|validate ...``,
``--help``, ``--version``, an unknown word, a missing file) goes to the
engine's command line (:mod:`planner.cli`, no Qt imported), which exits 2 on
what it does not understand.  Living in ``ui`` keeps the engine free of UI
imports.
"""

from __future__ import annotations

import sys
from pathlib import Path

from planner.cli import main as engine_main


def opens_app(argv: list[str]) -> bool:
    """True for no arguments or a single argument naming an existing file."""
    return not argv or (len(argv) == 1 and not argv[0].startswith("-") and Path(argv[0]).is_file())


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not opens_app(argv):
        return engine_main(argv)
    try:
        from ui.app import run_app
    except ImportError as err:  # PySide6 missing or broken
        print(f"retrofit-planner: the desktop app cannot start: {err}", file=sys.stderr)
        return 1
    return run_app(argv[0] if argv else None)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
