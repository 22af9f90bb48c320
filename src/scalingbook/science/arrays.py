"""Checks and return conventions shared by the science floor's vectorised functions.

A function of the package returns a Python float for scalar inputs and a numpy array for array
inputs (:func:`scalar_or_array`); an argument outside its domain raises the module's error naming
the argument, the allowed interval and the first offending value (:func:`check_range`).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["as_floats", "check_range", "scalar_or_array"]


def scalar_or_array(x: Any):
    """A 0-d result as a Python float, anything else unchanged: the package's functions
    return a number for scalar inputs and an array for array inputs."""
    import numpy as np

    return np.asarray(x).item() if np.ndim(x) == 0 else x


def as_floats(x: Any, name: str, error: type[Exception] = ValueError):
    """``x`` as a float numpy array; a non-number or NaN raises ``error`` naming ``name``."""
    import numpy as np

    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise error(f"{name} must be a number or an array of numbers, got {x!r}") from None
    if np.any(np.isnan(a)):
        raise error(f"{name} must be a number, got NaN")
    return a


def check_range(
    x: Any,
    name: str,
    low: float,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
    error: type[Exception] = ValueError,
):
    """``x`` as a float array whose every element lies in the interval; otherwise ``error``
    with the message ``name must be in (low, high], got value`` for the first offender."""
    import numpy as np

    a = as_floats(x, name, error)
    bad = (a < low) | (a > high)
    if low_open:
        bad |= a == low
    if high_open:
        bad |= a == high
    if np.any(bad):
        value = a[bad].flat[0] if a.ndim else float(a)
        left = "(" if low_open or math.isinf(low) else "["
        right = ")" if high_open or math.isinf(high) else "]"
        lo = "-inf" if math.isinf(low) else f"{low:g}"
        hi = "inf" if math.isinf(high) else f"{high:g}"
        raise error(f"{name} must be in {left}{lo}, {hi}{right}, got {value:g}")
    return a
