"""Build and run the NREL SAM (PySAM) models the validation tests compare with.

The chain is SAM's own: ``Pvwattsv8`` (hourly AC output from a weather file)
-> ``Utilityrate5`` (hourly billing, year 1 and the analysis period) ->
``Cashloan`` (the host's cash flow, NPV and payback).  The three models share
one SSC data table (``from_existing``), as in SAM, so each one reads the
previous one's outputs exactly as SAM does.  A test that wants to give SAM
*our* hourly PV output starts the chain at ``Utilityrate5`` with ``gen`` set.

What is set, and why (see ``docs/validation.md``):

* **Calendar.** SAM's ``Utilityrate5`` lays the weekday / weekend schedules
  over a 365-day year whose 1 January is a **Monday** (checked by
  :func:`sam_first_weekday`), with Saturday and Sunday as weekend.  Our
  calendar must therefore be a non-leap year that starts on a Monday
  (:data:`SAM_CALENDAR_YEAR` = 2018) with ``working_days = "mon_fri"`` and no
  holidays.
* **Tariff.** Each TOU period used becomes one SAM period, numbered 1..n in
  the order of :data:`planner.model.project.PERIODS`, with one unlimited tier
  (``ur_ec_tou_mat`` rows ``[period, 1, 1e38, 0, buy, sell]``).  The export
  price is the sell rate of every period; ``ur_metering_option = 2`` (net
  billing: each hour's import is bought at the buy rate, each hour's export
  credited at the sell rate, the credit applied to the month's bill).  The
  demand basic charge is SAM's flat monthly demand charge
  (``ur_dc_flat_mat`` rows ``[month 0..11, 1, 1e38, yuan/kW]``) on the
  month's peak hourly import; the capacity basic charge is SAM's monthly
  fixed charge.
* **Finance.** ``Cashloan``, commercial, no tax (federal and state 0), no
  depreciation, no debt, no insurance, no property tax, no salvage, no
  incentives, inflation 0 so the real discount rate is the nominal one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from planner.model.project import PERIODS, Project, Tariff

SAM_CALENDAR_YEAR = 2018
"""A non-leap year whose 1 January is a Monday, as SAM's billing year."""

UNLIMITED = 1e38
"""SAM's "no upper limit" for a tier."""


def sam_first_weekday() -> int:
    """Weekday of SAM's 1 January (0 = Monday), read from ``Utilityrate5``.

    Runs a one-hour-load, two-period rate whose weekday schedule is period 1
    and weekend schedule period 2 and returns the first day of the first
    Monday-Friday run.
    """
    import PySAM.Utilityrate5 as Utilityrate5

    ur = Utilityrate5.new()
    ur.Lifetime.assign({"analysis_period": 1, "inflation_rate": 0.0, "system_use_lifetime_output": 0})
    ur.SystemOutput.assign({"gen": [0.0] * 8760, "degradation": [0.0]})
    ur.Load.load = [1.0] * 8760
    ur.ElectricityRates.assign(
        {
            "en_electricity_rates": 1,
            "ur_metering_option": 2,
            "ur_ec_sched_weekday": [[1] * 24] * 12,
            "ur_ec_sched_weekend": [[2] * 24] * 12,
            "ur_ec_tou_mat": [[1, 1, UNLIMITED, 0, 0.1, 0.0], [2, 1, UNLIMITED, 0, 0.2, 0.0]],
        }
    )
    ur.execute(0)
    day_is_weekend = np.asarray(ur.Outputs.year1_hourly_ec_tou_schedule).reshape(365, 24)[:, 0] == 2
    # the weekend is 2 days; the first weekend day is Saturday (weekday 5)
    first_weekend = int(np.argmax(day_is_weekend))
    return (5 - first_weekend) % 7


# ---------------------------------------------------------------------------
# tariff -> Utilityrate5 inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SamTariff:
    """Our tariff translated into ``Utilityrate5`` ``ElectricityRates`` inputs."""

    inputs: dict
    period_numbers: dict[str, int]


