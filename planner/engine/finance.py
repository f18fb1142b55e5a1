"""Project finance: NPV, IRR, paybacks, loan, depreciation, tax, LCOE and the
yearly cash-flow table.

Pure functions over numpy arrays; no Qt and no pandas in the core
(:meth:`CashFlowResult.to_frame` imports pandas when it is called).

Conventions
-----------
These follow numpy-financial and DESIGN.md ("Conventions") and hold for every
function in this module.

* **Sign.** Money *out* of the factory is negative, money *in* is positive.
  A cash-flow array ``cash_flows[k]`` is the net flow of year ``k``.
  Exceptions, each stated where it occurs: inputs documented as "positive =
  cost" (O&M, replacements, LCOE costs, the ``investment`` scalar) and the
  rows of :class:`LoanSchedule` (magnitudes).
* **Timing.** Year 0 is the investment, paid at the start of the project
  (time 0, undiscounted).  Every later flow falls at the *end* of its year:
  year ``k`` is discounted by ``(1 + rate) ** k``.  Arrays that describe
  "years 1..N" have length N and index ``k - 1`` holds year ``k``.
* **Rates** are fractions per year (0.06, not 6).  Percent lives only in
  project files and on screen (names ending in ``_pct``).
* **Undefined metrics are None**, never an exception and never a made-up
  number: no payback within the analysis period, nothing to pay back (zero
  or negative investment), IRR with no sign change / no real root / no
  convergence, a benefit-cost ratio or LCOE with a zero denominator.
* Currency is yuan (CNY) throughout; energy is kWh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy_financial as npf
from numpy.typing import ArrayLike

from planner.engine._checks import check_rate as _check_rate
from planner.engine._checks import readonly as _readonly
from planner.engine.loan import LoanSchedule, loan_schedule, straight_line_depreciation

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "npv",
    "irr",
    "payback_period",
    "discounted_payback_period",
    "simple_payback",
    "benefit_cost_ratio",
    "LoanSchedule",
    "loan_schedule",
    "straight_line_depreciation",
    "levelized_cost",
    "CashFlowInputs",
    "CashFlowResult",
    "cash_flow",
]

PAYBACK_RTOL = 1e-9
"""A cumulative flow within ``PAYBACK_RTOL * |CF_0|`` below zero counts as
zero when looking for the payback crossing (absorbs float rounding of the
running sum, e.g. an investment of 3000.3 repaid by three flows of 1000.1)."""

IRR_RTOL = 1e-6
"""An IRR is accepted only if ``|NPV(irr)| <= IRR_RTOL * sum |CF_k| / (1+irr)^k``."""


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _flows(values: ArrayLike, name: str = "cash_flows") -> np.ndarray:
    """``values`` as a 1-D float array; ValueError if not 1-D or not finite."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D sequence, found shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite numbers, found nan or inf")
    return arr


def _finite(value: float, name: str) -> float:
    """``value`` as a float; ValueError naming ``name`` if it is nan or inf."""
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name}: expected a finite number, found {out!r}")
    return out


def _discount_factors(rate: float, n: int, first_year: int = 0) -> np.ndarray:
    """``(1 + rate) ** -k`` for ``k = first_year .. first_year + n - 1``."""
    k = np.arange(first_year, first_year + n, dtype=float)
    return (1.0 + rate) ** -k


# ---------------------------------------------------------------------------
# metrics on a cash-flow series
# ---------------------------------------------------------------------------


