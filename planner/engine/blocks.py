"""Blocks of rows for the per-measure hourly steps.

A project can have thousands of measures, each with an hourly series of
8,760 values.  Done one measure at a time, each step is a numpy call of a
few microseconds; every such call releases Python's GIL and re-takes it at
once, and so keeps restarting the wait of a thread that wants the GIL (the
desktop app's GUI thread, while the engine runs in its worker): the GUI
thread then waits tens of milliseconds ("convoy effect").  The engine does
these steps on blocks of :data:`ROWS_PER_BLOCK` measures instead: one call
per block runs about half a millisecond with the GIL released, long enough
for a waiting thread to take it.  Row by row the arithmetic is the same, so
the results are bit for bit those of one measure at a time.

The per-measure figures that follow (NPV, IRR, paybacks on each measure's
yearly flows) cannot be done in blocks without changing their arithmetic,
and the IRR's polynomial roots release the GIL for microseconds per
measure: the same convoy.  That loop runs through :func:`handing_over`,
which every :data:`HANDOVER_EVERY_S` of the loop's time sleeps
:data:`HANDOVER_S` with the GIL released, long enough for a waiting thread
to wake and take it (``time.sleep(0)`` is not: the sleeper takes the GIL
back before the waiter is awake).  With no thread waiting it costs the
sleeps: about 0.3 ms each on these machines (the sleep and the thread's own
wake-up), ~200 of them in a 5,000-measure run, ~7 % of it; the blocks of
hourly steps save about as much, so ``run_project`` takes about as long as
one measure at a time did (``bench/bench_gil.py``, ``bench/bench_engine.py``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

ROWS_PER_BLOCK = 64
"""Measures per numpy call in the hourly steps [-]: 64 x 8,760 float64 = 4.5 MB
per temporary, and about 0.5 ms per call on these machines."""


def row_blocks(n_rows: int, rows_per_block: int = ROWS_PER_BLOCK) -> Iterator[slice]:
    """Consecutive slices covering rows ``0 .. n_rows - 1``, ``rows_per_block`` at a time.

    >>> list(row_blocks(130))
    [slice(0, 64, None), slice(64, 128, None), slice(128, 130, None)]
    >>> list(row_blocks(0))
    []
    """
    if rows_per_block < 1:
        raise ValueError(f"rows_per_block must be at least 1, got {rows_per_block}")
    for start in range(0, n_rows, rows_per_block):
        yield slice(start, min(start + rows_per_block, n_rows))


HANDOVER_S = 1e-4
"""Sleep of :func:`handing_over` [s]: longer than a waiting thread takes to wake
(tens of microseconds on these machines), short next to :data:`HANDOVER_EVERY_S`."""

HANDOVER_EVERY_S = 5e-3
"""Loop time between two sleeps of :func:`handing_over` [s]: CPython's default
switch interval (``sys.getswitchinterval()``), the longest a waiting thread
waits while the holder runs pure Python."""

T = TypeVar("T")


def handing_over(items: Iterable[T], every_s: float | None = None) -> Iterator[T]:
    """``items``, one by one, letting a thread that waits for Python's GIL take it
    at least every ``every_s`` seconds [s] of the loop (default :data:`HANDOVER_EVERY_S`;
    see the module docstring).

    The loop's own results do not depend on it.

    >>> list(handing_over(range(3)))
    [0, 1, 2]
    """
    if every_s is None:
        every_s = HANDOVER_EVERY_S
    last = time.perf_counter()
    for item in items:
        now = time.perf_counter()
        if now - last >= every_s:
            time.sleep(HANDOVER_S)
            last = time.perf_counter()
        yield item
