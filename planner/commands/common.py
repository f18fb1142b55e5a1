"""What several subcommands share: load and compute a project file."""

from __future__ import annotations

import os
from pathlib import Path

from planner.io.projectfile import load_project
from planner.model.errors import InputError
from planner.model.project import Project
from planner.model.results import ProjectResult


def compute_file(path: str | os.PathLike[str]) -> tuple[Project, ProjectResult]:
    """Load, validate and compute a project file.

    Raises
    ------
    planner.model.errors.InputError
        The project file or a file it names (profile, weather) cannot be
        used; an input file that cannot be opened is reported with its name.
    """
    from planner.engine.chain import run_project

    project = load_project(path)
    base = Path(path).resolve().parent
    try:
        return project, run_project(project, base)
    except OSError as err:
        if err.filename is None:
            raise
        raise InputError(str(err.filename), "a readable input file", err.strerror or type(err).__name__) from err
