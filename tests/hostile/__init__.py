"""Courses for the grading tests, and the code hostile trainees run.

``build_course(root)`` writes a small source assignment ``quiz`` (two coded questions with visible
and hidden tests, one written answer) and generates its release as `make exercises` does
(``grader.release``'s settings); ``submission`` builds a trainee's notebook from its release, and
``NORMAL_CLASS`` is an ordinary class of it.
``build_real_course`` puts one of the kit's own assignments in a course, with trainees answering
from its solution. The constants (``HOST_VIEW``, ``KEYRING``, ``HOOKS``, ...) and ``_probe`` /
``_read`` are the code of the hostile kinds that ``test_grading_hostile`` grades.
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.classgrade import wire
from grader.release import course_config
from grader.release import release as release_assignment

ASSIGNMENT = "quiz"
# What the hidden checks are made of, which no trainee may see: their code and their inputs (also
# as the evaluator sends them to the sandbox).
HIDDEN_CODE = ("add(-40", "-40, 2", "== -38", "[0.5, 1.5]", "0.5, 1.5", "HIDDEN TESTS",
               *(wire.request(args, {}) for args in ([-40, 2], [[0.5, 1.5]])))
# The messages the instructor wrote on the hidden checks: shown to a trainee who fails that check.
HIDDEN_MESSAGES = ("HIDDEN-ADD-NEGATIVE", "HIDDEN-MEAN-HALVES")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=0):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Quiz\nWrite the two functions, then explain your choice.",
                          metadata=_meta("intro", locked=True)),
        new_code_cell("def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION",
                      metadata=_meta("add", solution=True)),
        new_code_cell('assert add(1, 2) == 3\n### BEGIN HIDDEN TESTS\nassert add(-40, 2) == -38, "HIDDEN-ADD-NEGATIVE"\n'
                      "### END HIDDEN TESTS", metadata=_meta("test_add", grade=True, locked=True, points=2)),
        new_code_cell("def mean(xs):\n    ### BEGIN SOLUTION\n    return sum(xs) / len(xs)\n    ### END SOLUTION",
                      metadata=_meta("mean", solution=True)),
        new_code_cell('assert mean([1, 2, 3]) == 2\n### BEGIN HIDDEN TESTS\n'
                      'assert abs(mean([0.5, 1.5]) - 1.0) < 1e-9, "HIDDEN-MEAN-HALVES"\n### END HIDDEN TESTS',
                      metadata=_meta("test_mean", grade=True, locked=True, points=3)),
        new_markdown_cell("The mean divides the sum by the count, so halves are kept.",
                          metadata=_meta("explain", grade=True, solution=True, points=2)),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC})


def page_text(path: Path) -> str:
    """What a reader of an HTML page sees: tags stripped (code is split into highlighted spans),
    entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", Path(path).read_text(encoding="utf-8")))


def leaked(text: str) -> list[str]:
    """The pieces of the hidden checks' code or inputs found in ``text`` (must be empty)."""
    return [marker for marker in HIDDEN_CODE if marker in text]


def secret_lines(source: Path) -> list[str]:
    """Every line (longer than 12 characters) of a solution block or a hidden-test block of the
    source notebook ``source``: what no release, bundle or feedback page may hold."""
    secret = []
    for cell in nbformat.read(str(source), as_version=4).cells:
        keep = False
        for line in cell.source.splitlines():
            marker = line.strip()
            if marker in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
                keep = True
            elif marker in ("### END SOLUTION", "### END HIDDEN TESTS"):
                keep = False
            elif keep and len(marker) > 12:
                secret.append(marker)
    return secret


def nbgrader_env() -> dict[str, str]:
    """The environment for an ``nbgrader`` command: this Python's scripts (alembic) on PATH."""
    return {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}


def generate_release(assignment: str, root: Path) -> None:
    """nbgrader's generate_assignment with the course's settings, in this process (as
    ``grader.release`` runs it, without its authoring rules, which the small quiz does not follow)."""
    from nbgrader.apps import NbGraderAPI

    result = NbGraderAPI(config=course_config(root)).generate_assignment(assignment, force=True)
    assert result["success"], f"generate_assignment {assignment} failed:\n{result['error']}\n{result['log']}"


