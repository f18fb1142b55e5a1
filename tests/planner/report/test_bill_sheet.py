"""The bill-check sheet: written only when the project has monthly bills."""

from __future__ import annotations

import io

import openpyxl
import pytest

from planner.engine.chain import run_project
from planner.io.projectfile import load_project
from planner.report.workbook import workbook_bytes
from tests.conftest import SEEDS


def _book(name, lang="en"):
    p = load_project(SEEDS / name)
    r = run_project(p, SEEDS)
    return p, r, openpyxl.load_workbook(io.BytesIO(workbook_bytes(p, r, lang)))


def test_bill_check_sheet_on_the_seed():
    p, r, wb = _book("bill-calibration.json")
    assert wb.sheetnames[-1] == "Bill check"
    ws = wb["Bill check"]
    assert ws.cell(4, 1).value == "Month" and ws.cell(4, 8).value == "Before calibration (%)"
    # month 2: the billed total as entered, the difference a live formula
    assert ws.cell(6, 4).value == p.load.monthly_bills[1].total_yuan
    assert ws.cell(6, 6).value == "=E6-D6"
    assert ws.cell(6, 8).value == pytest.approx(r.bill_check.months[1].uncalibrated_difference_pct / 100)
    assert ws.cell(17, 1).value == "Total" and ws.cell(17, 4).value == "=SUM(D5:D16)"


def test_no_bill_check_sheet_without_bills():
    _, _, wb = _book("shandong-midsize-factory.json", "zh")
    assert "账单核对" not in wb.sheetnames and len(wb.sheetnames) == 6
