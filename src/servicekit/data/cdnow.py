"""Reading a headerless, whitespace-separated text table shipped in a package (the CDNOW files).

The CDNOW transaction files that come with the ``lifetimes`` package are plain text: one purchase a
line, fields separated by blanks, no header. A data dictionary points at such a file with::

    origin:
      package: lifetimes
      path: datasets/CDNOW_sample.txt
      whitespace_columns: [master_id, customer_id, date, cds, amount]

``whitespace_columns`` names the fields in file order. The text is read as strings (like every
other origin) and then checked and converted by the data dictionary.
"""

from __future__ import annotations

import importlib.resources

import pandas as pd

__all__ = ["load_whitespace_table", "read_whitespace_table"]


def read_whitespace_table(origin: dict) -> tuple[pd.DataFrame, str]:
    """The raw table named by ``origin`` (every cell a string) and a label for error messages."""
    for key in ("package", "path", "whitespace_columns"):
        if key not in origin:
            raise ValueError(f"origin needs {key!r} for a whitespace-separated file, got {origin}")
    columns = list(origin["whitespace_columns"])
    label = f"{origin['package']}/{origin['path']}"
    resource = importlib.resources.files(origin["package"]).joinpath(origin["path"])
    with importlib.resources.as_file(resource) as path:
        frame = pd.read_csv(path, sep=r"\s+", header=None, names=columns, dtype=str, keep_default_na=False)
    return frame, label


def load_whitespace_table(spec: dict) -> pd.DataFrame:
    """Read the file of a data dictionary ``spec`` and check it against the dictionary."""
    from . import _validate  # the same checks as every other dataset

    frame, label = read_whitespace_table(spec["origin"])
    return _validate(frame, spec, label)
