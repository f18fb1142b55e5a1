"""Argument checks shared by the engine's pure functions."""

from __future__ import annotations

import math

import numpy as np


def check_range(name: str, value: float, lo: float, hi: float) -> float:
    """``float(value)`` if it is finite and within ``[lo, hi]``, else ValueError naming ``name``."""
    v = float(value)
    if not math.isfinite(v) or v < lo or v > hi:
        raise ValueError(f"{name}: expected a number from {lo:g} to {hi:g}, found {value!r}")
    return v


def check_rate(rate: float, name: str = "rate") -> float:
    """``float(rate)`` if it is a finite fraction > -1, else ValueError naming ``name``."""
    rate = float(rate)
    if not np.isfinite(rate) or rate <= -1.0:
        raise ValueError(f"{name}: expected a finite fraction > -1, found {rate!r}")
    return rate


def check_count(value: int, name: str) -> int:
    """``int(value)`` if ``value`` is a whole number >= 1 (``3.0`` passes), else ValueError naming ``name``."""
    n = int(value)
    if n != value or n < 1:
        raise ValueError(f"{name}: expected an integer >= 1, found {value!r}")
    return n


def readonly(arr: np.ndarray) -> np.ndarray:
    """A read-only float copy of ``arr``."""
    arr = np.array(arr, dtype=float, copy=True)
    arr.setflags(write=False)
    return arr
