"""The wheel ships every package and the assets (pyproject lists packages explicitly
because assets/ and seeds/ are mapped to importable package names)."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

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
    """Every asset ships, except the sources listed in exclude-package-data (translation tables)."""
    setuptools = _pyproject()["tool"]["setuptools"]
    data = setuptools["package-data"]["retrofit_planner_assets"]
    excluded = setuptools.get("exclude-package-data", {}).get("retrofit_planner_assets", [])
    import fnmatch

    for f in (REPO / "assets").rglob("*"):
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts:
            rel = f.relative_to(REPO / "assets").as_posix()
            if any(fnmatch.fnmatch(rel, g) for g in excluded):
                continue
            assert any(fnmatch.fnmatch(rel, g) for g in data), f"assets/{rel} would not be in the wheel"


@pytest.mark.slow
def test_wheel_ships_data_but_not_the_dev_sources(tmp_path):
    """Build the wheel from a copy of the sources: the assets, terms and compiled
    translation are in; the translation tool and its TSV tables are not."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in ("planner", "ui", "assets", "seeds", "tools"):
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "dist"
    # an isolated build, as .ci/setup.sh's `pip install .` does (it needs setuptools >= 77)
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    (wheel,) = out.glob("retrofit_planner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "retrofit_planner_assets/i18n/retrofit_zh_CN.qm" in names
    assert "retrofit_planner_assets/terms/core.json" in names
    assert "planner/io/weather.py" in names and "planner/commands/compute.py" in names
    assert not [n for n in names if n.endswith(".tsv")]
    assert not [n for n in names if "i18n_build" in n or n.startswith("tools/")]


def test_entry_point():
    assert _pyproject()["project"]["scripts"]["retrofit-planner"] == "ui.launcher:main"
