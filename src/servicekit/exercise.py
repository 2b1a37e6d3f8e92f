"""Check your work: an exercise's visible tests, question by question, in plain words.

    from servicekit import exercise
    exercise.check()

is the last cell of every exercise. It reads the exercise's notebook as saved (its test cells are
read-only, so the saved file holds them as released, whatever the trainee has typed since), runs
each question's test cell on the answers in the notebook's own memory, and prints one line per
question: passed, or not yet with the test's own message ("rate is a percentage: multiply the
share by 100"), or what to run first when an answer does not exist yet. No traceback, and no
claim of success beyond what was checked: the hidden tests run only when the instructor grades.

nbgrader's Validate button is switched off in the course's JupyterLab (``setup_lab``): it prints
fixed texts of its own, and on a lesson, which has no tests, it would say "Success!".
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import traceback
from pathlib import Path

from servicekit.language import lookup, pick

#: The ``grade_id`` of the read-only cell that calls ``check()``; the grader does not run it.
CHECK_CELL = "check_your_work"
# A released exercise has no hidden tests; the instructor's source has them in these blocks, and
# "Check your work" runs there what it runs for a trainee: the visible part only.
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M)

TEXT = {
    "title": {"en": "Check your work (visible tests only: the hidden tests run when your instructor grades)",
              "zh": "检查作答（只运行可见测试；隐藏测试在讲师评分时才运行）"},
    "passed": {"en": "passed", "zh": "通过"},
    "not_yet": {"en": "not yet", "zh": "还需修改"},
    "undefined": {"en": "{name} is not defined yet: run this question's cell (and the cells above it)",
                  "zh": "还没有 {name}：请先运行本题的作答单元格（以及它上面的单元格）"},
    "unmet": {"en": "this check is not met: {line}", "zh": "这项检查没有通过：{line}"},
    "stopped": {"en": "the check stopped with {kind}: {message}", "zh": "检查运行出错（{kind}）：{message}"},
    "summary": {"en": "{passed} of {total} questions pass their visible tests.",
                "zh": "{total}道题中有{passed}道通过了可见测试。"},
    "no_notebook": {"en": "Save the exercise first: no exercise notebook was found in this folder.",
                    "zh": "请先保存练习：在当前文件夹中没有找到练习笔记本。"},
}
_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def check(notebook: str | Path | None = None, namespace: dict | None = None) -> list[tuple[str, bool, str]]:
    """Run the visible tests of ``notebook`` (default: the exercise this kernel belongs to) on the
    answers in ``namespace`` (default: the notebook's own), print one line per question and
    return ``[(question, passed, message), ...]``."""
    path = _notebook(notebook)
    if path is None:
        print(_t("no_notebook"))
        return []
    if namespace is None:
        from IPython import get_ipython

        namespace = get_ipython().user_ns
    results = [(title, *_run(source, namespace)) for title, source in _test_cells(path)]
    width = max((len(title) for title, _, _ in results), default=0)
    lines = [_t("title")]
    for title, passed, message in results:
        verdict = _t("passed") if passed else f"{_t('not_yet')}: {message}"
        lines.append(f"  {title.ljust(width)}   {verdict}")
    lines.append(_t("summary", passed=sum(p for _, p, _ in results), total=len(results)))
    print("\n".join(lines))
    return results


def _notebook(given) -> Path | None:
    if given is not None:
        return Path(given)
    # The notebook server names the notebook a kernel was started for.
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).is_file():
        return Path(session)
    graded = [p for p in sorted(Path.cwd().glob("*.ipynb")) if _test_cells(p)]
    return graded[0] if len(graded) == 1 else None


def _test_cells(path: Path) -> list[tuple[str, str]]:
    """``(question title, test code)`` of every test cell, titled by the heading above it."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return []
    found, title = [], ""
    for cell in cells:
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            english, _, chinese = source.partition("**中文**")
            headings = {code: re.search(r"^##+\s+(.+)$", text, re.M) for code, text in (("en", english), ("zh", chinese))}
            if headings["en"]:
                # "Question 1 (2 points) · Rate" -> "Question 1 · Rate"; "第1题（2分）· 满意率" -> "第1题 · 满意率"
                titles = {code: re.sub(r"\s+", " ", re.sub(r"[(（][^)）]*(points?|分)[^)）]*[)）]", " ",
                                                           (h or headings["en"]).group(1))).strip()
                          for code, h in headings.items()}
                title = pick(titles)
        elif cell.get("metadata", {}).get("nbgrader", {}).get("grade") and cell.get("cell_type") == "code":
            found.append((title or cell["metadata"]["nbgrader"].get("grade_id", "?"), HIDDEN_TESTS.sub("", source)))
    return found


def _run(source: str, namespace: dict) -> tuple[bool, str]:
    """Run one test cell; ``(passed, message)``. Its printing is not shown."""
    try:
        code = compile(source, "<test>", "exec")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(code, namespace)  # noqa: S102 (the exercise's own released tests, in the trainee's own kernel)
    except AssertionError as error:
        return False, str(error) or _t("unmet", line=_failing_line(error, source))
    except NameError as error:
        return False, _t("undefined", name=getattr(error, "name", None) or str(error))
    except Exception as error:  # noqa: BLE001 (any other failure is reported, not raised)
        return False, _t("stopped", kind=type(error).__name__, message=error)
    return True, ""


def _failing_line(error: BaseException, source: str) -> str:
    lines = source.splitlines()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == "<test>" and 0 < frame.lineno <= len(lines):
            return lines[frame.lineno - 1].strip()
    return "?"
