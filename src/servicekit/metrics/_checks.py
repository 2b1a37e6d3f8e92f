"""Input checks shared by the metrics: every message names the parameter and the value it got."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real

import numpy as np
import pandas as pd


def _show(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def number(value, name: str, *, low=None, high=None, low_open=False, high_open=False) -> float:
    """Return ``value`` as a float, or raise naming ``name`` when it is not a real number in range."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {_show(value)} ({type(value).__name__})")
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} must be a number, got NaN")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must lie in {left}{lo}, {hi}{right}, got {value:g}")
    return value


def integer(value, name: str, *, low=None, high=None) -> int:
    """Return ``value`` as an int, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {_show(value)} ({type(value).__name__})")
    number(value, name, low=low, high=high)
    return int(value)


def array(values, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """A non-empty 1-D float array from any 1-D array-like; text, booleans or nested input are refused."""
    if isinstance(values, (str, bytes)) or values is None or np.isscalar(values):
        raise TypeError(f"{name} must be a 1-D sequence of numbers, got {_show(values)}")
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be 1-D (a list, array or Series), got a DataFrame")
    if isinstance(values, Mapping):
        values = list(values.values())
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy()
    raw = np.asarray(values)
    if raw.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {raw.shape}")
    if raw.size == 0:
        raise ValueError(f"{name} is empty: at least one value is needed")
    if raw.dtype.kind == "b":
        raise TypeError(f"{name} must hold numbers, not True/False values")
    if raw.dtype.kind in "iuf":
        out = raw.astype(float)
    else:
        # Object or text arrays: allow numbers and missing markers, refuse anything else.
        kind = pd.api.types.infer_dtype(raw, skipna=True)
        if kind not in ("integer", "floating", "mixed-integer-float", "decimal", "empty"):
            bad = next(v for v in raw if not _is_number(v) or isinstance(v, bool))
            raise TypeError(f"{name} must hold numbers only, got {_show(bad)}")
        out = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=float)
    if not allow_nan and np.isnan(out).any():
        position = int(np.flatnonzero(np.isnan(out))[0])
        raise ValueError(f"{name} has a missing value (NaN) at position {position}")
    return out


def _is_number(value) -> bool:
    if value is None or isinstance(value, (str, bytes)):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def levels(values, name: str, low: int, high: int) -> np.ndarray:
    """A 1-D array of whole-number scale levels, each within ``low``..``high``."""
    out = array(values, name)
    bad = (out < low) | (out > high) | (out != np.round(out))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} must hold whole levels from {low} to {high}; "
            f"position {position} has {out[position]:g}"
        )
    return out
