"""The project file: a validated description of a factory, its tariff, the
retrofit measures being considered and the financial assumptions.

Conventions
-----------
* Units are in the field names (``_kwh``, ``_kw``, ``_yuan``, ``_deg``,
  ``_pct``).  Rates are **percent** in the file and on screen (names end in
  ``_pct``); the engine converts them to fractions.
* ``weekday_schedule`` is the period schedule of *working days* and
  ``weekend_schedule`` that of *rest days* (weekends per
  ``load.working_days`` plus ``load.holidays``).  The key names are the
  public contract of DESIGN.md and are kept.
* Every model forbids unknown keys, so a typo in a key name is reported
  instead of silently ignored.
* Numbers and booleans are strict (pydantic strict mode, issue 9 item 4):
  ``true`` is not a number, ``"75"`` is not 75, ``"yes"`` is not a boolean.
  An int is accepted where a float is expected, and a float with no
  fractional part (``15.0``) where a whole number is expected (the project
  convention: JSON writers and spin boxes do not always tell them apart).
  Dates are still read from ``"YYYY-MM-DD"`` text.
* Every price, power, energy and money field has a physical upper bound
  from :mod:`planner.model.bounds` (the one place they are listed, with the
  reasoning).
"""

from __future__ import annotations

import math
import numbers
from datetime import date
from typing import Annotated, Final, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner.model.bounds import (
    MAX_CHARGE_YUAN_PER_KW_MONTH,
    MAX_ENERGY_KWH,
    MAX_MONEY_YUAN,
    MAX_POWER_KW,
    MAX_PRICE_YUAN_PER_KWH,
)

FORMAT_VERSION: Final = 1

PERIODS: tuple[str, ...] = ("critical_peak", "peak", "flat", "valley", "deep_valley")
"""TOU period names, from most to least expensive (NDRC [2021] No. 1093)."""

Period = Literal["critical_peak", "peak", "flat", "valley", "deep_valley"]

SHIFT_PATTERNS: tuple[str, ...] = ("one_shift", "two_shift", "three_shift", "continuous")
ShiftPattern = Literal["one_shift", "two_shift", "three_shift", "continuous"]

SCHEDULES: tuple[str, ...] = (
    "continuous",
    "one_shift",
    "two_shift",
    "three_shift",
    "working_days",
    "daytime",
    "follow_load",
)
"""Operating schedules that place a measure's savings in the hours it runs.

* ``continuous``: evenly over all 8760 hours.
* ``one_shift`` / ``two_shift`` / ``three_shift``: evenly over the shift
  hours of working days (08-16, 08-24, 00-24).
* ``working_days``: evenly over all 24 hours of working days.
* ``daytime``: evenly over 08:00-18:00 of every day.
* ``follow_load``: in proportion to the baseline hourly load.
"""
Schedule = Literal["continuous", "one_shift", "two_shift", "three_shift", "working_days", "daytime", "follow_load"]

NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
PosFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Price = Annotated[float, Field(ge=0, le=MAX_PRICE_YUAN_PER_KWH, allow_inf_nan=False)]
"""A price [yuan/kWh], 0..MAX_PRICE_YUAN_PER_KWH."""
# Guards against absurd inputs (1e300 yuan) that would overflow later sums: see planner.model.bounds.
MAX_MONEY = MAX_MONEY_YUAN
MAX_ENERGY = MAX_ENERGY_KWH


def _integral_float(value: object) -> object:
    """15.0 -> 15 (and numpy integers -> int) for a whole-number field, which strict mode would
    refuse; anything else (booleans, text, 15.5) unchanged, so strict mode refuses it."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, numbers.Integral) and type(value) is not int:
        return int(value)
    return value


Int = Annotated[int, BeforeValidator(_integral_float)]
"""A strict whole number that also accepts an integral float (15.0)."""
LaxDate = Annotated[date, Strict(False)]
"""A date, also from ``"YYYY-MM-DD"`` text (the JSON form)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, allow_inf_nan=False, strict=True)


class Site(_Model):
    """Where the factory is [latitude_deg north positive, longitude_deg east positive]."""

    name: str = ""
    latitude_deg: float = Field(ge=-90, le=90)
    longitude_deg: float = Field(ge=-180, le=180)
    utc_offset_h: float = Field(default=8.0, ge=-12, le=14, description="local standard time, China = UTC+8")


# --- the Chinese bill (issue 10) -------------------------------------------------------------


