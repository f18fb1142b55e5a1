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


# ---------------------------------------------------------------------------
# issue 8 item 4 / issue 9 item 13: errors, unknown commands, --version, export folder
# ---------------------------------------------------------------------------


def test_unknown_word_exits_2_listing_the_commands(capsys):
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert "frobnicate" in err and all(c in err for c in ("compute", "export", "validate"))


def test_missing_project_file_argument_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_version_prints_the_pyproject_version(capsys):
    import tomllib

    expected = tomllib.loads((SEEDS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"retrofit-planner {expected}"


def test_export_to_a_missing_folder_names_the_folder(tmp_path, capsys):
    out = tmp_path / "no" / "such" / "p.xlsx"
    assert main(["export", str(DEFAULT), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(out.parent) in err[0] and "expected" in err[0]


def test_input_error_lines_are_file_where_expected_found(tmp_path, capsys):
    p = _bad(tmp_path, lambda d: d["site"].__setitem__("latitude_deg", 200))
    assert main(["compute", str(p)]) == 2
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"{p}: site.latitude_deg: expected ") and ", found 200" in line


def test_a_bug_is_an_internal_error_with_a_log_file(tmp_path, capsys, monkeypatch):
    import planner.engine.chain

    def boom(*a, **k):
        raise ZeroDivisionError("a bug, not bad input")

    monkeypatch.setattr(planner.engine.chain, "run_project", boom)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("RETROFIT_PLANNER_DEBUG", raising=False)
    assert main(["compute", str(DEFAULT)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error" in err[0] and "expected" not in err[0]
    log = Path(err[0].rsplit("details in ", 1)[1])
    assert log.parent == tmp_path / "state" / "retrofit-planner" / "logs"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: a bug, not bad input" in text


def test_launcher_opens_the_app_only_for_nothing_or_an_existing_file(tmp_path):
    from ui.launcher import opens_app

    existing = tmp_path / "p.json"
    existing.write_text("{}", encoding="utf-8")
    assert opens_app([]) and opens_app([str(existing)])
    assert not opens_app(["frobnicate"])
    assert not opens_app([str(tmp_path / "missing.json")])
    assert not opens_app(["--version"]) and not opens_app(["compute", str(existing)])


def test_output_cut_off_by_a_closed_pipe_is_no_internal_error():
    # `compute --json | head -c0`: the reader has closed the pipe before the first write
    # (closing it at once makes the broken pipe certain; a reader closing after a line
    # races with a JSON that fits in the pipe's buffer)
    import subprocess
    import sys

    code = "import sys; from planner.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "compute", str(SEEDS / "shandong-midsize-factory.json"), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=SEEDS.parent,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert b"internal error" not in err
    assert proc.returncode == 141
