"""Grade a whole class: collect, autograde in parallel and sandboxed, feedback, grades, report.

One trainee's trouble (a bad file, a crash, a time-out) is recorded for that trainee and
flagged in the summary and the report; it never stops the batch. A submission that ran out of
time beside others is graded again alone.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from tqdm import tqdm

from servicekit.setup_lab import course_root

from . import collect
from .course import Course, build_template
from .merge import Journal, merge_grades, open_main, record_failure, replace_folder
from .pool import run_jobs
from .sandbox import BASE_UID, Limits, python_paths
from .sandbox import missing as sandbox_missing


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
    readable: list[str] = field(default_factory=list)   # extra read-only folders (default: the course's public ones)
    # The instructor's word that files first seen now were in by then (a download from the LMS made
    # after the deadline); None: the time of this run. Never a time from the trainee's files.
    received_by: datetime | None = None


@dataclass
class Summary:
    assignment: str
    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    issues: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    files: dict[str, str] = field(default_factory=dict)


def submitted_students(course: Course, assignment: str) -> list[str]:
    """The trainee folders of ``submitted/`` that hold this assignment (a link counts too: it is
    then read as holding nothing, and flagged)."""
    folder = course.folder("submitted")
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if os.path.lexists(p / assignment))


def grade_class(course: Course, assignment: str, submissions: Path | None = None,
                options: Options | None = None) -> Summary:
    options = options or Options()
    started = time.monotonic()
    summary = Summary(assignment)
    notebooks = course.notebook_names(assignment)
    if options.sandbox and sandbox_missing():
        raise RuntimeError(
            "refusing to grade untrusted work: the sandbox needs " + "; ".join(sandbox_missing())
            + " (see grader/INSTRUCTOR_GUIDE.md); --no-sandbox is only for code you trust")
    state = course.state_dir / assignment
    table = collect.load_table(course.state_dir)
    if submissions is not None:
        _collect(course, assignment, Path(submissions), notebooks, table, summary)
    collect.save_table(course.state_dir, table)
    students = [s for s in submitted_students(course, assignment) if s not in summary.failed]
    if not students and not summary.failed:
        raise ValueError(f"assignment={assignment!r}: no submission under {course.folder('submitted')}")

    ledger = collect.Ledger(state)
    journal = Journal(course, assignment)
    finished = journal.finished()
    work_dir = Path(tempfile.mkdtemp(prefix="classgrade-", dir=options.work_dir))
    # The kernels' Unix sockets live in `runtime`: a socket path must stay under 108 bytes, so it
    # is a short folder in /tmp whatever work_dir is.
    runtime = Path(tempfile.mkdtemp(prefix="cgk-", dir="/tmp" if len(tempfile.gettempdir()) > 40 else None))
    for folder in (work_dir, runtime):
        os.chmod(folder, 0o755)
    staged, prints = {}, {}
    try:
        for student in students:
            files, problems = collect.read_submission(course.folder("submitted") / student / assignment, notebooks)
            if problems:
                summary.issues.setdefault(student, []).extend(problems)
            received = ledger.received(student, files, now=options.received_by)
            prints[student] = collect.fingerprint(files) + "@" + received
            entry = finished.get(student)
            if not options.regrade and entry and entry.get("fingerprint") == prints[student]:
                summary.skipped.append(student)
                continue
            # What the worker grades: the notebooks as read here, and the kit's time of receipt.
            staged[student] = work_dir / "in" / student
            collect.write_submission(staged[student], {**files, "timestamp.txt": received.encode()})
        ledger.save()
        if staged:
            _grade(course, assignment, staged, prints, journal, work_dir, runtime, options, summary)
    finally:
        for folder in (work_dir, runtime):
            _remove(folder)
    summary.seconds = round(time.monotonic() - started, 2)
    if options.report:
        from .report import write_reports

        summary.files = write_reports(course, assignment)
    return summary


def _collect(course: Course, assignment: str, submissions: Path, notebooks: list[str],
             table: dict[str, str], summary: Summary) -> None:
    """Bring a zip, or a folder of ``<trainee>/<assignment>/`` folders, into ``submitted/``."""
    if submissions.suffix == ".zip":
        found = collect.read_zip(submissions, assignment, notebooks, table)
    else:
        found = collect.Collection()
        if submissions.resolve() == course.folder("submitted").resolve():
            return
        for trainee in sorted(submissions.iterdir()):
            folder = collect.folder_name(trainee.name, table)
            files, problems = collect.read_submission(trainee / assignment, notebooks)
            for problem in problems:
                found.note(folder, problem)
            if files:
                found.files[folder] = files
    for folder, files in found.files.items():
        collect.write_submission(course.folder("submitted") / folder / assignment, files)
    for folder, problems in found.problems.items():
        summary.issues.setdefault(folder or "(the archive)", []).extend(problems)
    for folder, message in found.conflicts.items():
        summary.failed[folder] = message


def _grade(course, assignment, staged, prints, journal, work_dir, runtime, options, summary) -> None:
    template = build_template(course, assignment, work_dir)
    readable = options.readable or [str(p) for p in _public_folders(course)]
    protected = sorted({str(course.root), str(course.folder("source")), str(Path(__file__).parents[1])})
    uids = _fresh_uids(len(staged))
    table = collect.load_table(course.state_dir)
    jobs = [{
        "student": student, "assignment": assignment, "submission": str(folder),
        # The trainee's id comes from the collection (the folder), never from the notebook.
        "trainee_id": collect.student_id(student, table),
        "template": str(template.root), "work_dir": str(work_dir),
        "config_file": str(course.config_file) if course.config_file else None,
        "timeout": options.timeout, "sandbox": options.sandbox, "feedback": options.feedback,
        "uid": uid, "group": f"{os.getpid()}-{uid}", "limits": asdict(options.limits),
        "readable": readable, "protected": protected,
    } for (student, folder), uid in zip(staged.items(), uids)]
    env = {"CLASSGRADE_RUNTIME": str(runtime)}
    bar = tqdm(total=len(jobs), desc=f"grading {assignment}", unit="submission",
               disable=not options.progress, dynamic_ncols=True)
    log_dir = course.state_dir / assignment / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    retry = []
    with bar, open_main(course) as main:
        bar.set_postfix(done=0, failed=0, left=len(jobs))
        for outcome in run_jobs(jobs, options.jobs, options.student_limit, log_dir, env):
            if _out_of_time(outcome) and options.jobs > 1 and len(jobs) > 1:
                job = next(job for job in jobs if job["student"] == outcome["student"])
                uid = _fresh_uids(1)[0]  # a new uid: nothing of the first run is the second's
                retry.append({**job, "uid": uid, "group": f"{os.getpid()}-{uid}"})
                _drop(outcome)
                continue
            if _out_of_time(outcome):
                outcome.setdefault("issues", []).append("timed out, graded alone: the time-outs are the trainee's code")
            _finish(course, main, assignment, outcome, prints, journal, summary)
            bar.update(1)
            bar.set_postfix(done=len(summary.graded), failed=len(summary.failed), left=len(jobs) - bar.n)
        # Ran out of time beside other submissions: graded again alone, so that a neighbour's
        # load cannot cost an honest trainee marks. The second result stands, flagged.
        for outcome in run_jobs(retry, 1, options.student_limit, log_dir, env):
            again = "timed out again when graded alone: the time-outs are the trainee's code" if _out_of_time(outcome) \
                else "timed out beside other submissions; graded again alone"
            outcome.setdefault("issues", []).append(again)
            _finish(course, main, assignment, outcome, prints, journal, summary)
            bar.update(1)


def _remove(folder: Path) -> None:
    """Remove a folder whatever is in it (``rm`` is not recursive in Python's stack)."""
    subprocess.run(["rm", "-rf", "--one-file-system", "--", str(folder)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _out_of_time(outcome: dict) -> bool:
    """A cell or a call ran out of time (the evaluator's own flag). A submission that used up its
    whole time limit is not graded again: it is recorded as failed, for a person."""
    return bool(outcome.get("timed_out"))


def _drop(outcome: dict) -> None:
    if outcome.get("root"):
        _remove(Path(outcome["root"]))


def _fresh_uids(count: int) -> list[int]:
    """A uid of its own for each submission of the batch (none shared with another batch's, but
    by a chance of about one in a million): no keyring, file or process of one trainee's sandbox
    is another's."""
    chosen: set[int] = set()
    while len(chosen) < count:
        chosen.add(BASE_UID + secrets.randbelow(1_000_000_000))
    return sorted(chosen)


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
        summary.issues.setdefault(student, []).extend(outcome["issues"])
    journal.add({"student": student, "fingerprint": prints[student], "ok": outcome["ok"],
                 "issues": outcome.get("issues", []), "error": _first_line(outcome.get("error", "")),
                 "seconds": outcome.get("seconds")})
    if root is not None:
        _remove(root)


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

    from .feedback import allowlist_feedback

    config = copy.deepcopy(course.config)
    allowlist_feedback(config)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    return api.generate_feedback(assignment, student, force=True)