def _none_or_not_negative(v: float | None, info: ValidationInfo) -> float | None:
    """Field validator: an optional number that, when given, is >= 0 (the message names the field)."""
    if v is not None and v < 0:
        raise ValueError(f"expected {info.field_name} >= 0, found {v:g}")
    return v


class MonthlyBillInput(_Model):
    """One month's real electricity bill, as printed (``total_yuan`` is the amount due)."""

    month: int = Field(ge=1, le=12)
    kwh: NonNegFloat = Field(le=MAX_ENERGY, description="active energy billed [kWh]")
    kwh_by_period: dict[Period, NonNegFloat] | None = Field(default=None, description="kWh by TOU period")
    max_demand_kw: NonNegFloat | None = Field(default=None, le=1e9)
    kvarh: float | None = Field(default=None, le=MAX_ENERGY, allow_inf_nan=False, description="reactive energy")
    total_yuan: float = Field(le=MAX_MONEY, allow_inf_nan=False)

    _kvarh_not_negative = field_validator("kvarh")(_none_or_not_negative)

    @field_validator("total_yuan")
    @classmethod
    def _total_positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError(f"expected a bill total > 0 yuan, found {v:g}")
        return v


def check_twelve_bills(bills: list) -> list:
    """Exactly one bill for each month 1..12 (a half-read year is refused, not computed)."""
    months = [b.month for b in bills]
    twice = sorted({m for m in months if months.count(m) > 1})
    if twice:
        raise ValueError(f"expected each month once in monthly_bills, found month {twice[0]} twice")
    if len(bills) != 12:
        missing = sorted(set(range(1, 13)) - set(months))
        raise ValueError(
            f"expected 12 monthly bills (months 1-12), found {len(bills)}"
            + (f" (missing month {', '.join(map(str, missing))})" if missing else "")
        )
    return bills


PF_STANDARDS: tuple[float, ...] = (0.90, 0.85, 0.80)
"""Power-factor standards of (83) 水电财字第215号."""


class PowerFactor(_Model):
    """Power-factor adjustment (力调电费), (83) 水电财字第215号.

    kvarh of a month come from ``monthly_kvarh`` (12 values), else
    ``reactive_kvarh_per_kwh`` x that month's baseline kWh, else the
    ``kvarh`` of the 12 monthly bills.
    """

    standard: float
    reactive_kvarh_per_kwh: float | None = Field(default=None, le=100, allow_inf_nan=False)
    monthly_kvarh: list[float] | None = None

    @field_validator("standard")
    @classmethod
    def _standard(cls, v: float) -> float:
        for s in PF_STANDARDS:
            if abs(v - s) < 1e-9:
                return s
        raise ValueError(f"expected a power-factor standard of 0.90, 0.85 or 0.80, found {v:g}")

    _ratio = field_validator("reactive_kvarh_per_kwh")(_none_or_not_negative)

    @field_validator("monthly_kvarh")
    @classmethod
    def _monthly(cls, v: list[float] | None) -> list[float] | None:
        if v is None:
            return v
        if len(v) != 12:
            raise ValueError(f"expected 12 monthly kvarh values, found {len(v)}")
        for i, x in enumerate(v, start=1):
            if not math.isfinite(x) or x < 0:
                raise ValueError(f"expected kvarh >= 0 in month {i}, found {x:g}")
        return v

    @model_validator(mode="after")
    def _one_source(self) -> PowerFactor:
        if self.reactive_kvarh_per_kwh is not None and self.monthly_kvarh is not None:
            raise ValueError("expected one of reactive_kvarh_per_kwh or monthly_kvarh, found both")
        return self


