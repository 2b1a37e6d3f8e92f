"""The class list, exported from the LMS: one row per trainee.

    id,name,email,lms_id,section
    zhang.wei,Zhang Wei,zhang.wei@example.edu,48213,Class A

``id`` is the id the trainee submits under (their folder in ``submitted/``, the id of their data
draw); ``lms_id`` is the LMS's own user id (Canvas's ``ID``); ``section`` may be empty. The
roster is refused whole, naming the row and the column, if a column is missing, an id is empty or
repeated, or an e-mail address has no ``@``: exported grades must match the LMS's people.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("id", "name", "email", "lms_id")


@dataclass(frozen=True)
class Trainee:
    id: str
    name: str
    email: str
    lms_id: str
    section: str = ""


class RosterError(ValueError):
    """The roster file is not as the course gradebook needs it."""


def load(path: Path) -> list[Trainee]:
    """Every trainee of the roster at ``path``, in its order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's UTF-8 export starts with a BOM
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"{path}: cannot be read as UTF-8 text: {error}") from None
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise RosterError(f"{path}: the first row must name the columns {', '.join(COLUMNS)} (and section); "
                          f"missing: {', '.join(missing)}")
    reader.fieldnames = header
    trainees, seen = [], {}
    for line, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise RosterError(f"{path}, row {line}: has {'more' if None in row else 'fewer'} fields than the header")
        values = {key: (row.get(key) or "").strip() for key in (*COLUMNS, "section")}
        for key in ("id", "name", "lms_id"):
            if not values[key]:
                raise RosterError(f"{path}, row {line}: {key} is empty")
        if "@" not in values["email"]:
            raise RosterError(f"{path}, row {line}: email={values['email']!r} is not an e-mail address")
        for key in ("id", "email", "lms_id"):
            first = seen.setdefault((key, values[key].lower()), line)
            if first != line:
                raise RosterError(f"{path}, row {line}: {key}={values[key]!r} is already on row {first}")
        trainees.append(Trainee(**values))
    if not trainees:
        raise RosterError(f"{path}: no trainee in the roster")
    return trainees
