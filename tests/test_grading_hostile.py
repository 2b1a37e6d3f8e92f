"""The whole hostile class, graded beside honest trainees in one course, on a real assignment:
``satisfaction`` (lesson 07, 14 autograded points). Every kind is graded in one batch but the two
that loop until they are stopped, which the same course grades next in a batch with a shorter cell
time-out (the first batch's trainees are skipped, as a resumed batch skips them): they cost their
time-out twice, beside each other and then alone.

Every kind is a trainee of one class. The kinds that attack the machine (memory, processes, files,
sockets, the network, the keyring, outputs, links, /tmp) ride on a complete answer and must end
with the solution's full marks and no more; the kinds that attack the questions (tampered,
deleted, renamed or retyped test cells, lying objects, blanked tests, a faked answer channel, a
function that loops or carries a hidden input out in its error, a kernel that exits) ride on a
blank or a complete answer and must end with exactly the points their honest part earns. The
instructor guide's table states each kind's points and what the kit does; this module reads that
table and holds the grades to it. No kind stops the batch, moves an honest trainee's grade, sees
or changes what the sandbox hides; no feedback page holds a hidden check; no autograded notebook
holds active content. Unreadable submissions fail alone, flagged.

Every other assignment meets the spoofing and leaking kinds in ``test_grading_assignments``.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class
from grader.classgrade.questions import Checks
from grader.classgrade.sandbox import BASE_UID, Limits
from grader.classgrade.sandbox import missing as sandbox_missing

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "grader" / "INSTRUCTOR_GUIDE.md"
ASSIGNMENT = "satisfaction"
REL = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
pytestmark = pytest.mark.slow
FAILED = {"invalid-json": "no readable notebook", "linked-notebook": "no readable notebook",
          "linked-to-other-trainee": "no readable notebook", "fifo-notebook": "no readable notebook"}
PROBES = ["read-gradebook", "read-other-trainee", "read-hidden-tests", "overwrite-grader-files", "network-call",
          "swap-kernel-sockets", "host-view", "fills-tmp"]
# Seconds per cell and per call. The solution's slowest cell takes under a second on a quiet
# machine, but beside a full test run a search of the sandbox or a flood of output can take over
# 10 s; a kind that loops or creeps costs this twice (it is graded again alone).
TIMEOUT = 30
# The kinds that run until they are stopped, and their batch's seconds per cell and per call: their
# honest cells take under a second, so this keeps a margin on a loaded machine.
LOOPERS = ("infinite-loop", "memory-creep")
LOOP_TIMEOUT = 12
# Links a kernel makes in its work folder, where the grader would look if it read the folder back.
SYMLINK_WORK = f"""import os
for name, target in (({ASSIGNMENT + ".ipynb"!r}, '/etc/shadow'), ('gradebook.db', '../gradebook.db'), ('feedback', '/')):
    try:
        os.symlink(target, name)
        print('made link', name)
    except OSError as error:
        print('BLOCKED', name, type(error).__name__)