def build_course(root: Path) -> Path:
    """Write the course under ``root`` and generate the release; return the release notebook."""
    source = root / "solutions" / ASSIGNMENT
    source.mkdir(parents=True)
    nbformat.write(source_notebook(), str(source / f"{ASSIGNMENT}.ipynb"))
    (root / "grader" / "rubrics").mkdir(parents=True)
    (root / "grader" / "rubrics" / f"{ASSIGNMENT}.md").write_text("rubric: full marks for a clear reason\n")
    generate_release(ASSIGNMENT, root)
    return root / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def submission(release: nbformat.NotebookNode, add: str | None = "return a + b",
               mean: str | None = "return sum(xs) / len(xs)", written: str | None = None) -> nbformat.NotebookNode:
    """A trainee's notebook: the bodies of ``add`` and ``mean`` (None leaves the stub)."""
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "add" and add is not None:
            cell.source = f"def add(a, b):\n    {add}"
        elif grade_id == "mean" and mean is not None:
            cell.source = f"def mean(xs):\n    {mean}"
        elif grade_id == "explain" and written is not None:
            cell.source = written
    return nb


# The ordinary class: student -> (add body, mean body), and the points each must get (out of 5).
NORMAL_CLASS = {
    "alice": (("return a + b", "return sum(xs) / len(xs)"), 5),
    "bruno": (("return a - b", "return sum(xs) / len(xs)"), 3),
    "chen": (("return a + b", "return sorted(xs)[len(xs) // 2]"), 2),  # a median: passes the visible test only
    "dana": ((None, None), 0),
    "emil": (("return b + a", "return sum(xs) / max(len(xs), 1)"), 5),
}


def write_submission(root: Path, student: str, content, timestamp: str | None = None) -> None:
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if callable(content):
        content(folder)
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        nbformat.write(content, str(target))
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp)


def write_normal_class(root: Path, release: nbformat.NotebookNode, students=None) -> dict[str, int]:
    expected = {}
    for student, ((add, mean), points) in NORMAL_CLASS.items():
        if students is None or student in students:
            write_submission(root, student, submission(release, add, mean, written=f"{student} explains."))
            expected[student] = points
    return expected


def _probe(paths: list[str], action: str) -> str:
    """Code that tries ``action`` on each path and prints BLOCKED or LEAKED for each."""
    return (
        "import os\n"
        f"for target in {paths!r}:\n"
        "    try:\n"
        f"        {action}\n"
        "        print('LEAKED', target)\n"
        "    except OSError as error:\n"
        "        print('BLOCKED', target, type(error).__name__)\n"
    )


def _read(course: Path, relative: list[str]) -> str:
    paths = [str(course / r) for r in relative] + [f"../../../{r}" for r in relative] + [f"../{r}" for r in relative]
    return _probe(paths, "print(open(target, 'rb').read()[:200]); print(os.listdir(os.path.dirname(target) or '.'))")