class Load(_Model):
    """The factory's baseline electricity use.

    Either ``annual_kwh`` with a ``shift_pattern`` or ``profile_file``
    (interval meter data, CSV/XLSX, hourly or 15-minute, kW or kWh).
    """

    annual_kwh: float | None = Field(default=None, gt=0, le=MAX_ENERGY)
    shift_pattern: ShiftPattern = "three_shift"
    profile_file: str | None = None
    working_days: Literal["mon_fri", "mon_sat", "all"] = "mon_sat"
    holidays: list[LaxDate] | Literal["cn_statutory"] = Field(
        default_factory=list, description='extra rest days, or "cn_statutory" (State Council notices, shipped data)'
    )
    base_load_pct: Pct = Field(default=20.0, description="load outside shift hours, % of the load during shifts")
    calendar_year: Int = Field(default=2025, ge=1990, le=2100)
    # --- the Chinese bill (issue 10): 12 monthly bills, optional calibration
    monthly_bills: list[MonthlyBillInput] | None = None
    calibrate_to_bills: bool = False

    @field_validator("monthly_bills")
    @classmethod
    def _twelve_bills(cls, v: list[MonthlyBillInput] | None) -> list[MonthlyBillInput] | None:
        return None if v is None else check_twelve_bills(v)

    @property
    def holiday_dates(self) -> list[date]:
        """The explicit holiday list ([] for the ``"cn_statutory"`` preset, resolved by the engine)."""
        return [] if isinstance(self.holidays, str) else list(self.holidays)

    @model_validator(mode="after")
    def _one_source(self) -> Load:
        if self.annual_kwh is None and not self.profile_file:
            raise ValueError("expected either annual_kwh (> 0) or profile_file, found neither")
        if self.annual_kwh is not None and self.profile_file:
            raise ValueError("expected either annual_kwh or profile_file, found both")
        if self.calibrate_to_bills and not self.monthly_bills:
            raise ValueError("expected monthly_bills (12 bills) when calibrate_to_bills is true, found none")
        return self


class BasicCharge(_Model):
    """Two-part tariff basic charge (NDRC price [2023] No. 526).

    ``basis = "capacity"``: ``yuan_per_kva_month`` x ``transformer_kva`` every
    month.  ``basis = "demand"``: ``yuan_per_kw_month`` x the month's maximum
    hourly demand [kW].  ``basis = "contract_demand"``: the contract
    ``contract_demand_kw`` every month, demand above 105 % of it at twice the
    rate; demand rate at 90 % in a month with kWh / ``transformer_kva`` >= 260
    (exact rules in :mod:`planner.engine.bill`).
    """

    basis: Literal["capacity", "demand", "contract_demand"]
    transformer_kva: NonNegFloat = Field(default=0.0, le=MAX_POWER_KW)
    yuan_per_kva_month: NonNegFloat = Field(default=0.0, le=MAX_CHARGE_YUAN_PER_KW_MONTH)
    yuan_per_kw_month: NonNegFloat = Field(default=0.0, le=MAX_CHARGE_YUAN_PER_KW_MONTH)
    contract_demand_kw: NonNegFloat | None = Field(default=None, le=MAX_POWER_KW)

    @model_validator(mode="after")
    def _contract(self) -> BasicCharge:
        if self.basis == "contract_demand" and not self.contract_demand_kw:
            raise ValueError("expected contract_demand_kw > 0 for basis 'contract_demand', found none")
        return self


def _check_schedule(value: list[list[str]], name: str) -> list[list[str]]:
    if len(value) != 12:
        raise ValueError(f"expected 12 rows (one per month) in {name}, found {len(value)}")
    for m, row in enumerate(value, start=1):
        if len(row) != 24:
            raise ValueError(f"expected 24 hours in {name} month {m}, found {len(row)}")
    return value


class Tariff(_Model):
    """A China-style time-of-use tariff; a flat tariff is the one-period case.

    Prices are per kWh as billed (state in ``notes`` whether VAT is included).
    """

    prices_yuan_per_kwh: dict[Period, Price]
    weekday_schedule: list[list[Period]]
    weekend_schedule: list[list[Period]] | None = None
    export_price_yuan_per_kwh: Price = 0.0
    escalation_pct_per_year: float = Field(default=0.0, ge=-50, le=100)
    basic_charge: BasicCharge | None = None
    template: str | None = Field(default=None, description="id of the template this was loaded from")
    notes: str = ""
    # --- the Chinese bill (issue 10); defaults leave existing bills unchanged
    holiday_schedule: list[list[Period]] | None = None
    power_factor: PowerFactor | None = None
    surcharges_yuan_per_kwh: NonNegFloat = Field(default=0.0, le=100)
    vat_included: bool = True
    export_price_note: str = Field(
        default="", description="what the export price is, e.g. NDRC price [2025] No. 136 mechanism/market price"
    )

    @field_validator("holiday_schedule")
    @classmethod
    def _holiday_shape(cls, v: list[list[str]] | None) -> list[list[str]] | None:
        return None if v is None else _check_schedule(v, "holiday_schedule")

    @field_validator("weekday_schedule")
    @classmethod
    def _weekday_shape(cls, v: list[list[str]]) -> list[list[str]]:
        return _check_schedule(v, "weekday_schedule")

    @field_validator("weekend_schedule")
    @classmethod
    def _weekend_shape(cls, v: list[list[str]] | None) -> list[list[str]] | None:
        return None if v is None else _check_schedule(v, "weekend_schedule")

    @model_validator(mode="after")
    def _prices_cover_schedule(self) -> Tariff:
        used = {p for row in self.weekday_schedule for p in row}
        if self.weekend_schedule:
            used |= {p for row in self.weekend_schedule for p in row}
        if self.holiday_schedule:
            used |= {p for row in self.holiday_schedule for p in row}
        missing = sorted(used - set(self.prices_yuan_per_kwh))
        if missing:
            raise ValueError(
                "expected a price in prices_yuan_per_kwh for every period used in the schedule, "
                f"found none for {', '.join(missing)}"
            )
        return self

    @property
    def rest_day_schedule(self) -> list[list[Period]]:
        return self.weekend_schedule or self.weekday_schedule

    @property
    def holiday_day_schedule(self) -> list[list[Period]]:
        """Schedule of holidays: ``holiday_schedule``, default the rest-day schedule."""
        return self.holiday_schedule or self.rest_day_schedule


