"""Per-measure figures of power-factor correction measures (capacitor bank / SVG).

A ``power_factor_correction`` measure saves no kWh; its savings are the
year-1 bill with every other measure minus the bill with it as well (the
lower power-factor adjustment, :mod:`planner.engine.bill`).  Year k =
year 1 x (1+e)^(k-1), like the efficiency measures (the small change of PF
as PV degrades is not re-billed).  Several such measures share the savings
equally (the highest target counts in the bill).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.engine.lifecycle import replacement_costs
from planner.engine.metrics import FactoryTotals, measure_metrics
from planner.model.project import PowerFactorCorrectionMeasure
from planner.model.results import MeasureResult

__all__ = ["pfc_results"]


def pfc_results(
    measures: Sequence[PowerFactorCorrectionMeasure],
    savings_1_yuan: float,
    price_growth: np.ndarray,
    om_growth: np.ndarray,
    rate: float,
    totals: FactoryTotals,
) -> list[MeasureResult]:
    """Each PFC measure's figures; adds its capex, O&M, replacements and savings to ``totals``.

    Parameters
    ----------
    measures : sequence of PowerFactorCorrectionMeasure
    savings_1_yuan : float
        Year-1 bill savings of power-factor correction [yuan].
    price_growth, om_growth : numpy.ndarray
        (N,) escalation factors.
    rate : float
        Discount rate [fraction per year].
    totals : FactoryTotals
    """
    n_years = len(price_growth)
    out: list[MeasureResult] = []
    share = 1.0 / len(measures) if measures else 0.0
    for m in measures:
        yuan_by_year = savings_1_yuan * share * price_growth
        om = m.om_change_yuan_per_year * om_growth
        repl = replacement_costs(m.capex_yuan, m.life_years, n_years)
        totals.add_asset(m.capex_yuan, om, repl)
        totals.savings_by_year = totals.savings_by_year + yuan_by_year
        out.append(
            measure_metrics(
                m.name,
                m.type,
                m.capex_yuan,
                0.0,
                savings_1_yuan * share,
                yuan_by_year,
                om,
                repl,
                m.om_change_yuan_per_year,
                m.life_years,
                rate,
            )
        )
    return out
