"""Monte Carlo over the drivers: Latin hypercube draws, all evaluated as arrays.

Sampling
--------
``scipy.stats.qmc.LatinHypercube(d, seed=seed).random(N)`` (the ``seed``
keyword; scipy 1.17's ``rng`` keyword gives another stream) gives ``N`` points in
[0, 1)^d, one dimension per entry of the project's ``uncertainty`` list (in
file order); each column goes through its distribution's inverse CDF
(``scipy.stats``): ``triang(c=(mode-low)/(high-low), loc=low, scale=high-low)``,
``uniform(loc=low, scale=high-low)``, ``norm(mode, sd)`` (``truncnorm`` when
``low``/``high`` are given).  A degenerate distribution (``low == high``,
``sd == 0``) is the constant.  Values are in the drivers' units (% or
percentage points, :mod:`planner.analysis.drivers`); multiplicative driver
values are clipped at -100 %.  Same seed, same draws, same numbers.

The decomposition (no loop over ``run_project``)
------------------------------------------------
The cash flow of a draw is built from the vector
``Y = [S_1..S_N at year-1 prices, O&M_1..N, replacements_1..N, capex]``
(``S_k`` = year-k gross savings / (1+e)^(k-1), e the tariff escalation).
Without a battery's optimal dispatch, PV export or demand charges that move
with PV and efficiency, ``Y`` is multilinear in the driver fractions
``f_d = x_d/100``: savings are linear in the prices for fixed physics and in
the efficiency kWh / PV output while PV stays below the load, capex and
O&M are proportional.  So

    Y(f) = c_0 + sum_d c_d f_d + sum_(p,q) c_pq f_p f_q,

with pairs (energy_price | export_price) x (efficiency_savings | pv_yield)
and capex x battery_capex.  The coefficients are identified once from full
recomputes at one value per driver (the largest |draw|) and per pair; the
escalation and discount-rate drivers are applied exactly per draw
(``(1+e+x)^(k-1)``, ``(1+r+x)^-k``), and the finance structure (subsidy,
straight-line depreciation, income tax, the annuity loan) is that of
:func:`planner.engine.finance.cash_flow`, vectorised.  NPV, IRR and payback
(first crossing, linear within the year) are then computed for all draws at
once.  IRR: flows with one sign change have one root, bracketed and bisected
in ``ln(1+r)`` then Newton-polished; flows with several sign changes (a
replacement year that turns negative) follow ``numpy_financial.irr`` (the
real root closest to zero of the polynomial, companion matrices batched) and
finance's polish; anything left goes to :func:`planner.engine.finance.irr`.

With ``pv_yield`` uncertain the PV netting (export) and the demand charge
are not linear in the PV output; the savings then come from the exact
piecewise-linear PV model of :mod:`planner.analysis.physics` (sorted hourly
ratios and monthly upper envelopes), still evaluated for all draws at once
(``method = "decomposition_pv_physics"``).

The model is verified on ``VERIFY_DRAWS`` draws against full recomputes of
the changed project (every net flow within ``VERIFY_RTOL`` of the largest).
Where a driver changes the physics in a way neither model covers
(efficiency kWh moving the demand peak, PV yield and efficiency savings
together, a battery's dispatch, power-factor steps), the check fails and
the analysis falls back to **exact recomputes** on ``min(N, fallback_draws)``
Latin hypercube draws (same seed); ``method`` says which was used
(``"exact_recompute"``), ``draws`` how many were evaluated and ``reason`` why.

Statistics
----------
``p10``/``p50``/``p90`` are :func:`numpy.percentile` with its default linear
interpolation (``method="linear"``: position q/100 x (n-1) in the sorted
values).  IRR statistics are over the draws that have an IRR
(``defined_share`` says how many).  A payback that does not exist (never
paid back) counts as longer than any other: a percentile that falls on it
is ``None``, the mean is ``None`` if any draw never pays back, and it is
never "within" a target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats
from scipy.stats import qmc

from planner.analysis.drivers import applicable_drivers, evaluate
from planner.engine import finance
from planner.model.errors import InputError
from planner.model.project import POINT_DRIVERS, Project, UncertainDriver

MAX_DRAWS = 1_000_000
FALLBACK_DRAWS = 200
VERIFY_DRAWS = 3
VERIFY_RTOL = 1e-9
CHUNK = 50_000
PAYBACK_TARGETS = (3.0, 5.0, 8.0)
BISECTIONS = 24
PRICE_DRIVERS = ("energy_price", "export_price")
PHYSICS_DRIVERS = ("efficiency_savings", "pv_yield")
SAVINGS_ONLY_DRIVERS = ("energy_price", "export_price", "efficiency_savings", "pv_yield")


class Cancelled(Exception):
    """Raised when the progress callback asks to stop."""


def default_uncertainty(project: Project) -> list[UncertainDriver]:
    """Distributions used when the project has no ``uncertainty`` key (a choice, documented here):
    triangular -20/0/+20 % on energy price, export price and O&M, and -10/0/+20 % on capex
    (overruns likelier than savings), for the drivers that apply."""
    usable = applicable_drivers(project)
    out = []
    for d, lo, hi in (("energy_price", -20, 20), ("export_price", -20, 20), ("capex", -10, 20), ("om", -20, 20)):
        if d in usable:
            out.append(UncertainDriver(driver=d, distribution="triangular", low=lo, mode=0, high=hi))
    return out


def check_draws(draws: Any) -> int:
    """``draws`` as an int in 1..MAX_DRAWS, else InputError."""
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or not 1 <= int(draws) <= MAX_DRAWS:
        raise InputError("draws", f"a whole number of draws from 1 to {MAX_DRAWS:,}", repr(draws))
    return int(draws)


def ppf(spec: UncertainDriver, u: np.ndarray) -> np.ndarray:
    """Inverse CDF of a driver's distribution at ``u`` in [0, 1) [driver units]."""
    if spec.distribution == "triangular":
        lo, mode, hi = float(spec.low), float(spec.mode), float(spec.high)  # type: ignore[arg-type]
        if hi == lo:
            return np.full(u.shape, lo)
        return stats.triang.ppf(u, (mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    if spec.distribution == "uniform":
        lo, hi = float(spec.low), float(spec.high)  # type: ignore[arg-type]
        return np.full(u.shape, lo) if hi == lo else stats.uniform.ppf(u, loc=lo, scale=hi - lo)
    mean, sd = float(spec.mode or 0.0), float(spec.sd or 0.0)
    if sd == 0.0:
        return np.full(u.shape, mean)
    if spec.low is None and spec.high is None:
        return stats.norm.ppf(u, loc=mean, scale=sd)
    a = -np.inf if spec.low is None else (spec.low - mean) / sd
    b = np.inf if spec.high is None else (spec.high - mean) / sd
    return stats.truncnorm.ppf(u, a, b, loc=mean, scale=sd)


def sample(specs: list[UncertainDriver], draws: int, seed: int | None) -> np.ndarray:
    """(draws, len(specs)) driver values [driver units] from a Latin hypercube."""
    if not specs:
        return np.zeros((draws, 0))
    u = qmc.LatinHypercube(d=len(specs), seed=seed).random(draws)
    cols = []
    for j, s in enumerate(specs):
        x = ppf(s, u[:, j])
        if s.driver not in POINT_DRIVERS:
            x = np.maximum(x, -100.0)
        cols.append(x)
    return np.column_stack(cols)


# ---------------------------------------------------------------------------
# the decomposition
# ---------------------------------------------------------------------------


def _vector(result) -> np.ndarray:
    """Y of one full result: [S_k / (1+e)^(k-1), O&M_k, replacements_k, capex] (costs positive)."""
    cf = result.cash_flow_detail
    return np.concatenate([np.asarray(cf.savings[1:]), -np.asarray(cf.om[1:]), -np.asarray(cf.replacements[1:])])


@dataclass
class Decomposition:
    """What the drivers scale, identified once; :meth:`net_flows` builds every draw's cash flow.

    Attributes
    ----------
    drivers : driver names of the columns of a draw matrix
    monomials : tuples of linear-driver names, () the constant
    coef : (len(monomials), 3N + 1) coefficients of Y [yuan]
    n_years, escalation, discount_rate : N [years], e and r of the base [fraction]
    """

    drivers: list[str]
    monomials: list[tuple[str, ...]]
    coef: np.ndarray
    n_years: int
    escalation: float
    discount_rate: float
    subsidy: float
    tax_rate: float
    depreciation_years: int
    loan_share: float
    loan_rate: float
    loan_term: int
    physics: Any = None  # planner.analysis.physics.PvPhysics: exact non-linear PV savings

    def _col(self, x: np.ndarray, name: str) -> np.ndarray | None:
        return x[:, self.drivers.index(name)] if name in self.drivers else None

    def y(self, x: np.ndarray) -> np.ndarray:
        """(draws, 3N+1) Y for driver values ``x`` [driver units]."""
        f = {d: x[:, j] / 100.0 for j, d in enumerate(self.drivers) if d not in POINT_DRIVERS}
        v = np.ones((x.shape[0], len(self.monomials)))
        for i, m in enumerate(self.monomials):
            for d in m:
                v[:, i] *= f[d]
        return v @ self.coef

    def rates(self, x: np.ndarray) -> np.ndarray:
        """Discount rate of each draw [fraction]."""
        dr = self._col(x, "discount_rate")
        return np.full(x.shape[0], self.discount_rate) if dr is None else self.discount_rate + dr / 100.0

    def net_flows(self, x: np.ndarray) -> np.ndarray:
        """(draws, N+1) net cash flows, as :func:`planner.engine.finance.cash_flow` builds them."""
        n = self.n_years
        y = self.y(x)
        k = np.arange(1, n + 1)
        esc = self._col(x, "escalation")
        e = np.full(x.shape[0], self.escalation) if esc is None else self.escalation + esc / 100.0
        growth = (1.0 + e)[:, None] ** (k - 1)[None, :]
        if self.physics is not None:
            ones = np.ones(x.shape[0])
            f = {d: 1.0 + x[:, j] / 100.0 for j, d in enumerate(self.drivers) if d not in POINT_DRIVERS}
            args = [f.get("energy_price", ones), f.get("export_price", ones)]
            if getattr(self.physics, "kind", "pv") == "netting":
                args.append(f.get("efficiency_savings", ones))
            base_savings = self.physics.savings(*args, f.get("pv_yield", ones))
            savings = base_savings * growth
        else:
            base_growth = (1.0 + self.escalation) ** (k - 1)
            savings = y[:, :n] / base_growth[None, :] * growth
        om = y[:, n : 2 * n]
        repl = y[:, 2 * n : 3 * n]
        capex = y[:, 3 * n]
        invest = capex - self.subsidy
        base = np.maximum(invest, 0.0)
        principal = self.loan_share * base
        loan = finance.loan_schedule(1.0, self.loan_rate, self.loan_term, n)
        dep = finance.straight_line_depreciation(1.0, self.depreciation_years, n)
        interest = principal[:, None] * np.asarray(loan.interest)[None, :]
        payment = principal[:, None] * np.asarray(loan.payment)[None, :]
        taxable = savings - om - repl - base[:, None] * dep[None, :] - interest
        tax = -self.tax_rate * taxable
        net = np.zeros((x.shape[0], n + 1))
        net[:, 0] = -invest + principal
        net[:, 1:] = savings - om - repl - payment + tax
        net[:, n] -= principal * float(loan.balance[-1])
        return net


def _monomials(drivers: list[str]) -> list[tuple[str, ...]]:
    lin = [d for d in drivers if d not in POINT_DRIVERS]
    out: list[tuple[str, ...]] = [()] + [(d,) for d in lin]
    out += [(p, q) for p, q in product(PRICE_DRIVERS, PHYSICS_DRIVERS) if p in lin and q in lin]
    if "capex" in lin and "battery_capex" in lin:
        out.append(("capex", "battery_capex"))
    return out


def decompose(
    project: Project,
    drivers: list[str],
    steps: dict[str, float],
    base_dir=None,
    *,
    physics: str | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
) -> Decomposition:
    """Identify the decomposition from full recomputes.

    Parameters
    ----------
    steps : driver -> x [driver units] at which each linear driver is recomputed
        (non-zero; the largest |draw| keeps the identification inside the sampled range).
    physics : "pv", "netting" or None
        Savings from :class:`planner.analysis.physics.PvPhysics` (exact in the PV
        scale) or :class:`planner.analysis.netting.NettingModel` (exact in the
        efficiency and PV scales) instead of the multilinear identification;
        O&M, replacements and capex are still identified (the price, PV and
        efficiency drivers do not move them).
    ranges : driver -> (min, max) of the draws [driver units], for "netting"
    """
    model = None
    if physics:
        base = evaluate(project, {}, base_dir, context="monte carlo")
        if physics == "pv":
            from planner.analysis.physics import PvPhysics

            model = PvPhysics.build(project, base)
        else:
            from planner.analysis.netting import NettingModel

            rg = ranges or {}

            def factor_range(d: str) -> tuple[float, float]:
                lo, hi = rg.get(d, (0.0, 0.0))
                return 1.0 + lo / 100.0, 1.0 + hi / 100.0

            model = NettingModel.build(project, base, factor_range("efficiency_savings"), factor_range("pv_yield"))
            model.kind = "netting"
        monos = _monomials([d for d in drivers if d not in SAVINGS_ONLY_DRIVERS])
    else:
        monos = _monomials(drivers)

    def y_at(values: dict[str, float]) -> np.ndarray:
        r = evaluate(project, values, base_dir, context="monte carlo")
        return np.concatenate([_vector(r), [r.summary.capex_yuan]])

    ys: dict[tuple[str, ...], np.ndarray] = {}
    coef = []
    for m in monos:
        ys[m] = y_at({d: steps[d] for d in m})
        # inclusion-exclusion over the sub-monomials
        c = ys[m].copy()
        if len(m) == 1:
            c = (c - ys[()]) / (steps[m[0]] / 100.0)
        elif len(m) == 2:
            a, b = m
            c = (c - ys[(a,)] - ys[(b,)] + ys[()]) / (steps[a] / 100.0 * steps[b] / 100.0)
        coef.append(c)
    fin = project.finance
    loan = fin.loan
    return Decomposition(
        drivers=list(drivers),
        monomials=monos,
        coef=np.vstack(coef),
        n_years=fin.analysis_years,
        escalation=project.tariff.escalation_pct_per_year / 100.0,
        discount_rate=fin.discount_rate_pct / 100.0,
        subsidy=fin.subsidy_yuan,
        tax_rate=fin.income_tax_pct / 100.0,
        depreciation_years=fin.depreciation_years,
        loan_share=(loan.share_pct / 100.0) if loan else 0.0,
        loan_rate=(loan.interest_pct / 100.0) if loan else 0.0,
        loan_term=loan.term_years if loan else 1,
        physics=model,
    )


# ---------------------------------------------------------------------------
# vectorised metrics
# ---------------------------------------------------------------------------


def npv_many(rates: np.ndarray, net: np.ndarray) -> np.ndarray:
    """NPV of each row [yuan]: sum CF_k / (1+r)^k, k = 0..N (numpy-financial's convention)."""
    k = np.arange(net.shape[1])
    return np.sum(net / (1.0 + rates)[:, None] ** k[None, :], axis=1)


def _sign_changes(net: np.ndarray) -> np.ndarray:
    idx = np.where(net != 0.0, np.arange(net.shape[1])[None, :], 0)
    last = np.maximum.accumulate(idx, axis=1)
    sg = np.sign(np.take_along_axis(net, last, axis=1))
    return np.sum((sg[:, 1:] != sg[:, :-1]) & (sg[:, :-1] != 0) & (sg[:, 1:] != 0), axis=1)


def irr_many(net: np.ndarray) -> np.ndarray:
    """IRR of each row [fraction], nan where :func:`planner.engine.finance.irr` gives None.

    Rows with one sign change have one root; it is bracketed in
    ``t = ln(1+r)`` on r in [-0.99, 1000], bisected ``BISECTIONS`` times (to ~1e-6 in t)
    and polished by 4 Newton steps.  Other rows go to :func:`planner.engine.finance.irr`.
    """
    out = np.full(net.shape[0], np.nan)
    if net.size == 0:
        return out
    k = np.arange(net.shape[1], dtype=float)
    changes = _sign_changes(net)
    one = changes == 1
    lo = np.full(net.shape[0], np.log(0.01))
    hi = np.full(net.shape[0], np.log(1001.0))

    def f(t, rows):
        return np.sum(rows * np.exp(-np.outer(t, k)), axis=1)

    rows = net[one]
    a, b = lo[one], hi[one]
    fa, fb = f(a, rows), f(b, rows)
    bracketed = np.sign(fa) * np.sign(fb) < 0
    for _ in range(BISECTIONS):
        mid = 0.5 * (a + b)
        fm = f(mid, rows)
        left = np.sign(fm) == np.sign(fa)
        a = np.where(left, mid, a)
        fa = np.where(left, fm, fa)
        b = np.where(left, b, mid)
    r = np.expm1(0.5 * (a + b))
    for _ in range(4):  # Newton polish in r (quadratic from the bracket's 1e-7), as finance._polish_irr
        v = (1.0 + r)[:, None] ** -k[None, :]
        val = np.sum(rows * v, axis=1)
        der = np.sum(-k[None, :] * rows * v, axis=1) / (1.0 + r)
        with np.errstate(all="ignore"):
            step = np.where(der != 0.0, val / der, 0.0)
        cand = r - step
        r = np.where(np.isfinite(cand) & (cand > -1.0), cand, r)
    idx_one = np.flatnonzero(one)
    out[idx_one[bracketed]] = r[bracketed]
    multi = np.flatnonzero(changes > 1)
    if multi.size:
        out[multi] = _irr_numpy_financial(net[multi])
    rest = np.flatnonzero(one & ~np.isin(np.arange(net.shape[0]), idx_one[bracketed]))
    rest = np.concatenate([rest, multi[np.isnan(out[multi])]]) if multi.size else rest
    for i in rest:  # the scalar path: finance.irr, with its bracketing fallback
        v = finance.irr(net[i])
        out[i] = np.nan if v is None else v
    return out


def _irr_numpy_financial(rows: np.ndarray) -> np.ndarray:
    """:func:`planner.engine.finance.irr` for many rows at once (nan = its scalar path decides).

    As ``numpy_financial.irr``: the roots of the polynomial in ``1/(1+r)``
    (eigenvalues of the companion matrices, batched), the real positive ones,
    the rate closest to zero; then finance's Newton polish and its
    ``IRR_RTOL`` acceptance test.  Trailing flows below 1e-12 of the largest
    are left out of the root finding, as finance does.
    """
    out = np.full(rows.shape[0], np.nan)
    big = np.max(np.abs(rows), axis=1, keepdims=True)
    significant = np.abs(rows) > 1e-12 * big
    last = rows.shape[1] - 1 - np.argmax(significant[:, ::-1], axis=1)
    first_nz = np.argmax(rows != 0.0, axis=1)
    for lo, hi in {(int(a), int(b)) for a, b in zip(first_nz, last, strict=True)}:
        sel = np.flatnonzero((first_nz == lo) & (last == hi))
        poly = rows[sel, lo : hi + 1][:, ::-1]  # highest power first, as np.roots(values[::-1])
        m = poly.shape[1] - 1
        if m < 1:
            continue
        comp = np.zeros((sel.size, m, m))
        comp[:, 0, :] = -poly[:, 1:] / poly[:, :1]
        if m > 1:
            comp[:, np.arange(1, m), np.arange(m - 1)] = 1.0
        with np.errstate(all="ignore"):
            roots = np.linalg.eigvals(comp)
            ok = (roots.imag == 0) & (roots.real > 0)
            rates = np.where(ok, 1.0 / np.where(ok, roots.real, 1.0) - 1.0, np.inf)
        pick = np.argmin(np.abs(rates), axis=1)
        best = rates[np.arange(sel.size), pick]
        for j, i in enumerate(sel):
            if np.isfinite(best[j]):
                v = finance._polish_irr(float(best[j]), rows[i])
                out[i] = np.nan if v is None else v
    return out


def payback_many(net: np.ndarray) -> np.ndarray:
    """Payback of each row [years], nan where :func:`planner.engine.finance.payback_period` gives None."""
    cum = np.cumsum(net, axis=1)
    tol = finance.PAYBACK_RTOL * np.abs(net[:, 0])
    reached = cum >= -tol[:, None]
    has = reached.any(axis=1) & ~reached[:, 0]
    kk = np.argmax(reached, axis=1)
    rows = np.arange(net.shape[0])
    prev = cum[rows, np.maximum(kk - 1, 0)]
    cur = net[rows, kk]
    with np.errstate(all="ignore"):
        frac = np.clip(-prev / cur, 0.0, 1.0)
    return np.where(has, kk - 1 + frac, np.nan)


# ---------------------------------------------------------------------------
# statistics and the result
# ---------------------------------------------------------------------------


def _quantile(sorted_vals: np.ndarray, q: float) -> float | None:
    """numpy's linear percentile on sorted values that may end in +inf (then None where inf is used)."""
    n = sorted_vals.size
    if n == 0:
        return None
    pos = q / 100.0 * (n - 1)
    lo, hi = int(np.floor(pos)), int(np.ceil(pos))
    frac = pos - lo
    a, b = sorted_vals[lo], sorted_vals[hi]
    if not np.isfinite(a) or (frac > 0 and not np.isfinite(b)):
        return None
    return float(a + (b - a) * frac) if frac > 0 else float(a)


def summarise(values: np.ndarray, *, nan_is_longest: bool) -> dict[str, Any]:
    """mean, p10, p50, p90 (numpy linear interpolation) of one metric."""
    v = np.asarray(values, dtype=float)
    out: dict[str, Any] = {"defined_share": float(np.mean(np.isfinite(v))) if v.size else 0.0}
    if nan_is_longest:
        w = np.where(np.isnan(v), np.inf, v)
        if np.all(np.isfinite(w)):
            p = np.percentile(w, [10, 50, 90])
            out.update(mean=float(np.mean(w)), p10=float(p[0]), p50=float(p[1]), p90=float(p[2]))
        else:
            s = np.sort(w)
            out.update(mean=None, p10=_quantile(s, 10), p50=_quantile(s, 50), p90=_quantile(s, 90))
        return out
    w = v[np.isfinite(v)]
    if w.size == 0:
        out.update(mean=None, p10=None, p50=None, p90=None)
    else:
        p = np.percentile(w, [10, 50, 90])
        out.update(mean=float(np.mean(w)), p10=float(p[0]), p50=float(p[1]), p90=float(p[2]))
    return out


def _fmt_years(t: float) -> str:
    return f"{t:g}"


@dataclass
class MonteCarloResult:
    """All draws' metrics and the JSON of ``retrofit-planner montecarlo``.

    ``npv_yuan`` [yuan], ``irr_pct`` [%], ``payback_years`` [years] are arrays
    over the evaluated draws (nan = the metric does not exist); ``values`` the
    driver values [driver units], one column per ``specs`` entry.
    """

    specs: list[UncertainDriver]
    values: np.ndarray
    npv_yuan: np.ndarray
    irr_pct: np.ndarray
    payback_years: np.ndarray
    seed: int | None
    method: str
    draws_requested: int
    reason: str = ""
    payback_target_years: float | None = None
    analysis_years: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def draws(self) -> int:
        return int(self.npv_yuan.size)

    def probability_payback_within(self) -> dict[str, float]:
        targets = list(PAYBACK_TARGETS)
        if self.payback_target_years is not None and self.payback_target_years not in targets:
            targets.append(float(self.payback_target_years))
        pb = self.payback_years
        return {_fmt_years(t): float(np.mean(np.isfinite(pb) & (pb <= t))) if pb.size else 0.0 for t in targets}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "draws": self.draws,
            "draws_requested": self.draws_requested,
            "seed": self.seed,
            "method": self.method,
            "drivers": [s.model_dump(exclude_none=True) for s in self.specs],
            "npv_yuan": summarise(self.npv_yuan, nan_is_longest=False),
            "irr_pct": summarise(self.irr_pct, nan_is_longest=False),
            "payback_years": summarise(self.payback_years, nan_is_longest=True),
            "probability_npv_positive": float(np.mean(self.npv_yuan > 0)) if self.draws else 0.0,
            "probability_payback_within": self.probability_payback_within(),
        }
        out["npv_yuan"].pop("defined_share", None)
        if self.payback_target_years is not None:
            out["payback_target_years"] = self.payback_target_years
        if self.reason:
            out["reason"] = self.reason
        return out


def _specs(project: Project) -> list[UncertainDriver]:
    given = project.uncertainty if project.uncertainty is not None else default_uncertainty(project)
    usable = set(applicable_drivers(project))
    return [s for s in given if s.driver in usable]


def monte_carlo(
    project: Project,
    base_dir: str | Path | None = None,
    *,
    draws: int = 10_000,
    seed: int | None = 1,
    payback_target_years: float | None = None,
    fallback_draws: int = FALLBACK_DRAWS,
    progress: Callable[[float], bool | None] | None = None,
    force_exact: bool = False,
) -> MonteCarloResult:
    """Monte Carlo of NPV, IRR and payback over the project's ``uncertainty`` (see module doc).

    Parameters
    ----------
    draws : int
        Number of Latin hypercube draws, 1..10^6.
    seed : int or None
        Seed of the Latin hypercube (None = fresh entropy, not reproducible).
    payback_target_years : float, optional
        Extra key of ``probability_payback_within`` [years].
    fallback_draws : int
        Draws evaluated by full recomputes when the decomposition does not hold.
    progress : callable, optional
        Called with the share done (0..1); returning False cancels (:class:`Cancelled`).
    force_exact : bool
        Skip the decomposition: full recomputes of all ``draws`` (slow: one
        ``run_project`` per draw; for checks and the command's ``--exact``).
    """
    n = check_draws(draws)
    specs = _specs(project)
    names = [s.driver for s in specs]
    n_years = project.finance.analysis_years
    x = sample(specs, n, seed)
    _check_range(project, specs, x)

    def tick(share: float) -> None:
        if progress is not None and progress(share) is False:
            raise Cancelled()

    reason = ""
    if not force_exact:
        dec, reason = _array_model(project, names, x, base_dir)
        tick(0.05)
        if dec is not None:
            npv = np.empty(n)
            irr = np.empty(n)
            pb = np.empty(n)
            for start in range(0, n, CHUNK):
                sl = slice(start, min(start + CHUNK, n))
                net = dec.net_flows(x[sl])
                npv[sl] = npv_many(dec.rates(x[sl]), net)
                irr[sl] = irr_many(net) * 100.0
                pb[sl] = payback_many(net)
                tick(0.1 + 0.9 * sl.stop / n)
            method = "decomposition"
            if dec.physics is not None:
                method += "_netting" if getattr(dec.physics, "kind", "pv") == "netting" else "_pv_physics"
            return MonteCarloResult(specs, x, npv, irr, pb, seed, method, n, "", payback_target_years, n_years)
    m = n if force_exact else min(n, max(1, int(fallback_draws)))
    xs = x if m == n else sample(specs, m, seed)
    npv = np.empty(m)
    irr = np.empty(m)
    pb = np.empty(m)
    for i in range(m):
        s = evaluate(project, dict(zip(names, xs[i], strict=True)), base_dir, context="monte carlo").summary
        npv[i] = s.npv_yuan
        irr[i] = np.nan if s.irr_pct is None else s.irr_pct
        pb[i] = np.nan if s.payback_years is None else s.payback_years
        tick((i + 1) / m)
    reason = reason or "exact recomputes requested"
    return MonteCarloResult(specs, xs, npv, irr, pb, seed, "exact_recompute", n, reason, payback_target_years, n_years)


def _array_model(project: Project, names: list[str], x: np.ndarray, base_dir) -> tuple[Decomposition | None, str]:
    """The verified array model of the draws ``x``, or (None, why not).

    PV yield / efficiency savings: the exact array model when one applies, else (or when it
    does not match the engine, e.g. after an engine change) the multilinear model; each is
    checked against full recomputes.
    """
    from planner.analysis import netting
    from planner.analysis.physics import PvPhysics

    steps = {}
    for j, d in enumerate(names):
        col = x[:, j]
        big = float(col[np.argmax(np.abs(col))]) if col.size else 0.0
        steps[d] = big if big != 0.0 else 10.0
    why, kind = "", None
    if "efficiency_savings" in names:
        why, kind = netting.applicable(project), "netting"
    elif "pv_yield" in names:
        why, kind = PvPhysics.applicable(project, names), "pv"
    ranges = {d: (float(x[:, j].min()), float(x[:, j].max())) for j, d in enumerate(names)} if x.size else {}
    dec = decompose(project, names, steps, base_dir, physics=None if why else kind, ranges=ranges)
    ok, reason = _verify(project, dec, x, base_dir)
    if not ok and kind and not why:  # an engine feature the array model does not know: try the linear one
        dec = decompose(project, names, steps, base_dir)
        ok, reason2 = _verify(project, dec, x, base_dir)
        reason = "" if ok else f"{reason2} (the exact array model did not match either)"
    elif not ok and why:
        reason += f" (the exact array model does not apply: {why})"
    return (dec, "") if ok else (None, reason)


def _check_range(project: Project, specs: list[UncertainDriver], x: np.ndarray) -> None:
    """Every driver's smallest and largest draw must give a valid project (e.g. a discount rate >= 0).

    Raises
    ------
    InputError
        naming the uncertainty driver and the field its draws push out of range.
    """
    from planner.analysis.drivers import apply_drivers

    for j, spec in enumerate(specs):
        if x.shape[0] == 0:
            return
        for value in (float(x[:, j].min()), float(x[:, j].max())):
            try:
                apply_drivers(project, {spec.driver: value})
            except InputError as err:
                raise InputError(
                    f"uncertainty driver '{spec.driver}' ({spec.distribution})",
                    f"draws that keep the project valid ({err.expected})",
                    f"a draw of {value:+.4g}",
                ) from None


def _verify(project: Project, dec: Decomposition, x: np.ndarray, base_dir) -> tuple[bool, str]:
    """Compare the decomposition's net flows with full recomputes on a few draws."""
    if x.shape[0] == 0:
        return True, ""
    picks = sorted({0, x.shape[0] // 2, x.shape[0] - 1})[:VERIFY_DRAWS]
    net = dec.net_flows(x[picks])
    for row, i in enumerate(picks):
        values = dict(zip(dec.drivers, x[i], strict=True))
        exact = np.asarray(evaluate(project, values, base_dir, context="monte carlo").cash_flow_detail.net)
        scale = max(float(np.max(np.abs(exact))), 1.0)
        if not np.all(np.abs(net[row] - exact) <= VERIFY_RTOL * scale):
            desc = ", ".join(f"{k} {v:+.3g}" for k, v in values.items())
            return False, (
                "the drivers change the physics non-linearly at draw "
                f"{i} ({desc}): e.g. PV or efficiency moving the demand peak or the PV export, or a "
                "battery's dispatch; exact recomputes used"
            )
    return True, ""
