"""How long a thread waits for Python's GIL while the engine runs beside it.

    .venv/bin/python bench/bench_gil.py [--measures 5000] [--repeats 5]

The desktop app runs the engine in a worker thread; its GUI thread needs the
GIL for every event it handles in Python.  This runs ``run_project`` on a
project of ``--measures`` motor measures (the default project's first motor,
repeated) in a thread while the main thread beats every 1 ms, and prints the
longest gap between two beats and the 99th percentile, as medians over
``--repeats`` runs.  The reference, measured the same way and interleaved run
by run: a worker running pure Python for as long, which holds the GIL all the
time and gives it up only at the interpreter's switch interval
(``sys.getswitchinterval()``, 5 ms).  Their ratio is the figure to watch: near
1 when the engine lets a waiting thread in as often as plain Python does; far
above 1 when many short GIL-releasing numpy calls keep restarting the waiter's
wait (the "convoy" of :mod:`planner.engine.blocks`).

Prints figures; asserts nothing (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_ui import motors_project_dict  # noqa: E402
from planner.engine.chain import run_project  # noqa: E402
from planner.io.assets import default_project_path  # noqa: E402
from planner.io.projectfile import project_from_dict  # noqa: E402


def beats_beside(work) -> tuple[float, float, float]:
    """(longest gap, 99th-percentile gap, the work's duration) [s] of a 1 ms beat beside ``work()`` in a thread."""
    done = threading.Event()
    took = {}

    def run() -> None:
        t0 = time.perf_counter()
        work()
        took["s"] = time.perf_counter() - t0
        done.set()

    worker = threading.Thread(target=run)
    gaps = []
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    gaps.sort()
    return gaps[-1], gaps[int(0.99 * (len(gaps) - 1))], took["s"]


def pure_python(seconds: float) -> None:
    end = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < end:
        for i in range(200):
            x += i * i


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--measures", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    project = project_from_dict(motors_project_dict(args.measures))
    base = default_project_path().parent
    run_project(project, base)  # warm: imports, caches
    engine, reference = [], []
    for _ in range(args.repeats):
        e = beats_beside(lambda: run_project(project, base))
        engine.append(e)
        reference.append(beats_beside(lambda s=e[2]: pure_python(s)))

    def med(rows, k):
        return statistics.median(r[k] for r in rows)

    def wait(rows) -> str:
        return f"{med(rows, 0) * 1000:7.1f} ms  (p99 {med(rows, 1) * 1000:.1f} ms)"

    print(f"engine run, {args.measures} measures          : {med(engine, 2) * 1000:7.0f} ms (median of {args.repeats})")
    print(f"longest GIL wait beside the engine      : {wait(engine)}")
    print(f"longest GIL wait beside pure Python     : {wait(reference)}")
    print(f"ratio engine / pure Python (longest)    : {med(engine, 0) / med(reference, 0):7.2f}")
    print(f"switch interval                         : {sys.getswitchinterval() * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
