"""Replacements, ageing and escalation: when an asset is bought again and how
old it is in each analysis year.

One home for the rules of DESIGN.md "Conventions": a measure whose
``life_years`` ends inside the analysis period is replaced at its capex (not
escalated) at the end of year ``life``, ``2 x life``, ... (only when that year
< ``analysis_years``), and its savings continue; a PV system's age restarts at
1 in the year after its replacement.
"""

from __future__ import annotations

import numpy as np

__all__ = ["replacement_years", "replacement_costs", "age_by_year", "growth_factors"]


def replacement_years(life_years: int, n_years: int) -> list[int]:
    """Years at whose end an asset is replaced.

    Parameters
    ----------
    life_years : int
        Service life L [years], >= 1.
    n_years : int
        Analysis period N [years].

    Returns
    -------
    list of int
        ``L, 2L, ...`` below N (a replacement at the end of year N would buy
        nothing inside the period).
    """
    return list(range(life_years, n_years, life_years))


def replacement_costs(capex_yuan: float, life_years: int, n_years: int) -> np.ndarray:
    """Replacement cost of each analysis year 1..N [yuan], positive = paid.

    Notes
    -----
    ``cost_k = capex`` for k in :func:`replacement_years`, else 0; the capex is
    not escalated (DESIGN.md).
    """
    repl = np.zeros(n_years)
    for y in replacement_years(life_years, n_years):
        repl[y - 1] += capex_yuan
    return repl


def age_by_year(life_years: int, n_years: int) -> np.ndarray:
    """Age of an asset in each analysis year 1..N [years, 1-based].

    Notes
    -----
    ``age_k = (k - 1) mod L + 1``: 1 in year 1 and again in the year after
    each replacement.
    """
    k = np.arange(1, n_years + 1)
    return (k - 1) % life_years + 1


def growth_factors(rate: float, n_years: int) -> np.ndarray:
    """Escalation factor of each analysis year 1..N [-].

    Parameters
    ----------
    rate : float
        Escalation e [fraction per year].

    Notes
    -----
    ``g_k = (1 + e)^(k-1)``: year-1 prices in year 1 (flows at year end).
    """
    years = np.arange(1, n_years + 1)
    return (1.0 + rate) ** (years - 1)
