"""Behind-the-meter battery storage: dispatch and lifetime (DESIGN.md "Storage").

Pure functions on hourly arrays (hourly mean kW, so one hour's kW = its kWh):

* :func:`dispatch_tou_rule` - the standard Chinese C&I EMS rule, hour by hour;
* :func:`dispatch_optimal` - one linear program per calendar month with
  perfect foresight (HiGHS through :func:`scipy.optimize.milp`);
* :func:`battery_lifetime` - usable capacity by year and replacement years.

Model (DESIGN.md, followed to the letter)
-----------------------------------------
* Usable window ``E_min = energy_kwh x min_soc``, ``E_max = energy_kwh x
  max_soc``; ``eta_c = eta_d = sqrt(RTE)``; stored energy starts at
  ``E_min``; ``S[h+1] = S[h] + eta_c c[h] - d[h] / eta_d``;
  ``0 <= c[h], d[h] <= power_kw`` (AC kWh per hour).
* The battery never exports: ``d[h] <= max(load[h] - pv[h], 0)``.  PV
  surplus may charge it (that energy is then not exported).
* Hourly meter balance: ``net = load - pv + c - d``; grid import
  ``max(net, 0)``, surplus ``max(-net, 0)`` (exported, or curtailed under
  anti-backflow: which one is the caller's business).

Choices made where DESIGN.md is silent
--------------------------------------
* ``soc_kwh`` has ``n + 1`` values: ``S[0] = E_min`` and ``S[h+1]`` the
  stored energy at the end of hour ``h``.
* tou_rule: a charge below ``1e-9`` kWh (float round-off of a full battery)
  counts as ``c == 0``, so a full battery in an hour that is both a charge
  and a discharge period discharges.
* Both modes are bounded by the same physics; the rule's state carries over
  from month to month (only year 1 starts at ``E_min``), the LP's starts and
  ends every month at ``E_min`` (DESIGN.md).  Within a month that starts at
  ``E_min`` the LP's bill is never above the rule's (the rule's schedule,
  with its last charges cut so it ends at ``E_min``, is feasible for it);
  over a year the rule may carry a charge bought at a month's end into the
  next month, which the LP may not, so ``optimal >= tou_rule`` is a property
  of every month that starts empty (tested), and of the year in practice.
* Simultaneous charge and discharge: the rule never does both in an hour
  (it discharges only when ``c == 0``); the LP is kept from it by a tie-break
  cost of 1e-6 yuan per kWh through the battery (with losses, doing both
  only dumps energy, which never lowers a bill whose prices are >= 0), see
  :data:`THROUGHPUT_TIE_BREAK_YUAN_PER_KWH`.
* The charge/discharge efficiencies apply to the AC energy: ``c`` and ``d``
  are what the meter sees; the losses ``sum(c) - sum(d)`` are grid kWh.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from planner.model.project import PERIODS, BatteryMeasure

ZERO_CHARGE_KWH = 1e-9
"""A tou_rule charge below this [kWh] counts as no charge (see module notes)."""

THROUGHPUT_TIE_BREAK_YUAN_PER_KWH = 1e-6
"""LP cost per kWh charged and per kWh discharged that only breaks ties.

