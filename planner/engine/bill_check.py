"""Calibration of the baseline to the client's 12 monthly bills, and the
bill check (model vs actual).

Rules
-----
Calibration (``load.calibrate_to_bills``)
    For each month m the hourly baseline is scaled so that its kWh equal the
    bill's ``kwh``: ``kW_h x kwh_bill / kwh_model`` for the hours of m.
    When the bill gives ``kwh_by_period``, each listed TOU period of the
    month is scaled to its billed kWh, and the periods not listed are
    scaled together to ``kwh - sum(listed)`` (when that is >= 0 and they
    have load; otherwise the month total is not exactly matched and a
    message says so).  Periods are those of the tariff's schedules on the
    project's calendar.  A month (or period) whose model kWh is 0 cannot be
    scaled: a message says so and it is left as is.  The shape within a
    period is kept, so the energy charge matches the bill's by period; the
    maximum demand scales with its period.
Bill check
    Per month: model baseline bill (before any measure, as invoiced: when
    savings are valued without VAT the model's yuan are multiplied back by
    1.13) vs the printed ``total_yuan``; kWh vs ``kwh``; difference = model
    - actual, in yuan and % of actual; totals over the year.  When
    calibrating, the uncalibrated model's total and difference are reported
    too (the residual before calibration).
Messages
    Each calibration message is a :class:`planner.terms.Note` (catalogue key
    ``repair.calibration.*``, English text as its ``str`` value: the results
    JSON and the command line print the English; the app its language).
"""

from __future__ import annotations

import numpy as np

from planner.engine.bill import MonthlyBill, monthly_power_factor
from planner.engine.calendar import HourlyCalendar
from planner.engine.tariff import HourlyTariff
from planner.model.bill_results import BillCheck, BillCheckRow
from planner.model.project import PERIODS, MonthlyBillInput
from planner.terms import Note

_PERIOD_INDEX = {p: i for i, p in enumerate(PERIODS)}


def calibrate_to_bills(
    baseline_kw: np.ndarray, ht: HourlyTariff, cal: HourlyCalendar, bills: list[MonthlyBillInput]
) -> tuple[np.ndarray, list[str]]:
    """Scale the hourly baseline month by month (and period by period) to the billed kWh.

    Parameters
    ----------
    baseline_kw : numpy.ndarray
        Hourly baseline [kW], 8760 values.
    ht : HourlyTariff
        Gives each hour's TOU period.
    cal : HourlyCalendar
    bills : list of MonthlyBillInput
        The 12 bills [kWh].

    Returns
    -------
    (numpy.ndarray, list of str)
        The calibrated baseline [kW] and one message per month saying what
        was scaled and by how much.
    """
    kw = np.array(baseline_kw, dtype=float, copy=True)
    messages: list[str] = []  # Note objects
    for b in sorted(bills, key=lambda x: x.month):
        in_month = cal.month == b.month
        model = float(kw[in_month].sum())
        if b.kwh_by_period:
            groups: list[tuple[Note, np.ndarray, float]] = []
            listed = np.zeros(len(kw), dtype=bool)
            for p, target in b.kwh_by_period.items():
                mask = in_month & (ht.period == _PERIOD_INDEX[p])
                listed |= mask
                groups.append((Note(f"repair.period.{p}"), mask, float(target)))
            rest_target = b.kwh - sum(b.kwh_by_period.values())
            rest = in_month & ~listed
            if rest.any() and rest_target >= -1e-6:
                groups.append((Note("repair.period.other"), rest, max(rest_target, 0.0)))
            elif rest_target > 1e-6 * max(b.kwh, 1.0):
                listed_kwh = float(sum(b.kwh_by_period.values()))
                messages.append(
                    Note("repair.calibration.kwh_above_periods", month=b.month, kwh=b.kwh, listed=listed_kwh)
                )
            elif rest_target < -1e-6 * max(b.kwh, 1.0):
                messages.append(Note("repair.calibration.periods_above_kwh", month=b.month))
            parts = []
            for name, mask, target in groups:
                have = float(kw[mask].sum())
                if have <= 0:
                    if target > 0:
                        messages.append(
                            Note("repair.calibration.no_load_in_period", month=b.month, period=name, kwh=target)
                        )
                    continue
                factor = target / have
                kw[mask] *= factor
                parts.append(Note("repair.calibration.period_factor", period=name, factor=factor))
            after = float(kw[in_month].sum())
            messages.append(
                Note("repair.calibration.scaled_by_period", month=b.month, model=model, after=after, parts=parts)
            )
        else:
            if model <= 0:
                messages.append(Note("repair.calibration.no_load", month=b.month, kwh=b.kwh))
                continue
            factor = b.kwh / model
            kw[in_month] *= factor
            messages.append(Note("repair.calibration.scaled", month=b.month, factor=factor, model=model, kwh=b.kwh))
    return kw, messages