"""


def _search(markers: list[str]) -> str:
    """Code that looks for ``markers`` in every file it can read; the markers are split so that
    the code itself holds none of them."""
    parts = [(m[: len(m) // 2], m[len(m) // 2:]) for m in markers]
    return ("import os\n"
            f"markers = [(a + b).encode() for a, b in {parts!r}]\n"
            "for top in ('.', '..', os.path.expanduser('~'), '/tmp', '/run'):\n"
            "    for folder, dirs, files in os.walk(top):\n"
            "        for name in files:\n"
            "            try:\n"
            "                text = open(os.path.join(folder, name), 'rb').read(2_000_000)\n"
            "            except OSError:\n"
            "                continue\n"
            "            if any(marker in text for marker in markers):\n"
            "                print('FOUND', os.path.join(folder, name))\n"
            "print('searched')\n")


def _machine_kinds(course: Path, hidden: list[str]) -> dict[str, str]:
    """kind -> the code it adds to a complete answer (right after the id cell)."""
    return {
        "memory-bomb": "blocks = [bytearray(64 * 2**30)]",
        "memory-creep": "blocks = []\nwhile True:\n    blocks.append(bytearray(2**26))",
        "fork-bomb": "import os\nwhile True:\n    os.fork()",
        "read-gradebook": hostile._read(course, ["gradebook.db"]),
        "read-other-trainee": hostile._read(course, [f"submitted/trainee01/{REL}", f"autograded/trainee01/{REL}"]),
        "read-hidden-tests": hostile._read(course, [f"solutions/{REL}", f"source/{REL}", f"release/{REL}"]),
        "overwrite-grader-files": hostile._probe(
            [str(course / "gradebook.db"), str(course / "solutions" / REL),
             str(course / "grader" / "rubrics" / f"{ASSIGNMENT}.md"), "../../../gradebook.db",
             "../../../solutions/" + REL], "open(target, 'w').write('overwritten')"),
        "network-call": hostile._probe(["1.1.1.1", "127.0.0.1"],
                                       "import socket; socket.create_connection((target, 53), timeout=3)"),
        "huge-output": "for i in range(300000):\n    print('spam ' * 20)",
        "links-in-work-folder": SYMLINK_WORK,
        "swap-kernel-sockets": hostile.SWAP_SOCKETS,
        "host-view": hostile.HOST_VIEW,
        "keyring-writer": hostile.KEYRING,
        "search-working-copy": _search(hidden[:6]),
        "hooks-capture-everything": hostile.HOOKS,
        "output-tricks": hostile.OUTPUT_TRICKS,
        "fills-tmp": hostile.FILL_TMP,
        "memory-across-processes": hostile.SHARED_MEMORY,
        "huge-message": hostile.HUGE_MESSAGE,
        "prints-hidden-tests": "print('\\n'.join(In))",
    }


def _cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _after(nb, grade_id: str, code: str):
    """``nb`` with a new code cell right after the cell ``grade_id``."""
    nb = copy.deepcopy(nb)
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    nb.cells.insert(index + 1, new_code_cell(code))
    return nb


def _with_mean_score(nb, body: str):
    """``nb`` whose ``mean_score`` starts with ``body`` and then does what the solution does."""
    nb = copy.deepcopy(nb)
    cell = _cell(nb, "q2_answer")
    head, _, rest = cell.source.partition("\n")
    cell.source = f"{head}\n{body}\n{rest}"
    return nb


# Every answer of the assignment as an object that claims to equal anything.
LYING = """class Yes(float):
    def __eq__(self, other): return True
    __ne__ = lambda self, other: False
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    def __sub__(self, other): return Yes(0)
    __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __sub__
    def __abs__(self): return Yes(0)
    def __bool__(self): return True
    __hash__ = float.__hash__
class YesInt(int):
    __eq__ = Yes.__eq__; __ne__ = Yes.__ne__; __lt__ = __le__ = __gt__ = __ge__ = Yes.__eq__
    __hash__ = int.__hash__
class YesText(str):
    __eq__ = Yes.__eq__; __ne__ = Yes.__ne__
    __hash__ = str.__hash__
rate = repair_score = gas_index = score_nps = alpha_loyalty = Yes(50)
n_business = YesInt(500)
item_to_drop = YesText("CUSL1")
def mean_score(levels):
    return Yes(60)
"""
# A faked answer channel with every answer right.
FAKE_WIRE = """import sys, base64, json
MARK = '@@servicekit-wire@@'
def fake(message):
    print('\\n' + MARK + base64.b64encode(json.dumps(message).encode()).decode())
claimed = {'rate': 60.0, 'repair_score': 70.0, 'gas_index': 70.0, 'score_nps': 10.0, 'alpha_loyalty': 0.7,
           'item_to_drop': 'CUSL1', 'n_business': 500, 'mean_score': {'function': 'mean_score'}}
fake({'answers': claimed})
class Wire:
    @staticmethod
    def harvest(namespace, names):
        fake({'answers': claimed})
    @staticmethod
    def call(namespace, name, payload):
        fake({'returned': 60.0})
