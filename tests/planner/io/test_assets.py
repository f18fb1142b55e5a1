"""planner.io.assets: the checkout's assets/ wins; otherwise the installed data package."""

from __future__ import annotations

import importlib.util

import pytest

from planner.io import assets

REPO = assets._CHECKOUT


def test_the_checkout_wins():
    assert assets.assets_dir() == REPO / "assets"
    assert assets.seeds_dir() == REPO / "seeds"
    assert assets.asset_path("terms", "core.json").is_file()


@pytest.mark.skipif(
    importlib.util.find_spec("retrofit_planner_assets") is None, reason="package not installed (run .ci/setup.sh)"
)
def test_without_a_checkout_the_installed_package_is_used(monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "_CHECKOUT", tmp_path)  # a folder with no assets/ or seeds/
    found = assets.assets_dir()
    assert found != REPO / "assets" and found.name == "retrofit_planner_assets"
    assert (found / "reference" / "emission_factors.json").is_file()
    assert assets.default_project_path().is_file()