def sam_tariff(tariff: Tariff) -> SamTariff:
    """Translate a :class:`planner.model.project.Tariff` into SAM rate inputs.

    Prices stay in yuan (SAM's "$" is just the currency unit).  Net billing
    (``ur_metering_option = 2``), sell rate = our export price in every
    period; demand basic charge -> flat monthly demand charge; capacity
    basic charge -> monthly fixed charge.
    """
    used = {p for row in tariff.weekday_schedule for p in row}
    used |= {p for row in tariff.rest_day_schedule for p in row}
    numbers = {p: i for i, p in enumerate((p for p in PERIODS if p in used), start=1)}
    export = float(tariff.export_price_yuan_per_kwh)
    tou_mat = [[n, 1, UNLIMITED, 0, float(tariff.prices_yuan_per_kwh[p]), export] for p, n in numbers.items()]
    inputs: dict = {
        "en_electricity_rates": 1,
        "ur_metering_option": 2,  # net billing, hour by hour
        "ur_nb_apply_credit_current_month": 1,
        "ur_nb_credit_expire": 0,
        "ur_sell_eq_buy": 0,
        "ur_en_ts_buy_rate": 0,
        "ur_en_ts_sell_rate": 0,
        "ur_ec_sched_weekday": [[numbers[p] for p in row] for row in tariff.weekday_schedule],
        "ur_ec_sched_weekend": [[numbers[p] for p in row] for row in tariff.rest_day_schedule],
        "ur_ec_tou_mat": tou_mat,
        "ur_monthly_fixed_charge": 0.0,
        "ur_monthly_min_charge": 0.0,
        "ur_annual_min_charge": 0.0,
        "ur_enable_billing_demand": 0,
        "ur_dc_enable": 0,
        "TOU_demand_single_peak": 0,
    }
    bc = tariff.basic_charge
    if bc is not None and bc.basis == "demand":
        inputs.update(
            {
                "ur_dc_enable": 1,
                "ur_dc_flat_mat": [[m, 1, UNLIMITED, float(bc.yuan_per_kw_month)] for m in range(12)],
                # no time-of-use demand charge: one period at 0 /kW
                "ur_dc_sched_weekday": [[1] * 24] * 12,
                "ur_dc_sched_weekend": [[1] * 24] * 12,
                "ur_dc_tou_mat": [[1, 1, UNLIMITED, 0.0]],
            }
        )
    elif bc is not None and bc.basis == "capacity":
        inputs["ur_monthly_fixed_charge"] = float(bc.transformer_kva * bc.yuan_per_kva_month)
    return SamTariff(inputs=inputs, period_numbers=numbers)


# ---------------------------------------------------------------------------
# the models
# ---------------------------------------------------------------------------


def pvwatts(
    weather_file: str | Path,
    capacity_kwp: float,
    tilt_deg: float,
    azimuth_deg: float,
    losses_pct: float,
    dc_ac_ratio: float,
    inverter_efficiency_pct: float,
    analysis_years: int = 1,
    mounting: str = "roof",
):
    """A ready-to-run ``Pvwattsv8``: fixed roof mount (``array_type`` 1, our
    default ``mounting="roof"``; ``"open_rack"`` -> 0), standard module, no
    shading, no snow model, year-1 hourly output (degradation is applied
    downstream by ``Utilityrate5``/``Cashloan``, as in SAM's PVWatts case)."""
    import PySAM.Pvwattsv8 as Pvwattsv8

    pv = Pvwattsv8.new()
    pv.SolarResource.solar_resource_file = str(weather_file)
    pv.SystemDesign.assign(
        {
            "system_capacity": float(capacity_kwp),
            "tilt": float(tilt_deg),
            "azimuth": float(azimuth_deg),
            "losses": float(losses_pct),
            "dc_ac_ratio": float(dc_ac_ratio),
            "inv_eff": float(inverter_efficiency_pct),
            "array_type": {"roof": 1, "open_rack": 0}[mounting],
            "module_type": 0,
            "gcr": 0.4,
            "en_snowloss": 0,
            "bifaciality": 0.0,
        }
    )
    pv.Lifetime.assign({"analysis_period": int(analysis_years), "system_use_lifetime_output": 0})
    pv.AdjustmentFactors.adjust_constant = 0.0
    return pv


