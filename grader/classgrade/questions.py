"""The trusted half of grading: an assignment's checks, judged on a trainee's plain answers.

An assignment is written in nbgrader's source format (``solutions/<assignment>/*.ipynb``). From
the source notebook this module reads, and keeps out of every kernel:

- the **setup**: the instructor's read-only code cells (imports, ``survey = data.load(...)``),
  run here, in the evaluator, to give the checks the data they need;
- the **questions**: each test cell (``grade: true``, not a solution) with its points, its
  visible part and the part between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``;
- each question's **answer names**: the names its checks use that the setup does not define
  (``rate``, ``mean_score``). Only these are asked of the trainee's kernel.

``judge`` runs every check here, on the answers as plain data (``wire``): a function the trainee
wrote is a ``Remote`` that sends its arguments to the sandbox and returns the plain result. All
visible checks of the notebook run before any hidden one, so no hidden input reaches the kernel
before the trainee-facing messages are written; a hidden check's message reaches the trainee only
when it is a string the instructor wrote in the check.
"""

from __future__ import annotations

import ast
import builtins
import re
import signal
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from servicekit.exercise import CHECK_CELL

from .wire import Opaque

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
HIDDEN_BLOCK = re.compile(rf"^[ \t]*{BEGIN}[^\n]*\n(.*?)^[ \t]*{END}[^\n]*\n?", re.S | re.M)
#: Seconds one part of one question may take in the evaluator (trainee calls included).
PART_SECONDS = 120


def visible_part(source: str) -> str:
    """A test cell's source without its hidden blocks (what the release shows)."""
    return HIDDEN_BLOCK.sub("", source)


def hidden_part(source: str) -> str:
    return "".join(HIDDEN_BLOCK.findall(source))


@dataclass
class Question:
    grade_id: str
    points: float
    visible: str
    hidden: str
    answers: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    """One question's outcome: ``passed``; ``detail`` for the instructor (it may quote a hidden
    check), ``message`` for the trainee (never a hidden check's code or inputs)."""

    grade_id: str
    passed: bool
    message: str
    detail: str


@dataclass
class Checks:
    """What the evaluator knows of one notebook of an assignment."""

    setup: list[str]
    questions: list[Question]
    trusted_cells: dict[str, str]   # grade_id -> source, of every read-only cell of the source

    @classmethod
    def from_source(cls, path) -> "Checks":
        nb = nbformat.read(str(path), as_version=4)
        setup, questions, trusted = [], [], {}
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if meta.get("locked") and grade_id and not meta.get("grade"):
                trusted[grade_id] = cell.source
            if cell.cell_type != "code":
                continue
            if meta.get("grade") and not meta.get("solution"):
                questions.append(Question(grade_id, float(meta.get("points", 0)),
                                          visible_part(cell.source), hidden_part(cell.source)))
            elif meta.get("locked") and not meta.get("solution") and grade_id != CHECK_CELL:
                setup.append(cell.source)  # ("Check your work" is the trainee's, not a setup)
        checks = cls(setup, questions, trusted)
        for source in setup:
            _refuse_hidden_names(source, path)
        defined = checks.setup_names()
        for question in questions:
            question.answers = free_names(question.visible + "\n" + question.hidden, defined)
        return checks

    @property
    def test_ids(self) -> set[str]:
        return {q.grade_id for q in self.questions}

    @property
    def answer_names(self) -> list[str]:
        return sorted({name for q in self.questions for name in q.answers})

    def setup_names(self) -> set[str]:
        names = set()
        for source in self.setup:
            names |= assigned_names(_python(source))
        return names

    def run_setup(self) -> dict:
        """The namespace the checks start from: the setup cells, run here."""
        namespace = {"__name__": "__checks__", "get_ipython": _NoIPython}
        for source in self.setup:
            exec(compile(_python(source), "<setup>", "exec"), namespace)  # noqa: S102 (the instructor's code)
        return namespace

    def judge(self, answers: dict, call) -> dict[str, Verdict]:
        """Every question's verdict. ``answers``: name -> plain value or ``Opaque``; ``call(name,
        args, kwargs)`` runs the trainee's function ``name`` in the sandbox."""
        setup = self.run_setup()
        spaces, verdicts = {}, {}
        for question in self.questions:  # every visible part first, then every hidden part
            # The setup's names are the instructor's: an answer never replaces one.
            bound = {name: value for name, value in _bind(question.answers, answers, call).items() if name not in setup}
            spaces[question.grade_id] = space = {**setup, **bound}
            verdicts[question.grade_id] = _run_part(question, question.visible, space, hidden=False)
        for question in self.questions:
            if verdicts[question.grade_id].passed and question.hidden.strip():
                verdicts[question.grade_id] = _run_part(question, question.hidden, spaces[question.grade_id], hidden=True)
        return verdicts


