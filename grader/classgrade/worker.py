"""Grade ONE submission in a course of its own, with nbgrader's autograde and generate_feedback.

A worker process imports nbgrader once and then grades submissions one after another, each in
a fresh copy of the batch template (source, release, a gradebook holding only this
assignment). nbgrader's ``Execute`` step is replaced by ``evaluate.Evaluate`` (the trainee's
cells in the sandbox, the checks here); feedback goes through the allowlist (``feedback``). The
parent merges the result into the main gradebook. Run as ``python -m grader.classgrade.worker``:
jobs arrive as JSON lines on stdin, results leave as JSON lines on the original stdout
(everything else is sent to stderr).
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

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets.config import Config

from .checks import prepare_submission
from .course import load_config
from .evaluate import Evaluate
from .feedback import allowlist_feedback

#: Created in the worker's course by ``Evaluate`` when a cell or a call ran out of time.
TIMED_OUT = "timed-out"
#: nbgrader's own autograde steps, with ``Evaluate`` where its ``Execute`` was.
SANITIZE_STEPS = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
AUTOGRADE_STEPS = [Evaluate, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
                   AssignLatePenalties, CheckCellMetadata]


def worker_config(job: dict, root: Path) -> Config:
    config = load_config(Path(job["config_file"]) if job.get("config_file") else None, root)
    if job.get("timeout"):
        config.Execute.timeout = job["timeout"]
    # A grading kernel has nothing to save: kill it at once instead of waiting for it to exit.
    config.Execute.shutdown_kernel = "immediate"
    config.Autograde.sanitize_preprocessors = SANITIZE_STEPS
    config.Autograde.autograde_preprocessors = AUTOGRADE_STEPS
    allowlist_feedback(config)
    coursedir = CourseDirectory(config=config)
    assignment = job["assignment"]
    config.Evaluate.source_dir = str(root / coursedir.source_directory / assignment)
    config.Evaluate.release_dir = str(root / coursedir.release_directory / assignment)
    config.Evaluate.assignment = assignment
    config.Evaluate.sandboxed = bool(job["sandbox"])
    config.Evaluate.uid = int(job.get("uid", 200_000))
    config.Evaluate.group_name = job.get("group", "")
    config.Evaluate.limits = job.get("limits", {})
    config.Evaluate.readable = job.get("readable", [])
    config.Evaluate.protected = job.get("protected", [])
    config.Evaluate.timeout_marker = str(root / TIMED_OUT)
    config.Evaluate.trainee_id = job.get("trainee_id", "")
    return config


def grade_one(job: dict) -> dict:
    """Autograde (and make the feedback of) ``job['student']``'s submission; see ``Pool``."""
    started = time.monotonic()
    student, assignment = job["student"], job["assignment"]
    root = Path(tempfile.mkdtemp(prefix="grade-", dir=job["work_dir"]))
    config = worker_config(job, root)
    coursedir = CourseDirectory(config=config)
    shutil.copytree(job["template"], root, dirs_exist_ok=True)
    submitted = root / coursedir.submitted_directory / student / assignment
    # The staged submission was written by the batch process: regular files only.
    shutil.copytree(job["submission"], submitted, symlinks=True)
    release = root / coursedir.release_directory / assignment
    issues = prepare_submission(submitted, release)

    outcome = {"student": student, "root": str(root), "issues": issues, "timed_out": False}
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
    else:
        outcome["timed_out"] = (root / TIMED_OUT).exists()
        if job["feedback"]:
            feedback_ok, message = make_feedback(api, assignment, student)
            if not feedback_ok:
                outcome["issues"].append("feedback could not be generated: " + message[-500:])
    outcome["seconds"] = round(time.monotonic() - started, 3)
    return outcome


def make_feedback(api: NbGraderAPI, assignment: str, student: str):
    """nbgrader's generate_feedback, through the allowlist (``feedback``)."""
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
