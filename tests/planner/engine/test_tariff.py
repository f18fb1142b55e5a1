"""TOU billing of small loads checked by hand."""

import numpy as np
import pytest

from planner.engine.bill import monthly_bill
from planner.engine.calendar import hourly_calendar
from planner.engine.tariff import hourly_tariff
from planner.model.project import BasicCharge, Tariff


def _tariff(**kw):
    # valley 00-08, flat 08-10 and 12-18 and 21-24, peak 10-12 and 18-21
    row = ["valley"] * 8 + ["flat"] * 2 + ["peak"] * 2 + ["flat"] * 6 + ["peak"] * 3 + ["flat"] * 3
    base = dict(prices_yuan_per_kwh={"peak": 1.0, "flat": 0.6, "valley": 0.3}, weekday_schedule=[row] * 12)
    base.update(kw)
    return Tariff(**base)


def test_constant_1kw_load_by_hand():
    # 1 kW all year: per day 8 valley h, 5 peak h, 11 flat h.
    # cost/day = 8*0.3 + 5*1.0 + 11*0.6 = 2.4 + 5.0 + 6.6 = 14.0 yuan; 365 days -> 5,110 yuan
    t = _tariff()
    cal = hourly_calendar(2025, "all", ())
    bill = monthly_bill(t, hourly_tariff(t, cal), cal, np.ones(8760))
    assert bill.total.sum() == pytest.approx(14.0 * 365)
    assert bill.total[1] == pytest.approx(14.0 * 28)  # February 2025
    # by period: peak = 5 kWh/day * 31 * 1.0 in January
    assert bill.energy_by_period[0, 1] == pytest.approx(5 * 31)


def test_rest_day_schedule_used_on_weekends():
    # weekend all valley; 2025-01-04 is a Saturday, mon_fri working days
    t = _tariff(weekend_schedule=[["valley"] * 24] * 12)
    cal = hourly_calendar(2025, "mon_fri", ())
    ht = hourly_tariff(t, cal)
    sat_noon = 3 * 24 + 11
    fri_noon = 2 * 24 + 11
    assert ht.price[sat_noon] == 0.3
    assert ht.price[fri_noon] == 1.0


def test_holiday_is_rest_day():
    from datetime import date

    t = _tariff(weekend_schedule=[["valley"] * 24] * 12)
    cal = hourly_calendar(2025, "mon_fri", [date(2025, 1, 1)])  # a Wednesday
    assert hourly_tariff(t, cal).price[11] == 0.3


def test_flat_tariff_is_one_period_case():
    t = Tariff(prices_yuan_per_kwh={"flat": 0.7}, weekday_schedule=[["flat"] * 24] * 12)
    cal = hourly_calendar(2025, "mon_sat", ())
    load = np.random.default_rng(1).uniform(0, 100, 8760)
    bill = monthly_bill(t, hourly_tariff(t, cal), cal, load)
    assert bill.total.sum() == pytest.approx(load.sum() * 0.7)


def test_demand_charge_by_hand():
    # 10 kW flat all year, one 50 kW hour in March: demand charge 30 yuan/kW-month
    # = 30 * (10 * 11 + 50) = 30 * 160 = 4,800 yuan/year
    t = _tariff(basic_charge=BasicCharge(basis="demand", yuan_per_kw_month=30))
    cal = hourly_calendar(2025, "all", ())
    load = np.full(8760, 10.0)
    load[(31 + 28 + 5) * 24 + 14] = 50.0
    bill = monthly_bill(t, hourly_tariff(t, cal), cal, load)
    assert bill.basic.sum() == pytest.approx(4_800)
    assert bill.basic[2] == pytest.approx(1_500)


def test_capacity_charge_by_hand():
    # 1000 kVA x 22.6 yuan/kVA-month x 12 = 271,200 yuan
    t = _tariff(basic_charge=BasicCharge(basis="capacity", transformer_kva=1000, yuan_per_kva_month=22.6))
    cal = hourly_calendar(2025, "all", ())
    bill = monthly_bill(t, hourly_tariff(t, cal), cal, np.zeros(8760))
    assert bill.basic.sum() == pytest.approx(271_200)


def test_export_credit():
    t = _tariff(export_price_yuan_per_kwh=0.3949)
    cal = hourly_calendar(2025, "all", ())
    export = np.zeros(8760)
    export[100:110] = 2.0  # 20 kWh in January
    bill = monthly_bill(t, hourly_tariff(t, cal), cal, np.zeros(8760), export)
    assert bill.export_credit[0] == pytest.approx(20 * 0.3949)
    assert bill.total.sum() == pytest.approx(-20 * 0.3949)