class _MeasureBase(_Model):
    name: str = Field(min_length=1)
    capex_yuan: NonNegFloat = Field(default=0.0, le=MAX_MONEY)
    life_years: Int = Field(default=15, ge=1, le=100)
    om_change_yuan_per_year: float = Field(
        default=0.0,
        ge=-MAX_MONEY,
        le=MAX_MONEY,
        allow_inf_nan=False,
        description="change in yearly O&M cost caused by the measure (positive = extra cost)",
    )
    schedule: Schedule = "continuous"
    enabled: bool = True


def _check_total_power(rated_power_kw: float, quantity: int) -> None:
    total = rated_power_kw * quantity
    if total > MAX_POWER_KW:
        raise ValueError(
            f"expected rated_power_kw x quantity of at most {MAX_POWER_KW:g} kW (planner.model.bounds), "
            f"found {total:g} kW"
        )


class MotorMeasure(_MeasureBase):
    """Replace motors by more efficient ones (GB 18613-2020 grades / IE classes)."""

    type: Literal["motor"]
    rated_power_kw: PosFloat = Field(le=1e6)
    quantity: Int = Field(default=1, ge=1, le=100000)
    load_factor_pct: float = Field(gt=0, le=150)
    operating_hours_per_year: float = Field(gt=0, le=8760)
    efficiency_before_pct: float = Field(gt=0, le=100)
    efficiency_after_pct: float = Field(gt=0, le=100)
    grade_after: str | None = Field(default=None, description="GB 18613 grade / IE class picked, for display")

    @model_validator(mode="after")
    def _efficiency_improves(self) -> MotorMeasure:
        _check_total_power(self.rated_power_kw, self.quantity)
        if self.efficiency_after_pct < self.efficiency_before_pct:
            raise ValueError(
                f"expected efficiency_after_pct >= efficiency_before_pct ({self.efficiency_before_pct}), "
                f"found {self.efficiency_after_pct}"
            )
        return self


class DutyPoint(_Model):
    flow_pct: float = Field(ge=0, le=120)
    time_pct: Pct


class VfdMeasure(_MeasureBase):
    """Variable-speed drive on a pump or fan that was throttled at constant speed."""

    type: Literal["vfd"]
    rated_power_kw: PosFloat = Field(le=1e6)
    quantity: Int = Field(default=1, ge=1, le=100000)
    load_factor_pct: float = Field(default=100.0, gt=0, le=150, description="shaft load at 100 % flow, % of rating")
    operating_hours_per_year: float = Field(gt=0, le=8760)
    duty_profile: list[DutyPoint] = Field(min_length=1)
    motor_efficiency_pct: float = Field(default=95.0, gt=0, le=100)
    drive_efficiency_pct: float = Field(default=97.0, gt=0, le=100)
    affinity_exponent: float = Field(default=3.0, ge=1, le=3)
    baseline_control: Literal["throttle", "constant"] = "constant"

    @model_validator(mode="after")
    def _duty_sums_to_100(self) -> VfdMeasure:
        _check_total_power(self.rated_power_kw, self.quantity)
        total = sum(p.time_pct for p in self.duty_profile)
        if not math.isclose(total, 100.0, abs_tol=0.5):
            raise ValueError(f"expected duty_profile time_pct to add up to 100, found {total:g}")
        return self


