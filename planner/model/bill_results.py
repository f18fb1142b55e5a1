"""Typed results of the bill check: the model's baseline bill against the
client's 12 real bills (``bill_check`` in ``compute --json``).

Differences are model - actual; percentages are of the actual value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _pct(diff: float, actual: float) -> float | None:
    return None if actual == 0 else 100.0 * diff / actual


@dataclass(frozen=True)
class BillCheckRow:
    """One month (or the year, ``month = None``) of the bill check.

    Attributes
    ----------
    month : 1..12, None for the totals row
    model_kwh, actual_kwh : baseline grid kWh, model and bill [kWh]
    kwh_difference_pct : (model - actual) / actual [%]
    model_total_yuan, actual_total_yuan : the month's bill, model (as invoiced,
        VAT as in the prices) and printed [yuan]
    difference_yuan : model - actual [yuan]
    difference_pct : difference / actual [%]
    uncalibrated_model_kwh, uncalibrated_model_total_yuan,
    uncalibrated_difference_pct : the same before calibration (None when the
        project does not calibrate) [kWh, yuan, %]
    model_max_demand_kw, actual_max_demand_kw : the month's maximum demand [kW]
    model_power_factor, actual_power_factor : monthly PF, rounded to 0.01 [-]
    """

    month: int | None
    model_kwh: float
    actual_kwh: float
    kwh_difference_pct: float | None
    model_total_yuan: float
    actual_total_yuan: float
    difference_yuan: float
    difference_pct: float | None
    uncalibrated_model_kwh: float | None = None
    uncalibrated_model_total_yuan: float | None = None
    uncalibrated_difference_pct: float | None = None
    model_max_demand_kw: float | None = None
    actual_max_demand_kw: float | None = None
    model_power_factor: float | None = None
    actual_power_factor: float | None = None

    @staticmethod
    def make(
        month: int | None,
        model_kwh: float,
        actual_kwh: float,
        model_total: float,
        actual_total: float,
        **extra: float | None,
    ) -> BillCheckRow:
        model_kwh, actual_kwh = float(model_kwh), float(actual_kwh)
        model_total, actual_total = float(model_total), float(actual_total)
        return BillCheckRow(
            month=month,
            model_kwh=model_kwh,
            actual_kwh=actual_kwh,
            kwh_difference_pct=_pct(model_kwh - actual_kwh, actual_kwh),
            model_total_yuan=model_total,
            actual_total_yuan=actual_total,
            difference_yuan=model_total - actual_total,
            difference_pct=_pct(model_total - actual_total, actual_total),
            **extra,
        )

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class BillCheck:
    """Model vs actual, per month and in total.

    ``calibrated`` says whether the baseline was scaled to the bills
    (``load.calibrate_to_bills``); ``calibration`` lists what was scaled,
    one message per month, like the meter-data repairs.
    """

    months: list[BillCheckRow]
    total: BillCheckRow
    calibrated: bool
    calibration: list[str] = field(default_factory=list)

    @property
    def max_abs_difference_pct(self) -> float:
        """Largest monthly |difference| of the bill total [%]."""
        return max(abs(r.difference_pct or 0.0) for r in self.months)

    def to_dict(self) -> dict[str, Any]:
        return {
            "months": [r.to_dict() for r in self.months],
            "total": self.total.to_dict(),
            "calibrated": self.calibrated,
            "calibration": list(self.calibration),
            "max_abs_difference_pct": self.max_abs_difference_pct,
        }
