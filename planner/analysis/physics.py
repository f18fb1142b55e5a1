"""Exact, vectorised PV-yield physics for Monte Carlo (the non-linear part of the savings).

When the PV output is scaled by ``s = 1 + f_pv`` the year-k PV output is
``t G_h`` with ``t = s (1 - d)^(age_k - 1)`` and ``G`` the year-1 hourly
output.  :func:`planner.engine.chain.run_project` nets it against the
post-retrofit load ``L = max(A, 0)`` (``A`` the load after efficiency) and
bills the import at year-1 prices, so the year-k PV savings at year-1 prices
are (owned PV, export allowed; price factors ``P = 1 + f_energy_price``,
``X = 1 + f_export_price``)

    PV_k = P F_p(t) + [basic(A) - basic(A - self(t))] + X c_x (t sum G - F_1(t))

with ``F_w(t) = sum_h min(L_h, t G_h) w_h`` (``w = p`` the hourly price, or 1),
``c_x`` the export price, and, under a demand basic charge,
``basic(A - self(t)) = sum_months rate x max(0, max_h (A_h - t G_h))`` over
the hours with ``A_h >= 0`` (where ``A_h - min(A_h, t G_h) = max(A_h - t G_h, 0)``).
Both are exact piecewise-linear functions of ``t``, evaluated for every draw
and year at once:

* ``F_w``: hours sorted by ``r_h = L_h / G_h``; the hours with ``r_h < t``
  give ``L_h w_h`` (a prefix sum), the others ``t G_h w_h`` (a suffix sum);
  one ``searchsorted`` per value of ``t``;
* the monthly maximum: the upper envelope of the lines ``A_h - G_h t`` (and
  0), built once per month (convex-hull trick), then one ``searchsorted``.

EMC PV replaces the export term by the payment to the investor:
``- P (1 - discount) F_p(t)`` or ``- price_emc F_1(t)``.  The efficiency
savings are ``P E + D`` (energy-charge part ``E``, demand part ``D`` of the
base).  Year-k savings are these at year-1 prices; escalation is applied by
the caller.

Applies when: ``pv_yield`` is uncertain and ``efficiency_savings`` is not;
the PV measures share one degradation rate and life (so one ``t`` per year)
and, if there are several, are all owned; no battery; a basic charge that
is absent, by capacity or by demand.  Anything else (or a later engine
change) is caught by the full-recompute check in :mod:`planner.analysis.montecarlo`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.analysis import netting
from planner.model.project import Project


def upper_envelope(slopes: np.ndarray, intercepts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines of the upper envelope of ``y = a + m t`` and their breakpoints.

    Returns
    -------
    (m, a, breakpoints)
        The envelope's lines ordered by increasing slope, and the ``t`` at which
        line j+1 takes over from line j (increasing).
    """
    order = np.lexsort((intercepts, slopes))
    hm: list[float] = []
    ha: list[float] = []
    for i in order:
        mi, ai = float(slopes[i]), float(intercepts[i])
        if hm and hm[-1] == mi:  # same slope: the later has the larger intercept
            hm.pop()
            ha.pop()
        while len(hm) >= 2:
            m1, a1, m2, a2 = hm[-2], ha[-2], hm[-1], ha[-1]
            # line 2 never on top if line 3 overtakes line 1 no later than line 2 does
            if (a1 - ai) * (m2 - m1) <= (a1 - a2) * (mi - m1):
                hm.pop()
                ha.pop()
            else:
                break
        hm.append(mi)
        ha.append(ai)
    m = np.array(hm)
    a = np.array(ha)
    with np.errstate(over="ignore", divide="ignore"):  # nearly equal slopes: a far breakpoint
        bp = (a[:-1] - a[1:]) / (m[1:] - m[:-1]) if m.size > 1 else np.zeros(0)
    return m, a, bp


def envelope_max(env: tuple[np.ndarray, np.ndarray, np.ndarray], t: np.ndarray) -> np.ndarray:
    """max_j (a_j + m_j t) for every ``t``, through the envelope's breakpoints."""
    m, a, bp = env
    j = np.searchsorted(bp, t, side="left")
    return a[j] + m[j] * t


