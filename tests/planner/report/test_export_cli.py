"""``retrofit-planner export`` with a project that asks for scenarios, sensitivity and Monte Carlo.

The analysis sheets must carry what ``compare / sensitivity / montecarlo --json``
print for the same file (read raw, no recalculation).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from planner.cli import main
from planner.report.text import label, sheet_title

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def _project(tmp_path):
    d = json.loads(DEFAULT.read_text(encoding="utf-8"))
    d["language"] = "en"
    d["scenarios"] = [
        {"name": "higher discount rate", "changes": [{"path": "finance/discount_rate_pct", "value": 10}]},
    ]
    d["sensitivity"] = {"drivers": [{"driver": "capex"}, {"driver": "energy_price"}]}
    d["uncertainty"] = [{"driver": "energy_price", "distribution": "uniform", "low": -10, "high": 10}]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def _json(capsys, *argv):
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _values(ws):
    return [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, (int, float))]


def _has(values, x, rel=1e-9):
    return any(v == pytest.approx(x, rel=rel, abs=1e-9) for v in values)


def test_export_writes_the_analysis_sheets_with_the_cli_values(tmp_path, capsys):
    path = _project(tmp_path)
    out = tmp_path / "p.xlsx"
    assert main(["export", str(path), "-o", str(out), "--draws", "400", "--seed", "3"]) == 0
    comp = _json(capsys, "compare", str(path))
    sens = _json(capsys, "sensitivity", str(path))
    mc = _json(capsys, "montecarlo", str(path), "--draws", "400", "--seed", "3")
    wb = openpyxl.load_workbook(out, data_only=True)
    title = {k: sheet_title(label(f"sheet.{k}", "en")) for k in ("scenarios", "sensitivity", "montecarlo")}
    for t in title.values():
        assert t in wb.sheetnames
    sc = _values(wb[title["scenarios"]])
    for s in comp["scenarios"]:
        assert _has(sc, s["summary"]["npv_yuan"])
        assert _has(sc, s["summary"]["capex_yuan"])
    se = _values(wb[title["sensitivity"]])
    assert _has(se, sens["base"]["npv_yuan"])
    for dr in sens["drivers"]:
        assert _has(se, dr["npv_low_yuan"]) and _has(se, dr["npv_high_yuan"])
    mcv = _values(wb[title["montecarlo"]])
    for k in ("mean", "p10", "p50", "p90"):
        assert _has(mcv, mc["npv_yuan"][k])
    assert _has(mcv, mc["probability_npv_positive"])


def test_no_analysis_leaves_the_sheets_out(tmp_path, capsys):
    path = _project(tmp_path)
    out = tmp_path / "p.xlsx"
    assert main(["export", str(path), "-o", str(out), "--no-analysis"]) == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    for k in ("scenarios", "sensitivity", "montecarlo"):
        assert sheet_title(label(f"sheet.{k}", "en")) not in wb.sheetnames
