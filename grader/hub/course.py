"""The instructors' commands on the class server's course (``python -m grader.hub <command>``, as
root, from the kit's folder):

- ``release A``: record A in the PostgreSQL gradebook (its source cells, the due date of
  ``grader/course.yml``) and put the release in the exchange;
- ``grade A``: collect A from the exchange (each submission under the account that made it),
  then the kit's class pipeline (``python -m grader.classgrade grade A``) on what was collected,
  writing the PostgreSQL gradebook. Every option of that command is passed on;
- ``classgrade grade|report|feedback ...``: any of the pipeline's commands on that course and
  gradebook (``feedback`` again after manual grading);
- ``feedback A``: the feedback the pipeline made (hidden checks cut out) into the exchange, where
  each trainee's lab fetches their own;
- ``export FILE``: nbgrader's grade export, read from PostgreSQL.

nbgrader's own steps (``grader.hub.steps``: release, collect, release feedback, export) run as the
account that owns the course folder (the grader account), with the trainees' Python, as formgrader's
buttons would; only the pipeline runs as root, which its sandbox needs.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import stat
import subprocess
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from .install import SetupError
from .settings import Settings

#: What nbgrader writes beside a submission that release_feedback needs in the feedback folder.
SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")


def course_settings_file(course: Path) -> Path:
    return Path(course) / "nbgrader_config.py"


def gradebook_url(course: Path) -> str:
    """The gradebook the course's settings name (``c.CourseDirectory.db_url``)."""
    path = course_settings_file(course)
    config = PyFileConfigLoader(path.name, str(path.parent)).load_config()
    url = config.CourseDirectory.get("db_url")
    if not url:
        raise SetupError(f"{path} names no gradebook (c.CourseDirectory.db_url): run python -m grader.hub setup")
    return url