class SpecificEnergyMeasure(_MeasureBase):
    """Process upgrade measured per unit of output (IPMVP / GB/T 13234)."""

    type: Literal["specific_energy"]
    unit_name: str = "t"
    energy_per_unit_before_kwh: NonNegFloat = Field(le=1e9)
    energy_per_unit_after_kwh: NonNegFloat = Field(le=1e9)
    output_units_per_year: NonNegFloat = Field(le=1e12)
    output_units_per_year_before: NonNegFloat | None = Field(
        default=None, le=1e12, description="output before the upgrade, for display only"
    )

    @model_validator(mode="after")
    def _energy_bounded(self) -> SpecificEnergyMeasure:
        total = max(self.energy_per_unit_before_kwh, self.energy_per_unit_after_kwh) * self.output_units_per_year
        if total > MAX_ENERGY_KWH:
            raise ValueError(
                f"expected energy per unit x output_units_per_year of at most {MAX_ENERGY_KWH:g} kWh a year "
                f"(planner.model.bounds), found {total:g} kWh"
            )
        return self


class AnnualEnergyMeasure(_MeasureBase):
    """Anything else: annual kWh before and after."""

    type: Literal["annual_energy"]
    energy_before_kwh_per_year: NonNegFloat = Field(le=MAX_ENERGY)
    energy_after_kwh_per_year: NonNegFloat = Field(le=MAX_ENERGY)


class PvMeasure(_MeasureBase):
    """Rooftop PV.

    Year-1 hourly AC output comes from, in order of precedence:
    ``generation_profile_file`` (hourly AC kW of the whole system),
    ``weather_file`` (TMY/EPW-style, PVWatts-style model in pvlib), or a
    pvlib clear-sky shape for the site scaled to ``specific_yield_kwh_per_kwp``.
    """

    type: Literal["pv"]
    capacity_kwp: PosFloat = Field(le=MAX_POWER_KW)
    specific_yield_kwh_per_kwp: float | None = Field(default=1100.0, gt=0, le=3000)
    annual_degradation_pct: float = Field(default=0.5, ge=0, le=20)
    om_yuan_per_year: NonNegFloat = Field(default=0.0, le=MAX_MONEY)
    life_years: Int = Field(default=25, ge=1, le=100)
    tilt_deg: float = Field(default=25.0, ge=0, le=90)
    azimuth_deg: float = Field(default=180.0, ge=0, le=360, description="pvlib convention: 180 = south")
    ownership: Literal["owned", "emc"] = "owned"
    emc_discount_pct: Pct | None = None
    emc_price_yuan_per_kwh: Price | None = None
    export: Literal["allowed", "none", "capped"] = "allowed"
    export_limit_kw: NonNegFloat | None = Field(
        default=None, le=MAX_POWER_KW, description="cap on export power, 'capped'"
    )
    self_use_min_pct: Pct | None = Field(default=None, description="provincial minimum self-use ratio (NEA 2025 No. 7)")
    generation_profile_file: str | None = None
    weather_file: str | None = None
    losses_pct: float = Field(default=14.08, ge=0, le=99, description="PVWatts system losses")
    dc_ac_ratio: float = Field(default=1.2, gt=0.1, le=5)
    inverter_efficiency_pct: float = Field(default=96.0, gt=0, le=100)
    schedule: Schedule = "daytime"

    @model_validator(mode="after")
    def _emc_terms(self) -> PvMeasure:
        if self.ownership == "emc":
            if self.emc_discount_pct is None and self.emc_price_yuan_per_kwh is None:
                raise ValueError(
                    "expected emc_discount_pct or emc_price_yuan_per_kwh for ownership 'emc', found neither"
                )
            if self.emc_discount_pct is not None and self.emc_price_yuan_per_kwh is not None:
                raise ValueError(
                    "expected one of emc_discount_pct or emc_price_yuan_per_kwh for ownership 'emc', found both"
                )
        if self.export == "capped" and self.export_limit_kw is None:
            raise ValueError("expected export_limit_kw for export 'capped', found none")
        if self.specific_yield_kwh_per_kwp is None and not self.generation_profile_file and not self.weather_file:
            raise ValueError("expected specific_yield_kwh_per_kwp, weather_file or generation_profile_file, found none")
        return self


