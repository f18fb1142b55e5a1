"""Benchmark of the analysis: Monte Carlo by decomposition, its command line, a 1,000-project batch.

Prints figures and ratios measured side by side in one run; asserts nothing
(the machine is shared and noisy).  Goals (issue 12):

* 10,000 Monte Carlo draws of the default project cost less than 100 single
  ``run_project`` calls (ratio < 100);
* ``retrofit-planner montecarlo FILE --draws 10000`` costs at most twice one
  ``compute`` process (ratio <= 2);
* a batch of 1,000 default-sized projects in under a minute.

    .venv/bin/python bench/bench_analysis.py [--batch N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.timing import median_time  # noqa: E402
from planner.analysis.montecarlo import default_uncertainty, monte_carlo  # noqa: E402
from planner.analysis.portfolio import run_batch  # noqa: E402
from planner.engine.chain import run_project  # noqa: E402
from planner.io.projectfile import load_project  # noqa: E402
from planner.model.project import UncertainDriver  # noqa: E402

SEEDS = REPO / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def _process(argv: list[str], repeats: int = 3) -> tuple[float, float]:
    """Median wall time [s] and median CPU time (user + sys of the child) [s] of a CLI process."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planner.cli", *argv], cwd=REPO, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1000, help="projects in the batch (0 = skip)")
    args = ap.parse_args()

    project = load_project(DEFAULT)
    run_project(project, SEEDS)  # warm the PV shape cache, as the app's first run does
    single = median_time(lambda: run_project(project, SEEDS), 15)
    mc = median_time(lambda: monte_carlo(project, SEEDS, draws=10_000, seed=1), 5)
    res = monte_carlo(project, SEEDS, draws=10_000, seed=1)
    print(f"one run_project (warm)            {single * 1000:8.1f} ms")
    print(f"Monte Carlo 10,000 draws          {mc * 1000:8.1f} ms  ({res.method}, {len(res.specs)} drivers)")
    print(f"  ratio to one run_project        {mc / single:8.1f}   (goal < 100)")
    # the non-linear drivers through the exact array models (PV netting, demand peaks)
    for extra, label in (
        ([UncertainDriver(driver="pv_yield", distribution="normal", sd=10)], "+ PV yield"),
        (
            [
                UncertainDriver(driver="pv_yield", distribution="normal", sd=10),
                UncertainDriver(driver="efficiency_savings", low=-30, mode=0, high=20),
            ],
            "+ PV yield + efficiency",
        ),
    ):
        p2 = project.model_copy(update={"uncertainty": [*default_uncertainty(project), *extra]})
        t = median_time(lambda p2=p2: monte_carlo(p2, SEEDS, draws=10_000, seed=1), 3)
        r2 = monte_carlo(p2, SEEDS, draws=10_000, seed=1)
        print(f"  {label:31s} {t * 1000:8.1f} ms  ({r2.method}) ratio {t / single:6.1f}")

    compute, compute_cpu = _process(["compute", str(DEFAULT), "--json"])
    mc_cli, mc_cpu = _process(["montecarlo", str(DEFAULT), "--draws", "10000", "--seed", "1", "--json"])
    print(f"process: compute --json           {compute:8.2f} s wall {compute_cpu:8.2f} s CPU")
    print(f"process: montecarlo --draws 10000 {mc_cli:8.2f} s wall {mc_cpu:8.2f} s CPU")
    print(
        f"  ratio                           {mc_cli / compute:8.2f} wall  {mc_cpu / compute_cpu:8.2f} CPU (goal <= 2)"
    )

    if args.batch:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(args.batch):
                shutil.copy(DEFAULT, Path(tmp) / f"project-{i:04d}.json")
            t0 = time.perf_counter()
            port = run_batch(tmp)
            dt = time.perf_counter() - t0
        failed = sum(1 for r in port.rows if r["error"])
        print(f"batch of {args.batch} default projects   {dt:8.2f} s  ({failed} failed; goal < 60 s)")
        per = dt / args.batch
        print(f"  per project                     {per * 1000:8.1f} ms  (= {per / single:.1f} runs)")


if __name__ == "__main__":
    main()