With losses, charging and discharging in the same hour (or cycling with no
spread) changes nothing but wastes energy; with prices >= 0 it never lowers
the bill, but a solver may return it as an equally good vertex.  This cost
(far below any tariff's price step) makes such solutions strictly worse, so
the LP returns the cleanest of the equally good dispatches.  The bill is then
evaluated exactly from the flows, without this cost."""


@dataclass(frozen=True)
class BatteryParams:
    """What the dispatch needs of a battery.

    Attributes
    ----------
    energy_kwh : nameplate energy [kWh]
    power_kw : charge and discharge power limit [kW] (AC)
    round_trip_efficiency : RTE as a fraction (0, 1] [-]
    min_soc, max_soc : usable window as fractions of ``energy_kwh`` [-]
    charge_periods, discharge_periods : TOU period names (tou_rule only)
    charge_from_grid : whether grid energy may charge the battery
    """

    energy_kwh: float
    power_kw: float
    round_trip_efficiency: float = 0.88
    min_soc: float = 0.05
    max_soc: float = 0.95
    charge_periods: tuple[str, ...] = ("deep_valley", "valley")
    discharge_periods: tuple[str, ...] = ("critical_peak", "peak")
    charge_from_grid: bool = True

    @property
    def e_min(self) -> float:
        """E_min = energy_kwh x min_soc [kWh]."""
        return self.energy_kwh * self.min_soc

    @property
    def e_max(self) -> float:
        """E_max = energy_kwh x max_soc [kWh]."""
        return self.energy_kwh * self.max_soc

    @property
    def eta(self) -> float:
        """eta_c = eta_d = sqrt(RTE) [-]."""
        return math.sqrt(self.round_trip_efficiency)

    @classmethod
    def from_measure(
        cls, m: BatteryMeasure, energy_kwh: float | None = None, power_kw: float | None = None
    ) -> BatteryParams:
        """From a :class:`planner.model.project.BatteryMeasure` (percent -> fractions),
        optionally with another size (sizing)."""
        return cls(
            energy_kwh=float(m.energy_kwh if energy_kwh is None else energy_kwh),
            power_kw=float(m.power_kw if power_kw is None else power_kw),
            round_trip_efficiency=m.round_trip_efficiency_pct / 100.0,
            min_soc=m.min_soc_pct / 100.0,
            max_soc=m.max_soc_pct / 100.0,
            charge_periods=tuple(m.charge_periods),
            discharge_periods=tuple(m.discharge_periods),
            charge_from_grid=bool(m.charge_from_grid),
        )


@dataclass(frozen=True)
class Dispatch:
    """A year's battery operation, hour by hour.

    Attributes
    ----------
    charge_kw : c [kW = kWh/h], AC energy into the battery
    discharge_kw : d [kW], AC energy out of the battery
    soc_kwh : S, ``n + 1`` values, S[0] at the start [kWh]
    grid_import_kw : max(load - pv + c - d, 0) [kW]
    surplus_kw : max(pv - load - c + d, 0), exported or curtailed [kW]
    """

    charge_kw: np.ndarray
    discharge_kw: np.ndarray
    soc_kwh: np.ndarray
    grid_import_kw: np.ndarray
    surplus_kw: np.ndarray

    @property
    def charged_kwh(self) -> float:
        return float(self.charge_kw.sum())

    @property
    def discharged_kwh(self) -> float:
        return float(self.discharge_kw.sum())

    @property
    def losses_kwh(self) -> float:
        """sum(c) - sum(d): the extra AC kWh the battery takes [kWh] (round-trip
        losses plus the change in stored energy over the period, which is at
        most one usable window and is 0 for the optimal dispatch)."""
        return self.charged_kwh - self.discharged_kwh


def _period_indices(period_of_hour: ArrayLike) -> np.ndarray:
    arr = np.asarray(period_of_hour)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    index = {p: i for i, p in enumerate(PERIODS)}
    return np.array([index[str(p)] for p in arr], dtype=np.int64)


def _mask(periods: Iterable[str], idx: np.ndarray) -> np.ndarray:
    wanted = [PERIODS.index(p) for p in periods]
    return np.isin(idx, wanted)


def flows(
    load_kw: ArrayLike, pv_kw: ArrayLike, charge_kw: ArrayLike, discharge_kw: ArrayLike, e_min: float, eta: float
) -> Dispatch:
    """Meter flows and stored energy of a given charge/discharge schedule.

    Notes
    -----
    net = load - pv + c - d; import = max(net, 0); surplus = max(-net, 0);
    S[0] = E_min, S[h+1] = S[h] + eta c[h] - d[h] / eta.
    """
    load = np.asarray(load_kw, dtype=float)
    pv = np.asarray(pv_kw, dtype=float)
    c = np.asarray(charge_kw, dtype=float)
    d = np.asarray(discharge_kw, dtype=float)
    net = load - pv + c - d
    soc = e_min + np.concatenate([[0.0], np.cumsum(eta * c - d / eta)])
    return Dispatch(c, d, soc, np.maximum(net, 0.0), np.maximum(-net, 0.0))


def dispatch_tou_rule(
    load_kw: ArrayLike, pv_kw: ArrayLike, period_of_hour: ArrayLike, params: BatteryParams
) -> Dispatch:
    """The standard C&I EMS rule (DESIGN.md ``tou_rule``), hour by hour in order.

    Parameters
    ----------
    load_kw : array_like
        Hourly load after efficiency measures [kW], >= 0.
    pv_kw : array_like
        Hourly PV AC output [kW], >= 0 (zeros without PV).
    period_of_hour : array_like
        TOU period of each hour: names (``"valley"``) or indices into
        :data:`planner.model.project.PERIODS`.
    params : BatteryParams

    Returns
    -------
    Dispatch

    Notes
    -----
    For each hour, with S starting at E_min::

        room    = (E_max - S) / eta_c
        surplus = max(pv - load, 0)
        c = min(power, room)                if period in charge_periods and charge_from_grid
        c = min(surplus, power, room)       otherwise
        d = min(power, max(load - pv, 0), (S - E_min) eta_d)
                                            if c == 0 and period in discharge_periods, else 0
        S = S + eta_c c - d / eta_d

    In a charge period the charge comes from PV surplus first and from the
    grid for the rest (that is only accounting: the meter nets the hour).  A
    simple loop (about 10 ms for 8760 hours): the state makes it sequential.
    """
    load = np.asarray(load_kw, dtype=float)
    pv = np.asarray(pv_kw, dtype=float)
    idx = _period_indices(period_of_hour)
    n = load.shape[0]
    if pv.shape != (n,) or idx.shape != (n,):
        raise ValueError(f"expected load, pv and periods of the same length {n}, found {pv.shape}, {idx.shape}")
    p = params
    eta = p.eta
    e_min, e_max, power = p.e_min, p.e_max, max(p.power_kw, 0.0)
    grid_ok = (_mask(p.charge_periods, idx) & bool(p.charge_from_grid)).tolist()
    dis_ok = _mask(p.discharge_periods, idx).tolist()
    deficit = np.maximum(load - pv, 0.0).tolist()
    surplus = np.maximum(pv - load, 0.0).tolist()
    c_out = [0.0] * n
    d_out = [0.0] * n
    s = e_min
    for h in range(n):
        room = (e_max - s) / eta
        if room < 0.0:
            room = 0.0
        if grid_ok[h]:
            c = power if power < room else room
        else:
            c = min(surplus[h], power, room)
        if c <= ZERO_CHARGE_KWH:
            c = 0.0
            if dis_ok[h]:
                avail = (s - e_min) * eta
                d = min(power, deficit[h], avail if avail > 0.0 else 0.0)
                if d > 0.0:
                    d_out[h] = d
                    s -= d / eta
        else:
            c_out[h] = c
            s += eta * c
    return flows(load, pv, np.array(c_out), np.array(d_out), e_min, eta)


def dispatch_optimal(
    load_kw: ArrayLike,
    pv_kw: ArrayLike,
    price_yuan_per_kwh: ArrayLike,
    month_of_hour: ArrayLike,
    params: BatteryParams,
    export_price_yuan_per_kwh: ArrayLike = 0.0,
    demand_rate_yuan_per_kw_month: float = 0.0,
) -> Dispatch:
    """Bill-minimising dispatch with perfect foresight, one program per month.

    Parameters
    ----------
    load_kw, pv_kw : array_like
        Hourly load after efficiency measures and PV output [kW], >= 0.
    price_yuan_per_kwh : array_like
        Energy price of each hour [yuan/kWh], >= 0.
    month_of_hour : array_like of int
        Calendar month (1..12) of each hour; hours of a month are contiguous.
    params : BatteryParams
        ``charge_periods`` / ``discharge_periods`` are ignored (DESIGN.md);
        ``charge_from_grid = False`` limits charging to PV surplus.
    export_price_yuan_per_kwh : float or array_like
        What an exported kWh earns [yuan/kWh]; 0 under anti-backflow (the
        surplus is then curtailed, which the program allows).
    demand_rate_yuan_per_kw_month : float
        Demand basic charge on the month's peak hourly import [yuan/kW-month]
        (0 when the basic charge is not on demand).

    Returns
    -------
    Dispatch

    Notes
    -----
    Variables per hour: c, d, S (end of hour), import g >= 0, surplus x >= 0
    (export or curtailment), and one peak import ``pk`` per month::

        min  sum_h (price_h g_h - e_h x_h) + rate pk + eps sum_h (c_h + d_h)
        s.t. S_h - S_{h-1} - eta c_h + d_h / eta = 0,   S_{-1} = E_min
             g_h - x_h - c_h + d_h = load_h - pv_h
             g_h <= pk
             0 <= c_h <= power (<= surplus_h if not charge_from_grid)
             0 <= d_h <= min(power, max(load_h - pv_h, 0))      (no export)
             0 <= x_h <= max(pv_h - load_h, 0)                  (only PV is exported)
             E_min <= S_h <= E_max,  S_last = E_min

    ``eps`` is :data:`THROUGHPUT_TIE_BREAK_YUAN_PER_KWH`.  In deficit hours
    (load >= pv) ``x = 0`` and ``g = load - pv + c - d`` are substituted out
    (:func:`_solve_program`), which halves the program.  Import and export
    in the same hour would be unphysical (the meter nets the hour); when
    ``e_h <= price_h`` the program never does it (it would pay ``price - e``
    per kWh for nothing), but in a surplus hour where export pays more than
    import costs it would import to charge while exporting all the PV.  In
    exactly those hours a binary ``z_h`` forbids it (``g_h <= power z_h``,
    ``x_h <= surplus_h (1 - z_h)``), so the program is a small MILP; else it
    is an LP.  Solved by HiGHS (``scipy.optimize.milp``, relative MIP gap
    1e-9).  The returned flows are recomputed from the solver's ``c`` and
    ``d`` (clipped to their bounds) by :func:`flows`, so the hourly balance
    holds exactly and S stays within solver tolerance of its limits.
    """
    load = np.asarray(load_kw, dtype=float)
    pv = np.asarray(pv_kw, dtype=float)
    price = np.asarray(price_yuan_per_kwh, dtype=float)
    months = np.asarray(month_of_hour)
    n = load.shape[0]
    export = np.broadcast_to(np.asarray(export_price_yuan_per_kwh, dtype=float), (n,))
    c = np.zeros(n)
    d = np.zeros(n)
    if params.power_kw > 0 and params.e_max > params.e_min:
        starts = np.flatnonzero(np.r_[True, np.diff(months) != 0])
        ends = np.r_[starts[1:], n]
        for a, b in zip(starts, ends, strict=True):
            c[a:b], d[a:b] = _solve_month(
                load[a:b], pv[a:b], price[a:b], export[a:b], params, demand_rate_yuan_per_kw_month
            )
    return flows(load, pv, c, d, params.e_min, params.eta)


def _solve_month(
    load: np.ndarray, pv: np.ndarray, price: np.ndarray, export: np.ndarray, p: BatteryParams, rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """One month's program (an LP, or a MILP when some surplus hour exports dearer than it imports)."""
    surplus = np.maximum(pv - load, 0.0)
    # without grid charging c <= surplus, so a surplus hour imports nothing (g = 0): no binary needed
    binary = np.flatnonzero((export > price) & (surplus > 0) & bool(p.charge_from_grid))
    c, d, _, _ = _solve_program(load, pv, price, export, p, rate, binary)
    return c, d


def _solve_program(
    load: np.ndarray,
    pv: np.ndarray,
    price: np.ndarray,
    export: np.ndarray,
    p: BatteryParams,
    rate: float,
    binary_hours: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Build and solve one month's program (see :func:`dispatch_optimal`).

    In a deficit hour (load >= pv) nothing can be exported (``x = 0``), so
    the import ``g = deficit + c - d`` is substituted out (its cost is
    ``price (c - d)`` plus a constant); ``g`` and ``x`` are variables only
    in surplus hours.  This halves the program and the solve time.
    """
    T = load.shape[0]
    eta = p.eta
    power = p.power_kw
    deficit = np.maximum(load - pv, 0.0)
    surplus = np.maximum(pv - load, 0.0)
    sh = np.flatnonzero(surplus > 0)  # surplus hours
    dh = np.flatnonzero(surplus <= 0)  # deficit hours
    ns = sh.size
    nz = binary_hours.size
    # variable layout: c (T) | d (T) | S (T) | g (ns) | x (ns) | pk | z (nz)
    ic, id_, is_ = 0, T, 2 * T
    ig, ix = 3 * T, 3 * T + ns
    ipk = 3 * T + 2 * ns
    iz = ipk + 1
    nvar = iz + nz
    eps = THROUGHPUT_TIE_BREAK_YUAN_PER_KWH
    cost = np.zeros(nvar)
    cost[ic : ic + T] = eps
    cost[id_ : id_ + T] = eps
    cost[ic + dh] += price[dh]
    cost[id_ + dh] -= price[dh]
    cost[ig : ig + ns] = price[sh]
    cost[ix : ix + ns] = -export[sh]
    cost[ipk] = rate if rate > 0 else 0.0
    lb = np.zeros(nvar)
    ub = np.full(nvar, np.inf)
    ub[ic : ic + T] = power if p.charge_from_grid else np.minimum(power, surplus)
    ub[id_ : id_ + T] = np.minimum(power, deficit)
    lb[is_ : is_ + T] = p.e_min
    ub[is_ : is_ + T] = p.e_max
    lb[is_ + T - 1] = ub[is_ + T - 1] = p.e_min
    ub[ix : ix + ns] = surplus[sh]
    if not p.charge_from_grid:
        ub[ig : ig + ns] = 0.0  # c <= surplus: the hour stays a surplus hour
    ub[iz:] = 1.0
    if rate <= 0:
        ub[ipk] = 0.0  # no demand charge: pk is unused
    r = np.arange(T)
    # SOC dynamics: S_h - S_{h-1} - eta c_h + d_h/eta = (E_min if h == 0 else 0)
    rows = [r, r, r, r[1:]]
    cols = [is_ + r, ic + r, id_ + r, is_ + r[1:] - 1]
    vals = [np.ones(T), np.full(T, -eta), np.full(T, 1.0 / eta), -np.ones(T - 1)]
    A_soc = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(T, nvar))
    b_soc = np.zeros(T)
    b_soc[0] = p.e_min
    constraints = [LinearConstraint(A_soc, b_soc, b_soc)]
    k = np.arange(ns)
    if ns:
        # surplus hours: g - x - c + d = -surplus
        A_bal = sparse.csr_matrix(
            (
                np.concatenate([np.ones(ns), -np.ones(ns), -np.ones(ns), np.ones(ns)]),
                (np.tile(k, 4), np.concatenate([ig + k, ix + k, ic + sh, id_ + sh])),
            ),
            shape=(ns, nvar),
        )
        constraints.append(LinearConstraint(A_bal, -surplus[sh], -surplus[sh]))
    if rate > 0:
        nd = dh.size
        j = np.arange(nd)
        # deficit hours: deficit + c - d <= pk;  surplus hours: g <= pk
        A_pk = sparse.csr_matrix(
            (
                np.concatenate([np.ones(nd), -np.ones(nd), -np.ones(nd), np.ones(ns), -np.ones(ns)]),
                (
                    np.concatenate([j, j, j, nd + k, nd + k]),
                    np.concatenate([ic + dh, id_ + dh, np.full(nd, ipk), ig + k, np.full(ns, ipk)]),
                ),
            ),
            shape=(nd + ns, nvar),
        )
        constraints.append(LinearConstraint(A_pk, -np.inf, np.concatenate([-deficit[dh], np.zeros(ns)])))
    integrality = np.zeros(nvar)
    if nz:
        q = np.arange(nz)
        pos = np.searchsorted(sh, binary_hours)  # binary hours are surplus hours
        h = binary_hours
        # g_h - power z_h <= 0 ;  x_h + surplus_h z_h <= surplus_h
        A_z = sparse.csr_matrix(
            (
                np.concatenate([np.ones(nz), np.full(nz, -power), np.ones(nz), surplus[h]]),
                (np.concatenate([q, q, nz + q, nz + q]), np.concatenate([ig + pos, iz + q, ix + pos, iz + q])),
            ),
            shape=(2 * nz, nvar),
        )
        constraints.append(LinearConstraint(A_z, -np.inf, np.concatenate([np.zeros(nz), surplus[h]])))
        integrality[iz:] = 1
    res = milp(
        cost,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"mip_rel_gap": 1e-9, "presolve": True},
    )
    if res.x is None:  # pragma: no cover - the zero dispatch is always feasible
        raise RuntimeError(f"battery dispatch LP failed: {res.message}")
    sol = res.x
    c = np.clip(sol[ic : ic + T], 0.0, ub[ic : ic + T])
    d = np.clip(sol[id_ : id_ + T], 0.0, ub[id_ : id_ + T])
    c[c < ZERO_CHARGE_KWH] = 0.0
    d[d < ZERO_CHARGE_KWH] = 0.0
    g = deficit + c - d
    x = np.zeros(T)
    g[sh] = sol[ig : ig + ns]
    x[sh] = sol[ix : ix + ns]
    return c, d, g, x


@dataclass(frozen=True)
class Lifetime:
    """Usable capacity and replacements over the analysis period.

    Attributes
    ----------
    capacity_factor : cap_k of years 1..N [-] (1 in year 1 and after a replacement)
    replacement_years : years k at whose end the battery is replaced
    equivalent_full_cycles_per_year : EFC [cycles/year]
    """

    capacity_factor: np.ndarray
    replacement_years: list[int]
    equivalent_full_cycles_per_year: float


def equivalent_full_cycles(discharged_kwh: float, e_min: float, e_max: float) -> float:
    """EFC = sum(d) / (E_max - E_min) [cycles/year] (0 for an empty window)."""
    window = e_max - e_min
    return discharged_kwh / window if window > 0 else 0.0


def capacity_at_age(
    age_years: ArrayLike, efc: float, calendar_fade: float, end_of_life: float, cycle_life: float
) -> np.ndarray:
    """Usable capacity after ``age_years`` of use, as a fraction of new [-].

    Notes
    -----
    cap(a) = 1 - fade_cal a - (1 - eol) EFC a / cycle_life  (DESIGN.md: year k
    of a battery is age a = k - 1 since the last replacement); clipped at 0.
    """
    a = np.asarray(age_years, dtype=float)
    return np.maximum(1.0 - calendar_fade * a - (1.0 - end_of_life) * efc * a / cycle_life, 0.0)


def battery_lifetime(
    efc: float,
    calendar_fade: float,
    end_of_life: float,
    cycle_life: float,
    life_years: int,
    n_years: int,
) -> Lifetime:
    """Capacity by year and replacement years (DESIGN.md "Lifetime").

    Parameters
    ----------
    efc : float
        Equivalent full cycles per year [cycles/year], from year 1.
    calendar_fade : float
        Calendar fade per year as a fraction [1/year] (0.01 for 1 %/yr).
    end_of_life : float
        End-of-life capacity as a fraction [-] (0.7).
    cycle_life : float
        Full cycles to end of life [cycles].
    life_years : int
        Calendar life [years].
    n_years : int
        Analysis period N [years].

    Notes
    -----
    Year k of the analysis uses ``cap_k = cap(a_k)`` with ``a_k = k - 1 -
    (last replacement year before k)`` (0 after a replacement), see
    :func:`capacity_at_age`.  Capacity falls during year k from ``cap(a_k)``
    to ``cap(a_k + 1)``; the battery is replaced at the end of year k when
    ``cap(a_k + 1) < eol`` (the year in which it would fall below end of
    life) or its age at the end of the year ``a_k + 1`` reaches
    ``life_years``, provided k < N (no replacement at the end of the last
    year, as for every other measure).  Choice: EFC is the year-1 value in
    every year (the cycles a year of the rule makes hardly change with the
    capacity); year-k savings = year-1 savings x cap_k (the caller does it).
    """
    caps = np.zeros(n_years)
    repl: list[int] = []
    age = 0
    for k in range(1, n_years + 1):
        caps[k - 1] = float(capacity_at_age(age, efc, calendar_fade, end_of_life, cycle_life))
        end_age = age + 1
        worn = float(capacity_at_age(end_age, efc, calendar_fade, end_of_life, cycle_life)) < end_of_life - 1e-12
        if k < n_years and (worn or end_age >= life_years):
            repl.append(k)
            age = 0
        else:
            age = end_age
    return Lifetime(caps, repl, efc)


def month_of_hours(n_hours_by_month: Sequence[int]) -> np.ndarray:
    """Month number (1..12) of each hour from the hours in each month (tests)."""
    return np.repeat(np.arange(1, len(n_hours_by_month) + 1), n_hours_by_month)
