"""The files a project refers to: the load's meter data, each PV measure's
generation profile and weather file.  Qt-free and pure (no file is written).

* :func:`file_references` lists them with their place in the project dict.
* :func:`rebase_project_dict` gives a *copy* of a project dict whose relative
  paths point at the same files from another folder (Save As elsewhere).
  Convention (issue 9, item 8): a path is stored relative to the project
  file's folder when the file sits in that folder or below it, else
  absolute (so "../meter.csv" never appears after a Save As).
* :func:`missing_files` lists the references whose file does not exist.

(Helper "inputs" is adding a rebasing function to ``planner.io.projectfile``;
until it lands this module is the app's one implementation.)
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEASURE_FILE_KEYS = ("generation_profile_file", "weather_file")


@dataclass(frozen=True)
class FileRef:
    """One file reference: ``path`` in the project dict (e.g. ``("load", "profile_file")``), its stored value."""

    path: tuple
    value: str
    kind: str  # "load" | "pv_profile" | "weather"


def file_references(d: dict) -> list[FileRef]:
    """Every file reference of a project dict, in project order."""
    out: list[FileRef] = []
    value = (d.get("load") or {}).get("profile_file")
    if value:
        out.append(FileRef(("load", "profile_file"), str(value), "load"))
    for i, m in enumerate(d.get("measures") or []):
        if not isinstance(m, dict):
            continue
        for key in MEASURE_FILE_KEYS:
            if m.get(key):
                kind = "pv_profile" if key == "generation_profile_file" else "weather"
                out.append(FileRef(("measures", i, key), str(m[key]), kind))
    return out


def resolve(value: str, base_dir: str | os.PathLike) -> Path:
    """The file a stored value names, relative paths taken from ``base_dir``."""
    p = Path(value)
    return p if p.is_absolute() else Path(base_dir) / p


def stored_path(path: str | os.PathLike, base_dir: str | os.PathLike) -> str:
    """``path`` relative to ``base_dir`` (POSIX slashes) when it is in it or below, else absolute."""
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(base_dir))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return str(absolute)


def rebase_project_dict(d: dict, old_dir: str | os.PathLike, new_dir: str | os.PathLike) -> dict:
    """A deep copy of ``d`` whose file references name the same files as seen from ``new_dir``.

    ``d`` itself is never changed, so a failed write leaves the open project as it was.
    """
    out = copy.deepcopy(d)
    for ref in file_references(out):
        target = out
        for key in ref.path[:-1]:
            target = target[key]
        target[ref.path[-1]] = stored_path(resolve(ref.value, old_dir), new_dir)
    return out


def missing_files(d: dict, base_dir: str | os.PathLike) -> list[FileRef]:
    """The references whose file is not there (not a regular file)."""
    return [ref for ref in file_references(d) if not resolve(ref.value, base_dir).is_file()]


def get_in(d: Any, path: tuple) -> Any:
    for key in path:
        d = d[key]
    return d
