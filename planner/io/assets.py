"""Locate the files under ``assets/`` and ``seeds/`` both in a source checkout
and in an installed wheel.

The wheel ships them as the packages ``retrofit_planner_assets`` and
``retrofit_planner_seeds`` (pyproject ``package-dir``); they are found with
:func:`importlib.resources.files`.  A source checkout's folders win over an
installed copy, so edits to the assets are seen without reinstalling.
This module imports nothing from ``planner`` (every layer may use it).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _package_dir(package: str) -> Path:
    """The on-disk folder of an installed data package."""
    root = resources.files(package)
    if not isinstance(root, Path):  # e.g. a zipped install: the app opens data files by path
        raise FileNotFoundError(f"{package}: expected an installed folder, found {root!r}")
    return root


def assets_dir() -> Path:
    """Return the directory holding the reference data, tariffs, terms and translations.

    The checkout's ``assets/`` when it exists (beside ``planner/``), else the
    installed ``retrofit_planner_assets``.
    """
    local = _CHECKOUT / "assets"
    if (local / "reference" / "emission_factors.json").is_file():
        return local
    return _package_dir("retrofit_planner_assets")


def asset_path(*parts: str) -> Path:
    """Path of one asset file, e.g. ``asset_path("tariffs", "shandong.json")``."""
    return assets_dir().joinpath(*parts)


def seeds_dir() -> Path:
    """Return the directory holding the example projects (``seeds/``), the
    checkout's first, as :func:`assets_dir` does."""
    local = _CHECKOUT / "seeds"
    if (local / "shandong-midsize-factory.json").is_file():
        return local
    return _package_dir("retrofit_planner_seeds")


def default_project_path() -> Path:
    """The project the app opens when none is given."""
    return seeds_dir() / "shandong-midsize-factory.json"
