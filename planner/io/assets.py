"""Locate the files under ``assets/`` both in a source checkout and in an
installed wheel (where they ship as the package ``retrofit_planner_assets``)."""

from __future__ import annotations

from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def assets_dir() -> Path:
    """Return the directory holding the reference data, tariffs and translations.

    A source checkout's ``assets/`` wins over an installed copy, so edits to
    the assets are seen without reinstalling; an installed wheel has no
    ``assets/`` beside ``planner/`` and uses its ``retrofit_planner_assets``.
    """
    local = _CHECKOUT / "assets"
    if (local / "reference" / "emission_factors.json").is_file():
        return local
    import retrofit_planner_assets  # installed wheel

    return Path(retrofit_planner_assets.__file__).resolve().parent


def asset_path(*parts: str) -> Path:
    """Path of one asset file, e.g. ``asset_path("tariffs", "shandong.json")``."""
    return assets_dir().joinpath(*parts)


def seeds_dir() -> Path:
    """Return the directory holding the example projects (``seeds/``), the
    checkout's first, as :func:`assets_dir` does."""
    local = _CHECKOUT / "seeds"
    if (local / "shandong-midsize-factory.json").is_file():
        return local
    import retrofit_planner_seeds  # installed wheel

    return Path(retrofit_planner_seeds.__file__).resolve().parent


def default_project_path() -> Path:
    """The project the app opens when none is given."""
    return seeds_dir() / "shandong-midsize-factory.json"
