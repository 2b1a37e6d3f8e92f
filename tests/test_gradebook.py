"""The course gradebook (``grader.gradebook``): course.yml and the roster refused whole when
malformed, the late rule, course totals, the Canvas and Moodle files read back against the roster,
a page per trainee; and a late submission penalised through the real grading pipeline."""

from __future__ import annotations

import csv
import math
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

import hostile
from grader import release
from grader.gradebook import config as course_config
from grader.gradebook import roster
from grader.gradebook.__main__ import main as gradebook_main
from grader.gradebook.late import late_fraction

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))
ROSTER = """id,name,email,lms_id,section
zhang.wei,Zhang Wei,zhang.wei@example.edu,48213,Class A
li.na,Li Na,li.na@example.edu,48214,Class B
wang fang,Wang Fang,wang.fang@example.edu,48215,
"""


# --- the course's settings ---------------------------------------------------------------------

def test_course_yml_lists_exactly_the_kits_assignments_with_their_lessons():
    config = course_config.load(ROOT)
    assert sorted(a.name for a in config.assignments) == ASSIGNMENTS
    assert [a.lesson for a in config.assignments] == sorted(a.lesson for a in config.assignments)
    assert all(a.due.tzinfo is not None for a in config.assignments)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_release_states_its_due_date_and_the_late_rule(assignment):
    config = course_config.load(ROOT)
    due = config.assignment(assignment).due
    text = release.due_statement(due, config.percent_per_day)
    for folder in ("solutions", "exercises"):
        for path in (ROOT / folder / assignment).glob("*.ipynb"):
            cells = [c for c in nbformat.read(str(path), as_version=4).cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") == release.DUE_CELL]
            assert len(cells) == 1 and cells[0].source == text, f"{path}: run `make exercises`"
    assert f"{due.day} " in text and f"{due.year}年{due.month}月{due.day}日" in text and "10 %" in text


@pytest.mark.parametrize("change, named", [
    ({"weight": -1}, "weight=-1"),
    ({"weight": "heavy"}, "weight='heavy'"),
    ({"due": "18/04/2027"}, "due='18/04/2027'"),
    ({"lms_name": " "}, "lms_name is empty"),
])
def test_a_malformed_course_yml_is_refused_naming_the_field(tmp_path, change, named):
    (tmp_path / "grader").mkdir()
    fields = {"lesson": 7, "weight": 1, "due": "2027-04-18 23:59", "lms_name": "Exercise 07", **change}
    text = "timezone: '+08:00'\nassignments:\n  satisfaction: " + repr(fields).replace("'", '"') + "\n"
    (tmp_path / "grader" / "course.yml").write_text(text)
    with pytest.raises(course_config.ConfigError, match="satisfaction") as error:
        course_config.load(tmp_path)
    assert named in str(error.value)


def test_missing_fields_and_a_bad_time_zone_are_named(tmp_path):
    (tmp_path / "grader").mkdir()
    (tmp_path / "grader" / "course.yml").write_text("assignments:\n  quiz: {lesson: 1}\n")
    with pytest.raises(course_config.ConfigError, match="missing weight, due, lms_name"):
        course_config.load(tmp_path)
    (tmp_path / "grader" / "course.yml").write_text("timezone: Beijing\nassignments:\n  quiz: {lesson: 1}\n")
    with pytest.raises(course_config.ConfigError, match="offset from UTC"):
        course_config.load(tmp_path)


# --- the roster --------------------------------------------------------------------------------

def test_a_roster_from_a_spreadsheet_loads(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeff" + ROSTER, encoding="utf-8")  # Excel's UTF-8 export starts with a BOM
    trainees = roster.load(path)
    assert [t.id for t in trainees] == ["zhang.wei", "li.na", "wang fang"]
    assert trainees[0].lms_id == "48213" and trainees[0].section == "Class A" and trainees[2].section == ""


@pytest.mark.parametrize("text, named", [
    ("id,name,lms_id\nzhang.wei,Zhang Wei,1\n", "missing: email"),
    (ROSTER + "zhang.wei,Zhang Wei 2,zw2@example.edu,48299,\n", "row 5: id='zhang.wei' is already on row 2"),
    (ROSTER + "chen.jie,Chen Jie,chen.jie.example.edu,48216,\n", "row 5: email='chen.jie.example.edu'"),
    (ROSTER + "chen.jie,Chen Jie,chen.jie@example.edu,48213,\n", "row 5: lms_id='48213' is already on row 2"),
    (ROSTER + "chen.jie,Chen Jie\n", "row 5: has fewer fields"),
    (ROSTER + ",Nobody,nobody@example.edu,48217,\n", "row 5: id is empty"),
    ("id,name,email,lms_id\n", "no trainee"),
])
def test_a_malformed_roster_is_refused_whole_naming_the_row(tmp_path, text, named):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(roster.RosterError) as error:
        roster.load(path)
    assert named in str(error.value)


# --- the late rule -----------------------------------------------------------------------------

@pytest.mark.parametrize("seconds, expected", [
    (0, 0.0), (-5, 0.0), (1, 0.1), (86_400, 0.1), (86_401, 0.2), (1.5 * 86_400, 0.2), (9.5 * 86_400, 1.0),
    (30 * 86_400, 1.0)])
def test_late_work_loses_a_tenth_per_day_or_part_of_one(seconds, expected):
    assert late_fraction(seconds, 10) == pytest.approx(expected)


def test_the_late_rule_against_counting_days_by_hand():
    for hours in range(0, 400, 7):
        days_started = 0 if hours == 0 else -(-hours // 24)  # ceiling, in whole hours
        assert late_fraction(hours * 3600, 10) == pytest.approx(min(1.0, 0.1 * days_started)), hours


# --- totals and the LMS files, from a gradebook ------------------------------------------------

DUE = datetime(2027, 3, 7, 15, 59)  # UTC: 23:59 in +08:00


@pytest.fixture(autouse=True)
def _alembic_on_path(monkeypatch):
    """nbgrader runs `alembic` (installed beside this Python) when it creates a gradebook."""
    monkeypatch.setenv("PATH", hostile.nbgrader_env()["PATH"])


def _course(tmp_path) -> Path:
    """A course with two assignments (6 and 4 points) and graded submissions:
    zhang.wei full marks on time; li.na 4/6 on ``first`` 1.5 days late and 1/4 on ``second``;
    'wang fang' (a folder ~wang%20fang) only ``first``, 3/6; and 'ghost', not on the roster."""
    root = tmp_path / "course"
    (root / "grader").mkdir(parents=True)
    (root / "grader" / "course.yml").write_text(
        "course: Test course\ntimezone: '+08:00'\nlate: {percent_per_day: 10}\nassignments:\n"
        "  first: {lesson: 1, weight: 1, due: '2027-03-07 23:59', lms_name: 'Exercise 01 (101)'}\n"
        "  second: {lesson: 2, weight: 3, due: '2027-03-14 23:59', lms_name: 'Exercise 02 (102)'}\n"
        "  third: {lesson: 3, weight: 1, due: '2027-03-21 23:59', lms_name: 'Exercise 03 (103)'}\n")
    scores = {"first": {"zhang.wei": (4, 2), "li.na": (3, 1), "~wang%20fang": (2, 1), "ghost": (1, 1)},
              "second": {"zhang.wei": (4,), "li.na": (1,)}}
    late = {("first", "li.na"): timedelta(days=1, hours=12)}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for name, maxima in (("first", (4, 2)), ("second", (4,))):
            gb.add_assignment(name, duedate=DUE if name == "first" else DUE + timedelta(days=7))
            gb.add_notebook(name, name)
            for number, points in enumerate(maxima, start=1):
                gb.add_grade_cell(f"q{number}_tests", name, name, max_score=points, cell_type="code")
            for student, got in scores[name].items():
                if not list(s for s in gb.students if s.id == student):
                    gb.add_student(student)
                due = DUE if name == "first" else DUE + timedelta(days=7)
                submission = gb.add_submission(name, student, timestamp=due + late.get((name, student), -timedelta(hours=1)))
                for number, points in enumerate(got, start=1):
                    grade = gb.find_grade(f"q{number}_tests", name, name, student)
                    grade.auto_score = points
                gb.db.commit()
                assert submission.total_seconds_late == late.get((name, student), timedelta(0)).total_seconds()
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return root


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_course_totals_and_the_lms_files_match_the_roster(tmp_path, capsys):
    root = _course(tmp_path)
    assert gradebook_main(["--roster", str(tmp_path / "roster.csv"), "--course-root", str(root)]) == 0
    printed = capsys.readouterr().out
    assert "not graded yet (left out): third" in printed and "not on the roster" in printed and "ghost" in printed
    out = root / "grades" / "course"
    people = {t.id: t for t in roster.load(tmp_path / "roster.csv")}
    # li.na, first: 4 of 6 points, 1.5 days late: two days started, 20 % off -> 3.2
    finals = {"zhang.wei": (6, 4), "li.na": (3.2, 1), "wang fang": (3, 0)}

    canvas = _read(out / "canvas_gradebook.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 01 (101)", "Exercise 02 (102)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "6", "4"]
    assert len(canvas) == 2 + len(people)
    for row in canvas[2:]:
        person = people[row[2]]
        assert row[:5] == [person.name, person.lms_id, person.id, person.email, person.section]
        assert [float(v) for v in row[5:]] == pytest.approx(finals[person.id])

    moodle = _read(out / "moodle_grades.csv")
    assert moodle[0] == ["Email address", "Exercise 01 (101)", "Exercise 02 (102)"]
    by_email = {p.email: p.id for p in people.values()}
    assert sorted(row[0] for row in moodle[1:]) == sorted(by_email)
    for row in moodle[1:]:
        assert [float(v) for v in row[1:]] == pytest.approx(finals[by_email[row[0]]])

    totals = {row[0]: float(row[-1]) for row in _read(out / "course_totals.csv")[1:]}
    for person, (first, second) in finals.items():
        expected = 100 * (1 * first / 6 + 3 * second / 4) / 4  # weights 1 and 3; 'third' not graded yet
        assert math.isclose(totals[person], round(expected, 2), abs_tol=0.006), person

    page = (out / "trainees" / "li.na.html").read_text(encoding="utf-8")
    assert "Li Na" in page and "1.5 days late" in page and "Question 2" in page and "Exercise 03 (103)" in page
    assert (out / "trainees" / "~wang%20fang.html").is_file()
    wang = (out / "trainees" / "~wang%20fang.html").read_text(encoding="utf-8")
    assert "no submission" in wang


def test_a_bad_roster_stops_the_gradebook_with_a_message_and_writes_nothing(tmp_path, capsys):
    root = _course(tmp_path)
    (tmp_path / "roster.csv").write_text("id,name,email\nzhang.wei,Zhang Wei,zw@example.edu\n")
    assert gradebook_main(["--roster", str(tmp_path / "roster.csv"), "--course-root", str(root)]) == 2
    assert "missing: lms_id" in capsys.readouterr().err
    assert not (root / "grades").exists()


# --- a late submission through the real pipeline -----------------------------------------------

@pytest.mark.slow
def test_a_late_submission_loses_points_by_the_kits_time_of_receipt(tmp_path):
    from grader.classgrade import Course, Options, grade_class

    root = tmp_path / "course"
    root.mkdir()
    release_path = hostile.build_course(root)
    released = nbformat.read(str(release_path), as_version=4)
    due = datetime(2027, 4, 18, 15, 59, tzinfo=timezone.utc)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment(hostile.ASSIGNMENT, duedate=due.replace(tzinfo=None))
    # The trainee's own timestamp says "on time": it is not what counts.
    hostile.write_submission(root, "alice", hostile.submission(released), timestamp="2027-04-18 10:00:00.000000 UTC")
    summary = grade_class(Course.open(root), hostile.ASSIGNMENT, options=Options(
        jobs=1, progress=False, work_dir=tmp_path, feedback=False, received_by=due + timedelta(hours=30)))
    assert summary.graded == ["alice"]
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        submission = gb.find_submission(hostile.ASSIGNMENT, "alice")
        assert submission.total_seconds_late == 30 * 3600
        notebook = submission.notebooks[0]
        assert notebook.score == 5 and notebook.late_submission_penalty == pytest.approx(5 * 0.2)
    shutil.rmtree(root)