def npv(rate: float, cash_flows: ArrayLike) -> float:
    """Net present value of yearly cash flows, year 0 undiscounted.

    Parameters
    ----------
    rate : float
        Discount rate per year [fraction, > -1].
    cash_flows : array_like, shape (N+1,)
        Net cash flow of years 0..N [yuan]; money out negative.  Year 0 is at
        time 0, year k at the end of year k.

    Returns
    -------
    float
        Net present value at time 0 [yuan].

    Notes
    -----
    .. math:: NPV = \\sum_{k=0}^{N} \\frac{CF_k}{(1+r)^k}

    This is :func:`numpy_financial.npv` (which, unlike Excel's ``NPV``, does
    not discount the first value).

    Examples
    --------
    >>> round(npv(0.10, [-100, 60, 60]), 4)   # -100 + 60/1.1 + 60/1.21
    4.1322
    """
    rate = _check_rate(rate)
    cf = _flows(cash_flows)
    if cf.size == 0:
        return 0.0
    return float(npf.npv(rate, cf))


def _npv_and_derivative(rate: float, cf: np.ndarray) -> tuple[float, float, float]:
    k = np.arange(cf.size, dtype=float)
    v = (1.0 + rate) ** -k
    value = float(np.sum(cf * v))
    deriv = float(np.sum(-k * cf * v / (1.0 + rate)))
    scale = float(np.sum(np.abs(cf) * v))
    return value, deriv, scale


_IRR_GRID = np.linspace(np.log(1e-6), np.log(1e6), 6001)
"""Grid of ``ln(1 + rate)`` (rates -99.9999 % .. +99 999 900 %) for the IRR fallback."""


def _irr_bracketed(cf: np.ndarray) -> float | None:
    """Fallback IRR: bisection on a sign change of the NPV, closest to 0.

    Used only when :func:`numpy_financial.irr` fails (raises, or returns nan
    although the flows change sign).  Works in ``t = ln(1 + rate)``.
    """
    k = np.arange(cf.size, dtype=float)
    with np.errstate(all="ignore"):
        values = np.exp(-np.outer(_IRR_GRID, k)) @ cf
    ok = np.isfinite(values)
    sign = np.sign(values)
    change = np.flatnonzero(ok[:-1] & ok[1:] & (sign[:-1] * sign[1:] <= 0) & (sign[:-1] != 0))
    if change.size == 0:
        return None
    mids = 0.5 * (_IRR_GRID[change] + _IRR_GRID[change + 1])
    i = int(change[np.argmin(np.abs(np.expm1(mids)))])
    lo, hi, f_lo = _IRR_GRID[i], _IRR_GRID[i + 1], values[i]
    with np.errstate(all="ignore"):
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if mid in (lo, hi):
                break
            f_mid = float(np.exp(-mid * k) @ cf)
            if np.sign(f_mid) == np.sign(f_lo):
                lo, f_lo = mid, f_mid
            else:
                hi = mid
    return float(np.expm1(0.5 * (lo + hi)))


def irr(cash_flows: ArrayLike) -> float | None:
    """Internal rate of return of yearly cash flows.

    Parameters
    ----------
    cash_flows : array_like, shape (N+1,)
        Net cash flow of years 0..N [yuan]; money out negative, year 0 first,
        end-of-year timing.

    Returns
    -------
    float or None
        The rate [fraction per year] at which :func:`npv` is zero, or None
        when no IRR exists: the flows do not change sign (all >= 0 or all
        <= 0), :func:`numpy_financial.irr` finds no real root (nan), or the
        root does not satisfy ``|NPV(irr)| <= IRR_RTOL * sum |CF_k|/(1+irr)^k``
        (not converged).

    Notes
    -----
    IRR solves

    .. math:: \\sum_{k=0}^{N} \\frac{CF_k}{(1+IRR)^k} = 0

    by :func:`numpy_financial.irr` (roots of the polynomial in
    :math:`1/(1+IRR)`), refined by at most a few Newton steps on the NPV.
    Should numpy-financial fail numerically (raise, return nan, or return a
    rate that is not a root, e.g. when the last flow is negligibly small), a
    bisection on a sign change of the NPV over
    rates from -99.9999 % to +10^8 % is used instead.
    Flows that change sign more than once (e.g. a mid-life replacement that
    makes a year negative) can have several IRRs; numpy-financial, and so
    this function, returns the one closest to zero.
    """
    cf = _flows(cash_flows)
    if not (np.any(cf > 0) and np.any(cf < 0)):
        return None
    # Negligible trailing flows make the polynomial's leading coefficient
    # tiny and np.roots unstable; they barely move the root, so leave them
    # out of the root finding (the result is checked on the full flows).
    significant = np.flatnonzero(np.abs(cf) > 1e-12 * np.max(np.abs(cf)))
    trimmed = cf[: significant[-1] + 1]
    try:
        with np.errstate(all="ignore"):
            rate = float(npf.irr(trimmed))
    except np.linalg.LinAlgError:
        rate = float("nan")
    polished = _polish_irr(rate, cf)
    if polished is None:  # numpy-financial failed numerically: bracket instead
        polished = _polish_irr(_irr_bracketed(cf), cf)
    return polished


