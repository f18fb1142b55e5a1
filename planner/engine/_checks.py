"""Argument checks shared by the engine's pure functions."""

from __future__ import annotations

import math


def check_range(name: str, value: float, lo: float, hi: float) -> float:
    """``float(value)`` if it is finite and within ``[lo, hi]``, else ValueError naming ``name``."""
    v = float(value)
    if not math.isfinite(v) or v < lo or v > hi:
        raise ValueError(f"{name}: expected a number from {lo:g} to {hi:g}, found {value!r}")
    return v