# Code a hostile trainee runs. Each prints LEAKED or FOUND when it gets what it was after.
SWAP_SOCKETS = """import os, ipykernel.connect
folder = os.path.dirname(ipykernel.connect.get_connection_file())
for name in os.listdir(folder):
    path = os.path.join(folder, name)
    for action in (lambda: os.rename(path, path + '.x'), lambda: os.unlink(path),
                   lambda: os.symlink('/tmp', path + '-link')):
        try:
            action()
            print('LEAKED', name)
        except OSError as error:
            print('BLOCKED', name, type(error).__name__)
"""
HOST_VIEW = """import os
print('UID', os.getuid())
print('ENV', sorted(os.environ))
for pid in os.listdir('/proc'):
    if pid.isdigit():
        try:
            print('PROC', pid, open(f'/proc/{pid}/cmdline', 'rb').read()[:80])
            environ = open(f'/proc/{pid}/environ', 'rb').read()
            if b'CLASSGRADE' in environ or b'VIRTUAL_ENV' in environ or b'PYTEST' in environ:
                print('LEAKED environ of', pid)
        except OSError as error:
            print('BLOCKED', pid, type(error).__name__)
for target in ('/sys/fs/cgroup/pids/cgroup.procs', '/sys/fs/cgroup/cgroup.procs'):
    try:
        open(target, 'w').write(str(os.getpid()))
        print('LEAKED', target)
    except OSError as error:
        print('BLOCKED', target, type(error).__name__)
"""
# The user keyring is per uid: a secret left by one submission must not be there for the next.
KEYRING = """import ctypes, os
print('UID', os.getuid())
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
ADD_KEY, REQUEST_KEY, KEY_SPEC_USER_KEYRING = 248, 249, -4
found = libc.syscall(REQUEST_KEY, b'user', b'classgrade-secret', None, 0)
print('LEAKED keyring' if found > 0 else 'BLOCKED keyring lookup', ctypes.get_errno())
made = libc.syscall(ADD_KEY, b'user', b'classgrade-secret', b'answers', 7, KEY_SPEC_USER_KEYRING)
print('stored a key' if made > 0 else 'could not store a key', ctypes.get_errno())
"""
HOOKS = """import sys, base64
seen = []
ip = get_ipython()
ip.events.register('pre_run_cell', lambda info: seen.append(info.raw_cell))
sys.addaudithook(lambda event, args: seen.append(repr(args)[:2000]) if event in ('exec', 'compile') else None)
def tracer(frame, event, arg):
    seen.append(repr(frame.f_locals)[:500])
    return None
sys.settrace(tracer)
from IPython.display import display, update_display
display('shown first', display_id='leak')
def leak(result=None):
    text = '\\n'.join(seen)
    update_display(text, display_id='leak')
    print(text, base64.b64encode(text.encode()).decode(), text[::-1], '\\u200d'.join(text))
    print(text, file=sys.stderr)
ip.events.register('post_run_cell', leak)
"""
OUTPUT_TRICKS = """from IPython.display import display, HTML, Javascript
display({'text/plain': 'plain', 'text/html': '<script>alert(1)</script>'}, raw=True,
        metadata={'text/plain': {'isolated': True}, 'hidden-answer': 'x'})
display(HTML('<img src=x onerror="alert(1)">'))
display(Javascript('alert(1)'))
display({'image/png': '"><script>alert(1)</script>'}, raw=True)
"""
BLANK_TESTS = """ip = get_ipython()
ip.input_transformers_cleanup.append(lambda lines: ['pass\\n'])
import ast
class Nothing(ast.NodeTransformer):
    def visit_Assert(self, node):
        return None
ip.ast_transformers.append(Nothing())
"""
FIRST_OUTPUT_RESULT = """ip = get_ipython()
ip.events.register('pre_run_cell', lambda info: ip.displayhook(42))
"""
SPINNERS = """import os
for _ in range(16):
    if os.fork() == 0:
        while True:
            pass
"""
WARNINGS = """import sys, warnings
warnings.warn('this trainee writes warnings')
print('a note on stderr', file=sys.stderr)
"""
FILL_TMP = """import os
for folder in ('/tmp', '.'):
    try:
        with open(os.path.join(folder, 'fill.bin'), 'wb') as out:
            for _ in range(2048):
                out.write(b'\\0' * 2**20)
        print('LEAKED', folder)
    except OSError as error:
        print('BLOCKED', folder, type(error).__name__)
    finally:
        try:
            os.remove(os.path.join(folder, 'fill.bin'))
        except OSError:
            pass
"""
SHARED_MEMORY = """import multiprocessing as mp
def hold(_):
    block = bytearray(700 * 2**20)
    return len(block)
with mp.get_context('fork').Pool(4) as pool:
    print(pool.map(hold, range(4)))
"""
HUGE_MESSAGE = """from IPython.display import display
display({'text/plain': 'x' * (40 * 2**20)}, raw=True)
print('after the huge message')
"""


_SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def build_real_course(root: Path, kit: Path, assignment: str, students: int) -> None:
    """A course holding the kit's ``assignment`` and ``students`` submissions of it, built from its
    release: answers taken from the solution; every third trainee leaves one coded answer blank
    (trainee00 leaves the first, trainee01 answers everything)."""
    shutil.copytree(kit / "solutions" / assignment, root / "solutions" / assignment)
    release_assignment(assignment, root)  # as `make exercises` does, authoring rules included
    for source_path in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        source = nbformat.read(str(source_path), as_version=4)
        release = nbformat.read(str(root / "exercises" / assignment / source_path.name), as_version=4)
        answers = {c.metadata["nbgrader"]["grade_id"]: _SOLUTION_MARKERS.sub("", c.source)
                   for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
        # Blank only code answers that tests check (a written answer is graded by hand).
        solution_ids = sorted(c.metadata["nbgrader"]["grade_id"] for c in source.cells
                              if c.metadata.get("nbgrader", {}).get("solution")
                              and not c.metadata["nbgrader"].get("grade") and c.cell_type == "code")
        for number in range(students):
            nb = nbformat.from_dict(copy.deepcopy(release))
            blank = solution_ids[number % len(solution_ids)] if number % 3 == 0 else None
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in answers and grade_id != blank:
                    cell.source = answers[grade_id]
            folder = root / "submitted" / f"trainee{number:02d}" / assignment
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, str(folder / source_path.name))
