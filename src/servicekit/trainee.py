"""Data of one's own: every trainee's exercise works on a draw of the case data fixed by their id,
so that a neighbour's numbers score nothing.

    from servicekit import trainee
    trainee.use_id("zhang.wei")                       # the id your instructor gave you
    survey = trainee.draw("natural_gas_survey")       # the survey, resampled for this id
    customers = trainee.integer("business customers", 2000, 9000)

``draw`` resamples the dataset's rows with replacement (the same number of rows), with a seed
made from the dataset's name and the id: a real dataset stays real data, only the sample
differs. ``integer`` picks a whole number the same way. Where the id comes from:

- at grading, the collection: the grader sets ``SERVICEKIT_TRAINEE_ID`` for the trainee's kernel
  and for its own checks, and that id wins over anything the notebook says;
- on a hub, the same variable, set for each trainee's server;
- elsewhere, ``use_id`` in the exercise's first cell.

An instructor looks at any trainee's version by setting the variable
(``SERVICEKIT_TRAINEE_ID=zhang.wei make lab``) and opening the exercise.
"""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pandas as pd

ID_VARIABLE = "SERVICEKIT_TRAINEE_ID"
_entered: str | None = None


def use_id(trainee_id: str) -> None:
    """The id to draw with when none is set for you (at grading and on a hub it is set)."""
    global _entered
    if os.environ.get(ID_VARIABLE, "").strip():
        return  # set for you (at grading, on a hub): that id wins
    if not isinstance(trainee_id, str) or not trainee_id.strip() or trainee_id.strip().upper() == "YOUR ID":
        raise ValueError(f"trainee_id={trainee_id!r}: type the id your instructor gave you, between the quotes")
    _entered = trainee_id.strip()


def current_id() -> str:
    """The id the draws use: the one set for you, else the one you entered."""
    given = os.environ.get(ID_VARIABLE, "")
    if given.strip():
        return given  # exactly as set: "alice " and "alice" are two trainees
    if _entered is None:
        raise ValueError('no trainee id yet: run trainee.use_id("your id") first, with the id your instructor gave you')
    return _entered


def _rng(*parts: str) -> np.random.Generator:
    digest = hashlib.sha256("|".join((current_id(), *parts)).encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def draw(name: str) -> pd.DataFrame:
    """Dataset ``name`` resampled for the current trainee: as many rows, drawn with replacement."""
    from servicekit import data

    table = data.load(name)
    rows = _rng("draw", name).integers(0, len(table), size=len(table))
    return table.iloc[rows].reset_index(drop=True)


def integer(what: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (both included) for the current trainee; ``what``
    names it, so that two numbers of one exercise differ."""
    if low > high:
        raise ValueError(f"low={low} is above high={high}")
    return int(_rng("integer", what).integers(low, high + 1))
