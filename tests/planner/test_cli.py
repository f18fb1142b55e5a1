"""The retrofit-planner command line: the public contract of DESIGN.md."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def test_compute_json(capsys):
    assert main(["compute", str(DEFAULT), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["monthly_savings_yuan"] == pytest.approx(out["summary"]["first_year_savings_yuan"] / 12)
    assert "pv" in out and out["cash_flow"][0]["year"] == 0


def test_validate_ok(capsys):
    assert main(["validate", str(DEFAULT)]) == 0


def _bad(tmp_path, mutate):
    d = json.loads(DEFAULT.read_text(encoding="utf-8"))
    mutate(d)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    return p


@pytest.mark.parametrize("command", ["validate", "compute", "export"])
def test_bad_file_every_command(tmp_path, capsys, command):
    p = _bad(tmp_path, lambda d: d["measures"][5].__setitem__("capacity_kwp", -1))
    argv = [command, str(p)] + (["-o", str(tmp_path / "o.xlsx")] if command == "export" else [])
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "measures[5].capacity_kwp" in err[0] and "expected" in err[0] and "found -1" in err[0]
    assert "Traceback" not in err[0]


def test_not_json(tmp_path, capsys):
    p = tmp_path / "x.json"
    p.write_text("{oops", encoding="utf-8")
    assert main(["validate", str(p)]) == 2
    assert "valid JSON" in capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_profile_of_wrong_length(tmp_path, capsys):
    prof = tmp_path / "meter.csv"
    prof.write_text("timestamp,kw\n" + "".join(f"2025-01-01 {h:02d}:00,5\n" for h in range(24)), encoding="utf-8")
    p = _bad(tmp_path, lambda d: d.__setitem__("load", {"profile_file": "meter.csv"}))
    assert main(["validate", str(p)]) == 2
    err = capsys.readouterr().err
    assert "meter.csv" in err and "Traceback" not in err


def _installed_editable() -> bool:
    """True when retrofit-planner is installed in editable (development) mode (PEP 660 direct_url.json)."""
    try:
        from importlib.metadata import distribution

        text = distribution("retrofit-planner").read_text("direct_url.json")
    except Exception:  # not installed, or no direct_url.json
        return False
    try:
        return bool(json.loads(text or "{}").get("dir_info", {}).get("editable"))
    except ValueError:
        return False


@pytest.mark.skipif(
    shutil.which("retrofit-planner") is None and not Path(sys.executable).with_name("retrofit-planner").exists(),
    reason="package not installed (run .ci/setup.sh)",
)
@pytest.mark.skipif(_installed_editable(), reason="editable install: the assets are the checkout's, not site-packages'")
def test_installed_entry_point_finds_assets(tmp_path):
    """The wheel-installed command runs from any directory and finds its assets and seeds."""
    exe = Path(sys.executable).with_name("retrofit-planner")
    exe = str(exe) if exe.exists() else shutil.which("retrofit-planner")
    code = (
        "import planner.io.assets as a, planner.io.reference as r;"
        "print(a.assets_dir()); print(a.default_project_path().exists()); print(len(r.emission_presets()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env, check=True
    )
    lines = out.stdout.split()
    assert "site-packages" in lines[0] and lines[1] == "True" and int(lines[2]) > 10
    res = subprocess.run(
        [exe, "compute", str(DEFAULT), "--json"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["summary"]["capex_yuan"] > 0
