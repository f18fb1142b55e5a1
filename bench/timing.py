"""Timing helpers shared by the benchmarks under bench/ (imported as ``bench.timing``)."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable


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