def _polish_irr(rate: float | None, cf: np.ndarray) -> float | None:
    """A few Newton steps on the NPV from ``rate``; None unless it is a root."""
    if rate is None or not np.isfinite(rate) or rate <= -1.0:
        return None
    with np.errstate(all="ignore"):
        value, deriv, scale = _npv_and_derivative(rate, cf)
        for _ in range(8):  # keep a step only if it helps
            if not np.isfinite(value) or scale == 0.0 or abs(value) <= 1e-13 * scale or deriv == 0.0:
                break
            candidate = rate - value / deriv
            if not np.isfinite(candidate) or candidate <= -1.0:
                break
            c_value, c_deriv, c_scale = _npv_and_derivative(candidate, cf)
            if not np.isfinite(c_value) or abs(c_value) / c_scale >= abs(value) / scale:
                break
            rate, value, deriv, scale = candidate, c_value, c_deriv, c_scale
    if not (np.isfinite(value) and np.isfinite(scale)) or scale == 0.0 or abs(value) > IRR_RTOL * scale:
        return None
    return float(rate)


def _first_crossing(cf: np.ndarray, tol_scale: float) -> float | None:
    """Years at which ``cumsum(cf)`` first goes from negative to >= 0."""
    if cf.size == 0:
        return None
    tol = PAYBACK_RTOL * abs(tol_scale)
    cum = np.cumsum(cf)
    if cum[0] >= -tol:
        return None  # nothing to pay back
    reached = np.flatnonzero(cum >= -tol)
    if reached.size == 0:
        return None  # never pays back within the series
    k = int(reached[0])  # >= 1; cum[k-1] < -tol <= cum[k], hence cf[k] > 0
    fraction = -cum[k - 1] / cf[k]
    return float(k - 1 + min(max(fraction, 0.0), 1.0))


def payback_period(cash_flows: ArrayLike) -> float | None:
    """Payback period: when the cumulative net cash flow first reaches zero.

    Parameters
    ----------
    cash_flows : array_like, shape (N+1,)
        Net cash flow of years 0..N [yuan]; money out negative, year 0 is the
        investment, later flows at the end of each year.

    Returns
    -------
    float or None
        Payback [years], in ``(0, N]``; None when there is nothing to pay back
        (``CF_0 >= 0``, e.g. zero investment) or the cumulative flow never
        reaches zero within the N years.

    Notes
    -----
    With :math:`C_k = \\sum_{j=0}^{k} CF_j` and :math:`k` the first year with
    :math:`C_{k-1} < 0 \\le C_k`, the payback is interpolated linearly within
    year k, as if :math:`CF_k` accrued evenly over the year:

    .. math:: PB = (k - 1) + \\frac{-C_{k-1}}{CF_k}

    This is the *first* crossing.  A later negative year (a replacement, a
    loan instalment) can bring the cumulative flow below zero again; the
    first crossing is still reported (inspect the cumulative series for the
    rest of the story).  A cumulative within ``PAYBACK_RTOL * |CF_0|`` below
    zero counts as zero (float rounding).

    Examples
    --------
    >>> round(payback_period([-1000, 300, 300, 300, 300]), 6)   # 3 + 100/300
    3.333333
    """
    cf = _flows(cash_flows)
    return _first_crossing(cf, cf[0] if cf.size else 0.0)


