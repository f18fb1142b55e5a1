"""The wheel ships every package and the assets (pyproject lists packages explicitly
because assets/ and seeds/ are mapped to importable package names)."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_python_package_is_listed():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    for top in ("planner", "ui"):
        for init in (REPO / top).rglob("__init__.py"):
            pkg = ".".join(init.parent.relative_to(REPO).parts)
            assert pkg in listed, f"{pkg} is missing from [tool.setuptools] packages in pyproject.toml"
    for init in (REPO / "assets").rglob("__init__.py"):
        rel = init.parent.relative_to(REPO / "assets").parts
        pkg = ".".join(("retrofit_planner_assets",) + rel)
        assert pkg in listed, f"{pkg} is missing from [tool.setuptools] packages"


def test_asset_files_match_package_data_globs():
    data = _pyproject()["tool"]["setuptools"]["package-data"]["retrofit_planner_assets"]
    import fnmatch

    for f in (REPO / "assets").rglob("*"):
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts:
            rel = f.relative_to(REPO / "assets").as_posix()
            assert any(fnmatch.fnmatch(rel, g) for g in data), f"assets/{rel} would not be in the wheel"


def test_entry_point():
    assert _pyproject()["project"]["scripts"]["retrofit-planner"] == "ui.launcher:main"