class _NoIPython:
    """``get_ipython()`` in the evaluator: magics of the setup cells do nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _python(source: str) -> str:
    """Cell source as plain Python (``%matplotlib inline`` and the like become calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _refuse_hidden_names(source: str, path) -> None:
    """A setup cell must define its names where they can be read: a star import, ``exec``,
    ``%run`` or ``globals()`` would define names the checks use without the grader knowing, and
    those would then be asked of the trainee's kernel."""
    code = _python(source)
    tree = ast.parse(code)
    for node in ast.walk(tree):
        star = isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
        dynamic = isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("exec", "eval", "globals", "vars")
        magic = isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("run_line_magic", "run_cell_magic")
        if star or dynamic or magic:
            raise ValueError(f"{Path(path).name}: a read-only setup cell uses {ast.unparse(node)[:60]!r}; "
                             "import names one by one (from x import a, b) so the checks know where they come from")


def assigned_names(code: str) -> set[str]:
    tree = ast.parse(code)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def free_names(code: str, defined: set[str]) -> list[str]:
    """Names the checks read that neither they, the setup nor Python's builtins define."""
    code = _python(code)
    tree = ast.parse(code)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return sorted(used - assigned_names(code) - defined - set(dir(builtins)))


class TraineeError(Exception):
    """The trainee's function raised an exception the evaluator has no class for."""


# The built-in exceptions a trainee's function may raise in a check, as themselves (so that
# ``except ValueError`` works). Not those that steer Python's own control flow: a StopIteration
# would quietly end the check's own loop (``for x in map(f, ...)``), and a warning is not an error.
_KNOWN_ERRORS = {name: getattr(builtins, name) for name in dir(builtins)
                 if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), Exception)
                 and not issubclass(getattr(builtins, name), (StopIteration, StopAsyncIteration, Warning))}


class Remote:
    """The trainee's function: called here, it runs in the sandbox on plain copies of the
    arguments and returns a plain result (or raises an exception of a built-in class)."""

    def __init__(self, name: str, call):
        self.__name__ = name
        self._call = call

    def __call__(self, *args, **kwargs):
        outcome = self._call(self.__name__, args, kwargs)
        if "returned" in outcome:
            return outcome["returned"]
        kind = _KNOWN_ERRORS.get(outcome.get("raised"), TraineeError)
        error = kind(outcome.get("message", ""))
        error.from_trainee = f"{self.__name__} raised {outcome.get('raised', 'an error')}"
        raise error

    def __repr__(self):
        return f"<the trainee's function {self.__name__}>"


def _bind(names: list[str], answers: dict, call) -> dict:
    bound = {}
    for name in names:
        if name not in answers:
            continue
        value = answers[name]
        if isinstance(value, Opaque) and value.kind == "function":
            value = Remote(name, call)
        bound[name] = value
    return bound


class _PartTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    def stop(signum, frame):
        raise _PartTimeout()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_part(question: Question, code: str, space: dict, hidden: bool) -> Verdict:
    """Run one part of a question's checks, statement by statement; the first failure decides."""
    ok = Verdict(question.grade_id, True, "All checks passed.", "")
    if not code.strip():
        return ok
    for name in question.answers:
        value = space.get(name)
        if isinstance(value, Opaque) and value.kind == "unsupported":
            text = (f"`{name}` is a {value.name}, which the grader cannot read: store a number, "
                    "text, a list, a dict or a table")
            return Verdict(question.grade_id, False, text, text)
    tree = ast.parse(_python(code))
    try:
        with _time_limit(PART_SECONDS):
            for statement in tree.body:
                try:
                    exec(compile(ast.Module([statement], []), f"<{question.grade_id}>", "exec"), space)  # noqa: S102
                except _PartTimeout:
                    raise
                except Exception as error:  # the trainee's answers failed this statement
                    return _failure(question, statement, error, hidden)
    except _PartTimeout:
        text = f"the checks did not finish within {PART_SECONDS} s"
        return Verdict(question.grade_id, False, text, text)
    return ok


def _instructor_messages(statement: ast.stmt) -> set[str]:
    """The messages an instructor wrote in ``statement``: ``assert x, "..."`` and
    ``raise AssertionError("...")`` with a string literal."""
    found = set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Assert) and isinstance(node.msg, ast.Constant) and isinstance(node.msg.value, str):
            found.add(node.msg.value)
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and getattr(node.exc.func, "id", None) == "AssertionError"
                and node.exc.args and isinstance(node.exc.args[0], ast.Constant) and isinstance(node.exc.args[0].value, str)):
            found.add(node.exc.args[0].value)
    return found


def _failure(question: Question, statement: ast.stmt, error: Exception, hidden: bool) -> Verdict:
    line = ast.unparse(statement).splitlines()[0][:200]
    detail = f"{'hidden' if hidden else 'visible'} check failed: {line} ({type(error).__name__}: {str(error)[:300]})"
    if isinstance(error, NameError) and getattr(error, "name", None) in question.answers:
        message = f"`{error.name}` is not defined: run the cell that computes it, and keep its name"
    elif hidden:
        # Only a message the instructor wrote: the literal of an assert's message, or of a
        # ``raise AssertionError("...")``, raised by the check itself. Anything else might carry
        # a hidden input back (a function can return or raise any text it was given).
        written = ""
        if isinstance(error, AssertionError) and not getattr(error, "from_trainee", None):
            written = str(error) if str(error) in _instructor_messages(statement) else ""
        message = "A hidden check failed" + (f": {written}" if written else ".")
    elif getattr(error, "from_trainee", None):
        message = f"{error.from_trainee}: {str(error)[:300]}" if str(error) else error.from_trainee
        message += f"\n  in the check: {line}"
    elif isinstance(error, AssertionError):
        message = str(error) or f"This check failed: {line}"
    else:
        message = f"This check failed with {type(error).__name__}: {str(error)[:300]}\n  in the check: {line}"
    return Verdict(question.grade_id, False, message, detail)
