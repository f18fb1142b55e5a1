"""Locate the files under ``assets/`` both in a source checkout and in an
installed wheel (where they ship as the package ``retrofit_planner_assets``)."""
from __future__ import annotations

from pathlib import Path


def assets_dir() -> Path:
    """Return the directory holding the reference data, tariffs and translations."""
    try:
        import retrofit_planner_assets  # installed wheel

        return Path(retrofit_planner_assets.__file__).resolve().parent
    except ImportError:
        return Path(__file__).resolve().parent.parent / "assets"


def asset_path(*parts: str) -> Path:
    """Path of one asset file, e.g. ``asset_path("tariffs", "shandong.json")``."""
    return assets_dir().joinpath(*parts)


def seeds_dir() -> Path:
    """Return the directory holding the example projects (``seeds/``)."""
    try:
        import retrofit_planner_seeds  # installed wheel

        return Path(retrofit_planner_seeds.__file__).resolve().parent
    except ImportError:
        return Path(__file__).resolve().parent.parent / "seeds"


def default_project_path() -> Path:
    """The project the app opens when none is given."""
    return seeds_dir() / "shandong-midsize-factory.json"
