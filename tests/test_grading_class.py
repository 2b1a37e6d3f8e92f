"""The class pipeline against plain nbgrader: for honest trainees, the same grades as serial
``nbgrader autograde`` as nbgrader ships it; the submission time is the kit's, not the trainee's;
a batch killed half-way and run again ends with the same gradebook and grades nobody twice;
the grades CSV and the HTML report. Builds its own small course in a temporary folder."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
CLASS = ["alice", "bruno", "chen", "dana"]


#: nbgrader as it ships: its own autograde steps, whatever the kit's settings say.
PLAIN_NBGRADER = """from nbgrader.converters.autograde import Autograde
c.Autograde.sanitize_preprocessors = Autograde.class_traits()["sanitize_preprocessors"].default()
c.Autograde.autograde_preprocessors = Autograde.class_traits()["autograde_preprocessors"].default()
"""


def snapshot(root: Path, times: bool = False) -> dict:
    """Every grade autograde writes to a gradebook, keyed so two gradebooks can be compared
    (with ``times``, the submission times and late penalties too)."""
    found = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.find_assignment(hostile.ASSIGNMENT).submissions:
            student = submission.student.id
            if times:
                found[(student, "timestamp")] = submission.timestamp
            for notebook in submission.notebooks:
                if times:
                    found[(student, notebook.name, "late")] = notebook.late_submission_penalty
                for grade in notebook.grades:
                    found[(student, grade.name)] = (grade.auto_score, grade.max_score, grade.needs_manual_grade)
                for comment in notebook.comments:
                    found[(student, comment.name, "comment")] = comment.auto_comment
    return found


def new_course(where: Path) -> Path:
    where.mkdir()
    release = hostile.build_course(where)
    hostile.write_normal_class(where, nbformat.read(str(release), as_version=4), CLASS)
    (where / "submitted" / "alice" / "quiz" / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    return where


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    base = tmp_path_factory.mktemp("classgrade")
    parallel = new_course(base / "parallel")
    serial = base / "serial"
    shutil.copytree(parallel, serial)
    resumed = base / "resumed"
    shutil.copytree(parallel, resumed)

    started = datetime.now(timezone.utc).replace(tzinfo=None)
    summary = grade_class(Course.open(parallel), hostile.ASSIGNMENT,
                          options=Options(jobs=2, progress=False, work_dir=base))
    (serial / "nbgrader_config.py").write_text(PLAIN_NBGRADER)
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", hostile.ASSIGNMENT, "--force",
                    f"--CourseDirectory.root={serial}", "--log-level=ERROR"],
                   check=True, cwd=serial, env=hostile.nbgrader_env(), capture_output=True)
    return {"parallel": parallel, "serial": serial, "resumed": resumed, "summary": summary, "base": base,
            "started": started}


def test_parallel_grades_equal_serial_nbgrader_autograde(courses):
    assert courses["summary"].graded and not courses["summary"].failed
    parallel, serial = snapshot(courses["parallel"]), snapshot(courses["serial"])
    assert parallel == serial
    totals = {s: sum(v[0] or 0 for k, v in parallel.items() if k[0] == s and len(k) == 2 and k[1] != "timestamp")
              for s in CLASS}
    assert totals == {s: hostile.NORMAL_CLASS[s][1] for s in CLASS}


def test_the_submission_time_is_when_the_kit_received_it_not_the_trainees_timestamp(courses):
    times = snapshot(courses["parallel"], times=True)
    assert snapshot(courses["serial"], times=True)[("alice", "timestamp")] == datetime(2026, 11, 20, 10, 0)
    for student in CLASS:  # alice's own timestamp.txt says 2026-11-20: it is not read
        assert times[(student, "timestamp")] >= courses["started"] - timedelta(seconds=5)


def test_autograded_notebooks_and_leak_free_feedback_are_in_the_main_course(courses):
    root = courses["parallel"]
    for student in CLASS:
        autograded = (root / "autograded" / student / "quiz" / "quiz.ipynb").read_text()
        assert "HIDDEN-ADD-NEGATIVE" in autograded  # the grader keeps the full record
        assert hostile.leaked(hostile.page_text(root / "feedback" / student / "quiz" / "quiz.html")) == []
    page = hostile.page_text(root / "feedback" / "bruno" / "quiz" / "quiz.html")
    assert "This check failed: assert add(1, 2) == 3" in page
    # chen's median passes the visible check and fails a hidden one: its message, no more.
    assert "A hidden check failed: HIDDEN-MEAN-HALVES" in hostile.page_text(root / "feedback" / "chen" / "quiz" / "quiz.html")


def test_feedback_made_again_after_manual_grading_shows_the_manual_score_and_no_hidden_test(courses):
    from grader.classgrade.pipeline import regenerate_feedback

    root = courses["parallel"]
    course = Course.open(root)
    with Gradebook(course.db_url) as gb:
        grade = gb.find_grade("explain", "quiz", "quiz", "alice")
        grade.manual_score = 1.5
        gb.db.commit()
    assert regenerate_feedback(course, "quiz", "alice")["success"]
    page = hostile.page_text(root / "feedback" / "alice" / "quiz" / "quiz.html")
    assert "1.5 / 2.0" in page
    assert hostile.leaked(page) == [] and not [m for m in hostile.HIDDEN_MESSAGES if m in page]
    assert "All checks passed" in page


def test_report_lists_manual_grading_first_and_embeds_plots(courses):
    files = courses["summary"].files
    table = pd.read_csv(files["grades"])
    assert sorted(table["student"]) == CLASS
    assert table["needs_manual_grade"].tolist() == sorted(table["needs_manual_grade"], reverse=True)
    assert table.set_index("student").loc["bruno", "quiz/test_add"] == 0
    assert table.set_index("student").loc["alice", "quiz/test_mean"] == 3
    page = Path(files["report"]).read_text()
    assert page.count("data:image/png;base64,") >= 2
    png = page.split("data:image/png;base64,")[1].split("'")[0]
    assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"
    for heading in ("Needs a person first", "Score distribution", "Mean per question", "Item analysis"):
        assert heading in page


def test_a_batch_killed_half_way_resumes_without_grading_twice(courses):
    root = courses["resumed"]
    journal = root / ".classgrade" / "quiz" / "journal.jsonl"
    command = [sys.executable, "-m", "grader.classgrade", "grade", "quiz", "--course-root", str(root),
               "--jobs", "1", "--no-progress", "--work-dir", str(courses["base"])]
    batch = subprocess.Popen(command, cwd=ROOT, env=hostile.nbgrader_env(), start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and batch.poll() is None:
        if journal.exists() and len(journal.read_text().splitlines()) >= 2:
            os.killpg(batch.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    batch.wait()
    assert batch.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    finished_before = [json.loads(line)["student"] for line in journal.read_text().splitlines()]
    assert 2 <= len(finished_before) < len(CLASS)

    again = subprocess.run(command, cwd=ROOT, env=hostile.nbgrader_env(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    graded = [json.loads(line)["student"] for line in journal.read_text().splitlines()]
    assert sorted(graded) == CLASS  # each student exactly once: the finished ones were skipped
    assert f"{len(CLASS) - len(finished_before)} graded" in again.stdout
    assert snapshot(root) == snapshot(courses["parallel"])


def test_a_zip_of_the_class_loses_nobody_and_reports_each_bad_member(tmp_path):
    """Collected from one zip and graded in one batch: ids with "_", spaces, brackets, a newline,
    Chinese or 250 characters are all graded, under folders that map back to them; a zip bomb, an
    unsafe name and a link are skipped and reported; two files for one trainee are that trainee's
    error; a trainee's own timestamp is not read."""
    import zipfile

    from grader.classgrade import collect

    root = tmp_path / "zipped"
    root.mkdir()
    release = nbformat.read(str(hostile.build_course(root)), as_version=4)
    good = nbformat.writes(hostile.submission(release)).encode()
    wrong = nbformat.writes(hostile.submission(release, add="return a - b")).encode()
    ids = ["alice_smith", "alice_jones", "li wei [2]", "new\nline", "张伟", "x" * 250]
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for student in ids:
            out.writestr(f"{student}.ipynb", wrong if student == "alice_jones" else good)
        out.writestr("cara/quiz/timestamp.txt", "2000-01-01 00:00:00.000000 UTC")
        out.writestr("cara/quiz/quiz.ipynb", good)
        out.writestr("bomb.ipynb", b"\0" * (collect.MAX_NOTEBOOK_BYTES + 1))
        out.writestr("../escape.ipynb", good)
        link = zipfile.ZipInfo("linked.ipynb")
        link.external_attr = 0o120777 << 16
        out.writestr(link, "/etc/passwd")
        out.writestr("eve.ipynb", good)
        out.writestr("eve/quiz.ipynb", good)
    summary = grade_class(Course.open(root), hostile.ASSIGNMENT, archive,
                          options=Options(jobs=2, progress=False, work_dir=tmp_path))
    table = collect.load_table(root / ".classgrade")
    graded = {collect.student_id(folder, table) for folder in summary.graded}
    assert graded == {*ids, "cara"}
    assert "two files for 'eve'" in summary.failed["eve"]
    notes = " | ".join(summary.issues["(the archive)"] + summary.issues.get("bomb", []))
    assert "unsafe name" in notes and "a link" in notes and "zip bomb" in notes
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        points = {collect.student_id(s.student.id, table): sum(g.auto_score or 0 for n in s.notebooks for g in n.grades)
                  for s in gb.find_assignment(hostile.ASSIGNMENT).submissions}
        cara = gb.find_submission(hostile.ASSIGNMENT, "cara").timestamp
    assert points["alice_smith"] == 5 and points["alice_jones"] == 3 and points["x" * 250] == 5
    assert cara.year >= 2026  # the kit's time of receipt, not the trainee's 2000-01-01
