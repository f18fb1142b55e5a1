"""Benchmark: our full recompute against the NREL SAM (PySAM) chain (issue #5).

Usage::

    python bench/bench_sam.py                 # both cases, 7 repeats
    python bench/bench_sam.py --repeats 15 --case validation
    python bench/bench_sam.py --profile       # cProfile of our run: warm, geometry edit, cold

Cases
-----
validation
    The SAM validation case (``tests/validation/sam_chain.validation_project``):
    2 MWp rooftop PV from the synthetic Jinan weather file, a two-shift
    factory load, four-period TOU tariff with export and demand charge,
    25-year cash flow.  Ours: ``planner.engine.chain.run_project``.  SAM:
    ``Pvwattsv8 -> Utilityrate5 -> Cashloan`` on the same weather file, PV
    system, hourly load (ours), tariff and finance inputs.
seed
    The default project ``seeds/shandong-midsize-factory.json`` (five
    efficiency measures and 2 MWp PV).  Ours: ``run_project``.  SAM:
    ``Utilityrate5 -> Cashloan`` with our post-retrofit hourly load as
    ``load`` and our hourly PV output as ``gen`` (the seed's PV comes from a
    clear-sky shape, not a weather file, so there is no Pvwattsv8 step), same
    tariff, capex, O&M, degradation, escalation, analysis period and discount
    rate.  Timing only: SAM has no counterpart for the efficiency measures'
    replacements, and the seed's calendar (Monday-Saturday, holidays, 2025)
    is not SAM's, so its figures are not compared.

Timing
------
Both sides run in this process, alternately, ``--repeats`` times after one
warm-up run each; the median wall time is reported.  The SAM time covers
building the models, assigning the inputs and executing them; SAM caches
nothing, so its time is the same whatever was edited.  Ours is timed four
ways:

* **warm caches** (the target, >= 2x): the engine as the app runs it, its
  caches (calendar, parsed load file, PV output of the weather file or
  clear-sky shape) filled by the warm-up, as after the first computation of
  a project.  Any edit that does not touch the PV inputs (tariff,
  efficiency measures, finance, degradation) recomputes in this time.
* **geometry edit** (:class:`GeometryEdit`): the same site, the PV tilt
  changed to a value not seen before, so the PV output is recomputed while
  what the engine caches apart from the geometry stays cached: for a
  clear-sky shape the site-year's solar position and clear sky
  (``planner.engine.pv._clearsky_sky_cached``); for a weather file nothing but the
  final output is cached, so the file is re-read and the whole PVWatts
  chain, SPA included, re-run.  The edit the app sees most.
* **cold PV** (new weather file or new site): every ``lru_cache`` of
  ``planner.engine.pv`` cleared before the run, so the weather file is read and
  the solar position and PV chain (or clear-sky shape) recomputed, as SAM
  does every time; the parsed load stays cached (SAM receives the load as
  an array in memory).
* **every planner cache cleared**: also re-parses the load CSV.

``_pv_breakdown`` then times the parts of our PV step (weather read, SPA,
PVWatts chain; or the clear-sky site-year and a new tilt) and
``planner.engine.balance.pv_years`` (every analysis year's degraded PV output
netted and billed), which every run pays.

The exit status is 0 when the warm-cache ratio is >= 2 in every case, 3
otherwise.

Memory
------
Each side also runs in a fresh child process (``--memory-child``) that
imports only its own stack and reports its peak resident set size (Linux
``VmHWM``, else ``ru_maxrss``) after the imports and after the runs, and the ``tracemalloc`` peak of
one run (Python and numpy allocations only: SSC's C++ memory is invisible
to tracemalloc, so for SAM the RSS figure is the meaningful one).  The
child also times the first run in a fresh process ("cold": lazy imports
such as pvlib included).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gc
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.timing import clear_planner_caches, time_call  # noqa: E402

SEED = REPO / "seeds" / "shandong-midsize-factory.json"
VALIDATION_FINANCE = {
    "escalation_pct": 1.5,
    "degradation_pct": 0.5,
    "capex_yuan": 6_400_000.0,
    "om_yuan_per_year": 80_000.0,
    "om_escalation_pct": 2.0,
    "analysis_years": 25,
    "discount_rate_pct": 6.0,
}


# ---------------------------------------------------------------------------
# the two cases: our side and the SAM side, as zero-argument callables
# ---------------------------------------------------------------------------


def _validation_case(directory: Path):
    from planner.engine.chain import run_project
    from tests.validation import sam_chain as sc

    project = sc.validation_project(directory, **VALIDATION_FINANCE)
    warm = run_project(project, directory)
    load_kw = np.array(warm.baseline_kw)
    weather = directory / "weather.csv"
    fin = sc.SamFinance(**VALIDATION_FINANCE)

    def ours():
        return run_project(project, directory)

    def sam():
        return sc.run_chain(
            load_kw,
            project.tariff,
            fin,
            weather_file=weather,
            pv=dict(sc.PV_SPEC),
        )

    return ours, sam, {"load_kw": load_kw, "project": project, "base": directory}


def _seed_case(directory: Path):
    from planner.engine.chain import run_project
    from planner.io.projectfile import load_project
    from tests.validation import sam_chain as sc

    project = load_project(SEED)
    base = SEED.parent
    warm = run_project(project, base)
    pv = project.pv_measures[0]
    after_kw = np.array(warm.after_kw)
    gen_kw = np.array(warm.pv.hourly_generation_kw)
    fin = sc.SamFinance.of_run(project, warm)

    def ours():
        return run_project(project, base)

    def sam():
        return sc.run_chain(after_kw, project.tariff, fin, gen_kw=gen_kw, system_capacity_kw=pv.capacity_kwp)

    return ours, sam, {"load_kw": after_kw, "project": project, "base": base}


CASES = {"validation": _validation_case, "seed": _seed_case}

_TILT_STEPS = itertools.count(1)


class GeometryEdit:
    """``run_project`` after a tilt edit, as the app does when the user edits
    the array geometry: every call runs a project whose first PV measure has
    a tilt not seen before in this process (steps of 0.1 deg, the clear-sky
    cache's resolution), so the PV output is recomputed while whatever the
    engine caches apart from the geometry (the solar position of the site-year
    for a clear-sky shape, the parsed load) stays cached.  ``prepare`` makes
    the edited project (a deep copy, not timed); ``__call__`` runs it.
    """

    def __init__(self, project, base: Path):
        self.project, self.base, self._next = project, base, None

    def prepare(self) -> None:
        edited = self.project.model_copy(deep=True)
        pv = edited.pv_measures[0]
        pv.tilt_deg = round(10.0 + 0.1 * (next(_TILT_STEPS) % 700), 1)
        self._next = edited

    def __call__(self):
        from planner.engine.chain import run_project

        if self._next is None:
            self.prepare()
        edited, self._next = self._next, None
        return run_project(edited, self.base)


def _sam_breakdown(case: str, directory: Path, repeats: int) -> dict[str, float]:
    """Median ``execute()`` time of each SAM model alone (inputs already
    assigned), validation case only."""
    if case != "validation":
        return {}
    from planner.engine.chain import run_project
    from tests.validation import sam_chain as sc

    f = VALIDATION_FINANCE
    project = sc.validation_project(directory, **f)
    load_kw = np.array(run_project(project, directory).baseline_kw)
    out: dict[str, list[float]] = {"Pvwattsv8": [], "Utilityrate5": [], "Cashloan": []}
    for _ in range(repeats):
        pvm = sc.pvwatts(directory / "weather.csv", analysis_years=f["analysis_years"], **sc.PV_SPEC)
        t0 = time.perf_counter()
        pvm.execute(0)
        out["Pvwattsv8"].append(time.perf_counter() - t0)
        ur = sc.utilityrate(
            load_kw,
            project.tariff,
            analysis_years=f["analysis_years"],
            degradation_pct=f["degradation_pct"],
            escalation_pct=f["escalation_pct"],
            existing=pvm,
        )
        t0 = time.perf_counter()
        ur.execute(0)
        out["Utilityrate5"].append(time.perf_counter() - t0)
        cl = sc.cashloan(ur, sc.SamFinance(**f), sc.PV_SPEC["capacity_kwp"])
        t0 = time.perf_counter()
        cl.execute(0)
        out["Cashloan"].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in out.items()}


def _pv_breakdown(project, base: Path, repeats: int) -> dict:
    """Median time of the parts of our PV step and of the yearly PV
    re-billing, to show where a PV recompute and a warm run spend their time.

    Weather-file PV: reading the file, the SPA solar position alone (the
    call ``pvwatts_v8_output`` makes), the whole PVWatts chain on the parsed
    file (SPA included), and ``weather_file_output`` uncached (= read +
    chain; what a geometry edit or a new file costs, since only the final
    output is cached).  Clear-sky PV: the site-year's solar position and
    clear-sky irradiance (``_clearsky_sky_cached``, cold), and the
    plane-of-array for a new tilt with the site-year cached (a geometry
    edit).  Both: ``planner.engine.balance.pv_years`` (every analysis year's
    degraded output netted and billed at once, run on every recompute).
    """
    import pvlib

    from planner.engine import balance
    from planner.engine import chain as engine
    from planner.engine import pv as pvmod
    from planner.engine.tariff import hourly_tariff

    m = project.pv_measures[0]
    parts: dict[str, float] = {}

    def med(fn, before=None) -> float:
        return statistics.median(time_call(fn, before) for _ in range(repeats))

    if m.weather_file:
        path = Path(base) / m.weather_file
        weather = pvmod.read_weather_file(path)
        site = project.site
        args = (
            weather,
            m.capacity_kwp,
            m.tilt_deg,
            m.azimuth_deg,
            m.losses_pct,
            m.dc_ac_ratio,
            m.inverter_efficiency_pct,
        )
        kw = {"latitude_deg": site.latitude_deg, "longitude_deg": site.longitude_deg, "utc_offset_h": site.utc_offset_h}
        tz = weather.utc_offset_h if weather.utc_offset_h is not None else site.utc_offset_h
        import pandas as pd

        local = pd.to_datetime(
            pd.DataFrame({"year": weather.year, "month": weather.month, "day": weather.day, "hour": weather.hour})
        )
        times = pvmod._mid_hour_utc(pd.DatetimeIndex(local), float(tz))
        elev = float(weather.elevation_m)
        source = "weather file, PVWatts v8 chain"
        parts["read_weather_file"] = med(lambda: pvmod.read_weather_file(path))
        parts["  SPA solar position (pvlib get_solarposition)"] = med(
            lambda: pvlib.solarposition.get_solarposition(
                times,
                float(site.latitude_deg),
                float(site.longitude_deg),
                altitude=elev,
                pressure=pvlib.atmosphere.alt2pres(elev),
                temperature=weather.temp_air,
            )
        )
        parts["pvwatts_v8_output (parsed weather; SPA included)"] = med(lambda: pvmod.pvwatts_v8_output(*args, **kw))
        parts["weather_file_output uncached (read + chain)"] = med(
            lambda: engine.pv_hourly_output(m, project, Path(base)), before=pvmod.weather_file_output.cache_clear
        )
    else:
        source = "clear-sky shape scaled to a yield"
        key = pvmod._clearsky_key(
            project.site.latitude_deg,
            project.site.longitude_deg,
            m.tilt_deg,
            m.azimuth_deg,
            project.load.calendar_year,
            project.site.utc_offset_h,
        )
        lat, lon, tilt, az, yr, tz = key
        parts["site-year: SPA + clear sky (_clearsky_sky_cached, cold)"] = med(
            lambda: pvmod._clearsky_sky_cached(lat, lon, yr, tz), before=pvmod._clearsky_sky_cached.cache_clear
        )
        steps = itertools.count(1)
        pvmod._clearsky_sky_cached(lat, lon, yr, tz)
        parts["new tilt, site-year cached (_clearsky_poa_cached)"] = med(
            lambda: pvmod._clearsky_poa_cached(lat, lon, round(5.0 + 0.1 * next(steps), 1), az, yr, tz)
        )
    r = engine.run_project(project, base)
    ht = hourly_tariff(project.tariff, r.calendar)
    pv_measures = [x for x in project.measures if x.enabled and x.type == "pv"]
    outputs = [engine.pv_hourly_output(x, project, Path(base)) for x in pv_measures]
    after_kw = np.asarray(r.after_kw, dtype=float)
    export_allowed = all(x.export == "allowed" for x in pv_measures)
    n = project.finance.analysis_years
    parts[f"pv_years: {n} years x 8760 h netted and billed (every run)"] = med(
        lambda: balance.pv_years(pv_measures, outputs, after_kw, ht, r.calendar, project.tariff, export_allowed, n)
    )
    return {"source": source, "parts": parts}


# ---------------------------------------------------------------------------
# memory: one side in a fresh process
# ---------------------------------------------------------------------------


def _maxrss_mb() -> float:
    """Peak resident set size of this process so far [MB].

    Linux: ``VmHWM`` of /proc/self/status (the peak of this process image;
    ``ru_maxrss`` would include the parent's peak inherited through
    fork/exec).  Elsewhere ``resource.getrusage(RUSAGE_SELF).ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 if sys.platform != "darwin" else rss / 1024.0 / 1024.0


def _memory_child(case: str, side: str, directory: Path) -> dict:
    """Run in a fresh process: imports, then one cold run, then warm runs."""
    # import only this side's stack; the case files exist already (the parent wrote them)
    if side == "ours":
        import planner.engine.chain  # noqa: F401
        import planner.io.projectfile  # noqa: F401

        rss_imports = _maxrss_mb()
        import pvlib  # noqa: F401  (the engine imports it lazily, at the first PV computation)
    else:
        import PySAM.Cashloan  # noqa: F401
        import PySAM.Pvwattsv8  # noqa: F401
        import PySAM.Utilityrate5  # noqa: F401

        import planner.model.project  # noqa: F401  (the Tariff model the SAM helpers translate)

        rss_imports = _maxrss_mb()
    gc.collect()
    rss_before = _maxrss_mb()
    if side == "ours":
        from planner.engine.chain import run_project
        from planner.io.projectfile import load_project
        from tests.validation import sam_chain as sc

        if case == "validation":
            project, base = sc.validation_project(directory, **VALIDATION_FINANCE), directory
        else:
            project, base = load_project(SEED), SEED.parent
        fn = functools.partial(run_project, project, base)
    else:
        # SAM's inputs come from a file the parent wrote (so our engine does not run here)
        data = np.load(directory / f"{case}_sam_inputs.npz", allow_pickle=False)
        spec = json.loads(str(data["spec"]))
        from planner.model.project import Tariff
        from tests.validation import sam_chain as sc

        tariff = Tariff.model_validate(spec.pop("tariff"))
        fin = sc.SamFinance(**spec.pop("finance"))
        kwargs = dict(spec)
        if "gen_kw" in data.files:
            kwargs["gen_kw"] = data["gen_kw"]
        else:
            kwargs["weather_file"] = directory / "weather.csv"
            kwargs["pv"] = dict(sc.PV_SPEC)
        fn = functools.partial(sc.run_chain, data["load_kw"], tariff, fin, **kwargs)
    cold = time_call(fn)
    warm = statistics.median(time_call(fn) for _ in range(3))
    tracemalloc.start()
    fn()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rss_imports_mb": rss_imports,
        "rss_before_mb": rss_before,
        "rss_peak_mb": _maxrss_mb(),
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "cold_s": cold,
        "warm_s": warm,
    }