# --- storage (issue 11): measure type "battery" --------------------------------
class BatteryMeasure(_MeasureBase):
    """Behind-the-meter battery (C&I storage, 工商业储能); DESIGN.md "Storage".

    Usable window ``energy_kwh x min_soc_pct .. energy_kwh x max_soc_pct``;
    charge and discharge efficiency sqrt(round trip).  Dispatch ``tou_rule``
    (the standard EMS: charge in ``charge_periods``, discharge in
    ``discharge_periods``) or ``optimal`` (monthly LP with perfect
    foresight).  ``capex_yuan_per_kwh`` / ``capex_yuan_per_kw``, when either
    is given, replace ``capex_yuan`` (a missing one counts as 0), see
    :attr:`effective_capex_yuan`.  ``ownership = "emc"``: an investor owns it,
    the factory keeps ``emc_share_pct`` of the battery's bill savings and pays
    no capex or O&M.  Overlapping charge and discharge periods are allowed:
    the rule charges first and discharges only in hours where it did not charge.
    """

    type: Literal["battery"]
    energy_kwh: PosFloat = Field(le=1e8, description="nameplate energy [kWh]")
    power_kw: PosFloat = Field(le=1e8, description="AC charge/discharge power limit [kW]")
    round_trip_efficiency_pct: float = Field(default=88.0, gt=0, le=100, allow_inf_nan=False)
    min_soc_pct: Pct = 5.0
    max_soc_pct: Pct = 95.0
    dispatch: Literal["tou_rule", "optimal"] = "tou_rule"
    charge_periods: list[Period] = Field(default_factory=lambda: list[Period](["deep_valley", "valley"]))
    discharge_periods: list[Period] = Field(default_factory=lambda: list[Period](["critical_peak", "peak"]))
    charge_from_grid: bool = True
    om_yuan_per_year: NonNegFloat = Field(default=0.0, le=MAX_MONEY)
    cycle_life: PosFloat = Field(default=6000.0, le=1e6, description="full cycles to end of life [-]")
    end_of_life_capacity_pct: float = Field(default=70.0, gt=0, lt=100, allow_inf_nan=False)
    calendar_fade_pct_per_year: float = Field(default=1.0, ge=0, le=50, allow_inf_nan=False)
    ownership: Literal["owned", "emc"] = "owned"
    emc_share_pct: Pct | None = Field(default=None, description="factory's share of the savings under EMC [%]")
    capex_yuan_per_kwh: NonNegFloat | None = Field(default=None, le=1e6)
    capex_yuan_per_kw: NonNegFloat | None = Field(default=None, le=1e6)

    @model_validator(mode="after")
    def _battery_limits(self) -> BatteryMeasure:
        if self.min_soc_pct >= self.max_soc_pct:
            raise ValueError(
                f"expected min_soc_pct < max_soc_pct ({self.max_soc_pct:g}), found min_soc_pct {self.min_soc_pct:g}"
            )
        if self.ownership == "emc" and self.emc_share_pct is None:
            raise ValueError("expected emc_share_pct (factory's share of savings, %) for ownership 'emc', found none")
        return self

    @property
    def effective_capex_yuan(self) -> float:
        """capex_yuan_per_kwh x energy_kwh + capex_yuan_per_kw x power_kw when
        either rate is given, else capex_yuan [yuan]."""
        if self.capex_yuan_per_kwh is None and self.capex_yuan_per_kw is None:
            return self.capex_yuan
        return (self.capex_yuan_per_kwh or 0.0) * self.energy_kwh + (self.capex_yuan_per_kw or 0.0) * self.power_kw


# --- end storage ----------------------------------------------------------------


class PowerFactorCorrectionMeasure(_MeasureBase):
    """Capacitor bank / SVG: lowers each month's kvarh to at most
    kWh x tan(acos(target_pf)) on that month's grid imports; saves no kWh."""

    type: Literal["power_factor_correction"]
    target_pf: float = Field(gt=0, le=1)


Measure = Annotated[
    MotorMeasure
    | VfdMeasure
    | SpecificEnergyMeasure
    | AnnualEnergyMeasure
    | PvMeasure
    | BatteryMeasure
    | PowerFactorCorrectionMeasure,
    Field(discriminator="type"),
]
MEASURE_TYPES: tuple[str, ...] = (
    "motor",
    "vfd",
    "specific_energy",
    "annual_energy",
    "pv",
    "battery",
    "power_factor_correction",
)


class Loan(_Model):
    """An amortising loan drawn at year 0, repaid in equal yearly instalments."""

    share_pct: Pct = Field(description="share of the net investment borrowed")
    interest_pct: float = Field(ge=0, le=100)
    term_years: Int = Field(ge=1, le=50)


