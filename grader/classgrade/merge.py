"""Copy one graded submission from a worker's course into the main course, as nbgrader would.

The main gradebook receives exactly the fields ``nbgrader autograde`` writes (SaveAutoGrades,
AssignLatePenalties, the submission's timestamp); manual scores already given are kept, and a
grade that has one is marked for review again, as nbgrader does. Only the parent process writes
the main gradebook, one submission at a time.
"""

from __future__ import annotations

import json
import shutil
import time
import warnings
from pathlib import Path

from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from .course import Course


def merge_grades(main: Gradebook, worker_db_url: str, assignment: str, student: str) -> None:
    """Copy ``student``'s autograde results from a worker's gradebook into ``main`` (open)."""
    with Gradebook(worker_db_url) as source:
        graded = source.find_submission(assignment, student)
        main.update_or_create_student(student)
        if graded.timestamp is not None:
            main.update_or_create_submission(assignment, student, timestamp=graded.timestamp)
        else:
            main.update_or_create_submission(assignment, student)
        for notebook in graded.notebooks:
            target = main.find_submission_notebook(notebook.name, assignment, student)
            target.late_submission_penalty = notebook.late_submission_penalty
            for grade in notebook.grades:
                into = main.find_grade(grade.name, notebook.name, assignment, student)
                into.auto_score = grade.auto_score
                into.needs_manual_grade = grade.needs_manual_grade or into.manual_score is not None
            for comment in notebook.comments:
                main.find_comment(comment.name, notebook.name, assignment, student).auto_comment = comment.auto_comment
        main.db.commit()


def record_failure(main: Gradebook, assignment: str, student: str) -> None:
    """A submission that could not be graded: every grade 0 and marked for manual grading."""
    main.update_or_create_student(student)
    submission = main.update_or_create_submission(assignment, student)
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = True
    main.db.commit()


def open_main(course: Course) -> Gradebook:
    """The main gradebook, opened once per batch (only the batch process writes it)."""
    # nbgrader's update_or_create_submission triggers a harmless SQLAlchemy autoflush warning.
    warnings.filterwarnings("ignore", category=SAWarning)
    return Gradebook(course.db_url)


def replace_folder(source: Path, target: Path) -> None:
    """Put a copy of ``source`` at ``target``, replacing what was there (removing it if no source)."""
    staging = target.with_name(target.name + ".incoming")
    shutil.rmtree(staging, ignore_errors=True)
    if source.exists():
        shutil.copytree(source, staging)
    shutil.rmtree(target, ignore_errors=True)
    if staging.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(target)


class Journal:
    """What this assignment's batches finished: one JSON line per graded submission.

    A line is written only after the submission's grades, autograded notebook and feedback are
    all in the main course, so a batch stopped at any point can be run again: finished work is
    skipped, unfinished work is graded from scratch (merging is idempotent).
    """

    def __init__(self, course: Course, assignment: str):
        self.path = course.state_dir / assignment / "journal.jsonl"

    def finished(self) -> dict[str, dict]:
        entries = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:  # a line cut by a kill: that student is not finished
                    continue
                entries[entry["student"]] = entry
        return entries

    def add(self, entry: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {**entry, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")
            out.flush()
