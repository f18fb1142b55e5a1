"""The Chinese bill, rule by rule, worked out by hand.

Most cases use a constant 1000 kW load (8,760,000 kWh a year, continuous
shift, every day a working day): January has 744 h, so 744,000 kWh and a
maximum demand of 1000 kW; the flat price is 0.5 yuan/kWh, so January's
energy charge is 372,000 yuan.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.engine import bill as billing
from planner.engine.calendar import hourly_calendar
from planner.engine.chain import run_project
from planner.engine.tariff import hourly_tariff
from planner.model.errors import InputError
from planner.model.project import Project, Tariff

FLAT = [["flat"] * 24] * 12
JAN_H = 744
JAN_KWH = 744_000.0


def _tariff(**extra) -> Tariff:
    return Tariff.model_validate({"prices_yuan_per_kwh": {"flat": 0.5}, "weekday_schedule": FLAT, **extra})


def _cal():
    return hourly_calendar(2025, "all")


def _bill(tariff: Tariff, load_kw, **kw):
    cal = _cal()
    return billing.monthly_bill(tariff, hourly_tariff(tariff, cal), cal, load_kw, **kw)


def _project(tariff_extra=None, measures=(), load_extra=None, finance=None, annual_kwh=8_760_000) -> Project:
    return Project.model_validate(
        {
            "format_version": 1,
            "name": "bill",
            "site": {"name": "Jinan", "latitude_deg": 36.65, "longitude_deg": 117.12},
            "load": {
                "annual_kwh": annual_kwh,
                "shift_pattern": "continuous",
                "working_days": "all",
                **(load_extra or {}),
            },
            "tariff": {
                "prices_yuan_per_kwh": {"flat": 0.5},
                "weekday_schedule": FLAT,
                "export_price_yuan_per_kwh": 0.3,
                **(tariff_extra or {}),
            },
            "measures": list(measures),
            "finance": {"analysis_years": 10, "discount_rate_pct": 8, **(finance or {})},
        }
    )


# --------------------------------------------------------------------------- basic charge


@pytest.mark.parametrize(
    "kva, expected_jan",
    [
        # 744,000 kWh / 2861 kVA = 260.05 >= 260: demand price at 90 %: 1000 kW x 30 x 0.9 = 27,000
        (2861, 27_000.0),
        # 744,000 / 2862 = 259.96 < 260: full price: 1000 x 30 = 30,000
        (2862, 30_000.0),
    ],
)
def test_demand_rate_90_pct_at_260_kwh_per_kva(kva, expected_jan):
    t = _tariff(basic_charge={"basis": "demand", "yuan_per_kw_month": 30, "transformer_kva": kva})
    b = _bill(t, np.full(8760, 1000.0))
    assert b.basic[0] == pytest.approx(expected_jan)


def test_260_rule_not_applied_to_capacity_basis():
    # capacity: 2861 kVA x 20 yuan = 57,220 every month whatever kWh/kVA
    t = _tariff(basic_charge={"basis": "capacity", "yuan_per_kva_month": 20, "transformer_kva": 2861})
    assert _bill(t, np.full(8760, 1000.0)).basic == pytest.approx(np.full(12, 57_220.0))


def test_retrofit_loses_260_discount_and_bill_shows_it():
    # 1100 kW: Jan 818,400 kWh / 3000 kVA = 272.8 -> 90 %; after saving 100 kW: 744,000/3000 = 248 -> 100 %
    bc = {"basis": "demand", "yuan_per_kw_month": 30, "transformer_kva": 3000}
    t = _tariff(basic_charge=bc)
    before = _bill(t, np.full(8760, 1100.0))
    after = _bill(t, np.full(8760, 1000.0))
    assert before.basic[0] == pytest.approx(1100 * 30 * 0.9)  # 29,700
    assert after.basic[0] == pytest.approx(1000 * 30)  # 30,000: higher although demand fell
    assert before.demand_rate_factor[0] == 0.9 and after.demand_rate_factor[0] == 1.0


def test_contract_demand_6_pct_over():
    # contract 1000 kW at 30 yuan: 30,000 every month; demand 1060 kW is 6 % over the contract:
    # only the 10 kW above 105 % (1050 kW) is billed, at twice the rate: 2 x 30 x 10 = 600
    t = _tariff(basic_charge={"basis": "contract_demand", "yuan_per_kw_month": 30, "contract_demand_kw": 1000})
    assert _bill(t, np.full(8760, 1060.0)).basic[0] == pytest.approx(30_600.0)
    # demand below the contract: the contract is still billed
    assert _bill(t, np.full(8760, 800.0)).basic[0] == pytest.approx(30_000.0)
    # 4 % over: within the 105 % tolerance, no excess
    assert _bill(t, np.full(8760, 1040.0)).basic[0] == pytest.approx(30_000.0)


def test_contract_demand_with_260_discount_applies_to_both_parts():
    # 1060 kW: Jan 788,640 kWh / 2000 kVA = 394 >= 260 -> rate 27: 1000 x 27 + 2 x 27 x 10 = 27,540
    t = _tariff(
        basic_charge={
            "basis": "contract_demand",
            "yuan_per_kw_month": 30,
            "contract_demand_kw": 1000,
            "transformer_kva": 2000,
        }
    )
    assert _bill(t, np.full(8760, 1060.0)).basic[0] == pytest.approx(27_540.0)


def test_contract_below_40_pct_of_kva_warns():
    # 300 kW < 0.4 x 1000 kVA = 400: the rule forbids it; billed as given, with a warning
    p = _project(
        {
            "basic_charge": {
                "basis": "contract_demand",
                "yuan_per_kw_month": 30,
                "contract_demand_kw": 300,
                "transformer_kva": 1000,
            }
        }
    )
    r = run_project(p)
    assert any("contract_demand_kw" in w and "40 %" in w for w in r.warnings)


def test_contract_demand_needs_the_contract():
    with pytest.raises(ValueError, match="contract_demand_kw"):
        _tariff(basic_charge={"basis": "contract_demand", "yuan_per_kw_month": 30})


# --------------------------------------------------------------------------- power factor


@pytest.mark.parametrize(
    "standard, pf, pct",
    [
        # standard 0.90: 0.95..1.00 -> -0.75; 0.90 -> 0; 0.87 -> 3 x 0.5 = +1.5; 0.64 -> 15 + 2 x 1 = +17
        (0.90, 0.95, -0.75),
        (0.90, 0.90, 0.0),
        (0.90, 0.87, 1.5),
        (0.90, 0.64, 17.0),
        # standard 0.85: 0.94..1.00 -> -1.1; 0.90 -> 5 x -0.1 = -0.5; 0.87 -> -0.2; 0.64 -> 10 + 1 = +11
        (0.85, 0.95, -1.1),
        (0.85, 0.90, -0.5),
        (0.85, 0.87, -0.2),
        (0.85, 0.64, 11.0),
        # standard 0.80: 0.92..1.00 -> -1.3; 0.90 -> -1.0; 0.87 -> -0.7; 0.64 -> 16 x 0.5 = +8
        (0.80, 0.95, -1.3),
        (0.80, 0.90, -1.0),
        (0.80, 0.87, -0.7),
        (0.80, 0.64, 8.0),
        # more rows of REFERENCE-DATA: 0.94 -> -0.60, 0.70 -> +10, 0.65 -> +15 (std 0.90);
        # 0.91..0.93 -> -0.65/-0.80/-0.95, 0.65 -> +10, 0.60 -> +15, 0.59 -> +17 (std 0.85);
        # 0.91 -> -1.15, 0.60 -> +10, 0.55 -> +15, 0.54 -> +17 (std 0.80)
        (0.90, 0.94, -0.60),
        (0.90, 0.70, 10.0),
        (0.90, 0.65, 15.0),
        (0.85, 0.91, -0.65),
        (0.85, 0.93, -0.95),
        (0.85, 0.65, 10.0),
        (0.85, 0.60, 15.0),
        (0.85, 0.59, 17.0),
        (0.80, 0.91, -1.15),
        (0.80, 0.60, 10.0),
        (0.80, 0.55, 15.0),
        (0.80, 0.54, 17.0),
    ],
)
def test_pf_adjustment_table(standard, pf, pct):
    assert float(billing.pf_adjustment_pct(pf, standard)) == pytest.approx(pct)


@pytest.mark.parametrize("standard", [0.90, 0.85, 0.80])
@pytest.mark.parametrize("pf, pcts", [(0.95, (-0.75, -1.1, -1.3)), (0.87, (1.5, -0.2, -0.7)), (0.64, (17, 11, 8))])
def test_pf_from_kvarh_in_a_bill(standard, pf, pcts):
    # kvarh = kWh x tan(acos(pf)) gives that PF; adjustment = pct x (energy 372,000 + basic 20,000)
    pct = dict(zip((0.90, 0.85, 0.80), pcts, strict=True))[standard]
    kvarh = np.full(12, JAN_KWH * math.tan(math.acos(pf)))
    t = _tariff(
        power_factor={"standard": standard, "monthly_kvarh": list(kvarh)},
        basic_charge={"basis": "capacity", "transformer_kva": 1000, "yuan_per_kva_month": 20},
    )
    b = _bill(t, np.full(8760, 1000.0), kvarh=kvarh)
    assert b.power_factor[0] == pytest.approx(pf)
    assert b.pf_adjustment[0] == pytest.approx(pct / 100 * (372_000 + 20_000))


def test_pf_rounding_half_up():
    assert float(billing.round_pf(0.865)) == pytest.approx(0.87)
    assert float(billing.round_pf(0.8649)) == pytest.approx(0.86)
    assert float(billing.round_pf(0.8951)) == pytest.approx(0.90)
    # kWh 100, kvarh 58.04: PF = 100 / sqrt(100^2 + 58.04^2) = 0.86488 -> 0.86
    assert float(billing.monthly_power_factor(100.0, 58.04)) == pytest.approx(0.86)


def test_ratio_reactive_energy_gives_pf_0_80():
    # kvarh = 0.75 x kWh: PF = 1 / sqrt(1 + 0.75^2) = 0.80; standard 0.90: 10 x 0.5 = +5 %
    # Jan: 5 % x 372,000 = 18,600
    t = _tariff(power_factor={"standard": 0.90, "reactive_kvarh_per_kwh": 0.75})
    r = run_project(_project({"power_factor": {"standard": 0.90, "reactive_kvarh_per_kwh": 0.75}}))
    jan = r.monthly.iloc[0]
    assert jan["power_factor_before"] == pytest.approx(0.80)
    assert jan["pf_adjustment_yuan_before"] == pytest.approx(18_600.0)
    assert jan["bill_before_yuan"] == pytest.approx(372_000 + 18_600)
    assert t.power_factor.standard == 0.90


def test_efficiency_lowers_pf_because_kvarh_stay():
    # baseline 1000 kW, kvarh 0.45 x baseline kWh: PF 1/sqrt(1.2025) = 0.9119 -> 0.91 (-0.15 %);
    # saving 300 kW continuous: Jan 520,800 kWh with 334,800 kvarh: PF 0.8412 -> 0.84 (+3 %):
    # Jan adjustment after = 3 % x 260,400 = 7,812
    measure = {
        "type": "annual_energy",
        "name": "E",
        "energy_before_kwh_per_year": 3_000_000,
        "energy_after_kwh_per_year": 372_000,
        "capex_yuan": 1,
    }
    r = run_project(_project({"power_factor": {"standard": 0.90, "reactive_kvarh_per_kwh": 0.45}}, [measure]))
    jan = r.monthly.iloc[0]
    assert jan["power_factor_before"] == pytest.approx(0.91)
    assert jan["pf_adjustment_yuan_before"] == pytest.approx(-0.0015 * 372_000)
    assert jan["power_factor_after"] == pytest.approx(0.84)
    assert jan["pf_adjustment_yuan_after"] == pytest.approx(0.03 * 520_800 * 0.5)
    assert any("power-factor penalty" in w for w in r.warnings)


def test_pv_lowers_pf_and_creates_a_penalty():
    pv = {"type": "pv", "name": "PV", "capacity_kwp": 3000, "specific_yield_kwh_per_kwp": 1200, "capex_yuan": 1}
    r = run_project(_project({"power_factor": {"standard": 0.90, "reactive_kvarh_per_kwh": 0.45}}, [pv]))
    m = r.monthly
    kvarh = 0.45 * m["import_before_kwh"].to_numpy()
    # by hand from the engine's own grid imports: PF_after = kWh_after / sqrt(kWh_after^2 + kvarh_before^2)
    kwh_after = m["import_after_kwh"].to_numpy()
    expected = np.floor(kwh_after / np.hypot(kwh_after, kvarh) * 100 + 0.5 + 1e-9) / 100
    assert m["power_factor_after"].to_numpy() == pytest.approx(expected)
    assert (m["power_factor_after"] < m["power_factor_before"]).all()
    assert (m["pf_adjustment_yuan_after"] > 0).any()  # a penalty where there was a discount
    assert (m["pf_adjustment_yuan_before"] < 0).all()
    assert any("power-factor penalty" in w for w in r.warnings)


def test_power_factor_correction_savings():
    # kvarh 0.75 x kWh (PF 0.80, +5 %) corrected to at most kWh x tan(acos 0.95): PF 0.95 (-0.75 %)
    # year: energy 8,760,000 x 0.5 = 4,380,000; savings (5 + 0.75) % x 4,380,000 = 251,850
    pfc = {"type": "power_factor_correction", "name": "SVG", "target_pf": 0.95, "capex_yuan": 100_000}
    r = run_project(_project({"power_factor": {"standard": 0.90, "reactive_kvarh_per_kwh": 0.75}}, [pfc]))
    mr = next(m for m in r.measures if m.type == "power_factor_correction")
    assert mr.first_year_savings_yuan == pytest.approx(251_850.0)
    assert mr.first_year_energy_saved_kwh == 0.0
    assert mr.simple_payback_years == pytest.approx(100_000 / 251_850)
    assert r.summary.first_year_savings_yuan == pytest.approx(251_850.0)
    assert r.monthly["power_factor_after"].to_numpy() == pytest.approx(np.full(12, 0.95))
    assert r.summary.capex_yuan == 100_000
    # year 2..10: same savings (no escalation, no PV)
    assert r.cash_flow["savings_yuan"].iloc[1:].to_numpy() == pytest.approx(np.full(10, 251_850.0))


def test_pfc_with_pv_restores_the_pf():
    pv = {"type": "pv", "name": "PV", "capacity_kwp": 3000, "specific_yield_kwh_per_kwp": 1200, "capex_yuan": 1}
    pfc = {"type": "power_factor_correction", "name": "SVG", "target_pf": 0.95, "capex_yuan": 50_000}
    tariff = {"power_factor": {"standard": 0.90, "reactive_kvarh_per_kwh": 0.45}}
    with_pfc = run_project(_project(tariff, [pv, pfc]))
    without = run_project(_project(tariff, [pv]))
    saved = without.summary.first_year_bill_after_yuan - with_pfc.summary.first_year_bill_after_yuan
    mr = next(m for m in with_pfc.measures if m.type == "power_factor_correction")
    assert mr.first_year_savings_yuan == pytest.approx(saved)
    assert saved > 0
    assert with_pfc.monthly["power_factor_after"].min() >= 0.95 - 1e-9


def test_pf_bad_inputs():
    with pytest.raises(ValueError, match="0.90, 0.85 or 0.80"):
        _tariff(power_factor={"standard": 0.95, "reactive_kvarh_per_kwh": 0.4})
    with pytest.raises(ValueError, match="kvarh >= 0"):
        _tariff(power_factor={"standard": 0.9, "monthly_kvarh": [1.0] * 11 + [-1.0]})
    with pytest.raises(ValueError, match="reactive_kvarh_per_kwh >= 0"):
        _tariff(power_factor={"standard": 0.9, "reactive_kvarh_per_kwh": -0.1})
    with pytest.raises(ValueError, match="12 monthly kvarh"):
        _tariff(power_factor={"standard": 0.9, "monthly_kvarh": [1.0] * 11})
    with pytest.raises(ValueError, match="power_factor.reactive_kvarh_per_kwh"):
        _project({"power_factor": {"standard": 0.9}})


# --------------------------------------------------------------------------- surcharges and VAT


def test_surcharges_per_kwh_not_pf_adjusted():
    # 0.03 yuan/kWh x 744,000 = 22,320; PF 0.80 -> +5 % on energy only: 18,600
    r = run_project(
        _project({"surcharges_yuan_per_kwh": 0.03, "power_factor": {"standard": 0.90, "reactive_kvarh_per_kwh": 0.75}})
    )
    jan = r.monthly.iloc[0]
    assert jan["surcharges_yuan_before"] == pytest.approx(22_320.0)
    assert jan["pf_adjustment_yuan_before"] == pytest.approx(18_600.0)
    assert jan["bill_before_yuan"] == pytest.approx(372_000 + 18_600 + 22_320)


def test_vat_deductible_values_savings_without_vat():
    # saving 876,000 kWh (100 kW continuous) at 0.5: 438,000 with VAT; 438,000 / 1.13 = 387,610.62 without
    measure = {
        "type": "annual_energy",
        "name": "E",
        "energy_before_kwh_per_year": 876_000,
        "energy_after_kwh_per_year": 0,
        "capex_yuan": 1,
    }
    tariff = {"surcharges_yuan_per_kwh": 0.02, "basic_charge": {"basis": "demand", "yuan_per_kw_month": 30}}
    gross = run_project(_project(tariff, [measure]))
    net = run_project(_project(tariff, [measure], finance={"vat_deductible": True}))
    # with VAT: energy 438,000 + surcharges 0.02 x 876,000 = 17,520 + demand 100 kW x 30 x 12 = 36,000
    assert gross.summary.first_year_savings_yuan == pytest.approx(438_000 + 17_520 + 36_000)
    assert net.summary.first_year_savings_yuan == pytest.approx((438_000 + 17_520 + 36_000) / 1.13)
    assert net.summary.first_year_bill_before_yuan == pytest.approx(gross.summary.first_year_bill_before_yuan / 1.13)
    # prices without VAT: nothing to deduct
    ex = run_project(_project({**tariff, "vat_included": False}, [measure], finance={"vat_deductible": True}))
    assert ex.summary.first_year_savings_yuan == pytest.approx(gross.summary.first_year_savings_yuan)


# --------------------------------------------------------------------------- PV export rules


def test_capped_export_and_self_use_ratio():
    # small load (100 kW constant) and 3 MWp PV: midday surplus far above the 200 kW cap
    pv = {
        "type": "pv",
        "name": "PV",
        "capacity_kwp": 3000,
        "specific_yield_kwh_per_kwp": 1200,
        "capex_yuan": 1,
        "export": "capped",
        "export_limit_kw": 200,
        "self_use_min_pct": 50,
    }
    r = run_project(_project(measures=[pv], annual_kwh=876_000))
    gen = r.pv.hourly_generation_kw
    load = r.after_kw
    self_kw = np.minimum(load, gen)
    exported = np.minimum(gen - self_kw, 200.0)
    assert r.pv.first_year_exported_kwh == pytest.approx(exported.sum())
    assert r.pv.first_year_curtailed_kwh == pytest.approx((gen - self_kw - exported).sum())
    ratio = 100 * self_kw.sum() / (self_kw.sum() + exported.sum())
    assert r.pv.self_use_ratio_pct == pytest.approx(ratio)
    assert ratio < 50
    assert any("self-use ratio" in w for w in r.warnings)
    # export income = exported kWh x 0.3
    assert r.monthly["export_credit_yuan"].sum() == pytest.approx(exported.sum() * 0.3)


def test_capped_needs_a_limit():
    pv = {"type": "pv", "name": "PV", "capacity_kwp": 3000, "export": "capped"}
    with pytest.raises(ValueError, match="export_limit_kw"):
        _project(measures=[pv])


# --------------------------------------------------------------------------- holidays


def test_cn_statutory_2025_calendar_and_holiday_schedule():
    hol = [["flat"] * 12 + ["deep_valley"] + ["flat"] * 11] * 12
    rest = [["valley"] * 24] * 12
    p = _project(
        {
            "prices_yuan_per_kwh": {"flat": 0.5, "valley": 0.3, "deep_valley": 0.1},
            "weekend_schedule": rest,
            "holiday_schedule": hol,
        },
        load_extra={"holidays": "cn_statutory", "working_days": "mon_fri", "calendar_year": 2025},
    )
    from planner.engine.calendar import calendar_for_load

    cal = calendar_for_load(p.load)
    ht = hourly_tariff(p.tariff, cal)
    ts = cal.timestamps

    def at(day, hour=12):
        return int(np.flatnonzero((ts.strftime("%Y-%m-%d") == day) & (ts.hour == hour))[0])

    # 2025-01-26 is a Sunday and a make-up working day (国办发明电〔2024〕12号): weekday schedule
    assert cal.is_working_day[at("2025-01-26")] and ht.price[at("2025-01-26")] == 0.5
    # 2025-10-08 is a Wednesday and a holiday: holiday schedule, 12 h deep valley
    assert not cal.is_working_day[at("2025-10-08")] and cal.is_holiday[at("2025-10-08")]
    assert ht.price[at("2025-10-08")] == 0.1 and ht.price[at("2025-10-08", 9)] == 0.5
    # an ordinary Saturday: rest-day schedule
    assert ht.price[at("2025-03-08")] == 0.3
    # 28 holiday days in 2025
    assert cal.is_holiday.sum() == 28 * 24


def test_holiday_schedule_defaults_to_rest_day_schedule():
    rest = [["valley"] * 24] * 12
    p = _project(
        {"prices_yuan_per_kwh": {"flat": 0.5, "valley": 0.3}, "weekend_schedule": rest},
        load_extra={"holidays": "cn_statutory", "working_days": "mon_fri"},
    )
    from planner.engine.calendar import calendar_for_load

    cal = calendar_for_load(p.load)
    ht = hourly_tariff(p.tariff, cal)
    assert np.all(ht.price[cal.is_holiday] == 0.3)


def test_holidays_for_a_year_not_shipped():
    p = _project(load_extra={"holidays": "cn_statutory", "calendar_year": 2027})
    with pytest.raises(InputError) as err:
        run_project(p)
    assert err.value.where == "load/holidays"
    assert "2027" in err.value.found and "2024, 2025, 2026" in err.value.expected


# --------------------------------------------------------------------------- defaults


def test_defaults_leave_the_bill_as_energy_plus_basic():
    r = run_project(_project({"basic_charge": {"basis": "demand", "yuan_per_kw_month": 30}}))
    m = r.monthly
    assert (m["pf_adjustment_yuan_before"] == 0).all() and (m["surcharges_yuan_after"] == 0).all()
    assert m["power_factor_before"].isna().all()
    # Jan: 372,000 + 1000 kW x 30 = 402,000
    assert m["bill_before_yuan"].iloc[0] == pytest.approx(402_000.0)
    assert m["energy_charge_yuan_before"].iloc[0] + m["basic_charge_yuan_before"].iloc[0] == pytest.approx(402_000)
    assert "bill_check" not in r.to_dict()
