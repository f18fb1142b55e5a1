"""Drive NREL SAM's ``Battery`` (manual dispatch) on the same case as our battery.

What is set so the two models describe the same battery (docs/validation-storage.md):

* **AC-connected, behind the meter** (``batt_ac_or_dc = 1``,
  ``batt_meter_position = 0``); SAM is given our hourly load and our hourly
  PV AC output as ``gen`` (as ``CustomGeneration`` does).
* **Efficiency.** Our ``eta_c = eta_d = sqrt(RTE)`` are SAM's AC->DC and
  DC->AC conversion efficiencies; the DC side is made lossless: a flat
  voltage table (``batt_voltage_choice = 1``: energy proportional to charge),
  internal resistance ~0, no auxiliary losses.
* **Capacity and power.** ``batt_computed_bank_capacity`` = our
  ``energy_kwh`` (DC); SOC limits and the initial SOC (= min SOC, as ours);
  power limits on the AC side (``*_kwac`` = ``power_kw``; the DC limits
  follow by the conversion efficiencies); current limits off
  (``batt_current_choice`` = power).
* **No temperature effect and, for year 1, no fade**: capacity vs
  temperature flat at 100 %, a large heat capacity, cycle and calendar
  degradation off (lifetime matrix 100 % at every cycle count,
  ``batt_calendar_choice = 0``).  The lifetime run for the benchmark keeps
  SAM's own degradation model.
* **Manual dispatch** (``batt_dispatch_choice = 3``): SAM period 1 = our
  charge periods (charge from PV and from the grid, 100 %), 2 = our
  discharge periods (discharge 100 %; PV surplus may charge), 3 = the rest
  (PV surplus may charge); charge only when PV exceeds the load, discharge
  only when the load exceeds PV, never to the grid; minimum mode time 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from planner.model.project import BatteryMeasure, Tariff
from tests.validation.sam_chain import sam_tariff

UNLIMITED = 1e38


def _manual_schedule(schedule: list[list[str]], m: BatteryMeasure) -> list[list[int]]:
    def code(p: str) -> int:
        if p in m.charge_periods:
            return 1
        if p in m.discharge_periods:
            return 2
        return 3

    return [[code(p) for p in row] for row in schedule]


def battery_model(
    load_kw: Sequence[float],
    pv_kw: Sequence[float],
    tariff: Tariff,
    m: BatteryMeasure,
    analysis_years: int = 1,
    degradation: bool = False,
):
    """A ready-to-run PySAM ``Battery`` with manual dispatch matching ``m`` (module notes)."""
    import PySAM.Battery as Battery

    b = Battery.default("CustomGenerationBatteryCommercial")
    eta = math.sqrt(m.round_trip_efficiency_pct / 100.0)
    power = float(m.power_kw)
    b.Lifetime.assign(
        {
            "analysis_period": int(analysis_years),
            "inflation_rate": 0.0,
            "system_use_lifetime_output": int(analysis_years > 1),
        }
    )
    gen = np.asarray(pv_kw, dtype=float)
    b.SystemOutput.assign({"gen": np.tile(gen, analysis_years).tolist() if analysis_years > 1 else gen.tolist()})
    b.Load.assign({"load": np.asarray(load_kw, dtype=float).tolist(), "load_escalation": [0.0]})
    b.BatterySystem.assign(
        {
            "en_batt": 1,
            "en_standalone_batt": 0,
            "batt_ac_or_dc": 1,
            "batt_meter_position": 0,
            "batt_ac_dc_efficiency": eta * 100.0,
            "batt_dc_ac_efficiency": eta * 100.0,
            "batt_inverter_efficiency_cutoff": 0.0,
            "batt_computed_bank_capacity": float(m.energy_kwh),
            "batt_computed_series": 126,
            "batt_computed_strings": 1064,
            "batt_current_choice": 1,  # restrict power, not current
            "batt_current_charge_max": UNLIMITED,
            "batt_current_discharge_max": UNLIMITED,
            "batt_power_charge_max_kwac": power,
            "batt_power_charge_max_kwdc": power * eta,
            "batt_power_discharge_max_kwac": power,
            "batt_power_discharge_max_kwdc": power / eta,
            "batt_loss_choice": 0,
            "batt_losses": [0.0],
            "batt_losses_charging": [0.0] * 12,
            "batt_losses_discharging": [0.0] * 12,
            "batt_losses_idle": [0.0] * 12,
            "batt_replacement_option": 0,
        }
    )
    # bank energy = series x strings x Qfull [Ah] x V [V]: keep SAM's cell counts, size the cell
    series, strings, volts = 126, 1064, 3.6
    cell = {
        "batt_Qfull": float(m.energy_kwh) * 1000.0 / (series * strings * volts),
        "batt_chem": 1,
        "batt_minimum_SOC": float(m.min_soc_pct),
        "batt_maximum_SOC": float(m.max_soc_pct),
        "batt_initial_SOC": float(m.min_soc_pct),
        "batt_minimum_modetime": 0.0,
        "batt_voltage_choice": 1,
        "batt_voltage_matrix": [[0.0, 3.601], [100.0, 3.599]],
        "batt_Vnom_default": 3.6,
        "batt_Vnom": 3.6,
        "batt_resistance": 1e-9,
        "cap_vs_temp": [[-20.0, 100.0], [60.0, 100.0]],
        "batt_Cp": 1e6,
        "batt_h_to_ambient": 1e3,
        "batt_room_temperature_celsius": [25.0],
    }
    if not degradation:
        cell.update(
            {
                "batt_life_model": 0,
                "batt_lifetime_matrix": [
                    [0.0, 0.0, 100.0],
                    [0.0, 1e7, 100.0],
                    [100.0, 0.0, 100.0],
                    [100.0, 1e7, 100.0],
                ],
                "batt_calendar_choice": 0,
            }
        )
    b.BatteryCell.assign(cell)
    weekday = _manual_schedule(tariff.weekday_schedule, m)
    weekend = _manual_schedule(tariff.rest_day_schedule, m)
    b.BatteryDispatch.assign(
        {
            "batt_dispatch_choice": 3,
            "dispatch_manual_sched": weekday,
            "dispatch_manual_sched_weekend": weekend,
            # periods 1..6: charge from system, discharge, grid charge, % discharge, % grid charge
            "dispatch_manual_charge": [1, 1, 1, 0, 0, 0],
            "dispatch_manual_discharge": [0, 1, 0, 0, 0, 0],
            "dispatch_manual_gridcharge": [1 if m.charge_from_grid else 0, 0, 0, 0, 0, 0],
            "dispatch_manual_percent_discharge": [100.0, 100.0],
            "dispatch_manual_percent_gridcharge": [100.0],
            "dispatch_manual_btm_discharge_to_grid": [0, 0, 0, 0, 0, 0],
            "dispatch_manual_system_charge_first": 0,
            "batt_dispatch_charge_only_system_exceeds_load": 1,
            "batt_dispatch_discharge_only_load_exceeds_system": 1,
            "batt_dispatch_auto_can_gridcharge": 0,
        }
    )
    rates = b.ElectricityRates.export()
    b.ElectricityRates.assign({k: v for k, v in sam_tariff(tariff).inputs.items() if k in rates or k.startswith("ur_")})
    return b


def battery_flows(b) -> dict[str, np.ndarray]:
    """Year-1 hourly AC flows of an executed ``Battery`` [kW]: charge, discharge, grid import."""
    power = np.asarray(b.Outputs.batt_power, dtype=float)[:8760]  # + discharge, - charge (AC)
    grid = np.asarray(b.Outputs.grid_power, dtype=float)[:8760]  # + import? see docs
    return {
        "charge_kw": np.clip(-power, 0.0, None),
        "discharge_kw": np.clip(power, 0.0, None),
        "grid_kw": grid,
        "soc_pct": np.asarray(b.Outputs.batt_SOC, dtype=float)[:8760],
    }
