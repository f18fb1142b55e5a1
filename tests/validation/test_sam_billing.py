"""Year-1 TOU billing against NREL SAM ``Utilityrate5`` (issue #5).

Both sides bill the same hourly load and the same hourly PV output (ours,
given to SAM as ``gen``) under the same tariff: four TOU periods on 12 x 24
working-day and rest-day schedules, export at a sell rate (SAM's net
billing, ``ur_metering_option = 2``) and a monthly demand charge on the
month's peak hourly import (SAM's flat demand charge).  Required: the bill
without and with the system agree within 0.1 % in every month.

Calendar: SAM's billing year starts on a Monday and has Saturday/Sunday
weekends; the case uses ``calendar_year = 2018`` (1 January 2018 was a
Monday, not a leap year) and ``working_days = "mon_fri"``, no holidays.
See docs/validation.md.  Run with ``pytest tests/validation -s`` to see the
tables.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

pytest.importorskip("PySAM")

from planner.engine.bill import monthly_bill  # noqa: E402
from planner.engine.calendar import hourly_calendar  # noqa: E402
from planner.engine.chain import run_project  # noqa: E402
from planner.engine.tariff import hourly_tariff  # noqa: E402
from tests.validation import sam_chain as sc  # noqa: E402

MONTHLY_RTOL = 1e-3  # 0.1 %
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """The validation case run by our engine, and SAM billing the same hours."""
    directory = tmp_path_factory.mktemp("sam_billing")
    project = sc.validation_project(directory)
    result = run_project(project, directory)
    ur = sc.utilityrate(result.baseline_kw, project.tariff, gen_kw=result.pv.hourly_generation_kw)
    ur.execute(0)
    return project, result, ur


def _assert_monthly(name: str, ours: np.ndarray, sam: np.ndarray, rtol: float = MONTHLY_RTOL) -> None:
    ours = np.asarray(ours, dtype=float)
    sam = np.asarray(sam, dtype=float)
    assert ours.shape == sam.shape == (12,)
    diff = np.abs(ours - sam)
    bad = [
        f"{MONTHS[m]}: ours {ours[m]:,.2f} SAM {sam[m]:,.2f}"
        for m in range(12)
        if diff[m] > rtol * max(abs(sam[m]), 1.0)
    ]
    assert not bad, f"{name} differs by more than {rtol:.1%}: " + "; ".join(bad)


def _print_ours_vs_sam(title: str, columns) -> None:
    """Print months and the year of ``(name, ours, sam[, year_of])`` columns side by side, then the
    relative difference of the last pair (the bill); ``year_of`` (default ``np.sum``) makes the year row."""
    cols = [(c[0], np.asarray(c[1]), np.asarray(c[2]), c[3] if len(c) > 3 else np.sum) for c in columns]
    headers = ["month"] + [f"{name} {who}" for name, *_ in cols for who in ("ours", "SAM")] + ["diff %"]

    def row(label, pick):
        cells = [label] + [v for _, ours, sam, agg in cols for v in (pick(ours, agg), pick(sam, agg))]
        return cells + [sc.rel_diff_pct(cells[-2], cells[-1])]

    rows = [row(MONTHS[m], lambda a, _agg, m=m: a[m]) for m in range(12)]
    sc.print_table(title, headers, rows + [row("year", lambda a, agg: agg(a))])


def _sam_monthly_sum(hourly, cal) -> np.ndarray:
    return np.bincount(cal.month - 1, weights=np.asarray(hourly, dtype=float), minlength=12)


def test_sam_billing_year_starts_on_monday_like_our_2018_calendar(case):
    project, result, ur = case
    assert sc.sam_first_weekday() == 0
    assert dt.date(sc.SAM_CALENDAR_YEAR, 1, 1).weekday() == 0
    assert sc.SAM_CALENDAR_YEAR % 4 != 0
    assert project.load.calendar_year == sc.SAM_CALENDAR_YEAR and project.load.working_days == "mon_fri"
    # hour by hour, SAM's TOU period is ours (periods renumbered 1..n)
    ht = hourly_tariff(project.tariff, result.calendar)
    numbers = sc.sam_tariff(project.tariff).period_numbers
    from planner.model.project import PERIODS

    ours = np.array([numbers.get(p, 0) for p in PERIODS])[ht.period]
    sam = np.asarray(ur.Outputs.year1_hourly_ec_tou_schedule, dtype=int)
    assert np.array_equal(ours, sam), f"{np.sum(ours != sam)} hours fall in a different TOU period"


def test_year1_bill_without_system_matches_sam_month_by_month(case):
    project, result, ur = case
    o = ur.Outputs
    before = result.bill_before
    sam_total = np.asarray(o.year1_monthly_utility_bill_wo_sys)
    sam_energy = np.asarray(o.year1_monthly_ec_charge_without_system)
    sam_demand = np.asarray(o.year1_monthly_dc_fixed_without_system)
    _print_ours_vs_sam(
        "Year-1 bill WITHOUT the system [yuan]: ours vs SAM Utilityrate5",
        [
            ("energy", before.energy, sam_energy),
            ("demand", before.basic, sam_demand),
            ("bill", before.total, sam_total),
        ],
    )
    _assert_monthly("energy charge without system", before.energy, sam_energy)
    _assert_monthly("demand charge without system", before.basic, sam_demand)
    _assert_monthly("bill without system", before.total, sam_total)
    assert before.total.sum() == pytest.approx(o.utility_bill_wo_sys_year1, rel=MONTHLY_RTOL)
    assert before.total.sum() == pytest.approx(result.summary.first_year_bill_before_yuan)


def test_year1_bill_with_system_matches_sam_month_by_month(case):
    project, result, ur = case
    o = ur.Outputs
    cal = result.calendar
    after = result.bill_after
    sam_total = np.asarray(o.year1_monthly_utility_bill_w_sys)
    sam_energy_gross = np.asarray(o.year1_monthly_ec_charge_gross_with_system)
    sam_demand = np.asarray(o.year1_monthly_dc_fixed_with_system)
    sam_credit = np.asarray(o.year1_net_billing_credits)
    sam_export_kwh = _sam_monthly_sum(o.year1_hourly_e_togrid, cal)
    sam_peak = np.asarray(o.year1_monthly_peak_w_system)
    our_peak = np.array([result.grid_import_kw[cal.month == m + 1].max() for m in range(12)])
    assert after.export_kwh.sum() > 0.05 * result.pv.first_year_generation_kwh, "the case must export"
    _print_ours_vs_sam(
        "Year-1 bill WITH the system [yuan]: ours vs SAM Utilityrate5 (net billing)",
        [
            ("export kWh", after.export_kwh, sam_export_kwh),
            ("credit", after.export_credit, sam_credit),
            ("peak kW", our_peak, sam_peak, np.max),
            ("bill", after.total, sam_total),
        ],
    )
    _assert_monthly("exported kWh", after.export_kwh, sam_export_kwh)
    _assert_monthly("export credit", after.export_credit, sam_credit)
    _assert_monthly("gross energy charge with system", after.energy, sam_energy_gross)
    _assert_monthly("peak import", our_peak, sam_peak)
    _assert_monthly("demand charge with system", after.basic, sam_demand)
    _assert_monthly("bill with system", after.total, sam_total)
    savings = result.summary.first_year_savings_yuan
    assert savings == pytest.approx(o.savings_year1, rel=MONTHLY_RTOL)
    print(
        f"\nyear-1 savings: ours {savings:,.2f}  SAM {o.savings_year1:,.2f}  "
        f"diff {sc.rel_diff_pct(savings, o.savings_year1):+.2e} %"
    )


def test_net_exporting_months_and_negative_bills_match_sam():
    """A small load under a large array: every month's export credit exceeds
    its charges; SAM's net billing (credits applied in the month, not
    carried) gives the same negative monthly bills as ours."""
    tariff = sc.validation_tariff()
    cal = hourly_calendar(sc.SAM_CALENDAR_YEAR, "mon_fri", ())
    rng = np.random.default_rng(3)
    load = 40.0 + 20.0 * rng.random(8760)
    gen = np.where(
        (cal.hour >= 7) & (cal.hour < 18),
        400.0 * np.sin(np.pi * (cal.hour - 6.5) / 12.0) * rng.uniform(0.2, 1.0, 8760),
        0.0,
    )
    imp, exp = np.maximum(load - gen, 0.0), np.maximum(gen - load, 0.0)
    ours = monthly_bill(tariff, hourly_tariff(tariff, cal), cal, imp, exp)
    ur = sc.utilityrate(load, tariff, gen_kw=gen)
    ur.execute(0)
    sam = np.asarray(ur.Outputs.year1_monthly_utility_bill_w_sys)
    assert np.all(ours.total < 0) and np.all(sam < 0)
    _assert_monthly("net-exporter bill", ours.total, sam)


def test_capacity_basic_charge_is_sams_monthly_fixed_charge():
    tariff = sc.validation_tariff(
        basic_charge={"basis": "capacity", "transformer_kva": 2500.0, "yuan_per_kva_month": 22.0}
    )
    cal = hourly_calendar(sc.SAM_CALENDAR_YEAR, "mon_fri", ())
    load = sc.validation_load_kw()
    ours = monthly_bill(tariff, hourly_tariff(tariff, cal), cal, load)
    ur = sc.utilityrate(load, tariff, gen_kw=np.zeros(8760))
    ur.execute(0)
    assert np.allclose(ur.Outputs.year1_monthly_fixed_without_system, 2500.0 * 22.0)
    _assert_monthly("bill with capacity charge", ours.total, ur.Outputs.year1_monthly_utility_bill_wo_sys)
