"""Issue 9 items 3, 4, 5, 10 and 11 through the command line: meter formats read right or refused,
strict project files, absurd magnitudes, device targets and unbounded reads (exit 2, one clear line)."""

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def _project(tmp_path: Path, mutate=None, text_edit=None) -> Path:
    d = json.loads(DEFAULT.read_text(encoding="utf-8"))
    if mutate:
        mutate(d)
    text = json.dumps(d, indent=1)
    if text_edit:
        text = text_edit(text)
    p = tmp_path / "p.json"
    p.write_text(text, encoding="utf-8")
    return p


def _with_profile(tmp_path: Path, profile: str) -> Path:
    def mutate(d):
        d["load"] = {"profile_file": profile, "calendar_year": 2025}

    return _project(tmp_path, mutate)


def _compute(capsys, path: Path) -> tuple[int, dict | None, str]:
    rc = main(["compute", str(path), "--json"])
    out = capsys.readouterr()
    return rc, (json.loads(out.out) if rc == 0 else None), out.err


def _meter(tmp_path: Path, name: str, header: str, fmt, values, sep: str) -> None:
    ts = pd.date_range("2025-01-01", periods=8760, freq="h")
    lines = [header] + [f"{fmt(t)}{sep}{v}" for t, v in zip(ts, values, strict=True)]
    (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


_STEP_KW = 1000.0 + 500.0 * (np.arange(8760) % 24 >= 8)  # a daytime step: scrambled dates would move it
_ALTERNATING_KW = np.where(np.arange(8760) % 2, 1250.5, 980.25)


@pytest.mark.parametrize(
    "kw, header, fmt, text",
    [
        # day-first dates: the same profile as the ISO one, so the same results
        (_STEP_KW, "timestamp;kw", "%d.%m.%Y %H:%M", str),
        # "1250,5" with ';' is 1250.5 kW; with decimal points the same profile gives the same results
        (_ALTERNATING_KW, "timestamp;kw", "%Y-%m-%d %H:%M", lambda v: f"{v}".replace(".", ",")),
    ],
    ids=["day_first_meter", "decimal_comma_meter"],
)
def test_meter_format_gives_the_same_results_as_iso(tmp_path, capsys, kw, header, fmt, text):
    iso_dir, other_dir = tmp_path / "iso", tmp_path / "other"
    iso_dir.mkdir()
    other_dir.mkdir()
    _meter(iso_dir, "m.csv", "timestamp,kw", lambda t: t.strftime("%Y-%m-%d %H:%M"), kw, ",")
    _meter(other_dir, "m.csv", header, lambda t: t.strftime(fmt), [text(v) for v in kw], ";")
    rc_iso, iso, _ = _compute(capsys, _with_profile(iso_dir, "m.csv"))
    rc_other, other, err = _compute(capsys, _with_profile(other_dir, "m.csv"))
    assert rc_iso == 0 and rc_other == 0, err
    assert other["summary"] == iso["summary"]


def test_ambiguous_dates_refused(tmp_path, capsys):
    ts = pd.date_range("2025-01-01", periods=8760, freq="h")
    ts = ts[ts.day <= 12]
    lines = ["timestamp,kw"] + [f"{t:%d/%m/%Y %H:%M},1" for t in ts]
    (tmp_path / "m.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc, _, err = _compute(capsys, _with_profile(tmp_path, "m.csv"))
    assert rc == 2 and "ISO dates" in err and "m.csv" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "mutate, where, found",
    [
        (lambda d: d["finance"].__setitem__("analysis_years", True), "finance.analysis_years", "true"),
        (lambda d: d["measures"][0].__setitem__("rated_power_kw", "75"), "measures[0].rated_power_kw", "'75'"),
        (lambda d: d["measures"][0].__setitem__("enabled", "yes"), "measures[0].enabled", "'yes'"),
        (lambda d: d["tariff"]["prices_yuan_per_kwh"].__setitem__("peak", 1e30), "prices_yuan_per_kwh.peak", "1e+30"),
    ],
)
def test_strict_and_bounded_project_refused(tmp_path, capsys, mutate, where, found):
    assert main(["validate", str(_project(tmp_path, mutate))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and where in err[0] and f"found {found}" in err[0]


def test_duplicate_key_refused(tmp_path, capsys):
    p = _project(tmp_path, text_edit=lambda t: t.replace('"name": ', '"name": "twice",\n "name": ', 1))
    assert main(["validate", str(p)]) == 2
    err = capsys.readouterr().err
    assert "name: expected each key once" in err


def test_absurd_profile_value_refused_with_row(tmp_path, capsys):
    kw = np.full(8760, 100.0)
    kw[10] = 1e300
    _meter(tmp_path, "m.csv", "timestamp,kw", lambda t: t.strftime("%Y-%m-%d %H:%M"), kw, ",")
    rc, _, err = _compute(capsys, _with_profile(tmp_path, "m.csv"))
    assert rc == 2 and "m.csv, row 12, column 'kw'" in err


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "sparse", "passwd"])
def test_unbounded_or_foreign_profile_files_refused(tmp_path, capsys, kind):
    if kind == "dev_zero":
        target, needle = "/dev/zero", "character device"
        if not Path(target).exists():
            pytest.skip("no /dev/zero")
    elif kind == "fifo":
        os.mkfifo(tmp_path / "pipe.csv")
        target, needle = "pipe.csv", "named pipe"
    elif kind == "sparse":
        with open(tmp_path / "big.csv", "wb") as f:
            f.truncate(2 * 1024**3)
        target, needle = "big.csv", "200 MB"
    else:
        target, needle = "/etc/passwd", "kw or kwh"
        if not Path(target).is_file():
            pytest.skip("no /etc/passwd")
    rc, _, err = _compute(capsys, _with_profile(tmp_path, target))
    assert rc == 2 and needle in err, err
    if kind == "passwd":
        first = Path(target).read_text(errors="replace").splitlines()[0]
        assert first not in err and first.split(":")[0] + ":" not in err


def test_export_to_device_refused(tmp_path, capsys):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    assert main(["export", str(DEFAULT), "-o", "/dev/null"]) == 2
    assert "/dev/null" in capsys.readouterr().err and Path("/dev/null").is_char_device()


def test_export_through_symlink_keeps_it(tmp_path, capsys):
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    assert main(["export", str(DEFAULT), "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"
