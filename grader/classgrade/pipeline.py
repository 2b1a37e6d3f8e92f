"""Grade a whole class: collect, autograde in parallel and sandboxed, feedback, grades, report."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tqdm import tqdm

from servicekit.setup_lab import course_root

from .course import Course, build_template
from .merge import Journal, fingerprint, merge_grades, open_main, record_failure, replace_folder
from .pool import run_jobs
from .sandbox import Limits, python_paths, tools_missing


@dataclass
class Options:
    jobs: int = os.cpu_count() or 1
    timeout: int | None = None          # seconds per cell (None: the course's c.Execute.timeout)
    student_limit: float = 900.0        # wall-clock seconds for one whole submission
    sandbox: bool = True
    feedback: bool = True
    regrade: bool = False
    progress: bool = True
    limits: Limits = field(default_factory=Limits)
    work_dir: Path | None = None
    report: bool = True


@dataclass
class Summary:
    assignment: str
    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    issues: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    files: dict[str, str] = field(default_factory=dict)


def unpack_zip(course: Course, assignment: str, archive: Path) -> list[str]:
    """Put a zip of submissions into ``submitted/<student>/<assignment>/``; return the students.

    Accepted names: ``<student>/<file>`` (any depth; a folder named like the assignment is
    dropped), ``<student>_<notebook>.ipynb``, and for a one-notebook assignment
    ``<student>.ipynb``. Absolute paths and ``..`` are refused.
    """
    notebooks = course.notebook_names(assignment)
    students = set()
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            path = PurePosixPath(info.filename)
            if info.is_dir() or path.name.startswith(".") or "__MACOSX" in path.parts:
                continue
            if path.is_absolute() or ".." in path.parts:
                raise ValueError(f"archive={archive}: unsafe member name {info.filename!r}")
            if len(path.parts) > 1:
                student, rest = path.parts[0], [p for p in path.parts[1:] if p != assignment]
                relative = PurePosixPath(*rest)
            else:
                student, relative = _split_flat_name(path.name, notebooks)
            target = course.folder("submitted") / student / assignment / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zipped.read(info))
            students.add(student)
    return sorted(students)


def _split_flat_name(name: str, notebooks: list[str]) -> tuple[str, PurePosixPath]:
    for notebook in notebooks:
        suffix = f"_{notebook}.ipynb"
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], PurePosixPath(notebook + ".ipynb")
    if len(notebooks) == 1 and name.endswith(".ipynb"):
        return name[: -len(".ipynb")].split("_")[0], PurePosixPath(notebooks[0] + ".ipynb")
    raise ValueError(f"cannot tell the student and the notebook from the file name {name!r}")


def submitted_students(course: Course, assignment: str) -> list[str]:
    folder = course.folder("submitted")
    return sorted(p.parent.name for p in folder.glob(f"*/{assignment}") if p.is_dir())


def grade_class(course: Course, assignment: str, submissions: Path | None = None,
                options: Options | None = None) -> Summary:
    options = options or Options()
    started = time.monotonic()
    summary = Summary(assignment)
    if submissions is not None:
        _collect(course, assignment, Path(submissions))
    students = submitted_students(course, assignment)
    if not students:
        raise ValueError(f"assignment={assignment!r}: no submission under {course.folder('submitted')}")
    if options.sandbox and tools_missing():
        raise RuntimeError(
            f"the sandbox needs {', '.join(tools_missing())}: install bubblewrap and util-linux "
            "(see grader/INSTRUCTOR_GUIDE.md), or pass --no-sandbox only for code you trust")

    journal = Journal(course, assignment)
    finished = journal.finished()
    prints = {s: fingerprint(course.folder("submitted") / s / assignment) for s in students}
    todo = []
    for student in students:
        entry = finished.get(student)
        if not options.regrade and entry and entry.get("fingerprint") == prints[student]:
            summary.skipped.append(student)
        else:
            todo.append(student)

    work_dir = Path(tempfile.mkdtemp(prefix="classgrade-", dir=options.work_dir))
    # The kernels' Unix sockets live in `runtime`: a socket path must stay under 108 bytes, so it
    # is a short folder in /tmp whatever work_dir is.
    runtime = Path(tempfile.mkdtemp(prefix="cgk-", dir="/tmp" if len(tempfile.gettempdir()) > 40 else None))
    for folder in (work_dir, runtime):
        os.chmod(folder, 0o755)
    try:
        if todo:
            _grade(course, assignment, todo, prints, journal, work_dir, runtime, options, summary)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        shutil.rmtree(runtime, ignore_errors=True)
    summary.seconds = round(time.monotonic() - started, 2)
    if options.report:
        from .report import write_reports

        summary.files = write_reports(course, assignment)
    return summary


def _collect(course: Course, assignment: str, submissions: Path) -> None:
    if submissions.suffix == ".zip":
        unpack_zip(course, assignment, submissions)
        return
    if submissions.resolve() == course.folder("submitted").resolve():
        return
    for folder in sorted(submissions.glob(f"*/{assignment}")):
        replace_folder(folder, course.folder("submitted") / folder.parent.name / assignment)


def _grade(course, assignment, todo, prints, journal, work_dir, runtime, options, summary) -> None:
    template = build_template(course, assignment, work_dir)
    limits = options.limits
    if not limits.readable:
        limits.readable = [str(p) for p in _public_folders(course)]
    limits.protected = sorted({str(course.root), str(course.folder("source")), str(Path(__file__).parents[1])})
    env = {**limits.to_env(), "CLASSGRADE_RUNTIME": str(runtime)}
    jobs = [{
        "student": student, "assignment": assignment,
        "submission": str(course.folder("submitted") / student / assignment),
        "template": str(template.root), "work_dir": str(work_dir),
        "config_file": str(course.config_file) if course.config_file else None,
        "timeout": options.timeout, "sandbox": options.sandbox, "feedback": options.feedback,
    } for student in todo]
    bar = tqdm(total=len(jobs), desc=f"grading {assignment}", unit="submission",
               disable=not options.progress, dynamic_ncols=True)
    log_dir = course.state_dir / assignment / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with bar, open_main(course) as main:
        bar.set_postfix(done=0, failed=0, left=len(jobs))
        for outcome in run_jobs(jobs, options.jobs, options.student_limit, log_dir, env):
            _finish(course, main, assignment, outcome, prints, journal, summary)
            bar.update(1)
            bar.set_postfix(done=len(summary.graded), failed=len(summary.failed),
                            left=len(jobs) - len(summary.graded) - len(summary.failed))


def _finish(course, main, assignment, outcome, prints, journal, summary) -> None:
    student = outcome["student"]
    root = Path(outcome["root"]) if outcome.get("root") else None
    if outcome["ok"]:
        merge_grades(main, f"sqlite:///{root / 'gradebook.db'}", assignment, student)
        for kind in ("autograded", "feedback"):
            here = root / getattr(course.coursedir(), f"{kind}_directory") / student / assignment
            replace_folder(here, course.folder(kind) / student / assignment)
        summary.graded.append(student)
    else:
        record_failure(main, assignment, student)
        for kind in ("autograded", "feedback"):  # nothing stale from an earlier batch
            shutil.rmtree(course.folder(kind) / student / assignment, ignore_errors=True)
        summary.failed[student] = _first_line(outcome.get("error", ""))
    if outcome.get("issues"):
        summary.issues[student] = outcome["issues"]
    journal.add({"student": student, "fingerprint": prints[student], "ok": outcome["ok"],
                 "issues": outcome.get("issues", []), "error": _first_line(outcome.get("error", "")),
                 "seconds": outcome.get("seconds")})
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def _first_line(error: str) -> str:
    """The line of an error log that says what went wrong (the last exception line, if any)."""
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    named = [line for line in lines if re.match(r"^[\w.]*(Error|Exception|Interrupt)\b", line)]
    return (named or lines or [""])[-1][:300]


def _public_folders(course: Course) -> list[Path]:
    """Course folders trainees already have, which their code may read: code and datasets."""
    kit = course_root()
    found = [course.root / "datasets", kit / "datasets", kit / "src"]
    return [p for p in dict.fromkeys(found) if p.exists() and str(p) not in python_paths()]


def regenerate_feedback(course: Course, assignment: str, student: str | None = None) -> dict:
    """Feedback again from the main course (after manual grading), hidden tests taken out."""
    import copy

    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from .feedback import FEEDBACK_PREPROCESSORS

    config = copy.deepcopy(course.config)
    config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    return api.generate_feedback(assignment, student, force=True)
