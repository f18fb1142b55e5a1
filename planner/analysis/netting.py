"""Exact vectorised savings when the efficiency kWh (and the PV output) move: hour classes.

With efficiency savings scaled by ``u = 1 + f_eff`` and PV by ``s = 1 + f_pv``
(year k: ``t = s (1 - d)^(age_k - 1)``), :func:`planner.engine.chain.run_project`
computes the load after efficiency ``A = B - u S`` (``B`` baseline, ``S`` the
efficiency measures' hourly kWh), nets PV ``self = min(max(A, 0), t G)`` and
bills the import ``I = A - self``.  The year-k savings at year-1 prices are
(``P``, ``X`` the price factors)

    S_k = P u (S . p) + P F_p + basic(B) - basic(I) + X c_x (t sum G - F_1) [owned, export allowed]
          - P (1 - discount) F_p  or  - price_emc F_1                       [EMC PV, instead]

with ``F_w = sum_h self_h w_h``.  Everything is linear except ``self`` in the
hours where PV and load cross, and the monthly maximum of ``I`` under a demand
charge.  Over the box of ``(u, t)`` the draws span, every hour is put in a
class once:

* PV-limited in every draw (``t_max G_h <= min max(A_h, 0)``): ``self = t G_h``;
* load-limited with ``A_h >= 0`` in every draw: ``self = B_h - u S_h``;
* no PV (``G_h = 0``): ``self = 0``;
* ambiguous: evaluated per draw and year (``min(max(A, 0), tG)``), exactly.

For the demand charge, ``I_h`` is monotone in ``u`` and in ``t``, so its
range over the box is given by the corners; only the hours whose largest
import can reach the month's largest smallest import are candidates for the
month's maximum, and those are evaluated per draw.  The result is exact; its
cost grows with the number of ambiguous and candidate hours (usually a few
hundred).  Conditions as :class:`planner.analysis.physics.PvPhysics`
(one PV scale per year, no battery, basic charge absent / capacity /
demand); the full-recompute check in :mod:`planner.analysis.montecarlo`
guards the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from planner.model.project import Project

CHUNK_ELEMENTS = 4_000_000
"""Draw-years x hours evaluated at once (memory bound)."""


def applicable(project: Project, *, model: str = "the model", require_pv: bool = False) -> str:
    """ "" if the model applies to the project, else why not.

    Also the project half of :meth:`planner.analysis.physics.PvPhysics.applicable`
    (``model="the PV model"``, ``require_pv=True``): the two models cover the
    same measure types, PV set-ups and basic-charge bases.
    """
    ms = [m for m in project.measures if getattr(m, "enabled", True)]
    known = {"motor", "vfd", "specific_energy", "annual_energy", "pv"}
    if any(m.type not in known for m in ms):
        return f"a measure type whose physics {model} does not cover (battery, PF correction)"
    pvs = [m for m in ms if m.type == "pv"]
    if require_pv and not pvs:
        return "no PV"
    if len({(m.annual_degradation_pct, m.life_years) for m in pvs}) > 1:
        return "PV measures with different degradation or life"
    if len(pvs) > 1 and any(m.ownership != "owned" for m in pvs):
        return "several PV measures with EMC ownership"
    bc = project.tariff.basic_charge
    if bc is not None and getattr(bc, "basis", None) not in ("capacity", "demand"):
        return f"a basic-charge basis {model} does not cover"
    return ""


class PvTerms(Protocol):
    """What :func:`ownership_terms` reads of a model: :class:`NettingModel`,
    :class:`planner.analysis.physics.PvPhysics`."""

    gen_total: float
    export_allowed: bool
    ownership: str
    emc_discount: float | None
    emc_price: float | None
    export_price: float


def ownership_terms(
    model: PvTerms,
    value: np.ndarray,
    price_factor: np.ndarray,
    f_price: np.ndarray,
    f_one: np.ndarray,
    pv_scale: np.ndarray,
    export_factor: np.ndarray,
) -> np.ndarray:
    """``value`` [yuan] with the PV terms that depend on ownership (one home for both models).

    EMC PV: less the payment to the investor, ``c F_1`` at a fixed price ``c``
    [yuan/kWh] or ``(1 - discount) P F_p``; owned PV with export allowed: plus
    the export credit ``X e (t G - F_1)`` of the surplus (``e`` the export
    price [yuan/kWh], ``t`` the PV scale x degradation, ``G`` the year-1
    generation [kWh]).  Arrays broadcast together.
    """
    if model.ownership == "emc":
        if model.emc_price is not None:
            return value - model.emc_price * f_one
        return value - (1.0 - float(model.emc_discount or 0.0)) * price_factor * f_price
    if model.export_allowed:
        return value + export_factor * model.export_price * (pv_scale * model.gen_total - f_one)
    return value


@dataclass
class NettingModel:
    """Year-k savings at year-1 prices as exact functions of P, X, u and s (see module doc)."""

    s_price: float  # S . p [yuan]
    degradation: np.ndarray  # (N,)
    price: np.ndarray  # (H,) hourly price [yuan/kWh]
    # hour classes for F_p, F_1
    pv_lim_g: tuple[float, float]  # sum G p, sum G over PV-limited hours
    load_lim: tuple[float, float, float, float]  # sum B p, sum S p, sum B, sum S over load-limited hours
    amb_b: np.ndarray
    amb_s: np.ndarray
    amb_g: np.ndarray
    amb_p: np.ndarray
    gen_total: float
    has_pv: bool
    export_allowed: bool
    ownership: str
    emc_discount: float | None
    emc_price: float | None
    export_price: float
    demand_rate: float | None
    basic_b: float
    cand: list  # per month (B, S, G) of the candidate hours
    kind: str = "netting"

    @classmethod
    def build(cls, project: Project, result, u_range: tuple[float, float], s_range: tuple[float, float]):
        from planner.engine.tariff import hourly_tariff

        cal = result.calendar
        ht = hourly_tariff(project.tariff, cal)
        p = np.asarray(ht.price, dtype=float)
        b = np.asarray(result.baseline_kw, dtype=float)
        ms = [m for m in project.measures if getattr(m, "enabled", True)]
        pvs = [m for m in ms if m.type == "pv"]
        eff = [r for r in result.measures if r.type not in ("pv", "battery")]
        s = np.zeros_like(b)
        for r in eff:
            s = s + np.asarray(r.hourly_saved_kw, dtype=float)
        g = np.asarray(result.pv.hourly_generation_kw, dtype=float) if pvs else np.zeros_like(b)
        n = project.finance.analysis_years
        k = np.arange(1, n + 1)
        if pvs:
            age = (k - 1) % pvs[0].life_years + 1
            deg = (1.0 - pvs[0].annual_degradation_pct / 100.0) ** (age - 1)
        else:
            deg = np.ones(n)
        u_lo, u_hi = u_range
        t_lo, t_hi = s_range[0] * float(deg.min()), s_range[1] * float(deg.max())
        a1, a2 = b - u_lo * s, b - u_hi * s
        a_min, a_max = np.minimum(a1, a2), np.maximum(a1, a2)
        l_min, l_max = np.maximum(a_min, 0.0), np.maximum(a_max, 0.0)
        has_g = g > 0
        pv_lim = has_g & (t_hi * g <= l_min)
        load_lim = has_g & ~pv_lim & (t_lo * g >= l_max) & (a_min >= 0)
        amb = has_g & ~pv_lim & ~load_lim
        m0 = pvs[0] if pvs else None
        bc = project.tariff.basic_charge
        rate = bc.yuan_per_kw_month if bc is not None and bc.basis == "demand" else None
        month = np.asarray(cal.month) - 1
        cand = []
        basic_b = 0.0
        if rate is not None:
            for mo in range(12):
                sel = month == mo
                bb, ss, gg = b[sel], s[sel], g[sel]
                basic_b += rate * max(0.0, float(bb.max()))
                corners = [
                    _import(bb, ss, gg, u, t) for u in (u_lo, u_hi) for t in (t_lo, t_hi)
                ]  # I is monotone in u and t: its range is spanned by the corners
                i_min = np.minimum.reduce(corners)
                i_max = np.maximum.reduce(corners)
                floor = max(0.0, float(i_min.max()))
                keep = i_max >= floor
                # hours with the same (B, S, G) give the same import: keep one of each
                uniq = np.unique(np.column_stack((bb[keep], ss[keep], gg[keep])), axis=0)
                cand.append((uniq[:, 0].copy(), uniq[:, 1].copy(), uniq[:, 2].copy()))
        return cls(
            s_price=float(s @ p),
            degradation=deg,
            price=p,
            pv_lim_g=(float(g[pv_lim] @ p[pv_lim]), float(g[pv_lim].sum())),
            load_lim=(
                float(b[load_lim] @ p[load_lim]),
                float(s[load_lim] @ p[load_lim]),
                float(b[load_lim].sum()),
                float(s[load_lim].sum()),
            ),
            amb_b=b[amb],
            amb_s=s[amb],
            amb_g=g[amb],
            amb_p=p[amb],
            gen_total=float(g.sum()),
            has_pv=bool(pvs),
            export_allowed=all(m.export == "allowed" for m in pvs),
            ownership=(m0.ownership if len(pvs) == 1 else "owned") if pvs else "owned",
            emc_discount=((m0.emc_discount_pct or 0.0) / 100.0) if m0 and m0.emc_price_yuan_per_kwh is None else None,
            emc_price=m0.emc_price_yuan_per_kwh if m0 else None,
            export_price=float(ht.export_price),
            demand_rate=rate,
            basic_b=basic_b,
            cand=cand,
        )

    @property
    def ambiguous_hours(self) -> int:
        return int(self.amb_b.size)

    def savings(self, price_factor, export_factor, eff_scale, pv_scale) -> np.ndarray:
        """(draws, N) savings at year-1 prices for per-draw P, X, u, s [-].

        The (draw, year) pairs are split into ``CELLS x CELLS`` cells by the
        ranks of ``u`` and ``t``; in each cell's narrower box the ambiguous
        hours and the demand candidates are classified again, so only the
        hours that really cross inside a cell are evaluated element by element.
        """
        d_n = eff_scale.size
        n = self.degradation.size
        u = np.repeat(np.asarray(eff_scale, dtype=float), n)  # (D*N,), draw-major
        t = (np.asarray(pv_scale, dtype=float)[:, None] * self.degradation[None, :]).ravel()
        fp = np.zeros(u.size)
        f1 = np.zeros(u.size)
        if self.has_pv:
            gp, g1 = self.pv_lim_g
            bp, sp, b1, s1 = self.load_lim
            fp = t * gp + (bp - u * sp)
            f1 = t * g1 + (b1 - u * s1)
        basic_after = np.zeros(u.size)
        for idx in _cells(u, t):
            box = (float(u[idx].min()), float(u[idx].max()), float(t[idx].min()), float(t[idx].max()))
            if self.has_pv and self.amb_b.size:
                self._self_in_cell(idx, box, u, t, fp, f1)
            if self.demand_rate is not None:
                self._demand_in_cell(idx, box, u, t, basic_after)
        pf = np.repeat(price_factor, n)
        out = pf * (u * self.s_price + fp)
        if self.demand_rate is not None:
            out = out + (self.basic_b - basic_after)
        if self.has_pv:
            out = ownership_terms(self, out, pf, fp, f1, t, np.repeat(export_factor, n))
        return out.reshape(d_n, n)

    def _self_in_cell(self, idx, box, u, t, fp, f1) -> None:
        """Add the ambiguous hours' self-consumption (price-weighted into ``fp``, kWh into ``f1``) of a cell."""
        u_lo, u_hi, t_lo, t_hi = box
        b, sv, g, pr = self.amb_b, self.amb_s, self.amb_g, self.amb_p
        a1, a2 = b - u_lo * sv, b - u_hi * sv
        a_min, a_max = np.minimum(a1, a2), np.maximum(a1, a2)
        pv_lim = t_hi * g <= np.maximum(a_min, 0.0)
        load_lim = ~pv_lim & (t_lo * g >= np.maximum(a_max, 0.0)) & (a_min >= 0)
        amb = ~pv_lim & ~load_lim
        uu, tt = u[idx], t[idx]
        fp[idx] += tt * float(g[pv_lim] @ pr[pv_lim]) + (
            float(b[load_lim] @ pr[load_lim]) - uu * float(sv[load_lim] @ pr[load_lim])
        )
        f1[idx] += tt * float(g[pv_lim].sum()) + (float(b[load_lim].sum()) - uu * float(sv[load_lim].sum()))
        if not amb.any():
            return
        ab, as_, ag, ap = b[amb], sv[amb], g[amb], pr[amb]
        step = max(1, CHUNK_ELEMENTS // ab.size)
        for i in range(0, idx.size, step):
            sl = idx[i : i + step]
            self_kw = np.minimum(np.maximum(ab - u[sl, None] * as_, 0.0), t[sl, None] * ag)
            fp[sl] += self_kw @ ap
            f1[sl] += self_kw.sum(axis=1)

    def _demand_in_cell(self, idx, box, u, t, basic_after) -> None:
        """Add the demand basic charge after PV of every month for the elements of a cell."""
        u_lo, u_hi, t_lo, t_hi = box
        for bb, ss, gg in self.cand:
            if bb.size == 0:
                continue
            corners = _import(bb, ss, gg, _CU * (u_hi - u_lo) + u_lo, _CT * (t_hi - t_lo) + t_lo)  # (4, H)
            i_min = corners.min(axis=0)
            i_max = corners.max(axis=0)
            keep = i_max >= max(0.0, float(i_min.max()))
            kb, ks, kg = bb[keep], ss[keep], gg[keep]
            step = max(1, CHUNK_ELEMENTS // max(kb.size, 1))
            for i in range(0, idx.size, step):
                sl = idx[i : i + step]
                imp = _import(kb, ks, kg, u[sl, None], t[sl, None])
                basic_after[sl] += self.demand_rate * np.maximum(imp.max(axis=1), 0.0)


_CU = np.array([[0.0], [0.0], [1.0], [1.0]])
_CT = np.array([[0.0], [1.0], [0.0], [1.0]])
"""The four corners of a cell's (u, t) box, as fractions of its sides."""

CELLS = 12
"""Cells per axis (u and t ranks) of the refinement in :meth:`NettingModel.savings`."""


def _cells(u: np.ndarray, t: np.ndarray) -> list[np.ndarray]:
    """Index arrays of the (u-rank, t-rank) cells of the elements."""
    e = u.size
    if e == 0:
        return []
    nb = min(CELLS, e)
    iu = np.empty(e, dtype=np.int64)
    it = np.empty(e, dtype=np.int64)
    iu[np.argsort(u, kind="stable")] = np.arange(e) * nb // e
    it[np.argsort(t, kind="stable")] = np.arange(e) * nb // e
    cell = iu * nb + it
    order = np.argsort(cell, kind="stable")
    cuts = np.flatnonzero(np.diff(cell[order])) + 1
    return np.split(order, cuts)


def _import(b, s, g, u, t):
    """Grid import after efficiency and PV netting [kW]: A - min(max(A, 0), t G), A = B - u S."""
    a = b - u * s
    return a - np.minimum(np.maximum(a, 0.0), t * g)