def _write_sam_inputs(case: str, directory: Path) -> None:
    from planner.engine.chain import run_project
    from planner.io.projectfile import load_project
    from tests.validation import sam_chain as sc

    if case == "validation":
        project = sc.validation_project(directory, **VALIDATION_FINANCE)
        r = run_project(project, directory)
        spec = {"finance": VALIDATION_FINANCE}
        arrays = {"load_kw": np.asarray(r.baseline_kw)}
    else:
        project = load_project(SEED)
        r = run_project(project, SEED.parent)
        spec = {
            "finance": dataclasses.asdict(sc.SamFinance.of_run(project, r)),
            "system_capacity_kw": project.pv_measures[0].capacity_kwp,
        }
        arrays = {"load_kw": np.asarray(r.after_kw), "gen_kw": np.asarray(r.pv.hourly_generation_kw)}
    spec["tariff"] = project.tariff.model_dump(mode="json")
    np.savez(directory / f"{case}_sam_inputs.npz", spec=json.dumps(spec), **arrays)


def _memory(case: str, directory: Path) -> dict[str, dict]:
    _write_sam_inputs(case, directory)
    out = {}
    for side in ("ours", "sam"):
        proc = subprocess.run(
            [sys.executable, __file__, "--memory-child", case, side, str(directory)],
            capture_output=True,
            text=True,
            cwd=str(REPO),
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"memory child {case}/{side} failed:\n{proc.stderr}")
        out[side] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def bench_case(case: str, repeats: int, directory: Path, memory: bool = True) -> dict:
    ours, sam, extra = CASES[case](directory)
    geometry = GeometryEdit(extra["project"], extra["base"])
    r_ours = ours()
    r_sam = sam()  # warm-up of both
    geometry()
    agreement = None
    if case == "validation":  # the full SAM chain (its own PV) against our full run
        s = r_ours.summary
        agreement = [
            ("year-1 PV AC energy [kWh]", r_ours.pv.first_year_generation_kwh, float(r_sam.gen_kw.sum())),
            ("year-1 bill with PV [yuan]", s.first_year_bill_after_yuan, float(r_sam.bill_with_monthly.sum())),
            ("year-1 savings [yuan]", s.first_year_savings_yuan, float(r_sam.energy_value_yearly[1])),
            ("NPV [yuan]", s.npv_yuan, r_sam.npv),
            ("payback [years]", s.payback_years, r_sam.payback_years),
        ]
    t_ours, t_geo, t_pv, t_cold, t_sam = [], [], [], [], []
    for _ in range(repeats):  # alternate, so drift affects both sides alike
        t_ours.append(time_call(ours))
        t_sam.append(time_call(sam))
        t_geo.append(time_call(geometry, before=geometry.prepare))
        t_pv.append(time_call(ours, before=functools.partial(clear_planner_caches, "planner.engine.pv")))
        t_cold.append(time_call(ours, before=clear_planner_caches))
    ours()  # refill the caches
    res = {
        "case": case,
        "repeats": repeats,
        "ours_warm_s": statistics.median(t_ours),
        "ours_geometry_s": statistics.median(t_geo),
        "ours_pv_s": statistics.median(t_pv),
        "ours_nocache_s": statistics.median(t_cold),
        "sam_s": statistics.median(t_sam),
    }
    for key in ("warm", "geometry", "pv", "nocache"):
        res[f"ratio_{key}"] = res["sam_s"] / res[f"ours_{key}_s"]
    res["agreement"] = agreement
    res["sam_breakdown"] = _sam_breakdown(case, directory, max(3, repeats // 2))
    res["pv_breakdown"] = _pv_breakdown(extra["project"], extra["base"], max(5, repeats))
    if memory:
        res["memory"] = _memory(case, directory)
    return res


def _report(res: dict) -> None:
    ms = 1000.0
    print(f"\n== {res['case']} case: median of {res['repeats']} runs, same process ==")
    chain = "Pvwattsv8 -> Utilityrate5 -> Cashloan" if res["case"] == "validation" else "Utilityrate5 -> Cashloan"
    print(f"  SAM,  {chain} (build + assign + execute): {res['sam_s'] * ms:8.2f} ms")
    for model, t in res.get("sam_breakdown", {}).items():
        print(f"        {model}.execute alone: {t * ms:8.2f} ms")

    def met(ratio: float) -> str:
        return "met" if ratio >= 2 else "NOT met"

    print(
        f"  ours, run_project, warm caches (non-PV edit):            {res['ours_warm_s'] * ms:8.2f} ms"
        f"   SAM/ours {res['ratio_warm']:5.1f}x  (>= 2x: {met(res['ratio_warm'])})"
    )
    print(
        f"  ours, geometry edit (same site, new tilt):               {res['ours_geometry_s'] * ms:8.2f} ms"
        f"   SAM/ours {res['ratio_geometry']:5.1f}x  (>= 2x: {met(res['ratio_geometry'])})"
    )
    print(
        f"  ours, cold PV (new weather file / site: PV caches cleared): {res['ours_pv_s'] * ms:5.2f} ms"
        f"   SAM/ours {res['ratio_pv']:5.1f}x  (>= 2x: {met(res['ratio_pv'])})"
    )
    print(
        f"  ours, every planner cache cleared (also re-parses load): {res['ours_nocache_s'] * ms:8.2f} ms"
        f"   SAM/ours {res['ratio_nocache']:5.1f}x"
    )
    pvb = res.get("pv_breakdown")
    if pvb:
        print(f"  our PV step alone ({pvb['source']}), median:")
        for name, t in pvb["parts"].items():
            print(f"        {name:62s} {t * ms:8.2f} ms")
    if res.get("agreement"):
        print("  results on this case, ours vs the full SAM chain (SAM's own PV output):")
        for name, a, b in res["agreement"]:
            print(f"    {name:28s} ours {a:16,.2f}   SAM {b:16,.2f}   diff {(a - b) / abs(b) * 100:+.3f} %")
    mem = res.get("memory")
    if mem:
        for side, label in (("ours", "ours"), ("sam", "SAM ")):
            m = mem[side]
            lazy = m["rss_before_mb"] - m["rss_imports_mb"]
            print(
                f"  memory {label}: peak RSS {m['rss_peak_mb']:6.1f} MB = imports {m['rss_imports_mb']:5.1f} MB"
                + (f" + pvlib {lazy:5.1f} MB" if lazy > 0.05 else "")
                + f" + runs {m['rss_peak_mb'] - m['rss_before_mb']:5.1f} MB; tracemalloc peak of one run "
                f"{m['tracemalloc_peak_mb']:5.2f} MB"
            )
            print(f"        fresh process: first run {m['cold_s'] * ms:6.1f} ms, then {m['warm_s'] * ms:6.2f} ms")


def _profile(case: str, directory: Path) -> None:
    import cProfile
    import pstats

    ours, _, extra = CASES[case](directory)
    ours()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(20):
        ours()
    prof.disable()
    print(f"\n== cProfile of 20 warm run_project calls, {case} case ==")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    geometry = GeometryEdit(extra["project"], extra["base"])
    prof = cProfile.Profile()
    for _ in range(5):
        geometry.prepare()
        prof.enable()
        geometry()
        prof.disable()
    print(f"\n== cProfile of 5 geometry edits (same site, new tilt), {case} case ==")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    clear_planner_caches()
    prof = cProfile.Profile()
    prof.enable()
    ours()
    prof.disable()
    print(f"\n== cProfile of one run_project call with every planner cache cleared, {case} case ==")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--case", choices=["all", *CASES], default="all")
    ap.add_argument("--no-memory", action="store_true", help="skip the child-process memory runs")
    ap.add_argument("--profile", action="store_true", help="cProfile our run instead of benchmarking")
    ap.add_argument("--json", action="store_true", help="also print the results as JSON")
    ap.add_argument("--memory-child", nargs=3, metavar=("CASE", "SIDE", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=".*deprecated.*")
    if args.memory_child:
        case, side, directory = args.memory_child
        print(json.dumps(_memory_child(case, side, Path(directory))))
        return 0
    try:
        import PySAM  # noqa: F401
    except ImportError:
        print("PySAM (nrel-pysam) is not installed: pip install nrel-pysam", file=sys.stderr)
        return 1
    cases = list(CASES) if args.case == "all" else [args.case]
    with tempfile.TemporaryDirectory(prefix="bench_sam_") as tmp:
        if args.profile:
            for case in cases:
                _profile(case, Path(tmp))
            return 0
        import PySAM as _p

        print(
            f"python {sys.version.split()[0]}, numpy {np.__version__}, PySAM {getattr(_p, '__version__', '?')}, "
            f"{os.cpu_count()} CPUs"
        )
        results = [bench_case(case, args.repeats, Path(tmp), memory=not args.no_memory) for case in cases]
    for res in results:
        _report(res)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0 if all(r["ratio_warm"] >= 2 for r in results) else 3


if __name__ == "__main__":
    sys.exit(main())
