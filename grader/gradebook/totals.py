"""Per trainee and assignment: points, lateness, penalty and final score; and the course total.

    final = points × (1 − late fraction)                       (``late.late_fraction``)
    course total (%) = Σ weight × final / out of  ÷  Σ weight × 100,

the sums over the assignments graded so far (an assignment nobody has been graded on yet is left
out and named; a trainee with no submission of a graded assignment gets 0 for it). Points are
nbgrader's: autograded and manual scores together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from grader.classgrade import collect

from .config import CourseConfig
from .late import late_fraction
from .roster import Trainee


@dataclass
class Result:
    assignment: str
    submitted: bool
    points: float          # before the penalty
    out_of: float
    seconds_late: float
    penalty: float         # points taken off
    final: float
    needs_manual_grade: bool
    lost: list[tuple[str, float, float]] = field(default_factory=list)   # (question, got, of)


@dataclass
class CourseTotals:
    trainees: list[Trainee]
    results: dict[str, dict[str, Result]]      # trainee id -> assignment -> result
    counted: list[str]                         # assignments in the total (graded so far)
    not_graded: list[str]                      # in course.yml, nobody graded yet
    unknown: list[str]                         # graded trainees who are not on the roster

    def total_percent(self, trainee_id: str, config: CourseConfig) -> float:
        weights = {a.name: a.weight for a in config.assignments if a.name in self.counted}
        if not weights or sum(weights.values()) == 0:
            return 0.0
        results = self.results[trainee_id]
        earned = sum(w * results[name].final / results[name].out_of for name, w in weights.items() if results[name].out_of)
        return round(100 * earned / sum(weights.values()), 2)


def question_label(grade_name: str) -> str:
    """``q3_tests`` -> ``Question 3``; ``q7_written`` -> ``Question 7 (written)``."""
    match = re.fullmatch(r"q(\d+)_(tests|written|answer)", grade_name)
    if not match:
        return grade_name
    return f"Question {match.group(1)}" + (" (written)" if match.group(2) == "written" else "")


def course_totals(course_root: Path, db_url: str, config: CourseConfig, roster: list[Trainee]) -> CourseTotals:
    """Read every assignment of ``config`` for every trainee of ``roster`` from the gradebook."""
    table = collect.load_table(Path(course_root) / ".classgrade")
    by_id = {trainee.id: trainee for trainee in roster}
    results = {trainee.id: {} for trainee in roster}
    counted, not_graded, unknown = [], [], set()
    with Gradebook(db_url) as gb:
        for entry in config.assignments:
            try:
                assignment = gb.find_assignment(entry.name)
            except MissingEntry:
                assignment = None
            submissions = list(assignment.submissions) if assignment is not None else []
            if not submissions:
                not_graded.append(entry.name)
                continue
            counted.append(entry.name)
            out_of = float(assignment.max_score)
            found = {}
            for submission in submissions:
                trainee_id = collect.student_id(submission.student.id, table)
                if trainee_id not in by_id:
                    unknown.add(trainee_id)
                    continue
                points = float(submission.score)
                late = float(submission.total_seconds_late)
                penalty = round(points * late_fraction(late, config.percent_per_day), 2)
                lost = [(question_label(grade.name), float(grade.score), float(grade.max_score))
                        for notebook in submission.notebooks for grade in notebook.grades
                        if grade.max_score and grade.score < grade.max_score]
                found[trainee_id] = Result(entry.name, True, points, out_of, late, penalty, round(points - penalty, 2),
                                           bool(submission.needs_manual_grade), sorted(lost))
            for trainee in roster:
                results[trainee.id][entry.name] = found.get(trainee.id) or Result(
                    entry.name, False, 0.0, out_of, 0.0, 0.0, 0.0, False, [("no submission", 0.0, out_of)])
    return CourseTotals(roster, results, counted, not_graded, sorted(unknown))
