"""Grade ONE submission in a course of its own, with nbgrader's autograde and generate_feedback.

A worker process imports nbgrader once and then grades submissions one after another, each in
a fresh copy of the batch template (source, release, a gradebook holding only this
assignment). The parent merges the result into the main gradebook. Run as
``python -m grader.classgrade.worker``: jobs arrive as JSON lines on stdin, results leave as
JSON lines on the original stdout (everything else is sent to stderr).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import Execute
from traitlets.config import Config

from .checks import prepare_submission
from .course import load_config
from .feedback import FEEDBACK_PREPROCESSORS
from .sandbox import SandboxedExecute


def worker_config(config_file: str | None, root: Path, timeout: int | None, sandbox: bool) -> Config:
    config = load_config(Path(config_file) if config_file else None, root)
    if timeout:
        config.Execute.timeout = timeout
    # A grading kernel has nothing to save: kill it at once instead of waiting for it to exit.
    config.Execute.shutdown_kernel = "immediate"
    config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    if sandbox:
        steps = [SandboxedExecute if step is Execute else step
                 for step in Autograde.class_traits()["autograde_preprocessors"].default()]
        config.Autograde.autograde_preprocessors = steps
    return config


def grade_one(job: dict) -> dict:
    """Autograde (and make the feedback of) ``job['student']``'s submission; see ``Pool``."""
    started = time.monotonic()
    student, assignment = job["student"], job["assignment"]
    root = Path(tempfile.mkdtemp(prefix=f"grade-{student}-", dir=job["work_dir"]))
    config = worker_config(job["config_file"], root, job["timeout"], job["sandbox"])
    coursedir = CourseDirectory(config=config)
    shutil.copytree(job["template"], root, dirs_exist_ok=True)
    submitted = root / coursedir.submitted_directory / student / assignment
    shutil.copytree(job["submission"], submitted)
    release = root / coursedir.release_directory / assignment
    issues = prepare_submission(submitted, release)

    outcome = {"student": student, "root": str(root), "issues": issues}
    if not any(submitted.glob("*.ipynb")):
        outcome.update(ok=False, error="no readable notebook in the submission; graded 0, to be checked by hand")
        outcome["seconds"] = round(time.monotonic() - started, 3)
        return outcome
    api = NbGraderAPI(coursedir=coursedir, config=config)
    result = api.autograde(assignment, student, force=True, create=True)
    outcome["ok"] = bool(result["success"])
    if not result["success"]:
        outcome["error"] = (result.get("log") or "")[-3000:] + (result.get("error") or "")
        print(f"--- {student}: nbgrader autograde failed\n{result.get('log')}\n{result.get('error')}",
              file=sys.stderr, flush=True)
    elif job["feedback"]:
        feedback_ok, message = make_feedback(api, assignment, student)
        if not feedback_ok:
            outcome["issues"].append("feedback could not be generated: " + message[-500:])
    outcome["seconds"] = round(time.monotonic() - started, 3)
    return outcome


def make_feedback(api: NbGraderAPI, assignment: str, student: str):
    """nbgrader's generate_feedback; the configuration hides the hidden tests (``feedback``)."""
    result = api.generate_feedback(assignment, student, force=True)
    return bool(result["success"]), (result.get("error") or "") + (result.get("log") or "")


def _die_with_parent() -> None:
    """Linux: this worker (and so its sandboxes) dies when the batch process is killed."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def main() -> None:
    _die_with_parent()
    # Results go on a private copy of stdout; anything nbgrader or a library prints goes to stderr.
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            outcome = grade_one(job)
        except Exception:  # a bug or a broken submission: report it, keep serving
            outcome = {"student": job.get("student"), "ok": False, "issues": [], "error": traceback.format_exc()}
        channel.write(json.dumps(outcome) + "\n")


if __name__ == "__main__":
    main()