def utilityrate(
    load_kw: Sequence[float],
    tariff: Tariff,
    gen_kw: Sequence[float] | None = None,
    analysis_years: int = 1,
    degradation_pct: float = 0.0,
    escalation_pct: float = 0.0,
    existing=None,
):
    """A ready-to-run ``Utilityrate5``.

    Parameters
    ----------
    load_kw : 8760 floats
        Hourly load [kW = kWh/h].
    tariff : planner.model.project.Tariff
    gen_kw : 8760 floats, optional
        Hourly AC generation [kW]; omitted when ``existing`` is a PV model
        that has produced ``gen`` already.
    analysis_years : int
        SAM's analysis period [years].
    degradation_pct : float
        Yearly output degradation [%/year]: year-k output = gen x
        (1 - d)^(k-1), SAM's ``degradation`` with
        ``system_use_lifetime_output = 0``.
    escalation_pct : float
        Rate escalation [%/year]; with inflation 0, year-k prices =
        year-1 prices x (1 + e)^(k-1).
    existing : PySAM model, optional
        Share this model's data table (the SAM chain).
    """
    import PySAM.Utilityrate5 as Utilityrate5

    ur = Utilityrate5.from_existing(existing) if existing is not None else Utilityrate5.new()
    ur.Lifetime.assign({"analysis_period": int(analysis_years), "inflation_rate": 0.0, "system_use_lifetime_output": 0})
    if gen_kw is not None:
        ur.SystemOutput.gen = np.asarray(gen_kw, dtype=float).tolist()
    ur.SystemOutput.degradation = [float(degradation_pct)]
    ur.Load.assign({"load": np.asarray(load_kw, dtype=float).tolist(), "load_escalation": [0.0]})
    ur.ElectricityRates.assign(sam_tariff(tariff).inputs)
    ur.ElectricityRates.rate_escalation = [float(escalation_pct)]
    return ur


@dataclass(frozen=True)
class SamFinance:
    """The money side of a SAM run: what ``Cashloan`` takes, plus the degradation and
    rate escalation ``Utilityrate5`` applies year by year."""

    capex_yuan: float
    om_yuan_per_year: float
    analysis_years: int
    discount_rate_pct: float
    degradation_pct: float
    escalation_pct: float
    om_escalation_pct: float = 0.0

    @classmethod
    def of_run(cls, project: Project, result) -> SamFinance:
        """The finance of a project with one PV measure as our run of it sees it: capex and
        year-1 O&M from the run's summary, the rates from the project."""
        fin = project.finance
        return cls(
            capex_yuan=float(result.summary.capex_yuan),
            om_yuan_per_year=float(result.summary.first_year_om_yuan),
            om_escalation_pct=fin.om_escalation_pct_per_year,
            analysis_years=fin.analysis_years,
            discount_rate_pct=fin.discount_rate_pct,
            degradation_pct=project.pv_measures[0].annual_degradation_pct,
            escalation_pct=project.tariff.escalation_pct_per_year,
        )


def cashloan(existing, fin: SamFinance, system_capacity_kw: float):
    """A ready-to-run ``Cashloan`` sharing ``existing``'s data (after
    ``Utilityrate5`` has run).

    Everything that our pre-tax, unlevered cash flow does not have is set
    to zero: federal and state income tax, depreciation, debt, insurance,
    property tax, salvage, incentives.  Inflation 0 so SAM's real discount
    rate is also its nominal one and no cost is inflated.
    """
    import PySAM.Cashloan as Cashloan

    cl = Cashloan.from_existing(existing)
    cl.FinancialParameters.assign(
        {
            "analysis_period": int(fin.analysis_years),
            "real_discount_rate": float(fin.discount_rate_pct),
            "inflation_rate": 0.0,
            "federal_tax_rate": [0.0],
            "state_tax_rate": [0.0],
            "debt_fraction": 0.0,
            "loan_rate": 0.0,
            "loan_term": 0,
            "insurance_rate": 0.0,
            "property_tax_rate": 0.0,
            "prop_tax_cost_assessed_percent": 0.0,
            "prop_tax_assessed_decline": 0.0,
            "salvage_percentage": 0.0,
            "market": 1,  # commercial
            "mortgage": 0,
            "system_capacity": float(system_capacity_kw),
            "system_heat_rate": 0.0,
        }
    )
    cl.Depreciation.assign({"depr_fed_type": 0, "depr_sta_type": 0})
    cl.SystemCosts.assign(
        {
            "total_installed_cost": float(fin.capex_yuan),
            "om_fixed": [float(fin.om_yuan_per_year)],
            "om_fixed_escal": float(fin.om_escalation_pct),
            "om_capacity": [0.0],
            "om_capacity_escal": 0.0,
            "om_production": [0.0],
            "om_production_escal": 0.0,
            "om_fuel_cost": [0.0],
            "om_fuel_cost_escal": 0.0,
            "annual_fuel_usage": 0.0,
            "om_replacement_cost_escal": 0.0,
        }
    )
    cl.SystemOutput.degradation = [float(fin.degradation_pct)]
    cl.ElectricityRates.rate_escalation = [float(fin.escalation_pct)]
    cl.Lifetime.system_use_lifetime_output = 0
    cl.BatterySystem.assign({"en_batt": 0, "en_standalone_batt": 0, "en_wave_batt": 0})
    cl.FuelCell.en_fuelcell = 0
    cl.LandLease.assign({"land_area": 0.0, "om_land_lease": [0.0], "om_land_lease_escal": 0.0})
    return cl


