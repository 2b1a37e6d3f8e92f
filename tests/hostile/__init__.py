"""A small nbgrader course built in a temporary folder, and hostile or broken submissions to it.

``build_course(root)`` writes the source assignment ``quiz`` (two coded questions with visible
and hidden tests, one written answer) and runs nbgrader's generate_assignment. ``submission``
builds a trainee's notebook from the released one; ``HOSTILE`` lists the kinds of hostile or
broken submission, each a function ``(release_nb, course_root) -> notebook or bytes`` plus the
autograded points it must end with (out of 5).
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.classgrade import wire

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


def nbgrader_env() -> dict[str, str]:
    """The environment for an ``nbgrader`` command: this Python's scripts (alembic) on PATH."""
    return {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}


def build_course(root: Path) -> Path:
    """Write the course under ``root`` and generate the release; return the release notebook."""
    source = root / "solutions" / ASSIGNMENT
    source.mkdir(parents=True)
    nbformat.write(source_notebook(), str(source / f"{ASSIGNMENT}.ipynb"))
    (root / "grader" / "rubrics").mkdir(parents=True)
    (root / "grader" / "rubrics" / f"{ASSIGNMENT}.md").write_text("rubric: full marks for a clear reason\n")
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force",
                    f"--CourseDirectory.root={root}", "--log-level=ERROR"], check=True, cwd=root, env=nbgrader_env())
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


def _with_cell(nb, after: str, code: str):
    """``nb`` with a new code cell right after the cell ``after`` (a grade_id)."""
    nb = copy.deepcopy(nb)
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == after)
    nb.cells.insert(index + 1, new_code_cell(code))
    return nb


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
SEARCH_WORKING_COPY = """import os
markers = [part.replace(b'~', b'') for part in (b'HIDDEN-ADD~-NEGATIVE', b'add(-4~0, 2)', b'mean([0.5~, 1.5])')]
for top in ('.', '..', os.path.expanduser('~'), '/tmp', '/run', '/var'):
    for folder, dirs, files in os.walk(top):
        for name in files:
            try:
                text = open(os.path.join(folder, name), 'rb').read(2_000_000)
            except OSError:
                continue
            if any(marker in text for marker in markers):
                print('FOUND', os.path.join(folder, name))
print('searched')
"""
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
LYING = """class Yes(float):
    def __eq__(self, other): return True
    __ne__ = lambda self, other: False
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    def __sub__(self, other): return Yes(0)
    __rsub__ = __add__ = __radd__ = __truediv__ = __sub__
    def __abs__(self): return Yes(0)
    def __bool__(self): return True
def add(a, b):
    return Yes(0)
def mean(xs):
    return Yes(0)
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
FAKE_WIRE = """import sys, base64, json
MARK = '@@servicekit-wire@@'
def fake(message):
    print('\\n' + MARK + base64.b64encode(json.dumps(message).encode()).decode())
fake({'answers': {'add': 3, 'mean': 2}})
class Wire:
    @staticmethod
    def harvest(namespace, names):
        fake({'answers': {'add': {'function': 'add'}, 'mean': {'function': 'mean'}}})
    @staticmethod
    def call(namespace, name, payload):
        fake({'returned': 3 if name == 'add' else 2})
sys.modules['servicekit_wire'] = Wire
import builtins
real_exec = builtins.exec
def exec_(code, *args, **kwargs):
    if isinstance(code, str) and 'servicekit_wire' in code:
        return Wire.harvest(None, None)
    return real_exec(code, *args, **kwargs)
builtins.exec = exec_
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
SYMLINK_WORK = """import os
for name, target in (('quiz.ipynb', '/etc/shadow'), ('gradebook.db', '../gradebook.db'), ('feedback', '/')):
    try:
        os.symlink(target, name)
        print('made link', name)
    except OSError as error:
        print('BLOCKED', name, type(error).__name__)
"""


def _leaky_mean() -> str:
    """A mean that is right on the visible input and, on any other, raises or returns the input
    it was given: a try at carrying a hidden input back in an error message or an answer."""
    return ("if xs == [1, 2, 3]:\n        return 2\n"
            "    if len(xs) == 2:\n        raise ValueError(f'I was given {xs!r}')\n"
            "    return repr(xs)")


def _many_cells(nb, count: int, code: str):
    for _ in range(count):
        nb = _with_cell(nb, "intro", code)
    return nb


def _make_link(target: str):
    def write(folder: Path) -> None:
        (folder / f"{ASSIGNMENT}.ipynb").symlink_to(target)
    return write


def _make_fifo(folder: Path) -> None:
    os.mkfifo(folder / f"{ASSIGNMENT}.ipynb")


