"""The same proofs for every assignment of the kit, through the class pipeline.

Per assignment: the committed release is what nbgrader generates from the source and holds no
solution and no hidden check; then one batch grades, beside each other, the solution (full marks),
the untouched release (0), a submission with one coded answer left blank (loses points), and the
spoofing-and-leaking subset of the hostile kinds (the whole hostile class runs against
``satisfaction`` in ``test_grading_hostile``):

- **spoofer**: the solution, run on a neighbour's data (it sets the trainee id in its own kernel):
  it may keep only the points of questions whose answers are functions or happen to be the same
  for both trainees; it also leaks: a cell before the last looks for the source notebook, the
  gradebook and the hidden checks from the sandbox, and finds none (nor does any feedback page
  show a hidden check);
- **yes-man**: every answer an object equal to anything: 0.

Runs on a temporary copy of each assignment (the kit's own folders are not touched).
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class
from grader.classgrade.feedback import NOT_SHOWN
from grader.classgrade.questions import Checks, assigned_names
from servicekit.exercise import CHECK_CELL

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))
NEIGHBOUR = "trainee01"
SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def test_the_kit_has_an_assignment_for_every_teaching_lesson():
    from grader.gradebook import config

    lessons = {a.lesson for a in config.load(ROOT).assignments if a.name in ASSIGNMENTS}
    assert lessons == set(range(1, 11)), sorted(lessons)


def _strip(notebook: dict) -> dict:
    notebook = json.loads(json.dumps(notebook))
    notebook["metadata"].pop("language_info", None)
    return notebook


def _answers_for(source: Path, trainee_id: str) -> dict:
    """The solution's answers for ``trainee_id``: its setup and solution cells run here, in order."""
    import servicekit.trainee as trainee

    saved = os.environ.get(trainee.ID_VARIABLE)
    os.environ[trainee.ID_VARIABLE] = trainee_id
    space = {"get_ipython": lambda: None, "display": lambda *a, **k: None}
    try:
        for cell in nbformat.read(str(source), as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            runs = meta.get("solution") or (meta.get("locked") and not meta.get("grade") and meta.get("grade_id") != CHECK_CELL)
            if cell.cell_type == "code" and runs:
                exec(SOLUTION_MARKERS.sub("", cell.source), space)  # noqa: S102 (the kit's own solution)
    finally:
        if saved is None:
            os.environ.pop(trainee.ID_VARIABLE)
        else:
            os.environ[trainee.ID_VARIABLE] = saved
    return space


def _same(a, b) -> bool:
    try:
        import pandas as pd

        if isinstance(a, (pd.Series, pd.DataFrame)):
            return isinstance(b, type(a)) and a.equals(b)
        result = a == b
        return bool(result.all()) if hasattr(result, "all") else bool(result)
    except Exception:  # noqa: BLE001 (values that cannot be compared are not the same)
        return False


def _spoofer(source_nb, release_nb, answers):
    """The release answered with the solution, after setting a neighbour's id in its own kernel."""
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
        elif cell.cell_type == "code" and 'trainee.use_id("YOUR ID")' in cell.source:
            cell.source = (f"import os\nos.environ['SERVICEKIT_TRAINEE_ID'] = {NEIGHBOUR!r}\n"
                           f"from servicekit import trainee\ntrainee.use_id({NEIGHBOUR!r})")
    return nb


YES = """class Yes(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __ge__(self, other): return True
    def __hash__(self): return 0
    def __abs__(self): return Yes(0)
    def __sub__(self, other): return Yes(0)
    __rsub__ = __sub__
    def __bool__(self): return True
    def __contains__(self, item): return True
    def __len__(self): return 1
"""


def _yes_man(source_nb, release_nb):
    """Every answer name an object equal to anything (a function answer returns one)."""
    nb = copy.deepcopy(release_nb)
    for cell, original in zip(nb.cells, source_nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            body = SOLUTION_MARKERS.sub("", original.source)
            names = sorted(assigned_names(body))
            functions = set(re.findall(r"^def (\w+)", body, re.M))
            cell.source = YES + "\n".join(
                f"def {n}(*args, **kwargs):\n    return Yes(1)" if n in functions else f"{n} = Yes(1)" for n in names)
    return nb


LEAK = """import os
found = []
for top in ('.', '..', '../..', '../../..', '/', os.path.expanduser('~'), '/tmp'):
    for folder, dirs, files in os.walk(top):
        if folder.count(os.sep) > 6 or folder.startswith(('/proc', '/sys', '/usr', '/lib', '/etc', '/dev')) or 'site-packages' in folder:
            dirs[:] = []
            continue
        for name in files:
            if name.endswith(('.ipynb', '.db', '.md')):
                try:
                    text = open(os.path.join(folder, name), 'rb').read(2_000_000)
                except OSError:
                    continue
                if b'HIDDEN TESTS' in text or text.startswith(b'SQLite format') or b'# Rubric' in text:
                    found.append(os.path.join(folder, name))
print('LEAKED' if found else 'NOTHING FOUND', found[:5])
"""


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    assignment = request.param
    tmp_path = tmp_path_factory.mktemp(assignment)
    root = tmp_path / "course"
    root.mkdir()
    hostile.build_real_course(root, ROOT, assignment, students=2)  # trainee00 left one answer blank
    source_path = next((root / "solutions" / assignment).glob("*.ipynb"))
    source_nb = nbformat.read(str(source_path), as_version=4)
    release_nb = nbformat.read(str(root / "exercises" / assignment / source_path.name), as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: SOLUTION_MARKERS.sub("", c.source)
               for c in source_nb.cells if c.metadata.get("nbgrader", {}).get("solution")}
    spoofer = _spoofer(source_nb, release_nb, answers)
    spoofer.cells.insert(len(spoofer.cells) - 1, new_code_cell(LEAK))
    extra = {"untouched": release_nb, "spoofer": spoofer, "yes-man": _yes_man(source_nb, release_nb)}
    for student, nb in extra.items():
        folder = root / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / source_path.name))
    summary = grade_class(Course.open(root), assignment, options=Options(jobs=2, progress=False, work_dir=tmp_path))
    points, per_question = {}, {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.find_assignment(assignment).submissions:
            auto = [g for n in submission.notebooks for g in n.grades if g.auto_score is not None]
            points[submission.student.id] = (sum(g.auto_score for g in auto), sum(g.max_score for g in auto))
            per_question[submission.student.id] = {g.name: g.auto_score for g in auto}
    return {"assignment": assignment, "root": root, "summary": summary, "points": points,
            "per_question": per_question, "source": source_path}


def test_the_committed_release_is_what_nbgrader_generates(graded):
    assignment, source = graded["assignment"], graded["source"]
    generated = json.loads((graded["root"] / "exercises" / assignment / source.name).read_text(encoding="utf-8"))
    committed = json.loads((ROOT / "exercises" / assignment / source.name).read_text(encoding="utf-8"))
    assert _strip(generated) == _strip(committed), "exercises/ is stale: run `make exercises` and commit"


def test_the_release_holds_no_solution_and_no_hidden_check(graded):
    assignment, source = graded["assignment"], graded["source"]
    released = (ROOT / "exercises" / assignment / source.name).read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in released and "HIDDEN TESTS" not in released
    leaked = [line for line in hostile.secret_lines(ROOT / "solutions" / assignment / source.name)
              if json.dumps(line)[1:-1] in released]
    assert not leaked, f"solution or hidden-check lines in the release: {leaked[:3]}"
    assert "raise NotImplementedError()" in released


def test_the_assignment_has_enough_autograded_points_and_a_written_answer(graded):
    checks = Checks.from_source(graded["source"])
    assert len(checks.questions) >= 4 and sum(q.points for q in checks.questions) >= 10
    assert all(q.hidden.strip() for q in checks.questions), "every question has hidden checks"
    cells = nbformat.read(str(graded["source"]), as_version=4).cells
    written = [c for c in cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    assert written, "a written answer graded by hand"
    assert (ROOT / "grader" / "rubrics" / f"{graded['assignment']}.md").is_file()


def test_the_solution_scores_full_marks_the_untouched_release_zero_and_a_blank_answer_loses(graded):
    points, summary = graded["points"], graded["summary"]
    assert not summary.failed, summary.failed
    full, maximum = points["trainee01"]
    assert maximum >= 10 and full == maximum
    assert points["untouched"][0] == 0
    assert points["trainee00"][0] < maximum


def test_a_neighbours_numbers_score_only_what_does_not_depend_on_the_data(graded):
    """The spoofer ran the solution on trainee01's draw: a question scores only if all its answers
    are functions or are the same for both trainees' data."""
    checks = Checks.from_source(graded["source"])
    own = _answers_for(graded["source"], "spoofer")
    neighbour = _answers_for(graded["source"], NEIGHBOUR)
    copyable = 0.0
    for question in checks.questions:
        if all(callable(own.get(n)) or _same(own.get(n), neighbour.get(n)) for n in question.answers):
            copyable += question.points
    got, maximum = graded["points"]["spoofer"]
    assert got <= copyable, graded["per_question"]["spoofer"]
    assert copyable <= maximum / 2, f"only {maximum - copyable} of {maximum} points depend on the trainee's own data"


def test_answers_equal_to_anything_score_nothing(graded):
    assert graded["points"]["yes-man"][0] == 0, graded["per_question"]["yes-man"]


def test_the_sandbox_shows_no_source_gradebook_or_hidden_check_and_no_feedback_does(graded):
    assignment, root, source = graded["assignment"], graded["root"], graded["source"]
    autograded = nbformat.read(str(root / "autograded" / "spoofer" / assignment / source.name), as_version=4)
    printed = "".join(o.get("text", "") for c in autograded.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "NOTHING FOUND" in printed and "LEAKED" not in printed, printed[-500:]
    questions = Checks.from_source(source).questions
    hidden = [line.strip() for q in questions for line in q.hidden.splitlines() if len(line.strip()) >= 12]
    assert hidden, "the assignment has hidden checks to look for"
    for student in ("trainee00", "trainee01", "spoofer"):
        text = hostile.page_text(root / "feedback" / student / assignment / f"{source.stem}.html")
        assert [line for line in hidden if line in text] == [], student
        assert text.count(NOT_SHOWN.lstrip("# ")) == sum(1 for q in questions if q.hidden.strip())
