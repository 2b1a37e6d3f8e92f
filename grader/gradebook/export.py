"""Grades in the files the common LMSs import.

- **Canvas** (Grades → Import): the gradebook CSV: ``Student``, ``ID`` (Canvas's user id),
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment named as in
  Canvas (``lms_name`` in ``grader/course.yml``), a second row ``Points Possible`` with each
  assignment's points, then one row per trainee of the roster.
- **Moodle** (Grades → Import → CSV file): ``Email address`` (the column that identifies the
  user; map it to "Email address" on import), then one column per grade item, named as the item.

Scores are final points (late penalties taken off), rounded to 2 decimals; a trainee with no
submission gets 0. Only assignments graded so far are exported (``CourseTotals.counted``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from .config import CourseConfig
from .totals import CourseTotals

CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_ID = "Email address"


def _columns(totals: CourseTotals, config: CourseConfig):
    return [config.assignment(name) for name in totals.counted]


def canvas(totals: CourseTotals, config: CourseConfig, path: Path) -> Path:
    columns = _columns(totals, config)
    with Path(path).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CANVAS_FIXED + [a.lms_name for a in columns])
        writer.writerow(["Points Possible", "", "", "", ""]
                        + [_number(totals.results[totals.trainees[0].id][a.name].out_of) for a in columns])
        for trainee in totals.trainees:
            writer.writerow([trainee.name, trainee.lms_id, trainee.id, trainee.email, trainee.section]
                            + [_number(totals.results[trainee.id][a.name].final) for a in columns])
    return Path(path)


def moodle(totals: CourseTotals, config: CourseConfig, path: Path) -> Path:
    columns = _columns(totals, config)
    with Path(path).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([MOODLE_ID] + [a.lms_name for a in columns])
        for trainee in totals.trainees:
            writer.writerow([trainee.email] + [_number(totals.results[trainee.id][a.name].final) for a in columns])
    return Path(path)


def _number(value: float) -> str:
    return f"{round(value, 2):g}"