def discounted_payback_period(rate: float, cash_flows: ArrayLike) -> float | None:
    """Payback period of the discounted cash flows.

    Parameters
    ----------
    rate : float
        Discount rate per year [fraction, > -1].
    cash_flows : array_like, shape (N+1,)
        Net cash flow of years 0..N [yuan]; money out negative, year 0
        undiscounted, year k discounted by :math:`(1+r)^k`.

    Returns
    -------
    float or None
        Discounted payback [years] in ``(0, N]``, or None (nothing to pay back,
        or the discounted cumulative flow never reaches zero, i.e. the NPV of
        every prefix of the flows stays negative).

    Notes
    -----
    :func:`payback_period` applied to :math:`D_k = CF_k / (1+r)^k`:

    .. math:: DPB = (k - 1) + \\frac{-\\sum_{j<k} D_j}{D_k}

    for the first k with :math:`\\sum_{j<k} D_j < 0 \\le \\sum_{j\\le k} D_j`;
    the interpolation is linear in the *discounted* flow of year k.  First
    crossing, as for :func:`payback_period`.
    """
    rate = _check_rate(rate)
    cf = _flows(cash_flows)
    discounted = cf * _discount_factors(rate, cf.size)
    return _first_crossing(discounted, cf[0] if cf.size else 0.0)


def simple_payback(net_investment: float, first_year_net_savings: float) -> float | None:
    """Simple payback: net investment divided by first-year net savings.

    Parameters
    ----------
    net_investment : float
        Capex less subsidy [yuan], a positive number.
    first_year_net_savings : float
        Year-1 savings less year-1 O&M [yuan/year], positive = money saved.

    Returns
    -------
    float or None
        Simple payback [years]; None if ``net_investment <= 0`` (nothing to
        pay back) or ``first_year_net_savings <= 0`` (never pays back).  Not
        capped at the analysis period.

    Notes
    -----
    .. math:: SPB = \\frac{I_{net}}{S_1 - OM_1}

    No discounting, no escalation, no tax, no loan, no replacements.
    """
    inv = float(net_investment)
    sav = float(first_year_net_savings)
    if not (np.isfinite(inv) and np.isfinite(sav)) or inv <= 0.0 or sav <= 0.0:
        return None
    return inv / sav


def benefit_cost_ratio(rate: float, savings: ArrayLike, costs: ArrayLike, investment: float) -> float | None:
    """Benefit-cost ratio: present value of savings over present value of costs.

    Parameters
    ----------
    rate : float
        Discount rate per year [fraction, > -1].
    savings : array_like, shape (N,)
        Savings of years 1..N [yuan], positive = money saved (end of year).
    costs : array_like, shape (N,)
        Costs of years 1..N [yuan] (O&M, replacements); the sign is ignored,
        ``|costs|`` is used, so either sign convention works.
    investment : float
        Year-0 net investment [yuan], a positive number (money spent);
        undiscounted.

    Returns
    -------
    float or None
        The ratio [-]; None if the denominator is <= 0 (no investment and no
        costs, or a subsidy larger than capex with nothing else to pay).

    Notes
    -----
    .. math:: BCR = \\frac{\\sum_{k=1}^{N} S_k/(1+r)^k}
                         {I + \\sum_{k=1}^{N} |C_k|/(1+r)^k}
    """
    rate = _check_rate(rate)
    s = _flows(savings, "savings")
    c = np.abs(_flows(costs, "costs"))
    if s.size != c.size:
        raise ValueError(f"costs: expected {s.size} years like savings, found {c.size}")
    inv = _finite(investment, "investment")
    v = _discount_factors(rate, s.size, first_year=1)
    denominator = inv + float(np.sum(c * v))
    if denominator <= 0.0:
        return None
    return float(np.sum(s * v)) / denominator


