"""Energy savings of efficiency measures, and where in the year they fall.

Each ``*_savings_kwh`` function computes one measure's first-year saved
energy [kWh/year]; :func:`place_on_schedules` spreads it over the hours the
measures run so that TOU prices value it right.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.engine.blocks import row_blocks
from planner.engine.calendar import HourlyCalendar, schedule_mask
from planner.model.project import (
    AnnualEnergyMeasure,
    Measure,
    MotorMeasure,
    SpecificEnergyMeasure,
    VfdMeasure,
)


def motor_savings_kwh(
    rated_power_kw: float,
    quantity: int,
    load_factor: float,
    operating_hours: float,
    efficiency_before: float,
    efficiency_after: float,
) -> float:
    """Energy saved by replacing motors with more efficient ones [kWh/year].

    Parameters
    ----------
    rated_power_kw : float
        Rated shaft power of one motor [kW].
    quantity : int
        Number of motors [-].
    load_factor : float
        Shaft load as a fraction of rating [-] (0.75 for 75 %).
    operating_hours : float
        Running hours per year [h/year].
    efficiency_before, efficiency_after : float
        Full-load efficiency as fractions [-].

    Notes
    -----
    saved = P_rated x LF x hours x qty x (1/eta_before - 1/eta_after)

    (DOE MEASUR / US DOE "Determining Electric Motor Load and Efficiency";
    the shaft load is the same before and after, only the losses change.)
    """
    return (
        rated_power_kw * load_factor * operating_hours * quantity * (1.0 / efficiency_before - 1.0 / efficiency_after)
    )


def vfd_power_fractions(
    flow_fractions: Sequence[float] | np.ndarray,
    motor_efficiency: float,
    drive_efficiency: float,
    affinity_exponent: float = 3.0,
    baseline_control: str = "constant",
) -> tuple[np.ndarray, np.ndarray]:
    """Electrical input per unit of full-flow shaft power, before and after a VFD.

    Parameters
    ----------
    flow_fractions : array_like
        Flow as a fraction of design flow at each duty point [-].
    motor_efficiency : float
        Motor efficiency [-], the same before and after.
    drive_efficiency : float
        VFD efficiency [-] (its losses, ~3 %).
    affinity_exponent : float
        n in P ~ Q^n [-]; 3 for a pure friction system (affinity laws),
        lower where static head dominates.
    baseline_control : {"constant", "throttle"}
        How flow was controlled before: ``constant`` = motor at full power
        whatever the flow (bypass/recirculation); ``throttle`` = valve or
        outlet damper, shaft power 0.5 + 0.5 x Q (typical centrifugal pump
        curve with a throttle, DOE Pumping System Assessment Tool practice).

    Notes
    -----
    before(Q) = f_base(Q) / eta_motor, f_base = 1 (constant) or 0.5 + 0.5 Q
    after(Q)  = Q^n / (eta_motor x eta_drive)
    """
    q = np.asarray(flow_fractions, dtype=float)
    if baseline_control == "throttle":
        base = 0.5 + 0.5 * q
    else:
        base = np.ones_like(q)
    before = base / motor_efficiency
    after = q**affinity_exponent / (motor_efficiency * drive_efficiency)
    return before, after


def vfd_savings_kwh(
    rated_power_kw: float,
    quantity: int,
    load_factor: float,
    operating_hours: float,
    flow_fractions: Sequence[float] | np.ndarray,
    time_fractions: Sequence[float] | np.ndarray,
    motor_efficiency: float,
    drive_efficiency: float,
    affinity_exponent: float = 3.0,
    baseline_control: str = "constant",
) -> float:
    """Energy saved by a variable-speed drive on a pump or fan [kWh/year].

    Parameters
    ----------
    rated_power_kw, quantity : float, int
        Rated shaft power of one motor [kW] and the number of identical
        drives [-].
    load_factor : float
        Shaft power at 100 % flow as a fraction of rating [-].
    operating_hours : float
        Running hours per year [h/year].
    flow_fractions, time_fractions : array_like
        Duty profile: flow [-] and share of running hours [-] at each point.
    motor_efficiency, drive_efficiency : float
        [-].
    affinity_exponent : float
        [-], see :func:`vfd_power_fractions`.
    baseline_control : str
        See :func:`vfd_power_fractions`.

    Notes
    -----
    saved = qty x hours x P_rated x LF x sum_i t_i (before(Q_i) - after(Q_i))
    """
    before, after = vfd_power_fractions(
        flow_fractions, motor_efficiency, drive_efficiency, affinity_exponent, baseline_control
    )
    t = np.asarray(time_fractions, dtype=float)
    return float(quantity * operating_hours * rated_power_kw * load_factor * np.sum(t * (before - after)))


def specific_energy_savings_kwh(
    energy_per_unit_before_kwh: float,
    energy_per_unit_after_kwh: float,
    output_units_per_year: float,
) -> float:
    """Production-normalised savings of a process upgrade [kWh/year].

    Parameters
    ----------
    energy_per_unit_before_kwh, energy_per_unit_after_kwh : float
        Specific energy [kWh/unit] before and after.
    output_units_per_year : float
        Output after the upgrade [unit/year].

    Notes
    -----
    saved = (SEC_before - SEC_after) x output_after

    This is the avoided energy of IPMVP option B/C with a production
    adjustment (GB/T 13234): what the new output would have used at the old
    specific energy, less what it uses now.
    """
    return (energy_per_unit_before_kwh - energy_per_unit_after_kwh) * output_units_per_year


def annual_energy_savings_kwh(energy_before_kwh: float, energy_after_kwh: float) -> float:
    """Plain before/after savings [kWh/year]: before - after."""
    return energy_before_kwh - energy_after_kwh


def _drive(measure: MotorMeasure | VfdMeasure) -> tuple[float, int, float, float]:
    """Rating [kW], count [-], load factor [-] and running hours [h/year] of a motor or VFD measure."""
    return measure.rated_power_kw, measure.quantity, measure.load_factor_pct / 100, measure.operating_hours_per_year


def measure_savings_kwh(measure: Measure) -> float:
    """First-year saved energy of any efficiency measure [kWh/year] (percent inputs converted)."""
    if isinstance(measure, MotorMeasure):
        return motor_savings_kwh(
            *_drive(measure),
            measure.efficiency_before_pct / 100,
            measure.efficiency_after_pct / 100,
        )
    if isinstance(measure, VfdMeasure):
        return vfd_savings_kwh(
            *_drive(measure),
            [p.flow_pct / 100 for p in measure.duty_profile],
            [p.time_pct / 100 for p in measure.duty_profile],
            measure.motor_efficiency_pct / 100,
            measure.drive_efficiency_pct / 100,
            measure.affinity_exponent,
            measure.baseline_control,
        )
    if isinstance(measure, SpecificEnergyMeasure):
        return specific_energy_savings_kwh(
            measure.energy_per_unit_before_kwh,
            measure.energy_per_unit_after_kwh,
            measure.output_units_per_year,
        )
    if isinstance(measure, AnnualEnergyMeasure):
        return annual_energy_savings_kwh(measure.energy_before_kwh_per_year, measure.energy_after_kwh_per_year)
    raise TypeError(f"not an efficiency measure: {type(measure).__name__}")


def place_on_schedule(
    annual_kwh: float,
    schedule: str,
    cal: HourlyCalendar,
    baseline_kw: np.ndarray | None = None,
) -> np.ndarray:
    """Spread annual savings over the hours a measure runs [kW per hour, 8760].

    Parameters
    ----------
    annual_kwh : float
        Saved energy [kWh/year].
    schedule : str
        One of :data:`planner.model.project.SCHEDULES`.
    cal : HourlyCalendar
    baseline_kw : numpy.ndarray, optional
        Baseline hourly load [kW], needed for ``follow_load``.

    Notes
    -----
    One row of :func:`place_on_schedules`, which gives the formula.
    """
    return place_on_schedules([annual_kwh], [schedule], cal, baseline_kw)[0]


def place_on_schedules(
    annual_kwh: Sequence[float],
    schedules: Sequence[str],
    cal: HourlyCalendar,
    baseline_kw: np.ndarray | None = None,
) -> np.ndarray:
    """Spread each measure's annual savings over the hours it runs [kW per hour, (M, 8760)].

    Parameters
    ----------
    annual_kwh : sequence of float
        Each measure's saved energy [kWh/year], M values.
    schedules : sequence of str
        Each measure's schedule, one of :data:`planner.model.project.SCHEDULES`.
    cal : HourlyCalendar
    baseline_kw : numpy.ndarray, optional
        Baseline hourly load [kW], needed for ``follow_load``.

    Returns
    -------
    numpy.ndarray
        (M, 8760), row m the hourly saving of measure m [kW].

    Notes
    -----
    Evenly over the schedule's hours: s_h = annual_kwh x mask_h / sum(mask);
    ``follow_load``: s_h = annual_kwh x L_h / sum(L).  The hourly values sum
    to ``annual_kwh`` exactly, whatever the stated operating hours: the
    schedule only says *when* the energy is saved.

    Each schedule's weights (:func:`schedule_weights`) are built once, and the
    rows are computed a block of measures at a time
    (:mod:`planner.engine.blocks`), in the same order of operations as one
    measure at a time, so every row is bit for bit the 1-measure result.
    """
    if len(annual_kwh) != len(schedules):
        raise ValueError(f"{len(annual_kwh)} annual savings for {len(schedules)} schedules")
    index = {name: i for i, name in enumerate(dict.fromkeys(schedules))}
    built = [schedule_weights(name, cal, baseline_kw) for name in index]
    weights = np.array([w for w, _ in built]).reshape(len(index), len(cal.hour))
    totals = np.array([total for _, total in built], dtype=float)
    which = np.array([index[s] for s in schedules], dtype=np.intp)
    kwh = np.asarray(annual_kwh, dtype=float)
    out = np.empty((len(kwh), len(cal.hour)))
    for rows in row_blocks(len(kwh)):
        np.multiply(kwh[rows, None], weights[which[rows]], out=out[rows])
        np.divide(out[rows], totals[which[rows], None], out=out[rows])
    return out


def schedule_weights(
    schedule: str, cal: HourlyCalendar, baseline_kw: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """The hourly weights of ``schedule`` and their sum (see :func:`place_on_schedules`).

    The mask of the schedule's hours as floats (all hours when the schedule
    has none); for ``follow_load`` the baseline load clipped at 0 [kW] (all
    hours when it has no positive hour).
    """
    if schedule == "follow_load":
        if baseline_kw is None or baseline_kw.sum() <= 0:
            weights = np.ones(len(cal.hour))
        else:
            weights = np.clip(baseline_kw, 0.0, None)
    else:
        weights = schedule_mask(schedule, cal).astype(float)
        if weights.sum() == 0:  # e.g. a shift schedule with no working day
            weights = np.ones(len(cal.hour))
    return weights, weights.sum()
