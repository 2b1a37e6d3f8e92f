"""nbgrader's steps on the class server's course, run as the account that owns the course folder,
in it, with the trainees' Python (``grader.hub.course`` starts ``python -m grader.hub.steps``;
the ``grader`` package is the course folder's own copy). One process per command: nbgrader and the
course's settings are loaded once.

    python -m grader.hub.steps release ASSIGNMENT DUE       # DUE: "YYYY-MM-DD HH:MM:SS" in UTC
    python -m grader.hub.steps collect ASSIGNMENT [STUDENT ...]
    python -m grader.hub.steps release_feedback ASSIGNMENT
    python -m grader.hub.steps export FILE
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

SETTINGS = "nbgrader_config.py"


def _api():
    """nbgrader's API under the course's settings (the course folder's ``nbgrader_config.py``)."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(SETTINGS, str(Path.cwd())).load_config()
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _report(result: dict, what: str) -> None:
    print(result.get("log", ""), end="", file=sys.stderr)
    if not result.get("success"):
        raise SystemExit(f"{what} failed:\n{result.get('error', '')}")


def release(assignment: str, due: str) -> None:
    from nbgrader.api import Gradebook

    api = _api()
    api.config.ExchangeReleaseAssignment.force = True  # releasing again replaces the release
    _report(api.generate_assignment(assignment, force=True, create=True), f"generate_assignment {assignment}")
    with Gradebook(api.coursedir.db_url) as gradebook:
        gradebook.update_or_create_assignment(assignment, duedate=datetime.strptime(due, "%Y-%m-%d %H:%M:%S"))
    _report(api.release_assignment(assignment), f"release_assignment {assignment}")


def collect(assignment: str, students: list[str]) -> None:
    api = _api()
    for student in students or [""]:
        api.coursedir.student_id = student
        _report(api.collect(assignment, update=True), f"collect {assignment} {student}".strip())


def release_feedback(assignment: str) -> None:
    _report(_api().release_feedback(assignment), f"release_feedback {assignment}")


def export(out: str) -> None:
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    api = _api()
    with Gradebook(api.coursedir.db_url) as gradebook:
        CsvExportPlugin(config=api.config, to=out).export(gradebook)


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "release":
        release(*args)
    elif command == "collect":
        collect(args[0], args[1:])
    elif command == "release_feedback":
        release_feedback(*args)
    elif command == "export":
        export(*args)
    else:
        raise SystemExit(f"unknown step {command!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
