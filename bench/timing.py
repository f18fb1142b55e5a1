"""Timing helpers shared by the benchmarks under bench/ (imported as ``bench.timing``)."""

from __future__ import annotations

import functools
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def time_call(fn: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """Wall time of one ``fn()`` [s]; ``before()`` (not timed) runs first when given."""
    if before is not None:
        before()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def clear_planner_caches(prefix: str = "planner") -> None:
    """Clear every functools.lru_cache in the planner package (or in the
    planner modules whose name starts with ``prefix``)."""
    for name, module in list(sys.modules.items()):
        if name == prefix or name.startswith(prefix + "."):
            for obj in vars(module).values():
                if isinstance(obj, functools._lru_cache_wrapper) or (
                    callable(obj) and callable(getattr(obj, "cache_clear", None))
                ):
                    obj.cache_clear()


def median_time(fn: Callable[[], object], repeats: int, warm: bool = False) -> float:
    """Median wall time of ``repeats`` calls of ``fn()`` [s]; ``warm``: one untimed call first."""
    if warm:
        fn()
    return statistics.median(time_call(fn) for _ in range(repeats))


def git_show(repo: Path, rev: str, path: str) -> str | None:
    """The text of ``path`` at commit ``rev`` of the git checkout ``repo``, or None when git cannot show it."""
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "show", f"{rev}:{path}"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
