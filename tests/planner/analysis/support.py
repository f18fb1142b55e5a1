"""Shared helpers of the analysis tests: the default project, hand-edited copies."""

import json
from pathlib import Path

from planner.engine.chain import run_project
from planner.io.projectfile import project_from_dict

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"
PV = "厂房屋顶光伏 2 MWp / Rooftop PV 2 MWp"


def default_dict() -> dict:
    return json.loads(DEFAULT.read_text(encoding="utf-8"))


def compute(d: dict):
    """Full run of a project dict (the hand-edited reference)."""
    return run_project(project_from_dict(d), SEEDS).summary


def scaled_prices(d: dict, factor: float) -> dict:
    d["tariff"]["prices_yuan_per_kwh"] = {k: v * factor for k, v in d["tariff"]["prices_yuan_per_kwh"].items()}
    return d