@dataclass
class SamChainResult:
    """What the chain returns (plain floats and numpy arrays)."""

    gen_kw: np.ndarray
    bill_without_monthly: np.ndarray
    bill_with_monthly: np.ndarray
    bill_without_yearly: np.ndarray
    bill_with_yearly: np.ndarray
    energy_value_yearly: np.ndarray
    npv: float
    payback_years: float | None
    discounted_payback_years: float | None
    irr_pct: float | None
    after_tax_cash_flow: np.ndarray


def _payback(value: float, analysis_years: int) -> float | None:
    # Cashloan reports 1e99 when the project never pays back
    return None if not np.isfinite(value) or value > analysis_years + 1 else float(value)


def run_chain(
    load_kw: Sequence[float],
    tariff: Tariff,
    fin: SamFinance,
    *,
    gen_kw: Sequence[float] | None = None,
    weather_file: str | Path | None = None,
    pv: dict | None = None,
    system_capacity_kw: float = 1.0,
) -> SamChainResult:
    """Run ``[Pvwattsv8 ->] Utilityrate5 -> Cashloan`` and collect the outputs.

    Either ``gen_kw`` (hourly AC kW given to SAM) or ``weather_file`` with
    ``pv`` (keyword arguments of :func:`pvwatts` other than the file) is given.
    """
    if (gen_kw is None) == (weather_file is None):
        raise ValueError("give either gen_kw or weather_file (with pv)")
    first = None
    if weather_file is not None:
        first = pvwatts(weather_file, analysis_years=fin.analysis_years, **(pv or {}))
        first.execute(0)
        system_capacity_kw = float((pv or {}).get("capacity_kwp", system_capacity_kw))
    ur = utilityrate(
        load_kw,
        tariff,
        gen_kw=gen_kw,
        analysis_years=fin.analysis_years,
        degradation_pct=fin.degradation_pct,
        escalation_pct=fin.escalation_pct,
        existing=first,
    )
    ur.execute(0)
    cl = cashloan(ur, fin, system_capacity_kw)
    cl.execute(0)
    o = ur.Outputs
    return SamChainResult(
        gen_kw=np.asarray(ur.SystemOutput.gen, dtype=float),
        bill_without_monthly=np.asarray(o.year1_monthly_utility_bill_wo_sys, dtype=float),
        bill_with_monthly=np.asarray(o.year1_monthly_utility_bill_w_sys, dtype=float),
        bill_without_yearly=np.asarray(o.utility_bill_wo_sys, dtype=float),
        bill_with_yearly=np.asarray(o.utility_bill_w_sys, dtype=float),
        energy_value_yearly=np.asarray(o.annual_energy_value, dtype=float),
        npv=float(cl.Outputs.npv),
        payback_years=_payback(float(cl.Outputs.payback), fin.analysis_years),
        discounted_payback_years=_payback(float(cl.Outputs.discounted_payback), fin.analysis_years),
        irr_pct=float(cl.Outputs.irr) if np.isfinite(cl.Outputs.irr) else None,
        after_tax_cash_flow=np.asarray(cl.Outputs.cf_after_tax_cash_flow, dtype=float),
    )


