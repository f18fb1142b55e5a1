"""Benchmark of the engine: one full ``run_project`` on the default project
(first run, and recomputes after an edit, as the app does while the user
types) and on a 200-measure project; peak memory.

Prints figures; asserts nothing (machines are shared and noisy, so compare
the ratios printed in one run).  Target: a recompute of the default project
well under 50 ms after the first run.

    .venv/bin/python bench/bench_engine.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.engine.chain import run_project  # noqa: E402
from planner.io.projectfile import load_project  # noqa: E402

SEEDS = REPO / "seeds"


def _timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def big_project(n: int = 200):
    base = load_project(SEEDS / "shandong-midsize-factory.json")
    eff = [m for m in base.measures if m.type != "pv"]
    measures = []
    for i in range(n):
        m = eff[i % len(eff)]
        measures.append(
            m.model_copy(update={"name": f"{m.name} #{i + 1}", "capex_yuan": m.capex_yuan * (1 + i % 7 / 10)})
        )
    measures.append(next(m for m in base.measures if m.type == "pv"))
    return base.model_copy(update={"measures": measures})


def main() -> None:
    default = load_project(SEEDS / "shandong-midsize-factory.json")
    t0 = time.perf_counter()
    run_project(default, SEEDS)
    first = time.perf_counter() - t0

    edits = iter(range(1, 10**9))

    def edit_and_run():
        m = default.measures[0].model_copy(update={"capex_yuan": 180_000 + next(edits)})
        run_project(default.model_copy(update={"measures": [m, *default.measures[1:]]}), SEEDS)

    recompute = _timed(edit_and_run, 30)
    big = big_project()
    run_project(big, SEEDS)
    big_times = _timed(lambda: run_project(big, SEEDS), 10)

    tracemalloc.start()
    run_project(big, SEEDS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    med = statistics.median(recompute)
    print(f"default project, first run (imports pvlib, builds PV shape): {first * 1000:8.1f} ms")
    print(
        f"default project, recompute after an edit (median of 30):    {med * 1000:8.1f} ms"
        f"   [target < 50 ms: {'met' if med < 0.05 else 'NOT met'}]"
    )
    print(f"200-measure project, full run (median of 10):              {statistics.median(big_times) * 1000:8.1f} ms")
    print(f"ratio 200-measure / default recompute:                     {statistics.median(big_times) / med:8.2f}")
    print(f"peak Python memory of one 200-measure run (tracemalloc):   {peak / 1e6:8.1f} MB")
    try:
        import resource

        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process max RSS:                                           {rss_mb:8.1f} MB")
    except ImportError:  # pragma: no cover
        pass


if __name__ == "__main__":
    main()
