"""Benchmark of the Chinese bill (issue 10): the default project's recompute
time before this issue and after it, measured side by side in one run.

"Before" is the code at the branch start (``git merge-base HEAD main``,
exported with ``git archive`` into a temporary directory), "after" is this
checkout; each runs in its own Python process, alternately, three rounds
each, and the ratio of the medians is printed.  Also printed: the seed
"bill calibration" (power factor, surcharges, statutory holidays, bills
and calibration, PV and PFC) on this checkout.  Target: after / before <= 1.5.
Asserts nothing (the machine is shared: compare the ratios of one run).

    .venv/bin/python bench/bench_bill.py [--base REV]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SNIPPET = r"""
import statistics, sys, time
sys.path.insert(0, {repo!r})
from planner.engine.chain import run_project
from planner.io.projectfile import load_project
seeds = {seeds!r}
p = load_project(seeds + "/" + {seed!r})
run_project(p, seeds)
times = []
for i in range({n}):
    m = p.measures[0].model_copy(update={{"capex_yuan": p.measures[0].capex_yuan + i + 1}})
    q = p.model_copy(update={{"measures": [m, *p.measures[1:]]}})
    t0 = time.perf_counter()
    run_project(q, seeds)
    times.append(time.perf_counter() - t0)
print(statistics.median(times))
"""


def _median_ms(repo: Path, seed: str, n: int, seeds_dir: Path) -> float:
    code = SNIPPET.format(repo=str(repo), seeds=str(seeds_dir), seed=seed, n=n)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo)
    return float(out.stdout.strip().splitlines()[-1]) * 1000.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default=None, help="git revision of 'before' (default: merge-base with main)")
    ap.add_argument("--n", type=int, default=20, help="recomputes per process")
    args = ap.parse_args()
    base = (
        args.base
        or subprocess.run(
            ["git", "-C", str(REPO), "merge-base", "HEAD", "main"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    with tempfile.TemporaryDirectory() as tmp:
        before_dir = Path(tmp) / "before"
        before_dir.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", base], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before_dir)], input=archive, check=True)
        before, after = [], []
        for _ in range(3):
            before.append(_median_ms(before_dir, "shandong-midsize-factory.json", args.n, before_dir / "seeds"))
            after.append(_median_ms(REPO, "shandong-midsize-factory.json", args.n, REPO / "seeds"))
        seed_ms = _median_ms(REPO, "bill-calibration.json", args.n, REPO / "seeds")
    b, a = statistics.median(before), statistics.median(after)
    print(f"default project recompute, before issue 10 ({base[:10]}): {b:8.1f} ms  (rounds: {before})")
    print(f"default project recompute, after issue 10 (this checkout): {a:8.1f} ms  (rounds: {after})")
    print(
        f"ratio after / before:                                       {a / b:8.2f}   [target <= 1.5: "
        f"{'met' if a / b <= 1.5 else 'NOT met'}]"
    )
    print(f"seed 'bill calibration' recompute (every bill feature on):  {seed_ms:8.1f} ms")


if __name__ == "__main__":
    main()
