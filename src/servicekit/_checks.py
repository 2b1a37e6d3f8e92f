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
    """A new non-empty 1-D float array from any 1-D array-like; text, booleans or nested input are refused."""
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
    """A 1-D int64 array of whole-number scale levels, each within ``low``..``high``.

    The values go through ``array`` first, so text, booleans and missing answers are refused there.
    """
    out = array(values, name)
    bad = (out < low) | (out > high) | (out != np.round(out))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name} must hold whole levels from {low} to {high}; "
                         f"position {position} has {out[position]:g}")
    return out.astype(np.int64)


# --- Checks for functions that take a number or a 1-D array of numbers ----------------------


def numbers(values, name: str, *, low=None, high=None, low_open=False, high_open=False,
            whole=False) -> np.ndarray:
    """A float array from a number (0-d result) or a 1-D array-like, every value in range.

    Same rules as ``number``/``integer`` for a single value and as ``array`` for a sequence; the
    message names ``name``, and for a sequence the position of the first bad value.
    """
    if np.ndim(values) == 0 and not isinstance(values, (str, bytes)) and values is not None \
            and not isinstance(values, (Mapping, pd.DataFrame)):
        if whole:
            value = integer(values, name, low=low, high=high)
        else:
            value = number(values, name, low=low, high=high, low_open=low_open, high_open=high_open)
        return np.array(float(value))
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a number or a 1-D sequence of numbers, got {_show(values)}")
    out = array(values, name)
    bad = np.zeros(out.shape, dtype=bool)
    if low is not None:
        bad |= out <= low if low_open else out < low
    if high is not None:
        bad |= out >= high if high_open else out > high
    if whole:
        bad |= out != np.round(out)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        kind = "whole numbers" if whole else "values"
        raise ValueError(f"{name} must hold {kind} in {left}{lo}, {hi}{right}; "
                         f"position {position} has {out[position]:g}")
    return out


def same_length(**arrays) -> None:
    """Raise naming the parameters when 1-D arrays (0-d ones broadcast) differ in length."""
    sizes = {name: a.size for name, a in arrays.items() if a.ndim == 1}
    if len(set(sizes.values())) > 1:
        listed = ", ".join(f"{name} has {size}" for name, size in sizes.items())
        raise ValueError(f"the array inputs must have the same length: {listed}")


def aligned(*arrays) -> list[np.ndarray]:
    """1-D arrays of one length, a single number (0-d) repeated to that length."""
    return [np.atleast_1d(a) for a in np.broadcast_arrays(*arrays)]


def shaped(result: np.ndarray, *templates):
    """Give ``result`` the form of the inputs: a float when every input was a single number,
    a Series (same index) when one was a Series, otherwise a NumPy array."""
    result = np.asarray(result)
    if result.ndim == 0 or all(np.ndim(t) == 0 for t in templates):
        return float(result.reshape(-1)[0])
    for template in templates:
        if isinstance(template, pd.Series):
            return pd.Series(result, index=template.index, name=template.name)
    return result


def frame(value, name: str, columns=()) -> pd.DataFrame:
    """``value`` as a non-empty DataFrame that has every column in ``columns``."""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {_show(value)} ({type(value).__name__})")
    if value.empty:
        raise ValueError(f"{name} is empty: at least one row is needed")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(f"{name} has no column {missing[0]!r} (columns: {list(value.columns)})")
    return value


def weights(value, name: str, keys=None, tolerance: float = 1e-6) -> pd.Series:
    """A mapping (or Series) of non-negative weights summing to 1, as a float Series.

    With ``keys``, the weights must name exactly those keys.
    """
    if isinstance(value, Mapping):
        value = pd.Series(dict(value), dtype=object)
    if not isinstance(value, pd.Series):
        raise TypeError(f"{name} must be a mapping of name → weight, got {_show(value)}")
    if value.empty:
        raise ValueError(f"{name} is empty: at least one weight is needed")
    out = pd.Series({k: number(v, f"{name}[{k!r}]", low=0) for k, v in value.items()}, dtype=float)
    if keys is not None:
        keys = list(keys)
        missing = [k for k in keys if k not in out.index]
        extra = [k for k in out.index if k not in keys]
        if missing:
            raise ValueError(f"{name} has no weight for {missing[0]!r}")
        if extra:
            raise ValueError(f"{name} names {extra[0]!r}, which is not one of {keys}")
    total = out.sum()
    if abs(total - 1) > tolerance:
        raise ValueError(f"{name} must sum to 1, got {total:.6g}")
    return out


def dates(values: pd.Series, name: str, allow_missing: bool = False) -> pd.Series:
    """A datetime Series, converting text if needed; missing or unreadable values are refused."""
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(values):
        if allow_missing:
            return values
    elif allow_missing and values.isna().all():
        return pd.to_datetime(values)
    else:
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise TypeError(f"{name} must hold dates or times, got numbers ({values.dtype})")
        try:
            values = pd.to_datetime(values)
        except (ValueError, TypeError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ValueError(f"{name} must hold dates or times: {reason}") from None
    if not allow_missing and values.isna().any():
        position = int(np.flatnonzero(values.isna().to_numpy())[0])
        raise ValueError(f"{name} has a missing date at row {position}")
    return values


def timestamp(value, name: str) -> pd.Timestamp:
    """One point in time (a date string, datetime or Timestamp), or raise naming ``name``."""
    if not isinstance(value, (str, pd.Timestamp, np.datetime64)) and not hasattr(value, "year"):
        raise TypeError(f"{name} must be a date or time, got {value!r} ({type(value).__name__})")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be a date or time, got {value!r}") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date or time, got {value!r}")
    return stamp