def _loop_and_notebook(good):
    def write(folder: Path) -> None:
        (folder / "loop").symlink_to(folder / "loop")
        (folder / "self").symlink_to(folder)
        nbformat.write(good, str(folder / f"{ASSIGNMENT}.ipynb"))
        (folder / "timestamp.txt").write_text("2000-01-01 00:00:00.000000 UTC")
    return write


@dataclass
class Kind:
    """One hostile or broken submission: what it is, the autograded points it must end with (out
    of 5), and what the kit does about it (the instructor guide's table says the same)."""

    content: object          # a notebook, raw bytes, or a function that fills the submission folder
    points: int
    rule: str


def hostile_kinds(release, course: Path) -> dict[str, Kind]:
    good = submission(release)
    rel = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    deleted = copy.deepcopy(good)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_mean"]
    duplicated = copy.deepcopy(good)
    test_add = next(c for c in duplicated.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_add")
    duplicated.cells.insert(3, copy.deepcopy(test_add))
    tampered = copy.deepcopy(submission(release, add="return a - b"))
    for cell in tampered.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "test_add":  # a failing test made ungraded and worth more
            meta.update(grade=False, points=100, checksum="0" * 32)
            cell.source = "assert True"
        if meta.get("grade_id") == "test_mean":
            meta["points"] = 50
    renamed = copy.deepcopy(submission(release, add="return 0", mean="return 0"))
    for cell in renamed.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") in ("test_add", "test_mean"):  # test cells claimed as made-up cells
            meta["grade_id"] = "mine_" + meta["grade_id"]
    retyped = copy.deepcopy(submission(release, add="return 0", mean="return 0"))
    for cell in retyped.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_add":
            cell.cell_type, cell.outputs = "markdown", None
            del cell["outputs"], cell["execution_count"]
    blank = submission(release, add=None, mean=None)
    first = lambda code, nb=good: _with_cell(nb, "intro", code)  # noqa: E731 (before any answer)
    last = lambda code, nb=good: _with_cell(nb, "test_mean", code)  # noqa: E731 (after every answer)
    probes = "outputs say BLOCKED, none LEAKED; the instructor's files are unchanged"
    return {
        # --- the 16 kinds of the first suite -------------------------------------------------
        "infinite-loop": Kind(submission(release, mean="while True:\n        pass"), 2,
                              "its mean never returns: the call is stopped at the time limit; graded again alone, flagged; add still scores"),
        "memory-bomb": Kind(first("blocks = [bytearray(64 * 2**30)]"), 5, "MemoryError in that cell"),
        "memory-creep": Kind(first("blocks = []\nwhile True:\n    blocks.append(bytearray(2**26))"), 5,
                             "stopped by the submission's memory limit; the cells after it run in a fresh kernel"),
        "fork-bomb": Kind(first("import os\nwhile True:\n    os.fork()"), 5,
                          "stopped by the submission's process limit; the cells after it run"),
        "read-gradebook": Kind(first(_read(course, ["gradebook.db"])), 5, probes),
        "read-other-trainee": Kind(first(_read(course, [f"submitted/alice/{rel}", f"autograded/alice/{rel}"])), 5, probes),
        "read-hidden-tests": Kind(first(_read(course, [f"solutions/{rel}", f"source/{rel}", f"release/{rel}"])), 5, probes),
        "overwrite-grader-files": Kind(first(_probe(
            [str(course / "gradebook.db"), str(course / "solutions" / rel), str(course / "grader" / "rubrics" / "quiz.md"),
             "../../../gradebook.db", "../../../solutions/" + rel],
            "open(target, 'w').write('overwritten')")), 5, probes),
        "network-call": Kind(first(_probe(
            ["1.1.1.1", "127.0.0.1"], "import socket; socket.create_connection((target, 53), timeout=3)")), 5,
            "no network: every connection is refused"),
        "deleted-test-cell": Kind(deleted, 5, "the test cell is put back from the source and judged"),
        "duplicate-grade-id": Kind(duplicated, 5, "the copy is an ordinary cell; flagged"),
        "invalid-json": Kind(b'{"cells": [ this is not json', 0, "set aside, graded 0, flagged for a person"),
        "huge-output": Kind(first("for i in range(300000):\n    print('spam ' * 20)"), 5,
                            "the output is cut at 200,000 characters"),
        "kernel-exits": Kind(_with_cell(good, "add", "import os\nos._exit(3)"), 3,
                             "the cells after it run in a fresh kernel (add, defined before, is lost)"),
        "tampered-metadata": Kind(tampered, 3, "points and flags are restored from the release; flagged"),
        "prints-hidden-tests": Kind(last("print('\\n'.join(In))"), 5,
                                    "the kernel never had the hidden checks: nothing to print"),
        # --- escapes ----------------------------------------------------------------------------
        "links-in-work-folder": Kind(first(SYMLINK_WORK), 5,
                                     "the work folder is a tmpfs the grader never reads back: links lead nowhere"),
        "linked-notebook": Kind(_make_link(str(course / "solutions" / rel)), 0,
                                "a link is not read (regular files only): no notebook, graded 0, flagged"),
        "linked-to-other-trainee": Kind(_make_link(str(course / "submitted" / "alice" / rel)), 0,
                                        "a link is not read: alice's work is not graded as this trainee's"),
        "fifo-notebook": Kind(_make_fifo, 0, "a named pipe is refused without waiting: graded 0, flagged"),
        "link-loop": Kind(_loop_and_notebook(good), 5,
                          "only the notebook is read (links and loops beside it are not followed); own timestamp ignored"),
        "swap-kernel-sockets": Kind(first(SWAP_SOCKETS), 5,
                                    "the socket folder is root's once the kernel is up: nothing can be swapped"),
        "host-view": Kind(first(HOST_VIEW), 5,
                          "own uid, empty environment, own process table, no /sys: no grader process or variable seen"),
        "keyring-writer": Kind(first(KEYRING), 5, "a uid of its own per submission: a key it stores is nobody else's"),
        "keyring-reader": Kind(first(KEYRING), 5, "finds no key left by another submission"),
        "search-working-copy": Kind(first(SEARCH_WORKING_COPY), 5,
                                    "the work folder holds only release files: no hidden check anywhere to find"),
        # --- leaks ------------------------------------------------------------------------------
        "hooks-capture-everything": Kind(first(HOOKS), 5,
                                         "hooks see only the trainee's cells and plain requests; what they print after "
                                         "the notebook ran is never shown; display updates are ignored"),
        "error-carries-hidden-input": Kind(submission(release, mean=_leaky_mean()), 2,
                                           "a hidden check's failure shows only the instructor's literal message"),
        "output-tricks": Kind(first(OUTPUT_TRICKS), 5, "only text and checked images are kept: no HTML, script, metadata"),
        # --- spoofing ---------------------------------------------------------------------------
        "lying-objects": Kind(_with_cell(blank, "intro", LYING), 0,
                              "answers cross as plain data: an object that lies arrives as its plain value"),
        "blank-the-tests": Kind(_with_cell(blank, "intro", BLANK_TESTS), 0,
                                "transformers change only the trainee's kernel; the checks never run there"),
        "first-output-is-a-result": Kind(_with_cell(blank, "intro", FIRST_OUTPUT_RESULT), 0,
                                         "grades come from the evaluator's verdicts, not from cell outputs"),
        "fake-answer-channel": Kind(_with_cell(submission(release, add="return 0", mean="return 0"), "test_mean", FAKE_WIRE), 0,
                                    "a faked channel can only claim answers; the checks still need right results"),
        "renamed-test-cells": Kind(renamed, 0, "unknown grade_ids lose their metadata; the real test cells are put back"),
        "test-cell-made-markdown": Kind(retyped, 0, "the cell type is restored from the source; the checks are judged"),
        # --- honest work beside hostile neighbours --------------------------------------------
        "cpu-spinners": Kind(last(SPINNERS), 5, "one CPU at most per submission: spinners slow only themselves"),
        "writes-warnings": Kind(_with_cell(good, "add", WARNINGS), 5, "warnings and stderr cost nothing"),
        # --- resources --------------------------------------------------------------------------
        "fills-tmp": Kind(first(FILL_TMP), 5, "/tmp and the work folder are capped tmpfs mounts, counted in its memory"),
        "memory-across-processes": Kind(first(SHARED_MEMORY), 5,
                                        "the memory limit is the submission's, all processes together"),
        "huge-message": Kind(first(HUGE_MESSAGE), 5, "a kernel message over 16 MB is dropped"),
        "many-printing-cells": Kind(_many_cells(good, 40, "print('y' * 190_000)"), 5,
                                    "the whole notebook keeps at most 5,000,000 characters of output"),
    }


def hostile_class(root: Path, release_path: Path) -> dict[str, Kind]:
    """Write every hostile kind as a trainee named after it; return kind -> Kind."""
    release = nbformat.read(str(release_path), as_version=4)
    kinds = hostile_kinds(release, root)
    for kind, spec in kinds.items():
        write_submission(root, kind, spec.content)
    return kinds


_SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def build_real_course(root: Path, kit: Path, assignment: str, students: int) -> None:
    """A course holding the kit's ``assignment`` and ``students`` submissions of it, built from its
    release: answers taken from the solution; every third trainee leaves one coded answer blank
    (trainee00 leaves the first, trainee01 answers everything)."""
    shutil.copytree(kit / "solutions" / assignment, root / "solutions" / assignment)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
                    f"--CourseDirectory.root={root}", "--log-level=ERROR"], check=True, cwd=root, env=nbgrader_env())
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