# ---------------------------------------------------------------------------
# LCOE (loan and depreciation: planner.engine.loan)
# ---------------------------------------------------------------------------


def levelized_cost(
    rate: float, investment: float, yearly_costs: ArrayLike, yearly_energy_kwh: ArrayLike
) -> float | None:
    """Levelized cost of energy (LCOE), e.g. of a PV system.

    Parameters
    ----------
    rate : float
        Discount rate per year [fraction, > -1].
    investment : float
        Year-0 investment [yuan], a positive number (money spent), undiscounted.
    yearly_costs : array_like, shape (N,)
        Costs of years 1..N [yuan], positive = cost (O&M, inverter
        replacement), end of year.
    yearly_energy_kwh : array_like, shape (N,)
        Energy produced in years 1..N [kWh], end-of-year timing like the costs.

    Returns
    -------
    float or None
        LCOE [yuan/kWh]; None if the discounted energy is <= 0.

    Notes
    -----
    .. math:: LCOE = \\frac{I + \\sum_{k=1}^{N} C_k/(1+r)^k}
                          {\\sum_{k=1}^{N} E_k/(1+r)^k}

    Energy is discounted with the same rate as money (the usual definition:
    the constant price per kWh whose present value equals the present value
    of the costs).  Pre-tax, no financing.
    """
    rate = _check_rate(rate)
    c = _flows(yearly_costs, "yearly_costs")
    e = _flows(yearly_energy_kwh, "yearly_energy_kwh")
    if c.size != e.size:
        raise ValueError(f"yearly_costs: expected {e.size} years like yearly_energy_kwh, found {c.size}")
    inv = _finite(investment, "investment")
    v = _discount_factors(rate, e.size, first_year=1)
    energy = float(np.sum(e * v))
    if energy <= 0.0:
        return None
    return (inv + float(np.sum(c * v))) / energy


# ---------------------------------------------------------------------------
# the project cash flow
# ---------------------------------------------------------------------------


def _year_array(values: ArrayLike | float, n: int, name: str) -> np.ndarray:
    arr = _flows(values, name)
    if arr.size != n:
        raise ValueError(f"{name}: expected {n} values (years 1..{n}), found {arr.size}")
    return _readonly(arr)