def as_owner(settings: Settings, course: Path, argv: list[str]) -> subprocess.CompletedProcess:
    """``python argv`` with the trainees' Python, as the account that owns the course folder, in it."""
    info = os.stat(course)
    user = pwd.getpwuid(info.st_uid)
    env = {"PATH": f"{settings.user_env / 'bin'}:/usr/bin:/bin", "HOME": user.pw_dir, "USER": user.pw_name,
           "LANG": os.environ.get("LANG", "C.UTF-8"), "PYTHONPATH": str(course)}
    result = subprocess.run([str(settings.user_env / "bin" / "python"), *argv], cwd=course, env=env,
                            user=user.pw_uid, group=info.st_gid, extra_groups=[info.st_gid] if user.pw_uid else None,
                            capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise SetupError(f"{' '.join(argv)} (as {user.pw_name}) failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return result


@contextmanager
def course_lock(course: Path):
    """One grading batch at a time per course folder: a second waits for the first (the journal then
    skips what the first finished). Graders working at once use course folders of their own, with the
    one gradebook (see the instructor guide)."""
    state = Path(course) / ".classgrade"
    state.mkdir(exist_ok=True)
    with open(state / "hub-grade.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def hand_back(course: Path, names=("submitted", "autograded", "feedback", "grades", ".classgrade")) -> None:
    """What root wrote in the course folder becomes the folder owner's again (formgrader, run by
    that account, reads and writes it)."""
    info = os.stat(course)
    for name in names:
        top = Path(course) / name
        if not top.exists():
            continue
        for path in [top, *top.rglob("*")]:
            os.lchown(path, info.st_uid, info.st_gid)
            if not path.is_symlink():
                os.chmod(path, path.stat().st_mode | (0o070 if path.is_dir() else 0o060))


def release(settings: Settings, assignment: str, course: Path | None = None) -> str:
    course = Path(course or settings.course_dir)
    from grader.gradebook.config import load as load_course

    try:
        due = load_course(course).assignment(assignment).due.astimezone(timezone.utc)
    except (KeyError, ValueError) as error:  # not in grader/course.yml, or the file is malformed
        raise SetupError(error.args[0] if error.args else str(error)) from None
    return as_owner(settings, course, ["-m", "grader.hub.steps", "release", assignment, f"{due:%Y-%m-%d %H:%M:%S}"]).stderr


def collect(settings: Settings, assignment: str, course: Path | None = None, students=()) -> str:
    course = Path(course or settings.course_dir)
    return as_owner(settings, course, ["-m", "grader.hub.steps", "collect", assignment, *students]).stderr


def classgrade(settings: Settings, argv: list[str], course: Path | None = None) -> int:
    """``python -m grader.classgrade`` (grade, report or feedback) on the course folder, with the
    gradebook its settings name."""
    from grader.classgrade import __main__ as cli

    course = Path(course or settings.course_dir).resolve()
    url = gradebook_url(course)

    class CourseWithItsGradebook(cli.Course):
        """The pipeline's Course.open gives a course the SQLite gradebook beside it; the class
        server's is the one the course's settings name (PostgreSQL)."""

        @classmethod
        def open(cls, root, config_file=None):
            opened = super().open(root, config_file)
            opened.config.CourseDirectory.db_url = url
            return opened

    command, *rest = argv
    where = ["--course-root", str(course), "--config", str(course_settings_file(course))]
    if command == "grade":
        work = course / ".classgrade" / "work"   # inside the course folder: no trainee can look in
        work.mkdir(parents=True, exist_ok=True)
        where += ["--work-dir", str(work)]
    saved, cli.Course = cli.Course, CourseWithItsGradebook
    try:
        return cli.main([command, *where, *rest])
    finally:
        cli.Course = saved
        hand_back(course)


def grade(settings: Settings, assignment: str, classgrade_args: list[str], course: Path | None = None,
          collect_first: bool = True, students=()) -> int:
    """Collect (unless told not to, or given ``--submissions``), then the kit's pipeline."""
    course = Path(course or settings.course_dir).resolve()
    with course_lock(course):
        if collect_first and "--submissions" not in classgrade_args:
            print(collect(settings, assignment, course, students), end="")
        code = classgrade(settings, ["grade", assignment, *classgrade_args], course)
        # formgrader's own Generate and Release feedback buttons need the submission's secret
        # beside the autograded notebook, as nbgrader's autograde leaves it.
        copy_submission_files(course, assignment, "autograded")
        hand_back(course, ("autograded",))
        return code


def copy_submission_files(course: Path, assignment: str, kind: str) -> None:
    """nbgrader's ``timestamp.txt`` and ``submission_secret.txt`` of each collected submission
    beside its ``kind`` (autograded, feedback) folder, where missing, as plain small files."""
    for folder in sorted((Path(course) / kind).glob(f"*/{assignment}")):
        submitted = Path(course) / "submitted" / folder.parent.name / assignment
        for name in SUBMISSION_FILES:
            source, target = submitted / name, folder / name
            try:
                info = os.lstat(source)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_size < 4096 and not os.path.lexists(target):
                shutil.copyfile(source, target)


def release_feedback(settings: Settings, assignment: str, course: Path | None = None) -> str:
    """The pipeline's feedback into the exchange. nbgrader files each page under a hash of its
    submission's secret, which it reads beside the feedback: the secret of the submission that
    was collected is copied there from ``submitted/``."""
    course = Path(course or settings.course_dir)
    copy_submission_files(course, assignment, "feedback")
    hand_back(course, ("feedback",))
    return as_owner(settings, course, ["-m", "grader.hub.steps", "release_feedback", assignment]).stderr


def export(settings: Settings, out: Path, course: Path | None = None) -> Path:
    """nbgrader's CSV of every grade, from the course's gradebook (PostgreSQL)."""
    course = Path(course or settings.course_dir)
    scratch = course / f".export-{os.getpid()}.csv"
    as_owner(settings, course, ["-m", "grader.hub.steps", "export", str(scratch)])
    shutil.copyfile(scratch, out)
    scratch.unlink()
    return Path(out)
