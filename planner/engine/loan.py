"""Loan and depreciation: the financing lines of the cash flow.

Conventions as in :mod:`planner.engine.finance`: rates are fractions per
year, payments fall at the end of each year, arrays of "years 1..N" have
index ``k - 1`` for year k.  The loan is an equal-instalment (annuity) loan
drawn at year 0; depreciation is straight-line with no salvage value
(the usual Chinese enterprise-income-tax treatment of equipment, 企业所得税法
实施条例 art. 59-60).  :func:`planner.engine.finance.cash_flow` puts the signs
on these magnitudes and computes the tax effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf

from planner.engine._checks import check_count as _check_count
from planner.engine._checks import check_rate as _check_rate
from planner.engine._checks import readonly as _readonly

__all__ = ["LoanSchedule", "loan_schedule", "straight_line_depreciation"]


@dataclass(frozen=True, eq=False)
class LoanSchedule:
    """Amortisation table of an equal-instalment loan, years 1..N.

    All amounts are **magnitudes** (positive numbers) seen from the borrower;
    :func:`cash_flow` puts the signs on them.  Index ``k - 1`` is year k;
    payments fall at the end of each year.

    Attributes
    ----------
    years : numpy.ndarray of int, shape (N,)
        1..N.
    instalment : float
        Yearly payment during the term [yuan/year].
    payment : numpy.ndarray, shape (N,)
        Amount paid in each year [yuan]; ``instalment`` during the term, 0
        after it.
    interest : numpy.ndarray, shape (N,)
        Interest part of each payment [yuan].
    principal_repaid : numpy.ndarray, shape (N,)
        Principal part of each payment [yuan].
    balance : numpy.ndarray, shape (N,)
        Outstanding principal at the end of each year, after the payment
        [yuan].  Non-zero at year N only if the term is longer than N.
    """

    years: np.ndarray
    instalment: float
    payment: np.ndarray
    interest: np.ndarray
    principal_repaid: np.ndarray
    balance: np.ndarray


def loan_schedule(principal: float, interest_rate: float, term_years: int, analysis_years: int) -> LoanSchedule:
    """Equal yearly instalments (annuity loan) drawn at year 0.

    Parameters
    ----------
    principal : float
        Amount borrowed at year 0 [yuan], >= 0.
    interest_rate : float
        Interest rate per year [fraction, > -1].
    term_years : int
        Number of yearly instalments [years], >= 1.
    analysis_years : int
        Length N of the returned arrays [years], >= 1.  Payments stop after
        the term; if the term is longer than N the table is cut at N and
        ``balance[N-1]`` is still owed.

    Returns
    -------
    LoanSchedule

    Notes
    -----
    The instalment is ``-numpy_financial.pmt(i, T, P)``:

    .. math:: A = P \\frac{i}{1 - (1+i)^{-T}} \\quad (A = P/T \\text{ if } i = 0)

    and for year k = 1..T, with :math:`B_0 = P`:

    .. math:: I_k = i B_{k-1}, \\quad R_k = A - I_k, \\quad B_k = B_{k-1} - R_k

    The last instalment's principal part is set to :math:`B_{T-1}` so the
    balance ends exactly at zero (removes float residue).  These agree with
    ``numpy_financial.ipmt`` / ``ppmt`` (which return the same amounts with
    a negative sign).
    """
    p = float(principal)
    if not np.isfinite(p) or p < 0.0:
        raise ValueError(f"principal: expected a finite number >= 0, found {principal!r}")
    i = _check_rate(interest_rate, "interest_rate")
    term = _check_count(term_years, "term_years")
    n = _check_count(analysis_years, "analysis_years")

    instalment = float(-npf.pmt(i, term, p)) if p > 0.0 else 0.0
    payment = np.zeros(n)
    interest = np.zeros(n)
    repaid = np.zeros(n)
    balance = np.zeros(n)
    outstanding = p
    for k in range(min(term, n)):
        interest[k] = outstanding * i
        if k == term - 1:
            repaid[k] = outstanding
            payment[k] = interest[k] + repaid[k]
        else:
            repaid[k] = instalment - interest[k]
            payment[k] = instalment
        outstanding -= repaid[k]
        balance[k] = outstanding
    return LoanSchedule(
        years=np.arange(1, n + 1),
        instalment=instalment,
        payment=_readonly(payment),
        interest=_readonly(interest),
        principal_repaid=_readonly(repaid),
        balance=_readonly(balance),
    )


def straight_line_depreciation(depreciable: float, years: int, analysis_years: int) -> np.ndarray:
    """Straight-line depreciation, no salvage value.

    Parameters
    ----------
    depreciable : float
        Depreciable base [yuan] (capex less subsidy); <= 0 gives all zeros.
    years : int
        Depreciation period [years], >= 1.
    analysis_years : int
        Length N of the result [years], >= 1.

    Returns
    -------
    numpy.ndarray, shape (N,)
        Depreciation of years 1..N [yuan/year], a positive number (a tax
        deduction, not a cash flow).  If ``years > N`` the book value left at
        year N is not deducted.

    Notes
    -----
    .. math:: D_k = B / L \\text{ for } 1 \\le k \\le L, \\quad 0 \\text{ after}
    """
    base = float(depreciable)
    if not np.isfinite(base):
        raise ValueError(f"depreciable: expected a finite number, found {depreciable!r}")
    life = _check_count(years, "years")
    n = _check_count(analysis_years, "analysis_years")
    out = np.zeros(n)
    if base > 0.0:
        out[: min(life, n)] = base / life
    return out