def _actual_pf(b: MonthlyBillInput) -> float | None:
    if b.kvarh is None or (b.kwh == 0 and b.kvarh == 0):
        return None
    return float(monthly_power_factor(np.array([b.kwh]), np.array([b.kvarh]))[0])


def _opt(x: float) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def bill_check(
    bills: list[MonthlyBillInput],
    model_bill: MonthlyBill,
    vat: float,
    *,
    uncalibrated_bill: MonthlyBill | None = None,
    calibration: list[str] | None = None,
) -> BillCheck:
    """Model vs actual per month and in total.

    Parameters
    ----------
    bills : list of MonthlyBillInput
        The 12 bills.
    model_bill : planner.engine.bill.MonthlyBill
        The model's baseline bill (after calibration when calibrating).
    vat : float
        :func:`planner.engine.bill.vat_factor`; model yuan are divided by it
        to compare with printed (VAT-inclusive) totals [-].
    uncalibrated_bill : MonthlyBill, optional
        The baseline bill before calibration.
    calibration : list of str, optional
        Messages of :func:`calibrate_to_bills`.
    """
    by_month = {b.month: b for b in bills}
    rows = []
    total_model = model_bill.total / vat
    unc_total = None if uncalibrated_bill is None else uncalibrated_bill.total / vat
    for m in range(1, 13):
        b = by_month[m]
        extra = dict(
            model_max_demand_kw=float(model_bill.max_demand_kw[m - 1]),
            actual_max_demand_kw=b.max_demand_kw,
            model_power_factor=_opt(model_bill.power_factor[m - 1]),
            actual_power_factor=_actual_pf(b),
        )
        if uncalibrated_bill is not None and unc_total is not None:
            diff = float(unc_total[m - 1]) - b.total_yuan
            extra.update(
                uncalibrated_model_kwh=float(uncalibrated_bill.import_kwh[m - 1]),
                uncalibrated_model_total_yuan=float(unc_total[m - 1]),
                uncalibrated_difference_pct=100.0 * diff / b.total_yuan,
            )
        rows.append(
            BillCheckRow.make(m, model_bill.import_kwh[m - 1], b.kwh, total_model[m - 1], b.total_yuan, **extra)
        )
    actual_total = sum(b.total_yuan for b in bills)
    extra_total = {}
    if uncalibrated_bill is not None and unc_total is not None:
        extra_total = dict(
            uncalibrated_model_kwh=float(uncalibrated_bill.import_kwh.sum()),
            uncalibrated_model_total_yuan=float(unc_total.sum()),
            uncalibrated_difference_pct=100.0 * (float(unc_total.sum()) - actual_total) / actual_total,
        )
    total = BillCheckRow.make(
        None, model_bill.import_kwh.sum(), sum(b.kwh for b in bills), total_model.sum(), actual_total, **extra_total
    )
    return BillCheck(
        months=rows, total=total, calibrated=uncalibrated_bill is not None, calibration=list(calibration or [])
    )