class Finance(_Model):
    analysis_years: Int = Field(default=15, ge=1, le=50)
    discount_rate_pct: float = Field(default=8.0, ge=0, le=100)
    subsidy_yuan: NonNegFloat = Field(default=0.0, le=MAX_MONEY)
    om_escalation_pct_per_year: float = Field(default=0.0, ge=-50, le=100)
    income_tax_pct: Pct = Field(default=0.0, description="0 = pre-tax analysis; CIT Law art. 4 rate is 25")
    depreciation_years: Int = Field(default=10, ge=1, le=50)
    loan: Loan | None = None
    vat_deductible: bool = Field(default=False, description="the factory deducts input VAT: value savings without VAT")


class Emissions(_Model):
    grid_factor_kg_per_kwh: float = Field(default=0.5306, ge=0, le=5)
    factor_preset: str | None = Field(default=None, description="id of the preset the factor came from")
    tce_kgce_per_kwh: float = Field(default=0.1229, ge=0, le=1)


# --- scenarios, sensitivity and uncertainty (helper "analysis", DESIGN.md wave 2) ---------------
Driver = Literal[
    "energy_price",
    "export_price",
    "capex",
    "efficiency_savings",
    "pv_yield",
    "om",
    "battery_capex",
    "escalation",
    "discount_rate",
]
DRIVERS: tuple[str, ...] = get_args(Driver)
"""Sensitivity / Monte Carlo drivers (definitions in ``planner.analysis.drivers``).

Units of a driver value ``x`` in the project file, the JSON and on screen:
**percent** change for the multiplicative drivers (``energy_price`` ...
``battery_capex``: -20 means x 0.8) and **percentage points** for
``escalation`` and ``discount_rate`` (+2 means 6 % -> 8 %)."""
POINT_DRIVERS: tuple[str, ...] = ("escalation", "discount_rate")


def default_driver_range(driver: str) -> tuple[float, float]:
    """Default sensitivity range of a driver: -20/+20 % or -2/+2 points."""
    return (-2.0, 2.0) if driver in POINT_DRIVERS else (-20.0, 20.0)


class ScenarioChange(_Model):
    """One change of a scenario: ``path`` (``/``-separated, measures by name) and the new ``value``."""

    path: str = Field(min_length=1)
    value: object = None


class Scenario(_Model):
    """A named list of changes on the base project (see ``planner.analysis.scenarios``)."""

    name: str = Field(min_length=1)
    description: str = ""
    changes: list[ScenarioChange] = Field(default_factory=list)
    enabled_measures: list[str] | None = None


class SensitivityDriver(_Model):
    """One tornado bar: ``low`` / ``high`` in % (points for escalation, discount_rate)."""

    driver: Driver
    low: float | None = Field(default=None, ge=-1e6, le=1e6)
    high: float | None = Field(default=None, ge=-1e6, le=1e6)

    @model_validator(mode="after")
    def _defaults_and_order(self) -> SensitivityDriver:
        lo, hi = default_driver_range(self.driver)
        if self.low is None:
            self.low = lo
        if self.high is None:
            self.high = hi
        if self.low > self.high:
            raise ValueError(
                f"expected low <= high for sensitivity driver '{self.driver}', "
                f"found low {self.low:g} > high {self.high:g}"
            )
        if self.driver not in POINT_DRIVERS and self.low < -100:
            raise ValueError(f"expected low >= -100 (%) for sensitivity driver '{self.driver}', found low {self.low:g}")
        return self


class Sensitivity(_Model):
    """``drivers``: None = every driver that applies to the project, at the default range."""

    drivers: list[SensitivityDriver] | None = None
    payback_target_years: float | None = Field(default=None, gt=0, le=100)


