"""The bill check, monthly bill lines and storage sheets, read raw (cached values, no recalculation).

Independent checks: the bill check's differences are model - actual and
(model - actual) / actual by hand from the bills CSV's totals and the
engine's model bills; the monthly PF adjustment is the month's percent of
the PF table x (energy + basic charge); the storage replacement years are
the battery life model's, and the cash flow charges the battery's capex in
exactly those years.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from planner.report.text import label, sheet_title
from planner.report.workbook import export_workbook

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


class _Exported:
    """A seed run and exported: its project, result and workbook (cached values)."""

    def __init__(self, tmp_path, name: str, lang: str):
        self.project = load_project(SEEDS / name)
        self.result = run_project(self.project, SEEDS)
        self.lang = lang
        out = tmp_path / f"{Path(name).stem}-{lang}.xlsx"
        export_workbook(self.project, self.result, out, lang=lang)
        self.wb = openpyxl.load_workbook(out, data_only=True)

    def sheet(self, key: str):
        """The sheet ``key`` and its header map (header text -> column) of row 3."""
        ws = self.wb[sheet_title(label(f"sheet.{key}", self.lang))]
        return ws, {c.value: c.column for c in ws[3] if isinstance(c.value, str)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """``exported(seed, lang)``: the seed run and exported, once per module."""
    done: dict[tuple[str, str], _Exported] = {}

    def get(name: str, lang: str) -> _Exported:
        if (name, lang) not in done:
            done[name, lang] = _Exported(tmp_path_factory.mktemp(Path(name).stem), name, lang)
        return done[name, lang]

    return get


def test_bill_check_sheet_model_vs_actual_and_before_calibration(exported):
    bill = exported("bill-calibration.json", "en")
    result = bill.result
    ws, h = bill.sheet("bill_check")
    actual = {}
    with open(SEEDS / "bill-calibration-bills.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            month = int(str(row.get("month") or row.get("Month")).split("-")[-1])
            actual[month] = float(row["total_yuan"])
    assert len(actual) == 12
    months = result.bill_check.months
    for j, m in enumerate(months):
        r = 4 + j
        model = ws.cell(r, h[label("bc.model_yuan", "en")]).value
        act = ws.cell(r, h[label("bc.actual_yuan", "en")]).value
        assert act == pytest.approx(actual[m.month], rel=1e-12)
        # the model bill: the engine's year-1 bill before the retrofit (VAT factor 1 here)
        assert model == pytest.approx(float(result.bill_before.total[m.month - 1]), rel=1e-12)
        assert ws.cell(r, h[label("bc.diff_yuan", "en")]).value == pytest.approx(model - act, abs=1e-6)
        assert ws.cell(r, h[label("bc.diff_pct", "en")]).value == pytest.approx((model - act) / act, abs=1e-12)
        unc = ws.cell(r, h[label("bc.uncal_yuan", "en")]).value
        assert ws.cell(r, h[label("bc.uncal_pct", "en")]).value == pytest.approx(unc / act - 1, abs=1e-12)
    total_row = 4 + len(months)
    assert ws.cell(total_row, 1).value == label("mo.total", "en")
    t_model = ws.cell(total_row, h[label("bc.model_yuan", "en")]).value
    t_act = ws.cell(total_row, h[label("bc.actual_yuan", "en")]).value
    assert t_act == pytest.approx(sum(actual.values()), rel=1e-12)
    assert ws.cell(total_row, h[label("bc.diff_pct", "en")]).value == pytest.approx(t_model / t_act - 1, abs=1e-12)
    # calibrated: after calibration the model matches to < 0.01 %, before it did not (the residual shown)
    unc_pct = ws.cell(total_row, h[label("bc.uncal_pct", "en")]).value
    assert abs(ws.cell(total_row, h[label("bc.diff_pct", "en")]).value) < 1e-4 < abs(unc_pct)
    assert unc_pct == pytest.approx(result.bill_check.total.uncalibrated_difference_pct / 100, rel=1e-9)


def test_no_bill_check_sheet_without_bills(tmp_path):
    plain = _Exported(tmp_path, "shandong-midsize-factory.json", "zh")
    assert plain.result.bill_check is None
    assert sheet_title(label("sheet.bill_check", "zh")) not in plain.wb.sheetnames


def test_monthly_sheet_shows_the_bill_lines_and_power_factor(exported):
    bill = exported("bill-calibration.json", "en")
    project, result = bill.project, bill.result
    ws, h = bill.sheet("monthly")
    mo = result.monthly
    std = project.tariff.power_factor.standard
    for suffix in ("before", "after"):
        cols = {
            k: h[label(f"mo.{k}_{suffix}", "en")]
            for k in (
                "energy_charge_yuan",
                "basic_charge_yuan",
                "pf_adjustment_yuan",
                "surcharges_yuan",
                "power_factor",
            )
        }
        for m in range(12):
            r = 4 + m
            energy = ws.cell(r, cols["energy_charge_yuan"]).value
            basic = ws.cell(r, cols["basic_charge_yuan"]).value
            pf = ws.cell(r, cols["power_factor"]).value
            assert energy == pytest.approx(float(mo[f"energy_charge_yuan_{suffix}"].iloc[m]), rel=1e-12)
            # capacity charge: 2500 kVA x 22 yuan/kVA-month = 55,000 yuan every month
            assert basic == pytest.approx(55_000.0, rel=1e-12)
            # PF adjustment = percent x (energy + basic); the 0.90 standard: -0.15 % per 0.01 above
            # 0.90 up to 0.94 (REFERENCE-DATA), +0.5 % per 0.01 below it
            pct = ws.cell(r, cols["pf_adjustment_yuan"]).value / (energy + basic)
            assert pf == pytest.approx(float(mo[f"power_factor_{suffix}"].iloc[m]), abs=1e-12)
            if abs(pf - std) < 1e-9:
                assert pct == pytest.approx(0.0, abs=1e-12)
            elif pf < std:
                assert pct > 0
            else:
                assert pct < 0
            # surcharges: 0.0294 yuan per grid kWh
            kwh = float(mo[f"import_{suffix}_kwh"].iloc[m])
            assert ws.cell(r, cols["surcharges_yuan"]).value == pytest.approx(0.0294 * kwh, rel=1e-9)
        bill_col = h[label(f"mo.{suffix}", "en")]
        for m in range(12):
            assert ws.cell(4 + m, bill_col).value == pytest.approx(float(mo[f"bill_{suffix}_yuan"].iloc[m]), rel=1e-12)


def test_storage_sheet_dispatch_cycles_and_replacements(exported):
    storage = exported("shandong-factory-storage.json", "zh")
    project, result = storage.project, storage.result
    ws, h = storage.sheet("storage")
    res = result.storage[0]
    row = 4
    assert ws.cell(row, h[label("st.discharged", "zh")]).value == pytest.approx(res.first_year_discharged_kwh)
    assert ws.cell(row, h[label("st.charged", "zh")]).value == pytest.approx(res.first_year_charged_kwh)
    # losses = charged - discharged
    assert ws.cell(row, h[label("st.losses", "zh")]).value == pytest.approx(
        res.first_year_charged_kwh - res.first_year_discharged_kwh, rel=1e-9
    )
    # equivalent full cycles = discharged / usable capacity (E_max - E_min)
    m = project.battery_measures[0]
    usable = m.energy_kwh * (m.max_soc_pct - m.min_soc_pct) / 100.0
    assert ws.cell(row, h[label("st.cycles", "zh")]).value == pytest.approx(
        res.first_year_discharged_kwh / usable, rel=1e-9
    )
    assert ws.cell(row, h[label("st.savings", "zh")]).value == pytest.approx(res.first_year_savings_yuan, rel=1e-12)
    years = ws.cell(row, h[label("st.replacements", "zh")]).value
    assert res.replacement_years, "the seed's battery is replaced within the period"
    assert years == "、".join(str(y) for y in res.replacement_years)


def test_cash_flow_charges_the_battery_in_its_replacement_years(exported):
    storage = exported("shandong-factory-storage.json", "zh")
    project, result = storage.project, storage.result
    ws, h = storage.sheet("cash_flow")
    col = h[label("cf.replacement", "zh")]
    n = project.finance.analysis_years
    repl = np.array([ws.cell(4 + k, col).value or 0.0 for k in range(n + 1)])
    battery = next(mr for mr in result.measures if mr.type == "battery")
    others = np.zeros(n + 1)
    for mr in result.measures:
        if mr.type == "battery":
            continue
        for k in range(1, n):
            if k % mr.life_years == 0:
                others[k] -= mr.capex_yuan
    for k in result.storage[0].replacement_years:
        # the battery's capex (its effective capex, as the engine charges it) on top of the MOD(k, life) rule
        assert repl[k] == pytest.approx(others[k] - battery.capex_yuan, rel=1e-9)
    np.testing.assert_allclose(repl, result.cash_flow["replacement_yuan"].to_numpy(float), rtol=1e-9, atol=1e-6)
