"""Reading 12 monthly bills from CSV/XLSX, and the refusals."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from planner.io.bills import read_bills, write_bills_csv
from planner.io.reference import merge_tariff_template, tariff_template, tariff_templates
from planner.model.errors import InputError
from planner.model.project import Load, Tariff


def _csv(tmp_path, rows, header="month,kwh,kwh_peak,max_demand_kw,kvarh,total_yuan", name="b.csv", enc="utf-8"):
    p = tmp_path / name
    p.write_text("\n".join([header, *rows]) + "\n", encoding=enc)
    return p


ROWS = [f"{m},{100000 + m},{30000 + m},{400 + m},{40000},{70000.5 + m}" for m in range(1, 13)]


def test_reads_twelve_rows(tmp_path):
    bills = read_bills(_csv(tmp_path, ROWS))
    assert [b.month for b in bills] == list(range(1, 13))
    b3 = bills[2]
    assert (b3.kwh, b3.kwh_by_period, b3.max_demand_kw, b3.kvarh, b3.total_yuan) == (
        100003,
        {"peak": 30003},
        403,
        40000,
        70003.5,
    )


def test_chinese_headers_gb18030_and_month_formats(tmp_path):
    rows = [f'2025年{m}月,"1,{m:03d},000",{m * 10},{5000 + m}' for m in range(1, 13)]
    p = _csv(tmp_path, rows, header="月份,电量(kWh),无功电量,电费(元)", enc="gb18030")
    bills = read_bills(p)
    assert bills[0].kwh == 1_001_000 and bills[11].total_yuan == 5012 and bills[4].kvarh == 50


def test_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["月份", "电量", "尖峰电量", "高峰电量", "最大需量", "电费合计"])
    for m in range(1, 13):
        ws.append([m, 1000.0 * m, 10.0, 20.0, 5.0, 700.0 * m])
    p = tmp_path / "bills.xlsx"
    wb.save(p)
    bills = read_bills(p)
    assert bills[1].kwh_by_period == {"critical_peak": 10.0, "peak": 20.0} and bills[1].total_yuan == 1400


def test_eleven_rows_refused(tmp_path):
    with pytest.raises(InputError) as err:
        read_bills(_csv(tmp_path, ROWS[:11]))
    assert err.value.expected.startswith("12 rows") and err.value.found == "11 rows"


def test_month_twice_refused_with_rows(tmp_path):
    rows = ROWS[:11] + [ROWS[3]]
    with pytest.raises(InputError) as err:
        read_bills(_csv(tmp_path, rows))
    assert err.value.where == "b.csv row 13, month"
    assert "month 4 twice (rows 5 and 13)" in err.value.found


def test_zero_total_and_negative_kvarh_refused_with_rows(tmp_path):
    rows = list(ROWS)
    rows[1] = "2,100,1,1,1,0"
    rows[5] = "6,100,1,1,-5,100"
    with pytest.raises(InputError) as err:
        read_bills(_csv(tmp_path, rows))
    wheres = [p.where for p in err.value.problems]
    assert wheres == ["b.csv row 3, total_yuan", "b.csv row 7, kvarh"]
    assert "bill total > 0" in err.value.problems[0].expected


def test_missing_column_and_bad_number(tmp_path):
    with pytest.raises(InputError, match="total_yuan"):
        read_bills(_csv(tmp_path, [r.rsplit(",", 1)[0] for r in ROWS], header="month,kwh,kwh_peak,max_demand_kw,kvarh"))
    rows = list(ROWS)
    rows[0] = "1,lots,1,1,1,1"
    with pytest.raises(InputError) as err:
        read_bills(_csv(tmp_path, rows))
    assert err.value.where == "b.csv row 2, kwh"


def test_round_trip(tmp_path):
    bills = read_bills(_csv(tmp_path, ROWS))
    out = tmp_path / "out.csv"
    write_bills_csv(bills, out)
    again = read_bills(out)
    assert [(b.month, b.kwh, b.total_yuan) for b in again] == [(b.month, b.kwh, round(b.total_yuan, 2)) for b in bills]


def test_bills_in_the_project_file():
    bill = {"month": 1, "kwh": 1, "total_yuan": 1}
    with pytest.raises(ValueError, match="12 monthly bills"):
        Load(annual_kwh=1, monthly_bills=[{**bill, "month": m} for m in range(1, 12)])
    with pytest.raises(ValueError, match="month 3 twice"):
        Load(annual_kwh=1, monthly_bills=[{**bill, "month": m} for m in [*range(1, 12), 3]])
    with pytest.raises(ValueError, match="bill total > 0"):
        Load(annual_kwh=1, monthly_bills=[{**bill, "month": m, "total_yuan": 0 if m == 5 else 1} for m in range(1, 13)])
    with pytest.raises(ValueError, match="kvarh >= 0"):
        Load(annual_kwh=1, monthly_bills=[{**bill, "month": m, "kvarh": -1} for m in range(1, 13)])
    with pytest.raises(ValueError, match="monthly_bills"):
        Load(annual_kwh=1, calibrate_to_bills=True)


# --------------------------------------------------------------------------- tariff templates


def test_template_library():
    ids = {t["id"] for t in tariff_templates()}
    assert {
        "shandong_2025_illustrative",
        "jiangsu_2025_illustrative",
        "zhejiang_2026_illustrative",
        "guangdong_prd_2021_illustrative",
        "henan_2024_illustrative",
        "flat_illustrative",
    } <= ids
    for t in tariff_templates():
        assert t["notice"] and t["date"] and isinstance(t["vat_included"], bool)
        assert "edit to your bill" in t["source"]
        tariff_template(t["id"])  # validates
    sd = tariff_template("shandong_2025_illustrative")
    assert {"critical_peak", "peak", "flat", "valley", "deep_valley"} <= set(sd.prices_yuan_per_kwh)
    # midday deep valley by month: in April, not in July
    assert sd.weekday_schedule[3][11] == "deep_valley" and sd.weekday_schedule[6][11] != "deep_valley"
    js = tariff_template("jiangsu_2025_illustrative")
    assert js.holiday_schedule is not None and "deep_valley" in js.holiday_schedule[9]


def test_merge_template_keeps_the_site_basic_charge():
    site = Tariff.model_validate(
        {
            "prices_yuan_per_kwh": {"flat": 0.8},
            "weekday_schedule": [["flat"] * 24] * 12,
            "basic_charge": {
                "basis": "contract_demand",
                "contract_demand_kw": 800,
                "yuan_per_kw_month": 33,
                "transformer_kva": 1600,
            },
            "power_factor": {"standard": 0.85, "reactive_kvarh_per_kwh": 0.5},
            "escalation_pct_per_year": 2,
        }
    )
    merged, messages = merge_tariff_template(site, "guangdong_prd_2021_illustrative")
    assert merged.basic_charge == site.basic_charge and merged.power_factor == site.power_factor
    assert merged.prices_yuan_per_kwh == tariff_template("guangdong_prd_2021_illustrative").prices_yuan_per_kwh
    assert merged.escalation_pct_per_year == 2
    assert any("kept the site's basic_charge" in m and "differs" in m for m in messages)
    fresh, msgs = merge_tariff_template(None, "flat_illustrative")
    assert fresh.prices_yuan_per_kwh == {"flat": 0.7} and msgs
    # a site without a basic charge gets the template's, and is told so
    bare = Tariff.model_validate({"prices_yuan_per_kwh": {"flat": 0.8}, "weekday_schedule": [["flat"] * 24] * 12})
    m2, msgs2 = merge_tariff_template(bare, "guangdong_prd_2021_illustrative")
    assert m2.basic_charge is not None and any("taken from the template" in m for m in msgs2)