# ---------------------------------------------------------------------------
# the validation case (shared by the tests and bench/bench_sam.py)
# ---------------------------------------------------------------------------

SITE = {"name": "Jinan, Shandong (synthetic weather)", "latitude_deg": 36.65, "longitude_deg": 117.0}
WEATHER_SEED = 20250601
LOAD_SEED = 7


def _schedule(
    spec: dict[str, list[tuple[int, int]]],
    default: str,
    months: range = range(1, 13),
    other: list[list[str]] | None = None,
) -> list[list[str]]:
    rows = [list(r) for r in other] if other else [[default] * 24 for _ in range(12)]
    for m in months:
        for period, spans in spec.items():
            for start, end in spans:
                for h in range(start, end):
                    rows[m - 1][h] = period
    return rows


def validation_tariff(escalation_pct: float = 0.0, basic_charge: dict | None = None) -> Tariff:
    """A four-period Shandong-like TOU tariff (illustrative prices).

    Working days: valley 23-07, flat 07-10 / 14-16 / 22-23, peak 10-14 /
    16-22, with deep valley 11-14 in March-May and September-November (the
    PV midday trough) and critical peak 19-21 in January, July, August and
    December.  Rest days: valley 23-07, flat otherwise.  Export at the coal benchmark
    0.3949 yuan/kWh; demand basic charge 33 yuan/kW-month on the monthly
    maximum demand.
    """
    work = _schedule(
        {"valley": [(0, 7), (23, 24)], "flat": [(7, 10), (14, 16), (22, 23)], "peak": [(10, 14), (16, 22)]}, "flat"
    )
    work = _schedule({"deep_valley": [(11, 14)]}, "flat", months=range(3, 6), other=work)
    work = _schedule({"deep_valley": [(11, 14)]}, "flat", months=range(9, 12), other=work)
    work = _schedule({"critical_peak": [(19, 21)]}, "flat", months=(1, 7, 8, 12), other=work)
    rest = _schedule({"valley": [(0, 7), (23, 24)]}, "flat")
    return Tariff(
        prices_yuan_per_kwh={
            "critical_peak": 1.2398,
            "peak": 1.0330,
            "flat": 0.6886,
            "valley": 0.3442,
            "deep_valley": 0.2066,
        },
        weekday_schedule=work,
        weekend_schedule=rest,
        export_price_yuan_per_kwh=0.3949,
        escalation_pct_per_year=escalation_pct,
        basic_charge=basic_charge if basic_charge is not None else {"basis": "demand", "yuan_per_kw_month": 33.0},
    )


def validation_load_kw(annual_kwh: float = 12_000_000.0, seed: int = LOAD_SEED) -> np.ndarray:
    """A two-shift, Monday-Friday factory load on SAM's calendar year, with a
    seeded day-to-day and hour-to-hour variation (so monthly peaks differ
    and the demand charge is exercised).  8760 hourly kW."""
    from planner.engine.calendar import hourly_calendar
    from planner.engine.load import shift_pattern_load

    cal = hourly_calendar(SAM_CALENDAR_YEAR, "mon_fri", ())
    base = np.asarray(shift_pattern_load(annual_kwh, "two_shift", cal, base_load_pct=25.0))
    rng = np.random.default_rng(seed)
    day = np.repeat(1.0 + 0.08 * rng.standard_normal(365), 24)
    hour = 1.0 + 0.05 * rng.standard_normal(8760)
    kw = base * np.clip(day * hour, 0.6, 1.5)
    return kw * (annual_kwh / kw.sum())