class UncertainDriver(_Model):
    """A driver's distribution for Monte Carlo, same units as the sensitivity drivers.

    * ``triangular``: ``low <= mode <= high`` (``mode`` default 0);
    * ``uniform``: ``low <= high``;
    * ``normal``: mean ``mode`` (default 0) and ``sd >= 0``; optional ``low`` /
      ``high`` truncate it.
    """

    driver: Driver
    distribution: Literal["triangular", "uniform", "normal"] = "triangular"
    low: float | None = Field(default=None, ge=-1e6, le=1e6)
    mode: float | None = Field(default=None, ge=-1e6, le=1e6)
    high: float | None = Field(default=None, ge=-1e6, le=1e6)
    sd: float | None = Field(default=None, le=1e6)

    @model_validator(mode="after")
    def _parameters(self) -> UncertainDriver:
        name = f"uncertainty driver '{self.driver}' ({self.distribution})"
        self._check_kind(name)
        if self.mode is None and self.distribution != "uniform":
            self.mode = 0.0
        self._check_order(name)
        if self.driver not in POINT_DRIVERS and self.low is not None and self.low < -100:
            raise ValueError(f"expected low >= -100 (%) for {name}, found low {self.low:g}")
        return self

    def _check_kind(self, name: str) -> None:
        """The parameters each distribution needs: low/high (triangular, uniform) or sd >= 0 (normal)."""
        if self.sd is not None and self.sd < 0:
            raise ValueError(f"expected sd >= 0 for {name}, found sd {self.sd:g}")
        if self.distribution in ("triangular", "uniform"):
            if self.low is None or self.high is None:
                missing = " and ".join(k for k in ("low", "high") if getattr(self, k) is None)
                raise ValueError(f"expected low and high for {name}, found no {missing}")
            if self.sd is not None:
                raise ValueError(f"expected no sd for {name} (sd is for normal), found sd {self.sd:g}")
        elif self.sd is None:
            raise ValueError(f"expected sd (>= 0) for {name}, found none")

    def _check_order(self, name: str) -> None:
        """low <= high, and low <= mode <= high for a triangle (or a normal with sd 0 and bounds)."""
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"expected low <= high for {name}, found low {self.low:g} > high {self.high:g}")
        if self.low is None or self.high is None or self.mode is None:
            return
        if self.distribution == "triangular" and not (self.low <= self.mode <= self.high):
            raise ValueError(
                f"expected low <= mode <= high for {name}, found low {self.low:g}, mode {self.mode:g}, "
                f"high {self.high:g}"
            )
        if self.distribution == "normal" and self.sd == 0 and not (self.low <= self.mode <= self.high):
            raise ValueError(f"expected low <= mode <= high for {name} with sd 0, found mode {self.mode:g}")


# --- end of the analysis keys --------------------------------------------------------------------


class Project(_Model):
    format_version: Literal[1] = FORMAT_VERSION
    name: str = Field(min_length=1)
    description: str = ""
    language: Literal["zh", "en"] | None = None
    site: Site
    load: Load
    tariff: Tariff
    measures: list[Measure] = Field(default_factory=list, max_length=5000)
    finance: Finance = Field(default_factory=Finance)
    emissions: Emissions = Field(default_factory=Emissions)
    # analysis keys (helper "analysis"): optional, no effect on run_project
    scenarios: list[Scenario] | None = Field(default=None, max_length=1000)
    sensitivity: Sensitivity | None = None
    uncertainty: list[UncertainDriver] | None = None
    # end of the analysis keys

    @model_validator(mode="after")
    def _unique_names(self) -> Project:
        seen: set[str] = set()
        for m in self.measures:
            if m.name in seen:
                raise ValueError(f"expected unique measure names, found '{m.name}' twice")
            seen.add(m.name)
        # analysis keys (helper "analysis")
        names = [s.name for s in self.scenarios or []]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"expected unique scenario names, found '{dup[0]}' twice")
        drivers = [u.driver for u in self.uncertainty or []]
        dup = sorted({d for d in drivers if drivers.count(d) > 1})
        if dup:
            raise ValueError(f"expected each uncertainty driver once, found '{dup[0]}' twice")
        # end of the analysis keys
        return self

    @model_validator(mode="after")
    def _kvarh_source(self) -> Project:
        pf = self.tariff.power_factor
        if pf is not None and pf.reactive_kvarh_per_kwh is None and pf.monthly_kvarh is None:
            bills = self.load.monthly_bills or []
            if not bills or any(b.kvarh is None for b in bills):
                raise ValueError(
                    "expected tariff.power_factor.reactive_kvarh_per_kwh, monthly_kvarh or a kvarh on each of "
                    "the 12 load.monthly_bills, found none"
                )
        return self

    @property
    def pv_measures(self) -> list[PvMeasure]:
        return [m for m in self.measures if isinstance(m, PvMeasure) and m.enabled]

    @property
    def battery_measures(self) -> list[BatteryMeasure]:
        return [m for m in self.measures if isinstance(m, BatteryMeasure) and m.enabled]
