"""``python -m grader.gradebook --roster roster.csv``: the course gradebook (see the package doc)."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from servicekit.setup_lab import course_root

from . import config as course_config
from . import export, report, roster
from .totals import course_totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.gradebook", description=__doc__)
    parser.add_argument("--roster", type=Path, required=True, help="the class list from the LMS (CSV: id,name,email,lms_id,section)")
    parser.add_argument("--course-root", type=Path, default=None, help="default: the course the current directory is in")
    parser.add_argument("--out", type=Path, default=None, help="default: grades/course/ of the course")
    args = parser.parse_args(argv)
    root = (args.course_root or course_root()).resolve()
    try:
        config = course_config.load(root)
        trainees = roster.load(args.roster)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    totals = course_totals(root, f"sqlite:///{root / 'gradebook.db'}", config, trainees)
    out = (args.out or root / "grades" / "course").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with (out / "course_totals.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email", *totals.counted, "total_percent"])
        for trainee in trainees:
            writer.writerow([trainee.id, trainee.name, trainee.email,
                             *(f"{totals.results[trainee.id][a].final:g}" for a in totals.counted),
                             f"{totals.total_percent(trainee.id, config):g}"])
    export.canvas(totals, config, out / "canvas_gradebook.csv")
    export.moodle(totals, config, out / "moodle_grades.csv")
    pages = report.write_pages(totals, config, out / "trainees")
    print(f"course gradebook in {out}: course_totals.csv, canvas_gradebook.csv, moodle_grades.csv, "
          f"{len(pages)} trainee pages")
    print(f"in the total: {', '.join(totals.counted) or '(nothing graded yet)'}")
    if totals.not_graded:
        print(f"not graded yet (left out): {', '.join(totals.not_graded)}")
    if totals.unknown:
        print(f"WARNING: graded but not on the roster (their grades are in no export): {', '.join(totals.unknown)}")
    waiting = sorted({t for t, rs in totals.results.items() for r in rs.values() if r.needs_manual_grade})
    if waiting:
        print(f"WARNING: written answers not graded yet for: {', '.join(waiting)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