sys.modules['servicekit_wire'] = Wire
import builtins
real_exec = builtins.exec
def exec_(code, *args, **kwargs):
    if isinstance(code, str) and 'servicekit_wire' in code:
        return Wire.harvest(None, None)
    return real_exec(code, *args, **kwargs)
builtins.exec = exec_
"""


def _question_kinds(release, complete, points: dict[str, float], root: Path) -> dict[str, tuple[object, float]]:
    """kind -> (what is submitted: a notebook or a function that fills the folder, the points it
    must end with). ``points``: grade_id of each test cell -> its points."""
    full = sum(points.values())
    blank = copy.deepcopy(release)
    deleted = copy.deepcopy(complete)
    deleted.cells.remove(_cell(deleted, "q2_tests"))
    duplicated = _after(complete, "q1_tests", "")
    pasted = copy.deepcopy(_cell(complete, "q1_tests"))
    pasted.id = "pasted-test-cell"  # JupyterLab gives a pasted cell an id of its own
    duplicated.cells[duplicated.cells.index(_cell(duplicated, "q1_tests")) + 1] = pasted
    tampered = copy.deepcopy(complete)
    _cell(tampered, "q1_answer").source = "rate = 0.5"  # a share, not a percentage: fails q1
    meta = _cell(tampered, "q1_tests").metadata["nbgrader"]
    meta.update(grade=False, points=100, checksum="0" * 32)  # a failing test made ungraded and worth more
    _cell(tampered, "q1_tests").source = "assert True"
    _cell(tampered, "q2_tests").metadata["nbgrader"]["points"] = 50
    renamed = copy.deepcopy(blank)
    for grade_id in points:
        _cell(renamed, grade_id).metadata["nbgrader"]["grade_id"] = "mine_" + grade_id
    retyped = copy.deepcopy(blank)
    cell = _cell(retyped, "q1_tests")
    cell.cell_type = "markdown"
    del cell["outputs"], cell["execution_count"]

    def loop_beside(folder: Path) -> None:
        (folder / "loop").symlink_to(folder / "loop")
        (folder / "self").symlink_to(folder)
        nbformat.write(complete, str(folder / f"{ASSIGNMENT}.ipynb"))
        (folder / "timestamp.txt").write_text("2000-01-01 00:00:00.000000 UTC")

    # Only the hidden check's input (three levels, one missing) makes these two misbehave.
    hidden_input = "    if len(levels) == 3 and pd.Series(levels, dtype='float64').isna().any():"
    first_id = next(i for i, c in enumerate(blank.cells) if "trainee.use_id" in c.source)
    complete_id = next(i for i, c in enumerate(complete.cells) if "trainee.use_id" in c.source)

    def right_after_id(nb, index, code):
        nb = copy.deepcopy(nb)
        nb.cells.insert(index + 1, new_code_cell(code))
        return nb

    return {
        "infinite-loop": (_with_mean_score(complete, hidden_input + "\n        while True:\n            pass"),
                          full - points["q2_tests"]),
        "error-carries-hidden-input": (_with_mean_score(
            complete, hidden_input + "\n        raise ValueError(f'I was given {list(levels)!r}')"), full - points["q2_tests"]),
        # rate and mean_score, defined before the exit, are lost; q3's cell, run after it, needs mean_score.
        "kernel-exits": (_after(complete, "q2_answer", "import os\nos._exit(3)"),
                         full - points["q1_tests"] - points["q2_tests"] - points["q3_tests"]),
        "deleted-test-cell": (deleted, full),
        "duplicate-grade-id": (duplicated, full),
        "tampered-metadata": (tampered, full - points["q1_tests"]),
        "renamed-test-cells": (renamed, 0),
        "test-cell-made-markdown": (retyped, 0),
        "lying-objects": (right_after_id(blank, first_id, LYING), 0),
        "blank-the-tests": (right_after_id(blank, first_id, hostile.BLANK_TESTS), 0),
        "first-output-is-a-result": (right_after_id(blank, first_id, hostile.FIRST_OUTPUT_RESULT), 0),
        "fake-answer-channel": (_after(blank, "q6_tests", FAKE_WIRE), 0),
        "link-loop": (loop_beside, full),
        "keyring-reader": (right_after_id(complete, complete_id, hostile.KEYRING), full),
        "writes-warnings": (_after(complete, "q2_answer", hostile.WARNINGS), full),
        "many-printing-cells": (_many_cells(complete, complete_id, 40, "print('y' * 190_000)"), full),
    }


def _many_cells(nb, index: int, count: int, code: str):
    nb = copy.deepcopy(nb)
    for _ in range(count):
        nb.cells.insert(index + 1, new_code_cell(code))
    return nb


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(root: Path, kind: str, content) -> None:
    folder = root / "submitted" / kind / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    if callable(content):
        content(folder)
    elif isinstance(content, bytes):
        (folder / f"{ASSIGNMENT}.ipynb").write_bytes(content)
    else:
        nbformat.write(content, str(folder / f"{ASSIGNMENT}.ipynb"))


def guide_table() -> dict[str, tuple[str, str]]:
    """kind -> (points, what the kit does), as the instructor guide's table of hostile kinds says."""
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\d+) \| (.+) \|$", GUIDE.read_text(encoding="utf-8"), re.M)
    return {kind: (points, rule) for kind, points, rule in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert not sandbox_missing(), f"the sandbox needs: {sandbox_missing()} (see grader/INSTRUCTOR_GUIDE.md)"
    root = tmp_path_factory.mktemp("hostile") / "course"
    root.mkdir()
    hostile.build_real_course(root, ROOT, ASSIGNMENT, students=2)  # trainee00 leaves q1 blank; trainee01 answers all
    (root / "grader" / "rubrics").mkdir(parents=True)
    (root / "grader" / "rubrics" / f"{ASSIGNMENT}.md").write_text("rubric: full marks for a clear reason\n")
    source = root / "solutions" / REL
    checks = Checks.from_source(source)
    points = {q.grade_id: q.points for q in checks.questions}
    hidden = [line.strip() for q in checks.questions for line in q.hidden.splitlines() if len(line.strip()) >= 20]
    complete = nbformat.read(str(root / "submitted" / "trainee01" / REL), as_version=4)
    release = nbformat.read(str(root / "exercises" / REL), as_version=4)
    id_cell = next(i for i, c in enumerate(complete.cells) if "trainee.use_id" in c.source)
    expected = {}
    for kind, code in _machine_kinds(root, hidden).items():
        nb = copy.deepcopy(complete)
        nb.cells.insert(id_cell + 1, new_code_cell(code))
        _write(root, kind, nb)
        expected[kind] = None  # the solution's full marks
    # Spinners go last, after every answer: what they show is that they slow no one else.
    nb = copy.deepcopy(complete)
    nb.cells.insert(len(nb.cells) - 1, new_code_cell(hostile.SPINNERS))
    _write(root, "cpu-spinners", nb)
    expected["cpu-spinners"] = None
    for kind, (content, earned) in _question_kinds(release, complete, points, root).items():
        _write(root, kind, content)
        expected[kind] = earned
    _write(root, "invalid-json", b'{"cells": [ this is not json')
    _write(root, "linked-notebook", lambda folder: (folder / f"{ASSIGNMENT}.ipynb").symlink_to(source))
    _write(root, "linked-to-other-trainee",
           lambda folder: (folder / f"{ASSIGNMENT}.ipynb").symlink_to(root / "submitted" / "trainee01" / REL))
    _write(root, "fifo-notebook", lambda folder: os.mkfifo(folder / f"{ASSIGNMENT}.ipynb"))
    protected = [source, root / "grader" / "rubrics" / f"{ASSIGNMENT}.md", root / "submitted" / "trainee01" / REL,
                 root / "exercises" / REL]
    before = {p: _digest(p) for p in protected}
    looping = {kind: (root / "submitted" / kind).rename(root.parent / f"held-{kind}") for kind in LOOPERS}
    limits = Limits(memory_mb=1536, processes=64)
    summary = grade_class(Course.open(root), ASSIGNMENT, options=Options(
        jobs=2, timeout=TIMEOUT, progress=False, work_dir=root.parent, limits=limits))
    for kind, held in looping.items():
        held.rename(root / "submitted" / kind)
    loops = grade_class(Course.open(root), ASSIGNMENT, options=Options(
        jobs=2, timeout=LOOP_TIMEOUT, progress=False, work_dir=root.parent, limits=limits))
    assert sorted(loops.graded) == sorted(LOOPERS) and not loops.failed, (loops.graded, loops.failed)
    assert set(summary.graded) <= set(loops.skipped), "a second batch grades only what is new"
    summary.graded += loops.graded
    summary.issues.update(loops.issues)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        got = {s.student.id: sum(g.auto_score or 0 for n in s.notebooks for g in n.grades)
               for s in gb.find_assignment(ASSIGNMENT).submissions}
        maximum = gb.find_assignment(ASSIGNMENT).max_code_score
    expected = {kind: maximum if earned is None else earned for kind, earned in expected.items()}
    return {"root": root, "kinds": expected, "summary": summary, "points": got, "max": maximum,
            "questions": points, "hidden": hidden, "before": before}


def _autograded(root: Path, student: str):
    return nbformat.read(str(root / "autograded" / student / REL), as_version=4)


def _outputs(root: Path, student: str) -> str:
    return "\n".join(str(o.get("text", "")) + str(o.get("evalue", "")) + str(o.get("traceback", ""))
                     + str(o.get("data", {}).get("text/plain", ""))
                     for c in _autograded(root, student).cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_the_class_has_every_kind_of_the_instructor_guide(graded):
    assert len(graded["kinds"]) + len(FAILED) >= 41
    assert set(guide_table()) == set(graded["kinds"]) | set(FAILED), "the guide's table and the class must name the same kinds"


def test_honest_trainees_keep_their_grades_beside_the_hostile_class(graded):
    assert graded["points"]["trainee01"] == graded["max"] == sum(graded["questions"].values()) > 0
    assert graded["points"]["trainee00"] == graded["max"] - graded["questions"]["q1_tests"]  # q1 left blank


def test_every_kind_ends_with_exactly_the_points_its_honest_part_earns(graded):
    """An attack on the machine keeps the solution's marks and no more: a kernel the attack kills
    or stalls is replaced, and the exercise's setup cells run again in the fresh one, so the honest
    answers after the attack still earn their points. An attack on the questions earns nothing
    beyond the answers it really gives."""
    got = {kind: graded["points"].get(kind) for kind in graded["kinds"]}
    wrong = {kind: (got[kind], want) for kind, want in graded["kinds"].items() if got[kind] != want}
    assert wrong == {}, f"(got, expected) out of {graded['max']}"


def test_the_guide_states_the_points_each_kind_ends_with(graded):
    table = guide_table()
    wrong = {kind: (table[kind][0], graded["kinds"].get(kind, 0)) for kind in table
             if float(table[kind][0]) != graded["kinds"].get(kind, 0)}
    assert wrong == {}, "(the guide says, the class got)"


def test_only_submissions_with_no_readable_notebook_fail_and_each_is_flagged_with_the_reason(graded):
    summary = graded["summary"]
    assert sorted(summary.failed) == sorted(FAILED)
    for kind, reason in FAILED.items():
        assert reason in summary.failed[kind]
    assert any("a link" in note for note in summary.issues["linked-notebook"])
    assert any("not a regular file" in note for note in summary.issues["fifo-notebook"])


def test_tampering_and_time_outs_are_flagged_for_the_instructor(graded):
    issues = graded["summary"].issues
    assert any("restored" in note for note in issues["tampered-metadata"])
    assert any("duplicate grade_id" in note for note in issues["duplicate-grade-id"])
    assert any("unknown grade_id" in note for note in issues["renamed-test-cells"])
    assert any("graded alone" in note or "graded again alone" in note for note in issues["infinite-loop"])


@pytest.mark.parametrize("student", PROBES)
def test_the_sandbox_blocks_every_probe(graded, student):
    text = _outputs(graded["root"], student)
    assert "LEAKED" not in text and "FOUND" not in text
    assert text.count("BLOCKED") >= 1


def test_links_the_kernel_makes_in_its_work_folder_are_never_followed(graded):
    root = graded["root"]
    assert _outputs(root, "links-in-work-folder").count("made link") == 3
    assert "root:" not in (root / "autograded" / "links-in-work-folder" / REL).read_text()


def test_nothing_in_reach_of_the_kernel_holds_a_hidden_check(graded):
    text = _outputs(graded["root"], "search-working-copy")
    assert "searched" in text and "FOUND" not in text


def test_the_instructors_files_and_other_trainees_work_are_unchanged(graded):
    for path, digest in graded["before"].items():
        assert _digest(path) == digest, path


def test_each_submission_runs_as_a_uid_of_its_own_with_an_empty_environment(graded):
    root = graded["root"]
    uids = {kind: int(re.search(r"UID (\d+)", _outputs(root, kind)).group(1))
            for kind in ("host-view", "keyring-writer", "keyring-reader")}
    assert len(set(uids.values())) == 3 and min(uids.values()) >= BASE_UID
    environment = re.search(r"ENV (\[.*?\])", _outputs(root, "host-view")).group(1)
    assert not re.search(r"CLASSGRADE|VIRTUAL_ENV|PYTEST|SUDO|SSH|TOKEN", environment)
    assert "BLOCKED keyring lookup" in _outputs(root, "keyring-writer")
    assert "BLOCKED keyring lookup" in _outputs(root, "keyring-reader")
    processes = re.findall(r"PROC (\d+)", _outputs(root, "host-view"))
    assert 0 < len(processes) < 10  # its own few processes, not the machine's


def test_limits_stop_memory_forks_floods_and_full_disks(graded):
    root = graded["root"]
    assert "MemoryError" in _outputs(root, "memory-bomb")
    assert "MemoryError" in _outputs(root, "memory-creep") or "DeadKernelError" in _outputs(root, "memory-creep")
    fork = _outputs(root, "fork-bomb")
    assert "Resource temporarily unavailable" in fork or "CellTimeoutError" in fork or "DeadKernelError" in fork
    assert "DeadKernelError" in _outputs(root, "kernel-exits")
    flood = root / "autograded" / "huge-output" / REL
    assert flood.stat().st_size < 1_500_000  # the trainee printed about 30 MB
    assert "output cut" in _outputs(root, "huge-output")
    many = root / "autograded" / "many-printing-cells" / REL
    assert many.stat().st_size < 6_500_000 and "the notebook printed more than" in _outputs(root, "many-printing-cells")
    assert _outputs(root, "fills-tmp").count("BLOCKED") == 2  # no space left on /tmp nor the work folder


def test_no_feedback_holds_a_hidden_check_and_failed_checks_say_only_what_the_instructor_wrote(graded):
    root = graded["root"]
    pages = sorted((root / "feedback").glob(f"*/{REL[:-6]}.html"))
    assert len(pages) == len(graded["kinds"]) + 2  # every kind graded, and the two honest trainees
    for page in pages:
        text = hostile.page_text(page)
        assert [line for line in graded["hidden"] if line in text] == [], page
        assert "root:" not in text and "SQLite format" not in text, page
    # Its mean_score raises, on a hidden input, an error that quotes that input: the trainee reads
    # only that a hidden check failed (the instructor's message belongs to a failed assertion).
    text = hostile.page_text(root / "feedback" / "error-carries-hidden-input" / f"{REL[:-6]}.html")
    assert "A hidden check failed." in text and "I was given [" not in text


def test_no_autograded_notebook_holds_active_content(graded):
    root = graded["root"]
    for path in sorted((root / "autograded").glob(f"*/{REL}")):
        nb = nbformat.read(str(path), as_version=4)
        assert set(nb.metadata) <= {"kernelspec", "language_info"}, path
        for cell in nb.cells:
            assert "attachments" not in cell
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("locked"):
                continue  # the exercise's own text, put back from the source
            if cell.cell_type == "markdown":
                assert "<" not in cell.source, path
            for output in cell.get("outputs", []):
                assert set(output.get("data", {})) <= {"text/plain", "image/png", "image/jpeg"}, path
                assert not output.get("metadata"), path