@dataclass(frozen=True, eq=False)
class CashFlowInputs:
    """Inputs of :func:`cash_flow`.

    Arrays describe years 1..N (length N, index ``k - 1`` is year k); all
    yearly amounts fall at the end of their year.  Arrays are copied to
    read-only float arrays.

    Attributes
    ----------
    analysis_years : int
        N [years], >= 1.
    discount_rate : float
        Discount rate [fraction per year], in (-1, 1] (a value above 1 is
        taken to be a percent by mistake and rejected).
    investment : float
        Year-0 capex before subsidy [yuan], positive number, >= 0.
    subsidy : float
        Capital subsidy received at year 0 [yuan], >= 0.  Reduces the
        depreciable base and is not itself taxed.
    savings : array_like, shape (N,)
        Gross savings of years 1..N [yuan/year], positive = money saved.
    om_costs : array_like, shape (N,)
        O&M of years 1..N [yuan/year], positive = cost (a negative value is an
        O&M reduction).
    replacement_costs : array_like, shape (N,)
        Replacements of years 1..N [yuan/year], positive = cost.
    income_tax_rate : float, default 0
        Corporate income tax rate [fraction], in [0, 1] (China: 0.25).
    depreciation_years : int, default 10
        Straight-line depreciation period of the net investment [years].
    loan_share : float, default 0
        Share of the net investment borrowed at year 0 [fraction], in [0, 1].
    loan_interest_rate : float, default 0
        Loan interest rate [fraction per year], in (-1, 1].
    loan_term_years : int, default 1
        Number of yearly instalments [years], >= 1.
    """

    analysis_years: int
    discount_rate: float
    investment: float
    subsidy: float
    savings: np.ndarray
    om_costs: np.ndarray
    replacement_costs: np.ndarray
    income_tax_rate: float = 0.0
    depreciation_years: int = 10
    loan_share: float = 0.0
    loan_interest_rate: float = 0.0
    loan_term_years: int = 1

    def __post_init__(self) -> None:
        n = self.analysis_years
        if isinstance(n, bool) or int(n) != n or n < 1:
            raise ValueError(f"analysis_years: expected an integer >= 1, found {n!r}")
        n = int(n)
        object.__setattr__(self, "analysis_years", n)
        for name in ("savings", "om_costs", "replacement_costs"):
            object.__setattr__(self, name, _year_array(getattr(self, name), n, name))
        for name in ("investment", "subsidy"):
            value = float(getattr(self, name))
            if not np.isfinite(value) or value < 0.0:
                raise ValueError(f"{name}: expected a finite number >= 0 [yuan], found {value!r}")
            object.__setattr__(self, name, value)
        for name, low, high, low_open in (
            ("discount_rate", -1.0, 1.0, True),
            ("loan_interest_rate", -1.0, 1.0, True),
            ("income_tax_rate", 0.0, 1.0, False),
            ("loan_share", 0.0, 1.0, False),
        ):
            value = float(getattr(self, name))
            too_low = value <= low if low_open else value < low
            if not np.isfinite(value) or too_low or value > high:
                bracket = "(" if low_open else "["
                raise ValueError(
                    f"{name}: expected a fraction in {bracket}{low:g}, {high:g}], found {value!r}"
                    + (" (percent given where a fraction is expected?)" if value > high else "")
                )
            object.__setattr__(self, name, value)
        for name in ("depreciation_years", "loan_term_years"):
            value = getattr(self, name)
            if isinstance(value, bool) or int(value) != value or value < 1:
                raise ValueError(f"{name}: expected an integer >= 1, found {value!r}")
            object.__setattr__(self, name, int(value))

    @property
    def net_investment(self) -> float:
        """Capex less subsidy [yuan]."""
        return self.investment - self.subsidy


