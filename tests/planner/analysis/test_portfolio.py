"""Portfolio: every project of a folder, ranked; a bad file is a row with its error."""

import io
import json
import shutil

import openpyxl
import pytest

from planner.analysis.portfolio import run_batch
from planner.cli import main
from planner.report.portfolio import portfolio_workbook

from .support import SEEDS, compute


@pytest.fixture
def folder(tmp_path):
    for f in SEEDS.glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    d = json.loads((SEEDS / "shandong-midsize-factory.json").read_text(encoding="utf-8"))
    d["measures"][0]["capex_yuan"] = -5
    (tmp_path / "negative.json").write_text(json.dumps(d), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a project", encoding="utf-8")
    return tmp_path


def test_batch_ranks_and_keeps_bad_files(folder):
    port = run_batch(folder, workers=2)
    rows = {r["file"]: r for r in port.rows}
    assert set(rows) == {f.name for f in SEEDS.glob("*.json")} | {"broken.json", "negative.json"}
    assert "expected valid JSON" in rows["broken.json"]["error"]
    assert "capex_yuan" in rows["negative.json"]["error"]
    good = [r for r in port.rows if r["error"] is None]
    for r in good:
        s = compute(json.loads((SEEDS / r["file"]).read_text(encoding="utf-8")))
        assert r["npv_yuan"] == s.npv_yuan and r["payback_years"] == s.payback_years
    # rows are in NPV order, errors last; ranks 1..n
    assert [r["rank_npv"] for r in good] == list(range(1, len(good) + 1))
    assert all(good[i]["npv_yuan"] >= good[i + 1]["npv_yuan"] for i in range(len(good) - 1))
    assert [r["error"] is not None for r in port.rows][-2:] == [True, True]
    paybacks = sorted((r["payback_years"], r["rank_payback"]) for r in good if r["payback_years"] is not None)
    assert [rk for _, rk in paybacks] == list(range(1, len(paybacks) + 1))
    for r in good:
        if r["capex_yuan"] > 0:
            assert r["co2_kg_per_yuan"] == pytest.approx(r["lifetime_co2_avoided_t"] * 1000 / r["capex_yuan"])
        else:
            assert r["co2_kg_per_yuan"] is None and r["rank_co2_per_yuan"] is None
    # the same in one process
    assert run_batch(folder, workers=1).rows == port.rows


def test_batch_cli_json_and_workbook(folder, tmp_path, capsys):
    out_xlsx = tmp_path / "out" / "portfolio.xlsx"
    out_xlsx.parent.mkdir()
    assert main(["batch", str(folder), "-o", str(out_xlsx), "--json", "--lang", "en"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == len(out["projects"]) and out["failed"] == 2
    ws = openpyxl.load_workbook(out_xlsx).active
    assert ws.cell(1, 1).value == folder.name  # the title, then a blank row, then the header
    header = [c.value for c in ws[3]]
    assert header[:3] == ["Rank (NPV)", "File", "Project"]
    assert ws.cell(4, 6).value == pytest.approx(out["projects"][0]["npv_yuan"])


def test_batch_missing_folder(capsys, tmp_path):
    assert main(["batch", str(tmp_path / "nope")]) == 2
    assert "a folder of project files" in capsys.readouterr().err


def test_workbook_text_never_becomes_a_formula():
    rows = [{"file": "=cmd|' /C calc'!A0.json", "name": "+SUM(A1)", "error": "@bad", "npv_yuan": 5.0}]
    wb = openpyxl.load_workbook(io.BytesIO(portfolio_workbook(rows, lang="zh")))
    ws = wb.active
    assert ws.cell(2, 2).data_type == "s" and ws.cell(2, 2).value == "=cmd|' /C calc'!A0.json"
    assert ws.cell(2, 3).data_type == "s" and ws.cell(2, 13).data_type == "s"
    assert ws.cell(1, 1).value == "NPV 排名"