def write_load_csv(path: str | Path, kw: np.ndarray, year: int = SAM_CALENDAR_YEAR) -> Path:
    """Write an hourly ``timestamp,kw`` profile (hour-beginning, local time)."""
    from planner.engine.calendar import year_timestamps

    path = Path(path)
    ts = year_timestamps(year)
    lines = ["timestamp,kw"] + [f"{t:%Y-%m-%d %H:%M},{v:.6f}" for t, v in zip(ts, kw, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PV_SPEC = {
    "capacity_kwp": 2000.0,
    "tilt_deg": 30.0,
    "azimuth_deg": 180.0,
    "losses_pct": 14.08,
    "dc_ac_ratio": 1.2,
    "inverter_efficiency_pct": 96.0,
}
"""The validation PV system (the same numbers go to Pvwattsv8)."""


def validation_project(
    directory: str | Path,
    *,
    with_pv: bool = True,
    escalation_pct: float = 0.0,
    degradation_pct: float = 0.5,
    capex_yuan: float = 6_400_000.0,
    om_yuan_per_year: float = 80_000.0,
    om_escalation_pct: float = 0.0,
    analysis_years: int = 25,
    discount_rate_pct: float = 6.0,
    basic_charge: dict | None = None,
    annual_load_kwh: float = 12_000_000.0,
) -> Project:
    """Write the validation case's files into ``directory`` and return its project.

    Files: ``weather.csv`` (SAM CSV, :func:`tests.validation.weather.write_synthetic_weather`
    for Jinan on SAM's calendar year) and ``load.csv`` (:func:`validation_load_kw`
    of ``annual_load_kwh``; another annual energy than the default 12 GWh is
    written to ``load_<kWh>.csv``, so cases can share a directory).  A small
    load under the 2 MWp array gives a large exported share.

    The project's calendar is SAM's: ``calendar_year`` 2018 (1 January a
    Monday, not a leap year), ``working_days`` Monday-Friday, no holidays.
    PV life = analysis period, so there is no replacement (Cashloan has no
    PV replacement cost).
    """
    from tests.validation.weather import write_synthetic_weather

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if not (directory / "weather.csv").exists():
        write_synthetic_weather(
            directory / "weather.csv",
            SITE["latitude_deg"],
            SITE["longitude_deg"],
            year=SAM_CALENDAR_YEAR,
            seed=WEATHER_SEED,
        )
    load_name = "load.csv" if annual_load_kwh == 12_000_000.0 else f"load_{annual_load_kwh:.0f}.csv"
    if not (directory / load_name).exists():
        write_load_csv(directory / load_name, validation_load_kw(annual_load_kwh))
    measures = []
    if with_pv:
        measures.append(
            {
                "type": "pv",
                "name": "rooftop PV",
                "capacity_kwp": PV_SPEC["capacity_kwp"],
                "specific_yield_kwh_per_kwp": None,
                "weather_file": "weather.csv",
                "tilt_deg": PV_SPEC["tilt_deg"],
                "azimuth_deg": PV_SPEC["azimuth_deg"],
                "losses_pct": PV_SPEC["losses_pct"],
                "dc_ac_ratio": PV_SPEC["dc_ac_ratio"],
                "inverter_efficiency_pct": PV_SPEC["inverter_efficiency_pct"],
                "annual_degradation_pct": degradation_pct,
                "capex_yuan": capex_yuan,
                "om_yuan_per_year": om_yuan_per_year,
                "life_years": analysis_years,
                "ownership": "owned",
                "export": "allowed",
            }
        )
    return Project.model_validate(
        {
            "name": "SAM validation case",
            "site": dict(SITE),
            "load": {
                "profile_file": load_name,
                "calendar_year": SAM_CALENDAR_YEAR,
                "working_days": "mon_fri",
                "holidays": [],
            },
            "tariff": validation_tariff(escalation_pct, basic_charge).model_dump(),
            "measures": measures,
            "finance": {
                "analysis_years": analysis_years,
                "discount_rate_pct": discount_rate_pct,
                "subsidy_yuan": 0.0,
                "om_escalation_pct_per_year": om_escalation_pct,
                "income_tax_pct": 0.0,
            },
        }
    )


# ---------------------------------------------------------------------------
# printing
# ---------------------------------------------------------------------------


def rel_diff_pct(ours: float, sam: float) -> float:
    """(ours - SAM) / |SAM| in percent (0 when both are 0)."""
    if sam == 0.0:
        return 0.0 if ours == 0.0 else float("inf")
    return (ours - sam) / abs(sam) * 100.0


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a fixed-width table (shown by ``pytest -s``)."""

    def fmt(v: object) -> str:
        if isinstance(v, (float, np.floating)):
            if v != 0.0 and abs(v) < 1e-3:
                return f"{v:.1e}"
            return f"{v:,.4f}" if abs(v) < 100 else f"{v:,.0f}"
        return str(v)

    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)))
    for r in cells:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