@dataclass(frozen=True, eq=False)
class CashFlowResult:
    """The yearly cash flow of a project and its metrics.

    Every array has length N+1 and index k is year k (0..N).  Signs follow
    the module convention: money out negative.  ``costs`` is everything that
    is not savings, so ``net = savings + costs`` (up to float rounding).

    Attributes
    ----------
    years : numpy.ndarray of int
        0..N.
    savings : numpy.ndarray
        Gross savings [yuan], >= 0 in normal use; year 0 = 0.
    om : numpy.ndarray
        O&M [yuan], negative = money out; year 0 = 0.
    replacements : numpy.ndarray
        Replacement costs [yuan], negative; year 0 = 0.
    loan_flows : numpy.ndarray
        Year 0 = +loan proceeds, later -instalments [yuan]; year N also
        carries the repayment of any balance still outstanding.
    tax : numpy.ndarray
        Income-tax effect [yuan]: negative = extra tax paid, positive = tax
        saved.  Year 0 = 0.
    investment : numpy.ndarray
        Year 0 = -(capex - subsidy) [yuan], later 0.
    costs : numpy.ndarray
        investment + om + replacements + loan_flows + tax [yuan].
    net : numpy.ndarray
        savings + costs [yuan].
    cumulative : numpy.ndarray
        Running sum of ``net`` [yuan].
    discounted_cumulative : numpy.ndarray
        Running sum of ``net[k] / (1 + r)**k`` [yuan].
    npv : float
        :func:`npv` of ``net`` [yuan].
    irr : float or None
        :func:`irr` of ``net`` [fraction per year].
    payback_years : float or None
        :func:`payback_period` of ``net`` [years].
    discounted_payback_years : float or None
        :func:`discounted_payback_period` of ``net`` [years].
    simple_payback_years : float or None
        (capex - subsidy) / (savings_1 - O&M_1) [years], see
        :func:`simple_payback`; pre-tax, unlevered.
    benefit_cost_ratio : float or None
        :func:`benefit_cost_ratio`, pre-tax and unlevered [-].
    lifetime_savings : float
        Sum of gross savings of years 1..N, undiscounted [yuan].
    discount_rate : float
        The rate used [fraction per year].
    """

    years: np.ndarray
    savings: np.ndarray
    om: np.ndarray
    replacements: np.ndarray
    loan_flows: np.ndarray
    tax: np.ndarray
    investment: np.ndarray
    costs: np.ndarray
    net: np.ndarray
    cumulative: np.ndarray
    discounted_cumulative: np.ndarray
    npv: float
    irr: float | None
    payback_years: float | None
    discounted_payback_years: float | None
    simple_payback_years: float | None
    benefit_cost_ratio: float | None
    lifetime_savings: float
    discount_rate: float = field(default=0.0)

    def to_frame(self) -> pandas.DataFrame:
        """The yearly table, one row per year 0..N.

        Columns: ``year``, ``savings_yuan``, ``costs_yuan``, ``net_yuan``,
        ``cumulative_yuan``, ``discounted_cumulative_yuan`` (the public
        ``cash_flow`` rows of DESIGN.md) and the detail lines ``om_yuan``,
        ``replacement_yuan``, ``loan_yuan``, ``tax_yuan``,
        ``investment_yuan``.  Signs as in the attributes (money out negative).
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "year": np.asarray(self.years, dtype=int),
                "savings_yuan": self.savings,
                "costs_yuan": self.costs,
                "net_yuan": self.net,
                "cumulative_yuan": self.cumulative,
                "discounted_cumulative_yuan": self.discounted_cumulative,
                "om_yuan": self.om,
                "replacement_yuan": self.replacements,
                "loan_yuan": self.loan_flows,
                "tax_yuan": self.tax,
                "investment_yuan": self.investment,
            }
        )


def cash_flow(inputs: CashFlowInputs) -> CashFlowResult:
    """Build the yearly cash flow of a project and compute its metrics.

    Parameters
    ----------
    inputs : CashFlowInputs
        Investment, subsidy, yearly savings/O&M/replacements, discount rate,
        tax and loan assumptions (units in :class:`CashFlowInputs`).

    Returns
    -------
    CashFlowResult

    Notes
    -----
    Year 0 (time 0), with :math:`I = capex - subsidy` and loan
    :math:`L = s \\cdot \\max(I, 0)`:

    .. math:: NET_0 = -I + L

    Years k = 1..N (end of year):

    .. math::
        T_k &= S_k - OM_k - R_k - D_k - INT_k \\\\
        TAX_k &= -t \\, T_k \\\\
        NET_k &= S_k - OM_k - R_k - PMT_k + TAX_k

    where :math:`S` savings, :math:`OM` O&M, :math:`R` replacements (all
    "positive = cost" inputs), :math:`D_k` straight-line depreciation of
    :math:`\\max(I, 0)` over ``depreciation_years`` (no salvage),
    :math:`INT_k` and :math:`PMT_k` the loan's interest and instalment
    (:func:`loan_schedule`), :math:`t` the income-tax rate.

    Assumptions:

    * **Tax is incremental.** A negative taxable income :math:`T_k` gives a
      positive :math:`TAX_k` (tax saved): the factory has other taxable
      profit that the project's loss offsets in the same year.  No loss
      carry-forward, no CIT holidays or equipment credits (apply those
      outside if wanted).
    * **Replacements are expensed**: deducted in full from taxable income in
      the year they occur, not capitalised.
    * **The subsidy** is received at year 0, reduces the depreciable base,
      and is not taxed as income.
    * **Loan**: ``loan_share`` of the net investment is borrowed at year 0 and
      repaid in equal instalments; interest is tax-deductible.  If the term
      runs past year N the outstanding balance is repaid at year N, so the
      analysis never leaves debt unpaid.
    * With ``income_tax_rate = 0`` and ``loan_share = 0`` the net flows are
      exactly :math:`-I` then :math:`S_k - OM_k - R_k`.

    The metrics: ``npv``, ``irr``, ``payback_years`` and
    ``discounted_payback_years`` are computed on the (after-tax, levered)
    ``net`` flows; ``simple_payback_years`` is :math:`I / (S_1 - OM_1)`;
    ``benefit_cost_ratio`` is pre-tax and unlevered, with yearly costs
    :math:`C_k = OM_k + R_k` and any year where :math:`C_k < 0` (an O&M
    reduction larger than the replacements) moved to the benefits.
    """
    n = inputs.analysis_years
    rate = inputs.discount_rate
    net_investment = inputs.net_investment
    base = max(net_investment, 0.0)

    years = np.arange(n + 1)

    def padded(values_1_to_n: np.ndarray) -> np.ndarray:
        out = np.zeros(n + 1)
        out[1:] = values_1_to_n
        return out + 0.0  # normalise -0.0 to 0.0

    savings = padded(inputs.savings)
    om = padded(-inputs.om_costs)
    replacements = padded(-inputs.replacement_costs)

    investment = np.zeros(n + 1)
    investment[0] = -net_investment

    principal = inputs.loan_share * base
    loan = loan_schedule(principal, inputs.loan_interest_rate, inputs.loan_term_years, n)
    loan_flows = np.zeros(n + 1)
    loan_flows[0] = principal
    loan_flows[1:] = -np.asarray(loan.payment)
    loan_flows[n] -= loan.balance[-1]  # balloon if the term runs past year N

    depreciation = straight_line_depreciation(base, inputs.depreciation_years, n)
    taxable = inputs.savings - inputs.om_costs - inputs.replacement_costs - depreciation - loan.interest
    tax = np.zeros(n + 1)
    tax[1:] = -inputs.income_tax_rate * taxable
    tax = tax + 0.0  # normalise -0.0 to 0.0

    costs = investment + om + replacements + loan_flows + tax
    # Summed in this order so that, without tax and loan, net is bit for bit
    # -I at year 0 and S_k - OM_k - R_k after it.
    net = savings + om + replacements + investment + loan_flows + tax
    cumulative = np.cumsum(net)
    discounted_cumulative = np.cumsum(net * _discount_factors(rate, n + 1))

    yearly_costs = inputs.om_costs + inputs.replacement_costs
    bcr = benefit_cost_ratio(
        rate,
        inputs.savings + np.maximum(-yearly_costs, 0.0),
        np.maximum(yearly_costs, 0.0),
        net_investment,
    )

    return CashFlowResult(
        years=years,
        savings=_readonly(savings),
        om=_readonly(om),
        replacements=_readonly(replacements),
        loan_flows=_readonly(loan_flows),
        tax=_readonly(tax),
        investment=_readonly(investment),
        costs=_readonly(costs),
        net=_readonly(net),
        cumulative=_readonly(cumulative),
        discounted_cumulative=_readonly(discounted_cumulative),
        npv=npv(rate, net),
        irr=irr(net),
        payback_years=payback_period(net),
        discounted_payback_years=discounted_payback_period(rate, net),
        simple_payback_years=simple_payback(net_investment, inputs.savings[0] - inputs.om_costs[0]),
        benefit_cost_ratio=bcr,
        lifetime_savings=float(np.sum(inputs.savings)),
        discount_rate=rate,
    )
