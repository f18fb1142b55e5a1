"""Energy saved, CO2 avoided and standard coal (tce) saved, year by year.

Energy saved = efficiency kWh + PV generation, where PV generation is the AC
energy delivered (self-consumed + exported); under anti-backflow the
curtailed kWh are never produced and avoid nothing.  Efficiency kWh are the
same every year (production is held at the stated output).  Factors come
from the project file (``emissions``; sources in REFERENCE-DATA.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Emissions", "Impact", "emissions", "of_energy"]


@dataclass(frozen=True)
class Impact:
    """Energy saved over a span (year 1, or the whole analysis) and what it avoids.

    Attributes
    ----------
    energy_kwh : float
        Energy saved [kWh].
    co2_t : float
        ``energy x grid factor / 1000`` [t CO2].
    tce : float
        ``energy x tce factor / 1000`` [tce].
    """

    energy_kwh: float
    co2_t: float
    tce: float

    @classmethod
    def of(cls, energy_kwh: float, grid_factor_kg_per_kwh: float, tce_kgce_per_kwh: float) -> Impact:
        """The impact of ``energy_kwh`` [kWh] at the two factors [kg CO2/kWh, kgce/kWh]."""
        return cls(energy_kwh, energy_kwh * grid_factor_kg_per_kwh / 1000.0, energy_kwh * tce_kgce_per_kwh / 1000.0)


@dataclass(frozen=True)
class Emissions:
    """The emissions table and the summary's energy/CO2/tce figures.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per year 1..N: ``year``, ``efficiency_kwh``, ``pv_kwh``,
        ``energy_saved_kwh`` [kWh], ``co2_avoided_t`` [t CO2], ``tce_saved`` [tce].
    energy_saved_kwh_by_year : numpy.ndarray
        (N,) [kWh].
    first_year, lifetime : Impact
        Year 1 (all zero with no years) and the sum over years 1..N.
    """

    table: pd.DataFrame
    energy_saved_kwh_by_year: np.ndarray
    first_year: Impact
    lifetime: Impact


def emissions(
    efficiency_kwh_per_year: float,
    pv_kwh_by_year: np.ndarray,
    grid_factor_kg_per_kwh: float,
    tce_kgce_per_kwh: float,
) -> Emissions:
    """Energy saved and what it avoids, for every analysis year.

    Parameters
    ----------
    efficiency_kwh_per_year : float
        kWh saved by the efficiency measures, every year [kWh].
    pv_kwh_by_year : numpy.ndarray
        (N,) PV energy delivered (self-consumed + exported) by year [kWh].
    grid_factor_kg_per_kwh : float
        Grid emission factor [kg CO2/kWh].
    tce_kgce_per_kwh : float
        Standard-coal conversion factor [kgce/kWh].

    Returns
    -------
    Emissions

    Notes
    -----
    ``E_k = efficiency + PV_k``; ``CO2_k = E_k x factor / 1000`` [t];
    ``tce_k = E_k x tce factor / 1000`` [tce]; lifetime figures sum k = 1..N.
    """
    pv = np.asarray(pv_kwh_by_year, dtype=float)
    n_years = len(pv)
    table = pd.DataFrame(
        {
            "year": np.arange(1, n_years + 1),
            "efficiency_kwh": np.full(n_years, efficiency_kwh_per_year),
            "pv_kwh": pv,
        }
    )
    return of_energy(table, efficiency_kwh_per_year + pv, grid_factor_kg_per_kwh, tce_kgce_per_kwh)


def of_energy(
    table: pd.DataFrame, energy_kwh_by_year: np.ndarray, grid_factor_kg_per_kwh: float, tce_kgce_per_kwh: float
) -> Emissions:
    """The emissions of a yearly energy saved (one implementation for :func:`emissions`
    and the storage step's :func:`planner.engine.storage_step.add_storage_energy`).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per year with the energy's parts (``year``, ``efficiency_kwh``,
        ``pv_kwh``, ...); its ``energy_saved_kwh``, ``co2_avoided_t`` and
        ``tce_saved`` columns are set here (added at the end, or replaced in
        place) [kWh, t CO2, tce].
    energy_kwh_by_year : numpy.ndarray
        (N,) energy saved ``E_k`` by year [kWh].
    grid_factor_kg_per_kwh : float
        Grid emission factor [kg CO2/kWh].
    tce_kgce_per_kwh : float
        Standard-coal conversion factor [kgce/kWh].

    Notes
    -----
    ``CO2_k = E_k x factor / 1000`` [t]; ``tce_k = E_k x tce factor / 1000``
    [tce]; first-year figures are year 1 (0 with no years), lifetime figures
    sum k = 1..N.
    """
    energy = energy_kwh_by_year
    table["energy_saved_kwh"] = energy
    table["co2_avoided_t"] = energy * grid_factor_kg_per_kwh / 1000.0
    table["tce_saved"] = energy * tce_kgce_per_kwh / 1000.0
    factors = (grid_factor_kg_per_kwh, tce_kgce_per_kwh)
    first = float(energy[0]) if len(energy) else 0.0
    return Emissions(table, energy, Impact.of(first, *factors), Impact.of(float(energy.sum()), *factors))