@dataclass
class _MinSum:
    """F_w(t) = sum_h min(L_h, t G_h) w_h by sorted ratios."""

    ratio: np.ndarray  # sorted r_h = L_h / G_h (G_h > 0)
    prefix_l: np.ndarray  # prefix sums of L_h w_h, length n+1
    suffix_g: np.ndarray  # suffix sums of G_h w_h, length n+1

    @classmethod
    def build(cls, load: np.ndarray, gen: np.ndarray, weight: np.ndarray) -> _MinSum:
        pos = gen > 0
        r = load[pos] / gen[pos]
        order = np.argsort(r, kind="stable")
        lw = (load[pos] * weight[pos])[order]
        gw = (gen[pos] * weight[pos])[order]
        prefix = np.concatenate([[0.0], np.cumsum(lw)])
        suffix = np.concatenate([np.cumsum(gw[::-1])[::-1], [0.0]])
        return cls(r[order], prefix, suffix)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        i = np.searchsorted(self.ratio, t, side="left")  # hours with r < t are capped by the load
        return self.prefix_l[i] + t * self.suffix_g[i]


@dataclass
class PvPhysics:
    """Year-k savings at year-1 prices as exact functions of the price factors and the PV scale."""

    eff_energy: float
    eff_demand: float
    f_price: _MinSum
    f_one: _MinSum
    gen_total: float
    degradation: np.ndarray  # (N,) (1 - d)^(age_k - 1)
    export_allowed: bool
    ownership: str  # "owned" or "emc"
    emc_discount: float | None
    emc_price: float | None
    export_price: float
    basic_after_a: float  # basic(A) [yuan/year]
    demand_rate: float | None
    envelopes: list

    @classmethod
    def applicable(cls, project: Project, drivers: list[str]) -> str:
        """ "" if the model applies, else why not."""
        if "pv_yield" not in drivers:
            return "no PV yield driver"
        if "efficiency_savings" in drivers:
            return "PV yield and efficiency savings together change the netting in two dimensions"
        return netting.applicable(project, model="the PV model", require_pv=True)

    @classmethod
    def build(cls, project: Project, result) -> PvPhysics:
        from planner.engine.tariff import hourly_tariff

        cal = result.calendar
        ht = hourly_tariff(project.tariff, cal)
        price = np.asarray(ht.price, dtype=float)
        a = np.asarray(result.after_kw, dtype=float)
        load = np.clip(a, 0.0, None)
        gen = np.asarray(result.pv.hourly_generation_kw, dtype=float)
        s = result.summary
        pvs = [m for m in project.measures if getattr(m, "enabled", True) and m.type == "pv"]
        m0 = pvs[0]
        n = project.finance.analysis_years
        k = np.arange(1, n + 1)
        age = (k - 1) % m0.life_years + 1
        deg = (1.0 - m0.annual_degradation_pct / 100.0) ** (age - 1)
        bc = project.tariff.basic_charge
        month = np.asarray(cal.month) - 1
        rate = None
        envelopes = []
        basic_a = 0.0
        if bc is not None and bc.basis == "demand":
            rate = bc.yuan_per_kw_month
            for mo in range(12):
                sel = (month == mo) & (a >= 0)
                slopes = np.concatenate([-gen[sel], [0.0]])
                inter = np.concatenate([a[sel], [0.0]])
                envelopes.append(upper_envelope(slopes, inter))
                basic_a += rate * max(0.0, float(np.max(a[month == mo])) if np.any(month == mo) else 0.0)
        return cls(
            eff_energy=s.first_year_efficiency_savings_yuan - s.demand_charge_savings_yuan,
            eff_demand=s.demand_charge_savings_yuan,
            f_price=_MinSum.build(load, gen, price),
            f_one=_MinSum.build(load, gen, np.ones_like(gen)),
            gen_total=float(gen.sum()),
            degradation=deg,
            export_allowed=all(m.export == "allowed" for m in pvs),
            ownership=m0.ownership if len(pvs) == 1 else "owned",
            emc_discount=(m0.emc_discount_pct or 0.0) / 100.0 if m0.emc_price_yuan_per_kwh is None else None,
            emc_price=m0.emc_price_yuan_per_kwh,
            export_price=float(ht.export_price),
            basic_after_a=basic_a,
            demand_rate=rate,
            envelopes=envelopes,
        )

    def savings(self, price_factor: np.ndarray, export_factor: np.ndarray, scale: np.ndarray) -> np.ndarray:
        """(draws, N) savings at year-1 prices for per-draw factors P, X and PV scale s [-]."""
        t = scale[:, None] * self.degradation[None, :]  # (D, N)
        flat = t.ravel()
        fp = self.f_price(flat).reshape(t.shape)
        f1 = self.f_one(flat).reshape(t.shape)
        p = price_factor[:, None]
        pv = p * fp
        if self.demand_rate is not None:
            after = np.zeros_like(flat)
            for env in self.envelopes:
                after += self.demand_rate * np.maximum(envelope_max(env, flat), 0.0)
            pv = pv + (self.basic_after_a - after.reshape(t.shape))
        pv = netting.ownership_terms(self, pv, p, fp, f1, t, export_factor[:, None])
        return p * self.eff_energy + self.eff_demand + pv
