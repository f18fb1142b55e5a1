"""Benchmark (issue 8): a PV project whose load and PV both come from hourly CSV files.

Usage::

    python bench/bench_profiles.py              # 15 alternating repeats
    python bench/bench_profiles.py --repeats 31

The case is the SAM validation case of ``tests/validation/sam_chain.py``
(two-shift factory load on SAM's calendar year 2018, four-period TOU tariff
with export, 25 years), with the 2 MWp PV given as an hourly generation
profile ``pv.csv`` (our PVWatts output of the validation weather file,
written once) instead of a weather file, and the load as ``load.csv``.

Measured side by side in one process, alternately, after one warm-up each
(median wall time):

* **ours**: ``planner.engine.chain.run_project`` on the project, warm: the
  two CSV files parsed once and cached on (path, mtime, size) by
  ``planner.io.meter.read_profile_cached``, as in the app after the first
  computation;
* **SAM**: ``Utilityrate5`` alone on the same hourly load and generation,
  tariff, escalation, degradation and analysis period (built, assigned and
  executed, as a caller pays it; ``execute()`` alone is printed too).

Target: ours / SAM <= 0.5.  Also printed: our run with every planner cache
cleared (both CSVs re-parsed), and the cold parse time of each CSV with
today's reader against the row-by-row reader it replaced (read from git,
``fe678b3:planner/engine/load.py``, skipped if git or that commit is not
available).  Exit status 0 when the target is met, 3 otherwise.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.timing import clear_planner_caches, git_show, time_call  # noqa: E402

OLD_READER_COMMIT = "fe678b3"
"""The last commit with the row-by-row reader in planner/engine/load.py."""


def _case(directory: Path):
    """The project (load and PV from CSV files), its base folder, and SAM's inputs."""
    from planner.engine.chain import run_project
    from planner.model.project import Project
    from tests.validation import sam_chain as sc

    weather_case = sc.validation_project(directory)
    generation = np.asarray(run_project(weather_case, directory).pv.hourly_generation_kw, dtype=float)
    sc.write_load_csv(directory / "pv.csv", generation)
    data = weather_case.model_dump(mode="json", exclude_none=True)
    pv = data["measures"][0]
    pv.pop("weather_file")
    pv["generation_profile_file"] = "pv.csv"
    project = Project.model_validate_json(json.dumps(data))
    result = run_project(project, directory)
    load_kw = np.asarray(result.baseline_kw, dtype=float)
    gen_kw = np.asarray(result.pv.hourly_generation_kw, dtype=float)
    assert np.allclose(gen_kw, generation, rtol=0, atol=1e-5), "the profile must give back the generation written"
    m = project.pv_measures[0]
    sam_args = {
        "load_kw": load_kw,
        "tariff": project.tariff,
        "gen_kw": gen_kw,
        "analysis_years": project.finance.analysis_years,
        "degradation_pct": m.annual_degradation_pct,
        "escalation_pct": project.tariff.escalation_pct_per_year,
    }
    return project, sam_args, result


def _old_reader():
    """``read_hourly_profile`` of the row-by-row reader, imported from git, or None."""
    src = git_show(REPO, OLD_READER_COMMIT, "planner/engine/load.py")
    if src is None:
        return None
    path = Path(tempfile.mkdtemp(prefix="bench_old_reader_")) / "old_load.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("bench_old_load", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    try:
        spec.loader.exec_module(mod)
    except Exception:  # noqa: BLE001 - an old module that no longer imports: skip the comparison
        return None
    return mod.read_hourly_profile


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    try:
        import PySAM  # noqa: F401
    except ImportError:
        print("PySAM (nrel-pysam) is not installed: pip install nrel-pysam", file=sys.stderr)
        return 1
    from planner.engine.chain import run_project
    from planner.io.meter import read_hourly_profile
    from tests.validation import sam_chain as sc

    with tempfile.TemporaryDirectory(prefix="bench_profiles_") as tmp:
        directory = Path(tmp)
        project, sam_args, _ = _case(directory)

        def ours():
            return run_project(project, directory)

        def sam_build_execute():
            ur = sc.utilityrate(**sam_args)
            ur.execute(0)
            return ur

        def sam_execute_only():
            ur = sc.utilityrate(**sam_args)
            return time_call(lambda: ur.execute(0))

        ours()
        sam_build_execute()  # warm-up of both
        t_ours, t_sam, t_exec, t_cold = [], [], [], []
        for _ in range(args.repeats):  # alternate, so drift affects both sides alike
            t_ours.append(time_call(ours))
            t_sam.append(time_call(sam_build_execute))
            t_exec.append(sam_execute_only())
            t_cold.append(time_call(ours, before=clear_planner_caches))
        ours()

        parse: dict[str, dict[str, float]] = {}
        old = _old_reader()
        readers = {"new (planner.io.meter)": read_hourly_profile}
        if old is not None:
            readers["old (row by row)"] = old
        for name in ("load.csv", "pv.csv"):
            path = directory / name
            parse[name] = {
                label: statistics.median(
                    time_call(functools.partial(fn, path)) for _ in range(max(3, args.repeats // 3))
                )
                for label, fn in readers.items()
            }

    ms = 1000.0
    ours_s, sam_s, exec_s, cold_s = (statistics.median(x) for x in (t_ours, t_sam, t_exec, t_cold))
    ratio, ratio_exec = ours_s / sam_s, ours_s / exec_s
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}; median of {args.repeats} alternating runs")
    print("case: SAM validation load (load.csv) + 2 MWp PV as an hourly profile (pv.csv), TOU with export, 25 years")
    print(f"  SAM Utilityrate5 alone (build + assign + execute):   {sam_s * ms:8.2f} ms")
    print(f"  SAM Utilityrate5 execute() alone:                    {exec_s * ms:8.2f} ms")
    print(
        f"  ours, run_project, warm (CSV profiles cached):       {ours_s * ms:8.2f} ms"
        f"   ours/SAM {ratio:5.2f}  (target <= 0.5: {'met' if ratio <= 0.5 else 'NOT met'});"
        f" against execute() alone {ratio_exec:5.2f}"
    )
    print(
        f"  ours, every planner cache cleared (CSVs re-parsed):  {cold_s * ms:8.2f} ms   ours/SAM {cold_s / sam_s:5.2f}"
    )
    print("  cold parse of one CSV (read_hourly_profile, uncached), median:")
    for name, by in parse.items():
        parts = ", ".join(f"{label} {t * ms:7.1f} ms" for label, t in by.items())
        print(f"    {name:9s} {parts}")
    if old is None:
        print(f"    (old reader not available: git show {OLD_READER_COMMIT}:planner/engine/load.py failed)")
    return 0 if ratio <= 0.5 else 3


if __name__ == "__main__":
    sys.exit(main())
